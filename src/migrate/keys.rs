//! `migrate rename-key`, `drop-key` and `set-key`: front matter edits that
//! touch only the bytes concerned.
//!
//! Every edit is computed on the tree as written ([`yaml::parse_raw`]),
//! written with [`yaml_write`]'s quoting, and then read back: the edited key
//! must mean what was asked and every other key what it meant before, or the
//! file is reported and left alone. An edit that would leave an alias
//! without its anchor is never made.

use std::ops::Range;

use crate::diagnostic::Edit;
use crate::migrate::{Plan, eol};
use crate::site::{Document, Site};
use crate::text::front_matter::{self, FrontMatter};
use crate::text::yaml::{self, Entry, Limits, Node, NodeKind, Raw, Value};
use crate::text::yaml_write::{self, Context};

/// Which documents a migration applies to.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only this collection (by name).
    pub collection: Option<String>,
    /// Only documents whose front matter has `key: value` (scalar text).
    pub condition: Option<(String, String)>,
    /// Only these paths (relative to the root); empty means all.
    pub only: Vec<String>,
}

impl Filter {
    pub fn matches(&self, site: &Site, doc: &Document) -> bool {
        let in_paths = self.only.is_empty()
            || self
                .only
                .iter()
                .any(|p| doc.rel() == p || doc.rel().starts_with(&format!("{p}/")));
        let in_collection = self.collection.as_deref().is_none_or(|c| {
            doc.collection
                .is_some_and(|i| site.config.collections[i].name == c)
        });
        let condition = self.condition.as_ref().is_none_or(|(k, v)| {
            doc.front
                .data()
                .and_then(|d| d.get(k))
                .and_then(Node::scalar_text)
                == Some(v.as_str())
        });
        let has_front_matter = doc.front.data().is_some()
            || matches!(&doc.front, FrontMatter::Closed(b) if matches!(b.data, Ok(None)));
        in_paths && in_collection && condition && has_front_matter
    }
}

/// The value `set-key` writes.
#[derive(Clone, Debug)]
pub struct NewValue {
    /// The text as given.
    pub text: String,
    /// Written as a boolean, number, date or null when it is one in its usual
    /// spelling ([`yaml_write::typed`]); `false` writes it as text always.
    pub typed: bool,
}

impl NewValue {
    fn typed_value(&self) -> Option<(String, Value)> {
        if self.typed {
            yaml_write::typed(&self.text)
        } else {
            None
        }
    }

    fn render(&self, context: Context) -> String {
        match self.typed_value() {
            Some((literal, _)) => literal,
            None => yaml_write::quote_str(&self.text, context),
        }
    }

    /// What Psych reads: the value and its type name, for the plan.
    fn value(&self) -> Value {
        self.typed_value().map_or(Value::Str, |(_, v)| v)
    }

    fn describe(&self) -> String {
        match self.value() {
            Value::Str => format!("`{}`", self.text),
            v => format!("`{}` ({})", self.text, v.type_name()),
        }
    }
}

/// What an edit of one file's front matter comes to.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing to do.
    Unchanged,
    /// Byte edits of the file, checked by reading the result back.
    Edited(Vec<Edit>),
    /// Not done, and why (for the plan's `skipped:` lines).
    Skipped(String),
}

/// A file's front matter as written.
struct Front<'a> {
    text: &'a str,
    close: usize,
    raw: Raw,
}

impl<'a> Front<'a> {
    fn read(text: &'a str) -> Option<Front<'a>> {
        let FrontMatter::Closed(block) = front_matter::parse(text, Limits::default()) else {
            return None;
        };
        let raw = yaml::parse_raw(text, block.yaml.clone(), Limits::default()).ok()?;
        raw.root.as_ref()?.as_map()?;
        Some(Front {
            text,
            close: block.close.start,
            raw,
        })
    }

    fn root(&self) -> &Node {
        // `read` checked it is a mapping
        self.raw.root.as_ref().unwrap_or_else(|| unreachable!())
    }

    fn entries(&self) -> &[Entry] {
        self.root().as_map().unwrap_or_default()
    }

    /// The last entry written as `key` (Psych keeps the last one).
    fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()
            .iter()
            .rev()
            .find(|e| e.key.scalar_text() == Some(key))
    }

    fn is_flow(&self) -> bool {
        self.text[..self.root().span.start]
            .trim_end()
            .ends_with('{')
            || self.text[self.root().span.clone()].starts_with('{')
    }

    fn context(&self) -> Context {
        if self.is_flow() {
            Context::Flow
        } else {
            Context::Block
        }
    }

    /// Where the `:` after an entry's key is.
    fn colon(&self, e: &Entry) -> Option<usize> {
        let after = &self.text[e.key.span.end..];
        let skipped = after.len() - after.trim_start_matches([' ', '\t']).len();
        after[skipped..]
            .starts_with(':')
            .then_some(e.key.span.end + skipped)
    }

    fn line(&self, at: usize) -> usize {
        self.text[..at].matches('\n').count() + 1
    }

    /// `Some(reason)` when an alias outside `range` names an anchor inside it.
    fn anchored(&self, range: &Range<usize>, what: &str) -> Option<String> {
        let uses = self.raw.aliases_into(range);
        let (anchor, alias) = uses.first()?;
        Some(format!(
            "{what} is anchored as `&{}`, and the alias `*{}` on line {} uses it; edit it by hand",
            anchor.name,
            anchor.name,
            self.line(alias.start)
        ))
    }

    /// An edit that adds `key: value` as the mapping's last entry.
    fn insert(&self, key: &str, value: &str) -> Edit {
        let root = self.root();
        if self.is_flow() {
            return match root.as_map().and_then(<[Entry]>::last) {
                Some(last) => Edit::insert(last.value.span.end, format!(", {key}: {value}")),
                None => {
                    let open = self.text[..root.span.end]
                        .rfind('{')
                        .map_or(root.span.start, |i| i + 1);
                    Edit::insert(open, format!("{key}: {value}"))
                }
            };
        }
        let line_start = self.text[..root.span.start]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        let indent = &self.text[line_start..root.span.start];
        let indent = if indent.bytes().all(|b| b == b' ') {
            indent
        } else {
            ""
        };
        Edit::insert(
            self.close,
            format!("{indent}{key}: {value}{}", eol(self.text)),
        )
    }
}

/// Two trees that mean the same to Jekyll (spans and styles aside).
fn same(a: &Node, b: &Node) -> bool {
    match (&a.kind, &b.kind) {
        (NodeKind::Scalar(x), NodeKind::Scalar(y)) => {
            x.text == y.text
                && x.tag == y.tag
                && (x.value == y.value
                    || matches!((&x.value, &y.value), (Value::Float(p), Value::Float(q)) if p.is_nan() && q.is_nan()))
        }
        (NodeKind::Seq(x), NodeKind::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (NodeKind::Map(x), NodeKind::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| same(&p.key, &q.key) && same(&p.value, &q.value))
        }
        (NodeKind::Alias, NodeKind::Alias) => true,
        _ => false,
    }
}

/// Read the edited text back: `check` gets the old and new mappings (as
/// Jekyll reads them) and says whether the edit means what was asked.
pub(crate) fn verify(
    text: &str,
    edits: Vec<Edit>,
    changed: &[&str],
    check: impl Fn(&Node, &Node) -> bool,
) -> Outcome {
    let refs: Vec<&Edit> = edits.iter().collect();
    let new = crate::fix::apply(text, &refs);
    // no data at all (the last key dropped) reads as an empty mapping
    let read = |t: &str| match front_matter::parse(t, Limits::default()) {
        FrontMatter::Closed(b) => match b.data {
            Ok(Some(node)) => Some(node),
            Ok(None) => Some(Node {
                span: 0..0,
                kind: NodeKind::Map(Vec::new()),
            }),
            Err(_) => None,
        },
        _ => None,
    };
    let (Some(old_map), Some(new_map)) = (read(text), read(&new)) else {
        return Outcome::Skipped(
            "the edit would not leave valid front matter; edit it by hand".into(),
        );
    };
    if old_map.as_map().is_none() || new_map.as_map().is_none() {
        return Outcome::Skipped(
            "the edit would not leave valid front matter; edit it by hand".into(),
        );
    };
    let keys = |m: &Node| -> Vec<String> {
        let mut k: Vec<String> = m
            .as_map()
            .unwrap_or_default()
            .iter()
            .filter_map(|e| e.key.scalar_text().map(str::to_string))
            .filter(|k| !changed.contains(&k.as_str()))
            .collect();
        k.sort();
        k.dedup();
        k
    };
    let others_kept = keys(&old_map) == keys(&new_map)
        && keys(&old_map)
            .iter()
            .all(|k| match (old_map.get(k), new_map.get(k)) {
                (Some(a), Some(b)) => same(a, b),
                _ => false,
            });
    if others_kept && check(&old_map, &new_map) {
        Outcome::Edited(edits)
    } else {
        Outcome::Skipped("the edit would change other keys; edit it by hand".into())
    }
}

/// `set-key` on one file's text.
pub fn set_in_text(text: &str, key: &str, value: &NewValue) -> Outcome {
    let Some(front) = Front::read(text) else {
        // front matter without any data (`---` then `---`) takes the key
        return match front_matter::parse(text, Limits::default()) {
            FrontMatter::Closed(b) if matches!(b.data, Ok(None)) => {
                let Some(key_text) = yaml_write::quote_key(key, Context::Block) else {
                    return Outcome::Skipped(format!("`{key}` cannot be written as a key"));
                };
                let line = format!("{key_text}: {}{}", value.render(Context::Block), eol(text));
                verify(
                    text,
                    vec![Edit::insert(b.close.start, line)],
                    &[key],
                    |_, new| new.get(key).and_then(Node::scalar_text) == Some(value.text.as_str()),
                )
            }
            _ => Outcome::Unchanged,
        };
    };
    let context = front.context();
    let Some(key_text) = yaml_write::quote_key(key, context) else {
        return Outcome::Skipped(format!("`{key}` cannot be written as a key"));
    };
    let rendered = value.render(context);
    let intended = value.value();
    let edits = match front.entry(key) {
        None => vec![front.insert(&key_text, &rendered)],
        Some(e) => {
            if let NodeKind::Scalar(s) = &e.value.kind
                && s.text == value.text
                && s.value == intended
            {
                return Outcome::Unchanged;
            }
            if matches!(e.value.kind, NodeKind::Seq(_) | NodeKind::Map(_)) {
                return Outcome::Skipped(format!("`{key}` holds a list or mapping; not replaced"));
            }
            let Some(colon) = front.colon(e) else {
                return Outcome::Skipped(format!(
                    "`{key}` is not written as `{key}: value`; edit it by hand"
                ));
            };
            // from the colon to the value's end: anchors, tags and block
            // scalar indicators go with the old value
            let range = colon + 1..e.value.span.end.max(colon + 1);
            if let Some(why) = front.anchored(&range, &format!("`{key}`'s value")) {
                return Outcome::Skipped(why);
            }
            if range.is_empty() {
                // `key:` or `key:  # note`: the value goes after the colon
                vec![Edit::insert(colon + 1, format!(" {rendered}"))]
            } else {
                vec![Edit::replace(range, format!(" {rendered}"))]
            }
        }
    };
    verify(text, edits, &[key], |_, new| {
        matches!(new.get(key).map(|n| &n.kind),
            Some(NodeKind::Scalar(s)) if s.text == value.text
                && (s.value == intended || (value.text.is_empty() && !value.typed)))
    })
}

/// `drop-key` on one file's text.
pub fn drop_in_text(text: &str, key: &str, when_value: Option<&str>) -> Outcome {
    let Some(front) = Front::read(text) else {
        return Outcome::Unchanged;
    };
    let mut edits = Vec::new();
    for e in front
        .entries()
        .iter()
        .filter(|e| e.key.scalar_text() == Some(key))
    {
        if when_value.is_some_and(|v| e.value.scalar_text() != Some(v)) {
            continue;
        }
        let Some(range) = entry_lines(text, e) else {
            return Outcome::Skipped(format!("`{key}` is not on a line of its own"));
        };
        if let Some(why) = front.anchored(&range, &format!("`{key}`")) {
            return Outcome::Skipped(why);
        }
        if edits
            .last()
            .is_some_and(|prev: &Edit| prev.range.end > range.start)
        {
            return Outcome::Skipped(format!(
                "`{key}` is written in a shape that cannot be cut out line by line; edit it by hand"
            ));
        }
        edits.push(Edit::delete(range));
    }
    if edits.is_empty() {
        return Outcome::Unchanged;
    }
    let dropped_all = when_value.is_none();
    verify(text, edits, &[key], |old, new| {
        // what is left of the key is what a merge key provides, or (with
        // `--when-value`) the entries with other values
        dropped_all || old.get(key).is_some() || new.get(key).is_none()
    })
}

/// `rename-key` on one file's text; `new` must be valid as a key.
pub fn rename_in_text(text: &str, old: &str, new: &str) -> Outcome {
    let Some(front) = Front::read(text) else {
        return Outcome::Unchanged;
    };
    let hits: Vec<&Entry> = front
        .entries()
        .iter()
        .filter(|e| e.key.scalar_text() == Some(old))
        .collect();
    if hits.is_empty() {
        return Outcome::Unchanged;
    }
    let resolved = |t: &str| match front_matter::parse(t, Limits::default()) {
        FrontMatter::Closed(b) => b.data.ok().flatten(),
        _ => None,
    };
    if resolved(text).is_some_and(|d| d.get(new).is_some()) {
        return Outcome::Skipped(format!("has both `{old}` and `{new}`; merge them by hand"));
    }
    let Some(new_text) = yaml_write::quote_key(new, front.context()) else {
        return Outcome::Skipped(format!("`{new}` cannot be written as a key"));
    };
    let mut edits = Vec::new();
    for e in hits {
        if let Some(why) = front.anchored(&e.key.span, &format!("the key `{old}`")) {
            return Outcome::Skipped(why);
        }
        edits.push(Edit::replace(e.key.span.clone(), new_text.clone()));
    }
    verify(text, edits, &[old, new], |before, after| {
        match (before.get(old), after.get(new)) {
            (Some(a), Some(b)) => same(a, b),
            _ => false,
        }
    })
}

/// The byte range of a whole `key: value` entry: from the start of the
/// key's line to the end of the value's last line, line ending included.
fn entry_lines(text: &str, e: &Entry) -> Option<Range<usize>> {
    let line_start = text[..e.key.span.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    // the key must start its line (block style), after indentation
    if !text[line_start..e.key.span.start]
        .bytes()
        .all(|b| b == b' ')
    {
        return None;
    }
    let end = e.value.span.end.max(e.key.span.end);
    let mut line_end = text[end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| end + i);
    if text[line_end..].starts_with("\r\n") {
        line_end += 2;
    } else if line_end < text.len() {
        line_end += 1;
    }
    Some(line_start..line_end)
}

fn record(plan: &mut Plan, doc: &Document, outcome: Outcome, note: String) {
    match outcome {
        Outcome::Unchanged => {}
        Outcome::Edited(edits) => plan.edit(doc, edits, note),
        Outcome::Skipped(why) => plan.skipped.push(format!("{}: {why}", doc.rel())),
    }
}

pub fn rename_key(site: &Site, filter: &Filter, old: &str, new: &str, plan: &mut Plan) {
    for doc in &site.documents {
        if filter.matches(site, doc) {
            let outcome = rename_in_text(&doc.file.text, old, new);
            record(plan, doc, outcome, format!("rename `{old}` to `{new}`"));
        }
    }
}

pub fn drop_key(
    site: &Site,
    filter: &Filter,
    key: &str,
    when_value: Option<&str>,
    plan: &mut Plan,
) {
    let note = match when_value {
        Some(v) => format!("drop `{key}: {v}`"),
        None => format!("drop `{key}`"),
    };
    for doc in &site.documents {
        if filter.matches(site, doc) {
            let outcome = drop_in_text(&doc.file.text, key, when_value);
            record(plan, doc, outcome, note.clone());
        }
    }
}

pub fn set_key(site: &Site, filter: &Filter, key: &str, value: &NewValue, plan: &mut Plan) {
    for doc in &site.documents {
        if filter.matches(site, doc) {
            let note = match doc.front.data().and_then(|d| d.get(key)) {
                Some(_) => format!("set `{key}` to {}", value.describe()),
                None => format!("add `{key}` = {}", value.describe()),
            };
            let outcome = set_in_text(&doc.file.text, key, value);
            record(plan, doc, outcome, note);
        }
    }
}

/// Whether the front matter is a block mapping whose keys start their lines
/// at column 0 (where a new `key:` line with an indented list can go).
pub fn is_plain_block(text: &str) -> bool {
    Front::read(text).is_some_and(|f| {
        let start = f.root().span.start;
        !f.is_flow() && (start == 0 || matches!(f.text.as_bytes()[start - 1], b'\n' | b'\r'))
    })
}

/// Where and how a new top-level entry goes, for other migrations: an edit
/// adding `key: value` (the value already written for `context`).
pub fn insert_entry(text: &str, key: &str, value: impl Fn(Context) -> String) -> Option<Edit> {
    let front = Front::read(text)?;
    let key = yaml_write::quote_key(key, front.context())?;
    Some(front.insert(&key, &value(front.context())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, outcome: Outcome) -> Result<String, String> {
        match outcome {
            Outcome::Edited(edits) => {
                let refs: Vec<&Edit> = edits.iter().collect();
                Ok(crate::fix::apply(text, &refs))
            }
            Outcome::Unchanged => Ok(text.to_string()),
            Outcome::Skipped(why) => Err(why),
        }
    }

    fn set(text: &str, key: &str, value: &str, typed: bool) -> Result<String, String> {
        let v = NewValue {
            text: value.into(),
            typed,
        };
        apply(text, set_in_text(text, key, &v))
    }

    #[test]
    fn set_key_shapes() {
        // issue 20 / repro 03
        let t = "---\ntitle: a\nexcerpt:\nlayout: post\n---\nb\n";
        assert_eq!(
            set(t, "excerpt", "hello", true).unwrap(),
            "---\ntitle: a\nexcerpt: hello\nlayout: post\n---\nb\n"
        );
        let t = "---\nexcerpt:  # note\n---\n";
        assert_eq!(
            set(t, "excerpt", "hello", true).unwrap(),
            "---\nexcerpt: hello  # note\n---\n"
        );
        let t = "---\ntitle: a\nexcerpt: |\n  old\nlayout: post\n---\nb\n";
        assert_eq!(
            set(t, "excerpt", "hello", true).unwrap(),
            "---\ntitle: a\nexcerpt: hello\nlayout: post\n---\nb\n"
        );
        let t = "---\n{title: a, layout: post}\n---\nb\n";
        assert_eq!(
            set(t, "excerpt", "a, b", true).unwrap(),
            "---\n{title: a, layout: post, excerpt: \"a, b\"}\n---\nb\n"
        );
        assert_eq!(
            set(t, "layout", "page", true).unwrap(),
            "---\n{title: a, layout: page}\n---\nb\n"
        );
        let t = "---\n  title: a\n  layout: post\n---\nb\n";
        assert_eq!(
            set(t, "excerpt", "x", true).unwrap(),
            "---\n  title: a\n  layout: post\n  excerpt: x\n---\nb\n"
        );
        let t = "---\ntitle: a\nexcerpt: &x text\nlayout: post\ndescription: *x\n---\nb\n";
        assert!(
            set(t, "excerpt", "hello", true)
                .unwrap_err()
                .contains("`*x` on line 5")
        );
        // replacing the alias itself is fine
        assert!(
            set(t, "description", "d", true)
                .unwrap()
                .contains("description: d\n")
        );
        // typed values, and `--string`
        let t = "---\ntitle: a\n---\n";
        assert!(
            set(t, "sitemap", "false", true)
                .unwrap()
                .contains("sitemap: false\n")
        );
        assert!(
            set(t, "sitemap", "false", false)
                .unwrap()
                .contains("sitemap: \"false\"\n")
        );
        assert!(set(t, "n", "3", true).unwrap().contains("n: 3\n"));
        assert!(
            set(t, "d", "2024-01-31", true)
                .unwrap()
                .contains("d: 2024-01-31\n")
        );
        assert!(
            set(t, "time", "19:30", true)
                .unwrap()
                .contains("time: \"19:30\"\n")
        );
        assert!(
            set(t, "t", "1:20:30", true)
                .unwrap()
                .contains("t: \"1:20:30\"\n")
        );
        // a string value changes to the boolean
        let t = "---\nsitemap: \"false\"\n---\n";
        assert_eq!(
            set(t, "sitemap", "false", true).unwrap(),
            "---\nsitemap: false\n---\n"
        );
        assert_eq!(set(t, "sitemap", "false", false).unwrap(), t);
        // an empty block scalar (found by scripts/yaml-psych-check)
        let t = "---\ndate: |\ndescription: x\n---\n";
        assert_eq!(
            set(t, "date", "d", true).unwrap(),
            "---\ndate: d\ndescription: x\n---\n"
        );
        // front matter without data
        let t = "---\n---\nb\n";
        assert_eq!(
            set(t, "layout", "post", true).unwrap(),
            "---\nlayout: post\n---\nb\n"
        );
        // a tag goes with the old value
        let t = "---\na: !!str 3\n---\n";
        assert_eq!(set(t, "a", "4", true).unwrap(), "---\na: 4\n---\n");
    }

    #[test]
    fn drop_and_rename() {
        // issue 20 / repro 04
        let t = "---\nauthor: &a Jo\nteam: *a\n---\nb\n";
        assert!(
            apply(t, drop_in_text(t, "author", None))
                .unwrap_err()
                .contains("`*a` on line 3")
        );
        assert_eq!(
            apply(t, drop_in_text(t, "team", None)).unwrap(),
            "---\nauthor: &a Jo\n---\nb\n"
        );
        let t = "---\ntitle: T\n---\nb\n";
        assert_eq!(
            apply(t, rename_in_text(t, "title", "#heading")).unwrap(),
            "---\n\"#heading\": T\n---\nb\n"
        );
        assert_eq!(
            apply(t, rename_in_text(t, "title", "a: b")).unwrap(),
            "---\n\"a: b\": T\n---\nb\n"
        );
        assert!(apply(t, rename_in_text(t, "title", "a\nb")).is_err());
        let t = "---\n&k title: T\nx: *k\n---\n";
        assert!(
            apply(t, rename_in_text(t, "title", "name"))
                .unwrap_err()
                .contains("`*k`")
        );
        let t = "---\n{title: T, a: 1}\n---\n";
        assert_eq!(
            apply(t, rename_in_text(t, "title", "x, y")).unwrap(),
            "---\n{\"x, y\": T, a: 1}\n---\n"
        );
    }
}
