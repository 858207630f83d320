//! Every check family, one module each, and the pipeline that runs them.
//!
//! A family exposes `RULES` (its rule metadata) and a per-document and/or
//! site-wide entry point that pushes [`Diagnostic`]s. Checks never print.
//!
//! One problem, one finding: where two rules see the same problem at the
//! same place, [`PRECEDENCE`] says which one reports it; checks report
//! what they see and never ask one another.

pub mod config;
pub mod front_matter;
pub mod images;
pub mod language;
pub mod links;
pub mod liquid;
pub mod schema;
pub mod text;

use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostic::{self, Diagnostic, Rule, Severity};
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
    rules.extend_from_slice(liquid::RULES);
    rules.extend(language::builtin_rules());
    rules.extend_from_slice(crate::suppress::RULES);
    rules.sort_by_key(|r| r.code);
    rules
}

/// Rules whose findings do not all take the rule's default severity: every
/// severity a finding can have (the default first), and when each other one
/// applies. `sitelint rules`, `sitelint explain` and the README's table read
/// it through [`severities`]; a test holds it equal to the severities the
/// fixtures emit, so a check that grades a finding differently
/// (`.severity(...)`) must be declared here. (Settings can re-grade any
/// rule; that is the user's choice, not the rule's.)
const CONTEXT_SEVERITIES: &[(&str, &[Severity], &str)] = &[
    (
        "FM006",
        &[Severity::Error, Severity::Warning],
        "warning when only Decap CMS's default makes the key required, when the CMS proposes a default value, or for a missing body",
    ),
    (
        "FM011",
        &[Severity::Error, Severity::Warning],
        "warning when Jekyll reads the date but ignores text after it",
    ),
    (
        "FM014",
        &[Severity::Error, Severity::Info],
        "info for the one summary on the `theme` line when layouts may come from a theme",
    ),
    (
        "FM015",
        &[Severity::Warning, Severity::Error, Severity::Info],
        "error for a full URL, a space, `?` or `#`; info for a missing leading `/` or a trailing `/` unlike the collection's other permalinks",
    ),
    (
        "FM017",
        &[Severity::Warning, Severity::Error],
        "error where the claimed URL is also a URL conflict (`LNK004`), which it reports in its place",
    ),
    (
        "LNK015",
        &[Severity::Info, Severity::Warning],
        "warning where the redirected link is also written with the site's own domain (`LNK005`), which it reports in its place",
    ),
    (
        "TXT006",
        &[Severity::Warning, Severity::Info],
        "info in a heading (only links to its id are affected)",
    ),
];

/// Every severity a finding of `rule` can take, its default first, and when
/// the others apply (`None` when it always has its default).
pub fn severities(rule: &Rule) -> (Vec<Severity>, Option<&'static str>) {
    if let Some((_, all, when)) = CONTEXT_SEVERITIES.iter().find(|(c, ..)| *c == rule.code) {
        return (all.to_vec(), Some(when));
    }
    if rule.family() == "INC" && rule.severity != Severity::Info {
        return (
            vec![rule.severity, Severity::Info],
            Some("info inside a quotation (with the default `language: quotes: lower`)"),
        );
    }
    (vec![rule.severity], None)
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
    let all: Vec<&Document> = site.documents.iter().collect();
    let mut out = crate::timings::phase("document checks", || {
        document_findings(&ctx, schema.as_ref(), &all, part)
    });
    out.extend(site_findings(&ctx));
    finish(&ctx, &all, &mut out, true);
    out
}

/// [`run_with`] a window of documents at a time: `each` receives the
/// final findings (what `run_with` returns) of the documents of each
/// window, in path order, with those of the site-wide checks on the files
/// between them, so that a printer can write them and drop them. Findings
/// are only ever compared within one file (overlaps, same-place grouping,
/// suppression comments), and every document's findings are on its own
/// file, so the concatenation of the windows equals `run_with`'s result.
///
/// One finding depends on later documents: `LNK016` counts the links into
/// a folder the site's own plugins may generate over the whole site, and
/// reports them at the first. From the first window with such a link, the
/// findings are held and finished together at the end, as `run_with`
/// does (a site without such links streams throughout).
pub fn run_windowed<E>(
    site: &Site,
    selection: &Selection,
    prepared: &Prepared,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    window: usize,
    each: &mut dyn FnMut(Vec<Diagnostic>) -> Result<(), E>,
) -> Result<(), E> {
    let ctx = Context {
        site,
        selection,
        prepared,
        wanted,
    };
    let schema = schema::Env::new(&ctx);
    // site-wide findings, by file; a stable sort keeps each file's in the
    // order `run_with` appends them
    let mut pending = site_findings(&ctx);
    pending.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    let mut pending = std::collections::VecDeque::from(pending);
    let docs = &site.documents;
    let window = window.max(1);
    // from the first window with a link `LNK016` counts: (its first
    // document, the findings since, the copies read again since)
    let mut held: Option<(usize, Vec<Diagnostic>, Vec<Document>)> = None;
    let mut start = 0;
    loop {
        let end = (start + window).min(docs.len());
        // the documents whose text was dropped, read again (dropped with
        // the window)
        let copies: Vec<Option<Document>> = docs[start..end]
            .par_iter()
            .enumerate()
            .map(|(k, doc)| {
                (doc.text_dropped() && wanted(doc.rel()))
                    .then(|| doc.read_again(&site.config, Some(start + k)))
            })
            .collect();
        let part: Vec<&Document> = docs[start..end]
            .iter()
            .zip(&copies)
            .map(|(doc, copy)| copy.as_ref().unwrap_or(doc))
            .collect();
        let mut out = document_findings(&ctx, schema.as_ref(), &part, &|_| Part::Whole);
        debug_assert!(
            out.iter().all(|d| part
                .binary_search_by(|doc| doc.rel().cmp(&d.file.rel))
                .is_ok()),
            "a document's check reported on another file"
        );
        let next = docs.get(end).map(Document::rel);
        while let Some(d) = pending.front() {
            if next.is_some_and(|n| d.file.rel.as_str() >= n) {
                break;
            }
            out.extend(pending.pop_front());
        }
        // findings made on a document without its text, on its copy
        for d in out.iter_mut().filter(|d| d.file.text_dropped) {
            if let Ok(k) = part.binary_search_by(|doc| doc.rel().cmp(&d.file.rel)) {
                d.rehome(&part[k].file);
            }
        }
        if held.is_none() && links::generated_pending(&ctx) {
            held = Some((start, Vec::new(), Vec::new()));
        }
        match &mut held {
            Some((_, all, kept)) => {
                all.extend(out);
                drop(part);
                kept.extend(copies.into_iter().flatten());
            }
            None => {
                finish(&ctx, &part, &mut out, false);
                each(out)?;
            }
        }
        if end == docs.len() {
            break;
        }
        start = end;
    }
    match held {
        Some((first, mut out, kept)) => {
            links::generated_folders(&ctx, &mut out);
            // each document, or its copy read again
            let mut kept = kept.iter().peekable();
            let docs: Vec<&Document> = docs[first..]
                .iter()
                .map(|doc| match kept.peek() {
                    Some(copy) if copy.rel() == doc.rel() => kept.next().unwrap_or(doc),
                    _ => doc,
                })
                .collect();
            finish(&ctx, &docs, &mut out, false);
            each(out)
        }
        None => Ok(()),
    }
}

/// The per-document checks of the wanted documents of `docs`, on all
/// threads; each body is released once its document is checked.
fn document_findings(
    ctx: &Context,
    schema: Option<&schema::Env>,
    docs: &[&Document],
    part: &(dyn Fn(&Document) -> Part + Sync),
) -> Vec<Diagnostic> {
    docs.par_iter()
        .filter(|doc| (ctx.wanted)(doc.rel()))
        .flat_map_iter(|doc| {
            let mut found = check_document(ctx, doc, part(doc));
            if let Some(env) = schema {
                env.check_document(doc, &mut found);
            }
            // checked: its body is parsed again only if another page's
            // link needs its headings
            doc.release_body();
            found
        })
        .collect()
}

/// The findings of the site-wide checks (their phases timed: they run
/// once whatever the run).
fn site_findings(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    crate::timings::phase("site checks: config", || config::check_site(ctx, &mut out));
    crate::timings::phase("site checks: text", || text::check_site(ctx, &mut out));
    crate::timings::phase("site checks: links", || links::check_site(ctx, &mut out));
    crate::timings::phase("site checks: schema", || schema::check_site(ctx, &mut out));
    out
}

/// What follows the checks: disabled rules' findings dropped, overlaps
/// resolved, suppression comments of `docs` applied, findings sorted.
/// Timed as phases (see [`crate::timings`]) when `timed`; a windowed run
/// is timed as a whole.
fn finish(ctx: &Context, docs: &[&Document], out: &mut Vec<Diagnostic>, timed: bool) {
    let phase = |name: &str, f: &mut dyn FnMut()| {
        if timed {
            crate::timings::phase(name, f);
        } else {
            f();
        }
    };
    out.retain(|d| ctx.selection.enabled(d.rule));
    phase("overlapping findings", &mut || resolve_overlaps(out));
    phase("suppression comments", &mut || {
        crate::suppress::apply(docs, ctx.selection, &ctx.prepared.rules(), out);
    });
    phase("sort", &mut || diagnostic::sort(out));
}

/// One entry of [`PRECEDENCE`].
#[derive(Debug)]
pub struct Precedence {
    /// The rule that reports the problem.
    pub winner: &'static str,
    /// The rule that stays silent where `winner` reports.
    pub loser: &'static str,
    /// Why `winner` is the more specific.
    pub why: &'static str,
}

/// One problem, one finding (as ruff resolves overlapping rules): where a
/// finding of `loser` and one of `winner` lie in the same file and one's
/// span contains the other's (equal spans included), only `winner`'s is
/// kept, with the higher of the two severities, so that nothing is shown
/// as less serious than before. A rule that is not selected wins nothing:
/// `--ignore LNK001` brings LNK005 back on a broken own-domain link. This
/// runs before suppression comments, so a comment for a silenced rule
/// there is unused. Fixes do not fight: only the winner's fix is offered.
pub static PRECEDENCE: &[Precedence] = &[
    Precedence {
        winner: "LNK001",
        loser: "LNK005",
        why: "a broken link is broken on any domain; making it root-relative does not repair it",
    },
    Precedence {
        winner: "LNK001",
        loser: "LNK014",
        why: "a broken link is broken with or without its tracking query",
    },
    Precedence {
        winner: "LNK015",
        loser: "LNK005",
        why: "the redirect's final URL, which LNK015's fix writes, is root-relative too",
    },
    Precedence {
        winner: "LNK009",
        loser: "TXT003",
        why: "an invisible character in a link target is the link rule's case; its fix removes every one",
    },
    Precedence {
        winner: "LNK011",
        loser: "IMG003",
        why: "an image without a source needs its source first; alt text describes an image that is not there",
    },
    Precedence {
        winner: "FM011",
        loser: "FM007",
        why: "a date Jekyll cannot read is the date rule's case, not a wrong type",
    },
    Precedence {
        winner: "FM017",
        loser: "LNK004",
        why: "a `redirect_from` URL claimed twice is the redirect rule's case of a URL conflict",
    },
];

/// Spans of findings (with their index in the run), sorted by start.
type Spans = Vec<(Range<usize>, usize)>;

/// Apply [`PRECEDENCE`] to a run's findings (see there).
pub fn resolve_overlaps(diagnostics: &mut Vec<Diagnostic>) {
    // the spans of every finding of a winning rule, by file and rule,
    // sorted by start
    let mut spans: rustc_hash::FxHashMap<(&str, &str), Spans> = Default::default();
    for (i, d) in diagnostics.iter().enumerate() {
        if PRECEDENCE.iter().any(|p| p.winner == d.rule.code) {
            spans
                .entry((d.file.rel.as_str(), d.rule.code))
                .or_default()
                .push((d.span.clone(), i));
        }
    }
    for list in spans.values_mut() {
        list.sort_by_key(|(r, i)| (r.start, *i));
    }
    let mut silenced = vec![false; diagnostics.len()];
    let mut raise: Vec<(usize, diagnostic::Severity)> = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        for p in PRECEDENCE.iter().filter(|p| p.loser == d.rule.code) {
            let Some(list) = spans.get(&(d.file.rel.as_str(), p.winner)) else {
                continue;
            };
            if let Some(j) = related(list, &d.span) {
                silenced[i] = true;
                raise.push((j, d.severity));
                break;
            }
        }
    }
    for (j, severity) in raise {
        let w = &mut diagnostics[j];
        w.severity = w.severity.max(severity);
    }
    let mut k = 0;
    diagnostics.retain(|_| {
        k += 1;
        !silenced[k - 1]
    });
    merge_same_place(diagnostics);
}

/// Findings of one rule at one span (two missing keys reported at the
/// opening `---`, two problems of one permalink) become one: the most
/// severe (the first in sort order among equals) keeps its place, help and
/// severity, its message gains the others' (`…; also: …`), and the fix
/// offered is the safest of theirs, so that `sitelint fix` still applies
/// a safe one; the others' fixes come on the next pass, when their
/// problems are found again.
fn merge_same_place(diagnostics: &mut Vec<Diagnostic>) {
    // by place and rule, the most severe first, then by message and the
    // order found in (every key distinct: an unstable sort is exact)
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.par_sort_unstable_by(|&i, &j| {
        let (a, b) = (&diagnostics[i], &diagnostics[j]);
        diagnostic::by_place(a, b)
            .then(b.severity.cmp(&a.severity))
            .then_with(|| a.message.cmp(&b.message))
            .then(i.cmp(&j))
    });
    let mut merged_away = vec![false; diagnostics.len()];
    let mut start = 0;
    while start < order.len() {
        let first = &diagnostics[order[start]];
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&i| {
                    let d = &diagnostics[i];
                    d.rule.code == first.rule.code
                        && d.span == first.span
                        && d.file.rel == first.file.rel
                })
                .count();
        if end - start > 1 {
            let keep = order[start];
            let others: Vec<usize> = order[start + 1..end].to_vec();
            let mut messages: Vec<&str> = vec![diagnostics[keep].message.as_str()];
            let mut fix = diagnostics[keep].fix.clone();
            for &i in &others {
                let d = &diagnostics[i];
                if !messages.contains(&d.message.as_str()) {
                    messages.push(&d.message);
                }
                if let Some(f) = &d.fix
                    && fix
                        .as_ref()
                        .is_none_or(|k| f.applicability > k.applicability)
                {
                    fix = Some(f.clone());
                }
                merged_away[i] = true;
            }
            let message = messages.join("; also: ");
            let kept = &mut diagnostics[keep];
            kept.message = message;
            kept.fix = fix;
        }
        start = end;
    }
    let mut k = 0;
    diagnostics.retain(|_| {
        k += 1;
        !merged_away[k - 1]
    });
}

/// A finding in `list` (sorted by start) whose span contains `span` or
/// lies within it. Looks at a bounded number of neighbours, so that a file
/// with many findings costs a binary search for each.
fn related(list: &Spans, span: &Range<usize>) -> Option<usize> {
    const NEAR: usize = 8;
    let contains = |a: &Range<usize>, b: &Range<usize>| a.start <= b.start && b.end <= a.end;
    let k = list.partition_point(|(r, _)| r.start <= span.start);
    // starting at or before `span`: may contain it
    let before = list[..k].iter().rev().take(NEAR);
    // starting inside `span`: may lie within it
    let after = list[k..]
        .iter()
        .take_while(|(r, _)| r.start <= span.end)
        .take(NEAR);
    before
        .chain(after)
        .find(|(r, _)| contains(r, span) || contains(span, r))
        .map(|(_, j)| *j)
}

fn check_document(ctx: &Context, doc: &Document, part: Part) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let whole = part == Part::Whole;
    if whole {
        text::check_document(ctx, doc, &mut out);
        liquid::check_document(ctx, doc, &mut out);
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
                ["FM", "LNK", "IMG", "INC", "TXT", "LIQ", "CFG", "SUP"].contains(&family),
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
    fn context_severities_name_rules_and_start_with_the_default() {
        for (code, all, _) in CONTEXT_SEVERITIES {
            let rule = find_rule(code).unwrap_or_else(|| panic!("{code}: no such rule"));
            assert_eq!(all.first(), Some(&rule.severity), "{code}: default first");
            assert!(all.len() > 1, "{code}: lists another severity");
        }
    }

    #[test]
    fn precedence_names_known_rules_once() {
        let mut seen = std::collections::HashSet::new();
        for p in PRECEDENCE {
            assert!(find_rule(p.winner).is_some(), "{}", p.winner);
            assert!(find_rule(p.loser).is_some(), "{}", p.loser);
            assert_ne!(p.winner, p.loser);
            assert!(
                seen.insert((p.winner, p.loser)),
                "{} > {} twice",
                p.winner,
                p.loser
            );
            // no cycles of two
            assert!(
                !PRECEDENCE
                    .iter()
                    .any(|q| q.winner == p.loser && q.loser == p.winner)
            );
        }
    }

    #[test]
    fn related_spans_contain_one_another() {
        let list = vec![(0..5, 0), (10..20, 1), (30..30, 2)];
        assert_eq!(related(&list, &(10..20)), Some(1));
        assert_eq!(related(&list, &(12..13)), Some(1));
        assert_eq!(related(&list, &(9..21)), Some(1));
        assert_eq!(related(&list, &(4..11)), None);
        assert_eq!(related(&list, &(30..30)), Some(2));
        assert_eq!(related(&list, &(6..9)), None);
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
