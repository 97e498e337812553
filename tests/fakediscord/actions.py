"""What a test makes a user do: post messages, run slash commands, click, submit modals.

A mixin of ``FakeDiscord``; each action dispatches the gateway event discord.py would get.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    InteractionRecord,
    command_data,
    component_data,
    modal_components,
    new_interaction,
)

if TYPE_CHECKING:
    from .gateway import GatewaySession
    from .state import World


class UserActions:
    """Mixin: user-side actions of ``FakeDiscord``."""

    world: World
    commands: dict[str | int, list[dict[str, Any]]]
    gateway_sessions: list[GatewaySession]
    user_messages: list[dict[str, Any]]
    interactions: list[InteractionRecord]
    interactions_by_token: dict[str, InteractionRecord]
    modals: dict[str, tuple[dict[str, Any], InteractionRecord]]

    def dispatch(self, event: str, data: dict[str, Any]) -> int:
        raise NotImplementedError

    def _require_connected(self) -> None:
        if not any(s.identified for s in self.gateway_sessions):
            raise RuntimeError("the bot is not connected; await server.wait_ready() first")

    def _member_of(self, channel_id: int, user_id: int) -> None:
        ch = self.world.channel(channel_id)
        self.world.user(user_id)
        if ch.recipient_id is not None and user_id != ch.recipient_id:
            raise ValueError(f"user {user_id} is not in DM channel {channel_id}")
        if ch.guild_id is not None and user_id not in self.world.guild(ch.guild_id).members:
            self.world.add_member(ch.guild_id, user_id)

    # ----- user actions -----------------------------------------------------------------------
    async def send_message(
        self,
        channel_id: int,
        author_id: int,
        content: str = "",
        *,
        mentions: list[int] | None = None,
        embeds: list[dict[str, Any]] | None = None,
        reply_to: int | None = None,
        attachments: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A user posts a message: dispatches MESSAGE_CREATE; returns the full payload."""
        self._require_connected()
        cid, uid = int(channel_id), int(author_id)
        self._member_of(cid, uid)
        body: dict[str, Any] = {"content": content, "embeds": embeds or []}
        if reply_to is not None:
            body["message_reference"] = {"message_id": str(reply_to), "channel_id": str(cid)}
        full = []
        for att in attachments or []:
            aid = self.world.ids.next()
            name = att.get("filename", "file.bin")
            full.append(
                {
                    "id": str(aid),
                    "filename": name,
                    "size": len(att.get("data", b"")),
                    "url": f"https://cdn.invalid/{aid}/{name}",
                    "proxy_url": f"https://media.invalid/{aid}/{name}",
                    "content_type": att.get("content_type"),
                }
            )
        body["attachments_full"] = full
        msg = self.world.new_message(cid, uid, body)
        ch = self.world.channel(cid)
        for extra in mentions or []:
            if str(extra) not in {m["id"] for m in msg["mentions"]}:
                msg["mentions"].append(self.world._mention_payload(ch, int(extra)))
        self.user_messages.append(msg)
        self.dispatch("MESSAGE_CREATE", msg)
        await asyncio.sleep(0)
        return msg

    def find_command(self, name: str, guild_id: int | None = None) -> dict[str, Any]:
        scopes: list[str | int] = ([int(guild_id)] if guild_id is not None else []) + ["global"]
        for scope in scopes:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name and cmd.get("type", 1) == 1:
                    return cmd
        known = {scope: [c["name"] for c in cmds] for scope, cmds in self.commands.items()}
        raise ValueError(f"no chat input command {name!r} registered; registered: {known}")

    def _start(
        self,
        itype: int,
        channel_id: int,
        user_id: int,
        data: dict[str, Any],
        message: dict[str, Any] | None = None,
    ) -> InteractionRecord:
        self._require_connected()
        self._member_of(channel_id, user_id)
        payload = new_interaction(self.world, itype, channel_id, user_id, data, message)
        rec = InteractionRecord(self, payload)
        self.interactions.append(rec)
        self.interactions_by_token[rec.token] = rec
        self.dispatch("INTERACTION_CREATE", payload)
        return rec

    def _command_channel(self, guild_id: int | None, channel_id: int) -> int:
        cid = int(channel_id)
        ch = self.world.channel(cid)
        if guild_id is not None and ch.guild_id != int(guild_id):
            raise ValueError(f"channel {cid} is not in guild {guild_id}")
        return cid

    async def slash(
        self,
        guild_id: int | None,
        channel_id: int,
        user_id: int,
        name: str,
        subcommand: str | None = None,
        options: dict[str, Any] | None = None,
    ) -> InteractionRecord:
        """Invoke ``/name [subcommand] options``; ``subcommand`` may be ``"group sub"``."""
        cid = self._command_channel(guild_id, channel_id)
        gid = self.world.channel(cid).guild_id
        cmd = self.find_command(name, gid)
        data = command_data(self.world, cmd, gid, subcommand, dict(options or {}))
        rec = self._start(APPLICATION_COMMAND, cid, int(user_id), data)
        await asyncio.sleep(0)
        return rec

    async def autocomplete(
        self,
        guild_id: int | None,
        channel_id: int,
        user_id: int,
        name: str,
        subcommand: str | None = None,
        options: dict[str, Any] | None = None,
        *,
        focused: str,
        value: Any = "",
    ) -> InteractionRecord:
        cid = self._command_channel(guild_id, channel_id)
        gid = self.world.channel(cid).guild_id
        cmd = self.find_command(name, gid)
        data = command_data(self.world, cmd, gid, subcommand, dict(options or {}), focused, value)
        rec = self._start(AUTOCOMPLETE, cid, int(user_id), data)
        await asyncio.sleep(0)
        return rec

    async def click(
        self,
        channel_id: int,
        message_id: int,
        user_id: int,
        custom_id: str,
        values: list[str] | None = None,
        *,
        force: bool = False,
    ) -> InteractionRecord:
        """Press a button / choose ``values`` in a select of a message the bot sent."""
        cid, mid = int(channel_id), int(message_id)
        msg = self.world.messages.get(mid)
        if msg is None or int(msg["channel_id"]) != cid:
            raise ValueError(f"no message {mid} in channel {cid}")
        self._member_of(cid, int(user_id))
        data = component_data(msg, custom_id, values, force)
        rec = self._start(MESSAGE_COMPONENT, cid, int(user_id), data, message=dict(msg))
        await asyncio.sleep(0)
        return rec

    async def submit_modal(
        self, channel_id: int, user_id: int, custom_id: str, values: dict[str, Any]
    ) -> InteractionRecord:
        """Submit the modal the bot last opened with ``custom_id`` (field custom_id -> value)."""
        modal, source = self.modals.get(custom_id, (None, None))
        data = {"custom_id": custom_id, "components": modal_components(modal, dict(values))}
        message = source.payload.get("message") if source is not None else None
        if message is not None:
            message = self.world.messages.get(int(message["id"]), message)
        rec = self._start(MODAL_SUBMIT, int(channel_id), int(user_id), data, message=message)
        await asyncio.sleep(0)
        return rec
