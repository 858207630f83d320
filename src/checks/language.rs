//! `INC`: inclusive language. The rules are data (`rules/*.yml`, embedded,
//! plus a site's own files); see [`data`] for the format and [`matcher`] for
//! the one-pass engine.
//!
//! What is checked: Markdown prose (paragraphs, headings, link text, image
//! alt text), text between tags in raw HTML blocks, and the front matter
//! values named in `language.front_matter` (default `title` and
//! `excerpt`). Never code, Liquid, URLs (link targets and bare URLs), HTML
//! tags and attributes, `<script>`/`<style>` content or HTML comments.
//!
//! Quotations: a term inside quotation marks (`"…"`, `“…”`, `'…'`, `‘…’`),
//! a Markdown blockquote, or an HTML `<blockquote>`/`<q>` is often quoted in
//! order to challenge it. By default (`quotes: lower`) it is still reported,
//! at `info` severity, so that it never fails a build but stays visible;
//! `quotes: report` treats it like any other text, `quotes: skip` ignores
//! it.
//!
//! ```yaml
//! # .sitelint.yml
//! language:
//!   rules: [_sitelint/our-terms.yml]   # the site's own rule files
//!   disable: [INC012]                   # codes, prefixes or names
//!   severity: {INC003: error}
//!   allow: ["Campaign for Homosexual Equality"]
//!   front_matter: [title, excerpt, description]
//!   quotes: lower                       # lower | report | skip
//! ```

pub mod data;
pub mod matcher;

use std::ops::Range;
use std::sync::Arc;

use crate::checks::{Context, selector_matches};
use crate::diagnostic::{Diagnostic, Edit, Fix, Rule, Severity};
use crate::site::{Document, Site};
use crate::text::html;
use crate::text::markdown::ProseContext;
use crate::text::source::SourceFile;
use crate::text::yaml::{Node, Style};
use data::{DataError, RuleData};
use matcher::{Matcher, Norm};

/// The built-in rules' metadata, for the registry.
pub fn builtin_rules() -> Vec<&'static Rule> {
    match data::builtin() {
        Ok(rules) => rules.iter().map(|r| r.rule).collect(),
        Err(_) => Vec::new(),
    }
}

/// What to do with a term inside a quotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quotes {
    /// Report at `info` severity.
    Lower,
    Report,
    Skip,
}

/// A set of built-in rules chosen for an audience: which rule files, which
/// rules left out, and severity overrides (the site's own `severity` wins).
#[derive(Debug)]
pub struct Profile {
    pub name: &'static str,
    pub summary: &'static str,
    /// Built-in rule files left out (site rule files are always read).
    pub without_files: &'static [&'static str],
    /// Rules left out, by code.
    pub without: &'static [&'static str],
}

/// The profiles a site chooses with `language: profile:`.
pub const PROFILES: &[Profile] = &[
    Profile {
        name: "default",
        summary: "every theme except technical terms",
        without_files: &["rules/technical.yml"],
        without: &[],
    },
    Profile {
        name: "uk-public-sector",
        summary: "every theme except technical terms, with GOV.UK's guidance on ethnicity (`BAME`)",
        without_files: &["rules/technical.yml"],
        without: &[],
    },
    Profile {
        name: "us-federal",
        summary: "every theme except technical terms and UK-only usage (`BAME`)",
        without_files: &["rules/technical.yml"],
        without: &["INC051"],
    },
    Profile {
        name: "tech-docs",
        summary: "every theme with technical terms (Inclusive Naming Initiative), without UK-only usage",
        without_files: &[],
        without: &["INC051"],
    },
    Profile {
        name: "all",
        summary: "every built-in rule",
        without_files: &[],
        without: &[],
    },
];

fn profile(name: &str) -> Option<&'static Profile> {
    PROFILES.iter().find(|p| p.name == name)
}

/// Whether a built-in rule is in force under `profile` (a site's own
/// rules always are).
fn in_profile(p: &Profile, r: &RuleData) -> bool {
    !p.without_files.contains(&r.file.as_str()) && !p.without.contains(&r.rule.code)
}

/// The rules in force for one site, compiled into one automaton.
pub struct Engine {
    rules: Vec<&'static RuleData>,
    severity: Vec<Severity>,
    matcher: Matcher,
    quotes: Quotes,
    front_matter: Vec<String>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("rules", &self.rules.len())
            .field("quotes", &self.quotes)
            .finish()
    }
}

const SETTING_KEYS: &[&str] = &[
    "profile",
    "rules",
    "disable",
    "severity",
    "allow",
    "front_matter",
    "quotes",
];

impl Engine {
    /// The built-in rules with the defaults.
    pub fn builtin() -> Result<Engine, String> {
        let mut rules = data::builtin().as_ref().map_err(|e| e.to_string())?.clone();
        if let Some(p) = profile("default") {
            rules.retain(|r| in_profile(p, r));
        }
        Ok(Engine::compile(
            rules,
            Vec::new(),
            Vec::new(),
            Quotes::Lower,
            vec!["title".into(), "excerpt".into()],
        ))
    }

    fn compile(
        rules: Vec<&'static RuleData>,
        severity: Vec<(String, Severity)>,
        allowed: Vec<String>,
        quotes: Quotes,
        front_matter: Vec<String>,
    ) -> Engine {
        let matcher = Matcher::new(&rules, &allowed);
        let severity = rules
            .iter()
            .map(|r| {
                severity
                    .iter()
                    .filter(|(sel, _)| selector_matches(sel, r.rule))
                    .max_by_key(|(sel, _)| sel.len())
                    .map_or(r.rule.severity, |(_, s)| *s)
            })
            .collect();
        Engine {
            rules,
            severity,
            matcher,
            quotes,
            front_matter,
        }
    }

    /// The rules of a site: the built-in ones, the site's rule files, and
    /// the `language:` section of its settings. An error names the file,
    /// line and column.
    pub fn load(site: &Site) -> Result<Engine, String> {
        let builtin = data::builtin().as_ref().map_err(|e| e.to_string())?;
        let (Some(file), Some(section)) = (&site.settings.file, site.settings.section("language"))
        else {
            return Engine::builtin();
        };
        let err = |node: &Node, message: String| {
            DataError {
                file: Arc::clone(file),
                offset: node.span.start,
                message,
            }
            .to_string()
        };
        let Some(entries) = section.as_map() else {
            return Err(err(section, "`language` is a mapping".into()));
        };
        for e in entries {
            let key = e.key.scalar_text().unwrap_or("");
            if !SETTING_KEYS.contains(&key) {
                return Err(err(
                    &e.key,
                    format!(
                        "unknown field `{key}` in `language`; {}",
                        crate::settings::expected(key, SETTING_KEYS)
                    ),
                ));
            }
        }
        let list = |key: &str| data::string_list(section.get(key), key, file);
        let chosen = match section.get("profile") {
            None => profile("default"),
            Some(n) => {
                let name = n.scalar_text().unwrap_or("");
                match profile(name) {
                    Some(p) => Some(p),
                    None => {
                        let names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
                        return Err(err(
                            n,
                            format!(
                                "`{name}` is not a language profile; {}",
                                crate::settings::expected(name, &names)
                            ),
                        ));
                    }
                }
            }
        };
        let mut rules: Vec<&'static RuleData> = builtin.clone();
        let all_builtin = rules.clone();
        for (path, node) in list("rules")
            .map_err(|e| e.to_string())?
            .into_iter()
            .zip(list_nodes(section.get("rules")))
        {
            let full = site.root.join(&path);
            let text = crate::inside::read(&site.root, &full)
                .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other))
                .map_err(|e| err(node, format!("cannot read rule file `{path}`: {e}")))?;
            let rule_file = Arc::new(SourceFile::new(path.clone(), full, text));
            for r in data::parse_file(&rule_file).map_err(|e| e.to_string())? {
                data::check_unique(&rules, &r, &rule_file).map_err(|e| e.to_string())?;
                rules.push(Box::leak(Box::new(r)));
            }
        }
        if let Some(p) = chosen {
            rules.retain(|r| !all_builtin.iter().any(|b| std::ptr::eq(*b, *r)) || in_profile(p, r));
        }
        let disable = list("disable").map_err(|e| e.to_string())?;
        for (sel, node) in disable.iter().zip(list_nodes(section.get("disable"))) {
            if !rules
                .iter()
                .chain(all_builtin.iter())
                .any(|r| selector_matches(sel, r.rule))
            {
                return Err(err(node, format!("`{sel}` names no language rule")));
            }
        }
        rules.retain(|r| !disable.iter().any(|s| selector_matches(s, r.rule)));
        let mut severity = Vec::new();
        if let Some(n) = section.get("severity") {
            let map = n.as_map().ok_or_else(|| {
                err(
                    n,
                    "`severity` maps rules to `info`, `warning` or `error`".into(),
                )
            })?;
            for e in map {
                let sel = e.key.scalar_text().unwrap_or("");
                let sev = e
                    .value
                    .scalar_text()
                    .and_then(Severity::parse)
                    .ok_or_else(|| {
                        err(
                            &e.value,
                            "a severity is `info`, `warning` or `error`".into(),
                        )
                    })?;
                severity.push((sel.to_string(), sev));
            }
        }
        let allowed = list("allow").map_err(|e| e.to_string())?;
        let front_matter = match section.get("front_matter") {
            Some(_) => list("front_matter").map_err(|e| e.to_string())?,
            None => vec!["title".into(), "excerpt".into()],
        };
        let quotes = match section.get("quotes") {
            None => Quotes::Lower,
            Some(n) => match n.scalar_text() {
                Some("lower") => Quotes::Lower,
                Some("report") => Quotes::Report,
                Some("skip") => Quotes::Skip,
                _ => {
                    return Err(err(
                        n,
                        "`quotes` is `lower` (report as info), `report` or `skip`".into(),
                    ));
                }
            },
        };
        Ok(Engine::compile(
            rules,
            severity,
            allowed,
            quotes,
            front_matter,
        ))
    }

    /// Every rule in force, built-in and the site's.
    pub fn rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        self.rules.iter().map(|r| r.rule)
    }
}

fn list_nodes(node: Option<&Node>) -> Vec<&Node> {
    match node {
        Some(n) => match n.as_seq() {
            Some(items) => items.iter().collect(),
            None => vec![n],
        },
        None => Vec::new(),
    }
}

/// Prose pieces that read as one run of text.
struct Segment {
    pieces: Vec<Range<usize>>,
    /// In a blockquote.
    quoted: bool,
}

pub fn check_document(ctx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    if doc.unchecked.is_some() {
        return;
    }
    let engine = &ctx.prepared.language;
    if !engine.rules.iter().any(|r| ctx.enabled(r.rule)) {
        return;
    }
    // rules read only documents in their own language
    let language = document_language(ctx.site, doc);
    if !engine.rules.iter().any(|r| r.language == language) {
        return;
    }
    let text = doc.file.text.as_str();
    let mut segments = front_matter_segments(doc, &engine.front_matter);
    segments.extend(body_segments(doc));
    let quote_elements = quote_elements(doc);
    let mut norm = Norm::default();
    for seg in segments {
        norm.clear();
        for p in &seg.pieces {
            norm.push_break(p.start);
            norm.push_range(text, p.clone());
        }
        let hits = engine.matcher.find(&norm.text, &engine.rules);
        if hits.is_empty() {
            continue;
        }
        let quoted_ranges = matcher::quoted_ranges(&norm.text);
        for h in hits {
            let r = engine.rules[h.rule];
            if !ctx.enabled(r.rule) || r.language != language {
                continue;
            }
            let span = norm.source(h.range.clone());
            let matched = &text[span.clone()];
            if r.case_sensitive && !same_letters(matched, &r.terms[h.term].phrase) {
                continue;
            }
            let quoted = seg.quoted
                || quoted_ranges
                    .iter()
                    .any(|q| q.start <= h.range.start && h.range.end <= q.end)
                || quote_elements
                    .iter()
                    .any(|q| q.start <= span.start && span.end <= q.end);
            // a name (`Charles Nutter`), for rules that say so
            if r.skip_names
                && matched.chars().next().is_some_and(char::is_uppercase)
                && !matcher::starts_sentence(&norm.text, h.range.clone())
            {
                continue;
            }
            // a sentence that names the term to advise against it
            if matcher::is_mention(&norm.text, h.range.clone()) {
                continue;
            }
            let mut severity = engine.severity[h.rule];
            if quoted {
                match engine.quotes {
                    Quotes::Skip => continue,
                    Quotes::Lower => severity = Severity::Info,
                    Quotes::Report => {}
                }
            }
            let place = Place {
                quoted,
                lowered: quoted && engine.quotes == Quotes::Lower,
                sentence_start: matcher::starts_sentence(&norm.text, h.range.clone()),
            };
            out.push(diagnostic(doc, r, h.term, span, severity, place));
        }
    }
}

/// Where a hit stands.
#[derive(Clone, Copy, Debug)]
struct Place {
    /// In a quotation: no fix is offered (the words are someone else's).
    quoted: bool,
    /// Lowered to info because it is quoted.
    lowered: bool,
    /// At the start of a sentence: a replacement takes a capital.
    sentence_start: bool,
}

fn diagnostic(
    doc: &Document,
    r: &RuleData,
    term: usize,
    span: Range<usize>,
    severity: Severity,
    place: Place,
) -> Diagnostic {
    let matched = &doc.file.text[span.clone()];
    let shown: String = matched.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = &r.terms[term];
    let suggest = &t.suggest;
    let cased = |s: &str| case_like(&shown, &t.phrase, s, place.sentence_start);
    let mut help = match suggest.as_slice() {
        [] => "Rephrase".to_string(),
        [one] => format!("Write `{}`", cased(one)),
        many => format!(
            "Write {}",
            many.iter()
                .map(|s| format!("`{}`", cased(s)))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
    help.push_str(&format!(" (source: {})", r.source));
    if place.lowered {
        help.push_str("; it is in a quotation, so it is reported as info: quoting a term to challenge it is fine");
    } else if place.quoted {
        help.push_str("; it is in a quotation, so no fix is offered");
    }
    let mut d = Diagnostic::new(
        r.rule,
        &doc.file,
        span.clone(),
        format!("{}: `{shown}`", r.rule.summary),
    )
    .severity(severity)
    .help(help);
    if let Some(s) = suggest.first()
        && !place.quoted
    {
        let replacement = cased(s);
        let text = doc.file.text.as_str();
        let (span, replacement, title) = match article_before(text, span.start, &replacement) {
            // "a unwritten agreement" reads wrong: the article changes too
            Some((at, article)) => (
                at..span.end,
                format!("{article} {replacement}"),
                format!("Replace `{shown}` with `{replacement}` (and `a`/`an` to match)"),
            ),
            None => (
                span,
                replacement.clone(),
                format!("Replace `{shown}` with `{replacement}`"),
            ),
        };
        d = d.fix(Fix::unsafe_(title, vec![Edit::replace(span, replacement)]));
    }
    d
}

/// Whether a word takes `an` (a vowel sound, by its first letters).
fn takes_an(word: &str) -> bool {
    let w = word.to_lowercase();
    let Some(first) = w.chars().next() else {
        return false;
    };
    match first {
        'a' | 'e' | 'i' | 'o' => !w.starts_with("one") && !w.starts_with("eu"),
        'u' => !["uni", "use", "usu", "uti", "ure", "uro"]
            .iter()
            .any(|p| w.starts_with(p)),
        'h' => ["hour", "honest", "honour", "honor", "heir"]
            .iter()
            .any(|p| w.starts_with(p)),
        _ => false,
    }
}

/// The article right before `start` (`a` or `an`, then one space) when it
/// does not suit `replacement`: its offset and the article that does, in
/// the original's letter case.
fn article_before(text: &str, start: usize, replacement: &str) -> Option<(usize, String)> {
    let before = text.get(..start)?.strip_suffix(' ')?;
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    let article = &before[word_start..];
    if before[..word_start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '\'' || c == '-')
    {
        return None;
    }
    let is_an = match article.to_lowercase().as_str() {
        "a" => false,
        "an" => true,
        _ => return None,
    };
    let wants_an = takes_an(replacement);
    if is_an == wants_an {
        return None;
    }
    let capital = article.starts_with(|c: char| c.is_uppercase());
    let right = match (wants_an, capital) {
        (true, true) if article == "AN" => "AN",
        (true, true) => "An",
        (true, false) => "an",
        (false, true) => "A",
        (false, false) => "a",
    };
    Some((word_start, right.to_string()))
}

/// `suggestion` in the case pattern of `original`, the text that matched
/// `phrase` (the term as the rule file writes it). An acronym (`BAME`)
/// says nothing about case: its replacement is written as the rule file
/// has it, with a capital at the start of a sentence. Otherwise all
/// capitals stay all capitals and a capital first letter stays one.
pub fn case_like(original: &str, phrase: &str, suggestion: &str, sentence_start: bool) -> String {
    let letters: Vec<char> = phrase.chars().filter(|c| c.is_alphabetic()).collect();
    let acronym = letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
    if acronym {
        return if sentence_start {
            capitalized(suggestion)
        } else {
            suggestion.to_string()
        };
    }
    match_case(original, suggestion)
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `matched` has the letters of `phrase` in the same case
/// (separators aside).
fn same_letters(matched: &str, phrase: &str) -> bool {
    let letters = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let m = letters(matched);
    let p = letters(phrase);
    m == p
}

/// `suggestion` in the letter case of `original`: all capitals, a capital
/// first letter, or as written.
pub fn match_case(original: &str, suggestion: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return suggestion.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = suggestion.chars();
        return match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    suggestion.to_string()
}

/// The primary language subtag of a language tag, lower case: `fr` for
/// `fr`, `fr-CA`, `fr_FR`; `None` when it is not a language tag.
pub fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?;
    (2..=3)
        .contains(&primary.len())
        .then_some(())
        .filter(|()| primary.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|()| primary.to_ascii_lowercase())
}

/// ISO 639-1 codes: a first folder named by one of them (`fr/`, `zh_cn/`)
/// is the language of the documents under it, as on multilingual sites.
const LANGUAGE_CODES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// The language of a document: its front matter `lang` (or `language`),
/// else the language folder it sits in (`fr/…`, also `_posts` under it),
/// else the site's `lang` in `_config.yml`, else English.
pub fn document_language(site: &Site, doc: &Document) -> String {
    let front = doc.front.data().and_then(|d| {
        ["lang", "language"]
            .iter()
            .find_map(|k| d.get(k).and_then(|n| n.scalar_text()))
    });
    if let Some(l) = front.and_then(primary_language) {
        return l;
    }
    let first = doc.rel().split('/').next().unwrap_or("");
    if doc.rel().contains('/')
        && let Some(l) = primary_language(first)
        && first.len() <= 5
        && LANGUAGE_CODES.split(' ').any(|c| c == l)
        && (first.len() == 2
            || first
                .as_bytes()
                .get(2)
                .is_some_and(|b| *b == b'_' || *b == b'-'))
    {
        return l;
    }
    site.config
        .data
        .as_ref()
        .and_then(|d| d.get("lang"))
        .and_then(|n| n.scalar_text())
        .and_then(primary_language)
        .unwrap_or_else(|| "en".into())
}

/// The configured front matter values, as prose.
fn front_matter_segments(doc: &Document, keys: &[String]) -> Vec<Segment> {
    let Some(data) = doc.front.data() else {
        return Vec::new();
    };
    let text = doc.file.text.as_str();
    let mut out = Vec::new();
    for key in keys {
        let Some(node) = data.get(key) else { continue };
        let mut values = vec![node];
        if let Some(items) = node.as_seq() {
            values = items.iter().collect();
        }
        for v in values {
            let Some(s) = v.as_scalar() else { continue };
            let mut r = v.span.clone();
            if r.end > text.len() || r.is_empty() {
                continue;
            }
            match s.style {
                Style::SingleQuoted | Style::DoubleQuoted => {
                    r = r.start + 1..r.end.saturating_sub(1).max(r.start + 1);
                }
                Style::Literal | Style::Folded => {
                    let nl = text[r.clone()]
                        .find('\n')
                        .map_or(r.end, |p| r.start + p + 1);
                    r = nl..r.end;
                }
                Style::Plain => {}
            }
            if r.is_empty() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
                continue;
            }
            out.push(Segment {
                pieces: vec![r],
                quoted: false,
            });
        }
    }
    out
}

/// Ranges inside `<blockquote>` and `<q>` elements of raw HTML, and text
/// that is not prose in raw HTML: `<script>`, `<style>` and comments.
fn element_ranges(doc: &Document, names: &[&str]) -> Vec<Range<usize>> {
    let text = doc.file.text.as_str();
    let mut out = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    for h in &doc.body().html {
        for tag in html::tags(text, h.clone()) {
            if !names.contains(&tag.name.as_str()) {
                continue;
            }
            if tag.closing {
                if let Some(pos) = open.iter().rposition(|(n, _)| *n == tag.name) {
                    let (_, start) = open.remove(pos);
                    out.push(start..tag.span.end);
                }
            } else {
                open.push((tag.name.clone(), tag.span.start));
            }
        }
    }
    out
}

fn quote_elements(doc: &Document) -> Vec<Range<usize>> {
    element_ranges(doc, &["blockquote", "q"])
}

/// What must never be read as prose, even when a prose range covers it.
fn excluded(doc: &Document) -> Vec<Range<usize>> {
    let text = doc.file.text.as_str();
    let mut ex: Vec<Range<usize>> = Vec::new();
    ex.extend(doc.body().liquid.iter().map(|l| l.span.clone()));
    ex.extend(doc.body().code.iter().cloned());
    ex.extend(doc.body().links.iter().map(|l| l.dest.clone()));
    ex.extend(element_ranges(doc, &["script", "style"]));
    for h in &doc.body().html {
        let mut at = h.start;
        while let Some(p) = text.get(at..h.end).and_then(|s| s.find("<!--")) {
            let start = at + p;
            let end = text[start..h.end]
                .find("-->")
                .map_or(h.end, |e| start + e + 3);
            ex.push(start..end);
            at = end;
        }
    }
    merge(ex)
}

/// Sort ranges and merge those that overlap or touch, so that both their
/// starts and their ends are in order (for [`subtract`]'s binary search).
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Bare URLs and e-mail addresses inside a piece of prose: what the
/// regular expression [`URL_PATTERN`] finds, found by hand (the regex
/// engine's lazy DFA thrashes on its Unicode classes: this is about fifty
/// times cheaper, and a property test holds the two to the same answers).
fn urls(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let piece = &text[r.clone()];
    // most prose holds neither
    if !may_hold_url(piece) {
        return Vec::new();
    }
    // No match holds white space, and white space before a word reads as
    // the start of the text to `\b`: each white-space separated word is
    // searched on its own.
    let mut out = Vec::new();
    let mut at = 0;
    for word in piece.split(char::is_whitespace) {
        let start = at;
        at += word.len();
        // the separator: one white-space character
        at += piece[at..].chars().next().map_or(0, char::len_utf8);
        if !word.is_empty() && may_hold_url(word) {
            url_matches(word, r.start + start, &mut out);
        }
    }
    out
}

/// The pattern [`urls`] implements.
#[cfg(test)]
const URL_PATTERN: &str = r"(?i)\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+";

/// Whether `s` holds `@`, `://` or `www.` (any case): one pass that stops
/// at each `@`, `:` and `.` and looks around it.
fn may_hold_url(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr3_iter(b'@', b':', b'.', b).any(|i| match b[i] {
        b'@' => true,
        b':' => b[i + 1..].starts_with(b"//"),
        _ => i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www"),
    })
}

/// `\w` as the regex crate reads it (Unicode).
fn is_word(c: char) -> bool {
    regex_syntax::is_word_character(c)
}

/// The leftmost-first, non-overlapping matches of [`URL_PATTERN`] in
/// `word` (which holds no white space), offset by `base`.
fn url_matches(word: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let mut p = 0;
    while p < word.len() {
        let Some(c) = word[p..].chars().next() else {
            break;
        };
        let prev_word = word[..p].chars().next_back().is_some_and(is_word);
        // `\b` at p
        let boundary = prev_word != is_word(c);
        if boundary && let Some(end) = web_address_at(word, p).or_else(|| email_at(word, p)) {
            out.push(base + p..base + end);
            p = end;
            continue;
        }
        p += c.len_utf8();
    }
}

/// `(?i)(?:https?://|www\.)\S+` at `p`: its end.
fn web_address_at(word: &str, p: usize) -> Option<usize> {
    let rest = &word[p..];
    let mut chars = rest.char_indices();
    // case-insensitive as Unicode folds: `ſ` (U+017F) is an `s`
    let mut expect =
        |want: &[char]| -> bool { chars.next().is_some_and(|(_, c)| want.contains(&c)) };
    let after =
        if expect(&['h', 'H']) && expect(&['t', 'T']) && expect(&['t', 'T']) && expect(&['p', 'P'])
        {
            let tail = &rest[4..];
            let s_len = tail
                .chars()
                .next()
                .filter(|c| matches!(c, 's' | 'S' | '\u{17f}'))
                .map_or(0, char::len_utf8);
            tail[s_len..].starts_with("://").then_some(4 + s_len + 3)
        } else {
            None
        };
    let after = after.or_else(|| {
        let b = rest.as_bytes();
        (b.len() >= 4 && b[..3].eq_ignore_ascii_case(b"www") && b[3] == b'.').then_some(4)
    })?;
    // `\S+`: the rest of the word, at least one character
    (rest.len() > after).then_some(word.len())
}

/// `[\w.+-]+@[\w-]+\.[\w.-]+` at `p`: its end. Each run is greedy and the
/// character after it is never in its class, so no backtracking can help.
fn email_at(word: &str, p: usize) -> Option<usize> {
    let run = |from: usize, class: &dyn Fn(char) -> bool| -> usize {
        word[from..]
            .char_indices()
            .find(|(_, c)| !class(*c))
            .map_or(word.len(), |(i, _)| from + i)
    };
    let local_end = run(p, &|c| is_word(c) || matches!(c, '.' | '+' | '-'));
    if local_end == p || !word[local_end..].starts_with('@') {
        return None;
    }
    let host = local_end + 1;
    let host_end = run(host, &|c| is_word(c) || c == '-');
    if host_end == host || !word[host_end..].starts_with('.') {
        return None;
    }
    let tld = host_end + 1;
    let end = run(tld, &|c| is_word(c) || matches!(c, '.' | '-'));
    (end > tld).then_some(end)
}

/// `piece` without the ranges `ex` (sorted and not overlapping, as
/// [`merge`] leaves them).
fn subtract(piece: Range<usize>, ex: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = piece.start;
    let first = ex.partition_point(|e| e.end <= from);
    for e in &ex[first..] {
        if e.start >= piece.end {
            break;
        }
        if e.start > from {
            out.push(from..e.start);
        }
        from = from.max(e.end);
    }
    if from < piece.end {
        out.push(from..piece.end);
    }
    out
}

/// Whether the text between two prose pieces is only inline markup, so
/// that they read as one run (`coloured *people*`, `a [link](x)` is not).
fn soft_gap(gap: &str) -> bool {
    gap.chars()
        .all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '*' | '_' | '~' | '[' | '>'))
        && !gap.contains("\n\n")
        && !gap.contains("\n\r\n")
}

fn body_segments(doc: &Document) -> Vec<Segment> {
    let text = doc.file.text.as_str();
    let ex = excluded(doc);
    let mut out: Vec<Segment> = Vec::new();
    let mut last: Option<(usize, ProseContext)> = None;
    for p in &doc.body().prose {
        let mut pieces = Vec::new();
        for piece in subtract(p.range.clone(), &ex) {
            let u = urls(text, piece.clone());
            pieces.extend(subtract(piece, &u));
        }
        for piece in pieces {
            if !text.is_char_boundary(piece.start) || !text.is_char_boundary(piece.end) {
                continue;
            }
            let joins = match (last, out.last()) {
                (Some((end, ctx)), Some(_)) if end <= piece.start => {
                    let heading_change = (ctx == ProseContext::Heading)
                        != (p.context == ProseContext::Heading)
                        && ctx != ProseContext::LinkText
                        && p.context != ProseContext::LinkText;
                    !heading_change && soft_gap(&text[end..piece.start])
                }
                _ => false,
            };
            last = Some((piece.end, p.context));
            match out.last_mut() {
                Some(seg) if joins => {
                    seg.pieces.push(piece);
                    seg.quoted |= p.quoted;
                }
                _ => out.push(Segment {
                    pieces: vec![piece],
                    quoted: p.quoted,
                }),
            }
        }
    }
    out
}

/// The README's list of built-in rules with their sources.
pub fn sources_table() -> String {
    let mut s =
        String::from("| Code | Name | Theme file | Terms | Source |\n|---|---|---|---|---|\n");
    if let Ok(rules) = data::builtin() {
        for r in rules {
            let terms: Vec<String> = r.terms.iter().map(|t| format!("`{}`", t.phrase)).collect();
            s.push_str(&format!(
                "| `{}` | `{}` | `{}` | {} | {} |\n",
                r.rule.code,
                r.rule.name,
                r.file,
                terms.join(", ").replace('|', "\\|"),
                r.source.replace('|', "\\|")
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_language_subtags() {
        assert_eq!(primary_language("fr").as_deref(), Some("fr"));
        assert_eq!(primary_language("fr-CA").as_deref(), Some("fr"));
        assert_eq!(primary_language("zh_cn").as_deref(), Some("zh"));
        assert_eq!(primary_language("EN").as_deref(), Some("en"));
        assert_eq!(primary_language("about"), None);
        assert_eq!(primary_language("12"), None);
        assert_eq!(primary_language(""), None);
    }

    proptest::proptest! {
        #[test]
        fn url_pre_check_agrees_with_plain_searches(s in "(www|WwW|w|\\.|:|/|@|x|é){0,12}") {
            let plain = s.contains('@')
                || s.contains("://")
                || s.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"www."));
            proptest::prop_assert_eq!(may_hold_url(&s), plain);
        }

        #[test]
        fn word_by_word_url_search_agrees_with_a_whole_search(
            s in "(x|www\\.|WwW\\.|https?://|HTTPſ://|http:/|@|[.+_-]|é|\\u{301}|\\u{200d}|٣|²|\\u{3000}| |\n|a\\.b|ü|:|/){0,24}"
        ) {
            let re = regex::Regex::new(URL_PATTERN).unwrap();
            let text = format!("¶{s}");
            let whole: Vec<Range<usize>> = re
                .find_iter(&text[2..])
                .map(|m| 2 + m.start()..2 + m.end())
                .collect();
            proptest::prop_assert_eq!(urls(&text, 2..text.len()), whole);
        }
    }

    #[test]
    fn readme_lists_every_rule_with_its_source() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(&path).expect("README.md");
        let (start, end) = ("<!-- inc-sources:start -->\n", "<!-- inc-sources:end -->");
        let a = readme.find(start).expect("README has inc-sources:start") + start.len();
        let b = readme.find(end).expect("README has inc-sources:end");
        let table = sources_table();
        if std::env::var_os("SITELINT_BLESS").is_some() {
            std::fs::write(&path, format!("{}{}{}", &readme[..a], table, &readme[b..]))
                .expect("write README.md");
            return;
        }
        assert_eq!(
            &readme[a..b],
            table,
            "README.md's language rule list is stale: run `SITELINT_BLESS=1 cargo test`"
        );
    }

    /// The seeds in `../shared/seeds` (three posts and a legacy page without
    /// front matter) go through the whole pipeline; skipped without them.
    #[test]
    fn seeds_are_checked() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        let Ok(entries) = std::fs::read_dir(&seeds) else {
            // a fresh clone has no ../shared: nothing to check
            return;
        };
        let mut names: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        names.sort();
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("_posts")).expect("mkdir");
        std::fs::write(root.join("_config.yml"), "title: seeds\n").expect("write");
        for (i, p) in names.iter().enumerate() {
            let text = std::fs::read(p).expect("read seed");
            let dest = if text.starts_with(b"---") {
                root.join(format!("_posts/2020-01-{:02}-seed-{i}.md", i + 1))
            } else {
                root.join(format!("seed-{i}.md"))
            };
            std::fs::write(dest, text).expect("write seed");
        }
        let selection = crate::checks::Selection {
            select: vec!["INC".into(), "TXT".into(), "SUP".into()],
            ignore: Vec::new(),
        };
        let checked =
            crate::engine::check_paths(&[root.to_path_buf()], &selection).expect("the seeds load");
        let found: Vec<(String, &str)> = checked
            .diagnostics
            .iter()
            .map(|d| (d.file.text[d.span.clone()].to_string(), d.rule.code))
            .collect();
        assert!(
            found.contains(&("cis-gendered".to_string(), "INC010")),
            "cis-gendered in the seed of 2022-01-13 is caught: {found:?}"
        );
        assert_eq!(
            found.len(),
            1,
            "nothing else in the seeds is reported: {found:?}"
        );
    }

    /// Every built-in rule carries at least two sentences it must report
    /// and two it must not; each is a paragraph of its own in one site
    /// checked under the `all` profile.
    #[test]
    fn every_rule_passes_its_own_examples() {
        let rules = data::builtin().as_ref().expect("rules/*.yml are valid");
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::write(root.join("_config.yml"), "title: examples\n").expect("write");
        std::fs::write(root.join(".sitelint.yml"), "language:\n  profile: all\n").expect("write");
        // (file, line, code, must flag, sentence)
        let mut cases: Vec<(String, usize, &str, bool, &str)> = Vec::new();
        let mut missing = Vec::new();
        for r in rules {
            if r.must_flag.len() < 2 || r.must_not_flag.len() < 2 {
                missing.push(r.rule.code);
                continue;
            }
            let name = format!("{}.md", r.rule.code);
            let mut text = String::from("---\n---\n");
            let mut line = 3;
            for (flag, list) in [(true, &r.must_flag), (false, &r.must_not_flag)] {
                for ex in list.iter() {
                    assert!(!ex.contains('\n'), "{}: one line per example", r.rule.code);
                    text.push_str(&format!("{ex}\n\n"));
                    cases.push((name.clone(), line, r.rule.code, flag, ex.as_str()));
                    line += 2;
                }
            }
            std::fs::write(root.join(&name), text).expect("write");
        }
        assert!(
            missing.is_empty(),
            "rules without two `must_flag` and two `must_not_flag` examples: {missing:?}"
        );
        let selection = crate::checks::Selection {
            select: vec!["INC".into()],
            ignore: Vec::new(),
        };
        let checked =
            crate::engine::check_paths(&[root.to_path_buf()], &selection).expect("the site loads");
        let found: Vec<(String, usize, &str, Severity)> = checked
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.file.rel.clone(),
                    d.file.line_col(d.span.start).0,
                    d.rule.code,
                    d.severity,
                )
            })
            .collect();
        let mut failures = Vec::new();
        for (file, line, code, flag, ex) in &cases {
            let rule_severity = rules
                .iter()
                .find(|r| r.rule.code == *code)
                .map(|r| r.rule.severity);
            // a must-flag sentence is reported at the rule's own severity
            // (not lowered as a quotation); a must-not one not at all
            let hit = found.iter().any(|(f, l, c, sev)| {
                f == file && l == line && c == code && (!*flag || Some(*sev) == rule_severity)
            });
            if hit != *flag {
                failures.push(format!(
                    "{code}: {} `{ex}`",
                    if *flag { "does not flag" } else { "flags" }
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn articles_follow_the_replacement() {
        let t = "It is a unwritten rule";
        assert_eq!(
            article_before("It is a x", 8, "unwritten"),
            Some((6, "an".into()))
        );
        assert_eq!(article_before(t, 8, "user"), None);
        assert_eq!(article_before("An x", 3, "chair"), Some((0, "A".into())));
        assert_eq!(article_before("A x", 2, "ethical"), Some((0, "An".into())));
        assert_eq!(article_before("banana x", 7, "ethical"), None);
        assert_eq!(article_before("an x", 3, "older"), None);
    }

    #[test]
    fn case_is_kept() {
        assert_eq!(match_case("Cisgendered", "cisgender"), "Cisgender");
        assert_eq!(match_case("BAME", "ethnic minority"), "ETHNIC MINORITY");
        assert_eq!(match_case("preferred pronouns", "pronouns"), "pronouns");
        assert_eq!(
            case_like("BAME", "BAME", "ethnic minority", true),
            "Ethnic minority"
        );
        assert_eq!(
            case_like("BAME", "BAME", "ethnic minority", false),
            "ethnic minority"
        );
        assert_eq!(
            case_like("HANDICAPPED", "handicapped", "disabled", false),
            "DISABLED"
        );
    }

    #[test]
    fn pieces_subtract_exclusions() {
        assert_eq!(subtract(0..10, &[2..4, 6..7]), vec![0..2, 4..6, 7..10]);
        let all: Vec<Range<usize>> = std::iter::once(0..10).collect();
        assert!(subtract(0..10, &all).is_empty());
    }
}
