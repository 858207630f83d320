//! Applying fixes: byte-range edits, chosen so that they never overlap.
//!
//! Fixes are applied together when none of their edits overlap; where two
//! overlap, the one that starts first wins and the other waits for the next
//! pass (`sitelint fix` re-checks and repeats, up to [`MAX_PASSES`] times).
//! Bytes outside the chosen edits are never touched.

use std::ops::Range;

use crate::diagnostic::{Applicability, Edit, Fix};

/// How many check-and-fix passes `sitelint fix` makes at most.
pub const MAX_PASSES: usize = 10;

/// Whether a fix may be applied under the given mode.
pub fn allowed(fix: &Fix, unsafe_fixes: bool) -> bool {
    match fix.applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => unsafe_fixes,
        Applicability::DisplayOnly => false,
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end)
        || (a.is_empty() && b.is_empty() && a.start == b.start)
        || (a.is_empty() && b.start < a.start && a.start < b.end)
        || (b.is_empty() && a.start < b.start && b.start < a.end)
}

/// Whether a fix's edits are in bounds, on character boundaries and do not
/// overlap each other.
pub fn valid(text: &str, fix: &Fix) -> bool {
    let in_bounds = fix.edits.iter().all(|e| {
        e.range.start <= e.range.end
            && e.range.end <= text.len()
            && text.is_char_boundary(e.range.start)
            && text.is_char_boundary(e.range.end)
    });
    in_bounds
        && fix.edits.iter().enumerate().all(|(i, a)| {
            fix.edits[i + 1..]
                .iter()
                .all(|b| !overlaps(&a.range, &b.range))
        })
}

/// Choose which fixes to apply in one pass: valid, not overlapping one
/// another, identical fixes once. Returns their indices in `fixes`.
pub fn choose(text: &str, fixes: &[&Fix]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..fixes.len())
        .filter(|&i| valid(text, fixes[i]) && !fixes[i].edits.is_empty())
        .collect();
    order.sort_by_key(|&i| {
        let f = fixes[i];
        (f.edits.iter().map(|e| e.range.start).min().unwrap_or(0), i)
    });
    let mut taken: Vec<Range<usize>> = Vec::new();
    let mut chosen: Vec<usize> = Vec::new();
    for i in order {
        let fix = fixes[i];
        if chosen.iter().any(|&c| fixes[c].edits == fix.edits) {
            continue;
        }
        if fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| overlaps(&e.range, t)))
        {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.range.clone()));
        chosen.push(i);
    }
    chosen
}

/// Apply edits that do not overlap (as [`choose`] guarantees).
pub fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in sorted {
        if e.range.start < pos {
            continue; // defensive: never apply an overlapping edit
        }
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.replacement);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// One pass over one file: choose and apply. Returns the new text and the
/// indices of the fixes applied.
pub fn apply_fixes(text: &str, fixes: &[&Fix]) -> (String, Vec<usize>) {
    let chosen = choose(text, fixes);
    let edits: Vec<&Edit> = chosen.iter().flat_map(|&i| fixes[i].edits.iter()).collect();
    (apply(text, &edits), chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn fix(edits: &[(Range<usize>, &str)]) -> Fix {
        Fix::safe(
            "t",
            edits
                .iter()
                .map(|(r, s)| Edit::replace(r.clone(), *s))
                .collect(),
        )
    }

    #[test]
    fn non_overlapping_fixes_apply_together() {
        let a = fix(&[(0..1, "A")]);
        let b = fix(&[(2..3, "C")]);
        let (out, chosen) = apply_fixes("abcd", &[&a, &b]);
        assert_eq!(out, "AbCd");
        assert_eq!(chosen.len(), 2);
    }

    #[test]
    fn overlapping_fix_waits() {
        let a = fix(&[(0..2, "X")]);
        let b = fix(&[(1..3, "Y")]);
        let (out, chosen) = apply_fixes("abcd", &[&b, &a]);
        assert_eq!(out, "Xcd");
        assert_eq!(chosen, vec![1]);
    }

    #[test]
    fn identical_fixes_once_and_insertions() {
        let a = fix(&[(1..1, "+")]);
        let b = fix(&[(1..1, "+")]);
        let c = fix(&[(4..4, "!")]);
        let (out, _) = apply_fixes("abcd", &[&a, &b, &c]);
        assert_eq!(out, "a+bcd!");
    }

    use proptest::prelude::*;

    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("é"),
                Just("\r\n"),
                Just("\n"),
                Just("\r"),
                Just("---"),
                Just("’"),
                Just(" ")
            ],
            0..40,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn bytes_outside_edits_never_change(text in text_strategy(), raw in proptest::collection::vec((0usize..200, 0usize..6, "[a-z\\r\\n]{0,3}"), 0..8)) {
            // random edits snapped to character boundaries
            let snap = |mut i: usize| { i = i.min(text.len()); while !text.is_char_boundary(i) { i -= 1; } i };
            let fixes: Vec<Fix> = raw.iter().map(|(start, len, rep)| {
                let a = snap(*start);
                let b = snap(a + len);
                fix(&[(a..b, rep.as_str())])
            }).collect();
            let refs: Vec<&Fix> = fixes.iter().collect();
            let (out, chosen) = apply_fixes(&text, &refs);
            // chosen edits do not overlap
            let mut ranges: Vec<Range<usize>> = chosen.iter().map(|&i| fixes[i].edits[0].range.clone()).collect();
            ranges.sort_by_key(|r| (r.start, r.end));
            for w in ranges.windows(2) {
                prop_assert!(w[0].end <= w[1].start && !(w[0].is_empty() && w[1].is_empty() && w[0].start == w[1].start));
            }
            // oracle: apply the chosen edits to a copy, last first, with
            // `String::replace_range` (positions before an edit never move)
            let mut chosen_edits: Vec<&Edit> = chosen.iter().map(|&i| &fixes[i].edits[0]).collect();
            chosen_edits.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
            let mut expected = text.clone();
            for e in &chosen_edits {
                expected.replace_range(e.range.clone(), &e.replacement);
            }
            // every fix left out conflicts with one applied: it shares a
            // byte with it, or is an insertion at the same place or inside it
            let conflict = |a: &Range<usize>, b: &Range<usize>| {
                let shares = (a.start..a.end).any(|i| b.contains(&i));
                let inside = |x: &Range<usize>, y: &Range<usize>| {
                    x.is_empty() && ((x.start == y.start && y.is_empty()) || (y.start < x.start && x.start < y.end))
                };
                shares || inside(a, b) || inside(b, a)
            };
            for (i, f) in fixes.iter().enumerate() {
                if !chosen.contains(&i) {
                    let r = &f.edits[0].range;
                    prop_assert!(
                        chosen_edits.iter().any(|e| conflict(r, &e.range)),
                        "fix {} ({:?}) was left out but conflicts with none applied: {:?}", i, r, chosen_edits
                    );
                }
            }
            prop_assert_eq!(out, expected);
        }
    }

    #[test]
    fn invalid_fixes_are_skipped() {
        let a = fix(&[(0..9, "X")]);
        let b = fix(&[(1..2, "X")]); // inside the 2-byte é
        let (out, chosen) = apply_fixes("éa", &[&a, &b]);
        assert_eq!(out, "éa");
        assert!(chosen.is_empty());
    }
}

/// The outcome of fixing a site in memory.
#[derive(Debug, Default)]
pub struct Outcome {
    /// New text by relative path, for every file that changed.
    pub changed: std::collections::BTreeMap<String, Changed>,
    /// Fixes applied, by rule code.
    pub applied: std::collections::BTreeMap<&'static str, usize>,
    /// Findings left after the last pass.
    pub remaining: Vec<crate::diagnostic::Diagnostic>,
    /// The fix loop was still changing files after [`MAX_PASSES`].
    pub unconverged: Vec<String>,
}

#[derive(Debug)]
pub struct Changed {
    pub path: std::path::PathBuf,
    /// The text as first read from disk.
    pub original: String,
    pub new: String,
    /// Fixes applied to this file, by rule code.
    pub applied: std::collections::BTreeMap<&'static str, usize>,
}

/// Check, fix in memory, re-check, until nothing changes (at most
/// [`MAX_PASSES`]). `check` runs the checks on a site loaded with the
/// overlay and returns the diagnostics that may be fixed (already filtered
/// to the paths asked about).
pub fn fix_loop(
    mut check: impl FnMut(
        &crate::site::Overlay,
    ) -> Result<Vec<crate::diagnostic::Diagnostic>, crate::engine::Failure>,
    unsafe_fixes: bool,
) -> Result<Outcome, crate::engine::Failure> {
    use std::collections::BTreeMap;
    let mut overlay = crate::site::Overlay::new();
    let mut outcome = Outcome::default();
    for pass in 0..=MAX_PASSES {
        let diagnostics = check(&overlay)?;
        let mut by_file: BTreeMap<&str, Vec<&crate::diagnostic::Diagnostic>> = BTreeMap::new();
        for d in &diagnostics {
            if d.fix.as_ref().is_some_and(|f| allowed(f, unsafe_fixes)) {
                by_file.entry(d.file.rel.as_str()).or_default().push(d);
            }
        }
        let mut progressed = false;
        if pass < MAX_PASSES {
            for (rel, diags) in by_file {
                let file = &diags[0].file;
                let fixes: Vec<&Fix> = diags.iter().filter_map(|d| d.fix.as_ref()).collect();
                let (new_text, chosen) = apply_fixes(&file.text, &fixes);
                if new_text == file.text {
                    continue;
                }
                progressed = true;
                let entry = outcome
                    .changed
                    .entry(rel.to_string())
                    .or_insert_with(|| Changed {
                        path: file.path.clone(),
                        original: file.text.clone(),
                        new: String::new(),
                        applied: BTreeMap::new(),
                    });
                for i in chosen {
                    *entry.applied.entry(diags[i].rule.code).or_default() += 1;
                    *outcome.applied.entry(diags[i].rule.code).or_default() += 1;
                }
                entry.new = new_text.clone();
                overlay.insert(rel.to_string(), new_text);
            }
        } else if !by_file.is_empty() {
            outcome.unconverged = by_file.keys().map(|s| s.to_string()).collect();
        }
        if !progressed {
            outcome.remaining = diagnostics;
            break;
        }
    }
    Ok(outcome)
}

/// What [`write`] wrote.
#[derive(Debug, Default)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Fixes written, by rule code: those of files that could not be
    /// written are not counted.
    pub applied: std::collections::BTreeMap<&'static str, usize>,
    /// Files not written, by relative path, with the reason.
    pub failed: Vec<(String, String)>,
}

/// Write every changed file of `outcome` (inside `root`). A file reached
/// twice (a symbolic link inside the site and its target) is written once;
/// a file that changed on disk since it was read is skipped.
pub fn write(root: &std::path::Path, outcome: &Outcome) -> Written {
    let mut written = Written::default();
    let mut seen: std::collections::HashMap<std::path::PathBuf, (&str, &str)> =
        std::collections::HashMap::new();
    for (rel, c) in &outcome.changed {
        let canonical = std::fs::canonicalize(&c.path).ok();
        if let Some((first, text)) = canonical.as_ref().and_then(|p| seen.get(p)) {
            if *text != c.new {
                written.failed.push((
                    rel.clone(),
                    format!(
                        "it is the same file as `{first}`, written with other fixes; not written"
                    ),
                ));
            }
            continue;
        }
        match crate::write::replace(root, &c.path, c.original.as_bytes(), c.new.as_bytes()) {
            Ok(()) => {
                written.files += 1;
                for (code, n) in &c.applied {
                    *written.applied.entry(code).or_default() += n;
                }
                if let Some(p) = canonical {
                    seen.insert(p, (rel, &c.new));
                }
            }
            Err(crate::write::WriteError::Changed) => written.failed.push((
                rel.clone(),
                "it changed on disk since sitelint read it; skipped (run `sitelint fix` again)"
                    .into(),
            )),
            Err(e) => written.failed.push((rel.clone(), e.to_string())),
        }
    }
    written
}

/// What decides a pass and the loop, case by case (the mutants of
/// `scripts/mutants` that the tests above let live).
#[cfg(test)]
mod exact_tests {
    use super::tests::fix;
    use super::*;

    #[test]
    fn what_overlaps_and_what_does_not() {
        // (a, b, overlap): replacements sharing a byte overlap; insertions
        // overlap at the same place, or strictly inside a replacement, but
        // not at its start or its end
        let cases: &[(Range<usize>, Range<usize>, bool)] = &[
            (0..2, 1..3, true),
            (0..3, 1..2, true),
            (0..1, 1..2, false),
            (0..1, 2..3, false),
            (1..1, 1..1, true),
            (1..1, 2..2, false),
            (2..2, 0..3, true),
            (1..1, 1..3, false),
            (3..3, 1..3, false),
            (0..0, 1..3, false),
            (4..4, 1..3, false),
        ];
        for (a, b, want) in cases {
            assert_eq!(overlaps(a, b), *want, "{a:?} and {b:?}");
            assert_eq!(overlaps(b, a), *want, "{b:?} and {a:?}");
        }
    }

    #[test]
    fn which_fixes_may_apply() {
        let mut f = fix(&[(0..1, "A")]);
        assert!(allowed(&f, false) && allowed(&f, true));
        f.applicability = Applicability::Unsafe;
        assert!(!allowed(&f, false) && allowed(&f, true));
        f.applicability = Applicability::DisplayOnly;
        assert!(!allowed(&f, false) && !allowed(&f, true));
    }

    #[test]
    fn a_fix_is_valid_only_in_bounds_on_boundaries_and_without_overlaps() {
        assert!(valid("éab", &fix(&[(0..2, "e"), (3..4, "")])));
        assert!(valid("éab", &fix(&[(4..4, "!")])));
        #[allow(clippy::reversed_empty_ranges)] // on purpose
        let reversed = 3..1;
        assert!(!valid("éab", &fix(&[(reversed, "x")])));
        assert!(!valid("éab", &fix(&[(2..5, "x")]))); // past the end
        assert!(!valid("éab", &fix(&[(1..2, "x")]))); // inside `é`
        assert!(!valid("éab", &fix(&[(0..1, "x")]))); // inside `é`
        assert!(!valid("éab", &fix(&[(0..3, "x"), (2..4, "y")])));
        assert!(!valid(
            "éab",
            &fix(&[(2..2, "x"), (4..4, "y"), (2..2, "z")])
        ));
    }

    #[test]
    fn two_insertions_at_one_place_apply_one_per_pass() {
        let a = fix(&[(1..1, "x")]);
        let b = fix(&[(1..1, "y")]);
        let c = fix(&[(1..2, "B")]);
        let (out, chosen) = apply_fixes("abc", &[&b, &a, &c]);
        assert_eq!((out.as_str(), chosen), ("ayBc", vec![0, 2]));
    }

    /// A fake site of two files: `loop.md` has a fix that never settles
    /// (it appends forever), `once.md` one that settles after a pass.
    fn fake_check(
        overlay: &crate::site::Overlay,
        calls: &mut usize,
    ) -> Result<Vec<crate::diagnostic::Diagnostic>, crate::engine::Failure> {
        use crate::diagnostic::Diagnostic;
        use std::sync::Arc;
        *calls += 1;
        let rule = |code| crate::checks::find_rule(code).expect("a known rule");
        let text = |rel: &str, first: &str| overlay.get(rel).cloned().unwrap_or(first.to_string());
        let mut out = Vec::new();
        let looping = Arc::new(crate::text::source::SourceFile::new(
            "loop.md",
            "loop.md",
            text("loop.md", "a"),
        ));
        let end = looping.text.len();
        let mut d = Diagnostic::new(rule("FM001"), &looping, 0..0, "loops");
        d.fix = Some(Fix::safe("append", vec![Edit::replace(end..end, "x")]));
        out.push(d);
        let once = Arc::new(crate::text::source::SourceFile::new(
            "once.md",
            "once.md",
            text("once.md", "------\n"),
        ));
        if once.text.starts_with("------") {
            let mut d = Diagnostic::new(rule("FM002"), &once, 0..6, "settles");
            d.fix = Some(Fix::safe("shorten", vec![Edit::replace(0..6, "---")]));
            out.push(d);
            // never applied: unsafe and display-only fixes
            let mut d = Diagnostic::new(rule("FM002"), &once, 6..7, "unsafe");
            d.fix = Some(Fix::unsafe_("drop", vec![Edit::replace(6..7, "")]));
            out.push(d);
        }
        Ok(out)
    }

    #[test]
    fn the_fix_loop_stops_after_max_passes_and_names_what_did_not_settle() {
        let mut calls = 0;
        let outcome = fix_loop(|o| fake_check(o, &mut calls), false).unwrap();
        assert_eq!(calls, MAX_PASSES + 1);
        assert_eq!(outcome.unconverged, vec!["loop.md".to_string()]);
        let looping = &outcome.changed["loop.md"];
        assert_eq!(looping.original, "a");
        assert_eq!(looping.new, format!("a{}", "x".repeat(MAX_PASSES)));
        assert_eq!(looping.applied["FM001"], MAX_PASSES);
        let once = &outcome.changed["once.md"];
        assert_eq!(
            (once.original.as_str(), once.new.as_str()),
            ("------\n", "---\n")
        );
        assert_eq!(once.applied.len(), 1);
        assert_eq!(once.applied["FM002"], 1);
        assert_eq!(outcome.applied["FM001"], MAX_PASSES);
        assert_eq!(outcome.applied["FM002"], 1);
        // the findings of the last check are what remains
        assert_eq!(outcome.remaining.len(), 1);
        assert_eq!(outcome.remaining[0].file.text.len(), 1 + MAX_PASSES);
    }

    #[test]
    fn the_fix_loop_applies_unsafe_fixes_only_when_asked() {
        let mut calls = 0;
        let outcome = fix_loop(|o| fake_check(o, &mut calls), true).unwrap();
        assert_eq!(outcome.changed["once.md"].new, "---");
        assert_eq!(outcome.changed["once.md"].applied["FM002"], 2);
    }

    #[test]
    fn the_fix_loop_stops_when_nothing_changes() {
        let mut calls = 0;
        let outcome = fix_loop(
            |_| {
                calls += 1;
                Ok(Vec::new())
            },
            false,
        )
        .unwrap();
        assert_eq!(calls, 1);
        assert!(outcome.changed.is_empty() && outcome.unconverged.is_empty());
    }
}
