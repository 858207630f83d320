//! Renaming a document in the editor (`workspace/willRenameFiles`): the
//! edits `migrate move` makes, from its own functions. Links across the
//! site that reach the old URL are rewritten to the new one, the old URL
//! is kept with a `redirect_from` in the renamed document (when the site
//! enables jekyll-redirect-from), and `{% link %}` / `{% post_url %}` tags
//! naming the old file name the new one. A rename that cannot keep every
//! link working gets no edit, and a message says why.

use std::collections::{BTreeMap, HashMap};

use lsp_types as lsp;
use serde_json::{Value, json};

use super::{Server, convert};
use crate::diagnostic::Edit;
use crate::migrate::move_docs::{add_redirect, document_links, tag_argument};
use crate::site::Site;
use crate::site::urls::{self, Source};
use crate::text::liquid;

/// The extensions the rename filter names: the site's `markdown_ext`
/// (Jekyll's default without a site) and HTML.
fn extensions(root: Option<&std::path::Path>) -> String {
    let markdown = root
        .and_then(|r| crate::config::Config::load(r).ok())
        .map(|c| c.markdown_ext)
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| crate::config::Config::empty().markdown_ext);
    let mut all: Vec<String> = markdown
        .into_iter()
        .filter(|e| {
            e.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .collect();
    for html in ["html", "htm"] {
        if !all.iter().any(|e| e == html) {
            all.push(html.to_string());
        }
    }
    all.join(",")
}

/// A relative path with `.` and `..` resolved; `None` if it leaves the
/// folder it is relative to.
fn normal(rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// One document renamed.
struct Renamed {
    doc: usize,
    new_rel: String,
}

/// The collection a path would belong to: `Some(Some(ci))` in a
/// collection, `Some(None)` a page, `None` not a document of the site
/// (an underscore or dot folder that is not a collection).
fn collection_at(site: &Site, rel: &str) -> Option<Option<usize>> {
    for (ci, c) in site.config.collections.iter().enumerate() {
        let inside = rel.starts_with(&format!("{}/", c.dir))
            || (ci == 0 && rel.contains(&format!("/{}/", c.dir)));
        if inside {
            return Some(Some(ci));
        }
    }
    let hidden = rel
        .split('/')
        .any(|part| part.starts_with('_') || part.starts_with('.'));
    (!hidden).then_some(None)
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

fn extension(rel: &str) -> Option<&str> {
    let name = file_name(rel);
    name.rfind('.').map(|i| &name[i + 1..])
}

/// A post's name as `{% post_url %}` takes it: its path under `_posts`
/// without the extension.
fn post_name(rel: &str, dir: &str) -> String {
    let under = match rel.find(&format!("{dir}/")) {
        Some(i) => &rel[i + dir.len() + 1..],
        None => rel,
    };
    match under.rfind('.') {
        Some(i) if !under[i..].contains('/') => under[..i].to_string(),
        _ => under.to_string(),
    }
}

/// The edits for the renames in `site`, by document, or why they cannot be
/// made.
fn plan(site: &Site, renames: &[Renamed]) -> Result<BTreeMap<usize, Vec<Edit>>, String> {
    let index = site.urls();
    let redirects = index.plugins.iter().any(|p| p == "jekyll-redirect-from");
    let mut edits: BTreeMap<usize, Vec<Edit>> = BTreeMap::new();
    // served file of the old URL -> new URL
    let mut remap: HashMap<String, String> = HashMap::new();
    let renamed = |j: usize| renames.iter().any(|r| r.doc == j);
    for r in renames {
        let doc = &site.documents[r.doc];
        let rel = doc.rel();
        let new_rel = &r.new_rel;
        let Some(collection) = collection_at(site, new_rel) else {
            return Err(format!(
                "`{new_rel}` is in a folder Jekyll does not publish, so `{rel}` would no longer be served"
            ));
        };
        if collection != doc.collection {
            return Err(format!(
                "`{rel}` would move to another collection; use `sitelint migrate move` for that"
            ));
        }
        if extension(rel) != extension(new_rel) {
            return Err(format!(
                "`{rel}` would change its extension, and with it how Jekyll renders it"
            ));
        }
        let Ok(old) = &index.documents[r.doc] else {
            // no URL: no link reaches it; only the tags naming its file
            continue;
        };
        let new = match collection {
            Some(ci) => urls::document_url_at(site, doc, new_rel, ci)
                .map_err(|why| format!("`{new_rel}` would have no URL ({why:?})"))?,
            None => urls::page_url_at(site, doc, new_rel),
        };
        if new.url == old.url {
            continue;
        }
        if let Some(served) = index.resolve(&new.url)
            && !matches!(served.source, Source::Document(j) if renamed(j))
        {
            let other = served.source.describe(site);
            return Err(format!(
                "`{new_rel}` would be served at `{}`, which {other} already serves",
                new.url
            ));
        }
        if !redirects {
            return Err(format!(
                "`{rel}` would move from `{}` to `{}`, and the site does not enable `jekyll-redirect-from`, so a `redirect_from` cannot keep the old URL; add the plugin, or pin the URL with a `permalink`",
                old.url, new.url
            ));
        }
        match add_redirect(&doc.file.text, &doc.front, &old.url) {
            Some(e) => edits.entry(r.doc).or_default().extend(e),
            None => {
                return Err(format!(
                    "the front matter of `{rel}` cannot take a `redirect_from` to keep `{}`",
                    old.url
                ));
            }
        }
        remap.insert(old.file.clone(), new.url.clone());
    }

    for (i, range, served) in document_links(site) {
        if let Some(new_url) = remap.get(served) {
            edits
                .entry(i)
                .or_default()
                .push(Edit::replace(range, new_url.clone()));
        }
    }

    let new_source: HashMap<&str, &Renamed> = renames
        .iter()
        .map(|r| (site.documents[r.doc].rel(), r))
        .collect();
    let posts = site.config.collections.first().map(|c| c.dir.as_str());
    for (i, doc) in site.documents.iter().enumerate() {
        let text = &doc.file.text;
        for tag in liquid::find(text, doc.front.body_start()..text.len()) {
            let Some((name, arg)) = tag_argument(text, &tag.span) else {
                continue;
            };
            let given = &text[arg.clone()];
            let replacement = if name == "link" {
                let Some(r) = new_source.get(given.trim_start_matches('/')) else {
                    continue;
                };
                r.new_rel.clone()
            } else {
                let Some(dir) = posts else { continue };
                let wanted = given.trim_start_matches('/');
                let found = renames.iter().find(|r| {
                    let d = &site.documents[r.doc];
                    d.collection == Some(0) && {
                        let old = post_name(d.rel(), dir);
                        old == wanted || old.ends_with(&format!("/{wanted}"))
                    }
                });
                let Some(r) = found else { continue };
                let new = post_name(&r.new_rel, dir);
                if wanted.contains('/') {
                    new
                } else {
                    file_name(&new).to_string()
                }
            };
            edits
                .entry(i)
                .or_default()
                .push(Edit::replace(arg, replacement));
        }
    }
    Ok(edits)
}

impl Server<'_> {
    /// The `workspace.fileOperations` capability: renames of the site's
    /// Markdown and HTML files, and of folders (the documents in them).
    pub(super) fn file_operations(&self) -> Value {
        json!({"willRename": {"filters": [
            {
                "scheme": "file",
                "pattern": {
                    "glob": format!("**/*.{{{}}}", extensions(self.root.as_deref())),
                    "matches": "file",
                },
            },
            {"scheme": "file", "pattern": {"glob": "**/*", "matches": "folder"}},
        ]}})
    }

    pub(super) fn will_rename(&mut self, p: lsp::RenameFilesParams) -> Value {
        let Some(root) = self.root.clone() else {
            return Value::Null;
        };
        self.current();
        if self.loaded.is_none() || self.reload {
            // nothing open (so nothing checked): load the site for the rename
            let overlay = self.overlay();
            let load = || {
                crate::engine::load_target(
                    &root,
                    &crate::checks::Selection::default(),
                    &overlay,
                    &[],
                )
            };
            match super::guard(load).and_then(|r| r) {
                Ok(loaded) => {
                    self.loaded = Some(loaded);
                    self.reload = false;
                    self.url_items = std::cell::OnceCell::new();
                }
                Err(e) => {
                    self.show_error(e.0);
                    return Value::Null;
                }
            }
        }
        let Some(loaded) = &self.loaded else {
            return Value::Null;
        };
        let site = &loaded.site;
        let mut renames = Vec::new();
        let mut leaving = None;
        for f in &p.files {
            let (Ok(old), Ok(new)) = (f.old_uri.parse(), f.new_uri.parse()) else {
                continue;
            };
            let Some(old_rel) = self.rel(&old) else {
                continue;
            };
            let Some(new_rel) = self.rel(&new).and_then(|r| normal(&r)) else {
                let inside = site.document_at(&old_rel).is_some()
                    || site
                        .documents
                        .iter()
                        .any(|d| d.rel().starts_with(&format!("{old_rel}/")));
                if inside {
                    leaving = Some(old_rel);
                }
                continue;
            };
            match site.document_at(&old_rel) {
                Some(doc) => renames.push(Renamed { doc, new_rel }),
                None => {
                    // a folder: every document in it
                    let prefix = format!("{old_rel}/");
                    for (doc, d) in site.documents.iter().enumerate() {
                        if let Some(rest) = d.rel().strip_prefix(&prefix) {
                            let new_rel = format!("{new_rel}/{rest}");
                            renames.push(Renamed { doc, new_rel });
                        }
                    }
                }
            }
        }
        if renames.is_empty() && leaving.is_none() {
            return Value::Null;
        }
        let planned = match leaving {
            Some(rel) => Err(format!(
                "`{rel}` would leave the site, and the links to it would break"
            )),
            None => super::guard(|| plan(site, &renames))
                .map_err(|e| e.0)
                .and_then(|r| r),
        };
        let edits = match planned {
            Ok(e) => e,
            Err(why) => {
                self.notify(
                    "window/showMessage",
                    json!({"type": 2, "message": format!("sitelint: links are not updated: {why}")}),
                );
                return Value::Null;
            }
        };
        let mut changes = serde_json::Map::new();
        for (i, mut list) in edits {
            let doc = &site.documents[i];
            let uri = match self.open.get(doc.rel()) {
                Some(o) => Some(o.uri.clone()),
                None => convert::path_to_uri(&root.join(doc.rel())),
            };
            let Some(uri) = uri else { continue };
            list.sort_by_key(|e| e.range.start);
            let lines = convert::Lines::new(&doc.file.text);
            let text_edits: Vec<Value> = list
                .iter()
                .map(|e| json!({"range": lines.range(&e.range, self.encoding), "newText": e.replacement}))
                .collect();
            changes.insert(uri.to_string(), Value::Array(text_edits));
        }
        if changes.is_empty() {
            return Value::Null;
        }
        json!({"changes": changes})
    }
}
