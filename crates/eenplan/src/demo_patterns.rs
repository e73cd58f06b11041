//! The demo's bottleneck tags, so the policy dashboard (`/patronen`) has real shape: over the last six
//! months the social team tagged the stuck digital benefit application (Werk en Inkomen) well over five
//! times, other bottlenecks fewer than five times (shown as "minder dan 5"); three workers shared a
//! de-identified description; and about three months ago W&I agreed to call everyone whose application
//! was rejected as incomplete (in progress). Loaded once, with the demo households.

use crate::demo::ORG_WI;
use crate::demo_households::Who;
use anyhow::{Context, Result, ensure};
use eenplan_domain::Role;
use eenplan_domain::access::{Action, Purpose};
use eenplan_domain::patterns::deidentify::{KnownIdentifiers, deidentify};
use eenplan_domain::patterns::improvement::ImprovementStatus;
use eenplan_domain::patterns::taxonomy;
use eenplan_store::Store;
use eenplan_store::patterns::{NewTag, TagSubject};
use eenplan_store::testing::ManualClock;

const DAY: i64 = 86_400;
const SHV: &str = "Schuldhulpverlening Voorbeeldstad";
const DIGITAL: &str = "digitale-aanvraag-vast";

/// A tag: the household (street, number), the bottleneck, the organisation, how many days ago, the
/// description in the file, and whether the worker shared it (de-identified) with policy.
type DemoTag = (&'static str, u32, &'static str, &'static str, i64, &'static str, bool);

#[rustfmt::skip]
const TAGS: &[DemoTag] = &[
    ("Koperslagerstraat", 66, DIGITAL, ORG_WI, 168, "Ronald heeft online bijstand aangevraagd. De aanvraag is afgewezen als onvolledig omdat één bankafschrift ontbrak. Niemand heeft Ronald gebeld; hij zat drie maanden zonder inkomen en kreeg een huurachterstand aan de Koperslagerstraat.", true),
    ("Oude Vaartweg", 210, DIGITAL, ORG_WI, 155, "Aanvraag bijstand online vastgelopen: Sven kon de loonstroken niet uploaden.", false),
    ("Goudsbloemhof", 7, DIGITAL, ORG_WI, 143, "Kofi kreeg een afwijzing wegens een onvolledige aanvraag en begreep niet wat er ontbrak.", false),
    ("Jasmijnstraat", 31, DIGITAL, ORG_WI, 131, "Esra heeft geen DigiD en kon de aanvraag niet afmaken.", false),
    ("Schoolstraat", 88, DIGITAL, ORG_WI, 122, "De aanvraag van Thi Lan is afgewezen als onvolledig; de brief kwam pas na zes weken.", false),
    ("Korenbloemlaan", 15, DIGITAL, ORG_WI, 113, "Peter moest na vrijlating opnieuw aanvragen; het formulier liep vast bij de woonsituatie.", false),
    ("Klaproosweg", 9, DIGITAL, ORG_WI, 104, "Bram heeft de aanvraag twee keer opnieuw moeten doen, steeds afgewezen als onvolledig.", false),
    ("Sleutelbloemstraat", 18, DIGITAL, ORG_WI, 97, "Aanvraag na ontslag van Youssef afgewezen als onvolledig; het gezin leefde twee maanden van spaargeld.", false),
    ("Spoorsingel", 12, DIGITAL, ORG_WI, 58, "Ana kon de bijlagen niet toevoegen op haar telefoon.", false),
    ("Wilgenhof", 19, DIGITAL, ORG_WI, 24, "De aanvraag van Yonas staat al weken op 'in behandeling' zonder bericht.", false),
    ("Molenweg", 14, "auto-verkopen", SHV, 150, "Ruud kan pas in de schuldhulp als hij zijn auto verkoopt. Die auto heeft hij nodig om drie keer per week naar de dialyse te gaan.", true),
    ("Molenweg", 14, "wachtlijst-schuldhulp", SHV, 138, "Ruud wacht al tien weken op een eerste gesprek bij de schuldhulp.", false),
    ("Sleutelbloemstraat", 18, "wachtlijst-schuldhulp", SHV, 66, "Youssef en Nadia staan op de wachtlijst voor schuldhulp; de deurwaarder is al geweest.", false),
    ("Korenbloemlaan", 15, "wachtlijst-schuldhulp", SHV, 31, "Peter van Dam kan pas over drie maanden bij de schuldhulp terecht.", false),
    ("Wilgenhof", 19, "geen-tolk", SHV, 89, "Yonas en Selam spreken vooral Tigrinya. Bij het gesprek over de schulden was geen tolk, dus hun dochter Ruth moest vertalen.", true),
    ("Lijsterbeslaan", 73, "geen-tolk", "", 40, "Rania had een tolk Arabisch nodig bij het intakegesprek, die was niet te krijgen.", false),
    ("Reigerpad", 8, "grens-18-jaar", "Jeugdhulp Voorbeeldstad", 47, "Jayden wordt binnenkort 18; de Wmo-begeleiding is nog niet aangevraagd.", false),
    ("Populierenhof", 122, "geen-vraag-naar-geld", "", 83, "Bij de jeugdhulp van Kevin en Chantal vroeg niemand naar de huurachterstand.", false),
    ("Populierenhof", 122, "teams-niet-afgestemd", "", 61, "De jeugdhulp van Noah en het buurtteam gaven Kevin en Chantal tegenstrijdig advies over de huur.", false),
    ("Spoorsingel", 101, "wachtlijst-jeugdhulp", "Jeugd-ggz Voorbeeldstad", 44, "Thijs staat al vier maanden op de wachtlijst van de jeugd-ggz.", false),
    ("Hazelaarstraat", 5, "wachtlijst-jeugdhulp", "Jeugdhulp Voorbeeldstad", 18, "Bas wacht met Saar op opvoedondersteuning; de wachtlijst is drie maanden.", false),
    ("Lindelaan", 3, "brieven-onbegrijpelijk", "Belastingdienst", 119, "Wilhelmina begreep de brief over de aanslag niet en miste de termijn voor bezwaar.", false),
    ("Vlierbesstraat", 2, "brieven-onbegrijpelijk", "", 52, "Gerrit kreeg een brief over zijn eigen bijdrage en dacht dat hij moest verhuizen.", false),
];

/// What the file holds about a household's members (as the tag page uses it for its proposal).
async fn known(store: &Store, household: &str) -> Result<KnownIdentifiers> {
    let mut known = KnownIdentifiers::default();
    for m in store.members(household).await? {
        known.names.extend(m.given_names.split_whitespace().map(str::to_string));
        known.names.push(m.name_prefix.map_or(m.family_name.clone(), |p| format!("{p} {}", m.family_name)));
        known.dates_of_birth.extend(m.date_of_birth);
        known.phones.extend(m.phone);
        known.emails.extend(m.email);
    }
    let h = store.household(household).await?.context("a demo household")?;
    known.streets.push(h.address.street.clone());
    known.postcodes.push(h.address.postcode.as_str().to_string());
    Ok(known)
}

async fn who(store: &Store, username: &str, role: Role) -> Result<Who> {
    let u = store.user_by_username(username).await?.with_context(|| format!("demo user {username}"))?;
    Ok(Who { id: u.id, username: u.username, name: u.display_name, role })
}

/// `at(street, number)` is the id of a demo household.
pub async fn load(store: &Store, at: impl Fn(&str, u32) -> Option<String>) -> Result<()> {
    // The demo is loaded before the server syncs the taxonomy; the tags need their bottlenecks now.
    store.sync_shipped_bottlenecks(&taxonomy::builtin()).await?;
    let (social, youth) = (who(store, "demo.worker", Role::Worker).await?, who(store, "demo.jeugd", Role::Worker).await?);
    let youth_team = store.team_by_name("Buurtteam Jeugd en Gezin Oost").await?.context("the youth team")?.id;
    for &(street, number, code, organisation, days_ago, description, shared) in TAGS {
        let id = at(street, number).with_context(|| format!("{street} {number}"))?;
        let h = Some(id.as_str());
        let household = store.household(&id).await?.context("a demo household")?;
        let by = if household.lead_team_id.as_deref() == Some(youth_team.as_str()) { &youth } else { &social };
        let then = store.with_clock(ManualClock::new(store.now() - days_ago * DAY));
        let tag = NewTag {
            household_id: id.clone(),
            subject: TagSubject::Household,
            subject_id: None,
            bottleneck_code: code.into(),
            organisation: organisation.into(),
            description: description.into(),
            tagged_on: then.today(),
            by_user: by.id.clone(),
            by_name: by.username.clone(),
        };
        let tid = then.add_tag(&tag, &by.audit(h, "bottleneck_tag", Action::Create)).await?;
        if shared {
            let d = deidentify(description, &known(store, &id).await?);
            ensure!(!d.removed.is_empty(), "demo tag at {street} {number}: nothing to de-identify");
            let text = d.text;
            then.share_tag(&tid, 1, Some(&text), &by.audit(h, "bottleneck_tag_share", Action::Update)).await?;
        }
    }
    // The improvement W&I agreed at the policy meeting about three months ago, now in progress.
    let policy = who(store, "demo.policy", Role::Policy).await?;
    let mut audit = policy.audit(None, "improvement", Action::Update);
    audit.purpose = Purpose::Administration.as_str().into();
    let agreed = store.with_clock(ManualClock::new(store.now() - 90 * DAY));
    let agreement = "W&I belt iedereen van wie de aanvraag als onvolledig is afgewezen";
    let iid = agreed.add_improvement(DIGITAL, ORG_WI, agreement, agreed.today(), &policy.username, &audit).await?;
    let started = store.with_clock(ManualClock::new(store.now() - 75 * DAY));
    started.move_improvement(&iid, 1, ImprovementStatus::InProgress, &audit).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bottlenecks_exist_and_the_digital_application_passes_five_in_one_team() {
        let codes: Vec<String> = taxonomy::builtin().into_iter().map(|b| b.code).collect();
        assert!(TAGS.iter().all(|t| codes.iter().any(|c| c == t.2)), "an unknown bottleneck code");
        assert!(TAGS.iter().filter(|t| t.2 == DIGITAL).count() > 5);
        assert!((2..=3).contains(&TAGS.iter().filter(|t| t.6).count()));
    }
}
