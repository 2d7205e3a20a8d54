-- Forgetting a person team-wide, and the team's retention: the admin (`invite-desk team forget`) or, where the team
-- allows it, a coordinator deletes every attempt and claim of one email; each deleted attempt
-- leaves a tombstone (its id and a change number, never the person) that every laptop pulls and
-- applies by deleting its own copy — a laptop that was offline does so when it returns. Each
-- erasure is recorded without the person: when, who, how many rows.

UPDATE team.schema_version SET version = 3;

-- Coordinators may ask the server to forget a person (off unless the admin turns it on).
ALTER TABLE team.teams ADD COLUMN members_may_forget boolean NOT NULL DEFAULT false;
-- The team's retention: attempts are deleted this many days after their last change (NULL:
-- kept). Enforced by the server whenever a laptop syncs (team.enforce_retention).
ALTER TABLE team.teams ADD COLUMN retention_days integer CHECK (retention_days BETWEEN 7 AND 3650);

CREATE TABLE team.tombstones (
    team_id    integer NOT NULL REFERENCES team.teams (id),
    attempt_id uuid    NOT NULL,
    change_seq bigint  NOT NULL,
    PRIMARY KEY (team_id, attempt_id)
);
CREATE INDEX tombstones_after ON team.tombstones (team_id, change_seq);

CREATE TABLE team.erasures (
    id       serial PRIMARY KEY,
    team_id  integer NOT NULL REFERENCES team.teams (id),
    at       timestamptz NOT NULL DEFAULT now(),
    by_whom  text NOT NULL,
    rows     integer NOT NULL
);

-- Deletes one email's attempts and claims in team `p_team`; returns how many attempts went.
-- The team's counter row is locked first, as every writer does.
CREATE FUNCTION team.forget_in(p_team integer, p_email text, p_by text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE
    e text := lower(btrim(p_email));
    n integer := 0;
    a record;
BEGIN
    PERFORM team.lock_team(p_team);
    FOR a IN SELECT id FROM team.attempts WHERE team_id = p_team AND email_key = e ORDER BY id LOOP
        INSERT INTO team.tombstones (team_id, attempt_id, change_seq)
        VALUES (p_team, a.id, team.bump(p_team))
        -- Forgotten again: the newer number, so laptops past the old one still see it.
        ON CONFLICT (team_id, attempt_id) DO UPDATE SET change_seq = excluded.change_seq;
        n := n + 1;
    END LOOP;
    DELETE FROM team.claims WHERE team_id = p_team AND email_key = e;
    DELETE FROM team.attempts WHERE team_id = p_team AND email_key = e;
    INSERT INTO team.erasures (team_id, by_whom, rows) VALUES (p_team, p_by, n);
    RETURN n;
END $$;

-- A coordinator's request, where the team allows it.
CREATE FUNCTION team.forget(p_email text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE t integer := team.my_team();
BEGIN
    IF NOT (SELECT tm.members_may_forget FROM team.teams tm WHERE tm.id = t) THEN
        RAISE EXCEPTION 'Your team admin has not allowed coordinators to forget a person on the team server: ask them to run invite-desk team forget.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN team.forget_in(t, p_email, team.name_of(session_user));
END $$;

-- The team's retention, applied for the caller's team: attempts whose last change is older than
-- the team's period go (never a pending or unknown one younger than 30 days), with tombstones,
-- so every laptop deletes its copies too. Returns how many went.
CREATE FUNCTION team.enforce_retention() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
DECLARE
    t integer := team.my_team();
    days integer;
    n integer := 0;
    a record;
BEGIN
    SELECT tm.retention_days INTO days FROM team.teams tm WHERE tm.id = t;
    IF days IS NULL THEN
        RETURN 0;
    END IF;
    -- Called at every sync: the team row (every writer's first lock) is taken only when
    -- something is due.
    IF NOT EXISTS (SELECT 1 FROM team.attempts at
                    WHERE at.team_id = t AND at.updated_at < now() - make_interval(days => days)
                      AND NOT (at.outcome IN ('pending', 'unknown') AND at.updated_at >= now() - interval '30 days')) THEN
        RETURN 0;
    END IF;
    PERFORM team.lock_team(t);
    FOR a IN SELECT at.id FROM team.attempts at
              WHERE at.team_id = t AND at.updated_at < now() - make_interval(days => days)
                AND NOT (at.outcome IN ('pending', 'unknown') AND at.updated_at >= now() - interval '30 days')
              ORDER BY at.id LOOP
        INSERT INTO team.tombstones (team_id, attempt_id, change_seq)
        VALUES (t, a.id, team.bump(t))
        -- Forgotten again: the newer number, so laptops past the old one still see it.
        ON CONFLICT (team_id, attempt_id) DO UPDATE SET change_seq = excluded.change_seq;
        DELETE FROM team.claims WHERE team_id = t AND attempt_id = a.id;
        DELETE FROM team.attempts WHERE id = a.id;
        n := n + 1;
    END LOOP;
    IF n > 0 THEN
        INSERT INTO team.erasures (team_id, by_whom, rows) VALUES (t, 'retention', n);
    END IF;
    RETURN n;
END $$;

-- The tombstones after a laptop's tombstone cursor, in change order.
CREATE FUNCTION team.pull_tombstones(p_after bigint, p_limit integer)
RETURNS TABLE (change_seq bigint, attempt_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = team, pg_temp AS $$
    SELECT t.change_seq, t.attempt_id FROM team.tombstones t
     WHERE t.team_id = team.my_team() AND t.change_seq > p_after
     ORDER BY t.change_seq LIMIT least(greatest(p_limit, 1), 1000);
$$;

REVOKE EXECUTE ON FUNCTION team.forget_in(integer, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION team.forget(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION team.pull_tombstones(bigint, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION team.enforce_retention() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team.enforce_retention() TO invite_desk_coordinators;
GRANT EXECUTE ON FUNCTION team.forget(text) TO invite_desk_coordinators;
GRANT EXECUTE ON FUNCTION team.pull_tombstones(bigint, integer) TO invite_desk_coordinators;
