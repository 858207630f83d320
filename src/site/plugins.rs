//! Pages the common URL-generating plugins write, computed from the posts as
//! the plugins compute them (and checked against real builds by
//! `scripts/jekyll-conformance`):
//!
//! - jekyll-archives: a page per tag, category, year, month and day, as its
//!   `jekyll-archives: enabled` and `permalinks` settings say;
//! - jekyll-paginate: `paginate_path` pages 2 to N of the `index.html` page
//!   it paginates (N from the number of posts and `paginate`);
//! - jekyll-paginate-v2: pages 2 to N of each page with `pagination:
//!   enabled: true`, from `pagination: per_page` and `permalink`;
//! - jekyll-polyglot: its settings ([`Polyglot`]; the copies per language
//!   are made in `site::urls`).
//!
//! - GitHub Pages' default plugins ([`Pages`]): jekyll-optional-front-matter
//!   and jekyll-readme-index (pages from Markdown files without front
//!   matter), jekyll-relative-links (links to source files), and
//!   jekyll-titles-from-headings and jekyll-default-layout (a page's title
//!   and layout when its front matter has none).
//!
//! A plugin counts as enabled when `plugins` (or `gems`) lists it, or the
//! Gemfile loads it in its `:jekyll_plugins` group; a GitHub Pages build
//! (see [`github_pages`]) enables GitHub Pages' default plugins.

use crate::site::Site;
use crate::site::dates::DateTime;
use crate::site::permalink::{self, SlugMode};
use crate::text::yaml::{Node, NodeKind, Value};

/// What a generator needs to know about one published post.
#[derive(Clone, Debug)]
pub struct Post {
    /// The date as Jekyll shows it (the site's time zone).
    pub date: DateTime,
    /// `tags` (or `tag`): `None` for a value that is not a string (a
    /// number), whose archive jekyll-archives writes without a name.
    pub tags: Vec<Option<String>>,
    pub categories: Vec<String>,
    /// `hidden: true`: left out of pagination.
    pub hidden: bool,
}

/// The plugins GitHub Pages always runs (the `github-pages` gem's
/// `DEFAULT_PLUGINS`) whose effect sitelint models.
pub const GITHUB_PAGES_DEFAULTS: &[&str] = &[
    "jekyll-default-layout",
    "jekyll-optional-front-matter",
    "jekyll-paginate",
    "jekyll-readme-index",
    "jekyll-relative-links",
    "jekyll-titles-from-headings",
];

/// The plugins the site enables: `plugins`/`gems` in the configuration,
/// the Gemfile's `:jekyll_plugins` group, and GitHub Pages' default
/// plugins when GitHub Pages builds the site ([`github_pages`]).
pub fn enabled(site: &Site) -> Vec<String> {
    let mut out = crate::site::urls::plugins(site);
    let gemfile = gemfile(&site.root);
    out.extend(gemfile.plugins);
    if github_pages_build(site, gemfile.github_pages) {
        out.extend(GITHUB_PAGES_DEFAULTS.iter().map(|p| p.to_string()));
    }
    out
}

/// GitHub Pages' default plugins that change what a site serves or says,
/// each on when it is enabled (see [`enabled`]) and its own `enabled:
/// false` does not turn it off.
#[derive(Clone, Debug, Default)]
pub struct DefaultPlugins {
    /// jekyll-relative-links: a Markdown link to a source file leads to
    /// that file's URL.
    pub relative_links: bool,
    /// `relative_links: collections: true`: in collection documents too.
    pub relative_links_collections: bool,
    /// jekyll-optional-front-matter.
    pub optional_front_matter: bool,
    /// The Markdown file is still copied as it is (no `remove_originals:
    /// true`, no `require_front_matter`).
    pub optional_keeps_originals: bool,
    /// jekyll-readme-index.
    pub readme_index: bool,
    pub readme_keeps_originals: bool,
    /// `readme_index: with_frontmatter: true`: a README with front matter
    /// moves to its folder's index too.
    pub readme_with_front_matter: bool,
    /// jekyll-titles-from-headings.
    pub titles_from_headings: bool,
    /// `titles_from_headings: collections: true`.
    pub titles_collections: bool,
    /// jekyll-default-layout.
    pub default_layout: bool,
    /// Of the layouts jekyll-default-layout chooses from (`home`, `page`,
    /// `post`, `default`), those `_layouts/` has.
    pub layouts: Vec<&'static str>,
}

impl DefaultPlugins {
    pub fn of(site: &Site) -> DefaultPlugins {
        let plugins = enabled(site);
        let on = |name: &str| plugins.iter().any(|p| p == name);
        let data = site.config.data.as_ref();
        let option = |section: &str, key: &str| -> Option<Value> {
            let s = data?.get(section)?.get(key)?.as_scalar()?;
            Some(s.value.clone())
        };
        let is = |section: &str, key: &str, b: bool| option(section, key) == Some(Value::Bool(b));
        let require_front_matter = data
            .and_then(|d| d.get("require_front_matter"))
            .and_then(Node::as_scalar)
            .is_some_and(|s| !matches!(s.value, Value::Null | Value::Bool(false)));
        DefaultPlugins {
            relative_links: on("jekyll-relative-links") && !is("relative_links", "enabled", false),
            relative_links_collections: is("relative_links", "collections", true),
            optional_front_matter: on("jekyll-optional-front-matter")
                && !is("optional_front_matter", "enabled", false)
                && !require_front_matter,
            optional_keeps_originals: !is("optional_front_matter", "remove_originals", true)
                && !require_front_matter,
            readme_index: on("jekyll-readme-index") && !is("readme_index", "enabled", false),
            readme_keeps_originals: !is("readme_index", "remove_originals", true),
            readme_with_front_matter: is("readme_index", "with_frontmatter", true),
            titles_from_headings: on("jekyll-titles-from-headings")
                && !is("titles_from_headings", "enabled", false),
            titles_collections: is("titles_from_headings", "collections", true),
            default_layout: on("jekyll-default-layout"),
            layouts: layouts_present(site),
        }
    }
}

/// Of `home`, `page`, `post` and `default`, the layouts `_layouts/` (or
/// `layouts_dir`) holds, in that order.
fn layouts_present(site: &Site) -> Vec<&'static str> {
    let dir = site
        .config
        .data
        .as_ref()
        .and_then(|d| d.get("layouts_dir"))
        .and_then(Node::scalar_text)
        .unwrap_or("_layouts");
    let dir = site.root.join(crate::inside::in_site(dir));
    if !is_real_dir(&dir) {
        return Vec::new();
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.rsplit_once('.').map(|(stem, _)| stem.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    ["home", "page", "post", "default"]
        .into_iter()
        .filter(|l| names.iter().any(|n| n == l))
        .collect()
}

/// The layout jekyll-default-layout gives a Markdown page or post whose
/// front matter (and `defaults`) name none: `home` for the home page,
/// `page` for a page, `post` for a post, else `default`, the first that
/// `_layouts/` has.
pub fn default_layout(site: &Site, doc: &crate::site::Document) -> Option<&'static str> {
    let dp = &site.default_plugins;
    let page = doc.collection.is_none() || doc.plugin_page.is_some();
    let post = doc.collection == Some(0);
    if !dp.default_layout || !doc.markdown || !(post || (page && doc.is_rendered())) {
        return None;
    }
    if site.value(doc, "layout").is_some() {
        return None;
    }
    let has = |l: &str| dp.layouts.contains(&l);
    let home = page
        && has("home")
        && site
            .index_of(doc)
            .and_then(|i| site.urls().documents.get(i))
            .is_some_and(|u| u.as_ref().is_ok_and(|u| u.url == "/"));
    if home && has("home") {
        Some("home")
    } else if page && has("page") {
        Some("page")
    } else if post && has("post") {
        Some("post")
    } else {
        has("default").then_some("default")
    }
}

/// The title jekyll-titles-from-headings gives a Markdown page (or, with
/// `titles_from_headings: collections: true`, a document) whose `title` is
/// missing or null: see [`title_from_heading`].
pub fn heading_title(site: &Site, doc: &crate::site::Document) -> Option<String> {
    let dp = &site.default_plugins;
    let page = doc.collection.is_none() || doc.plugin_page.is_some();
    if !dp.titles_from_headings || !doc.markdown || !(page || dp.titles_collections) {
        return None;
    }
    if page && site.value(doc, "title").is_some_and(|n| !n.is_null()) {
        return None;
    }
    let body = doc.file.text.get(doc.front.body_start()..)?;
    title_from_heading(body)
}

/// File names jekyll-optional-front-matter leaves alone (compared in upper
/// case, without the extension), unless `include` names the file.
const OPTIONAL_FRONT_MATTER_SKIPS: &[&str] = &[
    "README",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "CODE_OF_CONDUCT",
    "CONTRIBUTING",
    "ISSUE_TEMPLATE",
    "PULL_REQUEST_TEMPLATE",
];

/// Whether jekyll-optional-front-matter makes a page of the Markdown file
/// `rel` (which has no front matter and is not a post).
pub fn optional_front_matter_page(site: &Site, rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let base = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    !OPTIONAL_FRONT_MATTER_SKIPS.contains(&base.to_uppercase().as_str())
        || site.config.included(rel)
        || site.config.included(name)
}

/// Whether `rel` is a README as jekyll-readme-index finds them
/// (`/readme.EXT`, any case, EXT one of the Markdown extensions).
pub fn is_readme(site: &Site, rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.len() > 7 && name[..7].eq_ignore_ascii_case("readme.") && site.config.is_markdown(name)
}

/// jekyll-readme-index's `dir_has_index?`: a page or static file whose URL
/// is the folder `dir` (`/docs/`) or its `index.html`, `index.htm`,
/// `index.xhtml` or `index.xml` (any case). `urls` holds the URLs in lower
/// case.
pub fn folder_has_index(dir: &str, urls: &rustc_hash::FxHashSet<String>) -> bool {
    let dir = dir.to_lowercase();
    ["", "index.html", "index.htm", "index.xhtml", "index.xml"]
        .iter()
        .any(|name| urls.contains(&format!("{dir}{name}")))
}

/// jekyll-titles-from-headings' title for a Markdown body without a
/// `title`: the text of a heading of level 1 to 3 (`#` or underlined) that
/// opens the body, `None` when there is none or it is empty.
pub fn title_from_heading(body: &str) -> Option<String> {
    static TITLE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    // the plugin's TITLE_REGEX (Ruby's `$` is the end of a line)
    let re = TITLE
        .get_or_init(|| {
            regex::Regex::new(r"\A\s*(?:#{1,3}\s+(.*)(?:\s+#{1,3})?|(.*)\r?\n[-=]+\s*)(?m:$)").ok()
        })
        .as_ref()?;
    let caps = re.captures(body)?;
    let text = caps.get(1).or_else(|| caps.get(2))?.as_str();
    // (the plugin renders it and strips the HTML: a title of markup only
    // is empty)
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    (!plain.is_empty()).then_some(plain)
}

/// Whether GitHub Pages builds the site: `github-pages: true` or `false`
/// in sitelint's settings when given, else whether the Gemfile loads the
/// `github-pages` gem (which makes any build a GitHub Pages build: it
/// enables the default plugins whatever `_config.yml` says).
pub fn github_pages(site: &Site) -> bool {
    github_pages_build(site, gemfile(&site.root).github_pages)
}

fn github_pages_build(site: &Site, gem: bool) -> bool {
    site.settings.github_pages().unwrap_or(gem)
}

/// What the Gemfile says about plugins.
struct Gemfile {
    /// The gems of its `:jekyll_plugins` group.
    plugins: Vec<String>,
    /// It loads the `github-pages` gem.
    github_pages: bool,
}

fn gemfile(root: &std::path::Path) -> Gemfile {
    let mut out = Gemfile {
        plugins: Vec::new(),
        github_pages: false,
    };
    let Some(text) = read_regular(&root.join("Gemfile")) else {
        return out;
    };
    let mut depth_in_group: Option<usize> = None;
    let mut depth = 0usize;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let words: Vec<&str> = line.split_whitespace().collect();
        let opens = line.ends_with(" do") || line.contains(" do |") || line == "do";
        if words.first() == Some(&"group") && opens {
            depth += 1;
            if line.contains(":jekyll_plugins") {
                depth_in_group = Some(depth);
            }
            continue;
        }
        if opens {
            depth += 1;
            continue;
        }
        if line == "end" {
            if depth_in_group == Some(depth) {
                depth_in_group = None;
            }
            depth = depth.saturating_sub(1);
            continue;
        }
        if words.first() != Some(&"gem") {
            continue;
        }
        let name = line[3..]
            .trim()
            .split(',')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        let in_group = depth_in_group.is_some() || line.contains("jekyll_plugins");
        if name == "github-pages" {
            out.github_pages = true;
        } else if in_group && !name.is_empty() {
            out.plugins.push(name);
        }
    }
    out
}

/// A regular file of at most 1 MB, never through a symbolic link (which
/// could lead outside the site).
pub fn read_regular(path: &std::path::Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 1 << 20 {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// A folder of the site, not a symbolic link.
pub fn is_real_dir(path: &std::path::Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// `Utils.pluralized_array_from_hash(data, "tag", "tags")`: `tag` as one
/// value if set, else `tags` (a string split on white space, or a list).
pub fn tags_of(tag: Option<&Node>, tags: Option<&Node>) -> Vec<Option<String>> {
    let one = |n: &Node| -> Option<Option<String>> {
        let s = n.as_scalar()?;
        match &s.value {
            Value::Null => None,
            Value::Str => Some(Some(s.text.clone())),
            _ => Some(None),
        }
    };
    if let Some(t) = tag.filter(|n| !n.is_null()) {
        return match &t.kind {
            NodeKind::Seq(items) => items.iter().filter_map(one).collect(),
            _ => one(t).into_iter().collect(),
        };
    }
    match tags.map(|n| &n.kind) {
        Some(NodeKind::Seq(items)) => items.iter().filter_map(one).collect(),
        Some(NodeKind::Scalar(s)) if s.value == Value::Str => s
            .text
            .split_whitespace()
            .map(|w| Some(w.to_string()))
            .collect(),
        Some(NodeKind::Scalar(_)) => tags.and_then(one).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The files jekyll-archives writes (relative to the output folder).
pub fn archives(site: &Site, posts: &[Post]) -> Vec<String> {
    let config = site
        .config
        .data
        .as_ref()
        .and_then(|d| d.get("jekyll-archives"));
    let enabled = config.and_then(|c| c.get("enabled"));
    let on = |kind: &str| -> bool {
        match enabled.map(|n| &n.kind) {
            Some(NodeKind::Seq(items)) => items.iter().any(|i| i.scalar_text() == Some(kind)),
            Some(NodeKind::Scalar(s)) => {
                s.value == Value::Bool(true) || (s.value == Value::Str && s.text == "all")
            }
            _ => false,
        }
    };
    let template = |kind: &str, default: &str| -> String {
        config
            .and_then(|c| c.get("permalinks"))
            .and_then(|p| p.get(kind))
            .and_then(|n| n.scalar_text())
            .unwrap_or(default)
            .to_string()
    };
    let file_of = |url: String| -> String {
        let url = permalink::unescape(&permalink::sanitize_url(&url));
        let mut file = url.trim_start_matches('/').to_string();
        if url.ends_with('/') {
            file.push_str("index.html");
        }
        file
    };
    let mut out: Vec<String> = Vec::new();
    let mut named = |kind: &str, default: &str, names: Vec<Option<&str>>| {
        let t = template(kind, default);
        let mut seen: Vec<Option<&str>> = Vec::new();
        for name in names {
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            let slug = name.map(|n| permalink::slugify(n, SlugMode::Default, false));
            out.push(file_of(permalink::render_hash(
                &t,
                &[("name", slug.as_deref()), ("type", Some(kind))],
            )));
        }
    };
    if on("tags") {
        named(
            "tag",
            "/tag/:name/",
            posts
                .iter()
                .flat_map(|p| p.tags.iter().map(Option::as_deref))
                .collect(),
        );
    }
    if on("categories") {
        named(
            "category",
            "/category/:name/",
            posts
                .iter()
                .flat_map(|p| p.categories.iter().map(|c| Some(c.as_str())))
                .collect(),
        );
    }
    let mut dates: Vec<(String, String, String)> = posts
        .iter()
        .map(|p| {
            (
                format!("{:04}", p.date.year),
                format!("{:02}", p.date.month),
                format!("{:02}", p.date.day),
            )
        })
        .collect();
    dates.sort();
    dates.dedup();
    let mut last: (Option<&str>, Option<(&str, &str)>) = (None, None);
    for (y, m, d) in &dates {
        if on("year") && last.0 != Some(y.as_str()) {
            out.push(file_of(permalink::render_hash(
                &template("year", "/:year/"),
                &[("year", Some(y)), ("type", Some("year"))],
            )));
        }
        if on("month") && last.1 != Some((y.as_str(), m.as_str())) {
            out.push(file_of(permalink::render_hash(
                &template("month", "/:year/:month/"),
                &[
                    ("year", Some(y)),
                    ("month", Some(m)),
                    ("type", Some("month")),
                ],
            )));
        }
        if on("day") {
            out.push(file_of(permalink::render_hash(
                &template("day", "/:year/:month/:day/"),
                &[
                    ("year", Some(y)),
                    ("month", Some(m)),
                    ("day", Some(d)),
                    ("type", Some("day")),
                ],
            )));
        }
        last = (Some(y), Some((y, m)));
    }
    // names that slugify alike (`Pride Month`, `pride-month`) write one file
    out.sort();
    out.dedup();
    out
}

/// `Integer#to_i` of a setting: a number, or a string's leading digits.
fn to_i(node: Option<&Node>) -> i64 {
    let Some(s) = node.and_then(Node::as_scalar) else {
        return 0;
    };
    match &s.value {
        Value::Int(i) => *i,
        Value::Float(f) => *f as i64,
        Value::Str => {
            let t = s.text.trim_start();
            let (sign, digits) = match t.strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, t.strip_prefix('+').unwrap_or(t)),
            };
            let end = digits
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(digits.len());
            digits[..end].parse::<i64>().map_or(0, |n| sign * n)
        }
        _ => 0,
    }
}

/// Pages 2 to N that jekyll-paginate writes: `(dir of the page, template
/// page index)`. `pages` are the site's pages as (relative path, index);
/// the caller computes each new page's URL as that page's with the new
/// folder.
pub fn paginate_v1(site: &Site, posts: &[Post], pages: &[(&str, usize)]) -> Vec<(String, usize)> {
    let data = site.config.data.as_ref();
    let Some(per_page) = data
        .and_then(|d| d.get("paginate"))
        .filter(|n| !n.is_null())
    else {
        return Vec::new();
    };
    let per_page = to_i(Some(per_page));
    if per_page <= 0 || pages.is_empty() {
        return Vec::new();
    }
    let path = data
        .and_then(|d| d.get("paginate_path"))
        .and_then(|n| n.scalar_text())
        .unwrap_or("/page:num");
    // the folder of paginate_path, and each folder above it up to the root
    let expanded = normalize(path.trim_start_matches('/'));
    let dir = match expanded.rfind('/') {
        Some(i) => &expanded[..i],
        None => "",
    };
    let mut hierarchy: Vec<&str> = vec![dir];
    let mut d = dir;
    while !d.is_empty() {
        d = match d.rfind('/') {
            Some(i) => &d[..i],
            None => "",
        };
        hierarchy.push(d);
    }
    let template = pages
        .iter()
        .filter(|(rel, _)| {
            let (page_dir, name) = match rel.rfind('/') {
                Some(i) => (&rel[..i], &rel[i + 1..]),
                None => ("", *rel),
            };
            name == "index.html" && hierarchy.contains(&page_dir)
        })
        // the longest path wins (a stable sort keeps the first of equals)
        .max_by(|a, b| a.0.len().cmp(&b.0.len()).then(std::cmp::Ordering::Greater));
    let Some(&(_, template)) = template else {
        return Vec::new();
    };
    let count = posts.iter().filter(|p| !p.hidden).count() as i64;
    let total = (count + per_page - 1) / per_page;
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    (2..=total)
        .map(|n| (path.replacen(":num", &n.to_string(), 1), template))
        .collect()
}

/// `File.expand_path` of a relative path, as a relative path: `.` and
/// `..` segments resolved, no trailing slash.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// jekyll-paginate-v2's settings for one page: the site's `pagination`
/// merged with the page's own.
pub struct PaginateV2 {
    pub per_page: i64,
    pub permalink: String,
    pub limit: i64,
    pub offset: i64,
    pub collections: Vec<String>,
    pub category: Option<String>,
    pub tag: Option<String>,
    pub indexpage: Option<String>,
    pub extension: String,
}

/// The settings jekyll-paginate-v2 uses for a page with `pagination:
/// enabled: true`, or `None` when it does not paginate the page.
pub fn paginate_v2_settings(site: &Site, page: Option<&Node>) -> Option<PaginateV2> {
    let site_cfg = site
        .config
        .data
        .as_ref()
        .and_then(|d| d.get("pagination"))?;
    let page = page.filter(|p| matches!(p.kind, NodeKind::Map(_)))?;
    let get = |key: &str| page.get(key).or_else(|| site_cfg.get(key));
    let truthy = |n: Option<&Node>| {
        n.and_then(Node::as_scalar)
            .is_some_and(|s| !matches!(s.value, Value::Null | Value::Bool(false)))
    };
    if !truthy(site_cfg.get("enabled")) || !truthy(page.get("enabled")) {
        return None;
    }
    let text = |key: &str| get(key).and_then(Node::scalar_text).map(str::to_string);
    let collections = match get("collection").map(|n| &n.kind) {
        Some(NodeKind::Seq(items)) => items
            .iter()
            .filter_map(|n| n.scalar_text().map(str::to_string))
            .collect(),
        _ => text("collection")
            .unwrap_or_else(|| "posts".into())
            .split([';', ',', ' ', '\t', '\n'])
            .filter(|s| !s.is_empty())
            .map(|s| s.trim().to_lowercase())
            .collect(),
    };
    Some(PaginateV2 {
        per_page: get("per_page").map_or(10, |n| to_i(Some(n))),
        permalink: text("permalink").unwrap_or_else(|| "/page:num/".into()),
        limit: to_i(get("limit")),
        offset: to_i(get("offset")),
        collections,
        category: text("category").filter(|c| c != "posts"),
        tag: text("tag"),
        indexpage: text("indexpage"),
        extension: text("extension").unwrap_or_else(|| "html".into()),
    })
}

/// The files jekyll-paginate-v2 writes for pages 2 to N of one page whose
/// first URL folder is `first` (`/blog/`), given the number of posts it
/// paginates.
pub fn paginate_v2_files(cfg: &PaginateV2, first: &str, count: i64) -> Vec<String> {
    if cfg.per_page <= 0 {
        return Vec::new();
    }
    let count = (count - cfg.offset.max(0)).max(0);
    let mut total = (count + cfg.per_page - 1) / cfg.per_page;
    if cfg.limit > 0 && cfg.limit < total {
        total = cfg.limit;
    }
    // `Utils.ensure_full_path` with `index` and `.html` when unset, then
    // the extension unless the path ends with it
    let name = cfg
        .indexpage
        .as_deref()
        .map(|i| i.split('.').next().unwrap_or("").to_string())
        .unwrap_or_default();
    let ext = if cfg.extension.is_empty() || cfg.extension.starts_with('.') {
        cfg.extension.clone()
    } else {
        format!(".{}", cfg.extension)
    };
    let full_name = if name.is_empty() { "index" } else { &name };
    let full_ext = if ext.is_empty() { ".html" } else { &ext };
    let mut first = first.to_string();
    if !first.ends_with('/') {
        first.push('/');
    }
    (2..=total)
        .map(|n| {
            let joined = permalink::sanitize_url(&format!("{first}/{}", cfg.permalink));
            let full = if joined.ends_with('/') {
                format!("{joined}{full_name}{full_ext}")
            } else if !joined.contains('.') {
                format!("{joined}{full_name}")
            } else {
                joined
            };
            let path = full.replacen(":num", &n.to_string(), 1);
            let url = if path.ends_with(&ext) {
                path
            } else {
                format!("{path}{ext}")
            };
            permalink::unescape(url.trim_start_matches('/'))
        })
        .collect()
}

/// The words (runs of letters, digits, `_` and `-`) of the site's own
/// plugins, `_plugins/**/*.rb`, or `None` when it has none. A plugin may
/// generate pages sitelint cannot know; a broken link under a folder
/// nothing in the source serves, named in a plugin, may be one of them.
/// Symbolic links are not followed; at most 500 files of 1 MB are read.
pub fn own_plugin_words(root: &std::path::Path) -> Option<rustc_hash::FxHashSet<String>> {
    let mut words = rustc_hash::FxHashSet::default();
    let mut found = false;
    let plugins = root.join("_plugins");
    if !is_real_dir(&plugins) {
        return None;
    }
    let mut stack = vec![plugins];
    let mut budget = 500usize;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
                continue;
            };
            if meta.is_dir() {
                stack.push(e.path());
            } else if meta.is_file()
                && e.path().extension().is_some_and(|x| x == "rb")
                && meta.len() <= 1 << 20
                && budget > 0
            {
                budget -= 1;
                found = true;
                if let Some(text) = read_regular(&e.path()) {
                    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')) {
                        if !w.is_empty() {
                            words.insert(w.to_string());
                        }
                    }
                }
            }
        }
    }
    found.then_some(words)
}

/// jekyll-polyglot's settings: the languages, the default one, and the
/// paths not copied into each language's folder.
pub struct Polyglot {
    pub languages: Vec<String>,
    pub default_lang: String,
    pub exclude: Vec<String>,
}

impl Polyglot {
    pub fn of(site: &Site) -> Polyglot {
        let data = site.config.data.as_ref();
        let get = |k: &str| data.and_then(|d| d.get(k));
        let mut languages: Vec<String> = Vec::new();
        for l in crate::settings::strings(get("languages")) {
            if !languages.contains(&l) {
                languages.push(l);
            }
        }
        if languages.is_empty() {
            languages.push("en".into());
        }
        Polyglot {
            languages,
            default_lang: get("default_lang")
                .and_then(Node::scalar_text)
                .unwrap_or("en")
                .to_string(),
            exclude: crate::settings::strings(get("exclude_from_localization")),
        }
    }

    /// `document_url_regex`: every `/xx/`, `.xx.`, `/xx.` or `.xx/` of a
    /// language replaced with `/`: the key under which the plugin takes
    /// documents in different languages as one page.
    pub fn strip_languages(&self, url: &str) -> String {
        let b = url.as_bytes();
        let mut out = String::with_capacity(url.len());
        let mut i = 0;
        while i < url.len() {
            if matches!(b[i], b'/' | b'.') {
                let hit = self.languages.iter().find(|l| {
                    url[i + 1..].starts_with(l.as_str())
                        && matches!(b.get(i + 1 + l.len()), Some(b'/' | b'.'))
                });
                if let Some(l) = hit {
                    out.push('/');
                    i += l.len() + 2;
                    continue;
                }
            }
            let c = url[i..].chars().next().unwrap_or('/');
            out.push(c);
            i += c.len_utf8();
        }
        out
    }

    /// Whether a source path is left out of the other languages' builds.
    pub fn excluded(&self, rel: &str) -> bool {
        self.exclude.iter().any(|e| {
            let e = e.trim_start_matches("./").trim_start_matches('/');
            !e.is_empty() && rel.starts_with(e)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(s: &str) -> Node {
        crate::text::yaml::parse(s, 0..s.len(), Default::default())
            .unwrap()
            .unwrap()
    }

    /// `Utils.pluralized_array_from_hash(data, "tag", "tags")`, as Jekyll
    /// 4.3 reads it.
    #[test]
    fn tags_as_jekyll_reads_them() {
        let d = node("tags: pride month\ntag: One Tag\nlist: [a, 2020, ~]\n");
        assert_eq!(
            tags_of(None, d.get("tags")),
            vec![Some("pride".to_string()), Some("month".to_string())]
        );
        // the singular wins and is not split
        assert_eq!(
            tags_of(d.get("tag"), d.get("tags")),
            vec![Some("One Tag".to_string())]
        );
        // a number has no slug; null is dropped
        assert_eq!(
            tags_of(None, d.get("list")),
            vec![Some("a".to_string()), None]
        );
    }

    /// Ruby's `to_i`: leading digits of a string, 0 otherwise.
    #[test]
    fn settings_to_i() {
        let d = node("a: 5\nb: '12 per page'\nc: many\nd: -3\n");
        assert_eq!(to_i(d.get("a")), 5);
        assert_eq!(to_i(d.get("b")), 12);
        assert_eq!(to_i(d.get("c")), 0);
        assert_eq!(to_i(d.get("d")), -3);
        assert_eq!(to_i(None), 0);
    }

    /// The Gemfile and `_plugins` are read only as the site's own files:
    /// never through a symbolic link, which may lead outside the site.
    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(outside.path().join("plugins")).unwrap();
        std::fs::write(outside.path().join("plugins/x.rb"), "tags").unwrap();
        std::fs::write(outside.path().join("Gemfile"), "gem 'x'").unwrap();
        std::os::unix::fs::symlink(outside.path().join("plugins"), site.path().join("_plugins"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path().join("Gemfile"), site.path().join("Gemfile"))
            .unwrap();
        assert_eq!(own_plugin_words(site.path()), None);
        assert_eq!(read_regular(&site.path().join("Gemfile")), None);
        assert!(own_plugin_words(outside.path()).is_none());
        std::fs::create_dir(site.path().join("own")).unwrap();
        std::fs::rename(
            outside.path().join("plugins"),
            site.path().join("own/_plugins"),
        )
        .unwrap();
        let words = own_plugin_words(&site.path().join("own")).unwrap();
        assert!(words.contains("tags"));
    }

    /// jekyll-titles-from-headings' pattern, as Ruby matches it.
    #[test]
    fn titles_from_headings() {
        let cases = [
            ("# Title\n\ntext", Some("Title")),
            ("\n\n## Two ##\n", Some("Two ##")),
            ("#### Four\n", None),
            ("Setext\n=====\n", Some("Setext")),
            ("Para\nline two\n", None),
            ("#\n\nfoo\n", Some("foo")),
            ("#NoSpace\n", None),
            ("Text\n---\n", Some("Text")),
            ("- item\n- b\n", None),
            ("   ### Three\n", Some("Three")),
            ("# <br>\n", None),
        ];
        for (body, want) in cases {
            assert_eq!(title_from_heading(body).as_deref(), want, "{body:?}");
        }
    }

    /// jekyll-readme-index's `dir_has_index?`.
    #[test]
    fn readme_index_folders() {
        let urls: rustc_hash::FxHashSet<String> = [
            "/docs/",
            "/old/INDEX.HTM",
            "/legacy/index.html",
            "/a/b.html",
        ]
        .iter()
        .map(|u| u.to_lowercase())
        .collect();
        for (dir, want) in [
            ("/docs/", true),
            ("/old/", true),
            ("/legacy/", true),
            ("/a/", false),
            ("/", false),
            ("/DOCS/", true),
        ] {
            assert_eq!(folder_has_index(dir, &urls), want, "{dir}");
        }
    }

    #[test]
    fn paginate_v2_page_files() {
        let cfg = PaginateV2 {
            per_page: 2,
            permalink: "/page/:num/".into(),
            limit: 0,
            offset: 0,
            collections: vec!["posts".into()],
            category: None,
            tag: None,
            indexpage: None,
            extension: "html".into(),
        };
        assert_eq!(
            paginate_v2_files(&cfg, "/blog/", 5),
            vec!["blog/page/2/index.html", "blog/page/3/index.html"]
        );
        // extensionless: `ensure_full_path` appends the index name
        let bare = PaginateV2 {
            permalink: "/page:num".into(),
            limit: 2,
            ..cfg
        };
        assert_eq!(paginate_v2_files(&bare, "/", 9), vec!["page2index.html"]);
    }
}
