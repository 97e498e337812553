"""The daily question: its rules with a clock the test moves, on a real database."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.errors import ConfigError, NotPermitted, YutuError
from bot.knowledge.model import Difficulty, KnowledgeBase
from bot.quiz.daily import choices_for, is_due, parse_time, pick_question
from bot.quiz.scoring import Player
from bot.service import Yutu
from bot.storage import Storage
from bot.storage.models import ALREADY_PICKED, DAY_OVER, PICKED

GUILD, CHANNEL = 5, 50
ANN, BOB, CY = Player(1, "ann"), Player(2, "bob"), Player(3, "cy")


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


class Wall:
    def __init__(self, start: str) -> None:
        self.now = at(start)

    def __call__(self) -> float:
        return self.now

    def set(self, text: str) -> None:
        self.now = at(text)


@pytest.mark.parametrize(
    ("text", "minute"),
    [("18:00", 1080), ("9:30", 570), ("00:00", 0), ("23:59 UTC", 1439), ("21.05", 1265)],
)
def test_times_are_read_as_hh_mm_utc(text: str, minute: int) -> None:
    assert parse_time(text) == minute


@pytest.mark.parametrize("text", ["24:00", "12:60", "noon", "", "1800", "-1:00"])
def test_bad_times_are_refused_with_an_example(text: str) -> None:
    with pytest.raises(ConfigError, match="HH:MM in UTC"):
        parse_time(text)


def test_a_day_is_due_from_its_time_on() -> None:
    assert not is_due(at("2026-11-30 17:59:59"), 1080)
    assert is_due(at("2026-11-30 18:00:00"), 1080)
    assert is_due(at("2026-12-01 00:30:00"), 0)


def test_questions_do_not_repeat_until_the_pool_is_used_up(kb: KnowledgeBase) -> None:
    questions = list(kb.questions.values())
    pool = {q.id for q in questions if len(set(q.wrong)) >= 3}
    used: list[str] = []
    day = date(2026, 1, 1)
    for n in range(len(pool)):
        question = pick_question(questions, used, date.fromordinal(day.toordinal() + n), GUILD)
        assert question.id not in used
        used.append(question.id)
    assert set(used) == pool
    again = pick_question(questions, used, date(2030, 1, 1), GUILD)
    assert again.id == used[0]  # the one used longest ago comes back first


def test_the_same_day_gives_everyone_the_same_question_and_choices(kb: KnowledgeBase) -> None:
    questions = list(kb.questions.values())
    day = date(2026, 11, 30)
    first = pick_question(questions, [], day, GUILD)
    assert pick_question(list(reversed(questions)), [], day, GUILD) == first
    assert choices_for(first, GUILD, day) == choices_for(first, GUILD, day)
    choices, correct = choices_for(first, GUILD, day)
    assert choices[correct] == first.answer and len(choices) == 4


def test_difficulty_can_follow_the_weekday(kb: KnowledgeBase) -> None:
    questions = list(kb.questions.values())
    monday, friday = date(2026, 11, 30), date(2026, 12, 4)
    for offset in range(7):
        assert pick_question(questions, [], date.fromordinal(monday.toordinal() + offset), GUILD,
                             by_weekday=True).difficulty == (
            Difficulty.EASY if offset < 2 else Difficulty.MEDIUM if offset < 4 else Difficulty.HARD
        )  # fmt: skip
    assert pick_question(questions, [], friday, GUILD, by_weekday=True).difficulty == "hard"


@pytest.fixture
async def world(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[tuple[Yutu, Wall, Path]]:
    wall = Wall("2026-11-30 12:00")
    path = tmp_path / "yutu.db"
    async with await Storage.open(path) as storage:
        yield Yutu(kb, storage, wall=wall, rng=random.Random(0), throttle=False), wall, path


async def test_setup_needs_an_admin_and_a_time(world: tuple[Yutu, Wall, Path]) -> None:
    yutu, _, _ = world
    with pytest.raises(NotPermitted):
        await yutu.daily.setup(GUILD, False, CHANNEL, "18:00")
    with pytest.raises(ConfigError):
        await yutu.daily.setup(GUILD, True, CHANNEL, "6pm")
    with pytest.raises(YutuError, match="not set up"):
        await yutu.daily.post_today(GUILD, early=True)
    settings = await yutu.daily.setup(GUILD, True, CHANNEL, "18:00")
    assert (settings.channel_id, settings.post_minute, settings.enabled) == (CHANNEL, 1080, True)
    await yutu.daily.off(GUILD, True)
    assert await yutu.daily.due() == []
    with pytest.raises(YutuError, match="already off"):
        await yutu.daily.off(GUILD, True)


async def test_a_day_is_posted_once_even_across_restarts(
    world: tuple[Yutu, Wall, Path], kb: KnowledgeBase
) -> None:
    yutu, wall, path = world
    await yutu.daily.setup(GUILD, True, CHANNEL, "18:00")
    assert await yutu.daily.due() == []  # before its time
    with pytest.raises(YutuError, match="due at 18:00 UTC"):
        await yutu.daily.post_today(GUILD)
    wall.set("2026-11-30 18:00:01")
    assert await yutu.daily.due() == [GUILD]
    assert await yutu.daily.due(lambda guild: guild != GUILD) == []  # another shard's server
    posting = await yutu.daily.post_today(GUILD)
    assert posting is not None and posting.reveals == ()
    # the bot dies before the message is sent: after a restart the same question goes out
    async with await Storage.open(path) as other:
        restarted = Yutu(kb, other, wall=wall, throttle=False)
        assert await restarted.daily.due() == [GUILD]
        again = await restarted.daily.post_today(GUILD)
        assert again is not None and again.round == posting.round
        await restarted.daily.posted(GUILD, again.round.day, 4242)
        assert await restarted.daily.due() == []
        assert await restarted.daily.post_today(GUILD) is None
        assert await restarted.daily.post_today(GUILD, early=True) is None


async def test_picks_reveals_and_streaks_over_three_days(world: tuple[Yutu, Wall, Path]) -> None:
    yutu, wall, _ = world
    await yutu.daily.setup(GUILD, True, CHANNEL, "09:00")
    seen = []
    results = {ANN: [True, True, True], BOB: [True, False, True], CY: [True, None, True]}
    for n, day in enumerate(("2026-11-30", "2026-12-01", "2026-12-02")):
        wall.set(f"{day} 09:30")
        posting = await yutu.daily.post_today(GUILD)
        assert posting is not None
        round_ = posting.round
        await yutu.daily.posted(GUILD, round_.day, 1000 + n)
        if n:  # posting a day reveals the day before
            (reveal,) = posting.reveals
            assert reveal.round.day == seen[-1].day and reveal.fact is not None
            assert (reveal.picks, reveal.right) == ((3, 3) if n == 1 else (2, 1))
        seen.append(round_)
        wrong = (round_.correct + 1) % len(round_.choices)
        for player, right in results.items():
            if right[n] is not None:
                choice = round_.correct if right[n] else wrong
                assert await yutu.daily.pick(GUILD, round_.day, player, choice) == PICKED
        assert await yutu.daily.pick(GUILD, round_.day, ANN, wrong) == ALREADY_PICKED
        if n:
            assert await yutu.daily.pick(GUILD, seen[-2].day, CY, 0) == DAY_OVER
    assert len({r.question.id for r in seen}) == 3
    reveal = await yutu.daily.reveal(GUILD, True)  # an admin ends the third day early
    assert reveal.round.question == seen[-1].question and reveal.round.message_id == 1002
    assert (reveal.picks, reveal.right) == (3, 3)
    with pytest.raises(YutuError, match="No daily question is open"):
        await yutu.daily.reveal(GUILD, True)
    top, mine = await yutu.daily.streaks(GUILD, BOB.id)
    assert [(s.name, s.current, s.best) for s in top] == [("ann", 3, 3), ("bob", 1, 1),
                                                          ("cy", 1, 1)]  # fmt: skip
    assert mine is not None and (mine.current, mine.best) == (1, 1)
    with pytest.raises(NotPermitted):
        await yutu.daily.reveal(GUILD, False)


async def test_the_open_daily_answer_is_no_spoiler_until_revealed(
    world: tuple[Yutu, Wall, Path], kb: KnowledgeBase
) -> None:
    yutu, wall, path = world
    await yutu.daily.setup(GUILD, True, CHANNEL, "09:00")
    wall.set("2026-11-30 09:30")
    posting = await yutu.daily.post_today(GUILD)
    assert posting is not None
    own = kb.facts[posting.round.question.fact]
    assert all(yutu.random_fact(own.topic, GUILD).id != own.id for _ in range(200))
    async with await Storage.open(path) as other:  # a restarted bot learns what is open
        restarted = Yutu(kb, other, wall=wall, throttle=False)
        await restarted.daily.due()
        assert restarted.daily.spoils(own, GUILD) and restarted.daily.spoils(own, None)
        assert not restarted.daily.spoils(own, GUILD + 1)
    await yutu.daily.reveal(GUILD, True)
    assert not yutu.daily.spoils(own, GUILD)
