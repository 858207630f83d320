//! Markdown and HTML link extraction: never panic; every span lies inside
//! the text and on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitelint::text::markdown;

fn ok(text: &str, r: &std::ops::Range<usize>) {
    assert!(r.start <= r.end && r.end <= text.len(), "{r:?}");
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{r:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for body in [
        markdown::parse_markdown(text, 0),
        markdown::parse_html(text, 0),
    ] {
        for l in &body.links {
            ok(text, &l.span);
            ok(text, &l.dest);
            if let Some(t) = &l.text {
                ok(text, t);
            }
        }
        for h in &body.headings {
            ok(text, &h.span);
        }
        for p in &body.prose {
            ok(text, &p.range);
        }
        for r in body.html_ids.iter().chain(&body.code).chain(&body.html) {
            ok(text, r);
        }
    }
});
