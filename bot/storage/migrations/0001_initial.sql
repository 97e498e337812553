-- Yutu schema, version 1. Migrations are append-only: never edit a released file,
-- add 0002_*.sql instead. Times are unix seconds (REAL); ids are Discord snowflakes.

CREATE TABLE games (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    mode        TEXT    NOT NULL,
    topics      TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'completed', 'stopped', 'interrupted')),
    started_at  REAL    NOT NULL,
    ended_at    REAL,
    CHECK ((status = 'running') = (ended_at IS NULL))
);
CREATE INDEX games_running ON games (id) WHERE ended_at IS NULL;

-- One row per correct answer: the source of truth for week/month boards and game scores.
CREATE TABLE awards (
    id           INTEGER PRIMARY KEY,
    game_id      INTEGER NOT NULL REFERENCES games (id),
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    question_id  TEXT    NOT NULL,
    points       INTEGER NOT NULL,
    at           REAL    NOT NULL
);
CREATE INDEX awards_guild_at ON awards (guild_id, at);
CREATE INDEX awards_game ON awards (game_id, user_id);

-- Running totals per player and server, updated in the same transaction as each award.
CREATE TABLE players (
    guild_id         INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    name             TEXT    NOT NULL,
    points           INTEGER NOT NULL DEFAULT 0,
    correct_answers  INTEGER NOT NULL DEFAULT 0,
    games_played     INTEGER NOT NULL DEFAULT 0,
    games_won        INTEGER NOT NULL DEFAULT 0,
    best_streak      INTEGER NOT NULL DEFAULT 0,
    last_played      REAL    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;
CREATE INDEX players_points ON players (guild_id, points DESC, last_played);

-- Questions asked per channel, so a game avoids repeating recent ones (pruned per channel).
CREATE TABLE asked (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    channel_id   INTEGER NOT NULL,
    question_id  TEXT    NOT NULL,
    at           REAL    NOT NULL
);
CREATE INDEX asked_channel ON asked (channel_id, at DESC, id DESC);

CREATE TABLE guild_settings (
    guild_id    INTEGER PRIMARY KEY,
    questions   INTEGER NOT NULL,
    time_limit  INTEGER NOT NULL,
    mode        TEXT    NOT NULL
);

-- Channels where games may run; none listed = any channel.
CREATE TABLE guild_channels (
    guild_id    INTEGER NOT NULL REFERENCES guild_settings (guild_id) ON DELETE CASCADE,
    channel_id  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
) WITHOUT ROWID;

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER,
    channel_id   INTEGER,
    user_id      INTEGER NOT NULL,
    question_id  TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    at           REAL    NOT NULL
);
