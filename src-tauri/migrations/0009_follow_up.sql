-- Following up after sending: the language an invite's message was written in, the invite a
-- re-invite replaces, what the coordinator did about an invite (reminded, snoozed), the message
-- templates, and the follow-up's own small state (the last daily digest). Additive.

-- The BCP-47 language of the message sent with the invite (NULL: the default, English).
ALTER TABLE invites ADD COLUMN language TEXT;
-- A re-invite with a new window: the row it replaces.
ALTER TABLE invites ADD COLUMN replaces_id INTEGER REFERENCES invites (id);

CREATE INDEX invites_replaces ON invites (replaces_id) WHERE replaces_id IS NOT NULL;
-- The follow-up board reads the sent invites of the last weeks, newest last.
CREATE INDEX invites_sent_created ON invites (created_at) WHERE outcome = 'sent';

-- One row per thing the coordinator did: `reminded` (with the channel: copied, mail app,
-- elsewhere) or `snoozed` (until an instant).
CREATE TABLE follow_up_events (
    id         INTEGER PRIMARY KEY,
    invite_id  INTEGER NOT NULL REFERENCES invites (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('reminded', 'snoozed')),
    at         TEXT    NOT NULL,
    channel    TEXT,
    until      TEXT
);

CREATE INDEX follow_up_events_invite ON follow_up_events (invite_id, id);

-- Message templates: kind, an optional vendor and job, a language, a subject and a body (text
-- only: never a key).
CREATE TABLE templates (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('invite', 'reminder', 'schedule')),
    provider    TEXT CHECK (provider IS NULL
                    OR provider IN ('xobin', 'interviewflow', 'tidyhire', 'hireflix', 'apploi')),
    job_ref     TEXT,
    language    TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (job_ref IS NULL OR provider IS NOT NULL)
);

CREATE UNIQUE INDEX templates_one_per_target
    ON templates (kind, coalesce(provider, ''), coalesce(job_ref, ''), lower(language));

CREATE TABLE follow_up_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
