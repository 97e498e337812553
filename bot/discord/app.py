"""`yutu run`: the Discord bot. One Bot subclass; the database and facts are passed in."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import Callable

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.config import Settings
from bot.discord.cogs import EXTENSIONS
from bot.errors import ConfigError, YutuError
from bot.knowledge.answer import Answerer
from bot.knowledge.model import KnowledgeBase
from bot.service import Yutu
from bot.storage import Store, open_storage

log = logging.getLogger(__name__)
DAILY_EVERY = 30.0

NO_TOKEN = (
    "No DISCORD_TOKEN is set. Create a bot at https://discord.com/developers/applications "
    "(Bot tab, Reset Token), put the token in .env as DISCORD_TOKEN=..., "
    "or try Yutu offline with `yutu chat`."
)
BAD_TOKEN = (
    "Discord rejected the token in DISCORD_TOKEN. Copy a fresh one from "
    "https://discord.com/developers/applications (Bot tab, Reset Token) into .env, "
    "or try Yutu offline with `yutu chat`."
)
NO_INTENT = (
    "Discord refused the Message Content intent. Typed quiz answers are off and games use "
    "buttons. To allow typed answers, enable Message Content Intent in the Developer Portal "
    "(Bot tab, Privileged Gateway Intents), or set YUTU_MESSAGE_CONTENT=false to silence this."
)


class YutuBot(commands.AutoShardedBot):
    def __init__(
        self,
        settings: Settings,
        kb: KnowledgeBase,
        storage: Store,
        *,
        message_content: bool,
        answerer: Answerer | None = None,
        wall: Callable[[], float] = time.time,
        daily_every: float = DAILY_EVERY,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            # the shards this process serves (YUTU_SHARDS / --shards), or all of them;
            # a count of None asks Discord for its recommended number
            shard_ids=list(settings.shards) if settings.shards is not None else None,
            shard_count=settings.shard_count,
        )
        self.settings = settings
        self.kb = kb
        self.storage = storage
        self.yutu = Yutu(kb, storage, answerer=answerer, reveal_pause=settings.reveal_pause,
                         wall=wall)  # fmt: skip
        self.daily_every = daily_every  # seconds between looks for a due daily question

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.settings.shards is None or 0 in self.settings.shards:
            await self.sync_commands()  # one process syncs: the one holding shard 0

    async def on_message(self, message: discord.Message, /) -> None:
        """Cogs listen for messages themselves; there are no prefix commands."""

    async def sync_commands(self) -> None:
        """Sync slash commands to the development guild (instant) or globally, only when the
        command tree differs from the last one synced for this application."""
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        payload = [c.to_dict(self.tree) for c in self.tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        key = f"commands:{self.application_id}:{guild.id if guild else 'global'}"
        if await self.storage.get_meta(key) == digest:
            log.info("slash commands unchanged; not syncing")
            return
        try:
            synced = await self.tree.sync(guild=guild)
        except discord.HTTPException as exc:
            where = f"server {guild.id} (YUTU_DEV_GUILD_ID)" if guild else "Discord"
            hint = (
                " Check that the bot was invited to it with the applications.commands scope."
                if isinstance(exc, discord.Forbidden | discord.NotFound)
                else " Try again in a moment."
            )
            raise ConfigError(
                f"Could not register slash commands with {where}: {exc.text or exc}.{hint}"
            ) from None
        await self.storage.set_meta(key, digest)
        log.info("synced %d slash commands %s", len(synced),
                 f"to guild {guild.id}" if guild else "globally")  # fmt: skip

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))


def point_at(settings: Settings) -> None:
    """Aim discord.py at the configured REST base and gateway (for proxies; once, at start)."""
    discord.http.Route.BASE = settings.api_base
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


async def _serve(bot: YutuBot, token: str, stop: asyncio.Event) -> None:
    """Run until `stop` is set or the connection fails; end running games as interrupted."""
    async with bot:
        runner = asyncio.create_task(bot.start(token))
        stopper = asyncio.create_task(stop.wait())
        try:
            done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if runner in done:
                runner.result()
        finally:
            stopper.cancel()
            interrupted = await bot.yutu.close()
            if interrupted:
                log.info("%d running game(s) ended as interrupted", interrupted)
            await bot.close()
            if not runner.done():
                runner.cancel()


async def run(
    settings: Settings,
    kb: KnowledgeBase,
    stop: asyncio.Event | None = None,
    *,
    wall: Callable[[], float] = time.time,
    daily_every: float = DAILY_EVERY,
) -> None:
    """Connect to Discord and serve until `stop` is set; a YutuError says what went wrong.
    `wall` (the clock for dates and the daily question) and `daily_every` are for tests."""
    if not settings.token:
        raise ConfigError(NO_TOKEN)
    stop = stop or asyncio.Event()
    point_at(settings)
    answerer = Answerer(kb)
    async with await open_storage(settings.database, exclusive=True,
                                  shards=settings.shards) as storage:  # fmt: skip
        # only the games of this process's shards: other processes may be running theirs
        interrupted = await storage.mark_interrupted(
            wall(), shards=settings.shards, shard_count=settings.shard_count or 1
        )
        if interrupted:
            log.info("%d unfinished game(s) marked interrupted; their points are kept",
                     interrupted)  # fmt: skip
        message_content = settings.message_content
        while True:
            bot = YutuBot(settings, kb, storage, message_content=message_content,
                          answerer=answerer, wall=wall, daily_every=daily_every)  # fmt: skip
            try:
                await _serve(bot, settings.token, stop)
                return
            except discord.PrivilegedIntentsRequired:
                if not message_content:
                    raise
                log.warning(NO_INTENT)
                message_content = False
            except discord.LoginFailure:
                raise ConfigError(BAD_TOKEN) from None
            except (aiohttp.ClientConnectionError, OSError) as exc:
                raise YutuError(f"Could not reach Discord at {settings.api_base}: {exc}") from None
