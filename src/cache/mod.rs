//! The persistent cache: `.sitelint_cache/` at the site root, in the style
//! of ruff's `.ruff_cache`, so that checking a site nothing changed in
//! costs a listing of its files, not a run.
//!
//! What it keeps: the findings of `sitelint check`, for the whole site and
//! for the last set of paths checked alone (with the line and column of
//! every offset they name, so that a printer that shows no source text
//! reads no file of the site), each with the *fingerprint* of the site
//! they were found in:
//! - the content hash of every file under the site root (any file may
//!   matter: a page, an image a link names, `_config.yml`, a plugin), with
//!   its size, modification and change times and inode, which only spare
//!   reading a file that has not been touched since (a checkout that resets
//!   the times costs a read and a hash, never a wrong answer); a file
//!   modified in the second before its fingerprint was taken is always
//!   read again, as Git treats a "racily clean" file;
//! - sitelint's version and build, the rules selected on the command line
//!   and the environment variables sitelint reads;
//! - the moment the findings stop being true by the clock alone (see
//!   [`crate::clock`]).
//!
//! Beside the findings, each document's parsed front matter, for the runs
//! that need it but not the text (a check of some files, the pre-commit
//! hook): see `facts.rs`.
//!
//! Any difference is a miss, and the run is made as without the cache. A
//! hit that had to read files to know them unchanged (touched, or
//! modified just before the entry was taken) writes the entry again with
//! their stat now, so that the next run reads none.
//! Left out: `.git`, the cache itself, Jekyll's destination `_site` and its
//! own caches (`.jekyll-cache`, `.sass-cache`), which sitelint never reads.
//!
//! Safety: a cache file is read only through [`crate::inside`] and is
//! checked end to end (its format, version and a checksum), so a
//! truncated, corrupted or foreign file is a miss, never trusted. It is
//! written to a temporary file renamed into place ([`crate::write`]), so
//! two concurrent runs each leave a whole file. The folder holds a
//! `.gitignore` of `*` and a `CACHEDIR.TAG`, so that Git and backup tools
//! leave it alone.

mod codec;
mod facts;
mod listing;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

pub use facts::Facts;
pub use listing::Listing;

/// The cache's folder, at the site root.
pub const DIR: &str = ".sitelint_cache";

/// What a cached run found.
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    /// The files the run counted as checked (see `app::files_checked`).
    pub counted: Vec<String>,
}

/// The findings of a run, and the site they were found in.
pub struct Entry {
    pub listing: Listing,
    /// See [`crate::clock::horizon`].
    pub horizon: i64,
    /// The paths checked (relative, `/`-separated; empty: the whole site).
    pub only: Vec<String>,
    pub findings: Findings,
}

/// What a lookup found: the findings, and the entry to write again when
/// the site was stated anew (see [`Cache::lookup`]).
pub struct Hit {
    pub findings: Findings,
    relisted: Option<(Vec<u8>, bool)>,
}

/// The cache of one site, for one set of options.
pub struct Cache {
    root: PathBuf,
    /// A hash of sitelint's build, the options and the environment.
    key: u128,
    /// The cached runs of the whole site and of some paths, as read (the
    /// whole site's is read only when the run of some paths cannot serve).
    whole: Option<codec::Stored>,
    paths: Option<codec::Stored>,
    /// The cache may be read (see [`committed`]).
    trusted: bool,
}

impl Cache {
    /// The cache of the site at `root` for a run with these options
    /// (`select` and `ignore` from the command line), of some paths or
    /// (`some_paths` false) of the whole site.
    pub fn new(root: &Path, select: &[String], ignore: &[String], some_paths: bool) -> Cache {
        let mut h = codec::Hasher::new();
        build(&mut h);
        h.u64(codec::FORMAT as u64);
        for list in [select, ignore] {
            h.u64(list.len() as u64);
            for s in list {
                h.str(s);
            }
        }
        for var in [
            crate::text::yaml::MAX_NODES_VAR,
            crate::text::yaml::MAX_DEPTH_VAR,
            "TZ",
        ] {
            h.str(&std::env::var(var).unwrap_or_default());
        }
        let mut cache = Cache {
            root: root.to_path_buf(),
            key: h.finish(),
            whole: None,
            paths: None,
            trusted: !committed(root),
        };
        if cache.trusted {
            if some_paths {
                cache.paths = read(&cache.root, cache.key, false);
            }
            if cache.paths.is_none() {
                cache.whole = read(&cache.root, cache.key, true);
            }
        }
        cache
    }

    /// What reads the front matter an earlier run kept (see [`Facts`]),
    /// if the cache may be read: after a lookup that missed.
    pub fn facts(&self) -> impl FnOnce() -> Option<Facts> + use<> {
        let (root, trusted) = (self.root.clone(), self.trusted);
        move || trusted.then(|| Facts::read(&root, facts::key())).flatten()
    }

    /// What keeps a run's findings once they are found.
    pub fn writer(&self) -> Writer {
        Writer {
            root: self.root.clone(),
            key: self.key,
        }
    }

    /// The fingerprint of the site now, reusing the content hashes of the
    /// files the cache's entries saw untouched.
    pub fn fingerprint(&self) -> Listing {
        let previous = self.paths.as_ref().or(self.whole.as_ref());
        Listing::take(&self.root, previous.map(|e| &e.listing))
    }

    /// The findings for `only` in the site `now` describes, if a cached run
    /// found them: a run of those very paths, or of the whole site
    /// (filtered to them by `covers`). With `texts`, the findings hold the
    /// text of their files (for a printer that shows it); without, only
    /// their positions, and no file is read.
    pub fn lookup(
        self,
        now: &Listing,
        only: &[String],
        covers: &(dyn Fn(&str) -> bool + Sync),
        texts: bool,
    ) -> Option<Hit> {
        let clock = crate::clock::now();
        let fresh = |e: &codec::Stored| e.listing.same_site(now) && clock < e.horizon;
        let (root, key) = (self.root, self.key);
        // files read and hashed again, their content unchanged (touched,
        // or modified just before the entry was taken): the entry is
        // written again with their stat now, so that the next run need
        // not read them
        let hit = |e: codec::Stored, covers: &(dyn Fn(&str) -> bool + Sync)| {
            let relisted = now
                .rehashed
                .then(|| (e.relisted(key, now), e.only.is_empty()));
            let findings = e.findings(&root, covers, texts)?;
            Some(Hit { findings, relisted })
        };
        if !only.is_empty()
            && let Some(e) = self.paths
            && e.only == only
            && fresh(&e)
            && let Some(found) = hit(e, &|_| true)
        {
            return Some(found);
        }
        let e = match self.whole {
            Some(e) => e,
            None if self.trusted => read(&root, key, true)?,
            None => return None,
        };
        if !fresh(&e) {
            return None;
        }
        hit(e, covers)
    }
}

/// The front matter an earlier run of this build kept for the site at
/// `root` (see [`Facts`]), unless the cache came with the site's files
/// (see `committed`).
pub fn facts_at(root: &Path) -> Option<Facts> {
    if committed(root) {
        return None;
    }
    Facts::read(root, facts::key())
}

/// Keep the front matter of `site`'s documents (see [`Facts`]) on a
/// thread of its own, if it read any that `new` accepts rather than
/// taking it from the facts (the site is not freed). The pre-commit hook
/// keeps it this way, for the documents outside the change.
pub fn keep_facts(
    site: crate::site::Site,
    new: impl Fn(&str) -> bool + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let key = facts::key();
        let bytes = crate::timings::phase("cache: encode facts", || {
            facts::encode(key, &site.documents, site.read_at, &new)
        });
        if let Some(bytes) = bytes {
            let dir = folder(&site.root);
            crate::timings::phase("cache: write facts", || {
                facts::write(&site.root, key, &bytes);
                prune(&dir);
            });
        }
        std::mem::forget(site);
    })
}

/// Hash sitelint's version and this build: a rebuilt sitelint of the same
/// version may find other things (a development build, a patched one).
fn build(h: &mut codec::Hasher) {
    h.str(env!("CARGO_PKG_VERSION"));
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    {
        h.u64(meta.len());
        h.u64(listing::nanos(meta.modified().ok()) as u64);
    }
}

/// The entry of the whole site, or of some paths, if there is one whole
/// and undamaged.
fn read(root: &Path, key: u128, whole: bool) -> Option<codec::Stored> {
    let path = file_of(root, key, whole);
    // never more than a cache could be (a planted file is not read
    // whole into memory)
    if std::fs::symlink_metadata(&path).ok()?.len() > MAX_BYTES {
        return None;
    }
    let bytes = crate::inside::read(root, &path).ok()?;
    codec::decode(key, bytes)
}

/// The largest cache file read (a million documents' findings fit).
const MAX_BYTES: u64 = 1 << 30;

/// Whether the site's Git index lists a file of the cache: a cache that
/// came with the site's files (committed by someone else, perhaps forged
/// to hide findings) is never trusted. Only the site's own `.git/index`
/// is read, for the bytes `.sitelint_cache/`.
fn committed(root: &Path) -> bool {
    let index = root.join(".git").join("index");
    let Ok(meta) = std::fs::symlink_metadata(&index) else {
        return false;
    };
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return meta.is_file();
    }
    let Ok(bytes) = crate::inside::read(root, &index) else {
        return false;
    };
    memchr::memmem::find(&bytes, format!("{DIR}/").as_bytes()).is_some()
}

/// The cache file of the runs with options `key`: of the whole site, or
/// of some paths.
fn file_of(root: &Path, key: u128, whole: bool) -> PathBuf {
    let name = format!(
        "check-{:08x}{}.bin",
        key as u32,
        if whole { "" } else { "-paths" }
    );
    root.join(DIR).join(name)
}

/// What encodes a run's facts (see [`Facts`]), once the findings are on
/// their way.
type EncodeFacts = Box<dyn FnOnce() -> Option<Vec<u8>> + Send>;

/// Writes a run's findings into the cache (see [`Cache::writer`]).
pub struct Writer {
    root: PathBuf,
    key: u128,
}

impl Writer {
    /// Keep a run's findings, on a thread of its own (the caller prints
    /// meanwhile, and joins it before the process ends), provided no file
    /// of the site changed while the run read it, and with them the front
    /// matter of `site`'s documents (see [`Facts`]; the site is not freed),
    /// if it read any document outside the paths it checked (or, checking
    /// the whole site, any at all): a check of one file reads that file
    /// whatever the facts say, and need not write them all again for it.
    /// Failing to write the cache fails nothing: the next run is made
    /// without it.
    pub fn store(
        self,
        entry: &Entry,
        site: Option<crate::site::Site>,
    ) -> std::thread::JoinHandle<()> {
        let bytes = codec::encode(self.key, entry);
        let only = entry.only.clone();
        let facts: Option<EncodeFacts> = site.map(|site| {
            Box::new(move || {
                let outside = |rel: &str| only.is_empty() || !crate::site::covers(&only, rel);
                let bytes = facts::encode(facts::key(), &site.documents, site.read_at, &outside);
                std::mem::forget(site);
                bytes
            }) as _
        });
        self.keep(bytes, entry.only.is_empty(), entry.listing.clone(), facts)
    }

    /// Write the entry a lookup found again, if it asked to be (see
    /// [`Cache::lookup`]), as [`Writer::store`] does.
    pub fn refresh(self, hit: &mut Hit, listing: &Listing) -> Option<std::thread::JoinHandle<()>> {
        let (bytes, whole) = hit.relisted.take()?;
        Some(self.keep(bytes, whole, listing.clone(), None))
    }

    fn keep(
        self,
        bytes: Vec<u8>,
        whole: bool,
        listing: Listing,
        facts: Option<EncodeFacts>,
    ) -> std::thread::JoinHandle<()> {
        std::thread::spawn(move || {
            if listing.unchanged_on_disk(&self.root) {
                self.write(&bytes, whole);
            }
            // (each document's stat was taken as it was read: a file
            // changed since is only a miss next time)
            if let Some(facts) = facts.and_then(|encode| encode()) {
                facts::write(&self.root, facts::key(), &facts);
            }
        })
    }

    fn write(&self, bytes: &[u8], whole: bool) {
        let dir = folder(&self.root);
        let file = file_of(&self.root, self.key, whole);
        let _ = crate::write::overwrite(&self.root, &file, bytes);
        prune(&dir);
    }
}

/// The cache's folder at `root`, made with what keeps it out of Git and
/// backups if it is not there.
fn folder(root: &Path) -> PathBuf {
    let dir = root.join(DIR);
    let marker = dir.join(".gitignore");
    if std::fs::symlink_metadata(&marker).is_err() {
        let _ = crate::write::create_or_replace(
            root,
            &marker,
            b"# made by sitelint: its cache, never committed\n*\n",
        );
        let _ = crate::write::create_or_replace(
            root,
            &dir.join("CACHEDIR.TAG"),
            b"Signature: 8a477f597d28d172789f06886806bc55\n# made by sitelint; see https://bford.info/cachedir/\n",
        );
    }
    dir
}

/// Cache files kept: runs with other options (`--select`), or by other
/// builds of sitelint, beyond these are removed, the oldest first.
const KEPT: usize = 8;

/// Facts files kept (one per build of sitelint and YAML limits).
const FACTS_KEPT: usize = 2;

/// Remove the oldest cache files beyond [`KEPT`] (and facts files beyond
/// [`FACTS_KEPT`]), and temporary files a
/// killed run left (older than a minute).
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let (mut runs, mut facts) = (Vec::new(), Vec::new());
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(meta) = e.metadata() else { continue };
        let Ok(modified) = meta.modified() else {
            continue;
        };
        if name.starts_with("check-") && name.ends_with(".bin") {
            runs.push((modified, e.path()));
        } else if name.starts_with("facts-") && name.ends_with(".bin") {
            facts.push((modified, e.path()));
        } else if name.starts_with(".sitelint-")
            && name.ends_with(".tmp")
            && now.duration_since(modified).is_ok_and(|d| d.as_secs() > 60)
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
    for (mut files, kept) in [(runs, KEPT), (facts, FACTS_KEPT)] {
        if files.len() > kept {
            files.sort();
            for (_, path) in &files[..files.len() - kept] {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Remove the cache of the site at `root`: `sitelint clean`. Returns
/// whether there was one. Only the cache's own folder is removed, and
/// only when it is a real folder inside the site (not a link).
pub fn clean(root: &Path) -> std::io::Result<bool> {
    let dir = root.join(DIR);
    match std::fs::symlink_metadata(&dir) {
        Ok(m) if m.is_dir() => {
            crate::inside::resolve(root, &dir)?;
            std::fs::remove_dir_all(&dir)?;
            Ok(true)
        }
        Ok(_) => {
            // a file or a link where the cache would be: not ours to follow
            std::fs::remove_file(&dir)?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}
