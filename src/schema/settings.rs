//! The `schema:` section of sitelint's settings.
//!
//! ```yaml
//! schema:
//!   cms: admin/config.yml        # the Decap CMS config to read; false: none
//!   collections:
//!     news:
//!       additional-keys: false   # report keys the schema does not list
//!       permalink: /news/:year/:month/:day/:title/
//!       body: required
//!       fields:
//!         title: { type: string, required: true, max-length: 90 }
//!         author: { type: string, required: true, reference: { collection: team, by: title } }
//!         image: { type: image, alt: image-alt }
//!         layout: { options: [news] }
//!         tagz: { deprecated: tags }
//!         event:
//!           type: object
//!           fields:
//!             start: { type: datetime, required: true }
//!   layouts:
//!     event:
//!       fields:
//!         event: { type: object, required: true }
//! ```
//!
//! A field may also be written as just its type (`title: string`).
//! Mistakes in this section end the run (exit code 2) with their location.

use std::sync::Arc;

use regex::Regex;

use super::{Field, Group, Origin, Reference, Required, SchemaError, Type};
use crate::site::Site;
use crate::text::source::SourceFile;
use crate::text::yaml::{Node, Value};

/// The section, read.
#[derive(Debug, Default)]
pub struct Configured {
    /// The CMS configuration to read, relative to the site root; `None`
    /// when the settings turn it off.
    pub cms: Option<String>,
    pub collections: Vec<(String, Group)>,
    pub layouts: Vec<(String, Group)>,
}

pub const DEFAULT_CMS: &str = "admin/config.yml";

struct Reader<'a> {
    file: &'a Arc<SourceFile>,
}

impl Reader<'_> {
    fn error(&self, node: &Node, message: impl fmt::Display) -> SchemaError {
        let (line, col) = self.file.line_col(node.span.start);
        SchemaError(format!(
            "{}:{line}:{col}: {}",
            self.file.path.display(),
            crate::report::escape::text(&message.to_string())
        ))
    }

    fn map<'n>(
        &self,
        node: &'n Node,
        what: &str,
    ) -> Result<&'n [crate::text::yaml::Entry], SchemaError> {
        if node.is_null() {
            return Ok(&[]);
        }
        node.as_map()
            .ok_or_else(|| self.error(node, format!("{what} must be a mapping")))
    }

    fn key<'n>(&self, node: &'n Node) -> Result<&'n str, SchemaError> {
        node.scalar_text()
            .ok_or_else(|| self.error(node, "keys must be plain names"))
    }

    fn string(&self, node: &Node, what: &str) -> Result<String, SchemaError> {
        match node.as_scalar() {
            Some(s) if s.value != Value::Null => Ok(s.text.clone()),
            _ => Err(self.error(node, format!("`{what}` must be a single value"))),
        }
    }

    fn bool(&self, node: &Node, what: &str) -> Result<bool, SchemaError> {
        match node.as_scalar().map(|s| &s.value) {
            Some(Value::Bool(b)) => Ok(*b),
            _ => Err(self.error(node, format!("`{what}` must be true or false"))),
        }
    }

    fn usize(&self, node: &Node, what: &str) -> Result<usize, SchemaError> {
        match node.as_scalar().map(|s| &s.value) {
            Some(Value::Int(i)) if *i >= 0 => Ok(*i as usize),
            _ => Err(self.error(node, format!("`{what}` must be a whole number"))),
        }
    }

    fn strings(&self, node: &Node, what: &str) -> Result<Vec<String>, SchemaError> {
        match node.as_seq() {
            Some(items) => items.iter().map(|i| self.string(i, what)).collect(),
            None => Ok(vec![self.string(node, what)?]),
        }
    }

    fn group(&self, node: &Node, scope: &str) -> Result<Group, SchemaError> {
        let mut group = Group::default();
        let origin = Origin::Settings {
            file: self.file.rel.clone(),
            scope: scope.to_string(),
        };
        for e in self.map(node, scope)? {
            let k = self.key(&e.key)?;
            match k {
                "additional-keys" => group.closed = !self.bool(&e.value, k)?,
                "permalink" => {
                    group.permalink = Some((self.string(&e.value, k)?, Some(origin.clone())))
                }
                "body" => {
                    if self.string(&e.value, k)? != "required" {
                        return Err(self.error(&e.value, "`body` can only be `required`"));
                    }
                    group.body = Some(origin.clone());
                }
                "fields" => group.fields = self.fields(&e.value, &origin)?,
                _ => {
                    return Err(self.error(
                        &e.key,
                        format!(
                            "unknown key `{k}`; {}",
                            crate::settings::expected(
                                k,
                                &["fields", "additional-keys", "permalink", "body"]
                            )
                        ),
                    ));
                }
            }
        }
        Ok(group)
    }

    fn fields(&self, node: &Node, origin: &Origin) -> Result<Vec<Field>, SchemaError> {
        let mut out = Vec::new();
        for e in self.map(node, "`fields`")? {
            let name = self.key(&e.key)?;
            out.push(self.field(name, &e.value, origin)?);
        }
        Ok(out)
    }

    fn ty(&self, node: &Node) -> Result<Type, SchemaError> {
        let name = self.string(node, "type")?;
        Type::parse(&name).ok_or_else(|| {
            self.error(
                node,
                format!("unknown type `{name}` (expected any, string, text, boolean, integer, number, date, datetime, list, object, url, path, email or image)"),
            )
        })
    }

    fn field(&self, name: &str, node: &Node, origin: &Origin) -> Result<Field, SchemaError> {
        let mut field = Field::new(name, Type::Any, origin.clone());
        if node.as_scalar().is_some() && !node.is_null() {
            field.ty = self.ty(node)?;
            return Ok(field);
        }
        for e in self.map(node, "a field")? {
            let k = self.key(&e.key)?;
            let v = &e.value;
            match k {
                "type" => field.ty = self.ty(v)?,
                "required" => {
                    field.required = if self.bool(v, k)? {
                        Required::Yes
                    } else {
                        Required::No
                    }
                }
                "options" | "enum" => field.options = self.strings(v, k)?,
                "multiple" => field.multiple = self.bool(v, k)?,
                "default" => field.default = Some(self.string(v, k)?),
                "alt" => field.alt = Some(self.string(v, k)?),
                "of" | "items" => field.item = Some(self.ty(v)?),
                "pattern" => {
                    let p = self.string(v, k)?;
                    field.pattern = Some(Regex::new(&p).map_err(|err| {
                        self.error(
                            v,
                            format!("`pattern` is not a valid regular expression: {err}"),
                        )
                    })?);
                }
                "min-length" => field.min_length = Some(self.usize(v, k)?),
                "max-length" => field.max_length = Some(self.usize(v, k)?),
                "deprecated" => field.deprecated = Some(self.string(v, k)?),
                "fields" => field.fields = self.fields(v, origin)?,
                "reference" => {
                    field.reference = Some(if v.as_map().is_some() {
                        let collection = v
                            .get("collection")
                            .ok_or_else(|| self.error(v, "`reference` needs a `collection`"))?;
                        Reference {
                            collection: self.string(collection, "collection")?,
                            by: match v.get("by") {
                                Some(by) => self.string(by, "by")?,
                                None => "slug".into(),
                            },
                        }
                    } else {
                        Reference {
                            collection: self.string(v, k)?,
                            by: "slug".into(),
                        }
                    })
                }
                _ => {
                    return Err(self.error(
                        &e.key,
                        format!(
                            "unknown field property `{k}`; {}",
                            crate::settings::expected(k, FIELD_PROPERTIES)
                        ),
                    ));
                }
            }
        }
        if field.ty == Type::Any && !field.fields.is_empty() {
            field.ty = Type::Object;
        }
        Ok(field)
    }
}

use std::fmt;

/// The properties a field may have (`options` and `enum`, `of` and
/// `items` are synonyms).
const FIELD_PROPERTIES: &[&str] = &[
    "type",
    "required",
    "options",
    "enum",
    "multiple",
    "default",
    "alt",
    "of",
    "items",
    "pattern",
    "min-length",
    "max-length",
    "deprecated",
    "fields",
    "reference",
];

/// Read the `schema` section of the site's settings.
pub fn read(site: &Site) -> Result<Configured, SchemaError> {
    let mut out = Configured {
        cms: Some(DEFAULT_CMS.to_string()),
        ..Configured::default()
    };
    let (Some(section), Some(file)) = (site.settings.section("schema"), &site.settings.file) else {
        return Ok(out);
    };
    let r = Reader { file };
    for e in r.map(section, "`schema`")? {
        let k = r.key(&e.key)?;
        match k {
            "cms" => {
                out.cms = match e.value.as_scalar().map(|s| &s.value) {
                    Some(Value::Bool(false)) | Some(Value::Null) => None,
                    _ => Some(r.string(&e.value, k)?),
                };
                if let Some(rel) = &out.cms
                    && let Err(err) = crate::inside::resolve(&site.root, &site.root.join(rel))
                    && crate::inside::is_outside(&err)
                {
                    return Err(r.error(
                        &e.value,
                        format!("`cms` names `{rel}`, outside the site: sitelint reads nothing outside the site"),
                    ));
                }
            }
            "collections" | "layouts" => {
                for c in r.map(&e.value, k)? {
                    let name = r.key(&c.key)?.to_string();
                    let scope = if k == "collections" {
                        format!("collection {name}")
                    } else {
                        format!("layout {name}")
                    };
                    let group = r.group(&c.value, &scope)?;
                    if k == "collections" {
                        if !site.config.collections.iter().any(|col| col.name == name) {
                            return Err(r.error(
                                &c.key,
                                format!("`{name}` is not a collection in `_config.yml`"),
                            ));
                        }
                        out.collections.push((name, group));
                    } else {
                        out.layouts.push((name, group));
                    }
                }
            }
            _ => {
                return Err(r.error(
                    &e.key,
                    format!(
                        "unknown key `{k}` in `schema`; {}",
                        crate::settings::expected(k, &["cms", "collections", "layouts"])
                    ),
                ));
            }
        }
    }
    Ok(out)
}
