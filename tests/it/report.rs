//! The printers: what they show, and that nothing from the site can hijack
//! them.
//!
//! `hostile_names_in_every_format` builds its site at run time (file names
//! with line breaks, ESC and `"` cannot be checked out everywhere) and
//! compares each format's output with `fixtures/report/hostile.<format>`;
//! `SITELINT_BLESS=1 cargo test` rewrites those files: read the diff.

use std::fs;
use std::path::Path;

use crate::{root, sitelint_in};

fn write(site: &Path, rel: &str, text: &str) {
    let p = site.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// Names and text that try every format: workflow commands after a line
/// break, terminal escapes (OSC title, colours), the characters that
/// workflow-command properties, XML, HTML, URIs and shells treat specially,
/// and a right-to-left override.
const UNCLOSED: &str = "---\ntitle: a\n-----\n";
const HOSTILE_FILES: &[(&str, &str)] = &[
    (
        "_posts/2020-01-01-a\n::error file=README.md,line=1::INJECTED.md",
        UNCLOSED,
    ),
    ("_posts/2020-01-02-b\u{1b}]0;PWNED\u{7}.md", UNCLOSED),
    ("_posts/2020-01-03-c\t\r%0A.md", UNCLOSED),
    ("_posts/2020-01-04-d, : % < > & \" '.md", UNCLOSED),
    ("_posts/2020-01-05-e\u{202e}dm.txt", UNCLOSED),
    (
        "_posts/2020-01-06-keys.md",
        "---\n\"k\\n::warning::FROM-KEY,a:b%25<i>&\\\"\\e[31m\\u202e\": 1\n\"k\\n::warning::FROM-KEY,a:b%25<i>&\\\"\\e[31m\\u202e\": 2\n---\n",
    ),
    (
        "page.md",
        "---\ntitle: p\n---\nRed \u{1b}[31mtext\u{1b}[0m and \u{1b}]8;;http://evil/\u{7}a link\u{1b}]8;;\u{7}: <a href=\"/missing/a,b:c%0A<x>&y\">x</a>\n",
    ),
];

fn hostile_site(site: &Path) {
    write(site, "_config.yml", "title: t\n");
    for (rel, text) in HOSTILE_FILES {
        write(site, rel, text);
    }
}

/// The characters no text format may print raw: every control character
/// but the line feed, and the bidirectional controls.
fn raw_control(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 1 {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// XML 1.0's `Char` production.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[test]
fn hostile_names_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    hostile_site(&site);
    let bless = std::env::var_os("SITELINT_BLESS").is_some();
    let mut failures = Vec::new();
    let (json, _, _) = sitelint_in(tmp.path(), &["check", "site", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let findings = json["diagnostics"].as_array().unwrap().len();
    // JSON keeps the names exactly.
    let mut paths: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    paths.dedup();
    let mut expected: Vec<&str> = HOSTILE_FILES
        .iter()
        .map(|(rel, _)| *rel)
        .filter(|rel| rel.ends_with(".md"))
        .collect();
    expected.sort();
    assert_eq!(paths, expected);
    assert_eq!(findings, 6, "{json:#}");

    for format in [
        "concise", "full", "json", "github", "sarif", "junit", "html",
    ] {
        let (out, err, code) = sitelint_in(
            tmp.path(),
            &["check", "site", "--format", format, "--show-infos"],
        );
        assert_eq!((err.as_str(), code), ("", 1), "{format}");
        let tmp_path = tmp.path().to_string_lossy().into_owned();
        let out = out
            .replace(&tmp_path, "$TMP")
            .replace(&sitelint::report::escape::uri_path(&tmp_path), "$TMP");
        match format {
            "concise" | "full" | "github" => {
                assert_eq!(raw_control(&out), None, "{format}:\n{out}");
            }
            _ => {}
        }
        match format {
            "concise" => assert_eq!(out.lines().count(), findings + 1, "{out}"),
            "github" => {
                assert_eq!(out.lines().count(), findings, "{out}");
                for line in out.lines() {
                    assert!(
                        line.starts_with("::error file=") || line.starts_with("::warning file="),
                        "{line}"
                    );
                    let (props, _) = line
                        .split_once(" file=")
                        .unwrap()
                        .1
                        .split_once("::")
                        .unwrap();
                    let file = props.split(',').next().unwrap();
                    assert!(!file.contains([':', '\r', '\n']), "{file}");
                }
            }
            "sarif" => {
                let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
                let results = sarif["runs"][0]["results"].as_array().unwrap();
                assert_eq!(results.len(), findings);
                for (r, d) in results.iter().zip(json["diagnostics"].as_array().unwrap()) {
                    let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap();
                    assert!(
                        uri.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)),
                        "{uri}"
                    );
                    let path = format!("site/{}", d["path"].as_str().unwrap());
                    assert_eq!(percent_decode(uri), path.as_bytes(), "{uri}");
                }
            }
            "junit" => {
                assert!(out.chars().all(xml_char), "{out}");
                // Markup only where the printer puts it: every `<` opens
                // one of its elements.
                for (i, _) in out.match_indices('<') {
                    let rest = &out[i..];
                    assert!(
                        [
                            "<?xml ",
                            "<testsuites ",
                            "<testsuite ",
                            "<testcase ",
                            "<failure ",
                            "</"
                        ]
                        .iter()
                        .any(|t| rest.starts_with(t)),
                        "{}",
                        &rest[..rest.len().min(60)]
                    );
                }
                assert_eq!(out.matches("<failure ").count(), findings);
            }
            "html" => {
                assert!(!out.contains("<x>"), "{out}");
                assert!(!out.contains("<i>"), "{out}");
                assert_eq!(raw_control(&out), None, "{out}");
            }
            _ => {}
        }
        let expected_path = root()
            .join("fixtures/report")
            .join(format!("hostile.{format}"));
        if bless {
            fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
            fs::write(&expected_path, &out).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != out {
            failures.push(format!(
                "--- {format} ---\nexpected:\n{expected}\nactual:\n{out}"
            ));
        }
    }
    // `fix` names the files it would change.
    let (out, _, code) = sitelint_in(tmp.path(), &["fix", "site", "--dry-run"]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 5, "{out}");
    assert_eq!(raw_control(&out), None, "{out}");
    assert!(
        out.contains("site/_posts/2020-01-02-b\\u{1b}]0;PWNED\\u{7}.md: would fix FM001 ×1"),
        "{out}"
    );
    assert!(
        failures.is_empty(),
        "{} snapshot(s) differ (SITELINT_BLESS=1 to update):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A minified page: 2,000 links on one line, the last ones past column
/// 65,535.
fn minified_site(site: &Path) {
    write(site, "_config.yml", "title: t\n");
    let body: String = (0..2000)
        .map(|i| format!("<div><a href=\"/page-{i}/\">Item {i}</a></div>"))
        .collect();
    write(
        site,
        "index.html",
        &format!("---\nlayout: null\n---\n{body}\n"),
    );
    write(site, "_posts/2020-01-01-fence.md", UNCLOSED);
}

#[test]
fn full_format_past_column_65535_and_fix_after_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    minified_site(&site);
    let (out, err, code) = sitelint_in(tmp.path(), &["check", "site"]);
    assert_eq!((err.as_str(), code), ("", 1), "{err}");
    assert!(
        out.contains(
            "site/index.html:4:89749: error[LNK001] Link target `/page-1999/` does not exist"
        ),
        "{}",
        &out[out.len().saturating_sub(2000)..]
    );
    assert!(out.lines().all(|l| l.chars().count() <= 160));
    // The HTML report shows a window of the line too, not the whole line
    // (90,000 characters) once per finding.
    let (html, _, _) = sitelint_in(tmp.path(), &["check", "site", "--format", "html"]);
    assert!(html.len() < 2001 * 1000, "{} bytes", html.len());
    let snippet = html
        .split("<pre class=\"snippet\">")
        .find(|s| s.contains("<mark>/page-1999/</mark>"))
        .unwrap();
    let snippet = &snippet[..snippet.find("</pre>").unwrap()];
    assert!(
        snippet.starts_with("<span class=\"ln\">4</span>…"),
        "{snippet}"
    );
    assert!(snippet.chars().count() < 400, "{snippet}");
    // `fix` writes the fence, then prints what is left.
    let (out, err, code) = sitelint_in(tmp.path(), &["fix", "site"]);
    assert_eq!((err.as_str(), code), ("", 1), "{err}");
    assert!(
        out.contains("Fixed 1 problem in 1 file (FM001 ×1)."),
        "{out}"
    );
    assert_eq!(
        fs::read_to_string(site.join("_posts/2020-01-01-fence.md")).unwrap(),
        "---\ntitle: a\n---\n"
    );
}

#[test]
fn full_format_shows_a_window_of_the_line_not_the_paragraph() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    write(&site, "_config.yml", "title: t\n");
    let sentence = "A long sentence of a paragraph written on one line, as editors do. ";
    let paragraph = format!(
        "{}See [the page](/nowhere/) for more. {}\nNext line.\nAnd another.\n",
        sentence.repeat(15),
        sentence.repeat(15)
    );
    write(
        &site,
        "index.md",
        &format!("---\ntitle: p\n---\n{paragraph}"),
    );
    let (out, _, code) = sitelint_in(tmp.path(), &["check", "site"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "site/index.md:4:1021: error[LNK001] Link target `/nowhere/` does not exist"
    );
    // The window: the span's line, cut around the span, and its markers.
    assert!(lines[1].starts_with(" 4 | …"), "{out}");
    assert!(lines[1].ends_with('…'), "{out}");
    assert!(
        lines[1].contains("See [the page](/nowhere/) for more."),
        "{out}"
    );
    let span_at = lines[1].find("/nowhere/").unwrap();
    let caret_at = lines[2].find('^').unwrap();
    // `…` is three bytes wide in UTF-8 and one column on screen.
    assert_eq!(caret_at, span_at - 2);
    assert_eq!(lines[2].matches('^').count(), "/nowhere/".len());
    assert_eq!(lines[3], "");
    assert!(!out.contains("Next line"));
    assert!(lines.iter().all(|l| l.chars().count() <= 160), "{out}");
}

fn infos_site(site: &Path) {
    write(site, "_config.yml", "title: t\n");
    // FM019 (info) with an unsafe fix; FM001 (error) with a safe fix.
    write(
        site,
        "_posts/2020-01-01-a.md",
        "---\ntitle: a\n# image: \"\"\n# video: \"\"\n---\nText.\n",
    );
    write(site, "_posts/2020-01-02-b.md", UNCLOSED);
}

#[test]
fn infos_are_counted_not_shown_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    infos_site(&tmp.path().join("my site"));
    let check = |args: &[&str]| {
        let mut all = vec!["check", "my site"];
        all.extend_from_slice(args);
        sitelint_in(tmp.path(), &all)
    };
    let (full, _, code) = check(&[]);
    assert_eq!(code, 1);
    assert!(!full.contains("FM019"), "{full}");
    assert!(
        full.ends_with(
            "Findings by rule:\n  1  FM001   unclosed-front-matter (1 fixable)\n\
             Found 1 error in 1 of 3 files (and 1 info, shown with `--show-infos`).\n\
             1 fixable with `sitelint fix 'my site'` (1 more with `--unsafe-fixes`: they can change meaning, so review them).\n"
        ),
        "{full}"
    );
    let (concise, _, _) = check(&["--format", "concise"]);
    assert_eq!(
        concise,
        "my site/_posts/2020-01-02-b.md:1:1: error[FM001] Front matter is never closed\n\
         Found 1 error in 1 of 3 files (and 1 info, shown with `--show-infos`). 1 fixable with `sitelint fix`.\n"
    );
    let (concise, _, _) = check(&["--format", "concise", "--show-infos"]);
    assert!(concise.contains("info[FM019]"), "{concise}");
    assert!(
        concise.ends_with(
            "Found 1 error and 1 info in 2 of 3 files. 1 fixable with `sitelint fix`.\n"
        )
    );
    let (full, _, _) = check(&["--show-infos", "--select", "FM019"]);
    assert!(full.contains("info[FM019]"), "{full}");
    assert!(
        full.ends_with(
            "Found 1 info in 1 of 3 files.\n1 fixable with `sitelint fix --unsafe-fixes --select FM019 'my site'`: unsafe fixes can change meaning, so review them.\n"
        ),
        "{full}"
    );
    // The machine formats list everything.
    for format in ["json", "github", "sarif", "junit"] {
        let (out, _, _) = check(&["--format", format]);
        assert!(out.contains("FM019"), "{format}: {out}");
    }
    // Only infos: nothing to show, but they are counted.
    let (out, _, code) = check(&["--select", "FM019"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "No problems found in 3 files (1 info, shown with `--show-infos`).\n1 fixable with `sitelint fix --unsafe-fixes --select FM019 'my site'`: unsafe fixes can change meaning, so review them.\n"
    );
}

#[test]
fn the_summary_lists_the_ten_most_frequent_rules() {
    let (out, _, _) = crate::sitelint(&["check", "fixtures/sites/demo"]);
    let summary = &out[out.find("Findings by rule:\n").expect("a summary")..];
    let rows: Vec<&str> = summary
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(rows.len(), 11, "{summary}");
    assert!(
        rows[0].starts_with("   3  LNK001  broken-link"),
        "{summary}"
    );
    assert!(rows[10].ends_with("in 90 more rules"), "{summary}");
}
