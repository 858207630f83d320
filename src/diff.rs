//! Unified diffs that `git apply` and `patch` accept, for `fix --diff` and
//! `migrate --diff`.
//!
//! Lines end at LF only, as both tools read them: a CR is an ordinary
//! character (so a file with lone-CR line endings is one long line, and
//! CRLF lines keep their CR), and a last line without a newline is marked
//! `\ No newline at end of file`. File names that hold a quote, a
//! backslash or a control character are written in double quotes with C
//! escapes, and a name with a space is followed by a tab, as git writes
//! them.

use similar::{Algorithm, DiffTag};

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The unified diff from `old` to `new`, headed `--- a` and `+++ b`; empty
/// when the texts are equal.
pub fn unified(a: &str, b: &str, old: &str, new: &str) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_lines, &new_lines);
    let groups = similar::group_diff_ops(ops, CONTEXT);
    if groups.is_empty() {
        return String::new();
    }
    // a name with a space ends with a tab, as git ends it, so that GNU
    // patch does not read the name only up to the space
    let name = |n: &str| {
        let q = quote_path(n);
        let tab = if q.contains(' ') { "\t" } else { "" };
        format!("{q}{tab}")
    };
    let mut out = format!("--- {}\n+++ {}\n", name(a), name(b));
    for group in groups {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(&old_range),
            hunk_range(&new_range)
        ));
        for op in &group {
            let (tag, o, n) = op.as_tag_tuple();
            let mut emit = |prefix: char, line: &str| {
                out.push(prefix);
                out.push_str(line);
                if !line.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            };
            match tag {
                DiffTag::Equal => old_lines[o].iter().for_each(|l| emit(' ', l)),
                DiffTag::Delete => old_lines[o].iter().for_each(|l| emit('-', l)),
                DiffTag::Insert => new_lines[n].iter().for_each(|l| emit('+', l)),
                DiffTag::Replace => {
                    old_lines[o].iter().for_each(|l| emit('-', l));
                    new_lines[n].iter().for_each(|l| emit('+', l));
                }
            }
        }
    }
    out
}

/// `start,len` of a hunk, 1-based; an empty range names the line before it.
fn hunk_range(r: &std::ops::Range<usize>) -> String {
    match r.len() {
        0 => format!("{},0", r.start),
        1 => format!("{}", r.start + 1),
        n => format!("{},{n}", r.start + 1),
    }
}

/// A file name as git writes it in a patch header: as is, or in double
/// quotes with C escapes when it holds `"`, `\` or a control character.
pub fn quote_path(name: &str) -> String {
    if !name
        .chars()
        .any(|c| c == '"' || c == '\\' || c.is_ascii_control())
    {
        return name.to_string();
    }
    let mut out = String::from("\"");
    for c in name.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_ascii_control() => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_cr_is_part_of_a_line() {
        let d = unified("a/x", "b/x", "one\rtwo\nend", "one\rTWO\nend");
        assert_eq!(
            d,
            "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-one\rtwo\n+one\rTWO\n end\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn hunks_count_lines_and_name_empty_ranges() {
        assert_eq!(unified("a", "b", "same\n", "same\n"), "");
        let d = unified("a", "b", "", "new\n");
        assert_eq!(d, "--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n");
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        let d = unified("a", "b", old, new);
        assert_eq!(
            d,
            "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn names_are_quoted_as_git_quotes_them() {
        assert_eq!(quote_path("a/plain name é.md"), "a/plain name é.md");
        assert_eq!(quote_path("a/tab\there.md"), "\"a/tab\\there.md\"");
        assert_eq!(quote_path("a/back\\slash.md"), "\"a/back\\\\slash.md\"");
        assert_eq!(quote_path("a/q\"uote\n\u{1}"), "\"a/q\\\"uote\\n\\001\"");
        let d = unified("a/x y", "b/x y", "1\n", "2\n");
        assert!(d.starts_with("--- a/x y\t\n+++ b/x y\t\n"), "{d}");
    }
}
