//! What the documents themselves use: for each collection, every key, how
//! many documents have it and with which types. `sitelint schema infer`
//! prints it and can write it as a starting schema; the checks use it to
//! know which keys a site uses (for "did you mean" on unknown keys).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::site::Site;
use crate::text::yaml::{Node, NodeKind, Value};

#[derive(Clone, Debug, Default)]
pub struct KeyStats {
    /// Documents that have the key.
    pub count: usize,
    /// How many documents have each type, by type name.
    pub types: BTreeMap<&'static str, usize>,
}

#[derive(Clone, Debug, Default)]
pub struct CollectionStats {
    /// The Jekyll collection name, or `pages` for documents outside any.
    pub name: String,
    pub in_collection: bool,
    pub documents: usize,
    pub keys: BTreeMap<String, KeyStats>,
}

#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// One entry per collection in `config.collections` order, then the
    /// pages outside collections.
    pub collections: Vec<CollectionStats>,
    /// Documents using each key, over the whole site.
    pub site_keys: HashMap<String, usize>,
}

/// The type name of a value, as the schema writes it.
pub fn type_of(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Scalar(s) => match s.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Date { .. } => "date",
            Value::Time(_) => "datetime",
            Value::Str => "string",
        },
        NodeKind::Seq(_) => "list",
        NodeKind::Map(_) => "object",
        NodeKind::Alias => "any",
    }
}

/// Strings seen so far: a list while they are few (faster than hashing),
/// a hash set beyond.
pub(crate) enum Seen<'a> {
    Few(Vec<&'a str>),
    Many(rustc_hash::FxHashSet<&'a str>),
}

impl<'a> Seen<'a> {
    /// Up to this many strings, a list.
    const FEW: usize = 32;

    pub(crate) fn with_capacity(n: usize) -> Seen<'a> {
        if n <= Self::FEW {
            Seen::Few(Vec::with_capacity(n))
        } else {
            let mut set = rustc_hash::FxHashSet::default();
            set.reserve(n);
            Seen::Many(set)
        }
    }

    /// Add `s`: `false` if it was seen already.
    pub(crate) fn insert(&mut self, s: &'a str) -> bool {
        match self {
            Seen::Few(list) if list.len() < Self::FEW => {
                if list.contains(&s) {
                    return false;
                }
                list.push(s);
                true
            }
            Seen::Few(list) => {
                let mut set: rustc_hash::FxHashSet<&'a str> = list.drain(..).collect();
                let new = set.insert(s);
                *self = Seen::Many(set);
                new
            }
            Seen::Many(set) => set.insert(s),
        }
    }
}

impl Stats {
    pub fn collect(site: &Site) -> Stats {
        let mut collections: Vec<CollectionStats> = site
            .config
            .collections
            .iter()
            .map(|c| CollectionStats {
                name: c.name.clone(),
                in_collection: true,
                ..CollectionStats::default()
            })
            .collect();
        collections.push(CollectionStats {
            name: "pages".into(),
            in_collection: false,
            ..CollectionStats::default()
        });
        let pages = collections.len() - 1;
        let mut site_keys: HashMap<String, usize> = HashMap::new();
        for doc in &site.documents {
            let Some(map) = doc.front.data().and_then(Node::as_map) else {
                continue;
            };
            let stats = &mut collections[doc.collection.unwrap_or(pages).min(pages)];
            stats.documents += 1;
            // each key once per document (a repeated key is FM's finding);
            // a set only for long front matter, where a list's linear
            // search would make this quadratic
            let mut seen = Seen::with_capacity(map.len());
            for e in map {
                let Some(key) = e.key.scalar_text() else {
                    continue;
                };
                if !seen.insert(key) {
                    continue;
                }
                // look up before inserting: a key is allocated once per
                // collection, not once per document
                let k = match stats.keys.get_mut(key) {
                    Some(k) => k,
                    None => stats.keys.entry(key.to_string()).or_default(),
                };
                k.count += 1;
                *k.types.entry(type_of(&e.value)).or_default() += 1;
                match site_keys.get_mut(key) {
                    Some(n) => *n += 1,
                    None => {
                        site_keys.insert(key.to_string(), 1);
                    }
                }
            }
        }
        Stats {
            collections,
            site_keys,
        }
    }

    /// Documents using `key` anywhere on the site.
    pub fn site_count(&self, key: &str) -> usize {
        self.site_keys.get(key).copied().unwrap_or(0)
    }
}

impl KeyStats {
    /// The schema type that fits every value seen, ignoring empty ones.
    pub fn schema_type(&self) -> &'static str {
        let kinds: Vec<&str> = self
            .types
            .keys()
            .copied()
            .filter(|t| *t != "null")
            .collect();
        match kinds.as_slice() {
            [] => "any",
            [one] => one,
            _ if kinds.iter().all(|k| matches!(*k, "date" | "datetime")) => "datetime",
            _ if kinds.iter().all(|k| matches!(*k, "list" | "string")) => "list",
            _ if kinds.iter().all(|k| matches!(*k, "integer" | "number")) => "number",
            _ => "any",
        }
    }

    /// `datetime (72), date (6), string (2)`.
    pub fn describe_types(&self) -> String {
        let mut types: Vec<(&str, usize)> = self.types.iter().map(|(k, v)| (*k, *v)).collect();
        types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if types.len() == 1 {
            return types[0].0.to_string();
        }
        types
            .iter()
            .map(|(t, n)| format!("{t} ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl CollectionStats {
    /// Keys by how many documents have them, most used first.
    pub fn sorted_keys(&self) -> Vec<(&String, &KeyStats)> {
        let mut keys: Vec<_> = self.keys.iter().collect();
        keys.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        keys
    }
}

/// The human-readable report of `sitelint schema infer`.
pub fn report(stats: &Stats) -> String {
    let mut s = String::new();
    for c in &stats.collections {
        if c.documents == 0 {
            continue;
        }
        let title = if c.in_collection {
            format!("collection {}", c.name)
        } else {
            "pages outside collections".to_string()
        };
        let _ = writeln!(
            s,
            "{title}: {} document{}",
            c.documents,
            if c.documents == 1 { "" } else { "s" }
        );
        let width = c.keys.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        for (key, k) in c.sorted_keys() {
            let _ = writeln!(
                s,
                "  {key:<width$}  {:>4} of {:<4}  {}",
                k.count,
                c.documents,
                k.describe_types()
            );
        }
        s.push('\n');
    }
    if s.is_empty() {
        s.push_str("No documents with front matter.\n");
    }
    s
}

/// Quote a YAML key when it is not a plain word.
fn yaml_key(key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        && matches!(crate::text::yaml::resolve_plain(key), Value::Str);
    if plain {
        key.to_string()
    } else {
        format!("\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A starting `.sitelint.yml` with a `schema` section: every key of every
/// collection with its type; keys every document has (in a collection of
/// at least two) are marked required.
pub fn settings_yaml(stats: &Stats) -> String {
    let mut s = String::from(
        "# Written by `sitelint schema infer --write`: a starting point.\n\
         # Review it: keys every document had are marked required, and each\n\
         # comment says how many documents had the key.\n\
         schema:\n  collections:\n",
    );
    let mut any = false;
    for c in stats
        .collections
        .iter()
        .filter(|c| c.in_collection && c.documents > 0)
    {
        any = true;
        let _ = writeln!(s, "    {}:\n      fields:", yaml_key(&c.name));
        for (key, k) in c.sorted_keys() {
            let required = if k.count == c.documents && c.documents >= 2 {
                ", required: true"
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "        {}: {{ type: {}{required} }}  # {} of {}",
                yaml_key(key),
                k.schema_type(),
                k.count,
                c.documents
            );
        }
    }
    if !any {
        s.push_str("    {}\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::Seen;

    /// Past `Seen::FEW` strings the list becomes a set: every string is
    /// new once and only once, on both sides of the change.
    #[test]
    fn seen_reports_each_string_once() {
        let words: Vec<String> = (0..100).map(|i| format!("key-{i}")).collect();
        let mut seen = Seen::with_capacity(0);
        let mut new = 0;
        for round in 0..2 {
            for w in &words {
                if seen.insert(w) {
                    new += 1;
                    assert_eq!(round, 0, "{w} was new twice");
                }
            }
        }
        assert_eq!(new, 100);
        let mut seen = Seen::with_capacity(100);
        assert!(seen.insert("a") && !seen.insert("a"));
    }
}
