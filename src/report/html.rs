//! `--format html`: one self-contained page (no network, no scripts) for
//! planning a clean-up: totals, charts of findings by rule, by collection
//! and by year of the post, the worst documents, and every finding with its
//! source snippet and a link to the file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Run, Summary, escape};
use crate::diagnostic::{Diagnostic, Severity};
use crate::site::dates;

/// `s` as HTML text or attribute value, with the characters
/// [`escape::text`] picks (control and invisible ones) as `\u{…}`.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if escape::is_escaped(c) => out.push_str(&escape::escaped(c)),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The collection a file belongs to, from its folder (`_news/x.md` → `news`).
fn collection(rel: &str) -> String {
    match rel.split_once('/') {
        Some((dir, _)) if dir.starts_with('_') => dir[1..].to_string(),
        _ => "(pages and site files)".to_string(),
    }
}

fn year(rel: &str) -> String {
    match dates::from_filename(rel) {
        Some(Ok((d, _))) => d.year.to_string(),
        _ => "undated".to_string(),
    }
}

/// A horizontal bar chart as inline SVG.
fn bar_chart(id: &str, title: &str, rows: &[(String, usize)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let row_h = 22;
    let label_w = 230;
    let bar_w = 420;
    let height = rows.len() * row_h + 10;
    let mut svg = format!(
        r#"<figure class="chart" id="{id}"><figcaption>{}</figcaption><svg role="img" aria-label="{}" width="{}" height="{height}" viewBox="0 0 {} {height}">"#,
        esc(title),
        esc(title),
        label_w + bar_w + 60,
        label_w + bar_w + 60
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let w = (n * bar_w).div_ceil(max).max(1);
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="label">{}</text><rect class="bar" x="{label_w}" y="{y}" width="{w}" height="{}"><title>{}: {n}</title></rect><text x="{}" y="{}" class="value">{n}</text>"#,
            label_w - 8,
            y + 15,
            esc(label),
            row_h - 6,
            esc(label),
            label_w + w + 6,
            y + 15
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

fn snippet(d: &Diagnostic) -> String {
    let file = &d.file;
    if file.text.is_empty() {
        return String::new();
    }
    let (line, _) = file.line_col(d.span.start);
    let range = file.line_range(line);
    let start = d.span.start.clamp(range.start, range.end);
    let end = d.span.end.clamp(start, range.end);
    // A window of the line, as in the full format: a minified page's
    // one line is not repeated whole for each of its findings.
    let before = &file.text[range.start..start];
    let (before, cut_before) = match before.char_indices().rev().nth(SNIPPET_CONTEXT) {
        Some((i, _)) => (&before[i..], "…"),
        None => (before, ""),
    };
    let marked = &file.text[start..end];
    let (marked, cut_marked) = match marked.char_indices().nth(4 * SNIPPET_CONTEXT) {
        Some((i, _)) => (&marked[..i], "…"),
        None => (marked, ""),
    };
    let after = if cut_marked.is_empty() {
        &file.text[end..range.end]
    } else {
        ""
    };
    let (after, cut_after) = match after.char_indices().nth(SNIPPET_CONTEXT) {
        Some((i, _)) => (&after[..i], "…"),
        None => (after, ""),
    };
    format!(
        "<pre class=\"snippet\"><span class=\"ln\">{line}</span>{cut_before}{}<mark>{}{cut_marked}</mark>{}{cut_after}</pre>",
        esc(before),
        esc(marked),
        esc(after)
    )
}

/// Characters of context a snippet shows on each side of the span.
const SNIPPET_CONTEXT: usize = 100;

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#1b1b1b;padding:0 1rem}
h1{margin-bottom:.2rem} .meta{color:#555;margin-top:0}
.totals{display:flex;gap:1rem;margin:1.5rem 0}
.total{border-radius:8px;padding:.8rem 1.2rem;background:#f3f3f3;min-width:8rem}
.total strong{display:block;font-size:1.8rem}
.total.error strong{color:#b00020}.total.warning strong{color:#9a5b00}.total.info strong{color:#1f5fa8}
.charts{display:grid;grid-template-columns:1fr;gap:1rem}
figure.chart{margin:0;background:#fafafa;border:1px solid #e3e3e3;border-radius:8px;padding:.8rem}
figcaption{font-weight:600;margin-bottom:.4rem}
svg .bar{fill:#e6007e} svg .label,svg .value{font-size:12px;fill:#333}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;overflow-wrap:anywhere;padding:.3rem .5rem;border-bottom:1px solid #e6e6e6;vertical-align:top;font-size:.92rem}
.sev-error{color:#b00020;font-weight:600}.sev-warning{color:#9a5b00;font-weight:600}.sev-info{color:#1f5fa8}
details{border:1px solid #e3e3e3;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}
summary{cursor:pointer}
pre.snippet{background:#f6f8fa;padding:.4rem;margin:.3rem 0;overflow-x:auto;font-size:.85rem}
pre.snippet .ln{color:#888;margin-right:1rem;user-select:none}
mark{background:#ffe08a}
code{background:#f3f3f3;padding:0 .2rem;border-radius:3px}
"#;

pub fn write(run: &Run, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let s = Summary::of(diagnostics);
    let mut by_collection: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_year: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        *by_collection.entry(collection(&d.file.rel)).or_default() += 1;
        *by_year.entry(year(&d.file.rel)).or_default() += 1;
        by_file.entry(d.file.rel.as_str()).or_default().push(d);
    }
    let mut rule_rows: Vec<(String, usize)> = s
        .by_rule
        .iter()
        .map(|(code, n)| {
            let name = crate::checks::find_rule(code).map_or("", |r| r.name);
            (format!("{code} {name}"), *n)
        })
        .collect();
    rule_rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    rule_rows.truncate(20);
    let mut coll_rows: Vec<(String, usize)> = by_collection.into_iter().collect();
    coll_rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let year_rows: Vec<(String, usize)> = by_year.into_iter().collect();

    let root = run.root.to_string_lossy();
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>sitelint report: {}</title><style>{STYLE}</style></head><body>\n",
        esc(&root)
    );
    let _ = writeln!(
        html,
        "<h1>sitelint report</h1><p class=\"meta\">Site <code>{}</code>, {} files checked, sitelint {}.</p>",
        esc(&root),
        run.files_checked,
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        html,
        "<section class=\"totals\" id=\"totals\"><div class=\"total error\" data-count=\"{0}\"><strong>{0}</strong>errors</div><div class=\"total warning\" data-count=\"{1}\"><strong>{1}</strong>warnings</div><div class=\"total info\" data-count=\"{2}\"><strong>{2}</strong>infos</div><div class=\"total\" data-count=\"{3}\"><strong>{3}</strong>files with findings</div><div class=\"total\" data-count=\"{4}\"><strong>{4}</strong>safely fixable</div></section>",
        s.errors, s.warnings, s.infos, s.files_with_findings, s.fixable
    );
    if diagnostics.is_empty() {
        html.push_str("<p>No problems found.</p>\n");
    } else {
        html.push_str("<section class=\"charts\">\n");
        html.push_str(&bar_chart("by-rule", "Findings by rule", &rule_rows));
        html.push_str(&bar_chart(
            "by-collection",
            "Findings by collection",
            &coll_rows,
        ));
        html.push_str(&bar_chart(
            "by-year",
            "Findings by year of the post",
            &year_rows,
        ));
        html.push_str("</section>\n");

        let mut worst: Vec<(&str, &Vec<&Diagnostic>)> =
            by_file.iter().map(|(k, v)| (*k, v)).collect();
        worst.sort_by(|a, b| {
            let score = |v: &Vec<&Diagnostic>| {
                v.iter()
                    .map(|d| match d.severity {
                        Severity::Error => 100,
                        Severity::Warning => 10,
                        Severity::Info => 1,
                    })
                    .sum::<usize>()
            };
            score(b.1).cmp(&score(a.1)).then(a.0.cmp(b.0))
        });
        html.push_str("<h2>Worst documents</h2><table id=\"worst\"><thead><tr><th>File</th><th>Errors</th><th>Warnings</th><th>Infos</th></tr></thead><tbody>\n");
        for (rel, ds) in worst.iter().take(15) {
            let count = |sev| ds.iter().filter(|d| d.severity == sev).count();
            let _ = writeln!(
                html,
                "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&anchor(rel)),
                esc(rel),
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info)
            );
        }
        html.push_str("</tbody></table>\n<h2>All findings</h2>\n");
        for (rel, ds) in &by_file {
            let path = run.display_path(rel);
            let href = std::path::absolute(&path)
                .map(|p| format!("file://{}", escape::uri_path(&p.to_string_lossy())))
                .unwrap_or_else(|_| path.clone());
            let _ = writeln!(
                html,
                "<details id=\"{}\" open><summary><a href=\"{}\">{}</a> ({} finding{})</summary><table><tbody>",
                esc(&anchor(rel)),
                esc(&href),
                esc(rel),
                ds.len(),
                if ds.len() == 1 { "" } else { "s" }
            );
            for d in ds {
                let (line, col) = d.file.line_col(d.span.start);
                let _ = writeln!(
                    html,
                    "<tr class=\"finding\"><td>{line}:{col}</td><td class=\"sev-{}\">{}</td><td><code>{}</code> {}</td><td>{}{}{}</td></tr>",
                    d.severity,
                    d.severity,
                    d.rule.code,
                    d.rule.name,
                    esc(&d.message),
                    d.help
                        .as_deref()
                        .map(|h| format!("<br><small>{}</small>", esc(h)))
                        .unwrap_or_default(),
                    snippet(d)
                );
            }
            html.push_str("</tbody></table></details>\n");
        }
    }
    html.push_str("</body></html>\n");
    out.write_all(html.as_bytes())
}

fn anchor(rel: &str) -> String {
    let mut a = String::from("f-");
    for c in rel.chars() {
        a.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    a
}
