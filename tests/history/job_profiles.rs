//! Job profiles.

use super::*;

#[test]
fn job_profiles_are_upserted_by_provider_and_name_listed_and_deleted() {
    let (_dir, path) = temp_db();
    let (db, _) = Db::open(&path).unwrap();
    let a = db
        .save_job_profile(
            "Backend",
            Provider::Tidyhire,
            &json!({"title": "Backend v1"}),
        )
        .unwrap();
    let b = db
        .save_job_profile(
            " backend ",
            Provider::Tidyhire,
            &json!({"title": "Backend v2"}),
        )
        .unwrap();
    assert_eq!(a.id, b.id, "same name, ignoring case and spaces: replaced");
    assert_eq!(b.name, "backend");
    assert_eq!(b.data["title"], "Backend v2");
    let other = db
        .save_job_profile("Backend", Provider::Xobin, &json!({"title": "Xobin one"}))
        .unwrap();
    assert_ne!(other.id, a.id, "another provider keeps its own profile");
    db.save_job_profile("Analyst", Provider::Tidyhire, &json!({"title": "Analyst"}))
        .unwrap();

    let list = db.list_job_profiles(Provider::Tidyhire).unwrap();
    let names: Vec<_> = list.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Analyst", "backend"]);
    assert_eq!(list[1].data, json!({"title": "Backend v2"}));
    let json = serde_json::to_value(&list[1]).unwrap();
    assert_eq!(json["provider"], "tidyhire");
    assert!(json["updatedAt"].is_string());

    assert!(db.delete_job_profile(a.id).unwrap());
    assert!(!db.delete_job_profile(a.id).unwrap());
    assert_eq!(db.list_job_profiles(Provider::Tidyhire).unwrap().len(), 1);
    assert_eq!(db.list_job_profiles(Provider::Xobin).unwrap().len(), 1);
}

#[test]
fn a_job_profile_needs_a_name_and_an_object() {
    let db = Db::open_in_memory().unwrap();
    let e = db
        .save_job_profile("  ", Provider::Tidyhire, &json!({}))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.field.as_deref(), Some("profileName"));
    assert!(db
        .save_job_profile("X", Provider::Tidyhire, &json!([1, 2]))
        .is_err());
    assert!(db.list_job_profiles(Provider::Tidyhire).unwrap().is_empty());
}
