"""Shared HTTP helpers: Discord-style errors, exact JSON responses, body parsing, middleware."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

if TYPE_CHECKING:
    from .server import FakeDiscord

API_PREFIX = "/api/v10"
FAKE_KEY: web.AppKey[Any] = web.AppKey("fakediscord")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
LOADING = 1 << 7
EPHEMERAL = 1 << 6


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: int = 0, errors: Any = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.errors = status, message, code, errors

    def response(self) -> web.Response:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors is not None:
            body["errors"] = self.errors
        return json_response(body, self.status)


def json_response(data: Any, status: int = 200) -> web.Response:
    # exactly "application/json": discord.py only parses JSON for that content type
    body = json.dumps(data).encode()
    return web.Response(status=status, body=body, content_type="application/json")


def no_content() -> web.Response:
    return web.Response(status=204)


def invalid_form(problems: list[str]) -> ApiError:
    """Discord's 400 for ``problems`` (``"a.b.c: message"``), nested as Discord nests errors."""
    if any("code 50006" in p for p in problems):
        return ApiError(400, "Cannot send an empty message", 50006)
    root: dict[str, Any] = {}
    for problem in problems:
        path, sep, message = problem.partition(": ")
        node = root
        if sep:
            for part in path.split("."):
                node = node.setdefault(part, {})
        else:
            message = problem
        node.setdefault("_errors", []).append({"code": "INVALID", "message": message})
    return ApiError(400, "Invalid Form Body", 50035, root)


async def read_body(request: web.Request) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """JSON body, or ``payload_json`` + files of a multipart body."""
    if request.content_type.startswith("multipart/"):
        payload: dict[str, Any] = {}
        files: list[dict[str, Any]] = []
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            elif part.filename:
                data = bytes(await part.read())
                files.append(
                    {
                        "field": part.name,
                        "filename": part.filename,
                        "data": data,
                        "content_type": part.headers.get("Content-Type"),
                    }
                )
        return payload, files
    text = await request.text()
    return (json.loads(text) if text else {}), []


@web.middleware
async def api_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    fake: FakeDiscord = request.app[FAKE_KEY]
    path = request.path
    if not path.startswith(API_PREFIX + "/"):
        return await handler(request)
    rel = path.removeprefix(API_PREFIX)
    fake.requests.append((request.method, rel))
    open_route = rel.startswith(("/webhooks/", "/interactions/"))
    try:
        if not open_route and request.headers.get("Authorization") != f"Bot {fake.token}":
            raise ApiError(401, "401: Unauthorized", 0)
        response = await handler(request)
    except ApiError as exc:
        response = exc.response()
        fake.errors.append(
            {
                "method": request.method,
                "path": rel,
                "status": exc.status,
                "code": exc.code,
                "message": exc.message,
                "errors": exc.errors,
            }
        )
        fake.notify()
    return response
