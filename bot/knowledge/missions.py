"""Mission designations in text, and how well a fact's missions fit a question's.

Chang'e-5 and Chang'e-6 facts share almost every word; the number is what tells them
apart, so the answerer treats the missions a question names as strong evidence.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from bot.knowledge.normalize import MISSION_NAMES
from bot.knowledge.text import words

Designation = tuple[str, str]  # ("change", "4"), ("yutu", ""), ("change", "5 t 1")

DESIGNATED = MISSION_NAMES
BARE_NAMES = frozenset({"yutu", "queqiao"})
MAX_MISSION_NUMBER = 30
OTHER_WORLDS = frozenset(
    "mercury venus mars jupiter saturn uranus neptune pluto ceres titan europa io "
    "ganymede enceladus phobos deimos iss tiangong sun".split()
)


def designations(tokens: list[str]) -> set[Designation]:
    """Mission names with their numbers in normalized words."""
    found: set[Designation] = set()
    for i, word in enumerate(tokens):
        name = word
        j = i + 1
        if word == "lunar" and i + 1 < len(tokens) and tokens[i + 1] == "orbiter":
            name, j = "lunar orbiter", i + 2
        elif word == "long" and i + 1 < len(tokens) and tokens[i + 1] == "march":
            name, j = "long march", i + 2
        if name not in DESIGNATED:
            continue
        if j < len(tokens) and tokens[j].isdigit():
            number = tokens[j]
            if j + 2 < len(tokens) and tokens[j + 1] == "t" and tokens[j + 2].isdigit():
                number = f"{number} t {tokens[j + 2]}"
            if name in BARE_NAMES and number == "1":
                number = ""  # Queqiao-1 and Yutu-1 are the Queqiao and Yutu
            found.add((name, number))
        elif name in BARE_NAMES:
            found.add((name, ""))
    return found


def mission_name(word: str) -> str:
    """A misspelled mission name is still that name ("chnage" 5); callers ask only for
    words followed by a number."""
    if len(word) < 5 or word in DESIGNATED or not word.isalpha():
        return word
    for name in DESIGNATED:
        if len(name) >= 5 and OSA.distance(word, name) <= 1:
            return name
    return word


def subject(asks: Iterable[str]) -> set[Designation]:
    """The missions a fact is about: those named in at least a third of its phrasings
    (a phrasing may compare with another mission: "is queqiao still working now that
    queqiao 2 is up")."""
    asks = list(asks)
    counts: dict[Designation, int] = defaultdict(int)
    for ask in asks:
        for named in designations(words(ask)):
            counts[named] += 1
    if not counts:
        return set()
    needed = max(1, len(asks) / 3)
    return {named for named, count in counts.items() if count >= needed}


def mission_factor(
    asked: set[Designation], about: frozenset[Designation], mentioned: frozenset[Designation]
) -> float:
    """1 when a fact is about the missions the question names; lower the more it is about
    others (a Chang'e-6 fact for a Chang'e-5 question, Luna 24 for Luna 3). Numbers of
    one name compared in a question ("chang'e 5 vs chang'e 6") count by the best."""
    by_name: dict[str, float] = {}
    for name, number in asked:
        fit = _fit(name, number, about, mentioned)
        by_name[name] = max(by_name.get(name, 0.0), fit)
    return math.prod(by_name.values())


def _fit(
    name: str, number: str, about: frozenset[Designation], mentioned: frozenset[Designation]
) -> float:
    if (name, number) in about:
        return 1.0
    numbers = {n for (m, n) in about if m == name}
    if numbers:
        return 0.6 if not number and "" not in numbers else 0.25
    if (name, number) in mentioned:
        return 0.8
    if number and any(m == name for (m, _) in mentioned):
        return 0.35
    return 0.5
