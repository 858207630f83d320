//! Writing YAML values that Psych (Jekyll's reader) reads back exactly as
//! meant: a text stays text (`yes`, `19:30`, `010`, `#tag` and `a: b` are
//! quoted), and a value given as a boolean, number, date or null is written
//! as one.

use super::yaml::{Value, resolve_plain};

/// Where a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    /// After `key: ` in a block mapping, or as a `- ` item.
    Block,
    /// Inside `{...}` or `[...]`.
    Flow,
}

/// A string as a YAML scalar that reads back as exactly that string: plain
/// where Psych reads the plain text as a string and nothing in it means
/// something to YAML, double-quoted otherwise.
pub fn quote_str(s: &str, context: Context) -> String {
    if plain_is_safe(s, context) {
        s.to_string()
    } else {
        double_quoted(s)
    }
}

/// A mapping key: like [`quote_str`], and `None` for what cannot be a key
/// here (empty, control characters or line breaks, or `<<`, which YAML reads
/// as a merge).
pub fn quote_key(s: &str, context: Context) -> Option<String> {
    if s.is_empty() || s == "<<" || s.chars().any(is_break_or_control) || s.len() > 1000 {
        return None;
    }
    Some(quote_str(s, context))
}

/// `s` written as a typed YAML value when it is one in its usual spelling:
/// `true`, `false`, `null`, `~`, a decimal integer (`3`, `-12`), a decimal
/// number (`1.5`), a date (`2024-01-31`) or a timestamp Psych reads
/// (`2024-01-31 10:00:00 +0100`). Anything else is text: `yes`, `19:30`,
/// `010` or `1e3` are not taken for the boolean or number YAML 1.1 would
/// make of them.
pub fn typed(s: &str) -> Option<(String, Value)> {
    let value = resolve_plain(s);
    let canonical = match &value {
        Value::Bool(_) => s == "true" || s == "false",
        Value::Null => s == "null" || s == "~",
        Value::Int(_) => {
            let d = s.strip_prefix('-').unwrap_or(s);
            !d.is_empty()
                && d.bytes().all(|b| b.is_ascii_digit())
                && (d == "0" || !d.starts_with('0'))
        }
        Value::Float(f) => {
            let d = s.strip_prefix('-').unwrap_or(s);
            f.is_finite()
                && d.split_once('.').is_some_and(|(a, b)| {
                    !a.is_empty()
                        && !b.is_empty()
                        && a.bytes().all(|c| c.is_ascii_digit())
                        && b.bytes().all(|c| c.is_ascii_digit())
                })
        }
        Value::Date { .. } | Value::Time(_) => true,
        Value::Str => false,
    };
    canonical.then(|| (s.to_string(), value))
}

fn is_break_or_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

fn plain_is_safe(s: &str, context: Context) -> bool {
    let (Some(first), Some(last)) = (s.chars().next(), s.chars().last()) else {
        return false;
    };
    resolve_plain(s) == Value::Str
        && !matches!(
            first,
            '-' | '?'
                | ':'
                | ','
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '&'
                | '*'
                | '!'
                | '|'
                | '>'
                | '\''
                | '"'
                | '%'
                | '@'
                | '`'
                | '='
                | '~'
        )
        && !first.is_whitespace()
        && !last.is_whitespace()
        && last != ':'
        && !s.contains(": ")
        && !s.contains(":\t")
        && !s.contains(" #")
        && !s.contains("\t#")
        && !s.chars().any(|c| is_break_or_control(c) || c == '\t')
        && (context == Context::Block || !s.contains([',', '[', ']', '{', '}', ':', '#']))
}

/// A double-quoted YAML scalar with every character that needs it escaped.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c if c.is_control() || c == '\u{feff}' || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::yaml::{Limits, Style, parse};
    use proptest::prelude::*;

    /// Read `key: <written>` back with sitelint's reader (held equal to
    /// Psych by `yaml_psych`): the string, and how it was written.
    fn read_back(written: &str, context: Context) -> Option<(String, Value, Style)> {
        let src = match context {
            Context::Block => format!("k: {written}\nnext: 1\n"),
            Context::Flow => format!("{{k: {written}, next: 1}}\n"),
        };
        let root = parse(&src, 0..src.len(), Limits::default()).ok()??;
        assert_eq!(
            root.get("next").and_then(|n| n.scalar_text()),
            Some("1"),
            "{src}"
        );
        let s = root.get("k")?.as_scalar()?;
        Some((s.text.clone(), s.value.clone(), s.style))
    }

    /// Strings that are quoted. Psych 4.0.3 reads each differently when
    /// written plain (or rejects it), except `tab\there` and `=`, which are
    /// quoted to be safe (checked with `ruby -rpsych`; 75 of the 77 entries
    /// of both tables agree with Psych, the two exceptions being these).
    const MUST_QUOTE: &[&str] = &[
        "yes",
        "No",
        "ON",
        "off",
        "true",
        "False",
        "null",
        "Null",
        "~",
        "",
        "19:30",
        "1:20:30",
        "12:30.5",
        "190:20:30.15",
        "010",
        "0x1F",
        "0b11",
        "1_000",
        "1,000",
        "3",
        "-2",
        "1.5",
        ".5",
        "1.",
        "1.0e+3",
        ".inf",
        "-.INF",
        ".nan",
        "2020-01-01",
        "2020-1-1",
        "2020-01-01 10:00:00",
        ":symbol",
        "#heading",
        "a: b",
        "a #b",
        "- item",
        "? x",
        "[x]",
        "{x}",
        "&a",
        "*a",
        "!tag",
        "|",
        ">",
        "'q'",
        "\"q\"",
        "%x",
        "@x",
        "`x`",
        " lead",
        "trail ",
        "line\nbreak",
        "tab\there",
        "end:",
        "=",
    ];

    /// Strings Psych reads as text when written plain.
    const PLAIN: &[&str] = &[
        "Hello world",
        "y",
        "n",
        "Y",
        "1.0e3",
        "1e3",
        "0o17",
        "1.2.3",
        "08",
        "1__0",
        "a:b",
        "http://example.org/a#b",
        "C#",
        "don't",
        "say \"hi\"",
        "2021-02-30",
        "1:60",
        "inf",
        "a, b",
        "Pride - a history",
        "v1.0",
        "été",
    ];

    #[test]
    fn quoting_table() {
        for s in MUST_QUOTE {
            let w = quote_str(s, Context::Block);
            assert!(w.starts_with('"'), "`{s}` written `{w}`");
            let (text, value, _) = read_back(&w, Context::Block).unwrap();
            assert_eq!((text.as_str(), value), (*s, Value::Str), "{w}");
        }
        for s in PLAIN {
            let w = quote_str(s, Context::Block);
            assert_eq!(&w, s);
            let (text, value, style) = read_back(&w, Context::Block).unwrap();
            assert_eq!(
                (text.as_str(), value, style),
                (*s, Value::Str, Style::Plain)
            );
        }
        assert_eq!(quote_str("a, b", Context::Flow), "\"a, b\"");
        assert_eq!(
            quote_key("#heading", Context::Block).as_deref(),
            Some("\"#heading\"")
        );
        assert_eq!(quote_key("a\nb", Context::Block), None);
        assert_eq!(quote_key("", Context::Block), None);
        assert_eq!(quote_key("<<", Context::Block), None);
    }

    #[test]
    fn typed_values() {
        for s in [
            "true",
            "false",
            "null",
            "~",
            "3",
            "-12",
            "0",
            "1.5",
            "2024-01-31",
        ] {
            assert!(typed(s).is_some(), "{s}");
        }
        for s in [
            "yes", "19:30", "010", "1e3", "1_000", "+3", "1.", ".5", "Off", "text", "",
        ] {
            assert!(typed(s).is_none(), "{s}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whatever the string, it reads back as that string.
        #[test]
        fn every_string_reads_back(s in "(\\PC|[\\t\\n\\r \\x00-\\x1f\\u{85}\\u{2028}\\u{feff}:#'\"-]){0,12}") {
            for context in [Context::Block, Context::Flow] {
                let w = quote_str(&s, context);
                let back = read_back(&w, context);
                prop_assert!(back.is_some(), "`{}` written `{}` does not parse", s.escape_debug(), w);
                let (text, value, _) = back.unwrap();
                prop_assert_eq!(&text, &s, "written `{}`", w);
                prop_assert_eq!(value, Value::Str);
            }
        }

        /// Strings built from the pieces YAML 1.1 gives meaning to.
        #[test]
        fn yaml_looking_strings_read_back(parts in proptest::collection::vec(
            prop_oneof![
                Just("1"), Just("0"), Just(":"), Just("."), Just("-"), Just("_"), Just(","),
                Just("e"), Just("+"), Just("x"), Just("b"), Just(" "), Just("#"), Just("y"),
                Just("es"), Just("n"), Just("o"), Just("2020"), Just("T"), Just("~"),
            ], 0..8)) {
            let s: String = parts.concat();
            let w = quote_str(&s, Context::Block);
            let (text, value, _) = read_back(&w, Context::Block).unwrap();
            prop_assert_eq!(&text, &s, "written `{}`", w);
            prop_assert_eq!(value, Value::Str);
        }
    }
}
