//! Front matter keys that Jekyll 4 and the plugins sites commonly run
//! (jekyll-seo-tag, jekyll-feed, jekyll-sitemap, jekyll-redirect-from)
//! define. They are always known, whatever the schema says, and the ones
//! whose type matters are checked on every document.

use super::Type;

/// A key Jekyll or a common plugin reads, and the type it expects.
pub struct Key {
    pub name: &'static str,
    pub ty: Type,
}

const fn key(name: &'static str, ty: Type) -> Key {
    Key { name, ty }
}

/// Keys with a type Jekyll relies on. `date` is checked by the date rules.
pub static KEYS: &[Key] = &[
    key("layout", Type::String),
    key("permalink", Type::String),
    key("published", Type::Boolean),
    key("date", Type::Any),
    key("title", Type::String),
    key("excerpt", Type::Text),
    key("excerpt_separator", Type::String),
    key("slug", Type::String),
    key("categories", Type::List),
    key("category", Type::List),
    key("tags", Type::List),
    key("tag", Type::List),
    key("redirect_from", Type::List),
    key("redirect_to", Type::List),
    key("sitemap", Type::Boolean),
    key("render_with_liquid", Type::Boolean),
    key("description", Type::Text),
    key("lang", Type::String),
    key("locale", Type::String),
    key("last_modified_at", Type::Any),
    key("canonical_url", Type::String),
    key("image", Type::Any),
    key("author", Type::Any),
    key("authors", Type::Any),
    key("seo", Type::Any),
    key("twitter", Type::Any),
    key("feed", Type::Any),
    key("hidden", Type::Any),
    key("ext", Type::String),
    key("collection", Type::Any),
    key("output", Type::Any),
];

pub fn get(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

pub fn is_known(name: &str) -> bool {
    get(name).is_some()
}
