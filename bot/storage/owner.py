"""One running Yutu per database: a second `yutu run` or `yutu chat` on the same file
would mark the first one's games as interrupted at start-up, so it refuses instead.

The claim is an advisory lock (flock) on `<database>.lock`, released when the process
ends, however it ends. Read-only commands (`yutu reports`) don't take it.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.errors import StorageError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no claim, as before
    fcntl = None  # type: ignore[assignment]


class Owner:
    """Holds the claim on one database until `release()`."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def claim(path: Path) -> Owner:
    """Claim `path` for this process, or raise StorageError if another Yutu has it."""
    if fcntl is None:
        return Owner(None)
    lock = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StorageError(f"cannot create {lock}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise StorageError(
            f"{path} is in use by another running Yutu (yutu run or yutu chat); "
            "stop it first or set YUTU_DATABASE to another file; to run several processes "
            "on one database, use PostgreSQL (YUTU_DATABASE=postgresql://...)"
        ) from None
    return Owner(fd)
