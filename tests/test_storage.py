"""Storage on real databases: each test that is not about SQLite files runs on an SQLite
file and on a fresh PostgreSQL database (the `backend` fixture), and checks what was
written through a second connection that shares nothing with the one under test."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage import GuildSettings, LeaderRow, Storage, Store, opening, queries
from bot.storage.models import ALREADY_PICKED, DAY_OVER, PICKED, DailySettings, PackInfo
from tests.conftest import Backend

DAY = 86400.0
NOW = 1_750_000_000.0
GUILD, OTHER_GUILD, CHANNEL = 111, 222, 333


@pytest.fixture
async def db(backend: Backend) -> AsyncIterator[Store]:
    async with await backend.open() as storage:
        yield storage


def query(path: Path, sql: str, *params: object) -> list[tuple]:
    """Read through an independent sqlite3 connection."""
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


async def play(db: Store, scores: dict[int, list[tuple[int, float]]], guild: int = GUILD) -> int:
    """A game in which each user scores (points, at) awards."""
    game = await db.start_game(guild, CHANNEL, mode="typed", topics="ce4", started_at=NOW - 60)
    for user, awards in scores.items():
        for points, at in awards:
            await db.award(game, guild, user, f"user{user}", "ce4-q1", points, at, 1)
    return game


async def test_migrations_create_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / "yutu.db"
    await (await Storage.open(path)).close()
    tables = {row[0] for row in query(path, "SELECT name FROM sqlite_schema WHERE type='table'")}
    assert {"games", "awards", "players", "asked", "guild_settings", "reports"} <= tables
    assert query(path, "PRAGMA user_version") == [(len(opening.migrations()),)]
    assert query(path, "PRAGMA application_id") == [(opening.APPLICATION_ID,)]
    assert query(path, "PRAGMA journal_mode") == [("wal",)]


async def test_reopen_keeps_data(backend: Backend) -> None:
    async with await backend.open() as db:
        await play(db, {1: [(3, NOW)]})
    async with await backend.open() as db:
        assert await db.leaderboard(GUILD, now=NOW) == [LeaderRow(1, 1, "user1", 3, 1)]


async def test_award_is_committed_when_it_returns(db: Store, backend: Backend) -> None:
    game = await db.start_game(GUILD, CHANNEL, mode="typed", topics="", started_at=NOW)
    await db.award(game, GUILD, 7, "Ann", "q1", 3, NOW, 1)
    assert await backend.query("SELECT game_id, user_id, question_id, points FROM awards") == [
        (game, 7, "q1", 3)
    ]
    await db.award(game, GUILD, 7, "Annie", "q2", 2, NOW + 5, 4)
    await db.award(game, GUILD, 7, "Annie", "q3", 1, NOW + 9, 1)
    assert await backend.query(
        "SELECT name, points, correct_answers, best_streak, last_played FROM players"
    ) == [("Annie", 6, 3, 4, NOW + 9)]


KILLED_CHILD = """
import asyncio, sys
from bot.storage import open_storage
async def main():
    db = await open_storage(sys.argv[1])
    game = await db.start_game(1, 2, mode="typed", topics="", started_at=0.0)
    await db.award(game, 1, 7, "Ann", "q1", 3, 1.0, 1)
    print("correct!", flush=True)
    await asyncio.sleep(60)
asyncio.run(main())
"""


async def test_award_survives_sigkill(backend: Backend) -> None:
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", KILLED_CHILD, str(backend.target), stdout=subprocess.PIPE
    )
    assert child.stdout is not None
    assert await asyncio.wait_for(child.stdout.readline(), 30) == b"correct!\n"
    os.kill(child.pid, signal.SIGKILL)
    await asyncio.wait_for(child.wait(), 10)
    assert await backend.query("SELECT user_id, points FROM awards") == [(7, 3)]


async def test_award_needs_a_running_game_of_that_server(db: Store, backend: Backend) -> None:
    game, ended = await play(db, {}), await play(db, {})
    await db.finish_game(ended, "stopped", NOW)
    results = await asyncio.gather(
        db.award(game, GUILD, 1, "a", "q", 1, NOW, 1),
        db.award(game, OTHER_GUILD, 2, "b", "q", 1, NOW, 1),
        db.award(ended, GUILD, 3, "c", "q", 1, NOW, 1),
        db.award(999, GUILD, 4, "d", "q", 1, NOW, 1),
        return_exceptions=True,
    )  # one batch: the good award lands, each bad one fails on its own
    assert results[0] is None
    assert all(isinstance(result, ValueError) for result in results[1:])
    assert await backend.query("SELECT user_id FROM players") == [(1,)]
    assert await backend.query("SELECT user_id FROM awards") == [(1,)]


async def test_leaderboard_order_and_ties(db: Store, backend: Backend) -> None:
    await play(db, {1: [(5, NOW - 9)], 2: [(5, NOW - 20)], 3: [(3, NOW)], 4: [(4, NOW), (4, NOW)]})
    board = await db.leaderboard(GUILD, now=NOW)
    assert [(r.rank, r.user_id, r.points, r.correct) for r in board] == [
        (1, 4, 8, 2),
        (2, 2, 5, 1),  # tied with user 1, but reached 5 points first
        (2, 1, 5, 1),
        (4, 3, 3, 1),
    ]
    assert [r.user_id for r in await db.leaderboard(GUILD, now=NOW, limit=2)] == [4, 2]
    assert await db.rank_of(GUILD, 1, now=NOW) == LeaderRow(2, 1, "user1", 5, 1)
    assert await db.rank_of(GUILD, 99, now=NOW) is None
    assert await db.leaderboard(OTHER_GUILD, now=NOW) == []
    with pytest.raises(ValueError):
        await db.leaderboard(GUILD, "year", now=NOW)


async def test_week_and_month_count_recent_awards(db: Store, backend: Backend) -> None:
    await play(db, {1: [(1, NOW - 1 * DAY), (10, NOW - 40 * DAY)], 2: [(3, NOW - 10 * DAY)]})
    top = {
        period: [(r.user_id, r.points) for r in await db.leaderboard(GUILD, period, now=NOW)]
        for period in ("all", "month", "week")
    }
    assert top == {"all": [(1, 11), (2, 3)], "month": [(2, 3), (1, 1)], "week": [(1, 1)]}
    assert await db.rank_of(GUILD, 1, "month", now=NOW) == LeaderRow(2, 1, "user1", 1, 1)
    assert await db.rank_of(GUILD, 2, "week", now=NOW) is None
    # the window (at >= now - 7 days) follows the injected clock
    earlier = await db.leaderboard(GUILD, "week", now=NOW - 5 * DAY)
    assert [(r.user_id, r.points) for r in earlier] == [(2, 3), (1, 1)]


async def test_player_stats(db: Store, backend: Backend) -> None:
    game = await play(db, {1: [(2, NOW)], 2: [(5, NOW)]})
    await db.award(game, GUILD, 1, "Ann", "q2", 2, NOW + 1, 2)
    await db.finish_game(game, "completed", NOW + 2)
    stats = await db.player_stats(GUILD, 1)
    assert stats is not None
    assert (stats.name, stats.points, stats.correct_answers, stats.best_streak) == ("Ann", 4, 2, 2)
    assert (stats.games_scored_in, stats.games_won, stats.rank, stats.last_scored) == (
        1, 0, 2, NOW + 1,
    )  # fmt: skip
    assert await db.player_stats(OTHER_GUILD, 1) is None


async def test_finish_game_counts_games_once(db: Store, backend: Backend) -> None:
    tie = await play(db, {1: [(3, NOW)], 2: [(3, NOW)], 3: [(1, NOW)]})
    await db.finish_game(tie, "completed", NOW + 1)
    await db.finish_game(tie, "completed", NOW + 2)  # again: changes nothing
    stopped = await play(db, {1: [(9, NOW)]})
    await db.finish_game(stopped, "stopped", NOW + 3)
    counts = await backend.query("SELECT user_id, games_played, games_won FROM players ORDER BY 1")
    assert counts == [(1, 2, 1), (2, 1, 1), (3, 1, 0)]
    record = await db.game(tie)
    assert record is not None
    assert (record.status, record.ended_at, record.mode, record.channel_id) == (
        "completed", NOW + 1, "typed", CHANNEL,
    )  # fmt: skip
    assert record.scores == {1: 3, 2: 3, 3: 1}
    assert await db.game(999) is None
    with pytest.raises(ValueError):
        await db.finish_game(999, "completed", NOW)
    with pytest.raises(ValueError):
        await db.finish_game(stopped, "won", NOW)


async def test_mark_interrupted_keeps_points(backend: Backend) -> None:
    async with await backend.open() as db:
        running = await play(db, {1: [(4, NOW)]})
        done = await play(db, {1: [(1, NOW)]})
        await db.finish_game(done, "completed", NOW)
    async with await backend.open() as db:  # "after a crash"
        assert await db.mark_interrupted(NOW + 100) == 1
        assert await db.mark_interrupted(NOW + 200) == 0
        record = await db.game(running)
        assert record is not None
        assert (record.status, record.ended_at, record.scores) == ("interrupted", NOW + 100, {1: 4})
        stats = await db.player_stats(GUILD, 1)
        assert stats is not None
        assert (stats.points, stats.games_scored_in, stats.games_won) == (5, 2, 1)


def guild_of_shard(shard: int, count: int, n: int = 1) -> int:
    """A server id (snowflake) whose events come through gateway shard `shard` of `count`."""
    return ((n * count + shard) << 22) | 12345


async def test_mark_interrupted_only_in_own_shards(backend: Backend) -> None:
    guilds = {shard: guild_of_shard(shard, 4) for shard in range(4)}
    async with await backend.open() as db:
        games = {shard: await play(db, {1: [(1, NOW)]}, guild=g) for shard, g in guilds.items()}
    async with await backend.open() as db:
        assert await db.mark_interrupted(NOW + 1, shards=[1, 2], shard_count=4) == 2
        status = {s: (await db.game(g)).status for s, g in games.items()}  # type: ignore[union-attr]
        assert status == {0: "running", 1: "interrupted", 2: "interrupted", 3: "running"}
        assert await db.mark_interrupted(NOW + 2) == 2  # every shard


async def test_settings_defaults_and_round_trip(db: Store, backend: Backend) -> None:
    assert await db.guild_settings(GUILD) == GuildSettings(5, 30, "typed", frozenset())
    custom = GuildSettings(questions=10, time_limit=20, mode="buttons", channels=frozenset({1, 2}))
    await db.save_guild_settings(GUILD, custom)
    assert await db.guild_settings(GUILD) == custom
    fewer = GuildSettings(questions=3, channels=frozenset({2}))
    await db.save_guild_settings(GUILD, fewer)
    assert await db.guild_settings(GUILD) == fewer
    assert await db.guild_settings(OTHER_GUILD) == GuildSettings()


async def test_reports(db: Store, backend: Backend) -> None:
    first = await db.add_report(
        guild_id=GUILD, channel_id=CHANNEL, user_id=1, question_id="q1", reason="typo", at=NOW
    )
    second = await db.add_report(
        guild_id=None, channel_id=None, user_id=2, question_id="q2", reason="wrong", at=NOW + 1
    )
    reports = await db.reports()
    assert [(r.id, r.question_id, r.reason, r.guild_id) for r in reports] == [
        (second, "q2", "wrong", None),
        (first, "q1", "typo", GUILD),
    ]
    assert len(await db.reports(limit=1)) == 1


async def test_reset_scores_is_scoped_to_one_server(db: Store, backend: Backend) -> None:
    await play(db, {1: [(3, NOW)], 2: [(2, NOW)]})
    await play(db, {1: [(7, NOW)]}, guild=OTHER_GUILD)
    assert await db.reset_scores(GUILD) == 2
    assert await db.leaderboard(GUILD, "week", now=NOW) == []
    assert await db.player_stats(GUILD, 1) is None
    assert [r.points for r in await db.leaderboard(OTHER_GUILD, now=NOW)] == [7]


async def test_recent_questions(db: Store, backend: Backend) -> None:
    for i, question in enumerate(["a", "b", "a", "c"]):
        await db.record_asked(GUILD, CHANNEL, question, NOW + i)
    await db.record_asked(GUILD, CHANNEL + 1, "z", NOW + 9)
    assert await db.recent_questions(CHANNEL) == ["c", "a", "b"]
    assert await db.recent_questions(CHANNEL, limit=2) == ["c", "a"]
    for i in range(queries.KEEP_ASKED):
        await db.record_asked(GUILD, CHANNEL, f"q{i}", NOW + 10 + i)
    assert await backend.query("SELECT count(*) FROM asked WHERE channel_id = ?", CHANNEL) == [
        (queries.KEEP_ASKED,)
    ]


async def test_concurrent_awards_all_land(db: Store, backend: Backend) -> None:
    games = [
        await db.start_game(GUILD, channel, mode="typed", topics="", started_at=NOW)
        for channel in range(50)
    ]
    await asyncio.gather(
        *(
            db.award(games[i % 50], GUILD, i % 20, f"u{i % 20}", f"q{i}", 1, NOW + i, 1)
            for i in range(200)
        )
    )
    assert await backend.query("SELECT count(*), sum(points) FROM awards") == [(200, 200)]
    assert await backend.query("SELECT count(*), sum(correct_answers) FROM players") == [(20, 200)]


async def test_cancelled_awards_are_saved_whole(db: Store, backend: Backend) -> None:
    game = await play(db, {})
    tasks = [asyncio.create_task(db.award(game, GUILD, i, "u", "q", 1, NOW, 1)) for i in range(40)]
    await asyncio.sleep(0)
    for task in tasks[::2]:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert [isinstance(r, asyncio.CancelledError) for r in results] == [True, False] * 20
    await db.award(game, GUILD, 99, "late", "q", 1, NOW, 1)
    # a queued award is not withdrawn by cancelling its caller, and never half-written
    assert await backend.query("SELECT count(*) FROM awards") == [(41,)]
    assert await backend.query("SELECT count(*), sum(correct_answers) FROM players") == [(41, 41)]


async def test_close_saves_queued_awards(backend: Backend) -> None:
    db = await backend.open()
    game = await play(db, {})
    awards = [db.award(game, GUILD, i, "u", "q", 1, NOW, 1) for i in range(30)]
    await asyncio.gather(*awards, db.close())
    assert await backend.query("SELECT count(*) FROM awards") == [(30,)]
    with pytest.raises(StorageError, match="is already closed"):
        await db.award(game, GUILD, 1, "u", "q", 1, NOW, 1)
    await db.close()  # closing twice is harmless


async def test_locked_at_runtime_is_a_storage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opening, "BUSY_TIMEOUT_MS", 200)
    async with await Storage.open(tmp_path / "yutu.db") as db:
        game = await play(db, {})
        other = sqlite3.connect(db.path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        awards = [db.award(game, GUILD, i, "a", "q", 1, NOW, 1) for i in range(10)]
        results = await asyncio.gather(*awards, return_exceptions=True)
        assert all(isinstance(r, StorageError) and "is locked" in str(r) for r in results)
        with pytest.raises(StorageError, match="is locked"):
            await db.save_guild_settings(GUILD, GuildSettings())
        other.close()
        assert query(db.path, "SELECT count(*) FROM awards") == [(0,)]
        await db.award(game, GUILD, 1, "a", "q", 1, NOW, 1)  # the connection recovered
        assert query(db.path, "SELECT count(*) FROM awards") == [(1,)]


# Files Yutu must refuse without changing a byte.


def real_db(path: Path) -> bytes:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 400)
    conn.close()
    return path.read_bytes()


def text_file(tmp: Path) -> Path:
    (tmp / "notes.db").write_text("shopping list\n")
    return tmp / "notes.db"


def garbage_header(tmp: Path) -> Path:
    data = real_db(tmp / "y.db")
    (tmp / "y.db").write_bytes(b"\x00garbage!" * 12 + data[108:])
    return tmp / "y.db"


def truncated(tmp: Path) -> Path:
    data = real_db(tmp / "y.db")
    (tmp / "y.db").write_bytes(data[: len(data) // 2])
    return tmp / "y.db"


def newer(tmp: Path) -> Path:
    with sqlite3.connect(tmp / "y.db") as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    return tmp / "y.db"


def foreign(tmp: Path) -> Path:
    real_db(tmp / "other.sqlite")
    return tmp / "other.sqlite"


def parent_is_file(tmp: Path) -> Path:
    (tmp / "plain.txt").write_text("not a folder")
    return tmp / "plain.txt" / "yutu.db"


def directory(tmp: Path) -> Path:
    (tmp / "data").mkdir()
    return tmp / "data"


def snapshot(tmp: Path) -> dict[str, bytes | None]:
    return {p.name: None if p.is_dir() else p.read_bytes() for p in sorted(tmp.iterdir())}


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (text_file, "is not a Yutu database or is damaged"),
        (garbage_header, "is not a Yutu database or is damaged"),
        (truncated, "is not a Yutu database or is damaged"),
        (newer, "was made by a newer Yutu (schema version 999"),
        (foreign, "is not a Yutu database: it holds another program's data"),
        (parent_is_file, "plain.txt is a file, not a folder"),
        (directory, "it is a folder, not a database file"),
    ],
)
async def test_refused_files_are_left_alone(
    tmp_path: Path, make: Callable[[Path], Path], expected: str
) -> None:
    path = make(tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(StorageError) as caught:
        await Storage.open(path)
    message = str(caught.value)
    assert expected in message and str(path) in message and "\n" not in message
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("wal", [True, False], ids=["yutu-db", "rollback-journal-db"])
async def test_locked_database_is_refused(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "yutu.db"
    if wal:
        await (await Storage.open(path)).close()
    else:
        real_db(path)
    before = path.read_bytes()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    with pytest.raises(StorageError, match="is locked by another program") as caught:
        await Storage.open(path)
    assert 1.5 < time.monotonic() - started < 5  # waited the short open timeout, no more
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    holder.close()


async def test_a_second_running_yutu_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "yutu.db"
    first = await Storage.open(path, exclusive=True)
    try:
        with pytest.raises(StorageError, match="in use by another running Yutu"):
            await Storage.open(path, exclusive=True)
        reader = await Storage.open(path)  # read-only tools may still look
        await reader.close()
    finally:
        await first.close()
    again = await Storage.open(path, exclusive=True)
    await again.close()


async def test_a_read_only_look_neither_waits_for_writers_nor_changes_anything(
    tmp_path: Path,
) -> None:
    path = tmp_path / "yutu.db"
    async with await Storage.open(path) as db:
        await db.add_report(guild_id=1, channel_id=2, user_id=3, question_id="q", reason="r",
                            at=1.0)  # fmt: skip
    before = path.read_bytes()
    writer = sqlite3.connect(path)
    writer.execute("BEGIN IMMEDIATE")  # a bot in the middle of saving a point
    try:
        async with await Storage.open(path, readonly=True) as look:
            assert [r.reason for r in await look.reports()] == ["r"]
    finally:
        writer.rollback()
        writer.close()
    assert path.read_bytes() == before
    with pytest.raises(StorageError, match="does not exist"):
        await Storage.open(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()


async def test_a_read_only_file_can_still_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`yutu reports` on the bot's database owned by another user: the file and its folder
    are read-only to us (root can write anyway, so `os.access` answers as for that user)."""
    folder = tmp_path / "service"
    path = folder / "yutu.db"
    async with await Storage.open(path) as db:
        await db.add_report(guild_id=1, channel_id=2, user_id=3, question_id="q", reason="typo",
                            at=1.0)  # fmt: skip
    path.chmod(0o444)
    folder.chmod(0o555)
    real_access = os.access

    def access(where: object, mode: int) -> bool:
        return False if mode & os.W_OK else real_access(where, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(opening.os, "access", access)
    try:
        async with await Storage.open(path, readonly=True) as look:
            assert [r.reason for r in await look.reports()] == ["typo"]
        with pytest.raises(StorageError, match="read-only"):
            await Storage.open(path)  # writing is still refused, with the reason
    finally:
        folder.chmod(0o755)


async def test_version_2_files_gain_the_new_game_outcomes(tmp_path: Path) -> None:
    path = tmp_path / "yutu.db"
    with sqlite3.connect(path) as conn:  # a database as the previous Yutu left it
        for _, _, script in opening.migrations()[:2]:
            conn.executescript(script)
        conn.execute("PRAGMA user_version = 2")
        conn.execute(f"PRAGMA application_id = {opening.APPLICATION_ID}")
        conn.execute("INSERT INTO games (guild_id, channel_id, mode, topics, status, started_at,"
                     " ended_at) VALUES (1, 2, 'typed', 'all', 'completed', 10, 20)")  # fmt: skip
        conn.execute("INSERT INTO awards (game_id, guild_id, user_id, question_id, points, at)"
                     " VALUES (1, 1, 7, 'q', 3, 15)")  # fmt: skip
    async with await Storage.open(path) as db:
        old = await db.game(1)
        assert old is not None and old.status == "completed" and old.scores == {7: 3}
        ids = []
        for status, by in (("abandoned", None), ("failed", None), ("stopped", 42)):
            game = await db.start_game(1, 2, mode="typed", topics="all", started_at=30)
            await db.finish_game(game, status, 40, stopped_by=by)
            ids.append(game)
        records = [await db.game(i) for i in ids]
    assert [(r.status, r.stopped_by) for r in records if r] == [
        ("abandoned", None),
        ("failed", None),
        ("stopped", 42),
    ]
    assert query(path, "PRAGMA user_version") == [(len(opening.migrations()),)]
    assert query(path, "PRAGMA foreign_key_check") == []
    # awards still refer to the rebuilt games table
    with pytest.raises(sqlite3.IntegrityError), sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("INSERT INTO awards (game_id, guild_id, user_id, question_id, points,"
                     " at) VALUES (999, 1, 7, 'q', 3, 15)")  # fmt: skip


async def test_daily_days_are_posted_once_and_picked_once(db: Store) -> None:
    assert await db.daily_settings(GUILD) is None
    await db.save_daily_settings(GUILD, DailySettings(CHANNEL, 18 * 60, by_weekday=True))
    await db.save_daily_settings(OTHER_GUILD, DailySettings(CHANNEL, 60, enabled=False))
    assert await db.daily_enabled() == [(GUILD, DailySettings(CHANNEL, 1080, True, True))]
    first = await db.claim_daily(GUILD, "2026-11-30", "q1", CHANNEL, NOW)
    again = await db.claim_daily(GUILD, "2026-11-30", "q2", CHANNEL, NOW + 5)  # a second poster
    assert again == first and first.question_id == "q1" and first.message_id is None
    await db.set_daily_message(GUILD, "2026-11-30", 987654321098765432)
    post = await db.daily_post(GUILD, "2026-11-30")
    assert post is not None and post.message_id == 987654321098765432
    assert await db.daily_pick(GUILD, "2026-11-30", 1, "ann", 2, True, NOW) == PICKED
    assert await db.daily_pick(GUILD, "2026-11-30", 1, "ann", 0, False, NOW) == ALREADY_PICKED
    assert await db.daily_pick(GUILD, "2026-11-29", 1, "ann", 0, False, NOW) == DAY_OVER
    assert await db.daily_picks(GUILD, "2026-11-30") == [(1, 2, True)]
    assert [p.day for p in await db.open_daily(GUILD)] == ["2026-11-30"]
    assert await db.close_daily(GUILD, "2026-11-30", NOW + 10)
    assert not await db.close_daily(GUILD, "2026-11-30", NOW + 20)  # once only
    assert await db.daily_pick(GUILD, "2026-11-30", 2, "bob", 2, True, NOW) == DAY_OVER
    assert await db.open_daily(GUILD) == []
    assert await db.daily_used(GUILD) == ["q1"]


async def test_daily_streaks_grow_with_right_days_and_restart_otherwise(db: Store) -> None:
    # ann: right, right, right; bob: right, wrong, right; cy: right, (missed), right
    days = {"2026-11-01": {1: True, 2: True, 3: True}, "2026-11-02": {1: True, 2: False},
            "2026-11-03": {1: True, 2: True, 3: True}}  # fmt: skip
    for number, (day, picks) in enumerate(days.items()):
        await db.claim_daily(GUILD, day, f"q{number}", CHANNEL, NOW)
        for user, right in picks.items():
            await db.daily_pick(GUILD, day, user, f"user{user}", 0, right, NOW)
        await db.close_daily(GUILD, day, NOW)
    streaks = await db.daily_streaks(GUILD)
    assert [(s.user_id, s.current, s.best) for s in streaks] == [(1, 3, 3), (2, 1, 1), (3, 1, 1)]
    await db.claim_daily(GUILD, "2026-11-04", "q9", CHANNEL, NOW)
    await db.close_daily(GUILD, "2026-11-04", NOW)  # nobody played
    assert await db.daily_streaks(GUILD) == []
    ann = await db.daily_streak(GUILD, 1)
    assert ann is not None and (ann.current, ann.best) == (0, 3)
    assert await db.daily_streak(OTHER_GUILD, 1) is None
    await db.reset_scores(GUILD)
    assert await db.daily_streak(GUILD, 1) is None


async def test_packs_are_kept_per_server_as_uploaded(db: Store) -> None:
    info = PackInfo("club-night", "Club night", "red", 2, 7, NOW)
    content = "AUTHOR: me\nQ?:\n- a\n# a comment stays\n"
    assert await db.add_pack(GUILD, info, content)
    assert not await db.add_pack(GUILD, info, "other")  # the name is taken
    assert await db.add_pack(OTHER_GUILD, info, "theirs")  # in another server it is not
    assert await db.packs(GUILD) == [info]
    assert await db.pack_content(GUILD, "club-night") == content
    assert await db.pack_content(OTHER_GUILD, "club-night") == "theirs"
    assert await db.remove_pack(GUILD, "club-night")
    assert not await db.remove_pack(GUILD, "club-night")
    assert await db.packs(GUILD) == [] and await db.pack_content(GUILD, "club-night") is None
    assert [p.name for p in await db.packs(OTHER_GUILD)] == ["club-night"]
