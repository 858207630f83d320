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
            "{}:{line}:{col}: {}[{}] {}",
            run.display_path(&d.file.rel),
            d.severity,
            d.rule.code,
            d.message
        )?;
    }
    if !quiet {
        writeln!(out, "{}", summary_line(run, diagnostics))?;
    }
    Ok(())
}
