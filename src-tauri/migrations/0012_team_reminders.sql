-- Reminders shared through the team server (its schema 5): who reminded when it was a
-- colleague (NULL: this computer's coordinator), and whether this computer's own reminder of a
-- team attempt still waits to reach the server. Also from schema 5: when an invite sent while
-- offline reached the team server (the server's clock; `created_at` is the laptop's). Additive.

ALTER TABLE invites ADD COLUMN team_received_at TEXT;

ALTER TABLE follow_up_events ADD COLUMN by_name TEXT;
ALTER TABLE follow_up_events ADD COLUMN team_pushed INTEGER NOT NULL DEFAULT 1;

CREATE INDEX follow_up_events_unpushed ON follow_up_events (id) WHERE team_pushed = 0;
