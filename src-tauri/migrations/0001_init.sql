-- Invite history: one row per invite attempt. Instants are RFC 3339 UTC text; JSON columns hold
-- the vendor's ids and extra links. No API key and no request header is ever stored here.
CREATE TABLE invites (
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
                            CHECK (outcome IN ('pending', 'sent', 'failed', 'unknown')),
    error_kind              TEXT,
    error_message           TEXT,
    created_at              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL
);

-- The duplicate guard looks up provider + job + email (case-insensitive) before every send.
CREATE INDEX invites_duplicate_guard ON invites (provider, job_ref, lower(candidate_email));

-- Filter chips page newest first within a provider or an outcome. The outcome index also lets
-- start-up recovery find rows left `pending` by a crash without scanning the table.
CREATE INDEX invites_provider_newest ON invites (provider, id);
CREATE INDEX invites_outcome_newest ON invites (outcome, id);

-- Substring search (case-insensitive) over the columns a coordinator remembers. An external
-- content table: the text lives once, in `invites`; the triggers keep the index in step.
CREATE VIRTUAL TABLE invites_search USING fts5 (
    candidate_name,
    candidate_email,
    job_ref,
    job_name,
    link,
    content = 'invites',
    content_rowid = 'id',
    tokenize = 'trigram'
);

CREATE TRIGGER invites_search_insert AFTER INSERT ON invites BEGIN
    INSERT INTO invites_search (rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES (new.id, new.candidate_name, new.candidate_email, new.job_ref, new.job_name, new.link);
END;

CREATE TRIGGER invites_search_delete AFTER DELETE ON invites BEGIN
    INSERT INTO invites_search (invites_search, rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES ('delete', old.id, old.candidate_name, old.candidate_email, old.job_ref, old.job_name, old.link);
END;

-- Only the searchable columns: an outcome change (recovery, mark sent) does not touch the index.
CREATE TRIGGER invites_search_update
AFTER UPDATE OF candidate_name, candidate_email, job_ref, job_name, link ON invites BEGIN
    INSERT INTO invites_search (invites_search, rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES ('delete', old.id, old.candidate_name, old.candidate_email, old.job_ref, old.job_name, old.link);
    INSERT INTO invites_search (rowid, candidate_name, candidate_email, job_ref, job_name, link)
    VALUES (new.id, new.candidate_name, new.candidate_email, new.job_ref, new.job_name, new.link);
END;
