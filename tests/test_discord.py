"""The Discord front end end to end: the real discord.py client, started as `yutu run`
starts it, against a Discord-compatible server on loopback (tests/fakediscord)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.config import Settings
from bot.discord.app import run
from bot.discord.embeds import safe
from bot.knowledge.answer import Answerer
from bot.knowledge.model import KnowledgeBase, Question
from tests.fakediscord import FakeDiscord

MANAGE_GUILD = 1 << 5
MANAGE_MESSAGES = 1 << 13
PLAYER = (1 << 10) | (1 << 11) | (1 << 31) | (1 << 6)


@dataclass
class World:
    server: FakeDiscord
    kb: KnowledgeBase
    db: Path
    guild: int
    channel: int
    other_channel: int
    alice: int
    bob: int
    admin: int

    async def slash(self, user: int, name: str, subcommand: str | None = None,
                    in_channel: int | None = None, **options: Any) -> Any:  # fmt: skip
        inter = await self.server.slash(self.guild, in_channel or self.channel, user, name,
                                        subcommand=subcommand, options=options)  # fmt: skip
        await inter.wait_response(timeout=10)
        return inter

    async def next_message(self, predicate: Any, since: int = 0) -> dict[str, Any]:
        return await self.server.wait_for_message(predicate, timeout=10, since=since)

    def question_of(self, message: dict[str, Any]) -> Question:
        return question_of(self.kb, message)


def question_of(kb: KnowledgeBase, message: dict[str, Any]) -> Question:
    """The question a quiz message asks: its embed shows the text bold, Markdown escaped
    ("the \\_\\_\\_ nation")."""
    text = message["embeds"][0]["description"].strip("*")
    return next(q for q in kb.questions.values() if safe(q.question) == text)


async def seen(inter: Any) -> dict[str, Any]:
    """The message the person saw: the reply, or the follow-up of a deferred reply."""
    await inter.wait_response(timeout=10)
    if inter.response_type in (5, 6):
        return (await inter.wait_followups(1, timeout=10))[-1]
    return inter.data


def private(message: dict[str, Any]) -> bool:
    return bool(int(message.get("flags") or 0) & 64)


def is_question(m: dict[str, Any]) -> bool:
    return bool(m.get("embeds")) and m["embeds"][0].get("title", "").startswith("Question ")


def text_of(m: dict[str, Any]) -> str:
    parts = [m.get("content") or ""]
    for embed in m.get("embeds") or []:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        parts.append((embed.get("author") or {}).get("name", ""))
        parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(parts)


def shows(button: dict[str, Any], choice: str) -> bool:
    """Whether a choice button ("B: Mons Tai", cut to Discord's 80 characters) is `choice`."""
    return button["label"] == f"{button['label'][0]}: {choice}"[:80]


def buttons(m: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in m.get("components") or [] for c in row.get("components", [])]


@pytest.fixture
async def world(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[World]:
    async with running(tmp_path, kb) as w:
        yield w


class running:
    """Start a fake Discord and the bot (as `yutu run` does); stop both on exit."""

    def __init__(self, tmp_path: Path, kb: KnowledgeBase, *, allow_content: bool = True,
                 reuse: World | None = None, wall: Callable[[], float] = time.time
                 ) -> None:  # fmt: skip
        self.tmp_path, self.kb, self.allow_content = tmp_path, kb, allow_content
        self.wall = wall
        self.server = reuse.server if reuse else None
        if reuse:
            self.ids = [reuse.guild, reuse.channel, reuse.other_channel, reuse.alice, reuse.bob,
                        reuse.admin]  # fmt: skip

    async def __aenter__(self) -> World:
        self.saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        fresh = self.server is None
        server = self.server or FakeDiscord(token="test-token",
                                            allow_message_content=self.allow_content)  # fmt: skip
        if fresh:
            await server.start()
            guild = server.add_guild("Moon Club")
            ids = [guild, server.add_channel(guild, "quiz"), server.add_channel(guild, "general")]
            for name, perms in (("alice", PLAYER), ("bob", PLAYER),
                                ("admin", PLAYER | MANAGE_GUILD | MANAGE_MESSAGES)):  # fmt: skip
                user = server.add_user(name)
                server.add_member(guild, user, permissions=perms)
                ids.append(user)
            self.ids = ids
        self.server = server
        settings = Settings(
            token="test-token",
            database=self.tmp_path / "yutu.db",
            api_base=server.api_base,
            gateway_url=server.gateway_url,
            reveal_pause=0.0,
        )
        self.stop = asyncio.Event()
        self.task = asyncio.create_task(
            run(settings, self.kb, self.stop, wall=self.wall, daily_every=0.1)
        )
        try:
            await server.wait_ready(timeout=15)
        except RuntimeError:  # refused the Message Content intent: the bot reconnects without
            if self.allow_content:
                raise
            await server.wait_ready(timeout=15)
        return World(server, self.kb, settings.database, *self.ids)

    async def __aexit__(self, *exc: object) -> None:
        self.stop.set()
        try:
            await asyncio.wait_for(self.task, 15)
        finally:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self.saved
            if exc[0] is not None or not getattr(self, "keep", False):
                await self.server.stop()


async def test_ask_answers_with_source(world: World) -> None:
    inter = await world.slash(world.alice, "ask", question="where did chang'e 4 land?")
    assert inter.response_type == 4
    text = text_of(inter.data)
    assert "Von K" in text
    assert "Source" in text and "http" in text
    assert inter.data["allowed_mentions"] == {"parse": []}


async def test_ask_answers_a_question_in_other_words(world: World) -> None:
    # no word but "moon" is shared with the fact: it is found by meaning
    inter = await world.slash(world.alice, "ask", question="What's on the other side of the moon?")
    text = text_of(inter.data)
    assert "pockmarked all over by craters" in text and "Source" in text


async def test_ask_declines_out_of_scope(world: World) -> None:
    inter = await world.slash(world.alice, "ask", question="best pizza topping?")
    assert "I don't know" in text_of(inter.data)


async def test_everyone_in_a_question_pings_nobody(world: World) -> None:
    question = "@everyone <@&42> **where** did chang'e 4 land"
    inter = await world.slash(world.alice, "ask", question=question)
    assert inter.data["allowed_mentions"] == {"parse": []}
    embed = inter.data["embeds"][0]
    assert embed["author"]["name"] == f"Q: {question}"  # shown as typed: no markdown there
    assert "Von K" in embed["description"]


async def test_mention_and_direct_message_get_answers(world: World) -> None:
    bot_id = world.server.bot_user_id
    mark = world.server.mark()
    text = f"<@{bot_id}> when did chang'e 4 land?"
    await world.server.send_message(world.channel, world.alice, text, mentions=[bot_id])
    reply = await world.next_message(lambda m: m["kind"] == "message", since=mark)
    assert "Chang'e-4" in text_of(reply)
    assert reply["allowed_mentions"]["parse"] == []
    mark = world.server.mark()
    dm = world.server.dm_channel(world.bob)
    await world.server.send_message(dm, world.bob, "what is queqiao?")
    reply = await world.next_message(lambda m: m["channel_id"] == dm, since=mark)
    assert "Queqiao" in text_of(reply)


async def test_typed_game_scores_and_reveals(world: World) -> None:
    mark = world.server.mark()
    start = await world.slash(world.alice, "quiz", "start", questions=2, mode="typed")
    assert "started a quiz" in start.data["content"]
    asked = await world.next_message(is_question, since=mark)
    question = world.question_of(asked)
    await world.server.send_message(world.channel, world.bob, "certainly not this")
    await world.server.send_message(world.channel, world.alice, question.answers[0])
    won = await world.next_message(lambda m: "got it" in (m.get("content") or ""), since=mark)
    assert "alice" in won["content"] and "+3 points" in won["content"]
    reveal = await world.next_message(
        lambda m: any(e.get("title", "").startswith("Answer") for e in m.get("embeds") or []),
        since=mark,
    )
    assert reveal["embeds"][0].get("url", "").startswith("http")
    assert any(b.get("custom_id", "").startswith("yutu:r:") for b in buttons(reveal))
    reacted = {r["emoji"] for r in world.server.reactions}
    await world.server.wait_until(lambda: "✅" in {r["emoji"] for r in world.server.reactions})
    assert "❌" in reacted  # bob's wrong guess
    with sqlite3.connect(world.db) as db:
        assert db.execute("SELECT SUM(points) FROM awards").fetchone() == (3,)


async def test_button_game_one_pick_per_player(world: World) -> None:
    mark = world.server.mark()
    await world.slash(world.alice, "quiz", "start", questions=1, mode="choice")
    asked = await world.next_message(is_question, since=mark)
    question = world.question_of(asked)
    choices = buttons(asked)
    assert len(choices) == 4
    right = next(b for b in choices if shows(b, question.answer))
    wrong = next(b for b in choices if b is not right)
    bob_click = await world.server.click(world.channel, asked["id"], world.bob, wrong["custom_id"])
    reply = await seen(bob_click)
    assert private(reply) and "Not" in reply["content"]
    again = await world.server.click(world.channel, asked["id"], world.bob, right["custom_id"])
    reply = await seen(again)
    assert private(reply) and "already" in reply["content"].lower()
    win = await world.server.click(world.channel, asked["id"], world.alice, right["custom_id"])
    assert "Correct" in (await seen(win))["content"]
    over = await world.next_message(lambda m: "Quiz over" in text_of(m), since=mark)
    assert "alice" in text_of(over)
    edited = await world.next_message(
        lambda m: m["kind"] == "edit" and m["id"] == asked["id"], since=mark
    )
    assert all(b.get("disabled") for b in buttons(edited))


async def test_hint_skip_stop_and_permissions(world: World) -> None:
    mark = world.server.mark()
    await world.slash(world.alice, "quiz", "start", questions=5, mode="typed")
    await world.next_message(is_question, since=mark)
    hint = await world.slash(world.bob, "quiz", "hint")
    assert private(await seen(hint))
    shown = await world.next_message(lambda m: "Hint" in (m.get("content") or ""), since=mark)
    assert "2 points" in shown["content"]
    refused = await seen(await world.slash(world.bob, "quiz", "skip"))
    assert private(refused) and "Manage Messages" in refused["content"]
    skipped = await seen(await world.slash(world.alice, "quiz", "skip"))
    assert private(skipped) and "Skipped" in skipped["content"]
    await world.next_message(lambda m: "Skipped" in text_of(m), since=mark)
    refused = await seen(await world.slash(world.bob, "quiz", "stop"))
    assert "Manage Messages" in refused["content"]
    await world.slash(world.admin, "quiz", "stop")
    await world.next_message(lambda m: "Quiz stopped" in text_of(m), since=mark)
    again = await seen(await world.slash(world.alice, "quiz", "hint"))
    assert "No quiz is running" in again["content"]


async def test_leaderboard_and_stats(world: World) -> None:
    mark = world.server.mark()
    await world.slash(world.alice, "quiz", "start", questions=1, mode="typed")
    question = world.question_of(await world.next_message(is_question, since=mark))
    await world.server.send_message(world.channel, world.alice, f"it's {question.answers[0]}")
    await world.next_message(lambda m: "Quiz over" in text_of(m), since=mark)
    board = await world.slash(world.bob, "leaderboard", period="week")
    assert "alice" in text_of(board.data) and "3 points" in text_of(board.data)
    stats = await world.slash(world.bob, "stats", member=str(world.alice))
    text = text_of(stats.data)
    assert "Games scored in 1" in text and "Games won 1" in text


async def test_settings_need_manage_server_and_limit_channels(world: World) -> None:
    refused = await world.slash(world.alice, "quiz", "settings", questions=3)
    assert refused.ephemeral and "Manage Server" in refused.data["content"]
    done = await world.slash(world.admin, "quiz", "settings", questions=3,
                             channel=str(world.channel))  # fmt: skip
    assert "3 questions" in done.data["content"]
    elsewhere = await world.slash(world.alice, "quiz", "start", in_channel=world.other_channel)
    assert elsewhere.ephemeral and "only in" in elsewhere.data["content"]
    mark = world.server.mark()
    here = await world.slash(world.alice, "quiz", "start")
    assert "3 questions" in here.data["content"]
    await world.next_message(is_question, since=mark)
    await world.slash(world.alice, "quiz", "stop")
    thread = world.server.world.add_thread(world.channel, "quiz night")
    mark = world.server.mark()
    inside = await world.slash(world.bob, "quiz", "start", in_channel=thread)
    assert "3 questions" in inside.data["content"]  # a thread of an allowed channel
    asked = await world.next_message(is_question, since=mark)
    assert int(asked["channel_id"]) == thread
    await world.slash(world.bob, "quiz", "stop", in_channel=thread)


async def test_report_button_stores_a_report(world: World, tmp_path: Path) -> None:
    mark = world.server.mark()
    await world.slash(world.alice, "quiz", "start", questions=1)
    asked = await world.next_message(is_question, since=mark)
    question = world.question_of(asked)
    await world.slash(world.alice, "quiz", "skip")
    reveal = await world.next_message(lambda m: "Skipped" in text_of(m), since=mark)
    report = next(b for b in buttons(reveal) if b["custom_id"].startswith("yutu:r:"))
    click = await world.server.click(world.channel, reveal["id"], world.bob, report["custom_id"])
    await click.wait_response(timeout=10)
    modal = click.modal
    assert modal is not None
    field = modal["components"][0]["components"][0]["custom_id"]
    submit = await world.server.submit_modal(world.channel, world.bob, modal["custom_id"],
                                             {field: "the year looks wrong"})  # fmt: skip
    await submit.wait_response(timeout=10)
    assert "Thanks" in submit.data["content"]
    with sqlite3.connect(world.db) as db:
        rows = db.execute("SELECT question_id, reason FROM reports").fetchall()
    assert rows == [(question.id, "the year looks wrong")]


async def test_topic_autocomplete_and_cooldown(world: World) -> None:
    inter = await world.server.autocomplete(
        world.guild,
        world.channel,
        world.alice,
        "quiz",
        subcommand="start",
        focused="topic",
        value="chang e 6",
    )
    await inter.wait_response(timeout=10)
    assert inter.choices and inter.choices[0]["value"] == "change-6"
    replies = [await world.slash(world.bob, "ask", question="what is queqiao") for _ in range(4)]
    assert "Slow down" in replies[-1].data["content"]


async def test_without_message_content_games_use_buttons(tmp_path: Path, kb: KnowledgeBase
                                                         ) -> None:  # fmt: skip
    async with running(tmp_path, kb, allow_content=False) as world:
        mark = world.server.mark()
        start = await world.slash(world.alice, "quiz", "start", questions=1, mode="typed")
        assert "Message Content intent" in start.data["content"]
        asked = await world.next_message(is_question, since=mark)
        assert len(buttons(asked)) == 4
        await world.slash(world.alice, "quiz", "stop")


async def test_commands_sync_only_when_changed(tmp_path: Path, kb: KnowledgeBase) -> None:
    first = running(tmp_path, kb)
    first.keep = True
    async with first as world:
        names = {c["name"] for c in world.server.commands["global"]}
        assert {"ask", "quiz", "leaderboard", "stats", "topics", "fact", "help"} <= names
    async with running(tmp_path, kb, reuse=world):
        pass
    assert world.server.command_puts["global"] == 1
    await world.server.stop()


async def _yutu_run(tmp_path: Path, server: FakeDiscord, token: str, **extra: str
                    ) -> asyncio.subprocess.Process:  # fmt: skip
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "YUTU_"))}
    environ.update(DISCORD_TOKEN=token, DISCORD_API_BASE=server.api_base,
                   DISCORD_GATEWAY_URL=server.gateway_url, YUTU_DATABASE=str(tmp_path / "y.db"),
                   YUTU_REVEAL_PAUSE="0", **extra)  # fmt: skip
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=environ,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_rejected_token_is_one_clear_line(tmp_path: Path) -> None:
    server = FakeDiscord(token="the-real-token")
    await server.start()
    try:
        proc = await _yutu_run(tmp_path, server, "a-wrong-token")
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        await server.stop()
    assert proc.returncode == 1
    text = err.decode()
    assert "Traceback" not in text
    assert "Discord rejected the token" in text and "yutu chat" in text


async def test_sigterm_ends_games_as_interrupted(tmp_path: Path, kb: KnowledgeBase) -> None:
    server = FakeDiscord(token="test-token")
    await server.start()
    guild = server.add_guild("Moon Club")
    channel = server.add_channel(guild, "quiz")
    alice = server.add_user("alice")
    server.add_member(guild, alice, permissions=PLAYER)
    proc = await _yutu_run(tmp_path, server, "test-token")
    try:
        await server.wait_ready(timeout=30)
        await server.wait_until(lambda: server.commands.get("global"), timeout=30)
        inter = await server.slash(guild, channel, alice, "quiz", subcommand="start",
                                   options={"questions": 3})  # fmt: skip
        await inter.wait_response(timeout=10)
        await server.wait_for_message(is_question, timeout=10)
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await server.stop()
    assert proc.returncode == 0
    with sqlite3.connect(tmp_path / "y.db") as db:
        assert db.execute("SELECT status FROM games").fetchall() == [("interrupted",)]


async def test_progressive_game_offers_choices_after_two_hints(world: World) -> None:
    mark = world.server.mark()
    await world.slash(world.alice, "quiz", "start", questions=1, mode="progressive")
    asked = await world.next_message(is_question, since=mark)
    assert buttons(asked) == []
    assert "3 points" in text_of(asked)
    await world.slash(world.bob, "quiz", "hint")
    await world.next_message(lambda m: "Now worth 2 points" in (m.get("content") or ""), since=mark)
    await world.slash(world.bob, "quiz", "hint")
    edited = await world.next_message(
        lambda m: m["kind"] == "edit" and m["id"] == asked["id"] and buttons(m), since=mark
    )
    question = world.question_of(asked)
    right = next(b for b in buttons(edited) if shows(b, question.answer))
    click = await world.server.click(world.channel, asked["id"], world.bob, right["custom_id"])
    await click.wait_response(timeout=10)
    won = await world.next_message(lambda m: "got it" in (m.get("content") or ""), since=mark)
    assert "+1 point " in won["content"]


async def test_topics_fact_and_help(world: World) -> None:
    topics = await world.slash(world.alice, "topics")
    assert "Chang'e-4" in text_of(topics.data) and "`far-side`" in text_of(topics.data)
    fact = await world.slash(world.alice, "fact", topic="queqiao")
    embed = fact.data["embeds"][0]
    assert embed["url"].startswith("http") and "Queqiao" in embed["description"]
    missing = await world.slash(world.alice, "fact", topic="**bananas** @everyone")
    assert missing.ephemeral and "no topic called" in missing.data["content"]
    assert "@everyone" not in missing.data["content"].replace("@\u200beveryone", "")
    shown = await world.slash(world.alice, "help")
    assert shown.ephemeral and "/quiz start" in text_of(shown.data)


async def test_reset_scores_needs_manage_server_and_confirmation(world: World) -> None:
    mark = world.server.mark()
    await world.slash(world.alice, "quiz", "start", questions=1, mode="typed")
    question = world.question_of(await world.next_message(is_question, since=mark))
    await world.server.send_message(world.channel, world.alice, question.answers[0])
    await world.next_message(lambda m: "Quiz over" in text_of(m), since=mark)
    refused = await world.slash(world.alice, "quiz", "reset-scores", confirm=True)
    assert "Manage Server" in refused.data["content"]
    unsure = await world.slash(world.admin, "quiz", "reset-scores", confirm=False)
    assert "Nothing erased" in unsure.data["content"]
    with sqlite3.connect(world.db) as db:
        assert db.execute("SELECT COUNT(*) FROM players").fetchone() == (1,)
    done = await world.slash(world.admin, "quiz", "reset-scores", confirm=True)
    assert "1 player" in done.data["content"]
    board = await world.slash(world.bob, "leaderboard")
    assert "No scores yet" in text_of(board.data)


async def test_reports_are_listed_for_curators(world: World, tmp_path: Path) -> None:
    mark = world.server.mark()
    await world.slash(world.alice, "quiz", "start", questions=1)
    question = world.question_of(await world.next_message(is_question, since=mark))
    await world.slash(world.alice, "quiz", "stop")
    reveal = await world.next_message(lambda m: "The answer" in text_of(m), since=mark)
    report = next(b for b in buttons(reveal) if b["custom_id"].startswith("yutu:r:"))
    click = await world.server.click(world.channel, reveal["id"], world.bob, report["custom_id"])
    await click.wait_response(timeout=10)
    assert click.modal is not None
    submit = await world.server.submit_modal(world.channel, world.bob, click.modal["custom_id"], {})
    await submit.wait_response(timeout=10)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "YUTU_"))}
    listed = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "reports", cwd=tmp_path,
        env={**environ, "YUTU_DATABASE": str(world.db)}, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(listed.communicate(), 60)
    text = out.decode()
    assert question.id in text and question.question in text
    assert "(none given)" in text
    assert time.strftime("%Y-%m-%d", time.gmtime()) in text  # stamped with the date, in UTC


async def test_development_guild_gets_commands_instantly(tmp_path: Path, kb: KnowledgeBase
                                                        ) -> None:  # fmt: skip
    server = FakeDiscord(token="test-token")
    await server.start()
    guild = server.add_guild("Dev")
    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    settings = Settings(token="test-token", database=tmp_path / "y.db", api_base=server.api_base,
                        gateway_url=server.gateway_url, dev_guild_id=guild)  # fmt: skip
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, kb, stop))
    try:
        await server.wait_ready(timeout=15)
        await server.wait_until(lambda: server.commands.get(guild), timeout=15)
        assert "quiz" in {c["name"] for c in server.commands[guild]}
        assert not server.commands.get("global")
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
        await server.stop()


async def test_start_says_how_many_questions_there_really_are(world: World) -> None:
    topic = next(t for t in world.kb.topics
                 if 0 < sum(q.difficulty == "hard" for q in t.questions) < 10)  # fmt: skip
    hard = [q for q in topic.questions if q.difficulty == "hard"]
    start = await world.slash(world.alice, "quiz", "start", topic=topic.id, difficulty="hard",
                              questions=10)  # fmt: skip
    assert f"{topic.title}, {len(hard)} questions" in start.data["content"]
    await world.slash(world.alice, "quiz", "stop")
    nothing = await world.slash(world.bob, "quiz", "start", topic="no such topic")
    assert nothing.ephemeral and "no topic called" in nothing.data["content"]


async def test_replying_to_the_question_is_an_answer(world: World) -> None:
    mark = world.server.mark()
    await world.slash(world.alice, "quiz", "start", questions=1, mode="typed")
    asked = await world.next_message(is_question, since=mark)
    question = world.question_of(asked)
    bot = world.server.bot_user_id
    await world.server.send_message(
        world.channel, world.bob, question.answer, mentions=[bot], reply_to=asked["id"]
    )
    won = await world.next_message(lambda m: "got it" in (m.get("content") or ""), since=mark)
    assert "bob" in won["content"]
    assert not any("I don't know" in text_of(m) for m in world.server.messages[mark:])


async def test_asking_for_the_open_question_is_no_spoiler(world: World) -> None:
    mark = world.server.mark()
    await world.slash(world.alice, "quiz", "start", questions=1, mode="typed")
    question = world.question_of(await world.next_message(is_question, since=mark))
    answerer = Answerer(world.kb)
    fact = world.kb.facts[question.fact]
    spoiler = next(a for a in fact.asks if getattr(answerer.ask(a).fact, "id", None) == fact.id)
    asked = await world.slash(world.bob, "ask", question=spoiler)
    assert asked.ephemeral and "no spoilers" in asked.data["content"]
    await world.slash(world.alice, "quiz", "stop")
    later = await world.slash(world.bob, "ask", question=spoiler)
    assert not later.ephemeral and later.data["embeds"]


async def test_a_development_guild_the_bot_is_not_in_is_one_line(tmp_path: Path) -> None:
    server = FakeDiscord(token="test-token")
    await server.start()
    try:
        proc = await _yutu_run(tmp_path, server, "test-token", YUTU_DEV_GUILD_ID="123456789")
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        await server.stop()
    assert proc.returncode == 1
    text = err.decode()
    assert "Traceback" not in text and "YUTU_DEV_GUILD_ID" in text


async def test_one_question_limit_for_ask_mentions_and_replies(world: World) -> None:
    bot = world.server.bot_user_id
    for _ in range(2):
        assert (await world.slash(world.bob, "ask", question="what is queqiao")).data["embeds"]
    mark = world.server.mark()
    first = await world.server.send_message(
        world.channel, world.bob, f"<@{bot}> when did chang'e 4 land?", mentions=[bot]
    )
    answer = await world.next_message(lambda m: m["kind"] == "message", since=mark)
    assert "Chang'e-4" in text_of(answer) and first
    await world.server.send_message(
        world.channel, world.bob, "and where?", mentions=[bot], reply_to=answer["id"]
    )
    await asyncio.sleep(0.5)  # a fourth question within 15 s is ignored, quietly
    assert [m for m in world.server.messages[mark:] if m["kind"] == "message"] == [answer]
    mark = world.server.mark()
    await world.server.send_message(
        world.channel, world.alice, "where did it land?", mentions=[bot], reply_to=answer["id"]
    )
    follow = await world.next_message(lambda m: m["kind"] == "message", since=mark)
    assert follow["embeds"]  # alice's reply to Yutu's answer is a question of its own


async def test_a_mention_asked_too_soon_gets_one_reaction(world: World) -> None:
    bot = world.server.bot_user_id
    mark = world.server.mark()
    sent = []
    for n in range(5):
        message = await world.server.send_message(
            world.channel, world.alice, f"<@{bot}> what is queqiao {n}", mentions=[bot]
        )
        sent.append(int(message["id"]))
        if n < 3:
            await world.next_message(lambda m: m["kind"] == "message", since=mark)
            mark = world.server.mark()
    for _ in range(50):
        if world.server.reactions:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # the fifth message must not get one too
    assert [(r["message_id"], r["emoji"]) for r in world.server.reactions] == [(sent[3], "⏳")]
