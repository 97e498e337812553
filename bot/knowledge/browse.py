"""Looking things up by name: topics by id, title or alias; random facts."""

from __future__ import annotations

import random
from collections import Counter

from rapidfuzz import fuzz, process

from bot.errors import UnknownTopic
from bot.knowledge.missions import designations, mission_name
from bot.knowledge.model import Difficulty, Fact, KnowledgeBase, Topic
from bot.knowledge.normalize import normalize


def find_topic(kb: KnowledgeBase, name: str, *, exact: bool = False) -> Topic | None:
    """The topic `name` refers to: its id, title or an alias, forgiving small typos
    (unless `exact`) but never a different mission number: "chang'e 9" is no topic, not
    Chang'e-1."""
    wanted = normalize(name)
    if not wanted:
        return None
    names = {normalize(n): t for t in kb.topics for n in (t.id, t.title, *t.aliases)}
    if wanted in names or exact:
        return names.get(wanted)
    # Typos are forgiven within words, never a missing word or another mission number.
    spelled = [mission_name(w) for w in wanted.split()]
    missions = designations(spelled)
    same = [
        n for n in names if len(n.split()) == len(spelled) and designations(n.split()) == missions
    ]
    match = process.extractOne(" ".join(spelled), same, scorer=fuzz.ratio, score_cutoff=85)
    return names[match[0]] if match else None


def require_topic(kb: KnowledgeBase, name: str, shown: str) -> Topic:
    """The topic `name` refers to, or UnknownTopic naming it as `shown` (escaped or quoted
    the way the front end displays user text) with the closest topics."""
    topic = find_topic(kb, name)
    if topic is None:
        raise UnknownTopic(shown, [t.title for t in topic_choices(kb, name, limit=3)])
    return topic


def topic_choices(kb: KnowledgeBase, typed: str, limit: int = 25) -> list[Topic]:
    """Topics for an autocomplete box, best match first; all of them for empty input."""
    if not typed.strip():
        return list(kb.topics)[:limit]
    wanted = normalize(typed)
    scored = []
    for topic in kb.topics:
        names = [normalize(n) for n in (topic.id, topic.title, *topic.aliases)]
        best = max(100 if n.startswith(wanted) else fuzz.partial_ratio(wanted, n) for n in names)
        scored.append((best, topic.id, topic))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [t for score, _, t in scored if score >= 60][:limit]


def random_fact(kb: KnowledgeBase, rng: random.Random, topic: Topic | None = None) -> Fact:
    facts = list(topic.facts) if topic else list(kb.facts.values())
    return rng.choice(facts)


def difficulty_counts(topic: Topic) -> str:
    """How many quiz questions a topic has, by difficulty: "12 questions (4 easy, 5 medium,
    3 hard)"."""
    counts = Counter(q.difficulty for q in topic.questions)
    total = len(topic.questions)
    parts = ", ".join(f"{counts[d]} {d.value}" for d in Difficulty if counts[d])
    return f"{total} question{'' if total == 1 else 's'}" + (f" ({parts})" if parts else "")
