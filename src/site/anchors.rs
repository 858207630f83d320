//! Ids a page gets from the HTML around its content: its layout (and the
//! layouts that one uses) and the files they and the page `{% include %}`.
//! Read where they are plain: a file that cannot be seen (a theme's
//! layout), an include named by Liquid, an `id` written with Liquid, or a
//! script that may write ids make the page's ids unknowable, and its fragments are then not checked
//! (an HTML page) or checked against what is known (a Markdown page, as
//! before).

use std::path::{Component, Path};

use crate::site::{Document, Site};
use crate::text::{front_matter, html, liquid};

/// Largest layout or include read, and how deep includes nest.
const MAX_BYTES: u64 = 1024 * 1024;
const MAX_DEPTH: usize = 16;

/// The ids the layout chain and the includes add to `doc`, or `None` when
/// some of them cannot be known.
pub fn surrounding_ids(site: &Site, doc: &Document) -> Option<Vec<String>> {
    let mut ids = Vec::new();
    let start = doc.front.body_start();
    let body = doc.file.text.get(start..)?;
    collect(site, body, 0, &mut ids)?;
    let mut layout = site
        .value(doc, "layout")
        .and_then(|n| n.scalar_text())
        .map(str::to_string);
    let mut depth = 0;
    while let Some(name) = layout.take() {
        let name = name.trim();
        if name.is_empty() || name == "none" || name == "null" {
            break;
        }
        depth += 1;
        if depth > MAX_DEPTH {
            return None;
        }
        let dir = site.root.join("_layouts");
        let text = ["html", "md", "markdown"]
            .iter()
            .find_map(|ext| read_inside(&site.root, &dir, &format!("{name}.{ext}")))?;
        let fm = front_matter::parse(&text, Default::default());
        let body = text.get(fm.body_start()..)?;
        collect(site, body, 0, &mut ids)?;
        layout = fm
            .data()
            .and_then(|d| d.get("layout"))
            .and_then(|n| n.scalar_text())
            .map(str::to_string);
    }
    Some(ids)
}

/// The ids in `text` and in the files it includes.
fn collect(site: &Site, text: &str, depth: usize, ids: &mut Vec<String>) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    for tag in html::tags(text, 0..text.len()) {
        // a script that may write ids: they cannot be known
        if tag.name == "script" && !tag.closing {
            let end = html::raw_text_end(text, tag.span.end, text.len(), "script");
            let code = &text[tag.span.end..end];
            if ["id=", ".id", "\"id\"", "'id'", "setAttribute"]
                .iter()
                .any(|p| code.contains(p))
            {
                return None;
            }
        }
        if let Some(id) = tag.attr("id") {
            let value = text.get(id.value.clone())?;
            if value.contains("{{") || value.contains("{%") {
                return None;
            }
            ids.push(value.to_string());
        }
    }
    for l in liquid::find(text, 0..text.len()) {
        let src = &text[l.span.clone()];
        if l.kind != liquid::LiquidKind::Tag {
            continue;
        }
        let name = liquid::tag_name(src);
        if name != "include" && name != "include_relative" {
            continue;
        }
        if name == "include_relative" {
            return None;
        }
        let file = src
            .trim_start_matches("{%")
            .trim_start_matches('-')
            .trim_start()
            .trim_start_matches("include")
            .split_whitespace()
            .next()?;
        if file.contains("{{") {
            return None;
        }
        let dir = site.root.join("_includes");
        let included = read_inside(&site.root, &dir, file)?;
        collect(site, &included, depth + 1, ids)?;
    }
    Some(())
}

/// The text of `dir/name`, when `name` is a plain relative path that stays
/// inside the site and the file is small enough.
fn read_inside(root: &Path, dir: &Path, name: &str) -> Option<String> {
    let rel = Path::new(name);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let path = dir.join(rel);
    let real = path.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    if !real.starts_with(&real_root) {
        return None;
    }
    let meta = std::fs::metadata(&real).ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    std::fs::read_to_string(&real).ok()
}
