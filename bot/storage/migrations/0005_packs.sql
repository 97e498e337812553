-- Schema version 5: question packs a server imported, kept as the file was uploaded
-- (checked again when a game loads it) so that /pack export gives it back unchanged.
CREATE TABLE packs (
    guild_id   INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    format     TEXT    NOT NULL,
    questions  INTEGER NOT NULL,
    content    TEXT    NOT NULL,
    added_by   INTEGER NOT NULL,
    added_at   REAL    NOT NULL,
    PRIMARY KEY (guild_id, name)
) WITHOUT ROWID;
