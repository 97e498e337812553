"""Shared fixtures: the bundled fact base, loaded once; a PostgreSQL server for the tests
that run on both storage backends."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import BUNDLED_FACTS
from bot.knowledge.answer import Answerer
from bot.knowledge.loader import load
from bot.knowledge.model import KnowledgeBase
from bot.storage import Store, open_storage
from tests.pgserver import Cluster, External, binaries


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load(BUNDLED_FACTS)


@pytest.fixture(scope="session", autouse=True)
def answerer(kb: KnowledgeBase) -> Answerer:
    """Built before any test, so the bundled phrasings are encoded once, in this process,
    and the `yutu` subprocesses of the tests find them in the vector cache."""
    return Answerer(kb)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Cluster | External]:
    """YUTU_TEST_POSTGRES_URL's server, else a throwaway cluster (skips without binaries).

    `create_database()` gives each test a fresh, empty database's URL.
    """
    url = os.environ.get("YUTU_TEST_POSTGRES_URL")
    if url:
        yield External(url)
        return
    if binaries() is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql) and "
                    "YUTU_TEST_POSTGRES_URL is not set")  # fmt: skip
    cluster = Cluster.start(fsync=False)
    try:
        yield cluster
    finally:
        cluster.stop()


class Backend:
    """One storage backend under test: where its database is, and an independent reader."""

    name = "sqlite"

    def __init__(self, target: Path | str) -> None:
        self.target = target

    async def open(self, **options: Any) -> Store:
        return await open_storage(self.target, **options)

    async def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Read through a connection that shares nothing with the storage under test."""
        assert isinstance(self.target, Path)
        with contextlib.closing(sqlite3.connect(self.target)) as conn:
            return conn.execute(sql, params).fetchall()


class PostgresBackend(Backend):
    name = "postgres"

    async def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        import asyncpg

        numbered = iter(range(1, len(params) + 1))
        sql = re.sub(r"\?", lambda _: f"${next(numbered)}", sql)
        conn = await asyncpg.connect(str(self.target))
        try:
            return [tuple(row) for row in await conn.fetch(sql, *params)]
        finally:
            await conn.close()


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Each storage test runs on an SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return Backend(tmp_path / "yutu.db")
    server = request.getfixturevalue("pg_server")
    return PostgresBackend(server.create_database())
