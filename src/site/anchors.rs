//! Ids a page gets from the HTML around its content: its layout (and the
//! layouts that one uses) and the files they and the page `{% include %}`.
//! Read where they are plain: a file that cannot be seen (a theme's
//! layout), an include named by Liquid, an `id` written with Liquid, or a
//! script that may write ids make the page's ids unknowable, and its fragments are then not checked
//! (an HTML page) or checked against what is known (a Markdown page, as
//! before).

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;

use crate::site::{Document, Site};
use crate::text::{front_matter, html, liquid};

/// Largest layout or include read, and how deep includes nest.
const MAX_BYTES: u64 = 1024 * 1024;
const MAX_DEPTH: usize = 16;

/// Ids (`None`: not knowable) that depend only on the site's layouts and
/// includes, read once per site: a site whose pages share one layout and
/// a few includes reads and scans them once, not once per page a fragment
/// names. The server reads the site again when a file is saved, so a kept
/// answer never outlives the files it was read from.
#[derive(Debug, Default)]
pub struct Memo {
    /// The site root with symbolic links resolved.
    real_root: OnceLock<Option<PathBuf>>,
    /// What the layout chain that starts at a layout name adds.
    layouts: Mutex<FxHashMap<String, Found>>,
    /// What an included file (and what it includes) adds, by the name
    /// `include` gives it and how deep it is included.
    includes: Mutex<FxHashMap<(String, usize), Found>>,
}

type Found = Option<Arc<[String]>>;

/// The memo's answer for `key`, computing it (outside the lock: two
/// threads may both compute it, with the same answer) when it is new.
fn memo<K: std::hash::Hash + Eq>(
    map: &Mutex<FxHashMap<K, Found>>,
    key: K,
    compute: impl FnOnce() -> Option<Vec<String>>,
) -> Found {
    let lock = || {
        map.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some(found) = lock().get(&key) {
        return found.clone();
    }
    let found: Found = compute().map(Arc::from);
    lock().insert(key, found.clone());
    found
}

/// The ids the layout chain and the includes add to `doc`, or `None` when
/// some of them cannot be known.
pub fn surrounding_ids(site: &Site, doc: &Document) -> Option<Vec<String>> {
    let mut ids = Vec::new();
    let start = doc.front.body_start();
    let body = doc.file.text.get(start..)?;
    collect(site, body, 0, &mut ids)?;
    if let Some(layout) = site.value(doc, "layout").and_then(|n| n.scalar_text()) {
        let chain = memo(&site.anchors.layouts, layout.to_string(), || {
            layout_chain_ids(site, layout)
        })?;
        ids.extend(chain.iter().cloned());
    }
    Some(ids)
}

/// The ids the layout `first` and the layouts it uses add.
fn layout_chain_ids(site: &Site, first: &str) -> Option<Vec<String>> {
    let mut ids = Vec::new();
    let mut layout = Some(first.to_string());
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
            .find_map(|ext| read_inside(site, &dir, &format!("{name}.{ext}")))?;
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
        let found = memo(
            &site.anchors.includes,
            (file.to_string(), depth + 1),
            || {
                let dir = site.root.join("_includes");
                let included = read_inside(site, &dir, file)?;
                let mut ids = Vec::new();
                collect(site, &included, depth + 1, &mut ids)?;
                Some(ids)
            },
        )?;
        ids.extend(found.iter().cloned());
    }
    Some(())
}

/// The text of `dir/name`, when `name` is a plain relative path that stays
/// inside the site and the file is small enough.
fn read_inside(site: &Site, dir: &Path, name: &str) -> Option<String> {
    let rel = Path::new(name);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let path = dir.join(rel);
    let real = path.canonicalize().ok()?;
    let real_root = site
        .anchors
        .real_root
        .get_or_init(|| site.root.canonicalize().ok())
        .as_ref()?;
    if !real.starts_with(real_root) {
        return None;
    }
    let meta = std::fs::metadata(&real).ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    std::fs::read_to_string(&real).ok()
}
