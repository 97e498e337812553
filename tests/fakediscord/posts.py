"""What happens when the bot posts: messages, edits, deletes and interaction callbacks.

A mixin of ``FakeDiscord``; ``rest.py`` calls these after parsing a request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import validate
from .interactions import APPLICATION_COMMAND, InteractionRecord, as_record
from .state import iso_now
from .web_common import EPHEMERAL, LOADING, ApiError, invalid_form

if TYPE_CHECKING:
    from .state import World


class BotPosts:
    """Mixin: state changes caused by the bot's REST calls."""

    world: World
    messages: list[dict[str, Any]]
    deleted: list[dict[str, Any]]
    modals: dict[str, tuple[dict[str, Any], InteractionRecord]]
    echo_bot_messages: bool

    def notify(self) -> None:
        raise NotImplementedError

    def dispatch(self, event: str, data: dict[str, Any]) -> int:
        raise NotImplementedError

    def _record(
        self,
        kind: str,
        msg: dict[str, Any],
        payload: dict[str, Any],
        files: list[dict[str, Any]],
        interaction: InteractionRecord | None,
    ) -> None:
        rec = as_record(msg)
        rec.update(
            kind=kind,
            allowed_mentions=payload.get("allowed_mentions"),
            payload=payload,
            files=[{"filename": f["filename"], "data": f["data"]} for f in files],
            interaction_id=None if interaction is None else interaction.id,
        )
        self.messages.append(rec)
        self.notify()

    def _attachments(
        self, files: list[dict[str, Any]], keep: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        out = list(keep)
        for f in files:
            aid = self.world.ids.next()
            self.world.files[aid] = f["data"]
            out.append(
                {
                    "id": str(aid),
                    "filename": f["filename"],
                    "size": len(f["data"]),
                    "url": f"{self.world.cdn_base}/{aid}/{f['filename']}",
                    "proxy_url": f"{self.world.cdn_base}/{aid}/{f['filename']}",
                    "content_type": f.get("content_type"),
                }
            )
        return out

    def _interaction_extra(self, rec: InteractionRecord) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "id": str(rec.id),
            "type": rec.type,
            "user": self.world.user(rec.user_id).payload(),
            "authorizing_integration_owners": rec.payload["authorizing_integration_owners"],
        }
        if rec.type == APPLICATION_COMMAND:
            meta["name"] = rec.payload["data"]["name"]
        if rec.original_id is not None:
            meta["original_response_message_id"] = str(rec.original_id)
        if "message" in rec.payload:
            meta["interacted_message_id"] = rec.payload["message"]["id"]
        app = str(self.world.application_id)
        return {"webhook_id": app, "application_id": app, "interaction_metadata": meta}

    def bot_create(
        self,
        channel_id: int,
        body: dict[str, Any],
        files: list[dict[str, Any]],
        kind: str,
        interaction: InteractionRecord | None = None,
        msg_type: int = 0,
    ) -> dict[str, Any]:
        problems = validate.check_message(body, creating=True, has_files=bool(files))
        if problems:
            raise invalid_form(problems)
        full = dict(body, attachments_full=self._attachments(files, []))
        extra = None if interaction is None else self._interaction_extra(interaction)
        msg = self.world.new_message(
            channel_id, self.world.bot.id, full, msg_type=msg_type, extra=extra
        )
        self._record(kind, msg, body, files, interaction)
        if self.echo_bot_messages and not msg["flags"] & EPHEMERAL:
            self.dispatch("MESSAGE_CREATE", msg)
        return msg

    def bot_edit(
        self,
        msg: dict[str, Any],
        body: dict[str, Any],
        files: list[dict[str, Any]],
        interaction: InteractionRecord | None = None,
    ) -> dict[str, Any]:
        problems = validate.check_message(body, creating=False)
        new = dict(msg)
        for key, empty in (("content", ""), ("embeds", []), ("components", []), ("poll", None)):
            if key in body:
                new[key] = body[key] or empty
        if "attachments" in body:
            ids = {str(a.get("id")) for a in body["attachments"] or []}
            keep = [a for a in msg.get("attachments", []) if a["id"] in ids]
            new["attachments"] = self._attachments(files, keep)
        elif files:
            new["attachments"] = self._attachments(files, msg.get("attachments", []))
        flags = int(msg.get("flags") or 0) & ~LOADING
        if body.get("flags") is not None:
            flags = (flags & EPHEMERAL) | (int(body["flags"]) & ~(EPHEMERAL | LOADING))
        new["flags"] = flags
        if not (new["content"] or new["embeds"] or new["components"] or new["attachments"]):
            problems.append("Cannot send an empty message (code 50006)")
        if problems:
            raise invalid_form(problems)
        new["edited_timestamp"] = iso_now()
        if "allowed_mentions" in body or "content" in body:
            self.world.apply_mentions(new, body.get("allowed_mentions"))
        msg.clear()
        msg.update(new)
        self._record("edit", msg, body, files, interaction)
        if self.echo_bot_messages and not flags & EPHEMERAL:
            self.dispatch("MESSAGE_UPDATE", msg)
        return msg

    def bot_delete(self, msg: dict[str, Any]) -> None:
        mid = int(msg["id"])
        self.world.messages.pop(mid, None)
        self.deleted.append(as_record(msg))
        data = {"id": msg["id"], "channel_id": msg["channel_id"]}
        if msg.get("guild_id"):
            data["guild_id"] = msg["guild_id"]
        if not int(msg.get("flags") or 0) & EPHEMERAL:
            self.dispatch("MESSAGE_DELETE", data)
        self.notify()

    def interaction_callback(
        self, rec: InteractionRecord, body: dict[str, Any], files: list[dict[str, Any]]
    ) -> dict[str, Any] | None:
        """Apply an interaction callback; returns the message resource it made, if any."""
        ctype = int(body["type"])
        data = body.get("data") or {}
        msg: dict[str, Any] | None = None
        original_type = 20 if rec.type == APPLICATION_COMMAND else 0
        if ctype == 4:
            msg = self.bot_create(rec.channel_id, data, files, "response", rec, original_type)
            rec.original_id = int(msg["id"])
        elif ctype == 5:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            msg = self.world.new_message(
                rec.channel_id,
                self.world.bot.id,
                {"content": "", "flags": flags},
                msg_type=original_type,
                extra=self._interaction_extra(rec),
            )
            rec.original_id = int(msg["id"])
            if self.echo_bot_messages and not flags & EPHEMERAL:
                self.dispatch("MESSAGE_CREATE", msg)
        elif ctype in (6, 7):
            source = rec.payload.get("message")
            target = self.world.messages.get(int(source["id"])) if source else None
            if target is None:
                raise ApiError(
                    400,
                    "Invalid Form Body",
                    50035,
                    {"type": "update callbacks need a message the bot sent"},
                )
            if ctype == 7:
                msg = self.bot_edit(target, data, files, rec)
            rec.original_id = int(target["id"])
        elif ctype == 8:
            problems = validate.check_choices(data.get("choices"))
            if problems:
                raise invalid_form(problems)
        elif ctype == 9:
            problems = validate.check_modal(data)
            if problems:
                raise invalid_form(problems)
            self.modals[data["custom_id"]] = (data, rec)
        rec.response = body
        rec._responded.set()
        self.notify()
        return msg
