"""Fit the answerer's feature weights, bias and answer threshold from data.

Training questions, each with the facts that answer it (or none, for a decline):
- every fact's own `asks`, split into folds: the answerer is built without a fold's
  phrasings and asked them, so each is a question the index has not seen;
- the questions in tools/offtopic.txt, which must be declined;
- the dev half of the real question sets (tests/data/real_questions*.yaml, split by
  origin; see bot/knowledge/evaluation.py), weighted up because they are what people
  type. Each fold of their pages is asked of a base without the phrasings close to its
  questions, so that they count as new questions, not as ones the phrasings were
  written from. Their test half, tests/data/questions.yaml and bench/data/holdout*.yaml are never
  read here.

A conditional logit (softmax over each question's candidates) fits the weights that rank
the right fact first; a logistic regression over the best candidate's score and its lead
over the next turns them into the chance of being right (calibration). The threshold is
the lowest at which, in cross-validation, at most 3% of answerable questions get a wrong
fact and at most 5% of declines get an answer.

    python tools/fit_answerer.py            # fit and report cross-validated numbers
    python tools/fit_answerer.py --write    # ... and write bot/knowledge/weights.json
    python tools/fit_answerer.py --current  # report the weights in use
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

import numpy as np

from bot.config import BUNDLED_FACTS
from bot.knowledge.answer import ANSWER_AT, CALIBRATION, WEIGHTS, Answerer, Candidate
from bot.knowledge.evaluation import load_lines, load_set, unseen_folds, with_asks
from bot.knowledge.loader import load
from bot.knowledge.model import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
OFFTOPIC = Path(__file__).with_name("offtopic.txt")
REAL_SETS = sorted((ROOT / "tests" / "data").glob("real_questions*.yaml"))
OUTPUT = ROOT / "bot" / "knowledge" / "weights.json"
NAMES = list(WEIGHTS)
L2 = 0.01  # ranking weights' penalty, per unit of example weight
CAL_L2 = 0.01  # the calibration's penalty
REAL_WEIGHT = 40.0  # a real dev question counts as this many phrasings
OFFTOPIC_WEIGHT = 40.0  # and a line of offtopic.txt as this many
CLOSE_MARGIN = 0.3  # a runner-up within this of the best score makes the best less certain
MAX_WRONG = 0.03
MAX_ANSWERED_DECLINES = 0.05


@dataclasses.dataclass
class Example:
    candidates: list[Candidate]
    targets: frozenset[str]  # empty: should be declined
    weight: float
    group: str  # "asks" or "real"


def without_fold(kb: KnowledgeBase, fold: int, folds: int) -> KnowledgeBase:
    return with_asks(kb, lambda i, ask: i % folds != fold)


def collect(kb: KnowledgeBase, folds: int, top: int) -> list[Example]:
    examples = []
    for fold in range(folds):
        answerer = Answerer(without_fold(kb, fold, folds), meaning=False)
        for fact in kb.facts.values():
            for i, ask in enumerate(fact.asks):
                if i % folds == fold:
                    cands = answerer.candidates(ask)[:top]
                    examples.append(Example(cands, frozenset({fact.id}), 1.0, "asks"))
    answerer = Answerer(kb, meaning=False)
    for line in load_lines(OFFTOPIC):
        examples.append(
            Example(answerer.candidates(line)[:top], frozenset(), OFFTOPIC_WEIGHT, "asks")
        )
    dev = [item for path in REAL_SETS for item in load_set(path) if item.split == "dev"]
    # asked of a base without the phrasings written from them, as a new question is
    for unseen, part in unseen_folds(kb, dev, folds, meaning=False):
        for item in part:
            cands = unseen.candidates(item.q)[:top]
            examples.append(Example(cands, item.facts, REAL_WEIGHT, "real"))
    return examples


def matrix(cands: list[Candidate]) -> np.ndarray:
    return np.array([[getattr(c.features, n) for n in NAMES] for c in cands])


@dataclasses.dataclass
class Model:
    weights: np.ndarray  # ranking weights, in NAMES order
    # bias, score, lead, closeness (how far the lead is under CLOSE_MARGIN), then the best
    # candidate's features
    calibration: np.ndarray

    def best(self, cands: list[Candidate]) -> tuple[int, np.ndarray]:
        """Index of the best candidate and its calibration row."""
        x = matrix(cands)
        scores = x @ self.weights
        order = np.argsort(-scores)
        lead = scores[order[0]] - scores[order[1]] if len(cands) > 1 else scores[order[0]]
        close = max(0.0, CLOSE_MARGIN - lead)
        return int(order[0]), np.array([1.0, scores[order[0]], lead, close, *x[order[0]]])


def conditional_logit(examples: list[Example], l2: float = L2) -> np.ndarray:
    """Weights maximizing each question's softmax probability of a right candidate."""
    groups = []
    for e in examples:
        right = [c.fact.id in e.targets for c in e.candidates]
        if any(right) and not all(right):
            groups.append((matrix(e.candidates), np.array(right, float), e.weight))
    beta = np.zeros(len(NAMES))
    total = sum(w for _, _, w in groups)
    for _ in range(50):
        grad = l2 * total * beta
        hess = l2 * total * np.eye(len(NAMES))
        for x, right, w in groups:
            z = x @ beta
            p = np.exp(z - z.max())
            p /= p.sum()
            q = right * p / (right * p).sum()  # the right candidates' share of the mass
            grad += w * (x.T @ (p - q))
            mean = x.T @ p
            hess += w * ((x * p[:, None]).T @ x - np.outer(mean, mean))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return beta


def logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float | None = None) -> np.ndarray:
    """Weighted logistic regression by Newton's method; column 0 of `x` is the constant."""
    l2 = CAL_L2 if l2 is None else l2
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2 * w.sum())
    penalty[0] = 1e-9
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return beta


def fit(examples: list[Example], ranking: np.ndarray | None = None) -> Model:
    """Rank the right fact first (or keep `ranking`), then calibrate the best one's score
    and lead."""
    weights = conditional_logit(examples) if ranking is None else ranking
    model = Model(weights, np.zeros(4 + len(NAMES)))
    rows, rights, sample = [], [], []
    for e in examples:
        if e.candidates:
            i, row = model.best(e.candidates)
            rows.append(row)
            rights.append(float(e.candidates[i].fact.id in e.targets))
            sample.append(e.weight)
    model.calibration = logistic(np.array(rows), np.array(rights), np.array(sample))
    return model


def predict(e: Example, model: Model) -> tuple[str | None, float]:
    if not e.candidates:
        return None, 0.0
    i, row = model.best(e.candidates)
    z = model.calibration @ row
    return e.candidates[i].fact.id, float(1 / (1 + np.exp(-z)))


def outcomes(
    predictions: list[tuple[Example, str | None, float]], threshold: float, group: str
) -> tuple[float, float, float]:
    """(right, wrong) over answerable questions and answered over declines, as shares."""
    answerable = [(e, f, p) for e, f, p in predictions if e.targets and e.group == group]
    declines = [(e, f, p) for e, f, p in predictions if not e.targets and e.group == group]
    right = sum(p >= threshold and f in e.targets for e, f, p in answerable)
    wrong = sum(p >= threshold and f not in e.targets for e, f, p in answerable)
    answered = sum(p >= threshold for _, _, p in declines)
    n, m = max(len(answerable), 1), max(len(declines), 1)
    return right / n, wrong / n, answered / m


def cross_validate(
    examples: list[Example], folds: int, ranking: np.ndarray | None = None
) -> list[tuple[Example, str | None, float]]:
    predictions = []
    for fold in range(folds):
        train = [e for i, e in enumerate(examples) if i % folds != fold]
        model = fit(train, ranking)
        for e in examples[fold::folds]:
            predictions.append((e, *predict(e, model)))
    return predictions


def choose_threshold(predictions: list[tuple[Example, str | None, float]]) -> float:
    """The lowest threshold at which, in cross-validation, at most MAX_WRONG of the real
    questions get a wrong fact and at most MAX_ANSWERED_DECLINES of the questions to
    decline (real and off-topic lines) get an answer. The phrasings' own wrong share is
    not held to it: a phrasing of one fact is often answered as well by a sibling fact."""
    for step in range(20, 95):
        threshold = step / 100
        _, wrong, answered = outcomes(predictions, threshold, "real")
        _, _, lines_answered = outcomes(predictions, threshold, "asks")
        if wrong <= MAX_WRONG and max(answered, lines_answered) <= MAX_ANSWERED_DECLINES:
            return threshold
    return 0.95


def report(predictions: list[tuple[Example, str | None, float]], threshold: float) -> None:
    for group in ("asks", "real"):
        right, wrong, answered = outcomes(predictions, threshold, group)
        print(f"  {group:<5} at {threshold:.2f}: right {right:.1%}, wrong {wrong:.1%}, "
              f"declines answered {answered:.1%}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--top", type=int, default=10, help="candidates per question")
    parser.add_argument("--current", action="store_true", help="report the weights in use")
    parser.add_argument("--write", action="store_true", help=f"write {OUTPUT.name}")
    parser.add_argument("--curve", action="store_true", help="outcomes at every threshold")
    parser.add_argument(
        "--calibrate-only", action="store_true", help="keep the ranking weights in use"
    )
    parser.add_argument("--cal-l2", type=float, default=0.01, help="calibration penalty")
    parser.add_argument(
        "--offtopic-weight", type=float, default=OFFTOPIC_WEIGHT, help="weight of an off-topic line"
    )
    parser.add_argument(
        "--real-weight", type=float, default=REAL_WEIGHT, help="weight of a real dev question"
    )
    args = parser.parse_args()
    kb = load(BUNDLED_FACTS)
    globals()["REAL_WEIGHT"] = args.real_weight
    globals()["OFFTOPIC_WEIGHT"] = args.offtopic_weight
    examples = collect(kb, args.folds, args.top)
    counts = {g: sum(e.group == g for e in examples) for g in ("asks", "real")}
    print(f"{counts['asks']} phrasings and off-topic lines, {counts['real']} real dev questions")
    if args.current:
        calibration = [CALIBRATION[k] for k in ("bias", "score", "lead")]
        calibration += [-CALIBRATION.get("close", 0.0)]
        calibration += [CALIBRATION["features"][n] for n in NAMES]
        current = Model(np.array([WEIGHTS[n] for n in NAMES]), np.array(calibration))
        current_predictions = [(e, *predict(e, current)) for e in examples]
        for threshold in [step / 100 for step in range(30, 95, 5)] if args.curve else [ANSWER_AT]:
            report(current_predictions, threshold)
        return
    ranking = np.array([WEIGHTS[n] for n in NAMES]) if args.calibrate_only else None
    globals()["CAL_L2"] = args.cal_l2
    predictions = cross_validate(examples, args.folds, ranking)
    threshold = choose_threshold(predictions)
    if args.curve:
        for step in range(30, 95, 5):
            report(predictions, step / 100)
    print(f"cross-validated ({args.folds} folds):")
    report(predictions, threshold)
    model = fit(examples, ranking)
    rounded = [round(float(v), 4) for v in model.calibration]
    fitted = {
        "command": "python tools/fit_answerer.py --write",
        "fitted_on": f"{counts['asks']} held-out fact phrasings and off-topic lines, "
        f"{counts['real']} real questions (dev half)",
        "weights": {n: round(float(v), 4) for n, v in zip(NAMES, model.weights, strict=True)},
        "calibration": {
            **dict(zip(("bias", "score", "lead"), rounded[:3], strict=True)),
            "features": dict(zip(NAMES, rounded[4:], strict=True)),
            "close": -rounded[3],
            "close_margin": CLOSE_MARGIN,
        },
        "answer_at": threshold,
    }
    print(json.dumps(fitted, indent=2))
    if args.write:
        # the choice between words and meaning (tools/fit_choice.py) stays as it is
        kept = json.loads(OUTPUT.read_text("utf-8"))
        fitted = {**kept, **fitted}
        OUTPUT.write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
