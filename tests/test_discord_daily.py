"""The daily question end to end: the real bot against the fake Discord server, with a
clock the test moves from one day to the next."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.knowledge.model import KnowledgeBase
from tests.test_discord import World, buttons, private, running, seen, text_of


class Wall:
    def __init__(self, start: str) -> None:
        self.set(start)

    def __call__(self) -> float:
        return self.now

    def set(self, text: str) -> None:
        self.now = datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def is_daily(m: dict[str, Any]) -> bool:
    return m["kind"] == "message" and "Daily question ·" in text_of(m)


def dailies(world: World) -> list[dict[str, Any]]:
    return [m for m in world.server.messages if is_daily(m)]


async def pick(world: World, message: dict[str, Any], user: int, index: int) -> str:
    button = buttons(message)[index]
    click = await world.server.click(world.channel, message["id"], user, button["custom_id"])
    reply = await seen(click)
    assert private(reply)
    return reply["content"]


def answer_index(world: World, message: dict[str, Any], day: str) -> int:
    """Which button holds the right answer, read from the bot's own database."""
    import sqlite3

    with sqlite3.connect(world.db) as conn:
        (qid,) = conn.execute("SELECT question_id FROM daily_posts WHERE day = ?",
                              (day,)).fetchone()  # fmt: skip
    answer = world.kb.questions[qid].answer
    return next(i for i, b in enumerate(buttons(message)) if b["label"][3:] == answer[:77])


async def test_the_daily_question_from_setup_to_streaks(tmp_path: Path, kb: KnowledgeBase) -> None:
    wall = Wall("2026-11-30 08:00")
    first = running(tmp_path, kb, wall=wall)
    first.keep = True
    async with first as world:
        refused = await world.slash(world.alice, "daily", "setup", channel=str(world.channel),
                                    time="09:00")  # fmt: skip
        assert refused.ephemeral and "Manage Server" in refused.data["content"]
        bad = await world.slash(world.admin, "daily", "setup", channel=str(world.channel),
                                time="nine")  # fmt: skip
        assert "HH:MM" in bad.data["content"]
        done = await world.slash(world.admin, "daily", "setup", channel=str(world.channel),
                                 time="09:00")  # fmt: skip
        assert "every day at 09:00 UTC" in done.data["content"]
        await asyncio.sleep(0.5)
        assert dailies(world) == []  # not before its time
        mark = world.server.mark()
        wall.set("2026-11-30 09:00:05")
        today = await world.next_message(is_daily, since=mark)
        assert len(buttons(today)) == 4
        right = answer_index(world, today, "2026-11-30")
        wrong = (right + 1) % 4
        assert "Locked in" in await pick(world, today, world.alice, right)
        assert "Locked in" in await pick(world, today, world.bob, wrong)
        assert "already picked" in await pick(world, today, world.alice, wrong)
    # a restart with today's question already out posts nothing new and keeps the picks
    async with running(tmp_path, kb, reuse=world, wall=wall) as world:
        await asyncio.sleep(0.5)
        assert len(dailies(world)) == 1
        assert "already picked" in await pick(world, today, world.alice, right)
        mark = world.server.mark()
        wall.set("2026-12-01 09:00:02")  # the next day: yesterday's answer, then a new question
        tomorrow = await world.next_message(is_daily, since=mark)
        reveals = [m for m in world.server.messages[mark:] if ": the answer" in text_of(m)]
        assert len(reveals) == 1 and "2 players picked, 1 right" in text_of(reveals[0])
        closed = [m for m in world.server.messages[mark:]
                  if m["kind"] == "edit" and m["id"] == today["id"]]  # fmt: skip
        assert closed and all(b.get("disabled") for b in buttons(closed[-1]))
        right = answer_index(world, tomorrow, "2026-12-01")
        assert "Locked in" in await pick(world, tomorrow, world.alice, right)
        mark = world.server.mark()
        revealed = await world.slash(world.admin, "daily", "reveal", in_channel=world.other_channel)
        assert revealed.ephemeral and "Revealed in" in revealed.data["content"]
        answer = await world.next_message(lambda m: ": the answer" in text_of(m), since=mark)
        assert int(answer["channel_id"]) == world.channel  # where the question was asked
        assert "1 player picked, 1 right" in text_of(answer)
        streaks = await world.slash(world.bob, "daily", "streaks")
        assert "alice: 2 days (best 2)" in text_of(streaks.data)
        stats = await world.slash(world.alice, "stats")
        assert "Daily streak 2 days" in text_of(stats.data)
        again = await world.slash(world.admin, "daily", "post")
        assert "already out" in (await seen(again))["content"]
        assert len(dailies(world)) == 2
        wall.set("2026-12-02 07:00")  # before its time, an admin posts the day's question
        early = await world.slash(world.admin, "daily", "post")
        assert "posted" in (await seen(early))["content"] and len(dailies(world)) == 3
        refused = await world.slash(world.alice, "daily", "post")
        assert "Manage Server" in (await seen(refused))["content"]
        off = await world.slash(world.admin, "daily", "off")
        assert "off" in off.data["content"]
        wall.set("2026-12-03 09:30")
        await asyncio.sleep(0.5)
        assert len(dailies(world)) == 3  # switched off: nothing more
    await world.server.stop()
