//! The site model: configuration, every document Jekyll would process,
//! parsed once (in parallel), and the static files beside them.

pub mod document;
pub mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
pub use document::{Document, Limits};

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Markdown and HTML documents and pages, sorted by path.
    pub documents: Vec<Document>,
    /// Every other file Jekyll would copy or render, sorted by path.
    pub files: Vec<walk::Entry>,
    /// Symbolic links that were not followed, with the reason.
    pub symlinks: Vec<(String, &'static str)>,
    pub unreadable_dirs: Vec<(String, String)>,
}

/// Why a site could not be loaded at all (exit code 2).
#[derive(Debug)]
pub enum LoadError {
    NoConfig(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NoConfig(p) => write!(
                f,
                "no `_config.yml` in `{}` or any folder above it: sitelint needs the root of a Jekyll site",
                p.display()
            ),
            LoadError::Io(p, e) => write!(f, "cannot read `{}`: {e}", p.display()),
        }
    }
}

/// The nearest folder at or above `start` holding `_config.yml`.
pub fn find_root(start: &Path) -> Result<PathBuf, LoadError> {
    let start_dir = if start.is_file() {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        start.to_path_buf()
    };
    let absolute =
        std::path::absolute(&start_dir).map_err(|e| LoadError::Io(start.to_path_buf(), e))?;
    let mut dir = Some(start_dir.as_path());
    let mut abs = Some(absolute.as_path());
    while let Some(a) = abs {
        if a.join("_config.yml").is_file() {
            // keep the user's spelling of the path where we can
            return Ok(match dir {
                Some(d) if d.join("_config.yml").is_file() => {
                    if d.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        d.to_path_buf()
                    }
                }
                _ => a.to_path_buf(),
            });
        }
        abs = a.parent();
        dir = dir.and_then(|d| d.parent());
    }
    Err(LoadError::NoConfig(start.to_path_buf()))
}

impl Site {
    /// Read the site at `root`: configuration, walk, then every document in
    /// parallel.
    pub fn load(root: &Path, limits: Limits) -> Result<Site, LoadError> {
        let config = match Config::load(root) {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(LoadError::NoConfig(root.to_path_buf()));
            }
            Err(e) => return Err(LoadError::Io(root.join("_config.yml"), e)),
        };
        let walk = walk::walk(root, &config);
        let (docs, files): (Vec<_>, Vec<_>) = walk
            .entries
            .into_iter()
            .partition(|e| document::is_document_candidate(&config, e));
        let documents: Vec<Document> = docs
            .into_par_iter()
            .map(|entry| Document::load(&config, entry, limits))
            .collect();
        Ok(Site {
            root: root.to_path_buf(),
            config,
            documents,
            files,
            symlinks: walk.symlinks,
            unreadable_dirs: walk.unreadable,
        })
    }
}
