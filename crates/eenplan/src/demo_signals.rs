//! The demo's early signals: a housing corporation and an energy supplier deliver a few signals, so the
//! social team's queue (`/vroegsignalering`) has work. The Dijkstra family (SITUATIONS.md 4: youth care,
//! and the rent arrears nobody asked about) is matched by name and date of birth; Peter Smit at an
//! address nobody knows has rent and electricity arrears in one melding (urgent); a water signal waits
//! alone.

use anyhow::{Context, Result, anyhow};
use eenplan_domain::household::format_date;
use eenplan_domain::signals::{RawSignal, SenderKind, check_signal};
use eenplan_store::Store;
use eenplan_store::signals::SignalSettings;
use eenplan_store::testing::ManualClock;

const DAY: i64 = 86_400;

async fn sender(store: &Store, tenant: &str, name: &str, kind: SenderKind) -> Result<String> {
    let org = store.create_organisation(tenant, name, kind.code()).await?;
    store.set_sender_kind(&org.id, kind).await?;
    Ok(org.id)
}

fn audit(name: &str) -> eenplan_domain::audit::AuditDraft {
    eenplan_domain::audit::AuditDraft {
        actor: "demo".into(),
        actor_name: format!("demo ({name})"),
        role: "signal_sender".into(),
        organisation: None,
        household: None,
        member: None,
        resource: "signals".into(),
        resource_id: None,
        action: "create".into(),
        purpose: eenplan_domain::access::Purpose::EarlySignal.as_str().into(),
        outcome: eenplan_domain::audit::Outcome::Allowed,
        break_glass: false,
        reason: None,
    }
}

/// Receives one signal as its sender, `days_ago` days ago.
async fn deliver(store: &Store, sender: (&str, &str), raw: RawSignal, days_ago: i64) -> Result<()> {
    let then = store.with_clock(ManualClock::new(store.now() - days_ago * DAY));
    let signal = check_signal(&raw, then.today()).map_err(|p| anyhow!("demo signal {}: {p:?}", raw.sender_reference))?;
    then.receive_signals(sender.0, &[signal], &SignalSettings::default(), &audit(sender.1)).await?;
    Ok(())
}

pub async fn load(store: &Store, tenant: &str, dijkstra: &str) -> Result<()> {
    let corporation = sender(store, tenant, "Woonstichting Voorbeeldstad", SenderKind::HousingCorporation).await?;
    let energy = sender(store, tenant, "Energie Voorbeeldstad", SenderKind::Energy).await?;
    let water = sender(store, tenant, "Waterbedrijf Voorbeeldstad", SenderKind::Water).await?;
    let h = store.household(dijkstra).await?.context("the Dijkstra family")?;
    let kevin = store.members(dijkstra).await?.into_iter().find(|m| m.given_names == "Kevin").context("Kevin Dijkstra")?;
    let today = |days_ago: i64| format_date(store.today() - time::Duration::days(days_ago));
    let base = |reference: &str, kind: &str, amount: &str, days_ago: i64| RawSignal {
        sender_reference: reference.into(),
        signal_type: kind.into(),
        amount: amount.into(),
        signal_date: today(days_ago),
        city: "Voorbeeldstad".into(),
        ..Default::default()
    };
    deliver(
        store,
        (&corporation, "Woonstichting Voorbeeldstad"),
        RawSignal {
            months_in_arrears: "2".into(),
            given_names: kevin.given_names.clone(),
            family_name: kevin.family_name.clone(),
            date_of_birth: kevin.date_of_birth.map(format_date).unwrap_or_default(),
            street: h.address.street.clone(),
            house_number: h.address.number.number.to_string(),
            house_addition: h.address.number.addition.clone().unwrap_or_default(),
            postcode: h.address.postcode.as_str().into(),
            ..base("WSV-2026-0412", "rent", "1640,00", 6)
        },
        6,
    )
    .await?;
    let peter = |r: RawSignal| RawSignal {
        given_names: "Peter".into(),
        family_name: "Smit".into(),
        date_of_birth: "1971-03-14".into(),
        street: "Kastanjelaan".into(),
        house_number: "7".into(),
        postcode: "3512 CD".into(),
        phone: "0612345670".into(),
        ..r
    };
    deliver(
        store,
        (&corporation, "Woonstichting Voorbeeldstad"),
        peter(RawSignal { months_in_arrears: "3".into(), ..base("WSV-2026-0419", "rent", "2310,50", 4) }),
        4,
    )
    .await?;
    deliver(
        store,
        (&energy, "Energie Voorbeeldstad"),
        peter(RawSignal { days_in_arrears: "64".into(), ..base("EV-88213", "electricity", "412,80", 2) }),
        2,
    )
    .await?;
    deliver(
        store,
        (&water, "Waterbedrijf Voorbeeldstad"),
        RawSignal {
            days_in_arrears: "45".into(),
            given_names: "Mirjam".into(),
            family_name: "de Boer".into(),
            street: "Wilgenstraat".into(),
            house_number: "3".into(),
            postcode: "3531 AB".into(),
            ..base("WBV-55-1201", "water", "96,40", 1)
        },
        1,
    )
    .await?;
    Ok(())
}
