-- A one-time password expires: `add-member` gives the login a password valid for a few days
-- (`--valid-days`, 7 by default), so one that was never used — lost in an inbox, sent to the
-- wrong person — stops working by itself. When a laptop joins, it replaces the password with its
-- own secret and, in the same transaction, makes the login valid without end through this
-- function (a coordinator may change their own password but not its validity). A login whose
-- one-time password expired asks the admin for a new one.

UPDATE team.schema_version SET version = 6;

CREATE FUNCTION team.activate() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = team, pg_temp AS $$
BEGIN
    PERFORM team.my_team();  -- a member of a team, or an error naming the login
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', session_user, 'infinity');
END $$;

REVOKE EXECUTE ON FUNCTION team.activate() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION team.activate() TO invite_desk_coordinators;
