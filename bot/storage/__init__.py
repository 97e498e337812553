"""Persistence for Yutu: every SQL statement of the project lives in this package.

Two backends behind one interface (`interface.Store`): `Storage`, one SQLite file (the
default), and `postgres.PostgresStorage`, a PostgreSQL server shared by several processes.
`open_storage` picks one from what `YUTU_DATABASE` holds: a path or a postgresql:// URL.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from bot.storage.database import Storage
from bot.storage.interface import Store, shard_of
from bot.storage.models import GameRecord, GuildSettings, LeaderRow, PlayerStats, Report

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(target: Path | str) -> bool:
    """Whether a database setting names a PostgreSQL server rather than an SQLite file."""
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


async def open_storage(
    target: Path | str,
    *,
    exclusive: bool = False,
    readonly: bool = False,
    shards: Collection[int] | None = None,
) -> Store:
    """Open the database `target` names, or raise StorageError saying why not (one line).

    With `exclusive`, claim it for this process: the whole SQLite file, or on PostgreSQL
    the gateway `shards` this process serves (every shard when None), so that no two
    processes mark each other's games interrupted. With `readonly`, only look.
    """
    if is_postgres(target):
        from bot.storage.postgres import PostgresStorage

        assert isinstance(target, str)
        return await PostgresStorage.open(
            target, exclusive=exclusive, readonly=readonly, shards=shards
        )
    return await Storage.open(target, exclusive=exclusive, readonly=readonly)


__all__ = [
    "GameRecord",
    "GuildSettings",
    "LeaderRow",
    "PlayerStats",
    "Report",
    "Storage",
    "Store",
    "is_postgres",
    "open_storage",
    "shard_of",
]
