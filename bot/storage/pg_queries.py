"""The PostgreSQL dialect of the statements in `queries.py` (asyncpg: $1, $2, ... params).

The meaning of every statement is the same as its SQLite twin; only the spelling differs.
"""

from __future__ import annotations

from bot.storage.queries import KEEP_ASKED

SCHEMA_TABLE = "yutu_schema"

INSERT_GAME = """
INSERT INTO games (guild_id, channel_id, mode, topics, started_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id
"""

GAME = """
SELECT id, guild_id, channel_id, mode, topics, status, started_at, ended_at, stopped_by
FROM games WHERE id = $1
"""

# The games a batch of awards names, locked against a concurrent finish until commit.
GAME_EXISTS = "SELECT 1 FROM games WHERE id = $1"

RUNNING_OF = """
SELECT id, guild_id FROM games WHERE id = ANY($1::bigint[]) AND ended_at IS NULL FOR SHARE
"""

RUNNING_IN_SHARDS = """
SELECT id FROM games
WHERE ended_at IS NULL AND ($1::int[] IS NULL OR ((guild_id >> 22) % $2) = ANY($1::int[]))
ORDER BY id
"""

INSERT_AWARDS = """
INSERT INTO awards (game_id, guild_id, user_id, question_id, points, at)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::int[],
                     $6::float8[])
"""

# One row per (guild, user), already summed over the batch and sorted (so two processes
# upserting the same players lock them in the same order).
UPSERT_PLAYERS = """
INSERT INTO players AS p (guild_id, user_id, name, points, correct_answers, best_streak,
                          last_played)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[], $5::int[], $6::int[],
                     $7::float8[])
ON CONFLICT (guild_id, user_id) DO UPDATE SET
    name = excluded.name,
    points = p.points + excluded.points,
    correct_answers = p.correct_answers + excluded.correct_answers,
    best_streak = greatest(p.best_streak, excluded.best_streak),
    last_played = greatest(p.last_played, excluded.last_played)
"""

FINISH = """
UPDATE games SET status = $2, ended_at = $3, stopped_by = $4
WHERE id = $1 AND ended_at IS NULL
"""

GAME_TOTALS = """
SELECT guild_id, user_id, sum(points)::int AS points FROM awards WHERE game_id = $1
GROUP BY guild_id, user_id ORDER BY sum(points) DESC, min(id)
"""

COUNT_PLAYED = """
UPDATE players SET games_played = games_played + 1
WHERE (guild_id, user_id) IN (SELECT * FROM unnest($1::bigint[], $2::bigint[]))
"""

COUNT_WON = """
UPDATE players SET games_won = games_won + 1
WHERE (guild_id, user_id) IN (SELECT * FROM unnest($1::bigint[], $2::bigint[]))
"""

INSERT_ASKED = "INSERT INTO asked (guild_id, channel_id, question_id, at) VALUES ($1, $2, $3, $4)"

PRUNE_ASKED = f"""
DELETE FROM asked WHERE channel_id = $1 AND (at, id) < (
    SELECT at, id FROM asked WHERE channel_id = $1
    ORDER BY at DESC, id DESC LIMIT 1 OFFSET {KEEP_ASKED - 1:d}
)
"""

RECENT_QUESTIONS = """
SELECT question_id FROM asked WHERE channel_id = $1
GROUP BY question_id ORDER BY max(at) DESC, max(id) DESC LIMIT $2
"""

# Leaderboards: $1 guild, $2 since ("all" passes -infinity: every player's last_played is
# later). Ties share a rank (RANK()); within a tie whoever reached the score first comes
# first, then the lower user id.
RANKED_ALL = """
SELECT RANK() OVER (ORDER BY points DESC) AS rank, user_id, name, points,
       correct_answers AS correct, last_played AS reached
FROM players WHERE guild_id = $1 AND last_played >= $2
"""

RANKED_SINCE = """
SELECT RANK() OVER (ORDER BY t.points DESC) AS rank, t.user_id, p.name, t.points,
       t.correct, t.reached
FROM (
    SELECT user_id, sum(points)::int AS points, count(*)::int AS correct, max(at) AS reached
    FROM awards WHERE guild_id = $1 AND at >= $2 GROUP BY user_id
) AS t
JOIN players AS p ON p.guild_id = $1 AND p.user_id = t.user_id
"""


def ranked(period_days: int | None) -> str:
    return RANKED_ALL if period_days is None else RANKED_SINCE


def leaderboard(period_days: int | None) -> str:
    """$1 guild, $2 since, $3 limit."""
    return f"""
SELECT rank::int, user_id, name, points, correct FROM ({ranked(period_days)}) AS r
ORDER BY points DESC, reached, user_id LIMIT $3
"""


def rank_of(period_days: int | None) -> str:
    """$1 guild, $2 since, $3 user."""
    return f"""
SELECT rank::int, user_id, name, points, correct FROM ({ranked(period_days)}) AS r
WHERE user_id = $3
"""


PLAYER_STATS = """
SELECT p.user_id, p.name, p.points, p.correct_answers, p.games_played, p.games_won,
       p.best_streak, p.last_played,
       (SELECT count(*) + 1 FROM players AS o
        WHERE o.guild_id = p.guild_id AND o.points > p.points)::int AS rank
FROM players AS p WHERE p.guild_id = $1 AND p.user_id = $2
"""

GUILD_SETTINGS = "SELECT questions, time_limit, mode FROM guild_settings WHERE guild_id = $1"
GUILD_CHANNELS = "SELECT channel_id FROM guild_channels WHERE guild_id = $1"

SAVE_SETTINGS = """
INSERT INTO guild_settings (guild_id, questions, time_limit, mode) VALUES ($1, $2, $3, $4)
ON CONFLICT (guild_id) DO UPDATE SET
    questions = excluded.questions, time_limit = excluded.time_limit, mode = excluded.mode
"""

DELETE_CHANNELS = "DELETE FROM guild_channels WHERE guild_id = $1"
INSERT_CHANNEL = "INSERT INTO guild_channels (guild_id, channel_id) VALUES ($1, $2)"

DELETE_AWARDS = "DELETE FROM awards WHERE guild_id = $1"
DELETE_PLAYERS = "DELETE FROM players WHERE guild_id = $1"

INSERT_REPORT = """
INSERT INTO reports (guild_id, channel_id, user_id, question_id, reason, at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
"""

REPORTS = """
SELECT id, guild_id, channel_id, user_id, question_id, reason, at
FROM reports ORDER BY at DESC, id DESC LIMIT $1
"""

GET_META = "SELECT value FROM meta WHERE key = $1"
SET_META = """
INSERT INTO meta (key, value) VALUES ($1, $2)
ON CONFLICT (key) DO UPDATE SET value = excluded.value
"""

# Opening: what is there, and the schema version.
TABLES = """
SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
"""
CREATE_SCHEMA_TABLE = f"""
CREATE TABLE {SCHEMA_TABLE} (
    version     integer NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
)
"""
SCHEMA_VERSION = f"SELECT coalesce(max(version), 0) FROM {SCHEMA_TABLE}"
RECORD_VERSION = f"INSERT INTO {SCHEMA_TABLE} (version) VALUES ($1)"
# Serializes migrations of processes starting at once (a transaction-scoped advisory lock).
MIGRATION_LOCK = "SELECT pg_advisory_xact_lock($1)"
# Claims on shards (two-key advisory locks: Yutu's class, then a shard or -1 for all).
TRY_LOCK = "SELECT pg_try_advisory_lock($1, $2)"
TRY_LOCK_SHARED = "SELECT pg_try_advisory_lock_shared($1, $2)"

# The daily question.
DAILY_SETTINGS = """
SELECT channel_id, post_minute, by_weekday, enabled FROM daily_settings WHERE guild_id = $1
"""
DAILY_ENABLED = """
SELECT guild_id, channel_id, post_minute, by_weekday, enabled FROM daily_settings
WHERE enabled ORDER BY guild_id
"""
SAVE_DAILY = """
INSERT INTO daily_settings (guild_id, channel_id, post_minute, by_weekday, enabled)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id,
    post_minute = excluded.post_minute, by_weekday = excluded.by_weekday,
    enabled = excluded.enabled
"""
DAILY_POST_COLUMNS = "guild_id, day, question_id, channel_id, message_id, posted_at, closed_at"
CLAIM_DAILY = """
INSERT INTO daily_posts (guild_id, day, question_id, channel_id, posted_at)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
"""
DAILY_POST = f"SELECT {DAILY_POST_COLUMNS} FROM daily_posts WHERE guild_id = $1 AND day = $2"
SET_DAILY_MESSAGE = "UPDATE daily_posts SET message_id = $3 WHERE guild_id = $1 AND day = $2"
OPEN_DAILY = f"""
SELECT {DAILY_POST_COLUMNS} FROM daily_posts
WHERE guild_id = $1 AND closed_at IS NULL ORDER BY day
"""
DAILY_USED = "SELECT question_id FROM daily_posts WHERE guild_id = $1 ORDER BY day"
DAILY_CLOSED_AT = """
SELECT closed_at FROM daily_posts WHERE guild_id = $1 AND day = $2 FOR UPDATE
"""
INSERT_PICK = """
INSERT INTO daily_picks (guild_id, day, user_id, name, choice, correct, at)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
"""
DAILY_PICKS = """
SELECT user_id, choice, correct FROM daily_picks WHERE guild_id = $1 AND day = $2 ORDER BY at
"""
CLOSE_DAILY = """
UPDATE daily_posts SET closed_at = $3 WHERE guild_id = $1 AND day = $2 AND closed_at IS NULL
"""
RESET_STREAKS = """
UPDATE daily_streaks SET current = 0 WHERE guild_id = $1 AND user_id NOT IN (
    SELECT user_id FROM daily_picks WHERE guild_id = $1 AND day = $2 AND correct
)
"""
EXTEND_STREAKS = """
INSERT INTO daily_streaks AS s (guild_id, user_id, name, current, best, last_day)
SELECT guild_id, user_id, name, 1, 1, day FROM daily_picks
WHERE guild_id = $1 AND day = $2 AND correct
ON CONFLICT (guild_id, user_id) DO UPDATE SET
    name = excluded.name, current = s.current + 1, best = GREATEST(s.best, s.current + 1),
    last_day = excluded.last_day
"""
DAILY_STREAKS = """
SELECT user_id, name, current, best FROM daily_streaks
WHERE guild_id = $1 AND current > 0 ORDER BY current DESC, best DESC, user_id LIMIT $2
"""
DAILY_STREAK = """
SELECT user_id, name, current, best FROM daily_streaks WHERE guild_id = $1 AND user_id = $2
"""
DELETE_STREAKS = "DELETE FROM daily_streaks WHERE guild_id = $1"

# Question packs.
ADD_PACK = """
INSERT INTO packs (guild_id, name, title, format, questions, content, added_by, added_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING
"""
PACKS = """
SELECT name, title, format, questions, added_by, added_at FROM packs
WHERE guild_id = $1 ORDER BY name
"""
PACK_CONTENT = "SELECT content FROM packs WHERE guild_id = $1 AND name = $2"
REMOVE_PACK = "DELETE FROM packs WHERE guild_id = $1 AND name = $2"
