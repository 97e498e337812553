"""One text normalization, shared by the answerer and the quiz answer checker.

`normalize("Where did 嫦娥四号 land?")` and `normalize("where did Chang'e 4 land")` give the
same text: case folded, accents and punctuation gone, number words as digits and every
spelling of a mission name (Chang'e-4, Change 4, chang e 4, CE4, CE-4, 嫦娥四号) as
`change 4`.

Details, in the order they are applied:

- Traditional Chinese characters become simplified ones (OpenCC), so 嫦娥四號 = 嫦娥四号.
- Chinese names (嫦娥, 玉兔, 鹊桥, 月球背面) become their pinyin/English words and a
  numbered suffix (四号, 4号) becomes a digit; any Unicode digit becomes an ASCII one.
- Case is folded, accents are dropped (Kármán -> karman), apostrophes vanish
  (Chang'e -> change), thousands separators go (4,700 -> 4700) and other punctuation
  becomes a space; a dot between digits stays (1.731).
- Letters and digits are split apart: yutu2 -> yutu 2, 3B -> 3 b, L2 -> l 2.
- Number words become digits: "four thousand seven hundred" -> 4700, "twenty nineteen"
  and "two thousand and nineteen" -> 2019, "a hundred" -> 100. Separate numbers stay
  separate ("two and three" -> "2 and 3", "three four" -> "3 4"), and "one" stays a word
  where it is a pronoun ("the one", "no one", "one of them").
- A number times a scale word is worked out: "650k", "650 thousand" -> 650000,
  "1.2 million" -> 1200000.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import opencc

MISSION_NAMES = frozenset({"change", "yutu", "queqiao", "luna", "zond", "ranger", "apollo",
                          "tianwen", "surveyor", "longjiang", "lunar orbiter", "shenzhou",
                          "tianzhou", "chandrayaan", "artemis", "long march"})  # fmt: skip
"""Names that take a mission number ("yutu 2", "luna 3"), in normalized words."""

_CJK_NAMES = {"嫦娥": " change ", "玉兔": " yutu ", "鹊桥": " queqiao ", "月球背面": " far side "}
_CJK_DIGITS = dict(zip("一二三四五六七八九", "123456789", strict=True))
_CJK_NUMBERED = re.compile(r"([一二三四五六七八九十]{1,3}|\d+)号")
_DIGIT = re.compile(r"\d")

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_DIGIT_SCALES = {**_SCALES, "k": 1000}
# "one" after these words (or before "of") is a pronoun, not a number: "the one", "no one".
_ONE_PRONOUN_BEFORE = frozenset(
    {"the", "this", "that", "which", "no", "any", "every", "each", "another", "other", "some"}
)

_APOSTROPHES = re.compile(r"['’ʼ‘`´]")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?![\d])")
_NOT_DIGIT = re.compile(r"\D")
# A mission name just before a number: "yutu 2 135 kg" is Yutu-2 and 135, not 2135.
_AFTER_MISSION = re.compile(
    r"(?:^|[^\w])(?:ce|chang e|" + "|".join(n.split()[-1] for n in MISSION_NAMES) + r")[\s-]*$"
)
_PUNCT = re.compile(r"[^\w.]|_|(?<!\d)\.|\.(?!\d)")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_CHANG_E = re.compile(r"\bchang\s+e\b")
_CE = re.compile(r"\bce\s+(?=\d)")
_DECIMAL = re.compile(r"\d{1,30}(?:\.\d{1,30})?")


@lru_cache(maxsize=1)
def _simplifier() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _cjk_number(written: str) -> str:
    """A number written in Chinese numerals up to 99 (四 4, 十八 18, 二十 20), or digits."""
    if written.isdigit():
        return str(int(written))
    tens, ten, units = written.rpartition("十")
    if not ten:
        return _CJK_DIGITS.get(units, units)
    return str(int(_CJK_DIGITS.get(tens, "1")) * 10 + int(_CJK_DIGITS.get(units, "0")))


_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """`text` with lone surrogates (which JSON may carry, but UTF-8 cannot) replaced."""
    return _SURROGATE.sub("\ufffd", text)


def simplified(text: str) -> str:
    """Traditional Chinese characters as simplified ones; other text unchanged."""
    return text if text.isascii() else _simplifier().convert(encodable(text))


def fold_accents(text: str) -> str:
    """`text` without accents, in NFKC form: Kármán -> Karman, Ｑ -> Q."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", stripped)


def _fold(text: str) -> str:
    text = simplified(text)
    for cjk, latin in _CJK_NAMES.items():
        text = text.replace(cjk, latin)
    text = fold_accents(text).casefold()
    if not text.isascii():
        text = _DIGIT.sub(lambda m: str(unicodedata.decimal(m[0], 0)), text)
    return text


def _group_thousands(text: str) -> str:
    """Drop thousands separators: '4,700', '4 700' -> '4700' (not '2019 100', and not a
    mission number and the next number: 'yutu 2 135')."""

    def join(match: re.Match[str]) -> str:
        spaced = match[0][len(match[0].rstrip("0123456789")) - 1] == " "
        if spaced and _AFTER_MISSION.search(text, 0, match.start()):
            return match[0]
        return _NOT_DIGIT.sub("", match[0])

    return _THOUSANDS.sub(join, text)


def _fits(current: int, unit: int) -> bool:
    """Whether `unit` continues the number `current`: 'twenty' + 'one', 'hundred' + 'five'."""
    rest = current % 100
    if rest == 0:
        return True
    return unit < 10 and rest >= 20 and rest % 10 == 0


def _is_number_word(tokens: list[str], i: int) -> bool:
    token = tokens[i]
    if token == "one":
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        return before not in _ONE_PRONOUN_BEFORE and after != "of"
    if token in ("a", "an"):
        return i + 1 < len(tokens) and tokens[i + 1] in _SCALES
    return token in _UNITS


def _number_words(tokens: list[str]) -> list[str]:
    """Turn runs of number words into digits: 'four thousand seven hundred' -> '4700'."""
    out: list[str] = []
    total = current = 0
    century: int | None = None  # first half of a spoken year: 'nineteen' fifty-nine
    in_number = False

    def flush() -> None:
        nonlocal total, current, century, in_number
        if in_number:
            value = century * 100 + current if century is not None else total + current
            out.append(str(value))
        total = current = 0
        century = None
        in_number = False

    for i, token in enumerate(tokens):
        if _is_number_word(tokens, i):
            unit = _UNITS.get(token, 1)
            if not in_number or (
                _fits(current, unit) and (century is None or current + unit < 100)
            ):
                current += unit
            elif century is None and total == 0 and 10 <= current <= 99:
                century, current = current, unit
            else:
                flush()
                current = unit
            in_number = True
        elif token in _SCALES and in_number:
            if century is not None:
                flush()
                current, in_number = 1, True
            scale = _SCALES[token]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif (
            token == "and"
            and in_number
            and (total or current >= 100)
            and i + 1 < len(tokens)
            and tokens[i + 1] in _UNITS
        ):
            continue
        else:
            flush()
            out.append(token)
    flush()
    return out


def _scaled_numbers(tokens: list[str]) -> list[str]:
    """Work out a number followed by a scale word: '650 k' -> '650000'."""
    out: list[str] = []
    for token in tokens:
        if out and token in _DIGIT_SCALES and _DECIMAL.fullmatch(out[-1]):
            try:
                value = Decimal(out[-1]) * _DIGIT_SCALES[token]
            except InvalidOperation:  # pragma: no cover - _DECIMAL guarantees a number
                value = None
            if value is not None and value == value.to_integral_value():
                out[-1] = str(int(value))
                continue
        out.append(token)
    return out


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Canonical form of `text` for matching; see the module docstring."""
    text = _fold(text)
    text = _APOSTROPHES.sub("", text)
    text = _CJK_NUMBERED.sub(lambda m: f" {_cjk_number(m[1])} ", text)
    text = _group_thousands(text)
    text = _PUNCT.sub(" ", text)
    text = _LETTER_DIGIT.sub(" ", text)
    text = _CHANG_E.sub("change", text)
    text = _group_thousands(" ".join(_scaled_numbers(_number_words(text.split()))))
    return _CE.sub("change ", text)


_MARKUP = re.compile(r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|<t:-?\d+(?::[a-zA-Z])?>|https?://\S+|@\w+")


def strip_markup(text: str) -> str:
    """`text` without Discord mentions, custom emoji, timestamps, links and @words."""
    return _MARKUP.sub(" ", text)


def tokens(text: str) -> list[str]:
    """The words of `normalize(text)`."""
    return normalize(text).split()
