-- History's team filter at a team's size (1,000,000 rows in a 200-person team's year). "Only
-- mine" keeps one row in 200 and "possible double invites" a handful: without an index, a page
-- of either reads the table newest first until it has 50 rows, and its count until it has 1,000
-- (the whole table when there are fewer). Each partial index holds only its own rows, newest
-- last, so the page and the count read just those. "Colleagues" needs none: nearly every row is
-- one, so newest first finds a page at once.
CREATE INDEX invites_mine ON invites (id) WHERE sent_by IS NULL;
CREATE INDEX invites_team_conflicts ON invites (id) WHERE team_conflict IS NOT NULL;
