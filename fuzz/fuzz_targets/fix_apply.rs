//! Fix application: chosen edits never overlap, the output equals the
//! chosen edits applied by another method, and every fix left out
//! conflicts with one applied.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitelint::diagnostic::{Edit, Fix};
use sitelint::fix;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let n = usize::from(data[0] % 8);
    let (head, rest) = data[1..].split_at((n * 3).min(data.len() - 1));
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let fixes: Vec<Fix> = head
        .chunks(3)
        .map(|c| {
            let a = usize::from(c[0]) % (text.len() + 1);
            let b = (a + usize::from(*c.get(1).unwrap_or(&0)) % 8).min(text.len());
            let rep = "x".repeat(usize::from(*c.get(2).unwrap_or(&0)) % 3);
            Fix::safe("f", vec![Edit::replace(a..b, rep)])
        })
        .collect();
    let refs: Vec<&Fix> = fixes.iter().collect();
    let (out, chosen) = fix::apply_fixes(text, &refs);
    // oracle: the chosen edits applied to a copy, last first, with
    // `String::replace_range` (positions before an edit never move)
    let mut edits: Vec<&Edit> = chosen.iter().map(|&i| &fixes[i].edits[0]).collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
    for w in edits.windows(2) {
        let (later, earlier) = (&w[0].range, &w[1].range);
        assert!(earlier.end <= later.start, "overlap: {earlier:?} {later:?}");
        assert!(
            !(earlier.is_empty() && later.is_empty() && earlier.start == later.start),
            "two insertions at {}",
            later.start
        );
    }
    let mut expected = text.to_string();
    for e in &edits {
        expected.replace_range(e.range.clone(), &e.replacement);
    }
    assert_eq!(out, expected);
    // every fix left out conflicts with one applied: it shares a byte with
    // it, or is an insertion at the same place or inside it
    let inside = |x: &std::ops::Range<usize>, y: &std::ops::Range<usize>| {
        x.is_empty()
            && ((x.start == y.start && y.is_empty()) || (y.start < x.start && x.start < y.end))
    };
    for (i, f) in fixes.iter().enumerate() {
        // a fix whose edit cuts a character in two is never applied
        if !fix::valid(text, f) {
            assert!(!chosen.contains(&i), "fix {i} is not valid but applied");
            continue;
        }
        if chosen.contains(&i) {
            continue;
        }
        let r = &f.edits[0].range;
        assert!(
            edits
                .iter()
                .any(|e| (r.start..r.end).any(|b| e.range.contains(&b))
                    || inside(r, &e.range)
                    || inside(&e.range, r)),
            "fix {i} ({r:?}) left out but conflicts with none applied"
        );
    }
});
