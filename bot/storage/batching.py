"""Group commit: many tasks each wait for their own item, one transaction saves them all.

With one SQLite connection every statement is a round trip to aiosqlite's thread, and a
transaction per item makes each caller wait for everyone queued before it. Instead the
items queued while a transaction runs are committed together in the next one, and every
caller returns only after the transaction holding its item has committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from bot.errors import StorageError

T = TypeVar("T")

Commit = Callable[[list[T]], Awaitable[Sequence[Exception | None]]]
"""Saves a batch in one transaction; returns, per item, None or why it was refused."""


class GroupCommit(Generic[T]):
    def __init__(self, commit: Commit[T], lock: asyncio.Lock) -> None:
        """`lock` guards the connection; `commit` runs while it is held."""
        self._commit = commit
        self._lock = lock
        self._queue: list[tuple[T, asyncio.Future[None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> None:
        """Return once `item` is committed, or raise why it was not.

        Cancelling the caller does not withdraw an item already queued.
        """
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        await future

    async def drain(self) -> None:
        """Wait until everything queued so far is committed (or refused)."""
        if self._flusher is not None:
            await asyncio.shield(self._flusher)

    async def _flush(self) -> None:
        while self._queue:
            batch: list[tuple[T, asyncio.Future[None]]] = []
            try:
                async with self._lock:  # items queued while we wait join this batch
                    batch, self._queue = self._queue, []
                    outcomes = await self._commit([item for item, _ in batch])
            except Exception as exc:
                for _, future in batch:
                    _settle(future, _copy(exc))
                continue
            except BaseException:
                for _, future in batch + self._queue:
                    future.cancel()
                raise
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                _settle(future, outcome)


def _settle(future: asyncio.Future[None], error: Exception | None) -> None:
    if future.done():  # its caller was cancelled; nobody is waiting
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)


def _copy(exc: Exception) -> Exception:
    """One exception object per waiting task, so their tracebacks do not pile up."""
    if isinstance(exc, StorageError):
        copy = StorageError(str(exc))
        copy.__cause__ = exc.__cause__
        return copy
    return exc
