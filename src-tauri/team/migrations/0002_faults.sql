-- Team mode under faults and at a team's size.
--
-- * Locks are taken in one order by every function that writes: the team's counter row first
--   (`team.bump` or `team.lock_team`), then claims and attempts. Under the counter row nobody
--   else changes the team's claims, so what a function read after taking it stays true until it
--   commits (no claim freed between an insert and a select, no deadlock between two functions).
-- * `reserve` answers "replay" only while the claim is still the attempt's (and refreshes its
--   lease then); a claim a colleague took over meanwhile answers "held", naming them.
-- * Every changed row gets its own change number, and a page of `pull` never ends inside a group
--   of rows that share one (rows written before this step may).
-- * `claims.attempt_id` is indexed: recording an outcome no longer reads the whole table.
-- * An offline attempt keeps the laptop's time as `created_at` and the server's time of arrival
--   as `received_at`.

UPDATE team.schema_version SET version = 2;

CREATE INDEX claims_attempt ON team.claims (attempt_id);

ALTER TABLE team.attempts ADD COLUMN received_at timestamptz;

-- A link the team keeps is an https link (rows stored before this step are left as they are:
-- laptops re-check what they pull).
ALTER TABLE team.attempts ADD CONSTRAINT attempts_https_link
    CHECK (link IS NULL OR link LIKE 'https://%') NOT VALID;

-- Takes the team's counter row without bumping it (a write that changes no attempt).
CREATE FUNCTION team.lock_team(p_team integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
BEGIN
    PERFORM 1 FROM team.teams WHERE id = p_team FOR UPDATE;
END $$;

-- After a claim is freed: the latest live attempt at the same key (an offline attempt that
-- could not take the claim while another held it) holds it now, so the guard keeps seeing it.
CREATE FUNCTION team.rehome_claim(p_team integer, p_provider text, p_job_ref text, p_email_key text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE a team.attempts%ROWTYPE;
BEGIN
    SELECT * INTO a FROM team.attempts x
     WHERE x.team_id = p_team AND x.provider = p_provider AND x.job_ref = p_job_ref
       AND x.email_key = p_email_key AND x.outcome IN ('sent', 'unknown')
     ORDER BY x.created_at DESC LIMIT 1;
    IF a.id IS NOT NULL THEN
        INSERT INTO team.claims (team_id, provider, job_ref, email_key, attempt_id, state, author, lease_until)
        VALUES (p_team, p_provider, p_job_ref, p_email_key, a.id, a.outcome, a.author, now())
        ON CONFLICT DO NOTHING;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION team.reserve(
    p_attempt uuid, p_provider text, p_job_ref text, p_email text, p_name text, p_job_name text,
    p_override_version integer,
    OUT result text, OUT holder text, OUT holder_name text, OUT held_at timestamptz,
    OUT state text, OUT version integer, OUT link text, OUT holder_attempt uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE
    t integer := team.my_team();
    e text := lower(btrim(p_email));
    lease integer;
    c team.claims%ROWTYPE;
    mine team.attempts%ROWTYPE;
    seq bigint;
BEGIN
    SELECT tm.lease_secs INTO lease FROM team.teams tm WHERE tm.id = t;
    SELECT * INTO mine FROM team.attempts a WHERE a.id = p_attempt;
    IF mine.id IS NOT NULL THEN
        IF mine.author <> session_user OR mine.team_id <> t THEN
            RAISE EXCEPTION 'That attempt id belongs to another coordinator.' USING ERRCODE = 'unique_violation';
        END IF;
        PERFORM team.lock_team(t);
        SELECT * INTO c FROM team.claims cl
         WHERE cl.team_id = t AND cl.provider = mine.provider AND cl.job_ref = mine.job_ref
           AND cl.email_key = mine.email_key;
        IF c.attempt_id IS NULL AND mine.outcome = 'pending' THEN
            -- Its claim is gone (never left pending by the functions above): take it again.
            INSERT INTO team.claims (team_id, provider, job_ref, email_key, attempt_id, state, author, lease_until)
            VALUES (t, mine.provider, mine.job_ref, mine.email_key, p_attempt, 'pending', session_user,
                    now() + make_interval(secs => lease))
            RETURNING * INTO c;
        ELSIF c.attempt_id = p_attempt AND c.state = 'pending' THEN
            -- Still this attempt's: a resumed row goes on, with a fresh lease.
            UPDATE team.claims cl SET lease_until = now() + make_interval(secs => lease), updated_at = now()
             WHERE cl.team_id = t AND cl.provider = c.provider AND cl.job_ref = c.job_ref
               AND cl.email_key = c.email_key
            RETURNING * INTO c;
        END IF;
        IF c.attempt_id = p_attempt OR c.attempt_id IS NULL THEN
            result := 'replay';
            holder := session_user;
            holder_name := team.name_of(session_user);
            held_at := mine.created_at;
            state := CASE WHEN c.attempt_id IS NULL THEN mine.outcome ELSE c.state END;
            version := c.version;
            link := mine.link;
            holder_attempt := p_attempt;
            RETURN;
        END IF;
        -- Another attempt holds the claim now (this one's lease passed and a colleague took it
        -- over): held, naming them.
    ELSE
        -- A claim held by someone else answers at once, without waiting for the counter row.
        SELECT * INTO c FROM team.claims cl
         WHERE cl.team_id = t AND cl.provider = p_provider AND cl.job_ref = p_job_ref AND cl.email_key = e;
        IF c.attempt_id IS NULL OR (p_override_version = c.version
                                    AND NOT (c.state = 'pending' AND c.lease_until >= now())) THEN
            seq := team.bump(t);
            -- Read again under the counter row: nobody changes this team's claims until commit.
            SELECT * INTO c FROM team.claims cl
             WHERE cl.team_id = t AND cl.provider = p_provider AND cl.job_ref = p_job_ref AND cl.email_key = e;
            IF c.state = 'pending' AND c.lease_until < now() THEN
                c.state := 'unknown';
            END IF;
            IF c.attempt_id IS NULL THEN
                INSERT INTO team.claims (team_id, provider, job_ref, email_key, attempt_id, state, author, lease_until)
                VALUES (t, p_provider, p_job_ref, e, p_attempt, 'pending', session_user, now() + make_interval(secs => lease))
                RETURNING * INTO c;
            ELSIF p_override_version = c.version AND c.state <> 'pending' THEN
                UPDATE team.claims cl SET attempt_id = p_attempt, state = 'pending', author = session_user,
                       lease_until = now() + make_interval(secs => lease), version = cl.version + 1, updated_at = now()
                 WHERE cl.team_id = t AND cl.provider = p_provider AND cl.job_ref = p_job_ref AND cl.email_key = e
                RETURNING * INTO c;
            END IF;
            IF c.attempt_id = p_attempt THEN
                INSERT INTO team.attempts (id, team_id, author, provider, job_ref, email_key, candidate_name,
                                           candidate_email, job_name, outcome, created_at, change_seq)
                VALUES (p_attempt, t, session_user, p_provider, p_job_ref, e, p_name, btrim(p_email), p_job_name,
                        'pending', now(), seq);
                result := 'reserved';
                holder := session_user;
                holder_name := team.name_of(session_user);
                held_at := now();
                state := 'pending';
                version := c.version;
                holder_attempt := p_attempt;
                RETURN;
            END IF;
        END IF;
    END IF;
    -- Held: every field comes from the claim itself (its attempt row adds the time and link).
    IF c.state = 'pending' AND c.lease_until < now() THEN
        c.state := 'unknown';
    END IF;
    result := 'held';
    holder := c.author::text;
    holder_name := team.name_of(c.author);
    state := c.state;
    version := c.version;
    holder_attempt := c.attempt_id;
    SELECT a.created_at, a.link INTO held_at, link FROM team.attempts a WHERE a.id = c.attempt_id;
    held_at := coalesce(held_at, c.updated_at);
END $$;

CREATE OR REPLACE FUNCTION team.record_outcome(p_attempt uuid, p_outcome text, p_link text, p_vendor_ids jsonb)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE
    t integer := team.my_team();
    a team.attempts%ROWTYPE;
    seq bigint;
BEGIN
    IF p_outcome NOT IN ('sent', 'failed', 'unknown') THEN
        RAISE EXCEPTION 'An outcome is sent, failed or unknown, not %.', p_outcome USING ERRCODE = 'check_violation';
    END IF;
    seq := team.bump(t);  -- the counter row first: commit order, and the one lock order
    SELECT * INTO a FROM team.attempts x WHERE x.id = p_attempt AND x.team_id = t FOR UPDATE;
    IF a.id IS NULL THEN
        RAISE EXCEPTION 'No attempt % in this team.', p_attempt USING ERRCODE = 'no_data_found';
    END IF;
    IF a.author <> session_user THEN
        RAISE EXCEPTION 'Only its author may record the outcome of an attempt.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT (a.outcome = 'pending' OR (a.outcome = 'unknown' AND p_outcome IN ('sent', 'failed'))) OR a.outcome = p_outcome THEN
        RETURN false;
    END IF;
    UPDATE team.attempts x SET outcome = p_outcome, link = coalesce(p_link, x.link),
           vendor_ids = coalesce(p_vendor_ids, x.vendor_ids), updated_at = now(), change_seq = seq
     WHERE x.id = p_attempt;
    IF p_outcome = 'failed' THEN
        DELETE FROM team.claims c WHERE c.attempt_id = p_attempt;
        PERFORM team.rehome_claim(t, a.provider, a.job_ref, a.email_key);
    ELSE
        UPDATE team.claims c SET state = p_outcome, updated_at = now() WHERE c.attempt_id = p_attempt;
    END IF;
    RETURN true;
END $$;

CREATE OR REPLACE FUNCTION team.push_offline(
    p_attempt uuid, p_provider text, p_job_ref text, p_email text, p_name text, p_job_name text,
    p_outcome text, p_link text, p_vendor_ids jsonb, p_created_at timestamptz)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE
    t integer := team.my_team();
    e text := lower(btrim(p_email));
    other team.attempts%ROWTYPE;
    seq bigint;
    flag text := NULL;
BEGIN
    IF p_outcome NOT IN ('sent', 'failed', 'unknown') THEN
        RAISE EXCEPTION 'An outcome is sent, failed or unknown, not %.', p_outcome USING ERRCODE = 'check_violation';
    END IF;
    seq := team.bump(t);
    IF EXISTS (SELECT 1 FROM team.attempts a WHERE a.id = p_attempt) THEN
        SELECT a.conflict INTO flag FROM team.attempts a WHERE a.id = p_attempt;
        RETURN coalesce(flag, 'already pushed');
    END IF;
    -- Forgotten while this laptop was away (its reservation was still pending): never back.
    -- The tombstones come with 0003; the inner statement is planned only once they exist.
    IF to_regclass('team.tombstones') IS NOT NULL THEN
        IF EXISTS (SELECT 1 FROM team.tombstones x WHERE x.team_id = t AND x.attempt_id = p_attempt) THEN
            RETURN 'forgotten';
        END IF;
    END IF;
    IF p_outcome <> 'failed' THEN
        FOR other IN
            SELECT * FROM team.attempts a
             WHERE a.team_id = t AND a.provider = p_provider AND a.job_ref = p_job_ref
               AND a.email_key = e AND a.outcome <> 'failed'
             ORDER BY a.created_at
        LOOP
            flag := format('possible double invite — also invited by %s at %s%s',
                           team.name_of(other.author), to_char(other.created_at, 'YYYY-MM-DD HH24:MI TZ'),
                           CASE WHEN other.offline THEN ' while offline' ELSE '' END);
            -- Each changed row its own change number: a page of `pull` cannot split them.
            UPDATE team.attempts a SET conflict = format('possible double invite — also invited by %s at %s while offline',
                       team.name_of(session_user), to_char(p_created_at, 'YYYY-MM-DD HH24:MI TZ')),
                   change_seq = team.bump(t), updated_at = now()
             WHERE a.id = other.id;
        END LOOP;
        seq := team.bump(t);
    END IF;
    INSERT INTO team.attempts (id, team_id, author, provider, job_ref, email_key, candidate_name,
                               candidate_email, job_name, outcome, link, vendor_ids, offline,
                               conflict, created_at, change_seq, received_at)
    VALUES (p_attempt, t, session_user, p_provider, p_job_ref, e, p_name, btrim(p_email), p_job_name,
            p_outcome, p_link, coalesce(p_vendor_ids, '{}'::jsonb), true, flag, p_created_at, seq, now());
    IF p_outcome <> 'failed' THEN
        INSERT INTO team.claims (team_id, provider, job_ref, email_key, attempt_id, state, author, lease_until)
        VALUES (t, p_provider, p_job_ref, e, p_attempt, p_outcome, session_user, now())
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN coalesce(flag, 'pushed');
END $$;

-- A page never ends inside a group of rows sharing one change number (rows written before this
-- step may share one): it may hold a few more than `p_limit` rows.
CREATE OR REPLACE FUNCTION team.pull(p_after bigint, p_limit integer)
RETURNS TABLE (change_seq bigint, id uuid, author text, author_name text, provider text,
               job_ref text, candidate_name text, candidate_email text, job_name text,
               outcome text, link text, vendor_ids jsonb, offline boolean, conflict text,
               created_at timestamptz, updated_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE
    t integer := team.my_team();
    n integer := least(greatest(p_limit, 1), 1000);
    upto bigint;
BEGIN
    SELECT a.change_seq INTO upto FROM team.attempts a
     WHERE a.team_id = t AND a.change_seq > p_after
     ORDER BY a.change_seq OFFSET n - 1 LIMIT 1;
    RETURN QUERY
    SELECT a.change_seq, a.id, a.author::text, team.name_of(a.author), a.provider, a.job_ref,
           a.candidate_name, a.candidate_email, a.job_name, a.outcome, a.link, a.vendor_ids,
           a.offline, a.conflict, a.created_at, a.updated_at
      FROM team.attempts a
     WHERE a.team_id = t AND a.change_seq > p_after AND (upto IS NULL OR a.change_seq <= upto)
     ORDER BY a.change_seq, a.id;
END $$;

REVOKE EXECUTE ON FUNCTION team.lock_team(integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION team.rehome_claim(integer, text, text, text) FROM PUBLIC;
