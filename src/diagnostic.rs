//! The one diagnostic model every check produces and every printer reads.
//!
//! Spans are byte ranges into the original file text. Line and column are
//! only computed when printing (see [`crate::text::source::SourceFile`]).

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::text::source::SourceFile;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Shown to the user, never applied.
    DisplayOnly,
    /// Applied only with `--unsafe-fixes`: it may change meaning.
    Unsafe,
    /// Applied by `sitelint fix`: it keeps the author's intent.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Which fixes a rule can offer, for its documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    None,
    Safe,
    Unsafe,
    /// Safe in some cases, unsafe in others.
    Sometimes,
}

impl FixKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
            FixKind::Sometimes => "sometimes",
        }
    }
}

/// A rule's metadata: the single source of truth for `sitelint rules`,
/// `sitelint explain` and the README's rule table.
#[derive(Debug)]
pub struct Rule {
    /// Family prefix plus three digits, e.g. `FM001`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `unclosed-front-matter`.
    pub name: &'static str,
    pub severity: Severity,
    pub fix: FixKind,
    /// One line, present tense.
    pub summary: &'static str,
    /// Markdown under the headings `## What it does`, `## Why is this bad?`
    /// and `## Example`.
    pub doc: &'static str,
}

impl Rule {
    pub fn family(&self) -> &'static str {
        let end = self
            .code
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(self.code.len());
        &self.code[..end]
    }
}

/// One byte-range replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Edit {
        Edit::replace(range, "")
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(at..at, text)
    }
}

/// A set of edits that together repair one finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// Imperative title, e.g. "Replace `-------` with `---`".
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            title: title.into(),
            edits,
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            title: title.into(),
            edits,
        }
    }
}

/// A secondary location shown beside the primary span.
#[derive(Clone, Debug)]
pub struct Label {
    pub span: Range<usize>,
    pub message: String,
}

/// A finding: what is wrong, where, and how to repair it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static Rule,
        file: &Arc<SourceFile>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let span = file.clamp(span);
        Diagnostic {
            rule,
            severity: rule.severity,
            file: Arc::clone(file),
            span,
            message: message.into(),
            help: None,
            labels: Vec::new(),
            fix: None,
        }
    }

    /// Move a finding made on a file whose text was dropped to `file`,
    /// the same file read again (see `site::Document::read_again`): its
    /// spans, kept as given, are clamped to the text now.
    pub fn rehome(&mut self, file: &Arc<SourceFile>) {
        self.file = Arc::clone(file);
        self.span = file.clamp(self.span.clone());
        for label in &mut self.labels {
            label.span = file.clamp(label.span.clone());
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let span = self.file.clamp(span);
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    pub fn severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }
}

/// The order findings are printed in: path, position, rule code, then
/// message. A stable sort on all threads, so that output never depends on
/// thread scheduling.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    use rayon::slice::ParallelSliceMut;
    diagnostics.par_sort_by(|a, b| by_place(a, b).then_with(|| a.message.cmp(&b.message)));
}

/// Findings by place: path (compared only when the two name different
/// files, unlike most pairs a sort compares), start, end, then rule code.
pub fn by_place(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    let file = if Arc::ptr_eq(&a.file, &b.file) {
        std::cmp::Ordering::Equal
    } else {
        a.file.rel.cmp(&b.file.rel)
    };
    file.then(a.span.start.cmp(&b.span.start))
        .then(a.span.end.cmp(&b.span.end))
        .then(a.rule.code.cmp(b.rule.code))
}

/// A key for a finding that survives unrelated edits: the rule, the file,
/// and the offending text (or the message when the span is empty), not the
/// line number. Used by baselines and SARIF fingerprints.
pub fn key(d: &Diagnostic) -> String {
    let text = &d.file.text[d.span.clone()];
    let what = if text.trim().is_empty() {
        d.message.as_str()
    } else {
        text
    };
    format!("{}\u{1f}{}\u{1f}{}", d.rule.code, d.file.rel, what)
}

/// A 64-bit FNV-1a hash, hex: stable across runs and platforms.
pub fn stable_hash(s: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}
