//! CI and adoption workflows: baselines, `--changed-since`, statistics,
//! completions.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::{root, sitelint_in};

fn copy_demo(to: &Path) {
    let status = Command::new("cp")
        .arg("-R")
        .arg(root().join("fixtures/sites/demo"))
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn baseline_reports_only_new_findings_and_survives_unrelated_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_demo(&site);
    let (_, _, code) = sitelint_in(
        tmp.path(),
        &["check", "site", "--write-baseline", "baseline.json"],
    );
    assert_eq!(code, 0);
    let (out, _, code) = sitelint_in(
        tmp.path(),
        &[
            "check",
            "site",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("No problems found"), "{out}");
    // unrelated edit: lines inserted above an existing finding
    let p = site.join("_news/2022-03-01-bad-yaml.md");
    let text = fs::read_to_string(&p).unwrap();
    fs::write(
        &p,
        text.replacen("---\n", "---\nauthor: Someone\nlayout: post\n", 1),
    )
    .unwrap();
    // a new finding
    fs::write(
        site.join("_news/2022-06-01-new.md"),
        "---\ntitle: New\n-----\n",
    )
    .unwrap();
    let (out, _, code) = sitelint_in(
        tmp.path(),
        &[
            "check",
            "site",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
            "-q",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "site/_news/2022-06-01-new.md:1:1: error[FM001] Front matter is never closed\n"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn changed_since_reports_changed_files_and_new_breakage_only() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    copy_demo(&repo.join("site"));
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "start"]);
    // nothing changed: nothing reported
    let (out, stderr, code) = sitelint_in(
        repo,
        &[
            "check",
            "site",
            "--changed-since",
            "HEAD",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 0, "{out}{stderr}");
    assert!(out.starts_with("No problems found"), "{out}");
    // change one file, add one
    fs::write(
        repo.join("site/_news/2022-01-13-welcome.md"),
        "---\ntitle: Welcome\n------\n",
    )
    .unwrap();
    fs::write(
        repo.join("site/_news/2022-07-01-added.md"),
        "---\ntitle: a: b\n---\n",
    )
    .unwrap();
    let (out, _, code) = sitelint_in(
        repo,
        &[
            "check",
            "site",
            "--changed-since",
            "HEAD",
            "--format",
            "concise",
            "-q",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "site/_news/2022-01-13-welcome.md:1:1: error[FM001] Front matter is never closed\n\
         site/_news/2022-07-01-added.md:2:9: error[FM002] Front matter is not valid YAML: mapping values are not allowed in this context\n"
    );
    let (_, stderr, code) = sitelint_in(repo, &["check", "site", "--changed-since", "no-such-ref"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`no-such-ref` names no commit"), "{stderr}");
}

#[test]
fn statistics_and_completions() {
    let (out, _, code) = crate::sitelint(&["check", "fixtures/sites/demo", "--statistics"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("     3  LNK001  broken-link\n")
            && out.contains("\n     1  CFG001  duplicate-config-key\n"),
        "{out}"
    );
    assert!(
        out.contains("FM001   unclosed-front-matter (1 fixable)"),
        "{out}"
    );
    let (out, _, code) = crate::sitelint(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(out.contains("sitelint") && out.contains("--changed-since"));
}

#[test]
fn init_writes_settings_that_load_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_demo(&site);
    let (out, stderr, code) = sitelint_in(tmp.path(), &["init", "site"]);
    assert_eq!(code, 0, "{out}{stderr}");
    let text = fs::read_to_string(site.join(".sitelint.yml")).unwrap();
    for section in [
        "select: [ALL]",
        "links:\n  external-prefixes: []",
        "language:\n  quotes: lower",
        "schema:\n  collections:",
        "#   news (8 in _news/, output: true)",
    ] {
        assert!(text.contains(section), "missing `{section}` in:\n{text}");
    }
    let (_, stderr, code) = sitelint_in(tmp.path(), &["check", "site", "-q"]);
    assert!(code < 2, "the written settings must load: {stderr}");
    let (_, stderr, code) = sitelint_in(tmp.path(), &["init", "site"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("use `--force`"), "{stderr}");
    let (_, _, code) = sitelint_in(tmp.path(), &["init", "site", "--force"]);
    assert_eq!(code, 0);
}

/// `sitelint check FILE` (what pre-commit runs) reports exactly what a
/// whole-site run reports for that file, though it checks only that file.
#[test]
fn single_file_runs_agree_with_the_whole_site() {
    let (all, _, _) =
        crate::sitelint(&["check", "fixtures/sites/demo", "--format", "concise", "-q"]);
    let mut files: Vec<&str> = all.lines().filter_map(|l| l.split(':').next()).collect();
    files.dedup();
    assert!(files.len() > 5);
    for file in files {
        if file.ends_with("outside.md") || file.ends_with("_config.yml") {
            continue;
        }
        let (one, _, _) = crate::sitelint(&["check", file, "--format", "concise", "-q"]);
        let expected: String = all
            .lines()
            .filter(|l| l.starts_with(&format!("{file}:")))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(one, expected, "{file}");
    }
}
