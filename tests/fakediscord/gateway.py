"""The gateway websocket: HELLO / IDENTIFY / READY / GUILD_CREATE / heartbeats / RESUME.

Frames are plain JSON text (discord.py accepts text frames even when it asked for
``compress=zlib-stream``; only binary frames are decompressed).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .state import DM, World
from .web_common import FAKE_KEY

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE_STATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11

GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
GUILD_MESSAGE_REACTIONS = 1 << 10
GUILD_MESSAGE_TYPING = 1 << 11
DIRECT_MESSAGES = 1 << 12
DIRECT_MESSAGE_REACTIONS = 1 << 13
DIRECT_MESSAGE_TYPING = 1 << 14
MESSAGE_CONTENT = 1 << 15

# event name -> (intent needed in a guild, intent needed in a DM); None = always sent
_EVENT_INTENTS: dict[str, tuple[int, int]] = {
    "MESSAGE_CREATE": (GUILD_MESSAGES, DIRECT_MESSAGES),
    "MESSAGE_UPDATE": (GUILD_MESSAGES, DIRECT_MESSAGES),
    "MESSAGE_DELETE": (GUILD_MESSAGES, DIRECT_MESSAGES),
    "MESSAGE_REACTION_ADD": (GUILD_MESSAGE_REACTIONS, DIRECT_MESSAGE_REACTIONS),
    "MESSAGE_REACTION_REMOVE": (GUILD_MESSAGE_REACTIONS, DIRECT_MESSAGE_REACTIONS),
    "TYPING_START": (GUILD_MESSAGE_TYPING, DIRECT_MESSAGE_TYPING),
    "GUILD_MEMBER_ADD": (GUILD_MEMBERS, GUILD_MEMBERS),
    "GUILD_MEMBER_UPDATE": (GUILD_MEMBERS, GUILD_MEMBERS),
    "GUILD_MEMBER_REMOVE": (GUILD_MEMBERS, GUILD_MEMBERS),
}
_CLOSE = object()


def guild_create_payload(world: World, guild_id: int, *, all_members: bool) -> dict[str, Any]:
    """GUILD_CREATE as sent after READY; without GUILD_MEMBERS only the bot is listed."""
    guild = world.guild(guild_id)
    member_ids = list(guild.members) if all_members else [world.bot.id]
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": list(guild.roles.values()),
        "channels": [world.channel_payload(c) for c in guild.channel_ids],
        "threads": [],
        "members": [world.member_payload(guild.id, uid) for uid in member_ids],
        "member_count": len(guild.members),
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "joined_at": guild.joined_at,
        "large": False,
        "unavailable": False,
        "lazy": True,
        "premium_progress_bar_enabled": False,
    }


class GatewaySession:
    """One websocket connection from the bot."""

    def __init__(self, server: FakeDiscord, ws: web.WebSocketResponse) -> None:
        self.server = server
        self.ws = ws
        self.session_id: str | None = None
        self.intents = 0
        self.seq = 0
        self.identified = False
        self.ready = False
        self.shard: tuple[int, int] = (0, 1)
        self.identify_payload: dict[str, Any] | None = None
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None

    # ----- outgoing ---------------------------------------------------------------------------
    def send(self, payload: dict[str, Any]) -> None:
        self._queue.put_nowait(payload)

    def close(self, code: int, reason: str = "") -> None:
        self._queue.put_nowait((_CLOSE, code, reason))

    def dispatch(self, event: str, data: dict[str, Any]) -> bool:
        """Queue a DISPATCH if this session receives ``event``; returns whether it was sent."""
        if not self.identified or not self.wants(event, data):
            return False
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            data = self.filter_content(data)
        self.seq += 1
        self.send({"op": DISPATCH, "t": event, "s": self.seq, "d": data})
        return True

    def wants(self, event: str, data: dict[str, Any]) -> bool:
        gid = data.get("guild_id")
        if gid is not None and not self.owns_guild(int(gid)):
            return False
        needed = _EVENT_INTENTS.get(event)
        if needed is None:
            return True
        return bool(self.intents & (needed[0] if gid is not None else needed[1]))

    def owns_guild(self, guild_id: int) -> bool:
        shard_id, count = self.shard
        return (guild_id >> 22) % count == shard_id

    def filter_content(self, msg: dict[str, Any]) -> dict[str, Any]:
        """Strip content as Discord does for bots without the MESSAGE_CONTENT intent."""
        if self.intents & MESSAGE_CONTENT:
            return msg
        bot_id = str(self.server.world.bot.id)
        author = (msg.get("author") or {}).get("id")
        channel = self.server.world.channels.get(int(msg["channel_id"]))
        is_dm = channel is not None and channel.type == DM
        mentioned = any(u.get("id") == bot_id for u in msg.get("mentions") or [])
        if is_dm or author == bot_id or mentioned:
            return msg
        stripped = dict(msg)
        stripped.update(content="", embeds=[], attachments=[], components=[])
        stripped.pop("poll", None)
        return stripped

    async def _write_loop(self) -> None:
        while True:
            item = await self._queue.get()
            if isinstance(item, tuple) and item and item[0] is _CLOSE:
                if not self.ws.closed:
                    self.server.gateway_closed(item[1])
                    await self.ws.close(code=item[1], message=item[2].encode())
                return
            try:
                await self.ws.send_str(json.dumps(item))
            except (ConnectionError, RuntimeError):
                return

    # ----- incoming ---------------------------------------------------------------------------
    async def run(self) -> None:
        interval = int(self.server.heartbeat_interval * 1000)
        self.send({"op": HELLO, "d": {"heartbeat_interval": interval}, "s": None, "t": None})
        self._writer = asyncio.create_task(self._write_loop())
        try:
            async for msg in self.ws:
                if msg.type != WSMsgType.TEXT:
                    if msg.type == WSMsgType.BINARY:
                        self.close(4002, "Error while decoding payload.")
                    continue
                try:
                    payload = json.loads(msg.data)
                except ValueError:
                    self.close(4002, "Error while decoding payload.")
                    continue
                self.server.gateway_log.append(payload)
                await self.handle(payload)
        finally:
            self.identified = self.ready = False
            self.server.notify()
            if self._writer is not None and not self._writer.done():
                # let queued frames (e.g. a close) go out, then stop
                with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                    self._queue.put_nowait((_CLOSE, 1000, ""))
                    await asyncio.wait_for(asyncio.shield(self._writer), 1)
                self._writer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._writer

    async def handle(self, payload: dict[str, Any]) -> None:
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            self.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            self.identify(data or {})
        elif op == RESUME:
            self.resume(data or {})
        elif not self.identified:
            self.close(4003, "Not authenticated.")
        elif op == PRESENCE:
            self.server.presence = data
        elif op == REQUEST_MEMBERS:
            self.request_members(data or {})
        elif op == VOICE_STATE:
            pass
        else:
            self.close(4001, "Unknown opcode.")

    def identify(self, data: dict[str, Any]) -> None:
        server = self.server
        if self.identified:
            self.close(4005, "Already authenticated.")
            return
        if data.get("token") != server.token:
            self.close(4004, "Authentication failed.")
            return
        intents = int(data.get("intents", 0))
        disallowed = (
            (intents & MESSAGE_CONTENT and not server.allow_message_content)
            or (intents & GUILD_MEMBERS and not server.allow_members)
            or (intents & GUILD_PRESENCES and not server.allow_presences)
        )
        if disallowed:
            self.close(4014, "Disallowed intent(s).")
            return
        if "shard" in data:
            shard_id, count = data["shard"]
            self.shard = (int(shard_id), int(count))
        self.identify_payload = data
        self.intents = intents
        self.session_id = secrets.token_hex(16)
        self.identified = True
        server.identify_count += 1
        server.sessions_by_id[self.session_id] = self
        world = server.world
        guild_ids = [g for g in world.guilds if self.owns_guild(g)]
        user = world.bot.payload() | {"verified": True, "mfa_enabled": False, "email": None}
        ready: dict[str, Any] = {
            "v": 10,
            "user": user,
            "guilds": [{"id": str(g), "unavailable": True} for g in guild_ids],
            "session_id": self.session_id,
            "session_type": "normal",
            "resume_gateway_url": server.gateway_url,
            "application": {"id": str(world.application_id), "flags": server.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
        }
        if "shard" in data:
            ready["shard"] = list(self.shard)
        self.dispatch("READY", ready)
        all_members = bool(intents & GUILD_MEMBERS)
        for gid in guild_ids:
            self.dispatch("GUILD_CREATE", guild_create_payload(world, gid, all_members=all_members))
        self.ready = True
        server.notify()

    def resume(self, data: dict[str, Any]) -> None:
        old = self.server.sessions_by_id.get(str(data.get("session_id")))
        if old is None or data.get("token") != self.server.token:
            self.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        self.session_id, self.intents, self.shard = old.session_id, old.intents, old.shard
        self.seq = max(old.seq, int(data.get("seq") or 0))
        self.identified = True
        self.server.sessions_by_id[str(self.session_id)] = self
        self.server.resume_count += 1
        self.dispatch("RESUMED", {})
        self.ready = True
        self.server.notify()

    def request_members(self, data: dict[str, Any]) -> None:
        world = self.server.world
        gids = data.get("guild_id")
        for gid in gids if isinstance(gids, list) else [gids]:
            guild = world.guilds.get(int(gid))
            if guild is None:
                continue
            wanted = [int(u) for u in data.get("user_ids") or []] or list(guild.members)
            query = (data.get("query") or "").lower()
            found = [
                u
                for u in wanted
                if u in guild.members and world.user(u).name.lower().startswith(query)
            ]
            limit = int(data.get("limit") or 0)
            if limit:
                found = found[:limit]
            chunk: dict[str, Any] = {
                "guild_id": str(guild.id),
                "members": [world.member_payload(guild.id, u) for u in found],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [str(u) for u in wanted if u not in guild.members],
            }
            if data.get("nonce"):
                chunk["nonce"] = data["nonce"]
            self.dispatch("GUILD_MEMBERS_CHUNK", chunk)


async def gateway_handler(request: web.Request) -> web.WebSocketResponse:
    server: FakeDiscord = request.app[FAKE_KEY]
    ws = web.WebSocketResponse(max_msg_size=0, autoclose=True)
    await ws.prepare(request)
    session = GatewaySession(server, ws)
    server.gateway_sessions.append(session)
    try:
        await session.run()
    finally:
        server.gateway_sessions.remove(session)
    return ws
