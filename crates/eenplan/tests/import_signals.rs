//! `eenplan import signals` as an administrator uses it: good rows stored once (a second import of the
//! same file adds nothing), bad rows reported by line and field and not stored, a Latin-1 file
//! detected and said with nothing stored.

mod common;

use common::{eenplan, text};
use eenplan_store::db_test;
use eenplan_store::testing::TestDb;

fn file(name: &str, bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("eenplan-signals-{}-{name}", eenplan_store::new_id()));
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

async fn signal_count(db: &TestDb) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM signals").fetch_one(db.store.pool()).await.unwrap();
    n
}

db_test!(good_rows_are_stored_once_and_bad_rows_are_named, |db| {
    let key = eenplan(
        db,
        &[
            "apikey",
            "create",
            "--org",
            "Woonstichting Oost",
            "--role",
            "signal_sender",
            "--org-kind",
            "housing_corporation",
            "--tenant",
            "Gemeente Test",
        ],
        &[],
    );
    assert!(key.status.success(), "{}", text(&key.stderr));
    let today = eenplan_domain::household::format_date(db.store.today());
    let csv = format!(
        "sender_reference;signal_type;amount;months_in_arrears;signal_date;given_names;family_name;street;house_number;postcode;city\n\
         WO-1;rent;1250,00;2;{today};Karin;Mulder;Beukstraat;21;3514 BX;Voorbeeldstad\n\
         WO-2;rent;-5;2;{today};Piet;Jansen;Beukstraat;23;3514 BX;Voorbeeldstad\n\
         WO-3;phone;99;1;{today};An;Bos;Eikstraat;4;3521 AA;Voorbeeldstad\n\
         WO-4;rent;800;1;{today};Ali;Kaya;Eikstraat;6;3521 AA;Voorbeeldstad\n"
    );
    let path = file("ok.csv", csv.as_bytes());
    let out = eenplan(db, &["import", "signals", "--sender", "Woonstichting Oost", &path], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(":3: amount"), "line 3's amount is named: {stderr}");
    assert!(stderr.contains(":4: signal_type"), "line 4's type is named: {stderr}");
    assert!(text(&out.stdout).contains("2 new, 0 duplicates, 0 updated, 2 rejected"), "{}", text(&out.stdout));
    assert_eq!(signal_count(db).await, 2);
    // The same file again: duplicates, nothing new.
    let again = eenplan(db, &["import", "signals", "--sender", "Woonstichting Oost", &path], &[]);
    assert!(text(&again.stdout).contains("0 new, 2 duplicates"), "{}", text(&again.stdout));
    assert_eq!(signal_count(db).await, 2);
    // A Latin-1 file is detected and said; nothing is stored.
    let latin1 = file("latin1.csv", b"sender_reference;signal_type;amount;signal_date;family_name;street;house_number;postcode;city\nWO-9;rent;10;2026-11-01;M\xe9ndez;Beukstraat;1;3514 BX;Voorbeeldstad\n");
    let out = eenplan(db, &["import", "signals", "--sender", "Woonstichting Oost", &latin1], &[]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("Latin-1"), "{}", text(&out.stderr));
    assert_eq!(signal_count(db).await, 2);
    // An unknown sender is named.
    let out = eenplan(db, &["import", "signals", "--sender", "Niemand", &path], &[]);
    assert!(text(&out.stderr).contains("organisation 'Niemand' not found"));
});
