"""Game defaults and limits: the one place to change them.

The engine, the storage defaults, the settings file, the fact loader and both front ends
(slash-command ranges, the terminal's /quiz) all read these, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.errors import ConfigError

N = TypeVar("N", int, float)


@dataclass(frozen=True)
class Bounded(Generic[N]):
    """A setting's default and the range a person may choose from."""

    default: N
    low: N
    high: N
    what: str

    def check(self, value: float) -> None:
        """Raise ConfigError unless `value` is in range."""
        if not self.low <= value <= self.high:
            raise ConfigError(f"{self.what} must be {self.low:g} to {self.high:g}, not {value:g}.")


QUESTIONS = Bounded[int](5, 1, 50, "The number of questions")
TIME_LIMIT = Bounded[int](30, 10, 300, "The time limit (seconds per question)")
REVEAL_PAUSE = Bounded[float](5.0, 0.0, 60.0, "The pause after a reveal (seconds)")
DEFAULT_MODE = "typed"

MAX_ANSWER = 75
"""Longest answer or choice in the fact files: a choice button shows "A: " and the text,
and Discord cuts button labels at 80 characters."""
MAX_TYPED = MAX_ANSWER + 45
"""Longest typed answer the quiz reads; longer messages are chat, not answers. The margin
leaves room for a short sentence around the longest answer ("I think it was ...")."""
BUTTON_LABEL = 80
