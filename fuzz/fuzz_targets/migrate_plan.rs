//! The pure planning cores of `migrate import`, `migrate normalize-dates`
//! and `migrate move` (set-key, rename-key and drop-key are
//! `migrate_keys`), on any input: never a panic, and
//! - import: the post is valid front matter in which `title` is the
//!   text's first line, `date` the date given, every template key the
//!   template's value (same type: `published: false` stays a boolean), and
//!   the body follows unchanged; slugs hold only `a-z`, `0-9` and single
//!   inner `-`;
//! - normalize-dates: the new `date` is the same time as Jekyll reads it,
//!   every other key is unchanged, and normalizing again changes nothing;
//! - move: adding the old URL to `redirect_from` keeps the redirects there
//!   were, adds exactly the URL, and leaves every other key unchanged; a
//!   link's path is a root-relative part of its destination.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitelint::diagnostic::Edit;
use sitelint::migrate::dates::{self, DateFormat};
use sitelint::migrate::import;
use sitelint::migrate::move_docs;
use sitelint::site::dates as site_dates;
use sitelint::text::front_matter::{self, FrontMatter};
use sitelint::text::yaml::{self, Limits, Node, NodeKind, Value};
use sitelint::text::yaml_write::{self, Context};

/// A node's meaning, spans and styles left out.
fn meaning(node: &Node) -> String {
    match &node.kind {
        NodeKind::Scalar(s) => format!("{:?}{:?}", s.value, s.text),
        NodeKind::Seq(items) => format!(
            "[{}]",
            items.iter().map(meaning).collect::<Vec<_>>().join(",")
        ),
        NodeKind::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|e| format!("{}:{}", meaning(&e.key), meaning(&e.value)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        NodeKind::Alias => "*".into(),
    }
}

/// The front matter mapping of `text`, when it is valid.
fn data(text: &str) -> Option<Node> {
    match front_matter::parse(text, Limits::default()) {
        FrontMatter::Closed(b) => b.data.ok().flatten(),
        _ => None,
    }
}

/// Every entry but those named `key`, by meaning.
fn others(data: &Node, key: &str) -> Vec<String> {
    data.as_map()
        .unwrap_or(&[])
        .iter()
        .filter(|e| e.key.scalar_text() != Some(key))
        .map(|e| format!("{}:{}", meaning(&e.key), meaning(&e.value)))
        .collect()
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut refs: Vec<&Edit> = edits.iter().collect();
    refs.sort_by_key(|e| e.range.start);
    sitelint::fix::apply(text, &refs)
}

fn check_import(first: &str, rest: &str) {
    let date = match yaml::resolve_plain(first) {
        Value::Date { .. } => first,
        _ => "2020-01-02",
    };
    let (title, body) = import::convert(rest);
    let slug = import::slugify(&title);
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--"),
        "slug {slug:?}"
    );
    if title.is_empty() {
        return;
    }
    // the template: the rest as YAML, when it is a mapping
    let template = yaml::parse(rest, 0..rest.len(), Limits::default())
        .ok()
        .flatten();
    let post = import::post_text(&title, date, &body, template.as_ref());
    let d = data(&post).unwrap_or_else(|| panic!("the post is valid front matter: {post:?}"));
    let t = d.get("title").and_then(Node::as_scalar).expect("a title");
    assert_eq!((&t.text, &t.value), (&title, &Value::Str), "{post:?}");
    assert!(matches!(
        d.get("date").and_then(Node::as_scalar).map(|s| &s.value),
        Some(Value::Date { .. })
    ));
    let FrontMatter::Closed(block) = front_matter::parse(&post, Limits::default()) else {
        panic!("closed");
    };
    assert_eq!(
        post[block.body_start..].trim_start_matches('\n'),
        body.trim_start_matches('\n')
    );
    let mut seen = vec!["title".to_string(), "date".to_string()];
    for e in template.as_ref().and_then(Node::as_map).unwrap_or(&[]) {
        let (Some(k), Some(v)) = (e.key.scalar_text(), e.value.as_scalar()) else {
            continue;
        };
        // a tagged value (`!!float 1`) is written as its text
        if v.tag.is_some() {
            continue;
        }
        if yaml_write::quote_key(k, Context::Block).is_none() || seen.iter().any(|s| s == k) {
            continue;
        }
        seen.push(k.to_string());
        let got = d
            .get(k)
            .and_then(Node::as_scalar)
            .unwrap_or_else(|| panic!("`{k}` in {post:?}"));
        assert_eq!(
            format!("{:?}", got.value),
            format!("{:?}", v.value),
            "`{k}`: {post:?}"
        );
        if v.value == Value::Str {
            assert_eq!(got.text, v.text, "`{k}`: {post:?}");
        }
    }
}

fn check_dates(text: &str) {
    let Some(before) = data(text) else { return };
    let Some(node) = before.get("date") else {
        return;
    };
    let Some(t) = site_dates::jekyll_time(node) else {
        return;
    };
    // a site without `timezone:` (dates without a zone are UTC)
    let zone = site_dates::Zone::of_config(None).expect("no timezone is a zone");
    for format in [DateFormat::Date, DateFormat::Datetime] {
        let current = &text[node.span.clone()];
        // `Err`: the new text would read as another time; left alone
        let Ok(Some(new)) = dates::normalized(&zone, node, current, format) else {
            continue;
        };
        let edited = apply(text, &[Edit::replace(node.span.clone(), new.text.clone())]);
        let after = data(&edited)
            .unwrap_or_else(|| panic!("`{}` leaves valid front matter: {edited:?}", new.text));
        assert_eq!(
            others(&before, "date"),
            others(&after, "date"),
            "{edited:?}"
        );
        let node2 = after.get("date").expect("a date");
        let t2 = site_dates::jekyll_time(node2)
            .unwrap_or_else(|| panic!("`{}` reads as a time", new.text));
        // the same instant (a time without a zone is in the site's)
        let instant = |t: site_dates::DateTime| {
            let offset = t.offset_minutes.unwrap_or_else(|| zone.offset_of_local(&t));
            site_dates::unix_seconds(&site_dates::DateTime {
                offset_minutes: Some(offset),
                ..t
            })
        };
        assert_eq!(
            instant(t),
            instant(t2),
            "`{current}` becomes `{}`",
            new.text
        );
        let again = dates::normalized(&zone, node2, &edited[node2.span.clone()], format);
        assert_eq!(again, Ok(None), "`{}` normalized again", new.text);
    }
}

fn redirects(data: &Node) -> Vec<String> {
    match data.get("redirect_from") {
        None => Vec::new(),
        Some(n) => match &n.kind {
            NodeKind::Seq(items) => items.iter().map(meaning).collect(),
            NodeKind::Scalar(s) if s.value == Value::Null => Vec::new(),
            NodeKind::Scalar(s) if !s.text.is_empty() => vec![meaning(n)],
            _ => vec!["?".into()],
        },
    }
}

fn check_move(url: &str, text: &str) {
    if let Some((start, path)) = move_docs::link_path(url) {
        assert_eq!(&url[start..start + path.len()], path);
        assert!(path.starts_with('/') && !path.contains(['?', '#']));
    }
    let front = front_matter::parse(text, Limits::default());
    let Some(before) = front.data().cloned() else {
        return;
    };
    let Some(edits) = move_docs::add_redirect(text, &front, url) else {
        return;
    };
    let edited = apply(text, &edits);
    let after = data(&edited)
        .unwrap_or_else(|| panic!("redirect_from leaves valid front matter: {edited:?}"));
    assert_eq!(
        others(&before, "redirect_from"),
        others(&after, "redirect_from"),
        "{edited:?}"
    );
    let old = redirects(&before);
    if old.iter().any(|r| r == "?") {
        return;
    }
    let mut expected = old;
    expected.push(format!("{:?}{url:?}", Value::Str));
    let got: Vec<String> = match after.get("redirect_from").map(|n| &n.kind) {
        Some(NodeKind::Seq(items)) => items.iter().map(meaning).collect(),
        other => panic!("redirect_from is {other:?}: {edited:?}"),
    };
    // an earlier redirect written as a typed scalar is kept as text
    let text_of = |m: &String| {
        m.split_once('"')
            .map(|(_, t)| t.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        got.iter().map(text_of).collect::<Vec<_>>(),
        expected.iter().map(text_of).collect::<Vec<_>>(),
        "{edited:?}"
    );
    assert_eq!(
        got.last(),
        expected.last(),
        "the URL is added as text: {edited:?}"
    );
}

fuzz_target!(|bytes: &[u8]| {
    let Some((&which, rest)) = bytes.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let (first, rest) = input.split_once('\n').unwrap_or((input, ""));
    match which % 3 {
        0 => check_import(first, rest),
        1 => check_dates(&format!("---\n{input}\n---\nbody\n")),
        _ => check_move(first, &format!("---\n{rest}\n---\nbody\n")),
    }
});
