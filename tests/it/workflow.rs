//! CI and adoption workflows: baselines, `--changed-since`, statistics,
//! completions.

use std::fs;
use std::path::Path;

use crate::common::{copy_fixture, git, sitelint_in, write};

fn copy_demo(to: &Path) {
    copy_fixture("fixtures/sites/demo", to);
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
        out.starts_with("     3  LNK001  broken-link\n     3  LNK004  url-conflict\n")
            && out.contains("\n     1  CFG001  duplicate-config-key\n"),
        "{out}"
    );
    assert!(
        out.contains("FM001   unclosed-front-matter (1 fixable)"),
        "{out}"
    );
    // infos are counted without `--show-infos`, in the rows and the total
    assert!(out.contains("  TXT006  odd-space\n"), "{out}");
    assert!(
        out.ends_with(
            "\nFound 38 errors, 68 warnings and 28 infos in 24 of 26 files. \
             16 fixable with `sitelint fix`.\n"
        ),
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
        "#   news (14 in _news/, output: true)",
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

/// A small site in a fresh git repository, committed: a page linked from
/// another page, a post linked from a page, and an image a post shows.
fn linked_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(repo, "site/_config.yml", "title: Linked\n");
    write(
        repo,
        "site/gone.md",
        "---\ntitle: Gone\npermalink: /gone/\n---\nSoon deleted.\n",
    );
    write(
        repo,
        "site/index.md",
        "---\ntitle: Home\n---\nRead [the page](/gone/).\n",
    );
    write(
        repo,
        "site/_posts/2020-01-01-target.md",
        "---\ntitle: Target\n---\nA post.\n",
    );
    write(
        repo,
        "site/about.md",
        "---\ntitle: About\n---\nSee [the post](/2020/01/01/target.html).\n",
    );
    write(repo, "site/assets/img/logo.png", "png\n");
    write(
        repo,
        "site/_posts/2020-01-02-picture.md",
        "---\ntitle: Picture\n---\n![Our logo](/assets/img/logo.png)\n",
    );
    git(repo, &["init", "-q"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "start"]);
    let (out, stderr, code) = changed_since(repo, "HEAD");
    assert_eq!(code, 0, "{out}{stderr}");
    assert_eq!(out, "", "a clean tree reports nothing");
    tmp
}

fn changed_since(repo: &Path, rev: &str) -> (String, String, i32) {
    sitelint_in(
        repo,
        &[
            "check",
            "site",
            "--changed-since",
            rev,
            "--format",
            "concise",
            "-q",
        ],
    )
}

#[test]
fn changed_since_reports_links_to_a_deleted_page_in_unchanged_files() {
    let tmp = linked_repo();
    let repo = tmp.path();
    fs::remove_file(repo.join("site/gone.md")).unwrap(); // unstaged
    let (out, stderr, code) = changed_since(repo, "HEAD");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        out,
        "site/index.md:4:17: error[LNK001] Link target `/gone/` does not exist\n"
    );
}

#[test]
fn changed_since_reports_links_to_a_renamed_post() {
    let tmp = linked_repo();
    let repo = tmp.path();
    git(
        repo,
        &[
            "mv",
            "site/_posts/2020-01-01-target.md",
            "site/_posts/2020-01-01-renamed.md",
        ],
    ); // staged
    let (out, stderr, code) = changed_since(repo, "HEAD");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        out,
        "site/about.md:4:16: error[LNK001] Link target `/2020/01/01/target.html` does not exist; did you mean `/2020/01/01/renamed.html`?\n"
    );
}

#[test]
fn changed_since_reports_a_moved_image_after_a_commit() {
    let tmp = linked_repo();
    let repo = tmp.path();
    git(
        repo,
        &["mv", "site/assets/img/logo.png", "site/assets/logo.png"],
    );
    git(repo, &["commit", "-q", "-m", "move the logo"]);
    let (out, _, code) = changed_since(repo, "HEAD");
    assert_eq!((out.as_str(), code), ("", 0), "nothing changed since HEAD");
    let (out, stderr, code) = changed_since(repo, "HEAD~1");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        out,
        "site/_posts/2020-01-02-picture.md:4:13: error[IMG001] Image `/assets/img/logo.png` does not exist; did you mean `/assets/logo.png`?\n"
    );
}

#[test]
fn baseline_after_line_shifts_and_a_rename() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "site/_config.yml", "title: Baseline\n");
    write(
        dir,
        "site/_posts/2020-01-01-old.md",
        "---\ntitle: Old\n---\n[a](/missing-a/)\n\n[b](/missing-b/)\n",
    );
    let (_, stderr, code) = sitelint_in(dir, &["check", "site", "--write-baseline", "b.json"]);
    assert_eq!(code, 0, "{stderr}");
    let check = || {
        sitelint_in(
            dir,
            &[
                "check",
                "site",
                "--baseline",
                "b.json",
                "--format",
                "concise",
                "-q",
            ],
        )
    };
    // lines inserted above both findings and between them: nothing is new
    write(
        dir,
        "site/_posts/2020-01-01-old.md",
        "---\ntitle: Old\nauthor: Someone\n---\nA new first paragraph.\n\n[a](/missing-a/)\n\nMore.\n\n[b](/missing-b/)\n",
    );
    let (out, stderr, code) = check();
    assert_eq!((out.as_str(), code), ("", 0), "{stderr}");
    // a third finding in the same file is new
    let p = dir.join("site/_posts/2020-01-01-old.md");
    let text = fs::read_to_string(&p).unwrap();
    fs::write(&p, format!("{text}\n[c](/missing-a/)\n")).unwrap();
    let (out, _, code) = check();
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "site/_posts/2020-01-01-old.md:13:5: error[LNK001] Link target `/missing-a/` does not exist\n"
    );
    // a renamed file's findings are keyed by the new path: all are new
    fs::write(&p, text).unwrap();
    fs::rename(&p, dir.join("site/_posts/2020-01-01-new.md")).unwrap();
    let (out, _, code) = check();
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "site/_posts/2020-01-01-new.md:7:5: error[LNK001] Link target `/missing-a/` does not exist\n\
         site/_posts/2020-01-01-new.md:11:5: error[LNK001] Link target `/missing-b/` does not exist\n"
    );
}

/// The `entry:` of each hook in `.pre-commit-hooks.yaml`, by `id`, as
/// arguments (without the leading `sitelint`).
fn hook_entries() -> Vec<(String, Vec<String>)> {
    let text = fs::read_to_string(crate::root().join(".pre-commit-hooks.yaml")).unwrap();
    let mut out = Vec::new();
    let mut id = String::new();
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("- id: ") {
            id = v.trim().to_string();
        } else if let Some(v) = line.trim_start().strip_prefix("entry: ") {
            let mut words = v.split_whitespace().map(String::from);
            assert_eq!(words.next().as_deref(), Some("sitelint"), "{line}");
            out.push((id.clone(), words.collect()));
        }
    }
    out
}

/// The pre-commit hooks' commands, run as pre-commit runs them (from the
/// repository root, `sitelint-fix` with the staged file names appended).
#[test]
fn precommit_hook_commands_fix_staged_files_and_report_what_they_break() {
    let hooks = hook_entries();
    let ids: Vec<&str> = hooks.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["sitelint", "sitelint-fix"]);
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(repo, "_config.yml", "title: Hooks\n");
    write(
        repo,
        "gone.md",
        "---\ntitle: Gone\npermalink: /gone/\n---\nSoon deleted.\n",
    );
    write(repo, "index.md", "---\ntitle: Home\n---\n[Gone](/gone/)\n");
    git(repo, &["init", "-q"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "start"]);
    write(
        repo,
        "_posts/2020-01-02-new.md",
        "---\ntitle: New\n-----\nBody.\n",
    );
    fs::remove_file(repo.join("gone.md")).unwrap();
    git(repo, &["add", "-A"]);
    let run = |id: &str, files: &[&str]| {
        let (_, args) = hooks.iter().find(|(i, _)| i == id).unwrap();
        let mut argv: Vec<&str> = args.iter().map(String::as_str).collect();
        argv.extend(files);
        sitelint_in(repo, &argv)
    };
    let (out, stderr, code) = run("sitelint-fix", &["_posts/2020-01-02-new.md"]);
    assert_eq!(
        (out.as_str(), stderr.as_str(), code),
        ("Fixed 1 problem in 1 file (FM001 ×1).\n", "", 0)
    );
    assert_eq!(
        fs::read_to_string(repo.join("_posts/2020-01-02-new.md")).unwrap(),
        "---\ntitle: New\n---\nBody.\n"
    );
    // the check hook: the fixed post is clean; the unchanged page that
    // links to the deleted one is reported
    let (out, stderr, code) = run("sitelint", &[]);
    assert_eq!(
        (out.as_str(), stderr.as_str(), code),
        (
            "index.md:4:8: error[LNK001] Link target `/gone/` does not exist\nFound 1 error in 1 of 3 files.\n",
            "",
            1
        )
    );
}
