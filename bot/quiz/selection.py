"""Choosing the questions of a game: filtered, without repeats, avoiding recent ones."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence

from bot.errors import NotEnoughQuestions
from bot.knowledge.model import Difficulty, Question
from bot.quiz.scoring import WRONG_CHOICES


def _describe(topics: Collection[str] | None, difficulty: Difficulty | None, choices: bool) -> str:
    parts = []
    if topics:
        parts.append(f"topic {', '.join(sorted(topics))}")
    if difficulty is not None:
        parts.append(f"difficulty {difficulty.value}")
    if choices:
        parts.append(f"at least {WRONG_CHOICES} wrong answers for multiple choice")
    return " and ".join(parts) if parts else "the game"


def pick_questions(
    kb_questions: Sequence[Question],
    *,
    topics: Collection[str] | None,
    difficulty: Difficulty | None,
    count: int,
    rng: random.Random,
    recent_first: Sequence[str] = (),
    choices: bool = False,
) -> list[Question]:
    """Up to `count` distinct questions in random order.

    - `topics`: topic ids to draw from (case-insensitive); `None` or empty means every topic.
    - `difficulty`: `None` means any.
    - `recent_first`: ids of questions recently asked in this channel, most recent first
      (the order `Storage.recent_questions` returns). Questions not in it are preferred;
      when there are not enough of those, the least recently asked fill the rest.
    - `choices`: keep only questions with enough wrong answers for multiple choice.

    Returns fewer than `count` questions when fewer match (a game then has fewer questions);
    raises `NotEnoughQuestions` when none match.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    wanted = {t.casefold() for t in topics} if topics else None
    seen: set[str] = set()
    matching: list[Question] = []
    for question in kb_questions:
        if question.id in seen:
            continue
        seen.add(question.id)
        if wanted is not None and question.topic.casefold() not in wanted:
            continue
        if difficulty is not None and question.difficulty != difficulty:
            continue
        if choices and len(question.wrong) < WRONG_CHOICES:
            continue
        matching.append(question)
    if not matching:
        raise NotEnoughQuestions(
            f"No quiz questions match {_describe(topics, difficulty, choices)}."
        )

    age = {qid: position for position, qid in enumerate(recent_first)}  # 0 = just asked
    fresh = [q for q in matching if q.id not in age]
    rng.shuffle(fresh)
    picked = fresh[:count]
    if len(picked) < count:
        stale = sorted((q for q in matching if q.id in age), key=lambda q: -age[q.id])
        picked += stale[: count - len(picked)]
        rng.shuffle(picked)
    return picked
