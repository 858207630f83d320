//! The site-wide schema checks: layouts, redirects claimed twice, the CMS
//! configuration against `_config.yml`, and folders Jekyll ignores.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use super::closest;
use super::rules::*;
use crate::checks::Context;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::Schema;
use crate::schema::paths::{self, Example};
use crate::text::front_matter;
use crate::text::source::SourceFile;
use crate::text::yaml::{Node, NodeKind};

/// Files under `dir`, relative to it, `/`-separated; at most `depth` deep.
fn files_under(
    dir: &Path,
    depth: usize,
    out: &mut Vec<(String, std::path::PathBuf)>,
    prefix: &str,
) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = read.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        match e.file_type() {
            Ok(t) if t.is_dir() && depth > 0 => files_under(&e.path(), depth - 1, out, &rel),
            Ok(t) if t.is_file() => out.push((rel, e.path())),
            _ => {}
        }
    }
}

fn config_str<'a>(ctx: &'a Context, key: &str) -> Option<&'a str> {
    ctx.site.config.data.as_ref()?.get(key)?.scalar_text()
}

pub fn layouts(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !ctx.enabled(&UNKNOWN_LAYOUT) {
        return;
    }
    let site = ctx.site;
    // as Jekyll's `in_source_dir`: `../x` is `x` inside the site
    let dir = crate::inside::in_site(config_str(ctx, "layouts_dir").unwrap_or("_layouts"));
    let dir = dir.as_str();
    let theme = site.config.data.as_ref().and_then(|d| {
        ["remote_theme", "theme"]
            .iter()
            .find_map(|k| d.entry(k).filter(|e| !e.value.is_null()))
    });
    // without a layouts folder or a theme, layouts come from somewhere
    // sitelint cannot see (another configuration file, a plugin)
    // never a folder outside the site (through a symbolic link)
    let layouts = crate::inside::resolve(&site.root, &site.root.join(dir))
        .ok()
        .filter(|p| p.is_dir());
    if theme.is_none() && layouts.is_none() {
        return;
    }
    let mut files = Vec::new();
    if let Some(layouts) = &layouts {
        files_under(layouts, 8, &mut files, "");
    }
    let names: Vec<String> = files
        .iter()
        .map(|(rel, _)| {
            rel.rsplit_once('.')
                .map_or(rel.as_str(), |(s, _)| s)
                .to_string()
        })
        .collect();
    let mut unresolved: BTreeMap<String, usize> = BTreeMap::new();
    let index = site.urls();
    for (i, doc) in site.documents.iter().enumerate() {
        // `published: false`: Jekyll never renders it
        if doc.unchecked.is_some()
            || matches!(
                index.documents.get(i),
                Some(Err(crate::site::urls::NoUrl::Unpublished))
            )
        {
            continue;
        }
        let Some(e) = doc.front.data().and_then(|d| d.entry("layout")) else {
            continue;
        };
        let Some(layout) = e.value.as_str() else {
            continue;
        };
        let layout = layout.trim();
        if layout.is_empty() || layout == "none" || names.iter().any(|n| n == layout) {
            continue;
        }
        if theme.is_some() {
            *unresolved.entry(layout.to_string()).or_default() += 1;
            continue;
        }
        let mut d = Diagnostic::new(
            &UNKNOWN_LAYOUT,
            &doc.file,
            e.value.span.clone(),
            format!("Layout `{layout}` does not exist in `{dir}/`"),
        );
        d = match closest(layout, names.iter().map(String::as_str)) {
            Some(n) => d.help(format!("Did you mean `{n}`?")),
            None if names.is_empty() => d.help(format!(
                "The site has no `{dir}/` folder: Jekyll renders this page without a layout"
            )),
            None => d.help(format!(
                "Use one of {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        out.push(d);
    }
    if let (Some(theme), Some(file)) = (theme, &site.config.file)
        && !unresolved.is_empty()
    {
        let docs: usize = unresolved.values().sum();
        let list = unresolved
            .keys()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let key = theme.key.scalar_text().unwrap_or("theme");
        let name = theme.value.scalar_text().unwrap_or("");
        out.push(
            Diagnostic::new(&UNKNOWN_LAYOUT, file, theme.value.span.clone(), format!("Layouts {list} ({docs} documents) are not in `{dir}/` and cannot be checked against the theme `{name}`"))
                .severity(Severity::Info)
                .help(format!("sitelint does not fetch `{key}`: check these names against the theme's `_layouts/`")),
        );
    }
}

pub fn redirects_claimed_twice(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !ctx.enabled(&REDIRECT_TWICE) {
        return;
    }
    let mut claimed: HashMap<String, usize> = HashMap::new();
    for (i, doc) in ctx.site.documents.iter().enumerate() {
        let Some(value) = doc.front.data().and_then(|d| d.get("redirect_from")) else {
            continue;
        };
        let items: Vec<&Node> = match &value.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            _ => vec![value],
        };
        for item in items {
            let Some(text) = item.as_str() else { continue };
            if text.trim().is_empty() || text.contains("{{") {
                continue;
            }
            let file = paths::redirect_file(text.trim());
            match claimed.get(&file) {
                Some(&first) if first != i => {
                    let other = ctx.site.documents[first].rel();
                    out.push(
                        Diagnostic::new(&REDIRECT_TWICE, &doc.file, item.span.clone(), format!("`redirect_from` path `{text}` is also claimed by `{other}`"))
                            .help(format!("Only one redirect page can be written at `{file}`: remove the path from one of the two documents")),
                    );
                }
                Some(_) => {}
                None => {
                    claimed.insert(file, i);
                }
            }
        }
    }
}

pub fn cms_mismatch(ctx: &Context, schema: &Schema, out: &mut Vec<Diagnostic>) {
    if !ctx.enabled(&CMS_MISMATCH) {
        return;
    }
    let Some(cms) = &schema.cms else { return };
    let config = &ctx.site.config;
    if let Some(e) = &cms.error {
        out.push(
            Diagnostic::new(&CMS_MISMATCH, &cms.file, e.offset..e.offset, format!("CMS configuration is not valid YAML: {}", e.message))
                .help("Correct the YAML: until then the CMS does not load, and sitelint does not use its rules"),
        );
        return;
    }
    for c in &cms.collections {
        let Some((folder, folder_span)) = &c.folder else {
            continue;
        };
        let Some(i) = c.jekyll else {
            let dir = folder.trim_matches('/');
            if dir
                .rsplit('/')
                .next()
                .is_some_and(|last| last.starts_with('_'))
            {
                let dirs: Vec<&str> = config
                    .collections
                    .iter()
                    .map(|col| col.dir.as_str())
                    .collect();
                let mut d = Diagnostic::new(
                    &CMS_MISMATCH,
                    &cms.file,
                    folder_span.clone(),
                    format!(
                        "CMS collection `{}` writes to `{folder}`, which is not a collection in `_config.yml`",
                        c.name
                    ),
                );
                d = match closest(dir, dirs.iter().copied()) {
                    Some(n) => d.help(format!("Did you mean `{n}/`? Jekyll ignores folders starting with `_` unless they are collections, so entries created in the CMS are never published")),
                    None => d.help(format!("Add `{}` under `collections:` in `_config.yml` with `output: true`: Jekyll ignores folders starting with `_` unless they are collections", dir.trim_start_matches('_'))),
                };
                out.push(d);
            }
            continue;
        };
        let Some((preview, preview_span)) = &c.preview_path else {
            continue;
        };
        let Some(col) = config.collections.get(i) else {
            continue;
        };
        let pattern = match &col.permalink {
            Some(p) => paths::expand_style(p, i == 0),
            None if i == 0 => paths::expand_style(&config.permalink, true),
            None => {
                let style = paths::expand_style(&config.permalink, true);
                if style.ends_with('/') {
                    "/:collection/:path/".to_string()
                } else {
                    "/:collection/:path:output_ext".to_string()
                }
            }
        };
        let base = Example {
            year: 2022,
            month: 1,
            day: 13,
            title_slug: "my-entry",
            filename: "my-entry",
            collection: &col.name,
        };
        let slug_template = c.slug.as_deref().unwrap_or("{{slug}}");
        let Some(filename) = paths::render_decap(slug_template, &base, false) else {
            continue;
        };
        let ex = Example {
            filename: &filename,
            ..base
        };
        let (Some(jekyll), Some(decap)) = (
            paths::render_jekyll(&pattern, &ex),
            paths::render_decap(preview, &ex, true),
        ) else {
            continue;
        };
        if jekyll != decap {
            out.push(
                Diagnostic::new(&CMS_MISMATCH, &cms.file, preview_span.clone(), format!(
                    "`preview_path` of CMS collection `{}` leads to `{decap}` for an entry saved as `{}/{filename}.md`, but Jekyll publishes it at `{jekyll}` (permalink `{pattern}`)",
                    c.name, col.dir
                ))
                .help("Make `preview_path` give the URL Jekyll uses (in `preview_path`, `{{slug}}` is the whole file name), or change the collection's `permalink`: until then the CMS's preview link leads nowhere"),
            );
        }
    }
}

pub fn ignored_folders(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !ctx.enabled(&SKIPPED) {
        return;
    }
    let site = ctx.site;
    let config = &site.config;
    let base_rel = config.collections_dir.clone();
    let base = if base_rel.is_empty() {
        site.root.clone()
    } else {
        site.root.join(&base_rel)
    };
    // never a folder outside the site (through a symbolic link)
    let Ok(read) = crate::inside::resolve(&site.root, &base).and_then(std::fs::read_dir) else {
        return;
    };
    let mut dirs: Vec<String> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('_'))
        .collect();
    dirs.sort();
    let configured: Vec<String> = [
        "layouts_dir",
        "includes_dir",
        "data_dir",
        "plugins_dir",
        "destination",
    ]
    .iter()
    .filter_map(|k| config_str(ctx, k))
    .chain(
        config
            .data
            .as_ref()
            .and_then(|d| d.get("sass"))
            .and_then(|s| s.get("sass_dir"))
            .and_then(Node::scalar_text),
    )
    .map(crate::inside::in_site)
    .collect();
    let collection_dirs: Vec<&str> = config.collections.iter().map(|c| c.dir.as_str()).collect();
    for name in dirs {
        let rel = if base_rel.is_empty() {
            name.clone()
        } else {
            format!("{base_rel}/{name}")
        };
        if (crate::site::walk::SPECIAL_DIRS.contains(&name.as_str()) || name == "_posts")
            || configured.contains(&rel)
            || collection_dirs.contains(&rel.as_str())
            || config.excluded(&rel)
            || config.included(&rel)
        {
            continue;
        }
        let mut files = Vec::new();
        files_under(&base.join(&name), 4, &mut files, "");
        let docs: Vec<(String, String, std::path::PathBuf)> = files
            .into_iter()
            .filter(|(f, _)| {
                let lower = f.to_ascii_lowercase();
                config.is_markdown(f) || lower.ends_with(".html")
            })
            .filter_map(|(f, path)| {
                let text = crate::inside::open_regular(&path)
                    .and_then(std::io::read_to_string)
                    .ok()?;
                front_matter::has_header(&text).then(|| (format!("{rel}/{f}"), text, path))
            })
            .collect();
        let Some((first_rel, text, path)) = docs.first().cloned() else {
            continue;
        };
        let file = Arc::new(SourceFile::new(first_rel, path, text));
        let first_line = file.line_range(1);
        let mut d = Diagnostic::new(
            &SKIPPED,
            &file,
            first_line.start..first_line.start + 3.min(first_line.len()),
            format!(
                "Folder `{rel}` is not a collection: Jekyll ignores its {} document{}",
                docs.len(),
                if docs.len() == 1 { "" } else { "s" }
            ),
        );
        d = match closest(&rel, collection_dirs.iter().copied()) {
            Some(c) => d.help(format!("Did you mean `{c}`? Move the files there")),
            None => d.help(format!("Add `{}` under `collections:` in `_config.yml` (with `output: true` to publish its documents)", name.trim_start_matches('_'))),
        };
        out.push(d);
    }
}
