//! `--format full` (the default): each finding as its concise line, then a
//! window of its source as rustc and ruff print it (the line of the span and
//! the line of its label, each cut to the output's width around the span
//! with an ellipsis), then its help and fix; at the end, a summary with the
//! counts by rule and the command that fixes what can be fixed.
//!
//! Example (the window is at most two source lines, each with its markers):
//!
//! ```text
//! site/_config.yml:5:1: warning[CFG001] Key `permalink` is written more than once in `_config.yml`
//!   5 | permalink: /:year/:month/:day/:title/
//!     | ^^^^^^^^^
//!  23 | permalink: pretty
//!     | --------- this later value is the one Jekyll uses
//!     = help: Remove one of the `permalink` keys; Jekyll ignores this one
//! ```

use std::io::{self, IsTerminal, Write};
use std::ops::Range;

use rayon::prelude::*;
use unicode_width::UnicodeWidthChar;

use super::{Run, Tally, escape, summary_block};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::text::source::SourceFile;

/// The width of the output when stdout is not a terminal.
pub const DEFAULT_WIDTH: usize = 160;
/// The narrowest width laid out (a narrower terminal wraps the lines).
const MIN_WIDTH: usize = 40;
/// The columns a tab takes in a source line.
const TAB: usize = 4;
/// At most this many source lines per finding: the span's and its label's.
const MAX_ROWS: usize = 2;

/// The terminal's width, or [`DEFAULT_WIDTH`] when stdout is not one.
fn output_width() -> usize {
    if std::io::stdout().is_terminal() {
        terminal_size::terminal_size()
            .map_or(DEFAULT_WIDTH, |(w, _)| usize::from(w.0))
            .max(MIN_WIDTH)
    } else {
        DEFAULT_WIDTH
    }
}

pub fn write(
    run: &Run,
    diagnostics: &[Diagnostic],
    quiet: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    lines(run, diagnostics, out)?;
    if !quiet {
        out.write_all(summary_block(run, &Tally::of(run, diagnostics)).as_bytes())?;
    }
    Ok(())
}

/// Each finding with its window of source, without the closing summary.
pub fn lines(run: &Run, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let layout = Layout {
        width: output_width(),
        color: run.color,
    };
    let shown: Vec<&Diagnostic> = diagnostics.iter().filter(|d| run.shows(d)).collect();
    // Render a chunk in parallel, then write it out in order.
    for chunk in shown.chunks(256) {
        let rendered: Vec<String> = chunk.par_iter().map(|d| render(run, &layout, d)).collect();
        for r in rendered {
            out.write_all(r.as_bytes())?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// How the output is laid out.
struct Layout {
    /// No line is wider than this (in terminal columns).
    width: usize,
    /// Colour with ANSI escapes.
    color: bool,
}

impl Layout {
    /// `text` in the SGR style `style` when colour is on.
    fn paint(&self, style: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{style}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

const BOLD: &str = "1";
const GUTTER: &str = "1;34";
const NOTE: &str = "1;36";
const DIM: &str = "2";

fn severity_style(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

/// Display width of text that holds no control character.
fn width_of(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` cut to at most `max` columns, with `…` where it is cut.
fn fit(s: &str, max: usize) -> String {
    if width_of(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// One finding, ending with a line break.
fn render(run: &Run, layout: &Layout, d: &Diagnostic) -> String {
    let mut out = header(run, layout, d);
    out.push('\n');
    let rows = rows(d);
    let digits = rows
        .iter()
        .map(|r| (r.line + 1).to_string().len())
        .max()
        .unwrap_or(1);
    let avail = layout.width.saturating_sub(digits + 4).max(10);
    let blank_gutter = layout.paint(GUTTER, &format!(" {:digits$} |", ""));
    for row in &rows {
        let style = severity_style(d.severity);
        let (source, markers) = draw_row(&d.file, row, avail, layout, style);
        let number = layout.paint(GUTTER, &format!(" {:>digits$} |", row.line + 1));
        out.push_str(&format!("{number} {source}\n"));
        out.push_str(&blank_gutter);
        if !markers.is_empty() {
            out.push(' ');
            out.push_str(&markers);
        }
        out.push('\n');
    }
    let indent = format!(" {:digits$} ", "");
    let mut notes: Vec<(&str, String)> = Vec::new();
    if let Some(help) = &d.help {
        notes.push(("help", escape::text(help).into_owned()));
    }
    if let Some(fix) = &d.fix {
        let kind = match fix.applicability {
            Applicability::Safe => "safe fix",
            Applicability::Unsafe => "unsafe fix",
            Applicability::DisplayOnly => "suggestion",
        };
        notes.push((kind, escape::text(&fix.title).into_owned()));
    }
    for (kind, text) in notes {
        let first = width_of(&indent) + 2 + width_of(kind) + 2;
        let rest = " ".repeat(first);
        let lines = wrap(&text, layout.width.saturating_sub(first));
        for (i, line) in lines.into_iter().enumerate() {
            if i == 0 {
                out.push_str(&format!("{indent}= {}: {line}\n", layout.paint(NOTE, kind)));
            } else {
                out.push_str(&format!("{rest}{line}\n"));
            }
        }
    }
    out
}

/// The concise line, `path:line:col: severity[CODE] message`, made to fit
/// the width: the quotations in the message shortened, or else the
/// message on a line of its own.
fn header(run: &Run, layout: &Layout, d: &Diagnostic) -> String {
    let (line, col) = d.file.line_col(d.span.start);
    let at = format!("{}:{line}:{col}:", run.shown_path(&d.file.rel));
    let what = format!("{}[{}]", d.severity, d.rule.code);
    let what_width = width_of(&what);
    let message = escape::text(&d.message);
    let fixed = width_of(&at) + 1 + what_width + 1;
    let at = layout.paint(BOLD, &at);
    let what = layout.paint(severity_style(d.severity), &what);
    let room = layout.width.saturating_sub(fixed);
    let short = shorten_quotes(&message, room);
    if width_of(&short) <= room {
        return format!("{at} {what} {short}");
    }
    // The path leaves too little room: the message goes on a line of its
    // own (the path is never cut: it is what a terminal or editor opens),
    // and the severity with it when the path leaves no room for that
    // either.
    let room = layout.width - MESSAGE_INDENT.len();
    if fixed - 1 <= layout.width {
        let short = shorten_quotes(&message, room);
        return format!("{at} {what}\n{MESSAGE_INDENT}{}", fit(&short, room));
    }
    let room = room.saturating_sub(what_width + 1);
    let short = shorten_quotes(&message, room);
    format!("{at}\n{MESSAGE_INDENT}{what} {}", fit(&short, room))
}

/// The indentation of a message too long for the header's line.
const MESSAGE_INDENT: &str = "    ";

/// A quotation is never shortened below this many columns.
const MIN_QUOTE: usize = 24;

/// `message` made to fit `max` columns by shortening the text it quotes
/// in backticks (the longest first, to no less than [`MIN_QUOTE`]
/// columns, keeping both ends: the window below shows it whole), so that
/// the message's own words stay.
fn shorten_quotes(message: &str, max: usize) -> String {
    let mut parts: Vec<String> = message.split('`').map(String::from).collect();
    let mut excess = width_of(message).saturating_sub(max);
    // Quoted parts are the odd ones, when the backticks pair up.
    let quoted = if parts.len() % 2 == 1 {
        parts.len() / 2
    } else {
        0
    };
    while excess > 0 && quoted > 0 {
        let Some(i) = (0..quoted)
            .map(|k| 2 * k + 1)
            .filter(|&i| width_of(&parts[i]) > MIN_QUOTE)
            .max_by_key(|&i| (width_of(&parts[i]), std::cmp::Reverse(i)))
        else {
            break;
        };
        let w = width_of(&parts[i]);
        let target = w.saturating_sub(excess).max(MIN_QUOTE);
        let short = middle_out(&parts[i], target);
        excess = excess.saturating_sub(w - width_of(&short));
        parts[i] = short;
    }
    parts.join("`")
}

/// `s` cut to `max` columns by replacing its middle with `…`.
fn middle_out(s: &str, max: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let keep = max.saturating_sub(1);
    let mut head = String::new();
    let mut w = 0;
    for &c in &chars {
        let cw = c.width().unwrap_or(0);
        if w + cw > keep.div_ceil(2) {
            break;
        }
        head.push(c);
        w += cw;
    }
    let mut tail: Vec<char> = Vec::new();
    for &c in chars.iter().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > keep {
            break;
        }
        tail.push(c);
        w += cw;
    }
    tail.reverse();
    format!("{head}…{}", tail.into_iter().collect::<String>())
}

/// Lines of `text` no wider than `max` columns, broken at spaces (a word
/// wider than `max` is cut).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && width_of(&line) + 1 + width_of(word) > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        let mut word = word;
        while width_of(&line) + width_of(word) > max {
            // Only a word wider than a whole line gets here.
            let room = max.saturating_sub(width_of(&line));
            let mut cut = 0;
            let mut w = 0;
            for (i, c) in word.char_indices() {
                let cw = c.width().unwrap_or(0);
                if w + cw > room {
                    break;
                }
                w += cw;
                cut = i + c.len_utf8();
            }
            if cut == 0 && line.is_empty() {
                // A character wider than the line: take it anyway.
                cut = word.chars().next().map_or(word.len(), char::len_utf8);
            }
            line.push_str(&word[..cut]);
            lines.push(std::mem::take(&mut line));
            word = &word[cut..];
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A span to mark in a source line: the finding's own (`^`) or a label's
/// (`-`, with its message).
struct Mark<'a> {
    span: Range<usize>,
    primary: bool,
    message: Option<&'a str>,
}

/// One source line of the window (0-based) and what is marked on it.
struct Row<'a> {
    line: usize,
    marks: Vec<Mark<'a>>,
}

/// The 0-based line holding byte `offset`.
fn line_of(file: &SourceFile, offset: usize) -> usize {
    file.starts()
        .partition_point(|&s| s <= offset)
        .saturating_sub(1)
}

/// The source lines to show: the span's first line, then its label's line
/// when that is another one; none for an empty file.
fn rows(d: &Diagnostic) -> Vec<Row<'_>> {
    let mut rows: Vec<Row> = Vec::new();
    if d.file.text.is_empty() {
        return rows;
    }
    let primary = Mark {
        span: d.span.clone(),
        primary: true,
        message: None,
    };
    let labels = d.labels.iter().map(|l| Mark {
        span: l.span.clone(),
        primary: false,
        message: Some(l.message.as_str()),
    });
    for mark in std::iter::once(primary).chain(labels) {
        let line = line_of(&d.file, mark.span.start);
        if let Some(row) = rows.iter_mut().find(|r| r.line == line) {
            row.marks.push(mark);
        } else if rows.len() < MAX_ROWS {
            rows.push(Row {
                line,
                marks: vec![mark],
            });
        }
    }
    rows.sort_by_key(|r| r.line);
    rows
}

/// How a character of a source line is shown.
#[derive(Clone, Copy)]
enum Shown {
    /// As itself.
    Same(char),
    /// A tab, as spaces.
    Tab,
    /// As `\u{…}` (see [`escape::is_escaped`]).
    Escaped(char),
    /// The position just past the line's last character.
    End,
}

/// A character of a source line and the columns it takes.
#[derive(Clone, Copy)]
struct Cell {
    at: usize,
    width: usize,
    shown: Shown,
}

fn cell(at: usize, c: char) -> Cell {
    let (width, shown) = if c == '\t' {
        (TAB, Shown::Tab)
    } else if escape::is_escaped(c) {
        (escape::escaped(c).len(), Shown::Escaped(c))
    } else {
        (c.width().unwrap_or(0), Shown::Same(c))
    };
    Cell { at, width, shown }
}

/// A source line, cut to `avail` columns around its primary mark (or its
/// first mark), and the line of markers under it.
fn draw_row(
    file: &SourceFile,
    row: &Row,
    avail: usize,
    layout: &Layout,
    primary_style: &str,
) -> (String, String) {
    let text = file.text.as_str();
    let mut line = file.line_range(row.line + 1);
    if row.line == 0 && file.has_bom() {
        line.start = line.start.max('\u{feff}'.len_utf8()).min(line.end);
    }
    let focus = row
        .marks
        .iter()
        .find(|m| m.primary)
        .unwrap_or(&row.marks[0]);
    let clamp = |o: usize| o.clamp(line.start, line.end);
    let from = clamp(focus.span.start);
    // Only the characters within `avail` columns of `from` can be shown,
    // however long the line.
    let mut cells: Vec<Cell> = Vec::new();
    let mut w = 0;
    let mut at_start = true;
    for (i, c) in text[line.start..from].char_indices().rev() {
        if w > avail {
            at_start = false;
            break;
        }
        let c = cell(line.start + i, c);
        w += c.width;
        cells.push(c);
    }
    cells.reverse();
    let mut w = 0;
    let mut at_end = true;
    for (i, c) in text[from..line.end].char_indices() {
        if w > avail {
            at_end = false;
            break;
        }
        let c = cell(from + i, c);
        w += c.width;
        cells.push(c);
    }
    if at_end {
        // A mark at the end of the line (an empty span there, or a span
        // on the line break) needs a column.
        let needed = row.marks.iter().any(|m| clamp(m.span.start) == line.end);
        cells.push(Cell {
            at: line.end,
            width: usize::from(needed),
            shown: Shown::End,
        });
    }
    let n = cells.len();
    let mut pos = Vec::with_capacity(n + 1);
    pos.push(0);
    for c in &cells {
        pos.push(pos[pos.len() - 1] + c.width);
    }
    let index = |o: usize| cells.partition_point(|c| c.at < o);
    let fs = index(from).min(n.saturating_sub(1));
    let fe = index(clamp(focus.span.end)).clamp(fs + 1, n);
    let (a, b) = window(&pos, fs, fe, avail, at_start, at_end);
    let lead = a > 0 || !at_start;
    let trail = b < n || !at_end;

    let mut source = String::new();
    if lead {
        source.push('…');
    }
    for c in &cells[a..b] {
        match c.shown {
            Shown::Same(ch) => source.push(ch),
            Shown::Tab => source.push_str(&" ".repeat(TAB)),
            Shown::Escaped(ch) => source.push_str(&layout.paint(DIM, &escape::escaped(ch))),
            Shown::End => {}
        }
    }
    if trail {
        source.push('…');
    }

    // The marker line's columns, from the start of the shown text.
    let shift = usize::from(lead);
    let mut columns: Vec<char> = Vec::new();
    let mut draw = |cells: Range<usize>, ch: char| {
        if cells.start > b || cells.end < a {
            return;
        }
        let (s, e) = (cells.start.max(a), cells.end.min(b));
        let from = pos[s] - pos[a] + shift;
        let mut to = pos[e] - pos[a] + shift;
        if to == from {
            if cells.start < a {
                return;
            }
            // A span with no width (empty, or of zero-width characters).
            to = from + 1;
        }
        if columns.len() < to {
            columns.resize(to, ' ');
        }
        for col in &mut columns[from..to] {
            *col = ch;
        }
    };
    let cells_of = |m: &Mark| {
        let s = index(clamp(m.span.start));
        s..index(clamp(m.span.end)).max(s)
    };
    for m in row.marks.iter().filter(|m| !m.primary) {
        draw(cells_of(m), '-');
    }
    for m in row.marks.iter().filter(|m| m.primary) {
        draw(cells_of(m), '^');
    }
    // A mark past the last shown column (an empty span at the end of a
    // line that exactly fills the width) would overflow it: draw the row
    // again one column narrower, so the window makes room for it.
    if columns.len() > avail && avail > 1 {
        return draw_row(file, row, avail - 1, layout, primary_style);
    }
    let messages: Vec<String> = row
        .marks
        .iter()
        .filter_map(|m| m.message)
        .map(|m| escape::text(m).into_owned())
        .collect();
    let message = messages.join("; ");
    if !message.is_empty() {
        // Leave the labels' message some room after the markers, but keep
        // the primary span's.
        let room = width_of(&message).min(MIN_QUOTE) + 1;
        let primary_end = columns.iter().rposition(|&c| c == '^').map_or(0, |i| i + 1);
        columns.truncate(avail.saturating_sub(room).max(primary_end));
    }
    let markers = columns.iter().collect::<String>().trim_end().to_string();
    let style = if row.marks.iter().any(|m| m.primary) {
        primary_style
    } else {
        GUTTER
    };
    let mut marker_line = layout.paint(style, &markers);
    let used = width_of(&markers) + usize::from(!markers.is_empty());
    let room = avail.saturating_sub(used);
    if !message.is_empty() && room >= 2 {
        let message = fit(&shorten_quotes(&message, room), room);
        if !markers.is_empty() {
            marker_line.push(' ');
        }
        marker_line.push_str(&layout.paint(GUTTER, &message));
    }
    (source, marker_line)
}

/// The cells `a..b` to show, given the columns where each cell starts
/// (`pos`, one more than the cells), the cells to focus on (`fs..fe`, not
/// empty), the columns available (a `…` takes one at each end where the
/// line is cut), and whether the cells reach the line's start and end.
fn window(
    pos: &[usize],
    fs: usize,
    fe: usize,
    avail: usize,
    at_start: bool,
    at_end: bool,
) -> (usize, usize) {
    let n = pos.len() - 1;
    if at_start && at_end && pos[n] <= avail {
        return (0, n);
    }
    let inner = avail.saturating_sub(2);
    let focus = pos[fe] - pos[fs];
    let mut a = fs;
    let mut b = fs;
    if focus >= inner {
        // Show as much of the span as fits, from its start.
        while b < n && pos[b + 1] - pos[a] <= inner {
            b += 1;
        }
        return (a, b.max(fs + 1).min(n));
    }
    let left = (inner - focus) / 2;
    while a > 0 && pos[fs] - pos[a - 1] <= left {
        a -= 1;
    }
    b = fe;
    while b < n && pos[b + 1] - pos[a] <= inner {
        b += 1;
    }
    if b == n && at_end {
        // No `…` at the end: the room goes to the left.
        while a > 0 && pos[n] - pos[a - 1] < avail {
            a -= 1;
        }
    } else if a == 0 && at_start {
        // No `…` at the start: the room goes to the right.
        while b < n && pos[b + 1] < avail {
            b += 1;
        }
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Fix;

    static RULE: crate::diagnostic::Rule = crate::diagnostic::Rule {
        code: "TST001",
        name: "test-rule",
        severity: Severity::Warning,
        fix: crate::diagnostic::FixKind::None,
        summary: "",
        doc: "",
    };

    fn finding(text: &str, span: Range<usize>) -> Diagnostic {
        let file = Arc::new(SourceFile::new("a.md", "a.md", text.to_string()));
        Diagnostic::new(&RULE, &file, span, "Message")
    }

    fn show(d: &Diagnostic, width: usize) -> String {
        let run = Run {
            root: Path::new("site"),
            files_checked: 1,
            color: false,
            show_infos: false,
            fix_command: "sitelint fix site".into(),
        };
        let layout = Layout {
            width,
            color: false,
        };
        render(&run, &layout, d)
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let d = finding("---\ntitle: x\n---\nsee [it](/nowhere) here\n", 26..34);
        assert_eq!(
            show(&d, 160),
            "site/a.md:4:10: warning[TST001] Message\n 4 | see [it](/nowhere) here\n   |          ^^^^^^^^\n"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line = format!("{}[x](/target){}", "a".repeat(500), "b".repeat(500));
        let out = show(&finding(&line, 504..511), 60);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        for l in &lines {
            assert!(width_of(l) <= 60, "too wide: {l:?}");
        }
        assert!(lines[1].starts_with(" 1 | …aaaa"), "{out}");
        assert!(lines[1].ends_with("bbbb…"), "{out}");
        let col = lines[1].find("/target").unwrap();
        // `…` is three bytes and one column.
        assert_eq!(lines[2].find('^').unwrap(), col - 2, "{out}");
        assert_eq!(lines[2].matches('^').count(), "/target".len(), "{out}");
    }

    #[test]
    fn a_span_near_either_end_of_a_long_line_keeps_that_end() {
        let line = format!("xy{}", "a".repeat(300));
        let out = show(&finding(&line, 0..2), 50);
        let source = out.lines().nth(1).unwrap();
        assert!(source.starts_with(" 1 | xyaaa"), "{out}");
        assert!(source.ends_with('…'), "{out}");
        assert_eq!(width_of(source), 50, "{out}");
        let out = show(&finding(&line, 300..302), 50);
        let source = out.lines().nth(1).unwrap();
        assert!(source.starts_with(" 1 | …aaa"), "{out}");
        assert!(source.ends_with("aa"), "{out}");
        assert_eq!(width_of(source), 50, "{out}");
        assert!(out.lines().nth(2).unwrap().ends_with("^^"), "{out}");
        assert_eq!(width_of(out.lines().nth(2).unwrap()), 50, "{out}");
    }

    #[test]
    fn a_span_wider_than_the_line_starts_at_the_span() {
        let line = format!("{}{}", "a".repeat(100), "b".repeat(300));
        let out = show(&finding(&line, 100..400), 50);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[1].starts_with(" 1 | …bbb"), "{out}");
        assert!(lines[2].starts_with("   |  ^^^"), "{out}");
        assert!(
            width_of(lines[1]) <= 50 && width_of(lines[2]) <= 50,
            "{out}"
        );
    }

    #[test]
    fn a_finding_past_column_65535_renders() {
        let line = "<a href=\"/x/\">x</a>".repeat(5000);
        let at = line.len() - 10;
        let out = show(&finding(&line, at..at + 3), 160);
        assert!(out.starts_with("site/a.md:1:94991: "), "{out}");
        assert!(out.lines().all(|l| width_of(l) <= 160), "{out}");
        assert_eq!(out.lines().count(), 3, "{out}");
    }

    #[test]
    fn control_characters_tabs_and_wide_characters() {
        let d = finding("\tA\u{1b}]0;X\u{7}日本 b\n", 8..11);
        assert_eq!(
            show(&d, 160),
            "site/a.md:1:9: warning[TST001] Message\n 1 |     A\\u{1b}]0;X\\u{7}日本 b\n   |                     ^^\n"
        );
    }

    #[test]
    fn an_empty_span_at_the_end_of_a_line_gets_a_marker() {
        let d = finding("abc\r\ndef", 3..3);
        assert_eq!(
            show(&d, 160),
            "site/a.md:1:4: warning[TST001] Message\n 1 | abc\n   |    ^\n"
        );
        assert!(show(&finding("abc", 3..3), 160).ends_with(" 1 | abc\n   |    ^\n"));
    }

    #[test]
    fn a_label_on_another_line_is_its_own_row_and_help_and_fix_follow() {
        let text = "a: 1\nb: 2\n".repeat(10) + "a: 3\n";
        let d = finding(&text, 0..1)
            .label(100..101, "this one wins")
            .help("Remove one")
            .fix(Fix::safe("Delete `a`", Vec::new()));
        assert_eq!(
            show(&d, 160),
            "site/a.md:1:1: warning[TST001] Message\n  1 | a: 1\n    | ^\n 21 | a: 3\n    | - this one wins\n    = help: Remove one\n    = safe fix: Delete `a`\n"
        );
    }

    #[test]
    fn a_label_on_the_same_line_shares_the_row() {
        let d = finding("<!--[if gte mso 9]><xml></xml><![endif]-->\n", 0..19)
            .label(0..42, "browsers never show this");
        assert_eq!(
            show(&d, 160),
            "site/a.md:1:1: warning[TST001] Message\n 1 | <!--[if gte mso 9]><xml></xml><![endif]-->\n   | ^^^^^^^^^^^^^^^^^^^----------------------- browsers never show this\n"
        );
    }

    #[test]
    fn long_help_wraps_and_a_long_message_is_cut() {
        let mut d = finding("x", 0..1).help("word ".repeat(30).trim_end());
        d.message = "m".repeat(200);
        let out = show(&d, 60);
        assert!(out.lines().all(|l| width_of(l) <= 60), "{out}");
        // The message goes on a line of its own, cut to the width.
        assert_eq!(
            out.lines().next().unwrap(),
            "site/a.md:1:1: warning[TST001]"
        );
        assert!(out.lines().nth(1).unwrap().starts_with("    mmm"), "{out}");
        assert!(out.lines().nth(1).unwrap().ends_with("mmm…"), "{out}");
        assert_eq!(out.matches("word").count(), 30, "{out}");
        assert!(out.contains("\n   = help: word word"), "{out}");
        assert!(out.contains("\n           word"), "{out}");
    }

    #[test]
    fn quotations_are_shortened_before_the_message_moves() {
        let mut d = finding("x", 0..1);
        d.message = format!("Link target `/{}/end` does not exist", "a".repeat(100));
        let out = show(&d, 90);
        assert_eq!(
            out.lines().next().unwrap(),
            format!(
                "site/a.md:1:1: warning[TST001] Link target `/{}…{}/end` does not exist",
                "a".repeat(14),
                "a".repeat(10)
            )
        );
        assert_eq!(
            shorten_quotes(&format!("a `{}` c `d`", "b".repeat(40)), 40),
            format!("a `{}…{}` c `d`", "b".repeat(15), "b".repeat(14))
        );
        // Unpaired backticks: nothing is taken for a quotation.
        assert_eq!(shorten_quotes("a `b", 2), "a `b");
        // A path too long for the message: it moves to its own line.
        d.file = Arc::new(SourceFile::new(
            "a".repeat(50) + ".md",
            "a.md",
            "x".to_string(),
        ));
        d.message = "Key `redirect_from` is written more than once".into();
        let out = show(&d, 80);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].ends_with(".md:1:1: warning[TST001]"), "{out}");
        assert_eq!(
            lines[1],
            "    Key `redirect_from` is written more than once"
        );
        // A path too long for the severity too: it moves with the message.
        d.file = Arc::new(SourceFile::new(
            "a".repeat(70) + ".md",
            "a.md",
            "x".to_string(),
        ));
        let out = show(&d, 80);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], format!("site/{}.md:1:1:", "a".repeat(70)));
        assert_eq!(
            lines[1],
            "    warning[TST001] Key `redirect_from` is written more than once"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn every_window_fits_and_marks_its_span(
            text in crate::report::tests::hostile(200),
            start in 0usize..2000,
            len in 0usize..300,
            label in proptest::option::of((0usize..2000, 0usize..300)),
            width in 40usize..130,
        ) {
            let mut d = finding(&text, start..start + len).help("Do it, or do not");
            if let Some((at, len)) = label {
                d = d.label(at..at + len, "a label `with a quotation`");
            }
            let out = show(&d, width);
            let mut lines = out.lines();
            let header = lines.next().unwrap();
            proptest::prop_assert!(width_of(header) <= width, "{header:?}");
            let rest: Vec<&str> = lines.collect();
            for line in &rest {
                proptest::prop_assert!(width_of(line) <= width, "{width}: {line:?}\n{out}");
                proptest::prop_assert!(!line.chars().any(escape::is_escaped), "{line:?}");
            }
            // The primary span's line is shown, with at least one marker.
            if !text.is_empty() {
                proptest::prop_assert!(rest.iter().any(|l| l.contains('^')), "{out}");
                proptest::prop_assert!(rest.len() <= 2 * MAX_ROWS + 2, "{out}");
            }
        }
    }

    #[test]
    fn an_empty_file_has_no_window() {
        assert_eq!(
            show(&finding("", 0..0), 160),
            "site/a.md:1:1: warning[TST001] Message\n"
        );
    }

    #[test]
    fn the_window_holds_the_focus_start_and_fits() {
        for avail in [10, 11, 17, 40] {
            for n in 0..60usize {
                let mut pos = vec![0];
                for i in 0..n {
                    pos.push(pos[i] + 1 + (i * 7 % 3) % 2);
                }
                for fs in 0..n {
                    for fe in fs + 1..=n {
                        let (a, b) = window(&pos, fs, fe, avail, true, true);
                        let what = format!("avail {avail}, {n} cells, focus {fs}..{fe}: {a}..{b}");
                        assert!(a <= fs && fs < b && b <= n, "{what}");
                        let ellipses = usize::from(a > 0) + usize::from(b < n);
                        assert!(pos[b] - pos[a] + ellipses <= avail, "{what}");
                        if pos[n] <= avail {
                            assert_eq!((a, b), (0, n), "{what}");
                        }
                    }
                }
            }
        }
    }
}
