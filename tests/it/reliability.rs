//! Hostile and broken input: every case gets a clear finding, the rest of
//! the run goes on, and sitelint exits 1 (findings), never 2 or a panic.

use std::path::Path;

use crate::common::write;
use crate::sitelint_in;

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
        [0xff, 0xfe, b'-', 0, b'-', 0, b'-', 0],
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
        [0u8, 159, 146, 150, 0, 1, 2, 255],
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
    let (out, stderr, code) =
        sitelint_in(tmp.path(), &["check", "site", "--format", "concise", "-q"]);
    assert_eq!(code, 1, "{out}\n{stderr}");
    // the whole report, exactly: every hostile file gets its one finding,
    // the quiet ones (valid, BOM, alias bomb, 10,000 keys, a 10 MB line,
    // odd names) none; this also bounds the output, deterministically
    assert_eq!(
        out,
        "site/_news/2020-01-02-latin1.md:2:11: error[TXT001] File is not valid UTF-8 (first invalid byte at offset 14)
site/_news/2020-01-04-utf16.md:1:1: error[TXT001] File is UTF-16, not UTF-8
site/_news/2020-01-05-crlf.md:1:1: error[FM001] Front matter is never closed
site/_news/2020-01-06-cr.md:1:1: error[FM004] Document in collection `news` has no front matter
site/_news/2020-01-07-empty.md:1:1: error[FM004] Document in collection `news` has no front matter
site/_news/2020-01-08-binary.md:1:2: error[TXT001] File is not valid UTF-8 (first invalid byte at offset 1)
site/_news/2020-01-10-deep.md:2:259: error[FM002] Front matter is not valid YAML: recursion limit exceeded
site/_news/2020-01-15-huge.md:1:1: warning[TXT002] File is 41943040 bytes, more than the 33554432-byte limit; it was not checked
site/_news/outside.md:1:1: warning[TXT002] Symbolic link is not followed: it points outside the site
site/_news/up:1:1: warning[TXT002] Symbolic link is not followed: it points to a folder already read (a loop)
site/loop-a:1:1: warning[TXT002] Symbolic link is not followed: its target does not exist or is a loop
site/loop-b:1:1: warning[TXT002] Symbolic link is not followed: its target does not exist or is a loop
"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.len() < 1024, "stderr grows with the input: {stderr}");
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

/// Issue 20: a paragraph of letters joined by U+200B made every TXT003
/// message quote the whole paragraph (1 GB of output from 154 KB), and
/// U+200B between Thai words was reported although it is how Thai marks
/// word breaks. The complexity of these cases is timed by
/// `scripts/complexity`; here the findings and the output bound.
#[test]
fn zero_width_spaces_at_scale() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "site/_config.yml", b"title: t\n");
    let latin = "a\u{200b}".repeat(4000);
    write(
        tmp.path(),
        "site/_posts/2020-01-01-latin.md",
        format!("---\ntitle: a\n---\n{latin}\n").as_bytes(),
    );
    let thai: Vec<&str> = ["ภาษา", "ไทย", "เขียน", "ติดกัน"].repeat(1000);
    write(
        tmp.path(),
        "site/_posts/2020-01-02-thai.md",
        format!("---\ntitle: b\n---\n{}\n", thai.join("\u{200b}")).as_bytes(),
    );
    let (out, stderr, code) =
        sitelint_in(tmp.path(), &["check", "site", "--format", "concise", "-q"]);
    assert_eq!(code, 0, "warnings only: {stderr}");
    let lines: Vec<&str> = out.lines().collect();
    // one finding for each U+200B between Latin letters (the last one ends
    // the paragraph), none in the Thai text
    assert_eq!(lines.len(), 4000);
    assert!(
        lines
            .iter()
            .all(|l| l.contains("latin.md") && l.contains("[TXT003]"))
    );
    let longest = lines.iter().map(|l| l.len()).max().unwrap_or(0);
    assert!(longest < 200, "a finding's line is {longest} bytes");
    assert!(
        lines[2000].ends_with(&format!("the word `…{}…`", "a".repeat(48))),
        "{}",
        lines[2000]
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
            .env("SITELINT_NO_CACHE", "1")
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
