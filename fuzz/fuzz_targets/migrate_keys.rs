//! `set-key`, `rename-key` and `drop-key` on any front matter: never a
//! panic, and an edit that is made leaves valid front matter in which the
//! key means what was asked.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitelint::diagnostic::Edit;
use sitelint::migrate::keys::{self, NewValue, Outcome};
use sitelint::text::front_matter::{self, FrontMatter};
use sitelint::text::yaml::{Limits, Node};

fn apply(text: &str, outcome: Outcome) -> Option<String> {
    match outcome {
        Outcome::Edited(edits) => {
            let refs: Vec<&Edit> = edits.iter().collect();
            Some(sitelint::fix::apply(text, &refs))
        }
        _ => None,
    }
}

fn data(text: &str) -> Option<Node> {
    match front_matter::parse(text, Limits::default()) {
        FrontMatter::Closed(b) => b.data.ok().flatten(),
        _ => None,
    }
}

fuzz_target!(|input: &[u8]| {
    let Ok(input) = std::str::from_utf8(input) else {
        return;
    };
    // first line: key, second: value or new name; the rest is the file
    let mut parts = input.splitn(3, '\n');
    let (Some(key), Some(value), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let text = format!("---\n{body}\n---\nbody\n");
    for typed in [true, false] {
        let v = NewValue {
            text: value.to_string(),
            typed,
        };
        if let Some(new) = apply(&text, keys::set_in_text(&text, key, &v)) {
            let d = data(&new).expect("set-key leaves valid front matter");
            assert_eq!(d.get(key).and_then(Node::scalar_text), Some(value));
        }
    }
    if let Some(new) = apply(&text, keys::rename_in_text(&text, key, value)) {
        let d = data(&new).expect("rename-key leaves valid front matter");
        assert!(d.get(value).is_some());
    }
    if let Some(new) = apply(&text, keys::drop_in_text(&text, key, None)) {
        assert!(matches!(
            front_matter::parse(&new, Limits::default()),
            FrontMatter::Closed(b) if b.data.is_ok()
        ));
    }
});
