"""What the storage layer returns: plain, immutable values."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.limits import DEFAULT_MODE, QUESTIONS, TIME_LIMIT

FINISHED_STATUSES = ("completed", "stopped", "abandoned", "failed", "interrupted")
"""How a game can end: played to the end; stopped by a player; abandoned (nobody answered
for several questions); failed (its points could not be saved); interrupted (the bot shut
down or crashed)."""


def check_status(status: str) -> None:
    """Refuse a game outcome that is not one of FINISHED_STATUSES."""
    if status not in FINISHED_STATUSES:
        raise ValueError(f"unknown game status {status!r}; use one of {FINISHED_STATUSES}")


PERIODS = {"all": None, "week": 7, "month": 30}
"""Leaderboard periods and their length in days (None = every award ever)."""


@dataclass(frozen=True)
class LeaderRow:
    """One line of a leaderboard. Tied players share `rank` (1, 2, 2, 4)."""

    rank: int
    user_id: int
    name: str
    points: int
    correct: int


@dataclass(frozen=True)
class PlayerStats:
    """A player's totals on one server. They change only when the player scores, so they
    count games *scored in* and the last time they *scored* (the `players` table calls
    these columns games_played and last_played)."""

    user_id: int
    name: str
    points: int
    correct_answers: int
    games_scored_in: int
    games_won: int
    best_streak: int
    last_scored: float
    rank: int


@dataclass(frozen=True)
class GameRecord:
    """A game and the points each player scored in it (highest first)."""

    id: int
    guild_id: int
    channel_id: int
    mode: str
    topics: str
    status: str
    started_at: float
    ended_at: float | None
    stopped_by: int | None = None
    scores: dict[int, int] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class GuildSettings:
    """Per-server quiz settings; an empty `channels` means games may run anywhere."""

    questions: int = QUESTIONS.default
    time_limit: int = TIME_LIMIT.default
    mode: str = DEFAULT_MODE
    channels: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Report:
    """Someone flagged a quiz question as wrong or unclear."""

    id: int
    guild_id: int | None
    channel_id: int | None
    user_id: int
    question_id: str
    reason: str
    at: float


@dataclass(frozen=True)
class DailySettings:
    """Where and when a server's daily question is posted."""

    channel_id: int
    post_minute: int  # minutes after 00:00 UTC
    by_weekday: bool = False  # difficulty follows the weekday (easy Monday, hard Friday)
    enabled: bool = True


@dataclass(frozen=True)
class DailyPost:
    """A server's question of one day; `message_id` is None until it has been sent, and
    `closed_at` is set once the answer is revealed."""

    guild_id: int
    day: str  # YYYY-MM-DD (UTC)
    question_id: str
    channel_id: int
    message_id: int | None
    posted_at: float
    closed_at: float | None


@dataclass(frozen=True)
class DailyStreak:
    user_id: int
    name: str
    current: int
    best: int


PICKED, ALREADY_PICKED, DAY_OVER = "picked", "already picked", "day over"
"""What a daily pick can come to."""


@dataclass(frozen=True)
class PackInfo:
    """A question pack a server imported (its file is kept beside it)."""

    name: str
    title: str
    format: str  # "yutu" or "red"
    questions: int
    added_by: int
    added_at: float
