//! How the CLI tests run the `eenplan` binary: against the test's database, with a fixed data key and
//! none of the caller's environment that would point it elsewhere.
#![allow(dead_code)]

use eenplan_store::testing::TestDb;
use std::path::PathBuf;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_eenplan");

/// Runs `eenplan ARGS --database <the test's>` with `env` set on top; waits for it.
pub fn eenplan(db: &TestDb, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .args(["--database", &db.url])
        .env_remove("EENPLAN_DATABASE_URL")
        .env_remove("DATABASE_URL")
        .env_remove("EENPLAN_DATA_KEY_FILE")
        .env_remove("EENPLAN_RETENTION_MONTHS")
        .env("EENPLAN_DATA_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
        .env("EENPLAN_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh folder for a test's files.
pub fn folder(prefix: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eenplan-{prefix}-{}", eenplan_store::new_id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
