//! `--changed-since` against its definition: after random edits, the hook
//! reports every finding in the changed files, and every finding in the
//! other files that a check of the site at the commit did not have. The
//! definition is computed here from two whole-site runs (the commit's tree
//! unpacked with `git archive`, and the staged site), so that both ways
//! sitelint answers (reading the site at the commit, or, when only the
//! bodies of documents changed, not reading it) are held to it.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::git;

/// Run sitelint in `dir` with its phases timed; returns its stdout and
/// stderr.
fn run(dir: &Path, pre_commit: bool, args: &[&str]) -> (String, String) {
    let (out, err, code) =
        crate::hook::run_with(dir, pre_commit, &[("SITELINT_TIMINGS", "1")], args);
    assert!(matches!(code, 0 | 1), "{args:?}: exit {code}\n{err}");
    (out, err)
}

/// The findings of a JSON report, each as its path, what identifies it in
/// a file the change did not touch (its rule and place, and its message
/// where the place is empty, as `diagnostic::key` does: a message may
/// change with the rest of the site, as "did you mean" does), and one line
/// of JSON (its fix left out: a fix's byte offsets are not part of what
/// the finding says).
fn findings(json: &str) -> Vec<(String, String, String)> {
    let report: serde_json::Value = serde_json::from_str(json).expect("JSON report");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.as_object_mut().unwrap().remove("fix");
            let place = ["line", "column", "end_line", "end_column"].map(|k| d[k].to_string());
            let mut id = format!("{} {} {}", d["rule"], d["path"], place.join(" "));
            if place[..2] == place[2..] {
                id.push_str(&d["message"].to_string());
            }
            (d["path"].as_str().unwrap().to_string(), id, d.to_string())
        })
        .collect()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// What `--changed-since HEAD` must report for the staged site in `dir`.
fn definition(dir: &Path, scratch: &Path) -> Vec<String> {
    let before = scratch.join("before");
    let _ = fs::remove_dir_all(&before);
    fs::create_dir_all(&before).unwrap();
    let archive = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "git -C '{}' archive --format=tar HEAD | tar -x -C '{}'",
            dir.display(),
            before.display()
        ))
        .status()
        .unwrap();
    assert!(archive.success());
    let changed: Vec<String> = git(dir, &["diff", "--cached", "--name-only", "HEAD"])
        .lines()
        .map(str::to_string)
        .collect();
    let (old, _) = run(&before, false, &["check", "--format", "json"]);
    let (new, _) = run(dir, false, &["check", "--format", "json"]);
    let mut known: BTreeMap<String, usize> = BTreeMap::new();
    for (_, id, _) in findings(&old) {
        *known.entry(id).or_default() += 1;
    }
    let mut out = Vec::new();
    for (path, id, f) in findings(&new) {
        if changed.contains(&path) {
            out.push(f);
            continue;
        }
        match known.get_mut(&id) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(f),
        }
    }
    out.sort();
    out
}

/// A site whose pages link to each other's headings, with one old problem
/// in each page that no change fixes.
fn site(dir: &Path) {
    write(dir, "_config.yml", "title: Changes\n");
    for (i, name) in ["alpha", "beta", "gamma", "delta"].iter().enumerate() {
        let next = ["beta", "gamma", "delta", "alpha"][i];
        write(
            dir,
            &format!("{name}.md"),
            &format!(
                "---\ntitle: {name}\nlayout: page\n---\n\n\
                 # Intro {name}\n\nSee [{next}'s details](/{next}.html#details-{next}).\n\n\
                 ## Details {name}\n\nThe old [{name} page](/old-{name}/) is gone.\n"
            ),
        );
    }
    write(
        dir,
        "_posts/2021-05-01-news.md",
        "---\ntitle: News\n---\n\nRead [alpha](/alpha.html#intro-alpha).\n",
    );
}

/// One random change, staged; returns what it did.
fn change(dir: &Path, rng: &mut u64, n: usize) -> String {
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    let pick = |k: u64| (*rng >> 8) % k;
    let docs: Vec<String> = ["alpha", "beta", "gamma", "delta"]
        .iter()
        .map(|d| format!("{d}.md"))
        .filter(|d| dir.join(d).exists())
        .collect();
    let doc = docs[pick(docs.len() as u64) as usize].clone();
    let text = fs::read_to_string(dir.join(&doc)).unwrap();
    let name = doc.trim_end_matches(".md");
    // half the time the last changes are committed first, so that most
    // steps compare one change with the commit before it
    let committed = if pick(2) == 0 {
        git(dir, &["add", "-A"]);
        git(
            dir,
            &["commit", "-q", "--allow-empty", "-m", &format!("step {n}")],
        );
        "commit, then "
    } else {
        ""
    };
    *rng = rng.rotate_left(23);
    let pick = |k: u64| (*rng >> 8) % k;
    let what = match pick(11) {
        0 | 8 => {
            write(
                dir,
                &doc,
                &format!("{text}\nAnother paragraph, number {n}.\n"),
            );
            format!("a paragraph in {doc}")
        }
        1 => {
            let links = [
                "/alpha.html#details-alpha",
                "/beta.html#nothing",
                "/nowhere/",
            ];
            let target = links[pick(3) as usize];
            write(dir, &doc, &format!("{text}\nAlso [this]({target}).\n"));
            format!("a link to {target} in {doc}")
        }
        2 => {
            let new = text.replace(&format!("## Details {name}"), &format!("## More {name}"));
            write(dir, &doc, &new);
            format!("a heading renamed in {doc}")
        }
        3 => {
            write(dir, &doc, &format!("{text}\n## Details {name}\n\nAgain.\n"));
            format!("a second heading of the same name in {doc}")
        }
        4 => {
            let new = text.replacen("title: ", &format!("title: {n} "), 1);
            write(dir, &doc, &new);
            format!("the title of {doc}")
        }
        9 => {
            // every link to the page breaks
            let new = text.replacen("---\n", &format!("---\npermalink: /moved-{n}/\n"), 1);
            write(dir, &doc, &new);
            format!("a permalink in {doc}")
        }
        5 => {
            write(
                dir,
                &format!("extra-{n}.md"),
                &format!("---\ntitle: Extra\n---\n\n# Details {name}\n"),
            );
            format!("a new page extra-{n}.md")
        }
        6 => {
            git(dir, &["rm", "-q", "-f", &doc]);
            format!("{doc} deleted")
        }
        7 => {
            write(
                dir,
                &doc,
                &format!("{text}\n<span id=\"details-{name}\"></span> whitelist\n"),
            );
            format!("an HTML id and a language finding in {doc}")
        }
        _ => {
            let new = text.replacen("\n\n", &format!("\n\nA first line, {n}.\n\n"), 1);
            write(dir, &doc, &new);
            format!("a line at the top of {doc}")
        }
    };
    git(dir, &["add", "-A"]);
    format!("{committed}{what}")
}

#[test]
fn the_hook_reports_what_the_definition_says_after_random_changes() {
    let mut took_short_way = 0;
    let mut took_long_way = 0;
    for seed in [
        0x9e37_79b9_7f4a_7c15u64,
        0x2545_f491_4f6c_dd1d,
        0x1234_5678_9abc_def1,
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        site(&dir);
        git(&dir, &["init", "-q"]);
        git(&dir, &["add", "-A"]);
        git(&dir, &["commit", "-q", "-m", "start"]);
        let mut rng = seed;
        let mut steps = Vec::new();
        for n in 0..16 {
            steps.push(change(&dir, &mut rng, n));
            if git(&dir, &["diff", "--cached", "--name-only", "HEAD"]).is_empty() {
                continue;
            }
            let expected = definition(&dir, tmp.path());
            // as the hook runs it, and as CI does (the working folder, which
            // here holds what is staged)
            for pre_commit in [true, false] {
                let (out, err) = run(
                    &dir,
                    pre_commit,
                    &["check", "--changed-since", "HEAD", "--format", "json"],
                );
                let mut got: Vec<String> = findings(&out).into_iter().map(|(_, _, f)| f).collect();
                got.sort();
                assert_eq!(got, expected, "pre-commit {pre_commit}, after {steps:?}");
                // the site at the commit is read, or (only bodies changed) not
                match err.matches("walk and read").count() {
                    1 => took_short_way += 1,
                    _ => took_long_way += 1,
                }
            }
        }
    }
    assert!(
        took_short_way > 0 && took_long_way > 0,
        "{took_short_way} / {took_long_way}"
    );
}
