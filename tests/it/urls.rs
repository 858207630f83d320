//! `sitelint urls` on the URL fixtures: each `fixtures/urls/<site>.urls`
//! holds the expected output of `sitelint urls --source`, which
//! `scripts/jekyll-conformance` proves equal to what Jekyll writes.

use crate::common::snapshot;
use crate::{root, sitelint};

#[test]
fn url_sets_match_the_expected_lists() {
    let dir = root().join("fixtures/urls");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let site = entry.path();
        if !site.join("_config.yml").is_file() {
            continue;
        }
        let rel = format!("fixtures/urls/{}", entry.file_name().to_string_lossy());
        let (out, err, code) = sitelint(&["urls", &rel, "--source"]);
        assert_eq!(code, 0, "{err}");
        if let Err(e) = snapshot(&site.with_extension("urls"), &out) {
            panic!("{e}");
        }
        checked += 1;
    }
    assert!(checked >= 2);
}

#[test]
fn urls_without_a_site_fail_with_2() {
    let dir = tempfile::tempdir().unwrap();
    let (_, stderr, code) = crate::sitelint_in(dir.path(), &["urls"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("_config.yml"), "{stderr}");
}
