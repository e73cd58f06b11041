//! `eenplan import services` as an administrator uses it: a good file (JSON, or a folder of CSV files)
//! is stored and summarised; a file with problems names every row and field, exits non-zero and
//! stores nothing.

mod common;

use common::text;
use eenplan_domain::social_map::{Dataset, from_json, to_csv_files};
use eenplan_store::db_test;
use eenplan_store::testing::TestDb;
use std::process::Output;

const SAMPLE: &str = include_str!("../../../data/social-map/voorbeeld-hsds.json");

fn import(db: &TestDb, args: &[&str]) -> Output {
    let mut all = vec!["import", "services"];
    all.extend_from_slice(args);
    common::eenplan(db, &all, &[])
}

/// A fresh folder for the test's files.
fn folder() -> std::path::PathBuf {
    common::folder("import")
}

async fn audit_count(db: &TestDb) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(db.store.pool()).await.unwrap();
    n
}

db_test!(a_good_file_is_imported_and_a_second_import_updates, |db| {
    let dir = folder();
    let file = dir.join("sociale-kaart.json");
    std::fs::write(&file, SAMPLE).unwrap();
    let before = audit_count(db).await;
    let out = import(db, &[file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("3 organisations") && stdout.contains("4 services") && stdout.contains("2 locations"), "{stdout}");
    let expected = from_json(SAMPLE).unwrap();
    assert_eq!(db.store.export_social_map().await.unwrap(), expected);
    assert_eq!(audit_count(db).await, before + 1);

    // The same map as a folder of CSV files: updated, not duplicated.
    let csv = dir.join("csv");
    std::fs::create_dir_all(&csv).unwrap();
    for (name, body) in to_csv_files(&expected) {
        std::fs::write(csv.join(name), body).unwrap();
    }
    let out = import(db, &[csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("(3 updated)"), "{}", text(&out.stdout));
    assert_eq!(db.store.export_social_map().await.unwrap(), expected);
    let _ = std::fs::remove_dir_all(dir);
});

db_test!(a_file_with_a_duplicate_id_names_the_row_and_stores_nothing, |db| {
    let dir = folder();
    let mut doc: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    let first = doc["services"][0]["id"].clone();
    doc["services"][1]["id"] = first;
    let file = dir.join("dubbel.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let before = audit_count(db).await;
    let out = import(db, &[file.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("services row 2, field id: id 'svc-schuldhulp' was already used on row 1"), "{stderr}");
    assert!(stderr.contains("nothing was stored"), "{stderr}");

    // In CSV the physical line is named too; several files given one by one.
    let mut map = from_json(SAMPLE).unwrap();
    map.services[1].id = map.services[0].id.clone();
    let mut paths = Vec::new();
    for (name, body) in to_csv_files(&map) {
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap();
        paths.push(path.to_str().unwrap().to_string());
    }
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let out = import(db, &args);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("services row 2 (line 3), field id"), "{stderr}");

    assert_eq!(db.store.export_social_map().await.unwrap(), Dataset::default());
    assert_eq!(audit_count(db).await, before);
    let _ = std::fs::remove_dir_all(dir);
});
