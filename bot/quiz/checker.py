"""Quiz answer checking: forgiving about spelling, strict about guessing.

`is_accepted(given, accepted, others)` says whether what a player typed names one of the
accepted spellings; `others` are the question's wrong choices, if known. Both sides go
through `answer_forms.words` (`bot.knowledge.normalize.normalize` first), so case,
accents, punctuation, number words (4,700 = "four thousand seven hundred"), mission
spellings (Chang'e-4 = change 4 = CE-4 = 嫦娥四号) and ordinals ("June 25th" = "June 25",
"3rd of January" = "3 January") are already equal. Then, for each accepted spelling (the
answer), the guess is accepted when all of these hold:

1. Size. The raw text is at most `MAX_GIVEN_CHARS` characters (longer is rejected before
   any work) and has at most `MAX_EXTRA_WORDS` words besides the answer. Discord markup
   is dropped first: user/role/channel mentions, custom emoji, timestamps, links and
   `@word` mentions typed as text, so "@everyone Queqiao?" is accepted as "Queqiao".
2. Numbers are exact. A number token is any token with a digit. The guess's number
   tokens, in order, must equal the answer's (numerically: "07" = "7", "1.70" = "1.7").
   So a missing number ("Yutu" for Yutu-2), a different one ("Chang'e 5", "2018"), an
   extra one ("Chang'e 3 or 4", "2018 2019 2020") or a number appearing only in the
   guess ("Yutu-1" for "Yutu") all reject. Fuzzy matching never touches a number: it
   only compares the words between numbers. The question's own context is not known
   here, so "Chang'e 4 landed in 2019" for the answer "2019" is rejected too.
3. Units. A unit after a number ("1,731 grams", "12 min", "59%") is a unit, not a word:
   it must be the answer's unit ("1731 g"), or, when the answer has none, a unit that the
   question uses for that number ("7 days" is not "7" when "seven hours" is listed), or
   any unit when the question (answers, then wrong choices) uses none ("12 minutes" for
   "12"). A bare number is not the same answer as a number with a unit ("3.8" is not
   "3.8 mm"): list it when it is welcome. A conversion ("1.731 kg") is only accepted
   when it is listed: its number differs.
4. One window. Some consecutive run of the guess's words (the window) matches the whole
   answer; every word outside it is a filler word (`FILLER`: articles, "I think",
   "it was", "my answer is", generic nouns such as "crater", "mission", "seeds"...).
   Words that change the meaning, like "or", "and", "not", "but", are never filler, and
   neither is any name: so "queqiao or yutu", "queqiao yutu", "cotton candy" and a list
   of names are rejected. Leading articles of the answer are dropped ("The Moon" is
   "moon"); in the guess they are filler, except "a" right after a number ("Long March
   3A" is not "Long March 3"). An answer that ends in generic nouns also matches without
   them ("Von Karman crater", "SPA basin"). "X of Y" matches "Y X" ("bridge of magpies"
   is "Magpie Bridge").
5. Small typos, by length. Between the numbers, the window's words match the answer's
   word for word, each within an edit budget (optimal string alignment, so a swap of
   two letters is one edit): none for words of 1-2 letters, none for 3-4 letters unless
   the answer has 9+ letters (then 1, "van karman"), 1 for 5-8, 2 for 9+; and at most
   1 / 2 edits in all for answers of 5-8 / 9+ letters, none for 4 or fewer ("yutu",
   "L2"). A misspelt word keeps its first letter. When the word counts differ
   ("vonkarman"), the words are compared joined, within 1 edit (none when either side
   has a word of 1-2 letters: "Lunar Orbiter" is not "Lunar Orbiter V"). So "north
   pole" is not "south pole", "space" is not "ispace" and "Long March 3C" is not
   "Long March 3B".

When no spelling matches whole, the guess may name the distinctive part of one
(`answer_forms.name_part`: "karman" of "Von Kármán", "moscoviense" of "Mare Moscoviense"),
by the same rules, if it names no choice in `others` whole or by its part ("imbrium" is
rejected when "Imbrium Basin" or "Imbrium Rille" is a wrong choice). A lone generic word
("mare", "von", "crater") or plain adjective ("lunar" of "lunar maria") is never a part.

Any accepted spelling that matches accepts the guess; a lone string is taken as one
spelling, not as a list of letters. Empty and punctuation-only text is rejected, and so
is text in another script unless normalize() knows it (嫦娥四号 yes, Cyrillic no).
Rough edges, chosen on purpose: generic filler nouns mean "ascender lander" is accepted
for "ascender"; "Aitken" is rejected for "South Pole-Aitken" (South and Pole are not
generic), "Yutu-1" for "Yutu" and "Queqiao or Magpie Bridge" (two spellings of one
answer) for "Queqiao": list a spelling to accept it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from bot.knowledge.normalize import strip_markup
from bot.limits import MAX_TYPED
from bot.quiz.answer_forms import (
    ARTICLES,
    FILLER,
    GENERIC,
    is_number,
    name_part,
    reorder_of,
    same_unit,
    split_units,
    words,
)

MAX_GIVEN_CHARS = MAX_TYPED
MAX_EXTRA_WORDS = 8

Units = tuple[str | None, ...]

_GLUED_LETTER = re.compile(r"\d-?[A-Za-z]\b")


def _budget(letters: int) -> int:
    """Edits allowed in a word or an answer of this many letters."""
    return 0 if letters <= 4 else 1 if letters <= 8 else 2


def _word_budget(letters: int, answer_letters: int) -> int:
    if letters <= 2:
        return 0
    if letters <= 4:
        return 1 if answer_letters >= 9 else 0
    return _budget(letters)


def _split(tokens: Sequence[str]) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """The word runs between number tokens, and the number tokens."""
    runs: list[tuple[str, ...]] = []
    numbers: list[str] = []
    run: list[str] = []
    for token in tokens:
        if is_number(token):
            runs.append(tuple(run))
            numbers.append(token)
            run = []
        else:
            run.append(token)
    runs.append(tuple(run))
    return tuple(runs), tuple(numbers)


@dataclass(frozen=True, slots=True)
class _Answer:
    runs: tuple[tuple[str, ...], ...]
    numbers: tuple[str, ...]
    units: Units
    letters: int
    budget: int


@dataclass(frozen=True, slots=True)
class _Guess:
    tokens: tuple[str, ...]
    numbers: tuple[str, ...]
    units: Units
    first: int  # index of the first word that is not filler (len(tokens) if none)
    last: int  # index of the last word that is not filler (-1 if none)
    prefix: tuple[int, ...]  # prefix[i] = letters in the words before tokens[i]


@dataclass(frozen=True, slots=True)
class _Spelling:
    """One accepted spelling in every form that names it whole, and its distinctive part."""

    whole: tuple[_Answer, ...]
    parts: tuple[_Answer, ...]


def _make_answer(tokens: Sequence[str], units: Units | None = None) -> _Answer:
    runs, numbers = _split(tokens)
    letters = sum(len(w) for run in runs for w in run)
    return _Answer(runs, numbers, units or (None,) * len(numbers), letters, _budget(letters))


def _variants(tokens: tuple[str, ...], single_letters: bool) -> list[tuple[tuple[str, ...], Units]]:
    """`tokens` as written, without unit words, and with "X of Y" as "Y X"."""
    out: list[tuple[tuple[str, ...], Units]] = [(tokens, ())]
    split = split_units(tokens, single_letters=single_letters)
    if split:
        out.append(split)
    out += [(reordered, ()) for reordered in reorder_of(tokens)]
    return out


@lru_cache(maxsize=4096)
def _spelling(text: str) -> _Spelling:
    tokens = list(words(text))
    while len(tokens) > 1 and tokens[0] in ARTICLES:
        del tokens[0]
    if not tokens:
        return _Spelling((), ())
    core = list(tokens)
    while len(core) > 1 and core[-1] in GENERIC:
        del core[-1]
    bases = [tuple(tokens)]
    if core != tokens and any(is_number(w) or len(w) >= 3 for w in core):
        bases.append(tuple(core))
    # A one-letter unit glued to a number is a name ("4M", "4-M"), not a measure.
    single_letters = _GLUED_LETTER.search(text) is None
    whole = {
        _make_answer(form, units or None): None
        for base in bases
        for form, units in _variants(base, single_letters)
    }
    part = name_part(tokens)
    parts = (_make_answer(part),) if part else ()
    return _Spelling(tuple(whole), parts)


@lru_cache(maxsize=4096)
def _pieces(text: str) -> tuple[_Answer, ...]:
    """Every run of consecutive words of a choice that is more than filler."""
    tokens = words(text)
    return tuple(
        _make_answer(tokens[i:j])
        for i in range(len(tokens))
        for j in range(i + 1, len(tokens) + 1)
        if any(w not in FILLER for w in tokens[i:j])
    )


def _make_guess(tokens: tuple[str, ...], units: Units) -> _Guess:
    # "a" right after a number is a designation ("Long March 3A"), not the article.
    solid = [
        is_number(w) or w not in FILLER or (w == "a" and i > 0 and is_number(tokens[i - 1]))
        for i, w in enumerate(tokens)
    ]
    first = solid.index(True) if True in solid else len(tokens)
    last = len(tokens) - 1 - solid[::-1].index(True) if True in solid else -1
    prefix = [0]
    for w in tokens:
        prefix.append(prefix[-1] + (0 if is_number(w) else len(w)))
    numbers = tuple(w for w in tokens if is_number(w))
    return _Guess(tokens, numbers, units or (None,) * len(numbers), first, last, tuple(prefix))


@lru_cache(maxsize=4096)
def _guesses(text: str) -> tuple[_Guess, ...]:
    tokens = words(strip_markup(text))
    if not tokens:
        return ()
    return tuple(_make_guess(form, units) for form, units in _variants(tokens, True))


def _edits(got: str, want: str, limit: int) -> int:
    """Edits from `got` to `want`, or `limit + 1` when over `limit` or the first letter differs."""
    if got == want:
        return 0
    if not limit or got[0] != want[0]:
        return limit + 1
    return OSA.distance(got, want, score_cutoff=limit)


def _run_cost(got: tuple[str, ...], want: tuple[str, ...], answer_letters: int) -> int | None:
    """Edits to turn the guess's words `got` into the answer's `want`, None if too many."""
    if got == want:
        return 0
    if not got or not want:
        return None
    if len(got) == len(want):
        cost = 0
        for g, w in zip(got, want, strict=True):
            limit = _word_budget(len(w), answer_letters)
            edits = _edits(g, w, limit)
            if edits > limit:
                return None
            cost += edits
        return cost
    # Spaced differently ("vonkarman"): compare joined, exactly if a word is a letter or
    # two that the join would hide ("Lunar Orbiter V" is neither "Lunar Orbiter" nor
    # "Lunar Orbiters").
    joined = "".join(want)
    short = any(len(w) <= 2 for w in (*got, *want))
    limit = 0 if short else min(1, _budget(len(joined)))
    edits = _edits("".join(got), joined, limit)
    return edits if edits <= limit else None


def _window_matches(window: Sequence[str], answer: _Answer) -> bool:
    runs, _ = _split(window)
    if len(runs) != len(answer.runs):
        return False
    total = 0
    for got, want in zip(runs, answer.runs, strict=True):
        cost = _run_cost(got, want, answer.letters)
        if cost is None:
            return False
        total += cost
    return total <= answer.budget


class _Question:
    """The units a question uses, to judge a unit typed after an answer that has none."""

    def __init__(self, spellings: Sequence[_Spelling], others: Sequence[_Spelling]) -> None:
        self._forms = [a for s in spellings for a in s.whole]
        self._other_forms = [a for s in others for a in s.whole]

    def allows(self, numbers: tuple[str, ...], at: int, unit: str) -> bool:
        pool = (
            {a.units[at] for a in self._forms if a.numbers == numbers and a.units[at]}
            or {u for a in self._forms for u in a.units if u}
            or {u for a in self._other_forms for u in a.units if u}
        )
        return not pool or any(same_unit(unit, u) for u in pool)


def _units_fit(guess: _Guess, answer: _Answer, question: _Question) -> bool:
    for at, (got, want) in enumerate(zip(guess.units, answer.units, strict=True)):
        if got is None:
            if want not in (None, "percent"):  # "59" was always "59%": normalize drops "%"
                return False
        elif not same_unit(got, want) and (
            want is not None or not question.allows(guess.numbers, at, got)
        ):
            return False
    return True


def _matches(guess: _Guess, answer: _Answer, question: _Question) -> bool:
    if guess.numbers != answer.numbers or not _units_fit(guess, answer, question):
        return False
    size = len(guess.tokens)
    for i in range(min(guess.first, size - 1, MAX_EXTRA_WORDS) + 1):
        # The window [i, j) holds every word that is not filler and leaves few outside.
        for j in range(max(i + 1, guess.last + 1, size - MAX_EXTRA_WORDS + i), size + 1):
            letters = guess.prefix[j] - guess.prefix[i]
            if abs(letters - answer.letters) > answer.budget:
                continue
            if _window_matches(guess.tokens[i:j], answer):
                return True
    return False


def _names(guesses: Sequence[_Guess], spellings: Sequence[_Spelling], question: _Question) -> bool:
    return any(_matches(g, a, question) for s in spellings for a in s.whole for g in guesses)


def _names_part(
    guesses: Sequence[_Guess], spellings: Sequence[_Spelling], question: _Question
) -> bool:
    return any(_matches(g, a, question) for s in spellings for a in s.parts for g in guesses)


def _texts(texts: Sequence[str]) -> tuple[str, ...]:
    return (texts,) if isinstance(texts, str) else tuple(texts)


def is_accepted(given: str, accepted: Sequence[str], others: Sequence[str] = ()) -> bool:
    """Whether `given` names one of the `accepted` spellings, `others` being the question's
    wrong choices; see the module docstring."""
    if not given or len(given) > MAX_GIVEN_CHARS:
        return False
    guesses = _guesses(given)
    if not guesses:
        return False
    spellings = [_spelling(t) for t in _texts(accepted)]
    wrong = [_spelling(t) for t in _texts(others)]
    question = _Question(spellings, wrong)
    if _names(guesses, spellings, question):
        return True
    if not _names_part(guesses, spellings, question):
        return False
    # A part names the answer only if it names no choice, nor any words of one.
    for text, choice in zip(_texts(others), wrong, strict=True):
        alone = _Question((choice,), ())
        if _names(guesses, (choice,), alone) or any(
            _matches(g, piece, alone) for piece in _pieces(text) for g in guesses
        ):
            return False
    return True
