"""REST routes of the fake (``/api/v10/...``), as aiohttp handlers."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import validate
from .gateway import guild_create_payload
from .interactions import APPLICATION_COMMAND, AUTOCOMPLETE, MESSAGE_COMPONENT, MODAL_SUBMIT
from .state import DM
from .web_common import (
    API_PREFIX,
    EPHEMERAL,
    ApiError,
    invalid_form,
    json_response,
    no_content,
    read_body,
)

if TYPE_CHECKING:
    from .server import FakeDiscord

# interaction type -> callback types Discord accepts for it
ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {4, 5, 9},
    MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}


def make_routes(fake: FakeDiscord) -> list[web.RouteDef]:
    r = Rest(fake)
    p = API_PREFIX
    return [
        web.get(p + "/users/@me", r.get_me),
        web.post(p + "/users/@me/channels", r.create_dm),
        web.get(p + "/users/{user_id}", r.get_user),
        web.get(p + "/oauth2/applications/@me", r.get_application),
        web.get(p + "/applications/@me", r.get_application),
        web.get(p + "/gateway", r.get_gateway),
        web.get(p + "/gateway/bot", r.get_gateway),
        web.get(p + "/channels/{channel_id}", r.get_channel),
        web.post(p + "/channels/{channel_id}/typing", r.typing),
        web.get(p + "/channels/{channel_id}/messages", r.list_messages),
        web.post(p + "/channels/{channel_id}/messages", r.create_message),
        web.get(p + "/channels/{channel_id}/messages/{message_id}", r.get_message),
        web.patch(p + "/channels/{channel_id}/messages/{message_id}", r.edit_message),
        web.delete(p + "/channels/{channel_id}/messages/{message_id}", r.delete_message),
        web.put(
            p + "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", r.add_reaction
        ),
        web.delete(
            p + "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
            r.remove_reaction,
        ),
        web.get(p + "/guilds/{guild_id}", r.get_guild),
        web.get(p + "/guilds/{guild_id}/channels", r.get_guild_channels),
        web.get(p + "/guilds/{guild_id}/roles", r.get_roles),
        web.get(p + "/guilds/{guild_id}/members/{user_id}", r.get_member),
        web.post(p + "/interactions/{interaction_id}/{token}/callback", r.callback),
        web.post(p + "/webhooks/{app_id}/{token}", r.followup),
        web.get(p + "/webhooks/{app_id}/{token}/messages/{message_id}", r.get_webhook_message),
        web.patch(p + "/webhooks/{app_id}/{token}/messages/{message_id}", r.edit_webhook_message),
        web.delete(
            p + "/webhooks/{app_id}/{token}/messages/{message_id}", r.delete_webhook_message
        ),
        web.get(p + "/applications/{app_id}/commands", r.get_commands),
        web.put(p + "/applications/{app_id}/commands", r.put_commands),
        web.get(p + "/applications/{app_id}/guilds/{guild_id}/commands", r.get_commands),
        web.put(p + "/applications/{app_id}/guilds/{guild_id}/commands", r.put_commands),
        web.route("*", "/{tail:.*}", r.unknown),
    ]


def _int(request: web.Request, key: str) -> int:
    try:
        return int(request.match_info[key])
    except ValueError:
        raise ApiError(400, "Invalid Form Body", 50035, {key: "not a snowflake"}) from None


class Rest:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world

    # ----- lookups ----------------------------------------------------------------------------
    def _channel(self, request: web.Request) -> int:
        cid = _int(request, "channel_id")
        if cid not in self.world.channels:
            raise ApiError(404, "Unknown Channel", 10003)
        return cid

    def _message(self, request: web.Request, channel_id: int | None = None) -> dict[str, Any]:
        mid = _int(request, "message_id")
        msg = self.world.messages.get(mid)
        if msg is None or (channel_id is not None and int(msg["channel_id"]) != channel_id):
            raise ApiError(404, "Unknown Message", 10008)
        return msg

    def _interaction(self, request: web.Request) -> Any:
        rec = self.fake.interactions_by_token.get(request.match_info["token"])
        if rec is None:
            raise ApiError(404, "Unknown Webhook", 10015)
        return rec

    def _webhook_message(self, request: web.Request) -> tuple[Any, dict[str, Any]]:
        rec = self._interaction(request)
        raw = request.match_info["message_id"]
        mid = rec.original_id if raw == "@original" else int(raw)
        if mid is None or mid not in self.world.messages:
            raise ApiError(404, "Unknown Message", 10008)
        if raw != "@original" and mid not in rec.followup_ids and mid != rec.original_id:
            raise ApiError(404, "Unknown Message", 10008)
        return rec, self.world.messages[mid]

    # ----- users / app / gateway ---------------------------------------------------------------
    async def get_me(self, request: web.Request) -> web.Response:
        return json_response(self.world.bot.payload() | {"verified": True, "mfa_enabled": False})

    async def get_user(self, request: web.Request) -> web.Response:
        user = self.world.users.get(_int(request, "user_id"))
        if user is None:
            raise ApiError(404, "Unknown User", 10013)
        return json_response(user.payload())

    async def create_dm(self, request: web.Request) -> web.Response:
        body, _ = await read_body(request)
        uid = int(body.get("recipient_id", 0))
        if uid not in self.world.users:
            raise ApiError(404, "Unknown User", 10013)
        return json_response(self.world.channel_payload(self.world.dm_channel(uid)))

    async def get_application(self, request: web.Request) -> web.Response:
        w = self.world
        return json_response(
            {
                "id": str(w.application_id),
                "name": w.bot.name,
                "description": "fake application",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": w.owner.payload(),
                "team": None,
                "verify_key": "0" * 64,
                "flags": self.fake.application_flags,
                "summary": "",
                "rpc_origins": [],
                "bot": w.bot.payload(),
                "interactions_endpoint_url": None,
                "redirect_uris": [],
                "approximate_guild_count": len(w.guilds),
                "tags": [],
                "install_params": None,
            }
        )

    async def get_gateway(self, request: web.Request) -> web.Response:
        return json_response(
            {
                "url": self.fake.gateway_url,
                "shards": self.fake.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    # ----- guilds -----------------------------------------------------------------------------
    def _guild(self, request: web.Request) -> int:
        gid = _int(request, "guild_id")
        if gid not in self.world.guilds:
            raise ApiError(404, "Unknown Guild", 10004)
        return gid

    async def get_guild(self, request: web.Request) -> web.Response:
        data = guild_create_payload(self.world, self._guild(request), all_members=False)
        for key in ("channels", "members", "threads", "voice_states", "presences", "joined_at"):
            data.pop(key, None)
        return json_response(data)

    async def get_guild_channels(self, request: web.Request) -> web.Response:
        guild = self.world.guild(self._guild(request))
        return json_response([self.world.channel_payload(c) for c in guild.channel_ids])

    async def get_roles(self, request: web.Request) -> web.Response:
        return json_response(list(self.world.guild(self._guild(request)).roles.values()))

    async def get_member(self, request: web.Request) -> web.Response:
        gid, uid = self._guild(request), _int(request, "user_id")
        if uid not in self.world.guild(gid).members:
            raise ApiError(404, "Unknown Member", 10007)
        return json_response(self.world.member_payload(gid, uid))

    # ----- channels / messages ----------------------------------------------------------------
    async def get_channel(self, request: web.Request) -> web.Response:
        return json_response(self.world.channel_payload(self._channel(request)))

    async def typing(self, request: web.Request) -> web.Response:
        self.fake.typing.append(self._channel(request))
        return no_content()

    async def list_messages(self, request: web.Request) -> web.Response:
        cid = self._channel(request)
        limit = int(request.query.get("limit", 50))
        msgs = [m for m in self.world.messages.values() if int(m["channel_id"]) == cid]
        msgs.sort(key=lambda m: int(m["id"]), reverse=True)
        if "before" in request.query:
            msgs = [m for m in msgs if int(m["id"]) < int(request.query["before"])]
        if "after" in request.query:
            msgs = [m for m in msgs if int(m["id"]) > int(request.query["after"])]
        return json_response(msgs[:limit])

    async def create_message(self, request: web.Request) -> web.Response:
        cid = self._channel(request)
        ch = self.world.channel(cid)
        if ch.type == DM and self.world.user(ch.recipient_id or 0).bot:
            raise ApiError(403, "Cannot send messages to this user", 50007)
        body, files = await read_body(request)
        msg = self.fake.bot_create(cid, body, files, kind="message")
        return json_response(msg)

    async def get_message(self, request: web.Request) -> web.Response:
        return json_response(self._message(request, self._channel(request)))

    async def edit_message(self, request: web.Request) -> web.Response:
        msg = self._message(request, self._channel(request))
        if msg["author"]["id"] != str(self.world.bot.id):
            raise ApiError(403, "Cannot edit a message authored by another user", 50005)
        body, files = await read_body(request)
        return json_response(self.fake.bot_edit(msg, body, files))

    async def delete_message(self, request: web.Request) -> web.Response:
        self.fake.bot_delete(self._message(request, self._channel(request)))
        return no_content()

    def _react(self, request: web.Request, added: bool) -> web.Response:
        msg = self._message(request, self._channel(request))
        self.fake.reactions.append(
            {
                "channel_id": int(msg["channel_id"]),
                "message_id": int(msg["id"]),
                "emoji": request.match_info["emoji"],  # decoded: "✅" or "name:id"
                "added": added,
            }
        )
        self.fake.notify()
        return no_content()

    async def add_reaction(self, request: web.Request) -> web.Response:
        return self._react(request, True)

    async def remove_reaction(self, request: web.Request) -> web.Response:
        return self._react(request, False)

    # ----- interactions -----------------------------------------------------------------------
    async def callback(self, request: web.Request) -> web.Response:
        rec = self.fake.interactions_by_token.get(request.match_info["token"])
        if rec is None or str(rec.id) != request.match_info["interaction_id"]:
            raise ApiError(404, "Unknown interaction", 10062)
        if rec.response is not None:
            raise ApiError(400, "Interaction has already been acknowledged.", 40060)
        deadline = self.fake.interaction_deadline
        if deadline is not None and asyncio.get_running_loop().time() - rec.created > deadline:
            raise ApiError(404, "Unknown interaction", 10062)
        body, files = await read_body(request)
        ctype = int(body.get("type", 0))
        if ctype not in ALLOWED_CALLBACKS.get(rec.type, set()):
            raise ApiError(
                400,
                "Invalid Form Body",
                50035,
                {"type": f"callback type {ctype} not valid for interaction type {rec.type}"},
            )
        message = self.fake.interaction_callback(rec, body, files)
        if request.query.get("with_response") not in ("1", "true", "True"):
            return no_content()
        data = body.get("data") or {}
        inter: dict[str, Any] = {"id": str(rec.id), "type": rec.type}
        if message is not None:
            inter["response_message_id"] = message["id"]
            inter["response_message_loading"] = ctype == 5
            inter["response_message_ephemeral"] = bool(int(data.get("flags") or 0) & EPHEMERAL)
        resource: dict[str, Any] = {"type": ctype}
        if message is not None:
            resource["message"] = message
        return json_response({"interaction": inter, "resource": resource})

    async def followup(self, request: web.Request) -> web.Response:
        rec = self._interaction(request)
        if rec.response is None:  # Discord: follow-ups need an acknowledged interaction
            raise ApiError(404, "Unknown Webhook", 10015)
        body, files = await read_body(request)
        msg = self.fake.bot_create(rec.channel_id, body, files, kind="followup", interaction=rec)
        rec.followup_ids.append(int(msg["id"]))
        if request.query.get("wait") in ("1", "true", "True"):
            return json_response(msg)
        return no_content()

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        return json_response(self._webhook_message(request)[1])

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        rec, msg = self._webhook_message(request)
        body, files = await read_body(request)
        return json_response(self.fake.bot_edit(msg, body, files, interaction=rec))

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        _, msg = self._webhook_message(request)
        self.fake.bot_delete(msg)
        return no_content()

    # ----- application commands ---------------------------------------------------------------
    def _scope(self, request: web.Request) -> str | int:
        if _int(request, "app_id") != self.world.application_id:
            raise ApiError(404, "Unknown Application", 10002)
        return self._guild(request) if "guild_id" in request.match_info else "global"

    async def get_commands(self, request: web.Request) -> web.Response:
        return json_response(self.fake.commands.get(self._scope(request), []))

    async def put_commands(self, request: web.Request) -> web.Response:
        scope = self._scope(request)
        body, _ = await read_body(request)
        if not isinstance(body, list):
            raise ApiError(400, "Invalid Form Body", 50035, {"_errors": "expected an array"})
        problems = validate.check_commands(body)
        if problems:
            raise invalid_form(problems)
        old = {(c.get("type", 1), c["name"]): c["id"] for c in self.fake.commands.get(scope, [])}
        stored = []
        for cmd in body:
            key = (cmd.get("type", 1), cmd["name"])
            full = {
                "type": 1,
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "dm_permission": True,
                "nsfw": False,
                "contexts": None,
                "integration_types": [0],
            } | cmd
            full.update(
                id=old.get(key) or str(self.world.ids.next()),
                application_id=str(self.world.application_id),
                version=str(self.world.ids.next()),
            )
            if scope != "global":
                full["guild_id"] = str(scope)
            stored.append(full)
        self.fake.commands[scope] = stored
        self.fake.command_puts[scope] = self.fake.command_puts.get(scope, 0) + 1
        self.fake.notify()
        return json_response(stored)

    async def unknown(self, request: web.Request) -> web.Response:
        self.fake.unknown_routes.append((request.method, request.path.removeprefix(API_PREFIX)))
        return json_response({"message": "404: Not Found", "code": 0}, 404)
