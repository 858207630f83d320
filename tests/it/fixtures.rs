//! Snapshot tests over `fixtures/`.
//!
//! Every folder `fixtures/<family>/<case>/` holding a `_config.yml` is a tiny
//! site. Beside it, `<case>.concise` holds the expected output of
//! `sitelint check fixtures/<family>/<case> --format concise` followed by a
//! line `exit: N`. Optional `<case>.args` adds arguments (one per line), and
//! `<case>.json`, `<case>.full` and `<case>.github` hold the expected output
//! in those formats. Cases named `valid-*` must report nothing. Every case
//! runs with `--show-infos`, so that the text formats list infos too.
//!
//! `SITELINT_BLESS=1 cargo test` rewrites the expected files; read the diff.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{root, sitelint};

pub fn cases() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.extension()
                    .is_some_and(|e| e == "fixed" || e == "migrated")
                {
                    continue;
                }
                if p.join("_config.yml").is_file() {
                    out.push(p);
                } else {
                    stack.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

pub fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

fn run_case(case: &Path, format: &str) -> String {
    let site = rel(case);
    let mut args = vec![
        "check".to_string(),
        site,
        "--format".into(),
        format.into(),
        "--show-infos".into(),
    ];
    if let Ok(extra) = fs::read_to_string(case.with_extension("args")) {
        args.extend(
            extra
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from),
        );
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (stdout, stderr, code) = sitelint(&args);
    let mut s = stdout;
    if !stderr.is_empty() {
        s.push_str("stderr: ");
        s.push_str(&stderr);
    }
    s.push_str(&format!("exit: {code}\n"));
    s
}

#[test]
fn fixture_snapshots() {
    let bless = std::env::var_os("SITELINT_BLESS").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(!cases.is_empty(), "no fixtures found");
    for case in &cases {
        for format in ["concise", "json", "full", "github", "sarif", "junit"] {
            let expected_path = case.with_extension(format);
            if format != "concise" && !expected_path.exists() {
                continue;
            }
            let actual = run_case(case, format);
            if bless {
                fs::write(&expected_path, &actual).unwrap();
                continue;
            }
            let expected = fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != actual {
                failures.push(format!(
                    "--- {} ---\nexpected:\n{expected}\nactual:\n{actual}",
                    rel(&expected_path)
                ));
            }
        }
        let name = case.file_name().unwrap().to_string_lossy();
        if name.starts_with("valid-") {
            let out = run_case(case, "concise");
            assert!(
                out.starts_with("No problems found"),
                "{} must report nothing:\n{out}",
                rel(case)
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} snapshot(s) differ (SITELINT_BLESS=1 to update):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every rule has at least one fixture that reports it.
#[test]
fn every_rule_has_a_fixture() {
    let mut seen = String::new();
    for case in cases() {
        seen.push_str(&fs::read_to_string(case.with_extension("concise")).unwrap_or_default());
    }
    let (rules, _, _) = sitelint(&["rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_str(&rules).unwrap();
    let missing: Vec<String> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .filter(|code| !seen.contains(&format!("[{code}]")))
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}
