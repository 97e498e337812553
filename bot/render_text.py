"""Plain-text rendering of answers and facts, for the terminal and `yutu ask`."""

from __future__ import annotations

import textwrap

from bot.knowledge.answer import Answer
from bot.knowledge.model import Fact, KnowledgeBase

WIDTH = 78


def wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def fact_text(fact: Fact) -> str:
    return f"{wrap(fact.text)}\n  Source: {fact.source}"


def answer_text(answer: Answer) -> str:
    if answer.fact is not None:
        lines = [fact_text(answer.fact)]
        if answer.related:
            lines.append("  Related: " + "; ".join(f.asks[0] for f in answer.related))
        return "\n".join(lines)
    if not answer.suggestions:
        return (
            "I don't know that one. I answer questions about the far side of the Moon and "
            "the Chang'e missions; try /topics to see what I know."
        )
    tries = "\n".join(f"  - {f.asks[0]}" for f in answer.suggestions)
    return f"I'm not sure I know that. Did you mean:\n{tries}"


def topics_text(kb: KnowledgeBase) -> str:
    width = max(len(t.id) for t in kb.topics)
    rows = [f"  {t.id.ljust(width)}  {t.title}: {len(t.facts)} facts, "
            f"{len(t.questions)} questions" for t in kb.topics]  # fmt: skip
    return "Topics:\n" + "\n".join(rows)
