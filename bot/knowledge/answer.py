"""Answer questions from the fact base, or decline with suggestions.

A question is normalized into content terms (in a message of several sentences, the
question sentence; the sentences around it count only as context, and find no facts of
their own), candidate facts come from an inverted index (term -> facts), and only the
best few candidates are scored in full:
IDF-weighted term coverage, a rapidfuzz ratio against the phrasings people use, and
the mission designations named on both sides. Naming the wrong mission (Chang'e-5 for
a Chang'e-6 fact) is a strong signal against a fact; so is naming something beside the
subject that the fact's topic never mentions (Tiangong, Apollo), or naming nothing of the
subject at all ("is it cool to work in space"). A best fact with a close runner-up is
less certain. Below the confidence threshold the answer is a decline with "did you mean"
suggestions: a wrong fact stated confidently is the worst outcome.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

from bot.knowledge.meaning import Closeness, Meaning, english
from bot.knowledge.missions import (
    DESIGNATED,
    MAX_MISSION_NUMBER,
    OTHER_WORLDS,
    Designation,
    designations,
    mission_factor,
    mission_name,
    subject,
)
from bot.knowledge.model import Fact, KnowledgeBase
from bot.knowledge.text import CHINESE, STOP_WORDS, content, focus, stem, words

QUESTION_WORDS = frozenset({"what", "which", "who", "when", "where", "why", "how"})
MAX_QUESTION = 500
CANDIDATES = 40
FALLBACK_POSTINGS = 5000
# Feature weights, calibration and answer threshold, read from weights.json (which says
# how its numbers were made; `python tools/fit_answerer.py --write` refits them).
FITTED = json.loads((Path(__file__).with_name("weights.json")).read_text("utf-8"))
WEIGHTS: dict[str, float] = FITTED["weights"]  # rank the candidates
# The chance that the best candidate is right, from its score, its lead over the next and
# its features: {"bias", "score", "lead": float, "features": {name: float}}, and optionally
# "close" and "close_margin": how much a lead under the margin counts against it.
CALIBRATION: dict = FITTED["calibration"]
ANSWER_AT: float = FITTED["answer_at"]
# Which fact to state when a question is read by meaning too (meaning.py): a logistic
# model over what the words and the meaning each say of their first few facts,
# {"weights": {signal: float}, "bias", "veto": how much closer another fact must be for
# the meaning to overrule the words' sure answer, "answer_at", "suggest_at": how close a
# fact must be in meaning to be suggested} (tools/fit_choice.py fits all but suggest_at).
CHOICE: dict = FITTED["choice"]
OPTIONS = 3
SUGGESTIONS = 3
# BM25 over two fields of a fact: the phrasings people use (asks) and what it says (text,
# keywords, topic title); a term's field frequencies are weighted and length-normalized.
BM25_K1 = 1.2
BM25_B = 0.75
FIELD_WEIGHTS = (1.0, 0.7)  # asks, text
# A fact that explains: its phrasings often ask "why", or its text gives a reason.
EXPLAINS = re.compile(r"\b(?:because|due to|so that|which is why|the reason|caused by|since)\b")
WHY_SHARE = 0.2
FAR_SHARE = 1 / 3
# People's own words rarely make up more than this weighted share of an in-scope question;
# beyond it the question is most likely about something else ("how tall is the eiffel tower").
USUAL_UNKNOWN = 0.25
SUGGEST_AT = 0.25
# A question whose only matching words are mission names, question words or very common
# words ("hello yutu", "moon") is too vague to answer: its score is scaled down.
# ("what is queqiao" still gets an answer when a fact's phrasing is that close to it).
MIN_INFORMATIVE = 1.2
# Words of any question about space: matching only these is matching nothing in particular
# ("is it cool to work in space", "how do you get into the rocket").
GENERIC = frozenset(
    "space rocket earth planet star sun spacecraft people solar system sky world universe "
    "work time night".split()
)
VAGUE = 0.3
CLOSE_PHRASING = 0.8
NUMBER_WEIGHT = 0.5
# What a question can ask for: when its fact's text and keywords never mention it, the
# fact most likely does not hold the answer ("how deep did chang'e 6 drill").
MEASURES = frozenset(
    "mass size distance duration depth height tall temperature speed budget name age number "
    "power watt battery resolution altitude colour rocket".split()
)
UNITS_OF_TIME = ("second", "minute", "hour", "day", "week", "month", "year")
# A fact that gives a span of time can answer "how long" (31 months, 23 days, 12 minutes).
SPAN = re.compile(rf"\d[\d,.]*(?:\s+|-)(?:earth\s+)?(?:{'|'.join(UNITS_OF_TIME)})s?\b")
# "How many days" asks for a span of time (the `duration` measure), not for a count;
# "how many times" for how often, which facts put in too many ways to check.
TIME_UNITS = frozenset([*UNITS_OF_TIME, *(f"{unit}s" for unit in UNITS_OF_TIME), "time", "times"])
COUNTED_WORDS = 3  # "how many of the small solar panels"
COMPARATIVES = frozenset("more fewer less".split())
# Words for people, as `words` gives them.
PERSONS = frozenset(
    "man men woman women person people human humans crew crews crewed manned astronaut "
    "astronauts cosmonaut cosmonauts taikonaut taikonauts".split()
)
# Words of the sentences around the question itself count this much.
CONTEXT_WEIGHT = 0.35
# A word the fact base never uses weighs this much of the rarest known word's weight.
UNKNOWN_WEIGHT = 0.65
UNKNOWN_PAIR_WEIGHT = 0.5


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

    def label(self, fact: Fact) -> str:
        """How to name `fact` in a list of related facts or suggestions: its first phrasing
        in the question's script (Chinese for a Chinese question, else not), or its text."""
        chinese = CHINESE.search(self.question) is not None
        same = [a for a in fact.asks if (CHINESE.search(a) is not None) == chinese]
        return (same or [*fact.asks, fact.text])[0]

    def as_json(self) -> dict[str, object]:
        """The stable shape `yutu ask --json` prints."""
        return {
            "answered": self.answered,
            "fact_id": self.fact.id if self.fact else None,
            "text": self.fact.text if self.fact else None,
            "source": self.fact.source if self.fact else None,
            "confidence": round(self.confidence, 3),
            "suggestions": [{"fact_id": f.id, "question": self.label(f)} for f in self.suggestions],
        }


_CAPITALIZED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]+")
_WORD_START = re.compile(r"\b\w")
# Names of things beside the subject that people ask about: a fact that doesn't name them
# is unlikely to answer a question that does ("how many modules does tiangong have").
OUTSIDE_NAMES = frozenset(
    "iss tiangong shenzhou tianzhou mengzhou beidou tianwen zhurong spacex starship falcon "
    "hubble webb jwst voyager gagarin armstrong aldrin musk nasa esa isro jaxa roscosmos "
    "artemis apollo soyuz vostok gemini mercury mars venus jupiter saturn dongfeng jiuquan "
    "tianhe wentian mengtian houyi".split()
)
OUTSIDE_TERMS = frozenset(stem(name) for name in OUTSIDE_NAMES)  # artemis -> artemi
# Words that tie a question to the subject beside the names of the base.
ANCHORS = frozenset(
    "lunar far side change yutu queqiao orbiter lander rover luna zond ranger longjiang aitken "
    "spa clep cnsa ilrs tidal crater maria mare eclipse libration regolith basalt moonquake "
    "phase moonwalk china chinese descent topography terrain".split()
)
RARE_NAME = 10


def _says_far_side(said: list[str]) -> bool:
    return any(a == "far" and b == "side" for a, b in itertools.pairwise(said))


def _counted(said: list[str]) -> str | None:
    """What "how many" asks to count (`words` turns "how many" into "number"): the first
    plural among the next few words, else the first of them ("how many solar panels does
    it have" -> panels, "how many engineers worked" -> engineers, "how many kg" -> kg).
    None for a span of time, which the `duration` measure covers ("how many lunar days")."""
    for i, word in enumerate(said):
        if word != "number":
            continue
        after = list(itertools.dropwhile(lambda w: w in ("of", "the"), said[i + 1 :]))
        run = []
        for following in after[:COUNTED_WORDS]:
            if following in STOP_WORDS or not following.isalpha():
                break
            if following not in COMPARATIVES:
                run.append(following)
        if run:
            noun = next((w for w in run if w.endswith("s")), run[0])
            return None if noun in TIME_UNITS else noun
    return None


def _first_person(said: list[str]) -> bool:
    """Whether the question asks who was first ("the first man to walk on the Moon", not
    "the first man-made object"): only a fact that speaks of people can answer it."""
    padded = [*said, ""]
    return any(
        a == "first" and b in PERSONS and c != "made"
        for a, b, c in zip(padded, padded[1:], padded[2:], strict=False)
    )


def _positions(phrasings: list[list[str]]) -> dict[str, tuple[int, ...]]:
    """Each term -> the positions of the phrasings that have it."""
    found: dict[str, list[int]] = defaultdict(list)
    for position, terms in enumerate(phrasings):
        for term in dict.fromkeys(terms):
            found[term].append(position)
    return {term: tuple(positions) for term, positions in found.items()}


def _naming(said: list[str]) -> set[str]:
    """The words of `said` that name a mission (with its number) or the far side."""
    found = {part for d in designations(said) for part in (*d[0].split(), *d[1].split())}
    return found | {"far", "side"} if _says_far_side(said) else found


def _phrasing_words(ask: str) -> list[str]:
    """The words of a phrasing as a question's are weighed: its question sentence, and of
    the sentences before it only what names the subject (a mission, the far side, the
    Moon's features), not the chatter ("my kid asked me at bedtime")."""
    asked, around = focus(ask)
    said = words(asked)
    if not around:
        return said
    before = words(around)
    kept = _naming(before)
    return [*(w for w in before if w in kept or stem(w) in ANCHORS), *said]


def _names(kb: KnowledgeBase) -> set[str]:
    """Terms of proper names: topic titles and aliases, and capitalized words inside the
    facts' sentences (Queqiao, Kármán, Aitken, Tsiolkovskiy)."""
    found = set(DESIGNATED)
    for topic in kb.topics:
        for name in (topic.title, *topic.aliases):
            found.update(content(words(name)))
    for fact in kb.facts.values():
        for match in _CAPITALIZED.finditer(fact.text):
            found.update(content(words(match.group())))
    return found


@dataclass(frozen=True)
class Features:
    """How a question and one fact relate; each in 0..1 except `missions` (a log, <= 0)."""

    coverage: float  # weighted share of the question's terms the fact has
    phrasing: float  # weighted overlap with the closest of the fact's phrasings
    fuzzy: float  # rapidfuzz token-sort ratio with the closest phrasing
    missions: float  # log of the mission factor: 0 when the missions agree
    unknown: float  # weighted share of the question's terms no fact uses
    strange: float  # how far `unknown` exceeds what paraphrases usually have
    missing: float  # weighted share other facts use but this one doesn't
    vague: float  # 1 when only names, question words or common words match
    unasked: float  # 1 when the question asks for a measure the fact's text doesn't give
    text: float  # weighted share found in the fact's text and keywords alone
    bm25: float  # the fact's BM25 score over asks and text, over the question's weight
    explains: float  # 1 when a why-question meets a fact that gives a reason
    unexplained: float  # 1 when a why-question meets a fact that gives none
    foreign: float  # weighted share of the question's names (Tiangong, Apollo) the fact lacks
    unanchored: float  # 1 when the question names nothing of the subject (no Moon, no mission)
    unnamed: float  # 1 when the fact is about a mission or the far side and the question
    # names neither any mission nor the far side ("who was the first man to walk on the moon")
    nearside: float  # 1 when the question is about the far side, names no mission, and the
    # fact is about a mission and never says "far side" (Chang'e-5's samples)
    named: float = 0.0  # 1 when the question names a mission this fact is about (unweighted)

    def score(self) -> float:
        """The ranking score (weights: tools/fit_answerer.py)."""
        return sum(WEIGHTS[name] * getattr(self, name) for name in WEIGHTS)


def calibrated(features: Features, score: float, lead: float) -> float:
    """The chance that a candidate is the right fact, from its features, its score and its
    lead over the best other candidate."""
    z = CALIBRATION["bias"] + CALIBRATION["score"] * score + CALIBRATION["lead"] * lead
    # a runner-up within `close_margin` of the best: the question fits two facts alike
    # (the best one only: the others trail it, and stay suggestions)
    if lead >= 0:
        z -= CALIBRATION.get("close", 0.0) * max(0.0, CALIBRATION.get("close_margin", 0.0) - lead)
    z += sum(w * getattr(features, name) for name, w in CALIBRATION["features"].items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def _lead(ranked: list[Candidate], i: int) -> float:
    """How far candidate `i` of a best-first list is ahead of the best other one (a lone
    candidate leads by its own score)."""
    if len(ranked) == 1:
        return ranked[0].score
    return ranked[i].score - ranked[1 if i == 0 else 0].score


@dataclass(frozen=True)
class Candidate:
    fact: Fact
    features: Features
    score: float
    confidence: float = 0.0


@dataclass(frozen=True)
class Evidence:
    """A question's candidates by words (best first), the facts closest in meaning that
    the words did not find (scored alike), and how close it is in meaning to each fact
    (None without the model, or for a question the model can't read)."""

    found: list[Candidate]
    others: dict[str, Candidate]
    closeness: Closeness | None

    @property
    def lexical(self) -> Candidate | None:
        """The words' answer: their best candidate, when sure enough."""
        best = self.found[0] if self.found else None
        return best if best and best.confidence >= ANSWER_AT else None

    def candidate(self, fact_id: str) -> Candidate | None:
        """The fact `fact_id` as the words scored it, if they did."""
        for candidate in self.found:
            if candidate.fact.id == fact_id:
                return candidate
        return self.others.get(fact_id)

    def options(self) -> list[Option]:
        """The first few facts by words and by meaning, each with what both say of it
        (none without the meaning)."""
        if self.closeness is None:
            return []
        ranked = self.closeness.ranked
        nearest, closest = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else closest  # alone: no lead
        best = self.found[0] if self.found else None
        runner_up = self.found[1].score if len(self.found) > 1 else 0.0
        lexical = self.lexical
        ids = [*(c.fact.id for c in self.found[:OPTIONS]), *(f for f, _ in ranked[:OPTIONS])]
        found = []
        for fact_id in dict.fromkeys(ids):
            candidate = self.candidate(fact_id)
            if candidate is None:
                continue
            first = best is not None and best.fact.id == fact_id
            # how far the words put it ahead of the best other fact (behind: negative)
            other = runner_up if first else best.score if best else candidate.score
            lead = candidate.score - other
            close = self.closeness.of(fact_id)
            unopposed = _unopposed(candidate.features)
            signals = {
                "words": candidate.confidence,
                "words_best": float(first),
                "words_lead": lead,
                "meaning": close,
                "meaning_best": float(fact_id == nearest),
                "meaning_lead": close - (second if fact_id == nearest else closest),
                "on_subject": float(_on_subject(candidate.features)),
                "unopposed": float(unopposed),
            }
            sure = lexical is not None and lexical.fact.id == fact_id
            found.append(Option(candidate, signals, sure or unopposed))
        return found


@dataclass(frozen=True)
class Option:
    """A fact that may be stated, with what the words and the meaning say of it.
    `stateable`: the words' sure answer, or a fact nothing in the question speaks against."""

    candidate: Candidate
    signals: dict[str, float]
    stateable: bool

    def chance(self, choice: dict = CHOICE) -> float:
        """How likely this fact answers the question (weights: tools/fit_choice.py)."""
        z = choice["bias"] + sum(w * self.signals[name] for name, w in choice["weights"].items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class _Entry:
    fact: Fact
    terms: frozenset[str]
    text_terms: frozenset[str]
    phrasings: tuple[frozenset[str], ...]
    with_term: dict[str, tuple[int, ...]]  # term -> the phrasings that have it
    ask_texts: tuple[str, ...]
    subject: frozenset[Designation]
    mentioned: frozenset[Designation]
    fields: tuple[Counter[str], Counter[str]]  # term counts in the asks, in the text
    field_sizes: tuple[int, int]
    explains: bool
    specific: bool  # about a mission, or most of its phrasings say "far side"
    elsewhere: bool  # about a mission, and never says "far side" (Chang'e-5's sample mass)
    people: bool  # its text speaks of people (a crew, astronauts, humans)


class Answerer:
    """Index a knowledge base once; answer many questions."""

    def __init__(self, kb: KnowledgeBase, *, meaning: bool = True) -> None:
        """`meaning`: match by meaning too, when the model is installed (meaning.py)."""
        self.kb = kb
        self.entries: list[_Entry] = []
        postings: dict[str, list[int]] = defaultdict(list)
        topic_terms: dict[str, set[str]] = defaultdict(set)
        topics = {t.id: t for t in kb.topics}
        for fact in kb.facts.values():
            topic = topics.get(fact.topic)
            title = topic.title if topic else ""
            aliases = topic.aliases if topic else ()
            ask_words = [_phrasing_words(a) for a in fact.asks]
            said_text = words(fact.text)
            text_words = [*said_text, *(w for keyword in fact.keywords for w in words(keyword))]
            title_words = words(title)
            every = [*text_words, *(w for said in ask_words for w in said), *title_words]
            terms = frozenset(content(every)) | {
                w for alias in aliases for w in content(words(alias)) if w in DESIGNATED
            }
            about = subject(fact.asks) or designations(title_words)
            phrasings = [content(said) for said in ask_words] or [[]]
            text_terms = content(text_words)
            why = sum("why" in said for said in ask_words) / max(len(ask_words), 1)
            far = sum(_says_far_side(said) for said in ask_words) / max(len(ask_words), 1)
            fields = (Counter(t for p in phrasings for t in p),
                      Counter([*text_terms, *content(title_words)]))  # fmt: skip
            entry = _Entry(
                fact=fact,
                terms=terms,
                # a fact that gives a figure can answer "how many"
                text_terms=frozenset(text_terms)
                | ({"number"} if any(c.isdigit() for c in fact.text) else set())
                | ({"duration"} if SPAN.search(fact.text) else set()),
                phrasings=tuple(frozenset(p) for p in phrasings),
                with_term=_positions(phrasings),
                ask_texts=tuple(" ".join(p) for p in phrasings),
                subject=frozenset(about),
                mentioned=frozenset(designations(every)),
                fields=fields,
                field_sizes=(fields[0].total(), fields[1].total()),
                explains=why >= WHY_SHARE or EXPLAINS.search(fact.text.lower()) is not None,
                specific=bool(about) or far >= FAR_SHARE,
                elsewhere=bool(about) and not _says_far_side(every),
                people=not PERSONS.isdisjoint(said_text),
            )
            for term in terms:
                postings[term].append(len(self.entries))
            self.entries.append(entry)
            topic_terms[fact.topic].update(terms)
        self.topic_terms = {t: frozenset(terms) for t, terms in topic_terms.items()}
        total = max(len(self.entries), 1)
        self.idf = {t: math.log(1 + total / len(ids)) for t, ids in postings.items()}
        # each phrasing's own weight, by entry
        self.phrasing_weights = [
            tuple(sum(self.idf[t] for t in p) for p in e.phrasings) for e in self.entries
        ]
        self.unknown_idf = math.log(1 + total) * UNKNOWN_WEIGHT
        self.postings = {t: tuple(ids) for t, ids in postings.items()}
        known = [t for t in postings if len(t) >= 4 and t.isalpha()]
        self.words = sorted(known)
        self.names = sorted(set(known) & _names(kb))
        # names rare enough to be the subject's own (Tsiolkovskiy, Kaguya), not Earth or Space
        self.anchors = (
            {t for t in self.names if len(self.postings[t]) <= RARE_NAME} | ANCHORS
        ) - OUTSIDE_TERMS
        # the words above describe a base about the Moon; for any other base the names
        # alone would anchor too little, so the subject test is off
        self.anchored = len(ANCHORS & self.postings.keys()) * 2 >= len(ANCHORS)
        self.common = max(50, total // 5)
        self.field_lengths = tuple(
            sum(e.field_sizes[f] for e in self.entries) / total or 1.0 for f in (0, 1)
        )
        self.bm25_idf = {
            t: math.log(1 + (total - len(ids) + 0.5) / (len(ids) + 0.5))
            for t, ids in postings.items()
        }
        self.positions = {e.fact.id: i for i, e in enumerate(self.entries)}
        self.meaning = Meaning.of(kb) if meaning else None

    def _bm25(self, entry: _Entry, weights: dict[str, float]) -> float:
        """BM25F of one fact for the question's terms, over the question's total weight."""
        score = 0.0
        for term, weight in weights.items():
            tf = sum(
                FIELD_WEIGHTS[f]
                * entry.fields[f][term]
                / (1 - BM25_B + BM25_B * entry.field_sizes[f] / self.field_lengths[f])
                for f in (0, 1)
            )
            if tf:
                score += weight / self.idf[term] * self.bm25_idf[term] * tf / (BM25_K1 + tf)
        return score / max(sum(weights.values()), 1e-9)

    def _correct(self, term: str) -> str | None:
        """The word a misspelled term most likely meant, keeping its first letter.

        Towards a name ("quequiao", "aitkin", "karmen") one edit of any kind (two for long
        words); towards any other word of the facts only one missing or extra letter
        ("happend"): a different letter is more often a real word the facts don't use
        ("eclipse" is not "ellipse", "sing" is not "sinus") than a typo.
        """
        if term in self.idf or len(term) < 5 or term.isdigit():
            return None
        budget = 1 if len(term) < 8 else 2
        near = [
            (distance, name)
            for name, distance, _ in process.extract(
                term, self.names, scorer=OSA.distance, score_cutoff=budget, processor=None
            )
            if name[0] == term[0]
        ]
        near += [
            (distance, word)
            for word, distance, _ in process.extract(
                term, self.words, scorer=Indel.distance, score_cutoff=1, processor=None
            )
            if word[0] == term[0]
        ]
        return min(near)[1] if near else None

    def _spelled(self, term: str) -> str:
        """`term`, or the word of the facts it most likely misspells."""
        return self._correct(term) or term

    def _phrased(self, i: int, weights: dict[str, float], total: float) -> float:
        """The IDF-weighted overlap (Dice) of the question, whose weights add up to
        `total`, with the closest phrasing of entry `i` (0..1). Only the phrasings that
        share a term with the question are looked at: the others' overlap is 0."""
        shared: dict[int, float] = defaultdict(float)
        for term, weight in weights.items():
            for phrasing in self.entries[i].with_term.get(term, ()):
                shared[phrasing] += weight
        own = self.phrasing_weights[i]
        return max((2 * s / (total + own[p]) for p, s in shared.items()), default=0.0)

    def _query(self, question: str) -> tuple[list[str], list[str], dict[str, float], set[str]]:
        """The question's words, the words of the sentences around it, its content terms
        with their weights (rarer = heavier), and which of those come only from around it."""
        asked, context = focus(question) if len(question) <= MAX_QUESTION else ("", "")
        said = self._mission_names(words(asked))
        around = self._mission_names(words(context))
        terms = dict.fromkeys(self._spelled(t) for t in content(said))
        weights = {t: self._weight(t) for t in terms}
        # short words count there only as a mission's number ("Chang'e 6 landed last
        # week. How much did it bring back?") or as the far side
        kept = _naming(around)
        for term in content(around):
            if (
                term in self.idf
                and term not in weights
                and ((len(term) >= 4 and term.isalpha()) or term in kept)
            ):
                weights[term] = self._weight(term) * CONTEXT_WEIGHT
        return said, around, weights, weights.keys() - terms

    @staticmethod
    def _mission_names(said: list[str]) -> list[str]:
        return [
            mission_name(w) if following.isdigit() else w
            for w, following in itertools.zip_longest(said, said[1:], fillvalue="")
        ]

    def _weight(self, term: str) -> float:
        """Rarer terms weigh more; a number weighs less: people quote dates and figures
        from memory, and a figure the fact doesn't hold is weak evidence against it."""
        if term not in self.idf and not term.isascii():
            # A pair of Chinese characters no fact has is often no word at all, only
            # the seam between two words (要单 in 要单独): it weighs less than an unknown word.
            return self.unknown_idf * UNKNOWN_PAIR_WEIGHT
        weight = self.idf.get(term, self.unknown_idf)
        return weight * NUMBER_WEIGHT if term[0].isdigit() else weight

    def _foreign_missions(self, said: list[str]) -> set[Designation]:
        """Other worlds ("mars") and numbered names the fact base never uses ("artemis 3",
        "chandrayaan 3"): a fact that doesn't name them is unlikely to answer."""
        found = {(word, "") for word in said if word in OTHER_WORLDS}
        for word, number in itertools.pairwise(said):
            if (
                number.isascii()
                and number.isdecimal()
                and int(number) <= MAX_MISSION_NUMBER
                and word.isalpha()
                and word not in STOP_WORDS
                and stem(word) not in self.idf
                and self._correct(stem(word)) is None
            ):
                found.add((word, number))
        return found

    def _named(self, question: str, weights: dict[str, float]) -> set[str]:
        """The question's terms that name something: names of things beside the subject,
        and capitalized words inside a sentence (unless most words are capitalized, as in
        a title)."""
        found = {t for t in weights if t in OUTSIDE_TERMS}
        capitalized = _CAPITALIZED.findall(question)
        if len(capitalized) * 2 < len(_WORD_START.findall(question)):
            for word in capitalized:
                found.update(t for t in content(words(word)) if t in weights)
        return found - {"lunar", "orbiter"}

    def _candidates(
        self, weights: dict[str, float], asked: set[Designation], context: set[str]
    ) -> list[int]:
        """Facts sharing the rarest terms with the question, best first (the index lookup),
        and the facts naming a mission the question names with its number: "when did the
        chang'e 4 probe launch" has one rare word (probe), but few facts have both
        "change" and "4". Words only of the sentences around the question (`context`)
        find no facts of their own ("my kid asked me at bedtime. why do we see one side")."""
        scores: dict[int, float] = defaultdict(float)
        rare = set()
        for term, weight in weights.items():
            if term in context:
                continue
            ids = self.postings.get(term, ())
            if len(ids) <= self.common:
                rare.add(term)
                for i in ids:
                    scores[i] += weight
        for name, number in asked:
            parts = [*name.split(), *number.split()]
            if not number or not all(p in self.postings for p in parts):
                continue
            lists = sorted((self.postings[p] for p in parts), key=len)
            extra = sum(weights.get(p, 0.0) for p in set(parts) - rare)
            for i in set(lists[0]).intersection(*lists[1:]):
                scores[i] += extra
        if not scores:
            # Only common terms ("how many miles to the moon"): every fact with one of
            # them counts, so facts late in the base are not cut off (capped for speed),
            # and among the many that have them all, BM25 picks ("what's on the far side
            # of the moon"), not their order in the base.
            asked_terms = {t: w for t, w in weights.items() if t not in context}
            for term, weight in asked_terms.items():
                for i in self.postings.get(term, ())[:FALLBACK_POSTINGS]:
                    scores[i] += weight
            for i in scores:
                scores[i] += self._bm25(self.entries[i], asked_terms)
        for term in context & weights.keys():
            for i in self.postings.get(term, ()):
                if i in scores:
                    scores[i] += weights[term]
        return sorted(scores, key=scores.__getitem__, reverse=True)[:CANDIDATES]

    def candidates(self, question: str) -> list[Candidate]:
        """Every fact the index finds for `question`, with its features, best first."""
        return self._scored(question)[0]

    def _scored(
        self, question: str, also: Iterable[str] = ()
    ) -> tuple[list[Candidate], dict[str, Candidate]]:
        """The index's candidates for `question`, best first, and the facts `also` names
        that the index did not find, scored alike (they don't change the others' lead)."""
        said, around, weights, context = self._query(question)
        if not weights:
            return [], {}
        total = sum(weights.values())
        unknown = sum(w for t, w in weights.items() if t not in self.idf) / total
        # the missions the question names, else those named in the sentences around it
        asked = designations(said) | self._foreign_missions(said)
        asked = asked or designations(around) | self._foreign_missions(around)
        plain = QUESTION_WORDS | GENERIC | {part for d in asked for part in (d[0], *d[1].split())}
        asking = not QUESTION_WORDS.isdisjoint(weights)
        why = "why" in weights
        counted = _counted(said)
        counted = self._spelled(stem(counted)) if counted else None
        first_person = _first_person(said)
        joined = " ".join(weights)
        # mission names with a number are weighed by the missions feature instead
        named = self._named(focus(question)[0], weights) - {d[0] for d in asked}
        unanchored = float(self.anchored and not any(t in self.anchors for t in weights))
        far_side = _says_far_side(said) or _says_far_side(around)
        unspecific = not asked and not far_side
        found: list[Candidate] = []
        indices = self._candidates(weights, asked, context)
        extra = [self.positions[f] for f in also if self.positions[f] not in indices]
        for i in [*indices, *extra]:
            entry = self.entries[i]
            matched = sum(w for t, w in weights.items() if t in entry.terms)
            # A question word the fact's phrasings lack ("which") is no evidence against it.
            asked_of = max(
                total
                - sum(
                    w for t, w in weights.items() if t in QUESTION_WORDS and t not in entry.terms
                ),
                1e-9,
            )
            phrased = self._phrased(i, weights, total)
            informative = sum(w for t, w in weights.items() if t in entry.terms and t not in plain)
            vague = informative < MIN_INFORMATIVE and (phrased < CLOSE_PHRASING or not asking)
            features = Features(
                coverage=matched / asked_of,
                phrasing=phrased,
                fuzzy=process.extractOne(joined, entry.ask_texts, scorer=fuzz.token_sort_ratio)[1]
                / 100,
                missions=math.log(mission_factor(asked, entry.subject, entry.mentioned)),
                unknown=unknown,
                strange=max(0.0, unknown - USUAL_UNKNOWN),
                missing=max(0.0, 1 - (unknown * total + matched) / asked_of),
                vague=float(vague),
                # "why is it called that" asks for a reason, not a name
                unasked=float(
                    not why
                    and (
                        any(t in MEASURES and t not in entry.text_terms for t in weights)
                        or (counted is not None and counted not in entry.terms)
                        or (first_person and not entry.people)
                    )
                ),
                text=sum(w for t, w in weights.items() if t in entry.text_terms) / total,
                bm25=self._bm25(entry, weights),
                explains=float(why and entry.explains),
                unexplained=float(why and not entry.explains),
                foreign=sum(
                    weights[t] for t in named if t not in self.topic_terms[entry.fact.topic]
                )
                / total,
                unanchored=unanchored,
                unnamed=float(unspecific and entry.specific),
                nearside=float(far_side and not asked and entry.elsewhere),
                named=float(bool(asked) and asked <= entry.subject),
            )
            found.append(Candidate(entry.fact, features, features.score()))
        others = {c.fact.id: c for c in found[len(indices) :]}
        found = sorted(found[: len(indices)], key=lambda c: c.score, reverse=True)
        top = found[0].score if found else 0.0
        return (
            [dataclasses.replace(c, confidence=calibrated(c.features, c.score, _lead(found, i)))
             for i, c in enumerate(found)],
            {f: dataclasses.replace(c, confidence=calibrated(c.features, c.score, c.score - top))
             for f, c in others.items()},
        )  # fmt: skip

    def evidence(self, question: str) -> Evidence:
        """What the words and the meaning each say about `question`."""
        closeness = (
            self.meaning.closeness(question[:MAX_QUESTION])
            if self.meaning and english(question) and question.strip()
            else None
        )
        close = [f for f, _ in closeness.ranked[: max(SUGGESTIONS, OPTIONS)]] if closeness else []
        found, others = self._scored(question, close)
        return Evidence(found, others, closeness)

    def ask(self, question: str) -> Answer:
        """Answer `question`, or decline when no fact matches well enough."""
        seen = self.evidence(question)
        lexical, found = seen.lexical, seen.found
        if seen.closeness is None:
            if lexical:
                return self._answer(question, lexical, found)
            return self._decline(question, seen)
        chosen = choose(seen.options(), lexical.fact.id if lexical else None)
        if chosen is None:
            return self._decline(question, seen)
        best, chance = chosen
        return self._answer(question, dataclasses.replace(best, confidence=chance), found)

    def _answer(self, question: str, best: Candidate, found: list[Candidate]) -> Answer:
        related = tuple(
            c.fact for c in found if c.fact.topic == best.fact.topic and c.fact != best.fact
        )[:3]
        return Answer(question, best.fact, best.confidence, related=related)

    def _decline(self, question: str, seen: Evidence) -> Answer:
        """A decline, with the facts it may have meant: the closest in meaning that the
        words don't rule out, and the words' own candidates that are likely enough."""
        found = seen.found
        suggestions = [c.fact for c in found[:SUGGESTIONS] if c.confidence >= SUGGEST_AT]
        if seen.closeness:
            near = []
            for fact_id, score in seen.closeness.ranked[:SUGGESTIONS]:
                candidate = seen.candidate(fact_id)
                if score >= CHOICE["suggest_at"] and candidate and _on_subject(candidate.features):
                    near.append(candidate.fact)
            # taking turns, so that the words' best guess is offered when the meaning
            # overruled it
            turns = itertools.chain.from_iterable(itertools.zip_longest(near, suggestions))
            suggestions = list(dict.fromkeys(f for f in turns if f))[:SUGGESTIONS]
        if not suggestions:
            # A vague question that names a mission ("what did luna 3 see"): its facts.
            suggestions = [c.fact for c in found[:SUGGESTIONS] if c.features.named]
        confidence = found[0].confidence if found else 0.0
        return Answer(question, None, confidence, suggestions=tuple(suggestions))


def choose(
    options: Iterable[Option], lexical: str | None, choice: dict = CHOICE
) -> tuple[Candidate, float] | None:
    """The fact to state and how likely it answers, or None to decline.

    The words' sure answer (`lexical`) stands unless the meaning puts another fact more
    than `veto` closer; otherwise the stateable option most likely to answer is stated if
    that chance reaches `answer_at` (weights.json, "choice")."""
    options = list(options)
    for option in options:
        # the lead is negative for a fact behind the closest one
        behind = -option.signals["meaning_lead"]
        if option.candidate.fact.id == lexical and behind <= choice["veto"]:
            return option.candidate, option.candidate.confidence
    chances = [(option.candidate, option.chance(choice)) for option in options if option.stateable]
    best = max(chances, key=lambda pair: pair[1], default=None)
    return best if best and best[1] >= choice["answer_at"] else None


def _on_subject(features: Features) -> bool:
    """The question is about the subject, and names nothing the fact is not about: no name
    beside the subject, no other mission, and a mission or the far side if the fact is."""
    return not (features.foreign or features.unanchored or features.missions < 0
                or features.unnamed)  # fmt: skip


def _unopposed(features: Features) -> bool:
    """Nothing in the question speaks against the fact: it is on the subject, not vague,
    and asks for no measure the fact lacks."""
    return _on_subject(features) and not (features.vague or features.unasked)
