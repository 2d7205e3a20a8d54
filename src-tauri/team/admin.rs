//! `invite-desk team …`: the admin command that sets up and runs a team server.
//!
//! ```text
//! invite-desk team init <admin-url> <team-name> [--strict-offline | --no-strict-offline] [--lease-secs N]
//! invite-desk team add-member <admin-url> <team-name> <login> <display name…> [--valid-days N]
//! invite-desk team remove-member <admin-url> <login>
//! invite-desk team status <admin-url>
//! ```
//!
//! `<admin-url>` is a libpq connection string or `postgresql://…` URL for a role that may create
//! roles and schemas; what it leaves out comes from PGHOST, PGPORT, PGUSER, PGDATABASE,
//! PGPASSWORD, the password file (~/.pgpass), PGSSLMODE and PGSSLROOTCERT, as libpq reads them
//! (`pgenv.rs`). `init` applies the numbered server migrations it has not applied yet, each in
//! its own transaction, and creates the team (run again, it keeps the team's settings unless a
//! flag changes them); `add-member` creates the coordinator's login role (in
//! `invite_desk_coordinators`, a connection limit of 5) with a one-time password it prints once,
//! valid for `--valid-days` (7 by default; joining makes the laptop's own secret valid without
//! end), and refuses a login that exists for anything else.

use tokio_postgres::Client;
use uuid::Uuid;

/// The server schema steps, in order (step n leaves `team.schema_version` = n).
pub const SERVER_MIGRATIONS: &[(&str, &str)] = &[
    ("0001_team", include_str!("migrations/0001_team.sql")),
    ("0002_faults", include_str!("migrations/0002_faults.sql")),
    ("0003_forget", include_str!("migrations/0003_forget.sql")),
    (
        "0004_accounts",
        include_str!("migrations/0004_accounts.sql"),
    ),
    (
        "0005_reminders",
        include_str!("migrations/0005_reminders.sql"),
    ),
    (
        "0006_one_time_passwords",
        include_str!("migrations/0006_one_time_passwords.sql"),
    ),
    (
        "0007_retention_batches",
        include_str!("migrations/0007_retention_batches.sql"),
    ),
];

/// How long a one-time password works when `add-member` is not told (`--valid-days N`).
pub const ONE_TIME_VALID_DAYS: i64 = 7;

fn usage() -> i32 {
    eprintln!(
        "usage:\n  invite-desk team init <admin-url> <team-name> [--strict-offline] [--lease-secs N] \
         [--members-may-forget | --no-members-may-forget] [--retention-days N | --no-retention]\n  \
         invite-desk team add-member <admin-url> <team-name> <login> <display name> [--valid-days N]\n  \
         invite-desk team remove-member <admin-url> <login>\n  \
         invite-desk team status <admin-url>\n  \
         invite-desk team forget <admin-url> <email>"
    );
    2
}

/// Runs the admin command; returns the process exit code. A command-line tool: its answer goes
/// to stdout.
#[allow(clippy::print_stdout)]
pub fn main(args: &[String]) -> i32 {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("invite-desk team: could not start: {e}");
            return 1;
        }
    };
    match rt.block_on(run(args)) {
        Ok(out) => {
            println!("{out}");
            0
        }
        Err(Usage) => usage(),
        Err(Failed(msg)) => {
            eprintln!("invite-desk team: {msg}");
            1
        }
    }
}

/// Why an admin command stopped.
#[derive(Debug)]
pub enum AdminError {
    Usage,
    Failed(String),
}
use AdminError::{Failed, Usage};

impl From<tokio_postgres::Error> for AdminError {
    fn from(e: tokio_postgres::Error) -> Self {
        Failed(match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => e.to_string(),
        })
    }
}

async fn connect(url: &str) -> Result<Client, AdminError> {
    let (config, tls) = super::pgenv::admin_config(url).map_err(Failed)?;
    let no_password = config.get_password().is_none();
    super::client::connect_with(config, &tls)
        .await
        .map_err(|e| {
            if no_password && e.message.contains("password missing") {
                Failed(
                    "password missing: the server asks for one and none was given (set \
                     PGPASSWORD, or add the server to ~/.pgpass)"
                        .into(),
                )
            } else {
                Failed(e.message)
            }
        })
}

/// The admin commands, callable from tests: returns what the command prints.
pub async fn run(args: &[String]) -> Result<String, AdminError> {
    let cmd = args.first().map(String::as_str).ok_or(Usage)?;
    let url = args.get(1).ok_or(Usage)?;
    let c = connect(url).await?;
    match cmd {
        "init" => {
            let name = args.get(2).ok_or(Usage)?;
            // A flag left out keeps what the team has (or the default for a new team).
            let strict: Option<bool> = if args.iter().any(|a| a == "--strict-offline") {
                Some(true)
            } else if args.iter().any(|a| a == "--no-strict-offline") {
                Some(false)
            } else {
                None
            };
            let lease: Option<i32> = match args.iter().position(|a| a == "--lease-secs") {
                Some(i) => Some(
                    args.get(i + 1)
                        .and_then(|v| v.parse().ok())
                        .ok_or_else(|| Failed("--lease-secs needs a number of seconds".into()))?,
                ),
                None => None,
            };
            let may_forget: Option<bool> = if args.iter().any(|a| a == "--members-may-forget") {
                Some(true)
            } else if args.iter().any(|a| a == "--no-members-may-forget") {
                Some(false)
            } else {
                None
            };
            // --retention-days N sets the team's retention, --no-retention turns it off; left out,
            // the team keeps what it has.
            let retention: Option<i32> = match args.iter().position(|a| a == "--retention-days") {
                Some(i) => Some(
                    args.get(i + 1)
                        .and_then(|v| v.parse().ok())
                        .filter(|d| (7..=3650).contains(d))
                        .ok_or_else(|| {
                            Failed("--retention-days needs a number of days from 7 to 3650".into())
                        })?,
                ),
                None => None,
            };
            let no_retention = args.iter().any(|a| a == "--no-retention");
            let applied = migrate(&c).await?;
            let row = c
                .query_one(
                    "INSERT INTO team.teams AS t (name, strict_offline, lease_secs, members_may_forget, retention_days)
                     VALUES ($1, coalesce($2, false), coalesce($3, 120), coalesce($4, false), $5)
                     ON CONFLICT (name) DO UPDATE
                        SET strict_offline = coalesce($2, t.strict_offline),
                            lease_secs = coalesce($3, t.lease_secs),
                            members_may_forget = coalesce($4, t.members_may_forget),
                            retention_days = CASE WHEN $6 THEN NULL ELSE coalesce($5, t.retention_days) END
                     RETURNING strict_offline, lease_secs",
                    &[name, &strict, &lease, &may_forget, &retention, &no_retention],
                )
                .await?;
            let (strict, lease): (bool, i32) = (row.get(0), row.get(1));
            Ok(format!(
                "Team “{name}” is ready (schema steps applied now: {applied}; strict offline: \
                 {strict}; lease {lease} s). Add coordinators with `invite-desk team add-member`."
            ))
        }
        "add-member" => {
            let team = args.get(2).ok_or(Usage)?;
            let login = args.get(3).ok_or(Usage)?;
            let mut rest: Vec<String> = args.get(4..).map(<[String]>::to_vec).unwrap_or_default();
            let mut valid_days = ONE_TIME_VALID_DAYS;
            if let Some(i) = rest.iter().position(|a| a == "--valid-days") {
                valid_days = rest
                    .get(i + 1)
                    .and_then(|n| n.parse::<i64>().ok())
                    .filter(|n| (1..=90).contains(n))
                    .ok_or_else(|| {
                        Failed("--valid-days needs a number of days from 1 to 90".into())
                    })?;
                rest.drain(i..=i + 1);
            }
            let display = rest.join(" ");
            if display.trim().is_empty() {
                return Err(Usage);
            }
            check_login(login)?;
            let team_id: i32 = c
                .query_opt("SELECT id FROM team.teams WHERE name = $1", &[team])
                .await?
                .ok_or_else(|| Failed(format!("no team named “{team}”: run `init` first")))?
                .get(0);
            let one_time = format!("{}", Uuid::new_v4().simple());
            let verifier = postgres_protocol::password::scram_sha_256(one_time.as_bytes());
            let exists: bool = c
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
                    &[login],
                )
                .await?
                .get(0);
            if exists {
                let member: bool = c
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM pg_auth_members m
                             JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
                            WHERE g.rolname = 'invite_desk_coordinators' AND r.rolname = $1)",
                        &[login],
                    )
                    .await?
                    .get(0);
                if !member {
                    return Err(Failed(format!(
                        "the login “{login}” already exists on this server and is not an Invite \
                         Desk coordinator (another application's login, a DBA?): nothing was \
                         changed. Choose another login name."
                    )));
                }
            }
            let verb = if exists { "ALTER" } else { "CREATE" };
            // The one-time password works for `valid_days`; joining makes the login's own
            // secret valid without end (team.activate, schema 6).
            let until = (chrono::Utc::now() + chrono::Duration::days(valid_days))
                .format("%Y-%m-%d %H:%M:%S+00")
                .to_string();
            c.batch_execute(&format!(
                "{verb} ROLE \"{login}\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE CONNECTION LIMIT 5 \
                 PASSWORD '{verifier}' VALID UNTIL '{until}'; \
                 GRANT invite_desk_coordinators TO \"{login}\";"
            ))
            .await?;
            c.execute(
                "INSERT INTO team.members (role_name, team_id, display_name, active)
                 VALUES ($1, $2, $3, true)
                 ON CONFLICT (role_name) DO UPDATE SET team_id = excluded.team_id,
                     display_name = excluded.display_name, active = true",
                &[login, &team_id, &display.trim()],
            )
            .await?;
            Ok(format!(
                "{} can join team “{team}” as login “{login}” with this one-time password, \
                 valid until {until} UTC (Invite Desk replaces it on first use; a laptop that \
                 joined with this login before is signed out of the team when another joins \
                 with it):\n{one_time}",
                display.trim()
            ))
        }
        "remove-member" => {
            let login = args.get(2).ok_or(Usage)?;
            check_login(login)?;
            let n = c
                .execute(
                    "UPDATE team.members SET active = false WHERE role_name = $1",
                    &[login],
                )
                .await?;
            if n == 0 {
                return Err(Failed(format!("“{login}” is not a member of any team")));
            }
            c.batch_execute(&format!("ALTER ROLE \"{login}\" NOLOGIN"))
                .await?;
            Ok(format!(
                "“{login}” can no longer sign in; their invites stay in the team's history."
            ))
        }
        "status" => {
            let version = schema_version(&c).await?;
            let mut out = format!("schema version {version}\n");
            for r in c
                .query(
                    "SELECT t.name, t.strict_offline, t.lease_secs, t.last_seq,
                            (SELECT count(*) FROM team.members m WHERE m.team_id = t.id AND m.active),
                            (SELECT count(*) FROM team.attempts a WHERE a.team_id = t.id),
                            (SELECT count(*) FROM team.attempts a WHERE a.team_id = t.id AND a.conflict IS NOT NULL)
                     FROM team.teams t ORDER BY t.name",
                    &[],
                )
                .await?
            {
                let (name, strict, lease, seq, members, attempts, conflicts): (String, bool, i32, i64, i64, i64, i64) =
                    (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6));
                out.push_str(&format!(
                    "team “{name}”: {members} members, {attempts} attempts ({conflicts} flagged), \
                     change {seq}, strict offline {strict}, lease {lease} s\n"
                ));
            }
            Ok(out.trim_end().to_string())
        }
        "forget" => {
            // A person's erasure request, in every team on this server: each laptop deletes its
            // copies at its next sync (tombstones), an offline one when it returns.
            let email = args.get(2).ok_or(Usage)?.trim().to_string();
            if !email.contains('@') {
                return Err(Failed("forget needs the person's email address".into()));
            }
            migrate(&c).await?;
            let mut total = 0i64;
            for r in c
                .query("SELECT id FROM team.teams ORDER BY id", &[])
                .await?
            {
                let team: i32 = r.get(0);
                let n: i32 = c
                    .query_one(
                        "SELECT team.forget_in($1, $2, 'the admin')",
                        &[&team, &email],
                    )
                    .await?
                    .get(0);
                total += i64::from(n);
            }
            Ok(format!(
                "Forgot {total} attempt(s) of that person on the team server. Each laptop deletes \
                 its copies at its next sync; a laptop that is offline does so when it returns."
            ))
        }
        _ => Err(Usage),
    }
}

fn check_login(login: &str) -> Result<(), AdminError> {
    if login.is_empty()
        || login.len() > 63
        || !login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(Failed(
            "a login is lowercase letters, digits and _ only, at most 63 characters".into(),
        ));
    }
    Ok(())
}

async fn schema_version(c: &Client) -> Result<i64, AdminError> {
    let has: bool = c
        .query_one("SELECT to_regclass('team.schema_version') IS NOT NULL", &[])
        .await?
        .get(0);
    if !has {
        return Ok(0);
    }
    Ok(c.query_one(
        "SELECT coalesce(max(version), 0)::bigint FROM team.schema_version",
        &[],
    )
    .await?
    .get(0))
}

/// Applies the server steps not applied yet, each in its own transaction. A server newer than
/// this build is refused.
pub async fn migrate(c: &Client) -> Result<usize, AdminError> {
    let version = schema_version(c).await?;
    let known = SERVER_MIGRATIONS.len() as i64;
    if version > known {
        return Err(Failed(format!(
            "the server's schema is version {version}; this Invite Desk knows up to {known}: update it"
        )));
    }
    let mut applied = 0;
    for (name, sql) in SERVER_MIGRATIONS.iter().skip(version as usize) {
        c.batch_execute(&format!("BEGIN; {sql}\nCOMMIT;"))
            .await
            .map_err(|e| {
                let msg = match e.as_db_error() {
                    Some(db) => db.message().to_string(),
                    None => e.to_string(),
                };
                Failed(format!("server step {name} failed: {msg}"))
            })?;
        applied += 1;
    }
    Ok(applied)
}
