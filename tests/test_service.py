"""The application service on a real database: every rule a front end relies on, once."""

from __future__ import annotations

import asyncio
import io
import random
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.errors import (
    ConfigError,
    GameRunning,
    NotEnoughQuestions,
    NotHere,
    NotPermitted,
    ShuttingDown,
    SlowDown,
    Spoiler,
    UnknownTopic,
    YutuError,
)
from bot.knowledge.model import Difficulty, KnowledgeBase
from bot.limits import QUESTIONS, TIME_LIMIT
from bot.quiz.engine import GameConfig
from bot.quiz.events import Event
from bot.quiz.scoring import Player
from bot.quiz.session import Session
from bot.service import GameOptions, Person, Place, RateLimit, Yutu
from bot.storage import GuildSettings, Storage
from bot.terminal.chat import HERE as HERE_IN_TERMINAL
from bot.terminal.chat import Chat, parse_quiz

HERE = Place(guild_id=1, channel_id=10)
ALICE = Person(Player(1, "alice"))
BOB = Person(Player(2, "bob"))
MOD = Person(Player(3, "mod"), moderator=True)
ADMIN = Person(Player(4, "admin"), admin=True)


class Shown:
    def __init__(self) -> None:
        self.events: list[Event] = []

    async def __call__(self, session: Session, events: list[Event]) -> None:
        self.events.extend(events)


class Clock:
    """A game clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    async with await Storage.open(tmp_path / "yutu.db", exclusive=True) as db:
        yield db


@pytest.fixture
async def yutu(kb: KnowledgeBase, storage: Storage) -> AsyncIterator[Yutu]:
    service = Yutu(kb, storage, rng=random.Random(4), reveal_pause=0, throttle=False)
    yield service
    await service.close()


def statuses(path: Path) -> list[tuple[str, int | None]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT status, stopped_by FROM games ORDER BY id").fetchall()


async def play_to_the_end(yutu: Yutu, session: Session, clock: Clock) -> list[str]:
    """Let every question time out (moving the clock), returning the questions asked."""
    asked = [session.question_id]
    while not session.over:
        clock.now += 1000
        await session.act(session.game.tick)
        if session.question_id != asked[-1]:
            asked.append(session.question_id)
    return asked


async def test_a_refilled_game_takes_the_least_recently_asked_questions(
    kb: KnowledgeBase, storage: Storage
) -> None:
    """A channel that has seen a whole topic gets the questions it saw longest ago, not the
    previous game's again."""
    topic = min((t for t in kb.topics if len(t.questions) % 2 == 0 and len(t.questions) >= 6),
                key=lambda t: len(t.questions))  # fmt: skip
    half = len(topic.questions) // 2
    yutu = Yutu(kb, storage, rng=random.Random(1), reveal_pause=0, throttle=False)
    played = []
    for game in range(3):
        session = await yutu.start_game(
            HERE, MOD, GameOptions(topic=topic.id, questions=half, time_limit=60), Shown()
        )
        asked: list[str] = []
        while not session.over:  # answered at once; with no pause, the next one follows
            asked.append(session.question_id)
            await session.answer(MOD.player, kb.questions[session.question_id].answer)
        played.append(set(asked))
        assert len(asked) == half, f"game {game + 1} asked {len(asked)}"
    first, second, third = played
    assert first.isdisjoint(second)
    assert third == first


async def test_no_path_shows_a_fact_that_gives_the_open_answer_away(
    yutu: Yutu, kb: KnowledgeBase
) -> None:
    session = await yutu.start_game(HERE, ALICE, GameOptions(topic="change-4"), Shown())
    question = kb.questions[session.question_id]
    own = kb.facts[question.fact]
    topic = kb.topic(question.topic)
    assert topic is not None
    drawn = Counter(yutu.random_fact(topic.id, HERE.guild_id).id for _ in range(400))
    assert own.id not in drawn and drawn
    assert all(not yutu.quizzes.spoils(kb.facts[f], 1) for f in drawn)
    _, facts, held_back = yutu.topic_facts(topic.id, HERE.guild_id)
    assert own not in facts and held_back >= 1 and len(facts) + held_back == len(topic.facts)
    spoiler = next(a for a in own.asks if getattr(yutu.answerer.ask(a).fact, "id", "") == own.id)
    with pytest.raises(Spoiler):
        yutu.ask(BOB.id, spoiler, HERE.guild_id)
    with pytest.raises(Spoiler):  # a direct message: a game in any server counts
        yutu.ask(BOB.id, spoiler, None)
    assert yutu.ask(BOB.id, spoiler, 999).fact == own  # another server's game is not ours
    await yutu.stop(HERE, ALICE)
    assert yutu.ask(BOB.id, spoiler, HERE.guild_id).fact == own  # revealed: fine again


async def test_topics_are_found_by_name_with_their_mission_numbers(yutu: Yutu) -> None:
    assert yutu.topic("chang'e 4").id == "change-4"
    assert yutu.topic("Chnage 4").id == "change-4"  # a typo in the name, same number
    assert yutu.topic("yutu 2").id == "yutu-2"
    for name in ("chang'e 9", "chang'e", "pizza"):
        with pytest.raises(UnknownTopic, match="no topic called"):
            yutu.topic(name)
    with pytest.raises(UnknownTopic, match="Did you mean"):
        yutu.topic("change 9")


@pytest.mark.parametrize(
    ("typed", "topic", "questions"),
    [
        ("chang'e 4", "change-4", None),
        ("change 4 5", "change-4", 5),
        ("5 change 4", "change-4", 5),
        ("yutu 2", "yutu-2", None),
        ("ce4 5 choice 20s", "change-4", 5),
        ("queqiao 3", "queqiao", 3),
        ("7", None, 7),
        ("", None, None),
    ],
)
def test_the_terminal_quiz_command_reads_topics_with_numbers(
    yutu: Yutu, typed: str, topic: str | None, questions: int | None
) -> None:
    options = parse_quiz(yutu, typed)
    assert (options.topic, options.questions) == (topic, questions)


def test_the_terminal_quiz_command_refuses_what_it_cannot_read(yutu: Yutu) -> None:
    with pytest.raises(UnknownTopic):
        parse_quiz(yutu, "chang'e 9")
    with pytest.raises(UnknownTopic):
        parse_quiz(yutu, "pizza 5")


async def test_defaults_and_limits_come_from_one_place(yutu: Yutu, storage: Storage) -> None:
    assert GuildSettings().questions == QUESTIONS.default == GameConfig().question_count
    assert GuildSettings().time_limit == TIME_LIMIT.default == GameConfig().time_limit
    session = await yutu.start_game(HERE, ALICE, GameOptions(topic="far-side"), Shown())
    assert session.request.questions == QUESTIONS.default
    assert session.request.time_limit == TIME_LIMIT.default
    await yutu.stop(HERE, ALICE)
    for options in (GameOptions(questions=QUESTIONS.high + 1), GameOptions(time_limit=5)):
        with pytest.raises(ConfigError, match="must be"):
            await yutu.start_game(Place(1, 11), ALICE, options, Shown())
    await yutu.change_settings(1, ADMIN, questions=3, time_limit=20)
    session = await yutu.start_game(Place(1, 12), ALICE, GameOptions(topic="moon"), Shown())
    assert (session.request.questions, session.request.time_limit) == (3, 20)


async def test_how_each_game_ends_is_stored(yutu: Yutu, storage: Storage) -> None:
    clock = Clock()
    yutu.quizzes.game_clock = clock
    session = await yutu.start_game(HERE, ALICE, GameOptions(questions=10), Shown())
    await play_to_the_end(yutu, session, clock)  # nobody answers
    await yutu.start_game(HERE, ALICE, GameOptions(), Shown())
    await yutu.stop(HERE, MOD)
    session = await yutu.start_game(HERE, ALICE, GameOptions(questions=1), Shown())
    await session.answer(ALICE.player, yutu.kb.questions[session.question_id].answer)
    assert session.over
    assert statuses(storage.path) == [("abandoned", None), ("stopped", MOD.id),
                                      ("completed", None)]  # fmt: skip


async def test_only_the_starter_or_a_moderator_controls_a_game(yutu: Yutu) -> None:
    await yutu.start_game(HERE, ALICE, GameOptions(), Shown())
    for action in (yutu.skip, yutu.stop):
        with pytest.raises(NotPermitted) as refused:
            await action(HERE, BOB)
        assert refused.value.right == "moderator"
    await yutu.skip(HERE, ALICE)
    await yutu.stop(HERE, MOD)
    assert yutu.game_here(HERE) is None
    with pytest.raises(NotPermitted):
        await yutu.change_settings(1, MOD, questions=3)
    with pytest.raises(NotPermitted):
        await yutu.reset_scores(1, ALICE, confirm=True)


async def test_threads_of_an_allowed_channel_are_allowed(yutu: Yutu) -> None:
    await yutu.change_settings(1, ADMIN, toggle_channel=10)
    thread = Place(guild_id=1, channel_id=500, parent_id=10)
    await yutu.start_game(thread, ALICE, GameOptions(), Shown())
    with pytest.raises(NotHere, match="<#10>"):
        await yutu.start_game(Place(1, 20), ALICE, GameOptions(), Shown())
    with pytest.raises(NotHere):
        await yutu.start_game(Place(1, 501, parent_id=20), ALICE, GameOptions(), Shown())


async def test_shutdown_refuses_new_games_and_ends_every_running_one(
    yutu: Yutu, storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = asyncio.Event()

    async def slow(session: Session, events: list[Event]) -> None:
        await release.wait()  # a channel whose messages are stuck behind a rate limit

    first = await yutu.start_game(Place(1, 1), ALICE, GameOptions(), Shown())
    second = await yutu.start_game(Place(1, 2), ALICE, GameOptions(), Shown())
    stuck = await yutu.start_game(Place(1, 3), ALICE, GameOptions(), Shown())
    stuck.render = slow
    hint = asyncio.create_task(yutu.hint(Place(1, 3)))  # holds the game's lock
    await asyncio.sleep(0.05)

    async def broken() -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(first, "interrupt", broken)
    closing = asyncio.create_task(yutu.close())
    await asyncio.sleep(0.05)
    with pytest.raises(ShuttingDown):
        await yutu.start_game(Place(1, 4), ALICE, GameOptions(), Shown())
    release.set()
    assert await closing == 2  # the broken one is logged; the others still end
    await hint
    assert second.over and stuck.over
    assert [s for s, _ in statuses(storage.path)] == ["running", "interrupted", "interrupted"]


async def test_one_game_per_channel(yutu: Yutu) -> None:
    await yutu.start_game(HERE, ALICE, GameOptions(), Shown())
    with pytest.raises(GameRunning):
        await yutu.start_game(HERE, BOB, GameOptions(), Shown())


async def test_asking_and_starting_are_rate_limited_per_person(
    kb: KnowledgeBase, storage: Storage
) -> None:
    clock = Clock()
    yutu = Yutu(kb, storage, rng=random.Random(2), game_clock=clock)
    for _ in range(3):
        yutu.ask(ALICE.id, "where did chang'e 4 land", 1)
    with pytest.raises(SlowDown) as slow:
        yutu.ask(ALICE.id, "where did chang'e 4 land", 1)
    assert 0 < slow.value.retry_after <= 15
    yutu.ask(BOB.id, "where did chang'e 4 land", 1)  # someone else may
    clock.now += 15
    yutu.ask(ALICE.id, "where did chang'e 4 land", 1)
    await yutu.start_game(HERE, ALICE, GameOptions(), Shown())
    await yutu.stop(HERE, ALICE)
    with pytest.raises(SlowDown, match="start another quiz"):
        await yutu.start_game(HERE, ALICE, GameOptions(), Shown())
    await yutu.close()


def test_rate_limits_forget_people_who_went_quiet() -> None:
    clock = Clock()
    limit = RateLimit(1, 10.0, clock)
    for person in range(1500):
        assert limit.retry_after(person) == 0
    assert limit.retry_after(0) > 0
    clock.now += 11
    assert limit.retry_after(99999) == 0
    assert len(limit.uses) < 10


async def test_the_terminal_shows_no_spoilers_either(kb: KnowledgeBase, storage: Storage) -> None:
    out = io.StringIO()
    chat = Chat(kb, storage, out, rng=random.Random(3), reveal_pause=0)
    await chat.handle("/quiz chang'e 4 3")
    session = chat.yutu.game_here(HERE_IN_TERMINAL)
    assert session is not None and session.request.topics == ("change-4",)
    own = kb.facts[kb.questions[session.question_id].fact]
    out.truncate(0)
    await chat.handle("/topic change-4")
    for _ in range(100):
        await chat.handle("/fact chang'e 4")
    shown = out.getvalue()
    assert own.text[:40] not in shown.replace("\n", " ") and "held back" in shown
    await chat.close()


def test_a_refusal_is_signalled_once_per_wait() -> None:
    clock = Clock()
    limit = RateLimit(1, 10.0, clock)
    limit.retry_after("ann")
    wait = limit.retry_after("ann")
    assert limit.first_refusal("ann", wait) and not limit.first_refusal("ann", wait)
    clock.now += 11
    assert limit.retry_after("ann") == 0
    wait = limit.retry_after("ann")
    assert limit.first_refusal("ann", wait)


async def test_a_refused_start_does_not_use_the_cooldown(
    kb: KnowledgeBase, storage: Storage
) -> None:
    yutu = Yutu(kb, storage, rng=random.Random(2))
    await yutu.packs.import_pack(1, True, ADMIN.id, "small.yaml", b"A?:\n- x\nB?:\n- y\n")
    with pytest.raises(NotEnoughQuestions):  # a Red list's questions are all medium
        await yutu.start_game(HERE, ALICE, GameOptions(pack="small", difficulty=Difficulty.HARD),
                              Shown())  # fmt: skip
    await yutu.start_game(HERE, ALICE, GameOptions(topic="moon"), Shown())  # not "slow down"
    await yutu.close()


@pytest.mark.parametrize("typed", ["0", "0s", "pack:"])
async def test_the_terminal_refuses_zero_and_empty_options(yutu: Yutu, typed: str) -> None:
    with pytest.raises((ConfigError, YutuError)):
        await yutu.start_game(HERE, ALICE, parse_quiz(yutu, typed), Shown())
    assert yutu.game_here(HERE) is None


async def test_a_pack_answer_found_in_many_facts_blocks_nothing(
    yutu: Yutu, kb: KnowledgeBase
) -> None:
    data = "".join(f"What is thing {n}?:\n- Moon\n" for n in range(3)).encode()
    await yutu.packs.import_pack(1, True, ADMIN.id, "common.yaml", data)
    await yutu.start_game(HERE, ALICE, GameOptions(pack="common"), Shown())
    assert yutu.ask(BOB.id, "where did chang'e 4 land", HERE.guild_id).fact is not None
