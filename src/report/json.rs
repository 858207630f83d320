//! `--format json`: one JSON document, described in the README.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::listed::{Frame, List};
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
/// `report::Streaming`), byte for byte one print of the whole document.
#[derive(Debug, Default)]
pub struct Parts {
    list: List,
    /// The document's opening (the same whatever the summary).
    frame: Option<Frame>,
}

impl Parts {
    /// Write the findings of one part, after those of the parts before.
    pub fn write(
        &mut self,
        run: &Run,
        diagnostics: &[Diagnostic],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if diagnostics.is_empty() {
            return Ok(());
        }
        if self.frame.is_none() {
            self.frame = Some(Frame::of(
                &document(run, &Summary::default()),
                "diagnostics",
            )?);
        }
        if let Some(frame) = &self.frame {
            for d in diagnostics {
                self.list.item(frame, &diagnostic_json(d), out)?;
            }
        }
        Ok(())
    }

    /// Close the list of findings and write the summary of all of them.
    pub fn finish(&self, run: &Run, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
        self.list
            .close(&Frame::of(&document(run, s), "diagnostics")?, out)
    }
}

/// The document with no finding listed.
fn document(run: &Run, s: &Summary) -> Value {
    json!({
        "version": 1,
        "root": run.root.to_string_lossy().replace('\\', "/"),
        "diagnostics": [],
        "summary": {
            "files_checked": run.files_checked,
            "files_with_findings": s.files_with_findings,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
            "fixable": s.fixable,
            "by_rule": s.by_rule,
        },
    })
}
