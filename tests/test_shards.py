"""Yutu split over processes by gateway shard, end to end: real `yutu run` subprocesses
with disjoint shard ranges against the fake Discord server, on one PostgreSQL database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.discord.app import run
from bot.knowledge.model import KnowledgeBase
from tests.conftest import PostgresBackend
from tests.fakediscord import FakeDiscord
from tests.pgserver import Cluster, External
from tests.test_discord import PLAYER, is_question, question_of, text_of


async def yutu_run(tmp_path: Path, server: FakeDiscord, database: str, *options: str
                   ) -> asyncio.subprocess.Process:  # fmt: skip
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "YUTU_"))}
    environ.update(DISCORD_TOKEN="test-token", DISCORD_API_BASE=server.api_base,
                   DISCORD_GATEWAY_URL=server.gateway_url, YUTU_DATABASE=database,
                   YUTU_REVEAL_PAUSE="0", YUTU_LOG_LEVEL="WARNING")  # fmt: skip
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", *options, cwd=tmp_path, env=environ,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


class Place:
    """A server on one shard, with a quiz channel and a player."""

    def __init__(self, server: FakeDiscord, shard: int, count: int, name: str) -> None:
        self.server = server
        self.guild = server.add_guild(f"Club {name}", shard=(shard, count))
        self.channel = server.add_channel(self.guild, "quiz")
        self.player = server.add_user(name)
        server.add_member(self.guild, self.player, permissions=PLAYER)

    async def start_quiz(self, questions: int) -> dict[str, Any]:
        mark = self.server.mark()
        inter = await self.server.slash(self.guild, self.channel, self.player, "quiz",
                                        subcommand="start", options={"questions": questions,
                                        "mode": "typed"})  # fmt: skip
        await inter.wait_response(timeout=20)
        return await self.next_question(mark)

    async def next_question(self, since: int) -> dict[str, Any]:
        return await self.server.wait_for_message(
            lambda m: m["channel_id"] == self.channel and is_question(m), timeout=20, since=since
        )

    async def answer(self, kb: KnowledgeBase, asked: dict[str, Any]) -> dict[str, Any]:
        """Answer `asked` right; returns the next question."""
        mark = self.server.mark()
        answer = question_of(kb, asked).answers[0]
        await self.server.send_message(self.channel, self.player, answer)
        won = await self.server.wait_for_message(
            lambda m: m["channel_id"] == self.channel and "got it" in (m.get("content") or ""),
            timeout=20, since=mark,
        )  # fmt: skip
        assert "+3 points" in won["content"]
        return await self.next_question(mark)


async def stop(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 20)
        except TimeoutError:
            proc.kill()
            await proc.wait()


async def test_two_processes_split_the_shards_of_one_database(
    tmp_path: Path, kb: KnowledgeBase, pg_server: Cluster | External
) -> None:
    pg = PostgresBackend(pg_server.create_database())
    server = FakeDiscord(token="test-token")
    await server.start()
    low, high = Place(server, 0, 2, "ann"), Place(server, 1, 2, "bob")
    first = await yutu_run(tmp_path, server, str(pg.target), "--shards", "0", "--shard-count", "2")
    second = await yutu_run(tmp_path, server, str(pg.target), "--shards=1", "--shard-count=2")
    processes = [first, second]
    try:
        await server.wait_shards_ready({0, 1}, timeout=60)
        await server.wait_until(lambda: server.commands.get("global"), timeout=30)
        asked_low = await low.start_quiz(3)
        asked_high = await high.start_quiz(3)
        await low.answer(kb, asked_low)
        asked_high = await high.answer(kb, asked_high)
        # one database: both servers' points, each on its own server's board
        points = await pg.query("SELECT guild_id, user_id, points FROM players ORDER BY 1")
        assert points == [(low.guild, low.player, 3), (high.guild, high.player, 3)]
        board = await server.slash(high.guild, high.channel, high.player, "leaderboard")
        await board.wait_response(timeout=20)
        assert "bob" in text_of(board.data) and "ann" not in text_of(board.data)

        first.kill()  # SIGKILL: shard 0's process dies mid-game
        await first.wait()
        await server.wait_until(lambda: server.ready_shards == {1}, timeout=20)
        await high.answer(kb, asked_high)  # the other process's game goes on
        assert await pg.query("SELECT status FROM games ORDER BY id") == [
            ("running",), ("running",),
        ]  # fmt: skip

        restarted = await yutu_run(tmp_path, server, str(pg.target), "--shards", "0",
                                   "--shard-count", "2")  # fmt: skip
        processes.append(restarted)
        await server.wait_shards_ready({0, 1}, timeout=60)
        games = await pg.query("SELECT guild_id, status FROM games ORDER BY id")
        assert games == [(low.guild, "interrupted"), (high.guild, "running")]
        assert server.command_puts.get("global") == 1  # only shard 0 syncs, and only once
    finally:
        for proc in processes:
            await stop(proc)
        await server.stop()
    errors = [await proc.stderr.read() for proc in processes if proc.stderr]  # type: ignore[misc]
    assert not any(b"Traceback" in err for err in errors), errors


async def test_a_second_process_on_an_sqlite_file_is_told_to_use_postgres(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    server = FakeDiscord(token="test-token")
    await server.start()
    server.add_guild("Moon Club", shard=(0, 2))
    database = str(tmp_path / "y.db")
    first = await yutu_run(tmp_path, server, database, "--shards", "0", "--shard-count", "2")
    try:
        await server.wait_shards_ready({0}, timeout=60)
        second = await yutu_run(tmp_path, server, database, "--shards", "1", "--shard-count", "2")
        _, err = await asyncio.wait_for(second.communicate(), 60)
    finally:
        await stop(first)
        await server.stop()
    assert second.returncode == 1
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and "in use by another running Yutu" in lines[0]
    assert "PostgreSQL" in lines[0]


async def test_without_shard_options_one_process_serves_discords_count(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    server = FakeDiscord(token="test-token", recommended_shards=2)
    await server.start()
    guilds = [server.add_guild(f"Club {shard}", shard=(shard, 2)) for shard in (0, 1)]
    settings = Settings(token="test-token", database=tmp_path / "yutu.db",
                        api_base=server.api_base, gateway_url=server.gateway_url,
                        reveal_pause=0.0)  # fmt: skip
    stopping = asyncio.Event()
    task = asyncio.create_task(run(settings, kb, stopping))
    try:
        await server.wait_shards_ready({0, 1}, timeout=60)
        identified = [s.identify_payload["shard"] for s in server.gateway_sessions
                      if s.identify_payload]  # fmt: skip
        assert sorted(identified) == [[0, 2], [1, 2]]
        owners = {g: [s.shard[0] for s in server.gateway_sessions if s.owns_guild(g)]
                  for g in guilds}  # fmt: skip
        assert owners == {guilds[0]: [0], guilds[1]: [1]}
    finally:
        stopping.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(task, 20)
        await server.stop()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--shards", "0-3"], "--shards needs --shard-count"),
        (["--shards", "0-8", "--shard-count", "8"], "shards are numbered 0 to 7"),
        (["--shards", "3-1", "--shard-count", "8"], "ranges like 0-3"),
        (["--shard-count", "zero"], "--shard-count must be a whole number"),
    ],
)
async def test_bad_shard_options_are_one_line(
    tmp_path: Path, options: list[str], expected: str
) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "YUTU_"))}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", *options, cwd=tmp_path,
        env={**environ, "DISCORD_TOKEN": "t"}, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 1
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], lines


async def test_shard_settings_from_the_environment(tmp_path: Path) -> None:
    from bot.config import ConfigError, load_settings

    settings = load_settings({"YUTU_SHARDS": "2-3", "YUTU_SHARD_COUNT": "4"}, env_file=None)
    assert (settings.shards, settings.shard_count) == ((2, 3), 4)
    with pytest.raises(ConfigError, match="YUTU_SHARDS needs YUTU_SHARD_COUNT"):
        load_settings({"YUTU_SHARDS": "0"}, env_file=None)
