//! `--format github`: workflow commands that GitHub Actions turns into
//! annotations on the pull request's diff.
//!
//! GitHub shows at most 10 error, 10 warning and 10 notice annotations per
//! step (50 per job), the first ones printed; the rest stay in the log
//! only. So the findings most worth a reviewer's eye come first: those on
//! lines the change touched (with `--changed-since`), then errors, then
//! warnings, then the rest; a closing notice counts what GitHub will not
//! show. Where the environment names a step summary file
//! (`GITHUB_STEP_SUMMARY`), a Markdown table of counts by rule and the
//! first findings is appended to it.

use std::io::{self, Write};

use super::{Run, escape};
use crate::diagnostic::{Diagnostic, Severity};

/// GitHub's limit of annotations of one kind in one step.
pub const PER_STEP: usize = 10;
/// GitHub's limit of annotations in one job.
pub const PER_JOB: usize = 50;
/// How many findings the step summary lists.
const SUMMARY_ROWS: usize = 20;

/// A workflow command's data: `%`, CR and LF as the runner decodes them,
/// the other characters [`escape::text`] picks as `\u{…}` (no ESC reaches
/// the log).
fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if escape::is_escaped(c) => out.push_str(&escape::escaped(c)),
            c => out.push(c),
        }
    }
    out
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Whether a finding is on a line the change touched: `(file, line)`.
pub type Touched<'a> = &'a dyn Fn(&str, usize) -> bool;

/// The order findings are printed in: touched lines first, then by
/// severity (errors first), each group in the usual order.
fn order<'d>(diagnostics: &'d [Diagnostic], touched: Option<Touched>) -> Vec<&'d Diagnostic> {
    let mut ordered: Vec<(bool, &Diagnostic)> = diagnostics
        .iter()
        .map(|d| {
            let on_change =
                touched.is_some_and(|t| t(&d.file.rel, d.file.line_col(d.span.start).0));
            (on_change, d)
        })
        .collect();
    // stable: the usual order (by file and position) within each group
    ordered.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.severity.cmp(&a.1.severity)));
    ordered.into_iter().map(|(_, d)| d).collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// How many of these annotations GitHub will not show: past 10 of a kind
/// in the step, or past 50 in all.
fn hidden(diagnostics: &[&Diagnostic]) -> usize {
    let mut per_kind = [0usize; 3];
    let mut shown = 0;
    for d in diagnostics {
        let n = &mut per_kind[d.severity as usize];
        *n += 1;
        if *n <= PER_STEP && shown < PER_JOB {
            shown += 1;
        }
    }
    diagnostics.len() - shown
}

pub fn write(run: &Run, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    write_ordered(run, diagnostics, None, out)
}

/// [`write`], with the findings on lines the change touched first, and the
/// step summary where `GITHUB_STEP_SUMMARY` names a file.
pub fn write_ordered(
    run: &Run,
    diagnostics: &[Diagnostic],
    touched: Option<Touched>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let ordered = order(diagnostics, touched);
    write_commands(run, &ordered, out)?;
    let hidden = hidden(&ordered);
    if hidden > 0 {
        writeln!(
            out,
            "::notice title=sitelint::{}",
            escape_data(&hidden_note(hidden, ordered.len()))
        )?;
    }
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        file.write_all(step_summary(run, diagnostics, &ordered, hidden).as_bytes())?;
    }
    Ok(())
}

fn hidden_note(hidden: usize, total: usize) -> String {
    format!(
        "GitHub shows at most {PER_STEP} error, {PER_STEP} warning and {PER_STEP} notice annotations per step \
         ({PER_JOB} per job): {hidden} of {total} findings are not annotated. All are in this step's log \
         (and its summary); run `sitelint check` to see them with context."
    )
}

/// A Markdown table cell: text from the site cannot make markup, links,
/// images or HTML there.
fn md_cell(s: &str) -> String {
    let s = escape::text(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '`' => out.push_str("&#96;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '*' | '_' | '~' | '\\' | '#' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn step_summary(run: &Run, all: &[Diagnostic], ordered: &[&Diagnostic], hidden: usize) -> String {
    use std::fmt::Write as _;
    let mut s = String::from("## sitelint\n\n");
    let summary = super::Summary::of(all);
    if ordered.is_empty() {
        s.push_str("No problems found.\n\n");
        return s;
    }
    let _ = writeln!(s, "Found {}.\n", summary.counts());
    s.push_str("| Rule | Name | Findings |\n|---|---|---:|\n");
    let mut rows: Vec<(&str, usize)> = summary.by_rule.iter().map(|(k, v)| (*k, *v)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (code, n) in rows {
        let name = ordered
            .iter()
            .find(|d| d.rule.code == code)
            .map_or("", |d| d.rule.name);
        let _ = writeln!(s, "| {} | {} | {n} |", md_cell(code), md_cell(name));
    }
    let first = ordered.len().min(SUMMARY_ROWS);
    let _ = writeln!(
        s,
        "\n{} finding{}:\n",
        if first == ordered.len() {
            "The"
        } else {
            "The first"
        },
        if first == 1 { "" } else { "s" }
    );
    s.push_str("| File | Line | Severity | Rule | Message |\n|---|---:|---|---|---|\n");
    for d in &ordered[..first] {
        let (line, _) = d.file.line_col(d.span.start);
        let _ = writeln!(
            s,
            "| {} | {line} | {} | {} | {} |",
            md_cell(&run.display_path(&d.file.rel)),
            d.severity,
            md_cell(d.rule.code),
            md_cell(&d.message)
        );
    }
    if hidden > 0 {
        let _ = writeln!(s, "\n{}", md_cell(&hidden_note(hidden, ordered.len())));
    }
    s.push('\n');
    s
}

fn write_commands(run: &Run, diagnostics: &[&Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in diagnostics {
        let level = level(d.severity);
        let (line, col) = d.file.line_col(d.span.start);
        let (end_line, end_col) = d.file.line_col(d.span.end);
        let mut message = escape::text(&d.message).into_owned();
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(&escape::text(help));
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
