//! Where the user stands: paths print relative to the current folder, and
//! `migrate` says what it acts on; its arguments are checked and described.

use std::fs;

use crate::{root, sitelint, sitelint_in};

#[test]
fn paths_print_relative_to_a_subfolder() {
    let posts = root().join("fixtures/sites/demo/_posts");
    let (out, stderr, _) = sitelint_in(&posts, &["check", "--format", "concise"]);
    assert!(
        out.starts_with("meeting-notes.md:1:1: warning[FM021]"),
        "{out}{stderr}"
    );
    let (out, _, _) = sitelint_in(&posts, &["check", "..", "--format", "concise", "-q"]);
    assert!(
        out.contains("\n../_config.yml:6:1: warning[CFG001]")
            || out.starts_with("../_config.yml:6:1"),
        "{out}"
    );
    assert!(out.contains("\nmeeting-notes.md:1:1:"), "{out}");
    assert!(out.contains("\n../_news/"), "{out}");
    let root = root().to_string_lossy().into_owned();
    assert!(!out.contains(&root), "no absolute paths: {out}");
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(
        p.join("_config.yml"),
        "collections:\n  news:\n    output: true\n  archives:\n    output: true\n",
    )
    .unwrap();
    for folder in ["_news", "_posts", "_archives"] {
        fs::create_dir(p.join(folder)).unwrap();
    }
    fs::write(
        p.join("_news/2021-01-01-a.md"),
        "---\ntitle: A\nAuthor: Dee\n---\nText.\n",
    )
    .unwrap();
    fs::write(
        p.join("_posts/2021-01-01-b.md"),
        "---\ntitle: B\nAuthor: Sam\n---\nText.\n",
    )
    .unwrap();
    dir
}

#[test]
fn migrate_from_a_subfolder_says_it_is_limited_to_it() {
    let dir = site();
    let news = dir.path().join("_news");
    let (out, stderr, code) = sitelint_in(&news, &["migrate", "rename-key", "Author", "author"]);
    assert_eq!(code, 1, "a plan is pending: {out}{stderr}");
    assert!(out.contains("_news/2021-01-01-a.md: "), "{out}");
    assert!(!out.contains("_posts"), "{out}");
    assert!(
        stderr.contains("Limited to `_news/` (the `--site` folder)")
            && stderr.contains("`--site ..`"),
        "{stderr}"
    );
    // `--only` narrows the folder, never widens it
    let (_, stderr, code) = sitelint_in(
        &news,
        &[
            "migrate",
            "rename-key",
            "Author",
            "author",
            "--only",
            "_posts",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`--only` names nothing inside `_news`"),
        "{stderr}"
    );
    let (_, stderr, code) = sitelint_in(
        dir.path(),
        &[
            "migrate",
            "rename-key",
            "Author",
            "author",
            "--only",
            "_nwes",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("`--only _nwes` does not exist"), "{stderr}");
    // from the root: the whole site, and no note
    let (out, stderr, _) = sitelint_in(dir.path(), &["migrate", "rename-key", "Author", "author"]);
    assert!(
        out.contains("_posts/2021-01-01-b.md") && out.contains("_news/2021-01-01-a.md"),
        "{out}"
    );
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn migrate_move_with_a_path_that_names_no_document_is_an_error() {
    let dir = site();
    for (path, why) in [
        ("_news/2021-01-01-nope.md", "does not exist in the site"),
        ("2021-01-01-a.md", "does not exist in the site"),
        ("../outside.md", "does not exist in the site"),
        ("_archives", "holds no document of the site"),
    ] {
        let (out, stderr, code) =
            sitelint_in(dir.path(), &["migrate", "move", path, "--to", "archives"]);
        assert_eq!(code, 2, "{path}: {out}{stderr}");
        assert!(
            stderr.contains(&format!(
                "`{path}` {why} (paths are relative to the site root"
            )),
            "{path}: {stderr}"
        );
    }
    let (out, stderr, code) = sitelint_in(
        dir.path(),
        &[
            "migrate",
            "move",
            "_news/2021-01-01-a.md",
            "--to",
            "archives",
            "--keep-permalink",
        ],
    );
    assert_eq!(code, 1, "{out}{stderr}");
}

#[test]
fn help_describes_arguments_and_fix_refuses_check_only_options() {
    for (command, wanted) in [
        (
            &["migrate", "rename-key", "--help"][..],
            "<OLD>  The key to rename",
        ),
        (&["migrate", "set-key", "--help"], "<VALUE>  Its value"),
        (
            &["migrate", "drop-key", "--help"],
            "<KEY>  The top-level front matter key",
        ),
        (&["migrate", "move", "--help"], "relative to the site"),
        (
            &["migrate", "import", "--help"],
            "<FILES>...  Plain-text files",
        ),
        (&["migrate", "--help"], "(and say so)"),
    ] {
        let (out, _, code) = sitelint(command);
        assert_eq!(code, 0);
        assert!(out.contains(wanted), "{command:?}:\n{out}");
    }
    let (help, _, _) = sitelint(&["fix", "--help"]);
    assert!(
        !help.contains("--statistics") && !help.contains("--write-baseline"),
        "{help}"
    );
    for flag in [&["--statistics"][..], &["--write-baseline", "b.json"]] {
        let mut args = vec!["fix", "fixtures/sites/demo"];
        args.extend(flag);
        let (_, stderr, code) = sitelint(&args);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("does nothing for `fix`"), "{stderr}");
    }
}

#[test]
fn completions_help_says_where_to_install() {
    let (out, _, _) = sitelint(&["completions", "--help"]);
    assert!(
        out.contains("~/.config/fish/completions/sitelint.fish"),
        "{out}"
    );
}
