"""INTERACTION_CREATE payload builders and the record a test holds for each interaction."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .state import BOT_PERMISSIONS, DM, World

if TYPE_CHECKING:
    from .server import FakeDiscord

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
SELECT_TYPES = (3, 5, 6, 7, 8)
EPHEMERAL = 1 << 6


def as_record(msg: dict[str, Any]) -> dict[str, Any]:
    """A test-facing copy of a message payload: ``id``/``channel_id``/``guild_id`` as ints."""
    rec = dict(msg)
    rec["id"] = int(msg["id"])
    rec["channel_id"] = int(msg["channel_id"])
    rec["guild_id"] = int(msg["guild_id"]) if msg.get("guild_id") else None
    return rec


class InteractionRecord:
    """One interaction the fake sent to the bot, and everything the bot answered to it."""

    def __init__(self, server: FakeDiscord, payload: dict[str, Any]) -> None:
        self._server = server
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.channel_id = int(payload["channel_id"])
        self.guild_id = int(payload["guild_id"]) if payload.get("guild_id") else None
        user = payload["member"]["user"] if "member" in payload else payload["user"]
        self.user_id = int(user["id"])
        self.response: dict[str, Any] | None = None
        self.original_id: int | None = None
        self.followup_ids: list[int] = []
        self._responded = asyncio.Event()
        self.created = asyncio.get_running_loop().time()

    def __repr__(self) -> str:
        rtype = None if self.response is None else self.response.get("type")
        return f"<InteractionRecord id={self.id} type={self.type} response_type={rtype}>"

    @property
    def response_type(self) -> int | None:
        return None if self.response is None else int(self.response["type"])

    @property
    def data(self) -> dict[str, Any]:
        """The ``data`` of the callback the bot posted (empty if none / no data)."""
        return (self.response or {}).get("data") or {}

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.data.get("flags") or 0) & EPHEMERAL)

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices (response type 8)."""
        return list(self.data.get("choices") or [])

    @property
    def modal(self) -> dict[str, Any] | None:
        """The modal the bot opened (response type 9)."""
        return self.data if self.response_type == 9 else None

    @property
    def original(self) -> dict[str, Any] | None:
        """Current state of the ``@original`` message (after edits), or None."""
        if self.original_id is None:
            return None
        msg = self._server.world.messages.get(self.original_id)
        return None if msg is None else as_record(msg)

    @property
    def followups(self) -> list[dict[str, Any]]:
        """Current state of every follow-up message, in the order they were sent."""
        out = []
        for mid in self.followup_ids:
            msg = self._server.world.messages.get(mid)
            if msg is not None:
                out.append(as_record(msg))
        return out

    async def wait_response(self, timeout: float = 10) -> dict[str, Any]:  # noqa: ASYNC109
        """Wait for the interaction callback; returns its body ``{"type", "data"}``."""
        try:
            await asyncio.wait_for(self._responded.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"bot did not answer interaction {self.id} (type {self.type}) within {timeout}s; "
                f"errors={self._server.errors!r} unknown_routes={self._server.unknown_routes!r}"
            ) from None
        assert self.response is not None
        return self.response

    async def wait_followups(
        self,
        count: int = 1,
        timeout: float = 10,  # noqa: ASYNC109
    ) -> list[dict[str, Any]]:
        """Wait until at least ``count`` follow-ups were sent."""
        await self._server.wait_until(lambda: len(self.followup_ids) >= count, timeout)
        return self.followups


def new_interaction(
    world: World,
    itype: int,
    channel_id: int,
    user_id: int,
    data: dict[str, Any] | None,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Build a full INTERACTION_CREATE payload."""
    ch = world.channel(channel_id)
    user = world.user(user_id)
    payload: dict[str, Any] = {
        "id": str(world.ids.next()),
        "application_id": str(world.application_id),
        "type": itype,
        "token": "fake-" + secrets.token_urlsafe(24),
        "version": 1,
        "channel_id": str(ch.id),
        "channel": world.channel_payload(ch.id),
        "app_permissions": str(BOT_PERMISSIONS),
        "locale": "en-US",
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if data is not None:
        payload["data"] = data
    if ch.type == DM or ch.guild_id is None:
        payload["user"] = user.payload()
        payload["context"] = 1
        payload["authorizing_integration_owners"] = {"0": "0"}
    else:
        gid = ch.guild_id
        guild = world.guild(gid)
        if user_id not in guild.members:
            world.add_member(gid, user_id)
        perms = world.member_permissions(gid, user_id)
        payload["channel"]["permissions"] = str(perms)
        payload["guild_id"] = str(gid)
        payload["guild"] = {"id": str(gid), "locale": "en-US", "features": []}
        payload["guild_locale"] = "en-US"
        payload["member"] = world.member_payload(gid, user_id, with_permissions=True)
        payload["context"] = 0
        payload["authorizing_integration_owners"] = {"0": str(gid)}
    if message is not None:
        payload["message"] = message
    return payload


def _find(defs: list[dict[str, Any]], name: str, what: str) -> dict[str, Any]:
    for d in defs:
        if d.get("name") == name:
            return d
    names = [d.get("name") for d in defs]
    raise ValueError(f"no {what} named {name!r}; registered: {names}")


def _convert(
    world: World,
    guild_id: int | None,
    d: dict[str, Any],
    value: Any,
    resolved: dict[str, dict[str, Any]],
) -> Any:
    otype = d["type"]
    if otype == 3:
        return str(value)
    if otype == 4:
        return int(value)
    if otype == 10:
        return float(value)
    if otype == 5:
        return bool(value)
    if otype == 11:
        att = dict(value) if isinstance(value, dict) else {"filename": str(value)}
        aid = world.ids.next()
        content = att.pop("content", b"")
        att.setdefault("size", len(content))
        world.files[aid] = content  # served by the fake's own "CDN" on loopback
        att.update(
            id=str(aid),
            url=f"{world.cdn_base}/{aid}/{att['filename']}",
            proxy_url=f"{world.cdn_base}/{aid}/{att['filename']}",
        )
        resolved.setdefault("attachments", {})[str(aid)] = att
        return str(aid)
    sid = int(value)
    guild = world.guilds.get(guild_id) if guild_id else None
    if otype in (6, 9) and sid in world.users:
        resolved.setdefault("users", {})[str(sid)] = world.user(sid).payload()
        if guild is not None and sid in guild.members:
            member = world.member_payload(guild.id, sid, with_user=False, with_permissions=True)
            resolved.setdefault("members", {})[str(sid)] = member
    elif otype in (8, 9) and guild is not None and sid in guild.roles:
        resolved.setdefault("roles", {})[str(sid)] = guild.roles[sid]
    elif otype == 7 and sid in world.channels:
        ch = world.channel_payload(sid)
        ch["permissions"] = str(BOT_PERMISSIONS)
        resolved.setdefault("channels", {})[str(sid)] = ch
    else:
        raise ValueError(f"option {d['name']!r}: {value!r} is not a known user/role/channel")
    return str(sid)


def command_data(
    world: World,
    command: dict[str, Any],
    guild_id: int | None,
    subcommand: str | None,
    options: dict[str, Any],
    focused: str | None = None,
    focused_value: Any = None,
) -> dict[str, Any]:
    """Build ``data`` of a chat-input interaction for a registered ``command``.

    ``subcommand`` is ``"sub"`` or ``"group sub"``. With ``focused`` this is an autocomplete
    payload: the focused option carries the partial text as a string, as Discord sends it.
    """
    defs: list[dict[str, Any]] = command.get("options") or []
    top: list[dict[str, Any]] = []
    target = top
    for part in (subcommand or "").split():
        d = _find(
            [x for x in defs if x["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)],
            part,
            "subcommand/group",
        )
        entry: dict[str, Any] = {"name": part, "type": d["type"], "options": []}
        target.append(entry)
        target = entry["options"]
        defs = d.get("options") or []
    if any(x["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for x in defs):
        subs = [x["name"] for x in defs]
        raise ValueError(f"/{command['name']} {subcommand or ''} needs a subcommand: {subs}")
    resolved: dict[str, dict[str, Any]] = {}
    for name, value in options.items():
        if name == focused:
            continue
        d = _find(defs, name, "option")
        converted = _convert(world, guild_id, d, value, resolved)
        choices = [c["value"] for c in d.get("choices") or []]
        if choices and converted not in choices:
            raise ValueError(f"option {name!r}: {converted!r} is not one of the choices {choices}")
        target.append({"name": name, "type": d["type"], "value": converted})
    if focused is not None:
        d = _find(defs, focused, "option")
        if not d.get("autocomplete"):
            raise ValueError(f"option {focused!r} has no autocomplete")
        target.append(
            {"name": focused, "type": d["type"], "value": str(focused_value), "focused": True}
        )
    else:
        missing = [d["name"] for d in defs if d.get("required") and d["name"] not in options]
        if missing:
            raise ValueError(f"/{command['name']}: missing required options {missing}")
    data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": 1, "options": top}
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    if resolved:
        data["resolved"] = resolved
    return data


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for comp in components or []:
        yield comp
        yield from walk_components(comp.get("components") or [])
        for key in ("component", "accessory"):
            if isinstance(comp.get(key), dict):
                yield from walk_components([comp[key]])


def component_data(
    message: dict[str, Any], custom_id: str, values: list[str] | None, force: bool = False
) -> dict[str, Any]:
    for comp in walk_components(message.get("components") or []):
        if comp.get("custom_id") != custom_id:
            continue
        if comp.get("disabled") and not force:
            raise ValueError(f"component {custom_id!r} is disabled; a user cannot use it")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp["type"]}
        if comp["type"] in SELECT_TYPES:
            data["values"] = [str(v) for v in values or []]
        return data
    ids = [c.get("custom_id") for c in walk_components(message.get("components") or [])]
    raise ValueError(f"message {message['id']} has no component {custom_id!r}; has {ids}")


def _submitted(comp: dict[str, Any], values: dict[str, Any], used: set[str]) -> dict[str, Any]:
    cid = comp.get("custom_id")
    out: dict[str, Any] = {"type": comp["type"]}
    if "id" in comp:
        out["id"] = comp["id"]
    if cid is None:
        return out
    out["custom_id"] = cid
    if cid in values:
        used.add(cid)
    if comp["type"] == 4:
        out["value"] = str(values.get(cid, comp.get("value") or ""))
    elif comp["type"] in SELECT_TYPES:
        raw = values.get(cid, [])
        out["values"] = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw])]
    return out


def modal_components(modal: dict[str, Any] | None, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Mirror the modal the bot opened, filled with ``values`` (custom_id -> value)."""
    if modal is None:
        return [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": str(v)}]}
            for k, v in values.items()
        ]
    used: set[str] = set()
    out: list[dict[str, Any]] = []
    for top in modal.get("components") or []:
        if top["type"] == 1:
            kids = [_submitted(c, values, used) for c in top.get("components") or []]
            out.append({"type": 1, "components": kids})
        elif top["type"] == 18 and isinstance(top.get("component"), dict):
            out.append(
                {
                    "type": 18,
                    "id": top.get("id"),
                    "component": _submitted(top["component"], values, used),
                }
            )
        else:
            out.append(_submitted(top, values, used))
    unknown = set(values) - used
    if unknown:
        raise ValueError(f"modal {modal.get('custom_id')!r} has no fields {sorted(unknown)}")
    return out
