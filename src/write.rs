//! Writing files safely, and only inside the site: every write sitelint
//! makes (`fix`, `migrate`, `init`, and the files named on the command
//! line, see [`user_file`]) goes through this module.
//!
//! - The destination's canonical path, and every folder above it, must lie
//!   inside the canonical site root; missing folders are created only after
//!   that is checked.
//! - A new file never replaces anything already there, not even a dangling
//!   symbolic link.
//! - A file is written to a temporary file in the same folder, flushed to
//!   disk, given the original's permissions, then renamed over the
//!   original, so that a reader (or a crash) sees either the old or the new
//!   file, never a mix.
//! - A file that changed on disk since it was read is not written; it is
//!   compared once more just before the rename, so that an edit made while
//!   the new text was being written is not lost.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is no longer what was read.
    Changed,
    /// The path resolves outside the site.
    OutsideSite(PathBuf),
    /// A new file would replace something already there.
    Exists(PathBuf),
    /// The destination is a symbolic link, which is never written through
    /// when a file is created.
    Symlink(PathBuf),
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => {
                f.write_str("the file changed on disk since it was read; not written")
            }
            WriteError::OutsideSite(p) => {
                write!(
                    f,
                    "`{}` resolves to a path outside the site; not written",
                    p.display()
                )
            }
            WriteError::Exists(p) => {
                write!(f, "`{}` already exists; not overwritten", p.display())
            }
            WriteError::Symlink(p) => {
                write!(f, "`{}` is a symbolic link; not written", p.display())
            }
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> WriteError {
        WriteError::Io(e)
    }
}

/// What identifies a file's version cheaply: where it lives, its size and
/// its times. Compared, with the content, just before a rename.
#[derive(PartialEq, Eq)]
struct Version {
    #[cfg(unix)]
    dev_ino: (u64, u64),
    #[cfg(unix)]
    ctime: (i64, i64),
    len: u64,
    modified: Option<std::time::SystemTime>,
}

/// The version of the file at `path`, provided it still holds `expected`.
fn current(path: &Path, expected: &[u8]) -> Result<Version, WriteError> {
    use std::io::Read;
    let mut file = crate::inside::open_regular(path)?;
    let meta = file.metadata()?;
    if meta.len() != expected.len() as u64 {
        return Err(WriteError::Changed);
    }
    let mut bytes = Vec::with_capacity(expected.len());
    file.read_to_end(&mut bytes)?;
    if bytes != expected {
        return Err(WriteError::Changed);
    }
    #[cfg(unix)]
    use std::os::unix::fs::MetadataExt;
    Ok(Version {
        #[cfg(unix)]
        dev_ino: (meta.dev(), meta.ino()),
        #[cfg(unix)]
        ctime: (meta.ctime(), meta.ctime_nsec()),
        len: meta.len(),
        modified: meta.modified().ok(),
    })
}

/// Replace `path` (inside `root`) with `new`, provided it still holds
/// `expected`. A symbolic link is written through to its target, which must
/// lie inside `root`.
pub fn replace(root: &Path, path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    replace_with(root, path, expected, new, &mut || {})
}

/// [`replace`], calling `before_rename` once the new text is on disk (a
/// test makes its concurrent edit there).
fn replace_with(
    root: &Path,
    path: &Path,
    expected: &[u8],
    new: &[u8],
    before_rename: &mut dyn FnMut(),
) -> Result<(), WriteError> {
    let target = crate::inside::resolve(root, path).map_err(|e| {
        if crate::inside::is_outside(&e) {
            WriteError::OutsideSite(path.to_path_buf())
        } else {
            WriteError::Io(e)
        }
    })?;
    let read = current(&target, expected)?;
    let dir = target.parent().unwrap_or(&target);
    let permissions = std::fs::metadata(&target)?.permissions();
    let tmp = temporary(dir, new, Some(permissions))?;
    before_rename();
    // writing and flushing took a while: compare once more, so that an
    // edit made meanwhile is reported rather than overwritten
    if current(&target, expected)? != read {
        return Err(WriteError::Changed);
    }
    tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// A temporary file in `dir` holding `content`, flushed to disk, with
/// `permissions` (else the default mode for a new file), ready to be
/// renamed over its destination.
fn temporary(
    dir: &Path,
    content: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> Result<tempfile::NamedTempFile, WriteError> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sitelint-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_all()?;
    if let Some(p) = permissions {
        std::fs::set_permissions(tmp.path(), p)?;
    }
    Ok(tmp)
}

/// Rename `tmp` to `dest` where nothing is yet (`path` as the user named
/// it, for the message).
fn persist_new(tmp: tempfile::NamedTempFile, dest: &Path, path: &Path) -> Result<(), WriteError> {
    tmp.persist_noclobber(dest).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists(path.to_path_buf())
        } else {
            WriteError::Io(e.error)
        }
    })?;
    Ok(())
}

/// The canonical folder `dir` (inside `root`), creating the folders
/// missing from it only once the part that exists is known to lie inside
/// `root`.
fn folder_inside(root: &Path, dir: &Path) -> Result<PathBuf, WriteError> {
    let canonical_root = std::fs::canonicalize(root)?;
    let mut missing = Vec::new();
    let mut existing = dir;
    loop {
        if existing.as_os_str().is_empty() {
            existing = Path::new(".");
        }
        match std::fs::symlink_metadata(existing) {
            Ok(_) => break,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // a missing `..` or `/` cannot be created: refuse it
                let (Some(name), Some(parent)) = (existing.file_name(), existing.parent()) else {
                    return Err(WriteError::OutsideSite(dir.to_path_buf()));
                };
                missing.push(name.to_os_string());
                existing = parent;
            }
            Err(e) => return Err(e.into()),
        }
    }
    // a dangling link cannot be canonicalized: it is refused here too
    let mut canonical = std::fs::canonicalize(existing)?;
    if !canonical.starts_with(&canonical_root) {
        return Err(WriteError::OutsideSite(dir.to_path_buf()));
    }
    for name in missing.iter().rev() {
        canonical.push(name);
        match std::fs::create_dir(&canonical) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e.into()),
            _ => {}
        }
    }
    // what exists (or was made meanwhile) must be a real folder inside
    let made = std::fs::canonicalize(&canonical)?;
    if !made.starts_with(&canonical_root) || !made.is_dir() {
        return Err(WriteError::OutsideSite(dir.to_path_buf()));
    }
    Ok(made)
}

/// Create `path` (inside `root`) with `content`; never overwrites anything
/// already at `path`, not even a dangling symbolic link. The file gets
/// `permissions` when given (a moved or imported file keeps its source's),
/// or else the usual mode for a new file (0666 less the umask).
pub fn create_new(
    root: &Path,
    path: &Path,
    content: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> Result<(), WriteError> {
    let name = path
        .file_name()
        .ok_or_else(|| WriteError::OutsideSite(path.to_path_buf()))?;
    let dir = folder_inside(root, path.parent().unwrap_or(Path::new("")))?;
    let dest = dir.join(name);
    match std::fs::symlink_metadata(&dest) {
        Ok(m) if m.file_type().is_symlink() => return Err(WriteError::Symlink(path.to_path_buf())),
        Ok(_) => return Err(WriteError::Exists(path.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    let tmp = temporary(&dir, content, permissions)?;
    persist_new(tmp, &dest, path)
}

/// Write `content` at `path` (inside `root`): create it, or replace the
/// regular file there. A symbolic link there is refused, whether or not it
/// points anywhere.
pub fn create_or_replace(root: &Path, path: &Path, content: &[u8]) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(WriteError::Symlink(path.to_path_buf())),
        Ok(_) => {
            let old = std::fs::read(path)?;
            replace(root, path, &old, content)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_new(root, path, content, None),
        Err(e) => Err(e.into()),
    }
}

/// Write `content` at `path` (inside `root`), replacing whatever file or
/// link is there without reading it: for sitelint's own files (the cache),
/// which nothing else writes. The rename replaces a link, never follows it.
pub fn overwrite(root: &Path, path: &Path, content: &[u8]) -> Result<(), WriteError> {
    let name = path
        .file_name()
        .ok_or_else(|| WriteError::OutsideSite(path.to_path_buf()))?;
    let dir = folder_inside(root, path.parent().unwrap_or(Path::new("")))?;
    // not flushed to disk: a cache lost in a crash is only rebuilt, and a
    // torn one fails its checksum
    let mut tmp = tempfile::Builder::new()
        .prefix(".sitelint-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(content)?;
    tmp.persist(dir.join(name))
        .map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// `path` made absolute, with `.` and `..` folded away without reading the
/// disk: where the user's words point, links aside.
fn lexical(path: &Path) -> std::io::Result<PathBuf> {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in std::path::absolute(path)?.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Write `content` to `path`, a file the user named on the command line
/// (`check --write-baseline`, `schema infer --write`). Unlike a site file,
/// it may lie outside the site (as a report file may), but
/// - a symbolic link at `path` is refused, dangling or not, and so is
///   anything but a regular file: a pull request can commit
///   `baseline.json` as a link to `~/.bashrc`;
/// - a path that names a place inside the site `root` must resolve inside
///   it, as every write into the site (its folders may be planted links);
/// - an existing file is replaced only with `overwrite`, and keeps its
///   permissions;
/// - the content goes to a temporary file in the same folder, renamed over
///   the destination, so no reader sees half of it and a link planted
///   meanwhile is replaced, not followed.
pub fn user_file(
    root: &Path,
    path: &Path,
    content: &[u8],
    overwrite: bool,
) -> Result<(), WriteError> {
    let name = path.file_name().ok_or_else(|| {
        WriteError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file name",
        ))
    })?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = std::fs::canonicalize(parent)?;
    if lexical(parent)?.starts_with(lexical(root)?)
        && !dir.starts_with(std::fs::canonicalize(root)?)
    {
        return Err(WriteError::OutsideSite(path.to_path_buf()));
    }
    let dest = dir.join(name);
    let permissions = match std::fs::symlink_metadata(&dest) {
        Ok(m) if m.file_type().is_symlink() => return Err(WriteError::Symlink(path.to_path_buf())),
        Ok(m) if !m.is_file() => {
            return Err(WriteError::Io(std::io::Error::other(format!(
                "`{}` is not a regular file",
                path.display()
            ))));
        }
        Ok(_) if !overwrite => return Err(WriteError::Exists(path.to_path_buf())),
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    let tmp = temporary(&dir, content, permissions)?;
    if overwrite {
        tmp.persist(&dest).map_err(|e| WriteError::Io(e.error))?;
    } else {
        persist_new(tmp, &dest, path)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_when_unchanged_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        assert!(matches!(
            replace(dir.path(), &p, b"other", b"new"),
            Err(WriteError::Changed)
        ));
        replace(dir.path(), &p, b"old", b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert!(matches!(
            create_new(dir.path(), &p, b"x", None),
            Err(WriteError::Exists(_))
        ));
    }

    #[test]
    fn an_edit_made_while_writing_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "old\n").unwrap();
        let result = replace_with(dir.path(), &p, b"old\n", b"new\n", &mut || {
            let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
            f.write_all(b"appended\n").unwrap();
        });
        assert!(matches!(result, Err(WriteError::Changed)), "{result:?}");
        assert_eq!(std::fs::read(&p).unwrap(), b"old\nappended\n");
        // and no temporary file is left behind
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_created_outside_the_root() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let (site, out) = (dir.path().join("site"), dir.path().join("out"));
        std::fs::create_dir_all(&site).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        symlink(&out, site.join("_news")).unwrap();
        symlink(dir.path().join("nowhere.yml"), site.join(".sitelint.yml")).unwrap();
        let refused = |r: Result<(), WriteError>| {
            assert!(
                matches!(r, Err(WriteError::OutsideSite(_) | WriteError::Symlink(_))),
                "{r:?}"
            );
        };
        // through a linked folder, a climbing path, or into new folders outside
        refused(create_new(&site, &site.join("_news/a.md"), b"x", None));
        refused(create_new(&site, &site.join("_news/sub/a.md"), b"x", None));
        refused(create_new(
            &site,
            &site.join("../new/deeper/a.md"),
            b"x",
            None,
        ));
        refused(create_new(&site, Path::new("/a.md"), b"x", None));
        // through a dangling link
        refused(create_new(&site, &site.join(".sitelint.yml"), b"x", None));
        refused(create_or_replace(&site, &site.join(".sitelint.yml"), b"x"));
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
        assert!(!dir.path().join("new").exists());
        assert!(!dir.path().join("nowhere.yml").exists());
        // inside: missing folders are made, and the mode given is kept
        let mode = std::fs::Permissions::from_mode(0o644);
        create_new(&site, &site.join("_a/b/c.md"), b"x", Some(mode)).unwrap();
        let meta = std::fs::metadata(site.join("_a/b/c.md")).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o644);
        // a replacement goes through a link only to a file inside the root
        std::fs::write(out.join("t.md"), "old").unwrap();
        symlink(out.join("t.md"), site.join("t.md")).unwrap();
        assert!(matches!(
            replace(&site, &site.join("t.md"), b"old", b"new"),
            Err(WriteError::OutsideSite(_))
        ));
        assert_eq!(std::fs::read(out.join("t.md")).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_named_by_the_user_is_never_written_through_a_link() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let (site, out) = (dir.path().join("site"), dir.path().join("out"));
        std::fs::create_dir_all(&site).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        let victim = out.join("bashrc");
        std::fs::write(&victim, "mine").unwrap();
        // a link committed where the user writes, to a file or nowhere
        symlink(&victim, site.join("baseline.json")).unwrap();
        symlink(out.join("new"), site.join("dangling.json")).unwrap();
        symlink(&out, site.join("reports")).unwrap();
        for overwrite in [false, true] {
            for (path, symlink) in [
                ("baseline.json", true),
                ("dangling.json", true),
                ("reports/b.json", false),
            ] {
                let r = user_file(&site, &site.join(path), b"x", overwrite);
                let expected = if symlink {
                    matches!(r, Err(WriteError::Symlink(_)))
                } else {
                    matches!(r, Err(WriteError::OutsideSite(_)))
                };
                assert!(expected, "{path}: {r:?}");
            }
        }
        assert_eq!(std::fs::read(&victim).unwrap(), b"mine");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
        assert!(
            std::fs::symlink_metadata(site.join("baseline.json"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // a folder is not a file to write
        assert!(user_file(&site, &out, b"x", true).is_err());
        // a plain path works, inside the site or outside it, relative or not
        user_file(&site, &site.join("b.json"), b"one", false).unwrap();
        assert!(matches!(
            user_file(&site, &site.join("b.json"), b"two", false),
            Err(WriteError::Exists(_))
        ));
        std::fs::set_permissions(site.join("b.json"), std::fs::Permissions::from_mode(0o600))
            .unwrap();
        user_file(&site, &site.join("b.json"), b"two", true).unwrap();
        assert_eq!(std::fs::read(site.join("b.json")).unwrap(), b"two");
        let mode = std::fs::metadata(site.join("b.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        user_file(&site, &out.join("report.json"), b"r", false).unwrap();
        assert_eq!(std::fs::read(out.join("report.json")).unwrap(), b"r");
        user_file(&site, &site.join("../out/report2.json"), b"r", false).unwrap();
        assert!(out.join("report2.json").exists());
        // and no temporary file is left behind
        let names = |d: &Path| {
            std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".sitelint-"))
                .count()
        };
        assert_eq!(names(&site) + names(&out), 0);
    }
}
