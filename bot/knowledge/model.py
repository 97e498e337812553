"""The fact base as plain, immutable values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True)
class Fact:
    id: str
    topic: str
    text: str
    asks: tuple[str, ...]
    keywords: tuple[str, ...]
    source: str
    as_of: date | None = None  # when a time-sensitive statement was last confirmed
    line: int = 0  # where the fact starts in its file (1-based; 0 when not from a file)

    @property
    def dated(self) -> str | None:
        """The "as of" phrase of a time-sensitive fact (as of 13 April 2026), else None."""
        return f"as of {self.as_of.day} {self.as_of:%B %Y}" if self.as_of else None


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    question: str
    answers: tuple[str, ...]
    wrong: tuple[str, ...]
    difficulty: Difficulty
    fact: str
    hint: str | None = None
    line: int = 0

    @property
    def answer(self) -> str:
        """The canonical answer, shown when the question is revealed."""
        return self.answers[0]


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    aliases: tuple[str, ...]
    summary: str
    facts: tuple[Fact, ...]
    questions: tuple[Question, ...]
    path: str = ""


@dataclass(frozen=True)
class KnowledgeBase:
    topics: tuple[Topic, ...]
    facts: dict[str, Fact] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)

    @classmethod
    def from_topics(cls, topics: list[Topic]) -> KnowledgeBase:
        ordered = tuple(sorted(topics, key=lambda t: t.id))
        return cls(
            topics=ordered,
            facts={f.id: f for t in ordered for f in t.facts},
            questions={q.id: q for t in ordered for q in t.questions},
        )

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)
