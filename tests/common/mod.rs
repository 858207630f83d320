//! Helpers shared by both test binaries (`tests/it` and `tests/fixtures`):
//! running the binary, making sites, copying and comparing folders, git, and
//! blessing snapshots (`SITELINT_BLESS=1` rewrites expected files and
//! folders instead of comparing them; read the diff before committing).
#![allow(dead_code)] // each binary uses a different part

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the binary from the project root; returns (stdout, stderr, exit code).
pub fn sitelint(args: &[&str]) -> (String, String, i32) {
    sitelint_in(&root(), args)
}

pub fn sitelint_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    sitelint_env(dir, args, &[])
}

/// [`sitelint_in`] with more environment variables.
pub fn sitelint_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitelint"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("SITELINT_BLESS")
        // no `.sitelint_cache/` in the fixtures (tests/it/cache.rs tests it)
        .env("SITELINT_NO_CACHE", "1")
        .output()
        .expect("run sitelint");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// `SITELINT_BLESS` is set: snapshots are rewritten, not compared.
pub fn blessing() -> bool {
    std::env::var_os("SITELINT_BLESS").is_some()
}

/// Write `bytes` to `site/rel`, making folders as needed.
pub fn write(site: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = site.join(rel);
    fs::create_dir_all(p.parent().expect("a file has a parent")).unwrap();
    fs::write(p, bytes).unwrap();
}

/// Path relative to the project root, with `/`.
pub fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Copy a folder (symbolic links as links, not followed), without the
/// cache a script's run may have left in it.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        if e.file_name() == ".sitelint_cache" {
            continue;
        }
        let p = e.path();
        let t = to.join(e.file_name());
        let ft = fs::symlink_metadata(&p).unwrap().file_type();
        if ft.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(fs::read_link(&p).unwrap(), &t).unwrap();
        } else if ft.is_dir() {
            copy_tree(&p, &t);
        } else {
            fs::copy(&p, &t).unwrap();
        }
    }
}

/// Copy a fixture folder (relative to the project root) to `to`.
pub fn copy_fixture(fixture: &str, to: &Path) {
    copy_tree(&root().join(fixture), to);
}

/// Every file under `dir`, relative, with its bytes (symlinks as their target).
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_name() == ".sitelint_cache" {
                continue;
            }
            let p = e.path();
            let r = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let ft = fs::symlink_metadata(&p).unwrap().file_type();
            if ft.is_symlink() {
                let target = fs::read_link(&p).unwrap();
                out.push((r, target.to_string_lossy().as_bytes().to_vec()));
            } else if ft.is_dir() {
                stack.push(p);
            } else {
                out.push((r, fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The differences between two trees, one line per file, empty if equal.
pub fn tree_diff(got: &Path, want: &Path) -> String {
    let (got, want) = (tree(got), tree(want));
    let mut out = String::new();
    let (mut g, mut w) = (got.iter().peekable(), want.iter().peekable());
    loop {
        match (g.peek(), w.peek()) {
            (None, None) => break,
            (Some((gp, _)), Some((wp, _))) if gp < wp => {
                out.push_str(&format!("unexpected file {gp}\n"));
                g.next();
            }
            (Some((gp, gb)), Some((wp, wb))) if gp == wp => {
                if gb != wb {
                    out.push_str(&format!(
                        "{gp} differs:\n--- got\n{}\n--- want\n{}\n",
                        String::from_utf8_lossy(gb),
                        String::from_utf8_lossy(wb)
                    ));
                }
                g.next();
                w.next();
            }
            (_, Some((wp, _))) => {
                out.push_str(&format!("missing file {wp}\n"));
                w.next();
            }
            (Some((gp, _)), None) => {
                out.push_str(&format!("unexpected file {gp}\n"));
                g.next();
            }
        }
    }
    out
}

/// Compare `actual` with the file `expected`, or rewrite it when blessing.
pub fn snapshot(expected: &Path, actual: &str) -> Result<(), String> {
    if blessing() {
        fs::write(expected, actual).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let want = fs::read_to_string(expected).unwrap_or_default();
    if want == actual {
        Ok(())
    } else {
        Err(format!(
            "{} differs (SITELINT_BLESS=1 to update):\n--- expected\n{want}\n--- actual\n{actual}",
            rel(expected)
        ))
    }
}

/// Compare the folder `actual` with the folder `expected`, or replace
/// `expected` with a copy of `actual` when blessing.
pub fn snapshot_tree(expected: &Path, actual: &Path) -> Result<(), String> {
    if blessing() {
        let _ = fs::remove_dir_all(expected);
        copy_tree(actual, expected);
        return Ok(());
    }
    let diff = tree_diff(actual, expected);
    if diff.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "tree differs from {} (SITELINT_BLESS=1 to update):\n{diff}",
            rel(expected)
        ))
    }
}

/// Run git in `dir` with a fixed identity; panics on failure.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Fixture sites: every folder under `fixtures/` holding a `_config.yml`,
/// except expected trees (`<case>.fixed`, `<case>.unsafe-fixed`,
/// `<case>.migrated`).
pub fn cases() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.extension()
                    .is_some_and(|e| e == "fixed" || e == "unsafe-fixed" || e == "migrated")
                {
                    continue;
                }
                if p.join("_config.yml").is_file() {
                    out.push(p);
                } else {
                    stack.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

/// The lines of an optional `<case>.<ext>` argument file.
pub fn extra_args(case: &Path, ext: &str) -> Vec<String> {
    fs::read_to_string(case.with_extension(ext))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect()
}
