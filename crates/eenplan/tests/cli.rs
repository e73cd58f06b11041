//! The `eenplan` binary as an operator uses it: several `serve` processes on one database, the
//! audit verification, the set-up commands, and clear messages for bad configuration.

use eenplan_domain::Role;
use eenplan_store::credentials::hash_password;
use eenplan_store::directory::{NewUser, RoleGrant};
use eenplan_store::testing::TestDb;
use eenplan_store::{Backend, db_test};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_eenplan");
const PASSWORD: &str = "een-lang-test-wachtwoord";

fn eenplan(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args).env_remove("EENPLAN_DATABASE_URL").env_remove("DATABASE_URL").env("EENPLAN_LOG", "warn");
    c
}

/// A running `serve` process; killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(url: &str) -> Server {
    let mut child = eenplan(&["serve", "--addr", "127.0.0.1:0", "--database", url]).stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines.next().expect("serve prints its address").unwrap();
    let base = line.split_whitespace().find(|w| w.starts_with("http://")).expect("address in first line").to_string();
    std::thread::spawn(move || for _ in lines {});
    Server { child, base }
}

async fn add_worker(db: &TestDb) {
    let s = &db.store;
    let tenant = s.ensure_tenant("Gemeente Test").await.unwrap();
    s.create_user(
        &NewUser { tenant_id: &tenant, username: "w", display_name: "W", password_hash: &hash_password(PASSWORD), organisation_id: None },
        &[RoleGrant { role: Role::Policy, team_id: None }],
    )
    .await
    .unwrap();
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Logs in at `base`; returns the Set-Cookie values and the response status.
async fn login(base: &str, password: &str) -> (u16, Vec<String>) {
    let c = client();
    let page = c.get(format!("{base}/login")).send().await.unwrap();
    let csrf_cookie = page.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let csrf = csrf_cookie.split_once('=').unwrap().1.to_string();
    let res = c
        .post(format!("{base}/login"))
        .header("cookie", &csrf_cookie)
        .form(&[("csrf", csrf.as_str()), ("username", "w"), ("password", password)])
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body_cookies = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let text = res.text().await.unwrap();
    (if text.contains("tijdelijk geblokkeerd") { 423 } else { status }, body_cookies)
}

db_test!(two_serve_processes_share_sessions_and_the_lockout, |db| {
    add_worker(db).await;
    let (a, b) = (serve(&db.url), serve(&db.url));
    let (status, cookies) = login(&a.base, PASSWORD).await;
    assert_eq!(status, 303);
    let session = cookies.iter().find(|c| c.starts_with("eenplan_session=")).unwrap().split(';').next().unwrap().to_string();
    let res = client().get(format!("{}/", b.base)).header("cookie", &session).send().await.unwrap();
    assert_eq!(res.status(), 200, "a session made by one process works at the other");
    for i in 0..eenplan_domain::login::MAX_FAILURES {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        assert_eq!(login(base, "fout-fout-fout-fout").await.0, if i + 1 == eenplan_domain::login::MAX_FAILURES { 423 } else { 422 });
    }
    assert_eq!(login(&a.base, PASSWORD).await.0, 423, "locked at one process after failures spread over both");
    assert_eq!(login(&b.base, PASSWORD).await.0, 423, "and at the other");
});

db_test!(audit_verify_passes_an_intact_log_and_names_a_tampered_record, |db| {
    let s = &db.store;
    for n in 0..5 {
        s.audit(&eenplan_store::testing::test_audit(&format!("read {n}"))).await.unwrap();
    }
    let ok = eenplan(&["audit", "verify", "--database", &db.url]).output().unwrap();
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("5 records verified"));
    let guard = match s.backend() {
        Backend::Sqlite => "DROP TRIGGER audit_log_no_delete",
        Backend::Postgres => "DROP TRIGGER audit_log_no_change ON audit_log",
    };
    sqlx::query(guard).execute(s.pool()).await.unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq = 2").execute(s.pool()).await.unwrap();
    let bad = eenplan(&["audit", "verify", "--database", &db.url]).output().unwrap();
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("record 3 does not follow record 1"), "{err}");
});

db_test!(set_up_commands_add_teams_users_and_keys, |db| {
    db.store.ensure_tenant("Gemeente Test").await.unwrap();
    let out = eenplan(&["team", "add", "--database", &db.url, "--name", "Buurtteam West", "--kind", "integrated", "--area", "3600-3649"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = eenplan(&["user", "add", "--database", &db.url, "--username", "anna", "--role", "worker", "--team", "Buurtteam West"])
        .env("EENPLAN_NEW_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let anna = db.store.user_by_username("anna").await.unwrap().unwrap();
    assert!(eenplan_store::credentials::verify_password(PASSWORD, &anna.password_hash));
    let out = eenplan(&["user", "add", "--database", &db.url, "--username", "bob", "--role", "boss"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown role 'boss'"));
    let out = eenplan(&["user", "add", "--database", &db.url, "--username", "cas", "--role", "worker"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs at least one --team"));
    let out = eenplan(&[
        "apikey",
        "create",
        "--database",
        &db.url,
        "--org",
        "Woonstichting Test",
        "--role",
        "signal_sender",
        "--org-kind",
        "housing_corporation",
    ])
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let key = stdout.lines().last().unwrap().trim();
    assert!(db.store.check_api_key(key).await.unwrap().is_ok(), "the printed key works");
});

#[test]
fn bad_configuration_gets_a_message_that_says_what_to_do() {
    let out = eenplan(&["migrate", "--database", "mysql://x"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not understood: use sqlite://PATH or postgres://"));
    let out = eenplan(&["migrate"]).env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open the database (postgres)"));
    let out = eenplan(&["migrate", "--database", "sqlite:///proc/eenplan/x.db"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot create the data directory '/proc/eenplan'"));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = std::env::temp_dir().join(format!("eenplan-port-{}", std::process::id()));
    let url = format!("sqlite://{}/e.db", dir.display());
    let out = eenplan(&["serve", "--addr", &addr, "--database", &url]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is already in use"), "{}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_malformed_instrument_file_stops_the_start_with_file_line_and_reason() {
    let dir = std::env::temp_dir().join(format!("eenplan-instruments-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let builtin = eenplan_domain::instrument::BUILTIN.1;
    // A copy of the built-in instrument under another id, with a gap in one scale on a known line.
    let own = builtin.replacen("id = \"eenplan-leefgebieden\"", "id = \"gemeente-eigen\"", 1).replacen("score = 2", "score = 3", 1);
    let line = own.lines().position(|l| l.contains("score = 3")).unwrap() + 1;
    std::fs::write(dir.join("eigen.toml"), own).unwrap();
    let url = format!("sqlite://{}/e.db", dir.display());
    let out =
        eenplan(&["serve", "--addr", "127.0.0.1:0", "--database", &url, "--instruments-dir", dir.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("eigen.toml:{line}:")) && err.contains("score"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_bad_unit_cost_file_stops_the_start_with_file_line_and_reason() {
    let dir = std::env::temp_dir().join(format!("eenplan-unit-costs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let builtin = eenplan_domain::unit_costs::BUILTIN_CATALOGUE.1;
    let line = builtin.lines().position(|l| l.starts_with("amount = ")).unwrap() + 1;
    let original = builtin.lines().nth(line - 1).unwrap();
    let own = builtin.replacen(original, "amount = -5", 1);
    std::fs::write(dir.join("gemeente.toml"), own).unwrap();
    let url = format!("sqlite://{}/e.db", dir.display());
    let out = eenplan(&["serve", "--addr", "127.0.0.1:0", "--database", &url, "--unit-costs-dir", dir.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("gemeente.toml:{line}:")) && err.contains("amount"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn demo_prints_the_address_and_every_demo_login_once() {
    let dir = std::env::temp_dir().join(format!("eenplan-demo-{}", std::process::id()));
    let url = format!("sqlite://{}/e.db", dir.display());
    let mut child = eenplan(&["serve", "--demo", "--addr", "127.0.0.1:0", "--database", &url])
        .env("EENPLAN_DEMO_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines: Vec<String> = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines().take(40) {
        let line = line.unwrap();
        let last = line.contains("Demo-wachtwoord");
        lines.push(line);
        if last {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let text = lines.join("\n");
    assert!(text.contains("runs at http://127.0.0.1:"), "{text}");
    for user in [
        "demo.worker",
        "demo.teamlead",
        "demo.jeugd",
        "demo.mdt",
        "demo.partner",
        "demo.geldzorg",
        "demo.policy",
        "demo.privacy",
        "demo.admin",
        "demo.household",
    ] {
        assert!(text.contains(user), "{user} missing in:\n{text}");
    }
    assert!(text.contains(PASSWORD));
    let _ = std::fs::remove_dir_all(dir);
}
