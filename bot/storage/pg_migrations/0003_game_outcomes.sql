-- A game can also end abandoned (nobody played on) or failed (it could not go on), and
-- remembers who stopped it (a Discord user id; NULL when nobody did).
ALTER TABLE games DROP CONSTRAINT games_status_known;
ALTER TABLE games ADD CONSTRAINT games_status_known CHECK (
    status IN ('running', 'completed', 'stopped', 'interrupted', 'abandoned', 'failed')
);
ALTER TABLE games ADD COLUMN stopped_by bigint;
-- Start-up finds the running games of its own shards among these.
CREATE INDEX games_running_guild ON games (guild_id) WHERE ended_at IS NULL;
