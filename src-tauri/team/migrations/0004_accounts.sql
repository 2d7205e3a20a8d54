-- Vendor accounts: each attempt keeps the name of the vendor account it went through ("Acme —
-- Xobin"), so a colleague's History says which client an invite was for. Only the name: never
-- a key or an address. The five calls a coordinator makes gain overloads that carry it; the old
-- ones stay for laptops not yet updated (they refuse a newer schema anyway, see whoami).

UPDATE team.schema_version SET version = 4;

ALTER TABLE team.attempts ADD COLUMN account_label text
    CHECK (account_label IS NULL OR char_length(account_label) BETWEEN 1 AND 80);

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
