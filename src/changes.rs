//! `--changed-since REF`: what a pull request check wants. Findings in the
//! files changed since a git ref, plus the breakage those changes cause in
//! files they did not touch (a deleted or moved page that others link to,
//! a URL now claimed twice): every finding in an untouched file that the
//! site at REF did not have.
//!
//! The site at REF is read from git (`git archive`) into a temporary folder
//! and checked the same way; sitelint never changes the working tree.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::app::Failure;
use crate::diagnostic::{self, Diagnostic};

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Failure> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| Failure(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(Failure(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// Files (relative to the site root) that differ between `git_ref` and the
/// working tree, untracked files included; deleted files too.
pub fn changed_files(root: &Path, git_ref: &str) -> Result<BTreeSet<String>, Failure> {
    let prefix = String::from_utf8_lossy(&git(root, &["rev-parse", "--show-prefix"])?)
        .trim()
        .to_string();
    let mut files = BTreeSet::new();
    let diff = git(
        root,
        &[
            "diff",
            "--name-only",
            "--no-renames",
            "-z",
            git_ref,
            "--",
            ".",
        ],
    )?;
    let untracked = git(
        root,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--full-name",
            "--",
            ".",
        ],
    )?;
    for name in diff.split(|&b| b == 0).chain(untracked.split(|&b| b == 0)) {
        let name = String::from_utf8_lossy(name);
        if let Some(rel) = name.strip_prefix(&prefix)
            && !rel.is_empty()
        {
            files.insert(rel.to_string());
        }
    }
    Ok(files)
}

/// Extract the site as it was at `git_ref` into `dest`.
pub fn checkout_at(root: &Path, git_ref: &str, dest: &Path) -> Result<(), Failure> {
    let prefix = String::from_utf8_lossy(&git(root, &["rev-parse", "--show-prefix"])?)
        .trim()
        .to_string();
    let top = String::from_utf8_lossy(&git(root, &["rev-parse", "--show-toplevel"])?)
        .trim()
        .to_string();
    let tree = format!("{git_ref}:{}", prefix.trim_end_matches('/'));
    // from the top: in a subfolder, `git archive` also filters by that folder
    let tar = git(Path::new(&top), &["archive", "--format=tar", &tree])?;
    let mut child = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dest)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| Failure(format!("cannot run tar: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(&tar)
            .map_err(|e| Failure(format!("cannot extract `{tree}`: {e}")))?;
    }
    let status = child.wait().map_err(|e| Failure(e.to_string()))?;
    if !status.success() {
        return Err(Failure(format!("cannot extract `{tree}`")));
    }
    Ok(())
}

/// Keep findings in changed files, and findings elsewhere that `before`
/// (the findings of the site at the ref) did not have.
pub fn keep_changes(
    diagnostics: &mut Vec<Diagnostic>,
    changed: &BTreeSet<String>,
    before: &[Diagnostic],
) {
    let mut known: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in before {
        *known.entry(diagnostic::key(d)).or_default() += 1;
    }
    diagnostics.retain(|d| {
        if changed.contains(&d.file.rel) {
            return true;
        }
        match known.get_mut(&diagnostic::key(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        }
    });
}
