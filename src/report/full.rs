//! `--format full` (the default): each finding with its source snippet,
//! rendered by miette.

use std::fmt;
use std::io::{self, Write};
use std::ops::Range;

use rayon::prelude::*;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{Run, summary_line};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::text::source::SourceFile;

/// A source file under the name the user sees.
struct Named<'a> {
    file: &'a SourceFile,
    name: String,
}

impl SourceCode for Named<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = &self.file.text;
        let Some(w) = window(text, self.file.starts(), span, before, after) else {
            let inner = text.read_span(span, before, after)?;
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                *inner.span(),
                inner.line(),
                inner.column(),
                inner.line_count(),
            )));
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[w.range.clone()],
            (w.range.start, w.range.len()).into(),
            w.line,
            w.column,
            w.line_count,
        )))
    }
}

/// What miette's `SourceCode for str` reports for a span.
struct Window {
    range: Range<usize>,
    line: usize,
    column: usize,
    line_count: usize,
}

/// The window that miette's own `read_span` for `str` gives for `span` with
/// `before` and `after` context lines, found with the line-start index
/// `starts` (`SourceFile::starts` of `text`) instead of miette's scan of the
/// text from its start, which costs the whole file for every diagnostic.
/// `None` for an empty text or a span that reaches past the end: the caller
/// leaves those to miette's own scan.
///
/// miette's rules, followed to the byte (a CRLF is one line ending, a lone
/// CR is one too; "the span's last byte" is the byte before the span when it
/// is empty, and the LF when it is the CR of a CRLF):
/// - the window starts at the start of the line `before` lines above the
///   span's first line (or of the text's first line); with `before == 0`,
///   at the span's offset itself;
/// - it ends just past the line ending `after` lines below the line of the
///   span's last byte (or at the end of the text); with `after == 0`, just
///   past the span's last byte;
/// - `line` is the 0-based line where the window starts;
/// - `column` is 0 when `before > 0`; when `before == 0` it is the span's
///   byte column on its line (not counting the CR when the span starts on
///   the LF of a CRLF), but 0 again when `after > 0` and a line ending
///   follows the span's last byte;
/// - `line_count` is the number of line endings from the start of the text
///   to the window's end.
fn window(
    text: &str,
    starts: &[usize],
    span: &SourceSpan,
    before: usize,
    after: usize,
) -> Option<Window> {
    let (offset, len) = (span.offset(), span.len());
    let bytes = text.as_bytes();
    if bytes.is_empty() || offset + len > bytes.len() {
        return None;
    }
    let crlf_at = |i: usize| bytes.get(i..i + 2) == Some(b"\r\n");
    // The 0-based line of the span's offset.
    let first = starts.partition_point(|&s| s <= offset) - 1;
    let mut last = (offset + len).saturating_sub(1);
    if crlf_at(last) {
        last += 1;
    }
    // The index in `starts` of the line after the one ending the span.
    let next = starts.partition_point(|&s| s <= last + 1);
    let start = if before == 0 {
        offset
    } else {
        starts[first.saturating_sub(before)]
    };
    let end = if after == 0 {
        last + 1
    } else {
        starts.get(next + after).copied().unwrap_or(bytes.len())
    };
    let column = if before > 0 || (after > 0 && next < starts.len()) {
        0
    } else {
        offset - starts[first] - usize::from(offset > 0 && crlf_at(offset - 1))
    };
    Some(Window {
        range: start..end,
        line: first.saturating_sub(before),
        column,
        line_count: starts.partition_point(|&s| s <= end) - 1,
    })
}

struct Report<'a> {
    d: &'a Diagnostic,
    source: Named<'a>,
    help: Option<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!(
            "{}({})",
            self.d.rule.code, self.d.rule.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        if self.d.file.text.is_empty() {
            None
        } else {
            Some(&self.source)
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.d.file.text.is_empty() {
            return None;
        }
        let primary =
            LabeledSpan::new_primary_with_span(None, (self.d.span.start, self.d.span.len()));
        let secondary = self.d.labels.iter().map(|l| {
            LabeledSpan::new_with_span(Some(l.message.clone()), (l.span.start, l.span.len()))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

pub fn write(
    run: &Run,
    diagnostics: &[Diagnostic],
    quiet: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let theme = if run.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    // Rendering is most of the time: render a chunk in parallel, then
    // write it out in order.
    for chunk in diagnostics.chunks(256) {
        let rendered: Vec<String> = chunk.par_iter().map(|d| render(run, &handler, d)).collect();
        for r in rendered {
            out.write_all(r.as_bytes())?;
            writeln!(out)?;
        }
    }
    if !quiet {
        writeln!(out, "{}", summary_line(run, diagnostics))?;
    }
    Ok(())
}

/// One finding as miette draws it, without the blank line after it.
fn render(run: &Run, handler: &GraphicalReportHandler, d: &Diagnostic) -> String {
    let path = run.display_path(&d.file.rel);
    let (line, col) = d.file.line_col(d.span.start);
    let mut help = d.help.clone();
    if let Some(fix) = &d.fix {
        let kind = match fix.applicability {
            Applicability::Safe => "safe fix",
            Applicability::Unsafe => "unsafe fix",
            Applicability::DisplayOnly => "suggestion",
        };
        let line = format!("{kind}: {}", fix.title);
        help = Some(match help {
            Some(h) => format!("{h}\n{line}"),
            None => line,
        });
    }
    let report = Report {
        d,
        source: Named {
            file: &d.file,
            name: path.clone(),
        },
        help,
    };
    let mut rendered = String::new();
    if handler.render_report(&mut rendered, &report).is_err() {
        rendered = format!(
            "{path}:{line}:{col}: {}[{}] {}\n",
            d.severity, d.rule.code, d.message
        );
    }
    if d.file.text.is_empty() {
        // No snippet to show: say where, before the help.
        let at = format!("   ╭─[{path}]\n   ╰────\n");
        match rendered.find("\n  help:") {
            Some(p) => rendered.insert_str(p + 1, &at),
            None => rendered.push_str(&at),
        }
    }
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Named::read_span` must report what miette's own `str` does.
    fn same_as_miette(text: &str, offset: usize, len: usize, before: usize, after: usize) {
        let file = SourceFile::new("a.md", "a.md", text.to_string());
        let named = Named {
            file: &file,
            name: "site/a.md".to_string(),
        };
        let span = SourceSpan::from((offset, len));
        let what = format!("{text:?} span ({offset}, {len}) context {before}/{after}");
        // Only the empty text is left to miette.
        let fast = window(text, file.starts(), &span, before, after);
        assert_eq!(fast.is_some(), !text.is_empty(), "{what}");
        let ours = named.read_span(&span, before, after).unwrap();
        let theirs = text.read_span(&span, before, after).unwrap();
        assert_eq!(ours.data(), theirs.data(), "data of {what}");
        assert_eq!(ours.span(), theirs.span(), "span of {what}");
        assert_eq!(ours.line(), theirs.line(), "line of {what}");
        assert_eq!(ours.column(), theirs.column(), "column of {what}");
        assert_eq!(
            ours.line_count(),
            theirs.line_count(),
            "line_count of {what}"
        );
        assert_eq!(ours.name(), Some("site/a.md"));
    }

    #[test]
    fn window_matches_miette_at_the_edges() {
        for (before, after) in [(0, 0), (1, 1), (0, 2), (2, 0), (3, 3)] {
            // The first line, the last line without a line ending, past it.
            same_as_miette("abc\ndef\nghi", 0, 3, before, after);
            same_as_miette("abc\ndef\nghi", 8, 3, before, after);
            same_as_miette("abc\ndef\nghi", 11, 0, before, after);
            same_as_miette("abc\ndef\n", 8, 0, before, after);
            // CRLF: a span on a line, over a line ending, on its LF.
            same_as_miette("ab\r\ncd\r\nef\r\n", 4, 2, before, after);
            same_as_miette("ab\r\ncd\r\nef\r\n", 2, 2, before, after);
            same_as_miette("ab\r\ncd\r\nef\r\n", 7, 1, before, after);
            same_as_miette("ab\r\ncd\r\nef\r\n", 7, 0, before, after);
            // Lone CRs, a multi-line span, multi-byte characters.
            same_as_miette("a\rb\rc\rd", 2, 1, before, after);
            same_as_miette("a\nbb\nccc\ndddd\ne\n", 3, 7, before, after);
            same_as_miette("é\nxéy\nz", 4, 2, before, after);
            // Empty spans and the empty text.
            same_as_miette("abc\ndef", 4, 0, before, after);
            same_as_miette("abc\ndef", 0, 0, before, after);
            same_as_miette("", 0, 0, before, after);
        }
    }

    #[test]
    fn window_matches_miette_on_every_short_text() {
        let alphabet = ['a', '\n', '\r'];
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.len() == texts.last().unwrap().len())
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        assert_eq!(texts.len(), 1 + 3 + 9 + 27 + 81 + 243 + 729);
        for text in &texts {
            for offset in 0..=text.len() {
                for len in 0..=text.len() - offset {
                    for before in 0..3 {
                        for after in 0..3 {
                            same_as_miette(text, offset, len, before, after);
                        }
                    }
                }
            }
        }
    }
}
