-- Reminders shared through the team server (its schema 5): who reminded when it was a
-- colleague (NULL: this computer's coordinator), and whether this computer's own reminder of a
-- team attempt still waits to reach the server. Additive.

ALTER TABLE follow_up_events ADD COLUMN by_name TEXT;
ALTER TABLE follow_up_events ADD COLUMN team_pushed INTEGER NOT NULL DEFAULT 1;

CREATE INDEX follow_up_events_unpushed ON follow_up_events (id) WHERE team_pushed = 0;
