//! Liquid and HTML attribute scanning inside URLs: never panic; spans valid.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitelint::text::{html, liquid};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let found = liquid::find(text, 0..text.len());
    for l in &found {
        assert!(
            l.span.end <= text.len()
                && text.is_char_boundary(l.span.start)
                && text.is_char_boundary(l.span.end)
        );
        let _ = liquid::tag_name(&text[l.span.clone()]);
    }
    for r in liquid::opaque_blocks(text, &found) {
        assert!(r.end <= text.len());
    }
    for t in html::tags(text, 0..text.len()) {
        for a in &t.attrs {
            assert!(
                a.value.end <= text.len()
                    && text.is_char_boundary(a.value.start)
                    && text.is_char_boundary(a.value.end)
            );
        }
    }
});
