"""Shared fixtures: the bundled fact base, loaded once."""

from __future__ import annotations

import pytest

from bot.config import BUNDLED_FACTS
from bot.knowledge.answer import Answerer
from bot.knowledge.loader import load
from bot.knowledge.model import KnowledgeBase


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load(BUNDLED_FACTS)


@pytest.fixture(scope="session")
def answerer(kb: KnowledgeBase) -> Answerer:
    return Answerer(kb)
