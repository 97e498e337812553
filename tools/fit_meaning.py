"""Fit when the fact closest in meaning answers: the thresholds under "meaning" in
bot/knowledge/weights.json (`answer.choose` reads them).

Training questions:
- the dev half of the real English question set (tests/data/real_questions.yaml, split
  by origin; bot/knowledge/evaluation.py), each fold of pages asked of a base without
  the phrasings close to its questions, so that they count as new questions;
- the lines of tools/offtopic.txt, which must be declined;
- the English questions of tests/data/questions.yaml, in the style of a chat channel.
The test half of the real set and bench/data/holdout.yaml are never read here.

Every combination of the grid below is tried with `answer.choose` itself; the one with
the most right answers wins, if in each group (the real questions with the off-topic
lines, the chat-style set) at most 3% are wrong, or no more than by words alone, and no
more declines are answered than by words alone (ties: the stricter thresholds).
Cross-validation by page folds reports how that choice does on pages it was not chosen
on. `suggest_at` (when a close fact is suggested on a decline) is not fitted:
suggestions are not answers.

    python tools/fit_meaning.py            # fit and report
    python tools/fit_meaning.py --write    # ... and write the thresholds
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from bot.config import BUNDLED_FACTS
from bot.knowledge.answer import MEANING, Answerer, choose
from bot.knowledge.evaluation import load_lines, load_set, unseen_folds
from bot.knowledge.loader import load
from bot.knowledge.meaning import Closeness

ROOT = Path(__file__).resolve().parent.parent
OFFTOPIC = Path(__file__).with_name("offtopic.txt")
REAL = ROOT / "tests" / "data" / "real_questions.yaml"
CHAT = ROOT / "tests" / "data" / "questions.yaml"
OUTPUT = ROOT / "bot" / "knowledge" / "weights.json"
FOLDS = 5
MAX_WRONG = 0.03
WORDS_ONLY = {"answer_at": math.inf, "lead": 0.0, "veto": math.inf}
GRID = {
    "answer_at": [round(0.6 + 0.025 * i, 3) for i in range(9)],  # 0.6 .. 0.8
    "lead": [0.0, 0.02, 0.04, 0.06],
    "veto": [0.05, 0.075, 0.1, 0.15, 0.2, math.inf],
}


@dataclass(frozen=True)
class Seen:
    """One question as the answerer sees it, and what would be right."""

    lexical: str | None
    closeness: Closeness
    unopposed: bool
    targets: frozenset[str]  # empty: should be declined
    fold: int
    group: str  # "real" or "chat"


def collect() -> list[Seen]:
    kb = load(BUNDLED_FACTS)
    dev = [i for i in load_set(REAL) if i.split == "dev" and i.lang == "en"]
    asked: list[tuple[Answerer, str, frozenset[str], int, str]] = []
    for fold, (unseen, part) in enumerate(unseen_folds(kb, dev, FOLDS)):
        asked += [(unseen, item.q, item.facts, fold, "real") for item in part]
    answerer = Answerer(kb)
    lines = load_lines(OFFTOPIC)
    asked += [(answerer, line, frozenset(), i % FOLDS, "real") for i, line in enumerate(lines)]
    chat = [i for i in load_set(CHAT) if i.lang == "en"]
    asked += [(answerer, item.q, item.facts, i % FOLDS, "chat") for i, item in enumerate(chat)]
    found = []
    for who, question, targets, fold, group in asked:
        seen = who.evidence(question)
        if seen.closeness is None:
            continue
        lexical = seen.lexical.fact.id if seen.lexical else None
        found.append(Seen(lexical, seen.closeness, seen.unopposed, targets, fold, group))
    return found


@dataclass
class Outcome:
    right: int = 0
    wrong: int = 0
    answerable: int = 0
    answered_declines: int = 0
    declines: int = 0

    def allowed(self, words: Outcome) -> bool:
        return (
            self.wrong <= max(MAX_WRONG * self.answerable, words.wrong)
            and self.answered_declines <= words.answered_declines
        )

    def line(self) -> str:
        n, m = max(self.answerable, 1), max(self.declines, 1)
        return (
            f"right {self.right}/{self.answerable} ({self.right / n:.1%}), "
            f"wrong {self.wrong} ({self.wrong / n:.1%}), "
            f"declines answered {self.answered_declines}/{self.declines} "
            f"({self.answered_declines / m:.1%})"
        )


def outcome(seen: list[Seen], params: dict[str, float]) -> Outcome:
    result = Outcome()
    for s in seen:
        got = choose(s.lexical, s.closeness, s.unopposed, params)
        if s.targets:
            result.answerable += 1
            result.right += got in s.targets
            result.wrong += got is not None and got not in s.targets
        else:
            result.declines += 1
            result.answered_declines += got is not None
    return result


def groups(seen: list[Seen]) -> list[list[Seen]]:
    return [[s for s in seen if s.group == name] for name in ("real", "chat")]


def best(seen: list[Seen]) -> dict[str, float]:
    """The grid point with the most right answers within the limits."""
    ranked = []
    parts = groups(seen)
    words = [outcome(part, WORDS_ONLY) for part in parts]
    for values in itertools.product(*GRID.values()):
        params = dict(zip(GRID, values, strict=True))
        results = [outcome(part, params) for part in parts]
        if all(r.allowed(w) for r, w in zip(results, words, strict=True)):
            # more right first; then stricter: higher answer_at and lead, lower veto
            right = sum(r.right for r in results)
            ranked.append(((right, values[0], values[1], -values[2]), params))
    if not ranked:
        raise SystemExit("no thresholds in the grid keep within the limits")
    return max(ranked, key=lambda r: r[0])[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write into {OUTPUT.name}")
    args = parser.parse_args()
    seen = collect()
    print(f"{len(seen)} questions ({sum(bool(s.targets) for s in seen)} answerable)")
    fitted = best(seen)
    fitted = {k: (v if math.isfinite(v) else 1.0) for k, v in fitted.items()}
    for name, part in zip(("real", "chat"), groups(seen), strict=True):
        print(f"{name}: words alone  ", outcome(part, WORDS_ONLY).line())
        print(f"{name}: in use       ", outcome(part, MEANING).line())
        total = Outcome()
        for fold in range(FOLDS):
            chosen = best([s for s in seen if s.fold != fold])
            held = outcome([s for s in part if s.fold == fold], chosen)
            for field in ("right", "wrong", "answerable", "answered_declines", "declines"):
                setattr(total, field, getattr(total, field) + getattr(held, field))
        print(f"{name}: cross-checked", total.line())
        print(f"{name}: fitted       ", outcome(part, fitted).line())
    print("in use:", MEANING)
    print("fitted:", fitted)
    if args.write:
        data = json.loads(OUTPUT.read_text("utf-8"))
        data["meaning"] = {**fitted, "suggest_at": MEANING["suggest_at"]}
        data["meaning_command"] = "python tools/fit_meaning.py --write"
        OUTPUT.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
