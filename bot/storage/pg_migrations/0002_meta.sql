-- Small facts the bot keeps about itself, such as the digest of the last slash-command sync.
CREATE TABLE meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
