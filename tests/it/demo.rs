//! The demo site, `fixtures/sites/demo`, which the README's first command
//! checks: every rule that can fire on a site fires on it, each on a case of
//! its own, so a new user sees every rule at work. A new rule needs a demo
//! case (a small document of its own under `fixtures/sites/demo/`), or a
//! place in `CANNOT_FIRE` with the reason. The expected output is in
//! `fixtures/sites/demo.*` (see `fixtures.rs`).

use std::collections::BTreeSet;

use crate::sitelint;

/// Rules that cannot fire on the demo site, each with the reason.
const CANNOT_FIRE: &[(&str, &str)] = &[
    // A `_config.yml` that is not valid YAML makes sitelint fall back to
    // Jekyll's defaults: the demo's collections, permalinks and plugins would
    // be gone, and with them most of the other rules' cases. Its cases are
    // in fixtures/config/.
    (
        "CFG002",
        "needs a broken `_config.yml`, which would hide the other cases",
    ),
];

fn codes_in(output: &str) -> BTreeSet<String> {
    output
        .lines()
        .filter_map(|l| {
            let (_, rest) = l.split_once('[')?;
            let (code, _) = rest.split_once(']')?;
            Some(code.to_string())
        })
        .collect()
}

fn registry() -> Vec<String> {
    let (rules, _, code) = sitelint(&["rules", "--format", "json"]);
    assert_eq!(code, 0, "`sitelint rules --format json` fails");
    let rules: serde_json::Value = serde_json::from_str(&rules).expect("rules JSON");
    rules
        .as_array()
        .expect("a list of rules")
        .iter()
        .map(|r| r["code"].as_str().expect("a code").to_string())
        .collect()
}

#[test]
fn every_rule_fires_on_the_demo() {
    let (out, err, code) = sitelint(&[
        "check",
        "fixtures/sites/demo",
        "--format",
        "concise",
        "--show-infos",
    ]);
    assert_eq!(code, 1, "the demo exits 1 (it has errors):\n{out}{err}");
    let fired = codes_in(&out);
    let allowed: BTreeSet<&str> = CANNOT_FIRE.iter().map(|(c, _)| *c).collect();
    let rules = registry();
    let missing: Vec<&String> = rules
        .iter()
        .filter(|c| !fired.contains(*c) && !allowed.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "rules with no case on fixtures/sites/demo: {missing:?}; add a small document \
         there that shows each (or list it in CANNOT_FIRE with the reason)"
    );
    // The allow-list stays honest: only real rules, and none that fires.
    for (code, why) in CANNOT_FIRE {
        assert!(rules.iter().any(|r| r == code), "{code} is no rule ({why})");
        assert!(
            !fired.contains(*code),
            "{code} fires on the demo now: remove it from CANNOT_FIRE"
        );
    }
}

#[test]
fn codes_in_reads_concise_lines() {
    let out = "a.md:1:1: error[FM001] x\nb.md:2:3: info[LNK015] y [z]\nFound 2 errors\n";
    let codes: Vec<String> = codes_in(out).into_iter().collect();
    assert_eq!(codes, ["FM001", "LNK015"]);
}
