"""What every storage backend offers: the quiz session, cogs and console use only this.

`bot.storage.Storage` (SQLite, one file) and `bot.storage.postgres.PostgresStorage`
(PostgreSQL through an asyncpg pool) both implement it; `open_storage` picks one from
`YUTU_DATABASE`. Both guarantee: `award` returns only once the point is committed (awards
of concurrent callers share one transaction), `mark_interrupted` ends games left running
by a crash, and leaderboards cover all time, the last 7 and the last 30 days.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol, Self

from bot.storage.models import (
    DailyPost,
    DailySettings,
    DailyStreak,
    GameRecord,
    GuildSettings,
    LeaderRow,
    PlayerStats,
    Report,
)


def shard_of(guild_id: int, shard_count: int) -> int:
    """The gateway shard that carries a server's events (Discord's rule)."""
    return (guild_id >> 22) % shard_count


class Store(Protocol):
    async def close(self) -> None: ...
    async def __aenter__(self) -> Self: ...
    async def __aexit__(self, *exc: object) -> None: ...

    async def start_game(
        self, guild_id: int, channel_id: int, *, mode: str, topics: str, started_at: float
    ) -> int: ...
    async def award(
        self,
        game_id: int,
        guild_id: int,
        user_id: int,
        user_name: str,
        question_id: str,
        points: int,
        at: float,
        streak: int,
    ) -> None: ...
    async def record_asked(
        self, guild_id: int, channel_id: int, question_id: str, at: float
    ) -> None: ...
    async def recent_questions(self, channel_id: int, limit: int = 50) -> list[str]: ...
    async def finish_game(
        self, game_id: int, status: str, ended_at: float, stopped_by: int | None = None
    ) -> None: ...
    async def mark_interrupted(
        self, now: float, *, shards: Collection[int] | None = None, shard_count: int = 1
    ) -> int: ...

    async def leaderboard(
        self, guild_id: int, period: str = "all", *, now: float, limit: int = 10
    ) -> list[LeaderRow]: ...
    async def rank_of(
        self, guild_id: int, user_id: int, period: str = "all", *, now: float
    ) -> LeaderRow | None: ...
    async def player_stats(self, guild_id: int, user_id: int) -> PlayerStats | None: ...
    async def game(self, game_id: int) -> GameRecord | None: ...
    async def reset_scores(self, guild_id: int) -> int: ...

    async def guild_settings(self, guild_id: int) -> GuildSettings: ...
    async def save_guild_settings(self, guild_id: int, settings: GuildSettings) -> None: ...

    async def add_report(
        self,
        *,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        question_id: str,
        reason: str,
        at: float,
    ) -> int: ...
    async def reports(self, limit: int = 100) -> list[Report]: ...

    async def daily_settings(self, guild_id: int) -> DailySettings | None: ...
    async def daily_enabled(self) -> list[tuple[int, DailySettings]]: ...
    async def save_daily_settings(self, guild_id: int, settings: DailySettings) -> None: ...
    async def claim_daily(
        self, guild_id: int, day: str, question_id: str, channel_id: int, at: float
    ) -> DailyPost: ...
    async def set_daily_message(self, guild_id: int, day: str, message_id: int) -> None: ...
    async def daily_post(self, guild_id: int, day: str) -> DailyPost | None: ...
    async def open_daily(self, guild_id: int) -> list[DailyPost]: ...
    async def daily_used(self, guild_id: int) -> list[str]: ...
    async def daily_pick(
        self, guild_id: int, day: str, user_id: int, name: str, choice: int, correct: bool,
        at: float,
    ) -> str: ...  # fmt: skip
    async def daily_picks(self, guild_id: int, day: str) -> list[tuple[int, int, bool]]: ...
    async def close_daily(self, guild_id: int, day: str, at: float) -> bool: ...
    async def daily_streaks(self, guild_id: int, limit: int = 10) -> list[DailyStreak]: ...
    async def daily_streak(self, guild_id: int, user_id: int) -> DailyStreak | None: ...

    async def get_meta(self, key: str) -> str | None: ...
    async def set_meta(self, key: str, value: str) -> None: ...
