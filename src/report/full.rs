//! `--format full` (the default): each finding with its source snippet,
//! rendered by miette.

use std::fmt;
use std::io::{self, Write};

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
        let inner = self.file.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
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
    for d in diagnostics {
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
        out.write_all(rendered.as_bytes())?;
        writeln!(out)?;
    }
    if !quiet {
        writeln!(out, "{}", summary_line(run, diagnostics))?;
    }
    Ok(())
}
