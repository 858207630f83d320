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
    let w = squash(word);
    let limit = limit(word);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        if let Some(d) = key_distance(&w, &squash(c), limit)
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A key compared without case, `-`, `_` or spaces.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The edits [`closest`] allows a word of this length.
fn limit(word: &str) -> usize {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The distance of two squashed keys when [`closest`] accepts it.
fn key_distance(w: &str, cs: &str, limit: usize) -> Option<usize> {
    let plural = cs.strip_suffix('s') == Some(w) || w.strip_suffix('s') == Some(cs);
    let d = if cs == w {
        0
    } else if plural || cs.chars().count().abs_diff(w.chars().count()) > limit {
        // the length difference alone already exceeds the limit
        return None;
    } else {
        strsim::damerau_levenshtein(w, cs)
    };
    (d <= limit).then_some(d)
}

/// [`closest`] over many candidates without comparing a word with each:
/// the candidates are indexed by deletion variants
/// ([`crate::text::distance::NearIndex`]), and a lookup measures only
/// those within 0, then 1, then 2 edits, stopping at the first level
/// with a match. The answer is [`closest`]'s over the sorted candidates
/// that `accept` keeps (a test holds them equal).
pub(crate) struct KeyIndex<'c> {
    /// Sorted, without duplicates.
    words: Vec<&'c str>,
    squashed: Vec<String>,
    index: crate::text::distance::NearIndex,
}

impl<'c> KeyIndex<'c> {
    pub fn new(candidates: impl IntoIterator<Item = &'c str>) -> KeyIndex<'c> {
        let mut words: Vec<&str> = candidates.into_iter().collect();
        words.sort_unstable();
        words.dedup();
        let squashed: Vec<String> = words.iter().map(|w| squash(w)).collect();
        let chars: Vec<Vec<char>> = squashed.iter().map(|s| s.chars().collect()).collect();
        let index = crate::text::distance::NearIndex::new(chars.iter().map(Vec::as_slice), 2);
        KeyIndex {
            words,
            squashed,
            index,
        }
    }

    pub fn closest(&self, word: &str, accept: impl Fn(&str) -> bool) -> Option<&'c str> {
        let w = squash(word);
        let wc: Vec<char> = w.chars().collect();
        let limit = limit(word);
        // Level by level: every candidate within `level` edits is among
        // the index's answers, so the first level with one holds the
        // best (the first of the sorted candidates at the least distance).
        for level in 0..=limit {
            for id in self.index.near(&wc, level) {
                let i = id as usize;
                let (Some(&c), Some(cs)) = (self.words.get(i), self.squashed.get(i)) else {
                    continue;
                };
                if c == word {
                    continue;
                }
                let close = match level {
                    0 => *cs == w,
                    1 => {
                        let cc: Vec<char> = cs.chars().collect();
                        within_one(&wc, &cc) && key_distance(&w, cs, limit).is_some()
                    }
                    _ => key_distance(&w, cs, limit).is_some_and(|d| d <= level),
                };
                if close && accept(c) {
                    return Some(c);
                }
            }
        }
        None
    }
}

/// Whether two words are at most one edit apart (a substitution, an
/// insertion, a deletion or a transposition of neighbours), in linear time.
fn within_one(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if prefix == short.len() {
        return long.len() - short.len() <= 1;
    }
    match long.len() - short.len() {
        // one substitution, or the two characters at `prefix` swapped
        0 => {
            short[prefix + 1..] == long[prefix + 1..]
                || (prefix + 1 < short.len()
                    && short[prefix] == long[prefix + 1]
                    && short[prefix + 1] == long[prefix]
                    && short[prefix + 2..] == long[prefix + 2..])
        }
        1 => short[prefix..] == long[prefix + 1..],
        _ => false,
    }
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

    proptest::proptest! {
        #[test]
        fn within_one_agrees_with_strsim(a in "[ab]{0,7}", b in "[ab]{0,7}") {
            let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert_eq!(
                super::within_one(&ac, &bc),
                strsim::damerau_levenshtein(&a, &b) <= 1
            );
        }

        /// The index gives the answer a comparison with every candidate
        /// gives.
        #[test]
        fn key_index_agrees_with_closest(
            keys in proptest::collection::vec("[ab_-]{0,11}s?", 0..40),
            word in "[aAb_-]{0,11}s?",
            keep in 0usize..3,
        ) {
            let accept = |c: &str| c.len() % 3 != keep;
            let index = super::KeyIndex::new(keys.iter().map(String::as_str));
            let mut sorted: Vec<&str> = keys.iter().map(String::as_str).filter(|c| accept(c)).collect();
            sorted.sort_unstable();
            sorted.dedup();
            proptest::prop_assert_eq!(index.closest(&word, accept), closest(&word, sorted));
        }
    }
}
