//! `--format junit`: JUnit XML, one test case per file checked with
//! findings, one failure per finding (for CI systems that show test
//! reports).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Run, escape};
use crate::diagnostic::Diagnostic;

/// `s` as XML 1.0 text or attribute value: control characters (which XML
/// 1.0 forbids, or which an attribute would turn into spaces) and the
/// other characters [`escape::text`] picks as `\u{…}`, then the markup
/// characters as entities.
fn xml(s: &str) -> String {
    escape::text(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

pub fn write(run: &Run, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        by_file.entry(d.file.rel.as_str()).or_default().push(d);
    }
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="sitelint" tests="{}" failures="{}">"#,
        by_file.len(),
        diagnostics.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="sitelint" tests="{}" failures="{}">"#,
        by_file.len(),
        diagnostics.len()
    )?;
    for (rel, ds) in by_file {
        let path = xml(&run.display_path(rel));
        writeln!(
            out,
            r#"    <testcase name="{path}" classname="sitelint" file="{path}">"#
        )?;
        for d in ds {
            let (line, col) = d.file.line_col(d.span.start);
            writeln!(
                out,
                r#"      <failure type="{}" message="{}:{}: {}[{}] {}">{}</failure>"#,
                d.severity,
                line,
                col,
                d.severity,
                d.rule.code,
                xml(&d.message),
                xml(d.help.as_deref().unwrap_or(""))
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
