-- The daily question. Days are UTC dates written YYYY-MM-DD (the same text as on SQLite).

CREATE TABLE daily_settings (
    guild_id     bigint PRIMARY KEY,
    channel_id   bigint  NOT NULL,
    post_minute  integer NOT NULL CHECK (post_minute BETWEEN 0 AND 1439),
    by_weekday   boolean NOT NULL DEFAULT false,
    enabled      boolean NOT NULL DEFAULT true
);

CREATE TABLE daily_posts (
    guild_id     bigint  NOT NULL,
    day          text    NOT NULL,
    question_id  text    NOT NULL,
    channel_id   bigint  NOT NULL,
    message_id   bigint,
    posted_at    float8  NOT NULL,
    closed_at    float8,
    PRIMARY KEY (guild_id, day)
);

CREATE TABLE daily_picks (
    guild_id  bigint  NOT NULL,
    day       text    NOT NULL,
    user_id   bigint  NOT NULL,
    name      text    NOT NULL,
    choice    integer NOT NULL,
    correct   boolean NOT NULL,
    at        float8  NOT NULL,
    PRIMARY KEY (guild_id, day, user_id),
    FOREIGN KEY (guild_id, day) REFERENCES daily_posts (guild_id, day)
);

CREATE TABLE daily_streaks (
    guild_id  bigint  NOT NULL,
    user_id   bigint  NOT NULL,
    name      text    NOT NULL,
    current   integer NOT NULL,
    best      integer NOT NULL,
    last_day  text    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX daily_streaks_current ON daily_streaks (guild_id, current DESC);
