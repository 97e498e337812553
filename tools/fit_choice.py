"""Fit which fact Yutu states when it reads a question by meaning too: the model under
"choice" in bot/knowledge/weights.json (`answer.choose` applies it).

The words' sure answer stands unless the meaning puts another fact more than `veto`
closer. Otherwise each of the first few facts by words and by meaning
(`answer.Evidence.options`) gets a chance of answering from what the words and the
meaning say of it (a logistic model), and the likeliest stateable one is stated when
that chance reaches `answer_at`.

Training questions:
- the dev half of the real English question set (tests/data/real_questions.yaml, split
  by origin; bot/knowledge/evaluation.py), each fold of pages asked of a base without
  the phrasings close to its questions, so that they count as new questions;
- the lines of tools/offtopic.txt, which must be declined;
- the English questions of tests/data/questions.yaml, in the style of a chat channel.
The test half of the real set and bench/data/holdout*.yaml are never read here.

The model's weights are an L2-regularized logistic regression (Newton steps on
standardized signals, stored unstandardized), fitted on the real questions and the
off-topic lines only: the chat-style set's phrasings were written from its questions, so
there the words are sure far more often than on a new question. `veto` and `answer_at`
come from a grid: the most right answers on the real questions, if at most 3% of them
are wrong, the chat-style set has at most 3% wrong (or no more than by words alone), and
neither answers more of its declines than the words alone. Cross-validation by page
folds reports how the whole fit does on pages it never saw. `suggest_at` (when a close
fact is suggested on a decline) is not fitted: suggestions are not answers.

    python tools/fit_choice.py            # fit and report
    python tools/fit_choice.py --write    # ... and write the model
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.config import BUNDLED_FACTS
from bot.knowledge.answer import CHOICE, Answerer, Option, choose
from bot.knowledge.evaluation import Item, Tally, load_lines, load_set, tally, unseen_folds
from bot.knowledge.loader import load
from bot.knowledge.meaning import INSTALL

ROOT = Path(__file__).resolve().parent.parent
OFFTOPIC = Path(__file__).with_name("offtopic.txt")
REAL = ROOT / "tests" / "data" / "real_questions.yaml"
CHAT = ROOT / "tests" / "data" / "questions.yaml"
OUTPUT = ROOT / "bot" / "knowledge" / "weights.json"
FOLDS = 5
MAX_WRONG = 0.03
L2 = 3.0
SIGNALS = (
    "words", "words_best", "words_lead", "meaning", "meaning_best", "meaning_lead",
    "on_subject", "unopposed",
)  # fmt: skip
THRESHOLDS = [round(0.3 + 0.025 * i, 3) for i in range(27)]  # 0.3 .. 0.95
VETOES = [0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 2.0]  # 2: the meaning never overrules


@dataclass(frozen=True)
class Seen:
    """One question's options, the words' own answer, and the question with its key."""

    options: list[Option]
    lexical: str | None
    item: Item
    fold: int
    group: str  # "real" (with the off-topic lines) or "chat"


def collect() -> list[Seen]:
    kb = load(BUNDLED_FACTS)
    answerer = Answerer(kb)
    if answerer.meaning is None:
        raise SystemExit(
            f"the meaning model is not installed ({INSTALL}) or YUTU_MODEL is off: "
            "there is no choice between words and meaning to fit"
        )
    dev = [i for i in load_set(REAL) if i.split == "dev" and i.lang == "en"]
    asked: list[tuple[Answerer, Item, int, str]] = []
    for fold, (unseen, part) in enumerate(unseen_folds(kb, dev, FOLDS)):
        asked += [(unseen, item, fold, "real") for item in part]
    lines = load_lines(OFFTOPIC)
    asked += [(answerer, Item(line, frozenset(), in_subject=False), i % FOLDS, "real")
              for i, line in enumerate(lines)]  # fmt: skip
    chat = [i for i in load_set(CHAT) if i.lang == "en"]
    asked += [(answerer, item, i % FOLDS, "chat") for i, item in enumerate(chat)]
    found = []
    for who, item, fold, group in asked:
        seen = who.evidence(item.q)
        if seen.closeness is None:
            continue
        lexical = seen.lexical.fact.id if seen.lexical else None
        found.append(Seen(seen.options(), lexical, item, fold, group))
    return found


def fit(seen: list[Seen]) -> dict:
    """The logistic model's weights and bias over every option of `seen`."""
    rows = [o for s in seen for o in s.options]
    x = np.array([[o.signals[n] for n in SIGNALS] for o in rows])
    y = np.array([o.candidate.fact.id in s.item.facts for s in seen for o in s.options], float)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    x = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.diag([L2] * len(SIGNALS) + [0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        step = np.linalg.solve((x * (p * (1 - p))[:, None]).T @ x + penalty,
                               x.T @ (p - y) + penalty @ w)  # fmt: skip
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = w[:-1] / scale
    return {
        "weights": {n: round(float(v), 4) for n, v in zip(SIGNALS, weights, strict=True)},
        "bias": round(float(w[-1] - weights @ mean), 4),
    }


def allowed(result: Tally, words: Tally, *, lenient: bool = False) -> bool:
    """At most 3% wrong (`lenient`: or no more than by `words` alone), and no more
    declines answered than by `words` alone."""
    return (
        result.wrong <= max(MAX_WRONG * result.answerable, words.wrong if lenient else 0)
        and result.answered_anyway <= words.answered_anyway
    )


def outcome(seen: list[Seen], picks: list[str | None]) -> Tally:
    """How `picks` (a fact or None per question of `seen`) fare against the answer keys."""
    answers = iter(picks)
    return tally(lambda _question: next(answers), [s.item for s in seen])


def picks(seen: list[Seen], choice: dict) -> list[str | None]:
    chosen = [choose(s.options, s.lexical, choice) for s in seen]
    return [c[0].fact.id if c else None for c in chosen]


def words_alone(seen: list[Seen]) -> Tally:
    return outcome(seen, [s.lexical for s in seen])


def fitted(seen: list[Seen]) -> dict:
    """The model fitted on the real questions of `seen`, with the thresholds that answer
    most of them right within the limits, on the real and on the chat-style questions."""
    model = fit([s for s in seen if s.group == "real"])
    parts = [[s for s in seen if s.group == name] for name in ("real", "chat")]
    words = [words_alone(part) for part in parts]
    best = None
    for veto, answer_at in itertools.product(VETOES, THRESHOLDS):
        choice = {**model, "veto": veto, "answer_at": answer_at}
        results = [outcome(part, picks(part, choice)) for part in parts]
        within = allowed(results[0], words[0]) and allowed(results[1], words[1], lenient=True)
        # most right on the real questions, then on the chat-style; then the stricter
        rank = (results[0].right, results[1].right, answer_at, -veto)
        if within and (best is None or rank > best[0]):
            best = (rank, choice)
    if best is None:
        raise SystemExit("no thresholds keep within the limits")
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write into {OUTPUT.name}")
    args = parser.parse_args()
    seen = collect()
    print(f"{len(seen)} questions ({sum(bool(s.item.facts) for s in seen)} answerable)")
    model = fitted(seen)
    checked = {}
    for fold in range(FOLDS):
        held = [s for s in seen if s.fold == fold]
        choice = fitted([s for s in seen if s.fold != fold])
        checked.update(zip(map(id, held), picks(held, choice), strict=True))
    for name in ("real", "chat"):
        part = [s for s in seen if s.group == name]
        print(words_alone(part).line(f"{name}: words alone"))
        print(outcome(part, picks(part, CHOICE)).line(f"{name}: in use"))
        print(outcome(part, [checked[id(s)] for s in part]).line(f"{name}: cross-checked"))
        print(outcome(part, picks(part, model)).line(f"{name}: fitted"))
    print("fitted:", json.dumps(model))
    if args.write:
        data = json.loads(OUTPUT.read_text("utf-8"))
        data["choice"] = {**model, "suggest_at": CHOICE["suggest_at"]}
        data["choice_command"] = "python tools/fit_choice.py --write"
        OUTPUT.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
