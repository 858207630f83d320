//! Suppression comments, for every rule family.
//!
//! In Markdown and HTML (an HTML comment, never inside code):
//!
//! ```markdown
//! <!-- sitelint-disable INC001 -->   … <!-- sitelint-enable INC001 -->
//! <!-- sitelint-disable-next-line INC001, TXT003 -->
//! text <!-- sitelint-disable-line INC001 -->
//! <!-- sitelint-disable-file INC -->  (conventionally at the top)
//! ```
//!
//! In front matter and other YAML files, the same directives as YAML
//! comments: `title: ... # sitelint-disable-line INC001`,
//! `# sitelint-disable-next-line FM003`, `# sitelint-disable-file INC`.
//!
//! Each directive takes codes, code prefixes (`INC`) or rule names,
//! separated by commas or spaces; none means every rule. A directive or a
//! code in it that suppresses nothing is reported (SUP001, like ruff's
//! RUF100) with a safe fix that removes it, but only when the rules it
//! names are enabled in this run; a code that names no rule is SUP002.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use regex::Regex;

use crate::checks::{Selection, selector_matches};
use crate::diagnostic::{Diagnostic, Edit, Fix, FixKind, Rule, Severity};
use crate::site::Document;
use crate::text::source::SourceFile;

pub static UNUSED: Rule = Rule {
    code: "SUP001",
    name: "unused-suppression",
    severity: Severity::Warning,
    fix: FixKind::Safe,
    summary: "A suppression comment suppresses nothing",
    doc: r#"## What it does
Finds a `sitelint-disable…` comment, or a code in one, that hid no finding
in this run: the problem was fixed, or the code is wrong. An
`sitelint-enable` with no `sitelint-disable` before it is reported too.
Only rules enabled in the run count, so `--select LNK` never calls an
`INC` suppression unused.

## Why is this bad?
A stale suppression hides the next real problem on that line, and tells
readers something that is no longer true. The safe fix removes the
comment (and its matching `sitelint-enable`), or only the unused codes.

## Example
```markdown
<!-- sitelint-disable-next-line INC010 -->
Our cisgender colleagues…
```
Nothing on the next line is reported by INC010: remove the comment."#,
};

pub static UNKNOWN: Rule = Rule {
    code: "SUP002",
    name: "invalid-suppression",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "A suppression comment names no rule or is misspelt",
    doc: r#"## What it does
Finds a `sitelint-…` comment whose directive is not one of
`sitelint-disable`, `sitelint-enable`, `sitelint-disable-next-line`,
`sitelint-disable-line` and `sitelint-disable-file`, or that names a code,
prefix or rule name that matches no rule.

## Why is this bad?
The comment suppresses nothing, and the finding it was meant to hide is
still reported, so the author's intent is lost.

## Example
`<!-- sitelint-disable-next-line INC999 -->`: no rule has that code. See
`sitelint rules`."#,
};

pub static RULES: &[&Rule] = &[&UNUSED, &UNKNOWN];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    NextLine,
    Line,
    File,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    /// The comment.
    span: Range<usize>,
    /// What to delete to remove it: its whole line when it is alone there.
    removal: Range<usize>,
    codes: Vec<(String, Range<usize>)>,
    /// Where it applies (byte offsets; `None` until resolved).
    region: Range<usize>,
    /// For a disable: the matching enable.
    pair: Option<usize>,
    used: Vec<bool>,
    used_bare: bool,
}

fn html_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"<!--\s*sitelint-([a-z-]*)([^>]*?)\s*-->").expect("valid regex"))
}

fn yaml_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?m)(?:^|[ \t])#[ \t]*sitelint-([a-z-]*)([^\r\n]*)").expect("valid regex")
    })
}

fn kind(word: &str) -> Option<Kind> {
    Some(match word {
        "disable" => Kind::Disable,
        "enable" => Kind::Enable,
        "disable-next-line" => Kind::NextLine,
        "disable-line" => Kind::Line,
        "disable-file" => Kind::File,
        _ => return None,
    })
}

/// Codes in `text[range]`, split on commas and whitespace.
fn codes(text: &str, range: Range<usize>) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let s = &text[range.clone()];
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let sep = c == ',' || c.is_whitespace();
        match (sep, start) {
            (true, Some(st)) => {
                out.push((s[st..i].to_string(), range.start + st..range.start + i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// The range that removes `span` cleanly: its whole line (with the line
/// break) when nothing else is on it, else the span and the spaces before.
fn removal(text: &str, span: Range<usize>) -> Range<usize> {
    let line_start = text[..span.start].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |p| span.end + p + 1);
    let before = &text[line_start..span.start];
    let after = &text[span.end..line_end];
    if before.trim().is_empty() && after.trim().is_empty() {
        return line_start..line_end;
    }
    let trimmed = before.trim_end_matches([' ', '\t']).len();
    line_start + trimmed..span.end
}

/// A file to scan: its HTML ranges and its YAML ranges.
/// What every suppression comment holds: a file without it has none.
const MARK: &[u8] = b"sitelint-";

type Scan = (Arc<SourceFile>, Vec<Range<usize>>, Vec<Range<usize>>);

struct Found {
    directives: Vec<Directive>,
    /// Malformed directives: (span, message).
    invalid: Vec<(Range<usize>, String)>,
}

fn push(
    found: &mut Found,
    text: &str,
    span: Range<usize>,
    word: &str,
    args: Range<usize>,
    comment_span: Range<usize>,
) {
    let Some(kind) = kind(word) else {
        found.invalid.push((
            span,
            format!("`sitelint-{word}` is not a directive; use `sitelint-disable`, `sitelint-enable`, `sitelint-disable-next-line`, `sitelint-disable-line` or `sitelint-disable-file`"),
        ));
        return;
    };
    let codes = codes(text, args);
    let n = codes.len();
    found.directives.push(Directive {
        kind,
        removal: removal(text, comment_span),
        span,
        codes,
        region: 0..0,
        pair: None,
        used: vec![false; n],
        used_bare: false,
    });
}

/// Directives in HTML comments within `html` ranges, and in YAML comments
/// within `yaml` ranges.
fn find(text: &str, html: &[Range<usize>], yaml: &[Range<usize>]) -> Found {
    let mut found = Found {
        directives: Vec::new(),
        invalid: Vec::new(),
    };
    for r in html {
        let Some(slice) = text.get(r.clone()) else {
            continue;
        };
        if memchr::memmem::find(slice.as_bytes(), MARK).is_none() {
            continue;
        }
        for c in html_re().captures_iter(slice) {
            let (Some(all), Some(word), Some(args)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let span = r.start + all.start()..r.start + all.end();
            let args = r.start + args.start()..r.start + args.end();
            push(&mut found, text, span.clone(), word.as_str(), args, span);
        }
    }
    for r in yaml {
        let Some(slice) = text.get(r.clone()) else {
            continue;
        };
        if memchr::memmem::find(slice.as_bytes(), MARK).is_none() {
            continue;
        }
        for c in yaml_re().captures_iter(slice) {
            let (Some(all), Some(word), Some(args)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let hash = all.as_str().find('#').unwrap_or(0);
            let line_start = slice[..all.start()].rfind('\n').map_or(0, |p| p + 1);
            // a `#` inside a quoted value is not a comment
            let before = &slice[line_start..all.start() + hash];
            if before.matches('"').count() % 2 == 1 || before.matches('\'').count() % 2 == 1 {
                continue;
            }
            let span = r.start + all.start() + hash..r.start + all.end();
            let args = r.start + args.start()..r.start + args.end();
            push(&mut found, text, span.clone(), word.as_str(), args, span);
        }
    }
    found.directives.sort_by_key(|d| d.span.start);
    found
}

/// Work out each directive's region and pair disables with enables.
fn resolve(file: &SourceFile, ds: &mut [Directive]) {
    let len = file.text.len();
    for i in 0..ds.len() {
        let (line, _) = file.line_col(ds[i].span.start);
        let (end_line, _) = file.line_col(ds[i].span.end);
        ds[i].region = match ds[i].kind {
            Kind::File => 0..len,
            Kind::Line => file.line_range(line),
            Kind::NextLine => file.line_range(end_line + 1),
            Kind::Enable => ds[i].span.clone(),
            Kind::Disable => {
                let key: Vec<String> = ds[i]
                    .codes
                    .iter()
                    .map(|c| c.0.to_ascii_uppercase())
                    .collect();
                let pair = (i + 1..ds.len()).find(|&j| {
                    ds[j].kind == Kind::Enable
                        && ds[j].pair.is_none()
                        && (ds[j].codes.is_empty()
                            || ds[j]
                                .codes
                                .iter()
                                .map(|c| c.0.to_ascii_uppercase())
                                .collect::<Vec<_>>()
                                == key)
                });
                match pair {
                    Some(j) => {
                        ds[j].pair = Some(i);
                        ds[i].pair = Some(j);
                        ds[i].span.end..ds[j].span.start
                    }
                    None => ds[i].span.end..len,
                }
            }
        };
    }
}

/// Remove suppressed diagnostics and report unused and invalid
/// suppressions.
pub fn apply(
    documents: &[&Document],
    selection: &Selection,
    rules: &[&'static Rule],
    out: &mut Vec<Diagnostic>,
) {
    let mut by_file: rustc_hash::FxHashMap<&str, Vec<usize>> = Default::default();
    for (i, d) in out.iter().enumerate() {
        by_file.entry(d.file.rel.as_str()).or_default().push(i);
    }
    // the documents that hold a comment, in path order: each one's text
    // searched on all threads with one prebuilt searcher
    let mark = memchr::memmem::Finder::new(MARK);
    let mut files: Vec<Scan> = documents
        .par_iter()
        .filter(|doc| doc.unchecked.is_none() && mark.find(doc.file.text.as_bytes()).is_some())
        .map(|doc| {
            let yaml = doc
                .front
                .block()
                .map(|b| vec![b.yaml.clone()])
                .unwrap_or_default();
            (Arc::clone(&doc.file), doc.body_once().html.clone(), yaml)
        })
        .collect();
    // YAML files with findings (`_config.yml`, `.sitelint.yml`)
    for (rel, idx) in &by_file {
        let lower = rel.to_ascii_lowercase();
        if (lower.ends_with(".yml") || lower.ends_with(".yaml"))
            && let Some(&i) = idx.first()
        {
            let file = Arc::clone(&out[i].file);
            if mark.find(file.text.as_bytes()).is_some() {
                let all = 0..file.text.len();
                files.push((file, Vec::new(), vec![all]));
            }
        }
    }
    let mut suppressed = vec![false; out.len()];
    let mut extra = Vec::new();
    for (file, html, yaml) in files {
        let mut found = find(&file.text, &html, &yaml);
        resolve(&file, &mut found.directives);
        let ds = &mut found.directives;
        for &i in by_file
            .get(file.rel.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let d = &out[i];
            if d.rule.family() == "SUP" {
                continue;
            }
            let at = d.span.start;
            for dir in ds.iter_mut() {
                if dir.kind == Kind::Enable {
                    continue;
                }
                let inside = match dir.kind {
                    Kind::File => true,
                    _ => dir.region.start <= at && at < dir.region.end.max(dir.region.start + 1),
                };
                if !inside {
                    continue;
                }
                if dir.codes.is_empty() {
                    dir.used_bare = true;
                    suppressed[i] = true;
                }
                for (k, (code, _)) in dir.codes.iter().enumerate() {
                    if selector_matches(code, d.rule) {
                        dir.used[k] = true;
                        suppressed[i] = true;
                    }
                }
            }
        }
        report(&file, &found, selection, rules, &mut extra);
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !suppressed[i - 1]
    });
    out.extend(extra);
}

fn report(
    file: &Arc<SourceFile>,
    found: &Found,
    selection: &Selection,
    rules: &[&'static Rule],
    extra: &mut Vec<Diagnostic>,
) {
    if selection.enabled(&UNKNOWN) {
        for (span, message) in &found.invalid {
            extra.push(Diagnostic::new(
                &UNKNOWN,
                file,
                span.clone(),
                message.clone(),
            ));
        }
    }
    let ds = &found.directives;
    for d in ds {
        if d.kind == Kind::Enable {
            if d.pair.is_none() && selection.enabled(&UNUSED) {
                extra.push(
                    Diagnostic::new(
                        &UNUSED,
                        file,
                        d.span.clone(),
                        "`sitelint-enable` has no `sitelint-disable` before it",
                    )
                    .help("Remove the comment")
                    .fix(Fix::safe(
                        "Remove the comment",
                        vec![Edit::delete(d.removal.clone())],
                    )),
                );
            }
            continue;
        }
        let mut unused: Vec<usize> = Vec::new();
        for (k, (code, span)) in d.codes.iter().enumerate() {
            let named: Vec<&&Rule> = rules.iter().filter(|r| selector_matches(code, r)).collect();
            if named.is_empty() {
                if selection.enabled(&UNKNOWN) {
                    let hint = rules
                        .iter()
                        .map(|r| r.code)
                        .chain(rules.iter().map(|r| r.name))
                        .filter(|c| {
                            strsim::levenshtein(&c.to_ascii_lowercase(), &code.to_ascii_lowercase())
                                <= 2
                        })
                        .map(|c| format!("; did you mean `{c}`?"))
                        .next()
                        .unwrap_or_else(|| "; see `sitelint rules`".into());
                    extra.push(Diagnostic::new(
                        &UNKNOWN,
                        file,
                        span.clone(),
                        format!("`{code}` names no rule{hint}"),
                    ));
                }
                continue;
            }
            if !d.used[k] && named.iter().any(|r| selection.enabled(r)) {
                unused.push(k);
            }
        }
        if !selection.enabled(&UNUSED) {
            continue;
        }
        let all_unused = if d.codes.is_empty() {
            !d.used_bare
        } else {
            unused.len() == d.codes.len()
        };
        let directive = match d.kind {
            Kind::Disable => "sitelint-disable",
            Kind::NextLine => "sitelint-disable-next-line",
            Kind::Line => "sitelint-disable-line",
            Kind::File => "sitelint-disable-file",
            Kind::Enable => "sitelint-enable",
        };
        if all_unused {
            let mut edits = vec![Edit::delete(d.removal.clone())];
            if let Some(j) = d.pair {
                edits.push(Edit::delete(ds[j].removal.clone()));
            }
            let what = if d.codes.is_empty() {
                format!("`{directive}`")
            } else {
                format!(
                    "`{directive} {}`",
                    d.codes
                        .iter()
                        .map(|c| c.0.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            extra.push(
                Diagnostic::new(
                    &UNUSED,
                    file,
                    d.span.clone(),
                    format!("{what} suppresses nothing"),
                )
                .help("Remove the comment; the problem it hid is gone")
                .fix(Fix::safe("Remove the unused suppression", edits)),
            );
        } else {
            for &k in &unused {
                let (code, span) = &d.codes[k];
                extra.push(
                    Diagnostic::new(
                        &UNUSED,
                        file,
                        span.clone(),
                        format!("`{code}` in `{directive}` suppresses nothing"),
                    )
                    .help("Remove the code from the comment")
                    .fix(Fix::safe(
                        format!("Remove `{code}`"),
                        vec![Edit::delete(code_removal(&file.text, &d.codes, k))],
                    )),
                );
            }
        }
    }
}

/// The range that removes code `k` and one separator next to it.
fn code_removal(text: &str, codes: &[(String, Range<usize>)], k: usize) -> Range<usize> {
    let span = codes[k].1.clone();
    match (codes.get(k + 1), k.checked_sub(1).map(|p| &codes[p])) {
        (Some(next), _) => span.start..next.1.start,
        (None, Some(prev)) => prev.1.end..span.end,
        (None, None) => span.start..span.end.min(text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_split_on_commas_and_spaces() {
        let t = "<!-- sitelint-disable INC001, TXT  links -->";
        let r = t.find("INC").unwrap()..t.find(" -->").unwrap();
        let c: Vec<String> = codes(t, r).into_iter().map(|c| c.0).collect();
        assert_eq!(c, vec!["INC001", "TXT", "links"]);
    }

    #[test]
    fn removal_takes_a_whole_line_only_when_alone() {
        let t = "a\n<!-- x -->\nb <!-- y -->\n";
        let x = t.find("<!-- x").unwrap();
        assert_eq!(&t[removal(t, x..x + 10)], "<!-- x -->\n");
        let y = t.find("<!-- y").unwrap();
        assert_eq!(&t[removal(t, y..y + 10)], " <!-- y -->");
    }

    #[test]
    fn yaml_comments_outside_quotes_only() {
        let t = "title: \"a # sitelint-disable-line INC001\"\nb: c # sitelint-disable-line FM003\n";
        let all: Vec<Range<usize>> = std::iter::once(0..t.len()).collect();
        let f = find(t, &[], &all);
        assert_eq!(f.directives.len(), 1);
        assert_eq!(f.directives[0].codes[0].0, "FM003");
    }
}
