//! `LIQ`: Liquid that Jekyll cannot parse. Jekyll parses every page with
//! front matter as a Liquid template before it converts the Markdown, and a
//! template Liquid cannot parse stops the build ("Liquid syntax error").
//!
//! The tokens are cut as Liquid 5's tokenizer cuts them (its
//! `TemplateParser` regular expression: `{%…%}`, `{{…}` or `{{…}}`, or a
//! lone `{%` / `{{`), and the blocks are matched as its `BlockBody`,
//! `Block`, `Comment` and `Raw` do; `scripts/liquid-conformance` holds the
//! result equal to real Jekyll builds.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::checks::Context;
use crate::diagnostic::{Diagnostic, FixKind, Rule, Severity};
use crate::site::{Document, Site};

pub static LIQUID_SYNTAX: Rule = Rule {
    code: "LIQ001",
    name: "liquid-syntax-error",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "Liquid that Jekyll cannot parse stops the build",
    doc: r#"## What it does
Finds the Liquid in a page that Jekyll 4 (Liquid 5) cannot parse: a
`{{` or `{%` without its closing `}}` or `%}` (a single `}` ends an
output too early), a tag without a name, a `{% raw %}`, `{% if %}`,
`{% unless %}`, `{% case %}`, `{% for %}`, `{% tablerow %}`,
`{% capture %}`, `{% comment %}` or `{% highlight %}` without its end
tag, an end tag that closes nothing or the wrong block, an `else`,
`elsif` or `when` outside the block that takes it, `{% raw %}` with
arguments, `{% highlight %}` without a language, and a tag name that
neither Liquid, Jekyll nor the site's plugins define. It reports the
first problem of a page, as Liquid does (it stops there).

Tags are known from Liquid, Jekyll (`include`, `include_relative`,
`link`, `post_url`, `highlight`), the plugins the site enables that
sitelint knows (`seo`, `feed_meta`, `gist`, `static_href`, …) and the
`register_tag` calls in the site's `_plugins` folder. Where a plugin or a
theme sitelint does not know could define tags, an unknown tag name is
not reported. Pages Jekyll does not parse are not checked: those with
`render_with_liquid: false` or `published: false`, posts whose file name
has no date, and files without front matter.

## Why is this bad?
The build fails ("Liquid syntax error … in _posts/…"): nothing is
published until it is fixed. Liquid runs before Markdown, so this holds
inside code blocks too: text that shows Liquid must be inside
`{% raw %}`…`{% endraw %}`.

## Example
`Use {{ page.title }} in a layout` in a post meant to show Liquid:
write `{% raw %}{{ page.title }}{% endraw %}`. `{% if page.image %}`
without `{% endif %}`: add it."#,
};

pub static RULES: &[&Rule] = &[&LIQUID_SYNTAX];

/// Liquid's own tags (Liquid 5.4) and Jekyll's, that stand alone.
const SIMPLE_TAGS: &[&str] = &[
    "assign",
    "break",
    "continue",
    "cycle",
    "decrement",
    "echo",
    "increment",
    "include",
    "render",
    "include_relative",
    "link",
    "post_url",
];

/// Liquid's and Jekyll's block tags (each closed by `end` + its name);
/// `comment` and `raw` have their own rules.
const BLOCK_TAGS: &[&str] = &[
    "if",
    "unless",
    "case",
    "for",
    "tablerow",
    "capture",
    "ifchanged",
    "comment",
    "highlight",
];

/// The tags of the plugins sitelint knows (simple tags; the block tags are
/// in [`PLUGIN_BLOCKS`]). A plugin not listed here, nor in
/// [`PLUGINS_WITHOUT_TAGS`], may define any tag.
const PLUGIN_TAGS: &[(&str, &[&str])] = &[
    ("jekyll-seo-tag", &["seo"]),
    ("jekyll-feed", &["feed_meta"]),
    ("jekyll-gist", &["gist"]),
    ("jekyll-avatar", &["avatar"]),
    ("jekyll-include-cache", &["include_cached"]),
    ("jekyll-octicons", &["octicon"]),
    ("jekyll-polyglot", &["I18n_Headers", "i18n_headers"]),
    ("jekyll-last-modified-at", &["last_modified_at"]),
];

const PLUGIN_BLOCKS: &[(&str, &[&str])] = &[("jekyll-polyglot", &["Static_Href", "static_href"])];

const PLUGINS_WITHOUT_TAGS: &[&str] = &[
    "jekyll-sitemap",
    "jekyll-redirect-from",
    "jekyll-archives",
    "jekyll-paginate",
    "jekyll-paginate-v2",
    "jekyll-remote-theme",
    "jekyll-github-metadata",
    "jekyll-relative-links",
    "jekyll-optional-front-matter",
    "jekyll-readme-index",
    "jekyll-default-layout",
    "jekyll-titles-from-headings",
    "jekyll-mentions",
    "jemoji",
    "jekyll-coffeescript",
    "jekyll-commonmark",
    "jekyll-commonmark-ghpages",
    "jekyll-sass-converter",
    "jekyll-watch",
    "jekyll-sitemap",
    "jekyll-data",
    "jekyll-compose",
    "webrick",
];

/// Themes whose gems load plugins with tags, and those plugins.
const THEMES: &[(&str, &[&str])] = &[
    ("minima", &["jekyll-feed", "jekyll-seo-tag"]),
    ("jekyll-theme-primer", &["jekyll-seo-tag"]),
    ("jekyll-theme-minimal", &["jekyll-seo-tag"]),
    ("jekyll-theme-cayman", &["jekyll-seo-tag"]),
    ("jekyll-theme-slate", &["jekyll-seo-tag"]),
    ("jekyll-theme-architect", &["jekyll-seo-tag"]),
    ("jekyll-theme-tactile", &["jekyll-seo-tag"]),
    ("jekyll-theme-dinky", &["jekyll-seo-tag"]),
    ("jekyll-theme-hacker", &["jekyll-seo-tag"]),
    ("jekyll-theme-leap-day", &["jekyll-seo-tag"]),
    ("jekyll-theme-merlot", &["jekyll-seo-tag"]),
    ("jekyll-theme-midnight", &["jekyll-seo-tag"]),
    ("jekyll-theme-modernist", &["jekyll-seo-tag"]),
    ("jekyll-theme-time-machine", &["jekyll-seo-tag"]),
];

/// The tags a site can use beyond Liquid's and Jekyll's.
#[derive(Debug, Default)]
pub struct SiteTags {
    pub simple: BTreeSet<String>,
    pub blocks: BTreeSet<String>,
    /// Some plugin or theme sitelint does not know may define tags: an
    /// unknown tag name is then not an error.
    pub open: bool,
}

impl SiteTags {
    pub fn of(site: &Site) -> SiteTags {
        let mut tags = SiteTags::default();
        let mut plugins = crate::site::plugins::enabled(site);
        let gemfile =
            crate::site::plugins::read_regular(&site.root.join("Gemfile")).unwrap_or_default();
        if gemfile.contains("github-pages") {
            plugins.push("jekyll-gist".into());
        }
        let config = site.config.data.as_ref();
        if let Some(theme) = config
            .and_then(|d| d.get("theme"))
            .and_then(|t| t.scalar_text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            match THEMES.iter().find(|(n, _)| *n == theme) {
                Some((_, with)) => plugins.extend(with.iter().map(|p| p.to_string())),
                None => tags.open = true,
            }
        }
        for p in &plugins {
            let simple = PLUGIN_TAGS.iter().find(|(n, _)| n == p);
            let blocks = PLUGIN_BLOCKS.iter().find(|(n, _)| n == p);
            if simple.is_none() && blocks.is_none() && !PLUGINS_WITHOUT_TAGS.contains(&p.as_str()) {
                tags.open = true;
            }
            tags.simple.extend(
                simple
                    .into_iter()
                    .flat_map(|(_, t)| t.iter().map(|t| t.to_string())),
            );
            tags.blocks.extend(
                blocks
                    .into_iter()
                    .flat_map(|(_, t)| t.iter().map(|t| t.to_string())),
            );
        }
        let dir = config
            .and_then(|d| d.get("plugins_dir"))
            .and_then(|t| t.scalar_text())
            .unwrap_or("_plugins");
        let dir = site.root.join(dir.trim());
        if dir.starts_with(&site.root) && crate::site::plugins::is_real_dir(&dir) {
            tags.read_plugins(&dir, 0);
        }
        tags
    }

    /// The `register_tag` calls of the Ruby files under `dir`: a name
    /// written as a literal is known (a block when its class derives from
    /// `Liquid::Block`, as far as the file says); any other call, or a
    /// `require` of another Jekyll or Liquid plugin, opens the set.
    fn read_plugins(&mut self, dir: &std::path::Path, depth: usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            self.open = true;
            return;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if crate::site::plugins::is_real_dir(&path) {
                if depth < 8 {
                    self.read_plugins(&path, depth + 1);
                } else {
                    self.open = true;
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rb") {
                continue;
            }
            let Some(text) = crate::site::plugins::read_regular(&path) else {
                self.open = true;
                continue;
            };
            self.read_ruby(&text);
        }
    }

    fn read_ruby(&mut self, text: &str) {
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = RE.get_or_init(|| {
            regex::Regex::new(
                r#"register_tag[\s(]*(?:["']([#\w]+)["']|:([#\w]+))?\s*,?\s*([\w:]*)"#,
            )
            .expect("valid regex")
        });
        for line in text.lines() {
            let code = line.trim_start();
            if code.starts_with('#') {
                continue;
            }
            if let Some(req) = code.strip_prefix("require ")
                && (req.contains("jekyll") || req.contains("liquid"))
            {
                self.open = true;
            }
        }
        for c in re.captures_iter(text) {
            let Some(name) = c.get(1).or(c.get(2)) else {
                self.open = true;
                continue;
            };
            let class = c.get(3).map_or("", |m| m.as_str());
            let short = class.rsplit("::").next().unwrap_or(class);
            let block = !short.is_empty()
                && text.lines().any(|l| {
                    let l = l.trim();
                    l.starts_with("class ")
                        && l[6..].trim_start().starts_with(short)
                        && l.contains("Block")
                });
            if block {
                self.blocks.insert(name.as_str().to_string());
            } else {
                self.simple.insert(name.as_str().to_string());
            }
        }
    }
}

pub fn check_document(ctx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    if !ctx.enabled(&LIQUID_SYNTAX) || doc.unchecked.is_some() || !doc.is_rendered() {
        return;
    }
    let is_false = |key: &str| {
        doc.front
            .data()
            .and_then(|d| d.get(key))
            .and_then(crate::text::yaml::Node::as_scalar)
            .is_some_and(|s| s.value == crate::text::yaml::Value::Bool(false))
    };
    // not parsed by Jekyll: `render_with_liquid: false`, and pages Jekyll
    // does not build (`published: false`, a post whose file name has no
    // date, which FM021 reports)
    let undated_post =
        doc.collection == Some(0) && crate::site::dates::from_filename(doc.rel()).is_none();
    if is_false("render_with_liquid") || is_false("published") || undated_post {
        return;
    }
    let text = doc.file.text.as_str();
    let start = doc.front.body_start();
    let bytes = text.as_bytes();
    // most pages hold no Liquid at all
    if !memchr::memchr_iter(b'{', &bytes[start..])
        .any(|i| matches!(bytes.get(start + i + 1), Some(b'{' | b'%')))
    {
        return;
    }
    let site_tags = std::cell::OnceCell::new();
    let tags = || site_tags.get_or_init(|| SiteTags::of(ctx.site));
    if let Some(p) = first_problem(text, start, &tags) {
        let mut d = Diagnostic::new(&LIQUID_SYNTAX, &doc.file, p.span, p.message).help(p.help);
        if let Some((span, label)) = p.label {
            d = d.label(span, label);
        }
        out.push(d);
    }
}

/// One Liquid problem: the first Liquid meets in a template.
#[derive(Debug, PartialEq)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
    pub label: Option<(Range<usize>, String)>,
}

/// A token of Liquid's tokenizer that is not plain text.
#[derive(Clone, Debug, PartialEq)]
struct Token {
    span: Range<usize>,
    output: bool,
}

/// Cut `text[start..]` as Liquid's `TemplateParser` does:
/// `{%.*?%}` or `{{.*?}}?` (lazily, across lines), else a lone `{%` or
/// `{{`. Linear: once a closing delimiter is missing after some point, it
/// is missing after any later one.
fn tokens(text: &str, start: usize) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut no_close = [false, false];
    let mut i = start;
    while let Some(p) = memchr::memchr(b'{', &bytes[i.min(bytes.len())..]) {
        let at = i + p;
        let output = match bytes.get(at + 1) {
            Some(b'{') => true,
            Some(b'%') => false,
            _ => {
                i = at + 1;
                continue;
            }
        };
        let which = usize::from(output);
        let mut end = at + 2;
        if !no_close[which] {
            let found = if output {
                memchr::memchr(b'}', &bytes[at + 2..])
                    .map(|q| at + 2 + q + 1 + usize::from(bytes.get(at + 3 + q) == Some(&b'}')))
            } else {
                memchr::memmem::find(&bytes[at + 2..], b"%}").map(|q| at + 2 + q + 2)
            };
            match found {
                Some(e) => end = e,
                None => no_close[which] = true,
            }
        }
        out.push(Token {
            span: at..end,
            output,
        });
        i = end;
    }
    out
}

/// Ruby's `\s`.
fn ruby_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A tag token's name and markup, as `BlockBody::FullToken` reads them
/// (`{%-?\s*(#|\w+)\s*(.*?)-?%}`); `None` when it does not match (Liquid:
/// "Tag was not properly terminated").
fn tag_parts(tok: &str) -> Option<(&str, &str)> {
    let b = tok.as_bytes();
    if b.len() < 4 || !tok.ends_with("%}") {
        return None;
    }
    let inner_end = b.len() - 2;
    let mut i = 2;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    while i < inner_end && ruby_space(b[i]) {
        i += 1;
    }
    let name_start = i;
    if b.get(i) == Some(&b'#') && i < inner_end {
        i += 1;
    } else {
        while i < inner_end && word(b[i]) {
            i += 1;
        }
    }
    if i == name_start {
        return None;
    }
    let name = &tok[name_start..i];
    while i < inner_end && ruby_space(b[i]) {
        i += 1;
    }
    let mut markup_end = inner_end;
    if markup_end > i && b[markup_end - 1] == b'-' {
        markup_end -= 1;
    }
    Some((name, &tok[i..markup_end]))
}

/// Whether a token inside `{% raw %}` ends it: `Raw`'s
/// `\A(.*){%\s*(\w+)\s*(.*)?%}\z` with `endraw` as the name (the greedy
/// start takes the last `{%` after which a name follows).
fn ends_raw(tok: &str) -> bool {
    if !tok.ends_with("%}") {
        return false;
    }
    let b = tok.as_bytes();
    let body_end = b.len() - 2;
    let mut from = body_end;
    while let Some(p) = memchr::memmem::rfind(&b[..from], b"{%") {
        let mut i = p + 2;
        while i < body_end && ruby_space(b[i]) {
            i += 1;
        }
        let s = i;
        while i < body_end && word(b[i]) {
            i += 1;
        }
        if i > s {
            return &tok[s..i] == "endraw";
        }
        from = p + 1;
        if p == 0 {
            break;
        }
    }
    false
}

/// Jekyll's `highlight` markup (`HighlightBlock::SYNTAX`, on the stripped
/// markup, with Ruby's line anchors).
fn highlight_ok(markup: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r#"(?m)^[a-zA-Z0-9.+#_-]+(?:[\t\n\x0B\x0C\r ]+[A-Za-z0-9_]+(?:=(?:[A-Za-z0-9_]+|"(?:[0-9]+[\t\n\x0B\x0C\r ])*[0-9]+"))?)*$"#,
        )
        .expect("valid regex")
    });
    re.is_match(markup.trim_matches(|c: char| c.is_ascii() && ruby_space(c as u8) || c == '\0'))
}

struct Frame {
    name: String,
    span: Range<usize>,
    /// A plugin's block: what it accepts inside is not known.
    plugin: bool,
}

fn short(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        let cut: String = one_line.chars().take(57).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The first problem Liquid meets in `text[start..]`, if any.
fn first_problem<'a>(
    text: &str,
    start: usize,
    site_tags: &dyn Fn() -> &'a SiteTags,
) -> Option<Problem> {
    let toks = tokens(text, start);
    let mut stack: Vec<Frame> = Vec::new();
    let problem = |span: Range<usize>, message: String, help: &str| Problem {
        span,
        message,
        help: help.to_string(),
        label: None,
    };
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        k += 1;
        let src = &text[t.span.clone()];
        if t.output {
            if src.len() < 4 || !src.ends_with("}}") {
                let message = if src.len() == 2 {
                    "`{{` is not closed by `}}`".to_string()
                } else {
                    format!("`{}` is not closed by `}}}}`", short(src))
                };
                return Some(problem(
                    t.span.clone(),
                    message,
                    "Close it with `}}`, or wrap text that only looks like Liquid in `{% raw %}`…`{% endraw %}`",
                ));
            }
            continue;
        }
        let Some((name, markup)) = tag_parts(src) else {
            let message = if src.len() == 2 {
                "`{%` is not closed by `%}`".to_string()
            } else {
                format!("`{}` is not a Liquid tag (no tag name)", short(src))
            };
            return Some(problem(
                t.span.clone(),
                message,
                "Close the tag with `%}`, or wrap text that only looks like Liquid in `{% raw %}`…`{% endraw %}`",
            ));
        };
        let in_comment = stack.last().is_some_and(|f| f.name == "comment");
        let in_plugin = stack.last().is_some_and(|f| f.plugin);
        let end_of = |f: &Frame| format!("end{}", f.name);
        if stack.last().is_some_and(|f| end_of(f) == name) {
            stack.pop();
            continue;
        }
        match name {
            "liquid" => continue,
            "#" => {
                // every line of an inline comment starts with `#`
                let bad = markup.split('\n').skip(1).any(|l| {
                    l.trim_start_matches(|c: char| c.is_ascii() && ruby_space(c as u8))
                        .chars()
                        .next()
                        .is_some_and(|c| c != '#')
                });
                if bad {
                    return Some(problem(
                        t.span.clone(),
                        "Every line of a `{% # %}` comment must start with `#`".into(),
                        "Start each line with `#`, or use `{% comment %}`…`{% endcomment %}`",
                    ));
                }
                continue;
            }
            "raw" => {
                if !markup.bytes().all(ruby_space) {
                    return Some(problem(
                        t.span.clone(),
                        format!("`{}` has arguments; `raw` takes none", short(src)),
                        "Write `{% raw %}` alone",
                    ));
                }
                let open = t.span.clone();
                match toks[k..]
                    .iter()
                    .position(|r| ends_raw(&text[r.span.clone()]))
                {
                    Some(j) => k += j + 1,
                    None => {
                        return Some(problem(
                            open,
                            "`{% raw %}` is never closed by `{% endraw %}`".into(),
                            "Add `{% endraw %}` where the text shown as is ends",
                        ));
                    }
                }
                continue;
            }
            _ => {}
        }
        if BLOCK_TAGS.contains(&name) {
            if name == "highlight" && !highlight_ok(markup) {
                return Some(problem(
                    t.span.clone(),
                    format!("`{}` names no language", short(src)),
                    "Write the language after `highlight`, as in `{% highlight ruby %}`",
                ));
            }
            stack.push(Frame {
                name: name.to_string(),
                span: t.span.clone(),
                plugin: false,
            });
            continue;
        }
        if SIMPLE_TAGS.contains(&name) {
            continue;
        }
        // intermediate tags of the open block
        let top = stack.last().map(|f| f.name.as_str());
        let takes = matches!(
            (top, name),
            (Some("if" | "unless"), "elsif" | "else")
                | (Some("case"), "when" | "else")
                | (Some("for"), "else")
        );
        if takes || in_comment || in_plugin {
            continue;
        }
        let tags = site_tags();
        if tags.blocks.contains(name) {
            stack.push(Frame {
                name: name.to_string(),
                span: t.span.clone(),
                plugin: true,
            });
            continue;
        }
        if tags.simple.contains(name) {
            continue;
        }
        let base = name.strip_prefix("end");
        let is_liquid_end =
            base.is_some_and(|b| BLOCK_TAGS.contains(&b) || b == "raw" || b.is_empty());
        let is_intermediate = matches!(name, "else" | "elsif" | "when");
        if tags.open && !is_liquid_end && !is_intermediate {
            continue;
        }
        if tags.open && base.is_some_and(|b| !BLOCK_TAGS.contains(&b) && b != "raw") {
            continue;
        }
        let tag = format!("`{}`", short(src));
        return Some(match (stack.last(), base, is_intermediate) {
            (Some(f), Some(_), _) => Problem {
                span: t.span.clone(),
                message: format!(
                    "{tag} does not close the `{}` opened on line {}",
                    short(&text[f.span.clone()]),
                    line_of(text, f.span.start)
                ),
                help: format!("Close `{}` first with `{{% end{} %}}`", f.name, f.name),
                label: Some((f.span.clone(), "still open here".into())),
            },
            (None, Some(_), _) => problem(
                t.span.clone(),
                format!("{tag} closes nothing: no block is open"),
                "Delete it, or add the tag it closes",
            ),
            (Some(f), None, true) => Problem {
                span: t.span.clone(),
                message: format!(
                    "{tag} cannot stand inside `{}` (line {})",
                    short(&text[f.span.clone()]),
                    line_of(text, f.span.start)
                ),
                help: "`elsif` and `else` belong to `if` and `unless`, `when` to `case`, `else` also to `for`".into(),
                label: Some((f.span.clone(), "the open block".into())),
            },
            (None, None, true) => problem(
                t.span.clone(),
                format!("{tag} stands outside any block"),
                "`elsif` and `else` belong to `if` and `unless`, `when` to `case`, `else` also to `for`",
            ),
            (_, None, false) => problem(
                t.span.clone(),
                format!("Unknown Liquid tag `{name}`"),
                "Liquid, Jekyll and the site's plugins define no such tag; fix its name, or wrap text that only looks like Liquid in `{% raw %}`…`{% endraw %}`",
            ),
        });
    }
    let open = stack.pop()?;
    if open.plugin {
        return None;
    }
    Some(problem(
        open.span.clone(),
        format!(
            "`{}` is never closed by `{{% end{} %}}`",
            short(&text[open.span.clone()]),
            open.name
        ),
        &format!("Add `{{% end{} %}}` where the block ends", open.name),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(t: &str) -> Option<String> {
        let tags = SiteTags::default();
        first_problem(t, 0, &|| &tags).map(|p| format!("{}: {}", &t[p.span], p.message))
    }

    #[test]
    fn tokens_as_liquid_cuts_them() {
        let t = "a {{ b } c }} {% d %} {{ {% x";
        let v: Vec<&str> = tokens(t, 0).iter().map(|k| &t[k.span.clone()]).collect();
        assert_eq!(v, ["{{ b }", "{% d %}", "{{", "{%"]);
        let t = "{{ a }}} {%%}";
        let v: Vec<&str> = tokens(t, 0).iter().map(|k| &t[k.span.clone()]).collect();
        assert_eq!(v, ["{{ a }}", "{%%}"]);
    }

    #[test]
    fn problems() {
        let cases: &[(&str, Option<&str>)] = &[
            ("plain {{ page.title }} text", None),
            ("{% if a %}x{% elsif b %}y{% else %}z{% endif %}", None),
            ("{%- for x in y -%}{% else %}{% endfor %}", None),
            ("{% raw %}{{ {% if %}{% endraw %}", None),
            ("{% comment %}{% nope %}{% endif %}{% endcomment %}", None),
            ("{% highlight ruby linenos %}x{% endhighlight %}", None),
            ("{% # a\n  # b %}", None),
            (
                "{{ a } b }}",
                Some("{{ a }: `{{ a }` is not closed by `}}`"),
            ),
            ("x {{ y", Some("{{: `{{` is not closed by `}}`")),
            ("x {% y", Some("{%: `{%` is not closed by `%}`")),
            (
                "{% %}",
                Some("{% %}: `{% %}` is not a Liquid tag (no tag name)"),
            ),
            (
                "{% if a %}x",
                Some("{% if a %}: `{% if a %}` is never closed by `{% endif %}`"),
            ),
            (
                "{% raw %}x",
                Some("{% raw %}: `{% raw %}` is never closed by `{% endraw %}`"),
            ),
            (
                "{% raw %}x{%- endraw %}",
                Some("{% raw %}: `{% raw %}` is never closed by `{% endraw %}`"),
            ),
            (
                "{% raw x %}{% endraw %}",
                Some("{% raw x %}: `{% raw x %}` has arguments; `raw` takes none"),
            ),
            (
                "{% endif %}",
                Some("{% endif %}: `{% endif %}` closes nothing: no block is open"),
            ),
            ("{% nope %}", Some("{% nope %}: Unknown Liquid tag `nope`")),
            (
                "{% else %}",
                Some("{% else %}: `{% else %}` stands outside any block"),
            ),
            (
                "{% capture a %}{% else %}{% endcapture %}",
                Some("{% else %}: `{% else %}` cannot stand inside `{% capture a %}` (line 1)"),
            ),
            (
                "{% for a in b %}{% endif %}",
                Some(
                    "{% endif %}: `{% endif %}` does not close the `{% for a in b %}` opened on line 1",
                ),
            ),
            (
                "{% comment %}{% if a %}{% endcomment %}",
                Some(
                    "{% endcomment %}: `{% endcomment %}` does not close the `{% if a %}` opened on line 1",
                ),
            ),
            (
                "{% highlight %}x{% endhighlight %}",
                Some("{% highlight %}: `{% highlight %}` names no language"),
            ),
            (
                "{% # a\n b %}",
                Some("{% # a\n b %}: Every line of a `{% # %}` comment must start with `#`"),
            ),
        ];
        for (t, want) in cases {
            assert_eq!(first(t).as_deref(), *want, "{t}");
        }
    }

    #[test]
    fn plugin_tags_from_ruby() {
        let mut tags = SiteTags::default();
        tags.read_ruby(
            "class Box < Liquid::Block\nend\nLiquid::Template.register_tag('box', Box)\nLiquid::Template.register_tag(\"now\", Now)\n",
        );
        assert!(tags.blocks.contains("box") && tags.simple.contains("now") && !tags.open);
        let t = "{% now %}{% box %}{% else %}{% endbox %}";
        assert_eq!(first_problem(t, 0, &|| &tags), None);
        let mut open = SiteTags::default();
        open.read_ruby("Liquid::Template.register_tag(name, klass)\n");
        assert!(open.open);
        assert_eq!(first_problem("{% whatever %}", 0, &|| &open), None);
        assert!(first_problem("{% endif %}", 0, &|| &open).is_some());
    }
}
