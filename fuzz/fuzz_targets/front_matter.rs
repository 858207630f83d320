//! Front matter fences and YAML: never panic; every span lies inside the
//! text and on character boundaries; the YAML fast path, whenever it
//! answers, answers exactly like the full parser.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitelint::text::front_matter::{self, FrontMatter};
use sitelint::text::yaml::{self, Limits, Node, NodeKind};
use sitelint::text::yaml_fast;

fn check(text: &str, node: &Node) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        assert!(n.span.start <= n.span.end && n.span.end <= text.len());
        assert!(text.is_char_boundary(n.span.start) && text.is_char_boundary(n.span.end));
        match &n.kind {
            NodeKind::Map(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
            NodeKind::Seq(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
}

/// The fast path, when it answers for `text[range]`, equals the full parser.
fn same_as_full(text: &str, range: std::ops::Range<usize>) {
    if let Some(tree) = yaml_fast::parse(text, range.clone(), Limits::default()) {
        assert_eq!(Ok(tree), yaml::parse_full(text, range, Limits::default()));
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    same_as_full(text, 0..text.len());
    match front_matter::parse(text, Limits::default()) {
        FrontMatter::Closed(block) => {
            assert!(block.body_start <= text.len());
            same_as_full(text, block.yaml.clone());
            match &block.data {
                Ok(Some(node)) => check(text, node),
                Ok(None) => {}
                Err(e) => assert!(e.offset <= text.len()),
            }
        }
        FrontMatter::Unclosed { open, dashed } => {
            assert!(open.end <= text.len());
            if let Some(d) = dashed {
                assert!(d.end <= text.len());
            }
        }
        FrontMatter::Absent => {}
    }
});
