//! `sitelint rules`, `sitelint explain`, the README's rule table and the
//! severities findings are emitted with all agree.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use crate::common::{cases, rel};
use crate::sitelint;

/// (code, severity) of every finding in the fixtures' expected outputs
/// (which the snapshot test holds equal to what is emitted), except in
/// sites whose settings re-grade rules.
fn emitted() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for case in cases() {
        let settings = [".sitelint.yml", "_config.yml"]
            .iter()
            .map(|f| fs::read_to_string(case.join(f)).unwrap_or_default())
            .collect::<String>();
        if settings.contains("severity") {
            continue;
        }
        let Ok(text) = fs::read_to_string(case.with_extension("concise")) else {
            continue;
        };
        for line in text.lines() {
            // `path:line:col: severity[CODE] message`
            for sev in ["error", "warning", "info"] {
                if let Some(i) = line.find(&format!(": {sev}[")) {
                    let rest = &line[i + sev.len() + 3..];
                    if let Some(end) = rest.find(']') {
                        out.entry(rest[..end].to_string())
                            .or_default()
                            .insert(sev.to_string());
                    }
                }
            }
        }
        assert!(!text.is_empty(), "{}", rel(&case));
    }
    out
}

#[test]
fn declared_severities_match_emitted_ones() {
    let (json, _, code) = sitelint(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let rules: serde_json::Value = serde_json::from_str(&json).unwrap();
    let declared: BTreeMap<String, (String, BTreeSet<String>)> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let all: BTreeSet<String> = r["severities"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            (
                r["code"].as_str().unwrap().to_string(),
                (r["severity"].as_str().unwrap().to_string(), all),
            )
        })
        .collect();
    for (code, (default, all)) in &declared {
        assert!(
            all.contains(default),
            "{code}: default not among severities"
        );
    }
    let emitted = emitted();
    let mut wrong = Vec::new();
    // and no rule claims a severity it never takes: each one that varies
    // has a fixture for each of its severities (language rules share one
    // mechanism, quotations, shown by some of them)
    for (code, (_, all)) in &declared {
        if all.len() > 1 && !code.starts_with("INC") {
            let seen = emitted.get(code).cloned().unwrap_or_default();
            for sev in all.difference(&seen) {
                wrong.push(format!("{code} is declared {sev}, but no fixture shows it"));
            }
        }
    }
    assert!(
        emitted
            .iter()
            .any(|(code, seen)| code.starts_with("INC") && seen.contains("info")),
        "a language rule in a quotation is info"
    );
    for (code, seen) in &emitted {
        // a site's own language rules are not built in
        let Some((_, all)) = declared.get(code) else {
            continue;
        };
        for sev in seen.difference(all) {
            wrong.push(format!("{code} is emitted as {sev}, declared {all:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// For every rule: the table row, the README row and `explain` show the
/// severities `rules --format json` lists.
#[test]
fn table_readme_and_explain_agree_with_json() {
    let (json, _, _) = sitelint(&["rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (table, _, _) = sitelint(&["rules"]);
    let (markdown, _, _) = sitelint(&["rules", "--format", "markdown"]);
    for r in rules.as_array().unwrap() {
        let code = r["code"].as_str().unwrap();
        let all: Vec<&str> = r["severities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(
            all[0],
            r["severity"].as_str().unwrap(),
            "{code}: default first"
        );
        let label = all.join("/");
        let row = table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(code))
            .unwrap_or_else(|| panic!("{code} not in the table"));
        assert_eq!(row.split_whitespace().nth(2), Some(label.as_str()), "{row}");
        assert!(
            markdown.contains(&format!(
                "| `{code}` | `{}` | {label} |",
                r["name"].as_str().unwrap()
            )),
            "{code}: README row"
        );
        let (explain, _, _) = sitelint(&["explain", code]);
        let line = explain
            .lines()
            .find(|l| l.contains("everity: "))
            .unwrap_or_else(|| panic!("{code}: no severity line"));
        if all.len() == 1 {
            assert!(
                line.starts_with(&format!("Severity: {}.", all[0])),
                "{line}"
            );
        } else {
            assert!(
                line.starts_with(&format!("Default severity: {};", all[0])),
                "{line}"
            );
            for other in &all[1..] {
                assert!(
                    line.contains(other),
                    "{code}: `{line}` does not say when {other}"
                );
            }
            assert!(r["severities_when"].as_str().is_some(), "{code}");
        }
    }
}

#[test]
fn rules_table_has_a_header_and_explain_says_when_severity_varies() {
    let (table, _, _) = sitelint(&["rules"]);
    let first = table.lines().next().unwrap();
    for col in ["CODE", "NAME", "SEVERITY", "FIX", "SUMMARY"] {
        assert!(first.contains(col), "{first}");
    }
    let row = |code: &str| {
        table
            .lines()
            .find(|l| l.starts_with(code))
            .unwrap()
            .to_string()
    };
    assert!(row("FM006 ").contains("error/warning"), "{}", row("FM006 "));
    assert!(row("FM014 ").contains("error/info"));
    assert!(row("TXT006 ").contains("warning/info"));
    assert!(row("FM001 ").contains(" error "));
    let (readme_row, _, _) = sitelint(&["rules", "--format", "markdown"]);
    assert!(readme_row.contains("| `FM011` | `invalid-date` | error/warning |"));
    let (explain, _, _) = sitelint(&["explain", "FM014"]);
    assert!(
        explain.contains("Default severity: error; info for the one summary"),
        "{explain}"
    );
    let (explain, _, _) = sitelint(&["explain", "FM001"]);
    assert!(explain.contains("Severity: error. Fix: safe."), "{explain}");
}

#[test]
fn explain_broken_link_says_when_a_suggestion_is_given() {
    let (out, _, _) = sitelint(&["explain", "LNK001"]);
    assert!(
        out.contains("A \"Did you mean\" is added only when"),
        "{out}"
    );
    assert!(!out.contains("is reported with\nthe URL it most likely meant"));
}
