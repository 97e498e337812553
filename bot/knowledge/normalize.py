"""One text normalization, shared by the answerer and the quiz answer checker.

`normalize("Where did 嫦娥四号 land?")` and `normalize("where did Chang'e 4 land")` give the
same text: case folded, accents and punctuation gone, number words as digits and every
spelling of a mission name (Chang'e-4, Change 4, chang e 4, CE4, CE-4, 嫦娥四号) as
`change 4`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CJK_NAMES = {"嫦娥": " change ", "玉兔": " yutu ", "鹊桥": " queqiao ", "月球背面": " far side "}
_CJK_DIGITS = dict(zip("一二三四五六七八", "12345678", strict=True))
_CJK_NUMBERED = re.compile(r"([一二三四五六七八])号")

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

_APOSTROPHES = re.compile(r"['’ʼ‘`´]")
_THOUSANDS = re.compile(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}(?!\d))")
_PUNCT = re.compile(r"[^\w.]|_|(?<!\d)\.|\.(?!\d)")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_CHANG_E = re.compile(r"\bchang\s+e\b")
_CE = re.compile(r"\bce\s+(?=\d)")


def _fold(text: str) -> str:
    for cjk, latin in _CJK_NAMES.items():
        text = text.replace(cjk, latin)
    text = _CJK_NUMBERED.sub(lambda m: " " + _CJK_DIGITS[m.group(1)] + " ", text)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", stripped).casefold()


def _number_words(tokens: list[str]) -> list[str]:
    """Turn runs of number words into digits: 'four thousand seven hundred' -> '4700'."""
    out: list[str] = []
    total = current = 0
    in_number = False

    def flush() -> None:
        nonlocal total, current, in_number
        if in_number:
            out.append(str(total + current))
        total = current = 0
        in_number = False

    for token in tokens:
        if token in _UNITS:
            current += _UNITS[token]
            in_number = True
        elif token in _SCALES and in_number:
            scale = _SCALES[token]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif token == "and" and in_number:
            continue
        else:
            flush()
            out.append(token)
    flush()
    return out


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Canonical form of `text` for matching; see the module docstring."""
    text = _fold(text)
    text = _APOSTROPHES.sub("", text)
    text = _THOUSANDS.sub("", text)
    text = _PUNCT.sub(" ", text)
    text = _LETTER_DIGIT.sub(" ", text)
    text = _CHANG_E.sub("change", text)
    text = _CE.sub("change ", text)
    return " ".join(_number_words(text.split()))


def tokens(text: str) -> list[str]:
    """The words of `normalize(text)`."""
    return normalize(text).split()
