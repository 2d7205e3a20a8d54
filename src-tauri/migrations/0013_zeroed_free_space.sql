-- From this version on, deleted or moved content is overwritten with zeros as it happens
-- (PRAGMA secure_delete, set on the writer's connection). A history written before may still
-- hold old copies of rows in free space (left by page splits and moved cells), which forgetting a
-- person cannot find: the first erasure after this upgrade rebuilds the file once (VACUUM), so
-- they go too. A new, empty history needs no such pass.

CREATE TABLE history_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO history_state (key, value)
SELECT 'rebuild_before_erasure', '1' WHERE EXISTS (SELECT 1 FROM invites);
