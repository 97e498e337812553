"""A server's own question packs, as the application offers them (`Yutu.packs`).

Admins import a pack file (Yutu's quiz format or a Red trivia list, see
`bot/quiz/packs.py`); it is checked whole and stored only if it has no problem, kept as
uploaded so that export gives the same file back, and seen only by the server that
imported it. A game loads its pack from the database, so packs survive restarts.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import YutuError, require_admin
from bot.quiz.packs import MAX_BYTES, Pack, PackError, pack_name, parse_pack, with_drawn_choices
from bot.storage import Store
from bot.storage.models import PackInfo


@dataclass(frozen=True)
class Imported:
    info: PackInfo
    notes: tuple[str, ...]  # what the file holds that Yutu does not use


class Packs:
    def __init__(self, storage: Store, wall: Callable[[], float]) -> None:
        self.storage, self.wall = storage, wall
        self._parsed: dict[tuple[int, str], tuple[str, Pack]] = {}  # by content digest
        self._drawn: dict[int, tuple[Pack, Pack | None]] = {}  # id(parsed pack) -> with choices

    async def import_pack(
        self, guild_id: int, admin: bool, person_id: int, filename: str, data: bytes,
        name: str | None = None,
    ) -> Imported:  # fmt: skip
        """Check a pack file and store it under `name` (default: from the file name);
        PackError lists its problems, and nothing is stored then."""
        require_admin(admin, "import question packs")
        if len(data) > MAX_BYTES:
            raise PackError([f"1: the file is larger than {MAX_BYTES // 1_000_000} MB"])
        name = pack_name(name or filename)
        pack = parse_pack(data, name)
        info = PackInfo(name, pack.title, pack.format, len(pack.questions), person_id,
                        self.wall())  # fmt: skip
        if not await self.storage.add_pack(guild_id, info, data.decode("utf-8-sig")):
            raise YutuError(f"This server already has a pack called {name}: remove it first "
                            "(/pack remove) or import this one under another name.")  # fmt: skip
        return Imported(info, pack.notes)

    async def list(self, guild_id: int) -> list[PackInfo]:
        return await self.storage.packs(guild_id)

    async def names_like(self, guild_id: int, typed: str, limit: int = 25) -> list[PackInfo]:
        wanted = "-".join(typed.lower().split())  # "club night" finds club-night
        return [p for p in await self.list(guild_id) if wanted in p.name][:limit]

    async def remove(self, guild_id: int, admin: bool, name: str) -> None:
        require_admin(admin, "remove question packs")
        if not await self.storage.remove_pack(guild_id, pack_name(name)):
            raise self._unknown(name)
        self._parsed.pop((guild_id, pack_name(name)), None)

    async def export(self, guild_id: int, name: str) -> tuple[str, bytes]:
        """The pack's file, as it was imported, and a file name for it."""
        name = pack_name(name)
        content = await self.storage.pack_content(guild_id, name)
        if content is None:
            raise self._unknown(name)
        return f"{name}.yaml", content.encode()

    async def load(self, guild_id: int, name: str) -> Pack:
        """A server's pack, ready to play."""
        name = pack_name(name)
        content = await self.storage.pack_content(guild_id, name)
        if content is None:
            raise self._unknown(name)
        digest = hashlib.sha256(content.encode()).hexdigest()
        cached = self._parsed.get((guild_id, name))
        if cached is not None and cached[0] == digest:
            return cached[1]
        try:
            pack = parse_pack(content, name)
        except PackError as exc:  # stored by an older Yutu with other rules
            raise YutuError(f"The pack {name} no longer passes the checks ({exc}); "
                            "export it, fix it and import it again.") from None  # fmt: skip
        self._parsed[(guild_id, name)] = (digest, pack)
        return pack

    async def with_choices(self, pack: Pack) -> Pack | None:
        """The pack with wrong choices for buttons (None if it has too few answers); drawn
        once per loaded pack, off the event loop (a 2,000-question pack takes about 1 s)."""
        cached = self._drawn.get(id(pack))
        if cached is None or cached[0] is not pack:
            cached = (pack, await asyncio.to_thread(with_drawn_choices, pack))
            live = {id(parsed) for _, parsed in self._parsed.values()}
            self._drawn = {k: v for k, v in self._drawn.items() if k in live}
            self._drawn[id(pack)] = cached
        return cached[1]

    @staticmethod
    def _unknown(name: str) -> YutuError:
        return YutuError(f"This server has no pack called {pack_name(name)}. /pack list shows "
                         "its packs.")  # fmt: skip
