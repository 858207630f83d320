//! A small, forgiving scanner for HTML tags and attributes with byte spans,
//! for raw HTML inside Markdown. It never fails: text that is not a tag is
//! skipped. Liquid inside attribute values (`href="{{ "/x" | relative_url }}"`)
//! is kept whole.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    /// Lower-case attribute name.
    pub name: String,
    /// The value without its quotes; empty range for a bare attribute.
    pub value: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// Lower-case element name.
    pub name: String,
    pub span: Range<usize>,
    pub attrs: Vec<Attr>,
    pub closing: bool,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b':' || b == b'_'
}

/// Elements whose content is not HTML: script, style sheet, template (and
/// the text of a `textarea`). A tag-like string inside them (`<img
/// src={src}>` in a JavaScript string) is no tag.
pub const RAW_TEXT_ELEMENTS: &[&str] = &["script", "style", "template", "textarea"];

/// All tags in `text[range]`, skipping comments and the content of
/// [`RAW_TEXT_ELEMENTS`].
pub fn tags(text: &str, range: Range<usize>) -> Vec<Tag> {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let mut out = Vec::new();
    let mut i = range.start;
    while i < end {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if text[i..end].starts_with("<!--") {
            i = text[i + 4..end].find("-->").map_or(end, |p| i + 4 + p + 3);
            continue;
        }
        match tag_at(text, i, end) {
            Some(tag) => {
                i = tag.span.end;
                if !tag.closing && RAW_TEXT_ELEMENTS.contains(&tag.name.as_str()) {
                    i = raw_text_end(text, i, end, &tag.name);
                }
                out.push(tag);
            }
            None => i += 1,
        }
    }
    out
}

/// Where the content of a raw-text element (`script`, ...) starting at
/// `from` ends: at its end tag `</name` (any case), or at `end`.
pub fn raw_text_end(text: &str, from: usize, end: usize, name: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(p) = memchr::memmem::find(&bytes[i..end], b"</") {
        let at = i + p;
        let after = at + 2 + name.len();
        if after <= end
            && bytes[at + 2..after].eq_ignore_ascii_case(name.as_bytes())
            && bytes
                .get(after)
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        {
            return at;
        }
        i = at + 2;
    }
    end
}

/// Parse one tag starting at `start` (a `<`).
pub fn tag_at(text: &str, start: usize, end: usize) -> Option<Tag> {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    while i < end && is_name_byte(bytes[i]) {
        i += 1;
    }
    let name = text[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= end {
            return None;
        }
        match bytes[i] {
            b'>' => break,
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                i += 1;
                break;
            }
            b'<' => return None,
            _ => {}
        }
        let a_start = i;
        while i < end && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'<')
        {
            if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>') {
                break;
            }
            i += 1;
        }
        if i == a_start {
            i += 1;
            continue;
        }
        let attr_name = text[a_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < end && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < end && bytes[j] == b'=' {
            j += 1;
            while j < end && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value, next) = attr_value(text, j, end)?;
            attrs.push(Attr {
                name: attr_name,
                value,
            });
            i = next;
        } else {
            attrs.push(Attr {
                name: attr_name,
                value: i..i,
            });
        }
    }
    Some(Tag {
        name,
        span: start..i + 1,
        attrs,
        closing,
    })
}

/// An attribute value at `i`: quoted (Liquid inside kept whole) or bare.
fn attr_value(text: &str, i: usize, end: usize) -> Option<(Range<usize>, usize)> {
    let bytes = text.as_bytes();
    match bytes.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let mut j = i + 1;
            while j < end {
                if bytes[j] == b'{' && matches!(bytes.get(j + 1), Some(b'{' | b'%')) {
                    let close: &[u8] = if bytes[j + 1] == b'{' { b"}}" } else { b"%}" };
                    if let Some(p) = bytes[j + 2..end].windows(2).position(|w| w == close) {
                        j += 2 + p + 2;
                        continue;
                    }
                }
                if bytes[j] == q {
                    return Some((i + 1..j, j + 1));
                }
                j += 1;
            }
            None
        }
        Some(_) => {
            let mut j = i;
            while j < end && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                j += 1;
            }
            Some((i..j, j))
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_with_spans() {
        let t = r#"x <a class=big href="/team/a" target=_blank>A</a> <img src='/i.png' alt="">"#;
        let v = tags(t, 0..t.len());
        assert_eq!(v.len(), 3);
        let href = v[0].attr("href").unwrap();
        assert_eq!(&t[href.value.clone()], "/team/a");
        assert!(v[1].closing);
        assert_eq!(&t[v[2].attr("src").unwrap().value.clone()], "/i.png");
        assert_eq!(v[2].attr("alt").unwrap().value.len(), 0);
    }

    #[test]
    fn liquid_in_values_and_comments() {
        let t = r#"<!-- <a href="/no"> --><a href="{{ "/x" | relative_url }}">"#;
        let v = tags(t, 0..t.len());
        assert_eq!(v.len(), 1);
        assert_eq!(
            &t[v[0].attr("href").unwrap().value.clone()],
            r#"{{ "/x" | relative_url }}"#
        );
    }

    #[test]
    fn multibyte_text_is_safe() {
        let t = "<p title=\"It’s {{ x }} – ok\">’</p><a href=’x’ é>";
        let v = tags(t, 0..t.len());
        assert_eq!(v.len(), 3);
    }

    #[test]
    fn script_style_and_template_hold_no_tags() {
        let t = "<script src=\"/a.js\">var s = '<img src={src || \"\"}>'; </SCRIPT><style>a{}</style><template><a href=\"/t\"></a></template><a href=\"/x\">";
        let v = tags(t, 0..t.len());
        let names: Vec<_> = v.iter().map(|t| (t.name.as_str(), t.closing)).collect();
        assert_eq!(
            names,
            vec![
                ("script", false),
                ("script", true),
                ("style", false),
                ("style", true),
                ("template", false),
                ("template", true),
                ("a", false)
            ]
        );
    }

    #[test]
    fn not_tags() {
        let t = "a < b and <3 and <a href=";
        assert!(tags(t, 0..t.len()).is_empty());
    }
}
