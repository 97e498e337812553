"""How many awards per second Storage.award commits, against bare aiosqlite.

Run: python bench/bench_storage.py [--channels 1000] [--awards 5]

1,000 "channels" each award points one after another (as a game does), all channels
at once. Storage.award runs a full transaction per call (BEGIN IMMEDIATE, insert the
award, upsert the player, COMMIT). The baseline is bare aiosqlite on a file with the
same PRAGMAs: one INSERT + commit() per award with no lock, so concurrent tasks share
implicit transactions (fewer commits than awards: cheaper, and no per-award guarantee).
A locked baseline (one INSERT transaction per award, like Storage) is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
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


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--awards", type=int, default=5, help="awards per channel")
    args = parser.parse_args()
    total = args.channels * args.awards
    print(f"{total} awards: {args.channels} concurrent channels x {args.awards} awards each")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        storage = total / await bench_storage(folder / "storage.db", args.channels, args.awards)
        bare = total / await bench_bare(folder / "bare.db", args.channels, args.awards, locked=False)
        locked = total / await bench_bare(
            folder / "locked.db", args.channels, args.awards, locked=True
        )
    print(f"Storage.award (1 transaction per award):      {storage:10,.0f} awards/s")
    print(f"bare aiosqlite INSERT + commit (shared txns):  {bare:10,.0f} awards/s")
    print(f"bare aiosqlite INSERT + commit under a lock:   {locked:10,.0f} awards/s")
    print(f"ratio Storage / bare: {storage / bare:.2f}   Storage / bare-locked: {storage / locked:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
