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
    /// An explicit `{#id}`.
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
    /// `id="..."` values of HTML elements.
    pub html_ids: Vec<Range<usize>>,
    pub prose: Vec<Prose>,
    pub liquid: Vec<Liquid>,
    /// Code blocks, code spans and opaque Liquid blocks.
    pub code: Vec<Range<usize>>,
    /// Raw HTML (blocks and inline tags).
    pub html: Vec<Range<usize>>,
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

    for region in html_blocks(&mask, start) {
        scan_html(text, region.clone(), &mut body, true);
        blank(&mut mask, region.clone(), b' ');
        body.html.push(region);
    }

    // All replacements were ASCII for ASCII or whole ranges, so the mask is
    // still UTF-8; fall back to an empty parse rather than panic.
    let Ok(masked) = std::str::from_utf8(&mask) else {
        return body;
    };
    parse_masked(text, masked, start, &mut body);
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

/// kramdown HTML blocks: a line starting (after up to three spaces) with a
/// block-level start tag or a comment, up to the line of the matching end
/// tag.
fn html_blocks(mask: &[u8], start: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let masked = std::str::from_utf8(mask).unwrap_or("");
    let mut pos = start;
    let mut in_fence: Option<&str> = None;
    while pos < masked.len() {
        let line_end = masked[pos..].find('\n').map_or(masked.len(), |p| pos + p);
        let line = &masked[pos..line_end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = &line[indent.min(line.len())..];
        // fenced code blocks are code, not HTML
        if let Some(fence) = in_fence {
            if trimmed.starts_with(fence) {
                in_fence = None;
            }
            pos = line_end + 1;
            continue;
        }
        if indent <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            in_fence = Some(&trimmed[..3]);
            pos = line_end + 1;
            continue;
        }
        if indent <= 3 && trimmed.starts_with('<') {
            let tag_start = pos + indent;
            if let Some(region_end) = html_block_end(masked, tag_start) {
                let region_end = masked[region_end..]
                    .find('\n')
                    .map_or(masked.len(), |p| region_end + p);
                out.push(pos..region_end);
                pos = region_end + 1;
                continue;
            }
        }
        pos = line_end + 1;
    }
    out
}

/// Where the HTML block starting at `at` ends (the end of its closing tag),
/// or `None` if the line does not start an HTML block.
fn html_block_end(masked: &str, at: usize) -> Option<usize> {
    let end = masked.len();
    if masked[at..].starts_with("<!--") {
        return Some(masked[at..].find("-->").map_or(end, |p| at + p + 3));
    }
    let first = html::tag_at(masked, at, end)?;
    if first.closing || SPAN_ELEMENTS.contains(&first.name.as_str()) {
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
            i = masked[i + 4..].find("-->").map_or(end, |p| i + 4 + p + 3);
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
    Some(masked[at..].find("\n\n").map_or(end, |p| at + p))
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
    let mut quote_depth = 0usize;
    let mut in_code_block = false;

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
                    h.2.push_str(&t);
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
            _ => {}
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
    let dest_start = i;
    let mut depth = 0usize;
    while i < end {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b' ' | b'\t' | b'\n' | b'\r' => break,
            _ => {}
        }
        i += 1;
    }
    Some(dest_start..i.min(end))
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
}
