"""Scores, games, settings and reports in PostgreSQL, through an asyncpg connection pool.

The same public methods and guarantees as the SQLite `Storage`, for running Yutu as
several processes (one per range of gateway shards) on one database:

- every write is one transaction on a pooled connection, committed before the call
  returns (PostgreSQL's default `synchronous_commit = on` makes that durable);
- awards are group-committed: those queued while a batch commits share the next one
  (one INSERT of all the rows and one upsert of the players' totals);
- opening checks everything first (server reachable, credentials, database, schema not
  newer than this Yutu, not another program's tables) and writes nothing when it refuses;
  then the numbered scripts in `pg_migrations/` run under an advisory lock, tracked in
  the `yutu_schema` table;
- an error at run time (server gone, connection lost) is a StorageError naming the
  server; the pool opens fresh connections once the server is back, so nothing needs a
  restart;
- with `exclusive`, a process claims its shards (advisory locks held on one connection,
  taken again after a server restart) so two processes never mark each other's games
  interrupted.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
import socket
from collections.abc import AsyncIterator, Collection
from dataclasses import fields
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import asyncpg

from bot.errors import StorageError
from bot.storage import pg_queries as q
from bot.storage.batching import GroupCommit
from bot.storage.models import (
    ALREADY_PICKED,
    DAY_OVER,
    PERIODS,
    PICKED,
    DailyPost,
    DailySettings,
    DailyStreak,
    GameRecord,
    GuildSettings,
    LeaderRow,
    PackInfo,
    PlayerStats,
    Report,
    check_status,
)
from bot.storage.opening import numbered_scripts

log = logging.getLogger(__name__)

LOCK_CLASS = 0x59757475  # "Yutu": the first key of every advisory lock Yutu takes
ALL_SHARDS = -1  # the second key a process serving every shard locks exclusively
CONNECT_TIMEOUT = 5.0  # seconds to reach the server when opening a connection
COMMAND_TIMEOUT = 30.0  # seconds a statement may take before it counts as a failure
POOL_SIZE = 10
CLAIM_CHECK_INTERVAL = 10.0  # seconds between checks that the shard claims are still held

CONNECTION_ERRORS = (
    OSError,  # refused, reset, unreachable, unknown host
    TimeoutError,
    asyncpg.InterfaceError,  # the connection is closed or in a bad state
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.InternalClientError,  # e.g. the server ended the session between two statements
)
ERRORS = (*CONNECTION_ERRORS, asyncpg.PostgresError)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is not None:
        host = parts.netloc.rsplit("@", 1)[-1]
        url = url.replace(parts.netloc, f"{parts.netloc.split(':', 1)[0]}:***@{host}", 1)
    return re.sub(r"([?&]password=)[^&]*", r"\1***", url)


def _where(url: str) -> tuple[str, str, str]:
    """(database, server, user) as named in the URL, for messages."""
    parts = urlsplit(url)
    database = unquote(parts.path.lstrip("/")) or (parts.username or "(default)")
    host = parts.hostname or "localhost"
    query_host = re.search(r"(?:^|&)host=([^&]+)", parts.query)
    if query_host:
        host = unquote(query_host[1])
    server = f"{host}:{parts.port or 5432}"
    return database, server, unquote(parts.username or "") or "(default user)"


def describe_open(url: str, exc: BaseException) -> StorageError:
    """One line saying why the database at `url` cannot be opened."""
    database, server, user = _where(url)
    detail = " ".join(str(exc).split()) or type(exc).__name__
    shown = redact(url)
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return StorageError(
            f"PostgreSQL database {database!r} does not exist on {server}; create it "
            f"(createdb -O {user} {database}) or fix YUTU_DATABASE ({shown})"
        )
    if isinstance(
        exc, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError
    ):
        return StorageError(
            f"PostgreSQL on {server} refused user {user!r}: {detail}; check the user and "
            f"password in YUTU_DATABASE ({shown})"
        )
    if isinstance(exc, socket.gaierror):
        return StorageError(f"cannot reach PostgreSQL at {server}: unknown host ({shown})")
    if isinstance(exc, TimeoutError):
        return StorageError(f"cannot reach PostgreSQL at {server}: timed out ({shown})")
    if isinstance(exc, OSError | asyncpg.CannotConnectNowError):
        return StorageError(
            f"cannot reach PostgreSQL at {server}: {detail} (is the server running? {shown})"
        )
    if isinstance(exc, asyncpg.ClientConfigurationError | ValueError):
        return StorageError(f"YUTU_DATABASE is not a usable PostgreSQL URL ({shown}): {detail}")
    return StorageError(f"cannot open PostgreSQL database {database!r} on {server}: {detail}")


@functools.cache
def migrations() -> tuple[tuple[int, str, str], ...]:
    """The bundled PostgreSQL migrations as (number, file name, SQL), numbered 1, 2, 3, ..."""
    return numbered_scripts("pg_migrations")


async def _schema_version(conn: asyncpg.Connection, where: str) -> int:
    """The schema version, 0 for an empty database; refuses foreign or newer ones."""
    tables = {row[0] for row in await conn.fetch(q.TABLES)}
    known = len(migrations())
    if q.SCHEMA_TABLE not in tables:
        if tables:
            raise StorageError(
                f"{where} is not a Yutu database: it holds another program's tables "
                f"({', '.join(sorted(tables)[:3])}...); use an empty database"
            )
        return 0
    version = int(await conn.fetchval(q.SCHEMA_VERSION))
    if version > known:
        raise StorageError(
            f"{where} was made by a newer Yutu (schema version {version}, this Yutu knows "
            f"up to {known}); upgrade Yutu or choose another database"
        )
    return version


async def migrate(conn: asyncpg.Connection, where: str) -> int:
    """Bring the schema up to date in one transaction; returns the version."""
    steps = migrations()
    async with conn.transaction():
        await conn.execute(q.MIGRATION_LOCK, LOCK_CLASS)  # one process migrates at a time
        version = await _schema_version(conn, where)
        if version == len(steps):
            return version
        if version == 0:
            await conn.execute(q.CREATE_SCHEMA_TABLE)
        for number, _, script in steps[version:]:
            await conn.execute(script)
            await conn.execute(q.RECORD_VERSION, number)
    return len(steps)


def _days(period: str) -> int | None:
    if period not in PERIODS:
        raise ValueError(f"unknown leaderboard period {period!r}; use one of {list(PERIODS)}")
    return PERIODS[period]


def _since(period: str, now: float) -> float:
    days = _days(period)
    return float("-inf") if days is None else now - 86400 * days


def _count(status: str) -> int:
    """The row count of an asyncpg command status such as 'DELETE 3'."""
    return int(status.rsplit(" ", 1)[-1])


_GAME_FIELDS = {f.name for f in fields(GameRecord)}


def _game_record(row: asyncpg.Record, scores: dict[int, int]) -> GameRecord:
    values = dict(row)
    if "stopped_by" not in _GAME_FIELDS:  # until GameRecord carries who stopped the game
        values.pop("stopped_by")
    return GameRecord(**values, scores=scores)


class ShardClaim:
    """Advisory locks, held on one dedicated connection, on the shards a process serves.

    The server drops the locks with that connection (a restart, a network cut), so a task
    checks it every CLAIM_CHECK_INTERVAL seconds and takes the locks again once the server
    answers; if another process took a shard meanwhile, that is logged as an error.
    """

    def __init__(
        self, url: str, where: str, shards: Collection[int] | None, conn: asyncpg.Connection
    ) -> None:
        self._url, self._where, self._shards = url, where, shards
        self._conn: asyncpg.Connection | None = conn
        self._watcher = asyncio.create_task(self._watch())

    @classmethod
    async def take(cls, url: str, where: str, shards: Collection[int] | None) -> ShardClaim:
        return cls(url, where, shards, await cls._lock(url, where, shards))

    @staticmethod
    async def _lock(url: str, where: str, shards: Collection[int] | None) -> asyncpg.Connection:
        conn = await asyncpg.connect(url, timeout=CONNECT_TIMEOUT)
        try:
            busy = None
            if shards is None:
                if not await conn.fetchval(q.TRY_LOCK, LOCK_CLASS, ALL_SHARDS):
                    busy = "another running Yutu serves some of its shards"
            elif not await conn.fetchval(q.TRY_LOCK_SHARED, LOCK_CLASS, ALL_SHARDS):
                busy = "another running Yutu serves every shard"
            else:
                for shard in sorted(shards):
                    if not await conn.fetchval(q.TRY_LOCK, LOCK_CLASS, shard):
                        busy = f"another running Yutu serves shard {shard}"
                        break
            if busy:
                raise StorageError(
                    f"{where} is in use: {busy}; give each process its own shards "
                    "(yutu run --shards A-B --shard-count N) or stop the other one first"
                )
        except BaseException:
            with contextlib.suppress(*ERRORS):
                await conn.close(timeout=2)
            raise
        return conn

    async def _watch(self) -> None:
        lost, refused = False, ""
        while True:
            await asyncio.sleep(CLAIM_CHECK_INTERVAL)
            try:
                if self._conn is not None:
                    await self._conn.fetchval("SELECT 1", timeout=CONNECT_TIMEOUT)
                    continue
            except ERRORS:
                self._conn.terminate()
                self._conn = None
            if not lost:
                log.warning("lost the shard claims on %s with its connection; taking them "
                            "again once the server answers", self._where)  # fmt: skip
                lost = True
            try:
                self._conn = await self._lock(self._url, self._where, self._shards)
            except StorageError as exc:
                if str(exc) != refused:  # said once, not every check
                    log.error("could not take the shard claims again: %s", exc)
                    refused = str(exc)
            except ERRORS:
                continue  # the server is still away
            else:
                log.warning("shard claims on %s held again", self._where)
                lost, refused = False, ""

    @property
    def held(self) -> bool:
        """Whether the connection holding the locks is (as far as known) alive."""
        return self._conn is not None and not self._conn.is_closed()

    async def release(self) -> None:
        self._watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._watcher
        if self._conn is not None:
            with contextlib.suppress(*ERRORS):
                await self._conn.close(timeout=2)
            self._conn = None


class PostgresStorage:
    """The bot's database on a PostgreSQL server. Get one with `await PostgresStorage.open(url)`."""

    def __init__(self, pool: asyncpg.Pool, url: str, *, claim: ShardClaim | None = None) -> None:
        self._pool = pool
        self._claim = claim
        self._awards_lock = asyncio.Lock()
        self._awards = GroupCommit(self._commit_awards, self._awards_lock)
        self._closed = False
        self.url = redact(url)
        database, server, _ = _where(url)
        self.where = f"PostgreSQL database {database!r} on {server}"

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        exclusive: bool = False,
        readonly: bool = False,
        shards: Collection[int] | None = None,
        pool_size: int = POOL_SIZE,
    ) -> PostgresStorage:
        """Connect, check and migrate, or raise StorageError (one line) saying why not.

        With `exclusive`, claim `shards` (every shard when None) for this process. With
        `readonly`, only look: nothing is created or migrated, and no write is allowed.
        """
        database, server, _ = _where(url)
        where = f"PostgreSQL database {database!r} on {server}"
        try:
            first = await asyncpg.connect(url, timeout=CONNECT_TIMEOUT)
        except (*ERRORS, ValueError) as exc:
            raise describe_open(url, exc) from None
        try:
            if readonly:
                if not await _schema_version(first, where):
                    raise StorageError(f"{where} holds no Yutu data yet")
            else:
                await migrate(first, where)
        except ERRORS as exc:
            raise describe_open(url, exc) from None
        finally:
            with contextlib.suppress(*ERRORS):
                await first.close(timeout=2)
        claim = None
        try:
            if exclusive and not readonly:
                claim = await ShardClaim.take(url, where, shards)
            settings = {"default_transaction_read_only": "on"} if readonly else {}
            pool = await asyncpg.create_pool(
                url,
                min_size=1,
                max_size=pool_size,
                timeout=CONNECT_TIMEOUT,
                command_timeout=COMMAND_TIMEOUT,
                server_settings={"application_name": "yutu", **settings},
            )
        except ERRORS as exc:
            if claim is not None:
                await claim.release()
            raise describe_open(url, exc) from None
        except BaseException:
            if claim is not None:
                await claim.release()
            raise
        return cls(pool, url, claim=claim)

    async def close(self) -> None:
        await self._awards.drain()
        if self._closed:
            return
        self._closed = True
        try:
            await asyncio.wait_for(self._pool.close(), 10)
        except (TimeoutError, *ERRORS):
            self._pool.terminate()
        if self._claim is not None:
            await self._claim.release()

    async def __aenter__(self) -> PostgresStorage:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    def _error(self, exc: BaseException, doing: str) -> StorageError:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        if isinstance(exc, CONNECTION_ERRORS):
            return StorageError(f"lost the connection to {self.where}: {detail}")
        return StorageError(f"cannot {doing} {self.where}: {detail}")

    @contextlib.asynccontextmanager
    async def _read(self) -> AsyncIterator[asyncpg.Connection]:
        if self._closed:
            raise StorageError(f"{self.where} is already closed")
        try:
            async with self._pool.acquire() as conn:
                yield conn
        except ERRORS as exc:
            raise self._error(exc, "read") from exc

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[asyncpg.Connection]:
        """One committed transaction; rolled back on any error, cancellation included."""
        if self._closed:
            raise StorageError(f"{self.where} is already closed")
        try:
            async with self._pool.acquire() as conn, conn.transaction():
                yield conn
        except ERRORS as exc:
            raise self._error(exc, "save to") from exc

    # games

    async def start_game(
        self, guild_id: int, channel_id: int, *, mode: str, topics: str, started_at: float
    ) -> int:
        async with self._write() as db:
            return int(
                await db.fetchval(q.INSERT_GAME, guild_id, channel_id, mode, topics, started_at)
            )

    async def award(
        self,
        game_id: int,
        guild_id: int,
        user_id: int,
        user_name: str,
        question_id: str,
        points: int,
        at: float,
        streak: int,
    ) -> None:
        """Record a correct answer and update the player's totals; committed on return.

        Awards from concurrent callers are committed together (group commit); a game
        that is unknown, already over or in another server raises ValueError.
        """
        if self._closed:
            raise StorageError(f"{self.where} is already closed")
        award = (game_id, guild_id, user_id, user_name, question_id, points, at, streak)
        await self._awards.submit(award)

    async def _commit_awards(self, awards: list[tuple[Any, ...]]) -> list[Exception | None]:
        async with self._write() as db:
            wanted = sorted({award[0] for award in awards})
            running = {(row[0], row[1]) for row in await db.fetch(q.RUNNING_OF, wanted)}
            valid = [award for award in awards if (award[0], award[1]) in running]
            if valid:
                games, guilds, users, _, questions, points, ats, _ = zip(*valid, strict=True)
                await db.execute(q.INSERT_AWARDS, games, guilds, users, questions, points, ats)
                totals: dict[tuple[int, int], list[Any]] = {}
                for _, guild, user, name, _, gained, at, streak in valid:
                    row = totals.setdefault((guild, user), [name, 0, 0, streak, at])
                    row[0] = name  # the latest name wins, as award by award
                    row[1] += gained
                    row[2] += 1
                    row[3], row[4] = max(row[3], streak), max(row[4], at)
                keys = sorted(totals)
                columns = list(zip(*(totals[key] for key in keys), strict=True))
                await db.execute(
                    q.UPSERT_PLAYERS, [g for g, _ in keys], [u for _, u in keys], *columns
                )
        return [
            None
            if (award[0], award[1]) in running
            else ValueError(f"game {award[0]} is not a running game in server {award[1]}")
            for award in awards
        ]

    async def record_asked(
        self, guild_id: int, channel_id: int, question_id: str, at: float
    ) -> None:
        async with self._write() as db:
            await db.execute(q.INSERT_ASKED, guild_id, channel_id, question_id, at)
            await db.execute(q.PRUNE_ASKED, channel_id)

    async def recent_questions(self, channel_id: int, limit: int = 50) -> list[str]:
        """Distinct question ids recently asked in the channel, most recent first."""
        async with self._read() as db:
            rows = await db.fetch(q.RECENT_QUESTIONS, channel_id, limit)
        return [row[0] for row in rows]

    async def finish_game(
        self, game_id: int, status: str, ended_at: float, stopped_by: int | None = None
    ) -> None:
        """End a game once: every player who scored in it played it; top scorers won it
        (only when completed). Finishing an already finished game changes nothing."""
        check_status(status)
        async with self._write() as db:
            finished = await self._finish(db, game_id, status, ended_at, stopped_by)
            if not finished and await db.fetchval(q.GAME_EXISTS, game_id) is None:
                raise ValueError(f"no game {game_id}")

    async def mark_interrupted(
        self, now: float, *, shards: Collection[int] | None = None, shard_count: int = 1
    ) -> int:
        """At start-up: end every game of these shards (all when None) left running by a
        crash; awarded points stay."""
        wanted = None if shards is None else sorted(shards)
        async with self._write() as db:
            ids = [row[0] for row in await db.fetch(q.RUNNING_IN_SHARDS, wanted, shard_count)]
            for game_id in ids:
                await self._finish(db, game_id, "interrupted", now, None)
        return len(ids)

    @staticmethod
    async def _finish(
        db: asyncpg.Connection, game_id: int, status: str, at: float, stopped_by: int | None
    ) -> bool:
        if _count(await db.execute(q.FINISH, game_id, status, at, stopped_by)) == 0:
            return False
        totals = await db.fetch(q.GAME_TOTALS, game_id)
        if totals:
            await db.execute(q.COUNT_PLAYED, [row[0] for row in totals], [row[1] for row in totals])
        top = max((row[2] for row in totals), default=0)
        if status == "completed" and top > 0:
            winners = [row for row in totals if row[2] == top]
            await db.execute(q.COUNT_WON, [row[0] for row in winners], [row[1] for row in winners])
        return True

    # leaderboards and stats

    async def leaderboard(
        self, guild_id: int, period: str = "all", *, now: float, limit: int = 10
    ) -> list[LeaderRow]:
        """Top players. "week" and "month" count awards from the last 7 and 30 days
        (at >= now - days); "all" uses the running totals."""
        sql = q.leaderboard(_days(period))
        async with self._read() as db:
            rows = await db.fetch(sql, guild_id, _since(period, now), limit)
        return [LeaderRow(*row) for row in rows]

    async def rank_of(
        self, guild_id: int, user_id: int, period: str = "all", *, now: float
    ) -> LeaderRow | None:
        sql = q.rank_of(_days(period))
        async with self._read() as db:
            row = await db.fetchrow(sql, guild_id, _since(period, now), user_id)
        return LeaderRow(*row) if row else None

    async def player_stats(self, guild_id: int, user_id: int) -> PlayerStats | None:
        async with self._read() as db:
            row = await db.fetchrow(q.PLAYER_STATS, guild_id, user_id)
        return PlayerStats(*row) if row else None

    async def game(self, game_id: int) -> GameRecord | None:
        async with self._read() as db:
            row = await db.fetchrow(q.GAME, game_id)
            totals = await db.fetch(q.GAME_TOTALS, game_id)
        if row is None:
            return None
        return _game_record(row, {user: points for _, user, points in totals})

    async def reset_scores(self, guild_id: int) -> int:
        """Forget a server's scores (totals and awards); returns how many players had some."""
        async with self._write() as db:
            await db.execute(q.DELETE_AWARDS, guild_id)
            await db.execute(q.DELETE_STREAKS, guild_id)
            return _count(await db.execute(q.DELETE_PLAYERS, guild_id))

    # per-server settings

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        async with self._read() as db:
            row = await db.fetchrow(q.GUILD_SETTINGS, guild_id)
            channels = await db.fetch(q.GUILD_CHANNELS, guild_id)
        if row is None:
            return GuildSettings()
        return GuildSettings(*row, channels=frozenset(r[0] for r in channels))

    async def save_guild_settings(self, guild_id: int, settings: GuildSettings) -> None:
        async with self._write() as db:
            await db.execute(
                q.SAVE_SETTINGS, guild_id, settings.questions, settings.time_limit, settings.mode
            )
            await db.execute(q.DELETE_CHANNELS, guild_id)
            await db.executemany(
                q.INSERT_CHANNEL, [(guild_id, channel) for channel in sorted(settings.channels)]
            )

    # reports of wrong or unclear questions

    async def add_report(
        self,
        *,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        question_id: str,
        reason: str,
        at: float,
    ) -> int:
        async with self._write() as db:
            return int(
                await db.fetchval(
                    q.INSERT_REPORT, guild_id, channel_id, user_id, question_id, reason, at
                )
            )

    async def reports(self, limit: int = 100) -> list[Report]:
        """The most recent reports first."""
        async with self._read() as db:
            rows = await db.fetch(q.REPORTS, limit)
        return [Report(*row) for row in rows]

    # the daily question (see the SQLite twin for what each call means)

    async def daily_settings(self, guild_id: int) -> DailySettings | None:
        async with self._read() as db:
            row = await db.fetchrow(q.DAILY_SETTINGS, guild_id)
        return DailySettings(*row) if row else None

    async def daily_enabled(self) -> list[tuple[int, DailySettings]]:
        async with self._read() as db:
            rows = await db.fetch(q.DAILY_ENABLED)
        return [(row[0], DailySettings(*row[1:])) for row in rows]

    async def save_daily_settings(self, guild_id: int, settings: DailySettings) -> None:
        async with self._write() as db:
            await db.execute(q.SAVE_DAILY, guild_id, settings.channel_id, settings.post_minute,
                             settings.by_weekday, settings.enabled)  # fmt: skip

    async def claim_daily(
        self, guild_id: int, day: str, question_id: str, channel_id: int, at: float
    ) -> DailyPost:
        async with self._write() as db:
            await db.execute(q.CLAIM_DAILY, guild_id, day, question_id, channel_id, at)
            row = await db.fetchrow(q.DAILY_POST, guild_id, day)
        return DailyPost(*row)

    async def set_daily_message(self, guild_id: int, day: str, message_id: int) -> None:
        async with self._write() as db:
            await db.execute(q.SET_DAILY_MESSAGE, guild_id, day, message_id)

    async def daily_post(self, guild_id: int, day: str) -> DailyPost | None:
        async with self._read() as db:
            row = await db.fetchrow(q.DAILY_POST, guild_id, day)
        return DailyPost(*row) if row else None

    async def open_daily(self, guild_id: int) -> list[DailyPost]:
        async with self._read() as db:
            rows = await db.fetch(q.OPEN_DAILY, guild_id)
        return [DailyPost(*row) for row in rows]

    async def daily_used(self, guild_id: int) -> list[str]:
        async with self._read() as db:
            rows = await db.fetch(q.DAILY_USED, guild_id)
        return [row[0] for row in rows]

    async def daily_pick(
        self, guild_id: int, day: str, user_id: int, name: str, choice: int, correct: bool,
        at: float,
    ) -> str:  # fmt: skip
        async with self._write() as db:
            post = await db.fetchrow(q.DAILY_CLOSED_AT, guild_id, day)
            if post is None or post[0] is not None:
                return DAY_OVER
            done = await db.execute(q.INSERT_PICK, guild_id, day, user_id, name, choice,
                                    correct, at)  # fmt: skip
        return PICKED if _count(done) else ALREADY_PICKED

    async def daily_picks(self, guild_id: int, day: str) -> list[tuple[int, int, bool]]:
        async with self._read() as db:
            rows = await db.fetch(q.DAILY_PICKS, guild_id, day)
        return [(row[0], row[1], bool(row[2])) for row in rows]

    async def close_daily(self, guild_id: int, day: str, at: float) -> bool:
        async with self._write() as db:
            if not _count(await db.execute(q.CLOSE_DAILY, guild_id, day, at)):
                return False
            await db.execute(q.RESET_STREAKS, guild_id, day)
            await db.execute(q.EXTEND_STREAKS, guild_id, day)
        return True

    async def daily_streaks(self, guild_id: int, limit: int = 10) -> list[DailyStreak]:
        async with self._read() as db:
            rows = await db.fetch(q.DAILY_STREAKS, guild_id, limit)
        return [DailyStreak(*row) for row in rows]

    async def daily_streak(self, guild_id: int, user_id: int) -> DailyStreak | None:
        async with self._read() as db:
            row = await db.fetchrow(q.DAILY_STREAK, guild_id, user_id)
        return DailyStreak(*row) if row else None

    # question packs

    async def add_pack(self, guild_id: int, info: PackInfo, content: str) -> bool:
        async with self._write() as db:
            done = await db.execute(
                q.ADD_PACK, guild_id, info.name, info.title, info.format, info.questions,
                content, info.added_by, info.added_at,
            )  # fmt: skip
        return bool(_count(done))

    async def packs(self, guild_id: int) -> list[PackInfo]:
        async with self._read() as db:
            rows = await db.fetch(q.PACKS, guild_id)
        return [PackInfo(*row) for row in rows]

    async def pack_content(self, guild_id: int, name: str) -> str | None:
        async with self._read() as db:
            return await db.fetchval(q.PACK_CONTENT, guild_id, name)

    async def remove_pack(self, guild_id: int, name: str) -> bool:
        async with self._write() as db:
            return bool(_count(await db.execute(q.REMOVE_PACK, guild_id, name)))

    # the bot's own bookkeeping

    async def get_meta(self, key: str) -> str | None:
        async with self._read() as db:
            return await db.fetchval(q.GET_META, key)

    async def set_meta(self, key: str, value: str) -> None:
        async with self._write() as db:
            await db.execute(q.SET_META, key, value)
