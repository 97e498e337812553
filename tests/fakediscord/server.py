"""``FakeDiscord``: lifecycle, world setup, waiting helpers and gateway dispatch.

User actions live in ``actions.py``, the effects of the bot's REST calls in ``posts.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .actions import UserActions
from .gateway import GUILD_MEMBERS, GatewaySession, gateway_handler, guild_create_payload
from .interactions import InteractionRecord
from .posts import BotPosts
from .rest import make_routes
from .state import World
from .web_common import FAKE_KEY, api_middleware

FATAL_CLOSE_CODES = (4004, 4010, 4011, 4012, 4013, 4014)


class FakeDiscord(UserActions, BotPosts):
    """A Discord-compatible REST + gateway server on 127.0.0.1 for discord.py end-to-end tests."""

    def __init__(
        self,
        token: str = "test-token",
        *,
        allow_message_content: bool = True,
        allow_members: bool = True,
        allow_presences: bool = True,
        bot_name: str = "FakeBot",
        heartbeat_interval: float = 41.25,
        echo_bot_messages: bool = True,
        interaction_deadline: float | None = None,
        recommended_shards: int = 1,
    ) -> None:
        self.token = token
        self.allow_message_content = allow_message_content
        self.allow_members = allow_members
        self.allow_presences = allow_presences
        self.heartbeat_interval = heartbeat_interval
        self.echo_bot_messages = echo_bot_messages
        # like Discord's 3 s rule: a callback later than this gets 404 Unknown interaction
        self.interaction_deadline = interaction_deadline
        # what GET /gateway/bot recommends to an auto-sharded bot that picks no count
        self.recommended_shards = recommended_shards
        self.world = World(bot_name)
        self.port = 0
        # what the bot did
        self.messages: list[dict[str, Any]] = []
        self.deleted: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str]] = []
        self.unknown_routes: list[tuple[str, str]] = []
        self.errors: list[dict[str, Any]] = []
        self.commands: dict[str | int, list[dict[str, Any]]] = {"global": []}
        self.command_puts: dict[str | int, int] = {}
        self.reactions: list[dict[str, Any]] = []
        self.typing: list[int] = []
        self.presence: Any = None
        # what the tests did
        self.user_messages: list[dict[str, Any]] = []
        self.interactions: list[InteractionRecord] = []
        self.interactions_by_token: dict[str, InteractionRecord] = {}
        self.modals: dict[str, tuple[dict[str, Any], InteractionRecord]] = {}
        # gateway
        self.gateway_sessions: list[GatewaySession] = []
        self.sessions_by_id: dict[str, GatewaySession] = {}
        self.gateway_log: list[dict[str, Any]] = []
        self.close_codes: list[int] = []
        self.identify_count = 0
        self.resume_count = 0
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._undo_patch: Callable[[], None] | None = None

    # ----- lifecycle --------------------------------------------------------------------------
    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def bot_user_id(self) -> int:
        return self.world.bot.id

    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def application_flags(self) -> int:
        return (
            (1 << 19 if self.allow_message_content else 0)
            | (1 << 15 if self.allow_members else 0)
            | (1 << 13 if self.allow_presences else 0)
            | (1 << 23)
        )

    async def start(self) -> None:
        app = web.Application(middlewares=[api_middleware], client_max_size=64 * 1024 * 1024)
        app[FAKE_KEY] = self
        app.router.add_get("/gateway", gateway_handler)
        app.add_routes(make_routes(self))
        app.router.add_get("/attachments/{aid}/{filename}", self._serve_file)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        site = web.SockSite(self._runner, sock)
        await site.start()
        self.port = sock.getsockname()[1]
        self.world.cdn_base = f"http://127.0.0.1:{self.port}/attachments"

    async def _serve_file(self, request: web.Request) -> web.Response:
        """Attachments, as Discord's CDN serves them (no token needed)."""
        data = self.world.files.get(int(request.match_info["aid"]))
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    async def stop(self) -> None:
        """Close gateway sockets and the HTTP server. Close the bot first (it would reconnect)."""
        for session in list(self.gateway_sessions):
            session.close(1001, "Server stopping.")
        with contextlib.suppress(TimeoutError):
            await self.wait_until(lambda: not self.gateway_sessions, timeout=2)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._undo_patch is not None:
            self._undo_patch()
            self._undo_patch = None

    def patch_discord(self) -> Callable[[], None]:
        """Point discord.py's ``Route.BASE`` and ``DEFAULT_GATEWAY`` here; returns an undo.

        ``stop()`` undoes it too. Only for tests that do not go through the project's own setup.
        """
        import discord.gateway
        import discord.http
        import yarl

        old = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

        def undo() -> None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old

        self._undo_patch = undo
        return undo

    # ----- waiting ----------------------------------------------------------------------------
    def notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 10) -> None:  # noqa: ASYNC109
        """Wait until ``predicate()`` is true: re-checked on every server change and every 20 ms
        (so it may also look at the bot's own state)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout}s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.02))

    @property
    def ready(self) -> bool:
        """True while a connected session has been sent READY + GUILD_CREATEs (or RESUMED)."""
        return any(s.ready for s in self.gateway_sessions)

    @property
    def ready_shards(self) -> set[int]:
        """The shard ids of the connected, ready sessions (0 for a bot that does not shard)."""
        return {s.shard[0] for s in self.gateway_sessions if s.ready}

    async def wait_shards_ready(self, shard_ids: set[int], timeout: float = 30) -> None:  # noqa: ASYNC109
        """Wait until a ready session serves each of `shard_ids` (from one or more bots)."""
        try:
            await self.wait_until(lambda: shard_ids <= self.ready_shards, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"shards {sorted(shard_ids - self.ready_shards)} not ready within {timeout}s"
            ) from None

    def gateway_closed(self, code: int) -> None:
        self.close_codes.append(code)
        self.notify()

    async def wait_ready(self, timeout: float = 10) -> None:  # noqa: ASYNC109
        """Wait until a connected bot IDENTIFYed and was sent READY + every GUILD_CREATE.

        Raises RuntimeError at once if, meanwhile, the gateway refuses the bot with a fatal
        close code (4004 bad token, 4014 disallowed intents, ...).
        """
        baseline = len(self.close_codes)

        def done() -> bool:
            fatal = [c for c in self.close_codes[baseline:] if c in FATAL_CLOSE_CODES]
            if fatal:
                raise RuntimeError(f"gateway closed the bot with code {fatal[-1]}")
            return self.ready

        try:
            await self.wait_until(done, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"bot not ready within {timeout}s; requests={self.requests!r} "
                f"errors={self.errors!r}"
            ) from None

    async def wait_for_message(
        self,
        predicate: Callable[[dict[str, Any]], Any] | None = None,
        timeout: float = 10,  # noqa: ASYNC109
        since: int = 0,
    ) -> dict[str, Any]:
        """First record in ``messages[since:]`` matching ``predicate`` (waits for new ones)."""
        found: list[dict[str, Any]] = []

        def check() -> bool:
            for rec in self.messages[since:]:
                if predicate is None or predicate(rec):
                    found.append(rec)
                    return True
            return False

        try:
            await self.wait_until(check, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"no matching bot message within {timeout}s; got {len(self.messages) - since} "
                f"new message(s); errors={self.errors!r} unknown_routes={self.unknown_routes!r}"
            ) from None
        return found[0]

    def mark(self) -> int:
        """Index to pass as ``since=`` to only see messages recorded from now on."""
        return len(self.messages)

    # ----- world setup ------------------------------------------------------------------------
    def add_guild(
        self,
        name: str = "Test Guild",
        *,
        owner_id: int | None = None,
        everyone_permissions: int | None = None,
        shard: tuple[int, int] | None = None,
    ) -> int:
        """A new server; with `shard=(id, count)` its id puts it on that gateway shard (a
        server belongs to shard (id >> 22) % count, and only that shard's connection gets
        its GUILD_CREATE and events)."""
        gid = self.world.add_guild(name, owner_id, everyone_permissions, shard)
        for session in self.gateway_sessions:  # joined while connected
            if session.identified and session.owns_guild(gid):
                members = bool(session.intents & GUILD_MEMBERS)
                data = guild_create_payload(self.world, gid, all_members=members)
                del data["unavailable"]  # discord.py: absent -> on_guild_join, False -> available
                session.dispatch("GUILD_CREATE", data)
        return gid

    def add_channel(self, guild_id: int, name: str = "general", *, topic: str | None = None) -> int:
        cid = self.world.add_channel(int(guild_id), name, topic)
        self.dispatch("CHANNEL_CREATE", self.world.channel_payload(cid))
        return cid

    def add_user(self, name: str, bot: bool = False) -> int:
        return self.world.add_user(name, bot)

    def add_role(self, guild_id: int, name: str, permissions: int = 0) -> int:
        return self.world.add_role(int(guild_id), name, permissions)

    def add_member(
        self,
        guild_id: int,
        user_id: int,
        permissions: int | None = None,
        *,
        roles: list[int] | None = None,
        nick: str | None = None,
    ) -> None:
        """Add a member; ``permissions`` (bit int) overrides role-computed permissions."""
        gid, uid = int(guild_id), int(user_id)
        self.world.add_member(gid, uid, permissions, roles, nick)
        member = self.world.member_payload(gid, uid) | {"guild_id": str(gid)}
        self.dispatch("GUILD_MEMBER_ADD", member)

    def dm_channel(self, user_id: int) -> int:
        return self.world.dm_channel(int(user_id))

    # ----- gateway dispatch -------------------------------------------------------------------
    def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Send an event to every identified session; returns how many got it."""
        return sum(s.dispatch(event, data) for s in list(self.gateway_sessions))

    def request_reconnect(self) -> None:
        """Send op 7 RECONNECT to every session: discord.py reconnects and RESUMEs."""
        for session in self.gateway_sessions:
            session.send({"op": 7, "d": None, "s": None, "t": None})
