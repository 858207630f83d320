//! Every output format with hostile file names, texts, messages, help,
//! labels and fixes: never a panic, and what comes from the site cannot
//! hijack the output:
//! - concise, full, HTML and `--statistics`: no raw control or invisible
//!   character but the line breaks the printer writes itself (so no ESC);
//!   concise prints one line per finding shown and the summary;
//! - github: one workflow command per finding (and the closing notice),
//!   each `::LEVEL file=…,line=…,col=…,endLine=…,endColumn=…,title=…::…`
//!   with no CR or LF inside, no `,` or `:` inside a property; the step
//!   summary's table rows keep their cells;
//! - junit: well-formed XML 1.0 (allowed characters only, every `&` an
//!   entity, every `<` a tag, tags balanced, attributes quoted), one
//!   `<failure>` per finding;
//! - json and sarif: valid JSON that carries the messages unchanged; SARIF
//!   URIs percent-encoded;
//! - html: allowed characters only, every `&` an entity, every tag one the
//!   page itself writes, no script;
//! - the plan `migrate` prints: one line per note and reason, no raw
//!   control character.
#![no_main]
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use sitelint::checks;
use sitelint::diagnostic::{Diagnostic, Edit, Fix, Severity};
use sitelint::migrate;
use sitelint::report::{self, Format, Run, escape};
use sitelint::text::source::SourceFile;

const FORMATS: [Format; 7] = [
    Format::Full,
    Format::Concise,
    Format::Json,
    Format::Github,
    Format::Sarif,
    Format::Junit,
    Format::Html,
];

fn raw_control(s: &str) -> Option<char> {
    s.chars().find(|&c| c != '\n' && escape::is_escaped(c))
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Where an entity starting at `s[0] == '&'` ends, if it is one.
fn entity(s: &str) -> Option<usize> {
    let end = s.find(';')?;
    let name = &s[1..end];
    let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
        || name
            .strip_prefix("#x")
            .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
        || name
            .strip_prefix('#')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    ok.then_some(end + 1)
}

/// A small well-formedness check of XML (or of the HTML page, with
/// `html`: void elements, a doctype and the page's own tags only).
fn markup(out: &str, html: bool) -> Vec<String> {
    const VOID: &[&str] = &["meta", "br"];
    const PAGE: &[&str] = &[
        "a",
        "body",
        "br",
        "code",
        "details",
        "div",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "head",
        "html",
        "mark",
        "meta",
        "p",
        "pre",
        "rect",
        "section",
        "small",
        "span",
        "strong",
        "style",
        "summary",
        "svg",
        "table",
        "tbody",
        "td",
        "text",
        "th",
        "thead",
        "title",
        "tr",
    ];
    let mut stack: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    let mut i = 0;
    let b = out.as_bytes();
    while i < b.len() {
        match b[i] {
            b'&' => {
                let n = entity(&out[i..]).unwrap_or_else(|| {
                    panic!("bare `&` at {i}: {:?}", &out[i..(i + 20).min(out.len())])
                });
                i += n;
            }
            b'>' if !html => panic!("bare `>` at {i}"),
            b'<' => {
                let rest = &out[i..];
                if rest.starts_with("<?xml")
                    || rest.starts_with("<!DOCTYPE")
                    || rest.starts_with("<!doctype")
                {
                    i += rest.find('>').expect("declaration ends") + 1;
                    continue;
                }
                let close = rest.starts_with("</");
                let start = if close { 2 } else { 1 };
                let name_len = rest[start..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .expect("tag ends");
                let name = rest[start..start + name_len].to_string();
                assert!(
                    !name.is_empty(),
                    "`<` that starts no tag at {i}: {:?}",
                    &rest[..rest.len().min(30)]
                );
                // attributes: `name="value"` with no `<` or `"` inside
                let mut j = start + name_len;
                let rb = rest.as_bytes();
                loop {
                    while rb[j] == b' ' || rb[j] == b'\n' {
                        j += 1;
                    }
                    if rb[j] == b'>' || rest[j..].starts_with("/>") {
                        break;
                    }
                    let name_end = rest[j..]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
                        .map_or(rest.len(), |n| n + j);
                    let attr = &rest[j..name_end];
                    assert!(
                        !attr.is_empty(),
                        "attribute name at {:?} in <{name}>",
                        &rest[j..(j + 20).min(rest.len())]
                    );
                    if html && rb[name_end] != b'=' {
                        // a boolean attribute (`<details open>`)
                        j = name_end;
                        continue;
                    }
                    let eq = name_end;
                    assert_eq!(rb[eq], b'=', "attribute {attr} without a value in <{name}>");
                    assert_eq!(rb[eq + 1], b'"', "unquoted attribute {attr} in <{name}>");
                    let vend = rest[eq + 2..].find('"').expect("attribute closes") + eq + 2;
                    let value = &rest[eq + 2..vend];
                    assert!(!value.contains('<'), "`<` in attribute {attr}: {value:?}");
                    let mut k = 0;
                    while let Some(a) = value[k..].find('&') {
                        k += a;
                        k += entity(&value[k..])
                            .unwrap_or_else(|| panic!("bare `&` in attribute {attr}: {value:?}"));
                    }
                    j = vend + 1;
                }
                let self_closing = rest[j..].starts_with("/>");
                if html {
                    assert!(
                        PAGE.contains(&name.as_str()),
                        "tag <{name}> the page never writes"
                    );
                }
                tags.push(name.clone());
                if name == "style" && !close {
                    // raw text up to `</style>`
                    let end = rest.find("</style>").expect("style closes");
                    i += end;
                    stack.push(name);
                    continue;
                }
                if close {
                    assert_eq!(
                        stack.pop().as_deref(),
                        Some(name.as_str()),
                        "unbalanced </{name}>"
                    );
                } else if !(self_closing || html && VOID.contains(&name.as_str())) {
                    stack.push(name);
                }
                i += j + if self_closing { 2 } else { 1 };
            }
            _ => i += out[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    tags
}

fn github_lines(out: &str, expected: usize) {
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.len() == expected || lines.len() == expected + 1,
        "{} lines for {expected} findings",
        lines.len()
    );
    for (n, line) in lines.iter().enumerate() {
        assert!(!line.contains('\r'), "CR in {line:?}");
        if n == expected {
            assert!(line.starts_with("::notice title=sitelint::"), "{line:?}");
            continue;
        }
        let rest = ["::error ", "::warning ", "::notice "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .unwrap_or_else(|| panic!("not a workflow command: {line:?}"));
        let (props, data) = rest
            .split_once("::")
            .unwrap_or_else(|| panic!("no data: {line:?}"));
        assert!(raw_control(data).is_none(), "{data:?}");
        let names: Vec<&str> = props
            .split(',')
            .map(|p| {
                p.split_once('=')
                    .unwrap_or_else(|| panic!("property {p:?} in {line:?}"))
                    .0
            })
            .collect();
        assert_eq!(
            names,
            ["file", "line", "col", "endLine", "endColumn", "title"],
            "{line:?}"
        );
    }
}

/// The step summary's table rows: each one line, with its cells.
fn step_summary(md: &str) {
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let bars = line.matches('|').count();
        assert!(bars == 4 || bars == 6, "{bars} cell bars in {line:?}");
        assert!(raw_control(line).is_none(), "{line:?}");
    }
}

/// Fuzz bytes as the fields of findings.
struct Input<'a> {
    bytes: &'a [u8],
    fields: Vec<String>,
}

impl Input<'_> {
    fn byte(&mut self) -> usize {
        match self.bytes.split_first() {
            Some((b, rest)) => {
                self.bytes = rest;
                usize::from(*b)
            }
            None => 0,
        }
    }
    fn field(&mut self, i: usize) -> String {
        self.fields.get(i).cloned().unwrap_or_default()
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 16 {
        return;
    }
    let (head, rest) = data.split_at(16);
    let text = String::from_utf8_lossy(rest);
    let fields: Vec<String> = text.split('\u{0}').map(String::from).collect();
    let mut input = Input {
        bytes: head,
        fields,
    };
    let rules = checks::all_rules();
    let names = [input.field(0), input.field(1)];
    let file_text = input.field(2);
    let files: Vec<Arc<SourceFile>> = names
        .iter()
        .map(|n| {
            Arc::new(SourceFile::new(
                n.clone(),
                Path::new("site").join("x.md"),
                file_text.clone(),
            ))
        })
        .collect();
    let count = 1 + input.byte() % 4;
    let mut diagnostics = Vec::new();
    for k in 0..count {
        let file = &files[input.byte() % 2];
        let rule = rules[input.byte() % rules.len()];
        let len = file_text.len() + 2;
        let start = input.byte() * 7 % len;
        let end = start + input.byte() % 40;
        let mut d = Diagnostic::new(rule, file, start..end, input.field(3 + k % 2));
        let flags = input.byte();
        if flags & 1 != 0 {
            d = d.help(input.field(5));
        }
        if flags & 2 != 0 {
            d = d.label(end..end + flags % 13, input.field(6));
        }
        if flags & 4 != 0 {
            let edits = vec![Edit::replace(start..end, input.field(8))];
            d = d.fix(if flags & 8 != 0 {
                Fix::safe(input.field(7), edits)
            } else {
                Fix::unsafe_(input.field(7), edits)
            });
        }
        d = d.severity([Severity::Error, Severity::Warning, Severity::Info][(flags >> 4) % 3]);
        diagnostics.push(d);
    }
    sitelint::diagnostic::sort(&mut diagnostics);
    let flags_all = input.byte();
    let show_infos = flags_all & 2 == 0;
    let root = [".", "site", "/abs/site"][input.byte() % 3];
    let run = Run {
        root: Path::new(root),
        files_checked: input.byte(),
        color: false,
        show_infos,
        fix_command: format!("sitelint fix {}", escape::shell_word(root)),
    };
    let shown = diagnostics.iter().filter(|d| run.shows(d)).count();
    let summary =
        std::env::temp_dir().join(format!("sitelint-fuzz-summary-{}", std::process::id()));
    // SAFETY: the fuzz target runs on one thread.
    unsafe { std::env::set_var("GITHUB_STEP_SUMMARY", &summary) };
    for format in FORMATS {
        // (`quiet` changes only the text formats)
        let quiets: &[bool] = match format {
            Format::Full | Format::Concise => &[false, true],
            _ => &[false],
        };
        for &quiet in quiets {
            let mut out = Vec::new();
            report::write(format, &run, &diagnostics, quiet, &mut out).expect("writes to memory");
            let out = String::from_utf8(out).expect("UTF-8 output");
            match format {
                Format::Full | Format::Concise => {
                    assert!(raw_control(&out).is_none(), "{format:?}: {out:?}");
                    if format == Format::Concise {
                        assert_eq!(out.lines().count(), shown + usize::from(!quiet), "{out:?}");
                    }
                }
                Format::Github => {
                    github_lines(&out, diagnostics.len());
                    let md = std::fs::read_to_string(&summary).unwrap_or_default();
                    let _ = std::fs::remove_file(&summary);
                    step_summary(&md);
                }
                Format::Junit => {
                    if let Some(c) = out.chars().find(|&c| !xml_char(c)) {
                        panic!("{c:?} is not an XML 1.0 character: {out:?}");
                    }
                    let tags = markup(&out, false);
                    assert_eq!(
                        tags.iter().filter(|t| *t == "failure").count(),
                        2 * diagnostics.len()
                    );
                }
                Format::Html => {
                    assert!(raw_control(&out).is_none(), "HTML: {:?}", raw_control(&out));
                    assert!(out.chars().all(xml_char));
                    let tags = markup(&out, true);
                    assert!(!tags.iter().any(|t| t == "script"));
                }
                Format::Json | Format::Sarif => {
                    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
                    if format == Format::Json {
                        for (d, j) in diagnostics
                            .iter()
                            .zip(v["diagnostics"].as_array().expect("a list"))
                        {
                            assert_eq!(j["message"].as_str(), Some(d.message.as_str()));
                            assert_eq!(j["path"].as_str(), Some(d.file.rel.as_str()));
                        }
                    } else {
                        let results = v["runs"][0]["results"].as_array().expect("results");
                        assert_eq!(results.len(), diagnostics.len());
                        for (d, r) in diagnostics.iter().zip(results) {
                            let uri =
                                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                                    .as_str()
                                    .expect("a URI");
                            assert!(
                                uri.bytes()
                                    .all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)),
                                "{uri}"
                            );
                            let text = r["message"]["text"].as_str().expect("a message");
                            assert!(text.starts_with(&d.message));
                        }
                    }
                }
            }
        }
    }
    // the migration plan: file names, notes and reasons from the site
    let plan = migrate::Plan {
        changes: vec![migrate::Change {
            rel: input.field(0),
            original: Some(file_text.clone()),
            new: input.field(8),
            move_to: (flags_all & 1 != 0).then(|| input.field(1)),
            notes: vec![input.field(3), input.field(4)],
        }],
        skipped: vec![input.field(5)],
        sources: Default::default(),
        removals: vec![migrate::Removal {
            rel: input.field(6),
            original: Vec::new(),
            note: input.field(7),
        }],
    };
    let mut out = Vec::new();
    let mode = migrate::Mode {
        diff: false,
        write: false,
    };
    migrate::present(Path::new(root), &plan, mode, &mut out).expect("writes to memory");
    let out = String::from_utf8(out).expect("UTF-8");
    assert!(raw_control(&out).is_none(), "migrate plan: {out:?}");
    assert_eq!(out.lines().count(), 5, "{out:?}");
    let mut out = Vec::new();
    report::statistics(&run, &diagnostics, &mut out).expect("writes to memory");
    let out = String::from_utf8(out).expect("UTF-8");
    assert!(raw_control(&out).is_none(), "--statistics: {out:?}");
    // colour: only the printer's own escapes (no panic; the text checked above)
    let coloured = Run { color: true, ..run };
    let mut sink = std::io::sink();
    report::write(Format::Full, &coloured, &diagnostics, false, &mut sink).expect("writes");
    let _ = sink.flush();
});
