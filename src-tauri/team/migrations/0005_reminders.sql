-- Reminders shared by the team: when a coordinator marks an invite reminded, the attempt keeps
-- the last reminder (when, who, how it went out) and is pulled again by every laptop, so two
-- colleagues do not both nudge the same candidate. The reminder itself is never sent through
-- the server (it is the coordinator's own mail); only the fact that it happened. Forgetting a
-- person or retention removes it with the attempt.

UPDATE team.schema_version SET version = 5;

ALTER TABLE team.attempts
    ADD COLUMN reminded_at timestamptz,
    ADD COLUMN reminded_by name,
    ADD COLUMN reminded_channel text
        CHECK (reminded_channel IS NULL OR reminded_channel IN ('copied', 'mail_app', 'other'));

-- Records a reminder of an attempt of this team (any member's: a colleague may nudge for an
-- absent author). A reminder older than the one kept changes nothing; a time in the future (a
-- laptop's clock ahead) is taken as now. Returns whether the attempt changed.
CREATE FUNCTION team.remind(p_attempt uuid, p_at timestamptz, p_channel text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE
    t integer := team.my_team();
    at timestamptz := least(p_at, now());
    a team.attempts%ROWTYPE;
    seq bigint;
BEGIN
    IF p_channel IS NOT NULL AND p_channel NOT IN ('copied', 'mail_app', 'other') THEN
        RAISE EXCEPTION 'A reminder goes out copied, by mail app or otherwise, not %.', p_channel
            USING ERRCODE = 'check_violation';
    END IF;
    seq := team.bump(t);  -- the counter row first: commit order, and the one lock order
    SELECT * INTO a FROM team.attempts x WHERE x.id = p_attempt AND x.team_id = t FOR UPDATE;
    IF a.id IS NULL THEN
        RAISE EXCEPTION 'No attempt % in this team.', p_attempt USING ERRCODE = 'no_data_found';
    END IF;
    IF a.reminded_at IS NOT NULL AND a.reminded_at >= at THEN
        RETURN false;
    END IF;
    UPDATE team.attempts x
       SET reminded_at = at, reminded_by = session_user, reminded_channel = p_channel,
           change_seq = seq
     WHERE x.id = p_attempt;
    RETURN true;
END $$;

-- The pull with each attempt's account name, its last reminder, and when an offline attempt
-- reached the server (after the columns of schema 4).
CREATE FUNCTION team.pull_reminders(p_after bigint, p_limit integer)
RETURNS TABLE (change_seq bigint, id uuid, author text, author_name text, provider text,
               job_ref text, candidate_name text, candidate_email text, job_name text,
               outcome text, link text, vendor_ids jsonb, offline boolean, conflict text,
               created_at timestamptz, updated_at timestamptz, account_label text,
               reminded_at timestamptz, reminded_by text, reminded_by_name text,
               received_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE t integer := team.my_team();
BEGIN
    RETURN QUERY
    SELECT a.change_seq, a.id, a.author::text, team.name_of(a.author), a.provider, a.job_ref,
           a.candidate_name, a.candidate_email, a.job_name, a.outcome, a.link, a.vendor_ids,
           a.offline, a.conflict, a.created_at, a.updated_at, a.account_label,
           a.reminded_at, a.reminded_by::text,
           CASE WHEN a.reminded_by IS NOT NULL THEN team.name_of(a.reminded_by) END,
           a.received_at
      FROM team.attempts a
     WHERE a.team_id = t AND a.change_seq > p_after
     ORDER BY a.change_seq
     LIMIT least(greatest(p_limit, 1), 1000);
END $$;

REVOKE EXECUTE ON FUNCTION team.remind(uuid, timestamptz, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION team.pull_reminders(bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team.remind(uuid, timestamptz, text) TO invite_desk_coordinators;
GRANT EXECUTE ON FUNCTION team.pull_reminders(bigint, integer) TO invite_desk_coordinators;
