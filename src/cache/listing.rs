//! The fingerprint of a site: every file under its root with a hash of its
//! content (see the module above for what is left out and why).

use std::path::Path;

use rayon::prelude::*;

use super::codec::Hasher;

/// Folders at the site root that never matter to a check.
const SKIPPED: &[&str] = &[".git", super::DIR, "_site", ".jekyll-cache", ".sass-cache"];

/// A modification time within this many nanoseconds of the moment the
/// fingerprint was taken may hide a later change in the same tick of a
/// coarse clock: such a file is hashed again next time.
pub(super) const RACY_NANOS: i64 = 2_000_000_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// Relative to the root, `/`-separated.
    pub rel: String,
    /// 0: a regular file; 1: a symbolic link (hashed by its target's
    /// name, never followed); 2: a folder; 3: anything else.
    pub kind: u8,
    pub size: u64,
    pub modified: i64,
    pub changed: i64,
    pub inode: u64,
    /// The content's hash; `None` when a run with no cache to compare
    /// with spared reading it (the file then matches only by its stat).
    pub hash: Option<u128>,
}

impl File {
    /// The same stat: a file that proves unchanged without reading it.
    fn same_stat(&self, other: &File) -> bool {
        // without a change time and an inode (not Unix), a stat proves
        // nothing: every file is known by its hash
        cfg!(unix) && self.same_fields(other)
    }

    fn same_fields(&self, other: &File) -> bool {
        self.kind == other.kind
            && self.size == other.size
            && self.modified == other.modified
            && self.changed == other.changed
            && self.inode == other.inode
    }
}

#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// When it was taken (nanoseconds since the epoch).
    pub taken: i64,
    /// Sorted by `rel`.
    pub files: Vec<File>,
    /// A file was read and hashed though there was a previous listing (a
    /// file new, touched, or modified just before that listing was taken);
    /// not stored (see `Cache::lookup`).
    pub rehashed: bool,
}

/// Nanoseconds since the epoch (0 when unknown).
pub fn nanos(t: Option<std::time::SystemTime>) -> i64 {
    t.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

impl Listing {
    /// List and hash the site at `root`, reusing `previous`'s hash of each
    /// file whose size, times and inode are unchanged and that was not
    /// modified just before `previous` was taken. Without `previous` (the
    /// first run), nothing is read: a file is hashed when a later run finds
    /// its stat changed, so the first run costs a listing, not a read of
    /// every image.
    pub fn take(root: &Path, previous: Option<&Listing>) -> Listing {
        let taken = nanos(Some(std::time::SystemTime::now()));
        let found = list(root);
        let before = |rel: &str| {
            let list = &previous?.files;
            let i = list.binary_search_by(|f| f.rel.as_str().cmp(rel)).ok()?;
            Some((&list[i], previous?.taken))
        };
        let rehashed = std::sync::atomic::AtomicBool::new(false);
        let files = found
            .into_par_iter()
            .filter_map(|rel| {
                let meta = std::fs::symlink_metadata(root.join(&rel)).ok()?;
                let mut file = stat(rel, &meta);
                file.hash = match before(&file.rel) {
                    Some((old, when))
                        if old.same_stat(&file) && file.modified < when - RACY_NANOS =>
                    {
                        old.hash
                    }
                    _ if previous.is_none() && file.modified < taken - RACY_NANOS => None,
                    _ => {
                        // (a folder's "hash" reads nothing)
                        if previous.is_some() && file.kind != 2 {
                            rehashed.store(true, std::sync::atomic::Ordering::Relaxed);
                        }
                        Some(hash(&root.join(&file.rel), &file))
                    }
                };
                Some(file)
            })
            .collect();
        Listing {
            taken,
            files,
            rehashed: rehashed.into_inner(),
        }
    }

    /// Whether the site's files are still those this listing saw, with the
    /// same stat: a file changed while a run read it (and perhaps changed
    /// back) makes the run's findings unfit to keep.
    pub fn unchanged_on_disk(&self, root: &Path) -> bool {
        let names = list(root);
        names.len() == self.files.len()
            && names.par_iter().zip(&self.files).all(|(rel, before)| {
                *rel == before.rel
                    && std::fs::symlink_metadata(root.join(rel))
                        .is_ok_and(|meta| stat(rel.clone(), &meta).same_fields(before))
            })
    }

    /// Whether both describe the same files with the same contents: the
    /// same hashes, or, for a file never hashed, the same stat.
    pub fn same_site(&self, other: &Listing) -> bool {
        self.files.len() == other.files.len()
            && self.files.iter().zip(&other.files).all(|(a, b)| {
                a.rel == b.rel
                    && a.kind == b.kind
                    && match (a.hash, b.hash) {
                        (Some(x), Some(y)) => x == y,
                        (None, None) => a.same_stat(b),
                        _ => false,
                    }
            })
    }
}

/// Every path under `root` (sorted, relative, `/`-separated), but the
/// folders of [`SKIPPED`]; links are listed, never followed.
fn list(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(dir) = stack.pop() {
        let path = if dir.is_empty() {
            root.to_path_buf()
        } else {
            root.join(&dir)
        };
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if dir.is_empty() && SKIPPED.contains(&name.as_str()) {
                continue;
            }
            let rel = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            // the kind comes with the folder's listing; a link is
            // never followed
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(rel.clone());
            }
            found.push(rel);
        }
    }
    found.sort_unstable();
    found
}

pub(super) fn stat(rel: String, meta: &std::fs::Metadata) -> File {
    let t = meta.file_type();
    let kind = if t.is_file() {
        0
    } else if t.is_symlink() {
        1
    } else if t.is_dir() {
        2
    } else {
        3
    };
    // without a change time, the modification time alone is not trusted:
    // every file is hashed again (see `Listing::take`)
    let (modified, changed, inode) = match crate::site::FileStat::of(meta) {
        Some(s) => (s.modified, s.changed, s.inode),
        None => (nanos(meta.modified().ok()), i64::MAX, 0),
    };
    File {
        rel,
        kind,
        size: if kind == 2 { 0 } else { meta.len() },
        modified,
        changed,
        inode,
        hash: None,
    }
}

/// The hash of a file's content, of a link's target name; 0 for a folder.
/// A file that cannot be read gets a hash that matches nothing, so that it
/// is never taken for unchanged.
fn hash(path: &Path, file: &File) -> u128 {
    let mut h = Hasher::new();
    h.u64(u64::from(file.kind));
    match file.kind {
        0 => {
            use std::io::Read;
            let Ok(mut f) = crate::inside::open_regular(path) else {
                return unreadable();
            };
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match f.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => h.bytes(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return unreadable(),
                }
            }
        }
        1 => match std::fs::read_link(path) {
            Ok(target) => h.str(&target.to_string_lossy()),
            Err(_) => return unreadable(),
        },
        2 => {}
        // a pipe or a device: never read (it could block), never equal
        _ => return unreadable(),
    }
    h.finish()
}

/// A hash no run gives twice.
fn unreadable() -> u128 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let mut h = Hasher::new();
    h.str("unreadable");
    h.u64(nanos(Some(std::time::SystemTime::now())) as u64);
    h.u64(u64::from(std::process::id()));
    h.u64(N.fetch_add(1, Ordering::Relaxed));
    h.finish()
}
