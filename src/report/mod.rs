//! Printers: one module per output format. They read sorted diagnostics and
//! write them; they never decide what is a finding.

pub mod concise;
pub mod escape;
pub mod full;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
mod listed;
pub mod sarif;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use crate::diagnostic::{Applicability, Diagnostic, Severity};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A header line per finding and a window of its source; colour only
    /// on a terminal.
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
    /// Show info findings in the text formats (full, concise); otherwise
    /// they are only counted in the summary.
    pub show_infos: bool,
    /// The command that applies this run's fixes: `sitelint fix` with the
    /// paths and rule selection of the check (see [`fix_command`]).
    pub fix_command: String,
}

impl Run<'_> {
    /// A path a terminal or CI can open: the root joined with `rel`, or,
    /// when the user stands inside the site, relative to where they stand.
    pub fn display_path(&self, rel: &str) -> String {
        let root = self.root.to_string_lossy().replace('\\', "/");
        let root = root.trim_end_matches('/');
        if root.is_empty() || root == "." {
            rel.to_string()
        } else if let Some(path) = crate::engine::from_cwd(root, rel) {
            path
        } else {
            format!("{root}/{rel}")
        }
    }

    /// [`Run::display_path`] escaped for a terminal (see [`escape::text`]).
    pub fn shown_path(&self, rel: &str) -> String {
        escape::text(&self.display_path(rel)).into_owned()
    }

    /// Whether the text formats print `d`.
    pub fn shows(&self, d: &Diagnostic) -> bool {
        self.show_infos || d.severity > Severity::Info
    }
}

/// `sitelint fix` with the paths, `--select` and `--ignore` of a check, as
/// a POSIX shell reads it.
pub fn fix_command(args: &crate::cli::CheckArgs) -> String {
    let mut words = vec!["sitelint".to_string(), "fix".to_string()];
    for (flag, values) in [("--select", &args.select), ("--ignore", &args.ignore)] {
        if !values.is_empty() {
            words.push(flag.to_string());
            words.push(escape::shell_word(&values.join(",")));
        }
    }
    let paths: Vec<String> = args
        .paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if paths.iter().any(|p| p.starts_with('-')) {
        words.push("--".to_string());
    }
    words.extend(paths.iter().map(|p| escape::shell_word(p)));
    words.join(" ")
}

/// Counts per severity and per rule.
#[derive(Debug, Default)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files_with_findings: usize,
    pub by_rule: BTreeMap<&'static str, usize>,
    /// Findings with a safe fix (`sitelint fix` applies them).
    pub fixable: usize,
    /// Findings with an unsafe fix (only `--unsafe-fixes` applies them).
    pub unsafe_fixable: usize,
    /// Findings with a safe fix, by rule.
    pub fixable_by_rule: BTreeMap<&'static str, usize>,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic]) -> Summary {
        Summary::of_all(diagnostics)
    }

    /// The counts of `diagnostics`, sorted as printed.
    pub fn of_all<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Summary {
        let mut s = Summary::default();
        let mut last_file: Option<&str> = None;
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
            *s.by_rule.entry(d.rule.code).or_default() += 1;
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => {
                    s.fixable += 1;
                    *s.fixable_by_rule.entry(d.rule.code).or_default() += 1;
                }
                Some(Applicability::Unsafe) => s.unsafe_fixable += 1,
                _ => {}
            }
            if last_file != Some(d.file.rel.as_str()) {
                s.files_with_findings += 1;
                last_file = Some(d.file.rel.as_str());
            }
        }
        s
    }

    /// Add the counts of findings in other files (each file's findings
    /// are counted in one summary, so files are not counted twice).
    pub fn add(&mut self, other: Summary) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.files_with_findings += other.files_with_findings;
        self.fixable += other.fixable;
        self.unsafe_fixable += other.unsafe_fixable;
        for (code, n) in other.by_rule {
            *self.by_rule.entry(code).or_default() += n;
        }
        for (code, n) in other.fixable_by_rule {
            *self.fixable_by_rule.entry(code).or_default() += n;
        }
    }

    /// Whether a finding is at `severity` or above.
    pub fn reaches(&self, severity: Severity) -> bool {
        match severity {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.total() > 0,
        }
    }

    /// "2 errors, 1 warning and 3 infos".
    pub fn counts(&self) -> String {
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

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// "1 rule", "2 rules".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
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

/// Whether `format` shows the source text of findings (snippets, or the
/// SARIF fingerprint of the text found), not only their positions.
pub fn shows_text(format: Format) -> bool {
    matches!(format, Format::Full | Format::Sarif | Format::Html)
}

/// The counts the closing lines of the human formats need: of every
/// finding, and of those the text formats show.
#[derive(Debug, Default)]
pub struct Tally {
    pub all: Summary,
    pub shown: Summary,
}

impl Tally {
    pub fn of(run: &Run, diagnostics: &[Diagnostic]) -> Tally {
        Tally {
            all: Summary::of(diagnostics),
            shown: Summary::of_all(diagnostics.iter().filter(|d| run.shows(d))),
        }
    }

    /// Add the counts of findings in other files.
    pub fn add(&mut self, other: Tally) {
        self.all.add(other.all);
        self.shown.add(other.shown);
    }
}

/// The closing line of the human formats: the counts of what they show,
/// and of the infos they do not.
pub fn summary_line(run: &Run, tally: &Tally) -> String {
    let mut line = found_line(run, tally);
    if tally.all.fixable > 0 {
        line.push_str(&format!(
            " {} fixable with `sitelint fix`.",
            tally.all.fixable
        ));
    }
    line
}

/// "Found 2 errors in 1 of 3 files (and 4 infos, shown with
/// `--show-infos`)."
fn found_line(run: &Run, tally: &Tally) -> String {
    let shown = &tally.shown;
    let hidden = tally.all.total() - shown.total();
    let files = if run.files_checked == 1 {
        "file"
    } else {
        "files"
    };
    let hidden = if hidden > 0 {
        format!(" ({}, shown with `--show-infos`)", plural(hidden, "info"))
    } else {
        String::new()
    };
    if shown.total() == 0 {
        return format!(
            "No problems found in {} {files}{hidden}.",
            run.files_checked
        );
    }
    let hidden = hidden.replacen(" (", " (and ", 1);
    format!(
        "Found {} in {} of {} {files}{hidden}.",
        shown.counts(),
        shown.files_with_findings,
        run.files_checked
    )
}

/// How many rules the closing summary of the full format lists.
const TOP_RULES: usize = 10;

/// The closing summary of the full format: the counts of the findings
/// shown by rule (the most frequent ten), the totals, and the command that
/// fixes what can be fixed.
pub fn summary_block(run: &Run, tally: &Tally) -> String {
    let mut block = String::new();
    let s = &tally.shown;
    if s.total() > 0 {
        let mut rows: Vec<(&str, usize)> = s.by_rule.iter().map(|(k, v)| (*k, *v)).collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let rest: usize = rows.iter().skip(TOP_RULES).map(|r| r.1).sum();
        let width = rows[0].1.max(rest).to_string().len();
        block.push_str("Findings by rule:\n");
        for (code, n) in rows.iter().take(TOP_RULES) {
            let name = crate::checks::find_rule(code).map_or("", |r| r.name);
            let fix = fixable_note(s, code);
            block.push_str(&format!("  {n:>width$}  {code:<7} {name}{fix}\n"));
        }
        if rows.len() > TOP_RULES {
            let more = rows.len() - TOP_RULES;
            block.push_str(&format!(
                "  {rest:>width$}  in {more} more rule{}\n",
                if more == 1 { "" } else { "s" }
            ));
        }
    }
    block.push_str(&found_line(run, tally));
    block.push('\n');
    let all = &tally.all;
    let command = &run.fix_command;
    let unsafe_command = command.replacen(" fix", " fix --unsafe-fixes", 1);
    match (all.fixable, all.unsafe_fixable) {
        (0, 0) => {}
        (0, n) => block.push_str(&format!(
            "{n} fixable with `{unsafe_command}`: unsafe fixes can change meaning, so review them.\n"
        )),
        (n, 0) => block.push_str(&format!("{n} fixable with `{command}`.\n")),
        (n, u) => block.push_str(&format!(
            "{n} fixable with `{command}` ({u} more with `--unsafe-fixes`: they can change meaning, so review them).\n"
        )),
    }
    block
}

/// ` (N fixable)` for the findings of rule `code` with a safe fix, or
/// nothing when there are none (the summary's and `--statistics`' rows).
fn fixable_note(summary: &Summary, code: &str) -> String {
    match summary.fixable_by_rule.get(code) {
        Some(&fixable) if fixable > 0 => format!(" ({fixable} fixable)"),
        _ => String::new(),
    }
}

/// A printer given a run's findings a part at a time, in order (see
/// `engine::stream_loaded`), that writes each part and keeps only the
/// counts for its closing lines: the text formats, whose lines need
/// nothing from the findings after them, JSON, whose summary comes last,
/// and SARIF, which lists every rule, not only those found.
pub struct Streaming {
    format: Format,
    quiet: bool,
    tally: Tally,
    json: json::Parts,
    sarif: sarif::Parts,
}

impl Streaming {
    /// A printer for `format`, if it can write a part at a time.
    pub fn new(format: Format, quiet: bool) -> Option<Streaming> {
        matches!(
            format,
            Format::Full | Format::Concise | Format::Json | Format::Sarif
        )
        .then(|| Streaming {
            format,
            quiet,
            tally: Tally::default(),
            json: json::Parts::default(),
            sarif: sarif::Parts::default(),
        })
    }

    /// Write the findings of one part (sorted, after every finding of
    /// the parts before it).
    pub fn write(
        &mut self,
        run: &Run,
        diagnostics: &[Diagnostic],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        match self.format {
            Format::Full => full::lines(run, diagnostics, out)?,
            Format::Json => self.json.write(run, diagnostics, out)?,
            Format::Sarif => self.sarif.write(run, diagnostics, out)?,
            _ => concise::lines(run, diagnostics, out)?,
        }
        self.tally.add(Tally::of(run, diagnostics));
        Ok(())
    }

    /// The counts of everything written.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// The closing lines (`run.files_checked` is known by now).
    pub fn finish(&self, run: &Run, out: &mut dyn Write) -> io::Result<()> {
        // (`--quiet` leaves a JSON or SARIF document whole)
        match self.format {
            Format::Json => return self.json.finish(run, &self.tally.all, out),
            Format::Sarif => return self.sarif.finish(out),
            _ => {}
        }
        if self.quiet {
            return Ok(());
        }
        match self.format {
            Format::Full => out.write_all(summary_block(run, &self.tally).as_bytes()),
            _ => writeln!(out, "{}", summary_line(run, &self.tally)),
        }
    }
}

/// `--statistics`: counts per rule, most frequent first, infos included.
pub fn statistics(run: &Run, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let s = Summary::of(diagnostics);
    let mut rows: Vec<(&str, usize)> = s.by_rule.iter().map(|(k, v)| (*k, *v)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (code, n) in rows {
        let rule = crate::checks::find_rule(code);
        let name = rule.map_or("", |r| r.name);
        let fix = fixable_note(&s, code);
        writeln!(out, "{n:>6}  {code:<7} {name}{fix}")?;
    }
    let all = Run {
        show_infos: true,
        fix_command: String::new(),
        ..*run
    };
    writeln!(out, "{}", summary_line(&all, &Tally::of(&all, diagnostics)))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::*;
    use crate::diagnostic::Fix;
    use crate::text::source::SourceFile;

    /// The counts as a phrase, for every number of kinds present.
    #[test]
    fn counts_read_as_a_phrase() {
        let of = |errors, warnings, infos| {
            Summary {
                errors,
                warnings,
                infos,
                ..Summary::default()
            }
            .counts()
        };
        assert_eq!(of(0, 0, 0), "no problems");
        assert_eq!(of(0, 1, 0), "1 warning");
        assert_eq!(of(2, 0, 1), "2 errors and 1 info");
        assert_eq!(of(1, 2, 3), "1 error, 2 warnings and 3 infos");
    }

    /// The summary lists ten rules and counts the rest in one row, which
    /// exists only when there is a rest.
    #[test]
    fn summary_lists_ten_rules_then_the_rest() {
        let file = Arc::new(SourceFile::new("a.md", "a.md", "text".into()));
        let codes: Vec<&str> = crate::checks::all_rules()
            .iter()
            .map(|r| r.code)
            .filter(|c| c.starts_with("LNK"))
            .take(11)
            .collect();
        let of = |n: usize| {
            let diagnostics: Vec<Diagnostic> = codes[..n]
                .iter()
                .map(|c| {
                    let rule = crate::checks::find_rule(c).unwrap();
                    Diagnostic::new(rule, &file, 0..1, "m")
                })
                .collect();
            summary_block(&run(), &Tally::of(&run(), &diagnostics))
        };
        let ten = of(10);
        assert_eq!(
            ten.lines().filter(|l| l.starts_with("  1  LNK")).count(),
            10,
            "{ten}"
        );
        assert!(!ten.contains("more rule"), "{ten}");
        let eleven = of(11);
        assert_eq!(
            eleven.lines().filter(|l| l.starts_with("  1  LNK")).count(),
            10,
            "{eleven}"
        );
        assert!(eleven.contains("\n  1  in 1 more rule\n"), "{eleven}");
    }

    /// Text built from the pieces that stress a printer: line breaks of
    /// three kinds, tabs, terminal escapes, markup and property characters,
    /// wide, combining and invisible characters.
    pub fn hostile(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just(" "),
                Just("\n"),
                Just("\r\n"),
                Just("\r"),
                Just("\t"),
                Just("\u{1b}]0;X\u{7}"),
                Just("\u{9b}"),
                Just("::error file=x::"),
                Just("%0A,:"),
                Just("<&\"'>"),
                Just("`"),
                Just("日本"),
                Just("e\u{301}"),
                Just("\u{200b}"),
                Just("\u{202e}"),
                Just("\u{feff}"),
                Just("\u{fffe}"),
                Just("word "),
            ],
            0..max,
        )
        .prop_map(|v| v.concat())
    }

    fn run() -> Run<'static> {
        Run {
            root: Path::new("site"),
            files_checked: 3,
            color: false,
            show_infos: true,
            fix_command: "sitelint fix site".into(),
        }
    }

    fn raw_control(s: &str) -> bool {
        s.chars().any(|c| c != '\n' && escape::is_escaped(c))
    }

    fn xml_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn no_format_can_be_hijacked(
            name in hostile(6),
            text in hostile(40),
            message in hostile(8),
            help in proptest::option::of(hostile(8)),
            label in proptest::option::of((0usize..400, 0usize..60, hostile(4))),
            start in 0usize..400,
            len in 0usize..60,
        ) {
            let rule = crate::checks::find_rule("FM001").unwrap();
            let file = Arc::new(SourceFile::new(format!("{name}.md"), "x.md", text));
            let mut d = Diagnostic::new(rule, &file, start..start + len, message)
                .fix(Fix::safe("Do `it`", Vec::new()));
            if let Some(help) = help {
                d = d.help(help);
            }
            if let Some((at, len, message)) = label {
                d = d.label(at..at + len, message);
            }
            let diagnostics = vec![d.clone(), d.severity(Severity::Info)];
            let mut outputs = Vec::new();
            for format in [Format::Full, Format::Concise, Format::Json, Format::Github, Format::Sarif, Format::Junit, Format::Html] {
                let mut out = Vec::new();
                write(format, &run(), &diagnostics, false, &mut out).unwrap();
                outputs.push((format, String::from_utf8(out).unwrap()));
            }
            for (format, out) in &outputs {
                match format {
                    Format::Full | Format::Concise | Format::Github | Format::Html => {
                        prop_assert!(!raw_control(out), "{format:?}: {out:?}");
                    }
                    Format::Junit => prop_assert!(out.chars().all(xml_char), "{out:?}"),
                    Format::Json | Format::Sarif => {
                        let v: serde_json::Value = serde_json::from_str(out).unwrap();
                        if *format == Format::Sarif {
                            let uri = v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
                            prop_assert!(uri.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)), "{uri}");
                        }
                    }
                }
                match format {
                    Format::Concise => prop_assert_eq!(out.lines().count(), 3),
                    Format::Github => {
                        prop_assert_eq!(out.lines().count(), 2);
                        prop_assert!(out.lines().all(|l| l.starts_with("::error file=") || l.starts_with("::notice file=")));
                    }
                    Format::Full => {
                        let header = format!("{}:", run().shown_path(&file.rel));
                        for line in out.lines() {
                            let w = unicode_width::UnicodeWidthStr::width(line);
                            prop_assert!(w <= full::DEFAULT_WIDTH || line.starts_with(&header), "{w}: {line:?}");
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}
