//! `--format concise`: `path:line:col: severity[CODE] message`, one line each.

use std::io::{self, Write};

use super::{Run, summary_line};
use crate::diagnostic::Diagnostic;

pub fn write(
    run: &Run,
    diagnostics: &[Diagnostic],
    quiet: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    for d in diagnostics {
        let (line, col) = d.file.line_col(d.span.start);
        writeln!(
            out,
            "{}:{line}:{col}: {}[{}] {}{}",
            run.display_path(&d.file.rel),
            d.severity,
            d.rule.code,
            d.message,
            suggestion(d)
        )?;
    }
    if !quiet {
        writeln!(out, "{}", summary_line(run, diagnostics))?;
    }
    Ok(())
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
        Some(rest) => format!("; did you mean {rest}"),
        None => String::new(),
    }
}
