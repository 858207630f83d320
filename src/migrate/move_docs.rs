//! `migrate move PATH... --to COLLECTION`: move documents into another
//! collection without breaking a single URL.
//!
//! Each document is renamed as the target collection expects (a date
//! prefix when its permalink uses dates), keeps its old URL alive (added to
//! `redirect_from`, or with `--keep-permalink` pinned as its `permalink`),
//! and every root-relative link across the site that reached the old URL is
//! rewritten to the new one (fragment and query kept).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::diagnostic::Edit;
use crate::engine::Failure;
use crate::migrate::{Change, Plan, eol, keys, yaml_scalar};
use crate::site::urls::{self, Source};
use crate::site::{Site, dates};
use crate::text::front_matter::FrontMatter;
use crate::text::liquid;
use crate::text::yaml::{Node, NodeKind};
use crate::text::yaml_write;

#[derive(Clone, Debug)]
pub struct MoveOptions {
    pub to: String,
    /// Keep the old URL as an explicit `permalink` instead of a redirect.
    pub keep_permalink: bool,
}

fn uses_dates(template: &str) -> bool {
    [
        ":year",
        ":month",
        ":day",
        ":i_month",
        ":i_day",
        ":short_year",
        ":y_day",
    ]
    .iter()
    .any(|p| template.contains(p))
        || template == "date"
        || template == "pretty"
        || template == "ordinal"
}

/// Edits that add `url` to a document's `redirect_from`, read back: `None`
/// when the result would not be valid front matter whose `redirect_from`
/// lists the redirects there were and `url`, every other key unchanged.
pub fn add_redirect(text: &str, front: &FrontMatter, url: &str) -> Option<Vec<Edit>> {
    let edits = redirect_edits(text, front, url)?;
    let texts = |n: Option<&Node>| -> Option<Vec<String>> {
        match n.map(|n| &n.kind) {
            None => Some(Vec::new()),
            Some(NodeKind::Seq(items)) => items
                .iter()
                .map(|i| i.scalar_text().map(String::from))
                .collect(),
            Some(NodeKind::Scalar(s)) if s.text.is_empty() => Some(Vec::new()),
            Some(NodeKind::Scalar(s)) => Some(vec![s.text.clone()]),
            Some(_) => None,
        }
    };
    let read_back = keys::verify(text, edits, &["redirect_from"], |old, new| {
        let (Some(mut expected), Some(got)) =
            (texts(old.get("redirect_from")), new.get("redirect_from"))
        else {
            return false;
        };
        expected.push(url.to_string());
        matches!(got.kind, NodeKind::Seq(_)) && texts(Some(got)) == Some(expected)
    });
    match read_back {
        keys::Outcome::Edited(edits) => Some(edits),
        _ => None,
    }
}

fn redirect_edits(text: &str, front: &FrontMatter, url: &str) -> Option<Vec<Edit>> {
    let FrontMatter::Closed(block) = front else {
        return None;
    };
    let data = front.data()?;
    let nl = eol(text);
    match data.entry("redirect_from") {
        None if !keys::is_plain_block(text) => {
            let edit = keys::insert_entry(text, "redirect_from", |c| {
                format!(
                    "[{}]",
                    yaml_write::quote_str(url, c.max(yaml_write::Context::Flow))
                )
            })?;
            Some(vec![edit])
        }
        None => Some(vec![Edit::insert(
            block.close.start,
            format!("redirect_from:{nl}  - {}{nl}", yaml_scalar(url)),
        )]),
        Some(e) => match &e.value.kind {
            NodeKind::Seq(items) if !items.is_empty() => {
                let last = items.last()?;
                if text[e.value.span.clone()].trim_start().starts_with('[') {
                    // flow list: add inside the brackets
                    let close = text[..e.value.span.end].rfind(']')?;
                    return Some(vec![Edit::insert(close, format!(", {}", yaml_scalar(url)))]);
                }
                let line_start = text[..last.span.start].rfind('\n').map_or(0, |i| i + 1);
                let indent = &text[line_start..last.span.start];
                let after = text[last.span.end..]
                    .find('\n')
                    .map_or(text.len(), |i| last.span.end + i + 1);
                Some(vec![Edit::insert(
                    after,
                    format!("{indent}{}{nl}", yaml_scalar(url)),
                )])
            }
            NodeKind::Scalar(s) if !s.text.is_empty() => Some(vec![Edit::replace(
                // from just after `redirect_from:`, so no space is left at the end of the line
                text[..e.value.span.start]
                    .trim_end_matches([' ', '\t'])
                    .len()..e.value.span.end,
                format!(
                    "{nl}  - {}{nl}  - {}",
                    yaml_scalar(&s.text),
                    yaml_scalar(url)
                ),
            )]),
            // a mapping (or an alias to one) would be lost under a list
            NodeKind::Map(_) | NodeKind::Alias => None,
            _ => Some(vec![Edit::replace(
                e.value.span.clone(),
                format!("{nl}  - {}", yaml_scalar(url)),
            )]),
        },
    }
}

/// The path part of a root-relative link destination, and where it ends in
/// the destination text (before `?` or `#`). `{{ site.baseurl }}` is a
/// prefix to keep.
pub fn link_path(dest: &str) -> Option<(usize, &str)> {
    let start = if dest.starts_with('/') && !dest.starts_with("//") {
        0
    } else {
        let liquid = dest.find("}}")?;
        if !dest[..liquid].contains("site.baseurl") || !dest[liquid + 2..].starts_with('/') {
            return None;
        }
        liquid + 2
    };
    let rest = &dest[start..];
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    Some((start, &rest[..end]))
}

/// Whether the path given on the command line names `rel` (itself, or a
/// folder holding it).
fn selected_one(path: &str, rel: &str) -> bool {
    rel == path || rel.starts_with(&format!("{}/", path.trim_end_matches('/')))
}

/// Every root-relative link in the site's documents that reaches a
/// document: (document, the link's path in its text, the served file of
/// the document it reaches).
pub(crate) fn document_links(site: &Site) -> Vec<(usize, std::ops::Range<usize>, &str)> {
    let index = site.urls();
    let mut out = Vec::new();
    for (i, doc) in site.documents.iter().enumerate() {
        for link in &doc.body().links {
            let dest = &doc.file.text[link.dest.clone()];
            let Some((start, path)) = link_path(dest) else {
                continue;
            };
            let decoded = crate::site::permalink::unescape(path);
            let Some(served) = index.resolve(&decoded) else {
                continue;
            };
            if !matches!(served.source, Source::Document(_)) {
                continue;
            }
            let at = link.dest.start + start;
            out.push((i, at..at + path.len(), served.file.as_str()));
        }
    }
    out
}

/// A `{% link SOURCE %}` or `{% post_url NAME %}` tag at `span` in `text`:
/// its name and where its (literal) argument is.
pub(crate) fn tag_argument(
    text: &str,
    span: &std::ops::Range<usize>,
) -> Option<(&'static str, std::ops::Range<usize>)> {
    let src = &text[span.clone()];
    let name = match liquid::tag_name(src) {
        "link" => "link",
        "post_url" => "post_url",
        _ => return None,
    };
    let inner = src
        .trim_start_matches("{%")
        .trim_start_matches('-')
        .trim_start();
    let arg_at = span.start + (src.len() - inner.len()) + name.len();
    let rest = &text[arg_at..span.end];
    let arg = rest.split_whitespace().next().unwrap_or("");
    let arg = arg.trim_end_matches("%}").trim_end_matches('-');
    if arg.is_empty() || arg.contains("{{") {
        return None;
    }
    let arg_start = arg_at + rest.find(arg).unwrap_or(0);
    Some((name, arg_start..arg_start + arg.len()))
}

pub fn move_docs(
    site: &Site,
    paths: &[String],
    options: &MoveOptions,
    plan: &mut Plan,
) -> Result<(), Failure> {
    let ci = site
        .config
        .collections
        .iter()
        .position(|c| c.name == options.to)
        .ok_or_else(|| {
            Failure(format!(
                "no collection named `{}` in `_config.yml`",
                options.to
            ))
        })?;
    let target = &site.config.collections[ci];
    let template = target
        .permalink
        .clone()
        .unwrap_or_else(|| site.config.permalink.clone());
    let dated = ci == 0 || uses_dates(&template);
    let index = site.urls();
    let mut edits: BTreeMap<usize, Vec<Edit>> = BTreeMap::new();
    let mut moves: HashMap<usize, String> = HashMap::new();
    let mut notes: HashMap<usize, Vec<String>> = HashMap::new();
    // served file of the old URL -> new URL
    let mut remap: HashMap<String, String> = HashMap::new();
    // everything that stops the whole migration, found before anything is
    // written
    let mut conflicts: Vec<String> = Vec::new();
    // new file -> source, new URL -> source
    let mut destinations: BTreeMap<String, String> = BTreeMap::new();
    let mut new_urls: BTreeMap<String, String> = BTreeMap::new();

    let selected = |rel: &str| paths.iter().any(|p| selected_one(p, rel));
    let moving = |j: usize| {
        site.documents
            .get(j)
            .is_some_and(|d| selected(d.rel()) && d.collection != Some(ci))
    };
    for (i, doc) in site.documents.iter().enumerate() {
        let rel = doc.rel();
        if !paths
            .iter()
            .any(|p| rel == p || rel.starts_with(&format!("{}/", p.trim_end_matches('/'))))
        {
            continue;
        }
        if doc.collection == Some(ci) {
            plan.skipped
                .push(format!("{rel}: already in `{}`", options.to));
            continue;
        }
        let old = match &index.documents[i] {
            Ok(u) => u.clone(),
            Err(why) => {
                conflicts.push(format!(
                    "`{rel}` has no URL to keep ({why:?}); move it by hand"
                ));
                continue;
            }
        };
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let new_name = if dated && !matches!(dates::from_filename(name), Some(Ok(_))) {
            let date = doc
                .front
                .data()
                .and_then(|d| d.get("date"))
                .map(dates::from_front_matter);
            match date {
                Some(Ok(d)) => format!("{:04}-{:02}-{:02}-{name}", d.year, d.month, d.day),
                _ => {
                    conflicts.push(format!("`{rel}`: `{}` needs a date in the file name, and the document has no readable `date`", options.to));
                    continue;
                }
            }
        } else {
            name.to_string()
        };
        let new_rel = format!("{}/{new_name}", target.dir);
        if site.root.join(&new_rel).exists() {
            conflicts.push(format!(
                "`{rel}` would become `{new_rel}`, which already exists"
            ));
            continue;
        }
        if let Some(first) = destinations.insert(new_rel.clone(), rel.to_string()) {
            conflicts.push(format!(
                "`{first}` and `{rel}` would both become `{new_rel}`"
            ));
            continue;
        }
        let new = match urls::document_url_at(site, doc, &new_rel, ci) {
            Ok(u) => u,
            Err(why) => {
                conflicts.push(format!(
                    "`{rel}` would have no URL in `{}` ({why:?})",
                    options.to
                ));
                continue;
            }
        };
        if new.url != old.url
            && let Some(served) = index.resolve(&new.url)
            && !matches!(served.source, Source::Document(j) if moving(j))
        {
            let other = served.source.describe(site);
            conflicts.push(format!(
                "`{rel}` would be served at `{}`, which {other} already serves",
                new.url
            ));
            continue;
        }
        if let Some(first) = new_urls.insert(new.url.clone(), rel.to_string()) {
            conflicts.push(format!(
                "`{first}` and `{rel}` would both be served at `{}`",
                new.url
            ));
            continue;
        }
        let mut doc_notes = vec![format!("moved from `{rel}`")];
        if new.url != old.url {
            if options.keep_permalink {
                let url = old.url.clone();
                match keys::insert_entry(&doc.file.text, "permalink", |c| {
                    yaml_write::quote_str(&url, c)
                }) {
                    Some(edit) => edits.entry(i).or_default().push(edit),
                    None => {
                        conflicts.push(format!(
                            "`{rel}`: its front matter cannot take a `permalink`"
                        ));
                        continue;
                    }
                }
                doc_notes.push(format!("keeps `{}` as its permalink", old.url));
            } else if !index.plugins.iter().any(|p| p == "jekyll-redirect-from") {
                // without the plugin a `redirect_from` serves nothing: the
                // old URL would be lost
                conflicts.push(format!(
                    "`{rel}` would move from `{}` to `{}`, and the site does not enable `jekyll-redirect-from`, so a `redirect_from` cannot keep the old URL; add the plugin, or use `--keep-permalink`",
                    old.url, new.url
                ));
                continue;
            } else {
                match add_redirect(&doc.file.text, &doc.front, &old.url) {
                    Some(e) => edits.entry(i).or_default().extend(e),
                    None => {
                        conflicts.push(format!(
                            "`{rel}`: its front matter cannot take a `redirect_from`"
                        ));
                        continue;
                    }
                }
                doc_notes.push(format!(
                    "URL `{}` becomes `{}`; the old one redirects",
                    old.url, new.url
                ));
                remap.insert(old.file.clone(), new.url.clone());
            }
        } else {
            doc_notes.push(format!("keeps its URL `{}`", old.url));
        }
        moves.insert(i, new_rel);
        notes.insert(i, doc_notes);
    }

    // rewrite links that reach a moved document's old URL
    for (i, range, served) in document_links(site) {
        let Some(new_url) = remap.get(served) else {
            continue;
        };
        let path = &site.documents[i].file.text[range.clone()];
        notes
            .entry(i)
            .or_default()
            .push(format!("link `{path}` becomes `{new_url}`"));
        edits
            .entry(i)
            .or_default()
            .push(Edit::replace(range, new_url.clone()));
    }

    // `{% link SOURCE %}` and `{% post_url NAME %}` naming a moved document
    let new_source: HashMap<&str, &str> = moves
        .iter()
        .map(|(&i, to)| (site.documents[i].rel(), to.as_str()))
        .collect();
    for (i, doc) in site.documents.iter().enumerate() {
        let text = &doc.file.text;
        let body = doc.front.body_start()..text.len();
        for tag in liquid::find(text, body) {
            let src = &text[tag.span.clone()];
            let Some((name, arg_start)) = tag_argument(text, &tag.span) else {
                continue;
            };
            let arg = &text[arg_start.clone()];
            let arg_start = arg_start.start;
            if name == "link" {
                let Some(to) = new_source.get(arg.trim_start_matches('/')) else {
                    continue;
                };
                edits.entry(i).or_default().push(Edit::replace(
                    arg_start..arg_start + arg.len(),
                    to.to_string(),
                ));
                notes
                    .entry(i)
                    .or_default()
                    .push(format!("`{{% link {arg} %}}` becomes `{{% link {to} %}}`"));
            } else {
                // a post by its name; it leaves `_posts`, so `post_url`
                // cannot find it any more: link to its new file instead
                let found = new_source.iter().find(|(from, _)| {
                    site.documents.iter().any(|d| {
                        d.rel() == **from
                            && d.collection == Some(0)
                            && Path::new(from)
                                .with_extension("")
                                .to_string_lossy()
                                .ends_with(&format!("/{}", arg.trim_start_matches('/')))
                    })
                });
                let Some((_, to)) = found else { continue };
                let replacement = format!("{{% link {to} %}}");
                edits
                    .entry(i)
                    .or_default()
                    .push(Edit::replace(tag.span.clone(), replacement.clone()));
                notes
                    .entry(i)
                    .or_default()
                    .push(format!("`{src}` becomes `{replacement}`"));
            }
        }
    }

    for p in paths {
        if !site.documents.iter().any(|d| selected_one(p, d.rel())) {
            plan.skipped.push(format!(
                "`{p}` names no document of the site (give paths relative to the site root)"
            ));
        }
    }
    if !conflicts.is_empty() {
        return Err(Failure(format!(
            "`migrate move` changes nothing, because:\n  - {}",
            conflicts.join("\n  - ")
        )));
    }

    let touched: std::collections::BTreeSet<usize> =
        edits.keys().chain(moves.keys()).copied().collect();
    for i in touched {
        let doc = &site.documents[i];
        let mut list: Vec<&Edit> = edits
            .get(&i)
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        list.sort_by_key(|e| e.range.start);
        let new = crate::fix::apply(&doc.file.text, &list);
        plan.changes.push(Change {
            rel: doc.rel().to_string(),
            original: Some(doc.file.text.clone()),
            new,
            move_to: moves.get(&i).cloned(),
            notes: notes.remove(&i).unwrap_or_default(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_is_added_only_when_it_reads_back() {
        // found by the migrate_plan fuzz target: the line added after a
        // tab-indented entry made the front matter invalid
        for (fm, url) in [
            ("\t:\t\n", ""),
            ("\t:\t\n", "/old/"),
            ("title: A\n", "/old/"),
        ] {
            let text = format!("---\n{fm}\n---\nbody\n");
            let front =
                crate::text::front_matter::parse(&text, crate::text::yaml::Limits::default());
            let Some(edits) = add_redirect(&text, &front, url) else {
                continue;
            };
            let refs: Vec<&Edit> = edits.iter().collect();
            let new = crate::fix::apply(&text, &refs);
            let front =
                crate::text::front_matter::parse(&new, crate::text::yaml::Limits::default());
            let redirects = front
                .data()
                .and_then(|d| d.get("redirect_from"))
                .and_then(Node::as_seq);
            assert_eq!(
                redirects.map(|r| r.iter().filter_map(Node::scalar_text).collect::<Vec<_>>()),
                Some(vec![url]),
                "{new:?}"
            );
        }
        let text = "---\ntitle: A\n---\nbody\n";
        let front = crate::text::front_matter::parse(text, crate::text::yaml::Limits::default());
        assert!(add_redirect(text, &front, "/old/").is_some());
    }

    #[test]
    fn link_paths() {
        assert_eq!(link_path("/news/x/#top"), Some((0, "/news/x/")));
        assert_eq!(
            link_path("{{ site.baseurl }}/news/x?a=1"),
            Some((18, "/news/x"))
        );
        assert_eq!(link_path("//cdn.example.org/x"), None);
        assert_eq!(link_path("https://example.org/x"), None);
        assert_eq!(link_path("{{ page.url }}/x"), None);
    }

    #[test]
    fn a_redirect_from_mapping_is_not_replaced() {
        let text = "---\nredirect_from:\n  earlier: /past/\n---\n";
        let front = crate::text::front_matter::parse(text, crate::text::yaml::Limits::default());
        assert!(add_redirect(text, &front, "/new/").is_none());
        let text = "---\nredirect_from: /past/\n---\n";
        let front = crate::text::front_matter::parse(text, crate::text::yaml::Limits::default());
        assert!(add_redirect(text, &front, "/new/").is_some());
    }
}
