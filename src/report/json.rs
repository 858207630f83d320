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
    let s = Summary::of(diagnostics);
    let doc = json!({
        "version": 1,
        "root": run.root.to_string_lossy().replace('\\', "/"),
        "diagnostics": diagnostics.iter().map(diagnostic_json).collect::<Vec<_>>(),
        "summary": {
            "files_checked": run.files_checked,
            "files_with_findings": s.files_with_findings,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
            "fixable": s.fixable,
            "by_rule": s.by_rule,
        },
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
