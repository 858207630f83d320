//! Decap (formerly Netlify) CMS configuration, `admin/config.yml`, mapped
//! onto the schema.
//!
//! A folder collection (`folder: _news/`) stands for the Jekyll collection
//! in that folder. Its `fields` map to schema fields by widget: `string`,
//! `text`, `markdown`, `boolean`, `number` (`value_type: int` makes it an
//! integer), `datetime` (a date when `time_format: false`), `date`,
//! `select` (its `options`; `multiple` makes a list), `list` (with `field`
//! or `fields` for its items), `object` (its nested `fields`), `relation`
//! (a reference to another collection's documents), `image`, `file` and
//! `hidden` (the CMS writes its `default`). Decap makes every field
//! required unless it says `required: false`; a field named `body` is the
//! document's body, not a front matter key.
//!
//! File collections (`files:`) describe single data files and are not
//! mapped.

use std::ops::Range;
use std::sync::Arc;

use super::{Field, Group, Origin, Reference, Required, Type};
use crate::site::Site;
use crate::text::source::SourceFile;
use crate::text::yaml::{self, Limits, Node, Value, YamlError};

#[derive(Debug)]
pub struct Cms {
    pub file: Arc<SourceFile>,
    /// A YAML error: the CMS rules are then not used.
    pub error: Option<YamlError>,
    pub collections: Vec<CmsCollection>,
}

#[derive(Debug)]
pub struct CmsCollection {
    pub name: String,
    pub name_span: Range<usize>,
    /// The folder as written, and its span.
    pub folder: Option<(String, Range<usize>)>,
    pub preview_path: Option<(String, Range<usize>)>,
    /// The file name template (`slug`).
    pub slug: Option<String>,
    /// The Jekyll collection in `folder`.
    pub jekyll: Option<usize>,
    pub group: Group,
}

/// Read the CMS configuration at `rel` (relative to the site root), if the
/// site has one.
pub fn load(site: &Site, rel: &str) -> Option<Cms> {
    let path = site.root.join(rel);
    // never through a link that leaves the site (the walk reports the link)
    let bytes = crate::inside::read(&site.root, &path).ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let file = Arc::new(SourceFile::new(rel, path, text));
    let start = if file.has_bom() { 3 } else { 0 };
    let data = match yaml::parse(&file.text, start..file.text.len(), Limits::default()) {
        Ok(d) => d,
        Err(e) => {
            return Some(Cms {
                file,
                error: Some(e),
                collections: Vec::new(),
            });
        }
    };
    let mut collections = Vec::new();
    for c in data
        .as_ref()
        .and_then(|d| d.get("collections"))
        .and_then(Node::as_seq)
        .unwrap_or(&[])
    {
        let Some(name_node) = c.get("name") else {
            continue;
        };
        let Some(name) = name_node.scalar_text() else {
            continue;
        };
        let spanned = |key: &str| {
            c.get(key)
                .and_then(|n| n.scalar_text().map(|s| (s.to_string(), n.span.clone())))
        };
        let folder = spanned("folder");
        let Some((folder_text, _)) = &folder else {
            continue; // a file collection
        };
        let dir = folder_text.trim_matches('/');
        let jekyll = site
            .config
            .collections
            .iter()
            .position(|col| col.dir == dir || dir.ends_with(&format!("/{}", col.dir)));
        let origin = Origin::Cms {
            file: rel.to_string(),
            collection: name.to_string(),
        };
        let mut group = Group::default();
        for f in c.get("fields").and_then(Node::as_seq).unwrap_or(&[]) {
            let Some(field) = field(f, &origin) else {
                continue;
            };
            if field.name == "body" {
                // only an explicit `required: true`: listing pages have no
                // body of their own, their layout writes it
                if field.required == Required::Yes {
                    group.body = Some(origin.clone());
                }
                continue;
            }
            if field.name == "layout" && field.hidden {
                group.entry_layout = field.default.clone();
            }
            group.fields.push(field);
        }
        collections.push(CmsCollection {
            name: name.to_string(),
            name_span: name_node.span.clone(),
            folder: folder.clone(),
            preview_path: spanned("preview_path"),
            slug: spanned("slug").map(|(s, _)| s),
            jekyll,
            group,
        });
    }
    // relations name CMS collections: turn them into Jekyll collection names
    let names: Vec<(String, Option<String>)> = collections
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.jekyll
                    .and_then(|i| site.config.collections.get(i))
                    .map(|col| col.name.clone()),
            )
        })
        .collect();
    for c in &mut collections {
        for f in &mut c.group.fields {
            resolve_relation(f, &names);
        }
    }
    Some(Cms {
        file,
        error: None,
        collections,
    })
}

fn resolve_relation(f: &mut Field, names: &[(String, Option<String>)]) {
    if let Some(r) = &mut f.reference {
        match names.iter().find(|(cms, _)| *cms == r.collection) {
            Some((_, Some(jekyll))) => r.collection = jekyll.clone(),
            _ => f.reference = None,
        }
    }
    for sub in &mut f.fields {
        resolve_relation(sub, names);
    }
}

fn text_of(node: Option<&Node>) -> Option<String> {
    node.and_then(Node::scalar_text).map(String::from)
}

fn field(node: &Node, origin: &Origin) -> Option<Field> {
    let name = text_of(node.get("name"))?;
    let widget = text_of(node.get("widget")).unwrap_or_else(|| "string".into());
    let explicit = node
        .get("required")
        .and_then(Node::as_scalar)
        .map(|s| &s.value);
    let required = match explicit {
        Some(Value::Bool(true)) => Required::Yes,
        Some(Value::Bool(false)) => Required::No,
        _ => Required::ByDefault,
    };
    let multiple = matches!(
        node.get("multiple")
            .and_then(Node::as_scalar)
            .map(|s| &s.value),
        Some(Value::Bool(true))
    );
    let mut f = Field::new(name, Type::Any, origin.clone());
    f.required = required;
    f.multiple = multiple;
    f.default = node
        .get("default")
        .and_then(Node::as_scalar)
        .filter(|s| s.value != Value::Null)
        .map(|s| s.text.clone());
    match widget.as_str() {
        "string" => f.ty = Type::String,
        "text" | "markdown" => f.ty = Type::Text,
        "boolean" => {
            f.ty = Type::Boolean;
            // a missing boolean reads as false, which is what Decap writes
            if required == Required::ByDefault {
                f.required = Required::No;
            }
        }
        "number" => {
            f.ty = match text_of(node.get("value_type")).as_deref() {
                Some("int") => Type::Integer,
                Some("float") => Type::Number,
                // Decap saves numbers as strings unless told otherwise
                _ => Type::Any,
            }
        }
        "datetime" => {
            let time_off = matches!(
                node.get("time_format")
                    .and_then(Node::as_scalar)
                    .map(|s| &s.value),
                Some(Value::Bool(false))
            );
            f.ty = if time_off { Type::Date } else { Type::Datetime };
        }
        "date" => f.ty = Type::Date,
        "select" => {
            f.options = node
                .get("options")
                .and_then(Node::as_seq)
                .unwrap_or(&[])
                .iter()
                .filter_map(|o| match o.as_map() {
                    Some(_) => text_of(o.get("value")),
                    None => o.scalar_text().map(String::from),
                })
                .collect();
            f.ty = if multiple { Type::List } else { Type::Any };
        }
        "list" => {
            f.ty = Type::List;
            if let Some(sub) = node.get("fields").and_then(Node::as_seq) {
                f.item = Some(Type::Object);
                f.fields = sub.iter().filter_map(|s| field(s, origin)).collect();
            } else if let Some(single) = node.get("field").and_then(|s| field(s, origin)) {
                f.item = Some(single.ty);
            } else if node.get("types").is_none() {
                f.item = Some(Type::String);
            }
        }
        "object" => {
            f.ty = Type::Object;
            f.fields = node
                .get("fields")
                .and_then(Node::as_seq)
                .unwrap_or(&[])
                .iter()
                .filter_map(|s| field(s, origin))
                .collect();
        }
        "relation" => {
            let collection = text_of(node.get("collection"))?;
            let value_field = text_of(node.get("value_field")).unwrap_or_else(|| "{{slug}}".into());
            let by = match value_field.as_str() {
                "{{slug}}" => "slug".to_string(),
                "{{filename}}" => "filename".to_string(),
                other if other.contains("{{") => return Some(f),
                other => other.trim_start_matches("fields.").to_string(),
            };
            f.ty = if multiple { Type::List } else { Type::Any };
            f.reference = Some(Reference { collection, by });
        }
        "image" | "file" => f.ty = if multiple { Type::List } else { Type::File },
        "hidden" => {
            f.hidden = true;
            f.ty = Type::Any;
        }
        _ => f.ty = Type::Any,
    }
    Some(f)
}
