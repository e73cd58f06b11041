//! The demo's assessments and plans: Ruud van der Linden (SITUATIONS.md 1) shows a whole cycle —
//! assessed three months ago, a plan agreed, assessed again last week, the plan's next version in
//! draft; Ayşe Çelik (SITUATIONS.md 2) has a first assessment and a draft plan; Johan Brouwer, whose
//! file was closed with his goals reached, was assessed at the start and at the end. Dated in the past
//! through a clock set back, as if it happened then.

use crate::demo_households::Who;
use anyhow::{Context, Result};
use eenplan_domain::access::Action;
use eenplan_domain::household::{Law, LifeDomain};
use eenplan_domain::plan::{Action as PlanAction, ActionOwner, ActionStatus, AgreedHow, Goal, GoalStatus, LawInvolved};
use eenplan_store::assessments::{NewAssessment, Score};
use eenplan_store::plans::{Agreement, BasedOn};
use eenplan_store::testing::ManualClock;
use eenplan_store::{Store, StoreError, new_id};
use time::{Date, Duration};

const DAY: i64 = 86_400;

/// (domain, score, reason) as an assessment `days_ago` days ago.
async fn assess(
    store: &Store,
    who: &Who,
    hh: &str,
    days_ago: i64,
    participants: &str,
    scores: &[(&str, u8, &str)],
    matters: &str,
) -> Result<()> {
    let at = store.with_clock(ManualClock::new(store.now() - days_ago * DAY));
    let a = NewAssessment {
        member_id: None,
        instrument_id: "eenplan-leefgebieden".into(),
        instrument_version: "1".into(),
        assessed_on: at.today(),
        participants: participants.into(),
        conversation: [("matters_most".to_string(), matters.to_string())].into_iter().collect(),
        scores: scores.iter().map(|(d, s, r)| Score { domain: d.to_string(), score: *s, reason: r.to_string() }).collect(),
    };
    at.add_assessment(hh, &a, (&who.id, &who.name), &who.audit(Some(hh), "assessment", Action::Create)).await?;
    Ok(())
}

fn goal(domain: LifeDomain, owner: &str, text: &str, reached: &str, due_in_days: i64, today: Date) -> Goal {
    Goal {
        id: new_id(),
        domain,
        owner_member_id: owner.into(),
        text: text.into(),
        reached_when: reached.into(),
        due_on: today + Duration::days(due_in_days),
        status: GoalStatus::Open,
    }
}

fn action(goal: &Goal, owner: ActionOwner, who: &str, what: &str, due_in_days: i64, today: Date) -> PlanAction {
    PlanAction {
        id: new_id(),
        goal_id: goal.id.clone(),
        owner,
        who: who.into(),
        what: what.into(),
        due_on: today + Duration::days(due_in_days),
        status: ActionStatus::Todo,
    }
}

/// `at(street, number)` is the id of a demo household.
pub async fn load(store: &Store, worker: &Who, at: impl Fn(&str, u32) -> Option<String>) -> Result<()> {
    // SITUATIONS.md 1: debts, irregular income and the car he needs for dialysis.
    let ruud = at("Molenweg", 14).context("Molenweg 14")?;
    let member = store.members(&ruud).await?.first().context("Ruud")?.id.clone();
    let talk = "Ruud van der Linden en Fatima Yilmaz";
    assess(
        store,
        worker,
        &ruud,
        95,
        talk,
        &[
            ("finances", 1, "Ca. € 34.000 schulden bij 11 schuldeisers, beslag dreigt."),
            ("work_education", 2, "Gestopt als zelfstandig klusser."),
            ("physical_health", 2, "Drie keer per week dialyse."),
            ("housing", 3, "Huur nog betaald, maar krap."),
            ("social_network", 3, "Broer helpt met vervoer als de auto stuk is."),
        ],
        "Mijn auto houden, anders kom ik niet bij de dialyse.",
    )
    .await?;
    let then = store.with_clock(ManualClock::new(store.now() - 80 * DAY));
    let today = then.today();
    let debt = goal(
        LifeDomain::Finances,
        &member,
        "Schuldhulp krijgen zonder mijn auto te verkopen",
        "Toegelaten tot de schuldregeling, de auto blijft",
        120,
        today,
    );
    let work = goal(
        LifeDomain::WorkEducation,
        &member,
        "Weer een vast inkomen hebben",
        "Een baan of vaste opdrachten voor minstens 20 uur per week",
        240,
        today,
    );
    let actions = vec![
        action(&debt, ActionOwner::Worker, "Fatima Yilmaz", "Maatwerkvoorstel voor het MDT schrijven", 14, today),
        action(&debt, ActionOwner::Member, "Ruud", "Alle post van schuldeisers bewaren en meenemen", 7, today),
        action(&work, ActionOwner::Partner, "Werk en Inkomen Voorbeeldstad", "Gesprek over werk dat past bij de dialyse", 30, today),
    ];
    let none = BasedOn { version_no: 0, revision: 0 };
    let audit = worker.audit(Some(&ruud), "plan", Action::Update);
    let v1 = then
        .edit_plan(&ruud, none, (&worker.id, &worker.name), &audit, |c| {
            c.goals = vec![debt.clone(), work.clone()];
            c.actions = actions;
            c.laws = vec![
                LawInvolved { law: Law::Wgs, professional: "Schuldhulpverlening Voorbeeldstad (Marieke Smits)".into() },
                LawInvolved { law: Law::Participatiewet, professional: "Werk en Inkomen Voorbeeldstad".into() },
            ];
            c.own_contribution = "Ik open mijn post, kom naar de afspraken en zoek zelf ook naar werk.".into();
            c.evaluation_on = Some(today + Duration::days(90));
            Ok(())
        })
        .await?;
    let agreement =
        Agreement { by: "Ruud van der Linden".into(), how: AgreedHow::InPerson, at: then.now(), recorded_by: worker.name.clone() };
    then.agree_plan(
        &ruud,
        BasedOn { version_no: 1, revision: v1.revision },
        &agreement,
        &worker.audit(Some(&ruud), "plan_agreement", Action::Update),
    )
    .await?;
    assess(
        store,
        worker,
        &ruud,
        6,
        talk,
        &[
            ("finances", 2, "Toegelaten tot schuldhulp; de auto mag blijven (MDT-besluit)."),
            ("work_education", 2, "Nog geen werk; gesprekken lopen."),
            ("physical_health", 2, "Dialyse gaat door, vervoer geregeld."),
            ("housing", 3, "Huur betaald."),
            ("social_network", 4, "Broer en buurman helpen mee."),
        ],
        "Rust in mijn hoofd en weer aan het werk.",
    )
    .await?;
    let latest = store.latest_plan(&ruud).await?.context("Ruud's plan")?;
    let debt_id = debt.id.clone();
    store
        .edit_plan(&ruud, BasedOn { version_no: latest.version_no, revision: latest.revision }, (&worker.id, &worker.name), &audit, |c| {
            c.set_goal_status(&debt_id, GoalStatus::InProgress).map_err(|e| StoreError::Invalid(e.to_string()))?;
            if let Some(a) = c.actions.first_mut() {
                a.status = ActionStatus::Done;
            }
            Ok(())
        })
        .await?;

    // SITUATIONS.md 2: a single mother with debts and rent arrears (the social team).
    let ayse = at("Zonnebloemstraat", 41).context("Zonnebloemstraat 41")?;
    let mother = store.members(&ayse).await?.first().context("Ayşe")?.id.clone();
    assess(
        store,
        worker,
        &ayse,
        3,
        "Ayşe Çelik en Fatima Yilmaz",
        &[
            ("finances", 2, "Ca. € 7.800 schulden, twee maanden huurachterstand."),
            ("housing", 2, "Huisuitzetting dreigt als de achterstand groeit."),
            ("parenting", 4, "Het gaat goed met de kinderen."),
            ("social_network", 3, "Zus woont in de buurt."),
        ],
        "Dat de kinderen in hun eigen huis kunnen blijven.",
    )
    .await?;
    let today = store.today();
    let rent = goal(
        LifeDomain::Housing,
        &mother,
        "In ons huis blijven wonen",
        "Geen huurachterstand meer en een betalingsregeling met de corporatie",
        90,
        today,
    );
    let rent_action =
        action(&rent, ActionOwner::Worker, "Fatima Yilmaz", "Betalingsregeling met Woonstichting Voorbeeldstad regelen", 7, today);
    store
        .edit_plan(&ayse, none, (&worker.id, &worker.name), &worker.audit(Some(&ayse), "plan", Action::Update), |c| {
            c.goals = vec![rent];
            c.actions = vec![rent_action];
            c.evaluation_on = Some(today + Duration::days(60));
            Ok(())
        })
        .await?;

    // Johan Brouwer's support ended with his goals reached: assessed at the start and at the end, so
    // the team lead's dashboard shows the change in life-domain scores of closed households.
    let johan = at("Merelstraat", 12).context("Merelstraat 12")?;
    let talk = "Johan Brouwer en Fatima Yilmaz";
    assess(
        store,
        worker,
        &johan,
        235,
        talk,
        &[
            ("finances", 1, "Rekeningen blijven liggen, incasso's lopen op."),
            ("daily_living", 3, "Redt het huishouden zelf."),
            ("social_network", 2, "Weinig mensen om op terug te vallen."),
        ],
        "Weer rustig slapen zonder brieven van deurwaarders.",
    )
    .await?;
    assess(
        store,
        worker,
        &johan,
        36,
        talk,
        &[
            ("finances", 4, "De schuldregeling loopt; vaste lasten worden betaald."),
            ("daily_living", 3, "Redt het huishouden zelf."),
            ("social_network", 3, "Gaat weer naar de buurtkamer."),
        ],
        "Het zelf blijven doen.",
    )
    .await?;
    Ok(())
}
