//! `TXT003`'s fix: what deleting a run of invisible characters does to the
//! Markdown around it, and so whether the deletion is safe.

use super::{Ranges, invisible_name};

/// What deleting a run of invisible characters does to the Markdown (or
/// YAML) around it. kramdown reads U+FEFF, U+200B and the others as
/// ordinary characters, neither space nor punctuation, so a deletion joins
/// its neighbours: harmless between two letters of a word, but it can turn
/// `-` + U+FEFF + ` item` into a list item, blank out a line, glue a
/// delimiter to a word, or complete an entity, a tag or a reference label.
/// `scripts/invisible-conformance` renders the safe cases with kramdown
/// before and after.
#[derive(Debug, PartialEq)]
pub(super) enum Removal {
    /// Deleting changes nothing but the deleted characters.
    Delete,
    /// Deleting would make the block marker at this offset (`-`, `+`,
    /// `*`, or with GFM input `#`) start a list or a heading; escaping it
    /// with `\` keeps the line a paragraph.
    Escape(usize),
    /// Deleting may change what the page means: offered as unsafe.
    Review(&'static str),
}

/// What [`removal`] needs to know about the document.
pub(super) struct RemovalContext {
    pub(super) body_start: usize,
    pub(super) liquid: Ranges,
    /// The page defines kramdown abbreviations (`*[HTML]: …`), which match
    /// whole words: joining two parts of a word can make one.
    pub(super) abbreviations: bool,
    /// Jekyll's default Markdown input, GFM (not `input: kramdown`).
    pub(super) gfm: bool,
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `line` without the block quote markers and list markers it starts with
/// (each marker a `>`, or `-`, `+`, `*`, `1.` or `1)` followed by a space).
fn after_containers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let t = rest.trim_start_matches(is_space);
        if let Some(r) = t.strip_prefix('>') {
            rest = r;
            continue;
        }
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let marker = if t.starts_with(['-', '+', '*']) {
            1
        } else if (1..=9).contains(&digits) && t[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        };
        if marker > 0 && t[marker..].starts_with(is_space) {
            rest = &t[marker..];
            continue;
        }
        return t;
    }
}

pub(super) fn removal(text: &str, cx: &RemovalContext, at: usize, end: usize) -> Removal {
    let prev = text[..at].chars().next_back();
    let next = text[end..].chars().next();
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if at < cx.body_start {
        return if alnum(prev) && alnum(next) {
            Removal::Delete
        } else {
            Removal::Review("in front matter, deleting it can change how YAML reads the line")
        };
    }
    if cx.liquid.find(at).is_some() {
        return Removal::Review("it is inside Liquid, which Jekyll runs");
    }
    let line_start = text[..at]
        .rfind('\n')
        .map_or(0, |p| p + 1)
        .max(cx.body_start);
    let line_end = text[end..].find('\n').map_or(text.len(), |p| end + p);
    let before = &text[line_start..at];
    let after = text[end..line_end].trim_end_matches('\r');
    let blank = |s: &str| {
        s.chars()
            .all(|c| c.is_whitespace() || invisible_name(c).is_some())
    };
    if blank(before) && blank(after) {
        return Removal::Review(
            "the line holds nothing else; deleted, it becomes a blank line, which ends a paragraph",
        );
    }
    if after.is_empty() {
        return match prev {
            Some(c) if c.is_alphanumeric() || ".,;!?'\"’”)".contains(c) => Removal::Delete,
            _ => Removal::Review(
                "at the end of a line after a space or a Markdown character; deleted, it can make a line break or a heading underline",
            ),
        };
    }
    // what precedes on the line once the containers (quote markers, list
    // markers) are taken off: the start of a block inside them is a line
    // start too
    let prefix = after_containers(before);
    if prefix.is_empty() {
        return match next {
            Some(c) if c.is_alphabetic() => Removal::Delete,
            _ => Removal::Review(
                "at the start of a line; deleted, the line can become a list item, a heading, a quote or code",
            ),
        };
    }
    // (`>` makes a quote without a space after it; `#` makes a heading
    // without one in kramdown's own syntax, not in GFM's)
    let marker = ["-", "+", "*"].contains(&prefix)
        || (cx.gfm && prefix.bytes().all(|b| b == b'#') && prefix.len() <= 6);
    if marker && next.is_some_and(is_space) {
        return Removal::Escape(at - prefix.len());
    }
    let (Some(p), Some(n)) = (prev, next) else {
        return Removal::Review("deleted, it can change what the Markdown means");
    };
    let word_join = p.is_alphanumeric() && n.is_alphanumeric();
    let letter_space = p.is_alphanumeric() && is_space(n);
    let space_letter = is_space(p) && (n.is_alphanumeric() || n == '[' || n == '(');
    if !(word_join || letter_space || space_letter) {
        return Removal::Review(
            "it sits next to a Markdown character; deleted, that character can take effect",
        );
    }
    if space_letter {
        return Removal::Delete;
    }
    if word_join && cx.abbreviations {
        return Removal::Review("the page defines abbreviations, which match whole words");
    }
    if word_join
        && (p.is_ascii_digit() || n.is_ascii_digit())
        && prefix
            .chars()
            .all(|c| is_space(c) || c.is_ascii_digit() || invisible_name(c).is_some())
        && after
            .trim_start_matches(|c: char| c.is_ascii_digit() || invisible_name(c).is_some())
            .starts_with(['.', ')'])
    {
        return Removal::Review("deleted, the digits can start a numbered list");
    }
    // the character before the word: an entity, a tag, a Liquid or
    // kramdown name, a footnote, an emoji or a mention starts there
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || invisible_name(*c).is_some()));
    if let Some((i, d)) = word_start {
        let before_d = before[..i].chars().next_back();
        let after_word = after
            .chars()
            .find(|c| !(c.is_alphanumeric() || invisible_name(*c).is_some()));
        let joins_name = match d {
            '&' | '<' | '{' | '%' | '@' | '\\' | '^' => true,
            '/' => before_d == Some('<'),
            ':' => before_d == Some('{') || (word_join && after_word == Some(':')),
            _ => false,
        };
        if joins_name {
            return Removal::Review(
                "deleted, the word can become an entity, an HTML tag or another Markdown name",
            );
        }
    }
    // inside `[…]` on the line: a reference label, unless `](` follows
    let open = before.rfind('[').filter(|&o| !before[o..].contains(']'));
    let close = after.find(']').filter(|&c| !after[..c].contains('['));
    if let (Some(_), Some(c)) = (open, close)
        && !after[c + 1..].starts_with('(')
    {
        return Removal::Review("deleted, the text in brackets can match a link reference");
    }
    Removal::Delete
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_that_change_the_markdown_are_not_safe() {
        let cx = RemovalContext {
            body_start: 0,
            liquid: Ranges::new(vec![]),
            abbreviations: false,
            gfm: true,
        };
        let of = |t: &str| {
            let at = t.find('\u{feff}').unwrap();
            removal(t, &cx, at, at + 3)
        };
        use Removal::*;
        assert_eq!(of("P\u{feff}lease"), Delete);
        assert_eq!(of("I\u{feff} know"), Delete);
        assert_eq!(of("at \u{feff}[info](/x)"), Delete);
        assert_eq!(of("\u{feff}Text"), Delete);
        assert_eq!(of("> \u{feff}Text"), Delete);
        assert_eq!(of("[Ple\u{feff}ase](/x)"), Delete);
        assert_eq!(of("-\u{feff} all"), Escape(0));
        assert_eq!(of("  *\u{feff} all"), Escape(2));
        assert_eq!(of("##\u{feff} Title"), Escape(0));
        assert_eq!(of("> -\u{feff} all"), Escape(2));
        assert!(matches!(of("- \u{feff}2. x"), Review(_)));
        assert!(matches!(of("> 7\u{feff}2. x"), Review(_)));
        assert!(matches!(of("a\n\u{feff}\nb"), Review(_)));
        assert!(matches!(of("\u{feff}- item"), Review(_)));
        assert!(matches!(of("foo\u{feff}_bar_"), Review(_)));
        assert!(matches!(of("&am\u{feff}p;"), Review(_)));
        assert!(matches!(of("<d\u{feff}iv>"), Review(_)));
        assert!(matches!(of("[ab\u{feff}c] text"), Review(_)));
        assert!(matches!(of("1\u{feff}2. x"), Review(_)));
        assert!(matches!(of("* 1\u{feff}0) x"), Review(_)));
        assert_eq!(of("* 2\u{feff}6/07/2025 - x"), Delete);
        assert_eq!(of("1\u{feff}300 onwards"), Delete);
        assert!(matches!(of("text  \u{feff}\nmore"), Review(_)));
        assert!(matches!(of("---\u{feff}"), Review(_)));
        let kramdown = RemovalContext { gfm: false, ..cx };
        assert!(matches!(removal("#\u{feff} T", &kramdown, 1, 4), Review(_)));
        let front = RemovalContext {
            body_start: 20,
            ..kramdown
        };
        assert_eq!(removal("t: P\u{feff}lease\n", &front, 4, 7), Delete);
        assert!(matches!(removal("t:\u{feff} x\n", &front, 2, 5), Review(_)));
    }
}
