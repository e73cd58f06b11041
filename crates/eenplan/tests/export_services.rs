//! `eenplan export services` is the exact inverse of `eenplan import services`: the sample map
//! imported, exported as JSON and as a folder of CSV files, and each export imported into a fresh
//! database gives the same map back.

mod common;

use common::{eenplan, folder};
use eenplan_domain::social_map::{from_json, from_json_bytes};
use eenplan_store::db_test;
use eenplan_store::testing::TestDb;
use std::process::Output;

const SAMPLE: &str = include_str!("../../../data/social-map/voorbeeld-hsds.json");

fn ok(out: &Output) {
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

db_test!(export_then_import_gives_the_same_map_in_both_formats, |db| {
    let dir = folder("export");
    let input = dir.join("in.json");
    std::fs::write(&input, SAMPLE).unwrap();
    ok(&eenplan(db, &["import", "services", input.to_str().unwrap()], &[]));
    let stored = db.store.export_social_map().await.unwrap();
    assert_eq!(stored, from_json(SAMPLE).unwrap());

    // JSON: the file reads back as the stored map.
    let json = dir.join("kaart.json");
    let out = eenplan(db, &["export", "services", json.to_str().unwrap()], &[]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 organisations, 4 services"), "{out:?}");
    assert_eq!(from_json_bytes(&std::fs::read(&json).unwrap()).unwrap(), stored);

    // CSV: a folder (created) with the six tables.
    let csv = dir.join("csv");
    ok(&eenplan(db, &["export", "services", csv.to_str().unwrap()], &[]));
    let mut names: Vec<String> = std::fs::read_dir(&csv).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["contacts.csv", "locations.csv", "organizations.csv", "schedules.csv", "service_at_locations.csv", "services.csv"]);

    // Each export imported into a fresh database of the same kind: the same map.
    for export in [&json, &csv] {
        let fresh = TestDb::new(db.store.backend()).await.unwrap();
        ok(&eenplan(&fresh, &["import", "services", export.to_str().unwrap()], &[]));
        assert_eq!(fresh.store.export_social_map().await.unwrap(), stored, "{}", export.display());
    }

    // An empty database exports an empty map that imports again.
    let empty = TestDb::new(db.store.backend()).await.unwrap();
    let nothing = dir.join("leeg.json");
    ok(&eenplan(&empty, &["export", "services", nothing.to_str().unwrap()], &[]));
    assert_eq!(from_json_bytes(&std::fs::read(&nothing).unwrap()).unwrap(), Default::default());
    let _ = std::fs::remove_dir_all(dir);
});
