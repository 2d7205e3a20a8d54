-- The team's retention in batches: at most 500 attempts per call, so a call stays well inside a
-- laptop's deadline for one call and holds the team's lock briefly — the first call after a team
-- turns retention on may find a year of attempts due, which in one call would run past every
-- deadline, be cancelled and start over at each sync, for ever. A laptop calls again while a
-- call returns 500 (a few calls per sync; the rest at the next). The grants stay as they were.

UPDATE team.schema_version SET version = 7;

CREATE OR REPLACE FUNCTION team.enforce_retention() RETURNS integer
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
              ORDER BY at.id LIMIT 500 LOOP
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
