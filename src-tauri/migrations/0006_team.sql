-- Team mode, this computer's side: the local history becomes a cache of the team's history plus
-- an outbox. Colleagues' attempts (pulled from the team server) go into `invites` beside this
-- computer's own, marked with their author, so search, filters, export and the duplicate guard
-- cover the team with no new screen. Additive: with no team configured nothing changes.

-- The attempt's UUID, made on this computer before the vendor call (own rows in team mode) or
-- pulled from the team server (colleagues' rows).
ALTER TABLE invites ADD COLUMN attempt_id TEXT;
-- The colleague who made the attempt (their name as the team knows it); NULL: this computer.
-- (Not "author": no column name here may read like auth, key, token or header.)
ALTER TABLE invites ADD COLUMN sent_by TEXT;
-- 0 while the team server has not confirmed this row's outcome: the outbox.
ALTER TABLE invites ADD COLUMN team_pushed INTEGER NOT NULL DEFAULT 1 CHECK (team_pushed IN (0, 1));
-- 1 when it was sent while the team server could not be reached.
ALTER TABLE invites ADD COLUMN team_offline INTEGER NOT NULL DEFAULT 0 CHECK (team_offline IN (0, 1));
-- "possible double invite — also invited by Bob at 09:12 while offline"
ALTER TABLE invites ADD COLUMN team_conflict TEXT;

CREATE UNIQUE INDEX invites_attempt ON invites (attempt_id);
CREATE INDEX invites_team_outbox ON invites (team_pushed) WHERE team_pushed = 0;

-- The pull cursor and when the team was last reached.
CREATE TABLE team_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
