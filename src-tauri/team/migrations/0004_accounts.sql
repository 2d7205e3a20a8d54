-- Vendor accounts: each attempt keeps the name of the vendor account it went through ("Acme —
-- Xobin"), so a colleague's History says which client an invite was for. Only the name: never
-- a key or an address. The five calls a coordinator makes gain overloads that carry it; the old
-- ones stay for laptops not yet updated (they refuse a newer schema anyway, see whoami). Also
-- here: one attempt reserved twice at once is a replay (below).

UPDATE team.schema_version SET version = 4;

ALTER TABLE team.attempts ADD COLUMN account_label text
    CHECK (account_label IS NULL OR char_length(account_label) BETWEEN 1 AND 80);

-- The same attempt reserved twice at once (a reservation that timed out on the laptop and was
-- asked again while the first was still on its way) answered with a raw unique-key error; it is
-- now a replay, like the same attempt asked again later. Otherwise unchanged from schema 2.
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
                        'pending', now(), seq)
                ON CONFLICT (id) DO NOTHING;
                IF NOT FOUND THEN
                    -- The same attempt asked twice at once (a call that timed out here, asked
                    -- again): the first wrote it while this one waited for the counter row.
                    SELECT * INTO mine FROM team.attempts a WHERE a.id = p_attempt;
                    result := 'replay';
                    holder := session_user;
                    holder_name := team.name_of(session_user);
                    held_at := mine.created_at;
                    state := c.state;
                    version := c.version;
                    link := mine.link;
                    holder_attempt := p_attempt;
                    RETURN;
                END IF;
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

-- The author names the account of their own attempt, in the same transaction as the call that
-- wrote it (so colleagues pull the attempt and its account together).
CREATE FUNCTION team.name_account(p_attempt uuid, p_account text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
BEGIN
    IF p_account IS NOT NULL THEN
        UPDATE team.attempts a SET account_label = p_account
         WHERE a.id = p_attempt AND a.author = session_user AND a.team_id = team.my_team()
           AND a.account_label IS DISTINCT FROM p_account;
    END IF;
END $$;

CREATE FUNCTION team.reserve(
    p_attempt uuid, p_provider text, p_job_ref text, p_email text, p_name text, p_job_name text,
    p_override_version integer, p_account text,
    OUT result text, OUT holder text, OUT holder_name text, OUT held_at timestamptz,
    OUT state text, OUT version integer, OUT link text, OUT holder_attempt uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
BEGIN
    SELECT * INTO result, holder, holder_name, held_at, state, version, link, holder_attempt
      FROM team.reserve(p_attempt, p_provider, p_job_ref, p_email, p_name, p_job_name, p_override_version);
    IF result <> 'held' THEN
        PERFORM team.name_account(p_attempt, p_account);
    END IF;
END $$;

CREATE FUNCTION team.push_offline(
    p_attempt uuid, p_provider text, p_job_ref text, p_email text, p_name text, p_job_name text,
    p_outcome text, p_link text, p_vendor_ids jsonb, p_created_at timestamptz, p_account text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE r text;
BEGIN
    r := team.push_offline(p_attempt, p_provider, p_job_ref, p_email, p_name, p_job_name,
                           p_outcome, p_link, p_vendor_ids, p_created_at);
    PERFORM team.name_account(p_attempt, p_account);
    RETURN r;
END $$;

-- The pull with each attempt's account name (after the columns of schema 1).
CREATE FUNCTION team.pull_accounts(p_after bigint, p_limit integer)
RETURNS TABLE (change_seq bigint, id uuid, author text, author_name text, provider text,
               job_ref text, candidate_name text, candidate_email text, job_name text,
               outcome text, link text, vendor_ids jsonb, offline boolean, conflict text,
               created_at timestamptz, updated_at timestamptz, account_label text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE t integer := team.my_team();
BEGIN
    RETURN QUERY
    SELECT a.change_seq, a.id, a.author::text, team.name_of(a.author), a.provider, a.job_ref,
           a.candidate_name, a.candidate_email, a.job_name, a.outcome, a.link, a.vendor_ids,
           a.offline, a.conflict, a.created_at, a.updated_at, a.account_label
      FROM team.attempts a
     WHERE a.team_id = t AND a.change_seq > p_after
     ORDER BY a.change_seq
     LIMIT least(greatest(p_limit, 1), 1000);
END $$;

REVOKE EXECUTE ON FUNCTION team.name_account(uuid, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION team.reserve(uuid, text, text, text, text, text, integer, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION team.push_offline(uuid, text, text, text, text, text, text, text, jsonb, timestamptz, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION team.pull_accounts(bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team.reserve(uuid, text, text, text, text, text, integer, text) TO invite_desk_coordinators;
GRANT EXECUTE ON FUNCTION team.push_offline(uuid, text, text, text, text, text, text, text, jsonb, timestamptz, text) TO invite_desk_coordinators;
GRANT EXECUTE ON FUNCTION team.pull_accounts(bigint, integer) TO invite_desk_coordinators;
