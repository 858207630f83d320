//! The command line: exit codes, errors, `rules`, `explain`, and the README
//! kept honest.

use crate::{root, sitelint};

#[test]
fn exit_code_2_without_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let (_, stderr, code) = crate::sitelint_in(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no `_config.yml`"), "{stderr}");
}

#[test]
fn exit_code_2_for_a_missing_path_and_unknown_rule() {
    let (_, stderr, code) = sitelint(&["check", "fixtures/nope"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("does not exist"), "{stderr}");
    let (_, stderr, code) = sitelint(&["check", "fixtures/sites/demo", "--select", "XYZ9"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`XYZ9` in `--select` names no rule"),
        "{stderr}"
    );
}

#[test]
fn fail_on_controls_exit_code() {
    let (_, _, code) = sitelint(&["check", "fixtures/sites/demo", "--fail-on", "never", "-q"]);
    assert_eq!(code, 0);
    let (_, _, code) = sitelint(&["check", "fixtures/sites/demo", "--select", "CFG001", "-q"]);
    assert_eq!(code, 0, "a warning alone does not fail by default");
    let (_, _, code) = sitelint(&[
        "check",
        "fixtures/sites/demo",
        "--select",
        "CFG001",
        "--fail-on",
        "warning",
        "-q",
    ]);
    assert_eq!(code, 1);
}

#[test]
fn paths_inside_a_site_limit_the_report() {
    let (all, _, _) = sitelint(&["check", "fixtures/sites/demo", "--format", "concise", "-q"]);
    let (out, _, code) = sitelint(&[
        "check",
        "fixtures/sites/demo/_news",
        "--format",
        "concise",
        "-q",
    ]);
    assert_eq!(code, 1);
    // exactly the whole site's findings under `_news/`, and there are
    // findings elsewhere that the narrower run leaves out
    let (inside, outside): (Vec<&str>, Vec<&str>) = all
        .lines()
        .partition(|l| l.starts_with("fixtures/sites/demo/_news/"));
    assert!(!inside.is_empty(), "{all}");
    assert!(!outside.is_empty(), "{all}");
    let expected: String = inside.iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(out, expected);
}

#[test]
fn explain_and_rules() {
    let (out, _, code) = sitelint(&["explain", "FM001"]);
    assert_eq!(code, 0);
    assert!(out.contains("unclosed-front-matter") && out.contains("## Why is this bad?"));
    let (out, _, _) = sitelint(&["explain", "unclosed-front-matter"]);
    assert!(out.starts_with("# FM001"));
    let (_, _, code) = sitelint(&["explain", "NOPE"]);
    assert_eq!(code, 2);
}

#[test]
fn readme_rule_table_is_current() {
    let (table, _, _) = sitelint(&["rules", "--format", "markdown"]);
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let a = readme.find(start).expect("README has a rules:start marker") + start.len();
    let b = readme.find(end).expect("README has a rules:end marker");
    if crate::common::blessing() {
        let updated = format!("{}{}{}", &readme[..a], table, &readme[b..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[a..b],
        table,
        "README.md's rule table is stale: run `SITELINT_BLESS=1 cargo test`"
    );
}

/// Issue 14, one problem, one finding: in `fixtures/links/invalid-overlaps`
/// each place has one finding (see its snapshot); a rule that is not
/// selected wins nothing, so ignoring the winners brings the others back,
/// one for each place.
#[test]
fn precedence_gives_way_to_selection() {
    let (out, _, _) = crate::sitelint(&[
        "check",
        "fixtures/links/invalid-overlaps",
        "--format",
        "concise",
        "-q",
        "--show-infos",
        "--ignore",
        "LNK001,LNK009,LNK011,LNK015,FM011,FM017",
    ]);
    let rules: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_once('[').and_then(|(_, r)| r.split_once(']')))
        .map(|(code, _)| code)
        .collect();
    assert_eq!(
        rules,
        [
            "FM007", "LNK004", "LNK004", "LNK005", "LNK014", "LNK005", "TXT003", "IMG003", "FM015"
        ],
        "{out}"
    );
}
