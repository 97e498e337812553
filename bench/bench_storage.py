"""How many awards per second Storage.award commits, against bare aiosqlite.

Run: python bench/bench_storage.py [--channels 1000] [--awards 5]

1,000 "channels" each award points one after another (as a game does), all channels
at once; then a single channel alone (latency-bound). Storage.award returns only once its
award (insert + player upsert) is committed; awards queued meanwhile share a transaction
(group commit). The baseline is bare aiosqlite on a file with the same PRAGMAs: INSERT +
commit() per award with no lock, so concurrent tasks share implicit transactions by
accident (one task's commit saves other tasks' statements; no multi-statement atomicity).
A locked baseline, one transaction per award as a naive Storage would do, is printed too.
Each figure is the best of --repeat runs on a fresh file.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiosqlite

from bot.storage import Storage
from bot.storage.opening import BUSY_TIMEOUT_MS, PRAGMAS

GUILD = 1


async def bench_storage(path: Path, channels: int, awards: int) -> float:
    async with await Storage.open(path) as db:
        games = [
            await db.start_game(GUILD, channel, mode="typed", topics="", started_at=0.0)
            for channel in range(channels)
        ]

        async def channel_game(channel: int) -> None:
            for i in range(awards):
                user = channel * 10 + i % 3
                await db.award(games[channel], GUILD, user, f"u{user}", f"q{i}", 3, 1.0 + i, i)

        started = time.perf_counter()
        await asyncio.gather(*(channel_game(c) for c in range(channels)))
        return time.perf_counter() - started


async def bench_bare(path: Path, channels: int, awards: int, *, locked: bool) -> float:
    conn = await aiosqlite.connect(path)  # default isolation: implicit BEGIN before INSERT
    for pragma in (*PRAGMAS, f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}"):
        await conn.execute(pragma)
    await conn.execute(
        "CREATE TABLE awards (id INTEGER PRIMARY KEY, game_id INTEGER, guild_id INTEGER,"
        " user_id INTEGER, question_id TEXT, points INTEGER, at REAL)"
    )
    await conn.commit()
    lock = asyncio.Lock() if locked else None

    async def insert(channel: int, i: int) -> None:
        await conn.execute(
            "INSERT INTO awards (game_id, guild_id, user_id, question_id, points, at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (channel, GUILD, channel * 10 + i % 3, f"q{i}", 3, 1.0 + i),
        )
        await conn.commit()

    async def channel_game(channel: int) -> None:
        for i in range(awards):
            if lock is None:
                await insert(channel, i)
            else:
                async with lock:
                    await insert(channel, i)

    try:
        started = time.perf_counter()
        await asyncio.gather(*(channel_game(c) for c in range(channels)))
        return time.perf_counter() - started
    finally:
        await conn.close()


async def best(repeat: int, measure: Callable[[int], Awaitable[float]]) -> float:
    return min([await measure(attempt) for attempt in range(repeat)])


async def run(folder: Path, channels: int, awards: int, repeat: int) -> None:
    total = channels * awards
    print(f"{total} awards: {channels} concurrent channel(s) x {awards} awards each")
    tag = f"{channels}x{awards}"

    async def storage_run(n: int) -> float:
        return await bench_storage(folder / f"storage-{tag}-{n}.db", channels, awards)

    async def bare_run(n: int) -> float:
        return await bench_bare(folder / f"bare-{tag}-{n}.db", channels, awards, locked=False)

    async def locked_run(n: int) -> float:
        return await bench_bare(folder / f"locked-{tag}-{n}.db", channels, awards, locked=True)

    storage = total / await best(repeat, storage_run)
    bare = total / await best(repeat, bare_run)
    locked = total / await best(repeat, locked_run)
    print(f"  Storage.award (committed on return):    {storage:10,.0f} awards/s")
    print(f"  bare aiosqlite INSERT + commit:         {bare:10,.0f} awards/s")
    print(f"  bare, one award at a time (with lock):  {locked:10,.0f} awards/s")
    print(f"  ratio Storage / bare: {storage / bare:.2f}")
    print(f"  ratio Storage / bare one at a time: {storage / locked:.2f}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--awards", type=int, default=20, help="awards per channel")
    parser.add_argument("--solo", type=int, default=5000, help="awards by a lone channel")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; best is kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        await run(Path(tmp), args.channels, args.awards, args.repeat)
        await run(Path(tmp), 1, args.solo, args.repeat)


if __name__ == "__main__":
    asyncio.run(main())
