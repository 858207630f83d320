//! Hostile and broken input: every case gets a clear finding, the rest of
//! the run goes on, and sitelint exits 1 (findings), never 2 or a panic.

use std::fs;
use std::path::Path;

use crate::sitelint_in;

fn write(site: &Path, rel: &str, bytes: &[u8]) {
    let p = site.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

fn hostile_site(site: &Path) {
    write(
        site,
        "_config.yml",
        b"collections:\n  news:\n    output: true\n",
    );
    write(
        site,
        "_news/2020-01-01-ok.md",
        b"---\ntitle: Fine\n---\nStill checked.\n",
    );
    write(
        site,
        "_news/2020-01-02-latin1.md",
        b"---\ntitle: Caf\xe9\n---\n",
    );
    write(
        site,
        "_news/2020-01-03-bom.md",
        "\u{feff}---\ntitle: BOM\n---\n".as_bytes(),
    );
    write(
        site,
        "_news/2020-01-04-utf16.md",
        &[0xff, 0xfe, b'-', 0, b'-', 0, b'-', 0],
    );
    write(
        site,
        "_news/2020-01-05-crlf.md",
        b"---\r\ntitle: CRLF\r\n-----\r\n",
    );
    write(site, "_news/2020-01-06-cr.md", b"---\rtitle: CR\r---\r");
    write(site, "_news/2020-01-07-empty.md", b"");
    write(
        site,
        "_news/2020-01-08-binary.md",
        &[0u8, 159, 146, 150, 0, 1, 2, 255],
    );
    let mut bomb = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!(
            "{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    bomb.push_str("---\n");
    write(site, "_news/2020-01-09-alias-bomb.md", bomb.as_bytes());
    let deep = format!(
        "---\nx: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    write(site, "_news/2020-01-10-deep.md", deep.as_bytes());
    let mut many = String::from("---\n");
    for i in 0..10_000 {
        many.push_str(&format!("key{i}: value {i}\n"));
    }
    many.push_str("---\n");
    write(site, "_news/2020-01-11-many-keys.md", many.as_bytes());
    let long_line = format!("---\ntitle: Long\n---\n{}\n", "word ".repeat(2_000_000));
    write(site, "_news/2020-01-12-long-line.md", long_line.as_bytes());
    write(
        site,
        "_news/2020-01-13-civil-service-lgbt-social-– -cardiff.md",
        "---\ntitle: En dash\n---\n".as_bytes(),
    );
    write(
        site,
        "_news/2020-01-14-naïve café.md",
        b"---\ntitle: Spaces and accents\n---\n",
    );
    // 40 MB: over the 32 MiB limit
    let big = vec![b'a'; 40 * 1024 * 1024];
    write(site, "_news/2020-01-15-huge.md", &big);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop-b", site.join("loop-a")).unwrap();
        std::os::unix::fs::symlink("loop-a", site.join("loop-b")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", site.join("_news/outside.md")).unwrap();
        std::os::unix::fs::symlink("..", site.join("_news/up")).unwrap();
    }
}

#[test]
fn hostile_input_is_reported_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    hostile_site(&site);
    let start = std::time::Instant::now();
    let (out, stderr, code) =
        sitelint_in(tmp.path(), &["check", "site", "--format", "concise", "-q"]);
    let elapsed = start.elapsed();
    assert_eq!(code, 1, "{out}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let expect = [
        "site/_news/2020-01-02-latin1.md:2:11: error[TXT001] File is not valid UTF-8",
        "site/_news/2020-01-04-utf16.md:1:1: error[TXT001] File is UTF-16, not UTF-8",
        "site/_news/2020-01-05-crlf.md:1:1: error[FM001] Front matter is never closed",
        "site/_news/2020-01-06-cr.md:1:1: error[FM004]",
        "site/_news/2020-01-07-empty.md:1:1: error[FM004]",
        "site/_news/2020-01-08-binary.md:1:2: error[TXT001]",
        "site/_news/2020-01-10-deep.md:2:259: error[FM002] Front matter is not valid YAML: recursion limit exceeded",
        "site/_news/2020-01-15-huge.md:1:1: warning[TXT002] File is 41943040 bytes, more than the 33554432-byte limit",
        "site/_news/outside.md:1:1: warning[TXT002] Symbolic link is not followed: it points outside the site",
        "site/loop-a:1:1: warning[TXT002] Symbolic link is not followed",
        "site/loop-b:1:1: warning[TXT002] Symbolic link is not followed",
        "site/_news/up:1:1: warning[TXT002] Symbolic link is not followed: it points to a folder already read (a loop)",
    ];
    for e in expect {
        assert!(out.contains(e), "missing `{e}` in:\n{out}");
    }
    for quiet in [
        "2020-01-01-ok",
        "2020-01-03-bom",
        "2020-01-09-alias-bomb",
        "2020-01-11-many-keys",
        "2020-01-12-long-line",
        "cardiff",
        "naïve café",
    ] {
        assert!(
            !out.contains(quiet),
            "`{quiet}` must not be reported:\n{out}"
        );
    }
    // generous bound: the real cost is a fraction of a second
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
}

#[test]
fn broken_configs_are_findings_not_crashes() {
    for (config, expect) in [
        (
            &b"title: [unclosed\n"[..],
            "error[CFG002] `_config.yml` is not valid YAML",
        ),
        (
            &b"- a\n- b\n"[..],
            "error[CFG002] `_config.yml` holds a list",
        ),
        (&b"\xff\xfe\x00"[..], "error[CFG002]"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "site/_config.yml", config);
        write(
            tmp.path(),
            "site/_posts/2020-01-01-a.md",
            b"---\ntitle: a\n---\n",
        );
        let (out, stderr, code) =
            sitelint_in(tmp.path(), &["check", "site", "--format", "concise", "-q"]);
        assert_eq!(code, 1, "{out}{stderr}");
        assert!(out.contains(expect), "{out}");
    }
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "site/_config.yml", b"");
    let (out, _, code) = sitelint_in(tmp.path(), &["check", "site"]);
    assert_eq!(code, 0, "an empty config is Jekyll's defaults: {out}");
}

#[test]
fn links_that_climb_out_or_use_encodings() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "site/_config.yml", b"title: t\n");
    write(
        tmp.path(),
        "site/caf\u{e9}/index.md",
        "---\ntitle: Caf\u{e9}\n---\nhi\n".as_bytes(),
    );
    write(
        tmp.path(),
        "site/_posts/2020-01-01-links.md",
        b"---\ntitle: Links\n---\n\n[up](../../../../etc/passwd) [up2](/../../etc/hostname) [enc](/caf%C3%A9/) [raw](/caf\xc3\xa9/) [bad](/caf%ZZ/)\n",
    );
    let (out, stderr, code) =
        sitelint_in(tmp.path(), &["check", "site", "--format", "concise", "-q"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        out,
        "site/_posts/2020-01-01-links.md:5:6: error[LNK001] Link target `../../../../etc/passwd` does not exist\n\
         site/_posts/2020-01-01-links.md:5:36: error[LNK001] Link target `/../../etc/hostname` does not exist\n\
         site/_posts/2020-01-01-links.md:5:96: error[LNK001] Link target `/caf%ZZ/` does not exist\n"
    );
}

/// Issue 20: YAML read as Psych reads it (repro 14: merge keys and aliases;
/// FM007 on base-60 numbers, none on `1.0e3`), and a YAML limit reported as
/// a limit, with the variable that raises it.
#[test]
fn yaml_semantics_and_limits_as_psych() {
    let tmp = tempfile::tempdir().unwrap();
    let s = tmp.path().join("s");
    let files: &[(&str, &str)] = &[
        (
            "_config.yml",
            "title: t\ncd: &cd\n  output: true\n  permalink: /:collection/:title/\ncollections:\n  news:\n    <<: *cd\n",
        ),
        ("_news/a.md", "---\ntitle: a\n---\nb\n"),
        ("index.md", "---\ntitle: home\n---\n[a](/news/a/)\n"),
        (
            "_posts/2020-01-01-p.md",
            "---\ntitle: p\ncreated: &d 2020-01-01 10:00:00\ndate: *d\n---\nb\n",
        ),
        (
            "_posts/2020-01-02-q.md",
            "---\ntitle: 1.0e3\ndescription: a \"b,\" c\nexcerpt: y\n---\nb\n",
        ),
    ];
    for (rel, text) in files {
        let p = s.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let (out, _, code) = crate::sitelint_in(tmp.path(), &["check", "s", "--format", "concise"]);
    assert_eq!((out.as_str(), code), ("No problems found in 5 files.\n", 0));
    std::fs::write(
        s.join("_posts/2020-01-03-r.md"),
        "---\ntitle: 12:30\n---\nb\n",
    )
    .unwrap();
    let (out, _, _) = crate::sitelint_in(tmp.path(), &["check", "s", "--format", "concise"]);
    assert!(out.contains("s/_posts/2020-01-03-r.md:2:8: error[FM007] `title` is read as the number 45000, not as the text `12:30`"), "{out}");
    // over the node limit: said, with how to raise it
    let big = format!("title: t\nlist:\n{}", "- a\n".repeat(100_001));
    std::fs::write(s.join("_config.yml"), big).unwrap();
    let run = |nodes: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitelint"))
            .args(["check", "s", "--format", "full"])
            .current_dir(tmp.path())
            .env("NO_COLOR", "1")
            .env("SITELINT_YAML_MAX_NODES", nodes)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = run("");
    assert!(
        text.contains("`_config.yml` is too large to read: YAML has more than 100000 nodes"),
        "{text}"
    );
    assert!(text.contains("SITELINT_YAML_MAX_NODES"), "{text}");
    assert!(!text.contains("not valid YAML"), "{text}");
    let text = run("200000");
    assert!(!text.contains("CFG002"), "{text}");
}
