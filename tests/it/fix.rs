//! `sitelint fix` beyond the fixed trees of `tests/fixtures`: `--diff`,
//! `--dry-run`, and properties over generated sites.

use std::fs;

use crate::common::{copy_fixture, copy_tree, tree};
use crate::sitelint_in;

#[test]
fn diff_and_dry_run_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/fix/invalid-fences", &site);
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
            let (out, stderr, code) = crate::sitelint_in(tmp.path(), &["fix", "site", "-q"]);
            // a document without a closing fence stays an error (FM001 has
            // no fix for it); everything else is fixed or valid
            let unfixable = docs.iter().any(|d| d.2 == "title: no fence");
            prop_assert_eq!(code, i32::from(unfixable), "{}{}", out, stderr);
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
