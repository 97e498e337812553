-- Yutu schema for PostgreSQL, version 1 (the same tables as the SQLite migrations/0001).
-- Migrations are append-only: never edit a released file, add the next number instead.
-- Times are unix seconds (double precision); ids are Discord snowflakes (bigint).

CREATE TABLE games (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id    bigint NOT NULL,
    channel_id  bigint NOT NULL,
    mode        text   NOT NULL,
    topics      text   NOT NULL,
    status      text   NOT NULL DEFAULT 'running'
                CONSTRAINT games_status_known
                CHECK (status IN ('running', 'completed', 'stopped', 'interrupted')),
    started_at  double precision NOT NULL,
    ended_at    double precision,
    CONSTRAINT games_running_has_no_end CHECK ((status = 'running') = (ended_at IS NULL))
);
CREATE INDEX games_running ON games (id) WHERE ended_at IS NULL;

-- One row per correct answer: the source of truth for week/month boards and game scores.
CREATE TABLE awards (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    game_id      bigint NOT NULL REFERENCES games (id),
    guild_id     bigint NOT NULL,
    user_id      bigint NOT NULL,
    question_id  text   NOT NULL,
    points       integer NOT NULL,
    at           double precision NOT NULL
);
CREATE INDEX awards_guild_at ON awards (guild_id, at);
CREATE INDEX awards_game ON awards (game_id, user_id);

-- Running totals per player and server, updated in the same transaction as each award.
CREATE TABLE players (
    guild_id         bigint  NOT NULL,
    user_id          bigint  NOT NULL,
    name             text    NOT NULL,
    points           integer NOT NULL DEFAULT 0,
    correct_answers  integer NOT NULL DEFAULT 0,
    games_played     integer NOT NULL DEFAULT 0,
    games_won        integer NOT NULL DEFAULT 0,
    best_streak      integer NOT NULL DEFAULT 0,
    last_played      double precision NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX players_points ON players (guild_id, points DESC, last_played);

-- Questions asked per channel, so a game avoids repeating recent ones (pruned per channel).
CREATE TABLE asked (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id     bigint NOT NULL,
    channel_id   bigint NOT NULL,
    question_id  text   NOT NULL,
    at           double precision NOT NULL
);
CREATE INDEX asked_channel ON asked (channel_id, at DESC, id DESC);

CREATE TABLE guild_settings (
    guild_id    bigint  PRIMARY KEY,
    questions   integer NOT NULL,
    time_limit  integer NOT NULL,
    mode        text    NOT NULL
);

-- Channels where games may run; none listed = any channel.
CREATE TABLE guild_channels (
    guild_id    bigint NOT NULL REFERENCES guild_settings (guild_id) ON DELETE CASCADE,
    channel_id  bigint NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE reports (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id     bigint,
    channel_id   bigint,
    user_id      bigint NOT NULL,
    question_id  text   NOT NULL,
    reason       text   NOT NULL,
    at           double precision NOT NULL
);
