//! `sitelint fix` on copies of fixture sites.
//!
//! A fixture site `fixtures/<family>/<case>/` with a folder `<case>.fixed/`
//! beside it is copied to a temporary folder and fixed (`sitelint fix`, plus
//! the arguments in `<case>.fix-args`, one per line); the result must equal
//! `<case>.fixed/` byte for byte, and a second `fix` must change nothing.
//! `SITELINT_BLESS=1` rewrites `<case>.fixed/`.

use std::fs;
use std::path::Path;

use crate::fixtures::{cases, rel};
use crate::sitelint_in;

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let t = to.join(e.file_name());
        let ft = fs::symlink_metadata(&p).unwrap().file_type();
        if ft.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(fs::read_link(&p).unwrap(), &t).unwrap();
        } else if ft.is_dir() {
            copy_tree(&p, &t);
        } else {
            fs::copy(&p, &t).unwrap();
        }
    }
}

/// Every file under `dir`, relative, with its bytes (symlinks as their target).
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let r = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let ft = fs::symlink_metadata(&p).unwrap().file_type();
            if ft.is_symlink() {
                out.push((
                    r,
                    fs::read_link(&p)
                        .unwrap()
                        .to_string_lossy()
                        .as_bytes()
                        .to_vec(),
                ));
            } else if ft.is_dir() {
                stack.push(p);
            } else {
                out.push((r, fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fix_snapshots_and_idempotence() {
    let bless = std::env::var_os("SITELINT_BLESS").is_some();
    let mut checked = 0;
    for case in cases() {
        let expected = case.with_extension("fixed");
        if !expected.is_dir() {
            continue;
        }
        checked += 1;
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_tree(&case, &site);
        let mut args = vec!["fix".to_string(), "site".into(), "-q".into()];
        if let Ok(extra) = fs::read_to_string(case.with_extension("fix-args")) {
            args.extend(
                extra
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(String::from),
            );
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, stderr, code) = sitelint_in(tmp.path(), &argv);
        assert!(code < 2, "{}: fix failed: {stderr}", rel(&case));
        if bless {
            let _ = fs::remove_dir_all(&expected);
            copy_tree(&site, &expected);
        } else {
            assert!(
                tree(&site) == tree(&expected),
                "{}: fixed tree differs from {}",
                rel(&case),
                rel(&expected)
            );
        }
        let before = tree(&site);
        let mut again = argv.clone();
        again.retain(|a| *a != "-q");
        let (out, _, _) = sitelint_in(tmp.path(), &again);
        assert!(
            out.contains("Nothing to fix."),
            "{}: second fix did something:\n{out}",
            rel(&case)
        );
        assert!(
            tree(&site) == before,
            "{}: second fix changed files",
            rel(&case)
        );
    }
    assert!(checked > 0, "no fix fixtures");
}

#[test]
fn diff_and_dry_run_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&crate::root().join("fixtures/fix/invalid-fences"), &site);
    let before = tree(&site);
    let (out, _, code) = sitelint_in(tmp.path(), &["fix", "site", "--diff"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "--- a/site/_posts/2020-01-01-dashes.md\n+++ b/site/_posts/2020-01-01-dashes.md"
        ),
        "{out}"
    );
    assert!(out.contains("\n---------\n+---\n"), "{out}");
    let (out, _, code) = sitelint_in(tmp.path(), &["fix", "site", "--dry-run"]);
    assert_eq!(code, 1);
    assert!(out.contains("Would fix"), "{out}");
    assert!(tree(&site) == before, "--diff or --dry-run wrote files");
}

/// Issue 20: `fix --diff` must be a patch `git apply` and `patch` accept,
/// and applying it must give what `fix` writes: a file with lone-CR line
/// endings once made git reject the whole patch, and names with a tab or
/// a backslash were not quoted.
#[test]
fn diff_applies_with_git_and_patch() {
    let names = [
        "_posts/2020-01-01-lone-cr.md",
        "_posts/2020-01-02-crlf.md",
        "tab\there.md",
        "back\\slash.md",
        "with space.md",
        "no-newline.md",
    ];
    let bodies = [
        "---\ntitle: a\n-----\nline\rnext [m](me@example.org)\rlast\r",
        "---\r\ntitle: b\r\n-----\r\n[m](me@example.org)\r\n",
        "---\ntitle: c\n-----\n[m](me@example.org)\n",
        "---\ntitle: d\n-----\n[m](me@example.org)\n",
        "---\ntitle: e\n-----\n[m](me@example.org)\n",
        "---\ntitle: f\n-----\n[m](me@example.org)",
    ];
    for tool in ["git", "patch"] {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        fs::create_dir_all(site.join("_posts")).unwrap();
        fs::write(site.join("_config.yml"), "title: t\n").unwrap();
        for (n, b) in names.iter().zip(bodies) {
            fs::write(site.join(n), b).unwrap();
        }
        let fixed = tmp.path().join("fixed");
        copy_tree(&site, &fixed);
        let (_, stderr, _) = sitelint_in(tmp.path(), &["fix", "fixed"]);
        assert!(!stderr.contains("panicked"), "{stderr}");
        let (diff, stderr, code) = sitelint_in(tmp.path(), &["fix", "site", "--diff"]);
        assert_eq!(code, 1, "{stderr}");
        for n in ["\"a/site/tab\\there.md\"", "\"a/site/back\\\\slash.md\""] {
            assert!(
                diff.contains(&format!("--- {n}\n")),
                "{n} not quoted:\n{diff}"
            );
        }
        fs::write(tmp.path().join("d.patch"), &diff).unwrap();
        let status = if tool == "git" {
            std::process::Command::new("git")
                .args(["apply", "-p1", "d.patch"])
                .current_dir(tmp.path())
                .status()
        } else {
            std::process::Command::new("patch")
                .args(["-p1", "-s", "-i", "d.patch"])
                .current_dir(tmp.path())
                .status()
        };
        let Ok(status) = status else {
            continue; // the tool is not installed
        };
        assert!(status.success(), "{tool} rejects the patch:\n{diff}");
        assert!(
            tree(&site) == tree(&fixed),
            "{tool}: the patched site differs from the fixed one:\n{diff}"
        );
    }
}

mod properties {
    use proptest::prelude::*;

    fn doc() -> impl Strategy<Value = (bool, &'static str, &'static str, &'static str, String)> {
        (
            any::<bool>(),
            prop_oneof![Just("\n"), Just("\r\n")],
            prop_oneof![
                Just("---"),
                Just("----"),
                Just("--------"),
                Just("..."),
                Just("title: no fence")
            ],
            prop_oneof![
                Just("title: A"),
                Just("title: \"Café: ok\" # note"),
                Just("tags: [a, b]")
            ],
            "[a-zé ’\n]{0,30}",
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]
        #[test]
        fn fix_twice_changes_nothing_and_keeps_other_bytes(docs in proptest::collection::vec(doc(), 1..5)) {
            let tmp = tempfile::tempdir().unwrap();
            let site = tmp.path().join("site");
            std::fs::create_dir_all(site.join("_posts")).unwrap();
            std::fs::write(site.join("_config.yml"), "title: t\n").unwrap();
            let mut originals = Vec::new();
            for (i, (bom, eol, fence, key, body)) in docs.iter().enumerate() {
                let text = format!("{}---{eol}{key}{eol}{fence}{eol}{body}", if *bom { "\u{feff}" } else { "" });
                let path = site.join(format!("_posts/2020-01-{:02}-p.md", i + 1));
                std::fs::write(&path, &text).unwrap();
                originals.push((path, text, *fence));
            }
            let (_, stderr, code) = crate::sitelint_in(tmp.path(), &["fix", "site", "-q"]);
            prop_assert!(code < 2, "{}", stderr);
            for (path, before, fence) in &originals {
                let after = std::fs::read_to_string(path).unwrap();
                if fence.starts_with("----") {
                    prop_assert_eq!(after, before.replacen(fence, "---", 1));
                } else {
                    prop_assert_eq!(&after, before);
                }
            }
            let (out, _, _) = crate::sitelint_in(tmp.path(), &["fix", "site"]);
            prop_assert!(out.contains("Nothing to fix."), "{}", out);
        }
    }
}
