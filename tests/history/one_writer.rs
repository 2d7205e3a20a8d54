//! One writer per history; no sending without a durable history.

use super::*;

#[test]
fn a_second_open_of_the_same_history_is_view_only_and_leaves_the_writers_pending_rows_alone() {
    let (_dir, path) = temp_db();
    let (writer, _) = Db::open(&path).unwrap();
    assert_eq!(writer.access(), &Access::ReadWrite);
    let in_flight = writer
        .insert_pending(&invite(Provider::Xobin, "Fly", "fly@example.com", "9"))
        .unwrap();

    let (viewer, report) = Db::open(&path).unwrap();
    let Access::ViewOnly { reason } = viewer.access().clone() else {
        panic!("the second open must be view-only: {:?}", viewer.access());
    };
    assert!(reason.contains("Another copy of Invite Desk"), "{reason}");
    assert!(
        reason.contains(&format!("process {}", std::process::id())),
        "{reason}"
    );
    assert!(reason.contains(&path.display().to_string()), "{reason}");
    assert_eq!(report.recovered_unknown, 0, "no recovery without the lock");
    assert_eq!(report.notice.as_deref(), Some(reason.as_str()));

    // Recovery did not touch the writer's in-flight row, and the viewer can read it.
    assert_eq!(
        writer.get(in_flight).unwrap().unwrap().outcome,
        Outcome::Pending
    );
    assert_eq!(
        viewer.get(in_flight).unwrap().unwrap().outcome,
        Outcome::Pending
    );
    assert_eq!(viewer.count().unwrap(), 1);

    // The viewer writes nothing: no send, no recovery, no profile.
    let e = viewer
        .insert_pending(&invite(Provider::Xobin, "Two", "two@example.com", "9"))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Storage);
    assert!(e.message.contains("nothing was sent"), "{}", e.message);
    assert!(e.message.contains("Another copy"), "{}", e.message);
    assert!(viewer.recover_pending().is_err());
    assert!(viewer
        .save_job_profile("Job", Provider::Tidyhire, &json!({}))
        .is_err());
    assert_eq!(writer.count().unwrap(), 1);

    // The writer goes on as before.
    writer
        .mark_sent(in_flight, &sent("https://xobin.com/i/fly"))
        .unwrap();
    assert_eq!(
        viewer.get(in_flight).unwrap().unwrap().outcome,
        Outcome::Sent
    );

    // Once the writer is gone, the next open is the writer and recovers what it left.
    let left = writer
        .insert_pending(&invite(Provider::Xobin, "Left", "left@example.com", "9"))
        .unwrap();
    drop(writer);
    drop(viewer);
    let (next, report) = Db::open(&path).unwrap();
    assert_eq!(next.access(), &Access::ReadWrite);
    assert_eq!(report.recovered_unknown, 1);
    assert_eq!(next.get(left).unwrap().unwrap().outcome, Outcome::Unknown);
    assert!(path.with_file_name("history.sqlite.lock").is_file());
}

#[test]
fn the_writer_runs_with_synchronous_full_and_a_view_only_copy_does_not_change_the_file() {
    let (_dir, path) = temp_db();
    let (writer, _) = Db::open(&path).unwrap();
    writer
        .insert_pending(&invite(Provider::Xobin, "A", "a@example.com", "1"))
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let (viewer, _) = Db::open(&path).unwrap();
    assert!(matches!(viewer.access(), Access::ViewOnly { .. }));
    assert_eq!(viewer.query(&HistoryQuery::default()).unwrap().total, 1);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// The real command list over Tauri's mock runtime, on a data folder `prepare` set up first.
fn app_on(prepare: impl FnOnce(&Path)) -> ipc_support::App {
    ipc_support::app_on(Arc::new(MemoryStore::new()), prepare)
}

fn send_args() -> serde_json::Value {
    json!({"form": {"provider": "xobin", "candidateName": "Alex Tanaka",
        "candidateEmail": "alex@example.com", "aiInterviewId": "305",
        "inviteFormat": "getlink"}, "allowDuplicate": true})
}

#[test]
fn a_history_that_opens_only_for_reading_is_listed_but_send_is_refused_naming_the_file() {
    let a = app_on(|data| {
        let (db, _) = Db::open(&data.join("history.sqlite3")).unwrap();
        let id = db
            .insert_pending(&invite(Provider::Xobin, "Kept", "kept@example.com", "305"))
            .unwrap();
        db.mark_sent(id, &sent("https://xobin.com/i/kept")).unwrap();
        drop(db);
        // The writer lock cannot be taken: a folder where its file should be.
        let lock = data.join("history.sqlite3.lock");
        std::fs::remove_file(&lock).unwrap();
        std::fs::create_dir(&lock).unwrap();
    });
    let history = a.data_dir.join("history.sqlite3").display().to_string();

    let err = call(&a, "send_invite", send_args()).unwrap_err();
    assert_eq!(err["kind"], "storage", "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("nothing was sent"), "{message}");
    assert!(message.contains(&history), "{message}");
    assert!(message.contains("restart Invite Desk"), "{message}");

    let page = call(&a, "history_query", json!({"query": {}})).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["candidateEmail"], "kept@example.com");
    let info = call(&a, "app_info", json!({})).unwrap();
    let notices = info["notices"].to_string();
    assert!(notices.contains("can be viewed and exported"), "{notices}");
    assert!(notices.contains(&history), "{notices}");
}

#[test]
fn a_history_that_cannot_be_opened_at_all_refuses_to_send_and_keeps_nothing_in_memory() {
    let a = app_on(|data| std::fs::create_dir(data.join("history.sqlite3")).unwrap());
    let history = a.data_dir.join("history.sqlite3").display().to_string();

    let err = call(&a, "send_invite", send_args()).unwrap_err();
    assert_eq!(err["kind"], "storage", "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("nothing was sent"), "{message}");
    assert!(message.contains(&history), "{message}");

    // No temporary history to show or fill: History says why instead of an empty list.
    let err = call(&a, "history_query", json!({"query": {}})).unwrap_err();
    assert_eq!(err["kind"], "storage");
    assert!(err["message"].as_str().unwrap().contains(&history), "{err}");
    let err = call(
        &a,
        "save_job_profile",
        json!({"name": "Job", "provider": "tidyhire", "data": {}}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "storage");
    assert!(a.data_dir.join("history.sqlite3").is_dir(), "left alone");
}

#[tokio::test]
async fn a_second_copy_sends_nothing_even_through_the_invite_flow() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let (writer, _) = Db::open(&data.join("history.sqlite3")).unwrap();
    let in_flight = writer
        .insert_pending(&invite(
            Provider::Xobin,
            "First",
            "first@example.com",
            "305",
        ))
        .unwrap();

    let secrets = Arc::new(MemoryStore::new());
    secrets.set(Provider::Xobin, "VIEW-ONLY-KEY-1").unwrap();
    let second = AppState::open(&data, secrets, providers::default_client().unwrap()).unwrap();
    assert!(matches!(second.db.access(), Access::ViewOnly { .. }));
    assert!(second.notices.iter().any(|n| n.contains("Another copy")));
    let server = wiremock::MockServer::start().await;
    let mut s = second.settings.get();
    s.base_urls
        .insert(Provider::Xobin, format!("{}/api/v2", server.uri()));
    second.settings.save(s).unwrap();

    let form = serde_json::from_value(send_args()["form"].clone()).unwrap();
    let e = invite_desk::invite::send(&second, None, form, true, None)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Storage, "{}", e.message);
    assert!(server.received_requests().await.unwrap().is_empty());
    assert_eq!(
        writer.get(in_flight).unwrap().unwrap().outcome,
        Outcome::Pending
    );
    assert_eq!(writer.count().unwrap(), 1);
}
