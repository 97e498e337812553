"""The numbers of a game, apart from its states: points, streaks, choices and hints.

Points, by mode and by the number of hints shown when the question was won:

| mode        | no hint | 1 hint | 2 hints |
| ----------- | ------- | ------ | ------- |
| typed       | 3       | 2      | 1       |
| choice      | 2       | 1      | -       |
| progressive | 3       | 2      | 1       |

In progressive mode the "hints" are the stages: stage 1 is the bare question, stage 2 adds
the text hint, stage 3 shows the choices. Every correct answer is worth at least 1 point.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from enum import StrEnum

from bot.knowledge.model import Question


class Mode(StrEnum):
    TYPED = "typed"
    CHOICE = "choice"
    PROGRESSIVE = "progressive"


WRONG_CHOICES = 3
"""A multiple-choice question shows its answer and up to this many wrong answers."""
REMOVED_BY_HINT = 2
"""The choice hint removes this many wrong answers (always leaving at least one)."""
CHOICE_LABELS = "ABCDEFGH"

_BASE_POINTS = {Mode.TYPED: 3, Mode.CHOICE: 2, Mode.PROGRESSIVE: 3}
_MAX_HINTS = {Mode.TYPED: 2, Mode.CHOICE: 1, Mode.PROGRESSIVE: 2}


def points_for(mode: Mode, hints: int) -> int:
    """Points for a correct answer after `hints` hints (or progressive stages past the first)."""
    return max(1, _BASE_POINTS[mode] - hints)


def max_hints(mode: Mode) -> int:
    return _MAX_HINTS[mode]


def mask(answer: str, level: int) -> str:
    """The answer with most characters hidden: `mask("Von Kármán", 1) == "V__ K_____"`.

    Spaces, punctuation and symbols stay visible; letters and digits become `_`. Level `n`
    shows the first `n` letters of each word, but never more than half of a word, so short
    words stay hidden. A word that starts with a digit (a year, a count, the "4" in
    "Chang'e 4") shows one character fewer, so a number is never given away by hint 1.
    """
    words = []
    for word in answer.split(" "):
        alnum = [ch for ch in word if ch.isalnum()]
        show = level - 1 if alnum and alnum[0].isdigit() else level
        show = max(0, min(show, len(alnum) // 2))
        out = []
        for ch in word:
            if ch.isalnum():
                out.append(ch if show > 0 else "_")
                show -= 1
            else:
                out.append(ch)
        words.append("".join(out))
    return " ".join(words)


def text_hint(question: Question, level: int) -> str:
    """The text of hint number `level` (1 or 2) for a typed answer.

    With an authored hint: hint 1 is that hint, hint 2 masks the answer at level 1.
    Without: hint 1 masks the answer at level 1, hint 2 at level 2.
    """
    if question.hint:
        return question.hint if level <= 1 else mask(question.answer, level - 1)
    return mask(question.answer, level)


def make_choices(question: Question, rng: random.Random) -> tuple[tuple[str, ...], int]:
    """The answer and up to `WRONG_CHOICES` distinct wrong answers, shuffled; the answer's index."""
    seen = {question.answer.casefold()}
    wrong = []
    for text in question.wrong:
        if text.casefold() not in seen:
            seen.add(text.casefold())
            wrong.append(text)
    options = [question.answer, *rng.sample(wrong, min(WRONG_CHOICES, len(wrong)))]
    rng.shuffle(options)
    return tuple(options), options.index(question.answer)


def choices_to_remove(count: int, correct: int, rng: random.Random) -> frozenset[int]:
    """The choices the hint removes: two wrong ones, never the answer, never the last wrong one."""
    wrong = [i for i in range(count) if i != correct]
    return frozenset(rng.sample(wrong, max(0, min(REMOVED_BY_HINT, len(wrong) - 1))))


@dataclass(frozen=True)
class Player:
    id: int
    name: str
    is_bot: bool = False


class Scoreboard:
    """Points and the streak of one game. A streak is the number of questions in a row one
    player won; a question anyone else won, or nobody won, ends it."""

    def __init__(self) -> None:
        self._players: dict[int, Player] = {}
        self._points: dict[int, int] = {}
        self._reached: dict[int, int] = {}  # when each player reached their points
        self._seq = itertools.count()
        self._holder: int | None = None
        self._streak = 0

    def join(self, player: Player) -> None:
        """`player` took part (answered or picked); the latest name wins."""
        self._players[player.id] = player
        if player.id not in self._points:
            self._points[player.id] = 0
            self._reached[player.id] = next(self._seq)

    def award(self, player: Player, points: int) -> tuple[int, int]:
        """`player` won a question for `points`; returns their streak and total points."""
        self.join(player)
        self._points[player.id] += points
        self._reached[player.id] = next(self._seq)
        self._streak = self._streak + 1 if self._holder == player.id else 1
        self._holder = player.id
        return self._streak, self._points[player.id]

    def no_winner(self) -> None:
        self._holder, self._streak = None, 0

    def standings(self) -> tuple[tuple[Player, int], ...]:
        """Everyone who took part, most points first; ties go to who got there first."""
        order = sorted(self._players, key=lambda pid: (-self._points[pid], self._reached[pid]))
        return tuple((self._players[pid], self._points[pid]) for pid in order)
