//! sitelint's own settings: every key and value is validated, and a mistake
//! ends the run with exit code 2, naming the file, line and column.

use std::fs;

use crate::sitelint_in;

fn site(settings: Option<&str>, config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("_config.yml"), config).unwrap();
    fs::write(
        dir.path().join("index.md"),
        "---\ntitle: Home\n---\nHello.\n",
    )
    .unwrap();
    if let Some(s) = settings {
        fs::write(dir.path().join(".sitelint.yml"), s).unwrap();
    }
    dir
}

#[test]
fn every_settings_mistake_is_a_setup_error_with_its_place() {
    let cases = [
        (
            "selct: [FM]\n",
            ".sitelint.yml:1:1: unknown key `selct`; did you mean `select`?",
        ),
        (
            "languag:\n  quotes: skip\n",
            ".sitelint.yml:1:1: unknown key `languag`; did you mean `language`?",
        ),
        (
            "links:\n  external-prefix: [/docs/]\n",
            ".sitelint.yml:2:3: unknown key `external-prefix` in `links`; did you mean `external-prefixes`?",
        ),
        (
            "images:\n  maxsize: 1MB\n",
            ".sitelint.yml:2:3: unknown key `maxsize` in `images`; did you mean `max-size`?",
        ),
        (
            "github-pages: maybe\n",
            ".sitelint.yml:1:15: `github-pages` is `true` or `false`, not a string",
        ),
        (
            "images:\n  max-size: lots\n",
            ".sitelint.yml:2:13: `max-size` is `lots`; write a size in bytes, KB or MB, such as `1MB`",
        ),
        (
            "severity: {FM003: fatal}\n",
            ".sitelint.yml:1:19: `fatal` is not a severity; expected `error`, `warning` or `info`",
        ),
        (
            "severity:\n  FM003: warnign\n",
            ".sitelint.yml:2:10: `warnign` is not a severity; did you mean `warning`?",
        ),
        (
            "severity:\n  FM0003: info\n",
            ".sitelint.yml:2:3: `FM0003` in `severity` names no rule; did you mean `FM003`?",
        ),
        (
            "per-path-ignores:\n  \"_archives/*\": [LNK001, broken-links]\n",
            ".sitelint.yml:2:27: `broken-links` in `per-path-ignores` `_archives/*` names no rule; did you mean `broken-link`?",
        ),
        (
            "select: [FM, brokn-link]\n",
            ".sitelint.yml:1:14: `brokn-link` in `select` names no rule; did you mean `broken-link`?",
        ),
        (
            "ignore: QQQ\n",
            ".sitelint.yml:1:9: `QQQ` in `ignore` names no rule (a code such as `FM001`",
        ),
        (
            "select: [[FM]]\n",
            ".sitelint.yml:1:10: `select` is a value or a list of values, not a list",
        ),
        (
            "migrate:\n  import:\n    frontmatter: {layout: news}\n",
            ".sitelint.yml:3:5: unknown key `frontmatter` in `migrate.import`; did you mean `front-matter`?",
        ),
        (
            "migrate:\n  import:\n    front-matter: {tags: [a, b]}\n",
            ".sitelint.yml:3:26: `tags` in `front-matter` is a list; write one value (a text, number, boolean or date)",
        ),
        (
            "migrate:\n  import:\n    front-matter: {\"a\\nb: c\": x}\n",
            ".sitelint.yml:3:20: `a\\u{a}b: c` in `front-matter` is not a key `migrate import` can write",
        ),
        (
            "per-path-ignores:\n  ? [a, b]\n  : [FM001]\n",
            ".sitelint.yml:2:5: a key of `per-path-ignores` is a list; write a path or glob",
        ),
        (
            "language:\n  qoutes: skip\n",
            ".sitelint.yml:2:3: unknown field `qoutes` in `language`; did you mean `quotes`?",
        ),
        (
            "schema:\n  collection: {}\n",
            ".sitelint.yml:2:3: unknown key `collection` in `schema`; did you mean `collections`?",
        ),
        (
            "- select\n",
            ".sitelint.yml:1:1: the settings are a mapping of `key: value`, not a list",
        ),
    ];
    let mut failures = Vec::new();
    for (settings, expected) in cases {
        let dir = site(Some(settings), "title: Site\n");
        for command in [&["check"][..], &["fix", "--dry-run"]] {
            let (_, stderr, code) = sitelint_in(dir.path(), command);
            if code != 2 || !stderr.contains(expected) {
                failures.push(format!(
                    "{command:?} on {settings:?}: exit {code}, stderr {stderr:?}; expected {expected:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_sitelint_section_of_config_is_validated_too() {
    let dir = site(
        None,
        "title: Site\nsitelint:\n  ignore: [INC]\n  selct: [FM]\n",
    );
    let (_, stderr, code) = sitelint_in(dir.path(), &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("_config.yml:4:3: unknown key `selct`; did you mean `select`?"),
        "{stderr}"
    );
}

#[test]
fn valid_settings_pass() {
    let dir = site(
        Some(
            "select: [ALL]\nignore: []\nseverity:\n  FM003: error\n  LNK: warning\nper-path-ignores:\n  \"_archives/*\": [unclosed-front-matter, INC]\ngithub-pages: true\nlinks:\n  external-prefixes: /docs/\nimages:\n  max-size: 500 KB\n  alt-field: image-alt\nmigrate:\n  import:\n    front-matter: {layout: news}\nlanguage:\n  quotes: lower\n",
        ),
        "title: Site\n",
    );
    let (out, stderr, code) = sitelint_in(dir.path(), &["check"]);
    assert_eq!(code, 0, "{out}{stderr}");
    let empty = site(Some(""), "title: Site\n");
    let (_, stderr, code) = sitelint_in(empty.path(), &["check"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn unknown_rules_on_the_command_line_get_a_suggestion() {
    let dir = site(None, "title: Site\n");
    let (_, stderr, code) = sitelint_in(dir.path(), &["check", "--select", "broken-links"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`broken-links` in `--select` names no rule; did you mean `broken-link`?"),
        "{stderr}"
    );
    let (_, stderr, code) = sitelint_in(dir.path(), &["check", "--ignore", "FM,XYZ9"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`XYZ9` in `--ignore` names no rule"),
        "{stderr}"
    );
}

#[test]
fn settings_errors_cannot_write_workflow_commands() {
    // a key of a hostile `.sitelint.yml` quoted in the error is escaped:
    // its line break cannot start a line of the CI log
    for settings in [
        "\"x\\n::error file=README.md::INJECTED\": 1\n",
        "language:\n  \"x\\n::error::INJECTED\": 1\n",
        "schema:\n  \"x\\n::error::INJECTED\": 1\n",
    ] {
        let dir = site(Some(settings), "title: Site\n");
        let (_, stderr, code) = sitelint_in(dir.path(), &["check"]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(r"x\u{a}::error"), "{stderr}");
        assert!(!stderr.lines().any(|l| l.starts_with("::")), "{stderr}");
    }
}

#[test]
fn a_null_selection_is_no_selection() {
    // `select: ~` once selected the rule named `~`, that is none: every
    // check silently off
    let dir = site(Some("select: ~\nignore: null\n"), "title: Site\n");
    fs::write(dir.path().join("broken.md"), "---\ntitle: [x\n---\n").unwrap();
    let (out, stderr, code) = sitelint_in(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{out}{stderr}");
    assert!(out.contains("FM002"), "{out}");
}
