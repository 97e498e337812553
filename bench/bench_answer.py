"""Answer latency, throughput and accuracy: Yutu's answerer against naive baselines.

Baselines: rapidfuzz `process.extractOne` over every fact's text, and difflib's
`get_close_matches`. Runs on the bundled base (with the quality set) and on synthetic
bases of 10k and 100k facts. Prints numbers; asserts nothing.

    python bench/bench_answer.py [--sizes 10000 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import difflib
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from bot.config import BUNDLED_FACTS
from bot.knowledge.answer import Answerer
from bot.knowledge.loader import load
from bot.knowledge.model import Difficulty, Fact, KnowledgeBase, Question, Topic

QUALITY = Path(__file__).resolve().parent.parent / "tests" / "data" / "questions.yaml"
# Written later, from the facts' texts alone, and never used to tune the answerer.
HOLDOUT = Path(__file__).resolve().parent / "data" / "holdout.yaml"
NAMES = ["orbis", "selene", "kaguya", "tycho", "vega", "lyra", "draco", "ursa", "hydra", "cetus"]


def timed(fn: Callable[[str], object], queries: list[str]) -> tuple[list[float], list[object]]:
    times, results = [], []
    for q in queries:
        start = time.perf_counter()
        results.append(fn(q))
        times.append(time.perf_counter() - start)
    return times, results


def summary(label: str, times: list[float], correct: int | None = None, n: int = 0) -> str:
    med = statistics.median(times) * 1000
    p99 = sorted(times)[max(0, int(len(times) * 0.99) - 1)] * 1000
    rate = len(times) / sum(times)
    acc = f"  top-1 {correct / n:6.1%}" if correct is not None and n else ""
    return f"  {label:<22} median {med:8.3f} ms  p99 {p99:8.3f} ms  {rate:9.1f} q/s{acc}"


def baselines(kb: KnowledgeBase) -> tuple[Callable[[str], str], Callable[[str], str]]:
    ids = list(kb.facts)
    texts = [kb.facts[i].text.lower() for i in ids]
    by_text = dict(zip(texts, ids, strict=True))

    def extract_one(q: str) -> str:
        match = process.extractOne(q.lower(), texts, scorer=fuzz.WRatio)
        return by_text[match[0]] if match else ""

    def close_matches(q: str) -> str:
        found = difflib.get_close_matches(q.lower(), texts, n=1, cutoff=0.0)
        return by_text[found[0]] if found else ""

    return extract_one, close_matches


def real_base() -> None:
    kb = load(BUNDLED_FACTS)
    answerers = {"yutu answerer": Answerer(kb), "yutu, words only": Answerer(kb, meaning=False)}
    for label, path in (("quality set", QUALITY), ("held-out set", HOLDOUT)):
        data = yaml.safe_load(path.read_text("utf-8"))
        questions = [item["q"] for item in data["answer"]]
        expected = [set(item["facts"]) for item in data["answer"]]
        print(f"Bundled base: {len(kb.facts)} facts; {label} {path.name}: "
              f"{len(questions)} questions, {len(data['decline'])} to decline")  # fmt: skip
        for name, answerer in answerers.items():
            times, results = timed(answerer.ask, questions)
            correct = sum(
                r.fact is not None and r.fact.id in e
                for r, e in zip(results, expected, strict=True)
            )
            print(summary(name, times, correct, len(questions)))
            declined = sum(not answerer.ask(q).answered for q in data["decline"])
            print(f"  {'':<22} declines {declined}/{len(data['decline'])} "
                  f"({declined / len(data['decline']):.1%})")  # fmt: skip
        for name, fn in zip(("rapidfuzz extractOne", "difflib"), baselines(kb), strict=True):
            times, results = timed(fn, questions)
            correct = sum(r in e for r, e in zip(results, expected, strict=True))
            print(summary(name, times, correct, len(questions)) + "  (never declines)")


def synthetic(size: int, rng: random.Random) -> tuple[KnowledgeBase, list[tuple[str, str]]]:
    syllables = ["ka", "lo", "mi", "ra", "tu", "ven", "sor", "pel", "qui", "dan", "zo", "rim"]
    vocab = list({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(8000)})
    facts, probes = [], []
    for n in range(size):
        name, number = rng.choice(NAMES), rng.randint(1, 400)
        words = rng.sample(vocab, 9)
        text = f"{name.title()}-{number} " + " ".join(words) + "."
        asks = tuple(f"{name} {number} " + " ".join(rng.sample(words, 4)) for _ in range(3))
        fact = Fact(f"syn-{n}", "synthetic", text, asks, tuple(words[:3]), "https://example.org")
        facts.append(fact)
        if len(probes) < 2000:
            probes.append((f"{name} {number} " + " ".join(rng.sample(words, 3)), fact.id))
    question = Question(
        "syn-q", "synthetic", "?", ("x",), ("a", "b", "c"), Difficulty.EASY, "syn-0"
    )
    topic = Topic("synthetic", "Synthetic", (), "synthetic", tuple(facts), (question,))
    return KnowledgeBase.from_topics([topic]), probes


def synthetic_run(size: int, queries: int, rng: random.Random) -> None:
    kb, probes = synthetic(size, rng)
    start = time.perf_counter()
    # by words only: meaning would first encode every phrasing (hours at this size)
    answerer = Answerer(kb, meaning=False)
    print(f"\nSynthetic base: {size} facts (index built in {time.perf_counter() - start:.1f} s; "
          "words only)")  # fmt: skip
    sample = rng.sample(probes, min(queries, len(probes)))
    questions = [q for q, _ in sample]
    expected = [e for _, e in sample]
    times, results = timed(answerer.ask, questions)
    ours = statistics.median(times)
    correct = sum(
        r.fact is not None and r.fact.id == e for r, e in zip(results, expected, strict=True)
    )
    print(summary("yutu answerer", times, correct, len(questions)))
    extract_one, close_matches = baselines(kb)
    few = max(5, queries // (size // 1000))
    for label, fn, n in (("rapidfuzz extractOne", extract_one, few), ("difflib", close_matches, 3)):
        times, results = timed(fn, questions[:n])
        correct = sum(r == e for r, e in zip(results, expected[:n], strict=True))
        line = summary(label, times, correct, n)
        print(f"{line}  ({n} queries; yutu is {statistics.median(times) / ours:.0f}x faster)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    real_base()
    rng = random.Random(7)
    for size in args.sizes:
        synthetic_run(size, args.queries, rng)


if __name__ == "__main__":
    main()
