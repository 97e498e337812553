"""Fit the answerer's feature weights on the fact base's own phrasings.

Each fact's `asks` are split into folds; for each fold the answerer is built without it
and asked the held-out phrasings, so every training question is one the index has not
seen. The questions in tools/offtopic.txt must be declined. A logistic regression over
the candidates' features (fitted by Newton's method) suggests WEIGHTS and BIAS for
bot/knowledge/answer.py; the script prints them with the held-out accuracy at several
thresholds, or with --current the accuracy of the weights in use. The evaluation set in
tests/data/questions.yaml is never read here.

    python tools/fit_answerer.py [--folds 4] [--top 10] [--current]
"""

from __future__ import annotations

import argparse
import dataclasses
import math
from pathlib import Path

from bot.config import BUNDLED_FACTS
from bot.knowledge.answer import BIAS, WEIGHTS, Answerer, Candidate
from bot.knowledge.loader import load
from bot.knowledge.model import KnowledgeBase

OFFTOPIC = Path(__file__).with_name("offtopic.txt")
NAMES = list(WEIGHTS)
L2 = 0.01


def without_fold(kb: KnowledgeBase, fold: int, folds: int) -> KnowledgeBase:
    topics = []
    for topic in kb.topics:
        facts = tuple(
            dataclasses.replace(f, asks=tuple(a for i, a in enumerate(f.asks) if i % folds != fold))
            for f in topic.facts
        )
        topics.append(dataclasses.replace(topic, facts=facts))
    return KnowledgeBase.from_topics(topics)


def row(candidate: Candidate) -> list[float]:
    return [1.0, *(getattr(candidate.features, name) for name in NAMES)]


def collect(kb: KnowledgeBase, folds: int, top: int) -> tuple[list, list]:
    """(rows, labels) for fitting and per-question candidate lists for evaluation."""
    offtopic = [
        line.strip()
        for line in OFFTOPIC.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    questions: list[tuple[list[Candidate], str | None]] = []
    for fold in range(folds):
        answerer = Answerer(without_fold(kb, fold, folds))
        for fact in kb.facts.values():
            for i, ask in enumerate(fact.asks):
                if i % folds == fold:
                    questions.append((answerer.candidates(ask)[:top], fact.id))
        for line in offtopic[fold::folds]:
            questions.append((answerer.candidates(line)[:top], None))
    return questions, offtopic


def fit(questions: list[tuple[list[Candidate], str | None]]) -> list[float]:
    """Weights that rank the right fact first, scaled so that the logistic of the best
    candidate's score is the chance that it is right (Platt scaling)."""
    xs = [row(c) for cands, _ in questions for c in cands]
    ys = [float(c.fact.id == target) for cands, target in questions for c in cands]
    w = logistic(xs, ys)
    tops, rights = [], []
    for cands, target in questions:
        if cands:
            score, fact = max((dot(w, row(c)), c.fact.id) for c in cands)
            tops.append([1.0, score])
            rights.append(float(fact == target))
    b, a = logistic(tops, rights, l2=0.0)
    return [a * w[0] + b, *(a * v for v in w[1:])]


def dot(w: list[float], x: list[float]) -> float:
    return sum(a * b for a, b in zip(w, x, strict=True))


def logistic(xs: list[list[float]], ys: list[float], l2: float = L2) -> list[float]:
    """Logistic regression by Newton's method; column 0 of `xs` is the constant 1."""
    n = len(xs[0])
    w = [0.0] * n
    for _ in range(25):
        grad = [0.0] * n
        hess = [[0.0] * n for _ in range(n)]
        for x, y in zip(xs, ys, strict=True):
            z = sum(a * b for a, b in zip(w, x, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            for i in range(n):
                grad[i] += (p - y) * x[i]
                for j in range(n):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, n):
            grad[i] += l2 * w[i] * len(xs)
            hess[i][i] += l2 * len(xs) + 1e-9
        step = solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems here are 9 x 9)."""
    n = len(b)
    m = [[*line, b[i]] for i, line in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            factor = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= factor * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def report(questions: list[tuple[list[Candidate], str | None]], w: list[float]) -> None:
    def best(cands: list[Candidate]) -> tuple[str | None, float]:
        if not cands:
            return None, 0.0
        scored = [(dot(w, row(c)), c.fact.id) for c in cands]
        score, fact = max(scored)
        return fact, 1 / (1 + math.exp(-score))

    inscope = [(best(c), t) for c, t in questions if t is not None]
    offtopic = [best(c) for c, t in questions if t is None]
    top1 = sum(f == t for (f, _), t in inscope) / len(inscope)
    print(f"held-out phrasings: {len(inscope)}, off-topic: {len(offtopic)}, top-1 {top1:.1%}")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        right = sum(f == t and p >= threshold for (f, p), t in inscope) / len(inscope)
        declined = sum(p < threshold for _, p in offtopic) / len(offtopic)
        print(f"  answer at {threshold:.1f}: correct {right:.1%}, "
              f"off-topic declined {declined:.1%}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--top", type=int, default=10, help="candidates per question")
    parser.add_argument("--current", action="store_true", help="report the weights in use")
    args = parser.parse_args()
    kb = load(BUNDLED_FACTS)
    questions, _ = collect(kb, args.folds, args.top)
    if args.current:
        report(questions, [BIAS, *WEIGHTS.values()])
        return
    w = fit(questions)
    report(questions, w)
    print("\nWEIGHTS = {")
    print("    " + ", ".join(f'"{n}": {v:.2f}' for n, v in zip(NAMES, w[1:], strict=True)))
    print("}")
    print(f"BIAS = {w[0]:.2f}")


if __name__ == "__main__":
    main()
