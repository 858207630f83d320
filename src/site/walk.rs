//! Walking a site's folder the way Jekyll's reader does.
//!
//! Jekyll skips names starting with `.`, `_` or `#` and names ending in `~`
//! (unless `include` lists them), everything `exclude` lists plus its own
//! default excludes, and the destination `_site`. Underscore folders are
//! read only when they are collections (`_posts` and configured ones), or
//! Jekyll's own (`_layouts`, `_includes`, `_data`, `_sass`, `_plugins`),
//! which hold no pages. Symbolic links are followed when they point inside
//! the site, as Jekyll's safe mode (GitHub Pages) does; a link that points
//! outside the site, or into a loop, is not followed and is reported.

use std::path::{Path, PathBuf};

use crate::config::Config;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the site root, `/`-separated.
    pub rel: String,
    pub path: PathBuf,
    /// Index into `config.collections` when the file is in a collection.
    pub collection: Option<usize>,
    /// For a file that is not a document: whether it starts with a front
    /// matter header, so that Jekyll renders it rather than copying it.
    /// The walk leaves it `false`; [`crate::site::Site::read_files`] reads
    /// it, beside the documents.
    pub header: bool,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walk {
    pub entries: Vec<Entry>,
    /// Symbolic links that were not followed, with the reason.
    pub symlinks: Vec<(String, &'static str)>,
    /// Folders that could not be read, with the reason.
    pub unreadable: Vec<(String, String)>,
    /// Entries that are not regular files (named pipes, sockets, devices):
    /// listed as files Jekyll would see, but never opened, since reading a
    /// pipe blocks.
    pub special: Vec<String>,
}

/// Walk `root` and list every file Jekyll would read, in a stable order,
/// calling `found` with each file as soon as it is found (in no particular
/// order), so that reading can start while the walk goes on.
pub fn walk_with(root: &Path, config: &Config, found: &mut dyn FnMut(&Entry)) -> Walk {
    let mut out = Walk::default();
    let filter = crate::config::PathFilter::new(config);
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut visited = std::collections::HashSet::new();
    visited.insert(canonical_root.clone());
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, rel_dir)) = stack.pop() {
        let read = match std::fs::read_dir(&dir) {
            Ok(r) => r,
            Err(e) => {
                out.unreadable.push((rel_dir.clone(), e.to_string()));
                continue;
            }
        };
        let mut names: Vec<(String, std::fs::DirEntry)> = read
            .filter_map(Result::ok)
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e))
            .collect();
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (name, entry) in names.into_iter().rev() {
            let rel = if rel_dir.is_empty() {
                name.clone()
            } else {
                // (not `format!`: this runs for every file of the site)
                let mut rel = String::with_capacity(rel_dir.len() + 1 + name.len());
                rel.push_str(&rel_dir);
                rel.push('/');
                rel.push_str(&name);
                rel
            };
            let Ok(mut kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                if skipped(config, &filter, &rel, &name, false) {
                    continue;
                }
                match std::fs::canonicalize(entry.path()) {
                    Ok(t) if t.starts_with(&canonical_root) => match std::fs::metadata(&t) {
                        Ok(m) if m.is_dir() && !visited.insert(t) => {
                            out.symlinks
                                .push((rel, "it points to a folder already read (a loop)"));
                            continue;
                        }
                        Ok(m) => kind = m.file_type(),
                        Err(_) => {
                            out.symlinks.push((rel, "its target cannot be read"));
                            continue;
                        }
                    },
                    Ok(_) => {
                        out.symlinks.push((rel, "it points outside the site"));
                        continue;
                    }
                    Err(_) => {
                        out.symlinks
                            .push((rel, "its target does not exist or is a loop"));
                        continue;
                    }
                }
            }
            if kind.is_dir() {
                if !skipped(config, &filter, &rel, &name, true) {
                    stack.push((entry.path(), rel));
                }
                continue;
            }
            if skipped(config, &filter, &rel, &name, false) {
                continue;
            }
            if !kind.is_file() {
                out.special.push(rel.clone());
            }
            let entry = Entry {
                collection: config.collection_of(&rel),
                rel,
                path: entry.path(),
                header: false,
            };
            found(&entry);
            out.entries.push(entry);
        }
    }
    out.entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.symlinks.sort();
    out.special.sort();
    out
}

/// Whether a file starts with a front matter header, reading only its
/// first line.
pub fn starts_with_header(path: &Path) -> bool {
    use std::io::Read;
    let Ok(mut f) = crate::inside::open_regular(path) else {
        return false;
    };
    let mut buf = [0u8; 256];
    let Ok(n) = f.read(&mut buf) else {
        return false;
    };
    let text = String::from_utf8_lossy(&buf[..n]);
    crate::text::front_matter::has_header(&text)
}

/// Jekyll's own underscore folders, which hold no pages.
pub const SPECIAL_DIRS: &[&str] = &[
    "_layouts",
    "_includes",
    "_data",
    "_sass",
    "_plugins",
    "_drafts",
    "_site",
];

fn skipped(
    config: &Config,
    filter: &crate::config::PathFilter,
    rel: &str,
    name: &str,
    is_dir: bool,
) -> bool {
    if rel == "_site" || rel == "_config.yml" || rel == crate::cache::DIR {
        return true;
    }
    if filter.excluded(rel) {
        return !filter.included(rel);
    }
    let special = name.starts_with(['.', '_', '#']) || name.ends_with('~');
    if !special || filter.included(rel) {
        return false;
    }
    if is_dir && name.starts_with('_') && !SPECIAL_DIRS.contains(&name) {
        // a collection folder, or a folder on the way to one
        let is_collection = config
            .collections
            .iter()
            .any(|c| c.dir == rel || c.dir.starts_with(&format!("{rel}/")));
        return !(is_collection || name == "_posts" || in_collection(config, rel));
    }
    // files inside a collection may start with `_`? Jekyll filters them too.
    true
}

fn in_collection(config: &Config, rel: &str) -> bool {
    config.collection_of(rel).is_some()
}
