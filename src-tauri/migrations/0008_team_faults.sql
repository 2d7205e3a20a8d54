-- Team mode under faults, this computer's side.

-- When the vendor call of a `pending` row started (NULL: it has not). Start-up recovery closes a
-- `pending` row that never reached the vendor as `failed` (nothing can exist there) and only a
-- row whose call had started as `unknown`. A single invite without a team and a batch row
-- without a team reach the vendor as soon as they are `pending`; in team mode the mark comes
-- after the team's reservation, just before the request.
ALTER TABLE invites ADD COLUMN vendor_call_at TEXT;
-- Rows left `pending` by an earlier version may have reached the vendor.
UPDATE invites SET vendor_call_at = updated_at WHERE outcome = 'pending';

-- Why the team server refused this row's outcome at the last sync (NULL: not refused). The row
-- stays in the outbox and is tried again at each sync; the others go on without it.
ALTER TABLE invites ADD COLUMN team_push_error TEXT;
