"""What only the PostgreSQL backend has: its schema table, one-line refusals of servers and
databases it cannot use (writing nothing), shard claims, and riding out a lost connection
or a server restart without restarting Yutu. Real servers only (see conftest.pg_server)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import discord
import pytest

from bot.config import ConfigError, Settings, database_setting
from bot.discord.app import run
from bot.errors import StorageError
from bot.knowledge.model import KnowledgeBase
from bot.storage import open_storage, postgres
from bot.storage.postgres import migrations
from tests.conftest import PostgresBackend
from tests.fakediscord import FakeDiscord
from tests.pgserver import Cluster, External, binaries, free_port
from tests.test_discord import PLAYER, is_question, question_of

NOW = 1_750_000_000.0
GUILD = (5 << 22) | 7


@pytest.fixture
def pg(pg_server: Cluster | External) -> PostgresBackend:
    return PostgresBackend(pg_server.create_database())


def url_with(url: str, *, password: str | None = None, database: str | None = None) -> str:
    head, _, name = url.rpartition("/")
    if password is not None:
        scheme, _, rest = head.partition("://")
        user, _, host = rest.partition("@")
        head = f"{scheme}://{user.split(':')[0]}:{password}@{host}"
    return f"{head}/{database or name}"


async def tables(pg: PostgresBackend) -> list[tuple[object, ...]]:
    return await pg.query(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() ORDER BY 1"
    )


async def test_schema_version_and_game_outcomes(pg: PostgresBackend) -> None:
    async with await pg.open() as db:
        game = await db.start_game(GUILD, 1, mode="typed", topics="", started_at=NOW)
        await db.finish_game(game, "abandoned", NOW + 1, stopped_by=42)
        other = await db.start_game(GUILD, 1, mode="typed", topics="", started_at=NOW)
        await db.finish_game(other, "failed", NOW + 2)
        with pytest.raises(ValueError):
            await db.finish_game(other, "won", NOW)
    versions = await pg.query("SELECT version FROM yutu_schema ORDER BY version")
    assert versions == [(n,) for n, _, _ in migrations()]
    assert await pg.query("SELECT status, stopped_by FROM games ORDER BY id") == [
        ("abandoned", 42),
        ("failed", None),
    ]
    async with await pg.open():  # opening again migrates nothing
        pass
    assert len(await pg.query("SELECT * FROM yutu_schema")) == len(migrations())


async def test_newer_schema_is_refused_and_left_alone(pg: PostgresBackend) -> None:
    async with await pg.open():
        pass
    known = len(migrations())
    conn = await asyncpg.connect(str(pg.target))
    await conn.execute("INSERT INTO yutu_schema (version) VALUES (999)")
    await conn.close()
    before = await tables(pg), await pg.query("SELECT version FROM yutu_schema ORDER BY 1")
    with pytest.raises(StorageError) as caught:
        await pg.open(exclusive=True)
    message = str(caught.value)
    assert f"was made by a newer Yutu (schema version 999, this Yutu knows up to {known})" in (
        message
    )
    assert "\n" not in message
    after = await tables(pg), await pg.query("SELECT version FROM yutu_schema ORDER BY 1")
    assert after == before


async def test_another_programs_database_is_refused(pg: PostgresBackend) -> None:
    conn = await asyncpg.connect(str(pg.target))
    await conn.execute("CREATE TABLE invoices (id int)")
    await conn.close()
    with pytest.raises(StorageError, match="not a Yutu database: it holds another program's"):
        await pg.open()
    assert await tables(pg) == [("invoices",)]


@pytest.mark.parametrize("problem", ["unreachable", "password", "database"])
async def test_unusable_servers_are_one_line(pg: PostgresBackend, problem: str) -> None:
    url = str(pg.target)
    if problem == "unreachable":
        url = f"postgresql://yutu:x@127.0.0.1:{free_port()}/yutu"
        expected = "cannot reach PostgreSQL at 127.0.0.1:"
    elif problem == "password":
        url = url_with(url, password="wrong-password")
        expected = "refused user"
    else:
        url = url_with(url, database="no_such_database")
        expected = "PostgreSQL database 'no_such_database' does not exist"
    with pytest.raises(StorageError) as caught:
        await open_storage(url, exclusive=True)
    message = str(caught.value)
    assert expected in message and "\n" not in message
    assert "wrong-password" not in message  # a password is never shown


async def test_the_cli_says_one_line_and_exits_non_zero(tmp_path: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "YUTU_"))}
    environ.update(DISCORD_TOKEN="a-token", YUTU_DATABASE=f"postgresql://y:s3cret@127.0.0.1:"
                   f"{free_port()}/yutu")  # fmt: skip
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=environ,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 1
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("yutu: cannot reach PostgreSQL at 127.0.0.1")
    assert "s3cret" not in lines[0]


def test_database_setting_is_a_path_or_a_postgres_url() -> None:
    assert database_setting("postgresql://u@h/db") == "postgresql://u@h/db"
    assert database_setting("postgres://u@h/db") == "postgres://u@h/db"
    assert database_setting(None) == Path("yutu.db")
    assert database_setting("scores/yutu.db") == Path("scores/yutu.db")
    with pytest.raises(ConfigError, match="not a mysql:// URL"):
        database_setting("mysql://u@h/db")


async def test_processes_claim_their_own_shards(pg: PostgresBackend) -> None:
    low = await pg.open(exclusive=True, shards=[0, 1])
    try:
        high = await pg.open(exclusive=True, shards=[2, 3])  # disjoint: fine
        with pytest.raises(StorageError, match="another running Yutu serves shard 1"):
            await pg.open(exclusive=True, shards=[1, 2])
        with pytest.raises(StorageError, match="serves some of its shards"):
            await pg.open(exclusive=True)  # every shard
        reader = await pg.open()  # tools that claim nothing may still open it
        await reader.close()
        await high.close()
    finally:
        await low.close()
    everything = await pg.open(exclusive=True)
    with pytest.raises(StorageError, match="serves every shard"):
        await pg.open(exclusive=True, shards=[3])
    await everything.close()


async def test_read_only_look(pg: PostgresBackend) -> None:
    with pytest.raises(StorageError, match="holds no Yutu data yet"):
        await pg.open(readonly=True)
    assert await tables(pg) == []
    async with await pg.open() as db:
        await db.add_report(guild_id=1, channel_id=2, user_id=3, question_id="q", reason="r",
                            at=1.0)  # fmt: skip
    async with await pg.open(readonly=True) as look:
        assert [r.reason for r in await look.reports()] == ["r"]
        with pytest.raises(StorageError, match="read-only"):
            await look.set_meta("k", "v")


async def test_a_lost_connection_fails_one_call_then_the_pool_reconnects(
    pg: PostgresBackend, pg_server: Cluster | External
) -> None:
    async with await pg.open() as db:
        game = await db.start_game(GUILD, 1, mode="typed", topics="", started_at=NOW)
        await db.award(game, GUILD, 1, "ann", "q1", 3, NOW, 1)
        admin = await asyncpg.connect(pg_server.admin_url)
        database = str(pg.target).rsplit("/", 1)[1]
        killed = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            database,
        )
        await admin.close()
        assert killed >= 1
        # The pool may notice before the next call (then it just reconnects); if not, that
        # one call fails as a StorageError, which ends the game in front of its channel.
        try:
            await db.award(game, GUILD, 1, "ann", "q2", 3, NOW, 1)
            saved = [("q1",), ("q2",), ("q3",)]
        except StorageError as exc:
            assert "PostgreSQL database" in str(exc) and "\n" not in str(exc)
            saved = [("q1",), ("q3",)]
        await db.award(game, GUILD, 1, "ann", "q3", 3, NOW, 1)  # a fresh connection
        assert await pg.query("SELECT question_id FROM awards ORDER BY id") == saved


@pytest.fixture
def own_cluster() -> Iterator[Cluster]:
    if binaries() is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    cluster = Cluster.start(fsync=False)
    try:
        yield cluster
    finally:
        cluster.stop()


async def test_server_restart_needs_no_restart_of_yutu(
    own_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(postgres, "CLAIM_CHECK_INTERVAL", 0.1)
    url = own_cluster.create_database()
    async with await open_storage(url, exclusive=True, shards=[0]) as db:
        game = await db.start_game(GUILD, 1, mode="typed", topics="", started_at=NOW)
        await asyncio.to_thread(own_cluster.pg_ctl, "stop")
        with pytest.raises(StorageError) as caught:
            await db.award(game, GUILD, 1, "ann", "q1", 3, NOW, 1)
        assert "PostgreSQL database 'yutu_1' on 127.0.0.1" in str(caught.value)
        with pytest.raises(StorageError):
            await db.leaderboard(GUILD, now=NOW)
        await asyncio.to_thread(own_cluster.pg_ctl, "start")
        await db.award(game, GUILD, 1, "ann", "q2", 3, NOW, 1)
        assert [r.points for r in await db.leaderboard(GUILD, now=NOW)] == [3]
        # the claim on shard 0 is taken again: a second process for it is still refused
        for _ in range(200):
            try:
                intruder = await open_storage(url, exclusive=True, shards=[0])
            except StorageError as exc:
                assert "another running Yutu serves shard 0" in str(exc)
                break
            await intruder.close()
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the shard claim was not taken again")


async def test_a_server_outage_mid_game_ends_that_game_and_the_bot_carries_on(
    own_cluster: Cluster, kb: KnowledgeBase, tmp_path: Path
) -> None:
    server = FakeDiscord(token="test-token")
    await server.start()
    guild = server.add_guild("Moon Club")
    channel = server.add_channel(guild, "quiz")
    ann, bob = server.add_user("ann"), server.add_user("bob")
    server.add_member(guild, ann, permissions=PLAYER)
    server.add_member(guild, bob, permissions=PLAYER)
    settings = Settings(token="test-token", database=own_cluster.create_database(),
                        api_base=server.api_base, gateway_url=server.gateway_url,
                        reveal_pause=0.0)  # fmt: skip
    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    stopping = asyncio.Event()
    bot = asyncio.create_task(run(settings, kb, stopping))

    async def start_quiz(by: int) -> dict[str, Any]:
        mark = server.mark()
        inter = await server.slash(guild, channel, by, "quiz", subcommand="start",
                                   options={"questions": 3, "mode": "typed"})  # fmt: skip
        await inter.wait_response(timeout=20)
        return await server.wait_for_message(is_question, timeout=20, since=mark)

    async def answer(asked: dict[str, Any]) -> dict[str, Any]:
        mark = server.mark()
        question = question_of(kb, asked)
        await server.send_message(channel, ann, question.answers[0])
        return await server.wait_for_message(
            lambda m: m["kind"] == "message" and m["content"], timeout=20, since=mark
        )

    try:
        await server.wait_ready(timeout=30)
        asked = await start_quiz(ann)
        await asyncio.to_thread(own_cluster.pg_ctl, "stop")
        said = await answer(asked)
        assert "The quiz stopped: its scores could not be saved" in said["content"]
        await asyncio.to_thread(own_cluster.pg_ctl, "start")
        said = await answer(await start_quiz(bob))  # no restart needed
        assert "got it" in said["content"] and "+3 points" in said["content"]
        assert not bot.done()
        async with await open_storage(settings.database, readonly=True) as look:
            first = await look.game(1)
        assert first is not None and first.status == "failed"  # recorded once it could be
    finally:
        stopping.set()
        try:
            await asyncio.wait_for(bot, 20)
        finally:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
            await server.stop()


def test_both_backends_offer_the_store_interface() -> None:
    import inspect

    from bot.storage import Storage, Store
    from bot.storage.postgres import PostgresStorage

    wanted = {name for name in vars(Store) if not name.startswith("_") or name == "__aenter__"}
    for backend in (Storage, PostgresStorage):
        assert wanted <= set(dir(backend)), backend
    for name in wanted - {"__aenter__"}:
        protocol = list(inspect.signature(getattr(Store, name)).parameters)
        assert list(inspect.signature(getattr(PostgresStorage, name)).parameters) == protocol
        sqlite = list(inspect.signature(getattr(Storage, name)).parameters)
        # finish_game's stopped_by comes to SQLite with its migration 0003
        assert sqlite == protocol[: len(sqlite)] if name == "finish_game" else sqlite == protocol


def test_passwords_are_never_shown() -> None:
    from bot.storage.postgres import redact

    assert redact("postgresql://u:pw@h:5/db?sslmode=require") == (
        "postgresql://u:***@h:5/db?sslmode=require"
    )
    assert redact("postgresql:///db?host=/run/pg&password=pw") == (
        "postgresql:///db?host=/run/pg&password=***"
    )
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"
