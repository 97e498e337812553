"""End-to-end tests of the loopback Discord server with the real discord.py client."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

try:
    from tests.fakediscord import FakeDiscord
except ImportError:  # run from elsewhere: pytest put tests/ itself on sys.path
    from fakediscord import FakeDiscord

TOKEN = "test-token"
TOPICS = ["change-3", "change-4", "change-5", "queqiao"]
SEND_MESSAGES = 1 << 11
MANAGE_GUILD = 1 << 5

pytestmark = [
    pytest.mark.filterwarnings("error::ResourceWarning"),
    pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning"),
]


# ----- a minimal bot --------------------------------------------------------------------------
class AnswerView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)
        self.clicked_by: list[int] = []

    @discord.ui.button(label="Answer A", custom_id="answer:a", style=discord.ButtonStyle.primary)
    async def answer(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        self.clicked_by.append(interaction.user.id)
        button.disabled = True
        await interaction.response.edit_message(content="You picked A", view=self)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    text: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Your feedback", custom_id="feedback_text"
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Thanks: {self.text.value}", ephemeral=True)


class PickView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.select(
        custom_id="pick",
        options=[
            discord.SelectOption(label=n, value=v) for n, v in (("CE-4", "ce4"), ("CE-6", "ce6"))
        ],
    )
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select[Any]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content=f"picked {select.values[0]}", view=None)


class Bot(commands.Bot):
    def __init__(self, *, message_content: bool = True, sync_guild: int | None = None) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.05)
        self.sync_guild = sync_guild
        self.seen: list[discord.Message] = []
        self.views: list[AnswerView] = []
        self._add_commands()

    async def setup_hook(self) -> None:
        if self.sync_guild is None:
            await self.tree.sync()
        else:
            guild = discord.Object(self.sync_guild)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)

    async def close(self) -> None:
        # discord.py leaves view timeout tasks running after close(); stop ours
        for view in self.views:
            view.stop()
        await super().close()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self.seen.append(message)
        if message.content == "ping":
            await message.channel.send(
                f"pong {message.author.mention}",
                allowed_mentions=discord.AllowedMentions(users=False),
            )

    def _add_commands(self) -> None:
        @self.tree.command(name="hello", description="Say hello")
        async def hello(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="Hello", description=f"Hi {interaction.user.mention}")
            view = AnswerView()
            self.views.append(view)
            await interaction.response.send_message(embed=embed, view=view)

        @self.tree.command(name="slow", description="Defer, follow up, edit the original")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("follow-up text")
            await interaction.edit_original_response(content="done")

        @self.tree.command(name="feedback", description="Open a modal")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal())

        @self.tree.command(name="whoami", description="Permissions check")
        async def whoami(interaction: discord.Interaction) -> None:
            perms = interaction.permissions
            await interaction.response.send_message(
                f"manage_guild={perms.manage_guild} guild={interaction.guild.name}",  # type: ignore[union-attr]
                ephemeral=True,
            )

        @self.tree.command(name="pick", description="Select menu and an ephemeral file")
        async def pick(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Pick a mission", view=PickView())
            file = discord.File(io.BytesIO(b"Queqiao"), filename="facts.txt")
            await interaction.followup.send("your notes", file=file, ephemeral=True)

        quiz = app_commands.Group(name="quiz", description="Quiz games")

        @quiz.command(name="start", description="Start a quiz")
        @app_commands.describe(questions="How many questions", topic="Which mission")
        async def start(
            interaction: discord.Interaction, questions: app_commands.Range[int, 1, 10], topic: str
        ) -> None:
            await interaction.response.send_message(
                f"Starting {questions} questions on {topic} for {interaction.user.mention}",
                allowed_mentions=discord.AllowedMentions.none(),
            )

        @start.autocomplete("topic")
        async def topic_autocomplete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=t, value=t) for t in TOPICS if current.lower() in t]

        self.tree.add_command(quiz)


# ----- fixtures -------------------------------------------------------------------------------
@dataclass
class World:
    server: FakeDiscord
    guild: int
    channel: int
    alice: int
    bob: int


@pytest.fixture
async def world() -> AsyncIterator[World]:
    server = FakeDiscord(token=TOKEN)
    await server.start()
    guild = server.add_guild(name="Test Guild")
    channel = server.add_channel(guild, name="general")
    alice, bob = server.add_user("alice"), server.add_user("bob")
    server.add_member(guild, alice, permissions=SEND_MESSAGES | MANAGE_GUILD)
    server.add_member(guild, bob)
    server.patch_discord()
    yield World(server, guild, channel, alice, bob)
    await server.stop()
    await asyncio.sleep(0)
    leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    assert not leftover, f"tasks still running after the test: {leftover}"
    gc.collect()  # so an unclosed aiohttp session warns (and fails) in this test


RunBot = Callable[..., Awaitable[tuple[Bot, "asyncio.Task[None]"]]]


@pytest.fixture
async def run_bot(world: World) -> AsyncIterator[RunBot]:
    started: list[tuple[Bot, asyncio.Task[None]]] = []

    async def run(
        bot: Bot | None = None, token: str = TOKEN, wait: bool = True
    ) -> tuple[Bot, asyncio.Task[None]]:
        bot = bot or Bot()
        task = asyncio.create_task(bot.start(token))
        started.append((bot, task))
        if wait:
            ready = asyncio.create_task(world.server.wait_ready(timeout=10))
            done, _ = await asyncio.wait(
                {ready, task}, timeout=10, return_when=asyncio.FIRST_COMPLETED
            )
            if task in done:
                ready.cancel()
                task.result()  # raises the bot's startup error
            await ready
            # on_ready fires guild_ready_timeout (0.05 s) after the last GUILD_CREATE
            await asyncio.wait_for(bot.wait_until_ready(), 5)
        return bot, task

    yield run
    for bot, task in started:
        await bot.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 5)


# ----- tests ----------------------------------------------------------------------------------
async def test_login_ready_and_guild_cache(world: World, run_bot: RunBot) -> None:
    bot, _ = await run_bot()
    await asyncio.wait_for(bot.wait_until_ready(), 5)
    assert bot.user is not None and bot.user.id == world.server.bot_user_id
    assert bot.application_id == world.server.application_id
    guild = bot.get_guild(world.guild)
    assert guild is not None and guild.name == "Test Guild"
    assert guild.get_channel(world.channel).name == "general"  # type: ignore[union-attr]
    assert guild.default_role.permissions.send_messages
    assert {("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")} <= set(
        world.server.requests
    )
    assert world.server.identify_count == 1


async def test_wrong_token_raises_login_failure(world: World, run_bot: RunBot) -> None:
    _, task = await run_bot(token="wrong", wait=False)
    with pytest.raises(discord.LoginFailure):
        await asyncio.wait_for(task, 5)
    assert world.server.errors[0]["status"] == 401


async def test_rest_returns_exact_json_content_type(world: World) -> None:
    async with aiohttp.ClientSession() as session:
        url = world.server.api_base + "/users/@me"
        async with session.get(url, headers={"Authorization": f"Bot {TOKEN}"}) as resp:
            assert resp.headers["Content-Type"] == "application/json"
            assert (await resp.json())["id"] == str(world.server.bot_user_id)
        async with session.get(url, headers={"Authorization": "Bot nope"}) as resp:
            assert resp.status == 401
            assert await resp.json() == {"message": "401: Unauthorized", "code": 0}
        async with session.get(
            world.server.api_base + "/nothing/here", headers={"Authorization": f"Bot {TOKEN}"}
        ) as resp:
            assert resp.status == 404
    assert ("GET", "/nothing/here") in world.server.unknown_routes


async def test_command_sync_lands_in_server_commands(world: World, run_bot: RunBot) -> None:
    await run_bot()
    names = {c["name"] for c in world.server.commands["global"]}
    assert names == {"hello", "slow", "feedback", "whoami", "pick", "quiz"}
    assert world.server.command_puts == {"global": 1}
    quiz = world.server.find_command("quiz")
    start = quiz["options"][0]
    assert (start["name"], start["type"]) == ("start", 1)
    topic = next(o for o in start["options"] if o["name"] == "topic")
    assert topic["autocomplete"] is True


async def test_guild_command_sync(world: World, run_bot: RunBot) -> None:
    await run_bot(Bot(sync_guild=world.guild))
    assert world.server.command_puts == {world.guild: 1}
    assert {c["name"] for c in world.server.commands[world.guild]} >= {"hello", "quiz"}
    inter = await world.server.slash(world.guild, world.channel, world.alice, "hello")
    assert inter.payload["data"]["guild_id"] == str(world.guild)
    assert (await inter.wait_response(timeout=5))["type"] == 4


async def test_slash_embed_button_and_click(world: World, run_bot: RunBot) -> None:
    bot, _ = await run_bot()
    server = world.server
    inter = await server.slash(world.guild, world.channel, world.alice, "hello")
    body = await inter.wait_response(timeout=5)
    assert body["type"] == 4
    assert body["data"]["embeds"][0]["title"] == "Hello"
    button = body["data"]["components"][0]["components"][0]
    assert (button["custom_id"], button["label"]) == ("answer:a", "Answer A")
    original = inter.original
    assert original is not None and original["embeds"][0]["title"] == "Hello"
    msg = await server.wait_for_message(lambda m: m["kind"] == "response")
    assert msg["id"] == inter.original_id and msg["interaction_id"] == inter.id

    click = await server.click(world.channel, msg["id"], world.bob, "answer:a")
    assert (await click.wait_response(timeout=5))["type"] == 7
    edit = await server.wait_for_message(lambda m: m["kind"] == "edit")
    assert edit["id"] == msg["id"] and edit["content"] == "You picked A"
    assert edit["components"][0]["components"][0]["disabled"] is True
    assert bot.views[0].clicked_by == [world.bob]
    assert click.original is not None and click.original["content"] == "You picked A"
    with pytest.raises(ValueError, match="disabled"):
        await server.click(world.channel, msg["id"], world.bob, "answer:a")


async def test_defer_followup_and_original_edit(world: World, run_bot: RunBot) -> None:
    await run_bot()
    inter = await world.server.slash(world.guild, world.channel, world.alice, "slow")
    assert (await inter.wait_response(timeout=5))["type"] == 5
    await world.server.wait_for_message(lambda m: m["kind"] == "edit" and m["content"] == "done")
    assert [f["content"] for f in inter.followups] == ["follow-up text"]
    assert inter.original is not None and inter.original["content"] == "done"
    assert not inter.original["flags"] & (1 << 7)  # no longer "thinking"
    assert [m["kind"] for m in world.server.messages] == ["followup", "edit"]
    assert not inter.ephemeral


async def test_subcommand_allowed_mentions_and_autocomplete(world: World, run_bot: RunBot) -> None:
    await run_bot()
    server = world.server
    inter = await server.slash(
        world.guild,
        world.channel,
        world.alice,
        "quiz",
        subcommand="start",
        options={"questions": 3, "topic": "change-4"},
    )
    body = await inter.wait_response(timeout=5)
    assert body["data"]["content"].startswith("Starting 3 questions on change-4 for <@")
    rec = server.messages[-1]
    assert rec["allowed_mentions"] == {"parse": []}
    assert rec["mentions"] == []  # nobody pinged

    ac = await server.autocomplete(
        world.guild,
        world.channel,
        world.alice,
        "quiz",
        subcommand="start",
        options={"questions": 3},
        focused="topic",
        value="chang",
    )
    assert (await ac.wait_response(timeout=5))["type"] == 8
    assert [c["name"] for c in ac.choices] == ["change-3", "change-4", "change-5"]
    with pytest.raises(ValueError, match="missing required"):
        await server.slash(
            world.guild,
            world.channel,
            world.alice,
            "quiz",
            subcommand="start",
            options={"questions": 3},
        )


async def test_modal_round_trip(world: World, run_bot: RunBot) -> None:
    await run_bot()
    inter = await world.server.slash(world.guild, world.channel, world.alice, "feedback")
    body = await inter.wait_response(timeout=5)
    assert body["type"] == 9 and inter.modal is not None
    submit = await world.server.submit_modal(
        world.channel, world.alice, inter.modal["custom_id"], {"feedback_text": "great rover"}
    )
    reply = await submit.wait_response(timeout=5)
    assert reply["data"]["content"] == "Thanks: great rover"
    assert submit.ephemeral


async def test_member_permissions_reach_interaction(world: World, run_bot: RunBot) -> None:
    await run_bot()
    server = world.server
    a = await server.slash(world.guild, world.channel, world.alice, "whoami")
    b = await server.slash(world.guild, world.channel, world.bob, "whoami")
    assert (await a.wait_response(timeout=5))["data"]["content"] == (
        "manage_guild=True guild=Test Guild"
    )
    assert (await b.wait_response(timeout=5))["data"]["content"].startswith("manage_guild=False")


async def test_message_create_reaches_on_message(world: World, run_bot: RunBot) -> None:
    bot, _ = await run_bot()
    server = world.server
    await server.send_message(world.channel, world.alice, "ping")
    reply = await server.wait_for_message(lambda m: m["content"].startswith("pong"), timeout=5)
    assert bot.seen[0].content == "ping" and bot.seen[0].author.id == world.alice
    assert reply["kind"] == "message" and reply["channel_id"] == world.channel
    assert reply["allowed_mentions"] == {"parse": ["everyone", "roles"], "replied_user": True}
    assert reply["mentions"] == []  # users were not allowed to be pinged

    dm = server.dm_channel(world.bob)
    await server.send_message(dm, world.bob, "ping")
    reply = await server.wait_for_message(lambda m: m["channel_id"] == dm, timeout=5)
    assert reply["content"] == f"pong <@{world.bob}>"
    assert isinstance(bot.seen[1].channel, discord.DMChannel)


async def test_content_stripped_without_message_content_intent(
    world: World, run_bot: RunBot
) -> None:
    bot, _ = await run_bot(Bot(message_content=False))
    server = world.server
    await server.send_message(world.channel, world.alice, "secret")
    await server.send_message(world.channel, world.alice, f"<@{server.bot_user_id}> hi")
    await server.send_message(server.dm_channel(world.alice), world.alice, "dm text")
    await server.wait_until(lambda: len(bot.seen) == 3, timeout=5)
    assert [m.content for m in bot.seen] == ["", f"<@{server.bot_user_id}> hi", "dm text"]


async def test_privileged_intent_refused_with_4014(run_bot: RunBot, world: World) -> None:
    world.server.allow_message_content = False
    with pytest.raises(discord.PrivilegedIntentsRequired):
        await run_bot()
    assert 4014 in world.server.close_codes


async def test_limits_and_unknown_routes_are_reported(world: World, run_bot: RunBot) -> None:
    bot, _ = await run_bot()
    channel = bot.get_channel(world.channel)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as info:
        await channel.send("x" * 2001)
    assert info.value.code == 50035
    with pytest.raises(discord.NotFound):
        await channel.create_webhook(name="nope")
    assert ("POST", f"/channels/{world.channel}/webhooks") in world.server.unknown_routes
    sent = await channel.send("fine")
    fetched = await channel.fetch_message(sent.id)
    assert fetched.content == "fine" and fetched.author.id == world.server.bot_user_id
    await sent.edit(content="edited")
    await sent.delete()
    assert [m["kind"] for m in world.server.messages] == ["message", "edit"]
    assert world.server.deleted[0]["id"] == sent.id


async def test_dm_select_file_followup_and_resume(world: World, run_bot: RunBot) -> None:
    await run_bot()
    server = world.server
    dm = server.dm_channel(world.alice)
    inter = await server.slash(None, dm, world.alice, "pick")
    await inter.wait_response(timeout=5)
    assert "guild_id" not in inter.payload and inter.payload["context"] == 1
    [note] = await inter.wait_followups(1, timeout=5)
    assert note["flags"] & 64 and note["attachments"][0]["filename"] == "facts.txt"
    assert server.messages[-1]["files"] == [{"filename": "facts.txt", "data": b"Queqiao"}]

    server.request_reconnect()  # op 7: discord.py reconnects and RESUMEs
    await server.wait_until(lambda: server.resume_count == 1, timeout=5)
    select = await server.click(dm, inter.original_id, world.alice, "pick", values=["ce4"])
    assert (await select.wait_response(timeout=5))["type"] == 6
    edit = await server.wait_for_message(lambda m: m["content"] == "picked ce4", timeout=5)
    assert edit["kind"] == "edit" and edit["components"] == []
    assert server.identify_count == 1


async def test_restarted_bot_reconnects_and_keeps_command_ids(
    world: World, run_bot: RunBot
) -> None:
    server = world.server
    first, _ = await run_bot()
    ids = {c["name"]: c["id"] for c in server.commands["global"]}
    await first.close()
    await server.wait_until(lambda: not server.ready, timeout=5)
    await run_bot()  # waits for the new session's READY, not the old one's
    assert server.identify_count == 2 and server.command_puts == {"global": 2}
    assert {c["name"]: c["id"] for c in server.commands["global"]} == ids
    inter = await server.slash(world.guild, world.channel, world.alice, "hello")
    assert (await inter.wait_response(timeout=5))["type"] == 4
