"""The SQL statements too long to read inline in `database.py`."""

from __future__ import annotations

KEEP_ASKED = 1000
"""Questions remembered per channel; older rows are pruned as new ones are recorded."""

INSERT_GAME = """
INSERT INTO games (guild_id, channel_id, mode, topics, started_at) VALUES (?, ?, ?, ?, ?)
"""

GAME = """
SELECT id, guild_id, channel_id, mode, topics, status, started_at, ended_at, stopped_by
FROM games WHERE id = ?
"""

RUNNING_GAMES = "SELECT id, guild_id FROM games WHERE ended_at IS NULL"  # few: one per channel

INSERT_AWARD = """
INSERT INTO awards (game_id, guild_id, user_id, question_id, points, at)
VALUES (:game, :guild, :user, :question, :points, :at)
"""

UPSERT_PLAYER = """
INSERT INTO players (guild_id, user_id, name, points, correct_answers, best_streak, last_played)
VALUES (:guild, :user, :name, :points, 1, :streak, :at)
ON CONFLICT (guild_id, user_id) DO UPDATE SET
    name = excluded.name,
    points = points + excluded.points,
    correct_answers = correct_answers + 1,
    best_streak = max(best_streak, excluded.best_streak),
    last_played = max(last_played, excluded.last_played)
"""

GAME_TOTALS = """
SELECT guild_id, user_id, sum(points) FROM awards WHERE game_id = ?
GROUP BY guild_id, user_id ORDER BY sum(points) DESC, min(id)
"""

PRUNE_ASKED = f"""
DELETE FROM asked WHERE channel_id = :channel AND (at, id) < (
    SELECT at, id FROM asked WHERE channel_id = :channel
    ORDER BY at DESC, id DESC LIMIT 1 OFFSET {KEEP_ASKED - 1:d}
)
"""

RECENT_QUESTIONS = """
SELECT question_id FROM asked WHERE channel_id = ?
GROUP BY question_id ORDER BY max(at) DESC, max(id) DESC LIMIT ?
"""

# Leaderboards. Ties share a rank (RANK(): 1, 2, 2, 4); within a tie whoever reached the
# score first is listed first, then the lower user id, so the order is deterministic.
RANKED_ALL = """
SELECT RANK() OVER (ORDER BY points DESC) AS rank, user_id, name, points,
       correct_answers AS correct, last_played AS reached
FROM players WHERE guild_id = :guild
"""

RANKED_SINCE = """
SELECT RANK() OVER (ORDER BY t.points DESC) AS rank, t.user_id, p.name, t.points,
       t.correct, t.reached
FROM (
    SELECT user_id, sum(points) AS points, count(*) AS correct, max(at) AS reached
    FROM awards WHERE guild_id = :guild AND at >= :since GROUP BY user_id
) AS t
JOIN players AS p ON p.guild_id = :guild AND p.user_id = t.user_id
"""


def ranked(period_days: int | None) -> str:
    return RANKED_ALL if period_days is None else RANKED_SINCE


def leaderboard(period_days: int | None) -> str:
    return f"""
SELECT rank, user_id, name, points, correct FROM ({ranked(period_days)})
ORDER BY points DESC, reached, user_id LIMIT :limit
"""


def rank_of(period_days: int | None) -> str:
    return f"""
SELECT rank, user_id, name, points, correct FROM ({ranked(period_days)})
WHERE user_id = :user
"""


PLAYER_STATS = """
SELECT p.user_id, p.name, p.points, p.correct_answers, p.games_played, p.games_won,
       p.best_streak, p.last_played,
       (SELECT count(*) + 1 FROM players AS o
        WHERE o.guild_id = p.guild_id AND o.points > p.points) AS rank
FROM players AS p WHERE p.guild_id = ? AND p.user_id = ?
"""

GUILD_SETTINGS = "SELECT questions, time_limit, mode FROM guild_settings WHERE guild_id = ?"

SAVE_SETTINGS = """
INSERT INTO guild_settings (guild_id, questions, time_limit, mode) VALUES (?, ?, ?, ?)
ON CONFLICT (guild_id) DO UPDATE SET
    questions = excluded.questions, time_limit = excluded.time_limit, mode = excluded.mode
"""

INSERT_REPORT = """
INSERT INTO reports (guild_id, channel_id, user_id, question_id, reason, at)
VALUES (?, ?, ?, ?, ?, ?)
"""

REPORTS = """
SELECT id, guild_id, channel_id, user_id, question_id, reason, at
FROM reports ORDER BY at DESC, id DESC LIMIT ?
"""

# The daily question.
DAILY_SETTINGS = """
SELECT channel_id, post_minute, by_weekday, enabled FROM daily_settings WHERE guild_id = ?
"""
DAILY_ENABLED = """
SELECT guild_id, channel_id, post_minute, by_weekday, enabled FROM daily_settings
WHERE enabled ORDER BY guild_id
"""
SAVE_DAILY = """
INSERT INTO daily_settings (guild_id, channel_id, post_minute, by_weekday, enabled)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id,
    post_minute = excluded.post_minute, by_weekday = excluded.by_weekday,
    enabled = excluded.enabled
"""
DAILY_POST_COLUMNS = "guild_id, day, question_id, channel_id, message_id, posted_at, closed_at"
CLAIM_DAILY = """
INSERT INTO daily_posts (guild_id, day, question_id, channel_id, posted_at)
VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
"""
DAILY_POST = f"SELECT {DAILY_POST_COLUMNS} FROM daily_posts WHERE guild_id = ? AND day = ?"
OPEN_DAILY = f"""
SELECT {DAILY_POST_COLUMNS} FROM daily_posts
WHERE guild_id = ? AND closed_at IS NULL ORDER BY day
"""
DAILY_USED = "SELECT question_id FROM daily_posts WHERE guild_id = ? ORDER BY day"
INSERT_PICK = """
INSERT INTO daily_picks (guild_id, day, user_id, name, choice, correct, at)
VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
"""
DAILY_PICKS = """
SELECT user_id, choice, correct FROM daily_picks WHERE guild_id = ? AND day = ? ORDER BY at
"""
# Closing a day: whoever did not pick right that day starts again from 0; right picks
# extend their streak (inserted at 1 for a first right day).
RESET_STREAKS = """
UPDATE daily_streaks SET current = 0 WHERE guild_id = :guild AND user_id NOT IN (
    SELECT user_id FROM daily_picks WHERE guild_id = :guild AND day = :day AND correct
)
"""
EXTEND_STREAKS = """
INSERT INTO daily_streaks (guild_id, user_id, name, current, best, last_day)
SELECT guild_id, user_id, name, 1, 1, day FROM daily_picks
WHERE guild_id = :guild AND day = :day AND correct
ON CONFLICT (guild_id, user_id) DO UPDATE SET
    name = excluded.name, current = current + 1, best = max(best, current + 1),
    last_day = excluded.last_day
"""
DAILY_STREAKS = """
SELECT user_id, name, current, best FROM daily_streaks
WHERE guild_id = ? AND current > 0 ORDER BY current DESC, best DESC, user_id LIMIT ?
"""
DAILY_STREAK = """
SELECT user_id, name, current, best FROM daily_streaks WHERE guild_id = ? AND user_id = ?
"""

# Question packs.
ADD_PACK = """
INSERT INTO packs (guild_id, name, title, format, questions, content, added_by, added_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
"""
PACKS = """
SELECT name, title, format, questions, added_by, added_at FROM packs
WHERE guild_id = ? ORDER BY name
"""
PACK_CONTENT = "SELECT content FROM packs WHERE guild_id = ? AND name = ?"
