//! Front matter fences exactly as Jekyll 4 finds them.
//!
//! Jekyll's pattern (`Document::YAML_FRONT_MATTER_REGEXP`) is
//! `\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)`: the file starts with `---`
//! (after an optional byte-order mark, which Jekyll strips when reading),
//! and the front matter ends at the first later line that is `---` or `...`
//! followed only by whitespace. Nothing else closes it: a `-------` line is
//! text, and the whole file then renders as the page body.

use std::ops::Range;

use super::source::lines_from;
use super::yaml::{self, Limits, Node, YamlError};

#[derive(Debug)]
pub enum FrontMatter {
    /// The file does not start with a `---` line.
    Absent,
    /// A `---` line opens front matter, and no line closes it.
    Unclosed {
        open: Range<usize>,
        /// The first line made only of four or more dashes: what the author
        /// most likely meant as the closing fence.
        dashed: Option<Range<usize>>,
    },
    Closed(Block),
}

#[derive(Debug)]
pub struct Block {
    /// The opening `---` line, without its line ending.
    pub open: Range<usize>,
    /// The closing `---` or `...` line, without its line ending.
    pub close: Range<usize>,
    /// The YAML between the fences.
    pub yaml: Range<usize>,
    /// Where the body starts.
    pub body_start: usize,
    /// The parsed YAML: `Ok(None)` when there is no data at all.
    pub data: Result<Option<Node>, YamlError>,
}

impl FrontMatter {
    pub fn block(&self) -> Option<&Block> {
        match self {
            FrontMatter::Closed(b) => Some(b),
            _ => None,
        }
    }

    /// The parsed mapping, when the front matter is closed, valid YAML and a
    /// mapping.
    pub fn data(&self) -> Option<&Node> {
        match self {
            FrontMatter::Closed(Block {
                data: Ok(Some(node)),
                ..
            }) if node.as_map().is_some() => Some(node),
            _ => None,
        }
    }

    pub fn body_start(&self) -> usize {
        match self {
            FrontMatter::Closed(b) => b.body_start,
            _ => 0,
        }
    }
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_whitespace())
}

/// Whether the text starts with what Jekyll takes for a front matter header
/// (`Utils.has_yaml_header?`: `\A---\s*\r?\n`).
pub fn has_header(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---") else {
        return false;
    };
    let line_end = rest.find('\n').unwrap_or(rest.len());
    rest.len() > line_end && is_blank(&rest[..line_end])
}

/// Find the front matter of `text` and parse its YAML.
pub fn parse(text: &str, limits: Limits) -> FrontMatter {
    if !has_header(text) {
        return FrontMatter::Absent;
    }
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = lines_from(text, start);
    let Some((open, yaml_start)) = lines.next() else {
        return FrontMatter::Absent;
    };
    let mut dashed = None;
    for (line, next) in lines {
        let s = &text[line.clone()];
        let fence = s.trim_end_matches(|c: char| c.is_ascii_whitespace());
        let is_close = (s.starts_with("---") || s.starts_with("...")) && is_blank(&s[3..]);
        if is_close {
            let yaml = yaml_start..line.start.max(yaml_start);
            let data = yaml::parse(text, yaml.clone(), limits);
            return FrontMatter::Closed(Block {
                open,
                close: line,
                yaml,
                body_start: next,
                data,
            });
        }
        if dashed.is_none() && fence.len() > 3 && fence.bytes().all(|b| b == b'-') {
            dashed = Some(line.start..line.start + fence.len());
        }
    }
    FrontMatter::Unclosed { open, dashed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed(text: &str) -> Block {
        match parse(text, Limits::default()) {
            FrontMatter::Closed(b) => b,
            other => panic!("not closed: {other:?}"),
        }
    }

    #[test]
    fn fences_as_jekyll_reads_them() {
        let b = closed("---\ntitle: a\n---\nbody");
        assert_eq!(b.yaml, 4..13);
        assert_eq!(b.body_start, 17);
        let b = closed("---  \r\ntitle: a\r\n...\r\nbody");
        assert_eq!(b.close, 17..20);
        assert_eq!(b.body_start, 22);
        // closing fence at the end of the file without a newline
        let b = closed("---\na: 1\n---");
        assert_eq!(b.body_start, 12);
        let b = closed("\u{feff}---\n---\n");
        assert_eq!(b.data, Ok(None));
    }

    #[test]
    fn not_front_matter() {
        assert!(matches!(
            parse("--- a\nb\n---\n", Limits::default()),
            FrontMatter::Absent
        ));
        assert!(matches!(
            parse("----\nb\n---\n", Limits::default()),
            FrontMatter::Absent
        ));
        assert!(matches!(
            parse("---", Limits::default()),
            FrontMatter::Absent
        ));
        assert!(matches!(
            parse("text\n", Limits::default()),
            FrontMatter::Absent
        ));
    }

    #[test]
    fn unclosed_with_dashed_line() {
        match parse("---\na: 1\n-------\nbody\n", Limits::default()) {
            FrontMatter::Unclosed { open, dashed } => {
                assert_eq!(open, 0..3);
                assert_eq!(dashed, Some(9..16));
            }
            other => panic!("{other:?}"),
        }
    }
}
