//! `--changed-since REF` and `--staged`: what a pull request check and a
//! pre-commit hook want.
//!
//! `--changed-since REF` keeps the findings in the files changed since a git
//! ref, plus the breakage those changes cause in files they did not touch (a
//! deleted or moved page that others link to, a URL now claimed twice):
//! every finding in an untouched file that the site at REF did not have.
//!
//! `--staged` (on by itself under pre-commit, which sets `PRE_COMMIT=1`)
//! checks the site as it is being committed: tracked files as they are in
//! the index, untracked and ignored files absent.
//!
//! A site that is not the working folder (the site at REF, or the staged
//! site when the working folder differs from the index) is laid out in a
//! temporary folder: files the working folder has unchanged are copied
//! from it (binary assets, whose content no check reads, as sparse files of
//! their size), and only the files that differ are read from git (`git
//! cat-file --batch`). Nothing is unpacked that the working folder already
//! has, and sitelint never changes the working tree or the index's content.
//!
//! A user's ref reaches git only through `git rev-parse --verify
//! --end-of-options REF^{commit}`; every other git command gets the commit
//! id it printed.

use std::collections::{BTreeSet, HashSet};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diagnostic::{self, Diagnostic};
use crate::engine::Failure;

/// Whether pre-commit runs us (it sets `PRE_COMMIT=1` for its hooks).
pub fn under_pre_commit() -> bool {
    std::env::var_os("PRE_COMMIT").is_some_and(|v| v == "1")
}

fn command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    // git may refresh the index's file times, as `git status` does
    cmd.arg("-C").arg(dir);
    cmd
}

fn run_git<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Result<std::process::Output, Failure> {
    let name = args
        .first()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::timings::phase(&format!("git {name}"), || {
        command(dir)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Failure(format!("cannot run git: {e}")))
    })
}

fn git<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Result<Vec<u8>, Failure> {
    let out = run_git(dir, args)?;
    if !out.status.success() {
        let shown: Vec<String> = args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect();
        return Err(Failure(format!(
            "`git {}` failed: {}",
            shown.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

fn trimmed(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_string()
}

/// The git repository a site lives in.
pub struct Repo {
    /// The site root.
    root: PathBuf,
    /// The site root's path inside the repository (`docs/`, or empty).
    prefix: String,
    /// The repository's git folder (for temporary folders on the same disk).
    git_dir: PathBuf,
}

impl Repo {
    pub fn open(root: &Path) -> Result<Repo, Failure> {
        Repo::open_resolving(root, None).map(|(repo, _)| repo)
    }

    /// [`Repo::open`], and the commit `user_ref` names when it names one,
    /// asked of the same git process (one process fewer before the site is
    /// read). `None` for the commit: ask [`Repo::resolve`], which tells an
    /// unborn branch from a name that is wrong.
    pub fn open_resolving(
        root: &Path,
        user_ref: Option<&str>,
    ) -> Result<(Repo, Option<String>), Failure> {
        let mut args = vec![
            "rev-parse".to_string(),
            "--show-prefix".into(),
            "--absolute-git-dir".into(),
        ];
        if let Some(r) = user_ref {
            args.extend([
                "--verify".into(),
                "--quiet".into(),
                "--end-of-options".into(),
                format!("{r}^{{commit}}"),
            ]);
        }
        let out = run_git(root, &args)?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        // in a repository, the prefix and the folder are printed even when
        // the revision is not a commit
        if lines.len() < 2 || (!out.status.success() && user_ref.is_none()) {
            return Err(Failure(format!(
                "`{}` is not in a git repository (`--changed-since` and `--staged` compare with git): {}",
                root.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        let commit = lines.get(2).map(|id| id.trim().to_string()).filter(|id| {
            out.status.success() && !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit())
        });
        let repo = Repo {
            root: root.to_path_buf(),
            prefix: lines[0].trim().to_string(),
            git_dir: PathBuf::from(lines[1].trim()),
        };
        Ok((repo, commit))
    }

    /// The commit `user_ref` names, as a commit id; `None` when it names
    /// the current branch of a repository without commits (the first
    /// commit: everything is new).
    pub fn resolve(&self, user_ref: &str) -> Result<Option<String>, Failure> {
        let spec = format!("{user_ref}^{{commit}}");
        let out = run_git(
            &self.root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                spec.as_str(),
            ],
        )?;
        if out.status.success() {
            let id = trimmed(&out.stdout);
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Ok(Some(id));
            }
        }
        // no commit yet: HEAD (or the branch it names) is unborn
        let head = run_git(&self.root, &["rev-parse", "--verify", "--quiet", "HEAD"])?;
        let branch = run_git(&self.root, &["symbolic-ref", "--quiet", "HEAD"])?;
        let branch = trimmed(&branch.stdout);
        if !head.status.success()
            && (user_ref == "HEAD"
                || user_ref == "@"
                || branch == format!("refs/heads/{user_ref}")
                || branch == user_ref)
        {
            return Ok(None);
        }
        let shallow = run_git(&self.root, &["rev-parse", "--is-shallow-repository"])?;
        if trimmed(&shallow.stdout) == "true" {
            return Err(Failure(format!(
                "`{user_ref}` is not a commit in this clone, which is shallow: fetch more history \
                 (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
            )));
        }
        Err(Failure(format!(
            "`{user_ref}` names no commit in this repository (name a branch, a tag or a commit id; \
             fetch it first if it is on a remote)"
        )))
    }

    /// A name git printed (relative to the top of the repository), made
    /// relative to the site root.
    fn site_path(&self, name: &[u8]) -> Option<String> {
        let name = String::from_utf8_lossy(name);
        let rel = name.strip_prefix(&self.prefix)?;
        (!rel.is_empty()).then(|| rel.to_string())
    }

    fn names(&self, out: &[u8]) -> BTreeSet<String> {
        out.split(|&b| b == 0)
            .filter_map(|n| self.site_path(n))
            .collect()
    }

    /// Files under the site root that differ between `commit` and the
    /// working folder (untracked files included), or, with `staged`,
    /// between `commit` and the index, each with git's status letter (`A`
    /// added, `M` modified, `D` deleted, `T` type changed; untracked files
    /// are `A`).
    pub fn changed(&self, commit: &str, staged: bool) -> Result<Vec<(u8, String)>, Failure> {
        let mut args = vec!["diff", "--name-status", "--no-renames", "-z"];
        if staged {
            args.push("--cached");
        }
        args.extend([commit, "--", "."]);
        let out = git(&self.root, &args)?;
        // `X\0path\0` records
        let mut files = Vec::new();
        let mut fields = out.split(|&b| b == 0);
        while let (Some(status), Some(name)) = (fields.next(), fields.next()) {
            if let (Some(&letter), Some(rel)) = (status.first(), self.site_path(name)) {
                files.push((letter, rel));
            }
        }
        if !staged {
            files.extend(self.untracked()?.into_iter().map(|rel| (b'A', rel)));
        }
        Ok(files)
    }

    /// The text at `commit` of each of `rels` (paths from the site root;
    /// invalid UTF-8 replaced). A path that names no file there is left
    /// out.
    pub fn old_texts(
        &self,
        commit: &str,
        rels: &[&str],
    ) -> Result<std::collections::HashMap<String, String>, Failure> {
        let mut texts = std::collections::HashMap::new();
        if rels.is_empty() {
            return Ok(texts);
        }
        // `cat-file --batch` reads one name a line: a path with a line
        // break in it is found through the tree's listing instead
        let found: Vec<(String, String)> = if rels.iter().any(|r| r.contains('\n')) {
            self.tree_blobs(commit, rels)?
        } else {
            rels.iter()
                .map(|rel| (rel.to_string(), format!("{commit}:{}{rel}", self.prefix)))
                .collect()
        };
        let names: Vec<&str> = found.iter().map(|(_, name)| name.as_str()).collect();
        for ((rel, _), blob) in found.iter().zip(self.blobs(&names)?) {
            if let Some(blob) = blob {
                texts.insert(rel.clone(), String::from_utf8_lossy(&blob).into_owned());
            }
        }
        Ok(texts)
    }

    /// The blob id of each of `rels` at `commit`, from the tree's listing.
    fn tree_blobs(&self, commit: &str, rels: &[&str]) -> Result<Vec<(String, String)>, Failure> {
        let tree = format!("{commit}:{}", self.prefix.trim_end_matches('/'));
        let out = git(&self.root, &["ls-tree", "-r", "-z", "--full-tree", &tree])?;
        let wanted: HashSet<&str> = rels.iter().copied().collect();
        let mut found = Vec::new();
        for record in out.split(|&b| b == 0) {
            let Some(tab) = record.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let rel = String::from_utf8_lossy(&record[tab + 1..]);
            if !wanted.contains(rel.as_ref()) {
                continue;
            }
            let head = String::from_utf8_lossy(&record[..tab]);
            if let Some(id) = head.split(' ').nth(2) {
                found.push((rel.into_owned(), id.to_string()));
            }
        }
        Ok(found)
    }

    fn untracked(&self) -> Result<BTreeSet<String>, Failure> {
        let out = git(
            &self.root,
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
        Ok(self.names(&out))
    }

    /// What the working folder holds that the index does not: (the files
    /// under the site root where it differs from the index, modified or
    /// deleted tracked files and untracked files, each with git's letter;
    /// the files and folders under the site root that git ignores and the
    /// walk might read: not a dot folder, `_site`, `node_modules`, `vendor`
    /// or the Gemfiles). One `git status` answers both (one walk of the
    /// working folder, not two); it also records the files' times in the
    /// index, as any `git status` does, so that the next run need not
    /// compare contents again. A folder git ignores whole is one entry.
    pub fn working_folder(&self) -> Result<WorkingFolder, Failure> {
        let out = git(
            &self.root,
            &[
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--ignored=matching",
                "--no-renames",
                "--ignore-submodules",
                "--",
                ".",
            ],
        )?;
        let mut unstaged = Vec::new();
        let mut ignored = BTreeSet::new();
        // `XY path`: Y is the working folder against the index (`?`
        // untracked, `!` ignored)
        for e in out.split(|&b| b == 0).filter(|e| e.len() > 3) {
            match e[..2] {
                [b'!', b'!'] => ignored.extend(self.site_path(&e[3..])),
                [_, y] if y != b' ' => unstaged.extend(self.site_path(&e[3..]).map(|p| (y, p))),
                _ => {}
            }
        }
        let ignored = ignored
            .into_iter()
            .filter(|p| {
                let top = p.split('/').next().unwrap_or("");
                // Jekyll reads none of these (dot folders, its output, and
                // its default excludes)
                !(top.starts_with('.')
                    || ["_site", "node_modules", "vendor", "Gemfile", "Gemfile.lock"]
                        .contains(&top))
            })
            .map(|p| p.trim_end_matches('/').to_string())
            .collect();
        Ok(WorkingFolder { unstaged, ignored })
    }

    /// The lines of each file the change touched, from `git diff -U0`
    /// (with `staged`, the staged change).
    pub fn touched(
        &self,
        commit: &str,
        staged: bool,
        changed: BTreeSet<String>,
    ) -> Result<Touched, Failure> {
        let mut args = vec![
            "-c",
            "core.quotePath=false",
            "diff",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--no-renames",
            "--src-prefix=a/",
            "--dst-prefix=b/",
        ];
        if staged {
            args.push("--cached");
        }
        args.extend([commit, "--", "."]);
        let out = git(&self.root, &args)?;
        let mut lines: std::collections::HashMap<String, Vec<(usize, usize)>> =
            std::collections::HashMap::new();
        let mut file: Option<String> = None;
        for line in out.split(|&b| b == b'\n') {
            if let Some(name) = line.strip_prefix(b"+++ ") {
                let name = unquote(name).unwrap_or_else(|| name.to_vec());
                file = name.strip_prefix(b"b/").and_then(|n| self.site_path(n));
                if let Some(f) = &file {
                    lines.entry(f.clone()).or_default();
                }
            } else if let (Some(hunk), Some(f)) = (line.strip_prefix(b"@@ "), &file) {
                // `@@ -a,b +c,d @@`
                let hunk = String::from_utf8_lossy(hunk);
                let Some(new) = hunk.split(' ').find_map(|w| w.strip_prefix('+')) else {
                    continue;
                };
                let (start, count) = match new.split_once(',') {
                    Some((s, c)) => (s.parse().unwrap_or(0), c.parse().unwrap_or(1)),
                    None => (new.parse().unwrap_or(0), 1),
                };
                // a deletion touches the lines on either side of it
                let range = if count == 0 {
                    (start.max(1), start + 1)
                } else {
                    (start, start + count - 1)
                };
                lines.entry(f.clone()).or_default().push(range);
            }
        }
        Ok(Touched { changed, lines })
    }

    /// A temporary folder, on the same disk as the site where possible
    /// (copies there can share blocks on file systems that allow it).
    pub fn temp_dir(&self) -> Result<tempfile::TempDir, Failure> {
        let system = std::env::temp_dir();
        let places = if same_disk(&system, &self.root) {
            vec![system]
        } else {
            vec![self.git_dir.clone(), system]
        };
        let mut last = None;
        for place in places {
            match tempfile::Builder::new()
                .prefix("sitelint-")
                .tempdir_in(&place)
            {
                Ok(dir) => return Ok(dir),
                Err(e) => last = Some(e),
            }
        }
        Err(Failure(format!(
            "cannot make a temporary folder: {}",
            last.map_or_else(String::new, |e| e.to_string())
        )))
    }

    /// Lay out the site as it is at `commit` in `dest`; a file for which
    /// `reuse` holds is taken from the working folder (it has the same
    /// content there). Returns false when the site's folder did not exist
    /// at that commit.
    pub fn lay_out_commit(
        &self,
        commit: &str,
        reuse: &dyn Fn(&str) -> bool,
        dest: &Path,
    ) -> Result<bool, Failure> {
        let tree = format!("{commit}:{}", self.prefix.trim_end_matches('/'));
        let out = run_git(&self.root, &["ls-tree", "-r", "-z", "--full-tree", &tree])?;
        if !out.status.success() {
            return Ok(false);
        }
        // `<mode> <type> <id>\t<path>`
        let mut entries = Vec::new();
        for record in out.stdout.split(|&b| b == 0) {
            let Some(tab) = record.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let head = String::from_utf8_lossy(&record[..tab]);
            let mut parts = head.split(' ');
            let (Some(mode), Some(kind), Some(id)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if kind != "blob" {
                continue;
            }
            let rel = String::from_utf8_lossy(&record[tab + 1..]).into_owned();
            entries.push(Entry {
                symlink: mode == "120000",
                id: id.to_string(),
                rel,
            });
        }
        self.lay_out(&entries, reuse, dest)?;
        Ok(true)
    }

    /// Lay out the site as it is in the index in `dest`; files the working
    /// folder has as staged (not in `unstaged`) are taken from it.
    pub fn lay_out_index(&self, unstaged: &BTreeSet<String>, dest: &Path) -> Result<(), Failure> {
        let out = git(&self.root, &["ls-files", "--stage", "-z", "--", "."])?;
        // `<mode> <id> <stage>\t<path>`, paths relative to the site root
        let mut entries = Vec::new();
        let mut seen = HashSet::new();
        for record in out.split(|&b| b == 0) {
            let Some(tab) = record.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let head = String::from_utf8_lossy(&record[..tab]);
            let mut parts = head.split(' ');
            let (Some(mode), Some(id)) = (parts.next(), parts.next()) else {
                continue;
            };
            if mode == "160000" {
                continue; // a submodule
            }
            let rel = String::from_utf8_lossy(&record[tab + 1..]).into_owned();
            if !seen.insert(rel.clone()) {
                continue; // later stages of a conflict
            }
            entries.push(Entry {
                symlink: mode == "120000",
                id: id.to_string(),
                rel,
            });
        }
        self.lay_out(&entries, &|rel| !unstaged.contains(rel), dest)
    }

    fn lay_out(
        &self,
        entries: &[Entry],
        reuse: &dyn Fn(&str) -> bool,
        dest: &Path,
    ) -> Result<(), Failure> {
        let mut made: HashSet<PathBuf> = HashSet::new();
        let mut from_git: Vec<&Entry> = Vec::new();
        for e in entries {
            let Some(target) = inside(dest, &e.rel) else {
                continue; // `..` or an absolute path: never written
            };
            make_parent(&target, &mut made)?;
            if reuse(&e.rel) && !e.symlink && reuse_file(&self.root.join(&e.rel), &target, &e.rel) {
                continue;
            }
            from_git.push(e);
        }
        if from_git.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = from_git.iter().map(|e| e.id.as_str()).collect();
        let blobs = self.blobs(&ids)?;
        for (e, blob) in from_git.iter().zip(blobs) {
            let Some(target) = inside(dest, &e.rel) else {
                continue;
            };
            let Some(blob) = blob else {
                return Err(Failure(format!(
                    "`git cat-file --batch` failed: `{}` ({}) is not a file in git",
                    e.rel, e.id
                )));
            };
            let written = if e.symlink {
                symlink(&blob, &target)
            } else {
                std::fs::write(&target, &blob)
            };
            written.map_err(|err| {
                Failure(format!(
                    "cannot write `{}` from git into `{}`: {err}",
                    e.rel,
                    dest.display()
                ))
            })?;
        }
        Ok(())
    }

    /// The content of each blob, in order (`git cat-file --batch`): `ids`
    /// are object ids or `commit:path` names; `None` where one names no
    /// blob (nothing, or a submodule's commit).
    fn blobs(&self, ids: &[&str]) -> Result<Vec<Option<Vec<u8>>>, Failure> {
        let mut child = command(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Failure(format!("cannot run git: {e}")))?;
        let mut input = String::new();
        for id in ids {
            input.push_str(id);
            input.push('\n');
        }
        let stdin = child.stdin.take();
        // written from another thread: git answers while we still ask
        let writer = std::thread::spawn(move || {
            if let Some(mut stdin) = stdin {
                let _ = stdin.write_all(input.as_bytes());
            }
        });
        let failed = |what: String| Failure(format!("`git cat-file --batch` failed: {what}"));
        let mut blobs = Vec::with_capacity(ids.len());
        if let Some(stdout) = child.stdout.take() {
            let mut reader = BufReader::new(stdout);
            let mut header = String::new();
            for id in ids {
                header.clear();
                reader
                    .read_line(&mut header)
                    .map_err(|e| failed(e.to_string()))?;
                // `<id> <type> <size>`, or `<name> missing`
                let mut parts = header.split_whitespace();
                let (kind, size) = match (parts.next(), parts.next(), parts.next()) {
                    (Some(_), Some(kind), Some(size)) => (
                        kind == "blob",
                        size.parse::<usize>().map_err(|_| {
                            failed(format!("unexpected answer `{}`", header.trim()))
                        })?,
                    ),
                    (Some(_), Some("missing" | "ambiguous"), None) => {
                        blobs.push(None);
                        continue;
                    }
                    _ => return Err(failed(format!("no blob `{id}`: `{}`", header.trim()))),
                };
                let mut blob = vec![0; size];
                reader
                    .read_exact(&mut blob)
                    .map_err(|e| failed(e.to_string()))?;
                let mut newline = [0u8; 1];
                reader
                    .read_exact(&mut newline)
                    .map_err(|e| failed(e.to_string()))?;
                blobs.push(kind.then_some(blob));
            }
        }
        let _ = writer.join();
        let status = child.wait().map_err(|e| failed(e.to_string()))?;
        if !status.success() || blobs.len() != ids.len() {
            let mut err = String::new();
            if let Some(mut stderr) = child.stderr.take() {
                let _ = stderr.read_to_string(&mut err);
            }
            return Err(failed(err.trim().to_string()));
        }
        Ok(blobs)
    }
}

/// What [`Repo::working_folder`] finds.
pub struct WorkingFolder {
    pub unstaged: Vec<(u8, String)>,
    pub ignored: Vec<String>,
}

/// The lines a change touched.
pub struct Touched {
    changed: BTreeSet<String>,
    /// Line ranges (1-based, inclusive) by file; a changed file without
    /// hunks (new, untracked, binary) is touched everywhere.
    lines: std::collections::HashMap<String, Vec<(usize, usize)>>,
}

impl Touched {
    pub fn touches(&self, rel: &str, line: usize) -> bool {
        if !self.changed.contains(rel) {
            return false;
        }
        match self.lines.get(rel) {
            Some(ranges) if !ranges.is_empty() => {
                ranges.iter().any(|&(a, b)| (a..=b).contains(&line))
            }
            _ => true,
        }
    }
}

/// A path git quoted (`"a\tb"`, C escapes), unquoted.
fn unquote(s: &[u8]) -> Option<Vec<u8>> {
    let inner = s.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let b = inner[i];
        i += 1;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let e = *inner.get(i)?;
        i += 1;
        out.push(match e {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'v' => 11,
            b'0'..=b'3' => {
                let digits = inner.get(i..i + 2)?;
                i += 2;
                let octal = [e, digits[0], digits[1]];
                u8::from_str_radix(std::str::from_utf8(&octal).ok()?, 8).ok()?
            }
            other => other,
        });
    }
    Some(out)
}

/// Take a file the working folder has unchanged: a copy, or for a binary
/// asset (whose content no check reads, only its size) an empty sparse file
/// of the same size. Never a hard link: that would change the original's
/// ctime, and git would then re-read every file on the next `git status`.
fn reuse_file(source: &Path, target: &Path, rel: &str) -> bool {
    if is_binary_asset(rel) {
        let Ok(meta) = std::fs::metadata(source) else {
            return false;
        };
        return meta.is_file()
            && std::fs::File::create(target)
                .and_then(|f| f.set_len(meta.len()))
                .is_ok();
    }
    std::fs::copy(source, target).is_ok()
}

const BINARY_ASSETS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp", "tif", "tiff", "pdf", "mp3", "mp4",
    "webm", "ogg", "wav", "mov", "woff", "woff2", "ttf", "otf", "eot", "zip", "doc", "docx", "xls",
    "xlsx", "ppt", "pptx", "odt",
];

fn extension(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_binary_asset(rel: &str) -> bool {
    BINARY_ASSETS.contains(&extension(rel).as_str())
}

struct Entry {
    symlink: bool,
    id: String,
    rel: String,
}

/// `dest` joined with a path git printed, if every part of it is a plain
/// name (no `..`, no root).
fn inside(dest: &Path, rel: &str) -> Option<PathBuf> {
    let path = Path::new(rel);
    if rel.is_empty()
        || rel.starts_with("./")
        || !path.components().all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    Some(dest.join(path))
}

fn make_parent(target: &Path, made: &mut HashSet<PathBuf>) -> Result<(), Failure> {
    if let Some(parent) = target.parent()
        && !made.contains(parent)
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure(format!("cannot make `{}`: {e}", parent.display())))?;
        made.insert(parent.to_path_buf());
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &[u8], link: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    std::os::unix::fs::symlink(OsStr::from_bytes(target), link)
}

#[cfg(not(unix))]
fn symlink(target: &[u8], link: &Path) -> std::io::Result<()> {
    // as git does where links cannot be made: a file holding the target
    std::fs::write(link, target)
}

#[cfg(unix)]
fn same_disk(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_disk(_: &Path, _: &Path) -> bool {
    false
}

/// Whether a changed file can change, in the files it did not touch, only
/// the findings that depend on other files (links, images, the inferred
/// schema): a document, or an asset. A change to anything else (the
/// configuration, settings, data, layouts, rule files) can change any
/// finding anywhere.
pub fn is_content(rel: &str, is_document: bool) -> bool {
    if is_document {
        return true;
    }
    is_binary_asset(rel) || ["svg", "css", "scss", "js", "map"].contains(&extension(rel).as_str())
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

/// The closed front matter of a text, fences included: what
/// [`only_bodies_changed`] compares.
fn closed_front(text: &str) -> Option<&str> {
    match crate::text::front_matter::parse(text, Default::default()) {
        crate::text::front_matter::FrontMatter::Closed(block) => text.get(..block.body_start),
        _ => None,
    }
}

/// A first look, before any site is read: whether each modified file under
/// `root` has the closed front matter it had at the commit (`old`). When
/// not, [`only_bodies_changed`] cannot hold, and both sites are read at
/// once.
pub fn same_fronts(
    root: &Path,
    statuses: &[(u8, String)],
    old: &std::collections::HashMap<String, String>,
) -> bool {
    statuses.iter().all(|(status, rel)| {
        // a path out of the site, or a link (not a document, and never
        // followed out of the site): not a body edit
        let Some(path) = inside(root, rel) else {
            return false;
        };
        if *status != b'M' || !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            return false;
        }
        let mut now = String::new();
        let read = crate::inside::open_regular(&path).and_then(|mut f| f.read_to_string(&mut now));
        read.is_ok()
            && old
                .get(rel)
                .is_some_and(|was| closed_front(&now).is_some_and(|f| Some(f) == closed_front(was)))
    })
}

/// Whether the change since the commit kept everything one file's
/// findings can take from another: only documents were modified (none
/// added, deleted or renamed, no other file changed), and each has, in
/// the site checked and at the commit (`old`: its text there), closed
/// front matter of the same bytes (so the same URL, redirects, and
/// values the schema is inferred from) and the same ids (what fragments
/// on other pages name). Then every finding outside the modified
/// documents is the same in both sites, and the site at the commit need
/// not be checked: what the change brings is the modified documents' own
/// findings.
pub fn only_bodies_changed(
    site: &crate::site::Site,
    statuses: &[(u8, String)],
    old: &std::collections::HashMap<String, String>,
) -> bool {
    use crate::site::{Document, Limits, targets, walk};
    use crate::text::front_matter::FrontMatter;
    !statuses.is_empty()
        && statuses.iter().all(|(status, rel)| {
            let (Some(i), Some(old_text)) = (site.document_at(rel), old.get(rel)) else {
                return false;
            };
            let new = &site.documents[i];
            let entry = walk::Entry {
                rel: rel.clone(),
                path: new.file.path.clone(),
                collection: new.collection,
                header: false,
            };
            // as the site at the commit would read it (see `read_files`)
            let mut was =
                Document::from_text(&site.config, entry, old_text.clone(), Limits::default());
            was.plugin_page = new.plugin_page;
            fn front(d: &Document) -> Option<&str> {
                match &d.front {
                    FrontMatter::Closed(block) => d.file.text.get(..block.body_start),
                    _ => None,
                }
            }
            *status == b'M'
                && new.unchecked.is_none()
                && front(new).is_some_and(|f| Some(f) == front(&was))
                && targets::fragment_ids_known(site, new) == targets::fragment_ids_known(site, &was)
        })
}

/// Words a document must contain for a change to alter its links' and
/// images' findings: the last part of every URL a changed file is served at
/// (in either site), and the changed files' names. A document without any
/// of them links to nothing the change touched (a link names its target's
/// URL, file name or post name), so its link and image findings are the
/// same in both sites.
pub struct Needles(aho_corasick::AhoCorasick);

impl Needles {
    /// `None` when a name cannot be told apart from the rest of a document
    /// (the site's home page `/`, or a name with characters a link may
    /// percent-encode): then every document counts as touched.
    pub fn of(changed: &BTreeSet<String>, sites: &[&crate::site::Site]) -> Option<Needles> {
        use crate::site::urls::Source;
        let mut words: BTreeSet<String> = BTreeSet::new();
        let mut add = |word: &str| -> Option<()> {
            let word = word.trim_end_matches('/');
            let word = word.rsplit('/').next().unwrap_or(word);
            let word = word.split(['?', '#']).next().unwrap_or(word);
            if word.is_empty()
                || !word
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
            {
                return None;
            }
            // `x.html` is linked as `x` too
            let stem = word.rsplit_once('.').map_or(word, |(s, _)| s);
            if stem.is_empty() {
                return None;
            }
            words.insert(stem.to_string());
            // a post's name without its date, as `post_url` and permalinks use it
            if stem.len() > 11
                && stem.as_bytes()[..11].iter().enumerate().all(|(i, b)| {
                    if matches!(i, 4 | 7 | 10) {
                        *b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                })
            {
                words.insert(stem[11..].to_string());
            }
            Some(())
        };
        for rel in changed {
            add(rel)?;
            for site in sites {
                let index = site.urls();
                if let Some(i) = site.document_at(rel) {
                    if let Some(Ok(u)) = index.documents.get(i) {
                        add(&u.url)?;
                    }
                    for s in &index.served {
                        if matches!(s.source, Source::RedirectFrom(j) | Source::Document(j) if j == i)
                        {
                            add(&s.url())?;
                        }
                    }
                } else if let Ok(j) = site.files.binary_search_by(|f| f.rel.as_str().cmp(rel))
                    && let Some(Some(url)) = index.files.get(j)
                {
                    add(url)?;
                }
            }
        }
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&words)
            .ok()
            .map(Needles)
    }

    pub fn found_in(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_git_stay_inside_the_folder() {
        let dest = Path::new("/tmp/x");
        assert_eq!(inside(dest, "a/b.md"), Some(PathBuf::from("/tmp/x/a/b.md")));
        assert_eq!(inside(dest, "../b.md"), None);
        assert_eq!(inside(dest, "a/../../b.md"), None);
        assert_eq!(inside(dest, "/etc/passwd"), None);
        assert_eq!(inside(dest, "./a"), None);
        assert_eq!(inside(dest, ""), None);
    }

    #[test]
    fn quoted_paths_are_unquoted() {
        assert_eq!(unquote(br#""b/a\tb""#), Some(b"b/a\tb".to_vec()));
        assert_eq!(
            unquote(br#""b/caf\303\251 \"x\"""#),
            Some("b/café \"x\"".as_bytes().to_vec())
        );
        assert_eq!(unquote(b"b/plain"), None);
    }

    #[test]
    fn only_documents_and_assets_are_content() {
        assert!(is_content("_posts/a.md", true));
        assert!(is_content("assets/a.PNG", false));
        assert!(!is_content("_config.yml", false));
        assert!(!is_content("rules/mine.yml", false));
        assert!(!is_content("_layouts/default.html", false));
        assert!(!is_content("Makefile", false));
    }
}
