//! `migrate rename-key`, `drop-key` and `set-key`: front matter edits that
//! touch only the lines concerned.

use crate::diagnostic::Edit;
use crate::migrate::{Plan, eol, yaml_scalar};
use crate::site::{Document, Site};
use crate::text::front_matter::FrontMatter;
use crate::text::yaml::{Entry, Node, Style};

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
        in_paths && in_collection && condition && doc.front.data().is_some()
    }
}

/// The byte range of a whole `key: value` entry: from the start of the
/// key's line to the end of the value's last line, line ending included.
fn entry_lines(text: &str, e: &Entry) -> Option<std::ops::Range<usize>> {
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

pub fn rename_key(site: &Site, filter: &Filter, old: &str, new: &str, plan: &mut Plan) {
    for doc in &site.documents {
        if !filter.matches(site, doc) {
            continue;
        }
        let Some(data) = doc.front.data() else {
            continue;
        };
        let Some(entries) = data.as_map() else {
            continue;
        };
        let hits: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.key.scalar_text() == Some(old))
            .collect();
        if hits.is_empty() {
            continue;
        }
        if data.get(new).is_some() {
            plan.skipped.push(format!(
                "{}: has both `{old}` and `{new}`; merge them by hand",
                doc.rel()
            ));
            continue;
        }
        let edits = hits
            .iter()
            .map(|e| {
                let quote = match e.key.as_scalar().map(|s| s.style) {
                    Some(Style::SingleQuoted) => "'",
                    Some(Style::DoubleQuoted) => "\"",
                    _ => "",
                };
                Edit::replace(e.key.span.clone(), format!("{quote}{new}{quote}"))
            })
            .collect();
        plan.edit(doc, edits, format!("rename `{old}` to `{new}`"));
    }
}

pub fn drop_key(
    site: &Site,
    filter: &Filter,
    key: &str,
    when_value: Option<&str>,
    plan: &mut Plan,
) {
    for doc in &site.documents {
        if !filter.matches(site, doc) {
            continue;
        }
        let Some(entries) = doc.front.data().and_then(Node::as_map) else {
            continue;
        };
        let mut edits = Vec::new();
        for e in entries.iter().filter(|e| e.key.scalar_text() == Some(key)) {
            if when_value.is_some_and(|v| e.value.scalar_text() != Some(v)) {
                continue;
            }
            match entry_lines(&doc.file.text, e) {
                Some(range) => edits.push(Edit::delete(range)),
                None => plan.skipped.push(format!(
                    "{}: `{key}` is not on a line of its own",
                    doc.rel()
                )),
            }
        }
        let note = match when_value {
            Some(v) => format!("drop `{key}: {v}`"),
            None => format!("drop `{key}`"),
        };
        plan.edit(doc, edits, note);
    }
}

pub fn set_key(site: &Site, filter: &Filter, key: &str, value: &str, plan: &mut Plan) {
    let rendered = yaml_scalar(value);
    for doc in &site.documents {
        if !filter.matches(site, doc) {
            continue;
        }
        let FrontMatter::Closed(block) = &doc.front else {
            continue;
        };
        let Some(data) = doc.front.data() else {
            continue;
        };
        match data.get(key) {
            Some(existing) if existing.as_scalar().is_some() => {
                if existing.scalar_text() == Some(value) {
                    continue;
                }
                plan.edit(
                    doc,
                    vec![Edit::replace(existing.span.clone(), rendered.clone())],
                    format!("set `{key}` to `{value}`"),
                );
            }
            Some(_) => plan.skipped.push(format!(
                "{}: `{key}` holds a list or mapping; not replaced",
                doc.rel()
            )),
            None => {
                let line = format!("{key}: {rendered}{}", eol(&doc.file.text));
                plan.edit(
                    doc,
                    vec![Edit::insert(block.close.start, line)],
                    format!("add `{key}: {value}`"),
                );
            }
        }
    }
}
