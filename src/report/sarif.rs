//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning, with every rule's
//! metadata (so the rule's help shows beside the alert) and fixes.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

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
/// `report::Streaming`), byte for byte what one `serde_json` pretty print
/// of the whole document gives: the document is printed with no result,
/// split where its results go, and each result printed alone and
/// indented to its depth (a JSON string holds no line break).
#[derive(Debug, Default)]
pub struct Parts {
    written: usize,
    frame: Option<Frame>,
}

/// The document without results, around the place of the list: what comes
/// before it, the indentation of its line, and what comes after it.
#[derive(Debug)]
struct Frame {
    before: String,
    indent: String,
    after: String,
}

fn frame() -> io::Result<Frame> {
    const EMPTY: &str = "\"results\": []";
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
    let doc = json!({
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
    });
    let text = serde_json::to_string_pretty(&doc)?;
    // (a quote inside a JSON string is escaped: only the key matches)
    let at = text
        .find(EMPTY)
        .ok_or_else(|| io::Error::other("no results in SARIF"))?;
    let line = text[..at].rfind('\n').map_or(0, |i| i + 1);
    Ok(Frame {
        before: text[..at + EMPTY.len() - 2].to_string(),
        indent: text[line..at].to_string(),
        after: text[at + EMPTY.len()..].to_string(),
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
        if self.frame.is_none() {
            self.frame = Some(frame()?);
        }
        let Some(Frame { before, indent, .. }) = &self.frame else {
            return Ok(());
        };
        let index: HashMap<&str, usize> = checks::all_rules()
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code, i))
            .collect();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for d in diagnostics {
            if self.written == 0 {
                out.write_all(before.as_bytes())?;
                out.write_all(b"[")?;
            } else {
                out.write_all(b",")?;
            }
            let text = serde_json::to_string_pretty(&result(run, d, &index, &mut seen))?;
            for line in text.split('\n') {
                write!(out, "\n{indent}  {line}")?;
            }
            self.written += 1;
        }
        Ok(())
    }

    /// Close the list of results and the document.
    pub fn finish(&self, out: &mut dyn Write) -> io::Result<()> {
        let fresh;
        let Frame {
            before,
            indent,
            after,
        } = match &self.frame {
            Some(f) => f,
            None => {
                fresh = frame()?;
                &fresh
            }
        };
        if self.written == 0 {
            out.write_all(before.as_bytes())?;
            out.write_all(b"[]")?;
        } else {
            write!(out, "\n{indent}]")?;
        }
        out.write_all(after.as_bytes())?;
        writeln!(out)
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
