//! One integration-test binary: the real `sitelint` binary on fixture sites.

mod cli;
mod fix;
mod fixtures;
mod hook;
mod migrate;
mod reliability;
mod schema;
mod urls;
mod workflow;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the binary from the project root; returns (stdout, stderr, exit code).
pub fn sitelint(args: &[&str]) -> (String, String, i32) {
    sitelint_in(&root(), args)
}

pub fn sitelint_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitelint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run sitelint");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}
