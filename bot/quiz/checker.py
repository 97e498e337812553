"""Quiz answer checking: forgiving about spelling, strict about guessing.

`is_accepted(given, accepted)` says whether what a player typed names one of the accepted
spellings. Both sides go through `bot.knowledge.normalize.normalize` first, so case,
accents, punctuation, number words (4,700 = "four thousand seven hundred") and mission
spellings (Chang'e-4 = change 4 = CE-4 = 嫦娥四号) are already equal. Then, for each
accepted spelling (the answer), the guess is accepted when all of these hold:

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
3. One window. Some consecutive run of the guess's words (the window) matches the whole
   answer; every word outside it is a filler word (`_FILLER`: articles, "I think",
   "it was", "my answer is", "crater", "mission", ...). Words that change the meaning,
   like "or", "and", "not", "but", are never filler, and neither is any name: so
   "queqiao or yutu", "queqiao yutu" and a list of names are rejected, and a lone word
   of the answer ("von" for "Von Kármán") is not the whole answer. Leading articles of
   the answer are dropped ("The Moon" is "moon"); in the guess they are filler, except
   "a" right after a number ("Long March 3A" is not "Long March 3"). An answer that
   ends in generic nouns also matches without them ("Von Karman crater", "SPA basin").
4. Small typos, by length. Between the numbers, the window's words match the answer's
   word for word, each within an edit budget (optimal string alignment, so a swap of
   two letters is one edit): none for words of 1-2 letters, none for 3-4 letters unless
   the answer has 9+ letters (then 1, "van karman"), 1 for 5-8, 2 for 9+; and at most
   1 / 2 edits in all for answers of 5-8 / 9+ letters, none for 4 or fewer ("yutu",
   "L2"). A misspelt word keeps its first letter. When the word counts differ
   ("vonkarman"), the words are compared joined, within 1 edit (none when either side
   has a word of 1-2 letters: "Lunar Orbiter" is not "Lunar Orbiter V"). So "north
   pole" is not "south pole", "space" is not "ispace" and "Long March 3C" is not
   "Long March 3B".

Any accepted spelling that matches accepts the guess; a lone string is taken as one
spelling, not as a list of letters. Empty and punctuation-only text is rejected, and so
is text in another script unless normalize() knows it (嫦娥四号 yes, Cyrillic no).
Rough edges, chosen on purpose: generic filler nouns mean "ascender lander" is accepted
for "ascender"; "Karman" alone is rejected for "Von Kármán", "Yutu-1" for "Yutu" and
"Queqiao or Magpie Bridge" (two spellings of one answer) for "Queqiao": list a spelling
to accept it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from bot.knowledge.normalize import normalize, strip_markup

MAX_GIVEN_CHARS = 200
MAX_EXTRA_WORDS = 8

_ARTICLES = frozenset({"the", "a", "an"})
# Generic nouns after a name: "Von Karman crater", "the Queqiao relay satellite".
_GENERIC = frozenset(
    (
        "crater basin mission rover satellite relay probe lander spacecraft rocket launcher"
        " launch vehicle site center centre point region area station spaceport"
    ).split()
)
_FILLER = _GENERIC | frozenset(
    (
        # the sentence around an answer: "I think it's ...", "my final answer is ..."
        "the a an i im ive id ill me my we our you u it its that thats this is was were be"
        " been are am think thought guess guessing believe reckon say said bet know mean"
        " sure pretty quite really very maybe perhaps probably possibly likely definitely"
        " surely certainly obviously clearly must would could should will gonna go going"
        " with answer final called named known as aka of in on at to from for by right"
        " correct course ofc hmm hm um umm uh er erm eh ok okay oh ah well so yes yeah"
        " yep yup ya hey hi please pls plz lol lmao haha xd easy ez one thing landed"
        " launched landing"
        # hedges around a number: "about 650,000", "in the year 2019"
        " about around approximately approx roughly circa year yr"
    ).split()
)

_INTEGER = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+\.\d+")


def _budget(letters: int) -> int:
    """Edits allowed in a word or an answer of this many letters."""
    return 0 if letters <= 4 else 1 if letters <= 8 else 2


def _word_budget(letters: int, answer_letters: int) -> int:
    if letters <= 2:
        return 0
    if letters <= 4:
        return 1 if answer_letters >= 9 else 0
    return _budget(letters)


def _is_number(token: str) -> bool:
    return any(c.isdigit() for c in token)


def _canonical(token: str) -> str:
    """A number token in one spelling: '07' -> '7', '1.730' -> '1.73'."""
    if _INTEGER.fullmatch(token):
        return token.lstrip("0") or "0"
    if _DECIMAL.fullmatch(token):
        whole, frac = token.split(".")
        whole = whole.lstrip("0") or "0"
        frac = frac.rstrip("0")
        return f"{whole}.{frac}" if frac else whole
    return token


def _split(tokens: Sequence[str]) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """The word runs between number tokens, and the number tokens."""
    runs: list[tuple[str, ...]] = []
    numbers: list[str] = []
    run: list[str] = []
    for token in tokens:
        if _is_number(token):
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
    letters: int
    budget: int


@dataclass(frozen=True, slots=True)
class _Guess:
    tokens: tuple[str, ...]
    numbers: tuple[str, ...]
    first: int  # index of the first word that is not filler (len(tokens) if none)
    last: int  # index of the last word that is not filler (-1 if none)
    prefix: tuple[int, ...]  # prefix[i] = letters in the words before tokens[i]


def _words(text: str) -> tuple[str, ...]:
    return tuple(_canonical(t) if _is_number(t) else t for t in normalize(text).split())


def _make_answer(words: Sequence[str]) -> _Answer:
    runs, numbers = _split(words)
    letters = sum(len(w) for run in runs for w in run)
    return _Answer(runs, numbers, letters, _budget(letters))


@lru_cache(maxsize=4096)
def _answers(text: str) -> tuple[_Answer, ...]:
    """The answer as written and, if it ends in generic nouns, without them."""
    words = list(_words(text))
    while len(words) > 1 and words[0] in _ARTICLES:
        del words[0]
    if not words:
        return ()
    core = list(words)
    while len(core) > 1 and core[-1] in _GENERIC:
        del core[-1]
    if core == words or not any(_is_number(w) or len(w) >= 3 for w in core):
        return (_make_answer(words),)
    return _make_answer(words), _make_answer(core)


@lru_cache(maxsize=4096)
def _guess(text: str) -> _Guess | None:
    words = _words(strip_markup(text))
    if not words:
        return None
    # "a" right after a number is a designation ("Long March 3A"), not the article.
    solid = [
        _is_number(w) or w not in _FILLER or (w == "a" and i > 0 and _is_number(words[i - 1]))
        for i, w in enumerate(words)
    ]
    first = solid.index(True) if True in solid else len(words)
    last = len(words) - 1 - solid[::-1].index(True) if True in solid else -1
    prefix = [0]
    for w in words:
        prefix.append(prefix[-1] + (0 if _is_number(w) else len(w)))
    numbers = tuple(w for w in words if _is_number(w))
    return _Guess(words, numbers, first, last, tuple(prefix))


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


def _matches(guess: _Guess, answer: _Answer) -> bool:
    if guess.numbers != answer.numbers:
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


def is_accepted(given: str, accepted: Sequence[str]) -> bool:
    """Whether `given` names one of the `accepted` spellings; see the module docstring."""
    if not given or len(given) > MAX_GIVEN_CHARS:
        return False
    if isinstance(accepted, str):
        accepted = (accepted,)
    guess = _guess(given)
    if guess is None:
        return False
    return any(_matches(guess, answer) for text in accepted for answer in _answers(text))
