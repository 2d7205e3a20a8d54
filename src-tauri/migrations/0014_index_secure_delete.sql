-- The search indexes remove a deleted or changed row's entries from their pages as it happens
-- (FTS5's secure-delete), instead of marking them deleted until a merge: forgetting a person then
-- takes milliseconds at any size, and no old name or link lingers in an index after an update.
-- (Needs SQLite 3.46.1 or later: 3.46.0 could corrupt an index with it on.)
INSERT INTO invites_search (invites_search, rank) VALUES ('secure-delete', 1);
INSERT INTO invites_words (invites_words, rank) VALUES ('secure-delete', 1);

-- Entries a history wrote before this version may still sit, marked deleted, in older index
-- segments (a name or link since changed): the first erasure after this upgrade merges the
-- indexes once and rebuilds the file, so they go too. A new, empty history needs no such pass.
INSERT OR IGNORE INTO history_state (key, value)
SELECT 'rebuild_before_erasure', '1' WHERE EXISTS (SELECT 1 FROM invites);
