"""What a question is worth and what its hints show.

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
    words stay hidden. A word that holds a digit (a year, a count, "4" in "Chang'e 4") shows
    one character fewer, so a numeric answer is never given away by its first hint.
    """
    words = []
    for word in answer.split(" "):
        alnum = sum(ch.isalnum() for ch in word)
        show = level - 1 if any(ch.isdigit() for ch in word) else level
        show = max(0, min(show, alnum // 2))
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
