//! `--format github`: workflow commands that GitHub Actions turns into
//! annotations on the pull request's diff.

use std::io::{self, Write};

use super::Run;
use crate::diagnostic::{Diagnostic, Severity};

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
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
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(help);
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
