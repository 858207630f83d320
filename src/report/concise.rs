//! `--format concise`: `path:line:col: severity[CODE] message`, one line each.
//! Infos only with `--show-infos`; what comes from the site is escaped.

use std::io::{self, Write};

use rayon::prelude::*;

use super::{Run, Tally, escape, summary_line};
use crate::diagnostic::Diagnostic;

pub fn write(
    run: &Run,
    diagnostics: &[Diagnostic],
    quiet: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    lines(run, diagnostics, out)?;
    if !quiet {
        writeln!(out, "{}", summary_line(run, &Tally::of(run, diagnostics)))?;
    }
    Ok(())
}

/// The findings' lines, without the closing summary.
pub fn lines(run: &Run, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    // lines rendered on all threads, a block at a time, written in order
    let shown: Vec<&Diagnostic> = diagnostics.iter().filter(|d| run.shows(d)).collect();
    for block in shown.chunks(16 * 1024) {
        let parts: Vec<String> = block
            .par_chunks(1024)
            .map(|part| {
                let mut text = String::new();
                for d in part {
                    text.push_str(&header(run, d));
                    text.push_str(&suggestion(d));
                    text.push('\n');
                }
                text
            })
            .collect();
        for text in parts {
            out.write_all(text.as_bytes())?;
        }
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
