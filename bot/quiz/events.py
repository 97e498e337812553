"""What a quiz game reports to its front ends: plain, immutable events."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.quiz.scoring import Player


class Reason(StrEnum):
    ANSWERED = "answered"
    TIMEOUT = "timeout"
    SKIPPED = "skipped"
    STOPPED = "stopped"


class Outcome(StrEnum):
    COMPLETED = "completed"
    STOPPED = "stopped"
    ABANDONED = "abandoned"


@dataclass(frozen=True)
class QuestionAsked:
    number: int
    total: int
    question_id: str
    topic: str
    text: str
    choices: tuple[str, ...] | None
    deadline: float
    points_available: int
    stage: int


@dataclass(frozen=True)
class HintGiven:
    text: str | None
    removed_choices: tuple[int, ...]
    choices: tuple[str, ...] | None  # progressive stage 3 shows the choices
    points_available: int
    stage: int
    auto: bool


@dataclass(frozen=True)
class Correct:
    player: Player
    points: int
    answer_given: str
    streak: int
    total_points: int


@dataclass(frozen=True)
class Wrong:
    player: Player
    attempts_left: int


@dataclass(frozen=True)
class Revealed:
    question_id: str
    answer: str
    explanation: str | None
    source: str | None
    reason: Reason
    winner: Player | None


@dataclass(frozen=True)
class GameOver:
    status: Outcome
    scores: tuple[tuple[Player, int], ...]
    questions_asked: int
    stopped_by: Player | None = None


@dataclass(frozen=True)
class Halted:
    """The game ended outside its rules: its scores could not be saved. (Sent by the
    session, not the engine; the details are in the log, not in front of players.)"""

    message: str = "The quiz stopped: its scores could not be saved. Please try again later."


Event = QuestionAsked | HintGiven | Correct | Wrong | Revealed | GameOver | Halted
