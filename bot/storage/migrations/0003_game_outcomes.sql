-- Schema version 3: a game can also end "abandoned" (nobody answered for several questions)
-- or "failed" (its points could not be saved), and the player who stopped a game is kept.
-- SQLite cannot change a CHECK in place, so the table is rebuilt; migrations run with
-- foreign keys off and are checked before they commit (opening.py).

CREATE TABLE games_v3 (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    mode        TEXT    NOT NULL,
    topics      TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'completed', 'stopped', 'abandoned', 'failed',
                                  'interrupted')),
    started_at  REAL    NOT NULL,
    ended_at    REAL,
    stopped_by  INTEGER,
    CHECK ((status = 'running') = (ended_at IS NULL))
);
INSERT INTO games_v3 (id, guild_id, channel_id, mode, topics, status, started_at, ended_at)
SELECT id, guild_id, channel_id, mode, topics, status, started_at, ended_at FROM games;
DROP TABLE games;
ALTER TABLE games_v3 RENAME TO games;
CREATE INDEX games_running ON games (id) WHERE ended_at IS NULL;
