"""Answer quality on questions phrased the way people ask them (tests/data/questions.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.knowledge.answer import Answerer
from bot.knowledge.model import KnowledgeBase

QUESTIONS = yaml.safe_load((Path(__file__).parent / "data" / "questions.yaml").read_text("utf-8"))
MIN_ACCURACY = 0.90
MIN_DECLINES = 0.90


def test_quality_set_is_large_and_points_at_real_facts(kb: KnowledgeBase) -> None:
    assert len(QUESTIONS["answer"]) >= 200
    assert len(QUESTIONS["decline"]) >= 50
    for item in QUESTIONS["answer"]:
        assert set(item["facts"]) <= set(kb.facts), item


def test_top1_accuracy(answerer: Answerer) -> None:
    misses = []
    for item in QUESTIONS["answer"]:
        got = answerer.ask(item["q"])
        if got.fact is None or got.fact.id not in item["facts"]:
            found = got.fact.id if got.fact else "declined"
            misses.append(f"{item['q']!r}: expected {item['facts']}, got {found}")
    accuracy = 1 - len(misses) / len(QUESTIONS["answer"])
    print(f"top-1 accuracy {accuracy:.1%}; misses:", *misses, sep="\n  ")
    assert accuracy >= MIN_ACCURACY, "\n".join(misses)


def test_out_of_scope_is_declined(answerer: Answerer) -> None:
    wrongly = []
    for question in QUESTIONS["decline"]:
        got = answerer.ask(question)
        if got.answered:
            wrongly.append(f"{question!r} answered with {got.fact.id}")
    rate = 1 - len(wrongly) / len(QUESTIONS["decline"])
    print(f"correct declines {rate:.1%}; wrongly answered:", *wrongly, sep="\n  ")
    assert rate >= MIN_DECLINES, "\n".join(wrongly)


@pytest.mark.parametrize(
    "text", ["", "   ", "@everyone", "x" * 4000, "**bold** `code` ||spoiler||", "🌕🌕🌕"]
)
def test_odd_input_is_declined_not_crashed(answerer: Answerer, text: str) -> None:
    assert not answerer.ask(text).answered
