-- Candidate data: finding everything held about a person by email, deleting old invites on a
-- schedule, and a record of every erasure (when, who, how many rows, which vendors — never the
-- person). Additive: no existing table changes.

-- A person is found by email as the duplicate guard compares it (lower case).
CREATE INDEX invites_person_email ON invites (lower(candidate_email));

-- Retention deletes by the time of an invite's last change.
CREATE INDEX invites_last_change ON invites (updated_at);

CREATE TABLE erasures (
    id       INTEGER PRIMARY KEY,
    at       TEXT    NOT NULL,
    -- 'forget' (a person's request) or 'retention' (the schedule).
    kind     TEXT    NOT NULL CHECK (kind IN ('forget', 'retention')),
    -- Who asked: "this computer", or the team member's name.
    by_whom  TEXT    NOT NULL,
    rows     INTEGER NOT NULL,
    -- The vendors that received the invites deleted (they still hold them).
    vendors  TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(vendors))
);
