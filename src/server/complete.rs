//! What the server knows because it knows the site: completion of link
//! targets (every URL the site serves, with the title of the document
//! behind it), of image paths and of front matter keys and values; the
//! document behind a link (go to definition); a link's target or why it is
//! broken, and a rule's summary (hover).

use std::ops::Range;

use lsp_types as lsp;
use serde_json::{Value, json};

use super::Server;
use super::convert::{self, Lines};
use crate::site::urls::Source;
use crate::site::{Document, Site, targets};

/// What the text before the cursor is in.
#[derive(Debug, PartialEq, Eq)]
pub enum Context {
    /// A link destination (`](`, `href="`, a URL field): the URLs the site
    /// serves; `images` for an image's.
    Url { images: bool },
    /// `{% link `: the source paths of documents.
    LinkTag,
    /// `{% post_url `: posts, by name.
    PostUrl,
    /// A front matter key at the start of a line.
    Key,
    /// The value of a front matter key.
    Value(String),
}

/// Extensions of the files offered as images.
const IMAGE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp",
];

/// The front matter's YAML, between the fences, if the text has a closed
/// front matter (found as [`crate::text::front_matter`] does).
fn front_range(text: &str) -> Option<Range<usize>> {
    let fm = crate::text::front_matter::parse(text, crate::text::yaml::Limits::default());
    fm.block().map(|b| b.yaml.clone())
}

/// The completion context at `offset` and where the text it completes
/// starts.
pub fn context(text: &str, offset: usize) -> Option<(Context, usize)> {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if let Some(front) = front_range(text)
        && (front.start..=front.end).contains(&offset)
    {
        let trimmed = before.trim_start();
        let indent = before.len() - trimmed.len();
        if indent == 0
            && trimmed
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return Some((Context::Key, line_start));
        }
        let (key, value) = trimmed.split_once(':')?;
        if indent > 0 || !value.starts_with([' ', '\t']) && !value.is_empty() {
            return None;
        }
        let value_start = offset - value.trim_start().len();
        let v = value.trim_start();
        let v_start = value_start + usize::from(v.starts_with(['"', '\'']));
        return Some((Context::Value(key.trim().to_string()), v_start));
    }
    // the last opening on the line that the cursor is still inside
    let mut best: Option<(Context, usize)> = None;
    let mut consider = |ctx: Context, start: usize, stop: &[char]| {
        if before[start..].contains(stop) {
            return;
        }
        if best.as_ref().is_none_or(|(_, s)| start > *s) {
            best = Some((ctx, start));
        }
    };
    if let Some(i) = before.rfind("](") {
        let image = before[..i]
            .rfind('[')
            .is_some_and(|j| before[..j].ends_with('!'));
        consider(Context::Url { images: image }, i + 2, &[')', ' ', '\t']);
    }
    for (attr, images) in [("href=", false), ("src=", true)] {
        if let Some(i) = before.rfind(attr) {
            let after = &before[i + attr.len()..];
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                consider(Context::Url { images }, i + attr.len() + 1, &[q]);
            }
        }
    }
    for (tag, ctx) in [("{% link ", 0), ("{% post_url ", 1)] {
        if let Some(i) = before.rfind(tag) {
            let ctx = if ctx == 0 {
                Context::LinkTag
            } else {
                Context::PostUrl
            };
            consider(ctx, i + tag.len(), &[' ', '%', '}']);
        }
    }
    best.map(|(c, s)| (c, line_start + s))
}

fn title(site: &Site, doc: &Document) -> Option<String> {
    site.value(doc, "title")
        .and_then(|n| n.scalar_text())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn is_image(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    IMAGE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e))
}

/// The posts' names as `{% post_url %}` takes them: the path under
/// `_posts/` without the extension.
fn post_name(rel: &str) -> Option<&str> {
    let name = rel.strip_prefix("_posts/")?;
    Some(name.rsplit_once('.').map_or(name, |(n, _)| n))
}

/// Completion items for a context, sorted: documents first (by URL),
/// then other files.
pub fn items(site: &Site, ctx: &Context, doc: Option<&Document>, text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    match ctx {
        Context::Url { images } => {
            let urls = site.urls();
            let base = site.config.baseurl.trim_end_matches('/');
            for s in &urls.served {
                let url = format!("{base}{}", s.url());
                let (group, detail, path) = match &s.source {
                    Source::Document(i) => {
                        let d = &site.documents[*i];
                        (0, title(site, d), d.rel().to_string())
                    }
                    Source::File(i) => (1, None, site.files[*i].rel.clone()),
                    _ => continue,
                };
                if *images != is_image(&s.file) {
                    continue;
                }
                let detail = detail.unwrap_or_else(|| path.clone());
                out.push(json!({
                    "label": url,
                    "kind": 17,
                    "detail": detail,
                    "documentation": path,
                    "sortText": format!("{group}{url}"),
                }));
            }
        }
        Context::LinkTag => {
            for d in &site.documents {
                if d.rel().starts_with("_posts/") || !d.is_rendered() {
                    continue;
                }
                out.push(json!({
                    "label": d.rel(),
                    "kind": 17,
                    "detail": title(site, d).unwrap_or_default(),
                }));
            }
        }
        Context::PostUrl => {
            for d in &site.documents {
                if let Some(name) = post_name(d.rel()) {
                    out.push(json!({
                        "label": name,
                        "kind": 17,
                        "detail": title(site, d).unwrap_or_default(),
                    }));
                }
            }
        }
        Context::Key => {
            let Some(doc) = doc else { return out };
            let schema = crate::schema::Schema::configure(site).ok();
            let Some(schema) = schema else { return out };
            // the keys in the buffer as it is now, not as last checked
            let front =
                crate::text::front_matter::parse(text, crate::text::yaml::Limits::default());
            let present: Vec<String> = front
                .data()
                .and_then(|d| d.as_map())
                .map(|m| {
                    m.iter()
                        .filter_map(|e| e.key.scalar_text().map(|s| s.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            let mut seen = Vec::new();
            for group in schema.groups(site, doc) {
                for f in &group.fields {
                    if f.hidden || seen.contains(&f.name) || present.contains(&f.name) {
                        continue;
                    }
                    seen.push(f.name.clone());
                    let mut doc_text = format!("From {}.", f.origin);
                    if !f.options.is_empty() {
                        doc_text.push_str(&format!(" One of: {}.", f.options.join(", ")));
                    }
                    if let Some(by) = &f.deprecated {
                        doc_text.push_str(&format!(" Deprecated: use `{by}`."));
                    }
                    out.push(json!({
                        "label": f.name,
                        "kind": 10,
                        "detail": f.ty.name(),
                        "documentation": doc_text,
                        "insertText": format!("{}: ", f.name),
                        "deprecated": f.deprecated.is_some(),
                    }));
                }
            }
        }
        Context::Value(key) => {
            let Some(doc) = doc else { return out };
            let Ok(schema) = crate::schema::Schema::configure(site) else {
                return out;
            };
            let field = schema.field(site, doc, key);
            if let Some(f) = field
                && !f.options.is_empty()
            {
                for o in &f.options {
                    out.push(json!({"label": o, "kind": 12, "detail": key}));
                }
                return out;
            }
            use crate::schema::Type;
            let ty = field.map(|f| &f.ty);
            if matches!(ty, Some(Type::File)) || key == "image" {
                return items(site, &Context::Url { images: true }, Some(doc), text);
            }
            if matches!(ty, Some(Type::Url | Type::Path)) || key == "redirect_to" {
                return items(site, &Context::Url { images: false }, Some(doc), text);
            }
        }
    }
    out
}

/// The file behind a site path, and the document, if a document serves it.
fn served_by(site: &Site, path: &str) -> Option<(std::path::PathBuf, Option<usize>)> {
    let s = site.urls().resolve(path)?;
    Some(match &s.source {
        Source::Document(i) | Source::RedirectFrom(i) => {
            (site.documents[*i].file.path.clone(), Some(*i))
        }
        Source::File(i) => (site.files[*i].path.clone(), None),
        Source::Plugin(_) => return None,
    })
}

/// What a link under the cursor points at.
enum Pointed {
    /// The rendered destination, a site path and what serves it.
    Internal(String, Option<(std::path::PathBuf, Option<usize>)>),
    Other,
}

fn link_at(site: &Site, doc_index: usize, offset: usize) -> Option<(Range<usize>, Pointed)> {
    let doc = &site.documents[doc_index];
    let body = doc.body();
    let link = body
        .links
        .iter()
        .find(|l| l.dest.start <= offset && offset <= l.dest.end)?;
    let text = &doc.file.text;
    let rendered = targets::render(site, text, link.dest.clone());
    if rendered.unknown.is_some() {
        return Some((link.dest.clone(), Pointed::Other));
    }
    let page_url = site
        .urls()
        .documents
        .get(doc_index)
        .and_then(|u| u.as_ref().ok())
        .map_or_else(|| "/".to_string(), |u| u.url.clone());
    match targets::classify(site, &page_url, &rendered.text) {
        targets::Target::Internal { path, .. } => {
            let by = served_by(site, &path);
            Some((link.dest.clone(), Pointed::Internal(path, by)))
        }
        _ => Some((link.dest.clone(), Pointed::Other)),
    }
}

/// The `redirect_from` URL under the cursor in a document's front matter.
fn redirect_from_at(doc: &Document, offset: usize) -> Option<String> {
    let node = doc.front.data()?.get("redirect_from")?;
    let entries = match node.as_seq() {
        Some(list) => list,
        None => std::slice::from_ref(node),
    };
    let entry = entries
        .iter()
        .find(|n| n.span.start <= offset && offset <= n.span.end)?;
    let url = entry.scalar_text()?.trim().to_string();
    url.starts_with('/').then_some(url)
}

/// The rule code under the cursor in a suppression comment.
fn rule_at(text: &str, offset: usize) -> Option<(Range<usize>, &'static crate::diagnostic::Rule)> {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    if !line.contains("sitelint-") {
        return None;
    }
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let start = text[line_start..offset]
        .rfind(|c: char| !word(c))
        .map_or(line_start, |i| line_start + i + 1);
    let end = text[offset..line_end]
        .find(|c: char| !word(c))
        .map_or(line_end, |i| offset + i);
    let rule = crate::checks::find_rule(&text[start..end])?;
    Some((start..end, rule))
}

impl Server<'_> {
    fn doc_index(&self, rel: &str) -> Option<usize> {
        self.loaded.as_ref()?.site.document_at(rel)
    }

    pub(super) fn completion(&mut self, p: lsp::CompletionParams) -> Value {
        let uri = p.text_document_position.text_document.uri;
        let Some(rel) = self.rel(&uri) else {
            return Value::Null;
        };
        if self.loaded.is_none() {
            self.check();
        }
        // the buffers as they are now (cheap: the checks wait for the
        // debounce)
        if !self.edited.is_empty() && !self.reload {
            self.reload = !self.apply_edits();
            if !self.reload {
                self.edited.clear();
            }
        }
        let (Some(open), Some(last)) = (self.open.get(&rel), &self.loaded) else {
            return Value::Null;
        };
        let lines = Lines::new(&open.text);
        let offset = lines.offset(p.text_document_position.position, self.encoding);
        let Some((ctx, start)) = context(&open.text, offset) else {
            return Value::Null;
        };
        let range = lines.range(&(start..offset), self.encoding);
        let mut list = match ctx {
            // the same for every document: built once per site and front
            // matter (see `Server::url_items`)
            Context::Url { images } => {
                let site = &last.site;
                self.url_items
                    .get_or_init(|| {
                        [false, true].map(|images| items(site, &Context::Url { images }, None, ""))
                    })
                    .get(usize::from(images))
                    .cloned()
                    .unwrap_or_default()
            }
            _ => {
                let doc = self.doc_index(&rel).map(|i| &last.site.documents[i]);
                items(&last.site, &ctx, doc, &open.text)
            }
        };
        // (`items` moved in, not serialized again as `json!` would)
        let mut answer = json!({"isIncomplete": false});
        if self.edit_range {
            // one range for all, and each item's `insertText` or label
            answer["itemDefaults"] = json!({"editRange": range});
            answer["items"] = Value::Array(list);
            return answer;
        }
        let range = serde_json::to_value(range).unwrap_or_default();
        for item in &mut list {
            let label = item["label"].as_str().unwrap_or_default().to_string();
            let insert = item
                .get("insertText")
                .and_then(Value::as_str)
                .map_or(label, str::to_string);
            // (built by hand: `json!` would serialize the range again)
            let mut edit = serde_json::Map::new();
            edit.insert("range".into(), range.clone());
            edit.insert("newText".into(), Value::String(insert));
            item["textEdit"] = Value::Object(edit);
        }
        answer["items"] = Value::Array(list);
        answer
    }

    pub(super) fn definition(&mut self, p: lsp::GotoDefinitionParams) -> Value {
        let uri = p.text_document_position_params.text_document.uri;
        let Some(rel) = self.rel(&uri) else {
            return Value::Null;
        };
        self.current();
        let (Some(last), Some(i)) = (&self.loaded, self.doc_index(&rel)) else {
            return Value::Null;
        };
        let doc = &last.site.documents[i];
        let offset = Lines::new(&doc.file.text)
            .offset(p.text_document_position_params.position, self.encoding);
        if let Some(old) = redirect_from_at(doc, offset) {
            return self.links_to(&old);
        }
        match link_at(&last.site, i, offset) {
            Some((_, Pointed::Internal(_, Some((path, _))))) => {
                let Some(target) = convert::path_to_uri(&path) else {
                    return Value::Null;
                };
                json!({"uri": target, "range": lsp::Range::default()})
            }
            _ => Value::Null,
        }
    }

    /// Every link in the site's documents that reaches `old` (a
    /// `redirect_from` URL): where readers still arrive by it.
    fn links_to(&self, old: &str) -> Value {
        let Some(loaded) = &self.loaded else {
            return Value::Null;
        };
        let site = &loaded.site;
        let urls = site.urls();
        let Some(target) = urls
            .resolve(&targets::normalize(old))
            .map(|s| s.file.clone())
        else {
            return Value::Null;
        };
        let mut out = Vec::new();
        for (j, doc) in site.documents.iter().enumerate() {
            let page_url = urls
                .documents
                .get(j)
                .and_then(|u| u.as_ref().ok())
                .map_or_else(|| "/".to_string(), |u| u.url.clone());
            let body = doc.body();
            let mut lines = None;
            for link in &body.links {
                let rendered = targets::render(site, &doc.file.text, link.dest.clone());
                if rendered.unknown.is_some() {
                    continue;
                }
                let targets::Target::Internal { path, .. } =
                    targets::classify(site, &page_url, &rendered.text)
                else {
                    continue;
                };
                if urls.resolve(&path).is_some_and(|s| s.file == target) {
                    let Some(uri) = convert::path_to_uri(&doc.file.path) else {
                        continue;
                    };
                    let lines = lines.get_or_insert_with(|| Lines::new(&doc.file.text));
                    out.push(json!({"uri": uri, "range": lines.range(&link.dest, self.encoding)}));
                }
            }
        }
        Value::Array(out)
    }

    pub(super) fn hover(&mut self, p: lsp::HoverParams) -> Value {
        let uri = p.text_document_position_params.text_document.uri;
        let Some(rel) = self.rel(&uri) else {
            return Value::Null;
        };
        self.current();
        let (Some(last), Some(i)) = (&self.loaded, self.doc_index(&rel)) else {
            return Value::Null;
        };
        let site = &last.site;
        let doc = &site.documents[i];
        let lines = Lines::new(&doc.file.text);
        let offset = lines.offset(p.text_document_position_params.position, self.encoding);
        let (range, text) = if let Some((range, rule)) = rule_at(&doc.file.text, offset) {
            (
                range,
                format!("**{}** `{}`: {}", rule.code, rule.name, rule.summary),
            )
        } else {
            match link_at(site, i, offset) {
                Some((range, Pointed::Internal(path, by))) => {
                    let text = match by {
                        Some((_, Some(d))) => {
                            let d = &site.documents[d];
                            match title(site, d) {
                                Some(t) => format!("**{t}**: `{}`", d.rel()),
                                None => format!("`{}`", d.rel()),
                            }
                        }
                        Some((file, None)) => {
                            let rel = file.strip_prefix(&site.root).unwrap_or(&file);
                            format!("`{}`", rel.to_string_lossy().replace('\\', "/"))
                        }
                        None => format!("No page or file is served at `{path}`"),
                    };
                    (range, text)
                }
                _ => return Value::Null,
            }
        };
        json!({
            "contents": {"kind": "markdown", "value": text},
            "range": lines.range(&range, self.encoding),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<(Context, usize)> {
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        context(&text, offset)
    }

    #[test]
    fn contexts() {
        assert_eq!(
            at("See [x](/te|"),
            Some((Context::Url { images: false }, 8))
        );
        assert_eq!(at("See ![x](|"), Some((Context::Url { images: true }, 9)));
        assert_eq!(at("See [x](/a) and |"), None);
        assert_eq!(
            at("<a href=\"/t|"),
            Some((Context::Url { images: false }, 9))
        );
        assert_eq!(at("<img src='|"), Some((Context::Url { images: true }, 10)));
        assert_eq!(at("<a href=\"/t\">|"), None);
        assert_eq!(at("[a]({% link _te|"), Some((Context::LinkTag, 12)));
        assert_eq!(at("{% post_url 2020|"), Some((Context::PostUrl, 12)));
        assert_eq!(at("---\nti|\n---\n"), Some((Context::Key, 4)));
        assert_eq!(
            at("---\nrole: |\n---\n"),
            Some((Context::Value("role".into()), 10))
        );
        assert_eq!(
            at("---\nimage: \"/as|\n---\n"),
            Some((Context::Value("image".into()), 12))
        );
        // below the front matter, a `key:` line is prose
        assert_eq!(at("---\na: 1\n---\nrole: |"), None);
    }
}
