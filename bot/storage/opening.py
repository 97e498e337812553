"""Opening a database file safely: check first, then migrate.

Everything that can refuse a file (wrong kind of file, damaged, locked, made by a
newer Yutu) runs before the first write, so a refused file is left byte-identical.
Only then is the file switched to WAL and brought up to date by the numbered,
append-only scripts in `migrations/`, tracked by `PRAGMA user_version`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
from importlib import resources
from pathlib import Path

import aiosqlite

from bot.errors import StorageError

APPLICATION_ID = 0x59757475  # "Yutu"; lets us tell our files from other SQLite files
OPEN_TIMEOUT = 2.0  # seconds to wait for another program's lock when opening
BUSY_TIMEOUT_MS = 5000  # once open: how long a statement waits for a lock
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATION_NAME = re.compile(r"^(\d{4})_\w+\.sql$")

# Why synchronous=NORMAL: in WAL mode every COMMIT has been written to the WAL file
# (the OS page cache) before it returns, so a commit survives the process being killed
# (SIGKILL, crash, OOM): "a point is committed before the bot says correct" holds.
# What NORMAL skips is the fsync per commit, so only a power loss or OS crash can lose
# the last few transactions; the database stays consistent either way. FULL would add
# an fsync to every award, which is slow on the SD cards small bots often run on.
PRAGMAS = ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL")
# Foreign keys are enforced once migrations have run: a migration that rebuilds a table
# needs them off (SQLite's documented way), and checks them itself before committing.
ENFORCE_KEYS = "PRAGMA foreign_keys = ON"


@functools.cache
def migrations() -> tuple[tuple[int, str, str], ...]:
    """The bundled SQLite migrations as (number, file name, SQL), numbered 1, 2, 3, ..."""
    return numbered_scripts("migrations")


def numbered_scripts(folder_name: str) -> tuple[tuple[int, str, str], ...]:
    """The `NNNN_name.sql` scripts of a folder of `bot.storage`, checked to be numbered
    1, 2, 3, ... with no gap, as (number, file name, SQL)."""
    folder = resources.files("bot.storage").joinpath(folder_name)
    found = sorted(
        (int(match[1]), entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if (match := MIGRATION_NAME.match(entry.name))
    )
    for expected, (number, name, _) in enumerate(found, start=1):
        if number != expected:
            raise RuntimeError(f"migration {name} is out of sequence: expected {expected:04d}_*")
    return tuple(found)


def split_statements(script: str) -> list[str]:
    """Split an SQL script into statements (triggers and quoted ';' are handled by SQLite)."""
    statements: list[str] = []
    start = 0
    for end, char in enumerate(script):
        if char == ";" and sqlite3.complete_statement(script[start : end + 1]):
            statements.append(script[start : end + 1].strip())
            start = end + 1
    rest = "\n".join(
        line for line in script[start:].splitlines() if not line.strip().startswith("--")
    )
    if rest.strip():
        raise RuntimeError(f"unterminated SQL statement: {rest.strip()[:60]!r}")
    return statements


def describe(path: Path, exc: sqlite3.Error, doing: str) -> StorageError:
    """Turn an sqlite3 error into one line that names the file."""
    detail = " ".join(str(exc).split()) or type(exc).__name__
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # primary of extended code
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StorageError(f"{path} is locked by another program (is another Yutu using it?)")
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return StorageError(f"{path} is not a Yutu database or is damaged: {detail}")
    return StorageError(f"cannot {doing} {path}: {detail}")


def check_path(path: Path, *, write: bool = True) -> bool:
    """Refuse paths SQLite cannot use, creating missing folders; True if the file exists.
    Without `write` (a read-only look), a read-only file or folder is fine."""
    if path.is_dir():
        raise StorageError(f"cannot use {path}: it is a folder, not a database file")
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StorageError(f"cannot create {path}: {parent} is a file, not a folder") from None
    except OSError as exc:
        raise StorageError(f"cannot create {path}: {exc.strerror or exc}") from None
    if not path.exists():
        if not os.access(parent, os.W_OK):
            raise StorageError(f"cannot create {path}: {parent} is not writable")
        return False
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head and head != SQLITE_MAGIC:
        raise StorageError(f"{path} is not a Yutu database or is damaged: not an SQLite file")
    if write and not (os.access(path, os.W_OK) and os.access(parent, os.W_OK)):
        raise StorageError(f"cannot write {path}: the file or its folder is read-only")
    return True


def readonly_uri(path: Path) -> str:
    """A SQLite URI that opens an existing database file for reading only."""
    if not path.is_file():
        raise StorageError(f"{path} does not exist yet")
    check_path(path, write=False)
    return f"{path.resolve().as_uri()}?mode=ro"


def remove_new_file(path: Path) -> None:
    """Undo a file this process just created (and SQLite's side files) after a failed open."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


async def _scalar(conn: aiosqlite.Connection, sql: str) -> int | None:
    rows = list(await conn.execute_fetchall(sql))
    return rows[0][0] if rows else None


async def prepare(conn: aiosqlite.Connection, path: Path, *, write: bool = True) -> int:
    """Validate the open file read-only, then (with `write`) set PRAGMAs and migrate;
    returns the schema version."""
    steps = migrations()
    known = len(steps)
    app_id = await _scalar(conn, "PRAGMA application_id")
    version = int(await _scalar(conn, "PRAGMA user_version") or 0)
    objects = await _scalar(conn, "SELECT count(*) FROM sqlite_master")
    if app_id not in (0, APPLICATION_ID) or (version == 0 and objects):
        raise StorageError(f"{path} is not a Yutu database: it holds another program's data")
    if version > known:
        raise StorageError(
            f"{path} was made by a newer Yutu (schema version {version}, this Yutu knows "
            f"up to {known}); upgrade Yutu or choose another database file"
        )
    problems = [row[0] for row in await conn.execute_fetchall("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        raise StorageError(f"{path} is not a Yutu database or is damaged: {problems[0]}")

    if not write:
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        return version

    # From here on we may write: the file is ours, healthy and not from the future.
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    try:
        await conn.execute("BEGIN IMMEDIATE")  # also fails fast if another writer holds it
        for _, _, script in steps[version:]:
            for statement in split_statements(script):
                await conn.execute(statement)
        if version < known:
            broken = list(await conn.execute_fetchall("PRAGMA foreign_key_check"))
            if broken:
                raise sqlite3.IntegrityError(f"migration broke {len(broken)} foreign keys")
            await conn.execute(f"PRAGMA user_version = {known:d}")
            await conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
        await conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            await conn.execute("ROLLBACK")
        raise
    await conn.execute(ENFORCE_KEYS)
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    return known
