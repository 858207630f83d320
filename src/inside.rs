//! The one rule for every path sitelint opens: its canonical path (every
//! symbolic link resolved) must lie inside the canonical site root, and only
//! regular files are read. Documents come from the walk, which applies the
//! same rule to the links it meets; settings, rule files, the CMS
//! configuration and the folders `_config.yml` names are opened here.
//! Writes have their own gate, [`crate::write`], built on [`resolve`].

use std::io::Read;
use std::path::{Path, PathBuf};

/// The error [`resolve`] and [`read`] give for a path outside the site.
#[derive(Debug)]
pub struct OutsideSite;

impl std::fmt::Display for OutsideSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "it resolves to a path outside the site, and sitelint reads nothing outside the site",
        )
    }
}

impl std::error::Error for OutsideSite {}

/// The error [`open_regular`] gives for a named pipe, socket or device.
#[derive(Debug)]
pub struct NotRegular;

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("it is not a regular file (a named pipe, socket or device)")
    }
}

impl std::error::Error for NotRegular {}

/// Whether `e` says a path lies outside the site.
pub fn is_outside(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|r| r.is::<OutsideSite>())
}

/// The canonical form of `path` (absolute, or relative to the current
/// folder), provided it lies inside the canonical `root`. A path that does
/// not exist gives the `NotFound` error; one outside the site gives
/// [`OutsideSite`].
pub fn resolve(root: &Path, path: &Path) -> std::io::Result<PathBuf> {
    let root = std::fs::canonicalize(root)?;
    let canonical = std::fs::canonicalize(path)?;
    if canonical.starts_with(&root) {
        Ok(canonical)
    } else {
        Err(std::io::Error::other(OutsideSite))
    }
}

/// Open `path` for reading, provided it is a regular file. A named pipe is
/// opened without blocking (on Unix), so that it is refused rather than
/// waited on forever.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(NotRegular));
    }
    Ok(file)
}

/// The bytes of the regular file `path`, provided it lies inside `root`.
pub fn read(root: &Path, path: &Path) -> std::io::Result<Vec<u8>> {
    let canonical = resolve(root, path)?;
    let mut bytes = Vec::new();
    open_regular(&canonical)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A folder or file `_config.yml` names, resolved as Jekyll's
/// `in_source_dir` does: relative to the site root, with `.` dropped and
/// `..` that would climb above the root ignored, so the result never leaves
/// the site lexically (`../private` is `private`). `/`-separated, no
/// leading or trailing `/`.
pub fn in_site(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_site_never_climbs_above_the_root() {
        assert_eq!(in_site("_layouts"), "_layouts");
        assert_eq!(in_site("/_layouts/"), "_layouts");
        assert_eq!(in_site("../private"), "private");
        assert_eq!(in_site("../../../../etc/ssh"), "etc/ssh");
        assert_eq!(in_site("a/../../b/./c"), "b/c");
        assert_eq!(in_site("_news/../../../x"), "x");
        assert_eq!(in_site("_.."), "_..");
        assert_eq!(in_site(".."), "");
    }

    #[test]
    fn outside_paths_and_pipes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        std::fs::write(site.join("in.yml"), "x").unwrap();
        assert_eq!(read(&site, &site.join("in.yml")).unwrap(), b"x");
        let e = read(&site, &dir.path().join("secret")).unwrap_err();
        assert!(is_outside(&e));
        let e = read(&site, &site.join("../secret")).unwrap_err();
        assert!(is_outside(&e));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), site.join("link.yml")).unwrap();
            let e = read(&site, &site.join("link.yml")).unwrap_err();
            assert!(is_outside(&e));
            let fifo = site.join("pipe.yml");
            let status = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap();
            assert!(status.success());
            let e = read(&site, &fifo).unwrap_err();
            assert!(e.get_ref().is_some_and(|r| r.is::<NotRegular>()));
        }
    }
}
