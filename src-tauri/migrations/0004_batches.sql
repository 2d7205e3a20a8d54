-- Bulk invites: a batch of rows from a spreadsheet, and the new outcome `queued`.
--
-- A batch writes all its rows as `queued` (not sent yet, safe to send) in one transaction before
-- the first request; each row moves to `pending` just before its own request, then to `sent`,
-- `failed` or `unknown` like a single invite. Rows still `queued` after a crash or a quit can be
-- resumed safely; rows left `pending` become `unknown` at start, as before.
--
-- SQLite cannot change a CHECK constraint in place, so `invites` is rebuilt with the same
-- columns (ids kept, so the full-text indexes, keyed by rowid, stay valid) plus the batch link.

CREATE TABLE batches (
    id          INTEGER PRIMARY KEY,
    provider    TEXT    NOT NULL
                CHECK (provider IN ('xobin', 'interviewflow', 'tidyhire', 'hireflix', 'apploi')),
    -- The file's name, or "Pasted rows".
    source      TEXT    NOT NULL,
    -- The sheet's header row (JSON array of text), for the results export.
    headers     TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(headers)),
    -- `open` while rows are queued; `cancelled` by the coordinator; `done` when none is left.
    state       TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'cancelled', 'done')),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE invites_next (
    id                      INTEGER PRIMARY KEY,
    provider                TEXT    NOT NULL
                            CHECK (provider IN ('xobin', 'interviewflow', 'tidyhire', 'hireflix', 'apploi')),
    candidate_name          TEXT    NOT NULL,
    candidate_email         TEXT    NOT NULL,
    job_ref                 TEXT    NOT NULL,
    job_name                TEXT,
    scheduled_at            TEXT,
    start_at                TEXT,
    expiry_at               TEXT,
    zone                    TEXT,
    link                    TEXT,
    vendor_ids              TEXT    NOT NULL DEFAULT '{}',
    vendor_status           TEXT,
    vendor_emails_candidate INTEGER NOT NULL DEFAULT 0 CHECK (vendor_emails_candidate IN (0, 1)),
    summary                 TEXT,
    extra_links             TEXT    NOT NULL DEFAULT '{}',
    skipped_emails          TEXT    NOT NULL DEFAULT '[]',
    outcome                 TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (outcome IN ('queued', 'pending', 'sent', 'failed', 'unknown')),
    error_kind              TEXT,
    error_message           TEXT,
    created_at              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL,
    batch_id                INTEGER REFERENCES batches (id),
    -- The row's number in the sheet as the coordinator sees it (the header is row 1).
    batch_row               INTEGER
);

INSERT INTO invites_next (id, provider, candidate_name, candidate_email, job_ref, job_name,
    scheduled_at, start_at, expiry_at, zone, link, vendor_ids, vendor_status,
    vendor_emails_candidate, summary, extra_links, skipped_emails, outcome, error_kind,
    error_message, created_at, updated_at)
SELECT id, provider, candidate_name, candidate_email, job_ref, job_name, scheduled_at, start_at,
    expiry_at, zone, link, vendor_ids, vendor_status, vendor_emails_candidate, summary,
    extra_links, skipped_emails, outcome, error_kind, error_message, created_at, updated_at
FROM invites;

DROP TABLE invites;
ALTER TABLE invites_next RENAME TO invites;

CREATE INDEX invites_duplicate_guard ON invites (provider, job_ref, lower(candidate_email));
CREATE INDEX invites_provider_newest ON invites (provider, id);
CREATE INDEX invites_outcome_newest ON invites (outcome, id);
-- A batch's rows in sheet order (the batch filter, resume, the results export).
CREATE INDEX invites_batch_rows ON invites (batch_id, batch_row) WHERE batch_id IS NOT NULL;

-- The triggers of steps 1 and 3 went with the old table: the same ones again.
CREATE TRIGGER invites_search_insert AFTER INSERT ON invites BEGIN
    INSERT INTO invites_search (rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES (new.id, new.candidate_name, new.candidate_email, new.job_ref, new.job_name, new.link);
END;

CREATE TRIGGER invites_search_delete AFTER DELETE ON invites BEGIN
    INSERT INTO invites_search (invites_search, rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES ('delete', old.id, old.candidate_name, old.candidate_email, old.job_ref, old.job_name, old.link);
END;

CREATE TRIGGER invites_search_update
AFTER UPDATE OF candidate_name, candidate_email, job_ref, job_name, link ON invites BEGIN
    INSERT INTO invites_search (invites_search, rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES ('delete', old.id, old.candidate_name, old.candidate_email, old.job_ref, old.job_name, old.link);
    INSERT INTO invites_search (rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES (new.id, new.candidate_name, new.candidate_email, new.job_ref, new.job_name, new.link);
END;

CREATE TRIGGER invites_words_insert AFTER INSERT ON invites BEGIN
    INSERT INTO invites_words (rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES (new.id, new.candidate_name, new.candidate_email, new.job_ref, new.job_name, new.link);
END;

CREATE TRIGGER invites_words_delete AFTER DELETE ON invites BEGIN
    INSERT INTO invites_words (invites_words, rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES ('delete', old.id, old.candidate_name, old.candidate_email, old.job_ref, old.job_name, old.link);
END;

CREATE TRIGGER invites_words_update
AFTER UPDATE OF candidate_name, candidate_email, job_ref, job_name, link ON invites BEGIN
    INSERT INTO invites_words (invites_words, rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES ('delete', old.id, old.candidate_name, old.candidate_email, old.job_ref, old.job_name, old.link);
    INSERT INTO invites_words (rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES (new.id, new.candidate_name, new.candidate_email, new.job_ref, new.job_name, new.link);
END;

-- What a queued row will send (the form, checked again just before its request) and the row's
-- cells as read from the sheet (for the results export). Never a key: forms hold none.
CREATE TABLE batch_items (
    invite_id   INTEGER PRIMARY KEY REFERENCES invites (id),
    form        TEXT    NOT NULL CHECK (json_valid(form)),
    cells       TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(cells)),
    -- 1 when the coordinator chose to send this row although it duplicates an earlier invite
    -- or row: the send-time guard then does not skip it.
    allow_duplicate INTEGER NOT NULL DEFAULT 0 CHECK (allow_duplicate IN (0, 1))
);
