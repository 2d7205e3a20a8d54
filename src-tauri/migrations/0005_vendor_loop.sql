-- The loop with the vendors after sending: where each invite stands at the vendor, every change
-- of it with its time, and the job ids a coordinator used (for the recent-ids pickers).
--
-- Status lives beside `invites`, never in it: a refresh writes only these tables, so it can
-- never change an invite's send outcome. Additive: no existing table changes.

-- The latest status Invite Desk read for an invite (one row per invite that was ever checked).
CREATE TABLE invite_status (
    invite_id      INTEGER PRIMARY KEY REFERENCES invites (id),
    -- Invite Desk's reading of the vendor's word; NULL while no refresh has succeeded.
    stage          TEXT CHECK (stage IN ('not_started', 'started', 'completed', 'revoked', 'closed', 'other')),
    -- The vendor's own word ("Pending", "to_evaluate").
    vendor_status  TEXT,
    score          TEXT,
    recommendation TEXT,
    -- https only (checked in Rust before it is stored).
    report_link    TEXT,
    -- When the vendor was last asked successfully, and the last refresh's error, if it failed
    -- (the last good status stays).
    checked_at     TEXT,
    error          TEXT,
    error_at       TEXT,
    -- When Invite Desk first saw the candidate start, finish, or the invite revoked.
    started_at     TEXT,
    completed_at   TEXT,
    revoked_at     TEXT
);

CREATE INDEX invite_status_stage ON invite_status (stage, invite_id);

-- Every change of stage or vendor word, with the time Invite Desk saw it.
CREATE TABLE status_changes (
    id             INTEGER PRIMARY KEY,
    invite_id      INTEGER NOT NULL REFERENCES invites (id),
    at             TEXT    NOT NULL,
    stage          TEXT    NOT NULL,
    vendor_status  TEXT    NOT NULL
);

CREATE INDEX status_changes_invite ON status_changes (invite_id, id);

-- A coordinator's own label for a job id, and ids they chose to forget from the recent list.
-- The recent list itself is read from `invites` (the ids used, newest first).
CREATE TABLE job_refs (
    provider     TEXT NOT NULL
                 CHECK (provider IN ('xobin', 'interviewflow', 'tidyhire', 'hireflix', 'apploi')),
    job_ref      TEXT NOT NULL,
    label        TEXT,
    -- Hidden from the recent list unless used again after this time.
    forgotten_at TEXT,
    PRIMARY KEY (provider, job_ref)
) WITHOUT ROWID;
