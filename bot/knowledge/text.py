"""Words for matching questions to facts: stop words, light stemming, synonyms."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.knowledge.normalize import tokens

STOP_WORDS = frozenset(
    """a an the of to in on at by for from with about into onto as and or but is are was were be
    been being do does did done has have had having it its this that these those there what whats
    which who whom whose when where why how much many tell me please can could would should will
    shall may might must you your i my we our us they them their he she his her any some all also
    just so than then too very get got give know find out like ever bot hey hi hello thanks thank
    ok okay""".split()
)

# Words people use for the same idea map onto one stem.
SYNONYMS = {
    "landed": "land", "landing": "land", "touchdown": "land", "touched": "land", "lands": "land",
    "launched": "launch", "launching": "launch", "liftoff": "launch", "blast": "launch",
    "lifted": "launch", "launches": "launch", "takeoff": "launch",
    "weigh": "mass", "weighed": "mass", "weight": "mass", "heavy": "mass", "massive": "mass",
    "kg": "mass", "kilograms": "mass", "kilogram": "mass",
    "big": "size", "wide": "size", "large": "size", "diameter": "size", "across": "size",
    "travel": "distance", "traveled": "distance", "travelled": "distance",
    "drove": "distance", "driven": "distance", "drive": "distance", "km": "distance",
    "kilometres": "distance", "kilometers": "distance", "metres": "distance",
    "meters": "distance",
    "date": "when", "year": "when", "day": "when",
    "rock": "sample", "rocks": "sample", "soil": "sample", "dirt": "sample", "regolith": "sample",
    "moon": "lunar", "moons": "lunar", "luna": "luna",
    "backside": "far", "hidden": "far", "dark": "dark",
    "pics": "photo", "pictures": "photo", "picture": "photo", "images": "photo",
    "image": "photo", "photograph": "photo", "photographs": "photo", "photographed": "photo",
    "photos": "photo", "camera": "photo", "cameras": "photo",
    "crater": "crater", "craters": "crater", "basin": "basin", "basins": "basin",
    "relay": "relay", "relays": "relay", "satellite": "satellite", "satellites": "satellite",
}  # fmt: skip

_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s")
_WORD = re.compile(r"^[a-z]+$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately small stemmer: synonyms first, then a few English suffixes."""
    if word in SYNONYMS:
        return SYNONYMS[word]
    if not _WORD.match(word) or len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            return SYNONYMS.get(base, base)
    return word


def terms(text: str) -> list[str]:
    """Content words of `text`, normalized and stemmed, in order (numbers kept)."""
    return [stem(t) for t in tokens(text) if t not in STOP_WORDS]
