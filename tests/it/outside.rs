//! Nothing outside the site is read, printed or written, whatever the
//! site's files, links and settings say; named pipes never block a run.
//! (Unix only: the cases are symbolic links and named pipes.)
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use crate::sitelint_in;

const SECRET: &str = "ghp_SECRET123";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// A work folder holding a secret beside the sites: `secret.yml` (and
/// `private/_notes/n.md`) look like configuration and documents, so that
/// reading them would show in the output.
fn work() -> tempfile::TempDir {
    let w = tempfile::tempdir().unwrap();
    write(
        w.path(),
        "secret.yml",
        &format!(
            "TOKEN: {SECRET}\ncollections:\n  - name: {SECRET}\n    folder: _{SECRET}\n    fields: []\n"
        ),
    );
    write(
        w.path(),
        "private/_notes/n.md",
        &format!("---\npassword: {SECRET}\n---\nx\n"),
    );
    write(
        w.path(),
        "layouts/_secret_layout_ghp_SECRET123.html",
        "{{ content }}",
    );
    w
}

fn site(w: &Path, name: &str, config: &str) -> std::path::PathBuf {
    write(w, &format!("{name}/_config.yml"), config);
    write(
        w,
        &format!("{name}/_posts/2020-01-01-a.md"),
        "---\ntitle: A\nlayout: zzzzzzzz\n---\nText.\n",
    );
    w.join(name)
}

fn run_all_formats(w: &Path, name: &str) -> Vec<(String, i32)> {
    ["full", "concise", "json"]
        .iter()
        .map(|f| {
            let (out, err, code) = sitelint_in(w, &["check", name, "--format", f]);
            assert!(!err.contains("panicked"), "{err}");
            (format!("{out}{err}"), code)
        })
        .collect()
}

#[test]
fn files_outside_the_site_are_never_read_or_printed() {
    let w = work();
    let w = w.path();
    let secret = w.join("secret.yml");
    // settings files linked to a file outside
    let a = site(w, "a", "title: a\n");
    fs::remove_file(a.join("_config.yml")).unwrap();
    symlink(&secret, a.join("_config.yml")).unwrap();
    let b = site(w, "b", "title: b\n");
    symlink(&secret, b.join(".sitelint.yml")).unwrap();
    let c = site(w, "c", "title: c\n");
    fs::create_dir_all(c.join("admin")).unwrap();
    symlink(&secret, c.join("admin/config.yml")).unwrap();
    // settings naming files and folders outside
    site(w, "d", "title: d\ncollections_dir: ../private\n");
    site(w, "e", "title: e\nlayouts_dir: ../layouts\n");
    let f = site(w, "f", "title: f\n");
    symlink(w.join("layouts"), f.join("_layouts")).unwrap();
    let g = site(w, "g", "title: g\n");
    write(
        &g,
        ".sitelint.yml",
        &format!("language:\n  rules: [\"{}\"]\n", secret.display()),
    );
    let h = site(w, "h", "title: h\n");
    write(&h, ".sitelint.yml", "language:\n  rules: [../secret.yml]\n");
    let i = site(w, "i", "title: i\n");
    write(
        &i,
        ".sitelint.yml",
        &format!("schema:\n  cms: {}\n", secret.display()),
    );
    for name in ["a", "b", "c", "d", "e", "f", "g", "h", "i"] {
        for (out, code) in run_all_formats(w, name) {
            assert!(
                !out.contains("ghp_") && !out.contains("TOKEN"),
                "site {name} shows what lies outside it (exit {code}):\n{out}"
            );
        }
    }
    // the settings that name a file outside are a clear error
    for name in ["a", "b", "g", "h", "i"] {
        let (out, err, code) = sitelint_in(w, &["check", name]);
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(err.contains("outside the site"), "{name}: {err}");
    }
}

#[test]
fn named_pipes_are_not_opened() {
    let w = tempfile::tempdir().unwrap();
    let s = site(w.path(), "s", "title: s\n");
    for rel in [
        "notes.txt",
        "_posts/2020-01-02-pipe.md",
        "assets/pipe.png",
        "page.html",
    ] {
        fs::create_dir_all(s.join(rel).parent().unwrap()).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(s.join(rel))
            .status()
            .unwrap();
        assert!(status.success());
    }
    write(
        &s,
        "index.md",
        "---\ntitle: i\n---\n![x](/assets/pipe.png)\n",
    );
    // before, this never returned
    let (out, err, code) = sitelint_in(w.path(), &["check", "s", "--format", "concise"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Found 4 warnings in 4 of 7 files."), "{out}");
    for rel in [
        "_posts/2020-01-02-pipe.md",
        "assets/pipe.png",
        "notes.txt",
        "page.html",
    ] {
        assert!(
            out.contains(&format!("s/{rel}:1:1: warning[TXT002] File cannot be read: it is not a regular file (a named pipe, socket or device)")),
            "{rel}: {out}"
        );
    }
}

fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        out.push(e.file_name().to_string_lossy().into_owned());
        if e.file_type().unwrap().is_dir() {
            out.extend(
                tree(&e.path())
                    .into_iter()
                    .map(|n| format!("{}/{n}", e.file_name().to_string_lossy())),
            );
        }
    }
    out.sort();
    out
}

#[test]
fn nothing_is_written_outside_the_site() {
    let w = tempfile::tempdir().unwrap();
    let w = w.path();
    let out = w.join("out");
    fs::create_dir_all(&out).unwrap();
    write(w, "note.txt", "Hello world\n\nbody\n");
    fs::set_permissions(w.join("note.txt"), fs::Permissions::from_mode(0o644)).unwrap();
    // import into a collection folder linked outside
    let s1 = site(w, "s1", "title: t\ncollections:\n  news: {output: true}\n");
    symlink(&out, s1.join("_news")).unwrap();
    let (o, e, code) = sitelint_in(
        w,
        &[
            "migrate",
            "--site",
            "s1",
            "--write",
            "import",
            "note.txt",
            "--to",
            "news",
            "--date",
            "2020-01-01",
        ],
    );
    assert_eq!(code, 1, "{o}{e}");
    assert!(o.contains("outside the site; not written"), "{o}");
    // move into a collection whose name climbs out
    let s2 = site(
        w,
        "s2",
        "title: t\ncollections:\n  news: {output: true}\n  \"x/../../../gone\": {output: true}\n",
    );
    write(&s2, "_news/2020-01-01-a.md", "---\ntitle: A\n---\nA\n");
    sitelint_in(
        w,
        &[
            "migrate",
            "--site",
            "s2",
            "--write",
            "move",
            "_news/2020-01-01-a.md",
            "--to",
            "x/../../../gone",
        ],
    );
    // import with `collections_dir` climbing out: Jekyll reads it inside the site
    let s3 = site(
        w,
        "s3",
        "title: t\ncollections_dir: ../coll\ncollections:\n  news: {output: true}\n",
    );
    let (o, e, code) = sitelint_in(
        w,
        &[
            "migrate",
            "--site",
            "s3",
            "--write",
            "import",
            "note.txt",
            "--to",
            "news",
            "--date",
            "2020-01-01",
        ],
    );
    assert_eq!(code, 0, "{o}{e}");
    let imported = s3.join("coll/_news/2020-01-01-hello-world.md");
    // an imported file keeps the mode of the file it comes from
    assert_eq!(
        fs::metadata(&imported).unwrap().permissions().mode() & 0o777,
        0o644
    );
    // init through a dangling link
    let s4 = site(w, "s4", "title: t\n");
    symlink(w.join("outside-init.yml"), s4.join(".sitelint.yml")).unwrap();
    for args in [&["init", "s4"][..], &["init", "s4", "--force"]] {
        let (o, e, code) = sitelint_in(w, args);
        assert_eq!(code, 2, "{o}{e}");
        assert!(e.contains("`s4/.sitelint.yml` is a symbolic link"), "{e}");
    }

    let mut outside = tree(w);
    outside.retain(|p| {
        !p.starts_with("s1/")
            && !p.starts_with("s2/")
            && !p.starts_with("s3/")
            && !p.starts_with("s4/")
    });
    assert_eq!(outside, ["note.txt", "out", "s1", "s2", "s3", "s4"]);
}

#[test]
fn moved_files_keep_their_mode() {
    let w = tempfile::tempdir().unwrap();
    let s = site(
        w.path(),
        "s",
        "title: t\nplugins: [jekyll-redirect-from]\ncollections:\n  news: {output: true}\n  archives: {output: true}\n",
    );
    write(&s, "_news/2020-01-01-a.md", "---\ntitle: A\n---\nA\n");
    fs::set_permissions(
        s.join("_news/2020-01-01-a.md"),
        fs::Permissions::from_mode(0o664),
    )
    .unwrap();
    let (o, e, code) = sitelint_in(
        w.path(),
        &[
            "migrate",
            "--site",
            "s",
            "--write",
            "move",
            "_news/2020-01-01-a.md",
            "--to",
            "archives",
        ],
    );
    assert_eq!(code, 0, "{o}{e}");
    let moved = fs::metadata(s.join("_archives/2020-01-01-a.md")).unwrap();
    assert_eq!(moved.permissions().mode() & 0o777, 0o664);
}

#[test]
fn paths_from_two_sites_are_refused() {
    let w = tempfile::tempdir().unwrap();
    site(w.path(), "one", "title: one\n");
    site(w.path(), "two", "title: two\n");
    for cmd in ["check", "fix"] {
        let (o, e, code) = sitelint_in(w.path(), &[cmd, "one", "two"]);
        assert_eq!(code, 2, "{cmd}: {o}{e}");
        assert!(
            e.contains("`two` is not inside the site at `one`"),
            "{cmd}: {e}"
        );
    }
}

#[test]
fn a_linked_page_is_fixed_once_and_only_written_fixes_count() {
    let w = tempfile::tempdir().unwrap();
    let s = site(w.path(), "s", "title: t\n");
    fs::remove_file(s.join("_posts/2020-01-01-a.md")).unwrap();
    let page = "---\ntitle: P\n---\n[mail](a@example.org) and [x](/https://example.org/)\n";
    write(&s, "page.md", page);
    symlink(s.join("page.md"), s.join("same.md")).unwrap();
    let (o, e, code) = sitelint_in(w.path(), &["fix", "s"]);
    assert_eq!(code, 0, "{o}{e}");
    assert!(!o.contains("error"), "{o}");
    assert!(
        o.contains("Fixed 2 problems in 1 file (LNK006 ×1, LNK013 ×1)."),
        "{o}"
    );
    let fixed = fs::read_to_string(s.join("page.md")).unwrap();
    assert!(
        fixed.contains("mailto:a@example.org") && fixed.contains("(https://example.org/)"),
        "{fixed}"
    );
    assert!(
        fs::symlink_metadata(s.join("same.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // through the link, other rules apply: the second write cannot be
    // made, and its fixes are not counted
    write(&s, "page.md", page);
    write(
        &s,
        ".sitelint.yml",
        "per-path-ignores:\n  \"page.md\": [LNK006]\n  \"same.md\": [LNK013]\n",
    );
    let (o, e, code) = sitelint_in(w.path(), &["fix", "s"]);
    assert_eq!(code, 1, "{o}{e}");
    assert!(
        o.contains("error: could not write `s/same.md`: it is the same file as `page.md`"),
        "{o}"
    );
    assert!(o.contains("Fixed 1 problem in 1 file (LNK013 ×1)."), "{o}");
}

#[test]
fn files_named_on_the_command_line_are_not_written_through_planted_links() {
    // a pull request commits `baseline.json` and `schema.yml` as links to
    // a file of the user's; the commands that write them refuse the link
    let w = tempfile::tempdir().unwrap();
    let w = w.path();
    write(w, "bashrc", "mine\n");
    let s = site(w, "s", "title: t\n");
    symlink(w.join("bashrc"), s.join("baseline.json")).unwrap();
    symlink(w.join("bashrc"), s.join("schema.yml")).unwrap();
    symlink(w.join("created-outside"), s.join("dangling.yml")).unwrap();
    let runs: [&[&str]; 4] = [
        &["check", "s", "--write-baseline", "s/baseline.json"],
        &["schema", "infer", "s", "--write", "s/schema.yml"],
        &["schema", "infer", "s", "--write", "s/schema.yml", "--force"],
        &["schema", "infer", "s", "--write", "s/dangling.yml"],
    ];
    for args in runs {
        let (o, e, code) = sitelint_in(w, args);
        assert_eq!(code, 2, "{args:?}: {o}{e}");
        assert!(
            e.contains("is a symbolic link; not written"),
            "{args:?}: {e}"
        );
    }
    assert_eq!(fs::read_to_string(w.join("bashrc")).unwrap(), "mine\n");
    assert!(!w.join("created-outside").exists());
    // a plain path is written, inside the site or outside it
    for args in [
        &["check", "s", "--write-baseline", "s/b.json"][..],
        &["check", "s", "--write-baseline", "b.json"],
        &["schema", "infer", "s", "--write", "schema.yml"],
    ] {
        let (o, e, code) = sitelint_in(w, args);
        assert!(code < 2, "{args:?}: {o}{e}");
    }
    assert!(
        fs::read_to_string(s.join("b.json"))
            .unwrap()
            .starts_with('{')
    );
    assert!(w.join("b.json").is_file() && w.join("schema.yml").is_file());
}
