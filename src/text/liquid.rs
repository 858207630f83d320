//! Liquid in page bodies. sitelint never runs Liquid; it only finds where
//! Liquid is, so that Markdown parsing is not confused by it and link checks
//! can interpret the few tags whose meaning is fixed (`{{ site.baseurl }}`,
//! `{% link %}`, `{% post_url %}`).

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiquidKind {
    /// `{{ ... }}`
    Output,
    /// `{% ... %}`
    Tag,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Liquid {
    pub kind: LiquidKind,
    /// The whole construct, delimiters included.
    pub span: Range<usize>,
}

/// Every `{{ }}` and `{% %}` in `text[range]`. An opening delimiter without
/// its closing one is not Liquid (Jekyll would fail the build; that is for
/// another check to say).
pub fn find(text: &str, range: Range<usize>) -> Vec<Liquid> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // Once a closing delimiter is not found after some point, it is not
    // found after any later point either: remembering that keeps a run of
    // unclosed `{{` linear instead of searching to the end for each one.
    let mut unclosed = [false, false];
    let mut i = range.start;
    while i + 1 < range.end {
        // jump to the next brace
        match memchr::memchr(b'{', &bytes[i..range.end]) {
            Some(p) => i += p,
            None => break,
        }
        if i + 1 >= range.end {
            break;
        }
        if bytes[i] == b'{' && (bytes[i + 1] == b'{' || bytes[i + 1] == b'%') {
            let (close, kind, which) = if bytes[i + 1] == b'{' {
                ("}}", LiquidKind::Output, 0)
            } else {
                ("%}", LiquidKind::Tag, 1)
            };
            if !unclosed[which] {
                match memchr::memmem::find(&bytes[i + 2..range.end], close.as_bytes()) {
                    Some(p) => {
                        let end = i + 2 + p + 2;
                        out.push(Liquid { kind, span: i..end });
                        i = end;
                        continue;
                    }
                    None => unclosed[which] = true,
                }
            }
        }
        i += 1;
    }
    out
}

/// The tag name of a `{% name ... %}` construct.
pub fn tag_name(src: &str) -> &str {
    let inner = src
        .trim_start_matches("{%")
        .trim_start_matches('-')
        .trim_start();
    let end = inner
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    &inner[..end]
}

/// Regions that Liquid removes or turns into code: `{% comment %}` blocks
/// (removed) and `{% highlight %}` blocks (rendered as code). Returned as
/// whole ranges, closing tag included.
pub fn opaque_blocks(text: &str, tags: &[Liquid]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // as in `find`: an end tag missing after one block is missing after
    // every later one, so each kind is searched to the end at most once
    let mut unclosed = [false, false];
    let mut i = 0;
    while i < tags.len() {
        let name = tag_name(&text[tags[i].span.clone()]);
        let (end_name, which) = match name {
            "comment" => ("endcomment", 0),
            "highlight" => ("endhighlight", 1),
            _ => {
                i += 1;
                continue;
            }
        };
        if unclosed[which] {
            i += 1;
            continue;
        }
        match tags[i + 1..]
            .iter()
            .position(|t| tag_name(&text[t.span.clone()]) == end_name)
        {
            Some(j) => {
                out.push(tags[i].span.start..tags[i + 1 + j].span.end);
                i += j + 2;
            }
            None => {
                unclosed[which] = true;
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_outputs_and_tags() {
        let t = "a {{ site.baseurl }}/x {% link _posts/a.md %} {{ unclosed";
        let v = find(t, 0..t.len());
        assert_eq!(v.len(), 2);
        assert_eq!(&t[v[0].span.clone()], "{{ site.baseurl }}");
        assert_eq!(&t[v[1].span.clone()], "{% link _posts/a.md %}");
        assert_eq!(tag_name(&t[v[1].span.clone()]), "link");
    }

    #[test]
    fn unclosed_delimiters_after_closed_ones() {
        // the memory of a failed search must not hide a later closed pair
        // of the other kind, nor an earlier closed pair of the same kind
        let t = "{{ a }} {% b %} {{ {% c %} {% d {{ e";
        let v = find(t, 0..t.len());
        let spans: Vec<&str> = v.iter().map(|l| &t[l.span.clone()]).collect();
        assert_eq!(spans, ["{{ a }}", "{% b %}", "{% c %}"]);
        let t = "{% comment %}{% comment %}x{% endcomment %}{% comment %}";
        let tags = find(t, 0..t.len());
        assert_eq!(opaque_blocks(t, &tags), vec![0..43]);
    }

    #[test]
    fn comment_blocks_are_opaque() {
        let t = "a {% comment %}[x](/y){% endcomment %} b";
        let tags = find(t, 0..t.len());
        assert_eq!(opaque_blocks(t, &tags), vec![2..38]);
    }
}
