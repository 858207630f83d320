//! `sitelint migrate`: bulk changes to a site's content. Each migration
//! computes a [`Plan`] (file changes as whole new texts built from byte
//! edits, new files, moves); the plan is printed by default, `--diff` shows
//! it as a unified diff, and only `--write` changes files (atomically, and
//! never overwriting a file that changed since it was read or a file that
//! already exists).

pub mod dates;
pub mod import;
pub mod keys;
pub mod move_docs;

use std::io::Write;
use std::path::PathBuf;

use crate::diagnostic::Edit;
use crate::engine::Failure;
use crate::site::Document;

/// One file's change.
#[derive(Debug)]
pub struct Change {
    /// Path relative to the site root.
    pub rel: String,
    /// What the file holds now (`None` for a file to create).
    pub original: Option<String>,
    /// What it will hold.
    pub new: String,
    /// For a move: where the file goes (relative to the site root).
    pub move_to: Option<String>,
    /// One line per action, for the plan.
    pub notes: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// Things the migration chose not to do, and why.
    pub skipped: Vec<String>,
    /// For a file to create (by relative path): the file it is made from,
    /// whose permissions it takes.
    pub sources: std::collections::BTreeMap<String, PathBuf>,
    /// Files of the site to remove once every change is written (an
    /// imported plain-text file Jekyll would otherwise publish as is).
    pub removals: Vec<Removal>,
}

/// A file of the site that a migration removes.
#[derive(Debug)]
pub struct Removal {
    /// Path relative to the site root.
    pub rel: String,
    /// What it holds now: it is removed only if it still does.
    pub original: Vec<u8>,
    /// Why, for the plan.
    pub note: String,
}

impl Plan {
    /// Record edits to an existing document.
    pub fn edit(&mut self, doc: &Document, edits: Vec<Edit>, note: String) {
        if edits.is_empty() {
            return;
        }
        let refs: Vec<&Edit> = edits.iter().collect();
        let new = crate::fix::apply(&doc.file.text, &refs);
        if let Some(c) = self.changes.iter_mut().find(|c| c.rel == doc.file.rel) {
            // a second migration step on the same file edits the new text
            c.notes.push(note);
            c.new = new;
            return;
        }
        self.changes.push(Change {
            rel: doc.file.rel.clone(),
            original: Some(doc.file.text.clone()),
            new,
            move_to: None,
            notes: vec![note],
        });
    }
}

/// How to present or apply a plan.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    pub diff: bool,
    pub write: bool,
}

/// Print the plan (and diff), or write it. Returns the exit code: 0 when
/// there was nothing to do or it was written, 1 when a plan is pending (so
/// that CI can ask "is there anything left to migrate?").
pub fn present(
    root: &std::path::Path,
    plan: &Plan,
    mode: Mode,
    out: &mut dyn Write,
) -> Result<i32, Failure> {
    // file names, keys and values come from the site: escaped, so that no
    // line break or terminal escape in them reaches the terminal or a CI log
    let text = crate::report::escape::text;
    for s in &plan.skipped {
        writeln!(out, "skipped: {}", text(s))?;
    }
    for c in &plan.changes {
        let target = c.move_to.as_deref().unwrap_or(&c.rel);
        for n in &c.notes {
            writeln!(out, "{}: {}", text(target), text(n))?;
        }
        if mode.diff {
            let old = c.original.as_deref().unwrap_or("");
            let (a, b) = match (&c.original, &c.move_to) {
                (None, _) => ("/dev/null".to_string(), format!("b/{target}")),
                (Some(_), _) => (format!("a/{}", c.rel), format!("b/{target}")),
            };
            write!(out, "{}", crate::diff::unified(&a, &b, old, &c.new))?;
        }
    }
    for r in &plan.removals {
        writeln!(out, "{}: {}", text(&r.rel), text(&r.note))?;
        if mode.diff {
            let old = String::from_utf8_lossy(&r.original);
            let a = format!("a/{}", r.rel);
            write!(out, "{}", crate::diff::unified(&a, "/dev/null", &old, ""))?;
        }
    }
    let total = plan.changes.len() + plan.removals.len();
    if total == 0 {
        writeln!(out, "Nothing to migrate.")?;
        return Ok(0);
    }
    if !mode.write {
        writeln!(
            out,
            "{total} file(s) would change; run again with `--write` to apply."
        )?;
        return Ok(1);
    }
    let mut failed = 0;
    for c in &plan.changes {
        let path: PathBuf = root.join(&c.rel);
        let result = match (&c.original, &c.move_to) {
            (None, _) => {
                let permissions = plan
                    .sources
                    .get(&c.rel)
                    .and_then(|source| std::fs::metadata(source).ok())
                    .map(|m| m.permissions());
                crate::write::create_new(root, &path, c.new.as_bytes(), permissions)
            }
            (Some(orig), None) => {
                crate::write::replace(root, &path, orig.as_bytes(), c.new.as_bytes())
            }
            (Some(orig), Some(to)) => move_file(root, &path, &root.join(to), orig, &c.new),
        };
        if let Err(e) = result {
            failed += 1;
            writeln!(out, "error: {}: {}", text(&c.rel), text(&e.to_string()))?;
        }
    }
    // a source is removed only once what replaces it is written
    let mut removed = 0;
    let mut not_removed = 0;
    for r in &plan.removals {
        if failed > 0 {
            writeln!(out, "kept: {} (a change failed)", text(&r.rel))?;
            continue;
        }
        let path = root.join(&r.rel);
        let result = match crate::inside::read(root, &path) {
            Ok(now) if now == r.original => std::fs::remove_file(&path).map_err(Into::into),
            Ok(_) => Err(crate::write::WriteError::Changed),
            Err(e) => Err(e.into()),
        };
        match result {
            Ok(()) => removed += 1,
            Err(e) => {
                not_removed += 1;
                writeln!(out, "error: {}: {}", text(&r.rel), text(&e.to_string()))?;
            }
        }
    }
    writeln!(out, "Wrote {} file(s).", plan.changes.len() - failed)?;
    if removed > 0 {
        writeln!(out, "Removed {removed} file(s).")?;
    }
    Ok(i32::from(failed + not_removed > 0))
}

/// Move a file: create the new one (never overwriting), then remove the old
/// one if it still holds what was read.
fn move_file(
    root: &std::path::Path,
    from: &std::path::Path,
    to: &std::path::Path,
    original: &str,
    new: &str,
) -> Result<(), crate::write::WriteError> {
    let current = crate::inside::read(root, from)?;
    if current != original.as_bytes() {
        return Err(crate::write::WriteError::Changed);
    }
    // the moved file keeps its permissions; the destination (and any
    // folder made for it) is checked to lie inside the site first
    let permissions = std::fs::metadata(from)?.permissions();
    crate::write::create_new(root, to, new.as_bytes(), Some(permissions))?;
    std::fs::remove_file(from)?;
    Ok(())
}

/// Quote a string for a block YAML value when a plain scalar would not read
/// back as the same string under Psych's rules.
pub fn yaml_scalar(s: &str) -> String {
    crate::text::yaml_write::quote_str(s, crate::text::yaml_write::Context::Block)
}

/// The line ending a file uses (CRLF if its first line ends with one).
pub fn eol(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(yaml_scalar("Hello world"), "Hello world");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("Pride: a history"), "\"Pride: a history\"");
        assert_eq!(yaml_scalar("2020-01-01"), "\"2020-01-01\"");
        assert_eq!(yaml_scalar("say \"hi\""), "say \"hi\"");
        assert_eq!(yaml_scalar("\"quoted\""), "\"\\\"quoted\\\"\"");
    }
}
