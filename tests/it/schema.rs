//! `sitelint schema infer`: the report, `--write`, and that the written
//! schema is read back as settings.

use crate::sitelint;

#[test]
fn infer_prints_keys_types_and_counts() {
    let (out, err, code) = sitelint(&["schema", "infer", "fixtures/schema/valid-cms"]);
    assert_eq!(code, 0, "{err}");
    let expected = "collection news: 2 documents
  redirect_from     2 of 2     list (1), string (1)
  title             2 of 2     string
  author            1 of 2     string
  date              1 of 2     datetime
  layout            1 of 2     string
  pinned            1 of 2     boolean
  tone              1 of 2     string

";
    assert_eq!(out, expected);
}

#[test]
fn infer_writes_a_schema_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    std::fs::write(
        site.join("_config.yml"),
        "collections:\n  news:\n    output: true\n",
    )
    .unwrap();
    std::fs::create_dir(site.join("_news")).unwrap();
    std::fs::write(site.join("_news/a.md"), "---\ntitle: A\ncount: 1\n---\n").unwrap();
    std::fs::write(site.join("_news/b.md"), "---\ntitle: B\n---\n").unwrap();
    let target = site.join(".sitelint.yml");
    let target_arg = target.to_string_lossy().into_owned();
    let site_arg = site.to_string_lossy().into_owned();
    let (_, err, code) = sitelint(&["schema", "infer", &site_arg, "--write", &target_arg]);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.contains("    news:\n      fields:\n        title: { type: string, required: true }  # 2 of 2\n        count: { type: integer }  # 1 of 2\n"),
        "{written}"
    );
    // the written file is valid settings: a document without `title` is
    // now reported
    std::fs::write(site.join("_news/c.md"), "---\ncount: 2\n---\n").unwrap();
    let (out, err, code) = sitelint(&["check", &site_arg, "--format", "concise", "-q"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("[FM006] Key `title` is missing (required by .sitelint.yml, collection news)"),
        "{out}"
    );
    // a second write refuses, `--force` overwrites
    let (_, err, code) = sitelint(&["schema", "infer", &site_arg, "--write", &target_arg]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    let (_, err, code) = sitelint(&[
        "schema",
        "infer",
        &site_arg,
        "--write",
        &target_arg,
        "--force",
    ]);
    assert_eq!(code, 0, "{err}");
}
