"""The word sequences that name the same answer, for the quiz answer checker.

`words(text)` is `normalize(text)` as tokens, with numbers in one spelling ("07" -> "7"),
"%" and "°" as words, and the ordinal suffix and "of"/"the" of a date dropped ("3rd of
January" -> "3 january", "January the 3rd" -> "january 3"; a lone "3rd" stays "3 rd").
From those tokens:

- `split_units` takes a unit word after a number out of the tokens ("1,731 grams" ->
  "1731" with unit "g"), so a unit can be compared as a unit and not as a word. A
  number right after a name is a designation, not a measure: "Long March 3C" has no
  unit "c". One-letter units (g, m, c, f, h) count only when `single_letters`.
- `reorder_of` turns "bridge of (the) magpies" into "magpie bridge".
- `name_part` is the distinctive part of a name: "karman" of "Von Kármán crater",
  "moscoviense" of "Mare Moscoviense", "rains" of "Sea of Rains".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.knowledge.normalize import normalize

ARTICLES = frozenset({"the", "a", "an"})
# Generic nouns around a name: "Von Karman crater", "the Queqiao relay satellite",
# "cotton seeds".
GENERIC = frozenset(
    (
        "crater craters basin basins mission missions rover rovers satellite satellites relay"
        " probe probes lander landers spacecraft rocket rockets launcher launch vehicle site"
        " center centre point region area station spaceport seed seeds plant plants"
    ).split()
)
FILLER = GENERIC | frozenset(
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
# Words that make a name without telling it apart: Von Kármán, Mare Moscoviense,
# Sea of Rains, Mons Rümker, Statio Tianhe, Chongqing University.
NAME_WORDS = ARTICLES | frozenset(
    (
        "von van der den de du la le of mare maria oceanus sinus lacus palus mons montes"
        " rupes rima rimae vallis catena dorsum promontorium statio crater craters basin"
        " mount mt mountain mountains lake sea ocean bay university festival"
    ).split()
)
# Common words that tell nothing apart alone: "lunar" of "lunar maria".
_PLAIN = frozenset(
    (
        "lunar moon moons earth solar sun north south east west northern southern eastern"
        " western far near side inner outer upper lower great little big small new old dark"
        " central high low"
    ).split()
)

_UNITS: dict[str, str] = {
    "g": "g gram grams gramme grammes",
    "kg": "kg kgs kilo kilos kilogram kilograms kilogramme kilogrammes",
    "t": "tonne tonnes ton tons",
    "mm": "mm millimetre millimetres millimeter millimeters",
    "cm": "cm centimetre centimetres centimeter centimeters",
    "m": "m metre metres meter meters",
    "km": "km kms kilometre kilometres kilometer kilometers",
    "mi": "mi mile miles",
    "ft": "ft foot feet",
    "km/s": "kps",
    "s": "sec secs second seconds",
    "min": "min mins minute minutes",
    "h": "h hr hrs hour hours",
    "day": "day days",
    "week": "week weeks wk wks",
    "month": "month months",
    "year": "year years yr yrs",
    "percent": "percent pct",
    "hz": "hz hertz",
    "khz": "khz kilohertz",
    "mhz": "mhz megahertz",
    "ghz": "ghz gigahertz",
    "celsius": "c celsius centigrade",
    "fahrenheit": "f fahrenheit",
    "deg": "deg degree degrees",
    "yuan": "yuan rmb",
}
_UNIT_PHRASES: dict[tuple[str, ...], str] = {
    **{(alias,): unit for unit, aliases in _UNITS.items() for alias in aliases.split()},
    ("per", "cent"): "percent",
    ("km", "s"): "km/s",
    **{
        (km, "per", s): "km/s"
        for km in ("km", "kilometre", "kilometres", "kilometer", "kilometers")
        for s in ("s", "sec", "second")
    },
    **{(d, c): "celsius" for d in ("deg", "degree", "degrees") for c in ("c", "celsius")},
    **{(d, f): "fahrenheit" for d in ("deg", "degree", "degrees") for f in ("f", "fahrenheit")},
    ("metric", "ton"): "t",
    ("metric", "tons"): "t",
    ("metric", "tonnes"): "t",
}
_LONGEST_UNIT = max(len(phrase) for phrase in _UNIT_PHRASES)
# Units that only a vague spelling shares: "127 degrees" for "127 °C".
_VAGUE_UNITS = {"deg": frozenset({"celsius", "fahrenheit"})}

_SYMBOLS = (("%", " percent "), ("°", " degrees "), ("º", " degrees "))
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_MONTHS = frozenset(
    (
        "january february march april may june july august september october november december"
        " jan feb mar apr jun jul aug sep sept oct nov dec"
    ).split()
)
_INTEGER = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+\.\d+")


def is_number(token: str) -> bool:
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


def _is_day(token: str) -> bool:
    return _INTEGER.fullmatch(token) is not None and 1 <= int(token) <= 31


def words(text: str) -> tuple[str, ...]:
    """The normalized tokens of `text`, dates and ordinals in one spelling."""
    for symbol, word in _SYMBOLS:
        text = text.replace(symbol, word)
    tokens = [_canonical(t) if is_number(t) else t for t in normalize(text).split()]
    out: list[str] = []
    for i, token in enumerate(tokens):
        before = out[-1] if out else ""
        after = [t for t in tokens[i + 1 : i + 3] if t not in ("of", "the")][:1]
        if token in _ORDINAL_SUFFIXES and _is_day(before) and _near_month(out[:-1], after):
            continue  # a day of a month: "25th" -> "25"; "3rd" alone stays "3 rd"
        if token in ("of", "the") and (
            (_is_day(before) and after and after[0] in _MONTHS)
            or (before in _MONTHS and after and _is_day(after[0]))
        ):
            continue  # "3rd of January" -> "3 january", "June the 25th" -> "june 25"
        out.append(token)
    return tuple(out)


def _near_month(before: Sequence[str], after: Sequence[str]) -> bool:
    """Whether a month name is next to a day, past an "of" or "the"."""
    earlier = [t for t in before[-2:] if t not in ("of", "the")][-1:]
    return any(t in _MONTHS for t in (*earlier, *after))


def _unit_at(tokens: Sequence[str], at: int, single_letters: bool) -> tuple[str | None, int]:
    """The unit spelled from `tokens[at]` on and how many tokens it takes."""
    for size in range(min(_LONGEST_UNIT, len(tokens) - at), 0, -1):
        phrase = tuple(tokens[at : at + size])
        unit = _UNIT_PHRASES.get(phrase)
        if unit and (single_letters or size > 1 or len(phrase[0]) > 1):
            return unit, size
    return None, 0


def split_units(
    tokens: Sequence[str], *, single_letters: bool
) -> tuple[tuple[str, ...], tuple[str | None, ...]] | None:
    """`tokens` without the unit words after numbers, and each number's unit (None if
    it has none); None when no number has a unit."""
    out: list[str] = []
    units: list[str | None] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        at += 1
        out.append(token)
        if not is_number(token):
            continue
        before = out[-2] if len(out) > 1 else ""
        unit, size = None, 0
        if not before or before in FILLER or is_number(before):
            unit, size = _unit_at(tokens, at, single_letters)
        units.append(unit)
        at += size
    if not any(units):
        return None
    return tuple(out), tuple(units)


def same_unit(got: str, want: str | None) -> bool:
    if want is None:
        return False
    return got == want or want in _VAGUE_UNITS.get(got, ()) or got in _VAGUE_UNITS.get(want, ())


def _singulars(word: str) -> tuple[str, ...]:
    """`word` and what it may be the plural of: 'magpies' -> magpies, magpie, magpy."""
    out = [word]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        out.append(word[:-1])
        if len(word) > 4 and word.endswith("ies"):
            out.append(word[:-3] + "y")
    return tuple(out)


def reorder_of(tokens: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """'bridge of (the) magpies' as 'magpies bridge', 'magpie bridge' (and 'magpy
    bridge'), at the first such 'of'; () when there is none."""
    for k in range(1, len(tokens) - 1):
        if tokens[k] != "of":
            continue
        head, at = tokens[k - 1], k + 1
        if tokens[at] == "the" and at + 1 < len(tokens):
            at += 1
        tail = tokens[at]
        if head in FILLER or tail in FILLER or is_number(head) or is_number(tail):
            continue
        return tuple((*tokens[: k - 1], word, head, *tokens[at + 1 :]) for word in _singulars(tail))
    return ()


def name_part(tokens: Sequence[str]) -> tuple[str, ...] | None:
    """The name without its generic words at either end, if that leaves a distinctive
    word of 4+ letters: 'von karman crater' -> 'karman'; 'south pole aitken' -> None."""
    start, end = 0, len(tokens)
    while start < end and tokens[start] in NAME_WORDS:
        start += 1
    while end > start and (tokens[end - 1] in NAME_WORDS or tokens[end - 1] in GENERIC):
        end -= 1
    part = tuple(tokens[start:end])
    if len(part) == len(tokens) or all(w in FILLER or w in _PLAIN or is_number(w) for w in part):
        return None
    if sum(len(w) for w in part if not is_number(w)) < 4:
        return None
    return part
