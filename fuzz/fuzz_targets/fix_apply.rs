//! Fix application: chosen edits never overlap, bytes outside them never
//! change, and the result is valid UTF-8 whatever the edits.
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
    let Ok(text) = std::str::from_utf8(rest) else { return };
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
    let mut edits: Vec<&Edit> = chosen.iter().map(|&i| &fixes[i].edits[0]).collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut expected = String::new();
    let mut pos = 0;
    for e in edits {
        assert!(e.range.start >= pos, "overlap");
        expected.push_str(&text[pos..e.range.start]);
        expected.push_str(&e.replacement);
        pos = e.range.end;
    }
    expected.push_str(&text[pos..]);
    assert_eq!(out, expected);
});
