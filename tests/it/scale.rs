//! The adversarial sites of issue 17 (scripts/bench times them at full
//! size): here, smaller, with their findings checked against a brute-force
//! "did you mean" computed in the test. No timing is asserted.

#[path = "../../src/bench/adversarial.rs"]
#[allow(dead_code)]
mod adversarial;

use crate::sitelint;

fn check(site: &std::path::Path) -> String {
    let (out, err, _) = sitelint(&[
        "check",
        &site.to_string_lossy(),
        "-q",
        "--format",
        "concise",
    ]);
    assert!(err.is_empty(), "{err}");
    out
}

/// The text between the first two backticks after `marker`.
fn quoted_after<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &line[line.find(marker)? + marker.len()..];
    let start = rest.find('`')? + 1;
    let end = start + rest[start..].find('`')?;
    Some(&rest[start..end])
}

/// The normalized-Levenshtein "did you mean" of links, by brute force:
/// the highest score of at least 0.7, ties to the first.
fn closest_url<'a>(wanted: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let score = strsim::normalized_levenshtein(wanted, c);
        if score >= 0.7 && best.is_none_or(|(_, b)| score > b) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

#[test]
fn many_keys_get_their_closest_key() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    adversarial::keys(&site, 700).unwrap();
    let out = check(&site);
    assert_eq!(out, check(&site), "the output is deterministic");
    let keys: Vec<String> = (0..700)
        .map(|i| format!("field-{}", adversarial::name(i, 4)))
        .collect();
    let squash = |s: &str| s.replace('-', "");
    let mut unknown = 0;
    for line in out.lines().filter(|l| l.contains("[FM009]")) {
        unknown += 1;
        let key = quoted_after(line, "Key").unwrap();
        let mut sorted: Vec<&String> = keys.iter().collect();
        sorted.sort();
        let want = sorted
            .iter()
            .map(|k| (strsim::damerau_levenshtein(&squash(key), &squash(k)), k))
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| k.as_str());
        assert_eq!(quoted_after(line, "did you mean"), want, "{line}");
    }
    // the third post's misspellings that are no other key's name
    let third: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| adversarial::typo(k, 6 + i % 4))
        .filter(|t| !keys.contains(t))
        .collect();
    assert!(third.len() > 300, "{}", third.len());
    assert_eq!(unknown, third.len(), "{out}");
}

#[test]
fn urls_one_edit_apart_get_the_closest_url() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    // more pages than the index threshold for URLs (2,000), in one folder;
    // more images than the one for fragment ids (500)
    adversarial::urls(&site, 2100, 700).unwrap();
    // a link two edits from one page's URL and further from every other
    // (all names have five letters): the index finds nothing one edit
    // away, and the scan must still run in a folder of 2,100 URLs
    let first = format!("/p/{}/", adversarial::name(0, 5));
    let far = format!("/p/{}zz/", adversarial::name(0, 5));
    std::fs::write(
        site.join("p/two-edits.md"),
        format!("---\ntitle: Two edits\n---\n\n[Far]({far})\n"),
    )
    .unwrap();
    let out = check(&site);
    assert_eq!(out, check(&site), "the output is deterministic");
    assert!(
        out.contains(&format!("`{far}` does not exist; did you mean `{first}`?")),
        "{far} gets no suggestion"
    );
    let mut pages: Vec<String> = (0..2100)
        .map(|i| format!("/p/{}/", adversarial::name(i, 5)))
        .collect();
    pages.push("/p/two-edits/".to_string());
    let images: Vec<String> = (0..700)
        .map(|i| format!("/img/{}.png", adversarial::name(i, 5)))
        .collect();
    let (mut links, mut imgs) = (0, 0);
    for (n, line) in out.lines().enumerate() {
        let (pool, marker) = if line.contains("[LNK001]") {
            links += 1;
            (&pages, "Link target")
        } else if line.contains("[IMG001]") {
            imgs += 1;
            (&images, "Image")
        } else {
            panic!("unexpected finding: {line}");
        };
        let wanted = quoted_after(line, marker).unwrap();
        // the naive scan is slow in a debug build: every seventh finding
        // (and the far link above) is compared with it
        if n % 7 != 0 && wanted != far {
            continue;
        }
        let candidates: Vec<&str> = pool.iter().map(String::as_str).collect();
        assert_eq!(
            quoted_after(line, "did you mean"),
            closest_url(wanted, &candidates),
            "{line}"
        );
    }
    assert!(links > 500 && imgs > 500, "{links} {imgs}");
}

#[test]
fn many_links_to_one_page_get_the_closest_heading() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    adversarial::links(&site, 600, 3000, 10).unwrap();
    let out = check(&site);
    assert_eq!(out, check(&site), "the output is deterministic");
    let ids: Vec<String> = (0..600)
        .map(|i| format!("section-{}", adversarial::name(i, 4)))
        .collect();
    let candidates: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut broken = 0;
    for line in out.lines() {
        assert!(line.contains("[LNK003]"), "{line}");
        broken += 1;
        let wanted = quoted_after(line, "Fragment")
            .unwrap()
            .trim_start_matches('#');
        let want = closest_url(wanted, &candidates).map(|c| format!("#{c}"));
        assert_eq!(
            quoted_after(line, "did you mean").map(str::to_string),
            want,
            "{line}"
        );
    }
    // one link in ten is misspelt; some misspellings are other headings
    let misspelt = (0..3000)
        .step_by(10)
        .map(|n| adversarial::typo(&ids[n % 600], 8 + n % 4))
        .filter(|t| !ids.contains(t))
        .count();
    assert!(misspelt > 100, "{misspelt}");
    assert_eq!(broken, misspelt);
}
