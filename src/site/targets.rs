//! What a link destination in a page means once Jekyll has rendered it:
//! the little Liquid whose meaning is fixed (`{{ site.baseurl }}`,
//! `{{ site.url }}`, `{{ site.X }}`, `{{ 'x' | relative_url }}`,
//! `{% link %}`, `{% post_url %}`) is evaluated; any other Liquid makes the
//! destination unknown. Then the URL is classified and, when it is
//! internal, made absolute against the page's own URL as a browser would.

use std::ops::Range;

use crate::site::permalink;
use crate::site::urls::Source;
use crate::site::{Document, Site};
use crate::text::liquid;
use crate::text::yaml::{NodeKind, Value};

/// A problem in the Liquid of a destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiquidProblem {
    /// `{{ site.X }}` where the configuration has no `X`: renders as
    /// nothing.
    Undefined { span: Range<usize>, name: String },
    /// `{% link x %}` or `{% post_url x %}` naming nothing: Jekyll stops
    /// the build.
    MissingTarget {
        span: Range<usize>,
        tag: &'static str,
        name: String,
    },
}

/// A destination after Liquid.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub text: String,
    /// The destination held Liquid (then no fix edits the text).
    pub liquid: bool,
    pub problems: Vec<LiquidProblem>,
    /// The first Liquid sitelint does not evaluate: the destination is
    /// unknown and is not checked.
    pub unknown: Option<Range<usize>>,
}

/// Top-level `site.X` names Jekyll defines whatever the configuration.
const SITE_BUILTINS: &[&str] = &[
    "time",
    "pages",
    "posts",
    "related_posts",
    "static_files",
    "html_pages",
    "html_files",
    "collections",
    "data",
    "documents",
    "categories",
    "tags",
    "github",
    "source",
    "destination",
    "baseurl",
    "url",
    "title",
    "description",
];

/// Render the Liquid in `text[dest]`.
pub fn render(site: &Site, text: &str, dest: Range<usize>) -> Rendered {
    let mut out = Rendered::default();
    let found = liquid::find(text, dest.clone());
    let mut at = dest.start;
    for l in found {
        out.liquid = true;
        out.text.push_str(&text[at..l.span.start]);
        at = l.span.end;
        let src = &text[l.span.clone()];
        let value = match l.kind {
            liquid::LiquidKind::Output => output(site, src, &l.span, &mut out.problems),
            liquid::LiquidKind::Tag => tag(site, src, &l.span, &mut out.problems),
        };
        match value {
            Some(v) => out.text.push_str(&v),
            None => {
                if out.unknown.is_none() {
                    out.unknown = Some(l.span.clone());
                }
            }
        }
    }
    out.text.push_str(&text[at..dest.end]);
    out
}

fn inner<'a>(src: &'a str, open: &str, close: &str) -> &'a str {
    src.strip_prefix(open)
        .and_then(|s| s.strip_suffix(close))
        .unwrap_or("")
        .trim_start_matches('-')
        .trim_end_matches('-')
        .trim()
}

fn string_literal(s: &str) -> Option<&str> {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(v) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return Some(v);
        }
    }
    None
}

/// `{{ ... }}`: `site.X` and string literals, with `relative_url` and
/// `absolute_url`. `None` for anything else.
fn output(
    site: &Site,
    src: &str,
    span: &Range<usize>,
    problems: &mut Vec<LiquidProblem>,
) -> Option<String> {
    let inner = inner(src, "{{", "}}");
    let mut parts = inner.split('|').map(str::trim);
    let expr = parts.next()?;
    let mut value = if let Some(lit) = string_literal(expr) {
        lit.to_string()
    } else if let Some(name) = expr.strip_prefix("site.") {
        site_value(site, name, span, problems)?
    } else {
        return None;
    };
    for filter in parts {
        let config = &site.config;
        value = match filter {
            "relative_url" => relative_url(&config.baseurl, &value),
            "absolute_url" => format!("{}{}", config.url, relative_url(&config.baseurl, &value)),
            _ => return None,
        };
    }
    Some(value)
}

fn relative_url(baseurl: &str, input: &str) -> String {
    let input = if input.starts_with('/') || input.is_empty() {
        input.to_string()
    } else {
        format!("/{input}")
    };
    format!("{baseurl}{input}")
}

/// The value of `site.name` from the configuration.
fn site_value(
    site: &Site,
    name: &str,
    span: &Range<usize>,
    problems: &mut Vec<LiquidProblem>,
) -> Option<String> {
    let config = &site.config;
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        // a nested or computed name: only the first part can be judged
        let first = name.split(['.', '[']).next().unwrap_or("");
        if !first.is_empty() && !defined(site, first) {
            problems.push(LiquidProblem::Undefined {
                span: span.clone(),
                name: first.to_string(),
            });
            return Some(String::new());
        }
        return None;
    }
    match name {
        "baseurl" => return Some(config.baseurl.clone()),
        "url" => return Some(config.url.clone()),
        _ => {}
    }
    match config.data.as_ref().and_then(|d| d.get(name)) {
        Some(node) => match &node.kind {
            NodeKind::Scalar(s) if s.value == crate::text::yaml::Value::Null => Some(String::new()),
            NodeKind::Scalar(s) => Some(s.text.clone()),
            _ => None,
        },
        None if defined(site, name) => None,
        None => {
            problems.push(LiquidProblem::Undefined {
                span: span.clone(),
                name: name.to_string(),
            });
            Some(String::new())
        }
    }
}

fn defined(site: &Site, name: &str) -> bool {
    SITE_BUILTINS.contains(&name)
        || site.config.collections.iter().any(|c| c.name == name)
        || site
            .config
            .data
            .as_ref()
            .is_some_and(|d| d.get(name).is_some())
}

/// `{% link path %}` and `{% post_url name %}`; `None` for other tags.
fn tag(
    site: &Site,
    src: &str,
    span: &Range<usize>,
    problems: &mut Vec<LiquidProblem>,
) -> Option<String> {
    let inner = inner(src, "{%", "%}");
    let name = liquid::tag_name(src);
    let arg = inner[name.len().min(inner.len())..].trim();
    if arg.contains("{{") || arg.is_empty() {
        return None;
    }
    let index = site.urls();
    let baseurl = &site.config.baseurl;
    match name {
        "link" => {
            let wanted = arg.trim_start_matches('/');
            let from_doc = site
                .document_at(wanted)
                .and_then(|i| index.documents.get(i))
                .and_then(|r| r.as_ref().ok())
                .map(|u| u.url.clone());
            let from_file = || {
                // (files are sorted by path, as documents are)
                site.files
                    .binary_search_by(|f| f.rel.as_str().cmp(wanted))
                    .ok()
                    .and_then(|j| index.files.get(j).cloned().flatten())
            };
            match from_doc.or_else(from_file) {
                Some(url) => Some(format!("{baseurl}{url}")),
                None => {
                    problems.push(LiquidProblem::MissingTarget {
                        span: span.clone(),
                        tag: "link",
                        name: arg.to_string(),
                    });
                    Some(String::new())
                }
            }
        }
        "post_url" => {
            match index
                .post_named(site, arg)
                .and_then(|i| index.documents.get(i))
                .and_then(|r| r.as_ref().ok())
            {
                Some(u) => Some(format!("{baseurl}{}", u.url)),
                None => {
                    problems.push(LiquidProblem::MissingTarget {
                        span: span.clone(),
                        tag: "post_url",
                        name: arg.to_string(),
                    });
                    Some(String::new())
                }
            }
        }
        _ => None,
    }
}

/// What a rendered destination points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Nothing at all.
    Empty,
    /// Another site, or a scheme sitelint does not check (`tel:`, ...).
    External,
    /// `mailto:...` (the whole destination).
    Mailto,
    /// A path on this site: decoded, absolute, `baseurl` removed.
    Internal {
        path: String,
        query: Option<String>,
        fragment: Option<String>,
        /// Written as an absolute URL to the site's own domain.
        own_domain: bool,
    },
    /// A root-relative path outside `baseurl`: not this site's.
    OutsideBase,
}

/// The host of the site's `url`, without `www.`, lower-cased.
pub fn own_host(site: &Site) -> Option<String> {
    let url = &site.config.url;
    let rest = url.split_once("://")?.1;
    let host = rest.split('/').next()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// Classify `s` found on a page served at `page_url`.
pub fn classify(site: &Site, page_url: &str, s: &str) -> Target {
    let s = s.trim();
    if s.is_empty() {
        return Target::Empty;
    }
    let starts_with = |prefix: &str| {
        s.as_bytes()
            .get(..prefix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    if starts_with("mailto:") {
        return Target::Mailto;
    }
    let mut own_domain = false;
    let mut rest = s;
    let after_scheme = (starts_with("http://") || starts_with("https://"))
        .then(|| &s[s.find("//").unwrap_or(0) + 2..]);
    if let Some(after) = after_scheme.or_else(|| s.strip_prefix("//")) {
        let host_end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let host = after[..host_end].to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        match own_host(site) {
            Some(own) if own == host => {
                own_domain = true;
                rest = &after[host_end..];
                if rest.is_empty() {
                    rest = "/";
                }
            }
            _ => return Target::External,
        }
    } else if has_scheme(s) {
        return Target::External;
    }
    let (before_fragment, fragment) = match rest.split_once('#') {
        Some((a, f)) => (a, Some(f.to_string())),
        None => (rest, None),
    };
    let (path, query) = match before_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (before_fragment, None),
    };
    let path = if path.is_empty() {
        page_url.to_string()
    } else if path.starts_with('/') {
        let baseurl = &site.config.baseurl;
        if baseurl.is_empty() {
            path.to_string()
        } else if path == baseurl {
            "/".to_string()
        } else if let Some(p) = path
            .strip_prefix(baseurl.as_str())
            .filter(|p| p.starts_with('/'))
        {
            p.to_string()
        } else {
            return Target::OutsideBase;
        }
    } else {
        let base = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        format!("{base}{path}")
    };
    Target::Internal {
        path: normalize(&permalink::unescape(&path)),
        query,
        fragment,
        own_domain,
    }
}

/// Whether `s` starts with a URL scheme (`tel:`, `https:`, ...).
pub fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 0 => {
            let scheme = &s[..i];
            scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Remove `.` and `..` segments as a browser does.
pub fn normalize(path: &str) -> String {
    if is_normal(path) {
        return path.to_string();
    }
    let mut out: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let mut s = format!("/{}", out.join("/"));
    if trailing && s.len() > 1 {
        s.push('/');
    }
    s
}

/// Whether [`normalize`] would return `path` unchanged: it starts with
/// `/`, and has no `.` or `..` segment and no empty one but a last (a
/// trailing slash). Most links are written this way.
fn is_normal(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let mut segments = rest.split('/').peekable();
    while let Some(seg) = segments.next() {
        if seg == "." || seg == ".." || (seg.is_empty() && segments.peek().is_some()) {
            return false;
        }
    }
    true
}

/// The ids a page's fragments can name: heading ids as kramdown makes
/// them (GFM input by default in Jekyll, kramdown's own with
/// `kramdown: input: kramdown`), explicit `{#id}`, and HTML `id`s.
pub fn fragment_ids<'d>(site: &Site, doc: &'d Document) -> &'d [String] {
    &fragment_ids_known(site, doc).0
}

/// The ids (as [`fragment_ids`]) and whether a fragment on the page can be
/// judged: its own ids are all known (not with `transliterated_header_ids`
/// on a heading in another script) and, for an HTML page, the layouts and
/// includes around it could be read.
pub fn fragment_ids_known<'d>(site: &Site, doc: &'d Document) -> &'d (Vec<String>, bool) {
    doc.fragment_ids.get_or_init(|| {
        // (a document whose text was dropped is read again for them)
        let again;
        let doc = if doc.text_dropped() {
            again = doc.read_again(&site.config, site.index_of(doc));
            &again
        } else {
            doc
        };
        let (mut ids, complete) = compute_fragment_ids(site, doc);
        let around = crate::site::anchors::surrounding_ids(site, doc);
        // a Markdown page's own ids are enough (a layout only adds some);
        // an HTML page's need its layouts'
        let known = complete && (doc.markdown || around.is_some());
        ids.extend(around.unwrap_or_default());
        (ids, known)
    })
}

/// The ids of `doc` and whether sitelint knows them all.
fn compute_fragment_ids(site: &Site, doc: &Document) -> (Vec<String>, bool) {
    let body = doc.body_once();
    let kramdown = site.config.data.as_ref().and_then(|d| d.get("kramdown"));
    let input = kramdown
        .and_then(|k| k.get("input"))
        .and_then(|n| n.scalar_text())
        .unwrap_or("GFM");
    let auto_ids = kramdown
        .and_then(|k| k.get("auto_ids"))
        .and_then(|n| n.as_scalar())
        .is_none_or(|s| s.value != crate::text::yaml::Value::Bool(false));
    let prefix = kramdown
        .and_then(|k| k.get("auto_id_prefix"))
        .and_then(|n| n.scalar_text())
        .unwrap_or("");
    let gfm = input.eq_ignore_ascii_case("gfm");
    let option = |key: &str| {
        kramdown
            .and_then(|k| k.get(key))
            .and_then(|n| n.as_scalar())
            .is_some_and(|s| !matches!(s.value, Value::Null | Value::Bool(false)))
    };
    // (kramdown input only: kramdown-parser-gfm makes ids its own way)
    let stripping = !gfm && option("auto_id_stripping");
    let transliterated = !gfm && option("transliterated_header_ids");
    let mut ids: Vec<String> = Vec::new();
    let mut counter: std::collections::HashMap<String, usize> = Default::default();
    for h in &body.headings {
        if let Some(id) = &h.id {
            ids.push(id.clone());
            continue;
        }
        if !auto_ids || !doc.markdown {
            continue;
        }
        let base = if gfm {
            gfm_id(&h.text)
        } else if stripping {
            kramdown_id(&h.stripped)
        } else {
            kramdown_id(&kramdown_raw_text(&doc.file.text, &h.span))
        };
        // `transliterated_header_ids` spells other scripts in ASCII with
        // the stringex gem's tables, which sitelint does not have: such an
        // id is unknown (and so is every later one it could number)
        if transliterated && !(if stripping { &h.stripped } else { &h.text }).is_ascii() {
            return (ids, false);
        }
        let n = counter.entry(base.clone()).or_insert(0);
        let id = if *n == 0 {
            format!("{prefix}{base}")
        } else {
            format!("{prefix}{base}-{n}")
        };
        *n += 1;
        ids.push(id);
    }
    for r in &body.html_ids {
        if let Some(v) = doc.file.text.get(r.clone()) {
            ids.push(v.to_string());
        }
    }
    ids.extend(body.generated_ids.iter().cloned());
    (ids, true)
}

/// kramdown's `raw_text` of a heading: the text of its line as written,
/// after the `#`s and without closing `#`s, or the underlined line of a
/// setext heading.
pub fn kramdown_raw_text(text: &str, span: &Range<usize>) -> String {
    let start = span.start.min(text.len());
    let line = text[start..].split('\n').next().unwrap_or("");
    let line = line.trim_end();
    let mut t = match line.strip_prefix('#') {
        Some(_) => line.trim_start_matches('#').trim_start_matches([' ', '\t']),
        None => line.trim_start_matches(' '),
    }
    .to_string();
    if line.starts_with('#') {
        // `(?<!\\)#+\z`
        let kept = t.trim_end_matches('#').len();
        if kept < t.len() && !t[..kept].ends_with('\\') {
            t.truncate(kept);
            t.truncate(t.trim_end().len());
        }
    }
    t
}

/// kramdown-parser-gfm's `generate_gfm_header_id` (without the counter).
pub fn gfm_id(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|&c| {
            c.is_alphanumeric()
                || c == '_'
                || c == '-'
                || c == ' '
                || c == '\t'
                || is_mark_or_connector(c)
        })
        .map(|c| if c == ' ' || c == '\t' { '-' } else { c })
        .collect()
}

fn is_mark_or_connector(c: char) -> bool {
    // \p{Word} also holds combining marks and connector punctuation
    matches!(c, '\u{300}'..='\u{36f}' | '\u{203f}' | '\u{2040}' | '\u{2054}' | '\u{fe33}' | '\u{fe34}' | '\u{fe4d}'..='\u{fe4f}' | '\u{ff3f}')
}

/// kramdown's `basic_generate_id`, with `section` for an empty result.
pub fn kramdown_id(text: &str) -> String {
    let trimmed = text.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    let id: String = trimmed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if id.is_empty() { "section".into() } else { id }
}

/// The served entry a source document is, for fragment checks.
pub fn document_of(source: &Source) -> Option<usize> {
    match source {
        Source::Document(i) => Some(*i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// kramdown's `raw_text`, as kramdown 2.4 gives it.
    #[test]
    fn kramdown_raw_heading_text() {
        for (src, want) in [
            ("## Title ##\n", "Title"),
            ("# A \\# b #\n", "A \\# b"),
            ("### C# ###\n", "C#"),
            ("#Tight#\n", "Tight"),
            ("Setext\n===\n", "Setext"),
            // closing `#`s after a backslash are text
            ("# C \\#\n", "C \\#"),
            ("# Open\n", "Open"),
        ] {
            assert_eq!(kramdown_raw_text(src, &(0..src.len())), want, "{src:?}");
        }
    }

    #[test]
    fn heading_ids() {
        assert_eq!(gfm_id("Hello, World: 2 ways"), "hello-world-2-ways");
        assert_eq!(gfm_id("What’s new?"), "whats-new");
        assert_eq!(gfm_id("Café  crème"), "café--crème");
        // `_` and `-` kept, a space or a tab made `-`, other marks dropped
        assert_eq!(gfm_id("snake_case - x\ty (z)"), "snake_case---x-y-z");
        assert_eq!(kramdown_id("1. Hello World!"), "hello-world");
        assert_eq!(kramdown_id("123"), "section");
    }

    proptest::proptest! {
        #[test]
        fn normal_paths_are_returned_as_they_are(p in "(/|a|\\.|\\.\\.|é){0,10}") {
            if is_normal(&p) {
                // what the general case would make of it
                let mut q = p.clone();
                q.insert_str(0, "/./");
                proptest::prop_assert_eq!(normalize(&q), p);
            }
        }
    }

    #[test]
    fn paths() {
        assert_eq!(normalize("/a/b/../c/./d/"), "/a/c/d/");
        assert_eq!(normalize("/../x"), "/x");
        assert!(has_scheme("tel:123") && has_scheme("https://x") && !has_scheme("/a:b"));
        assert!(!has_scheme("x@y.org"));
        // a scheme starts with a letter, then letters, digits, `+`, `-`, `.`
        assert!(has_scheme("svn+ssh://host") && has_scheme("a.b-c:x"));
        assert!(!has_scheme("1tel:5") && !has_scheme(":x") && !has_scheme("a_b:x"));
    }
}
