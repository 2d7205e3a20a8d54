//! Duplicate guard.

use super::*;

#[test]
fn the_duplicate_guard_finds_a_sent_invite_ignoring_email_case() {
    let db = Db::open_in_memory().unwrap();
    let id = db
        .insert_pending(&invite(
            Provider::Xobin,
            "Jane",
            "Jane.Doe@Example.com",
            "77",
        ))
        .unwrap();
    db.mark_sent(id, &sent("https://xobin.com/i/jane")).unwrap();

    let found = db
        .find_previous(Provider::Xobin, "77", " jane.doe@EXAMPLE.COM ")
        .unwrap()
        .expect("same provider, job and email");
    assert_eq!(found.id, id);
    assert_eq!(found.link.as_deref(), Some("https://xobin.com/i/jane"));
}

#[test]
fn the_duplicate_guard_counts_pending_sent_and_unknown_invites_but_not_failed_ones() {
    let db = Db::open_in_memory().unwrap();
    let failed = db
        .insert_pending(&invite(Provider::Xobin, "F", "f@example.com", "1"))
        .unwrap();
    db.mark_failed(
        failed,
        &AppError::new(ErrorKind::Quota, "No invites left."),
        false,
    )
    .unwrap();
    // Still on its way (or its outcome could not be recorded): the vendor may have it.
    let pending = db
        .insert_pending(&invite(Provider::Xobin, "P", "p@example.com", "1"))
        .unwrap();
    let unknown = db
        .insert_pending(&invite(Provider::Xobin, "U", "u@example.com", "1"))
        .unwrap();
    db.mark_failed(
        unknown,
        &AppError::new(ErrorKind::Timeout, "No answer."),
        true,
    )
    .unwrap();

    assert_eq!(
        db.find_previous(Provider::Xobin, "1", "f@example.com")
            .unwrap(),
        None
    );
    let p = db
        .find_previous(Provider::Xobin, "1", "P@Example.com")
        .unwrap()
        .expect("a pending invite is guarded");
    assert_eq!((p.id, p.outcome), (pending, Outcome::Pending));
    let u = db
        .find_previous(Provider::Xobin, "1", "u@example.com")
        .unwrap()
        .expect("an unknown invite is guarded");
    assert_eq!((u.id, u.outcome), (unknown, Outcome::Unknown));
}

#[test]
fn a_second_copy_sees_the_writers_pending_row_in_the_duplicate_guard() {
    // The writer's in-flight row is guarded in a second copy too, which reads the same file.
    let (_dir, path) = temp_db();
    let (writer, _) = Db::open(&path).unwrap();
    let id = writer
        .insert_pending(&invite(Provider::Tidyhire, "W", "w@example.com", "job-7"))
        .unwrap();
    let (viewer, _) = Db::open(&path).unwrap();
    let found = viewer
        .find_previous(Provider::Tidyhire, "job-7", "w@example.com")
        .unwrap()
        .expect("the writer's pending row");
    assert_eq!((found.id, found.outcome), (id, Outcome::Pending));
}

#[test]
fn the_duplicate_guard_ignores_another_job_or_provider_and_returns_the_latest() {
    let db = Db::open_in_memory().unwrap();
    let mut last = 0;
    for link in ["https://xobin.com/first", "https://xobin.com/second"] {
        last = db
            .insert_pending(&invite(Provider::Xobin, "Jane", "jane@example.com", "1"))
            .unwrap();
        db.mark_sent(last, &sent(link)).unwrap();
    }
    let found = db
        .find_previous(Provider::Xobin, "1", "jane@example.com")
        .unwrap()
        .unwrap();
    assert_eq!(found.id, last);
    assert_eq!(found.link.as_deref(), Some("https://xobin.com/second"));
    assert_eq!(
        db.find_previous(Provider::Xobin, "2", "jane@example.com")
            .unwrap(),
        None
    );
    assert_eq!(
        db.find_previous(Provider::Apploi, "1", "jane@example.com")
            .unwrap(),
        None
    );
    assert_eq!(
        db.find_previous(Provider::Xobin, "1", "jan@example.com")
            .unwrap(),
        None
    );
}
