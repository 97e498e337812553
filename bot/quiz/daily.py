"""The daily question's rules: which day it is, which question, in which order the choices.

Pure: callers pass the time and what was asked before. A day is a UTC calendar date; a
server's question for a day is posted at its set time (HH:MM UTC) and stays open until
the next day's is posted (or an admin reveals it). Everyone in a server sees the same
question and the same choices in the same order, also after a restart.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.errors import ConfigError
from bot.knowledge.model import Difficulty, Question
from bot.quiz.scoring import WRONG_CHOICES, make_choices

DAY_SECONDS = 86400
_TIME = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*(?:utc)?\s*$", re.IGNORECASE)

# Easy early in the week, hard at the end (Monday is 0).
BY_WEEKDAY = (Difficulty.EASY, Difficulty.EASY, Difficulty.MEDIUM, Difficulty.MEDIUM,
              Difficulty.HARD, Difficulty.HARD, Difficulty.HARD)  # fmt: skip


def parse_time(text: str) -> int:
    """Minutes after midnight UTC from "HH:MM" ("09:30", "9:30", "21.05", "18:00 UTC")."""
    match = _TIME.match(text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return int(match[1]) * 60 + int(match[2])
    raise ConfigError(f"Give the time as HH:MM in UTC, for example 18:00 (not {text[:20]!r}).")


def format_time(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d} UTC"


def today(now: float) -> date:
    return datetime.fromtimestamp(now, UTC).date()


def post_time(day: date, minute: int) -> float:
    """When a day's question is due, as a Unix time."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return (midnight + timedelta(minutes=minute)).timestamp()


def is_due(now: float, minute: int) -> bool:
    """Whether today's question should be out by now."""
    return now >= post_time(today(now), minute)


def difficulty_for(day: date) -> Difficulty:
    return BY_WEEKDAY[day.weekday()]


def pick_question(
    questions: Sequence[Question],
    used: Sequence[str],
    day: date,
    guild_id: int,
    *,
    by_weekday: bool = False,
) -> Question:
    """The day's question for a server: one with enough wrong answers for buttons, of the
    weekday's difficulty if the server wants that, never one the server already had until
    every such question has been used (then the ones used longest ago first).

    `used` holds the server's earlier daily questions, oldest first. The same arguments
    always give the same question.
    """
    pool = sorted((q for q in questions if len(set(q.wrong)) >= WRONG_CHOICES),
                  key=lambda q: q.id)  # fmt: skip
    if not pool:
        raise ConfigError("No quiz question has enough wrong answers for a daily question.")
    if by_weekday:
        pool = [q for q in pool if q.difficulty == difficulty_for(day)] or pool
    last_used = {qid: i for i, qid in enumerate(used)}
    rng = _rng(guild_id, day)
    fresh = [q for q in pool if q.id not in last_used]
    if fresh:
        return rng.choice(fresh)
    oldest = min(last_used[q.id] for q in pool)
    return rng.choice([q for q in pool if last_used[q.id] == oldest])


def choices_for(question: Question, guild_id: int, day: date) -> tuple[tuple[str, ...], int]:
    """The day's choices in a fixed order, and the index of the answer."""
    return make_choices(question, _rng(guild_id, day, question.id))


def _rng(guild_id: int, day: date, *salt: str) -> random.Random:
    return random.Random(":".join((str(guild_id), day.isoformat(), *salt)))


@dataclass(frozen=True)
class DailyRound:
    """One server's question of one day, as its players see it."""

    guild_id: int
    day: date
    question: Question
    choices: tuple[str, ...]
    correct: int
    channel_id: int
    message_id: int | None = None

    @property
    def answer(self) -> str:
        return self.choices[self.correct]
