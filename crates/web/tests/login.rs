//! Logging in and out, lockout, CSRF, sessions, the second factor and the password change, as a
//! browser sees them. Each test runs on SQLite and on PostgreSQL.

mod common;

use common::{PASSWORD, username};
use eenplan_domain::login::{LOCK_SECONDS, MAX_FAILURES};
use eenplan_domain::{Role, totp};

app_test!(login_lands_on_the_caseload, |app| {
    let mut b = app.browser();
    let page = b.login(username(Role::Worker), PASSWORD).await;
    assert_eq!((page.status, page.location.as_deref()), (303, Some("/")));
    let cookie = page.set_cookies().into_iter().find(|c| c.starts_with("eenplan_session=")).unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http on loopback: no Secure flag");
    let home = b.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Mijn huishoudens") && home.body.contains("Team A"), "{}", home.body);
    assert_eq!(app.audit_count("session", "allowed").await, 1, "the login is in the audit log");
});

app_test!(wrong_password_and_unknown_user_get_the_same_dutch_message, |app| {
    let mut b = app.browser();
    let wrong = b.login(username(Role::Worker), "niet-het-wachtwoord").await;
    let unknown = b.login("niemand", "niet-het-wachtwoord").await;
    for page in [&wrong, &unknown] {
        assert_eq!(page.status, 422);
        assert!(page.body.contains("Je gebruikersnaam of wachtwoord klopt niet."));
        assert!(!b.cookies.contains_key("eenplan_session"));
    }
    assert!(wrong.body.contains("value=\"t.worker\""), "the username is kept");
    assert_eq!(app.audit_count("session", "denied").await, 2);
});

app_test!(empty_fields_are_named, |app| {
    let mut b = app.browser();
    let page = b.login("", "").await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("Vul je gebruikersnaam en wachtwoord in."));
});

app_test!(lockout_after_five_failures_holds_even_for_the_right_password, |app| {
    let mut b = app.browser();
    for _ in 0..MAX_FAILURES {
        b.login(username(Role::Worker), "fout-fout-fout-fout").await;
    }
    let page = b.login(username(Role::Worker), PASSWORD).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("tijdelijk geblokkeerd"), "{}", page.body);
    app.db.clock.advance(LOCK_SECONDS);
    let page = b.login(username(Role::Worker), PASSWORD).await;
    assert_eq!(page.location.as_deref(), Some("/"), "the lock runs out");
});

app_test!(
    many_attempts_from_one_address_are_throttled,
    eenplan_web::Config { totp_required: vec![], login_attempts_per_ip: 3, ..Default::default() },
    |app| {
        let mut b = app.browser();
        for _ in 0..3 {
            b.login("iemand", "fout-fout-fout-fout").await;
        }
        let page = b.login(username(Role::Worker), PASSWORD).await;
        assert!(page.body.contains("te veel inlogpogingen"), "{}", page.body);
        assert!(!b.cookies.contains_key("eenplan_session"));
    }
);

app_test!(forms_without_the_csrf_token_are_refused, |app| {
    let mut b = app.browser();
    b.get("/login").await;
    let page = b.post("/login", &[("username", username(Role::Worker)), ("password", PASSWORD)]).await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("Het formulier is verlopen"), "{}", page.body);
    assert!(!b.cookies.contains_key("eenplan_session"));
    // A logged-in user: logout with a wrong token does not end the session.
    b.login(username(Role::Worker), PASSWORD).await;
    let refused = b.post("/logout", &[("csrf", "nep")]).await;
    assert_eq!(refused.status, 400);
    assert_eq!(b.get("/").await.status, 200, "still logged in");
    let csrf = b.get("/").await.csrf();
    let out = b.post("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(out.location.as_deref(), Some("/login?uitgelogd=1"));
    assert_eq!(b.get("/").await.location.as_deref(), Some("/login"));
});

app_test!(a_stolen_cookie_is_useless_after_logout_and_idle_sessions_expire, |app| {
    let mut b = app.browser();
    b.login(username(Role::Worker), PASSWORD).await;
    let token = b.cookies["eenplan_session"].clone();
    app.db.clock.advance(eenplan_store::sessions::IDLE_SECONDS + 1);
    let page = b.get("/").await;
    assert_eq!(page.location.as_deref(), Some("/login?verlopen=1"));
    let login = b.get("/login?verlopen=1").await;
    assert!(login.body.contains("Je sessie is verlopen"));
    let mut thief = app.browser();
    thief.cookies.insert("eenplan_session".into(), token);
    assert_eq!(thief.get("/").await.location.as_deref(), Some("/login?verlopen=1"));
});

app_test!(a_new_session_id_at_every_login, |app| {
    let mut b = app.browser();
    b.cookies.insert("eenplan_session".into(), "door-aanvaller-gekozen".into());
    b.login(username(Role::Worker), PASSWORD).await;
    assert_ne!(b.cookies["eenplan_session"], "door-aanvaller-gekozen");
});

fn code_at(secret_b32: &str, at: i64) -> String {
    let secret = totp::base32_decode(secret_b32).unwrap();
    format!("{:06}", totp::hotp(&secret, totp::step_at(at) as u64, totp::DIGITS))
}

app_test!(
    totp_enrolment_is_required_for_admins_and_then_asked_at_login,
    eenplan_web::Config { totp_required: vec![Role::Admin], ..Default::default() },
    |app| {
        let mut b = app.browser();
        let page = b.login(username(Role::Admin), PASSWORD).await;
        assert_eq!(page.location.as_deref(), Some("/account/tweestaps"));
        assert_eq!(b.get("/beheer").await.location.as_deref(), Some("/account/tweestaps"), "nothing else before enrolment");
        let enrol = b.get("/account/tweestaps").await;
        assert!(enrol.body.contains("verplicht"));
        let secret = enrol.body.split("class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_string();
        let csrf = enrol.csrf();
        let wrong = b.post("/account/tweestaps", &[("csrf", &csrf), ("code", "000000")]).await;
        assert_eq!(wrong.status, 422);
        let now = app.db.store.now();
        let done = b.post("/account/tweestaps", &[("csrf", &csrf), ("code", &code_at(&secret, now))]).await;
        assert_eq!(done.location.as_deref(), Some("/account?klaar=tweestaps"));
        assert_eq!(b.get("/beheer").await.status, 200);
        // Next login asks for the code; the code just used is refused (no replay).
        let csrf = b.get("/").await.csrf();
        b.post("/logout", &[("csrf", &csrf)]).await;
        assert_eq!(b.login(username(Role::Admin), PASSWORD).await.location.as_deref(), Some("/login/code"));
        let csrf = b.get("/login/code").await.csrf();
        let replay = b.post("/login/code", &[("csrf", &csrf), ("code", &code_at(&secret, now))]).await;
        assert_eq!(replay.status, 422);
        assert!(replay.body.contains("al gebruikt"));
        app.db.clock.advance(30);
        let ok = b.post("/login/code", &[("csrf", &csrf), ("code", &code_at(&secret, now + 30))]).await;
        assert_eq!(ok.location.as_deref(), Some("/"));
        assert_eq!(b.get("/beheer").await.status, 200);
    }
);

app_test!(password_change_says_per_field_what_is_wrong, |app| {
    let mut b = app.browser();
    b.login(username(Role::Worker), PASSWORD).await;
    let mut other = app.browser();
    other.login(username(Role::Worker), PASSWORD).await;
    let csrf = b.get("/account").await.csrf();
    let page = b.post("/account/wachtwoord", &[("csrf", &csrf), ("huidig", "fout"), ("nieuw", "kort"), ("herhaal", "kort")]).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("Je huidige wachtwoord klopt niet.") && page.body.contains("minstens 12 tekens"));
    let page = b
        .post(
            "/account/wachtwoord",
            &[("csrf", &csrf), ("huidig", PASSWORD), ("nieuw", "nieuw-lang-wachtwoord"), ("herhaal", "anders-lang-wachtwoord")],
        )
        .await;
    assert!(page.body.contains("niet gelijk"));
    let page = b
        .post(
            "/account/wachtwoord",
            &[("csrf", &csrf), ("huidig", PASSWORD), ("nieuw", "nieuw-lang-wachtwoord"), ("herhaal", "nieuw-lang-wachtwoord")],
        )
        .await;
    assert_eq!(page.location.as_deref(), Some("/account?klaar=wachtwoord"));
    assert_eq!(other.get("/").await.location.as_deref(), Some("/login?verlopen=1"), "other sessions end");
    let mut fresh = app.browser();
    assert_eq!(fresh.login(username(Role::Worker), PASSWORD).await.status, 422, "the old password no longer works");
    assert_eq!(fresh.login(username(Role::Worker), "nieuw-lang-wachtwoord").await.location.as_deref(), Some("/"));
});

app_test!(language_switch_and_english_pages, |app| {
    let mut b = app.browser();
    let page = b.get("/taal/en?terug=/login").await;
    assert_eq!(page.location.as_deref(), Some("/login"));
    let login = b.get("/login").await;
    assert!(login.body.contains("<html lang=\"en\">") && login.body.contains("Log in"));
    assert_eq!(b.get("/taal/nl?terug=//evil.example").await.location.as_deref(), Some("/"), "no open redirect");
});

app_test!(typed_markup_is_escaped_when_shown_again, |app| {
    let mut b = app.browser();
    let page = b.login("<script>alert(1)</script>", "x").await;
    assert!(!page.body.contains("<script>alert(1)</script>"));
    assert!(page.body.contains("&#60;script&#62;") || page.body.contains("&lt;script&gt;"), "{}", page.body);
});

app_test!(a_signal_sender_cannot_log_in_to_the_ui, |app| {
    let mut b = app.browser();
    let page = b.login(username(Role::SignalSender), PASSWORD).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("alleen de koppeling"));
});

app_test!(
    behind_tls_cookies_are_secure_and_hsts_is_sent,
    eenplan_web::Config { public_url: "https://eenplan.voorbeeldstad.nl".into(), totp_required: vec![], ..Default::default() },
    |app| {
        let mut b = app.browser();
        let page = b.login(username(Role::Worker), PASSWORD).await;
        assert!(page.set_cookies().iter().any(|c| c.starts_with("eenplan_session=") && c.contains("; Secure")));
        assert!(page.headers.get("strict-transport-security").is_some());
    }
);
