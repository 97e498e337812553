"""Awards committed per second on PostgreSQL with 1, 2 and 4 processes, beside one process
on SQLite, in the same run; and the answer-to-commit latency (p50/p99) under that load.

Run: python bench/bench_storage_pg.py [--channels 200] [--seconds 5] [--url postgresql://...]

Each process is a real `python` subprocess (like one `yutu run --shards ...`), with its own
connection pool, serving its own servers (guild ids on its shard): `--channels` games, each
answered right over and over as fast as the database lets it (a closed loop: the next
answer comes once the previous "correct" could be said). Every `award` returns only once
its point is committed; awards queued meanwhile share a transaction (group commit). The
latency is the time from calling `award` to its return. All processes start together and
run `--seconds`; the totals are summed over processes, the latencies pooled. A second
table offers a steady `--rate` awards/s in all instead (each game answers on a schedule),
which is closer to real play: the latency players would see under that load.

Without --url a throwaway cluster is started (PostgreSQL's default settings, fsync on)
and removed afterwards. SQLite runs on a temporary file with Yutu's PRAGMAs (WAL,
synchronous=NORMAL). On a 2-core machine the server and the processes share the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.storage import open_storage  # noqa: E402


def guild_on_shard(shard: int, count: int, n: int) -> int:
    return ((n * count + shard) << 22) | 1


async def worker(target: str, shard: int, count: int, channels: int, seconds: float,
                 start_at: float, rate: float) -> dict[str, object]:  # fmt: skip
    """`rate` awards/s spread over the channels, or as fast as they commit when 0."""
    db = await open_storage(target if target.startswith("postgres") else Path(target))
    guild = guild_on_shard(shard, count, 1)
    games = [
        await db.start_game(guild, channel, mode="typed", topics="", started_at=0.0)
        for channel in range(channels)
    ]
    latencies: list[float] = []
    await asyncio.sleep(max(0.0, start_at - time.time()))
    deadline = time.perf_counter() + seconds

    async def channel_game(channel: int) -> None:
        i = 0
        interval = channels / rate if rate else 0.0
        due = time.perf_counter() + interval * random.random()
        while time.perf_counter() < deadline:
            if interval:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                due += interval
            user = channel * 10 + i % 3
            began = time.perf_counter()
            await db.award(games[channel], guild, user, f"u{user}", f"q{i}", 3, 1.0 + i, i)
            latencies.append(time.perf_counter() - began)
            i += 1

    started = time.perf_counter()
    await asyncio.gather(*(channel_game(c) for c in range(channels)))
    elapsed = time.perf_counter() - started
    await db.close()
    return {"awards": len(latencies), "seconds": elapsed, "latencies": latencies}


def measure(target: str, processes: int, channels: int, seconds: float, folder: Path,
            rate: float = 0.0) -> tuple[float, float, float, int]:  # fmt: skip
    """(awards/s, p50 ms, p99 ms, awards) with `processes` workers on `target`, offering
    `rate` awards/s in all (as fast as they commit when 0)."""
    start_at = time.time() + 3.0  # time for every worker to start and make its games
    outs = [folder / f"out-{processes}-{i}.json" for i in range(processes)]
    workers = []
    for i, out in enumerate(outs):
        command = [sys.executable, __file__, "--worker", target, str(i), str(processes),
                   str(channels), str(seconds), str(start_at), str(rate / processes),
                   str(out)]  # fmt: skip
        workers.append(subprocess.Popen(command))
    for proc in workers:
        if proc.wait(timeout=seconds + 120) != 0:
            raise RuntimeError(f"a worker failed with exit code {proc.returncode}")
    results = [json.loads(out.read_text()) for out in outs]
    total = sum(r["awards"] for r in results)
    rate = sum(r["awards"] / r["seconds"] for r in results)
    latencies = sorted(x for r in results for x in r["latencies"])
    cuts = statistics.quantiles(latencies, n=100)
    return rate, cuts[49] * 1000, cuts[98] * 1000, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=200, help="games per process")
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each run lasts")
    parser.add_argument("--processes", default="1,2,4", help="PostgreSQL process counts")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway one)")
    parser.add_argument(
        "--rate",
        type=float,
        default=2000.0,
        help="awards/s offered in all for the steady-load latency table",
    )
    parser.add_argument("--worker", nargs=8, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        target, shard, count, channels, seconds, start_at, rate, out = args.worker
        result = asyncio.run(worker(target, int(shard), int(count), int(channels),
                                    float(seconds), float(start_at), float(rate)))  # fmt: skip
        Path(out).write_text(json.dumps(result))
        return

    from tests.pgserver import Cluster

    cluster = None if args.url else Cluster.start(fsync=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            print(f"{args.channels} games per process, each answering as fast as awards "
                  f"commit, {args.seconds:g} s per run")  # fmt: skip
            print(f"{'backend':<12}{'processes':>10}{'awards/s':>12}{'p50 ms':>9}{'p99 ms':>9}")
            rows = [("SQLite", 1, str(folder / "bench.db"))]
            for count in (int(n) for n in args.processes.split(",")):
                url = args.url or cluster.create_database()  # type: ignore[union-attr]
                rows.append(("PostgreSQL", count, url))
            for name, count, target in rows:
                rate, p50, p99, _ = measure(target, count, args.channels, args.seconds, folder)
                print(f"{name:<12}{count:>10}{rate:>12,.0f}{p50:>9.1f}{p99:>9.1f}", flush=True)
            print(f"\nsteady load: {args.rate:,.0f} awards/s offered in all, spread over the "
                  "processes' games")  # fmt: skip
            print(f"{'backend':<12}{'processes':>10}{'awards/s':>12}{'p50 ms':>9}{'p99 ms':>9}")
            for name, count, target in rows:
                rate, p50, p99, _ = measure(target, count, args.channels, args.seconds, folder,
                                            args.rate)  # fmt: skip
                print(f"{name:<12}{count:>10}{rate:>12,.0f}{p50:>9.1f}{p99:>9.1f}", flush=True)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
