//! The engine the commands share: find the site, load it with its rules,
//! run the checks and keep the findings for the paths asked about. The
//! command line (`app`) and every other face build on it; it knows nothing
//! of flags or printers.

use std::path::{Path, PathBuf};

use crate::checks::{self, Selection};
use crate::diagnostic::Diagnostic;
use crate::site::{self, Limits, Site};

/// What ends a run early: bad arguments or an unreadable site (exit 2).
#[derive(Debug)]
pub struct Failure(pub String);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<site::LoadError> for Failure {
    fn from(e: site::LoadError) -> Failure {
        Failure(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // the reader went away (`sitelint check | head`): not our failure
            return Failure(String::new());
        }
        Failure(format!("cannot write output: {e}"))
    }
}

/// The site and the parts of it the user asked about.
pub struct Target {
    pub root: PathBuf,
    /// Paths relative to the root (`/`-separated); empty means everything.
    pub only: Vec<String>,
}

impl Target {
    pub fn resolve(paths: &[PathBuf]) -> Result<Target, Failure> {
        let default = [PathBuf::from(".")];
        let paths = if paths.is_empty() {
            &default[..]
        } else {
            paths
        };
        for p in paths {
            if !p.exists() {
                return Err(Failure(format!("`{}` does not exist", p.display())));
            }
        }
        let root = from_inside(site::find_root(&paths[0])?);
        let abs_root = std::path::absolute(&root).map_err(|e| Failure(e.to_string()))?;
        let mut only = Vec::new();
        let mut whole = false;
        for p in paths {
            let abs = std::path::absolute(p).map_err(|e| Failure(e.to_string()))?;
            let rel = normalize(&abs)
                .strip_prefix(normalize(&abs_root))
                .map_err(|_| {
                    Failure(format!(
                        "`{}` is not inside the site at `{}`; check one site at a time",
                        p.display(),
                        root.display()
                    ))
                })?
                .to_string_lossy()
                .replace('\\', "/");
            // the root itself: every later path must still be inside it
            whole |= rel.is_empty();
            only.push(rel);
        }
        if whole {
            only.clear();
        }
        Ok(Target { root, only })
    }

    pub fn covers(&self, rel: &str) -> bool {
        site::covers(&self.only, rel)
    }
}

/// The site root as a path from the current folder (`..`, `../..`) when the
/// user stands inside the site and the root was found by walking up (an
/// absolute path): paths then print relative to where the user stands.
pub fn from_inside(root: PathBuf) -> PathBuf {
    if !root.is_absolute() {
        return root;
    }
    let Ok(cwd) = std::env::current_dir() else {
        return root;
    };
    match cwd.strip_prefix(&root) {
        Ok(below) => {
            let depth = below.components().count();
            if depth == 0 {
                PathBuf::from(".")
            } else {
                std::iter::repeat_n("..", depth).collect()
            }
        }
        Err(_) => root,
    }
}

/// `rel` (relative to a site root written as `..`, `../..`: see
/// [`from_inside`]) relative to the current folder: `x.md` for a file in
/// it, `../_config.yml` for one above. `None` for any other root.
pub fn from_cwd(root: &str, rel: &str) -> Option<String> {
    let depth = root.split('/').count();
    if !root.split('/').all(|c| c == "..") {
        return None;
    }
    let cwd = std::env::current_dir().ok()?;
    let names: Vec<String> = cwd
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    // the folders from the site root down to the current folder
    let below = names.get(names.len().checked_sub(depth)?..)?;
    let parts: Vec<&str> = rel.split('/').collect();
    let shared = below
        .iter()
        .zip(&parts)
        .take_while(|(a, b)| a.as_str() == **b)
        .count()
        .min(parts.len().saturating_sub(1));
    let mut out: Vec<&str> = vec![".."; below.len() - shared];
    out.extend(&parts[shared..]);
    Some(out.join("/"))
}

/// Remove `.` and `..` components without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub struct Checked {
    pub site: Site,
    pub target: Target,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// The files the run looked at, besides those its findings name (see
    /// [`counted`]).
    pub fn counted(&self) -> Vec<String> {
        counted(&self.site, &self.target)
    }
}

/// The files a run of `target` looks at, besides those its findings name:
/// the documents and symlinks checked, `_config.yml` and Jekyll's special
/// files (see [`files_checked`]), sorted.
pub fn counted(site: &Site, target: &Target) -> Vec<String> {
    counted_in(site, target)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// [`counted`], borrowed from the site.
fn counted_in<'s>(site: &'s Site, target: &Target) -> Vec<&'s str> {
    let covers = |rel: &str| target.covers(rel);
    let mut files: Vec<&str> = site
        .documents
        .iter()
        .filter(|d| {
            (d.is_rendered() || d.collection.is_some() || d.unchecked.is_some()) && covers(d.rel())
        })
        .map(|d| d.rel())
        .collect();
    if site.config.file.is_some() && covers("_config.yml") {
        files.push("_config.yml");
    }
    files.extend(
        site.symlinks
            .iter()
            .filter(|(rel, _)| covers(rel))
            .map(|(rel, _)| rel.as_str()),
    );
    files.extend(
        site.special_files
            .iter()
            .filter(|rel| site.document_at(rel).is_none() && covers(rel))
            .map(String::as_str),
    );
    files.sort_unstable();
    files.dedup();
    files
}

/// How many files a run looked at: `counted` (see [`Checked::counted`])
/// and any other file a finding names (a document Jekyll ignores, in a
/// folder that is not a collection), so that "in N of M files" never has
/// N above M.
pub fn files_checked(counted: &[String], diagnostics: &[Diagnostic]) -> usize {
    let mut files: std::collections::HashSet<&str> = counted.iter().map(String::as_str).collect();
    files.extend(diagnostics.iter().map(|d| d.file.rel.as_str()));
    files.len()
}

/// How many files of `diagnostics` (sorted by file) are not in `counted`
/// (sorted): with `counted.len()`, [`files_checked`] for a run whose
/// findings come a part at a time.
fn files_not_counted(counted: &[&str], diagnostics: &[Diagnostic]) -> usize {
    let mut n = 0;
    let mut last: Option<&str> = None;
    for d in diagnostics {
        let rel = d.file.rel.as_str();
        if last != Some(rel) {
            last = Some(rel);
            if counted.binary_search(&rel).is_err() {
                n += 1;
            }
        }
    }
    n
}

/// What `sitelint check` found: from a run, or from the cache.
pub struct Found {
    pub root: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    /// See [`Checked::counted`].
    pub counted: Vec<String>,
    /// The cache being written: join it before the process ends.
    pub storing: Option<std::thread::JoinHandle<()>>,
}

impl Found {
    /// What a run found. The site is not freed: the process ends soon,
    /// and freeing every document's text and tree one by one would only
    /// cost time.
    pub fn of(checked: Checked) -> Found {
        let found = Found {
            counted: checked.counted(),
            root: checked.target.root.clone(),
            diagnostics: checked.diagnostics,
            storing: None,
        };
        std::mem::forget(checked.site);
        found
    }
}

/// Set (to anything but `0`), the environment variable turns the cache
/// off, as `--no-cache` does (for scripts and tests that run sitelint on
/// folders they must leave as they are).
pub const NO_CACHE_VAR: &str = "SITELINT_NO_CACHE";

/// Whether a check of `target` goes through the persistent cache: not with
/// `--no-cache` (`no_cache`), [`NO_CACHE_VAR`] or the settings' `cache:
/// false`; a site whose settings cannot be read is checked as without a
/// cache, which reports why.
pub fn cache_wanted(target: &Target, no_cache: bool) -> bool {
    !no_cache
        && std::env::var_os(NO_CACHE_VAR).is_none_or(|v| v.is_empty() || v == "0")
        && Site::configure(&target.root).is_ok_and(|s| s.settings.cache() != Some(false))
}

/// Check `target` through the persistent cache ([`crate::cache`]) when
/// `cached` (see [`cache_wanted`]): the findings of an earlier run of the
/// same site, unchanged, with the same options, or else a run whose
/// findings are kept for the next. Without `texts` (the printer shows no
/// source text), cached findings come with their positions only, and no
/// file they name is read.
pub fn check_target_cached(
    target: Target,
    selection: &Selection,
    cached: bool,
    texts: bool,
) -> Result<Found, Failure> {
    if !cached {
        return Ok(Found::of(check_target(
            target,
            selection,
            &site::Overlay::new(),
        )?));
    }
    let cache = crate::timings::phase("cache: read", || {
        crate::cache::Cache::new(
            &target.root,
            &selection.select,
            &selection.ignore,
            !target.only.is_empty(),
        )
    });
    let listing = crate::timings::phase("cache: fingerprint", || cache.fingerprint());
    let store = cache.writer();
    let facts = cache.facts();
    if let Some(mut hit) = crate::timings::phase("cache: lookup", || {
        cache.lookup(&listing, &target.only, &|rel| target.covers(rel), texts)
    }) {
        let storing = store.refresh(&mut hit, &listing);
        return Ok(Found {
            root: target.root,
            diagnostics: hit.findings.diagnostics,
            counted: hit.findings.counted,
            storing,
        });
    }
    // a check of some paths takes every other document's front matter
    // from what an earlier run kept, where its file is unchanged since
    let facts = crate::timings::phase("cache: facts", || {
        (!target.only.is_empty()).then(facts).flatten()
    });
    let known = |entry: &site::walk::Entry| {
        if target.covers(&entry.rel) {
            return None;
        }
        let i = listing
            .files
            .binary_search_by(|f| f.rel.as_str().cmp(&entry.rel))
            .ok()?;
        facts.as_ref()?.front(&entry.rel, &listing.files[i])
    };
    let known: Option<&site::Known> = facts.as_ref().map(|_| &known as _);
    let loaded = finish_load(
        read_site_with(
            &target.root,
            &site::Overlay::new(),
            &[],
            Limits {
                stats: true,
                ..Limits::default()
            },
            known,
        )?,
        selection,
        &[],
    )?;
    let Checked {
        site,
        target,
        diagnostics,
    } = run_loaded(loaded, target, &|_| true, &|_| checks::Part::Whole);
    let entry = crate::cache::Entry {
        listing,
        horizon: crate::clock::horizon(),
        findings: crate::cache::Findings {
            counted: counted(&site, &target),
            diagnostics,
        },
        only: target.only,
    };
    let storing = crate::timings::phase("cache: store", || store.store(&entry, Some(site)));
    Ok(Found {
        root: target.root,
        diagnostics: entry.findings.diagnostics,
        counted: entry.findings.counted,
        storing: Some(storing),
    })
}

/// Load and check; diagnostics are filtered to the target and sorted.
/// `selection` comes from the command line and is combined with the
/// site's settings: a command-line `--select` replaces the settings'
/// `select`; `--ignore` adds to the settings' `ignore`.
pub fn check_paths(paths: &[PathBuf], selection: &Selection) -> Result<Checked, Failure> {
    let target = Target::resolve(paths)?;
    check_target(target, selection, &site::Overlay::new())
}

pub fn check_target(
    target: Target,
    selection: &Selection,
    overlay: &site::Overlay,
) -> Result<Checked, Failure> {
    let loaded = load_target(&target.root, selection, overlay, &[])?;
    Ok(run_loaded(loaded, target, &|_| true, &|_| {
        checks::Part::Whole
    }))
}

/// A site read, with its rules prepared, ready to check.
pub struct Loaded {
    pub site: Site,
    pub prepared: checks::Prepared,
    pub selection: Selection,
}

pub fn load_target(
    root: &Path,
    selection: &Selection,
    overlay: &site::Overlay,
    hide: &[String],
) -> Result<Loaded, Failure> {
    finish_load(read_site(root, overlay, hide)?, selection, &[])
}

/// A site's files read and its rules compiled: the first half of
/// [`load_target`].
pub struct Read {
    site: Site,
    files: site::Files,
    prepared: Result<checks::Prepared, String>,
}

/// Read the site at `root` (without the files `hide` names, as though
/// `exclude` named them) and compile its rules, side by side.
pub fn read_site(root: &Path, overlay: &site::Overlay, hide: &[String]) -> Result<Read, Failure> {
    read_site_with(root, overlay, hide, Limits::default(), None)
}

/// [`read_site`] taking from `facts` the front matter of the documents
/// whose files are unchanged since an earlier run kept it (see
/// [`crate::cache::Facts`]): those come without their text, which
/// [`run_loaded`] reads for the documents it checks whole. With `stats`,
/// each document read keeps its file's stat, so that its front matter can
/// be kept in turn (see [`crate::cache::keep_facts`]).
pub fn read_site_known(
    root: &Path,
    overlay: &site::Overlay,
    hide: &[String],
    facts: Option<&crate::cache::Facts>,
    stats: bool,
) -> Result<Read, Failure> {
    let known = |entry: &site::walk::Entry| facts?.front_on_disk(&entry.rel, &entry.path);
    let known: Option<&site::Known> = facts.map(|_| &known as _);
    let limits = Limits {
        stats,
        ..Limits::default()
    };
    read_site_with(root, overlay, hide, limits, known)
}

/// [`read_site`] within `limits`, with the front matter of the documents
/// `known` knows (see [`Site::read_files_known`]).
fn read_site_with(
    root: &Path,
    overlay: &site::Overlay,
    hide: &[String],
    limits: Limits,
    known: Option<&site::Known>,
) -> Result<Read, Failure> {
    let mut site = Site::configure(root)?;
    // files that are not there (`--changed-since`: added since the commit)
    site.config.exclude.extend(hide.iter().cloned());
    let (files, prepared) = crate::timings::phase("load site and rules", || {
        rayon::join(
            || site.read_files_known(limits, overlay, known),
            || checks::prepare_settings(&site),
        )
    });
    Ok(Read {
        site,
        files,
        prepared,
    })
}

/// The second half of [`load_target`]: the URL index and the schema's
/// statistics, and the selection checked against the rules. `hide` leaves
/// out what [`read_site`] read but should not have: the result is as if it
/// had been given to `read_site` (the hook guesses the site before git
/// has said which files are untracked).
pub fn finish_load(read: Read, selection: &Selection, hide: &[String]) -> Result<Loaded, Failure> {
    let given = selection;
    let Read {
        mut site,
        mut files,
        prepared,
    } = read;
    if !hide.is_empty() {
        files.hide(&site.config, hide);
        site.config.exclude.extend(hide.iter().cloned());
    }
    site.set_files(files);
    let settings = &site.settings;
    let selection = Selection {
        select: if selection.select.is_empty() {
            settings.select.clone()
        } else {
            selection.select.clone()
        },
        ignore: settings
            .ignore
            .iter()
            .chain(&selection.ignore)
            .cloned()
            .collect(),
    };
    let prepared = prepared.map(|mut prepared| {
        crate::timings::phase("url index and statistics", || {
            let (stats, ()) = rayon::join(
                || crate::schema::infer::Stats::collect(&site),
                || {
                    if checks::needs_urls(&selection) {
                        site.urls();
                    }
                },
            );
            prepared.schema.stats = stats;
        });
        prepared
    });
    // a broken `schema` section or rule file is a setup error (exit 2)
    let prepared = prepared.map_err(Failure)?;
    // every rule named in the settings or on the command line exists
    let rules = prepared.rules();
    settings.check_rules(&rules).map_err(Failure)?;
    for (flag, list) in [("--select", &given.select), ("--ignore", &given.ignore)] {
        if let Some(s) = list
            .iter()
            .find(|s| !rules.iter().any(|r| checks::selector_matches(s, r)))
        {
            return Err(Failure(crate::settings::unknown_rule(
                s,
                &format!("`{flag}`"),
                &rules,
            )));
        }
    }
    Ok(Loaded {
        site,
        prepared,
        selection,
    })
}

/// Check a loaded site: per-document checks for the documents `target`
/// covers and `docs` accepts, the part of them `part` says (see
/// [`checks::run_with`]).
pub fn run_loaded(
    loaded: Loaded,
    target: Target,
    docs: &(dyn Fn(&str) -> bool + Sync),
    part: &(dyn Fn(&site::Document) -> checks::Part + Sync),
) -> Checked {
    let Loaded {
        mut site,
        prepared,
        selection,
    } = loaded;
    let wanted = |rel: &str| target.covers(rel) && docs(rel);
    // (the documents checked whole need their text)
    site.restore_texts(&wanted);
    let mut diagnostics = crate::timings::phase("checks", || {
        checks::run_with(&site, &selection, &prepared, &wanted, part)
    });
    crate::timings::phase("settings", || {
        diagnostics.retain(|d| target.covers(&d.file.rel));
        apply_settings(&site.settings, &mut diagnostics);
    });
    Checked {
        site,
        target,
        diagnostics,
    }
}

/// How many documents a windowed run checks at a time (see
/// [`stream_loaded`]), unless [`WINDOW_VAR`] says otherwise: enough to
/// keep both threads busy and the tail of each window short, few enough
/// that a window's findings and bodies are a small part of the run.
pub const WINDOW: usize = 4096;

/// Set to a number, the environment variable sets the documents per window
/// of a windowed run (the tests use windows of one document).
pub const WINDOW_VAR: &str = "SITELINT_WINDOW";

fn window() -> usize {
    std::env::var(WINDOW_VAR)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(WINDOW)
}

/// Bytes of document text a windowed run keeps once read (see
/// [`load_for_windows`]), unless [`TEXT_KEPT_VAR`] says otherwise.
pub const TEXT_KEPT: usize = 128 * 1024 * 1024;

/// Set to a number of bytes, the environment variable sets how much
/// document text a windowed run keeps (the tests keep none).
pub const TEXT_KEPT_VAR: &str = "SITELINT_TEXT_KEPT";

/// [`load_target`] for [`stream_loaded`]: past [`TEXT_KEPT`] bytes of
/// document text, each document's text is dropped once its front matter
/// is parsed and read again in its window, so that what a large site's
/// run holds is its front matter and URLs, not its text.
pub fn load_for_windows(root: &Path, selection: &Selection) -> Result<Loaded, Failure> {
    let text_kept = std::env::var(TEXT_KEPT_VAR)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(TEXT_KEPT);
    let limits = Limits {
        text_kept,
        ..Limits::default()
    };
    finish_load(
        read_site_with(root, &site::Overlay::new(), &[], limits, None)?,
        selection,
        &[],
    )
}

/// Check a loaded site a window of documents at a time, in path order
/// (see [`checks::run_windowed`]): `each` gets the final findings of each
/// window, filtered to the target, in the order [`run_loaded`] would give
/// them all, and can write and drop them, so that a run never holds every
/// finding. Returns how many files were checked (see [`files_checked`]).
/// The site is not freed (the process ends after the report).
pub fn stream_loaded<E>(
    loaded: Loaded,
    target: Target,
    each: &mut dyn FnMut(Vec<Diagnostic>) -> Result<(), E>,
) -> Result<usize, E> {
    let Loaded {
        site,
        prepared,
        selection,
    } = loaded;
    let counted = counted_in(&site, &target);
    let mut not_counted = 0;
    let result = crate::timings::phase("checks and report, by window", || {
        checks::run_windowed(
            &site,
            &selection,
            &prepared,
            &|rel: &str| target.covers(rel),
            window(),
            &mut |mut diagnostics| {
                diagnostics.retain(|d| target.covers(&d.file.rel));
                apply_settings(&site.settings, &mut diagnostics);
                not_counted += files_not_counted(&counted, &diagnostics);
                each(diagnostics)
            },
        )
    });
    let checked = counted.len() + not_counted;
    drop(counted);
    std::mem::forget(site);
    result.map(|()| checked)
}

/// Check a loaded site and keep it: what [`run_loaded`] does, for a caller
/// that checks the same site again after replacing some of its documents
/// (the language server). Diagnostics are filtered to the target.
pub fn check_loaded(loaded: &Loaded, target: &Target) -> Vec<Diagnostic> {
    let mut diagnostics = checks::run_with(
        &loaded.site,
        &loaded.selection,
        &loaded.prepared,
        &|rel: &str| target.covers(rel),
        &|_| checks::Part::Whole,
    );
    diagnostics.retain(|d| target.covers(&d.file.rel));
    apply_settings(&loaded.site.settings, &mut diagnostics);
    diagnostics
}

/// Severity overrides and per-path ignores from the settings.
fn apply_settings(settings: &crate::settings::Settings, diagnostics: &mut Vec<Diagnostic>) {
    if !settings.per_path_ignores.is_empty() {
        diagnostics.retain(|d| {
            !settings.per_path_ignores.iter().any(|(glob, rules)| {
                crate::config::path_matches(glob, &d.file.rel)
                    && rules.iter().any(|r| checks::selector_matches(r, d.rule))
            })
        });
    }
    for d in diagnostics.iter_mut() {
        // the most specific matching override wins: a code beats a prefix
        if let Some((_, sev)) = settings
            .severity
            .iter()
            .filter(|(sel, _)| checks::selector_matches(sel, d.rule))
            .max_by_key(|(sel, _)| sel.len())
        {
            d.severity = *sev;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files a loaded site holds, by kind.
    fn listing(loaded: &Loaded) -> Vec<String> {
        let site = &loaded.site;
        let mut out: Vec<String> = site.documents.iter().map(|d| d.rel().to_string()).collect();
        out.extend(site.files.iter().map(|f| format!("file {}", f.rel)));
        out.extend(site.symlinks.iter().map(|(rel, _)| format!("link {rel}")));
        out.extend(
            site.special_files
                .iter()
                .map(|rel| format!("special {rel}")),
        );
        out.extend(site.config.exclude.iter().map(|e| format!("exclude {e}")));
        out
    }

    /// Hiding files after the read leaves the site the walk leaves when
    /// they are excluded before it: by exact path, by folder, by Jekyll's
    /// prefix match, and never what `include` names.
    #[test]
    fn hiding_after_the_read_equals_excluding_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "_config.yml",
            "title: Hide\ninclude: [kept.md, drafts/kept.md]\n",
        );
        let page = "---\ntitle: A page\n---\n\nText.\n";
        for rel in [
            "index.md",
            "drafts/one.md",
            "drafts/kept.md",
            "drafts-old.md",
            "notes/a.md",
            "notes/b.md",
            "kept.md",
            "_posts/2020-01-01-new.md",
            "_posts/2020-01-02-old.md",
        ] {
            write(rel, page);
        }
        write("notes/image.png", "not an image");
        let hidden: Vec<String> = [
            "drafts",
            "notes/a.md",
            "kept.md",
            "_posts/2020-01-01-new.md",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let selection = Selection::default();
        let overlay = site::Overlay::new();
        let before = load_target(root, &selection, &overlay, &hidden).unwrap();
        let after =
            finish_load(read_site(root, &overlay, &[]).unwrap(), &selection, &hidden).unwrap();
        assert_eq!(listing(&before), listing(&after));
        let kept = listing(&after);
        assert!(kept.contains(&"kept.md".to_string()), "{kept:?}");
        assert!(!kept.iter().any(|f| f.starts_with("drafts")), "{kept:?}");
        assert!(kept.contains(&"notes/b.md".to_string()), "{kept:?}");
    }
}
