"""Question sets with an answer key, and how an answerer does on them.

A set is a YAML file with `answer:` items (a question and the facts whose text answers it;
an empty list means the base cannot answer it, so a decline is right) and `decline:` items
(questions outside the subject). Real questions carry the URL they were asked at
(`origin`); a set is split into a dev half and a test half by origin, so questions from
one page never sit on both sides. Tuning reads only the dev half.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml
from rapidfuzz import fuzz, process

from bot.knowledge.answer import Answerer
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.text import CHINESE, words


@dataclass(frozen=True)
class Item:
    q: str
    facts: frozenset[str]  # empty: the right outcome is a decline
    origin: str = ""
    lang: str = "en"
    in_subject: bool = True

    @property
    def split(self) -> str:
        return split_of(self.origin) if self.origin else "test"


def _lang(entry: dict) -> str:
    return entry.get("lang") or ("zh" if CHINESE.search(entry["q"]) else "en")


def split_of(origin: str) -> str:
    """'dev' or 'test', fixed by the page a question came from."""
    url = urlparse(origin)
    key = f"{url.netloc.removeprefix('www.')}{url.path}".rstrip("/").lower()
    return "dev" if zlib.crc32(key.encode()) % 2 else "test"


def load_set(path: Path) -> list[Item]:
    """Every item of a question set file."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    items = []
    for entry in data.get("answer") or []:
        items.append(Item(entry["q"], frozenset(entry.get("facts") or ()),
                          entry.get("origin", ""), _lang(entry)))  # fmt: skip
    for entry in data.get("decline") or []:
        if isinstance(entry, str):
            entry = {"q": entry}
        items.append(Item(entry["q"], frozenset(), entry.get("origin", ""), _lang(entry),
                          in_subject=False))  # fmt: skip
    return items


@dataclass
class Tally:
    """Outcomes on one set: answerable questions right, wrong or declined; questions the
    base can't answer (in or out of the subject) declined or answered anyway."""

    right: int = 0
    wrong: int = 0
    declined: int = 0
    suggested: int = 0  # declined, with a right fact among the suggestions
    declined_ok: int = 0
    answered_anyway: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def answerable(self) -> int:
        return self.right + self.wrong + self.declined

    @property
    def unanswerable(self) -> int:
        return self.declined_ok + self.answered_anyway

    def rate(self, count: int, of: int) -> float:
        return count / of if of else 1.0

    def line(self, label: str) -> str:
        n, m = self.answerable, self.unanswerable
        return (
            f"{label:<26} right {self.right:3}/{n:<3} {self.rate(self.right, n):6.1%}  "
            f"wrong {self.wrong:3} {self.rate(self.wrong, n):6.1%}  "
            f"declined {self.declined:3} {self.rate(self.declined, n):6.1%} "
            f"(suggested {self.suggested:2})  |  "
            f"should decline {self.declined_ok:3}/{m:<3} {self.rate(self.declined_ok, m):6.1%}"
        )


def tally(
    ask: Callable[[str], str | None],
    items: Iterable[Item],
    suggest: Callable[[str], Iterable[str]] | None = None,
) -> Tally:
    """Run `ask` (question -> fact id, or None for a decline) over `items`; `suggest`
    (question -> the fact ids a decline suggests) tells whether a decline helped."""
    result = Tally()
    for item in items:
        got = ask(item.q)
        if item.facts:
            if got in item.facts:
                result.right += 1
                continue
            if got is None:
                result.declined += 1
                if suggest and item.facts.intersection(suggest(item.q)):
                    result.suggested += 1
            else:
                result.wrong += 1
            expected = ", ".join(sorted(item.facts))
            result.misses.append(f"{item.q!r}: expected {expected}, got {got or 'a decline'}")
        elif got is None:
            result.declined_ok += 1
        else:
            result.answered_anyway += 1
            result.misses.append(f"{item.q!r}: should decline, got {got}")
    return result


# How close (rapidfuzz token-sort ratio, 0..100) a fact's phrasing must be to a question
# to count as written from it. Phrasings written from dev questions sit mostly above this;
# the test half, which no phrasing was written from, has about a fifth of its questions
# this close to some phrasing by chance.
WRITTEN_FROM = 85


def without_phrasings_like(kb: KnowledgeBase, questions: Iterable[str]) -> KnowledgeBase:
    """`kb` less every fact phrasing close to one of `questions`: the base as it would be
    had nobody written phrasings from them, to measure the dev half as if it were unseen."""
    said = [" ".join(words(q)) for q in questions]

    def kept(ask: str) -> bool:
        match = process.extractOne(
            " ".join(words(ask)), said, scorer=fuzz.token_sort_ratio, score_cutoff=WRITTEN_FROM
        )
        return match is None

    return with_asks(kb, lambda i, ask: kept(ask))


def with_asks(kb: KnowledgeBase, keep: Callable[[int, str], bool]) -> KnowledgeBase:
    """`kb` with only the phrasings `keep(position, phrasing)` accepts, fact by fact."""
    topics = []
    for topic in kb.topics:
        facts = tuple(
            dataclasses.replace(f, asks=tuple(a for i, a in enumerate(f.asks) if keep(i, a)))
            for f in topic.facts
        )
        topics.append(dataclasses.replace(topic, facts=facts))
    return KnowledgeBase.from_topics(topics)


def load_lines(path: Path) -> list[str]:
    """The questions of a plain list, one a line (blank lines and # comments skipped)."""
    lines = (line.strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def unseen_folds(
    kb: KnowledgeBase, items: Iterable[Item], folds: int, *, meaning: bool = True
) -> Iterator[tuple[Answerer, list[Item]]]:
    """`items` in folds of pages, each with an answerer over `kb` less the phrasings close
    to that fold's questions: how the answerer would do had nobody written them."""
    for part in origin_folds(items, folds):
        yield Answerer(without_phrasings_like(kb, [i.q for i in part]), meaning=meaning), part


def origin_folds(items: Iterable[Item], folds: int) -> list[list[Item]]:
    """`items` in `folds` groups, the questions of one page always together."""
    groups: list[list[Item]] = [[] for _ in range(folds)]
    for item in items:
        groups[zlib.crc32(f"fold:{item.origin}".encode()) % folds].append(item)
    return groups
