//! The team server's address and the admin command, against the real PostgreSQL server
//! (scripts/with-postgres.sh; these fail without it, never skip): TLS for real (a throwaway CA
//! and server certificate made here, the server switched to `ssl=on`, the app connecting with
//! `sslmode=verify-full` to the name in the certificate, the login bound to the channel —
//! channel binding is required; a wrong CA and a wrong name refused in plain words; a stand-in
//! server offering SCRAM without channel binding refused before any login leaves), the libpq variables and password file the admin command reads, a login that
//! belongs to something else refused, `init` run again keeping the team's settings, and a join
//! interrupted after the server changed retried with the same one-time password.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // tests may unwrap

mod team_support;

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use invite_desk::team::{admin, client};
use team_support::*;

/// A CA and a server certificate for `localhost` signed by it, as PEM.
fn throwaway_ca() -> (String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "Invite Desk test CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    let cert = params.signed_by(&key, &ca_cert, &ca_key).unwrap();
    (ca_cert.pem(), cert.pem(), key.serialize_pem())
}

#[tokio::test]
async fn tls_for_real_verify_full_to_the_certificates_name_and_a_wrong_ca_or_name_refused() {
    let srv = server().await;
    srv.init("Acme Talent", &[]).await;
    let admin_sql = srv.sql().await;
    // The server's files, readable by the server's own user only.
    let data: String = admin_sql
        .query_one("SHOW data_directory", &[])
        .await
        .unwrap()
        .get(0);
    let owner = std::fs::metadata(&data).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let (ca, cert, key) = throwaway_ca();
    let (wrong_ca, _, _) = throwaway_ca();
    let write = |name: &str, text: &str, mode: u32| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        std::os::unix::fs::chown(&p, Some(owner.uid()), Some(owner.gid())).unwrap();
        p.display().to_string()
    };
    let cert_file = write("server.crt", &cert, 0o644);
    let key_file = write("server.key", &key, 0o600);
    let ca_file = write("ca.pem", &ca, 0o644);
    let wrong_file = write("wrong-ca.pem", &wrong_ca, 0o644);
    for sql in [
        format!("ALTER SYSTEM SET ssl_cert_file = '{cert_file}'"),
        format!("ALTER SYSTEM SET ssl_key_file = '{key_file}'"),
        "ALTER SYSTEM SET ssl = on".into(),
        "SELECT pg_reload_conf()".into(),
    ] {
        admin_sql.simple_query(&sql).await.unwrap();
    }
    let t = std::time::Instant::now();
    loop {
        let on: String = srv
            .sql()
            .await
            .query_one("SHOW ssl", &[])
            .await
            .unwrap()
            .get(0);
        if on == "on" {
            break;
        }
        assert!(t.elapsed().as_secs() < 10, "the server did not turn TLS on");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (vend, _) = vendor().await;
    let (login, otp) = srv.member("Acme Talent", "Priya").await;
    let at = |host: &str, root: &str, mode: &str| {
        format!(
            "postgresql://{host}:{}/{}?sslmode={mode}&sslrootcert={root}",
            srv.port, srv.db
        )
    };
    // A wrong CA, and the right CA with another name than the certificate's: refused, nothing
    // changes on the server (the one-time password still works afterwards).
    let l = laptop_at(tempfile::tempdir().unwrap(), &vend);
    let e = l
        .team
        .join(&at("localhost", &wrong_file, "verify-full"), &login, &otp)
        .await
        .unwrap_err();
    assert!(
        e.message.contains("not signed by an authority"),
        "{}",
        e.message
    );
    let e = l
        .team
        .join(&at("127.0.0.1", &ca_file, "verify-full"), &login, &otp)
        .await
        .unwrap_err();
    assert!(e.message.contains("another name"), "{}", e.message);
    // The name in the certificate, its CA: joined, over TLS.
    let url = at("localhost", &ca_file, "verify-full");
    let st = l.team.join(&url, &login, &otp).await.unwrap();
    assert_eq!(st.team_name.as_deref(), Some("Acme Talent"));
    let account = l.state.settings.get().team.unwrap().account();
    let secret = l.state.secrets.get_team_secret(&account).unwrap().unwrap();
    let target = client::parse_url(&url).unwrap();
    let c = client::connect(&target, &login, secret.expose())
        .await
        .unwrap();
    let ssl: bool = c
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(ssl, "the connection is encrypted");
    // verify-ca checks the chain, not the name.
    let target = client::parse_url(&at("127.0.0.1", &ca_file, "verify-ca")).unwrap();
    client::connect(&target, &login, secret.expose())
        .await
        .unwrap();
    admin_sql
        .simple_query("ALTER SYSTEM RESET ssl")
        .await
        .unwrap();
    admin_sql
        .simple_query("SELECT pg_reload_conf()")
        .await
        .unwrap();
}

fn admin_args(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn the_admin_command_reads_pgpassword_and_pgpass_refuses_a_foreign_login_and_keeps_settings()
{
    let srv = server().await;
    // The address without a password, as the README shows it; the password from PGPASSWORD.
    let base = std::env::var("INVITE_DESK_TEST_PG").unwrap();
    let pw = base
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("password="))
        .unwrap()
        .to_string();
    let url = format!(
        "postgresql://invite_desk_admin@127.0.0.1:{}/{}",
        srv.port, srv.db
    );
    std::env::remove_var("PGPASSWORD");
    let home = tempfile::tempdir().unwrap();
    std::env::set_var("PGPASSFILE", home.path().join("none"));
    match admin::run(&admin_args(&["status", &url])).await {
        Err(admin::AdminError::Failed(m)) => assert!(m.contains("password missing"), "{m}"),
        other => panic!("{other:?}"),
    }
    // ~/.pgpass (here PGPASSFILE) as libpq reads it.
    let pgpass = home.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!("# test\n127.0.0.1:{}:*:invite_desk_admin:{pw}\n", srv.port),
    )
    .unwrap();
    std::env::set_var("PGPASSFILE", &pgpass);
    admin::run(&admin_args(&[
        "init",
        &url,
        "Acme Talent",
        "--strict-offline",
        "--lease-secs",
        "300",
    ]))
    .await
    .unwrap();
    std::env::remove_var("PGPASSFILE");
    std::env::set_var("PGPASSWORD", &pw);
    // Run again without flags: the team keeps strict offline and its lease.
    let out = admin::run(&admin_args(&["init", &url, "Acme Talent"]))
        .await
        .unwrap();
    assert!(
        out.contains("strict offline: true") && out.contains("lease 300 s"),
        "{out}"
    );
    // A login that exists for something else is refused and left alone.
    let sql = srv.sql().await;
    sql.batch_execute(
        "DO $$ BEGIN CREATE ROLE reporting LOGIN PASSWORD 'reports' CONNECTION LIMIT 20;
         EXCEPTION WHEN duplicate_object THEN NULL; END $$",
    )
    .await
    .unwrap();
    match admin::run(&admin_args(&[
        "add-member",
        &url,
        "Acme Talent",
        "reporting",
        "Reports",
    ]))
    .await
    {
        Err(admin::AdminError::Failed(m)) => {
            assert!(m.contains("“reporting” already exists"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    let limit: i32 = sql
        .query_one(
            "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'reporting'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(limit, 20, "the other application's login is untouched");
    // A coordinator added again (a new one-time password) is fine.
    let out = admin::run(&admin_args(&[
        "add-member",
        &url,
        "Acme Talent",
        "kim_x1",
        "Kim",
    ]))
    .await
    .unwrap();
    assert!(out.contains("signed out"), "{out}");
    admin::run(&admin_args(&[
        "add-member",
        &url,
        "Acme Talent",
        "kim_x1",
        "Kim",
    ]))
    .await
    .unwrap();
    std::env::remove_var("PGPASSWORD");
}

#[tokio::test]
async fn a_join_interrupted_after_the_server_took_the_new_secret_is_retried_with_the_same_password()
{
    let srv = server().await;
    srv.init("Acme Talent", &[]).await;
    let (vend, _) = vendor().await;
    let (login, otp) = srv.member("Acme Talent", "Priya").await;
    let l = laptop_at(tempfile::tempdir().unwrap(), &vend);
    l.team.join(&srv.url(), &login, &otp).await.unwrap();
    // The settings were never saved (the app stopped right after the server changed).
    l.state
        .settings
        .update(|s| {
            let mut n = s.clone();
            n.team = None;
            n
        })
        .unwrap();
    let st = l.team.join(&srv.url(), &login, &otp).await.unwrap();
    assert!(st.enabled);
}

/// A server that speaks TLS with a certificate the laptop trusts but offers only SCRAM without
/// channel binding — what a machine in the middle that terminates TLS itself would offer. It
/// answers the startup with the list of mechanisms and records whether the laptop sent anything
/// after it (a login attempt).
async fn server_without_channel_binding(
    cert_der: Vec<u8>,
    key_der: Vec<u8>,
) -> (u16, tokio::task::JoinHandle<usize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let certs = vec![rustls::pki_types::CertificateDer::from(cert_der)];
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(key_der.into());
    let config = rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let (mut tcp, _) = listener.accept().await.unwrap();
        // SSLRequest: length 8, code 80877103; yes.
        let mut req = [0u8; 8];
        tcp.read_exact(&mut req).await.unwrap();
        assert_eq!(&req[4..], &80877103u32.to_be_bytes());
        tcp.write_all(b"S").await.unwrap();
        let mut tls = acceptor.accept(tcp).await.unwrap();
        // The startup message (length-prefixed), then AuthenticationSASL with SCRAM-SHA-256 only.
        let mut len = [0u8; 4];
        tls.read_exact(&mut len).await.unwrap();
        let mut startup = vec![0u8; u32::from_be_bytes(len) as usize - 4];
        tls.read_exact(&mut startup).await.unwrap();
        let body = b"\0\0\0\x0aSCRAM-SHA-256\0\0";
        let mut msg = vec![b'R'];
        msg.extend_from_slice(&((body.len() + 4) as u32).to_be_bytes());
        msg.extend_from_slice(body);
        tls.write_all(&msg).await.unwrap();
        tls.flush().await.unwrap();
        // Whatever the laptop sends next (a SASL initial response would carry the login).
        let mut rest = Vec::new();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            tls.read_to_end(&mut rest),
        )
        .await;
        rest.len()
    });
    (port, task)
}

#[tokio::test]
async fn a_server_that_does_not_bind_the_login_to_tls_is_refused_before_any_login_is_sent() {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&key, &ca_cert, &ca_key)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca_cert.pem()).unwrap();
    let (port, seen) =
        server_without_channel_binding(cert.der().to_vec(), key.serialize_der()).await;
    // A name off this computer in the certificate's eyes is `localhost` here; TLS is asked
    // for explicitly, as for any team server on the network.
    let url = format!(
        "postgresql://localhost:{port}/invitedesk?sslmode=verify-full&sslrootcert={}",
        ca_file.display()
    );
    let target = client::parse_url(&url).unwrap();
    let e = client::connect(&target, "priya", "one-time-password-1234")
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("teamUrl"), "{}", e.message);
    assert!(e.message.contains("channel binding"), "{}", e.message);
    assert!(!e.message.contains("one-time-password-1234"));
    assert_eq!(seen.await.unwrap(), 0, "nothing of the login was sent");
}
