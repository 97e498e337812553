"""Answer quality on every question set: right, wrong and declined, beside a BM25 baseline.

Yutu is measured twice: as it ships (words and meaning), and by words alone (what it
does without the meaning model, or with YUTU_MODEL=off).

The baseline is plain BM25 over each fact's text + asks + keywords (the same words and
stemming as Yutu), answering with the best-scoring fact whenever any word matches. Real
question sets are reported per half (dev: may be tuned on; test: never) and language.

    python bench/bench_quality.py [--misses] [--split dev|test]

--misses lists Yutu's misses on the quality and held-out sets and on the dev half of the
real sets; the test half's misses stay hidden (tuning must not see them) unless
--show-test-misses is given too.
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bot.config import BUNDLED_FACTS
from bot.knowledge.answer import Answerer
from bot.knowledge.evaluation import (
    Item,
    Tally,
    load_set,
    tally,
    unseen_folds,
)
from bot.knowledge.loader import load
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.text import content, words

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "quality set": ROOT / "tests" / "data" / "questions.yaml",
    "held-out set": ROOT / "bench" / "data" / "holdout.yaml",
    "held-out set (zh)": ROOT / "bench" / "data" / "holdout_zh.yaml",
    "real (en)": ROOT / "tests" / "data" / "real_questions.yaml",
    "real (zh)": ROOT / "tests" / "data" / "real_questions_zh.yaml",
}


def bm25(kb: KnowledgeBase, k1: float = 1.2, b: float = 0.75) -> Callable[[str], str | None]:
    """Plain BM25 over text + asks + keywords; answers whenever any word matches."""
    docs = {
        fid: Counter(content(words(" ".join((f.text, *f.asks, *f.keywords)))))
        for fid, f in kb.facts.items()
    }
    avg = sum(sum(d.values()) for d in docs.values()) / len(docs)
    df = Counter(t for d in docs.values() for t in d)
    idf = {t: math.log(1 + (len(docs) - n + 0.5) / (n + 0.5)) for t, n in df.items()}

    def ask(question: str) -> str | None:
        terms = set(content(words(question)))
        best, best_score = None, 0.0
        for fid, d in docs.items():
            size = sum(d.values())
            score = sum(
                idf[t] * d[t] * (k1 + 1) / (d[t] + k1 * (1 - b + b * size / avg))
                for t in terms
                if t in d
            )
            if score > best_score:
                best, best_score = fid, score
        return best

    return ask


def groups(label: str, items: list[Item]) -> list[tuple[str, list[Item]]]:
    if not any(i.origin for i in items):
        return [(label, items)]
    found = []
    for split in ("dev", "test"):
        for lang in sorted({i.lang for i in items}):
            part = [i for i in items if i.split == split and i.lang == lang]
            if part:
                found.append((f"{label} {split} {lang}", part))
    return found


def asker(
    answerer: Answerer,
) -> tuple[Callable[[str], str | None], Callable[[str], list[str]]]:
    """Yutu's answer to a question (a fact id or None), and the facts a decline suggests."""

    def ask(question: str) -> str | None:
        fact = answerer.ask(question).fact
        return fact.id if fact else None

    def suggest(question: str) -> list[str]:
        return [f.id for f in answerer.ask(question).suggestions]

    return ask, suggest


def held_out(kb: KnowledgeBase, items: list[Item], folds: int = 5) -> Tally:
    """Yutu on dev questions as if unseen: each fold of pages is asked of a base without
    the phrasings close to its questions."""
    result = Tally()
    for answerer, fold in unseen_folds(kb, items, folds):
        ask, suggest = asker(answerer)
        part = tally(ask, fold, suggest)
        for name in ("right", "wrong", "declined", "suggested", "declined_ok", "answered_anyway"):
            setattr(result, name, getattr(result, name) + getattr(part, name))
        result.misses += part.misses
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every miss of Yutu")
    parser.add_argument("--split", choices=["dev", "test"], help="only this half of real sets")
    parser.add_argument(
        "--show-test-misses", action="store_true", help="with --misses, list test-half misses too"
    )
    args = parser.parse_args()
    kb = load(BUNDLED_FACTS)
    ask, suggest = asker(Answerer(kb))
    words_ask, words_suggest = asker(Answerer(kb, meaning=False))

    baseline = bm25(kb)
    print(f"Bundled base: {len(kb.facts)} facts")
    for label, path in SETS.items():
        if not path.exists():
            continue
        for name, items in groups(label, load_set(path)):
            if args.split and args.split not in name and "real" in name:
                continue
            ours = tally(ask, items, suggest)
            print(ours.line(f"{name}: yutu"))
            print(tally(words_ask, items, words_suggest).line(f"{name}: words"))
            print(tally(baseline, items).line(f"{name}: bm25"))
            if " dev " in name:
                print(held_out(kb, items).line(f"{name}: unseen"))
            if args.misses and " test " in name and not args.show_test_misses:
                print("    (test-half misses hidden)")
            elif args.misses:
                print(*(f"    {m}" for m in ours.misses), sep="\n")


if __name__ == "__main__":
    main()
