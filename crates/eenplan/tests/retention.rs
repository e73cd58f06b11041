//! `eenplan retention run` as an administrator uses it: a dry run lists what would go (count per
//! outcome, the oldest closing date, no names) and removes nothing; a run removes exactly the closed
//! meldingen without help whose period is over, with one audit record; `--months` and
//! `EENPLAN_RETENTION_MONTHS` change the period.
//!
//! The binary runs on the real clock, so the meldingen are made and closed through the store with
//! the test clock moved back from the real today.

mod common;

use common::{eenplan, text};
use eenplan_domain::household::format_date;
use eenplan_domain::signals::outreach::{AttemptKind, AttemptResult, Outcome};
use eenplan_domain::signals::{RawSignal, SenderKind, check_signal};
use eenplan_store::db_test;
use eenplan_store::signals::SignalSettings;
use eenplan_store::testing::{SeededHousehold, TestDb, seed_household, test_audit};

const FAMILY: &str = "Vertrouwelijk";
const DAY: i64 = 86_400;

/// Sets the test clock to `days` before the real now.
fn days_before_real_now(db: &TestDb, days: i64) {
    let real = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    db.clock.advance(real - days * DAY - db.store.now());
}

/// A new melding of one rent signal at Eikstraat `number` (each number its own melding).
async fn melding(db: &TestDb, sender: &str, number: u32) -> String {
    let s = &db.store;
    let raw = RawSignal {
        sender_reference: format!("RET-{number}"),
        signal_type: "rent".into(),
        amount: "900".into(),
        signal_date: format_date(s.today()),
        given_names: "Noor".into(),
        family_name: FAMILY.into(),
        street: "Eikstraat".into(),
        house_number: number.to_string(),
        postcode: "3521 AA".into(),
        city: "Voorbeeldstad".into(),
        ..Default::default()
    };
    let signal = check_signal(&raw, s.today()).unwrap();
    s.receive_signals(sender, &[signal], &SignalSettings::default(), &test_audit("signals"))
        .await
        .unwrap()
        .remove(0)
        .melding_id()
        .to_string()
}

/// Picks the melding up, tries `attempts` and closes it with `outcome` today (by the test clock).
async fn close(db: &TestDb, seeded: &SeededHousehold, id: &str, attempts: &[(AttemptKind, AttemptResult)], outcome: Outcome) {
    let s = &db.store;
    let audit = test_audit("outreach");
    s.assign_melding(id, 1, Some(&seeded.worker), &audit).await.unwrap();
    for (i, attempt) in attempts.iter().enumerate() {
        s.record_attempt(id, 2 + i as i64, *attempt, s.today(), None, (&seeded.worker, "Wendy"), &audit).await.unwrap();
    }
    let household = (outcome == Outcome::HelpAccepted).then_some(seeded.household.as_str());
    s.close_melding(id, 2 + attempts.len() as i64, outcome, (false, household), &audit).await.unwrap();
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(db.store.pool()).await.unwrap();
    n
}

db_test!(a_dry_run_lists_and_a_run_removes_what_led_to_nothing, |db| {
    use AttemptKind::{Letter, Phone};
    use AttemptResult::{NotReached, Reached};
    days_before_real_now(db, 800);
    let seeded = seed_household(&db.store).await;
    let s = &db.store;
    let corp = s.create_organisation(&seeded.tenant, "Woonstichting Oost", "housing_corporation").await.unwrap().id;
    s.set_sender_kind(&corp, SenderKind::HousingCorporation).await.unwrap();
    // 800 days ago: no contact, help declined, help accepted, and one still open.
    let (unreached, declined, accepted, open) =
        (melding(db, &corp, 1).await, melding(db, &corp, 2).await, melding(db, &corp, 3).await, melding(db, &corp, 4).await);
    let old_day = s.today();
    close(db, &seeded, &unreached, &[(Phone, NotReached), (Letter, NotReached)], Outcome::NoContact).await;
    close(db, &seeded, &declined, &[(Phone, Reached)], Outcome::HelpDeclined).await;
    close(db, &seeded, &accepted, &[(Phone, Reached)], Outcome::HelpAccepted).await;
    // 100 days ago: no contact, within the default twelve months.
    days_before_real_now(db, 100);
    let recent = melding(db, &corp, 5).await;
    close(db, &seeded, &recent, &[(Letter, NotReached), (Phone, NotReached)], Outcome::NoContact).await;
    let meldingen = "SELECT COUNT(*) FROM meldingen";
    assert_eq!(count(db, meldingen).await, 5);

    // The dry run: what would go, nothing removed, no names.
    let out = eenplan(db, &["retention", "run", "--dry-run"], &[]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("at least 12 month(s)"), "{stdout}");
    assert!(stdout.contains("  no_contact: 1\n") && stdout.contains("  help_declined: 1\n"), "{stdout}");
    assert!(!stdout.contains("help_accepted"), "{stdout}");
    assert!(stdout.contains("total: 2 meldingen with 2 signals"), "{stdout}");
    assert!(stdout.contains(&format!("oldest closing date: {}", format_date(old_day))), "{stdout}");
    assert!(stdout.contains("dry run: nothing removed"), "{stdout}");
    for leak in [FAMILY, "Noor", "Eikstraat", "3521", "RET-"] {
        assert!(!stdout.contains(leak) && !text(&out.stderr).contains(leak), "{leak} in the output");
    }
    assert_eq!(count(db, meldingen).await, 5);
    // A shorter period from the environment takes the recent one in too (still a dry run).
    let out = eenplan(db, &["retention", "run", "--dry-run"], &[("EENPLAN_RETENTION_MONTHS", "3")]);
    assert!(text(&out.stdout).contains("  no_contact: 2\n") && text(&out.stdout).contains("total: 3 meldingen"), "{}", text(&out.stdout));
    assert_eq!(count(db, meldingen).await, 5);

    // The run: the two old ones go, with their signals and attempts, in one audit record.
    let audits = "SELECT COUNT(*) FROM audit_log WHERE action = 'retention'";
    let out = eenplan(db, &["retention", "run"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("removed 2 meldingen"), "{}", text(&out.stdout));
    for (id, kept) in [(&unreached, false), (&declined, false), (&accepted, true), (&open, true), (&recent, true)] {
        assert_eq!(s.melding(id).await.unwrap().is_some(), kept, "{id}");
    }
    assert_eq!(count(db, "SELECT COUNT(*) FROM signals").await, 3);
    assert_eq!(count(db, "SELECT COUNT(*) FROM outreach_attempts").await, 3, "the accepted one's and the recent one's two");
    assert_eq!(count(db, audits).await, 1);
    // Again: nothing left to remove, and nothing is logged.
    let out = eenplan(db, &["retention", "run"], &[]);
    assert!(text(&out.stdout).contains("nothing to remove"), "{}", text(&out.stdout));
    assert_eq!(count(db, audits).await, 1);
    // `--months 3` removes the recent one; accepted help and the open melding stay.
    let out = eenplan(db, &["retention", "run", "--months", "3"], &[("EENPLAN_RETENTION_MONTHS", "24")]);
    assert!(text(&out.stdout).contains("removed 1 meldingen"), "the flag wins over the environment: {}", text(&out.stdout));
    assert_eq!(s.melding(&recent).await.unwrap(), None);
    assert_eq!(count(db, meldingen).await, 2);
    assert_eq!(count(db, audits).await, 2);
    let verify = eenplan(db, &["audit", "verify"], &[]);
    assert!(verify.status.success(), "{}", text(&verify.stderr));
    // A bad period is refused by the argument parser.
    assert!(!eenplan(db, &["retention", "run", "--months", "-1"], &[]).status.success());
});
