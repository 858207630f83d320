//! `--format github`: workflow commands that GitHub Actions turns into
//! annotations on the pull request's diff.

use std::io::{self, Write};

use super::{Run, escape};
use crate::diagnostic::{Diagnostic, Severity};

/// A workflow command's data: `%`, CR and LF as the runner decodes them,
/// the other characters [`escape::text`] picks as `\u{…}` (no ESC reaches
/// the log).
fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if escape::is_escaped(c) => out.push_str(&escape::escaped(c)),
            c => out.push(c),
        }
    }
    out
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(run: &Run, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (line, col) = d.file.line_col(d.span.start);
        let (end_line, end_col) = d.file.line_col(d.span.end);
        let mut message = escape::text(&d.message).into_owned();
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(&escape::text(help));
        }
        writeln!(
            out,
            "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            escape_property(&run.display_path(&d.file.rel)),
            escape_property(&format!("{} {}", d.rule.code, d.rule.name)),
            escape_data(&message)
        )?;
    }
    Ok(())
}
