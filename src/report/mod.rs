//! Printers: one module per output format. They read sorted diagnostics and
//! write them; they never decide what is a finding.

pub mod concise;
pub mod full;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod sarif;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with labels (miette); colour only on a terminal.
    Full,
    /// One line per finding: `path:line:col: severity[CODE] message`.
    Concise,
    /// One JSON document (see the README for its schema).
    Json,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// One self-contained HTML page for planning a clean-up.
    Html,
}

/// What a printer needs besides the diagnostics.
pub struct Run<'a> {
    /// The site root as the user named it.
    pub root: &'a Path,
    /// How many files were checked.
    pub files_checked: usize,
    /// Use colour (full format only).
    pub color: bool,
}

impl Run<'_> {
    /// A path a terminal or CI can open: the root joined with `rel`, or,
    /// when the user stands inside the site, relative to where they stand.
    pub fn display_path(&self, rel: &str) -> String {
        let root = self.root.to_string_lossy().replace('\\', "/");
        let root = root.trim_end_matches('/');
        if root.is_empty() || root == "." {
            rel.to_string()
        } else if let Some(path) = crate::app::from_cwd(root, rel) {
            path
        } else {
            format!("{root}/{rel}")
        }
    }
}

/// Counts per severity and per rule.
#[derive(Debug, Default)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files_with_findings: usize,
    pub by_rule: BTreeMap<&'static str, usize>,
    pub fixable: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic]) -> Summary {
        let mut s = Summary::default();
        let mut last_file: Option<&str> = None;
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
            *s.by_rule.entry(d.rule.code).or_default() += 1;
            if d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)
            {
                s.fixable += 1;
            }
            if last_file != Some(d.file.rel.as_str()) {
                s.files_with_findings += 1;
                last_file = Some(d.file.rel.as_str());
            }
        }
        s
    }

    /// "2 errors, 1 warning and 3 infos".
    pub fn counts(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let parts: Vec<String> = [
            (self.errors, "error"),
            (self.warnings, "warning"),
            (self.infos, "info"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| plural(*n, w))
        .collect();
        match parts.len() {
            0 => "no problems".into(),
            1 => parts[0].clone(),
            _ => format!(
                "{} and {}",
                parts[..parts.len() - 1].join(", "),
                parts[parts.len() - 1]
            ),
        }
    }
}

pub fn write(
    format: Format,
    run: &Run,
    diagnostics: &[Diagnostic],
    quiet: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Full => full::write(run, diagnostics, quiet, out),
        Format::Concise => concise::write(run, diagnostics, quiet, out),
        Format::Json => json::write(run, diagnostics, out),
        Format::Github => github::write(run, diagnostics, out),
        Format::Sarif => sarif::write(run, diagnostics, out),
        Format::Junit => junit::write(run, diagnostics, out),
        Format::Html => html::write(run, diagnostics, out),
    }
}

/// The closing line of the human formats.
pub fn summary_line(run: &Run, diagnostics: &[Diagnostic]) -> String {
    let s = Summary::of(diagnostics);
    let files = if run.files_checked == 1 {
        "file"
    } else {
        "files"
    };
    if diagnostics.is_empty() {
        return format!("No problems found in {} {files}.", run.files_checked);
    }
    let mut line = format!(
        "Found {} in {} of {} {files}.",
        s.counts(),
        s.files_with_findings,
        run.files_checked
    );
    if s.fixable > 0 {
        line.push_str(&format!(" {} fixable with `sitelint fix`.", s.fixable));
    }
    line
}

/// `--statistics`: counts per rule, most frequent first.
pub fn statistics(run: &Run, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let s = Summary::of(diagnostics);
    let mut rows: Vec<(&str, usize)> = s.by_rule.iter().map(|(k, v)| (*k, *v)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (code, n) in rows {
        let rule = crate::checks::find_rule(code);
        let name = rule.map_or("", |r| r.name);
        let fixable = diagnostics
            .iter()
            .filter(|d| {
                d.rule.code == code
                    && d.fix
                        .as_ref()
                        .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)
            })
            .count();
        let fix = if fixable > 0 {
            format!(" ({fixable} fixable)")
        } else {
            String::new()
        };
        writeln!(out, "{n:>6}  {code:<7} {name}{fix}")?;
    }
    writeln!(out, "{}", summary_line(run, diagnostics))
}
