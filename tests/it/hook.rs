//! The pre-commit hook and `--changed-since`: bare file names, the staged
//! site, the first commit, shallow clones, and refs that look like options.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::git;

/// Run the binary in `dir`, with `PRE_COMMIT=1` when `pre_commit`.
fn run(dir: &Path, pre_commit: bool, args: &[&str]) -> (String, String, i32) {
    run_with(dir, pre_commit, &[], args)
}

/// [`run`], with more environment variables.
pub fn run_with(
    dir: &Path,
    pre_commit: bool,
    env: &[(&str, &str)],
    args: &[&str],
) -> (String, String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitelint"));
    cmd.env("SITELINT_NO_CACHE", "1");
    cmd.envs(env.iter().copied());
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("PRE_COMMIT")
        .env_remove("GITHUB_STEP_SUMMARY");
    if pre_commit {
        cmd.env("PRE_COMMIT", "1");
    }
    let out = cmd.output().expect("run sitelint");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// A small site in `dir`: a home page linking to a post.
fn site(dir: &Path) {
    write(dir, "_config.yml", "title: Hook\n");
    write(
        dir,
        "index.md",
        "---\ntitle: Home\n---\n\nRead [the first post](/2020/01/01/first.html).\n",
    );
    write(
        dir,
        "_posts/2020-01-01-first.md",
        "---\ntitle: First\n---\n\nHello.\n\n## Details\n\nMore.\n",
    );
}

/// A repository holding [`site`], committed.
fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    site(tmp.path());
    git(tmp.path(), &["init", "-q"]);
    git(tmp.path(), &["add", "-A"]);
    git(tmp.path(), &["commit", "-q", "-m", "start"]);
    tmp
}

const BROKEN_DRAFT: &str = "---\ntitle: Draft\n---\n\nSee [nothing](/no-such-page/).\n";

#[test]
fn bare_file_names_are_files_in_the_current_folder() {
    let tmp = repo();
    let dir = tmp.path();
    let (out, err, code) = run(dir, false, &["check", "index.md", "--format", "concise"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("No problems found"), "{out}");
    let (out, err, code) = run(dir, false, &["fix", "_config.yml", "--format", "concise"]);
    assert_eq!(code, 0, "{out}{err}");
    // from a subfolder, a bare name is in that folder
    write(dir, "_posts/2020-01-02-broken.md", "---\ntitle: a\n-----\n");
    let (out, err, code) = run(
        &dir.join("_posts"),
        false,
        &["check", "2020-01-02-broken.md", "--format", "concise", "-q"],
    );
    assert_eq!(code, 1, "{out}{err}");
    // (paths print relative to where the user stands)
    assert_eq!(
        out,
        "2020-01-02-broken.md:1:1: error[FM001] Front matter is never closed\n"
    );
    let (out, err, code) = run(&dir.join("_posts"), false, &["check", ".", "-q"]);
    assert_eq!(code, 1, "{out}{err}");
}

#[test]
fn the_hook_checks_what_is_committed_not_the_working_folder() {
    let tmp = repo();
    let dir = tmp.path();
    let hook = [
        "check",
        "--changed-since",
        "HEAD",
        "--format",
        "concise",
        "-q",
    ];
    // an untracked draft with a broken link does not block an unrelated commit
    write(dir, "_posts/2020-02-01-draft.md", BROKEN_DRAFT);
    write(
        dir,
        "_posts/2020-01-01-first.md",
        "---\ntitle: First\n---\n\nHello again.\n\n## Details\n\nMore.\n",
    );
    git(dir, &["add", "_posts/2020-01-01-first.md"]);
    let (out, err, code) = run(dir, true, &hook);
    assert_eq!((out.as_str(), code), ("", 0), "{err}");
    // outside pre-commit the working folder is checked, draft included
    let (out, _, code) = run(dir, false, &hook);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("2020-02-01-draft.md"), "{out}");
    // `--staged` asks for the same as pre-commit
    let mut staged = hook.to_vec();
    staged.push("--staged");
    let (out, err, code) = run(dir, false, &staged);
    assert_eq!((out.as_str(), code), ("", 0), "{err}");
    // a staged post linking to an untracked page fails: the commit lacks it
    write(
        dir,
        "_posts/2020-03-01-untracked.md",
        "---\ntitle: Untracked\n---\n\nHi.\n",
    );
    write(
        dir,
        "_posts/2020-03-02-links.md",
        "---\ntitle: Links\n---\n\nSee [the other](/2020/03/01/untracked.html).\n",
    );
    git(dir, &["add", "_posts/2020-03-02-links.md"]);
    let (out, err, code) = run(dir, true, &hook);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.starts_with("_posts/2020-03-02-links.md:5:17: error[LNK001]"),
        "{out}"
    );
    let (out, _, code) = run(dir, false, &hook);
    assert!(!out.contains("2020-03-02-links.md"), "{out}");
    assert_eq!(code, 1, "the draft still fails: {out}");
    // what is staged counts, not the working copy of a tracked file
    git(dir, &["reset", "-q"]);
    write(dir, "index.md", "---\ntitle: Home\n-----\n");
    git(dir, &["add", "index.md"]);
    write(
        dir,
        "index.md",
        "---\ntitle: Home\n---\n\nFixed, not staged.\n",
    );
    let (out, err, code) = run(dir, true, &hook);
    assert_eq!(
        (out.as_str(), code),
        (
            "index.md:1:1: error[FM001] Front matter is never closed\n",
            1
        ),
        "{err}"
    );
    git(dir, &["add", "index.md"]);
    write(dir, "index.md", "---\ntitle: Home\n-----\n");
    let (out, err, code) = run(dir, true, &hook);
    assert_eq!((out.as_str(), code), ("", 0), "{err}");
    // `--staged` without `--changed-since` checks the whole staged site
    let (out, err, code) = run(
        dir,
        false,
        &["check", "--staged", "--format", "concise", "-q"],
    );
    assert_eq!((out.as_str(), code), ("", 0), "{err}");
}

#[test]
fn unchanged_files_report_only_the_breakage_a_change_causes() {
    let tmp = repo();
    let dir = tmp.path();
    // an old problem in an unchanged file stays quiet
    write(
        dir,
        "about.md",
        "---\ntitle: About\n---\n\nSee [details](/2020/01/01/first.html#details) and [x](/gone/).\n",
    );
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "about"]);
    // the heading another page links to is renamed: the link breaks there
    write(
        dir,
        "_posts/2020-01-01-first.md",
        "---\ntitle: First\n---\n\nHello.\n\n## Particulars\n\nMore.\n",
    );
    let hook = [
        "check",
        "--changed-since",
        "HEAD",
        "--format",
        "concise",
        "-q",
    ];
    let (out, err, code) = run(dir, false, &hook);
    assert!(code < 2, "{err}");
    assert!(out.contains("about.md:5:"), "{out}");
    assert!(!out.contains("/gone/"), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    // the page is deleted: the home page's link breaks
    fs::remove_file(dir.join("_posts/2020-01-01-first.md")).unwrap();
    let (out, err, code) = run(dir, false, &hook);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("index.md:5:23: error[LNK001]") && out.contains("about.md:5:"),
        "{out}"
    );
    assert!(!out.contains("/gone/"), "{out}");
}

#[test]
fn the_first_commit_has_everything_new() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    site(dir);
    write(dir, "_posts/2020-02-01-draft.md", BROKEN_DRAFT);
    git(dir, &["init", "-q"]);
    git(
        dir,
        &[
            "add",
            "index.md",
            "_config.yml",
            "_posts/2020-01-01-first.md",
        ],
    );
    let hook = [
        "check",
        "--changed-since",
        "HEAD",
        "--format",
        "concise",
        "-q",
    ];
    let (out, err, code) = run(dir, true, &hook);
    assert_eq!((out.as_str(), code), ("", 0), "{err}");
    git(dir, &["add", "-A"]);
    let (out, err, code) = run(dir, true, &hook);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with("_posts/2020-02-01-draft.md:5:15: error[LNK001]"),
        "{out}"
    );
    let (_, err, code) = run(dir, false, &["check", "--changed-since", "main"]);
    assert!(code < 2, "{err}");
    let (_, err, code) = run(dir, false, &["check", "--changed-since", "other"]);
    assert_eq!(code, 2);
    assert!(err.contains("`other` names no commit"), "{err}");
}

#[test]
fn a_shallow_clone_says_to_fetch_more_history() {
    let tmp = repo();
    let first = git(tmp.path(), &["rev-parse", "HEAD"]).trim().to_string();
    write(tmp.path(), "about.md", "---\ntitle: About\n---\n");
    git(tmp.path(), &["add", "-A"]);
    git(tmp.path(), &["commit", "-q", "-m", "second"]);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", tmp.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let (_, err, code) = run(
        &clone.path().join("c"),
        false,
        &["check", "--changed-since", &first],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("shallow") && err.contains("fetch-depth: 0"),
        "{err}"
    );
}

#[test]
fn a_ref_never_reaches_git_as_an_option() {
    let tmp = repo();
    let dir = tmp.path();
    let victim = dir.join("victim.txt");
    fs::write(&victim, "important").unwrap();
    let option = format!("--changed-since=--output={}", victim.display());
    let (_, err, code) = run(dir, false, &["check", &option]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "important");
    let (_, err, code) = run(dir, false, &["check", "--changed-since=-p"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`-p` names no commit"), "{err}");
}

#[test]
fn github_shows_touched_lines_first_then_errors_and_counts_the_rest() {
    let tmp = repo();
    let dir = tmp.path();
    let links: String = (1..=12)
        .map(|i| format!("See [page {i}](/missing-{i}/).\n\n"))
        .collect();
    write(
        dir,
        "links.md",
        &format!("---\ntitle: Links\n---\n\n{links}"),
    );
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "links"]);
    // the change touches the front matter only: a duplicate key (a warning)
    write(
        dir,
        "links.md",
        &format!("---\ntitle: Changed\ntitle: Again\n---\n\n{links}"),
    );
    let summary = dir.join("summary.md");
    let out = Command::new(env!("CARGO_BIN_EXE_sitelint"))
        .env("SITELINT_NO_CACHE", "1")
        .args(["check", "--changed-since", "HEAD", "--format", "github"])
        .current_dir(dir)
        .env_remove("PRE_COMMIT")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 14, "{stdout}");
    assert!(
        lines[0].starts_with("::warning file=links.md,line=2,") && lines[0].contains("FM003"),
        "{stdout}"
    );
    assert!(
        lines[1..13]
            .iter()
            .all(|l| l.starts_with("::error file=links.md,"))
    );
    assert!(
        lines[1].contains("line=6,") && lines[12].contains("line=28,"),
        "{stdout}"
    );
    assert!(
        lines[13].starts_with("::notice title=sitelint::GitHub shows at most 10 error")
            && lines[13].contains(": 2 of 13 findings are not annotated"),
        "{stdout}"
    );
    let md = fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("## sitelint\n\nFound 12 errors and 1 warning.\n"),
        "{md}"
    );
    assert!(
        md.contains("| LNK001 | broken-link | 12 |\n| FM003 | duplicate-key | 1 |\n"),
        "{md}"
    );
    assert!(
        md.contains(
            "| links.md | 2 | warning | FM003 | Key &#96;title&#96; is written more than once"
        ),
        "{md}"
    );
    assert!(md.contains("2 of 13 findings are not annotated"), "{md}");
    // a second step appends
    let again = Command::new(env!("CARGO_BIN_EXE_sitelint"))
        .env("SITELINT_NO_CACHE", "1")
        .args(["check", "index.md", "--format", "github"])
        .current_dir(dir)
        .env_remove("PRE_COMMIT")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
    let md = fs::read_to_string(&summary).unwrap();
    assert!(
        md.ends_with("## sitelint\n\nNo problems found.\n\n"),
        "{md}"
    );
}

#[test]
fn the_fix_hook_lists_nothing_the_check_hook_lists() {
    let tmp = repo();
    let dir = tmp.path();
    write(
        dir,
        "about.md",
        "---\ntitle: About\n---\n\n[Write](team@example.org) or see [x](/nope/).\n",
    );
    let (out, err, code) = run(
        dir,
        true,
        &["fix", "--fix-only", "--format", "concise", "about.md"],
    );
    assert_eq!(
        (out.as_str(), code),
        ("Fixed 1 problem in 1 file (LNK006 ×1).\n", 0),
        "{err}"
    );
    assert!(
        fs::read_to_string(dir.join("about.md"))
            .unwrap()
            .contains("(mailto:team@example.org)")
    );
    // the remaining broken link is the check hook's to report, once
    let (out, _, code) = run(dir, false, &["fix", "--format", "concise", "about.md"]);
    assert_eq!(code, 1);
    assert_eq!(out.matches("LNK001").count(), 1, "{out}");
}

#[test]
fn the_action_passes_inputs_through_env_only() {
    let action = fs::read_to_string(crate::root().join("action.yml")).unwrap();
    let mut in_run: Option<usize> = None;
    for line in action.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(run_indent) = in_run {
            if line.trim().is_empty() || indent > run_indent {
                assert!(!line.contains("${{"), "an expression inside `run:`: {line}");
                continue;
            }
            in_run = None;
        }
        if line.trim_start().starts_with("run:") {
            assert!(!line.contains("${{"), "{line}");
            in_run = Some(indent);
        }
    }
    for input in ["format", "fail-on", "changed-since", "sarif-file", "args"] {
        assert!(
            action.contains(&format!("\n  {input}:\n")),
            "input `{input}`"
        );
        assert!(
            action.contains(&format!("${{{{ inputs.{input} }}}}")),
            "{input}"
        );
    }
    assert!(action.contains("uses: actions/cache@v4"));
}

#[test]
fn a_link_by_post_name_to_a_deleted_post_is_new_breakage() {
    let tmp = repo();
    let dir = tmp.path();
    write(
        dir,
        "about.md",
        "---\ntitle: About\n---\n\nSee [it]({% post_url 2020-01-01-first %}).\n",
    );
    write(
        dir,
        "other.md",
        "---\ntitle: Other\n---\n\nNothing  here [x](/gone/).\n",
    );
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "more"]);
    git(dir, &["rm", "-q", "_posts/2020-01-01-first.md"]);
    let (out, err, code) = run(
        dir,
        true,
        &[
            "check",
            "--changed-since",
            "HEAD",
            "--format",
            "concise",
            "-q",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("about.md:5:"), "{out}");
    assert!(out.contains("index.md:5:"), "{out}");
    assert!(!out.contains("other.md"), "{out}");
}

#[test]
fn the_staged_site_lacks_ignored_files_too() {
    let tmp = repo();
    let dir = tmp.path();
    // a file, a folder, and files by a pattern (a folder of them only)
    write(
        dir,
        ".gitignore",
        "generated.md\nGemfile.lock\nbuild/\n*.draft.md\n",
    );
    write(dir, "Gemfile.lock", "GEM\n");
    git(dir, &["add", ".gitignore"]);
    git(dir, &["commit", "-q", "-m", "ignore"]);
    write(dir, "generated.md", "---\ntitle: Generated\n---\n");
    write(dir, "build/page.md", "---\ntitle: Built\n---\n");
    write(dir, "notes/idea.draft.md", "---\ntitle: Idea\n---\n");
    write(
        dir,
        "about.md",
        "---\ntitle: About\n---\n\nSee [it](/generated.html).\n\n\
         [Built](/build/page.html), [idea](/notes/idea.draft.html).\n",
    );
    git(dir, &["add", "about.md"]);
    let hook = [
        "check",
        "--changed-since",
        "HEAD",
        "--format",
        "concise",
        "-q",
    ];
    let (out, err, code) = run(dir, true, &hook);
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with("about.md:5:10: error[LNK001]"), "{out}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("[LNK001]")).collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[1].starts_with("about.md:7:9: error[LNK001]"), "{out}");
    assert!(
        lines[2].starts_with("about.md:7:35: error[LNK001]"),
        "{out}"
    );
    let (out, err, code) = run(dir, false, &hook);
    assert_eq!((out.as_str(), code), ("", 0), "{err}");
}

/// Laying out the site at a commit must not touch the working folder's
/// files, not even their ctime (a hard link would: git then re-reads every
/// file on the next `git status`).
#[cfg(unix)]
#[test]
fn comparing_with_a_commit_leaves_the_files_alone() {
    use std::os::unix::fs::MetadataExt;
    let tmp = repo();
    let dir = tmp.path();
    write(dir, "assets/logo.png", "png");
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "logo"]);
    let stamp = |rel: &str| {
        let m = fs::metadata(dir.join(rel)).unwrap();
        (m.ctime(), m.ctime_nsec(), m.nlink())
    };
    let before = [stamp("index.md"), stamp("assets/logo.png")];
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(dir, "about.md", "---\ntitle: About\n---\n");
    let (_, err, code) = run(dir, true, &["check", "--changed-since", "HEAD", "--staged"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(before, [stamp("index.md"), stamp("assets/logo.png")]);
}

#[test]
fn an_added_page_that_claims_a_url_breaks_the_unchanged_one() {
    let tmp = repo();
    let dir = tmp.path();
    write(
        dir,
        "clash.md",
        "---\ntitle: Clash\npermalink: /2020/01/01/first.html\n---\n",
    );
    let hook = [
        "check",
        "--changed-since",
        "HEAD",
        "--format",
        "concise",
        "-q",
    ];
    for pre_commit in [false, true] {
        if pre_commit {
            git(dir, &["add", "clash.md"]);
        }
        let (out, err, code) = run(dir, pre_commit, &hook);
        assert!(code < 2, "{err}");
        assert!(out.contains("clash.md:"), "{out}");
        assert!(out.contains("_posts/2020-01-01-first.md:"), "{out}");
    }
}

/// A commit that changes no file of the site (the site in `docs/` of a
/// larger repository, the change outside it; the hook always runs): the
/// site checked is the commit's, so nothing is reported and nothing is
/// checked, though the site has findings, in every output format the same
/// summary as a whole comparison would give.
#[test]
fn a_commit_outside_the_site_checks_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let docs = root.join("docs");
    site(&docs);
    write(&docs, "draft.md", BROKEN_DRAFT);
    write(root, "src/main.txt", "one\n");
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "start"]);
    let (out, _, code) = run(&docs, false, &["check", "--format", "concise"]);
    assert_eq!(code, 1, "the site has a finding: {out}");
    write(root, "src/main.txt", "two\n");
    git(root, &["add", "-A"]);
    for pre_commit in [true, false] {
        let args = ["check", "--changed-since", "HEAD", "--format", "concise"];
        let (out, err, code) = run_with(&docs, pre_commit, &[("SITELINT_TIMINGS", "1")], &args);
        assert_eq!(
            (out.as_str(), code),
            ("No problems found in 4 files.\n", 0),
            "{err}"
        );
        assert!(!err.contains("document checks"), "checks ran:\n{err}");
        let (json, _, _) = run(
            &docs,
            pre_commit,
            &["check", "--changed-since", "HEAD", "--format", "json"],
        );
        assert!(json.contains("\"files_checked\": 4,"), "{json}");
    }
    // a change to the site is checked as before
    write(&docs, "other.md", BROKEN_DRAFT);
    git(root, &["add", "-A"]);
    let (out, err, code) = run(
        &docs,
        true,
        &["check", "--changed-since", "HEAD", "--format", "concise"],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("other.md") && !out.contains("draft.md"),
        "{out}"
    );
}
