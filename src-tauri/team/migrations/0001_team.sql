-- Team mode, server side: one invite history and one duplicate guard for a whole team, on
-- PostgreSQL. Applied by `invite-desk team init` (src-tauri/team/admin.rs) as the admin, in one
-- transaction. Coordinators' login roles are members of `invite_desk_coordinators`, which may only
-- EXECUTE the functions below; no coordinator can read or write a table. The author of a row is
-- always `session_user`, never an argument. No column can hold a vendor API key: keys stay on
-- each laptop.

CREATE SCHEMA IF NOT EXISTS team;
REVOKE ALL ON SCHEMA team FROM PUBLIC;

CREATE TABLE team.schema_version (version integer NOT NULL);
INSERT INTO team.schema_version VALUES (1);

CREATE TABLE team.teams (
    id              serial PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    -- Bumped first by every write (row-locked until commit): change_seq order = commit order.
    last_seq        bigint NOT NULL DEFAULT 0,
    -- Refuse sending while the team server cannot be reached (else: ask, send, push later).
    strict_offline  boolean NOT NULL DEFAULT false,
    -- A `pending` claim older than this reads as `unknown` (the sender went silent).
    lease_secs      integer NOT NULL DEFAULT 120 CHECK (lease_secs BETWEEN 1 AND 86400)
);

CREATE TABLE team.members (
    role_name       name PRIMARY KEY,
    team_id         integer NOT NULL REFERENCES team.teams (id),
    display_name    text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    active          boolean NOT NULL DEFAULT true
);

-- Every invite attempt of the team, keyed by the UUID its laptop made before sending.
CREATE TABLE team.attempts (
    id              uuid PRIMARY KEY,
    team_id         integer NOT NULL REFERENCES team.teams (id),
    author          name NOT NULL,
    provider        text NOT NULL CHECK (provider IN ('xobin', 'interviewflow', 'tidyhire', 'hireflix', 'apploi')),
    job_ref         text NOT NULL CHECK (length(job_ref) <= 1000),
    email_key       text NOT NULL CHECK (length(email_key) <= 320),
    candidate_name  text NOT NULL CHECK (length(candidate_name) <= 500),
    candidate_email text NOT NULL CHECK (length(candidate_email) <= 320),
    job_name        text CHECK (length(job_name) <= 500),
    outcome         text NOT NULL CHECK (outcome IN ('pending', 'sent', 'failed', 'unknown')),
    link            text CHECK (length(link) <= 4000),
    -- Vendor ids by the vendor's names (response_id, …): never a key.
    vendor_ids      jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- Sent while the team server could not be reached, pushed afterwards.
    offline         boolean NOT NULL DEFAULT false,
    -- "possible double invite — also invited by Bob at 09:12 while offline"
    conflict        text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    change_seq      bigint NOT NULL
);
CREATE INDEX attempts_pull ON team.attempts (team_id, change_seq);
CREATE INDEX attempts_key ON team.attempts (team_id, provider, job_ref, email_key);

-- The team-wide guard: one claim per (team, provider, job, email), taken before the vendor call.
CREATE TABLE team.claims (
    team_id         integer NOT NULL REFERENCES team.teams (id),
    provider        text NOT NULL,
    job_ref         text NOT NULL,
    email_key       text NOT NULL,
    attempt_id      uuid NOT NULL,
    state           text NOT NULL CHECK (state IN ('pending', 'sent', 'unknown')),
    author          name NOT NULL,
    lease_until     timestamptz NOT NULL,
    version         integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, provider, job_ref, email_key)
);

-- ---- The functions coordinators may call -----------------------------------------------------

-- The caller's team; refuses a role that is not (or no longer) an active member.
CREATE FUNCTION team.my_team() RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE t integer;
BEGIN
    SELECT m.team_id INTO t FROM team.members m WHERE m.role_name = session_user AND m.active;
    IF t IS NULL THEN
        RAISE EXCEPTION 'The login % is not a member of an Invite Desk team (any more). Ask your team admin.', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN t;
END $$;

CREATE FUNCTION team.bump(p_team integer) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = team, pg_temp AS $$
    UPDATE team.teams SET last_seq = last_seq + 1 WHERE id = p_team RETURNING last_seq;
$$;

CREATE FUNCTION team.name_of(p_role name) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = team, pg_temp AS $$
    SELECT coalesce((SELECT display_name FROM team.members WHERE role_name = p_role), p_role::text);
$$;

-- Who am I: for Settings → Team's "Test connection".
CREATE FUNCTION team.whoami(
    OUT role_name text, OUT display_name text, OUT team_name text, OUT strict_offline boolean,
    OUT lease_secs integer, OUT schema_version integer, OUT last_seq bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE t integer := team.my_team();
BEGIN
    SELECT session_user::text, m.display_name, tm.name, tm.strict_offline, tm.lease_secs,
           (SELECT max(version) FROM team.schema_version), tm.last_seq
      INTO role_name, display_name, team_name, strict_offline, lease_secs, schema_version, last_seq
      FROM team.members m JOIN team.teams tm ON tm.id = m.team_id
     WHERE m.role_name = session_user;
END $$;

-- The reservation before a vendor call. Answers:
--   reserved: the caller holds the claim now and may send;
--   held:     a colleague (or the caller's earlier attempt) holds it; `state` is pending, sent or
--             unknown (a pending claim past its lease), `version` is what an override must quote;
--   replay:   this attempt was reserved before (its answer was lost): go on as reserved.
-- An override (`p_override_version` = the version the coordinator was shown) is a compare-and-
-- set: it wins only if nobody changed the claim since, and never over a live `pending` claim.
CREATE FUNCTION team.reserve(
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
    seq bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM team.attempts a WHERE a.id = p_attempt) THEN
        SELECT 'replay', a.author::text, team.name_of(a.author), a.created_at, a.outcome, NULL, a.link, a.id
          INTO result, holder, holder_name, held_at, state, version, link, holder_attempt
          FROM team.attempts a WHERE a.id = p_attempt AND a.author = session_user;
        IF result IS NULL THEN
            RAISE EXCEPTION 'That attempt id belongs to another coordinator.' USING ERRCODE = 'unique_violation';
        END IF;
        RETURN;
    END IF;
    SELECT tm.lease_secs INTO lease FROM team.teams tm WHERE tm.id = t;
    INSERT INTO team.claims AS cl (team_id, provider, job_ref, email_key, attempt_id, state, author, lease_until)
    VALUES (t, p_provider, p_job_ref, e, p_attempt, 'pending', session_user, now() + make_interval(secs => lease))
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        SELECT * INTO c FROM team.claims cl
         WHERE cl.team_id = t AND cl.provider = p_provider AND cl.job_ref = p_job_ref AND cl.email_key = e
           FOR UPDATE;
        IF c.state = 'pending' AND c.lease_until < now() THEN
            c.state := 'unknown';
        END IF;
        IF p_override_version IS NULL OR p_override_version <> c.version OR c.state = 'pending' THEN
            SELECT 'held', c.author::text, team.name_of(c.author), a.created_at, c.state, c.version, a.link, c.attempt_id
              INTO result, holder, holder_name, held_at, state, version, link, holder_attempt
              FROM team.attempts a WHERE a.id = c.attempt_id;
            RETURN;
        END IF;
        UPDATE team.claims cl SET attempt_id = p_attempt, state = 'pending', author = session_user,
               lease_until = now() + make_interval(secs => lease), version = cl.version + 1, updated_at = now()
         WHERE cl.team_id = t AND cl.provider = p_provider AND cl.job_ref = p_job_ref AND cl.email_key = e;
    END IF;
    seq := team.bump(t);
    INSERT INTO team.attempts (id, team_id, author, provider, job_ref, email_key, candidate_name,
                               candidate_email, job_name, outcome, created_at, change_seq)
    VALUES (p_attempt, t, session_user, p_provider, p_job_ref, e, p_name, btrim(p_email), p_job_name,
            'pending', now(), seq);
    result := 'reserved';
    holder := session_user;
    holder_name := team.name_of(session_user);
    held_at := now();
    state := 'pending';
    SELECT cl.version INTO version FROM team.claims cl
     WHERE cl.team_id = t AND cl.provider = p_provider AND cl.job_ref = p_job_ref AND cl.email_key = e;
    holder_attempt := p_attempt;
END $$;

-- The outcome of the caller's own attempt. Moves forward only (pending → sent / failed /
-- unknown; unknown → sent / failed); idempotent. `failed` frees the claim. Returns whether
-- anything changed.
CREATE FUNCTION team.record_outcome(p_attempt uuid, p_outcome text, p_link text, p_vendor_ids jsonb)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE
    t integer := team.my_team();
    a team.attempts%ROWTYPE;
BEGIN
    IF p_outcome NOT IN ('sent', 'failed', 'unknown') THEN
        RAISE EXCEPTION 'An outcome is sent, failed or unknown, not %.', p_outcome USING ERRCODE = 'check_violation';
    END IF;
    PERFORM team.bump(t);  -- the counter row first: commit order
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
           vendor_ids = coalesce(p_vendor_ids, x.vendor_ids), updated_at = now(),
           change_seq = (SELECT last_seq FROM team.teams WHERE id = t)
     WHERE x.id = p_attempt;
    IF p_outcome = 'failed' THEN
        DELETE FROM team.claims c WHERE c.attempt_id = p_attempt;
    ELSE
        UPDATE team.claims c SET state = p_outcome, updated_at = now() WHERE c.attempt_id = p_attempt;
    END IF;
    RETURN true;
END $$;

-- An attempt made while the server could not be reached, with its outcome. Idempotent by id.
-- A clash with another live attempt at the same (provider, job, email) is flagged on both rows.
CREATE FUNCTION team.push_offline(
    p_attempt uuid, p_provider text, p_job_ref text, p_email text, p_name text, p_job_name text,
    p_outcome text, p_link text, p_vendor_ids jsonb, p_created_at timestamptz)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE
    t integer := team.my_team();
    e text := lower(btrim(p_email));
    other team.attempts%ROWTYPE;
    seq bigint;
    lease integer;
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
            UPDATE team.attempts a SET conflict = format('possible double invite — also invited by %s at %s while offline',
                       team.name_of(session_user), to_char(p_created_at, 'YYYY-MM-DD HH24:MI TZ')),
                   change_seq = seq, updated_at = now()
             WHERE a.id = other.id;
        END LOOP;
    END IF;
    INSERT INTO team.attempts (id, team_id, author, provider, job_ref, email_key, candidate_name,
                               candidate_email, job_name, outcome, link, vendor_ids, offline,
                               conflict, created_at, change_seq)
    VALUES (p_attempt, t, session_user, p_provider, p_job_ref, e, p_name, btrim(p_email), p_job_name,
            p_outcome, p_link, coalesce(p_vendor_ids, '{}'::jsonb), true, flag, p_created_at, seq);
    IF p_outcome <> 'failed' THEN
        SELECT tm.lease_secs INTO lease FROM team.teams tm WHERE tm.id = t;
        INSERT INTO team.claims (team_id, provider, job_ref, email_key, attempt_id, state, author, lease_until)
        VALUES (t, p_provider, p_job_ref, e, p_attempt, p_outcome, session_user, now())
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN coalesce(flag, 'pushed');
END $$;

-- The team's attempts changed after `p_after` (the caller's cursor), in commit order.
CREATE FUNCTION team.pull(p_after bigint, p_limit integer)
RETURNS TABLE (change_seq bigint, id uuid, author text, author_name text, provider text,
               job_ref text, candidate_name text, candidate_email text, job_name text,
               outcome text, link text, vendor_ids jsonb, offline boolean, conflict text,
               created_at timestamptz, updated_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE t integer := team.my_team();
BEGIN
    RETURN QUERY
    SELECT a.change_seq, a.id, a.author::text, team.name_of(a.author), a.provider, a.job_ref,
           a.candidate_name, a.candidate_email, a.job_name, a.outcome, a.link, a.vendor_ids,
           a.offline, a.conflict, a.created_at, a.updated_at
      FROM team.attempts a
     WHERE a.team_id = t AND a.change_seq > p_after
     ORDER BY a.change_seq
     LIMIT least(greatest(p_limit, 1), 1000);
END $$;

-- ---- Privileges: coordinators execute these and touch nothing else -----------------------------

-- Roles are cluster-wide: the group may exist already (another database of the same cluster),
-- or be created by another `init` at the same moment.
DO $$ BEGIN
    CREATE ROLE invite_desk_coordinators NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA team FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA team FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA team FROM PUBLIC;
GRANT USAGE ON SCHEMA team TO invite_desk_coordinators;
GRANT EXECUTE ON FUNCTION team.whoami() TO invite_desk_coordinators;
GRANT EXECUTE ON FUNCTION team.reserve(uuid, text, text, text, text, text, integer) TO invite_desk_coordinators;
GRANT EXECUTE ON FUNCTION team.record_outcome(uuid, text, text, jsonb) TO invite_desk_coordinators;
GRANT EXECUTE ON FUNCTION team.push_offline(uuid, text, text, text, text, text, text, text, jsonb, timestamptz) TO invite_desk_coordinators;
GRANT EXECUTE ON FUNCTION team.pull(bigint, integer) TO invite_desk_coordinators;
