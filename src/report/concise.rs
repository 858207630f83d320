//! `--format concise`: `path:line:col: severity[CODE] message`, one line each.
//! Infos only with `--show-infos`; what comes from the site is escaped.

use std::io::{self, Write};

use super::{Run, escape, summary_line};
use crate::diagnostic::Diagnostic;

pub fn write(
    run: &Run,
    diagnostics: &[Diagnostic],
    quiet: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    for d in diagnostics.iter().filter(|d| run.shows(d)) {
        writeln!(out, "{}{}", header(run, d), suggestion(d))?;
    }
    if !quiet {
        writeln!(out, "{}", summary_line(run, diagnostics))?;
    }
    Ok(())
}

/// `path:line:col: severity[CODE] message`, escaped.
pub fn header(run: &Run, d: &Diagnostic) -> String {
    let (line, col) = d.file.line_col(d.span.start);
    format!(
        "{}:{line}:{col}: {}[{}] {}",
        run.shown_path(&d.file.rel),
        d.severity,
        d.rule.code,
        escape::text(&d.message)
    )
}

/// A "did you mean" help, kept on the finding's line (`; did you mean
/// `x`?`): the one hint a contributor needs to fix a typo from a hook's
/// output. Other help is left to the full format.
fn suggestion(d: &Diagnostic) -> String {
    match d
        .help
        .as_deref()
        .and_then(|h| h.strip_prefix("Did you mean "))
    {
        Some(rest) => format!("; did you mean {}", escape::text(rest)),
        None => String::new(),
    }
}
