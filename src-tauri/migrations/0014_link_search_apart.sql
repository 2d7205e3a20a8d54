-- The vendor's link gets search indexes of its own, so the person's indexes are written once.
--
-- Forgetting a person must take their words out of the search indexes, not only hide them. An
-- FTS5 index normally deletes by adding a "deleted" marker and drops the old entry only when its
-- segments are merged, so an erasure had to merge (rebuild) both indexes: seconds at 1,000,000
-- invites. FTS5's `secure-delete` option removes a row's entries in place instead, which makes
-- an erasure a few milliseconds. It costs a search of the index per deleted word, though, and
-- every send deleted and re-added the whole row when the vendor's link arrived (a link written
-- after the row exists re-indexes every indexed column of it).
--
-- So the indexes are split by when their columns are written:
--   * `invites_search` / `invites_words`: name, email, job reference and job name — written with
--     the row and re-indexed only when one of them really changes (a pulled colleague's row may
--     bring a job name; a corrected typo);
--   * `invites_link_search` / `invites_link_words`: the link alone, which is empty when the row is
--     written and set when the vendor answers. A row is in them only while it has a link.
-- All four delete in place (`secure-delete`), so a deleted or changed row leaves no entry behind
-- and an erasure needs no merge. Search looks in both pairs (history/search.rs).

DROP TRIGGER invites_search_insert;
DROP TRIGGER invites_search_delete;
DROP TRIGGER invites_search_update;
DROP TRIGGER invites_words_insert;
DROP TRIGGER invites_words_delete;
DROP TRIGGER invites_words_update;
DROP TABLE invites_search;
DROP TABLE invites_words;

-- The person's columns: substring (trigram) and word-prefix, as before (steps 1 and 3).
CREATE VIRTUAL TABLE invites_search USING fts5 (
    candidate_name,
    candidate_email,
    job_ref,
    job_name,
    content = 'invites',
    content_rowid = 'id',
    tokenize = 'trigram'
);

CREATE VIRTUAL TABLE invites_words USING fts5 (
    candidate_name,
    candidate_email,
    job_ref,
    job_name,
    content = 'invites',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2'
);

-- The link. No per-row size table (`columnsize = 0`): rows without a link are not in the index
-- at all, and nothing here ranks matches.
CREATE VIRTUAL TABLE invites_link_search USING fts5 (
    link,
    content = 'invites',
    content_rowid = 'id',
    columnsize = 0,
    tokenize = 'trigram'
);

CREATE VIRTUAL TABLE invites_link_words USING fts5 (
    link,
    content = 'invites',
    content_rowid = 'id',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2'
);

INSERT INTO invites_search (invites_search, rank) VALUES ('secure-delete', 1);
INSERT INTO invites_words (invites_words, rank) VALUES ('secure-delete', 1);
INSERT INTO invites_link_search (invites_link_search, rank) VALUES ('secure-delete', 1);
INSERT INTO invites_link_words (invites_link_words, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER invites_person_search_insert AFTER INSERT ON invites BEGIN
    INSERT INTO invites_search (rowid, candidate_name, candidate_email, job_ref, job_name)
    VALUES (new.id, new.candidate_name, new.candidate_email, new.job_ref, new.job_name);
    INSERT INTO invites_words (rowid, candidate_name, candidate_email, job_ref, job_name)
    VALUES (new.id, new.candidate_name, new.candidate_email, new.job_ref, new.job_name);
END;

CREATE TRIGGER invites_person_search_delete AFTER DELETE ON invites BEGIN
    INSERT INTO invites_search (invites_search, rowid, candidate_name, candidate_email, job_ref, job_name)
    VALUES ('delete', old.id, old.candidate_name, old.candidate_email, old.job_ref, old.job_name);
    INSERT INTO invites_words (invites_words, rowid, candidate_name, candidate_email, job_ref, job_name)
    VALUES ('delete', old.id, old.candidate_name, old.candidate_email, old.job_ref, old.job_name);
END;

-- Only when a value really changes: a statement that sets a column to what it was (the pull's
-- upsert) does not re-index the row.
CREATE TRIGGER invites_person_search_update
AFTER UPDATE OF candidate_name, candidate_email, job_ref, job_name ON invites
WHEN old.candidate_name IS NOT new.candidate_name OR old.candidate_email IS NOT new.candidate_email
  OR old.job_ref IS NOT new.job_ref OR old.job_name IS NOT new.job_name
BEGIN
    INSERT INTO invites_search (invites_search, rowid, candidate_name, candidate_email, job_ref, job_name)
    VALUES ('delete', old.id, old.candidate_name, old.candidate_email, old.job_ref, old.job_name);
    INSERT INTO invites_search (rowid, candidate_name, candidate_email, job_ref, job_name)
    VALUES (new.id, new.candidate_name, new.candidate_email, new.job_ref, new.job_name);
    INSERT INTO invites_words (invites_words, rowid, candidate_name, candidate_email, job_ref, job_name)
    VALUES ('delete', old.id, old.candidate_name, old.candidate_email, old.job_ref, old.job_name);
    INSERT INTO invites_words (rowid, candidate_name, candidate_email, job_ref, job_name)
    VALUES (new.id, new.candidate_name, new.candidate_email, new.job_ref, new.job_name);
END;

-- A row is in the link indexes exactly while its link is not NULL.
CREATE TRIGGER invites_link_search_insert AFTER INSERT ON invites WHEN new.link IS NOT NULL BEGIN
    INSERT INTO invites_link_search (rowid, link) VALUES (new.id, new.link);
    INSERT INTO invites_link_words (rowid, link) VALUES (new.id, new.link);
END;

CREATE TRIGGER invites_link_search_delete AFTER DELETE ON invites WHEN old.link IS NOT NULL BEGIN
    INSERT INTO invites_link_search (invites_link_search, rowid, link)
    VALUES ('delete', old.id, old.link);
    INSERT INTO invites_link_words (invites_link_words, rowid, link)
    VALUES ('delete', old.id, old.link);
END;

CREATE TRIGGER invites_link_search_update
AFTER UPDATE OF link ON invites WHEN old.link IS NOT new.link BEGIN
    INSERT INTO invites_link_search (invites_link_search, rowid, link)
    SELECT 'delete', old.id, old.link WHERE old.link IS NOT NULL;
    INSERT INTO invites_link_words (invites_link_words, rowid, link)
    SELECT 'delete', old.id, old.link WHERE old.link IS NOT NULL;
    INSERT INTO invites_link_search (rowid, link)
    SELECT new.id, new.link WHERE new.link IS NOT NULL;
    INSERT INTO invites_link_words (rowid, link)
    SELECT new.id, new.link WHERE new.link IS NOT NULL;
END;

-- Index the invites written before this step (once, when an existing history is upgraded).
-- The old indexes' pages are freed by the DROPs above and zeroed (`secure_delete`, on for the
-- writer), so the deleted markers and merged-away entries they held go with them.
INSERT INTO invites_search (invites_search) VALUES ('rebuild');
INSERT INTO invites_words (invites_words) VALUES ('rebuild');
INSERT INTO invites_link_search (rowid, link) SELECT id, link FROM invites WHERE link IS NOT NULL;
INSERT INTO invites_link_words (rowid, link) SELECT id, link FROM invites WHERE link IS NOT NULL;
