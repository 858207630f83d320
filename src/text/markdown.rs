//! Links, images, headings and prose of a page body, with byte spans into
//! the file.
//!
//! The site's engine is kramdown, not CommonMark. Before parsing with
//! pulldown-cmark the body is *masked*: a copy of the same byte length in
//! which
//! - Liquid (`{{ site.baseurl }}`, `{% link x %}`) becomes a run of `x`, so
//!   that a destination holding Liquid is still one link (Jekyll renders
//!   Liquid before Markdown), while spans still point at the Liquid source;
//! - `{% comment %}` and `{% highlight %}` blocks become blank;
//! - raw HTML blocks are blanked and scanned as HTML instead: kramdown reads
//!   a block-level element up to its matching end tag, blank lines and
//!   tab-indented lines included, where CommonMark would end the block at
//!   the first blank line and take the indented lines for code.
//!
//! Line breaks are kept in the mask, so every offset stays valid.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::html;
use super::liquid::{self, Liquid};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)` or `![alt](src)`.
    Inline,
    /// `[label]: dest`, the definition a reference link uses.
    Definition,
    /// `<https://...>`.
    Autolink,
    /// `<name@example.org>`.
    EmailAutolink,
    /// An attribute of a raw HTML tag (`<a href>`, `<img src>`, ...).
    Html,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// An image (`![](..)`, `<img src>`) rather than a link.
    pub image: bool,
    /// For HTML, the element and attribute, e.g. `("a", "href")`.
    pub element: Option<(String, String)>,
    /// The whole construct.
    pub span: Range<usize>,
    /// The destination as written, Liquid included.
    pub dest: Range<usize>,
    /// The link text or alt text, where there is one. For HTML images, the
    /// `alt` attribute's value; `None` when the attribute is missing.
    pub text: Option<Range<usize>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub span: Range<usize>,
    /// The heading's plain text, as kramdown derives its id from.
    pub text: String,
    /// Only the text of its text nodes (no code spans, images, entities or
    /// typographic symbols): kramdown's `raw_text` with `auto_id_stripping`.
    pub stripped: String,
    /// An explicit `{#id}`, or the id of a block attribute list
    /// (`{: #id}`) on the line after it.
    pub id: Option<String>,
}

/// Where a run of prose sits, for checks that treat them differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProseContext {
    Paragraph,
    Heading,
    LinkText,
    ImageAlt,
    Html,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prose {
    pub range: Range<usize>,
    pub context: ProseContext,
    /// Inside a Markdown blockquote.
    pub quoted: bool,
}

#[derive(Debug, Default)]
pub struct Body {
    pub links: Vec<Link>,
    pub headings: Vec<Heading>,
    /// `id="..."` values of HTML elements, and ids kramdown attribute
    /// lists (`{: #id}`) give to blocks and spans other than headings.
    pub html_ids: Vec<Range<usize>>,
    /// Ids kramdown generates that are not in the source as written:
    /// footnotes (`fn:1`, `fnref:1`) and the table of contents.
    pub generated_ids: Vec<String>,
    pub prose: Vec<Prose>,
    pub liquid: Vec<Liquid>,
    /// Code blocks, code spans and opaque Liquid blocks.
    pub code: Vec<Range<usize>>,
    /// Raw HTML (blocks and inline tags).
    pub html: Vec<Range<usize>>,
    /// The spans of reference definitions no link uses, by start: kramdown
    /// writes nothing for them, so no reader sees their target.
    pub unused_definitions: Vec<Range<usize>>,
}

/// Elements kramdown reads as text-level: a line starting with one of them
/// is a paragraph, not an HTML block.
const SPAN_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em",
    "i", "img", "input", "kbd", "label", "option", "q", "rb", "rbc", "rp", "rt", "rtc", "ruby",
    "s", "samp", "select", "small", "span", "strike", "strong", "sub", "sup", "textarea", "tt",
    "u", "var",
];

const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Which HTML attributes hold URLs, and whether they name an image.
const URL_ATTRIBUTES: &[(&str, &str, bool)] = &[
    ("a", "href", false),
    ("area", "href", false),
    ("img", "src", true),
    ("source", "src", false),
    ("video", "src", false),
    ("video", "poster", true),
    ("audio", "src", false),
    ("iframe", "src", false),
    ("embed", "src", false),
    ("link", "href", false),
    ("script", "src", false),
];

fn blank(mask: &mut [u8], range: Range<usize>, fill: u8) {
    for b in &mut mask[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = fill;
        }
    }
}

/// Where the two bytes `a` `b` first occur together in `s[from..end]`
/// (an index into `s`): a `memchr` for `a`, without building a substring
/// searcher for every line.
fn find_pair(s: &str, from: usize, end: usize, a: u8, b: u8) -> Option<usize> {
    let bytes = s.as_bytes().get(..end)?;
    let mut at = from;
    while let Some(p) = memchr::memchr(a, bytes.get(at..)?) {
        let i = at + p;
        if bytes.get(i + 1) == Some(&b) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Parse a Markdown body starting at byte `start` of `text`.
pub fn parse_markdown(text: &str, start: usize) -> Body {
    let mut body = Body::default();
    let end = text.len();
    let mut mask = text.as_bytes().to_vec();

    body.liquid = liquid::find(text, start..end);
    let tags: Vec<Liquid> = body
        .liquid
        .iter()
        .filter(|l| l.kind == liquid::LiquidKind::Tag)
        .cloned()
        .collect();
    for region in liquid::opaque_blocks(text, &tags) {
        blank(&mut mask, region.clone(), b' ');
        body.code.push(region);
    }
    for l in &body.liquid {
        blank(&mut mask, l.span.clone(), b'x');
    }

    kramdown_extensions(text, &mut mask, start, &mut body);
    // HTML blocks, and the Markdown inside `markdown="1"` elements
    let mut pending: Vec<Range<usize>> = Vec::new();
    pending.push(start..mask.len());
    while let Some(range) = pending.pop() {
        for (region, islands) in html_blocks(&mask, range.start, range.end) {
            let mut from = region.start;
            for island in islands {
                scan_html(text, from..island.start, &mut body, true);
                blank(&mut mask, from..island.start, b' ');
                from = island.end;
                pending.push(island);
            }
            scan_html(text, from..region.end, &mut body, true);
            blank(&mut mask, from..region.end, b' ');
            body.html.push(region);
        }
    }
    let attributes = attribute_lists(text, &mut mask, start, &mut body);

    // All replacements were ASCII for ASCII or whole ranges, so the mask is
    // still UTF-8; fall back to an empty parse rather than panic.
    let Ok(masked) = simdutf8::basic::from_utf8(&mask) else {
        return body;
    };
    parse_masked(text, masked, start, &mut body);
    apply_attribute_lists(text, masked, &attributes, &mut body);
    kramdown_inline_links(masked, start, &mut body);
    kramdown_definitions(masked, start, &mut body);
    unused_definitions(text, masked, start, &mut body);
    body.links.sort_by_key(|l| (l.dest.start, l.span.start));
    body.prose.sort_by_key(|p| p.range.start);
    body
}

/// Parse an HTML page body: only tags, ids and text.
pub fn parse_html(text: &str, start: usize) -> Body {
    let mut body = Body {
        liquid: liquid::find(text, start..text.len()),
        ..Body::default()
    };
    scan_html(text, start..text.len(), &mut body, false);
    body.html.push(start..text.len());
    body
}

/// kramdown HTML blocks in `start..end`: a line starting (after up to
/// three spaces) with a block-level start tag or a comment, up to the line
/// of the matching end tag. Each comes with its Markdown islands: the
/// content of elements marked `markdown="1"` (or `"block"`, `"span"`),
/// the start tag's own or a nested one's, which kramdown reads as Markdown.
fn html_blocks(mask: &[u8], start: usize, end: usize) -> Vec<(Range<usize>, Vec<Range<usize>>)> {
    let mut out = Vec::new();
    let end = end.min(mask.len());
    // the lines are scanned as bytes; the mask is read as text (one UTF-8
    // check) only once a line starts with `<`, which most documents lack
    let mut text: Option<&str> = None;
    let mut pos = start;
    let mut in_fence: Option<&[u8]> = None;
    while pos < end {
        let line_end = memchr::memchr(b'\n', &mask[pos..end]).map_or(end, |p| pos + p);
        let line = &mask[pos..line_end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let trimmed = &line[indent..];
        // fenced code blocks are code, not HTML
        if let Some(fence) = in_fence {
            if trimmed.starts_with(fence) {
                in_fence = None;
            }
            pos = line_end + 1;
            continue;
        }
        if indent <= 3 && (trimmed.starts_with(b"```") || trimmed.starts_with(b"~~~")) {
            in_fence = Some(&trimmed[..3]);
            pos = line_end + 1;
            continue;
        }
        if indent <= 3 && trimmed.starts_with(b"<") {
            let masked = match text {
                Some(t) => t,
                None => {
                    let Ok(t) = simdutf8::basic::from_utf8(mask) else {
                        return out;
                    };
                    text = Some(t);
                    t
                }
            };
            let tag_start = pos + indent;
            // a text-level tag alone on its line (`<del>`, `</span>`):
            // kramdown starts a paragraph, CommonMark an HTML block; the
            // tag is taken out so that the lines after it stay Markdown
            if let Some(tag) = html::tag_at(masked, tag_start, line_end)
                && SPAN_ELEMENTS.contains(&tag.name.as_str())
                && masked[tag.span.end..line_end].trim().is_empty()
            {
                out.push((tag.span.clone(), Vec::new()));
                pos = line_end + 1;
                continue;
            }
            if let Some(close_end) = html_block_end(masked, tag_start, end) {
                let region_end = masked[close_end..end]
                    .find('\n')
                    .map_or(end, |p| close_end + p);
                let islands = markdown_islands(masked, tag_start, close_end);
                out.push((pos..region_end, islands));
                pos = region_end + 1;
                continue;
            }
        }
        pos = line_end + 1;
    }
    out
}

/// The contents of the elements in `at..end` (an HTML block) marked
/// `markdown="1"`, `"block"` or `"span"`, outermost only.
fn markdown_islands(masked: &str, at: usize, end: usize) -> Vec<Range<usize>> {
    let tags = html::tags(masked, at..end);
    // each start tag's end tag, matched in one pass (a start tag without
    // one has none: kramdown warns, and its content is not read as
    // Markdown here)
    let mut open: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    let mut matching: Vec<Option<usize>> = vec![None; tags.len()];
    for (i, t) in tags.iter().enumerate() {
        if t.closing {
            if let Some(j) = open.get_mut(t.name.as_str()).and_then(Vec::pop) {
                matching[j] = Some(i);
            }
        } else if !VOID_ELEMENTS.contains(&t.name.as_str())
            && !masked[t.span.clone()].ends_with("/>")
        {
            open.entry(t.name.as_str()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    let mut from = at;
    for (i, tag) in tags.iter().enumerate() {
        if tag.closing || tag.span.start < from {
            continue;
        }
        let Some(value) = tag.attr("markdown") else {
            continue;
        };
        if !matches!(&masked[value.value.clone()], "1" | "block" | "span") {
            continue;
        }
        let Some(j) = matching[i] else {
            continue;
        };
        out.push(tag.span.end..tags[j].span.start);
        from = tags[j].span.end;
    }
    out
}

/// Whether kramdown reads `tag` as an HTML tag (its `HTML_TAG_RE`): a name
/// not ending in `:` and attributes with names only. `<https://x.org/>`
/// is an autolink, not a tag named `https:`.
fn kramdown_tag(s: &str, tag: &html::Tag) -> bool {
    let _ = s;
    !tag.name.ends_with(':')
        && tag.attrs.iter().all(|a| {
            a.name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
        })
}

/// Where the HTML block starting at `at` ends (the end of its closing tag),
/// or `None` if the line does not start an HTML block.
fn html_block_end(masked: &str, at: usize, end: usize) -> Option<usize> {
    // (every search stops at `end`: inside a `markdown="1"` element, the
    // block cannot end past the element)
    if masked[at..end].starts_with("<!--") {
        return Some(masked[at..end].find("-->").map_or(end, |p| at + p + 3));
    }
    let first = html::tag_at(masked, at, end)?;
    if first.closing
        || SPAN_ELEMENTS.contains(&first.name.as_str())
        || !kramdown_tag(masked, &first)
    {
        return None;
    }
    if VOID_ELEMENTS.contains(&first.name.as_str()) || masked[first.span.clone()].ends_with("/>") {
        return Some(first.span.end);
    }
    let mut depth = 0usize;
    let mut i = at;
    let bytes = masked.as_bytes();
    while i < end {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if masked[i..].starts_with("<!--") {
            i = masked
                .get(i + 4..end)
                .and_then(|rest| rest.find("-->"))
                .map_or(end, |p| i + 4 + p + 3);
            continue;
        }
        match html::tag_at(masked, i, end) {
            Some(tag) => {
                if tag.name == first.name {
                    if tag.closing {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(tag.span.end);
                        }
                    } else if !masked[tag.span.clone()].ends_with("/>") {
                        depth += 1;
                    }
                }
                i = tag.span.end;
            }
            None => i += 1,
        }
    }
    // No end tag: kramdown warns and ends the element at the end of the
    // text; CommonMark ends it at a blank line. Take the smaller region.
    Some(masked[at..end].find("\n\n").map_or(end, |p| at + p))
}

/// Collect links, images, ids and text from raw HTML in `range`.
fn scan_html(text: &str, range: Range<usize>, body: &mut Body, block: bool) {
    let tags = html::tags(text, range.clone());
    let mut text_from = range.start;
    for tag in &tags {
        if block && tag.span.start > text_from {
            push_html_text(text, text_from..tag.span.start, body);
        }
        text_from = tag.span.end;
        if tag.closing {
            continue;
        }
        if let Some(id) = tag.attr("id") {
            body.html_ids.push(id.value.clone());
        }
        for &(element, attribute, image) in URL_ATTRIBUTES {
            if tag.name != element {
                continue;
            }
            if let Some(attr) = tag.attr(attribute) {
                let alt = if element == "img" {
                    tag.attr("alt").map(|a| a.value.clone())
                } else {
                    None
                };
                body.links.push(Link {
                    kind: LinkKind::Html,
                    image,
                    element: Some((element.to_string(), attribute.to_string())),
                    span: tag.span.clone(),
                    dest: attr.value.clone(),
                    text: alt,
                });
            }
        }
    }
    if block && range.end > text_from {
        push_html_text(text, text_from..range.end, body);
    }
}

fn push_html_text(text: &str, range: Range<usize>, body: &mut Body) {
    if text[range.clone()].trim().is_empty() {
        return;
    }
    body.prose.push(Prose {
        range,
        context: ProseContext::Html,
        quoted: false,
    });
}

/// Line ranges (without the line break) from `start`, outside fenced code
/// blocks (``` and `~~~`, both of which kramdown's GFM input reads).
fn lines_outside_fences(masked: &str, start: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = start;
    let mut in_fence: Option<(u8, usize)> = None;
    while pos < masked.len() {
        let line_end =
            memchr::memchr(b'\n', &masked.as_bytes()[pos..]).map_or(masked.len(), |p| pos + p);
        let line = masked[pos..line_end].trim_end_matches('\r');
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = &line[indent..];
        let fence = trimmed
            .as_bytes()
            .first()
            .copied()
            .filter(|b| *b == b'`' || *b == b'~');
        let run = fence.map_or(0, |f| trimmed.bytes().take_while(|b| *b == f).count());
        match in_fence {
            Some((f, n)) => {
                if indent <= 3 && fence == Some(f) && run >= n && trimmed[run..].trim().is_empty() {
                    in_fence = None;
                }
            }
            None if indent <= 3 && run >= 3 => in_fence = fence.map(|f| (f, run)),
            None => out.push(pos..pos + line.len()),
        }
        pos = line_end + 1;
    }
    out
}

/// kramdown's extensions `{::comment}…{:/comment}` (removed),
/// `{::nomarkdown}…{:/nomarkdown}` (its content is output as it is: raw
/// HTML) and `{::options … /}` (settings, not content). Each is blanked in
/// the mask; the HTML of `nomarkdown` is scanned for links and ids first.
fn kramdown_extensions(text: &str, mask: &mut [u8], start: usize, body: &mut Body) {
    // most documents have none: no line scan then
    if memchr::memmem::find(mask.get(start..).unwrap_or_default(), b"{::").is_none() {
        return;
    }
    let Ok(masked) = simdutf8::basic::from_utf8(mask) else {
        return;
    };
    let lines = lines_outside_fences(masked, start);
    let mut found: Vec<(Range<usize>, Option<Range<usize>>)> = Vec::new();
    let mut next_free = start;
    let mut next_stop = std::collections::HashMap::new();
    for line in &lines {
        let mut from = line.start.max(next_free);
        while from < line.end {
            let Some(p) = masked[from..line.end].find("{::") else {
                break;
            };
            let at = from + p;
            let Some((name, tag_end, closed)) = extension_tag(masked, at) else {
                from = at + 3;
                continue;
            };
            if !matches!(name, "comment" | "nomarkdown" | "options") {
                from = tag_end;
                continue;
            }
            if closed {
                found.push((at..tag_end, None));
                from = tag_end;
                continue;
            }
            // the stop tag `{:/name}` or `{:/}`, anywhere after
            let named = format!("{{:/{name}}}");
            let stop = [named.as_str(), "{:/}"]
                .iter()
                .filter_map(|p| {
                    next_occurrence(masked, &mut next_stop, p, tag_end).map(|at| (at, p.len()))
                })
                .min();
            let Some((stop_at, stop_len)) = stop else {
                // kramdown ignores a start tag without its stop tag
                from = tag_end;
                continue;
            };
            let raw = (name == "nomarkdown").then_some(tag_end..stop_at);
            found.push((at..stop_at + stop_len, raw));
            next_free = stop_at + stop_len;
            break;
        }
    }
    for (region, raw) in found {
        if let Some(raw) = raw {
            scan_html(text, raw.clone(), body, false);
            body.html.push(raw);
        }
        blank(mask, region, b' ');
    }
}

/// The next `pattern` at or after `from`, remembered: the scan moves
/// forward, so many unclosed tags cost linear time, not quadratic.
fn next_occurrence(
    masked: &str,
    memo: &mut std::collections::HashMap<String, Option<usize>>,
    pattern: &str,
    from: usize,
) -> Option<usize> {
    match memo.get(pattern) {
        // none after an earlier position: none after this one
        Some(None) => return None,
        Some(Some(at)) if *at >= from => return Some(*at),
        _ => {}
    }
    let found = masked.get(from..)?.find(pattern).map(|p| from + p);
    memo.insert(pattern.to_string(), found);
    found
}

/// `{::name attrs}` or `{::name attrs /}` at `at`: the name, the end of the
/// tag and whether it closes itself.
fn extension_tag(s: &str, at: usize) -> Option<(&str, usize, bool)> {
    let rest = &s[at + 3..];
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if name_len == 0 {
        return None;
    }
    let name = &rest[..name_len];
    let after = &rest[name_len..];
    if !(after.starts_with('}')
        || after.starts_with(char::is_whitespace)
        || after.starts_with("/}"))
    {
        return None;
    }
    let close = after.find('}')?;
    if after[..close].contains('\n') && after[..close].contains("\n\n") {
        return None;
    }
    let closed = after[..close].ends_with('/');
    Some((name, at + 3 + name_len + close + 1, closed))
}

/// What one attribute list (`{: #id .class key="v" ref}`) says.
#[derive(Clone, Debug, Default)]
struct Attributes {
    /// The last `#id` or `id="…"`, as a range of the text.
    id: Option<Range<usize>>,
    /// Names of attribute list definitions referred to.
    refs: Vec<String>,
}

/// Parse the content of an attribute list, as kramdown's
/// `parse_attribute_list` does.
fn parse_attributes(s: &str, range: Range<usize>) -> Attributes {
    let mut out = Attributes::default();
    let bytes = s.as_bytes();
    let mut i = range.start;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    while i < range.end {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let tok_start = i;
        // key="value" / key='value'
        let mut k = i;
        while k < range.end && (word(bytes[k]) || bytes[k] == b'-') {
            k += 1;
        }
        if k > i
            && word(bytes[i])
            && k + 1 < range.end
            && bytes[k] == b'='
            && matches!(bytes[k + 1], b'"' | b'\'')
        {
            let q = bytes[k + 1];
            let mut j = k + 2;
            while j < range.end && bytes[j] != q {
                if bytes[j] == b'\\' {
                    j += 1;
                }
                j += 1;
            }
            if &s[i..k] == "id" && j <= range.end {
                out.id = Some(k + 2..j.min(range.end));
            }
            i = j + 1;
            continue;
        }
        while i < range.end && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let tok = &s[tok_start..i];
        if tok.starts_with('#') || tok.starts_with('.') {
            // #id and .class pieces, written together
            let mut p = tok_start;
            while p < i {
                let mark = bytes[p];
                let q0 = p + 1;
                let mut q = q0;
                while q < i && bytes[q] != b'#' && bytes[q] != b'.' {
                    q += 1;
                }
                if mark == b'#'
                    && s[q0..q].starts_with(|c: char| c.is_ascii_alphabetic())
                    && s[q0..q]
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '-')
                {
                    out.id = Some(q0..q);
                }
                p = q;
            }
        } else if tok.starts_with(|c: char| c.is_alphanumeric() || c == '_')
            && tok
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            out.refs.push(tok.to_string());
        }
    }
    out
}

/// A block attribute list on a line of its own, with where it is.
#[derive(Debug)]
struct BlockIal {
    line: Range<usize>,
    attrs: Attributes,
}

#[derive(Debug, Default)]
struct AttributeLists {
    blocks: Vec<BlockIal>,
    /// Attribute list definitions `{:name: …}`, by name.
    definitions: Vec<(String, Attributes)>,
    /// Span attribute lists' ids.
    spans: Vec<Attributes>,
}

/// The content range of `{:…}` starting at `at` (after `{:`), up to an
/// unescaped `}` on the same line.
fn attribute_list_end(s: &str, from: usize, line_end: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < line_end {
        match bytes[i] {
            b'\\' => i += 2,
            b'}' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Find kramdown's block attribute lists (`{: #id}` on a line of its own),
/// definitions (`{:name: #id}`) and span attribute lists (`*x*{: #id}`),
/// and blank them in the mask: they are not text.
fn attribute_lists(text: &str, mask: &mut [u8], start: usize, _body: &mut Body) -> AttributeLists {
    let mut out = AttributeLists::default();
    // every kind starts with `{:`: none, no line scan
    if memchr::memmem::find(mask.get(start..).unwrap_or_default(), b"{:").is_none() {
        return out;
    }
    let Ok(masked) = simdutf8::basic::from_utf8(mask) else {
        return out;
    };
    let mut blanks = Vec::new();
    for line in lines_outside_fences(masked, start) {
        let l = &masked[line.clone()];
        let indent = l.len() - l.trim_start_matches(' ').len();
        let trimmed = l.trim();
        if indent <= 3 && trimmed.starts_with("{:") && trimmed.ends_with('}') {
            let inner_start = line.start + indent + 2;
            if let Some(close) = attribute_list_end(masked, inner_start, line.end)
                && masked[close + 1..line.end].trim().is_empty()
                && close > inner_start
            {
                let inner = &masked[inner_start..close];
                // a definition `{:name: …}`
                let name_len = inner
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(inner.len());
                if name_len > 0
                    && inner.as_bytes().get(name_len) == Some(&b':')
                    && !inner.starts_with('-')
                {
                    let attrs = parse_attributes(text, inner_start + name_len + 1..close);
                    out.definitions.push((inner[..name_len].to_string(), attrs));
                    blanks.push(line.clone());
                    continue;
                }
                if !inner.starts_with(':') && !inner.starts_with('/') {
                    out.blocks.push(BlockIal {
                        line: line.clone(),
                        attrs: parse_attributes(text, inner_start..close),
                    });
                    blanks.push(line.clone());
                    continue;
                }
            }
        }
        // span attribute lists, right after a span element
        let mut from = line.start;
        while let Some(at) = find_pair(masked, from, line.end, b'{', b':') {
            from = at + 2;
            let Some(close) = attribute_list_end(masked, at + 2, line.end) else {
                break;
            };
            let inner = &masked[at + 2..close];
            if inner.starts_with(':') || inner.starts_with('/') || inner.trim().is_empty() {
                continue;
            }
            let before = masked[..at].chars().next_back();
            if !matches!(before, Some(')' | ']' | '*' | '_' | '`' | '>' | '~')) {
                continue;
            }
            out.spans.push(parse_attributes(text, at + 2..close));
            blanks.push(at..close + 1);
            from = close + 1;
        }
    }
    for b in blanks {
        blank(mask, b, b' ');
    }
    out
}

/// Give each block attribute list's id to its element: the heading on the
/// line before (or, after a blank line, on the line after) takes it as its
/// id; any other element's id is a fragment target as it is.
fn apply_attribute_lists(text: &str, masked: &str, lists: &AttributeLists, body: &mut Body) {
    let id_of = |a: &Attributes| -> Option<Range<usize>> {
        a.id.clone().or_else(|| {
            // the last definition referred to that has an id
            a.refs.iter().rev().find_map(|r| {
                lists
                    .definitions
                    .iter()
                    .rev()
                    .find(|(name, _)| name == r)
                    .and_then(|(_, d)| d.id.clone())
            })
        })
    };
    let line_start = |at: usize| {
        masked.as_bytes()[..at.min(masked.len())]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1)
    };
    // headings by the start of their first and of their last line
    let mut by_first_line = std::collections::HashMap::new();
    let mut by_last_line = std::collections::HashMap::new();
    for (i, h) in body.headings.iter().enumerate() {
        by_first_line.entry(line_start(h.span.start)).or_insert(i);
        let last = h.span.end.saturating_sub(1).max(h.span.start);
        let last = if masked.as_bytes().get(last) == Some(&b'\n') && last > h.span.start {
            last - 1
        } else {
            last
        };
        by_last_line.entry(line_start(last)).or_insert(i);
    }
    // attribute list lines seen: start -> end of the block they follow
    let mut ial_lines: std::collections::HashMap<usize, usize> = Default::default();
    for ial in &lists.blocks {
        // `{:toc}` right under a list (not inside an item) makes it the
        // table of contents
        if ial.attrs.refs.iter().any(|r| r == "toc") && text[ial.line.clone()].starts_with("{:") {
            body.generated_ids.push("markdown-toc".into());
        }
        let Some(id) = id_of(&ial.attrs) else {
            continue;
        };
        let Some(value) = text.get(id.clone()) else {
            continue;
        };
        // the line before, skipping other attribute lists right above
        // (blocks are in order: the one above, if any, was just handled)
        let above = if ial.line.start == 0 {
            None
        } else {
            let s = line_start(ial.line.start - 1);
            ial_lines.get(&s).copied()
        };
        let prev_end = above.unwrap_or(ial.line.start);
        ial_lines.insert(ial.line.start, prev_end);
        let prev_start = if prev_end == 0 {
            0
        } else {
            line_start(prev_end - 1)
        };
        let prev_blank = prev_end == 0 || masked[prev_start..prev_end].trim().is_empty();
        let heading = if prev_blank {
            by_first_line.get(&(ial.line.end + 1)).copied()
        } else {
            by_last_line.get(&prev_start).copied()
        };
        let heading = heading.and_then(|i| body.headings.get_mut(i));
        match heading {
            Some(h) => h.id = Some(value.to_string()),
            None => body.html_ids.push(id),
        }
    }
    for span in &lists.spans {
        if let Some(id) = id_of(span) {
            body.html_ids.push(id);
        }
    }
}

/// Reference definitions kramdown reads and CommonMark does not: kramdown
/// takes the rest of the line as the target (`[3]: https://x.org/a.html(dan`,
/// `[a]: /x y`), where CommonMark rejects the definition (and the ones
/// after it). A definition starts a block: after a blank line or another
/// definition.
fn kramdown_definitions(masked: &str, start: usize, body: &mut Body) {
    // a definition holds `]:`: none, no line scan
    if !masked.get(start..).unwrap_or_default().contains("]:") {
        return;
    }
    let mut def_starts: Vec<usize> = body
        .links
        .iter()
        .filter(|k| k.kind == LinkKind::Definition)
        .map(|k| k.span.start)
        .collect();
    def_starts.sort_unstable();
    let mut code = body.code.clone();
    code.sort_by_key(|c| c.start);
    let mut found = Vec::new();
    let mut after_break = true;
    for line in lines_outside_fences(masked, start) {
        let l = masked[line.clone()].trim_end_matches('\r');
        if l.trim().is_empty() {
            after_break = true;
            continue;
        }
        let indent = l.len() - l.trim_start_matches(' ').len();
        let t = &l[indent..];
        let is_def = indent <= 3
            && t.starts_with('[')
            && !t.starts_with("[^")
            && t.find("]:")
                .is_some_and(|p| p > 1 && !t[1..p].contains([']', '\n']));
        if !(is_def && after_break) {
            after_break = false;
            continue;
        }
        let first = def_starts.partition_point(|&p| p < line.start);
        let known = def_starts.get(first).is_some_and(|&p| p <= line.end)
            || code
                .get(
                    code.partition_point(|c| c.start <= line.start)
                        .wrapping_sub(1),
                )
                .is_some_and(|c| line.start < c.end);
        let Some(p) = t.find("]:") else { continue };
        let rest_at = line.start + indent + p + 2;
        let rest = &masked[rest_at..line.start + l.len()];
        let lead = rest.len() - rest.trim_ascii_start().len();
        let mut value = rest.trim_ascii();
        // a title: `"t"` or `'t'` after a space, at the end
        for q in ['"', '\''] {
            if value.ends_with(q)
                && let Some(open) = value[..value.len() - 1].rfind(q)
                && open > 0
                && value[..open].ends_with([' ', '\t'])
            {
                value = value[..open].trim_ascii_end();
                break;
            }
        }
        if let Some(inner) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
            value = inner;
            if !known && !value.is_empty() {
                let at = rest_at + lead + 1;
                found.push((line.clone(), at..at + value.len()));
            }
            continue;
        }
        if !known && !value.is_empty() {
            let at = rest_at + lead;
            found.push((line.clone(), at..at + value.len()));
        }
    }
    for (span, dest) in found {
        body.links.push(Link {
            kind: LinkKind::Definition,
            image: false,
            element: None,
            span,
            dest,
            text: None,
        });
    }
}

/// A reference label as kramdown compares them (`normalize_link_id`):
/// runs of white space as one space, lower case.
fn link_label(s: &str) -> String {
    let mut label = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !label.is_empty() {
            label.push(' ');
        }
        label.push_str(word);
    }
    if label.is_ascii() {
        label.make_ascii_lowercase();
        label
    } else {
        label.to_lowercase()
    }
}

/// Find the reference definitions nothing uses: no `[label]` (as a
/// shortcut, `[text][label]`, `[label][]` or an image) outside code, raw
/// HTML (HTML comments included) and the definitions themselves. Any
/// bracketed text counts as a use, so a definition is taken as unused
/// only when its label appears nowhere.
fn unused_definitions(text: &str, masked: &str, start: usize, body: &mut Body) {
    let defs: Vec<(Range<usize>, String)> = body
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Definition)
        .filter_map(|l| {
            let t = text.get(l.span.clone())?;
            let open = t.find('[')?;
            let close = t.find("]:")?;
            (open < close).then(|| (l.span.clone(), link_label(&t[open + 1..close])))
        })
        .collect();
    if defs.is_empty() {
        return;
    }
    let mut seen = masked.as_bytes()[start..].to_vec();
    let mut hide = |r: &Range<usize>| {
        let (a, b) = (r.start.saturating_sub(start), r.end.saturating_sub(start));
        for byte in seen.iter_mut().take(b).skip(a) {
            *byte = b' ';
        }
    };
    for (span, _) in &defs {
        hide(span);
    }
    for r in &body.code {
        hide(r);
    }
    // (scanned as bytes: the hidden ranges are whole characters, so each
    // label between ASCII brackets is whole characters too)
    let mut used: rustc_hash::FxHashSet<String> = Default::default();
    let mut rest = &seen[..];
    while let Some(i) = memchr::memchr(b'[', rest) {
        rest = &rest[i + 1..];
        let end = memchr::memchr2(b']', b'[', rest).unwrap_or(rest.len());
        if rest.get(end) == Some(&b']')
            && end <= 1000
            && let Ok(label) = std::str::from_utf8(&rest[..end])
        {
            used.insert(link_label(label));
        }
    }
    body.unused_definitions = defs
        .into_iter()
        .filter(|(_, label)| !used.contains(label))
        .map(|(span, _)| span)
        .collect();
    body.unused_definitions.sort_by_key(|r| r.start);
}

impl Body {
    /// Whether `link` is a reference definition no link uses.
    pub fn is_unused_definition(&self, link: &Link) -> bool {
        link.kind == LinkKind::Definition
            && self
                .unused_definitions
                .binary_search_by_key(&link.span.start, |r| r.start)
                .is_ok_and(|i| self.unused_definitions[i] == link.span)
    }
}

/// Inline links kramdown reads and CommonMark does not: a target holding a
/// space (`[a](https://example.org/a b/)`, `[Form](Register here
/// https://…)`). kramdown takes everything up to the balancing `)` (or a
/// space before a quoted title) as the target.
fn kramdown_inline_links(masked: &str, start: usize, body: &mut Body) {
    let bytes = masked.as_bytes();
    // what is already read (links, code), sorted, with the running largest
    // end, so that "is this inside one" is a binary search
    let mut covered: Vec<Range<usize>> = body
        .links
        .iter()
        .map(|l| l.span.clone())
        .chain(body.code.iter().cloned())
        .collect();
    covered.sort_by_key(|r| r.start);
    let mut max_end = Vec::with_capacity(covered.len());
    let mut m = 0;
    for r in &covered {
        m = m.max(r.end);
        max_end.push(m);
    }
    let taken = |at: usize| {
        let i = covered.partition_point(|r| r.start <= at);
        i > 0 && max_end[i - 1] > at
    };
    let paragraph_break = |j: usize| {
        bytes[j] == b'\n'
            && masked[j + 1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n')
    };
    // `[` and its balancing `]` followed by `(`, within a paragraph: one
    // pass with a stack
    let mut pairs = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut j = start;
    while j < bytes.len() {
        // with nothing open, only a `[` or an escape can change anything
        if stack.is_empty() {
            match memchr::memchr2(b'[', b'\\', &bytes[j..]) {
                Some(k) => j += k,
                None => break,
            }
        }
        match bytes[j] {
            b'\\' => j += 1,
            b'[' => stack.push(j),
            b']' => {
                if let Some(open) = stack.pop()
                    && bytes.get(j + 1) == Some(&b'(')
                {
                    pairs.push((open, j));
                }
            }
            b'\n' if paragraph_break(j) => stack.clear(),
            _ => {}
        }
        j += 1;
    }
    pairs.sort_unstable();
    let mut found = Vec::new();
    let mut next_free = start;
    for (open, close) in pairs {
        // `\[`, a footnote `[^1]`, or the label of a reference `[a][b]`
        if open < next_free
            || (open > 0 && matches!(bytes[open - 1], b'\\' | b']'))
            || bytes.get(open + 1) == Some(&b'^')
            || taken(open)
        {
            continue;
        }
        if bytes.get(close + 1) != Some(&b'(') || bytes.get(close + 2) == Some(&b'<') {
            continue;
        }
        // kramdown's LINK_PAREN_STOP_RE: `(`, `)` or a space before a quote
        let url_start = close + 2;
        let mut k = url_start;
        let mut parens = 1usize;
        let mut end = None;
        // bounded, so that many unclosed `](` cost linear time
        let limit = bytes.len().min(url_start + 4096);
        while k < limit {
            match bytes[k] {
                b'(' => parens += 1,
                b')' => {
                    parens -= 1;
                    if parens == 0 {
                        end = Some(k);
                        break;
                    }
                }
                b'\n' if paragraph_break(k) => break,
                b if b.is_ascii_whitespace() && matches!(bytes.get(k + 1), Some(b'"' | b'\'')) => {
                    break;
                }
                _ => {}
            }
            k += 1;
        }
        let Some(end) = end else { continue };
        let raw = &masked[url_start..end];
        // Ruby's `strip`: ASCII white space only (a U+00A0 stays)
        let lead = raw.len() - raw.trim_ascii_start().len();
        let dest = url_start + lead..url_start + raw.trim_ascii_end().len();
        if !masked[dest.clone()].contains(char::is_whitespace) {
            continue;
        }
        let image = open > 0 && bytes[open - 1] == b'!';
        let span_start = if image { open - 1 } else { open };
        found.push(Link {
            kind: LinkKind::Inline,
            image,
            element: None,
            span: span_start..end + 1,
            dest,
            text: Some(open + 1..close),
        });
        next_free = end + 1;
    }
    body.links.extend(found);
}

struct Open {
    image: bool,
    kind: LinkKind,
    span: Range<usize>,
    inner_end: usize,
}

fn parse_masked(text: &str, masked: &str, start: usize, body: &mut Body) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let parser = Parser::new_ext(&masked[start..], options).into_offset_iter();

    for (_, def) in parser.reference_definitions().iter() {
        let span = def.span.start + start..def.span.end + start;
        if let Some(dest) = definition_dest(masked, span.clone()) {
            body.links.push(Link {
                kind: LinkKind::Definition,
                image: false,
                element: None,
                span,
                dest,
                text: None,
            });
        }
    }

    let mut open: Vec<Open> = Vec::new();
    let mut heading: Option<(u8, Range<usize>, String, Option<String>)> = None;
    let mut stripped = String::new();
    let mut quote_depth = 0usize;
    let mut in_code_block = false;
    let mut footnote_refs: Vec<String> = Vec::new();
    let mut footnote_defs: Vec<String> = Vec::new();

    for (event, range) in parser {
        let range = range.start + start..range.end + start;
        for o in open.iter_mut() {
            if range.start >= o.span.start && range.end <= o.span.end && range != o.span {
                o.inner_end = o.inner_end.max(range.end);
            }
        }
        match event {
            Event::Start(Tag::Link { link_type, .. })
            | Event::Start(Tag::Image { link_type, .. }) => {
                let image = matches!(event, Event::Start(Tag::Image { .. }));
                let kind = match link_type {
                    LinkType::Inline => LinkKind::Inline,
                    LinkType::Autolink => LinkKind::Autolink,
                    LinkType::Email => LinkKind::EmailAutolink,
                    _ => LinkKind::Definition,
                };
                let prefix = if image { 2 } else { 1 };
                open.push(Open {
                    image,
                    kind,
                    span: range.clone(),
                    inner_end: range.start + prefix,
                });
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                let Some(o) = open.pop() else { continue };
                finish_link(masked, o, body);
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                stripped.clear();
                heading = Some((
                    level as u8,
                    range.clone(),
                    String::new(),
                    id.map(|s| s.to_string()),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, span, text, id)) = heading.take() {
                    body.headings.push(Heading {
                        level,
                        span,
                        text,
                        stripped: std::mem::take(&mut stripped),
                        id,
                    });
                }
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                body.code.push(range);
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Code(_) => {
                if let Some(h) = heading.as_mut() {
                    h.2.push_str(text[range.clone()].trim_matches('`'));
                }
                body.code.push(range);
            }
            Event::Text(t) => {
                if in_code_block {
                    continue;
                }
                if let Some(h) = heading.as_mut() {
                    // kramdown's typographic symbols, as its id sees them
                    let typographic = if t.contains(['-', '.', '<', '>']) {
                        t.replace("---", "\u{2014}")
                            .replace("--", "\u{2013}")
                            .replace("...", "\u{2026}")
                            .replace("<<", "\u{ab}")
                            .replace(">>", "\u{bb}")
                    } else {
                        t.to_string()
                    };
                    // (a symbol is no text node: it is left out, as it is
                    // in kramdown's `raw_text` there)
                    if !open.last().is_some_and(|o| o.image) {
                        stripped.extend(typographic.chars().filter(|c| {
                            !matches!(
                                c,
                                '\u{2014}' | '\u{2013}' | '\u{2026}' | '\u{ab}' | '\u{bb}'
                            )
                        }));
                    }
                    h.2.push_str(&typographic);
                }
                let context = match open.last() {
                    Some(o) if o.image => ProseContext::ImageAlt,
                    Some(_) => ProseContext::LinkText,
                    None if heading.is_some() => ProseContext::Heading,
                    None => ProseContext::Paragraph,
                };
                body.prose.push(Prose {
                    range,
                    context,
                    quoted: quote_depth > 0,
                });
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                scan_html(text, range.clone(), body, false);
                body.html.push(range);
            }
            Event::FootnoteReference(label) => {
                // kramdown: `fnref:x` for the first reference, then
                // `fnref:x:1`, `fnref:x:2`...
                let n = footnote_refs.iter().filter(|l| **l == *label).count();
                body.generated_ids.push(if n == 0 {
                    format!("fnref:{label}")
                } else {
                    format!("fnref:{label}:{n}")
                });
                footnote_refs.push(label.to_string());
            }
            Event::Start(Tag::FootnoteDefinition(label)) => footnote_defs.push(label.to_string()),
            _ => {}
        }
    }
    // `fn:x` for each footnote that is defined and referred to
    for label in footnote_defs {
        if footnote_refs.contains(&label) && !body.generated_ids.contains(&format!("fn:{label}")) {
            body.generated_ids.push(format!("fn:{label}"));
        }
    }
}

/// Record a finished Markdown link or image, finding its destination in the
/// source.
fn finish_link(masked: &str, o: Open, body: &mut Body) {
    let span = o.span;
    let prefix = if o.image { 2 } else { 1 };
    let text_range = span.start + prefix..o.inner_end.max(span.start + prefix);
    let (dest, text) = match o.kind {
        LinkKind::Autolink | LinkKind::EmailAutolink => {
            (span.start + 1..span.end.saturating_sub(1), None)
        }
        LinkKind::Inline => match inline_dest(masked, text_range.end, span.end) {
            Some(d) => (d, Some(text_range)),
            None => return,
        },
        // Reference uses: the destination is checked at its definition.
        _ => return,
    };
    body.links.push(Link {
        kind: o.kind,
        image: o.image,
        element: None,
        span,
        dest,
        text,
    });
}

/// In `](dest "title")` starting at or after `from`, the range of `dest`.
fn inline_dest(s: &str, from: usize, end: usize) -> Option<Range<usize>> {
    let bytes = s.as_bytes();
    let open = s[from..end].find("](")? + from + 2;
    let mut i = open;
    while i < end && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    if i < end && bytes[i] == b'<' {
        let close = s[i..end].find('>')? + i;
        return Some(i + 1..close);
    }
    // kramdown's rule: up to the `)` that balances, or a space before a
    // quoted title; a CommonMark title in parentheses (`(/x (t))`) is part
    // of kramdown's target
    let dest_start = i;
    let mut depth = 0usize;
    while i < end {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b' ' | b'\t' | b'\n' | b'\r' if matches!(bytes.get(i + 1), Some(b'"' | b'\'')) => break,
            _ => {}
        }
        i += 1;
    }
    let dest_end = dest_start + s[dest_start..i.min(end)].trim_ascii_end().len();
    Some(dest_start..dest_end)
}

/// In `[label]: dest "title"`, the range of `dest`.
fn definition_dest(s: &str, span: Range<usize>) -> Option<Range<usize>> {
    let bytes = s.as_bytes();
    let mut i = s[span.clone()].find("]:")? + span.start + 2;
    while i < span.end && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    if i < span.end && bytes[i] == b'<' {
        let close = s[i..span.end].find('>')? + i;
        return Some(i + 1..close);
    }
    let start = i;
    while i < span.end && !bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    Some(start..i)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_html_block_in_a_markdown_element_ends_inside_it() {
        // found by the markdown fuzz target: a comment, an unclosed block or
        // a blank line searched for past the end of the `markdown="1"`
        // element, and the slice to it panicked
        for text in [
            "<div markdown=\"1\">\n<!-- a\n</div>\n\n-->\n",
            "<div markdown=\"1\">\n<section>\n<!-- a\n</div>\n\n-->\n",
            "<div markdown=\"1\">\n<section>\nx\n</div>\n\ny\n",
            "<div markdown=\"1\">\n<!-- a --></div>\n",
        ] {
            let body = super::parse_markdown(text, 0);
            for r in body.html.iter().chain(&body.code) {
                assert!(r.end <= text.len(), "{text:?}: {r:?}");
            }
        }
    }

    use super::*;

    fn dests(src: &str) -> Vec<&str> {
        parse_markdown(src, 0)
            .links
            .iter()
            .map(|l| &src[l.dest.clone()])
            .collect()
    }

    #[test]
    fn inline_links_images_and_nesting() {
        let src = "See [Tom](/team/tom \"t\") and [![a](/i.png)](/p/) <https://x.org> <a@b.org>\n";
        assert_eq!(
            dests(src),
            vec!["/team/tom", "/i.png", "/p/", "https://x.org", "a@b.org"]
        );
        let body = parse_markdown(src, 0);
        let tom = &body.links[0];
        assert_eq!(&src[tom.text.clone().unwrap()], "Tom");
        let img = body.links.iter().find(|l| l.image).unwrap();
        assert_eq!(&src[img.text.clone().unwrap()], "a");
    }

    #[test]
    fn liquid_in_destinations_is_kept() {
        let src = "[a]({{ site.baseurl }}/team/x) [b]({% link _posts/2020-01-01-a.md %})\n";
        assert_eq!(
            dests(src),
            vec![
                "{{ site.baseurl }}/team/x",
                "{% link _posts/2020-01-01-a.md %}"
            ]
        );
    }

    #[test]
    fn code_is_skipped_and_definitions_are_links() {
        let src =
            "`[a](/no)`\n\n    [b](/no)\n\n```\n[c](/no)\n```\n\n[d][ref]\n\n[ref]: /yes \"T\"\n";
        assert_eq!(dests(src), vec!["/yes"]);
    }

    #[test]
    fn kramdown_html_blocks_keep_indented_lines() {
        let src = "Text\n\n<div>\n\n\t<a href=\"/in-div\">x</a>\n\n    <img src=\"/i.png\">\n</div>\n\n[after](/after)\n";
        assert_eq!(dests(src), vec!["/in-div", "/i.png", "/after"]);
    }

    #[test]
    fn kramdown_extras_do_not_confuse() {
        let src = "* toc\n{:toc}\n\n[x](/y){:target=\"_blank\"}\n\n## Head {#custom}\n";
        let body = parse_markdown(src, 0);
        assert_eq!(body.links.len(), 1);
        assert_eq!(body.headings[0].id.as_deref(), Some("custom"));
    }

    #[test]
    fn inline_html_in_paragraphs() {
        let src = "Go <a href='/x'>here</a> now.\n";
        assert_eq!(dests(src), vec!["/x"]);
    }

    fn ids(src: &str) -> (Vec<Option<String>>, Vec<String>, Vec<String>) {
        let body = parse_markdown(src, 0);
        (
            body.headings.iter().map(|h| h.id.clone()).collect(),
            body.html_ids
                .iter()
                .map(|r| src[r.clone()].to_string())
                .collect(),
            body.generated_ids.clone(),
        )
    }

    #[test]
    fn block_attribute_lists_name_headings_and_blocks() {
        let src = "### yum (CentOS)\n{: #yum}\n\nText\n{:#para .x}\n\n{:def: #from-def}\n\n{: #next}\n## Next\n\nMore\n{: def}\n";
        let (h, other, _) = ids(src);
        assert_eq!(h, vec![Some("yum".into()), Some("next".into())]);
        assert_eq!(other, vec!["para", "from-def"]);
        // the list is not prose
        let body = parse_markdown(src, 0);
        assert!(
            body.prose
                .iter()
                .all(|p| !src[p.range.clone()].contains('{'))
        );
    }

    #[test]
    fn span_attribute_lists_and_footnotes() {
        let src = "Some *x*{: #s key=\"v\"} and text {: #no}.[^a] Again[^a]\n\n[^a]: Note.\n";
        let (_, other, generated) = ids(src);
        assert_eq!(other, vec!["s"]);
        assert_eq!(generated, vec!["fnref:a", "fnref:a:1", "fn:a"]);
    }

    #[test]
    fn extensions_and_raw_text() {
        let src = "{::comment}\n[a](/no)\n{:/comment}\n\n{::nomarkdown}\n<a href=\"/raw\">r</a>\n{:/}\n\n{::options parse_block_html=\"false\" /}\n\n<script>\nx = '<img src={src}>';\n</script>\n\n<div markdown=\"1\">\n[m](/md)\n</div>\n";
        assert_eq!(dests(src), vec!["/raw", "/md"]);
    }

    #[test]
    fn kramdown_targets_with_spaces() {
        let src =
            "[a](https://example.org/a b/) [t](/x \"title\") [r][ref](not this)\n\n[ref]: /r\n";
        assert_eq!(dests(src), vec!["https://example.org/a b/", "/x", "/r"]);
    }
}
