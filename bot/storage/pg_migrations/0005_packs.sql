-- Question packs a server imported, kept as the file was uploaded.
CREATE TABLE packs (
    guild_id   bigint  NOT NULL,
    name       text    NOT NULL,
    title      text    NOT NULL,
    format     text    NOT NULL,
    questions  integer NOT NULL,
    content    text    NOT NULL,
    added_by   bigint  NOT NULL,
    added_at   float8  NOT NULL,
    PRIMARY KEY (guild_id, name)
);
