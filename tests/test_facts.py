"""The bundled fact base: complete, sourced, and every quiz question answerable."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

from bot.knowledge.model import Difficulty, KnowledgeBase

REQUIRED_TOPICS = {
    "programme", "change-1", "change-2", "change-3", "change-5-t1", "change-4", "yutu-2",
    "queqiao", "change-5", "change-6", "future", "far-side", "south-pole-aitken",
    "first-looks", "radio",
}  # fmt: skip


def test_every_required_topic_is_there(kb: KnowledgeBase) -> None:
    assert {t.id for t in kb.topics} >= REQUIRED_TOPICS


def test_size_of_the_base(kb: KnowledgeBase) -> None:
    assert len(kb.facts) >= 150
    assert len(kb.questions) >= 200
    levels = Counter(q.difficulty for q in kb.questions.values())
    assert all(levels[d] >= 30 for d in Difficulty), levels


def test_every_fact_is_sourced_and_askable(kb: KnowledgeBase) -> None:
    for fact in kb.facts.values():
        assert urlparse(fact.source).scheme in ("http", "https"), fact.id
        assert len(fact.asks) >= 3 and fact.keywords, fact.id


def test_every_question_points_at_a_fact_and_offers_choices(kb: KnowledgeBase) -> None:
    for question in kb.questions.values():
        assert question.fact in kb.facts, question.id
        assert len(question.wrong) >= 3, question.id


def test_topics_have_aliases_people_type(kb: KnowledgeBase) -> None:
    ce4 = kb.topic("change-4")
    assert ce4 is not None
    assert {"CE-4", "嫦娥四号"} <= set(ce4.aliases)
    assert all(t.aliases for t in kb.topics if t.id.startswith("change"))
