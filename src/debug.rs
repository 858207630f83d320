//! `sitelint debug extract`: what sitelint reads out of each Markdown
//! document (link and image targets, the ids fragments can name), as JSON
//! lines, for `scripts/kramdown-conformance` to compare with kramdown's
//! HTML. Hidden from `--help`: a development tool, not a user command.

use std::io::Write;
use std::path::PathBuf;

use crate::engine::Failure;
use crate::site::{self, Limits, Site, targets};
use crate::text::markdown::LinkKind;

/// One JSON object per Markdown document under `path` (the site root, or a
/// folder or file inside it): `{"path", "links": [{"dest", "image"}],
/// "ids": [...]}`. Targets are as written (Liquid included), in source
/// order; a reference definition is marked `definition` (kramdown writes
/// its target where a reference uses it).
pub fn extract(path: Option<&PathBuf>, out: &mut dyn Write) -> Result<(), Failure> {
    let start = path.cloned().unwrap_or_else(|| PathBuf::from("."));
    if !start.exists() {
        return Err(Failure(format!("`{}` does not exist", start.display())));
    }
    let root = site::find_root(&start)?;
    let site = Site::load(&root, Limits::default())?;
    let abs_start = std::path::absolute(&start)?;
    let abs_root = std::path::absolute(&root)?;
    let under = abs_start
        .strip_prefix(&abs_root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    for doc in &site.documents {
        if !doc.markdown || doc.unchecked.is_some() {
            continue;
        }
        if !under.is_empty() && doc.rel() != under && !doc.rel().starts_with(&format!("{under}/")) {
            continue;
        }
        let body = doc.body_once();
        let text = &doc.file.text;
        let links: Vec<serde_json::Value> = body
            .links
            .iter()
            .map(|l| {
                let dest = text.get(l.dest.clone()).unwrap_or("");
                let dest = if l.kind == LinkKind::EmailAutolink {
                    format!("mailto:{dest}")
                } else {
                    dest.to_string()
                };
                serde_json::json!({
                    "dest": dest,
                    "image": l.image,
                    "definition": l.kind == LinkKind::Definition,
                    "line": doc.file.line_col(l.span.start).0,
                })
            })
            .collect();
        let ids = targets::fragment_ids(&site, doc);
        let line = serde_json::json!({"path": doc.rel(), "links": links, "ids": ids});
        writeln!(out, "{line}")?;
    }
    Ok(())
}
