//! The persistent cache (`.sitelint_cache/`): a cached run says exactly
//! what a cold run says, after any sequence of edits, renames, deletions
//! and settings changes; a damaged or planted cache is never trusted.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{copy_fixture, write};

/// Run sitelint in `dir` with the cache on (unlike `common::sitelint_in`);
/// returns (stdout, whether the findings came from the cache).
fn run(dir: &Path, args: &[&str]) -> (String, bool) {
    let (stdout, stderr) = run_timed(dir, false, args);
    // a run that reads the site prints the phase; one from the cache does not
    let cached = stderr.contains("cache: lookup") && !stderr.contains("walk and read");
    (stdout, cached)
}

/// Run sitelint in `dir` with the cache on and its timings printed, under
/// pre-commit when `hook`; returns (stdout, stderr).
fn run_timed(dir: &Path, hook: bool, args: &[&str]) -> (String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitelint"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SITELINT_TIMINGS", "1")
        .env_remove("SITELINT_NO_CACHE")
        .env_remove("PRE_COMMIT")
        .env_remove("GITHUB_STEP_SUMMARY");
    if hook {
        cmd.env("PRE_COMMIT", "1");
    }
    let out = cmd.output().expect("run sitelint");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: exit {:?}\n{stderr}",
        out.status.code()
    );
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

/// Fail with the first line where two outputs differ.
fn assert_same(warm: &str, cold: &str, what: &str) {
    if warm != cold {
        let (n, (w, c)) = warm
            .lines()
            .chain(std::iter::repeat("(end)"))
            .zip(cold.lines().chain(std::iter::repeat("(end)")))
            .enumerate()
            .find(|(_, (w, c))| w != c)
            .unwrap();
        panic!("{what}: line {}: cached `{w}`, cold `{c}`", n + 1);
    }
}

/// The cached run's output equals the cold run's, for the whole site and
/// for `path`; returns whether the whole-site run came from the cache.
fn same_as_cold(site: &Path, path: &str, step: &str) -> bool {
    let (cold, _) = run(site, &["check", "--no-cache", "--format", "json"]);
    let (warm, cached) = run(site, &["check", "--format", "json"]);
    assert_same(&warm, &cold, &format!("whole site, after {step}"));
    // a printer that shows the source text reads it; json does not
    let (cold, _) = run(site, &["check", "--no-cache", "--format", "full"]);
    let (warm, _) = run(site, &["check", "--format", "full"]);
    assert_same(&warm, &cold, &format!("whole site, full, after {step}"));
    let (cold, _) = run(site, &["check", "--no-cache", "--format", "json", path]);
    let (warm, _) = run(site, &["check", "--format", "json", path]);
    assert_same(&warm, &cold, &format!("`{path}`, after {step}"));
    cached
}

/// Every regular file of the site, relative, but the cache's.
fn files(site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![site.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(site).unwrap().to_string_lossy().into_owned();
            if rel.starts_with(".sitelint_cache") {
                continue;
            }
            let kind = fs::symlink_metadata(&p).unwrap().file_type();
            if kind.is_dir() {
                stack.push(p);
            } else if kind.is_file() {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

/// One random change to the site; returns what it did.
fn change(site: &Path, rng: &mut Rng, n: usize) -> String {
    let all = files(site);
    let docs: Vec<&String> = all.iter().filter(|f| f.ends_with(".md")).collect();
    let doc = docs[rng.below(docs.len())].clone();
    let path = site.join(&doc);
    let text = fs::read_to_string(&path).unwrap_or_default();
    match rng.below(10) {
        0 => {
            // a link to a page that may or may not be there
            let target = ["/about/", "/contact/", "/news/missing/", "/team/alex/"][rng.below(4)];
            write(
                site,
                &doc,
                format!("{text}\nSee [this]({target}#part-{n}).\n"),
            );
            format!("a link in {doc}")
        }
        1 => {
            // a new permalink: every link to the page breaks
            let new = text.replacen("---\n", &format!("---\npermalink: /moved-{n}/\n"), 1);
            write(site, &doc, new);
            format!("a permalink in {doc}")
        }
        2 => {
            // (a post keeps its date: undated, it would be dated by the
            // build time, which no cache keeps; see the test below)
            let (dir, name) = doc.rsplit_once('/').unwrap_or(("", &doc));
            let dated = name.len() > 11 && name[..11].bytes().filter(|b| *b == b'-').count() == 3;
            let date = if dated { &name[..11] } else { "" };
            let to = if dir.is_empty() {
                format!("{date}renamed-{n}.md")
            } else {
                format!("{dir}/{date}renamed-{n}.md")
            };
            fs::rename(&path, site.join(&to)).unwrap();
            format!("{doc} renamed to {to}")
        }
        3 => {
            fs::remove_file(&path).unwrap();
            format!("{doc} deleted")
        }
        4 => {
            let settings = site.join(".sitelint.yml");
            if settings.exists() {
                fs::remove_file(&settings).unwrap();
                "the settings removed".into()
            } else {
                let rule = ["LNK001", "INC", "TXT003", "FM"][rng.below(4)];
                write(site, ".sitelint.yml", format!("ignore: [{rule}]\n"));
                format!("the settings ignore {rule}")
            }
        }
        5 => {
            let config = fs::read_to_string(site.join("_config.yml")).unwrap();
            let line = "permalink: /:categories/:title/\n";
            let new = if config.contains(line) {
                config.replace(line, "")
            } else {
                format!("{config}{line}")
            };
            write(site, "_config.yml", new);
            "the site's permalink style".into()
        }
        6 => {
            let image = format!("assets/images/added-{}.png", n % 3);
            if site.join(&image).exists() {
                fs::remove_file(site.join(&image)).unwrap();
                format!("{image} deleted")
            } else {
                write(site, &image, b"\x89PNG\r\n\x1a\n");
                format!("{image} added")
            }
        }
        7 => {
            // same size, same modification time: only the change time and
            // the content tell
            let file = fs::File::options().read(true).open(&path).unwrap();
            let modified = file.metadata().unwrap().modified().unwrap();
            let mut bytes = text.into_bytes();
            if let Some(b) = bytes.iter_mut().rev().find(|b| b.is_ascii_lowercase()) {
                *b = if *b == b'x' { b'y' } else { b'x' };
            }
            fs::write(&path, &bytes).unwrap();
            let file = fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(modified).unwrap();
            format!("one letter of {doc}, its time kept")
        }
        8 => {
            // touched, not changed
            let file = fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(std::time::SystemTime::now()).unwrap();
            format!("{doc} touched")
        }
        _ => {
            // the cache itself damaged
            let dir = site.join(".sitelint_cache");
            for e in fs::read_dir(&dir).into_iter().flatten().flatten() {
                if e.file_name().to_string_lossy().starts_with("check-") {
                    let mut bytes = fs::read(e.path()).unwrap();
                    let at = rng.below(bytes.len());
                    if n.is_multiple_of(2) {
                        bytes.truncate(at);
                    } else {
                        bytes[at] ^= 0x20;
                    }
                    fs::write(e.path(), bytes).unwrap();
                }
            }
            "the cache damaged".into()
        }
    }
}

#[test]
fn cached_runs_equal_cold_runs_after_random_changes() {
    for seed in [0x5eed_u64, 0x2026_1202] {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_fixture("fixtures/sites/demo", &site);
        if seed == 0x5eed {
            // files older than the first run: it stores their stat only,
            // not their hash (see cache/listing.rs)
            age(&site);
        }
        let mut rng = Rng(seed);
        let mut hits = 0;
        assert!(
            !same_as_cold(&site, "index.md", "nothing"),
            "a first run has no cache"
        );
        for n in 0..16 {
            let what = change(&site, &mut rng, n);
            let docs: Vec<String> = files(&site)
                .into_iter()
                .filter(|f| f.ends_with(".md"))
                .collect();
            let path = docs[rng.below(docs.len())].clone();
            same_as_cold(&site, &path, &what);
            // nothing changed since: the findings come from the cache
            let (again, cached) = run(&site, &["check", "--format", "json"]);
            let (cold, _) = run(&site, &["check", "--no-cache", "--format", "json"]);
            assert_same(
                &again,
                &cold,
                &format!("seed {seed:#x}, after {what}, run again"),
            );
            if !cached {
                eprintln!("seed {seed:#x}: not cached after {what}");
            }
            hits += usize::from(cached);
        }
        assert_eq!(
            hits, 16,
            "seed {seed:#x}: every unchanged site comes from the cache"
        );
    }
}

#[test]
fn findings_that_depend_on_the_time_are_kept_until_they_change() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/sites/demo", &site);
    // the demo's post dated 2999 keeps the findings until then
    run(&site, &["check"]);
    assert!(run(&site, &["check"]).1);
    // an undated document whose URL is made of its date is dated by the
    // build time: its URL changes with the clock, so nothing is kept
    write(
        &site,
        "_news/undated.md",
        "---\ntitle: Undated\n---\nText.\n",
    );
    run(&site, &["check"]);
    assert!(!run(&site, &["check"]).1);
    // with a URL that does not use the date, the run is kept again
    write(
        &site,
        "_news/undated.md",
        "---\ntitle: Undated\npermalink: /undated/\n---\nText.\n",
    );
    run(&site, &["check"]);
    assert!(run(&site, &["check"]).1);
}

#[test]
fn the_cache_is_made_with_its_gitignore_and_removed_by_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/sites/demo", &site);
    let (first, cached) = run(&site, &["check"]);
    assert!(!cached);
    let dir = site.join(".sitelint_cache");
    assert_eq!(
        fs::read_to_string(dir.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
    assert!(
        fs::read_to_string(dir.join("CACHEDIR.TAG"))
            .unwrap()
            .starts_with("Signature: 8a477f597d28d172789f06886806bc55")
    );
    let (second, cached) = run(&site, &["check"]);
    assert!(cached);
    assert_eq!(first, second);
    // the cache is not part of the site
    let (urls, _) = run(&site, &["urls", "--source"]);
    assert!(!urls.contains("sitelint_cache"), "{urls}");
    let out = Command::new(env!("CARGO_BIN_EXE_sitelint"))
        .args(["clean"])
        .current_dir(site.join("_news"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Removed `../.sitelint_cache`.\n"
    );
    assert!(!dir.exists());
    let out = Command::new(env!("CARGO_BIN_EXE_sitelint"))
        .args(["clean", "site"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "No cache at `site/.sitelint_cache`.\n"
    );
}

#[test]
fn no_cache_flag_setting_and_variable_leave_no_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/sites/demo", &site);
    let dir = site.join(".sitelint_cache");
    run(&site, &["check", "--no-cache"]);
    assert!(!dir.exists(), "--no-cache");
    let out = Command::new(env!("CARGO_BIN_EXE_sitelint"))
        .args(["check"])
        .current_dir(&site)
        .env("SITELINT_NO_CACHE", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.exists(), "SITELINT_NO_CACHE");
    write(&site, ".sitelint.yml", "cache: false\n");
    run(&site, &["check"]);
    assert!(!dir.exists(), "cache: false");
    write(&site, ".sitelint.yml", "cache: no-thanks\n");
    let out = Command::new(env!("CARGO_BIN_EXE_sitelint"))
        .args(["check"])
        .current_dir(&site)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`cache` is `true` or `false`, not a string"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.exists());
}

#[test]
fn a_foreign_or_planted_cache_is_never_trusted_nor_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/sites/demo", &site);
    let (cold, _) = run(&site, &["check", "--no-cache"]);
    // a cache from elsewhere (another site's, or made up), under every name
    run(&site, &["check"]);
    let dir = site.join(".sitelint_cache");
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("check-")
        })
        .collect();
    assert_eq!(names.len(), 1);
    for junk in [&b""[..], b"SLCACHE\0", &[0xff; 4096]] {
        fs::write(&names[0], junk).unwrap();
        let (warm, cached) = run(&site, &["check"]);
        assert!(!cached);
        assert_eq!(warm, cold);
    }
    // a cache that came with the site (in its Git index) is not used
    run(&site, &["check"]);
    assert!(run(&site, &["check"]).1);
    crate::common::git(&site, &["init", "-q"]);
    crate::common::git(&site, &["add", "-f", ".sitelint_cache"]);
    let (warm, cached) = run(&site, &["check"]);
    assert!(!cached, "a committed cache");
    assert_eq!(warm, cold);
    fs::remove_dir_all(site.join(".git")).unwrap();
    // the cache folder as a link to a folder outside the site: nothing is
    // written there
    fs::remove_dir_all(&dir).unwrap();
    let outside = tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, &dir).unwrap();
        let (warm, cached) = run(&site, &["check"]);
        assert!(!cached);
        assert_eq!(warm, cold);
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
        // `clean` removes the link, not what it points to
        let out = Command::new(env!("CARGO_BIN_EXE_sitelint"))
            .args(["clean"])
            .current_dir(&site)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(outside.exists() && fs::symlink_metadata(&dir).is_err());
    }
}

/// A file the cache had to read again to know it unchanged (touched, or
/// modified just before the cached run) is read once: the entry is
/// written again with its stat, and the next run trusts that.
#[test]
fn files_read_again_unchanged_are_read_once() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/sites/demo", &site);
    // (a link's own time cannot be set back: none is kept)
    let link = site.join("_team/outside.md");
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    fs::remove_file(&link).unwrap();
    // modified just now: the first run hashes every file
    let (first, cached) = run(&site, &["check"]);
    assert!(!cached);
    let entry = || -> Vec<u8> {
        let dir = site.join(".sitelint_cache");
        let mut names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("check-"))
            .collect();
        names.sort();
        assert_eq!(names.len(), 1, "{names:?}");
        fs::read(dir.join(&names[0])).unwrap()
    };
    let stored = entry();
    // every file touched, none changed: a hit, after reading them all
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for f in files(&site) {
        let file = fs::File::options().write(true).open(site.join(f)).unwrap();
        file.set_modified(past).unwrap();
    }
    let (second, cached) = run(&site, &["check"]);
    assert!(cached);
    assert_eq!(first, second);
    let relisted = entry();
    assert!(stored != relisted, "the entry is written with the new stat");
    // nothing read now: the entry is left as it is
    let (third, cached) = run(&site, &["check"]);
    assert!(cached);
    assert_eq!(first, third);
    assert!(
        relisted == entry(),
        "a run that read no file rewrites nothing"
    );
}

/// The `sitelint count:` figure `name` a run printed (0 when absent).
fn counted(stderr: &str, name: &str) -> usize {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("sitelint count: "))
        .find_map(|l| l.strip_prefix(name))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// The site as one commit, every file in it.
fn commit_all(site: &Path) {
    crate::common::git(site, &["init", "-q"]);
    crate::common::git(site, &["add", "-A"]);
    crate::common::git(site, &["commit", "-qm", "base"]);
}

/// The files of front matter the cache kept (`facts-*.bin`).
fn facts_files(site: &Path) -> Vec<fs::DirEntry> {
    fs::read_dir(site.join(".sitelint_cache"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("facts-"))
        .collect()
}

/// Every file of the site an hour old: older than the 2 s in which a
/// modification may hide another (see cache/listing.rs).
fn age(site: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for f in files(site) {
        let file = fs::File::options().write(true).open(site.join(f)).unwrap();
        file.set_modified(past).unwrap();
    }
}

/// A check of some files takes the other documents' front matter from the
/// facts an earlier run kept, and says what a cold run says: after one of
/// those documents changed (its URL: a link to it breaks), and in the
/// pre-commit hook, for a body changed, a title changed, and a document
/// changed before the facts were kept.
#[test]
fn kept_front_matter_spares_reading_and_changes_no_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/sites/demo", &site);
    age(&site);
    let one = "_news/2022-07-01-link-mistakes.md";
    let cold = |args: &[&str], hook: bool| {
        let mut args = args.to_vec();
        args.insert(1, "--no-cache");
        run_timed(&site, hook, &args).0
    };
    run_timed(&site, false, &["check"]);
    // (the file checked changed: the whole site's findings cannot serve)
    let mut file = fs::File::options()
        .append(true)
        .open(site.join(one))
        .unwrap();
    std::io::Write::write_all(&mut file, b"\nOne more line.\n").unwrap();
    let (warm, err) = run_timed(&site, false, &["check", one]);
    assert_same(&warm, &cold(&["check", one], false), "one file");
    // read: the file checked, and one that is not UTF-8 (never kept)
    assert_eq!(counted(&err, "documents read"), 2, "{err}");
    assert!(counted(&err, "documents known") > 15, "{err}");
    // the post it links to moves (a new date, then an hour old again:
    // the change time still tells)
    let welcome = site.join("_news/2022-01-13-welcome.md");
    let text = fs::read_to_string(&welcome).unwrap();
    fs::write(
        &welcome,
        text.replace("date: 2022-01-13", "date: 2022-01-14"),
    )
    .unwrap();
    age(&site);
    let (warm, _) = run_timed(&site, false, &["check", one]);
    let before = cold(&["check", one], false);
    assert!(before.contains("/news/2022/01/13/welcome/"), "{before}");
    assert_same(&warm, &before, "one file, after its link's target moved");
    // the pre-commit hook: a body changed, then a title
    fs::write(&welcome, &text).unwrap();
    age(&site);
    commit_all(&site);
    run_timed(&site, false, &["check"]);
    let hook = ["check", "--changed-since", "HEAD", "--format", "concise"];
    let linked = site.join(one);
    let body = fs::read_to_string(&linked).unwrap();
    for (step, new) in [
        (
            "a body",
            format!("{body}\n[gone](/news/2022/01/12/nowhere/)\n"),
        ),
        ("a title", body.replacen("title:", "title: Retitled", 1)),
    ] {
        fs::write(&linked, &new).unwrap();
        crate::common::git(&site, &["add", "-A"]);
        let (warm, err) = run_timed(&site, true, &hook);
        assert_same(&warm, &cold(&hook, true), &format!("hook, {step}"));
        assert!(counted(&err, "documents known") > 0, "{step}: {err}");
    }
    // the changed file's front matter was kept after the change: the hook
    // still compares its text with the commit's
    age(&site);
    run_timed(&site, false, &["check"]);
    let (warm, _) = run_timed(&site, true, &hook);
    let expected = cold(&hook, true);
    assert!(expected.contains(one), "{expected}");
    assert_same(&warm, &expected, "hook, changed file kept");
}

/// The pre-commit hook alone keeps the front matter of the documents
/// outside the change: the next commit's check reads none of them, and
/// says what a cold run says.
#[test]
fn the_hook_keeps_front_matter_for_the_next_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/sites/demo", &site);
    fs::remove_file(site.join("_team/outside.md")).unwrap();
    age(&site);
    commit_all(&site);
    let hook = ["check", "--changed-since", "HEAD", "--format", "concise"];
    let cold = || {
        let mut args = hook.to_vec();
        args.insert(1, "--no-cache");
        run_timed(&site, true, &args).0
    };
    let one = site.join("_news/2022-07-01-link-mistakes.md");
    let body = fs::read_to_string(&one).unwrap();
    fs::write(&one, format!("{body}\nA first line.\n")).unwrap();
    crate::common::git(&site, &["add", "-A"]);
    let (warm, err) = run_timed(&site, true, &hook);
    assert_same(&warm, &cold(), "first commit's hook");
    assert_eq!(counted(&err, "documents known"), 0, "{err}");
    assert_eq!(
        facts_files(&site).len(),
        1,
        "the hook kept the front matter"
    );
    crate::common::git(&site, &["commit", "-qm", "first"]);
    // the next commit: another line in the same post
    fs::write(&one, format!("{body}\nA first line.\nA second.\n")).unwrap();
    crate::common::git(&site, &["add", "-A"]);
    let (warm, err) = run_timed(&site, true, &hook);
    assert_same(&warm, &cold(), "next commit's hook");
    // read: the post changed, and one that is not UTF-8 (never kept)
    assert_eq!(counted(&err, "documents read"), 2, "{err}");
    assert!(counted(&err, "documents known") > 15, "{err}");
}

/// `sitelint check FILE` under pre-commit, run again with nothing changed,
/// leaves the kept front matter as it is: the file checked is read again
/// whatever the facts say, but with the stat they knew it adds nothing
/// (it was written again on every run).
#[cfg(unix)]
#[test]
fn checking_one_file_again_writes_no_facts() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_fixture("fixtures/sites/demo", &site);
    age(&site);
    commit_all(&site);
    let one = "_news/2022-07-01-link-mistakes.md";
    // the facts file, by name and inode (written again: a new inode)
    let facts = || {
        let found: Vec<(String, u64)> = facts_files(&site)
            .into_iter()
            .map(|e| {
                let ino = e.metadata().unwrap().ino();
                (e.file_name().to_string_lossy().into_owned(), ino)
            })
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        found
    };
    let (first, _) = run_timed(&site, true, &["check", one]);
    let kept = facts();
    let (again, err) = run_timed(&site, true, &["check", one]);
    assert_same(&again, &first, "one file, again");
    assert_eq!(facts(), kept, "the facts were written again:\n{err}");
    assert!(counted(&err, "documents known") > 15, "{err}");
    // a document outside the file, touched: its front matter is read and
    // the facts written again
    let welcome = site.join("_news/2022-01-13-welcome.md");
    let text = fs::read_to_string(&welcome).unwrap();
    fs::write(&welcome, text.replace("title:", "title: Again")).unwrap();
    crate::common::git(&site, &["add", "-A"]);
    age(&site);
    let (_, err) = run_timed(&site, true, &["check", one]);
    assert_ne!(facts(), kept, "the facts were not written again:\n{err}");
}
