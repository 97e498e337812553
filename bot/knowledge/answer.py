"""Answer questions from the fact base, or decline with suggestions.

A question is normalized into content terms, candidate facts come from an inverted
index (term -> facts), and only the best few candidates are scored in full:
IDF-weighted term coverage, a rapidfuzz ratio against the phrasings people use, and
the mission designations named on both sides. Naming the wrong mission (Chang'e-5 for
a Chang'e-6 fact) is a strong signal against a fact. Below the confidence threshold
the answer is a decline with "did you mean" suggestions: a wrong fact stated
confidently is the worst outcome.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.knowledge.model import Fact, KnowledgeBase
from bot.knowledge.text import STOP_WORDS, content, stem, words

DESIGNATED = frozenset({"change", "yutu", "queqiao", "luna", "zond", "ranger", "apollo",
                        "tianwen", "surveyor", "longjiang", "lunar orbiter"})  # fmt: skip
BARE_NAMES = frozenset({"yutu", "queqiao"})
QUESTION_WORDS = frozenset({"what", "which", "who", "when", "where", "why", "how"})
MAX_QUESTION = 500
CANDIDATES = 40
ANSWER_AT = 0.55
SUGGEST_AT = 0.30
# A question whose only matching words are mission names, question words or very common
# words ("hello yutu", "moon") is too vague to answer: its score is scaled down.
# ("what is queqiao" still gets an answer when a fact's phrasing is that close to it).
MIN_INFORMATIVE = 1.5
VAGUE = 0.3
CLOSE_PHRASING = 0.8
NUMBER_WEIGHT = 0.5
# A word the fact base never uses weighs this much of the rarest known word's weight.
UNKNOWN_WEIGHT = 0.65
MAX_MISSION_NUMBER = 30


@dataclass(frozen=True)
class Answer:
    """The outcome of a question: a fact, or a decline with suggestions."""

    question: str
    fact: Fact | None
    confidence: float
    related: tuple[Fact, ...] = ()
    suggestions: tuple[Fact, ...] = ()

    @property
    def answered(self) -> bool:
        return self.fact is not None

    def as_json(self) -> dict[str, object]:
        """The stable shape `yutu ask --json` prints."""
        return {
            "answered": self.answered,
            "fact_id": self.fact.id if self.fact else None,
            "text": self.fact.text if self.fact else None,
            "source": self.fact.source if self.fact else None,
            "confidence": round(self.confidence, 3),
            "suggestions": [
                {"fact_id": f.id, "question": f.asks[0] if f.asks else f.text}
                for f in self.suggestions
            ],
        }


def designations(tokens: list[str]) -> set[tuple[str, str]]:
    """Mission names with their numbers: ('change', '4'), ('yutu', ''), ('change', '5 t 1')."""
    found: set[tuple[str, str]] = set()
    for i, word in enumerate(tokens):
        name = word
        j = i + 1
        if word == "lunar" and i + 1 < len(tokens) and tokens[i + 1] == "orbiter":
            name, j = "lunar orbiter", i + 2
        if name not in DESIGNATED:
            continue
        if j < len(tokens) and tokens[j].isdigit():
            number = tokens[j]
            if j + 2 < len(tokens) and tokens[j + 1] == "t" and tokens[j + 2].isdigit():
                number = f"{number} t {tokens[j + 2]}"
            found.add((name, number))
        elif name in BARE_NAMES:
            found.add((name, ""))
    return found


def _subject(asks: tuple[str, ...]) -> set[tuple[str, str]]:
    """The missions a fact is about: those named in at least a third of its phrasings
    (a phrasing may compare with another mission: "is queqiao still working now that
    queqiao 2 is up")."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for ask in asks:
        for named in designations(words(ask)):
            counts[named] += 1
    if not counts:
        return set()
    needed = max(1, len(asks) / 3)
    return {named for named, count in counts.items() if count >= needed}


@dataclass(frozen=True)
class _Entry:
    fact: Fact
    terms: frozenset[str]
    phrasings: tuple[frozenset[str], ...]
    subject: frozenset[tuple[str, str]]
    mentioned: frozenset[tuple[str, str]]


class Answerer:
    """Index a knowledge base once; answer many questions."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.entries: list[_Entry] = []
        postings: dict[str, list[int]] = defaultdict(list)
        topics = {t.id: t for t in kb.topics}
        for fact in kb.facts.values():
            topic = topics.get(fact.topic)
            title = topic.title if topic else ""
            aliases = topic.aliases if topic else ()
            parts = [fact.text, *fact.asks, *fact.keywords, title]
            every = [w for part in parts for w in words(part)]
            terms = frozenset(content(every)) | {
                w for alias in aliases for w in content(words(alias)) if w in DESIGNATED
            }
            subject = _subject(fact.asks) or designations(words(title))
            entry = _Entry(
                fact=fact,
                terms=terms,
                phrasings=tuple(frozenset(content(words(p))) for p in fact.asks),
                subject=frozenset(subject),
                mentioned=frozenset(designations(every)),
            )
            for term in terms:
                postings[term].append(len(self.entries))
            self.entries.append(entry)
        total = max(len(self.entries), 1)
        self.idf = {t: math.log(1 + total / len(ids)) for t, ids in postings.items()}
        self.unknown_idf = math.log(1 + total) * UNKNOWN_WEIGHT
        self.postings = {t: tuple(ids) for t, ids in postings.items()}
        self.vocabulary = sorted(t for t in postings if len(t) >= 4 and not t.isdigit())
        self.common = max(50, total // 5)

    def _correct(self, term: str) -> str | None:
        """The vocabulary word a misspelled term most likely meant."""
        if term in self.idf or len(term) < 4 or term.isdigit():
            return None
        cutoff = 85 if len(term) < 7 else 80
        match = process.extractOne(term, self.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff)
        return match[0] if match else None

    def _dice(self, weights: dict[str, float], phrasing: frozenset[str]) -> float:
        """IDF-weighted overlap of the question with one phrasing of a fact (0..1)."""
        shared = sum(w for t, w in weights.items() if t in phrasing)
        own = sum(self.idf.get(t, 0.0) for t in phrasing)
        return 2 * shared / (sum(weights.values()) + own) if own else 0.0

    def _mission_factor(self, asked: set[tuple[str, str]], entry: _Entry) -> float:
        factor = 1.0
        for name, number in asked:
            if (name, number) in entry.subject:
                continue
            same_name = {n for (m, n) in entry.subject if m == name}
            if same_name:
                factor *= 0.25 if number and "" not in same_name else 0.6
            elif (name, number) in entry.mentioned:
                factor *= 0.8
            else:
                factor *= 0.5
        return factor

    def _query(self, question: str) -> tuple[list[str], dict[str, float]]:
        """The question's words and its content terms with their weights (rarer = heavier)."""
        said = words(question) if len(question) <= MAX_QUESTION else []
        terms = dict.fromkeys(self._correct(t) or t for t in content(said))
        return said, {t: self._weight(t) for t in terms}

    def _weight(self, term: str) -> float:
        """Rarer terms weigh more; a number weighs less: people quote dates and figures
        from memory, and a figure the fact doesn't hold is weak evidence against it."""
        weight = self.idf.get(term, self.unknown_idf)
        return weight * NUMBER_WEIGHT if term[0].isdigit() else weight

    def _foreign_missions(self, said: list[str]) -> set[tuple[str, str]]:
        """Numbered names the fact base never uses ("artemis 3", "chandrayaan 3"): another
        mission, so facts that don't name it are unlikely to answer."""
        return {
            (word, number)
            for word, number in itertools.pairwise(said)
            if number.isdigit() and int(number) <= MAX_MISSION_NUMBER and word.isalpha()
            and word not in STOP_WORDS and stem(word) not in self.idf
            and self._correct(stem(word)) is None
        }  # fmt: skip

    def _candidates(self, weights: dict[str, float]) -> list[int]:
        """Facts sharing the rarest terms with the question, best first (the index lookup)."""
        scores: dict[int, float] = defaultdict(float)
        for term, weight in weights.items():
            ids = self.postings.get(term, ())
            if len(ids) <= self.common:
                for i in ids:
                    scores[i] += weight
        if not scores:
            for term, weight in weights.items():
                for i in self.postings.get(term, ())[: self.common]:
                    scores[i] += weight
        return sorted(scores, key=scores.__getitem__, reverse=True)[:CANDIDATES]

    def ask(self, question: str) -> Answer:
        """Answer `question`, or decline when no fact matches well enough."""
        said, weights = self._query(question)
        if not weights:
            return Answer(question, None, 0.0)
        total = sum(weights.values())
        asked = designations(said) | self._foreign_missions(said)
        plain = QUESTION_WORDS | {part for d in asked for part in (d[0], *d[1].split())}
        asking = not QUESTION_WORDS.isdisjoint(weights)
        ranked: list[tuple[float, int]] = []
        for i in self._candidates(weights):
            entry = self.entries[i]
            covered = sum(w for t, w in weights.items() if t in entry.terms) / total
            phrased = max((self._dice(weights, p) for p in entry.phrasings), default=0.0)
            missions = self._mission_factor(asked, entry)
            score = covered * (0.45 + 0.55 * phrased) * missions
            informative = sum(w for t, w in weights.items() if t in entry.terms and t not in plain)
            if informative < MIN_INFORMATIVE and (phrased < CLOSE_PHRASING or not asking):
                score *= VAGUE
            ranked.append((score, i))
        if not ranked:
            return Answer(question, None, 0.0)
        ranked.sort(reverse=True)
        confidence, top = ranked[0]
        top_fact = self.entries[top].fact
        if confidence >= ANSWER_AT:
            related = tuple(
                self.entries[i].fact
                for _, i in ranked[1:]
                if self.entries[i].fact.topic == top_fact.topic
            )[:3]
            return Answer(question, top_fact, confidence, related=related)
        suggestions = tuple(self.entries[i].fact for s, i in ranked[:3] if s >= SUGGEST_AT)
        return Answer(question, None, confidence, suggestions=suggestions)
