"""Many quiz games at once: answers checked and points committed per second, memory per game.

Run: python bench/bench_quiz.py [--channels 1000] [--answers-per-channel 5] [--all-cores]

1. Memory: `Quizzes.start` opens --channels real games (bundled facts, typed mode, a 300 s
   time limit so no timer fires, reveal_pause=0, a no-op renderer) on a real SQLite file,
   under tracemalloc; the Python memory those running sessions hold, per game, is measured
   twice: the traced-memory delta and the (filtered) snapshot difference.
2. Throughput: every channel at once (asyncio.gather) gets a few wrong answers from several
   players, then the right one (`question.answers[0]`), all through `Session.answer`, which
   runs the checker and returns only once an awarded point is committed. With
   reveal_pause=0 a correct answer also asks (and records) the next question. Then a burst
   where every channel answers correctly once (every answer writes). The awards in the file
   must equal the Correct events seen.
3. Baselines, same run, same award rows (read back from the file), same PRAGMAs: bare
   aiosqlite INSERT + commit per row, and all rows in one executemany + commit. Checker-only
   throughput (`is_accepted` on the same texts) separates checking cost from storage cost.

By default the process is pinned to one CPU (aiosqlite's thread too: threads inherit the
affinity), so "one core" is literal; --all-cores lifts that. Prints numbers and PASS/MISS
lines; asserts nothing except that the database holds exactly the awards announced.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import linecache
import os
import random
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiosqlite

from bot.config import BUNDLED_FACTS
from bot.errors import GameError
from bot.knowledge.loader import load
from bot.knowledge.model import KnowledgeBase
from bot.quiz import checker
from bot.quiz.checker import is_accepted
from bot.quiz.events import Correct, Event, Wrong
from bot.quiz.scoring import Mode, Player
from bot.quiz.session import GameRequest, Quizzes, Session
from bot.storage import Storage
from bot.storage.opening import BUSY_TIMEOUT_MS, PRAGMAS

TIME_LIMIT = 300.0  # the longest allowed: the first timer (auto hint) fires after 150 s
QUESTIONS = 5
PLAYERS = 3  # players per channel giving the wrong answers ("several players")
TARGET_ANSWERS = 1000.0  # answers/s checked and committed on one core
TARGET_KB = 5.0  # "a few KB per game", taken as at most this many KB
AWARD_COLUMNS = "game_id, guild_id, user_id, question_id, points, at"
BARE_SCHEMA = (
    "CREATE TABLE awards (id INTEGER PRIMARY KEY, game_id INTEGER NOT NULL,"
    " guild_id INTEGER NOT NULL, user_id INTEGER NOT NULL, question_id TEXT NOT NULL,"
    " points INTEGER NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX awards_guild_at ON awards (guild_id, at)",  # as in 0001_initial.sql
    "CREATE INDEX awards_game ON awards (game_id, user_id)",
)
BARE_INSERT = f"INSERT INTO awards ({AWARD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"


async def render(session: Session, events: list[Event]) -> None:
    """A front end that shows nothing."""


def guild_of(channel: int) -> int:
    return 1 + channel // 10  # ten channels per server


def player(channel: int, n: int) -> Player:
    user = channel * 100 + n
    return Player(user, f"user{user}")


@dataclass
class Tally:
    """What a batch of `Session.answer` calls produced."""

    answers: int = 0
    correct: int = 0
    wrong: int = 0
    refused: int = 0  # GameError: should stay 0
    points: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)  # answers that did not score
    scoring: list[float] = field(default_factory=list)  # answers that scored (they write)
    checked: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    async def answer(self, kb: KnowledgeBase, session: Session, who: Player, text: str) -> None:
        self.checked.append((text, kb.questions[session.question_id].answers))
        started = time.perf_counter()
        try:
            events = await session.answer(who, text)
        except GameError:
            self.refused += 1
            events = []
        took = time.perf_counter() - started
        self.answers += 1
        scored = False
        for event in events:
            if isinstance(event, Correct):
                self.correct += 1
                self.points += event.points
                scored = True
            elif isinstance(event, Wrong):
                self.wrong += 1
        (self.scoring if scored else self.latencies).append(took)


def pin_one_core() -> str:
    """Pin this process (and the threads it starts later) to one CPU."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu} (aiosqlite's thread included)"


async def start_games(quizzes: Quizzes, channels: int) -> list[Session]:
    sessions = []
    for channel in range(channels):
        request = GameRequest(
            guild_of(channel), channel, mode=Mode.TYPED, questions=QUESTIONS,
            time_limit=TIME_LIMIT, started_by=player(channel, 0),
        )  # fmt: skip
        sessions.append(await quizzes.start(request, render))
    return sessions


async def measure_memory(quizzes: Quizzes, channels: int) -> list[Session]:
    """Start the games under tracemalloc; print what they hold per game."""
    # Warm-up: a first game pays one-time costs (statement cache, lazy imports, ...).
    await (await start_games(quizzes, 1))[0].interrupt()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    gc.collect()
    base, _ = tracemalloc.get_traced_memory()
    started = time.perf_counter()
    sessions = await start_games(quizzes, channels)
    took = time.perf_counter() - started
    gc.collect()
    held, _ = tracemalloc.get_traced_memory()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()

    ignore = [
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
        tracemalloc.Filter(False, "<unknown>"),
    ]
    diff = after.filter_traces(ignore).compare_to(before.filter_traces(ignore), "lineno")
    snapshot_bytes = sum(stat.size_diff for stat in diff)
    running = len(quizzes.sessions)
    print(
        f"\n1. Memory per running game ({running} sessions in Quizzes.sessions, before answering)"
    )
    print(f"   started {channels} games in {took:.2f} s (under tracemalloc, so slower than real)")
    print(f"   traced-memory delta:  {(held - base) / running / 1024:6.2f} KB per game")
    print(f"   snapshot difference:  {snapshot_bytes / running / 1024:6.2f} KB per game")
    print("   where it goes (snapshot difference by line, bytes per game):")
    for stat in sorted(diff, key=lambda s: -abs(s.size_diff))[:8]:
        frame = stat.traceback[0]
        where = f"{'/'.join(Path(frame.filename).parts[-2:])}:{frame.lineno}"
        code = linecache.getline(frame.filename, frame.lineno).strip()[:60]
        print(f"     {stat.size_diff / running:6.0f}  {where:<28} {code}")
    per_game_kb = snapshot_bytes / running / 1024
    print(f"   {verdict(per_game_kb <= TARGET_KB)} a few KB per game (<= {TARGET_KB:.0f} KB): "
          f"{per_game_kb:.2f} KB")  # fmt: skip
    return sessions


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


async def answer_all(
    kb: KnowledgeBase, sessions: Sequence[Session], answers_per_channel: int
) -> Tally:
    """Per channel: wrong answers from several players, then the right one; all at once."""
    tally = Tally()
    wrong_count = max(0, answers_per_channel - 1)
    players = max(PLAYERS, -(-wrong_count // 2))  # nobody uses more than 2 of 3 tries

    async def channel_answers(session: Session) -> None:
        wrong = kb.questions[session.question_id].wrong
        channel = session.channel_id
        for i in range(wrong_count):
            await tally.answer(kb, session, player(channel, i % players), wrong[i % len(wrong)])
        right = kb.questions[session.question_id].answers[0]
        await tally.answer(kb, session, player(channel, wrong_count % players), right)

    started = time.perf_counter()
    await asyncio.gather(*(channel_answers(s) for s in sessions))
    tally.elapsed = time.perf_counter() - started
    return tally


async def answer_right(kb: KnowledgeBase, sessions: Sequence[Session]) -> Tally:
    """Every channel answers its open question correctly, once, all at once."""
    tally = Tally()

    async def channel_answer(session: Session) -> None:
        right = kb.questions[session.question_id].answers[0]
        await tally.answer(kb, session, player(session.channel_id, PLAYERS), right)

    started = time.perf_counter()
    await asyncio.gather(*(channel_answer(s) for s in sessions))
    tally.elapsed = time.perf_counter() - started
    return tally


def percentiles(times: list[float]) -> str:
    if not times:
        return "-"
    ordered = sorted(times)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"


def describe(label: str, tally: Tally) -> None:
    print(f"   {label}: {tally.answers} answers ({tally.wrong} wrong, {tally.correct} correct, "
          f"{tally.refused} refused) in {tally.elapsed:.3f} s")  # fmt: skip
    print(f"     answers checked:  {tally.answers / tally.elapsed:10,.0f} /s")
    print(f"     awards committed: {tally.correct / tally.elapsed:10,.0f} /s "
          f"({tally.points / tally.elapsed:,.0f} points/s)")  # fmt: skip
    print(f"     latency of Session.answer: scoring {percentiles(tally.scoring)}; "
          f"not scoring {percentiles(tally.latencies)}")  # fmt: skip


async def bare(path: Path, rows: list[tuple[object, ...]], *, batched: bool) -> float:
    """Seconds to insert `rows` with bare aiosqlite: one commit per row, or one in all."""
    conn = await aiosqlite.connect(path)  # default isolation: implicit BEGIN before INSERT
    try:
        for pragma in (*PRAGMAS, f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}"):
            await conn.execute(pragma)
        for statement in BARE_SCHEMA:
            await conn.execute(statement)
        await conn.commit()
        started = time.perf_counter()
        if batched:
            await conn.executemany(BARE_INSERT, rows)
            await conn.commit()
        else:
            for row in rows:
                await conn.execute(BARE_INSERT, row)
                await conn.commit()
        return time.perf_counter() - started
    finally:
        await conn.close()


async def baselines(
    folder: Path, rows: list[tuple[object, ...]], repeat: int
) -> tuple[float, float]:
    """Rows per second: (one commit per row, all rows in one commit), best of `repeat`."""
    single = min(
        [await bare(folder / f"single-{n}.db", rows, batched=False) for n in range(repeat)]
    )
    batch = min([await bare(folder / f"batch-{n}.db", rows, batched=True) for n in range(repeat)])
    return len(rows) / single, len(rows) / batch


def checker_rates(checked: Sequence[tuple[str, tuple[str, ...]]]) -> tuple[float, float, float]:
    """is_accepted calls/s: no cache, one pass from empty caches (as the game had), warm."""

    def clear() -> None:
        checker._guess.cache_clear()
        checker._answers.cache_clear()

    started = time.perf_counter()
    for text, accepted in checked:
        clear()
        is_accepted(text, accepted)
    uncached = len(checked) / (time.perf_counter() - started)
    clear()
    started = time.perf_counter()
    for text, accepted in checked:
        is_accepted(text, accepted)
    first_pass = len(checked) / (time.perf_counter() - started)
    started = time.perf_counter()
    for text, accepted in checked:
        is_accepted(text, accepted)
    warm = len(checked) / (time.perf_counter() - started)
    return uncached, first_pass, warm


async def run(
    folder: Path, channels: int, answers_per_channel: int, repeat: int, *, pinned: bool
) -> None:
    kb = load(BUNDLED_FACTS)
    path = folder / "yutu.db"
    storage = await Storage.open(path)
    quizzes = Quizzes(kb, storage, rng=random.Random(7), reveal_pause=0.0)
    try:
        sessions = await measure_memory(quizzes, channels)
        checker._guess.cache_clear()  # the game phase starts with empty checker caches
        checker._answers.cache_clear()
        mixed = await answer_all(kb, sessions, answers_per_channel)
        burst = await answer_right(kb, sessions)
    finally:
        interrupted = await quizzes.interrupt_all()  # cancels every timer task
        await storage.close()

    with contextlib.closing(sqlite3.connect(path)) as db:
        count, points = db.execute(
            "SELECT count(*), coalesce(sum(points), 0) FROM awards"
        ).fetchone()
        rows = db.execute(f"SELECT {AWARD_COLUMNS} FROM awards ORDER BY id").fetchall()
    announced = mixed.correct + burst.correct
    announced_points = mixed.points + burst.points

    print(f"\n2. Answers through Session.answer ({channels} channels at once, "
          f"{answers_per_channel} answers each, real SQLite file)")  # fmt: skip
    describe("wrong answers, then the right one", mixed)
    describe("burst, every answer correct", burst)
    same = count == announced and points == announced_points
    print(f"   awards in the database: {count} ({points} points); Correct events: {announced} "
          f"({announced_points} points): {'match' if same else 'MISMATCH'}")  # fmt: skip
    print(f"   {interrupted} games interrupted at the end, timers cancelled")

    single, batch = await baselines(folder, rows[: mixed.correct], repeat)
    mixed_rate = mixed.answers / mixed.elapsed
    mixed_awards = mixed.correct / mixed.elapsed
    burst_awards = burst.correct / burst.elapsed
    print(f"\n3. Baseline: bare aiosqlite, the same {mixed.correct} award rows, same PRAGMAs "
          f"(best of {repeat})")  # fmt: skip
    print(f"   INSERT + commit per row:          {single:10,.0f} rows/s")
    print(f"   all rows, one executemany+commit: {batch:10,.0f} rows/s")
    print(f"   Yutu answers/s / per-row commit:       {mixed_rate / single:6.2f}")
    print(f"   Yutu awards/s (mixed) / per-row commit: {mixed_awards / single:6.2f}")
    print(f"   Yutu awards/s (burst) / per-row commit: {burst_awards / single:6.2f}")
    print(f"   Yutu awards/s (burst) / batched:        {burst_awards / batch:6.4f}")
    print("   (each Yutu award also upserts the player's totals, validates the game, runs the")
    print("    checker and engine, and asks + records the next question in its own transaction)")

    uncached, first_pass, warm = checker_rates(mixed.checked)
    share = mixed_rate / first_pass
    print(f"\n4. Checker only: is_accepted on the same {len(mixed.checked)} answer texts")
    print(f"   no cache (cleared every call):     {uncached:10,.0f} calls/s")
    print(
        f"   one pass from empty caches:        {first_pass:10,.0f} calls/s (as in the game phase)"
    )
    print(f"   warm caches:                       {warm:10,.0f} calls/s")
    print(f"   checking is ~{share:.0%} of the time per answer in the game phase; "
          "the rest is engine, session and storage")  # fmt: skip

    print("\nTargets")
    where = "on one core" if pinned else "(not pinned to one core: --all-cores)"
    print(f"   {verdict(mixed_rate >= TARGET_ANSWERS)} >= {TARGET_ANSWERS:,.0f} answers/s checked "
          f"and committed {where}: {mixed_rate:,.0f} answers/s")  # fmt: skip
    strict = f"{TARGET_ANSWERS:,.0f} correct answers/s, each committed"
    print(f"   {verdict(burst_awards >= TARGET_ANSWERS)} (strict reading) >= {strict}: "
          f"{burst_awards:,.0f}/s")  # fmt: skip
    if not same:
        raise SystemExit("the database does not hold the awards that were announced")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--answers-per-channel", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="baseline runs; best is kept")
    parser.add_argument("--all-cores", action="store_true", help="do not pin to one CPU")
    args = parser.parse_args()
    if args.channels < 1 or args.answers_per_channel < 1:
        parser.error("--channels and --answers-per-channel must be at least 1")
    cores = "all cores" if args.all_cores else pin_one_core()
    print(f"Yutu quiz bench: {args.channels} channels x {args.answers_per_channel} answers; "
          f"{cores}")  # fmt: skip
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        await run(
            Path(tmp), args.channels, args.answers_per_channel, args.repeat,
            pinned=not args.all_cores,
        )  # fmt: skip
    print(f"\ndone in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
