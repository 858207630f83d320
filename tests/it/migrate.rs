//! `sitelint migrate` on a copy of `fixtures/migrate/legacy/`: each
//! migration is planned (nothing written), then written; the final tree must
//! equal `fixtures/migrate/legacy.migrated/` (`SITELINT_BLESS=1` rewrites
//! it), and running the migrations again changes nothing.

use std::fs;
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

fn write_site(dir: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
}

/// Issue 20 / repro 05: every conflict is found before anything is written,
/// and the whole move is refused, naming the files.
#[test]
fn move_refuses_on_any_conflict_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    write_site(
        &site,
        &[
            (
                "_config.yml",
                "title: t\ncollections:\n  news: {output: true, permalink: \"/news/:title/\"}\n  events: {output: true, permalink: \"/events/:title/\"}\n  archives: {output: true, permalink: \"/archives/:title/\"}\n",
            ),
            ("_news/2021-01-01-same.md", "---\ntitle: N\n---\nnews\n"),
            ("_events/2021-01-01-same.md", "---\ntitle: E\n---\nevent\n"),
            ("_news/2021-06-02-existing.md", "---\ntitle: X\n---\nx\n"),
            (
                "_archives/2021-06-01-existing.md",
                "---\ntitle: Y\n---\ny\n",
            ),
            (
                "index.md",
                "---\ntitle: Home\n---\n[news](/news/same/) [ev](/events/same/)\n",
            ),
        ],
    );
    let before = tree(&site);
    let (out, stderr, code) = sitelint_in(
        tmp.path(),
        &[
            "migrate",
            "--site",
            "s",
            "--write",
            "move",
            "_news/2021-01-01-same.md",
            "_events/2021-01-01-same.md",
            "_news/2021-06-02-existing.md",
            "--to",
            "archives",
        ],
    );
    assert_eq!(code, 2, "{out}{stderr}");
    assert!(stderr.contains("`_events/2021-01-01-same.md` and `_news/2021-01-01-same.md` would both become `_archives/2021-01-01-same.md`"), "{stderr}");
    assert!(stderr.contains("`_news/2021-06-02-existing.md` would be served at `/archives/existing/`, which `_archives/2021-06-01-existing.md` already serves"), "{stderr}");
    assert!(tree(&site) == before, "a refused move wrote files");
}

/// Issue 15: on a site without jekyll-redirect-from a `redirect_from`
/// serves nothing, so a move that changes a URL is refused (found by
/// scripts/fix-safety on a real site, whose moved posts lost their URLs);
/// `--keep-permalink` still moves them, keeping every URL.
#[test]
fn move_without_the_redirect_plugin_keeps_urls_or_refuses() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    write_site(
        &site,
        &[
            (
                "_config.yml",
                "title: t\npermalink: pretty\ncollections:\n  archives: {output: true, permalink: \"/archives/:title/\"}\n",
            ),
            ("_posts/2021-01-01-old.md", "---\ntitle: Old\n---\nold\n"),
            (
                "index.md",
                "---\ntitle: Home\n---\n[old](/2021/01/01/old/)\n",
            ),
        ],
    );
    let before = tree(&site);
    let urls_before = urls(&site);
    let args = [
        "migrate",
        "--site",
        "s",
        "--write",
        "move",
        "_posts/2021-01-01-old.md",
        "--to",
        "archives",
    ];
    let (out, stderr, code) = sitelint_in(tmp.path(), &args);
    assert_eq!(code, 2, "{out}{stderr}");
    assert!(
        stderr.contains("does not enable `jekyll-redirect-from`"),
        "{stderr}"
    );
    assert!(tree(&site) == before, "a refused move wrote files");
    let (out, stderr, code) = sitelint_in(tmp.path(), &[&args[..], &["--keep-permalink"]].concat());
    assert_eq!(code, 0, "{out}{stderr}");
    assert!(site.join("_archives/2021-01-01-old.md").exists());
    assert!(urls_before.is_subset(&urls(&site)), "{:?}", urls(&site));
}

/// `{% link %}` and `{% post_url %}` to moved documents are rewritten (Jekyll
/// stops the build on a tag naming a file that is gone), and flow front
/// matter takes its `redirect_from` inside the braces.
#[test]
fn move_rewrites_liquid_links() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    write_site(
        &site,
        &[
            (
                "_config.yml",
                "title: t\nplugins: [jekyll-redirect-from]\ncollections:\n  news: {output: true, permalink: \"/news/:title/\"}\n  archives: {output: true, permalink: \"/archives/:title/\"}\n",
            ),
            ("_news/2021-01-01-same.md", "---\ntitle: N\n---\nnews\n"),
            ("_posts/2021-05-01-post.md", "---\n{title: P}\n---\np\n"),
            (
                "index.md",
                "---\ntitle: Home\n---\n{% link _news/2021-01-01-same.md %} [p]({% post_url 2021-05-01-post %})\n",
            ),
        ],
    );
    let (out, stderr, code) = sitelint_in(
        tmp.path(),
        &[
            "migrate",
            "--site",
            "s",
            "--write",
            "move",
            "_news/2021-01-01-same.md",
            "_posts/2021-05-01-post.md",
            "--to",
            "archives",
        ],
    );
    assert_eq!(code, 0, "{out}{stderr}");
    assert_eq!(
        fs::read_to_string(site.join("index.md")).unwrap(),
        "---\ntitle: Home\n---\n{% link _archives/2021-01-01-same.md %} [p]({% link _archives/2021-05-01-post.md %})\n"
    );
    assert_eq!(
        fs::read_to_string(site.join("_archives/2021-05-01-post.md")).unwrap(),
        "---\n{title: P, redirect_from: [/2021/05/01/post.html]}\n---\np\n"
    );
}

/// Issue 20 / repros 03 and 04 through the binary: typed values, `--string`,
/// an anchored value reported and left, usage errors for bad names.
#[test]
fn key_migrations_keep_front_matter_meaning() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    let anchored = "---\ntitle: a\nexcerpt: &x text\ndescription: *x\n---\nb\n";
    write_site(
        &site,
        &[
            ("_config.yml", "title: t\n"),
            (
                "_posts/2020-01-01-empty.md",
                "---\ntitle: a\nexcerpt:\nlayout: post\n---\nb\n",
            ),
            ("_posts/2020-01-05-anchor.md", anchored),
        ],
    );
    let run = |args: &[&str]| {
        let mut all = vec!["migrate", "--site", "s", "--write"];
        all.extend(args);
        sitelint_in(tmp.path(), &all)
    };
    let (out, _, code) = run(&["set-key", "excerpt", "hello"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("skipped: _posts/2020-01-05-anchor.md: `excerpt`'s value is anchored as `&x`, and the alias `*x` on line 4 uses it"), "{out}");
    assert_eq!(
        fs::read_to_string(site.join("_posts/2020-01-05-anchor.md")).unwrap(),
        anchored
    );
    assert_eq!(
        fs::read_to_string(site.join("_posts/2020-01-01-empty.md")).unwrap(),
        "---\ntitle: a\nexcerpt: hello\nlayout: post\n---\nb\n"
    );
    run(&[
        "set-key",
        "sitemap",
        "false",
        "--only",
        "_posts/2020-01-01-empty.md",
    ]);
    run(&[
        "set-key",
        "time",
        "19:30",
        "--only",
        "_posts/2020-01-01-empty.md",
    ]);
    run(&[
        "set-key",
        "count",
        "3",
        "--string",
        "--only",
        "_posts/2020-01-01-empty.md",
    ]);
    assert_eq!(
        fs::read_to_string(site.join("_posts/2020-01-01-empty.md")).unwrap(),
        "---\ntitle: a\nexcerpt: hello\nlayout: post\nsitemap: false\ntime: \"19:30\"\ncount: \"3\"\n---\nb\n"
    );
    for bad in [
        &["rename-key", "title", "title"][..],
        &["rename-key", "title", "a\nb"],
        &["set-key", "", "x"],
    ] {
        let (_, stderr, code) = run(bad);
        assert_eq!(code, 2, "{bad:?}: {stderr}");
    }
}

/// Issue 15: imported text that looks like Liquid is wrapped in `{% raw %}`
/// (a `{% endraw %}` in it written so that it does not end the block), the
/// post passes LIQ001, and a source the site would publish is removed.
#[test]
fn import_protects_liquid_and_removes_the_published_source() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    write_site(
        &site,
        &[
            (
                "_config.yml",
                "title: t\ncollections:\n  news: {output: true}\nexclude: [drafts]\n",
            ),
            (
                "notes.txt",
                &fs::read_to_string(root().join("fixtures/migrate/import/templates.txt")).unwrap(),
            ),
            ("drafts/kept.txt", "Kept\n\nNo {{ liquid }} problem here.\n"),
        ],
    );
    let import = |file: &str| {
        sitelint_in(
            tmp.path(),
            &[
                "migrate",
                "--site",
                "s",
                "--write",
                "import",
                file,
                "--to",
                "news",
                "--date",
                "2024-01-02",
            ],
        )
    };
    let (out, stderr, code) = import("s/notes.txt");
    assert_eq!(code, 0, "{out}{stderr}");
    assert!(out.contains("notes.txt: remove: imported as"), "{out}");
    assert!(
        !site.join("notes.txt").exists(),
        "the published source stays"
    );
    let post = fs::read_to_string(site.join("_news/2024-01-02-templates-for-the-team.md")).unwrap();
    assert_eq!(
        post,
        "---\ntitle: Templates for the team\ndate: 2024-01-02\n---\n\n\
         {% raw %}Use {{ page.title }} in a layout, and {% raw %} to show Liquid as is.{% endraw %}\n\n\
         A paragraph without Liquid.\n\n\
         {% raw %}The tag {% endraw %}{{ \"{%\" }}{% raw %} endraw %} ends a raw block, {%- endraw -%} does not; {{ unclosed.{% endraw %}\n"
    );
    // a source Jekyll does not publish (an excluded folder) is kept
    let (out, stderr, code) = import("s/drafts/kept.txt");
    assert_eq!(code, 0, "{out}{stderr}");
    assert!(site.join("drafts/kept.txt").exists());
    let (out, _, code) = sitelint_in(tmp.path(), &["check", "s", "--select", "LIQ001"]);
    assert_eq!(code, 0, "{out}");
}

/// Issue 15 / repro 16: `normalize-dates` reads and writes dates in the
/// site's `timezone`, so no post changes URL (before, a zone-less string
/// was written with `+0000` and a post moved a day); dates with text after
/// them (which `check` says Jekyll reads) are normalized to what Jekyll
/// reads. `scripts/migrate-conformance` builds the same fixture with Jekyll.
#[test]
fn normalize_dates_keeps_every_url_in_the_site_time_zone() {
    for format in ["datetime", "date"] {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_fixture("fixtures/migrate/dates-tz", &site);
        let before = urls(&site);
        let (out, stderr, code) = sitelint_in(
            tmp.path(),
            &[
                "migrate",
                "--site",
                "site",
                "--write",
                "normalize-dates",
                "--format",
                format,
            ],
        );
        assert_eq!(code, 0, "{out}{stderr}");
        assert!(!out.contains("skipped"), "{out}");
        assert_eq!(
            urls(&site),
            before,
            "--format {format} moves a post:\n{out}"
        );
        let date = |name: &str| {
            let text = fs::read_to_string(site.join("_posts").join(name)).unwrap();
            text.lines()
                .find_map(|l| l.strip_prefix("date: "))
                .unwrap()
                .to_string()
        };
        assert_eq!(
            date("2020-01-01-string-after-midnight.md"),
            "2020-01-01 02:00:00 -0500"
        );
        assert_eq!(
            date("2024-03-26-timestamp-utc.md"),
            "2024-03-25 22:30:00 -0400"
        );
        let trailing = date("2022-07-05-trailing.md");
        assert_eq!(
            trailing,
            if format == "date" {
                "2022-07-05"
            } else {
                "2022-07-05 00:00:00 -0400"
            }
        );
        let (again, _, _) = sitelint_in(
            tmp.path(),
            &[
                "migrate",
                "--site",
                "site",
                "normalize-dates",
                "--format",
                format,
            ],
        );
        assert!(again.contains("Nothing to migrate."), "{again}");
    }
}

#[test]
fn import_writes_template_values_with_their_type() {
    // `published: false` in the template stays a boolean (as text, Jekyll
    // would publish every imported post), and so do numbers and dates
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("_news")).unwrap();
    fs::write(
        site.join("_config.yml"),
        "title: t\ncollections:\n  news: {output: true}\n",
    )
    .unwrap();
    fs::write(
        site.join(".sitelint.yml"),
        "migrate:\n  import:\n    front-matter:\n      published: false\n      order: 3\n      since: 2020-01-01\n      layout: news\n      note: 'yes'\n",
    )
    .unwrap();
    fs::write(tmp.path().join("note.txt"), "Hello world\n\nbody\n").unwrap();
    let (out, stderr, code) = sitelint_in(
        tmp.path(),
        &[
            "migrate",
            "--site",
            "site",
            "--write",
            "import",
            "note.txt",
            "--to",
            "news",
            "--date",
            "2020-01-01",
        ],
    );
    assert_eq!(code, 0, "{out}{stderr}");
    let post = fs::read_to_string(site.join("_news/2020-01-01-hello-world.md")).unwrap();
    assert_eq!(
        post,
        "---\ntitle: Hello world\ndate: 2020-01-01\npublished: false\norder: 3\nsince: 2020-01-01\nlayout: news\nnote: \"yes\"\n---\n\nbody\n"
    );
}

#[cfg(unix)]
#[test]
fn the_plan_escapes_file_names_and_values_from_the_site() {
    // a file name and a date with a line break and a terminal escape
    // cannot start a workflow command or reach the terminal raw
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("_posts")).unwrap();
    fs::write(site.join("_config.yml"), "title: t\n").unwrap();
    fs::write(
        site.join("_posts/2020-01-01-a\n::error file=README.md::INJECTED\u{1b}]0;x\u{7}.md"),
        "---\ntitle: A\ndate: \"2020-01-01\\n::error::DATE\"\n---\nA\n",
    )
    .unwrap();
    fs::write(
        site.join("_posts/2020-01-02-b\n::warning::X.md"),
        "---\ntitle: B\ndate: 2020-01-02\n---\nB\n",
    )
    .unwrap();
    for step in [&["set-key", "layout", "post"][..], &["normalize-dates"]] {
        let mut args = vec!["migrate", "--site", "site"];
        args.extend(step);
        let (out, stderr, code) = sitelint_in(tmp.path(), &args);
        assert!(code < 2, "{out}{stderr}");
        assert!(
            out.contains(r"a\u{a}::error file=README.md::INJECTED\u{1b}]0;x\u{7}.md"),
            "{out}"
        );
        assert!(!out.lines().any(|l| l.starts_with("::")), "{out}");
        assert!(!out.contains('\u{1b}'), "{out}");
    }
}
