//! `--format json`: one JSON document, described in the README.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Run, Summary};
use crate::diagnostic::Diagnostic;
use crate::text::source::SourceFile;

fn position(file: &SourceFile, range: &std::ops::Range<usize>) -> (usize, usize, usize, usize) {
    let (line, column) = file.line_col(range.start);
    let (end_line, end_column) = file.line_col(range.end);
    (line, column, end_line, end_column)
}

pub fn diagnostic_json(d: &Diagnostic) -> Value {
    let (line, column, end_line, end_column) = position(&d.file, &d.span);
    let fix = d.fix.as_ref().map(|f| {
        json!({
            "applicability": f.applicability.as_str(),
            "message": f.title,
            "edits": f.edits.iter().map(|e| {
                let (line, column, end_line, end_column) = position(&d.file, &e.range);
                json!({
                    "line": line, "column": column, "end_line": end_line, "end_column": end_column,
                    "start_byte": e.range.start, "end_byte": e.range.end,
                    "replacement": e.replacement,
                })
            }).collect::<Vec<_>>(),
        })
    });
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let (line, column, end_line, end_column) = position(&d.file, &l.span);
            json!({"line": line, "column": column, "end_line": end_line, "end_column": end_column, "message": l.message})
        })
        .collect();
    json!({
        "path": d.file.rel,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "rule": d.rule.code,
        "name": d.rule.name,
        "severity": d.severity.as_str(),
        "message": d.message,
        "help": d.help,
        "labels": labels,
        "fix": fix,
    })
}

pub fn write(run: &Run, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let mut doc = Parts::default();
    doc.write(run, diagnostics, out)?;
    doc.finish(run, &Summary::of(diagnostics), out)
}

/// The JSON document written a part of the findings at a time (see
/// `report::Streaming`), byte for byte what one `serde_json` pretty print
/// of the whole document gives: each finding is printed alone and
/// indented to its depth (a JSON string holds no line break, so every
/// line of the print is a line of the document).
#[derive(Debug, Default)]
pub struct Parts {
    written: usize,
}

impl Parts {
    /// Write the findings of one part, after those of the parts before.
    pub fn write(
        &mut self,
        run: &Run,
        diagnostics: &[Diagnostic],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for d in diagnostics {
            if self.written == 0 {
                head(run, out)?;
                out.write_all(b"[")?;
            } else {
                out.write_all(b",")?;
            }
            out.write_all(b"\n")?;
            let text = serde_json::to_string_pretty(&diagnostic_json(d))?;
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(b"    ")?;
                out.write_all(line.as_bytes())?;
            }
            self.written += 1;
        }
        Ok(())
    }

    /// Close the list of findings and write the summary of all of them.
    pub fn finish(&self, run: &Run, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
        if self.written == 0 {
            head(run, out)?;
            out.write_all(b"[]")?;
        } else {
            out.write_all(b"\n  ]")?;
        }
        out.write_all(b",\n  \"summary\": ")?;
        let summary = json!({
            "files_checked": run.files_checked,
            "files_with_findings": s.files_with_findings,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
            "fixable": s.fixable,
            "by_rule": s.by_rule,
        });
        let text = serde_json::to_string_pretty(&summary)?;
        out.write_all(text.replace('\n', "\n  ").as_bytes())?;
        out.write_all(b"\n}\n")
    }
}

/// The document's opening, up to the list of findings.
fn head(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    let root = serde_json::to_string(&run.root.to_string_lossy().replace('\\', "/"))?;
    write!(
        out,
        "{{\n  \"version\": 1,\n  \"root\": {root},\n  \"diagnostics\": "
    )
}
