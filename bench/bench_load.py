"""How long loading and validating the whole fact base takes, beside a bare yaml.safe_load
of the same files (no validation, no line numbers) in the same run. Prints numbers only.

    python bench/bench_load.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import time

import yaml

from bot.config import BUNDLED_FACTS
from bot.knowledge.answer import Answerer
from bot.knowledge.loader import fact_files, load

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def timed(fn: object, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    files = fact_files([BUNDLED_FACTS])
    size = sum(f.stat().st_size for f in files)
    kb = load(BUNDLED_FACTS)
    print(f"{len(files)} files, {size / 1024:.0f} KB, {len(kb.facts)} facts, "
          f"{len(kb.questions)} questions")  # fmt: skip
    rows = {
        "yutu load + validate": timed(lambda: load(BUNDLED_FACTS), args.repeat),
        "bare yaml.safe_load": timed(
            lambda: [yaml.safe_load(f.read_text("utf-8")) for f in files], args.repeat
        ),
        "bare yaml.load (libyaml)": timed(
            lambda: [yaml.load(f.read_text("utf-8"), Loader=LOADER) for f in files], args.repeat
        ),
        "answer index build": timed(lambda: Answerer(kb), args.repeat),
        "  by words only": timed(lambda: Answerer(kb, meaning=False), args.repeat),
    }
    for label, times in rows.items():
        print(f"  {label:<22} median {statistics.median(times) * 1000:8.1f} ms   "
              f"min {min(times) * 1000:8.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
