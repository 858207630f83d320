//! Writing files safely: a temporary file in the same folder, flushed to
//! disk, given the original's permissions, then renamed over the original,
//! so that a reader (or a crash) sees either the old or the new file, never
//! a mix. A file that changed on disk since it was read is not written.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is no longer what was read.
    Changed,
    /// The path resolves outside the site.
    OutsideSite(PathBuf),
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => {
                f.write_str("the file changed on disk since it was read; not written")
            }
            WriteError::OutsideSite(p) => {
                write!(f, "`{}` is outside the site; not written", p.display())
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

/// Replace `path` (inside `root`) with `new`, provided it still holds
/// `expected`. A symbolic link is written through to its target, which must
/// lie inside `root`.
pub fn replace(root: &Path, path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path)?;
    let root = std::fs::canonicalize(root)?;
    if !target.starts_with(&root) {
        return Err(WriteError::OutsideSite(target));
    }
    let current = std::fs::read(&target)?;
    if current != expected {
        return Err(WriteError::Changed);
    }
    let dir = target.parent().unwrap_or(&root);
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".sitelint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(new)?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), permissions)?;
    tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// Create `path` with `content`; never overwrites an existing file.
pub fn create_new(path: &Path, content: &[u8]) -> Result<(), WriteError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".sitelint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path)
        .map_err(|e| WriteError::Io(e.error))?;
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
        assert!(create_new(&p, b"x").is_err());
    }
}
