//! `sitelint migrate` on a copy of `fixtures/migrate/legacy/`: each
//! migration is planned (nothing written), then written; the final tree must
//! equal `fixtures/migrate/legacy.migrated/` (`SITELINT_BLESS=1` rewrites
//! it), and running the migrations again changes nothing.

use std::path::Path;

use crate::common::{copy_fixture, root, sitelint_in, snapshot_tree, tree};

const STEPS: &[&[&str]] = &[
    &["rename-key", "Author", "author", "--collection", "news"],
    &["drop-key", "published", "--when-value", "true"],
    &["set-key", "layout", "person", "--collection", "team"],
    &["normalize-dates", "--format", "date"],
];

#[test]
fn migrations_plan_then_write_exactly_and_settle() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/migrate/legacy", &site);
    let before = tree(&site);
    let import = root().join("fixtures/migrate/import/mentors.txt");
    let import = import.to_str().unwrap();
    let import_step: Vec<&str> = vec!["import", import, "--to", "news", "--date", "2024-02-01"];
    let mut steps: Vec<Vec<&str>> = STEPS.iter().map(|s| s.to_vec()).collect();
    steps.push(import_step);
    for step in &steps {
        let mut args = vec!["migrate", "--site", "site"];
        args.extend(step);
        let (out, stderr, code) = sitelint_in(tmp.path(), &args);
        assert_eq!(code, 1, "{step:?} plans a change: {out}{stderr}");
        assert!(out.contains("would change"), "{out}");
    }
    assert!(tree(&site) == before, "planning wrote files");
    // the conflict is reported, not guessed
    let (out, _, _) = sitelint_in(
        tmp.path(),
        &[
            "migrate",
            "--site",
            "site",
            "rename-key",
            "Author",
            "author",
        ],
    );
    assert!(
        out.contains("skipped: _news/2021-07-09-third.md: has both `Author` and `author`"),
        "{out}"
    );
    for step in &steps {
        let mut args = vec!["migrate", "--site", "site", "--write"];
        args.extend(step);
        let (out, stderr, code) = sitelint_in(tmp.path(), &args);
        assert_eq!(code, 0, "{step:?}: {out}{stderr}");
    }
    let expected = root().join("fixtures/migrate/legacy.migrated");
    if let Err(e) = snapshot_tree(&expected, &site) {
        panic!("{e}");
    }
    for step in &steps {
        let mut args = vec!["migrate", "--site", "site", "--write"];
        args.extend(step);
        let (out, _, _) = sitelint_in(tmp.path(), &args);
        assert!(
            out.contains("Nothing to migrate.") || out.contains("already exists"),
            "{step:?} is not idempotent: {out}"
        );
    }
}

fn urls(dir: &Path) -> std::collections::BTreeSet<String> {
    let (out, _, code) = sitelint_in(dir, &["urls", "."]);
    assert_eq!(code, 0);
    out.lines().map(String::from).collect()
}

#[test]
fn move_keeps_every_url_and_rewrites_links() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/migrate/move", &site);
    let before = urls(&site);
    let args = [
        "migrate",
        "--site",
        "site",
        "move",
        "_news/2021-01-05-old-post.md",
        "_news/2021-02-01-pinned.md",
        "_news/2021-03-01-listed.md",
        "--to",
        "archives",
    ];
    let (out, _, code) = sitelint_in(tmp.path(), &args);
    assert_eq!(code, 1, "{out}");
    let mut write = args.to_vec();
    write.insert(3, "--write");
    let (out, stderr, code) = sitelint_in(tmp.path(), &write);
    assert_eq!(code, 0, "{out}{stderr}");
    let after = urls(&site);
    let lost: Vec<&String> = before.difference(&after).collect();
    assert!(lost.is_empty(), "URLs no longer served: {lost:?}");
    let expected = root().join("fixtures/migrate/move.migrated");
    if let Err(e) = snapshot_tree(&expected, &site) {
        panic!("{e}");
    }
    // the moved paths are gone: naming them again is an error, not a silent no-op
    let (_, stderr, code) = sitelint_in(tmp.path(), &write);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`_news/2021-01-05-old-post.md` does not exist in the site"),
        "{stderr}"
    );
}
