//! Baselines: adopt sitelint on a legacy site without fixing everything
//! first. `--write-baseline FILE` records today's findings; `--baseline
//! FILE` reports only findings that are not in it.
//!
//! A finding is keyed by its rule, its file and the offending text (the
//! text of its span, or its message when the span is empty), never by line
//! number, so unrelated edits above it do not make it "new". Each key
//! carries a count: a file with two identical findings in the baseline and
//! three today reports one (the last).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::diagnostic::{self, Diagnostic};

#[derive(Debug, Default)]
pub struct Baseline {
    counts: BTreeMap<String, usize>,
}

impl Baseline {
    pub fn of(diagnostics: &[Diagnostic]) -> Baseline {
        let mut counts = BTreeMap::new();
        for d in diagnostics {
            *counts.entry(diagnostic::key(d)).or_default() += 1;
        }
        Baseline { counts }
    }

    pub fn to_json(&self) -> String {
        let entries: Vec<Value> = self
            .counts
            .iter()
            .map(|(k, n)| {
                let mut parts = k.splitn(3, '\u{1f}');
                let (rule, path, text) = (parts.next(), parts.next(), parts.next());
                json!({"rule": rule, "path": path, "text": text, "count": n})
            })
            .collect();
        let doc = json!({"version": 1, "tool": "sitelint", "findings": entries});
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline `{}`: {e}", path.display()))?;
        let doc: Value = serde_json::from_str(&text)
            .map_err(|e| format!("baseline `{}` is not valid JSON: {e}", path.display()))?;
        if doc["version"] != 1 {
            return Err(format!(
                "baseline `{}` has an unknown version",
                path.display()
            ));
        }
        let mut counts = BTreeMap::new();
        for e in doc["findings"].as_array().into_iter().flatten() {
            let (Some(rule), Some(p), Some(t)) =
                (e["rule"].as_str(), e["path"].as_str(), e["text"].as_str())
            else {
                return Err(format!(
                    "baseline `{}` has a malformed entry: {e}",
                    path.display()
                ));
            };
            let n = e["count"].as_u64().unwrap_or(1) as usize;
            *counts
                .entry(format!("{rule}\u{1f}{p}\u{1f}{t}"))
                .or_default() += n;
        }
        Ok(Baseline { counts })
    }

    /// Keep only findings that are new relative to the baseline.
    pub fn filter(&self, diagnostics: &mut Vec<Diagnostic>) {
        let mut left = self.counts.clone();
        // the earliest occurrences are the known ones
        diagnostics.retain(|d| match left.get_mut(&diagnostic::key(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        });
    }
}
