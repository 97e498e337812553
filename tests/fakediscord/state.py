"""In-memory world of the fake Discord: users, guilds, channels, members, messages.

Everything is kept with ``int`` ids; ``*_payload`` methods render Discord's JSON shapes
(string snowflakes) as API v10 sends them.
"""

from __future__ import annotations

import datetime
import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits used below.
ADMINISTRATOR = 1 << 3
ALL_PERMISSIONS = (1 << 51) - 1
DEFAULT_EVERYONE_PERMISSIONS = (
    (1 << 0)  # create instant invite
    | (1 << 6)  # add reactions
    | (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 18)  # use external emojis
    | (1 << 31)  # use application commands
    | (1 << 38)  # send messages in threads
)
BOT_PERMISSIONS = ALL_PERMISSIONS & ~ADMINISTRATOR

# Channel types
GUILD_TEXT = 0
DM = 1
PUBLIC_THREAD = 11

USER_MENTION_RE = re.compile(r"<@!?(\d+)>")
ROLE_MENTION_RE = re.compile(r"<@&(\d+)>")


class Snowflakes:
    """Generates increasing snowflakes whose timestamp part is "now"."""

    def __init__(self) -> None:
        self._last = 0
        self._worker = itertools.count()

    def next(self) -> int:
        value = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        value |= next(self._worker) & 0xFFF
        if value <= self._last:
            value = self._last + 1
        self._last = value
        return value

    def next_in_shard(self, shard_id: int, shard_count: int) -> int:
        """A snowflake of a server whose events go to gateway shard `shard_id` of
        `shard_count`: (id >> 22) % shard_count == shard_id (its timestamp moved forward
        by less than `shard_count` ms)."""
        value = self.next()
        stamp = value >> 22
        stamp += (shard_id - stamp) % shard_count
        value = (stamp << 22) | (value & ((1 << 22) - 1))
        self._last = max(self._last, value)
        return value


def iso_now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


@dataclass
class FakeUser:
    id: int
    name: str
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": None if self.bot else self.name,
            "avatar": None,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class FakeMember:
    user_id: int
    roles: list[int] = field(default_factory=list)
    permissions: int | None = None
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)


@dataclass
class FakeChannel:
    id: int
    name: str
    type: int = GUILD_TEXT
    guild_id: int | None = None
    position: int = 0
    topic: str | None = None
    recipient_id: int | None = None
    parent_id: int | None = None  # a thread's channel


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS
    roles: dict[int, dict[str, Any]] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    members: dict[int, FakeMember] = field(default_factory=dict)
    joined_at: str = field(default_factory=iso_now)


class World:
    """All entities the fake server knows about."""

    def __init__(self, bot_name: str = "FakeBot") -> None:
        self.ids = Snowflakes()
        self.application_id = self.ids.next()
        self.owner = FakeUser(self.ids.next(), "app-owner")
        self.bot = FakeUser(self.application_id, bot_name, bot=True)
        self.users: dict[int, FakeUser] = {self.bot.id: self.bot, self.owner.id: self.owner}
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.dm_by_user: dict[int, int] = {}
        # attachment id -> bytes, served at cdn_base (uploads by users and by the bot)
        self.files: dict[int, bytes] = {}
        self.cdn_base = "http://127.0.0.1:0/attachments"

    # ----- creation -------------------------------------------------------------------------
    def add_user(self, name: str, bot: bool = False) -> int:
        user = FakeUser(self.ids.next(), name, bot=bot)
        self.users[user.id] = user
        return user.id

    def add_guild(
        self,
        name: str,
        owner_id: int | None = None,
        everyone_permissions: int | None = None,
        shard: tuple[int, int] | None = None,
    ) -> int:
        gid = self.ids.next() if shard is None else self.ids.next_in_shard(*shard)
        guild = FakeGuild(gid, name, owner_id or self.owner.id)
        if everyone_permissions is not None:
            guild.everyone_permissions = everyone_permissions
        guild.roles[gid] = self._role(gid, "@everyone", guild.everyone_permissions, 0)
        self.guilds[gid] = guild
        guild.members[self.bot.id] = FakeMember(self.bot.id, permissions=BOT_PERMISSIONS)
        return gid

    def add_role(self, guild_id: int, name: str, permissions: int = 0) -> int:
        guild = self.guild(guild_id)
        rid = self.ids.next()
        guild.roles[rid] = self._role(rid, name, permissions, len(guild.roles))
        return rid

    @staticmethod
    def _role(rid: int, name: str, permissions: int, position: int) -> dict[str, Any]:
        return {
            "id": str(rid),
            "name": name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": position,
            "permissions": str(permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }

    def add_channel(self, guild_id: int, name: str, topic: str | None = None) -> int:
        guild = self.guild(guild_id)
        cid = self.ids.next()
        self.channels[cid] = FakeChannel(
            cid, name, GUILD_TEXT, guild_id, position=len(guild.channel_ids), topic=topic
        )
        guild.channel_ids.append(cid)
        return cid

    def add_thread(self, parent_id: int, name: str) -> int:
        """A public thread under a text channel (not listed among the guild's channels)."""
        parent = self.channel(parent_id)
        tid = self.ids.next()
        self.channels[tid] = FakeChannel(tid, name, PUBLIC_THREAD, parent.guild_id,
                                         parent_id=parent_id)  # fmt: skip
        return tid

    def add_member(
        self,
        guild_id: int,
        user_id: int,
        permissions: int | None = None,
        roles: list[int] | None = None,
        nick: str | None = None,
    ) -> FakeMember:
        guild = self.guild(guild_id)
        self.user(user_id)
        member = FakeMember(user_id, list(roles or []), permissions, nick)
        guild.members[user_id] = member
        return member

    def dm_channel(self, user_id: int) -> int:
        self.user(user_id)
        if user_id not in self.dm_by_user:
            cid = self.ids.next()
            self.channels[cid] = FakeChannel(cid, "", DM, recipient_id=user_id)
            self.dm_by_user[user_id] = cid
        return self.dm_by_user[user_id]

    # ----- lookups --------------------------------------------------------------------------
    def user(self, user_id: int) -> FakeUser:
        try:
            return self.users[int(user_id)]
        except KeyError:
            raise ValueError(f"unknown user {user_id}; call add_user() first") from None

    def guild(self, guild_id: int) -> FakeGuild:
        try:
            return self.guilds[int(guild_id)]
        except KeyError:
            raise ValueError(f"unknown guild {guild_id}; call add_guild() first") from None

    def channel(self, channel_id: int) -> FakeChannel:
        try:
            return self.channels[int(channel_id)]
        except KeyError:
            raise ValueError(f"unknown channel {channel_id}; add_channel()/dm_channel()") from None

    def member_permissions(self, guild_id: int, user_id: int) -> int:
        guild = self.guild(guild_id)
        member = guild.members.get(user_id)
        if member is not None and member.permissions is not None:
            perms = member.permissions
        else:
            perms = guild.everyone_permissions
            for rid in member.roles if member else []:
                perms |= int(guild.roles[rid]["permissions"])
        if perms & ADMINISTRATOR or guild.owner_id == user_id:
            return ALL_PERMISSIONS
        return perms

    # ----- payloads -------------------------------------------------------------------------
    def member_payload(
        self, guild_id: int, user_id: int, *, with_user: bool = True, with_permissions: bool = False
    ) -> dict[str, Any]:
        guild = self.guild(guild_id)
        member = guild.members.get(user_id) or FakeMember(user_id)
        data: dict[str, Any] = {
            "roles": [str(r) for r in member.roles],
            "nick": member.nick,
            "avatar": None,
            "banner": None,
            "joined_at": member.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user(user_id).payload()
        if with_permissions:
            data["permissions"] = str(self.member_permissions(guild_id, user_id))
        return data

    def channel_payload(self, channel_id: int) -> dict[str, Any]:
        ch = self.channel(channel_id)
        if ch.type == DM:
            assert ch.recipient_id is not None
            return {
                "id": str(ch.id),
                "type": DM,
                "last_message_id": None,
                "flags": 0,
                "recipients": [self.user(ch.recipient_id).payload()],
            }
        if ch.type == PUBLIC_THREAD:
            return {
                "id": str(ch.id),
                "type": PUBLIC_THREAD,
                "guild_id": str(ch.guild_id),
                "name": ch.name,
                "parent_id": str(ch.parent_id),
                "owner_id": str(self.application_id),
                "last_message_id": None,
                "rate_limit_per_user": 0,
                "message_count": 0,
                "member_count": 1,
                "flags": 0,
                "thread_metadata": {
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": "2026-01-01T00:00:00+00:00",
                    "locked": False,
                },
            }
        return {
            "id": str(ch.id),
            "type": ch.type,
            "guild_id": str(ch.guild_id),
            "name": ch.name,
            "position": ch.position,
            "permission_overwrites": [],
            "parent_id": None,
            "topic": ch.topic,
            "nsfw": False,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }

    def new_message(
        self,
        channel_id: int,
        author_id: int,
        body: dict[str, Any],
        *,
        msg_type: int = 0,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Create, store and return a full message payload from a create-message body."""
        ch = self.channel(channel_id)
        mid = self.ids.next()
        msg: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(ch.id),
            "author": self.user(author_id).payload(),
            "content": body.get("content") or "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "mention_channels": [],
            "attachments": body.get("attachments_full", []),
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "reactions": [],
            "pinned": False,
            "type": msg_type,
            "flags": int(body.get("flags") or 0),
        }
        if ch.guild_id is not None:
            msg["guild_id"] = str(ch.guild_id)
            msg["member"] = self.member_payload(ch.guild_id, author_id, with_user=False)
        if body.get("message_reference"):
            ref = {
                k: str(v) if k.endswith("_id") else v for k, v in body["message_reference"].items()
            }
            ref.setdefault("channel_id", str(ch.id))
            msg["message_reference"] = ref
            ref_msg = self.messages.get(int(ref.get("message_id", 0)))
            msg["referenced_message"] = ref_msg
            msg["type"] = 19 if msg_type == 0 else msg_type
        if body.get("poll"):
            msg["poll"] = body["poll"]
        if extra:
            msg.update(extra)
        self.apply_mentions(msg, body.get("allowed_mentions"))
        self.messages[mid] = msg
        return msg

    def apply_mentions(self, msg: dict[str, Any], allowed: dict[str, Any] | None) -> None:
        """Fill mentions / mention_roles / mention_everyone as Discord would for ``allowed``."""
        content = msg.get("content") or ""
        everything = {"users", "roles", "everyone"}
        parse = set(allowed.get("parse", [])) if allowed is not None else everything
        users_ok = {int(u) for u in (allowed or {}).get("users", [])}
        roles_ok = {int(r) for r in (allowed or {}).get("roles", [])}
        replied = (allowed or {}).get("replied_user", True) if allowed is not None else True
        ch = self.channel(int(msg["channel_id"]))
        mentioned: list[int] = []
        for raw in USER_MENTION_RE.findall(content):
            uid = int(raw)
            if uid in self.users and uid not in mentioned and ("users" in parse or uid in users_ok):
                mentioned.append(uid)
        ref = msg.get("referenced_message")
        if ref and replied:
            uid = int(ref["author"]["id"])
            if uid not in mentioned:
                mentioned.append(uid)
        msg["mentions"] = [self._mention_payload(ch, uid) for uid in mentioned]
        roles = [int(r) for r in ROLE_MENTION_RE.findall(content)]
        msg["mention_roles"] = [str(r) for r in roles if "roles" in parse or r in roles_ok]
        msg["mention_everyone"] = "everyone" in parse and (
            "@everyone" in content or "@here" in content
        )

    def _mention_payload(self, ch: FakeChannel, uid: int) -> dict[str, Any]:
        data = self.user(uid).payload()
        if ch.guild_id is not None and uid in self.guild(ch.guild_id).members:
            data["member"] = self.member_payload(ch.guild_id, uid, with_user=False)
        return data
