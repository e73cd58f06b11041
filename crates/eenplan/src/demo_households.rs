//! Fictitious households for the demo municipality, drawn from the situations in SITUATIONS.md.
//! Every name, address, phone number and BSN is invented; the BSNs are test numbers (prefix 9999)
//! that pass the 11-proof. Dates are relative to the store's clock, so the alerts (turning 18, no
//! contact for weeks, two teams without a shared plan) show whatever day the demo is loaded.
//!
//! The households go through the same store calls as the web forms (intake with routing, members,
//! contact worker, teams, involvements, timeline, network, status), each with its audit record.

use anyhow::{Context, Result, bail};
use eenplan_domain::Role;
use eenplan_domain::access::{Action, Purpose};
use eenplan_domain::audit::{AuditDraft, Outcome};
use eenplan_domain::household::{
    Bsn, CloseReason, ContactType, HouseNumber, Law, LifeDomain, MemberRole, Postcode, Referrer, Status, Urgency, parse_date,
};
use eenplan_domain::routing::{Route, TeamCandidate, propose};
use eenplan_domain::team::TeamKind;
use eenplan_store::Store;
use eenplan_store::households::{Address, Involvement, NetworkContact, NewIntake, NewMember, NewTimelineEntry};
use eenplan_store::testing::ManualClock;

const CITY: &str = "Voorbeeldstad";

/// `n` days, to add to or take from a date.
fn days(n: u64) -> std::time::Duration {
    std::time::Duration::from_secs(n * 86_400)
}

/// A date: so many days before today, or a fixed day (`YYYY-MM-DD`).
#[derive(Clone, Copy)]
enum When {
    DaysAgo(u64),
    On(&'static str),
}

/// The date a `When` stands for, by the store's clock.
macro_rules! date_of {
    ($store:expr, $when:expr) => {
        match $when {
            When::DaysAgo(n) => $store.today() - days(n),
            When::On(s) => parse_date(s).context("a demo date")?,
        }
    };
}

#[derive(Clone, Copy)]
enum Born {
    Unknown,
    /// About this many years ago (this year minus `years`), on month and day.
    Aged(i32, u8, u8),
    /// Turns 18 this many days from today.
    Turns18In(u64),
}

#[derive(Clone, Copy)]
struct Person {
    given: &'static str,
    prefix: Option<&'static str>,
    family: &'static str,
    born: Born,
    role: MemberRole,
    languages: &'static [&'static str],
    interpreter: Option<&'static str>,
    phone: Option<&'static str>,
    bsn: Option<&'static str>,
}

const P: Person = Person {
    given: "",
    prefix: None,
    family: "",
    born: Born::Unknown,
    role: MemberRole::Parent,
    languages: &[],
    interpreter: None,
    phone: None,
    bsn: None,
};

/// Who of the demo users does something.
#[derive(Clone, Copy, PartialEq, Eq)]
enum By {
    Worker,
    Lead,
}

/// A timeline entry: a contact moment or a note.
struct Moment {
    days_ago: u64,
    kind: ContactType,
    domains: &'static [LifeDomain],
    body: &'static str,
    by: By,
    /// The member (index in `members`) it is about.
    about: Option<usize>,
}

const fn m(days_ago: u64, kind: ContactType, domains: &'static [LifeDomain], body: &'static str) -> Moment {
    Moment { days_ago, kind, domains, body, by: By::Worker, about: None }
}

impl Moment {
    const fn by_lead(self) -> Moment {
        Moment { by: By::Lead, ..self }
    }
    const fn about(self, member: usize) -> Moment {
        Moment { about: Some(member), ..self }
    }
}

struct Inv {
    organisation: &'static str,
    professional: Option<&'static str>,
    law: Law,
    since: When,
    until: Option<When>,
}

const fn inv(organisation: &'static str, professional: Option<&'static str>, law: Law, since: When) -> Inv {
    Inv { organisation, professional, law, since, until: None }
}

struct Net {
    name: &'static str,
    relation: &'static str,
    phone: Option<&'static str>,
    can_help_with: Option<&'static str>,
    /// The member (index in `members`) who consented to recording this contact.
    consent: usize,
}

/// Who is the household's contact person.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Care {
    /// Nobody yet: the intake waits for a contact worker.
    Nobody,
    /// demo.worker (Fatima Yilmaz).
    Worker,
    /// demo.teamlead.
    Lead,
    /// Support started, but no contact worker was chosen.
    ActiveWithoutWorker,
}

struct Spec {
    referrer: Referrer,
    question: &'static str,
    domains: &'static [LifeDomain],
    urgency: Urgency,
    street: &'static str,
    number: u32,
    addition: Option<&'static str>,
    postcode: &'static str,
    /// The first is the person the intake is about.
    members: &'static [Person],
    care: Care,
    /// The other demo team joins as co-team.
    co_team: bool,
    close: Option<CloseReason>,
    /// How many days ago the intake arrived (an intake nobody picked up shows as overdue).
    intake_days_ago: i64,
    involvements: &'static [Inv],
    timeline: &'static [Moment],
    network: &'static [Net],
}

const BASE: Spec = Spec {
    referrer: Referrer::Self_,
    question: "",
    domains: &[],
    urgency: Urgency::Normal,
    street: "",
    number: 1,
    addition: None,
    postcode: "",
    members: &[],
    care: Care::Worker,
    co_team: false,
    close: None,
    intake_days_ago: 0,
    involvements: &[],
    timeline: &[],
    network: &[],
};

use ContactType::{CaseConsultation, HomeVisit, Note, Office, Phone, Video};
use LifeDomain::*;
use MemberRole::{Child, Partner};

const W_EN_I: &str = "Werk en Inkomen Voorbeeldstad";
const SCHULDHULP: &str = "Schuldhulpverlening Voorbeeldstad";

const HOUSEHOLDS: &[Spec] = &[
    // SITUATIONS.md 1: irregular income, debts, and the car he needs for his health.
    Spec {
        question: "Ik heb flinke schulden sinds mijn inkomen als zelfstandig klusser onregelmatig werd en ik gestopt ben met werken. \
                   Ik wil schuldhulp, maar dan moet ik mijn auto verkopen en die heb ik nodig voor de dialyse.",
        domains: &[Finances, WorkEducation, PhysicalHealth],
        street: "Molenweg",
        number: 14,
        postcode: "3512 KL",
        members: &[Person {
            given: "Ruud",
            prefix: Some("van der"),
            family: "Linden",
            born: Born::Aged(53, 4, 17),
            phone: Some("06-00000101"),
            bsn: Some("999900006"),
            ..P
        }],
        involvements: &[
            inv(SCHULDHULP, Some("Marieke Smits"), Law::Wgs, When::DaysAgo(40)),
            inv("Dialysecentrum Voorbeeldstad", None, Law::Zvw, When::DaysAgo(800)),
        ],
        timeline: &[
            m(
                48,
                HomeVisit,
                &[Finances],
                "Eerste huisbezoek. Schulden ca. € 34.000 bij 11 schuldeisers, ontstaan toen zijn inkomen onregelmatig werd. \
                 Meneer wil schuldhulp.",
            ),
            m(
                35,
                Phone,
                &[Finances, PhysicalHealth],
                "Schuldhulpverlening: toelating tot de schuldregeling alleen als de auto (dagwaarde ca. € 6.500) wordt verkocht. \
                 Meneer rijdt er drie keer per week mee naar de dialyse.",
            ),
            m(
                14,
                CaseConsultation,
                &[Finances, WorkEducation],
                "Samen met meneer een voorstel voor het MDT gemaakt: (1) schuldhulp mét behoud van de auto, (2) hij gaat weer aan \
                 het werk, (3) de gemeente doet het budgetbeheer, zodat onregelmatig inkomen geen nieuwe schulden geeft. Het MDT beslist.",
            ),
            m(5, Note, &[Finances], "MDT-bespreking is gepland; meneer schuift zelf aan."),
        ],
        network: &[Net {
            name: "Henk van der Linden",
            relation: "broer",
            phone: Some("06-00000102"),
            can_help_with: Some("Rijdt hem naar de dialyse als de auto in de garage staat; helpt met de post."),
            consent: 0,
        }],
        ..BASE
    },
    // SITUATIONS.md 2: a single mother whose question is about debts and housing: the social team.
    Spec {
        question: "Ik heb schulden en een huurachterstand en zoek een betaalbare woning. Mijn vraag gaat over geld en wonen.",
        domains: &[Finances, Housing],
        street: "Zonnebloemstraat",
        number: 41,
        postcode: "3523 BE",
        members: &[
            Person { given: "Ayşe", family: "Çelik", born: Born::Aged(34, 2, 11), languages: &["Turks", "Nederlands"], ..P },
            Person { given: "Emre", family: "Çelik", born: Born::Aged(9, 6, 3), role: Child, ..P },
            Person { given: "Elif", family: "Çelik", born: Born::Aged(6, 10, 22), role: Child, ..P },
        ],
        involvements: &[inv(SCHULDHULP, None, Law::Wgs, When::DaysAgo(2))],
        timeline: &[
            m(
                10,
                Phone,
                &[Finances, Housing],
                "Aanmelding telefonisch. De vraag gaat over schulden en wonen, niet over de opvoeding: Buurtteam Oost pakt dit op, \
                 niet het jeugdteam. Mevrouw was opgelucht.",
            ),
            m(
                3,
                HomeVisit,
                &[Finances, Housing],
                "Huisbezoek. Overzicht gemaakt van de schulden (ca. € 7.800) en de huurachterstand (twee maanden). \
                 Urgentie als woningzoekende besproken.",
            ),
        ],
        ..BASE
    },
    // SITUATIONS.md 3: a young man with youth care turns 18 in about four months.
    Spec {
        referrer: Referrer::OtherProfessional,
        question: "Jayden krijgt jeugdhulp en wordt over vier maanden 18. Dan stopt de jeugdhulp, en er is nog geen plan voor \
                   inkomen, wonen en zijn psychische gezondheid.",
        domains: &[Finances, Housing, MentalHealth],
        street: "Reigerpad",
        number: 8,
        postcode: "3544 HN",
        members: &[
            Person {
                given: "Jayden",
                family: "Mulder",
                born: Born::Turns18In(122),
                role: Child,
                phone: Some("06-00000103"),
                bsn: Some("999900018"),
                ..P
            },
            Person { given: "Ilse", family: "Mulder", born: Born::Aged(46, 8, 30), ..P },
        ],
        involvements: &[inv(
            "Jeugdhulp Voorbeeldstad — ambulante begeleiding",
            Some("Tom Hendriks"),
            Law::Jeugdwet,
            When::DaysAgo(1100),
        )],
        timeline: &[
            m(
                25,
                CaseConsultation,
                &[MentalHealth, Finances, Housing],
                "Overleg met de jeugdhulpverlener: de jeugdhulp stopt op zijn 18e verjaardag. Er is nog geen overgangsplan naar \
                 volwassenenzorg, geen aanvraag voor inkomen en geen woonplek.",
            )
            .about(0),
            m(
                9,
                HomeVisit,
                &[Finances, Housing, MentalHealth],
                "Huisbezoek met Jayden en zijn moeder. Afgesproken: aanvraag Participatiewet voorbereiden, aanmelding bij de \
                 volwassenen-ggz, inschrijven als woningzoekende.",
            )
            .about(0),
        ],
        network: &[Net {
            name: "Dirk Meijer",
            relation: "voetbaltrainer",
            phone: None,
            can_help_with: Some("Vertrouwenspersoon van Jayden; denkt mee over werk."),
            consent: 0,
        }],
        ..BASE
    },
    // SITUATIONS.md 4: youth care focused on safety; the rent arrears nobody asked about.
    Spec {
        referrer: Referrer::OtherProfessional,
        question: "Zorgen om de veiligheid van de kinderen; ouders willen steun bij de opvoeding.",
        domains: &[Parenting],
        street: "Populierenhof",
        number: 122,
        postcode: "3533 TC",
        members: &[
            Person { given: "Kevin", family: "Dijkstra", born: Born::Aged(38, 1, 9), ..P },
            Person { given: "Chantal", family: "Dijkstra", born: Born::Aged(36, 5, 14), role: Partner, ..P },
            Person { given: "Noah", family: "Dijkstra", born: Born::Aged(11, 3, 2), role: Child, ..P },
            Person { given: "Lynn", family: "Dijkstra", born: Born::Aged(8, 9, 19), role: Child, ..P },
            Person { given: "Finn", family: "Dijkstra", born: Born::Aged(4, 12, 1), role: Child, ..P },
        ],
        care: Care::ActiveWithoutWorker,
        co_team: true,
        involvements: &[
            inv("Jeugdhulp Voorbeeldstad — intensieve gezinsbehandeling", Some("Eva Brink"), Law::Jeugdwet, When::DaysAgo(540)),
            inv("Jeugdbescherming Voorbeeldstad", Some("Ruben Vos"), Law::Jeugdwet, When::DaysAgo(420)),
        ],
        timeline: &[
            m(
                140,
                CaseConsultation,
                &[Parenting],
                "Uit het verslag van het jeugdteam — casusoverleg jeugdbescherming en jeugdhulp: veiligheidsplan besproken. De gezinsbehandeling loopt (ca. € 100.000 \
                 per jaar aan jeugdhulp). Geld en wonen kwamen niet ter sprake.",
            )
            .by_lead(),
            m(
                70,
                Note,
                &[Finances, Housing],
                "Uit het verslag van het jeugdteam — de jeugdhulpverlener zag een aanmaning van de woningcorporatie op tafel liggen. Niet naar gevraagd: het gesprek \
                 ging over het veiligheidsplan.",
            )
            .by_lead(),
            m(
                21,
                Note,
                &[Finances, Housing],
                "Signaal van de woningcorporatie: huurachterstand van vijf maanden (ca. € 4.300); een ontruimingsprocedure wordt \
                 voorbereid. Niemand van de betrokken hulpverleners heeft naar de huur gevraagd.",
            ),
            m(
                6,
                CaseConsultation,
                &[Finances, Housing, Parenting],
                "Overleg jeugdteam en Buurtteam Oost: Buurtteam Oost sluit aan als co-team voor de huurachterstand. Vandaag contact \
                 met de woningcorporatie over een betalingsregeling.",
            ),
        ],
        ..BASE
    },
    // SITUATIONS.md 5: two teams, one family: the social team with the mother, the youth team with a child.
    Spec {
        question: "Moeder is overbelast en somber en zoekt steun bij het huishouden en een vaste dagstructuur.",
        domains: &[MentalHealth, DailyLiving],
        street: "Havenkade",
        number: 57,
        addition: Some("A"),
        postcode: "3511 RV",
        members: &[
            Person { given: "Hatice", family: "Öztürk", born: Born::Aged(42, 7, 7), languages: &["Turks", "Nederlands"], ..P },
            Person { given: "Mert", family: "Öztürk", born: Born::Aged(14, 4, 25), role: Child, ..P },
            Person { given: "Zeynep", family: "Öztürk", born: Born::Aged(10, 11, 13), role: Child, ..P },
        ],
        co_team: true,
        involvements: &[
            inv("Zorgpartners Voorbeeldstad — ambulante begeleiding", Some("Wouter Peters"), Law::Wmo, When::DaysAgo(200)),
            inv("Jeugd-ggz Voorbeeldstad", Some("Noor Hamdan"), Law::Jeugdwet, When::DaysAgo(150)),
        ],
        timeline: &[
            m(
                30,
                HomeVisit,
                &[MentalHealth, DailyLiving],
                "Huisbezoek bij moeder. Het jeugdteam werkt met Mert aan school en agressie thuis; wat daar is afgesproken weten wij niet.",
            ),
            m(
                12,
                Phone,
                &[Parenting, MentalHealth],
                "Moeder belt: de jeugd-ggz adviseert strikte regels en vaste bedtijden voor Mert, de Wmo-begeleider adviseert juist \
                 conflicten te vermijden en rust te nemen. Zij weet niet wie ze moet volgen.",
            ),
            m(
                4,
                Note,
                &[Parenting, MentalHealth],
                "Voorstel: één gezamenlijk plan van jeugdteam en Wmo-begeleiding, met één contactpersoon voor moeder. \
                 Gezamenlijk overleg nog niet gepland.",
            ),
        ],
        ..BASE
    },
    // SITUATIONS.md 6: a stuck online application for social assistance.
    Spec {
        question: "Mijn online aanvraag voor bijstand loopt vast; ik heb al drie maanden geen inkomen. Er zijn schulden en de \
                   verhuurder dreigt met ontruiming.",
        domains: &[Finances, Housing],
        urgency: Urgency::High,
        street: "Oude Vaartweg",
        number: 210,
        postcode: "3521 GJ",
        members: &[Person {
            given: "Sven",
            prefix: Some("de"),
            family: "Boer",
            born: Born::Aged(38, 12, 28),
            phone: Some("06-00000104"),
            bsn: Some("999900031"),
            ..P
        }],
        involvements: &[inv(W_EN_I, None, Law::Participatiewet, When::DaysAgo(95))],
        timeline: &[
            m(
                27,
                Office,
                &[Finances],
                "Samen de online aanvraag bekeken: die is zes weken geleden afgewezen als 'onvolledig' (bankafschriften ontbraken). \
                 Meneer had dat bericht in de berichtenbox niet gezien.",
            ),
            m(26, Phone, &[Finances], "Werk en Inkomen gebeld: aanvraag heropend, ontbrekende stukken nagestuurd, voorschot aangevraagd."),
            m(19, Phone, &[Housing], "Verhuurder gebeld: de ontruiming wordt aangehouden zolang de bijstandsaanvraag loopt."),
            m(
                7,
                Note,
                &[Finances],
                "Patroon: niet de eerste aanmelding met een vastgelopen online aanvraag (zie ook mevrouw Ramdin). Voorstel aan \
                 Werk en Inkomen: bel de aanvrager bij elke afwijzing wegens onvolledigheid.",
            )
            .by_lead(),
        ],
        ..BASE
    },
    // SITUATIONS.md 7: an interpreter for every conversation; letters must be explained.
    Spec {
        referrer: Referrer::OtherProfessional,
        question: "Brieven van de Belastingdienst en de gemeente worden niet begrepen; er is een terugvordering van toeslagen. \
                   Bij elk gesprek is een tolk Tigrinya nodig.",
        domains: &[Finances, DailyLiving],
        street: "Wilgenhof",
        number: 19,
        postcode: "3526 LP",
        members: &[
            Person {
                given: "Yonas",
                family: "Tesfamariam",
                born: Born::Aged(39, 3, 15),
                languages: &["Tigrinya", "Arabisch"],
                interpreter: Some("Tigrinya"),
                phone: Some("06-00000105"),
                ..P
            },
            Person {
                given: "Selam",
                family: "Haile",
                born: Born::Aged(33, 6, 1),
                role: Partner,
                languages: &["Tigrinya"],
                interpreter: Some("Tigrinya"),
                ..P
            },
            Person { given: "Ruth", family: "Tesfamariam", born: Born::Aged(7, 8, 8), role: Child, ..P },
            Person { given: "Daniel", family: "Tesfamariam", born: Born::Aged(3, 1, 21), role: Child, ..P },
        ],
        timeline: &[
            m(
                40,
                HomeVisit,
                &[Finances, DailyLiving],
                "Huisbezoek met telefonische tolk Tigrinya. Stapel brieven doorgenomen: terugvordering kinderopvangtoeslag en een \
                 aanmaning van de gemeente.",
            ),
            m(18, Office, &[Finances], "Spreekuur met tolk: samen bezwaar gemaakt tegen de terugvordering."),
            m(2, Phone, &[Finances], "Met tolk gebeld: nieuwe brief van de gemeente uitgelegd (het bezwaar is ontvangen)."),
        ],
        network: &[Net {
            name: "Kidane Woldu",
            relation: "landgenoot, vrijwilliger bij de kerk",
            phone: Some("06-00000106"),
            can_help_with: Some("Vertaalt korte brieven; gaat mee naar afspraken."),
            consent: 0,
        }],
        ..BASE
    },
    // SITUATIONS.md 8: from AWBZ to Wmo, fallen between the rules; no contact for over eight weeks.
    Spec {
        referrer: Referrer::FamilyNetwork,
        question: "Moeder had tot 2015 dagbesteding en begeleiding via de AWBZ. Sinds de overgang naar de Wmo is haar indicatie \
                   verlopen: de huishoudelijke hulp is verminderd en de dagbesteding gestopt.",
        domains: &[DailyLiving, PhysicalHealth, Daytime, SocialNetwork],
        street: "Lindelaan",
        number: 3,
        postcode: "3541 AC",
        members: &[Person {
            given: "Wilhelmina",
            prefix: Some("van den"),
            family: "Heuvel",
            born: Born::Aged(87, 2, 3),
            role: MemberRole::OtherAdult,
            bsn: Some("999900043"),
            ..P
        }],
        involvements: &[
            Inv {
                organisation: "Zorgkantoor Voorbeeldstad (AWBZ)",
                professional: None,
                law: Law::Other,
                since: When::On("2009-03-01"),
                until: Some(When::On("2014-12-31")),
            },
            inv("Thuiszorg De Linde — huishoudelijke hulp", None, Law::Wmo, When::On("2015-01-01")),
            inv("Wijkverpleging Voorbeeldstad", Some("Anouk Vermeer"), Law::Zvw, When::DaysAgo(900)),
        ],
        timeline: &[
            m(
                120,
                HomeVisit,
                &[DailyLiving, Daytime],
                "Huisbezoek met dochter. Mevrouw redt zich thuis steeds minder; de dagbesteding stopte toen de AWBZ-indicatie afliep.",
            ),
            m(100, Phone, &[DailyLiving], "Wmo-consulent gebeld: nieuwe melding gedaan voor dagbesteding en meer huishoudelijke hulp."),
            m(65, HomeVisit, &[DailyLiving, Daytime], "Keukentafelgesprek met de Wmo-consulent en de dochter. Besluit volgt."),
        ],
        network: &[
            Net {
                name: "Ingrid van den Heuvel",
                relation: "dochter",
                phone: Some("06-00000107"),
                can_help_with: Some("Doet boodschappen en regelt de post."),
                consent: 0,
            },
            Net { name: "Gerard Kuipers", relation: "buurman", phone: None, can_help_with: Some("Kijkt 's avonds even om."), consent: 0 },
        ],
        ..BASE
    },
    // SITUATIONS.md 9: distrust of Work & Income; no contact for eight weeks.
    Spec {
        referrer: Referrer::Gp,
        question: "Huisarts verwijst: somberheid en geldzorgen. Meneer wil wel hulp, maar niet als Werk en Inkomen meekijkt.",
        domains: &[Finances, MentalHealth],
        street: "Koperslagerstraat",
        number: 66,
        postcode: "3513 ZW",
        members: &[Person {
            given: "Ronald",
            family: "Verbeek",
            born: Born::Aged(47, 9, 9),
            phone: Some("06-00000108"),
            bsn: Some("999900055"),
            ..P
        }],
        involvements: &[inv(W_EN_I, None, Law::Participatiewet, When::DaysAgo(400))],
        timeline: &[
            m(
                90,
                HomeVisit,
                &[Finances, MentalHealth],
                "Kennismaking. Meneer ontvangt bijstand en is bang dat alles wat hij vertelt bij Werk en Inkomen terechtkomt en \
                 gevolgen heeft voor zijn uitkering.",
            ),
            m(
                60,
                Phone,
                &[Finances],
                "Meneer zegt het MDT-overleg af omdat iemand van Werk en Inkomen aanschuift. Uitgelegd wie wat ziet; hij wil eerst \
                 weten wie zijn dossier heeft ingezien.",
            ),
            m(
                58,
                Note,
                &[Finances],
                "Afspraak voorstellen zonder Werk en Inkomen aan tafel; W&I krijgt alleen wat nodig is voor de uitkering, met zijn \
                 toestemming.",
            ),
        ],
        ..BASE
    },
    // SITUATIONS.md 10: two arrears signals for one address within a month; nobody has been there yet.
    Spec {
        referrer: Referrer::Landlord,
        question: "Woonstichting Voorbeeldstad meldt een huurachterstand van twee maanden op dit adres.",
        domains: &[Finances, Housing],
        street: "Kastanjestraat",
        number: 27,
        postcode: "3531 HX",
        members: &[
            Person { given: "Jeroen", family: "Hoekstra", born: Born::Aged(31, 5, 5), ..P },
            Person { given: "Iris", family: "Hoekstra", born: Born::Aged(29, 10, 10), role: Partner, ..P },
        ],
        care: Care::Nobody,
        intake_days_ago: 24,
        timeline: &[
            m(24, Note, &[Finances, Housing], "Signaal van de woningcorporatie: huurachterstand van twee maanden.").by_lead(),
            m(
                4,
                Note,
                &[Finances, Housing],
                "Tweede signaal voor hetzelfde adres: de energieleverancier meldt een betalingsachterstand. Nog niemand van het team \
                 is langs geweest — huisbezoek inplannen.",
            )
            .by_lead(),
        ],
        ..BASE
    },
    // The triage queue: an address outside every team's area.
    Spec {
        referrer: Referrer::Neighbour,
        question: "Mijn buurvrouw is eenzaam en komt de deur bijna niet meer uit.",
        domains: &[SocialNetwork, Daytime],
        street: "Bremstraat",
        number: 4,
        postcode: "3582 EK",
        members: &[Person { given: "Lisa", family: "Vermeulen", born: Born::Aged(58, 4, 4), role: MemberRole::OtherAdult, ..P }],
        care: Care::Nobody,
        ..BASE
    },
    // Closed: goals reached.
    Spec {
        question: "Ik kom niet meer rond en de rekeningen stapelen zich op.",
        domains: &[Finances],
        street: "Merelstraat",
        number: 12,
        postcode: "3532 DA",
        members: &[Person { given: "Johan", family: "Brouwer", born: Born::Aged(66, 7, 19), ..P }],
        close: Some(CloseReason::GoalsReached),
        involvements: &[Inv {
            organisation: SCHULDHULP,
            professional: None,
            law: Law::Wgs,
            since: When::DaysAgo(230),
            until: Some(When::DaysAgo(20)),
        }],
        timeline: &[
            m(240, HomeVisit, &[Finances], "Schuldenoverzicht gemaakt; aanmelding bij de schuldhulpverlening."),
            m(180, Office, &[Finances], "Aanvraag bijzondere bijstand ingediend."),
            m(
                35,
                HomeVisit,
                &[Finances],
                "Laatste gesprek: de schuldregeling loopt en meneer redt het zelf. Dossier met zijn instemming afgesloten.",
            ),
        ],
        ..BASE
    },
    // Closed: moved away.
    Spec {
        question: "Ik zoek hulp bij het regelen van mijn administratie na het overlijden van mijn man.",
        domains: &[Finances, DailyLiving],
        street: "Dijkgraafplein",
        number: 9,
        postcode: "3543 KM",
        members: &[Person {
            given: "Anja",
            family: "Müller",
            born: Born::Aged(52, 11, 30),
            languages: &["Duits", "Nederlands"],
            ..P
        }],
        close: Some(CloseReason::MovedAway),
        timeline: &[
            m(90, HomeVisit, &[Finances, DailyLiving], "Administratie samen op orde gebracht."),
            m(50, Phone, &[DailyLiving], "Mevrouw verhuist naar haar zus in Duitsland; een overdracht is niet nodig."),
        ],
        ..BASE
    },
    // Youth team: a parenting question, with an interpreter for the mother.
    Spec {
        referrer: Referrer::School,
        question: "School maakt zich zorgen: Omar spijbelt en is thuis vaak boos. Moeder vraagt hulp bij de opvoeding.",
        domains: &[Parenting],
        street: "Lijsterbeslaan",
        number: 73,
        postcode: "3534 ER",
        members: &[
            Person {
                given: "Rania",
                family: "Al-Khatib",
                born: Born::Aged(37, 2, 26),
                languages: &["Arabisch"],
                interpreter: Some("Arabisch"),
                ..P
            },
            Person { given: "Omar", family: "Al-Khatib", born: Born::Aged(12, 5, 16), role: Child, ..P },
            Person { given: "Lina", family: "Al-Khatib", born: Born::Aged(9, 9, 1), role: Child, ..P },
        ],
        care: Care::Nobody,
        ..BASE
    },
    // Youth team: a parenting question.
    Spec {
        question: "Thijs gamet 's nachts en komt zijn bed niet meer uit. Hoe krijg ik weer grip?",
        domains: &[Parenting],
        street: "Spoorsingel",
        number: 101,
        postcode: "3515 CT",
        members: &[
            Person { given: "Marloes", prefix: Some("de"), family: "Wit", born: Born::Aged(45, 3, 30), ..P },
            Person { given: "Thijs", prefix: Some("de"), family: "Wit", born: Born::Aged(15, 7, 12), role: Child, ..P },
        ],
        care: Care::Nobody,
        ..BASE
    },
    // Youth team: support started with youth care.
    Spec {
        question: "Sinds kort ben ik alleen met Saar. Ze slaapt slecht en heeft driftbuien.",
        domains: &[Parenting],
        street: "Hazelaarstraat",
        number: 5,
        postcode: "3546 VB",
        members: &[
            Person { given: "Bas", family: "Koster", born: Born::Aged(33, 8, 18), ..P },
            Person { given: "Saar", family: "Koster", born: Born::Aged(5, 4, 9), role: Child, ..P },
        ],
        care: Care::ActiveWithoutWorker,
        involvements: &[inv("Jeugdhulp Voorbeeldstad — opvoedondersteuning", None, Law::Jeugdwet, When::DaysAgo(60))],
        ..BASE
    },
    Spec {
        question: "Sinds mijn vrouw is overleden zit ik veel alleen.",
        domains: &[SocialNetwork, Daytime],
        street: "Vlierbesstraat",
        number: 2,
        postcode: "3527 CB",
        members: &[Person { given: "Gerrit", family: "Postma", born: Born::Aged(79, 1, 27), ..P }],
        involvements: &[inv("Welzijn Voorbeeldstad — maatjesproject", None, Law::Wmo, When::DaysAgo(40))],
        timeline: &[
            m(45, HomeVisit, &[SocialNetwork], "Kennismaking; meneer wil graag iemand om mee te wandelen."),
            m(10, Phone, &[SocialNetwork, Daytime], "Het maatje komt nu elke dinsdag; meneer is er blij mee."),
        ],
        ..BASE
    },
    Spec {
        referrer: Referrer::Gp,
        question: "Er zit schimmel in de woning; mijn longen worden slechter en de verhuurder reageert niet.",
        domains: &[Housing, PhysicalHealth],
        street: "Schoolstraat",
        number: 88,
        postcode: "3514 BR",
        members: &[Person {
            given: "Thi Lan",
            family: "Nguyen",
            born: Born::Aged(49, 6, 6),
            languages: &["Vietnamees", "Nederlands"],
            ..P
        }],
        timeline: &[
            m(21, HomeVisit, &[Housing], "Schimmel in slaapkamer en badkamer gezien; met toestemming foto's gemaakt."),
            m(16, Phone, &[Housing], "Woningcorporatie gebeld: inspectie gepland."),
        ],
        network: &[Net {
            name: "Minh Nguyen",
            relation: "zoon",
            phone: Some("06-00000109"),
            can_help_with: Some("Helpt met e-mails aan de verhuurder."),
            consent: 0,
        }],
        ..BASE
    },
    // No contact for ten weeks.
    Spec {
        referrer: Referrer::OtherProfessional,
        question: "Na detentie: geen inkomen, geen vaste woonplek, en ik wil van de drank af.",
        domains: &[Finances, Housing, Addiction, Justice],
        street: "Korenbloemlaan",
        number: 15,
        postcode: "3545 PG",
        members: &[Person { given: "Peter", prefix: Some("van"), family: "Dam", born: Born::Aged(41, 10, 2), ..P }],
        involvements: &[
            inv("Verslavingszorg Voorbeeldstad", None, Law::Zvw, When::DaysAgo(100)),
            inv("Reclassering Voorbeeldstad", Some("Ilona de Groot"), Law::Other, When::DaysAgo(110)),
        ],
        timeline: &[
            m(100, Office, &[Finances, Housing], "Aanvraag bijstand en inschrijving daklozenopvang geregeld."),
            m(75, Phone, &[Addiction], "Meneer is gestart bij de verslavingszorg. Daarna niet meer bereikbaar."),
        ],
        ..BASE
    },
    Spec {
        question: "Ik ga scheiden en weet niet hoe het moet met geld en een eigen woning.",
        domains: &[DomesticRelations, Finances, Housing],
        street: "Jasmijnstraat",
        number: 31,
        postcode: "3524 NW",
        members: &[
            Person {
                given: "Esra",
                family: "Şahin",
                born: Born::Aged(36, 12, 12),
                languages: &["Turks", "Nederlands"],
                bsn: Some("999900067"),
                ..P
            },
            Person { given: "Defne", family: "Şahin", born: Born::Aged(11, 2, 17), role: Child, ..P },
        ],
        timeline: &[
            m(12, Office, &[DomesticRelations, Finances], "Gesprek over de scheiding: eigen inkomen, toeslagen en alimentatie op een rij."),
            m(5, Phone, &[Housing], "Urgentieaanvraag voor een woning besproken."),
        ],
        ..BASE
    },
    Spec {
        question: "Ik wil graag werken, maar mijn diploma uit Ghana wordt hier niet erkend.",
        domains: &[WorkEducation, Participation],
        street: "Goudsbloemhof",
        number: 7,
        postcode: "3528 XH",
        members: &[Person {
            given: "Kofi",
            family: "Mensah",
            born: Born::Aged(29, 8, 4),
            languages: &["Engels", "Twi", "Nederlands"],
            ..P
        }],
        involvements: &[inv("Werk en Inkomen Voorbeeldstad — werkcoach", None, Law::Participatiewet, When::DaysAgo(30))],
        timeline: &[m(16, Office, &[WorkEducation], "Diplomawaardering aangevraagd; werkcoach van Werk en Inkomen erbij gehaald.")],
        ..BASE
    },
    Spec {
        referrer: Referrer::Gp,
        question: "Na een heupoperatie lukt het huishouden niet meer. Kan ik hulp krijgen?",
        domains: &[DailyLiving, PhysicalHealth],
        street: "Klaproosweg",
        number: 44,
        postcode: "3542 TL",
        members: &[Person { given: "Femke", family: "Schouten", born: Born::Aged(61, 6, 24), ..P }],
        care: Care::Nobody,
        ..BASE
    },
    // A mixed question (money and parenting) goes to the social team, not on composition.
    Spec {
        question: "Geldzorgen sinds Youssef zijn baan kwijtraakte, en veel ruzie met de tieners.",
        domains: &[Finances, Parenting],
        street: "Sleutelbloemstraat",
        number: 18,
        postcode: "3522 MJ",
        members: &[
            Person { given: "Youssef", family: "Boukhari", born: Born::Aged(44, 3, 3), ..P },
            Person { given: "Nadia", family: "Boukhari", born: Born::Aged(40, 9, 27), role: Partner, ..P },
            Person { given: "Amine", family: "Boukhari", born: Born::Aged(16, 1, 15), role: Child, ..P },
            Person { given: "Sara", family: "Boukhari", born: Born::Aged(13, 11, 4), role: Child, ..P },
        ],
        timeline: &[m(
            8,
            HomeVisit,
            &[Finances, Parenting],
            "Gezin gesproken: de ruzies hangen samen met de geldstress. Eén plan voor het hele gezin.",
        )],
        ..BASE
    },
    Spec {
        referrer: Referrer::FamilyNetwork,
        question: "Bram zit al een jaar thuis na uitval van zijn opleiding en is somber.",
        domains: &[MentalHealth, Daytime, WorkEducation],
        street: "Klaproosweg",
        number: 9,
        postcode: "3542 TL",
        members: &[Person { given: "Bram", prefix: Some("van"), family: "Leeuwen", born: Born::Aged(23, 5, 29), ..P }],
        timeline: &[
            m(30, HomeVisit, &[MentalHealth, Daytime], "Kennismaking met Bram en zijn moeder."),
            m(14, Video, &[WorkEducation], "Beeldbellen: Bram wil een proefplaats bij de fietsenmaker proberen."),
        ],
        network: &[Net {
            name: "Marjolein van Leeuwen",
            relation: "moeder",
            phone: Some("06-00000110"),
            can_help_with: Some("Steunt hem en gaat mee naar gesprekken."),
            consent: 0,
        }],
        ..BASE
    },
    Spec {
        question: "Mijn tijdelijke contract stopt en straks kan ik de huur niet meer betalen.",
        domains: &[Finances, Housing, WorkEducation],
        street: "Spoorsingel",
        number: 12,
        postcode: "3515 CT",
        members: &[Person {
            given: "Ana",
            family: "Sousa",
            born: Born::Aged(44, 4, 14),
            languages: &["Portugees", "Nederlands"],
            ..P
        }],
        care: Care::Lead,
        timeline: &[m(6, Office, &[Finances, WorkEducation], "Inkomsten en uitgaven op een rij; WW-aanvraag voorbereid.").by_lead()],
        ..BASE
    },
    // SITUATIONS.md 6 again: the pattern of stuck online applications.
    Spec {
        question: "Mijn online aanvraag voor bijstand is twee keer afgewezen als onvolledig. Ik heb al twee maanden geen inkomen.",
        domains: &[Finances],
        urgency: Urgency::High,
        street: "Sleutelbloemstraat",
        number: 40,
        postcode: "3522 MJ",
        members: &[Person { given: "Priya", family: "Ramdin", born: Born::Aged(33, 7, 31), ..P }],
        care: Care::Nobody,
        timeline: &[m(
            1,
            Note,
            &[Finances],
            "Tweede aanmelding deze maand met een vastgelopen online bijstandsaanvraag (zie ook de heer De Boer).",
        )
        .by_lead()],
        ..BASE
    },
];

/// A demo user acting on the households.
pub(crate) struct Who {
    pub(crate) id: String,
    pub(crate) username: String,
    pub(crate) name: String,
    pub(crate) role: Role,
}

impl Who {
    async fn load(store: &Store, username: &str, role: Role) -> Result<Who> {
        let u = store.user_by_username(username).await?.with_context(|| format!("demo user {username}"))?;
        Ok(Who { id: u.id, username: u.username, name: u.display_name, role })
    }

    /// The audit record of a change to a household by this user, as the web writes it.
    pub(crate) fn audit(&self, household: Option<&str>, resource: &str, action: Action) -> AuditDraft {
        AuditDraft {
            actor: self.id.clone(),
            actor_name: self.username.clone(),
            role: self.role.as_str().into(),
            organisation: None,
            household: household.map(str::to_string),
            member: None,
            resource: resource.into(),
            resource_id: None,
            action: action.as_str().into(),
            purpose: Purpose::Support.as_str().into(),
            outcome: Outcome::Allowed,
            break_glass: false,
            reason: None,
        }
    }
}

struct Demo<'a> {
    store: &'a Store,
    tenant_id: &'a str,
    teams: Vec<TeamCandidate>,
    worker: Who,
    lead: Who,
}

impl Demo<'_> {
    fn who(&self, by: By) -> &Who {
        match by {
            By::Worker => &self.worker,
            By::Lead => &self.lead,
        }
    }

    /// The other team of the same area (the co-team of a two-team household).
    fn other_team(&self, lead: &str) -> Result<String> {
        let area_of = self.teams.iter().find(|t| t.id == lead).map(|t| t.area.clone()).context("lead team")?;
        let other =
            self.teams.iter().find(|t| t.id != lead && t.area == area_of && matches!(t.kind, TeamKind::Social | TeamKind::YouthFamily));
        Ok(other.context("a second team in the area")?.id.clone())
    }

    fn member(&self, p: &Person) -> Result<NewMember> {
        let today = self.store.today();
        let date_of_birth = match p.born {
            Born::Unknown => None,
            Born::Aged(years, month, day) => Some(parse_date(&format!("{:04}-{month:02}-{day:02}", today.year() - years))?),
            Born::Turns18In(n) => {
                let eighteen = today + days(n);
                // 29 February has no birthday 18 years earlier; take the day before.
                let born =
                    eighteen.replace_year(eighteen.year() - 18).or_else(|_| (eighteen - days(1)).replace_year(eighteen.year() - 18))?;
                Some(born)
            }
        };
        Ok(NewMember {
            given_names: p.given.into(),
            name_prefix: p.prefix.map(str::to_string),
            family_name: p.family.into(),
            date_of_birth,
            role: p.role,
            languages: p.languages.iter().map(|l| l.to_string()).collect(),
            interpreter_needed: p.interpreter.is_some(),
            interpreter_language: p.interpreter.map(str::to_string),
            phone: p.phone.map(str::to_string),
            email: None,
            bsn: p.bsn.map(Bsn::parse).transpose()?,
        })
    }

    /// Adds one household; returns its id.
    async fn add(&self, s: &Spec) -> Result<String> {
        let store = self.store;
        let worker = &self.worker;
        let postcode = Postcode::parse(s.postcode)?;
        let number = HouseNumber::parse(&s.number.to_string(), s.addition.unwrap_or(""))?;
        // Routed as the intake form does: by the area and the question, never by composition.
        let (team_id, reason) = match propose(postcode.pc4(), s.domains, None, &self.teams) {
            Route::Team { id, reason } => (Some(id), reason.key()),
            Route::Triage => (None, "route-triage"),
        };
        let (first, others) = s.members.split_first().context("a demo household has members")?;
        let intake = NewIntake {
            referrer: s.referrer,
            question: s.question.into(),
            domains: s.domains.to_vec(),
            urgency: s.urgency,
            wish: None,
            address: Address { street: s.street.into(), number, postcode, city: CITY.into() },
            member: self.member(first)?,
            team_id: team_id.clone(),
            route_reason: reason.into(),
        };
        // An older intake is registered as it happened: dated by a clock set back that many days. A
        // household with contact moments arrived a few days (2 to 10) before the first of them.
        let first_moment = s.timeline.iter().map(|e| e.days_ago as i64).max().map_or(0, |d| d + 2 + i64::from(s.number % 9));
        let arrived = store.with_clock(ManualClock::new(store.now() - s.intake_days_ago.max(first_moment) * 86_400));
        let out = arrived.register_intake(self.tenant_id, &intake, &worker.id, &worker.audit(None, "intake", Action::Create)).await?;
        if out.matched.is_some() {
            bail!("demo household {} {} matched an existing household", s.street, s.number);
        }
        let id = out.household_id;
        let h = Some(id.as_str());
        let mut version = store.household(&id).await?.context("the new household")?.version;
        let mut member_ids: Vec<String> = store.members(&id).await?.into_iter().map(|m| m.id).collect();
        for p in others {
            member_ids.push(store.add_member(&id, version, &self.member(p)?, &worker.audit(h, "lid", Action::Create)).await?);
            version += 1;
        }
        if s.co_team {
            let lead = team_id.context("a co-team needs a lead team")?;
            let co = self.other_team(&lead)?;
            store.set_teams(&id, version, &lead, Some(&co), &worker.audit(h, "team", Action::Update)).await?;
            version += 1;
        }
        for i in s.involvements {
            let involvement = Involvement {
                id: String::new(),
                organisation: i.organisation.into(),
                professional: i.professional.map(str::to_string),
                law: i.law,
                since: date_of!(store, i.since),
                until: match i.until {
                    Some(w) => Some(date_of!(store, w)),
                    None => None,
                },
            };
            store.add_involvement(&id, &involvement, &worker.audit(h, "betrokkene", Action::Create)).await?;
        }
        match s.care {
            Care::Nobody => {}
            Care::Worker | Care::Lead => {
                let who = if s.care == Care::Lead { &self.lead } else { worker };
                store.assign_contact_worker(&id, version, &who.id, &self.lead.audit(h, "contactpersoon", Action::Update)).await?;
                version += 1;
            }
            Care::ActiveWithoutWorker => {
                store.change_status(&id, version, Status::Active, None, &self.lead.audit(h, "status", Action::Update)).await?;
                version += 1;
            }
        }
        for e in s.timeline {
            let who = self.who(e.by);
            let entry = NewTimelineEntry {
                contact_type: e.kind,
                body: e.body.into(),
                domains: e.domains.to_vec(),
                member_id: e.about.map(|i| member_ids[i].clone()),
                occurred_on: store.today() - days(e.days_ago),
            };
            // Written down on the day it happened.
            let then = store.with_clock(ManualClock::new(store.now() - e.days_ago as i64 * 86_400));
            then.add_timeline_entry(&id, &entry, &who.id, &who.name, &who.audit(h, "contact", Action::Create)).await?;
        }
        for n in s.network {
            let contact = NetworkContact {
                id: String::new(),
                name: n.name.into(),
                relation: n.relation.into(),
                phone: n.phone.map(str::to_string),
                can_help_with: n.can_help_with.map(str::to_string),
                consent_member_id: member_ids[n.consent].clone(),
            };
            store.add_network_contact(&id, &contact, &worker.audit(h, "netwerk", Action::Create)).await?;
        }
        if let Some(reason) = s.close {
            store.change_status(&id, version, Status::Closed, Some(reason), &worker.audit(h, "status", Action::Update)).await?;
        }
        Ok(id)
    }
}

/// Creates the demo households (once, with the demo users) and returns how many.
pub async fn load(store: &Store, tenant_id: &str) -> Result<usize> {
    let demo = Demo {
        store,
        tenant_id,
        teams: store.teams().await?.into_iter().map(|t| TeamCandidate { id: t.id, kind: t.kind, area: t.area }).collect(),
        worker: Who::load(store, "demo.worker", Role::Worker).await?,
        lead: Who::load(store, "demo.teamlead", Role::TeamLead).await?,
    };
    let mut ids = Vec::new();
    for s in HOUSEHOLDS {
        let id = demo.add(s).await.with_context(|| format!("demo household {} {}", s.street, s.number))?;
        ids.push(((s.street, s.number), id));
    }
    let at = |street: &str, number: u32| ids.iter().find(|(k, _)| *k == (street, number)).map(|(_, id)| id.clone());
    crate::demo_plans::load(store, &demo.worker, &at).await.context("demo assessments and plans")?;
    let ruud = at("Molenweg", 14).context("Molenweg 14")?;
    crate::demo_maatwerk::load(store, &demo.worker, &ruud).await.context("demo maatwerk")?;
    crate::demo_referrals::load(store, &demo.worker, &ruud).await.context("demo referrals")?;
    let dijkstra = at("Populierenhof", 122).context("Populierenhof 122")?;
    crate::demo_signals::load(store, tenant_id, &dijkstra).await.context("demo signals")?;
    crate::demo_patterns::load(store, &at).await.context("demo bottleneck tags")?;
    Ok(HOUSEHOLDS.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn demo_data_is_valid_and_never_matches_itself() {
        let mut bsns = HashSet::new();
        let mut addresses = HashSet::new();
        let mut people = HashSet::new();
        for s in HOUSEHOLDS {
            assert!(Postcode::parse(s.postcode).is_ok(), "{}", s.postcode);
            assert!(addresses.insert((s.postcode, s.number, s.addition)), "address {} {} twice", s.street, s.number);
            assert!(!s.members.is_empty() && !s.question.is_empty() && !s.domains.is_empty());
            for p in s.members {
                if let Some(b) = p.bsn {
                    assert!(Bsn::parse(b).is_ok(), "{b} fails the 11-proof");
                    assert!(b.starts_with("9999"), "{b}: only test numbers");
                    assert!(bsns.insert(b), "BSN {b} twice");
                }
                assert!(people.insert((p.given, p.family)), "{} {} twice", p.given, p.family);
            }
            for n in s.network {
                assert!(n.consent < s.members.len());
            }
            for e in s.timeline {
                assert!(e.about.is_none_or(|i| i < s.members.len()));
            }
        }
        assert!(HOUSEHOLDS.len() >= 20);
    }
}
