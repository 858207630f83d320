//! Between sitelint's byte offsets and the protocol's positions (lines and
//! UTF-16 or UTF-8 columns), between paths and `file://` URIs, and from a
//! [`Diagnostic`] to an LSP diagnostic.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types as lsp;

use crate::diagnostic::{Diagnostic, Severity};

/// Where the rules are documented: the README's rule table (`#rules`);
/// `sitelint explain CODE` prints one rule's full documentation.
pub const RULE_DOCS: &str = "https://github.com/OWNER/sitelint/blob/main/README.md";

/// How the client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Offsets where each line starts, as [`SourceFile`] counts lines (LF,
/// CRLF and a lone CR end one), over a text held elsewhere.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Lines<'t> {
        let mut starts = vec![0];
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines { text, starts }
    }

    /// The byte range of the line `offset` is on (without its ending).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let mut end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let b = self.text.as_bytes();
        while end > start && matches!(b[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    pub fn position(&self, offset: usize, enc: Encoding) -> lsp::Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let before = &self.text[self.starts[line]..offset];
        let character = match enc {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        lsp::Position::new(line as u32, character as u32)
    }

    pub fn range(&self, r: &Range<usize>, enc: Encoding) -> lsp::Range {
        lsp::Range::new(self.position(r.start, enc), self.position(r.end, enc))
    }

    /// The byte offset of a position; past the end of a line is its end.
    pub fn offset(&self, p: lsp::Position, enc: Encoding) -> usize {
        let line = p.line as usize;
        if line >= self.starts.len() {
            return self.text.len();
        }
        let range = self.line_range(line);
        let mut units = p.character as usize;
        for (i, c) in self.text[range.clone()].char_indices() {
            let n = match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units < n {
                return range.start + i;
            }
            units -= n;
        }
        range.end
    }
}

/// The path a `file://` URI names; `None` for other schemes.
pub fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file:///x` (no host) or `file://localhost/x`
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        let s = String::from_utf8(bytes).ok()?;
        // `/C:/x` on Windows
        let s = s
            .strip_prefix('/')
            .filter(|r| r.get(1..2) == Some(":"))
            .unwrap_or(&s);
        Some(PathBuf::from(s))
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// A `file://` URI for an absolute path.
pub fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    lsp::Uri::from_str(&out).ok()
}

fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// The rule's documentation page.
pub fn rule_doc_uri() -> Option<lsp::Uri> {
    lsp::Uri::from_str(&format!("{RULE_DOCS}#rules")).ok()
}

/// A finding as the editor shows it: the message as `sitelint check`
/// prints it, the help on the next line, the labels as related
/// information, and the tags an editor draws (a stale suppression is
/// unnecessary text, a deprecated key is struck through).
pub fn diagnostic(d: &Diagnostic, uri: &lsp::Uri, enc: Encoding) -> lsp::Diagnostic {
    let lines = Lines::new(&d.file.text);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push('\n');
        message.push_str(help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), lines.range(&l.span, enc)),
            message: l.message.clone(),
        })
        .collect();
    let tags = match d.rule.code {
        "SUP001" => Some(vec![lsp::DiagnosticTag::UNNECESSARY]),
        "FM010" => Some(vec![lsp::DiagnosticTag::DEPRECATED]),
        _ => None,
    };
    lsp::Diagnostic {
        range: lines.range(&d.span, enc),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.rule.code.to_string())),
        code_description: rule_doc_uri().map(|href| lsp::CodeDescription { href }),
        source: Some("sitelint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_in_both_encodings() {
        let text = "a\r\né😀x\rb\n";
        let lines = Lines::new(text);
        // `x` is after é (2 bytes, 1 unit) and 😀 (4 bytes, 2 units)
        let x = text.find('x').unwrap();
        assert_eq!(lines.position(x, Encoding::Utf16), lsp::Position::new(1, 3));
        assert_eq!(lines.position(x, Encoding::Utf8), lsp::Position::new(1, 6));
        assert_eq!(lines.offset(lsp::Position::new(1, 3), Encoding::Utf16), x);
        assert_eq!(lines.offset(lsp::Position::new(1, 6), Encoding::Utf8), x);
        // a lone CR ends a line
        let b = text.find('b').unwrap();
        assert_eq!(lines.position(b, Encoding::Utf16), lsp::Position::new(2, 0));
        // past the end of a line is its end; inside a surrogate pair is
        // the character's start
        assert_eq!(lines.offset(lsp::Position::new(0, 9), Encoding::Utf16), 1);
        assert_eq!(
            lines.offset(lsp::Position::new(1, 2), Encoding::Utf16),
            text.find('😀').unwrap()
        );
        assert_eq!(
            lines.offset(lsp::Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn uris_round_trip() {
        let p = Path::new("/site/_posts/a b%é.md");
        let uri = path_to_uri(p).unwrap();
        assert_eq!(uri.as_str(), "file:///site/_posts/a%20b%25%C3%A9.md");
        assert_eq!(uri_to_path(&uri).unwrap(), p);
        let other = lsp::Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&other), None);
    }
}
