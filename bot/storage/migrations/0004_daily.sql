-- Schema version 4: the daily question. Days are UTC dates written YYYY-MM-DD.

-- Where and when a server's daily question is posted (minutes after 00:00 UTC).
CREATE TABLE daily_settings (
    guild_id     INTEGER PRIMARY KEY,
    channel_id   INTEGER NOT NULL,
    post_minute  INTEGER NOT NULL CHECK (post_minute BETWEEN 0 AND 1439),
    by_weekday   INTEGER NOT NULL DEFAULT 0,
    enabled      INTEGER NOT NULL DEFAULT 1
);

-- One question per server and day. The row is written before the message is sent, so a
-- day is never posted twice; message_id is filled in once Discord has the message.
CREATE TABLE daily_posts (
    guild_id     INTEGER NOT NULL,
    day          TEXT    NOT NULL,
    question_id  TEXT    NOT NULL,
    channel_id   INTEGER NOT NULL,
    message_id   INTEGER,
    posted_at    REAL    NOT NULL,
    closed_at    REAL,
    PRIMARY KEY (guild_id, day)
) WITHOUT ROWID;

-- One pick per player and day.
CREATE TABLE daily_picks (
    guild_id  INTEGER NOT NULL,
    day       TEXT    NOT NULL,
    user_id   INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    choice    INTEGER NOT NULL,
    correct   INTEGER NOT NULL,
    at        REAL    NOT NULL,
    PRIMARY KEY (guild_id, day, user_id),
    FOREIGN KEY (guild_id, day) REFERENCES daily_posts (guild_id, day)
) WITHOUT ROWID;

-- Streaks of days answered correctly, updated when a day closes.
CREATE TABLE daily_streaks (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    current   INTEGER NOT NULL,
    best      INTEGER NOT NULL,
    last_day  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;
CREATE INDEX daily_streaks_current ON daily_streaks (guild_id, current DESC);
