//! Escaping of what the printers take from the site (file names, YAML keys,
//! quoted text), so that no output format can be hijacked by it: no control
//! character reaches a terminal or a CI log, no line break starts a fake
//! workflow command, no character makes the XML invalid.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether the text formats show `c` as `\u{…}`: control characters (C0,
/// DEL, C1, so line breaks, tabs and ESC too), the bidirectional controls
/// and line separators that reorder or split what a reader sees, the
/// invisible format characters (zero-width space and joiners, soft hyphen,
/// byte-order mark) and the two non-characters XML forbids.
pub fn is_escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{fffe}'
                | '\u{ffff}'
        )
}

/// `c` as the text formats show an escaped character: `\u{1b}`.
pub fn escaped(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

/// `s` with every character [`is_escaped`] picks written as `\u{…}`.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_escaped(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A relative or absolute path as a URI reference (RFC 3986): every byte
/// but the unreserved characters and `/` percent-encoded, so that a `:` in
/// the first segment cannot read as a scheme and `%`, `#`, `?`, spaces and
/// control characters cannot change what the URI names.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A command-line argument as a POSIX shell reads it back: bare when it
/// holds only characters the shell leaves alone, otherwise single-quoted;
/// then escaped for the terminal.
pub fn shell_word(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'-' | b'.' | b'_' | b'/' | b',' | b'+' | b'@' | b'%' | b'=' | b':'
                )
        });
    if plain {
        arg.to_string()
    } else {
        text(&format!("'{}'", arg.replace('\'', r"'\''"))).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_controls_and_invisible_characters_only() {
        assert_eq!(text("plain `text`, é 日本"), "plain `text`, é 日本");
        assert!(matches!(text("plain"), Cow::Borrowed(_)));
        assert_eq!(text("a\nb\r\tc"), r"a\u{a}b\u{d}\u{9}c");
        assert_eq!(text("\u{1b}]0;PWNED\u{7}"), r"\u{1b}]0;PWNED\u{7}");
        assert_eq!(text("\u{9b}31m\u{7f}"), r"\u{9b}31m\u{7f}");
        assert_eq!(text("abc\u{202e}fed"), r"abc\u{202e}fed");
        assert_eq!(text("a\u{200b}b\u{feff}"), r"a\u{200b}b\u{feff}");
        assert_eq!(text("\u{fffe}\u{ffff}"), r"\u{fffe}\u{ffff}");
        // Combining marks stay.
        assert_eq!(text("e\u{301}"), "e\u{301}");
    }

    #[test]
    fn uri_path_encodes_everything_but_unreserved_and_slashes() {
        assert_eq!(
            uri_path("site/_posts/a-b_c.~d.md"),
            "site/_posts/a-b_c.~d.md"
        );
        assert_eq!(uri_path("a:b/c d%e#f?g.md"), "a%3Ab/c%20d%25e%23f%3Fg.md");
        assert_eq!(uri_path("a\nb\u{1b}"), "a%0Ab%1B");
        assert_eq!(uri_path("café"), "caf%C3%A9");
    }

    #[test]
    fn shell_word_quotes_what_the_shell_would_read() {
        assert_eq!(shell_word("_posts/x.md"), "_posts/x.md");
        assert_eq!(shell_word("my site"), "'my site'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("a\nb$(x)"), r"'a\u{a}b$(x)'");
    }
}
