"""Scores, games, settings and reports in one SQLite file, through aiosqlite.

One connection serves every game in every channel. An asyncio.Lock makes each call
atomic: a write is one `BEGIN IMMEDIATE ... COMMIT` that no other call can interleave
with, and when a write call returns its transaction is committed (see PRAGMAS in
`opening.py` for why that survives the process being killed). Awards, the one hot
write, are group-committed: those queued while a transaction runs share the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Collection
from pathlib import Path
from types import TracebackType
from typing import Any

import aiosqlite

from bot.errors import StorageError
from bot.storage import queries
from bot.storage.batching import GroupCommit
from bot.storage.interface import shard_of
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
from bot.storage.opening import (
    OPEN_TIMEOUT,
    check_path,
    describe,
    prepare,
    readonly_uri,
    remove_new_file,
)
from bot.storage.owner import Owner, claim


def _daily_settings(row: Any) -> DailySettings:
    channel, minute, by_weekday, enabled = row
    return DailySettings(channel, minute, bool(by_weekday), bool(enabled))


def _days(period: str) -> int | None:
    if period not in PERIODS:
        raise ValueError(f"unknown leaderboard period {period!r}; use one of {list(PERIODS)}")
    return PERIODS[period]


class Storage:
    """The bot's database. Get one with `await Storage.open(path)`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path, owner: Owner | None = None) -> None:
        self._conn = conn
        self._owner = owner
        self._lock = asyncio.Lock()
        self._awards = GroupCommit(self._commit_awards, self._lock)
        self._closed = False
        self.path = path

    @classmethod
    async def open(
        cls, path: Path | str, *, exclusive: bool = False, readonly: bool = False
    ) -> Storage:
        """Open (creating or migrating) the database, or raise StorageError saying why not.

        With `exclusive`, also claim it for this process (see `owner.py`): a running bot
        or chat does, so that a second one cannot interrupt its games. With `readonly`,
        only look (`yutu reports`): nothing is created, migrated or locked.
        """
        path = Path(path)
        if readonly:
            return await cls._open_readonly(path)
        existed = check_path(path)
        owner: Owner | None = None
        if exclusive:
            # Claim before touching the file, and look again under the claim: only a file
            # this process created while holding it may be removed if opening fails.
            owner = claim(path.resolve())
            existed = path.exists()
        conn: aiosqlite.Connection | None = None
        try:
            conn = await aiosqlite.connect(path, timeout=OPEN_TIMEOUT, isolation_level=None)
            await prepare(conn, path)
        except BaseException as exc:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    await conn.close()
            if owner is not None:
                if not existed:
                    remove_new_file(path)
                owner.release()
            if isinstance(exc, sqlite3.Error):
                raise describe(path, exc, "open") from exc
            raise
        return cls(conn, path, owner)

    @classmethod
    async def _open_readonly(cls, path: Path) -> Storage:
        conn = await aiosqlite.connect(
            readonly_uri(path), uri=True, timeout=OPEN_TIMEOUT, isolation_level=None
        )
        try:
            await prepare(conn, path, write=False)
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                await conn.close()
            if isinstance(exc, sqlite3.Error):
                raise describe(path, exc, "open") from exc
            raise
        return cls(conn, path)

    async def close(self) -> None:
        await self._awards.drain()
        async with self._lock:
            if self._closed:
                return
            self._closed = True
            with contextlib.suppress(sqlite3.Error):
                await self._conn.execute("PRAGMA optimize")
            await self._conn.close()
            if self._owner is not None:
                self._owner.release()

    async def __aenter__(self) -> Storage:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StorageError(f"{self.path} is already closed")

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock, self._transaction() as db:
            yield db

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One committed transaction; rolled back on any error, cancellation included.

        The caller holds `self._lock`, so no other call's statements interleave.
        """
        self._check_open()
        try:
            await self._conn.execute("BEGIN IMMEDIATE")
            yield self._conn
            await self._conn.execute("COMMIT")
        except BaseException as exc:
            # Statements already queued still run, so ROLLBACK (queued after them)
            # always leaves the connection outside a transaction for the next caller.
            with contextlib.suppress(sqlite3.Error):
                await self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise describe(self.path, exc, "save to") from exc
            raise

    @contextlib.asynccontextmanager
    async def _read(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            self._check_open()
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise describe(self.path, exc, "read") from exc

    # games

    async def start_game(
        self, guild_id: int, channel_id: int, *, mode: str, topics: str, started_at: float
    ) -> int:
        async with self._write() as db:
            cursor = await db.execute(
                queries.INSERT_GAME, (guild_id, channel_id, mode, topics, started_at)
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

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
        award = {
            "game": game_id, "guild": guild_id, "user": user_id, "name": user_name,
            "question": question_id, "points": points, "at": at, "streak": streak,
        }  # fmt: skip
        await self._awards.submit(award)

    async def _commit_awards(self, awards: list[dict[str, Any]]) -> list[Exception | None]:
        async with self._transaction() as db:
            running = set(await db.execute_fetchall(queries.RUNNING_GAMES))
            valid = [award for award in awards if (award["game"], award["guild"]) in running]
            await db.executemany(queries.INSERT_AWARD, valid)
            await db.executemany(queries.UPSERT_PLAYER, valid)
        return [
            None
            if (award["game"], award["guild"]) in running
            else ValueError(
                f"game {award['game']} is not a running game in server {award['guild']}"
            )
            for award in awards
        ]

    async def record_asked(
        self, guild_id: int, channel_id: int, question_id: str, at: float
    ) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO asked (guild_id, channel_id, question_id, at) VALUES (?, ?, ?, ?)",
                (guild_id, channel_id, question_id, at),
            )
            await db.execute(queries.PRUNE_ASKED, {"channel": channel_id})

    async def recent_questions(self, channel_id: int, limit: int = 50) -> list[str]:
        """Distinct question ids recently asked in the channel, most recent first."""
        async with self._read() as db:
            rows = await db.execute_fetchall(queries.RECENT_QUESTIONS, (channel_id, limit))
        return [row[0] for row in rows]

    async def finish_game(
        self, game_id: int, status: str, ended_at: float, stopped_by: int | None = None
    ) -> None:
        """End a game once (`status` is one of FINISHED_STATUSES; `stopped_by`, the player
        who stopped it): every player who scored in it played it; top scorers won it (only
        when completed). Finishing an already finished game changes nothing."""
        check_status(status)
        async with self._write() as db:
            if not await self._finish(db, game_id, status, ended_at, stopped_by):
                found = await db.execute_fetchall("SELECT 1 FROM games WHERE id = ?", (game_id,))
                if not list(found):
                    raise ValueError(f"no game {game_id}")

    async def mark_interrupted(
        self, now: float, *, shards: Collection[int] | None = None, shard_count: int = 1
    ) -> int:
        """At start-up: end every game of these gateway shards (all when None) left running
        by a crash; awarded points stay."""
        async with self._write() as db:
            running = await db.execute_fetchall(queries.RUNNING_GAMES)
            ids = [game for game, guild in running
                   if shards is None or shard_of(guild, shard_count) in shards]  # fmt: skip
            for game_id in ids:
                await self._finish(db, game_id, "interrupted", now)
        return len(ids)

    @staticmethod
    async def _finish(
        db: aiosqlite.Connection, game_id: int, status: str, at: float, by: int | None = None
    ) -> bool:
        cursor = await db.execute(
            "UPDATE games SET status = ?, ended_at = ?, stopped_by = ? "
            "WHERE id = ? AND ended_at IS NULL",
            (status, at, by, game_id),
        )
        if cursor.rowcount == 0:
            return False
        totals = list(await db.execute_fetchall(queries.GAME_TOTALS, (game_id,)))
        await db.executemany(
            "UPDATE players SET games_played = games_played + 1 WHERE guild_id = ? AND user_id = ?",
            [(guild, user) for guild, user, _ in totals],
        )
        top = max((points for _, _, points in totals), default=0)
        if status == "completed" and top > 0:
            await db.executemany(
                "UPDATE players SET games_won = games_won + 1 WHERE guild_id = ? AND user_id = ?",
                [(guild, user) for guild, user, points in totals if points == top],
            )
        return True

    # leaderboards and stats

    async def leaderboard(
        self, guild_id: int, period: str = "all", *, now: float, limit: int = 10
    ) -> list[LeaderRow]:
        """Top players. "week" and "month" count awards from the last 7 and 30 days
        (at >= now - days); "all" uses the running totals."""
        days = _days(period)
        params = {"guild": guild_id, "since": now - 86400 * (days or 0), "limit": limit}
        async with self._read() as db:
            rows = await db.execute_fetchall(queries.leaderboard(days), params)
        return [LeaderRow(*row) for row in rows]

    async def rank_of(
        self, guild_id: int, user_id: int, period: str = "all", *, now: float
    ) -> LeaderRow | None:
        days = _days(period)
        params = {"guild": guild_id, "user": user_id, "since": now - 86400 * (days or 0)}
        async with self._read() as db:
            rows = list(await db.execute_fetchall(queries.rank_of(days), params))
        return LeaderRow(*rows[0]) if rows else None

    async def player_stats(self, guild_id: int, user_id: int) -> PlayerStats | None:
        async with self._read() as db:
            rows = list(await db.execute_fetchall(queries.PLAYER_STATS, (guild_id, user_id)))
        return PlayerStats(*rows[0]) if rows else None

    async def game(self, game_id: int) -> GameRecord | None:
        async with self._read() as db:
            rows = list(await db.execute_fetchall(queries.GAME, (game_id,)))
            totals = await db.execute_fetchall(queries.GAME_TOTALS, (game_id,))
        if not rows:
            return None
        return GameRecord(*rows[0], scores={user: points for _, user, points in totals})

    async def reset_scores(self, guild_id: int) -> int:
        """Forget a server's scores (totals, awards and daily streaks); returns how many
        players had some."""
        async with self._write() as db:
            await db.execute("DELETE FROM awards WHERE guild_id = ?", (guild_id,))
            await db.execute("DELETE FROM daily_streaks WHERE guild_id = ?", (guild_id,))
            cursor = await db.execute("DELETE FROM players WHERE guild_id = ?", (guild_id,))
        return cursor.rowcount

    # per-server settings

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        async with self._read() as db:
            rows = list(await db.execute_fetchall(queries.GUILD_SETTINGS, (guild_id,)))
            channels = await db.execute_fetchall(
                "SELECT channel_id FROM guild_channels WHERE guild_id = ?", (guild_id,)
            )
        if not rows:
            return GuildSettings()
        return GuildSettings(*rows[0], channels=frozenset(row[0] for row in channels))

    async def save_guild_settings(self, guild_id: int, settings: GuildSettings) -> None:
        async with self._write() as db:
            await db.execute(
                queries.SAVE_SETTINGS,
                (guild_id, settings.questions, settings.time_limit, settings.mode),
            )
            await db.execute("DELETE FROM guild_channels WHERE guild_id = ?", (guild_id,))
            await db.executemany(
                "INSERT INTO guild_channels (guild_id, channel_id) VALUES (?, ?)",
                [(guild_id, channel) for channel in sorted(settings.channels)],
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
            cursor = await db.execute(
                queries.INSERT_REPORT, (guild_id, channel_id, user_id, question_id, reason, at)
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def reports(self, limit: int = 100) -> list[Report]:
        """The most recent reports first."""
        async with self._read() as db:
            rows = await db.execute_fetchall(queries.REPORTS, (limit,))
        return [Report(*row) for row in rows]

    # the daily question

    async def daily_settings(self, guild_id: int) -> DailySettings | None:
        async with self._read() as db:
            rows = list(await db.execute_fetchall(queries.DAILY_SETTINGS, (guild_id,)))
        return _daily_settings(rows[0]) if rows else None

    async def daily_enabled(self) -> list[tuple[int, DailySettings]]:
        """Every server with a daily question switched on."""
        async with self._read() as db:
            rows = await db.execute_fetchall(queries.DAILY_ENABLED)
        return [(row[0], _daily_settings(row[1:])) for row in rows]

    async def save_daily_settings(self, guild_id: int, settings: DailySettings) -> None:
        async with self._write() as db:
            await db.execute(
                queries.SAVE_DAILY,
                (guild_id, settings.channel_id, settings.post_minute, settings.by_weekday,
                 settings.enabled),
            )  # fmt: skip

    async def claim_daily(
        self, guild_id: int, day: str, question_id: str, channel_id: int, at: float
    ) -> DailyPost:
        """The server's post of `day`: this one, newly recorded, or the one recorded
        before (a day has one question, whoever asks first)."""
        async with self._write() as db:
            await db.execute(queries.CLAIM_DAILY, (guild_id, day, question_id, channel_id, at))
            rows = list(await db.execute_fetchall(queries.DAILY_POST, (guild_id, day)))
        return DailyPost(*rows[0])

    async def set_daily_message(self, guild_id: int, day: str, message_id: int) -> None:
        async with self._write() as db:
            await db.execute("UPDATE daily_posts SET message_id = ? WHERE guild_id = ? AND day = ?",
                             (message_id, guild_id, day))  # fmt: skip

    async def daily_post(self, guild_id: int, day: str) -> DailyPost | None:
        async with self._read() as db:
            rows = list(await db.execute_fetchall(queries.DAILY_POST, (guild_id, day)))
        return DailyPost(*rows[0]) if rows else None

    async def open_daily(self, guild_id: int) -> list[DailyPost]:
        """The server's days whose answer is not revealed yet, oldest first."""
        async with self._read() as db:
            rows = await db.execute_fetchall(queries.OPEN_DAILY, (guild_id,))
        return [DailyPost(*row) for row in rows]

    async def daily_used(self, guild_id: int) -> list[str]:
        """The server's daily questions so far, oldest first."""
        async with self._read() as db:
            rows = await db.execute_fetchall(queries.DAILY_USED, (guild_id,))
        return [row[0] for row in rows]

    async def daily_pick(
        self, guild_id: int, day: str, user_id: int, name: str, choice: int, correct: bool,
        at: float,
    ) -> str:  # fmt: skip
        """Record a player's one pick of a day: PICKED, ALREADY_PICKED or DAY_OVER."""
        async with self._write() as db:
            rows = list(await db.execute_fetchall(
                "SELECT closed_at FROM daily_posts WHERE guild_id = ? AND day = ?", (guild_id, day)
            ))  # fmt: skip
            if not rows or rows[0][0] is not None:
                return DAY_OVER
            cursor = await db.execute(
                queries.INSERT_PICK, (guild_id, day, user_id, name, choice, correct, at)
            )
        return PICKED if cursor.rowcount else ALREADY_PICKED

    async def daily_picks(self, guild_id: int, day: str) -> list[tuple[int, int, bool]]:
        """(user, choice, correct) of every pick of a day, in the order they came."""
        async with self._read() as db:
            rows = await db.execute_fetchall(queries.DAILY_PICKS, (guild_id, day))
        return [(user, choice, bool(correct)) for user, choice, correct in rows]

    async def close_daily(self, guild_id: int, day: str, at: float) -> bool:
        """Reveal a day: no more picks; streaks grow for right picks and restart for
        everyone else. Only the first call for a day does anything (returns True)."""
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE daily_posts SET closed_at = ? "
                "WHERE guild_id = ? AND day = ? AND closed_at IS NULL",
                (at, guild_id, day),
            )
            if not cursor.rowcount:
                return False
            params = {"guild": guild_id, "day": day}
            await db.execute(queries.RESET_STREAKS, params)
            await db.execute(queries.EXTEND_STREAKS, params)
        return True

    async def daily_streaks(self, guild_id: int, limit: int = 10) -> list[DailyStreak]:
        """The longest current streaks of a server."""
        async with self._read() as db:
            rows = await db.execute_fetchall(queries.DAILY_STREAKS, (guild_id, limit))
        return [DailyStreak(*row) for row in rows]

    async def daily_streak(self, guild_id: int, user_id: int) -> DailyStreak | None:
        async with self._read() as db:
            rows = list(await db.execute_fetchall(queries.DAILY_STREAK, (guild_id, user_id)))
        return DailyStreak(*rows[0]) if rows else None

    # question packs

    async def add_pack(self, guild_id: int, info: PackInfo, content: str) -> bool:
        """Store a server's pack; False (nothing changed) if it has one of that name."""
        async with self._write() as db:
            cursor = await db.execute(queries.ADD_PACK, (
                guild_id, info.name, info.title, info.format, info.questions, content,
                info.added_by, info.added_at,
            ))  # fmt: skip
        return bool(cursor.rowcount)

    async def packs(self, guild_id: int) -> list[PackInfo]:
        async with self._read() as db:
            rows = await db.execute_fetchall(queries.PACKS, (guild_id,))
        return [PackInfo(*row) for row in rows]

    async def pack_content(self, guild_id: int, name: str) -> str | None:
        """The file of a server's pack, as it was imported."""
        async with self._read() as db:
            rows = list(await db.execute_fetchall(queries.PACK_CONTENT, (guild_id, name)))
        return rows[0][0] if rows else None

    async def remove_pack(self, guild_id: int, name: str) -> bool:
        async with self._write() as db:
            cursor = await db.execute(
                "DELETE FROM packs WHERE guild_id = ? AND name = ?", (guild_id, name)
            )
        return bool(cursor.rowcount)

    # the bot's own bookkeeping

    async def get_meta(self, key: str) -> str | None:
        async with self._read() as db:
            rows = list(await db.execute_fetchall("SELECT value FROM meta WHERE key = ?", (key,)))
        return rows[0][0] if rows else None

    async def set_meta(self, key: str, value: str) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
