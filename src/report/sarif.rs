//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning, with every rule's
//! metadata (so the rule's help shows beside the alert) and fixes.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::listed::{Frame, List};
use super::{Run, escape};
use crate::checks;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::text::source::SourceFile;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(file: &SourceFile, range: &std::ops::Range<usize>) -> Value {
    let (line, col) = file.line_col(range.start);
    let (end_line, end_col) = file.line_col(range.end);
    json!({"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col})
}

pub fn write(run: &Run, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let mut doc = Parts::default();
    doc.write(run, diagnostics, out)?;
    doc.finish(out)
}

/// The SARIF document written a part of the findings at a time (see
/// `report::Streaming`), byte for byte one print of the whole document.
#[derive(Debug, Default)]
pub struct Parts {
    list: List,
    frame: Option<Frame>,
}

/// The document with no result listed.
fn document() -> Value {
    let rules = checks::all_rules();
    let rule_values: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"tags": [r.family()]},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sitelint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_values,
            }},
            "columnKind": "unicodeCodePoints",
            "results": [],
        }],
    })
}

impl Parts {
    /// Write the findings of one part, after those of the parts before
    /// (each file's findings all in one part: the fingerprints count the
    /// findings of a file with the same text).
    pub fn write(
        &mut self,
        run: &Run,
        diagnostics: &[Diagnostic],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if diagnostics.is_empty() {
            return Ok(());
        }
        let index: HashMap<&str, usize> = checks::all_rules()
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code, i))
            .collect();
        let mut seen: HashMap<String, usize> = HashMap::new();
        if self.frame.is_none() {
            self.frame = Some(Frame::of(&document(), "results")?);
        }
        if let Some(frame) = &self.frame {
            for d in diagnostics {
                self.list
                    .item(frame, &result(run, d, &index, &mut seen), out)?;
            }
        }
        Ok(())
    }

    /// Close the list of results and the document.
    pub fn finish(&self, out: &mut dyn Write) -> io::Result<()> {
        match &self.frame {
            Some(frame) => self.list.close(frame, out),
            None => self.list.close(&Frame::of(&document(), "results")?, out),
        }
    }
}

/// One finding as a SARIF result; `seen` counts the findings with the
/// same key so far (the fingerprint tells them apart).
fn result(
    run: &Run,
    d: &Diagnostic,
    index: &HashMap<&str, usize>,
    seen: &mut HashMap<String, usize>,
) -> Value {
    let uri = escape::uri_path(&run.display_path(&d.file.rel));
    let key = diagnostic::key(d);
    let n = seen.entry(key.clone()).or_default();
    *n += 1;
    let mut result = json!({
        "ruleId": d.rule.code,
        "ruleIndex": index.get(d.rule.code).copied().unwrap_or(0),
        "level": level(d.severity),
        "message": {"text": match &d.help {
            Some(h) => format!("{}\n{h}", d.message),
            None => d.message.clone(),
        }},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": region(&d.file, &d.span),
            }
        }],
        "partialFingerprints": {"sitelintKey/v1": format!("{}:{n}", diagnostic::stable_hash(&key))},
    });
    if !d.labels.is_empty() {
        result["relatedLocations"] = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "physicalLocation": {"artifactLocation": {"uri": uri}, "region": region(&d.file, &l.span)},
                    "message": {"text": l.message},
                })
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        result["fixes"] = json!([{
            "description": {"text": format!("{} ({})", fix.title, fix.applicability.as_str())},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(&d.file, &e.range),
                    "insertedContent": {"text": e.replacement},
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}
