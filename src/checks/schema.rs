//! `FM006`–`FM022`: front matter against the site's schema (see
//! [`crate::schema`]): required keys, types, allowed values, misspelt keys,
//! dates, layouts, permalinks and redirects, references between documents,
//! what Jekyll skips silently, and a CMS configuration that disagrees with
//! `_config.yml`.

mod document;
mod rules;
mod site;

pub use rules::*;

use crate::checks::Context;
use crate::diagnostic::{Diagnostic, Rule};

pub static RULES: &[&Rule] = &[
    &MISSING_KEY,
    &WRONG_TYPE,
    &NOT_ALLOWED,
    &UNKNOWN_KEY,
    &DEPRECATED_KEY,
    &INVALID_DATE,
    &DATE_MISMATCH,
    &FUTURE_DATE,
    &UNKNOWN_LAYOUT,
    &BAD_PERMALINK,
    &BAD_REDIRECT,
    &REDIRECT_TWICE,
    &IMAGE_WITHOUT_ALT,
    &TEMPLATE_LEFTOVER,
    &BROKEN_REFERENCE,
    &SKIPPED,
    &CMS_MISMATCH,
];

/// The per-document half of the schema checks, run in the main document
/// pass; `None` when every schema rule is off.
pub struct Env<'a>(document::Env<'a>);

impl<'a> Env<'a> {
    pub fn new(ctx: &'a Context<'a>) -> Option<Env<'a>> {
        if !RULES.iter().any(|r| ctx.enabled(r)) {
            return None;
        }
        Some(Env(document::Env::new(ctx, &ctx.prepared.schema)))
    }

    pub fn check_document(&self, doc: &crate::site::document::Document, out: &mut Vec<Diagnostic>) {
        if doc.unchecked.is_none() {
            self.0.document(doc, out);
        }
    }
}

/// The site-wide half: layouts, redirects, the CMS configuration, folders
/// Jekyll ignores.
pub fn check_site(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !RULES.iter().any(|r| ctx.enabled(r)) {
        return;
    }
    site::layouts(ctx, out);
    site::redirects_claimed_twice(ctx, out);
    site::cms_mismatch(ctx, &ctx.prepared.schema, out);
    site::ignored_folders(ctx, out);
}

/// The closest of `candidates` to `word`: equal but for case or `-`/`_`,
/// or within a small edit distance. Plural pairs (`region`/`regions`) are
/// not taken for misspellings.
pub(crate) fn closest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let w = squash(word);
    let limit = match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let cs = squash(c);
        let plural =
            cs.strip_suffix('s') == Some(w.as_str()) || w.strip_suffix('s') == Some(cs.as_str());
        let d = if cs == w {
            0
        } else if plural || cs.chars().count().abs_diff(w.chars().count()) > limit {
            // the length difference alone already exceeds the limit
            continue;
        } else {
            strsim::damerau_levenshtein(&w, &cs)
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn closest_keys() {
        let keys = ["author", "breadcrumbs", "excerpt", "region", "image"];
        assert_eq!(closest("Author", keys), Some("author"));
        assert_eq!(closest("breacrumbs", keys), Some("breadcrumbs"));
        assert_eq!(closest("exerpt", keys), Some("excerpt"));
        assert_eq!(closest("regions", keys), None);
        assert_eq!(closest("img", keys), None);
        assert_eq!(closest("person_name", ["person-name"]), Some("person-name"));
    }
}
