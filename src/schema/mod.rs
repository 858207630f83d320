//! The site's front matter schema: for every collection (and optionally
//! every layout), which keys exist, which are required, their types, their
//! allowed values and the documents they name.
//!
//! Rules come from three places, in this order of precedence:
//! 1. the `schema:` section of sitelint's settings (`.sitelint.yml` or the
//!    `sitelint:` section of `_config.yml`), see [`settings`];
//! 2. the site's Decap/Netlify CMS configuration (`admin/config.yml`), see
//!    [`cms`];
//! 3. what the documents themselves use, see [`infer`]. An inferred rule
//!    never makes a key required: it only tells which keys are known.
//!
//! Keys Jekyll and its usual plugins define are always known ([`jekyll`]).
//! Every field remembers where it came from ([`Origin`]), so that messages
//! can say "required by admin/config.yml, collection news".

pub mod cms;
pub mod infer;
pub mod jekyll;
pub mod paths;
pub mod settings;

use std::fmt;

use regex::Regex;

use crate::site::{Document, Site};

/// Where a rule came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// sitelint's settings; `file` is `.sitelint.yml` or `_config.yml`.
    Settings { file: String, scope: String },
    /// The Decap CMS configuration; `collection` is the CMS collection name.
    Cms { file: String, collection: String },
    /// Keys Jekyll or a plugin it runs defines.
    Jekyll,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Settings { file, scope } => write!(f, "{file}, {scope}"),
            Origin::Cms { file, collection } => write!(f, "{file}, collection {collection}"),
            Origin::Jekyll => f.write_str("Jekyll"),
        }
    }
}

/// The type of a value, as the schema names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    Any,
    /// One line of text.
    String,
    /// Text that may span lines (Decap's `text` and `markdown`).
    Text,
    Boolean,
    Integer,
    Number,
    Date,
    Datetime,
    /// A list; a single value is accepted too, as Jekyll and Liquid read it
    /// as a list of one.
    List,
    Object,
    /// An absolute URL (`https://...`) or a site path.
    Url,
    /// A path on the site, starting with `/`.
    Path,
    Email,
    /// An image or file: a site path or a URL.
    File,
}

impl Type {
    pub fn parse(name: &str) -> Option<Type> {
        Some(match name {
            "any" => Type::Any,
            "string" => Type::String,
            "text" | "markdown" => Type::Text,
            "boolean" | "bool" => Type::Boolean,
            "integer" | "int" => Type::Integer,
            "number" | "float" => Type::Number,
            "date" => Type::Date,
            "datetime" => Type::Datetime,
            "list" => Type::List,
            "object" => Type::Object,
            "url" => Type::Url,
            "path" => Type::Path,
            "email" => Type::Email,
            "image" | "file" => Type::File,
            _ => return None,
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Type::Any => "any",
            Type::String => "string",
            Type::Text => "text",
            Type::Boolean => "boolean",
            Type::Integer => "integer",
            Type::Number => "number",
            Type::Date => "date",
            Type::Datetime => "datetime",
            Type::List => "list",
            Type::Object => "object",
            Type::Url => "url",
            Type::Path => "path",
            Type::Email => "email",
            Type::File => "file",
        }
    }

    /// Types whose values are text.
    pub fn is_textual(&self) -> bool {
        matches!(
            self,
            Type::String | Type::Text | Type::Url | Type::Path | Type::Email | Type::File
        )
    }
}

/// Whether a field must be present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    No,
    /// Written as `required: true`.
    Yes,
    /// Required because Decap requires every field it is not told
    /// otherwise about.
    ByDefault,
}

/// A field whose values name other documents (Decap's `relation` widget).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The Jekyll collection the named documents are in.
    pub collection: String,
    /// How a document is named: `slug`, `filename`, `title`, or a key of
    /// its front matter.
    pub by: String,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub ty: Type,
    pub required: Required,
    pub origin: Origin,
    /// Allowed values (enum); empty means any.
    pub options: Vec<String>,
    /// A `select` or `relation` that takes a list of values.
    pub multiple: bool,
    pub default: Option<String>,
    /// Decap's `hidden` widget: the CMS writes the default, editors never
    /// see the field.
    pub hidden: bool,
    /// The key holding this image's alternative text.
    pub alt: Option<String>,
    pub reference: Option<Reference>,
    /// Fields of an object, or of each item of a list of objects.
    pub fields: Vec<Field>,
    /// The type of each item of a list.
    pub item: Option<Type>,
    pub pattern: Option<Regex>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// The key that replaces this one.
    pub deprecated: Option<String>,
}

impl Field {
    pub fn new(name: impl Into<String>, ty: Type, origin: Origin) -> Field {
        Field {
            name: name.into(),
            ty,
            required: Required::No,
            origin,
            options: Vec::new(),
            multiple: false,
            default: None,
            hidden: false,
            alt: None,
            reference: None,
            fields: Vec::new(),
            item: None,
            pattern: None,
            min_length: None,
            max_length: None,
            deprecated: None,
        }
    }
}

/// The schema of one collection or layout.
#[derive(Clone, Debug, Default)]
pub struct Group {
    pub fields: Vec<Field>,
    /// `false` when keys outside the schema must be reported.
    pub closed: bool,
    /// The permalink pattern every document's `permalink` must follow.
    pub permalink: Option<(String, Option<Origin>)>,
    /// The body must not be empty (Decap's required `body` field).
    pub body: Option<Origin>,
    /// The layout the CMS writes on its entries (a `hidden` `layout`
    /// field's default): a document with another layout (a listing page
    /// kept in the same folder) is not one of its entries, and the CMS's
    /// required fields do not apply to it.
    pub entry_layout: Option<String>,
}

impl Group {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Add `other`'s fields that this group does not define: `self` has the
    /// higher precedence.
    fn merge_under(&mut self, other: Group) {
        for f in other.fields {
            if self.field(&f.name).is_none() {
                self.fields.push(f);
            }
        }
        if self.body.is_none() {
            self.body = other.body;
        }
        if self.permalink.is_none() {
            self.permalink = other.permalink;
        }
        if self.entry_layout.is_none() {
            self.entry_layout = other.entry_layout;
        }
        self.closed |= other.closed;
    }
}

/// The whole site's schema.
#[derive(Debug, Default)]
pub struct Schema {
    /// One group per Jekyll collection, in `config.collections` order.
    pub collections: Vec<Group>,
    /// Groups for documents with a given layout.
    pub layouts: Vec<(String, Group)>,
    pub cms: Option<cms::Cms>,
    pub stats: infer::Stats,
}

/// A problem in the `schema` settings: the run ends with exit code 2.
#[derive(Debug)]
pub struct SchemaError(pub String);

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Schema {
    /// The schema for a site from its settings and its CMS configuration,
    /// with no statistics from the documents yet: it is built while they
    /// are read, and [`infer::Stats::collect`] fills `stats` afterwards
    /// (see `checks::prepare`).
    pub fn configure(site: &Site) -> Result<Schema, SchemaError> {
        let configured = settings::read(site)?;
        let cms = match &configured.cms {
            Some(path) => cms::load(site, path),
            None => None,
        };
        let mut collections = Vec::with_capacity(site.config.collections.len());
        for (i, c) in site.config.collections.iter().enumerate() {
            let mut group = configured
                .collections
                .iter()
                .find(|(name, _)| *name == c.name)
                .map(|(_, g)| g.clone())
                .unwrap_or_default();
            if let Some(cms) = &cms {
                for cc in cms.collections.iter().filter(|cc| cc.jekyll == Some(i)) {
                    group.merge_under(cc.group.clone());
                }
            }
            collections.push(group);
        }
        Ok(Schema {
            collections,
            layouts: configured.layouts,
            cms,
            stats: infer::Stats::default(),
        })
    }

    /// Every group that applies to a document: its layout's, then its
    /// collection's.
    pub fn groups<'a>(&'a self, site: &Site, doc: &Document) -> Vec<&'a Group> {
        let mut out = Vec::new();
        if !self.layouts.is_empty()
            && let Some(layout) = site.layout_name(doc)
            && let Some((_, g)) = self.layouts.iter().find(|(name, _)| name == layout)
        {
            out.push(g);
        }
        if let Some(g) = doc.collection.and_then(|i| self.collections.get(i)) {
            out.push(g);
        }
        out
    }

    /// The field a document's schema gives `key`, the layout's first.
    pub fn field<'a>(&'a self, site: &Site, doc: &Document, key: &str) -> Option<&'a Field> {
        self.groups(site, doc)
            .into_iter()
            .find_map(|g| g.field(key))
    }
}
