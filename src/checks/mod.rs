//! Every check family, one module each, and the pipeline that runs them.
//!
//! A family exposes `RULES` (its rule metadata) and a per-document and/or
//! site-wide entry point that pushes [`Diagnostic`]s. Checks never print.

pub mod config;
pub mod front_matter;
pub mod images;
pub mod language;
pub mod links;
pub mod schema;
pub mod text;

use rayon::prelude::*;

use crate::diagnostic::{self, Diagnostic, Rule};
use crate::site::{Document, Site};

/// Every rule sitelint knows, in code order.
pub fn all_rules() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = Vec::new();
    rules.extend_from_slice(config::RULES);
    rules.extend_from_slice(front_matter::RULES);
    rules.extend_from_slice(links::RULES);
    rules.extend_from_slice(images::RULES);
    rules.extend_from_slice(schema::RULES);
    rules.extend_from_slice(text::RULES);
    rules.extend(language::builtin_rules());
    rules.extend_from_slice(crate::suppress::RULES);
    rules.sort_by_key(|r| r.code);
    rules
}

/// Find a rule by code or name (case-insensitive).
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    all_rules()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

/// Which rules are on: `--select` and `--ignore` take codes, code prefixes
/// (`FM`, `LNK0`) or rule names; `ALL` selects everything.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

/// Whether a selector (code, code prefix, rule name or `ALL`) names a rule.
pub fn selector_matches(selector: &str, rule: &Rule) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("ALL")
        || rule.name.eq_ignore_ascii_case(s)
        || (!s.is_empty()
            && rule.code.len() >= s.len()
            && rule.code[..s.len()].eq_ignore_ascii_case(s))
}

impl Selection {
    pub fn enabled(&self, rule: &Rule) -> bool {
        let selected =
            self.select.is_empty() || self.select.iter().any(|s| selector_matches(s, rule));
        selected && !self.ignore.iter().any(|s| selector_matches(s, rule))
    }

    /// Selectors that match no rule, for a clear error.
    pub fn unknown(&self) -> Vec<String> {
        self.unknown_in(&all_rules())
    }

    /// Selectors that match none of `rules` (e.g. [`Prepared::rules`]).
    pub fn unknown_in(&self, rules: &[&Rule]) -> Vec<String> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|s| !rules.iter().any(|r| selector_matches(s, r)))
            .cloned()
            .collect()
    }
}

pub struct Context<'a> {
    pub site: &'a Site,
    pub selection: &'a Selection,
    pub prepared: &'a Prepared,
    /// Which documents are being checked (by relative path); site-wide
    /// checks use it to skip per-document work nobody asked for.
    pub wanted: &'a (dyn Fn(&str) -> bool + Sync),
}

/// What is built once per site before the checks run: the front matter
/// schema (configured, from the CMS, and inferred) and the language rules
/// (built-in and the site's own, compiled into one automaton).
pub struct Prepared {
    pub language: language::Engine,
    pub schema: crate::schema::Schema,
}

/// Build the per-site state, the schema and the language rules side by
/// side. An error (a broken `schema` section, rule file or `language`
/// setting) names its file, line and column; the run stops with exit 2.
pub fn prepare(site: &Site) -> Result<Prepared, String> {
    let mut prepared = prepare_settings(site)?;
    prepared.schema.stats = crate::schema::infer::Stats::collect(site);
    Ok(prepared)
}

/// The part of [`prepare`] that needs only the site's configuration and
/// settings, not its documents: it runs while the documents are read, and
/// the caller fills `schema.stats` once they are.
pub fn prepare_settings(site: &Site) -> Result<Prepared, String> {
    let (schema, language) = rayon::join(
        || crate::schema::Schema::configure(site),
        || language::Engine::load(site),
    );
    let schema = schema.map_err(|e| format!("invalid sitelint settings: {e}"))?;
    Ok(Prepared {
        language: language?,
        schema,
    })
}

/// Whether any enabled rule resolves URLs, so that the URL index is worth
/// building before the checks start (it is built on first use otherwise).
pub fn needs_urls(selection: &Selection) -> bool {
    links::RULES
        .iter()
        .chain(images::RULES)
        .any(|r| selection.enabled(r))
}

impl Prepared {
    /// Every rule known for this site: [`all_rules`] plus the site's own.
    pub fn rules(&self) -> Vec<&'static Rule> {
        let mut rules = all_rules();
        for r in self.language.rules() {
            if !rules.iter().any(|k| k.code == r.code) {
                rules.push(r);
            }
        }
        rules
    }
}

impl Context<'_> {
    pub fn enabled(&self, rule: &Rule) -> bool {
        self.selection.enabled(rule)
    }
}

/// Run every enabled check on the site and return sorted diagnostics, after
/// suppression comments (see [`crate::suppress`]).
pub fn run(site: &Site, selection: &Selection, prepared: &Prepared) -> Vec<Diagnostic> {
    run_for(site, selection, prepared, &|_| true)
}

/// Like [`run`], with per-document checks only for the documents `wanted`
/// accepts (by relative path): `sitelint check FILE` checks one file while
/// still resolving links against the whole site. Site-wide checks always
/// run; the caller filters their findings.
pub fn run_for(
    site: &Site,
    selection: &Selection,
    prepared: &Prepared,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Diagnostic> {
    run_with(site, selection, prepared, wanted, &|_| Part::Whole)
}

/// Which of a document's checks run (see [`run_with`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Every check.
    Whole,
    /// Only the checks that look at other files: links, images, the schema.
    CrossFile,
    /// Only the schema's (its statistics come from every document).
    Schema,
}

/// Like [`run_for`], with `part` choosing which checks run for each wanted
/// document: `--changed-since` compares unchanged documents this way when
/// only documents and assets changed.
pub fn run_with(
    site: &Site,
    selection: &Selection,
    prepared: &Prepared,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    part: &(dyn Fn(&Document) -> Part + Sync),
) -> Vec<Diagnostic> {
    let ctx = Context {
        site,
        selection,
        prepared,
        wanted,
    };
    let schema = schema::Env::new(&ctx);
    let mut out: Vec<Diagnostic> = crate::timings::phase("document checks", || {
        site.documents
            .par_iter()
            .filter(|doc| wanted(doc.rel()))
            .flat_map_iter(|doc| {
                let mut found = check_document(&ctx, doc, part(doc));
                if let Some(env) = &schema {
                    env.check_document(doc, &mut found);
                }
                // checked: its body is parsed again only if another page's
                // link needs its headings
                doc.release_body();
                found
            })
            .collect()
    });
    crate::timings::phase("site checks: config", || config::check_site(&ctx, &mut out));
    crate::timings::phase("site checks: text", || text::check_site(&ctx, &mut out));
    crate::timings::phase("site checks: links", || links::check_site(&ctx, &mut out));
    crate::timings::phase("site checks: schema", || schema::check_site(&ctx, &mut out));
    out.retain(|d| selection.enabled(d.rule));
    crate::suppress::apply(site, selection, &prepared.rules(), &mut out);
    diagnostic::sort(&mut out);
    out
}

fn check_document(ctx: &Context, doc: &Document, part: Part) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let whole = part == Part::Whole;
    if whole {
        text::check_document(ctx, doc, &mut out);
        language::check_document(ctx, doc, &mut out);
    }
    if doc.unchecked.is_none() {
        if whole {
            front_matter::check_document(ctx, doc, &mut out);
        }
        if part != Part::Schema {
            links::check_document(ctx, doc, &mut out);
            images::check_document(ctx, doc, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let rules = all_rules();
        let mut codes: Vec<_> = rules.iter().map(|r| r.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), rules.len(), "duplicate code");
        let mut names: Vec<_> = rules.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), rules.len(), "duplicate name");
        for r in rules {
            let family = r.family();
            assert!(
                ["FM", "LNK", "IMG", "INC", "TXT", "CFG", "SUP"].contains(&family),
                "{}: unknown family",
                r.code
            );
            assert_eq!(r.code.len(), family.len() + 3, "{}: three digits", r.code);
            assert!(
                r.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                r.name
            );
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(r.doc.contains(heading), "{} lacks `{heading}`", r.code);
            }
            assert!(
                !r.summary.ends_with('.'),
                "{}: summary is one line without a period",
                r.code
            );
        }
    }

    #[test]
    fn selection_by_code_prefix_and_name() {
        let fm1 = find_rule("FM001").unwrap();
        let sel = |s: &[&str], i: &[&str]| Selection {
            select: s.iter().map(|x| x.to_string()).collect(),
            ignore: i.iter().map(|x| x.to_string()).collect(),
        };
        assert!(sel(&[], &[]).enabled(fm1));
        assert!(sel(&["fm"], &[]).enabled(fm1));
        assert!(!sel(&["CFG"], &[]).enabled(fm1));
        assert!(!sel(&[], &["unclosed-front-matter"]).enabled(fm1));
        assert_eq!(sel(&["NOPE"], &[]).unknown(), vec!["NOPE".to_string()]);
    }
}
