"""Running games on a real database: one game per channel, nothing announced unsaved."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.errors import GameRunning, QuestionOver, StorageError
from bot.knowledge.model import KnowledgeBase
from bot.quiz.engine import Game
from bot.quiz.events import Correct, Event, Halted, HintGiven
from bot.quiz.scoring import Mode, Player
from bot.quiz.session import GameRequest, Quizzes, Session
from bot.storage import Storage

ALICE = Player(1, "alice")


class Shown:
    """A renderer that remembers what it was asked to show."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    async def __call__(self, session: Session, events: list[Event]) -> None:
        self.events.extend(events)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    async with await Storage.open(tmp_path / "yutu.db", exclusive=True) as db:
        yield db


def request(channel: int = 7) -> GameRequest:
    return GameRequest(guild_id=1, channel_id=channel, mode=Mode.TYPED, questions=3,
                       time_limit=60)  # fmt: skip


def games(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT channel_id, status FROM games").fetchall()


async def test_two_starts_at_once_make_one_game(kb: KnowledgeBase, storage: Storage) -> None:
    quizzes = Quizzes(kb, storage, rng=random.Random(1))
    results = await asyncio.gather(
        quizzes.start(request(), Shown()), quizzes.start(request(), Shown()),
        return_exceptions=True,
    )  # fmt: skip
    assert sum(isinstance(r, Session) for r in results) == 1
    assert sum(isinstance(r, GameRunning) for r in results) == 1
    assert games(storage.path) == [(7, "running")]
    await quizzes.interrupt_all()


async def test_a_failed_announcement_leaves_nothing_behind(
    kb: KnowledgeBase, storage: Storage
) -> None:
    quizzes = Quizzes(kb, storage, rng=random.Random(1))

    async def announce(game: Game) -> None:
        raise RuntimeError("the interaction expired")

    with pytest.raises(RuntimeError):
        await quizzes.start(request(), Shown(), announce)
    assert quizzes.get(7) is None and games(storage.path) == [(7, "failed")]
    session = await quizzes.start(request(), Shown())
    assert quizzes.get(7) is session
    await quizzes.interrupt_all()


async def test_a_point_that_cannot_be_saved_is_not_announced(
    kb: KnowledgeBase, storage: Storage
) -> None:
    quizzes = Quizzes(kb, storage, rng=random.Random(1))
    shown = Shown()
    session = await quizzes.start(request(), shown)
    question = kb.questions[session.question_id]
    async with await Storage.open(storage.path) as other:  # e.g. another process
        await other.mark_interrupted(0.0)
    with pytest.raises(StorageError, match="could not be saved"):
        await session.answer(ALICE, question.answer)
    assert not any(isinstance(e, Correct) for e in shown.events)
    assert isinstance(shown.events[-1], Halted)  # the channel is told
    assert str(storage.path) not in shown.events[-1].message  # but not the server's paths
    assert quizzes.get(7) is None  # the channel is free again
    fresh = await quizzes.start(request(), Shown())
    assert quizzes.get(7) is fresh
    await quizzes.interrupt_all()


async def test_correct_answers_are_committed_before_they_are_shown(
    kb: KnowledgeBase, storage: Storage
) -> None:
    quizzes = Quizzes(kb, storage, rng=random.Random(2))
    seen_in_db: list[int] = []

    async def render(session: Session, events: list[Event]) -> None:
        if any(isinstance(e, Correct) for e in events):
            with sqlite3.connect(storage.path) as conn:
                seen_in_db.append(conn.execute("SELECT SUM(points) FROM awards").fetchone()[0])

    session = await quizzes.start(request(), render)
    await session.answer(ALICE, kb.questions[session.question_id].answer)
    assert seen_in_db == [3]
    await quizzes.interrupt_all()
    assert games(storage.path) == [(7, "interrupted")]


async def test_a_click_on_an_older_question_does_not_count(
    kb: KnowledgeBase, storage: Storage
) -> None:
    quizzes = Quizzes(kb, storage, rng=random.Random(3), reveal_pause=0.0)
    req = GameRequest(guild_id=1, channel_id=9, mode=Mode.CHOICE, questions=3, time_limit=60)
    session = await quizzes.start(req, Shown())
    first = session.question_number
    await session.skip()  # question 2 is open now
    with pytest.raises(QuestionOver):
        await session.choose(ALICE, 0, first)
    assert session.question_number == first + 1
    await quizzes.interrupt_all()


async def test_a_fact_holding_the_open_answer_is_a_spoiler(
    kb: KnowledgeBase, storage: Storage
) -> None:
    quizzes = Quizzes(kb, storage, rng=random.Random(4))
    req = GameRequest(guild_id=1, channel_id=5, topics=("change-3",), questions=1, time_limit=60)
    session = await quizzes.start(req, Shown())
    question = kb.questions[session.question_id]
    assert quizzes.spoils(kb.facts[question.fact], guild_id=1)
    assert not quizzes.spoils(kb.facts[question.fact], guild_id=2)  # another server
    unrelated = next(
        f for f in kb.facts.values()
        if f.id != question.fact and not any(a.lower() in f.text.lower() for a in question.answers)
    )  # fmt: skip
    assert not quizzes.spoils(unrelated, guild_id=1)
    await quizzes.interrupt_all()


async def test_the_timer_gives_a_hint_at_half_time(kb: KnowledgeBase, storage: Storage) -> None:
    """Real timers on the real clock: the shortest game (10 s a question) hints at 5 s."""
    quizzes = Quizzes(kb, storage, rng=random.Random(5))
    shown = Shown()
    req = GameRequest(guild_id=1, channel_id=11, mode=Mode.TYPED, questions=1, time_limit=10)
    await quizzes.start(req, shown)
    started = asyncio.get_running_loop().time()
    while not any(isinstance(e, HintGiven) for e in shown.events):
        assert asyncio.get_running_loop().time() - started < 9, "no hint before the deadline"
        await asyncio.sleep(0.1)
    hint = next(e for e in shown.events if isinstance(e, HintGiven))
    assert hint.auto and hint.points_available == 2
    await quizzes.interrupt_all()
