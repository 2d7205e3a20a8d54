-- Several accounts per vendor: each invite and each bulk batch remembers the account it went
-- through. Additive and cheap on a large history: a column with a constant default is not
-- written into existing rows, so every row of an earlier version reads as the vendor's
-- "Default" account (the one key and address that version had).

-- This computer's account id ('default' or 'a' + 8 hex digits, see accounts.rs); NULL for a
-- colleague's invite pulled from the team, whose account is known by its label only.
ALTER TABLE invites ADD COLUMN account TEXT DEFAULT 'default';

-- The account's label when the invite was sent (kept after the account is removed, renamed
-- with it while it exists); NULL on rows of earlier versions: "Default".
ALTER TABLE invites ADD COLUMN account_label TEXT;

ALTER TABLE batches ADD COLUMN account TEXT NOT NULL DEFAULT 'default';

-- History's account filter and a rename's relabelling find rows by account.
CREATE INDEX invites_account ON invites (provider, account);
