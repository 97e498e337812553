"""Checks of what the bot posts, against the limits Discord enforces.

Each function returns a list of problems (``"path: what is wrong"``); empty means valid.
The REST layer turns a non-empty list into Discord's ``400 Invalid Form Body`` (code 50035)
and records it in ``FakeDiscord.errors``.
"""

from __future__ import annotations

import re
from typing import Any

COMMAND_NAME_RE = re.compile(r"^[-_\w]{1,32}$")
EPHEMERAL = 1 << 6
COMPONENTS_V2 = 1 << 15


def _len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _limit(problems: list[str], path: str, value: Any, maximum: int) -> None:
    if _len(value) > maximum:
        problems.append(f"{path}: must be {maximum} or fewer in length (got {_len(value)})")


def check_embeds(embeds: list[dict[str, Any]] | None, problems: list[str]) -> None:
    embeds = embeds or []
    if len(embeds) > 10:
        problems.append(f"embeds: must be 10 or fewer in length (got {len(embeds)})")
    total = 0
    for i, emb in enumerate(embeds):
        p = f"embeds.{i}"
        _limit(problems, f"{p}.title", emb.get("title"), 256)
        _limit(problems, f"{p}.description", emb.get("description"), 4096)
        _limit(problems, f"{p}.footer.text", (emb.get("footer") or {}).get("text"), 2048)
        _limit(problems, f"{p}.author.name", (emb.get("author") or {}).get("name"), 256)
        fields = emb.get("fields") or []
        if len(fields) > 25:
            problems.append(f"{p}.fields: must be 25 or fewer in length")
        for j, fld in enumerate(fields):
            if not fld.get("name") or not fld.get("value"):
                problems.append(f"{p}.fields.{j}: name and value are required and non-empty")
            _limit(problems, f"{p}.fields.{j}.name", fld.get("name"), 256)
            _limit(problems, f"{p}.fields.{j}.value", fld.get("value"), 1024)
            total += _len(fld.get("name")) + _len(fld.get("value"))
        total += _len(emb.get("title")) + _len(emb.get("description"))
        total += _len((emb.get("footer") or {}).get("text"))
        total += _len((emb.get("author") or {}).get("name"))
    if total > 6000:
        problems.append(f"embeds: total text must be 6000 or fewer characters (got {total})")


def check_components(
    components: list[dict[str, Any]] | None, problems: list[str], flags: int = 0
) -> None:
    components = components or []
    rows = [c for c in components if c.get("type") == 1]
    if len(rows) > 5 and not flags & COMPONENTS_V2:
        problems.append(f"components: must be 5 or fewer action rows (got {len(rows)})")
    seen: set[str] = set()
    for i, row in enumerate(components):
        children = row.get("components", []) if row.get("type") == 1 else [row]
        buttons = [c for c in children if c.get("type") == 2]
        if len(buttons) > 5:
            problems.append(f"components.{i}: an action row holds at most 5 buttons")
        for j, comp in enumerate(children):
            p = f"components.{i}.components.{j}"
            cid = comp.get("custom_id")
            if cid is not None:
                _limit(problems, f"{p}.custom_id", cid, 100)
                if cid in seen:
                    problems.append(f"{p}.custom_id: duplicate custom_id {cid!r}")
                seen.add(cid)
            if comp.get("type") == 2:
                _limit(problems, f"{p}.label", comp.get("label"), 80)
                if comp.get("style") == 5:
                    if not comp.get("url"):
                        problems.append(f"{p}: link buttons need a url")
                elif comp.get("style") != 6 and not cid:
                    problems.append(f"{p}: non-link buttons need a custom_id")
            if comp.get("type") in (3, 5, 6, 7, 8):
                opts = comp.get("options") or []
                if len(opts) > 25:
                    problems.append(f"{p}.options: must be 25 or fewer in length")
                for k, opt in enumerate(opts):
                    _limit(problems, f"{p}.options.{k}.label", opt.get("label"), 100)
                    _limit(problems, f"{p}.options.{k}.value", opt.get("value"), 100)
                _limit(problems, f"{p}.placeholder", comp.get("placeholder"), 150)


def check_message(body: dict[str, Any], *, creating: bool, has_files: bool = False) -> list[str]:
    problems: list[str] = []
    content = body.get("content")
    _limit(problems, "content", content, 2000)
    check_embeds(body.get("embeds"), problems)
    check_components(body.get("components"), problems, int(body.get("flags") or 0))
    if creating and not (
        content
        or body.get("embeds")
        or body.get("components")
        or has_files
        or body.get("sticker_ids")
        or body.get("poll")
    ):
        problems.append("Cannot send an empty message (code 50006)")
    return problems


def check_choices(choices: list[dict[str, Any]] | None) -> list[str]:
    problems: list[str] = []
    choices = choices or []
    if len(choices) > 25:
        problems.append(f"choices: must be 25 or fewer in length (got {len(choices)})")
    for i, ch in enumerate(choices):
        name = ch.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            problems.append(f"choices.{i}.name: must be between 1 and 100 in length")
        value = ch.get("value")
        if isinstance(value, str) and len(value) > 100:
            problems.append(f"choices.{i}.value: must be 100 or fewer in length")
    return problems


def check_modal(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if not data.get("custom_id"):
        problems.append("custom_id: required")
    _limit(problems, "custom_id", data.get("custom_id"), 100)
    title = data.get("title")
    if not isinstance(title, str) or not 1 <= len(title) <= 45:
        problems.append("title: must be between 1 and 45 in length")
    comps = data.get("components") or []
    if not 1 <= len(comps) <= 5:
        problems.append("components: a modal needs 1 to 5 top-level components")
    return problems


def _check_options(options: list[dict[str, Any]], path: str, problems: list[str]) -> None:
    if len(options) > 25:
        problems.append(f"{path}: must be 25 or fewer in length")
    seen_optional = False
    names: set[str] = set()
    for i, opt in enumerate(options):
        p = f"{path}.{i}"
        name = opt.get("name", "")
        if not COMMAND_NAME_RE.match(name) or name != name.lower():
            problems.append(f"{p}.name: invalid option name {name!r}")
        if name in names:
            problems.append(f"{p}.name: duplicate option name {name!r}")
        names.add(name)
        desc = opt.get("description", "")
        if not 1 <= len(desc) <= 100:
            problems.append(f"{p}.description: must be between 1 and 100 in length")
        if opt.get("type") in (1, 2):
            _check_options(opt.get("options") or [], f"{p}.options", problems)
            continue
        if opt.get("required"):
            if seen_optional:
                problems.append(f"{p}: required options must be placed before non-required options")
        else:
            seen_optional = True
        choices = opt.get("choices") or []
        if choices and opt.get("autocomplete"):
            problems.append(f"{p}: autocomplete cannot be used with choices")
        problems.extend(f"{p}.{x}" for x in check_choices(choices))


def check_commands(commands: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(commands) > 100:
        problems.append("too many chat input commands (max 100)")
    seen: set[tuple[int, str]] = set()
    for i, cmd in enumerate(commands):
        p = str(i)
        ctype = cmd.get("type", 1)
        name = cmd.get("name", "")
        key = (ctype, name)
        if key in seen:
            problems.append(f"{p}.name: application command names must be unique ({name!r})")
        seen.add(key)
        if ctype == 1:
            if not COMMAND_NAME_RE.match(name) or name != name.lower():
                problems.append(f"{p}.name: invalid chat input command name {name!r}")
            desc = cmd.get("description", "")
            if not 1 <= len(desc) <= 100:
                problems.append(f"{p}.description: must be between 1 and 100 in length")
            _check_options(cmd.get("options") or [], f"{p}.options", problems)
        elif not 1 <= len(name) <= 32:
            problems.append(f"{p}.name: must be between 1 and 32 in length")
    return problems
