//! Every URL the built site serves, computed from source alone, as Jekyll
//! 4.3 with jekyll-redirect-from writes it (and as `scripts/jekyll-conformance`
//! checks against real builds).
//!
//! The index is a set of *files* in the output folder (`team/x/index.html`,
//! `assets/a.png`), each with what produced it. URLs map to files as
//! GitHub Pages serves them (see [`UrlIndex::resolve`]):
//! - `/x/` is the file `x/index.html`;
//! - `/x` is the file `x`, else `x.html`, else `x/index.html` (GitHub Pages
//!   redirects `/x` to `/x/`);
//! - paths are compared after percent-decoding, case-sensitively.
//!
//! What is left out, as Jekyll leaves it out: documents of collections with
//! `output: false` (and their static files), `published: false`, posts whose
//! file name has no date, `_drafts`. Documents dated in the future are kept
//! but marked: Jekyll skips them until a build after their date (unless
//! `future: true`), so links to them are not broken.

use crate::text::distance::NearIndex;
use rayon::prelude::*;
// FxHash: these maps are keyed by the site's own paths and are hashed on every
// link resolved; SipHash's resistance to flooding buys nothing here.
use rustc_hash::FxHashMap as HashMap;

use crate::site::Site;
use crate::site::dates;
use crate::site::document::PluginPage;
use crate::site::permalink::{self, SlugMode};
use crate::text::front_matter;
use crate::text::yaml::{Node, NodeKind, Timestamp, Value};

/// A broken link that may reach a page the site's own plugins generate:
/// (the folder, the file, the link's span).
pub type GeneratedLink = (
    String,
    std::sync::Arc<crate::text::source::SourceFile>,
    std::ops::Range<usize>,
);

/// What produced a served file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `site.documents[i]`: a collection document or a page.
    Document(usize),
    /// `site.files[i]`: a static file, or a non-Markdown page with front
    /// matter (such as `feed.xml`).
    File(usize),
    /// A jekyll-redirect-from stub for a `redirect_from` entry of
    /// `site.documents[i]`.
    RedirectFrom(usize),
    /// A file a plugin generates (`feed.xml`, `sitemap.xml`, ...).
    Plugin(&'static str),
}

impl Source {
    /// What serves a URL, for a message: `` `about.md` ``, a
    /// `redirect_from` in a document, or a plugin.
    pub fn describe(&self, site: &Site) -> String {
        match *self {
            Source::Document(j) => format!("`{}`", site.documents[j].rel()),
            Source::File(j) => format!("`{}`", site.files[j].rel),
            Source::RedirectFrom(j) => {
                format!("a `redirect_from` in `{}`", site.documents[j].rel())
            }
            Source::Plugin(p) => format!("the plugin {p}"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Served {
    /// The file written, relative to the output folder (`team/x/index.html`).
    pub file: String,
    pub source: Source,
    /// For a redirect stub, or a page with `redirect_to`: where it sends
    /// the reader.
    pub redirect_to: Option<String>,
    /// Dated after the build time: served only by a build after that date.
    pub future: bool,
}

impl Served {
    /// The file as a URL: `/x/` for `x/index.html`, else `/file`.
    pub fn url(&self) -> String {
        file_to_url(&self.file)
    }
}

/// The URL of an output file: `x/index.html` is `/x/`, anything else is
/// `/` and its path.
pub fn file_to_url(file: &str) -> String {
    if file == "index.html" {
        "/".into()
    } else if let Some(dir) = file.strip_suffix("/index.html") {
        format!("/{dir}/")
    } else {
        format!("/{file}")
    }
}

/// A document's own URL, as `page.url` gives it.
#[derive(Clone, Debug)]
pub struct DocUrl {
    /// Jekyll's `url` (`/team/x/` or `/team/x`), unescaped.
    pub url: String,
    /// The file written.
    pub file: String,
}

/// Why a document has no URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoUrl {
    /// Its collection has `output: false`.
    NotOutput,
    /// `published: false`.
    Unpublished,
    /// A file in `_posts` whose name has no date: Jekyll ignores it.
    NotAPost,
    /// The permalink uses a placeholder Jekyll does not know: the build
    /// fails.
    UnknownPlaceholder(String),
    /// The document could not be read.
    Unreadable,
}

#[derive(Debug, Default)]
pub struct UrlIndex {
    /// Every served file, sorted by file.
    pub served: Vec<Served>,
    /// Where each file name's entries start in `served`, by a hash of the
    /// name (see [`UrlIndex::writing`]): a number per name, not another
    /// copy of it.
    by_hash: rustc_hash::FxHashMap<u64, usize>,
    /// The same for the rare name whose hash another name took first.
    by_name_rest: HashMap<String, usize>,
    /// The served files whose name has upper case, by their name in lower
    /// case (the others are their own lower case: see
    /// [`UrlIndex::resolve_ignoring_case`]).
    by_lower: HashMap<String, Vec<usize>>,
    /// Per `site.documents` index.
    pub documents: Vec<Result<DocUrl, NoUrl>>,
    /// Per `site.files` index: the URL a static file is served at, if any.
    pub files: Vec<Option<String>>,
    /// "Did you mean" candidates, built on first use: (pages, other files),
    /// each the URL, its characters, and its index in `served`.
    suggestions: std::sync::OnceLock<[Pool; 2]>,
    /// "Did you mean" answers already computed, by (path, images).
    suggested: std::sync::Mutex<HashMap<(String, bool), Option<String>>>,
    /// Posts by the names `{% post_url %}` accepts, built on first use.
    post_names: std::sync::OnceLock<HashMap<String, usize>>,
    /// Deletion-variant indexes of the fragment ids of pages with many,
    /// by document index, built on first use.
    #[allow(clippy::type_complexity)]
    pub fragment_near:
        std::sync::Mutex<HashMap<usize, std::sync::Arc<(Vec<Vec<char>>, NearIndex)>>>,
    /// The plugins the site enables (see `site::plugins::enabled`).
    pub plugins: Vec<String>,
    /// The words of the site's own `_plugins/*.rb`, if it has any.
    own_plugin_words: Option<rustc_hash::FxHashSet<String>>,
    /// Broken links that may lead to pages the site's own plugins
    /// generate: (the folder, the file, the link's span), gathered while
    /// documents are checked and reported once per folder.
    pub generated: std::sync::Mutex<Vec<GeneratedLink>>,
}

/// "Did you mean" candidates with two indexes, so that a large site does
/// not compare every broken link with every URL.
#[derive(Debug, Default)]
pub struct Pool {
    pub list: Vec<Candidate>,
    /// By last path segment (lower case): the same page under another
    /// folder or date.
    pub by_last: HashMap<String, Vec<usize>>,
    /// By parent folder (lower case): where a misspelt name would be.
    pub by_parent: HashMap<String, Vec<usize>>,
    /// Deletion-variant indexes of large candidate sets (the whole pool,
    /// `None`, or one folder), built on first use.
    near: std::sync::Mutex<HashMap<Option<String>, std::sync::Arc<NearIndex>>>,
}

impl Pool {
    /// The index of `members` (positions in `list`) for the set `scope`
    /// names: its ids are positions in `members`.
    pub fn near_index(
        &self,
        scope: &Option<String>,
        members: &[usize],
    ) -> std::sync::Arc<NearIndex> {
        let mut map = match self.near.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(index) = map.get(scope) {
            return index.clone();
        }
        map.entry(scope.clone())
            .or_insert_with(|| {
                std::sync::Arc::new(NearIndex::new(
                    members.iter().map(|&i| self.list[i].chars.as_slice()),
                    1,
                ))
            })
            .clone()
    }
}

/// The hash [`UrlIndex::writing`] finds a file name by.
fn name_hash(name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    name.hash(&mut h);
    h.finish()
}

/// The parent folder of a URL path, lower case (`/team/x/` → `/team`).
pub fn parent_of(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    trimmed[..trimmed.rfind('/').unwrap_or(0)].to_lowercase()
}

/// A URL offered as "did you mean" (one per URL of the site, kept for the
/// run: only what the search needs; the URL itself is `served`'s).
#[derive(Debug)]
pub struct Candidate {
    /// The URL's characters.
    pub chars: Vec<char>,
    /// Character counts in 64 bins, for a cheap lower bound on the edit
    /// distance (see [`char_bins`]).
    pub bins: [u8; 64],
    /// Counts of its pairs of adjacent characters in 128 bins, for a
    /// second, usually much tighter, lower bound (see [`pair_bins`]).
    pub pairs: [u8; 128],
    /// Its index in `UrlIndex::served`.
    pub served: usize,
}

/// Count characters in 64 bins (letters case-folded, digits, URL
/// punctuation, the rest hashed), saturating at 255.
pub fn char_bins(chars: &[char]) -> [u8; 64] {
    let mut bins = [0u8; 64];
    for &c in chars {
        let b = match c {
            'a'..='z' => c as usize - 'a' as usize,
            'A'..='Z' => c as usize - 'A' as usize,
            '0'..='9' => 26 + (c as usize - '0' as usize),
            '-' => 36,
            '/' => 37,
            '_' => 38,
            '.' => 39,
            _ => 40 + (c as usize % 24),
        };
        bins[b] = bins[b].saturating_add(1);
    }
    bins
}

/// Count the pairs of adjacent characters in 128 bins (hashed, exact
/// case), saturating at 255. One edit removes at most two pairs and adds
/// at most two, so half the pairs one string has more of than the other
/// (summed over the bins) is a lower bound on their edit distance; pairs
/// that share a bin only lower it. Two URLs with similar letters but
/// different words (most of a site's URLs, compared with a broken link)
/// have similar character counts and very different pairs.
pub fn pair_bins(chars: &[char]) -> [u8; 128] {
    let mut bins = [0u8; 128];
    for pair in chars.windows(2) {
        let h =
            (pair[0] as u32).wrapping_mul(0x9E37_79B1) ^ (pair[1] as u32).wrapping_mul(0x85EB_CA77);
        let b = (h.wrapping_mul(0xC2B2_AE35) >> 25) as usize;
        bins[b] = bins[b].saturating_add(1);
    }
    bins
}

fn seconds_of(t: &Timestamp) -> i64 {
    permalink::days_from_civil(t.year, t.month, t.day) * 86400
        + i64::from(t.hour) * 3600
        + i64::from(t.minute) * 60
        + i64::from(t.second)
        - i64::from(t.offset_minutes.unwrap_or(0)) * 60
}

fn now_timestamp(now: i64) -> Timestamp {
    let (year, month, day) = permalink::civil_from_days(now.div_euclid(86400));
    let s = now.rem_euclid(86400);
    Timestamp {
        year,
        month,
        day,
        hour: (s / 3600) as u32,
        minute: (s % 3600 / 60) as u32,
        second: (s % 60) as u32,
        offset_minutes: Some(0),
    }
}

/// A scalar as Ruby's `to_s` would print it, or `None` for null and
/// non-scalars.
fn scalar_string(node: &Node) -> Option<String> {
    let s = node.as_scalar()?;
    match &s.value {
        Value::Null => None,
        _ => Some(s.text.clone()),
    }
}

/// `File.extname`: the last `.ext` of the file name (none for dotfiles).
pub fn extname(name: &str) -> &str {
    let base = name.rsplit('/').next().unwrap_or(name);
    match base.rfind('.') {
        Some(0) | None => "",
        Some(i) if i + 1 == base.len() => "",
        Some(i) => &base[i..],
    }
}

/// What a URL computation needs to know about one source file.
struct Item<'a> {
    /// Path relative to the site root.
    rel: &'a str,
    data: Option<&'a Node>,
    markdown: bool,
    collection: Option<usize>,
}

struct Builder<'a> {
    site: &'a Site,
    style: String,
    now: i64,
    future_ok: bool,
    zone: dates::Zone,
}

impl<'a> Builder<'a> {
    /// A builder for `site` now, in its time zone; `future_ok`: future
    /// posts get URLs (the site's `future: true`, or a planned move).
    fn new(site: &'a Site, future_ok: bool) -> Builder<'a> {
        Builder {
            site,
            style: site.config.permalink.clone(),
            now: crate::clock::now(),
            future_ok,
            zone: dates::Zone::of_config(site.config.data.as_ref()).unwrap_or(dates::Zone::UTC),
        }
    }

    // Items may borrow shorter-lived front matter than the site: `'b`.
    /// Front matter value with `defaults` (front matter wins, even when
    /// null).
    fn value<'b>(&self, item: &Item<'b>, key: &str) -> Option<&'b Node>
    where
        'a: 'b,
    {
        if let Some(v) = item.data.and_then(|d| d.get(key)) {
            return Some(v);
        }
        let kind = match item.collection {
            Some(i) => self.site.config.collections[i].name.as_str(),
            None => "pages",
        };
        self.site
            .default_value(&self.defaults_path(item), kind, key)
    }

    /// The path Jekyll matches `defaults` scopes against: relative to
    /// `collections_dir` for documents.
    fn defaults_path(&self, item: &Item<'_>) -> String {
        let dir = &self.site.config.collections_dir;
        if item.collection.is_some() && !dir.is_empty() {
            item.rel
                .strip_prefix(dir.as_str())
                .and_then(|r| r.strip_prefix('/'))
                .unwrap_or(item.rel)
                .to_string()
        } else {
            item.rel.to_string()
        }
    }

    fn string_value(&self, item: &Item<'_>, key: &str) -> Option<String> {
        self.value(item, key).and_then(scalar_string)
    }

    fn unpublished(&self, item: &Item<'_>) -> bool {
        self.value(item, "published")
            .and_then(|n| n.as_scalar())
            .is_some_and(|s| s.value == Value::Bool(false))
    }

    fn collection_template(&self, ci: usize) -> String {
        let c = &self.site.config.collections[ci];
        match &c.permalink {
            Some(p) => p.clone(),
            None if ci == 0 => permalink::style_to_permalink(&self.style),
            None => permalink::add_permalink_suffix("/:collection/:path", &self.style),
        }
    }

    /// The path relative to `collections_dir`, as Jekyll's
    /// `Document#relative_path`.
    fn doc_relative<'b>(&self, rel: &'b str) -> &'b str {
        let dir = &self.site.config.collections_dir;
        if dir.is_empty() {
            rel
        } else {
            rel.strip_prefix(dir.as_str())
                .and_then(|r| r.strip_prefix('/'))
                .unwrap_or(rel)
        }
    }

    /// A collection document's URL, and whether it is dated in the future.
    fn document_url(&self, item: &Item<'_>, ci: usize) -> Result<(DocUrl, bool), NoUrl> {
        let c = &self.site.config.collections[ci];
        let relative = self.doc_relative(item.rel);
        let name = relative.rsplit('/').next().unwrap_or(relative);
        let ext = extname(name);
        let basename_without_ext = &name[..name.len() - ext.len()];
        let from_name = dates::from_filename(relative).and_then(Result::ok);
        let slug = match self.string_value(item, "slug") {
            Some(s) => s,
            None => match &from_name {
                Some((_, slug)) => slug.trim_end_matches('.').to_string(),
                None => basename_without_ext.trim_end_matches('.').to_string(),
            },
        };
        let date = self.date_of(item, from_name.as_ref().map(|(d, _)| *d));
        // dated by the build time: a URL made of its date changes with it
        let by_build = from_name.is_none()
            && self
                .value(item, "date")
                .and_then(dates::jekyll_time)
                .is_none();
        if !self.future_ok {
            // published from then on: the cache keeps this run's URLs until
            crate::clock::changes_at(seconds_of(&date));
        }
        let future = seconds_of(&date) > self.now && !self.future_ok;
        let out_ext = permalink::output_ext(ext, item.markdown);
        let cleaned = {
            let no_ext = &relative[..relative.len() - ext.len()];
            let dir = c.dir.rsplit('/').next().unwrap_or(&c.dir);
            no_ext
                .replacen(dir, "", 1)
                .trim_end_matches('.')
                .to_string()
        };
        let categories = self.categories(item, ci);
        let lookup = |key: &str| -> Option<String> {
            Some(match key {
                "collection" => c.name.clone(),
                "output_ext" => out_ext.clone(),
                "path" => cleaned.clone(),
                "name" => permalink::slugify(basename_without_ext, SlugMode::Default, false),
                "title" => permalink::slugify(&slug, SlugMode::Pretty, true),
                "slug" => permalink::slugify(&slug, SlugMode::Default, false),
                "categories" => {
                    let mut seen: Vec<String> = Vec::new();
                    for cat in &categories {
                        let lower = cat.to_lowercase();
                        if !seen.contains(&lower) {
                            seen.push(lower);
                        }
                    }
                    seen.join("/")
                }
                "slugified_categories" => {
                    let mut seen: Vec<String> = Vec::new();
                    for cat in &categories {
                        let s = permalink::slugify(cat, SlugMode::Default, false);
                        if !seen.contains(&s) {
                            seen.push(s);
                        }
                    }
                    seen.join("/")
                }
                other => {
                    let value = permalink::date_placeholder(other, &date);
                    if by_build && value.is_some() {
                        crate::clock::uses_now();
                    }
                    return value;
                }
            })
        };
        let template = self
            .string_value(item, "permalink")
            .unwrap_or_else(|| self.collection_template(ci));
        let raw = permalink::render_drop(&template, &lookup).map_err(NoUrl::UnknownPlaceholder)?;
        let url = permalink::unescape(&permalink::sanitize_url(&raw));
        let file = if url.ends_with('/') {
            format!("{}index.html", &url[1..])
        } else if url.ends_with(&out_ext) {
            url[1..].to_string()
        } else {
            format!("{}{out_ext}", &url[1..])
        };
        Ok((DocUrl { url, file }, future))
    }

    /// A document's date as Jekyll shows it: `date` read with
    /// `Time.parse` (text after the date ignored), else the file name's,
    /// else the build time; in the site's `timezone` (else the build
    /// machine's, UTC on GitHub Pages and CI).
    fn date_of(&self, item: &Item<'_>, from_name: Option<dates::DateTime>) -> dates::DateTime {
        match self.value(item, "date").and_then(dates::jekyll_time) {
            Some(d) => self.zone.localize(d),
            None => match from_name {
                Some(d) => d,
                None => self.zone.localize(now_timestamp(self.now)),
            },
        }
    }

    /// `categories` as Jekyll assembles them: the folders above `_posts`,
    /// then `defaults`, then front matter (strings split on spaces), then
    /// a singular `category` (not split); duplicates dropped.
    fn categories(&self, item: &Item<'_>, ci: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |s: String| {
            if !out.contains(&s) {
                out.push(s);
            }
        };
        if ci == 0 {
            let relative = self.doc_relative(item.rel);
            if !relative.starts_with("_posts")
                && let Some(pos) = relative.find("_posts")
            {
                for part in relative[..pos].split('/') {
                    if !part.is_empty() {
                        add(part.to_string());
                    }
                }
            }
        }
        let list = |node: Option<&Node>| -> Vec<String> {
            match node.map(|n| &n.kind) {
                Some(NodeKind::Seq(items)) => items.iter().filter_map(scalar_string).collect(),
                Some(NodeKind::Scalar(_)) => node
                    .and_then(scalar_string)
                    .map(|s| s.split_whitespace().map(String::from).collect())
                    .unwrap_or_default(),
                _ => Vec::new(),
            }
        };
        let kind = self.site.config.collections[ci].name.as_str();
        let path = self.defaults_path(item);
        for c in list(self.site.default_value(&path, kind, "categories")) {
            add(c);
        }
        for c in list(item.data.and_then(|d| d.get("categories"))) {
            add(c);
        }
        if let Some(n) = self.value(item, "category") {
            match &n.kind {
                NodeKind::Seq(items) => items.iter().filter_map(scalar_string).for_each(&mut add),
                _ => {
                    if let Some(s) = scalar_string(n) {
                        add(s);
                    }
                }
            }
        }
        out
    }

    /// A page's URL (`Jekyll::Page#url` and `#destination`).
    fn page_url(&self, item: &Item<'_>) -> DocUrl {
        let (dir, name) = match item.rel.rfind('/') {
            Some(i) => (&item.rel[..i], &item.rel[i + 1..]),
            None => ("", item.rel),
        };
        self.page_url_parts(item, dir, name)
    }

    fn page_url_parts(&self, item: &Item<'_>, dir: &str, name: &str) -> DocUrl {
        let ext = extname(name);
        let basename = name[..name.len() - ext.len()].trim_end_matches('.');
        let out_ext = permalink::output_ext(ext, item.markdown);
        let html = matches!(out_ext.as_str(), ".html" | ".xhtml" | ".htm");
        let template = if !html {
            "/:path/:basename:output_ext".to_string()
        } else if basename == "index" {
            "/:path/".to_string()
        } else {
            permalink::add_permalink_suffix("/:path/:basename", &self.style)
        };
        let template = self.string_value(item, "permalink").unwrap_or(template);
        let raw = permalink::render_hash(
            &template,
            &[
                ("path", Some(dir)),
                ("basename", Some(basename)),
                ("output_ext", Some(&out_ext)),
            ],
        );
        let url = permalink::unescape(&permalink::sanitize_url(&raw));
        let mut file = url[1..].to_string();
        if url.ends_with('/') {
            file.push_str("index");
        }
        if !file.ends_with(&out_ext) {
            file.push_str(&out_ext);
        }
        DocUrl { url, file }
    }

    /// A static file's URL inside a collection with `output: true`.
    fn collection_static_url(&self, rel: &str, ci: usize) -> String {
        let c = &self.site.config.collections[ci];
        let relative = self.doc_relative(rel);
        let name = relative.rsplit('/').next().unwrap_or(relative);
        let ext = extname(name);
        let basename = name[..name.len() - ext.len()].trim_end_matches('.');
        let dir = c.dir.rsplit('/').next().unwrap_or(&c.dir);
        let cleaned = relative[..relative.len() - ext.len()]
            .trim_end_matches('.')
            .replacen(dir, "", 1);
        let template = self.collection_template(ci);
        let raw = permalink::render_hash(
            &template,
            &[
                ("collection", Some(&c.name)),
                ("path", Some(&cleaned)),
                ("output_ext", Some("")),
                ("name", Some(basename)),
                ("title", Some("")),
            ],
        );
        let mut url = permalink::sanitize_url(&raw);
        while url.ends_with('/') && url.len() > 1 {
            url.pop();
        }
        if url == "/" {
            url.clear();
        }
        permalink::unescape(&format!("{url}{ext}"))
    }
}

fn static_url(rel: &str) -> String {
    let ext = extname(rel);
    let cleaned = rel[..rel.len() - ext.len()].trim_end_matches('.');
    permalink::unescape(&format!("/{cleaned}{ext}"))
}

/// The names of the plugins the site enables (`plugins`, or the older
/// `gems`).
pub fn plugins(site: &Site) -> Vec<String> {
    let data = site.config.data.as_ref();
    let mut out = Vec::new();
    for key in ["plugins", "gems"] {
        out.extend(crate::settings::strings(data.and_then(|d| d.get(key))));
    }
    out
}

impl UrlIndex {
    pub fn build(site: &Site) -> UrlIndex {
        let config = &site.config;
        let data = config.data.as_ref();
        let future_ok = data
            .and_then(|d| d.get("future"))
            .and_then(|n| n.as_scalar())
            .is_some_and(|s| s.value == Value::Bool(true));
        let b = Builder::new(site, future_ok);
        let plugins = crate::site::plugins::enabled(site);
        let redirects = plugins.iter().any(|p| p == "jekyll-redirect-from");
        let mut index = UrlIndex {
            documents: Vec::with_capacity(site.documents.len()),
            files: vec![None; site.files.len()],
            ..UrlIndex::default()
        };
        index.plugins = plugins.clone();
        index.own_plugin_words = crate::site::plugins::own_plugin_words(&site.root);
        let mut served: Vec<Served> = Vec::new();
        // (source, its url, its data) for redirect processing
        let mut written: Vec<(usize, String, bool)> = Vec::new();
        type DocOutcome = (
            Result<DocUrl, NoUrl>,
            Vec<Served>,
            Option<(usize, String, bool)>,
        );
        let pages = &site.default_plugins;

        // each document's URL, computed in parallel; collected in order
        // below, so the result does not depend on the thread schedule
        let per_doc: Vec<DocOutcome> = site
            .documents
            .par_iter()
            .enumerate()
            .map(|(i, doc)| {
                let mut served: Vec<Served> = Vec::new();
                let mut written: Option<(usize, String, bool)> = None;
                if doc.unchecked.is_some() {
                    return (Err(NoUrl::Unreadable), served, written);
                }
                let item = Item {
                    rel: doc.rel(),
                    data: doc.front.data(),
                    markdown: doc.markdown,
                    collection: doc.collection,
                };
                // a page jekyll-optional-front-matter or jekyll-readme-index
                // makes of a Markdown file without front matter: the file is
                // also copied as it is, unless the plugin removes it
                if doc.plugin_page.is_some() && !doc.has_front_matter() {
                    let page = Item {
                        collection: None,
                        ..item
                    };
                    // (a collection's files are written whatever the
                    // plugin removes from the static files)
                    let keep = doc.collection.is_some()
                        || match doc.plugin_page {
                            Some(PluginPage::ReadmeIndex) => pages.readme_keeps_originals,
                            _ => pages.optional_keeps_originals,
                        };
                    let copy = match doc.collection {
                        Some(ci) => config.collections[ci]
                            .output
                            .then(|| b.collection_static_url(doc.rel(), ci)),
                        None => Some(static_url(doc.rel())),
                    };
                    if keep
                        && let Some(url) = copy
                        && !b.unpublished(&page)
                    {
                        served.push(static_document(i, url).0);
                    }
                    if b.unpublished(&page) {
                        return (Err(NoUrl::Unpublished), served, written);
                    }
                    let mut u = b.page_url(&page);
                    if doc.plugin_page == Some(PluginPage::ReadmeIndex) {
                        u = readme_index_url(&u);
                    }
                    served.push(Served {
                        file: u.file.clone(),
                        source: Source::Document(i),
                        redirect_to: None,
                        future: false,
                    });
                    written = Some((i, u.url.clone(), false));
                    return (Ok(u), served, written);
                }
                let result = match doc.collection {
                    Some(0)
                        if dates::from_filename(b.doc_relative(doc.rel()))
                            .is_none_or(|r| r.is_err()) =>
                    {
                        Err(NoUrl::NotAPost)
                    }
                    Some(ci) if ci == 0 || doc.has_front_matter() => {
                        if !config.collections[ci].output {
                            Err(NoUrl::NotOutput)
                        } else if b.unpublished(&item) {
                            Err(NoUrl::Unpublished)
                        } else {
                            b.document_url(&item, ci).map(|(u, future)| {
                                served.push(Served {
                                    file: u.file.clone(),
                                    source: Source::Document(i),
                                    redirect_to: redirect_to(&b, &item),
                                    future,
                                });
                                written = Some((i, u.url.clone(), future));
                                u
                            })
                        }
                    }
                    Some(ci) => {
                        // a collection file without front matter: a static file
                        if config.collections[ci].output {
                            let (s, u) = static_document(i, b.collection_static_url(doc.rel(), ci));
                            served.push(s);
                            Ok(u)
                        } else {
                            Err(NoUrl::NotOutput)
                        }
                    }
                    None if doc.is_rendered() => {
                        if b.unpublished(&item) {
                            Err(NoUrl::Unpublished)
                        } else {
                            let mut u = b.page_url(&item);
                            // jekyll-readme-index's `with_frontmatter`
                            if doc.plugin_page == Some(PluginPage::ReadmeIndex) {
                                u = readme_index_url(&u);
                            }
                            served.push(Served {
                                file: u.file.clone(),
                                source: Source::Document(i),
                                redirect_to: redirect_to(&b, &item),
                                future: false,
                            });
                            written = Some((i, u.url.clone(), false));
                            Ok(u)
                        }
                    }
                    None => {
                        let (s, u) = static_document(i, static_url(doc.rel()));
                        served.push(s);
                        Ok(u)
                    }
                };
                (result, served, written)
            })
            .collect();
        for (result, s, w) in per_doc {
            index.documents.push(result);
            served.extend(s);
            written.extend(w);
        }

        // static files (whether each starts with a front matter header was
        // read beside the documents)
        let per_file: Vec<(Option<String>, Vec<Served>)> = site
            .files
            .par_iter()
            .enumerate()
            .map(|(j, entry)| {
                let mut out: Vec<Served> = Vec::new();
                // Files other than Markdown and HTML: static, unless they start
                // with a front matter header (then they are pages or documents).
                let header = entry.header;
                let parsed = if header {
                    crate::inside::open_regular(&entry.path)
                        .and_then(std::io::read_to_string)
                        .ok()
                        .map(|t| front_matter::parse(&t, Default::default()))
                } else {
                    None
                };
                let data = parsed.as_ref().and_then(|f| f.data());
                let item = Item {
                    rel: &entry.rel,
                    data,
                    markdown: false,
                    collection: entry.collection,
                };
                let url = match entry.collection {
                    Some(0) => {
                        let dated = dates::from_filename(b.doc_relative(&entry.rel))
                            .is_some_and(|r| r.is_ok());
                        if dated && config.collections[0].output && !b.unpublished(&item) {
                            b.document_url(&item, 0).ok().map(|(u, f)| (u.file, f))
                        } else {
                            None
                        }
                    }
                    Some(ci) if header => {
                        if config.collections[ci].output && !b.unpublished(&item) {
                            b.document_url(&item, ci).ok().map(|(u, f)| (u.file, f))
                        } else {
                            None
                        }
                    }
                    Some(ci) => config.collections[ci].output.then(|| {
                        (
                            b.collection_static_url(&entry.rel, ci)[1..].to_string(),
                            false,
                        )
                    }),
                    None if header => {
                        (!b.unpublished(&item)).then(|| (b.page_url(&item).file, false))
                    }
                    None => Some((static_url(&entry.rel)[1..].to_string(), false)),
                };
                let Some((file, future)) = url else {
                    return (None, out);
                };
                let shown = format!("/{file}");
                // jekyll-sass-converter writes a source map beside the CSS
                if header
                    && entry.collection.is_none()
                    && matches!(extname(&entry.rel), ".scss" | ".sass")
                    && sass_source_maps(site)
                {
                    out.push(Served {
                        file: format!("{file}.map"),
                        source: Source::File(j),
                        redirect_to: None,
                        future: false,
                    });
                }
                out.push(Served {
                    file,
                    source: Source::File(j),
                    redirect_to: None,
                    future,
                });
                (Some(shown), out)
            })
            .collect();
        for (j, (url, out)) in per_file.into_iter().enumerate() {
            index.files[j] = url;
            served.extend(out);
        }

        served.extend(generated_pages(
            site,
            &b,
            &plugins,
            &written,
            &index.documents,
        ));

        if redirects {
            for (i, target, future) in &written {
                let doc = &site.documents[*i];
                let item = Item {
                    rel: doc.rel(),
                    data: doc.front.data(),
                    markdown: doc.markdown,
                    collection: doc.collection,
                };
                for from in redirect_from(&b, &item) {
                    let from = if from.starts_with('/') {
                        from
                    } else {
                        format!("/{from}")
                    };
                    // a RedirectPage is a page named redirect.html whose
                    // permalink is the old path
                    let raw = permalink::render_hash(
                        &from,
                        &[
                            ("path", Some("")),
                            ("basename", Some("redirect")),
                            ("output_ext", Some(".html")),
                        ],
                    );
                    let url = permalink::unescape(&permalink::sanitize_url(&raw));
                    let mut file = url[1..].to_string();
                    if url.ends_with('/') {
                        file.push_str("index");
                    }
                    if !file.ends_with(".html") {
                        file.push_str(".html");
                    }
                    served.push(Served {
                        file,
                        source: Source::RedirectFrom(*i),
                        redirect_to: Some(target.clone()),
                        future: *future,
                    });
                }
            }
            let json_off = data
                .and_then(|d| d.get("redirect_from"))
                .and_then(|r| r.get("json"))
                .and_then(|n| n.as_scalar())
                .is_some_and(|s| s.value == Value::Bool(false));
            if !json_off && !site.files.iter().any(|f| f.rel == "redirects.json") {
                served.push(plugin_file("redirects.json", "jekyll-redirect-from"));
            }
        }
        if plugins.iter().any(|p| p == "jekyll-feed") {
            let path = data
                .and_then(|d| d.get("feed"))
                .and_then(|f| f.get("path"))
                .and_then(|n| n.scalar_text())
                .unwrap_or("feed.xml")
                .trim_start_matches('/')
                .to_string();
            if !served.iter().any(|s| s.file == path) {
                served.push(plugin_file(&path, "jekyll-feed"));
            }
        }
        if plugins.iter().any(|p| p == "jekyll-sitemap") {
            for f in ["sitemap.xml", "robots.txt"] {
                if !served.iter().any(|s| s.file == f) {
                    served.push(plugin_file(f, "jekyll-sitemap"));
                }
            }
        }

        if plugins.iter().any(|p| p == "jekyll-polyglot") {
            served = polyglot(site, served, &index.documents);
        }

        served.sort_by(|a, b| a.file.cmp(&b.file));
        for (k, s) in served.iter().enumerate() {
            if k == 0 || served[k - 1].file != s.file {
                match index.by_hash.entry(name_hash(&s.file)) {
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(k);
                    }
                    std::collections::hash_map::Entry::Occupied(_) => {
                        index.by_name_rest.insert(s.file.clone(), k);
                    }
                }
            }
            let lower = s.file.to_lowercase();
            if lower != s.file {
                index.by_lower.entry(lower).or_default().push(k);
            }
        }
        index.served = served;
        index
    }

    /// Whether jekyll-redirect-from replaces document `i` with a redirect
    /// stub (`redirect_to`): no reader sees its body, so its links and
    /// images are not checked (the destination is).
    pub fn redirected(&self, i: usize) -> bool {
        self.plugins.iter().any(|p| p == "jekyll-redirect-from")
            && self
                .by_file_of_document(i)
                .is_some_and(|s| s.redirect_to.is_some())
    }

    fn by_file_of_document(&self, i: usize) -> Option<&Served> {
        let file = &self.documents.get(i)?.as_ref().ok()?.file;
        self.served[self.writing(file)]
            .iter()
            .find(|s| s.source == Source::Document(i))
    }

    /// The positions in `served` of the entries that write `file`, in
    /// order (`served` is sorted by file, so they are one run).
    fn writing(&self, file: &str) -> std::ops::Range<usize> {
        let start = match self.by_hash.get(&name_hash(file)) {
            Some(&k) if self.served[k].file == file => k,
            _ => match self.by_name_rest.get(file) {
                Some(&k) => k,
                None => return 0..0,
            },
        };
        let len = self.served[start..]
            .iter()
            .take_while(|s| s.file == file)
            .count();
        start..start + len
    }

    /// For a path no file serves: the folder (`/tags/`) the site's own
    /// plugins may generate it in. That is its first folder, when nothing
    /// the source produces is served under it and the plugins' Ruby names
    /// it.
    pub fn plugin_folder(&self, path: &str) -> Option<String> {
        let words = self.own_plugin_words.as_ref()?;
        let rel = path.strip_prefix('/')?;
        let (first, _) = rel.split_once('/')?;
        if first.is_empty() || !words.contains(first) {
            return None;
        }
        let under = format!("{first}/");
        let k = self
            .served
            .partition_point(|s| s.file.as_str() < under.as_str());
        if self
            .served
            .get(k)
            .is_some_and(|s| s.file.starts_with(&under))
        {
            return None;
        }
        Some(format!("/{under}"))
    }

    /// The served file a site path reaches, as GitHub Pages resolves it.
    /// `path` is decoded, starts with `/`, and has no query or fragment.
    pub fn resolve(&self, path: &str) -> Option<&Served> {
        file_candidates(path)
            .iter()
            .map(|c| self.writing(c))
            .find(|r| !r.is_empty())
            .map(|r| &self.served[r.start])
    }

    /// Like [`UrlIndex::resolve`], ignoring letter case: for "did you
    /// mean" and for files whose name differs only in case.
    pub fn resolve_ignoring_case(&self, path: &str) -> Option<&Served> {
        // the first served entry whose file in lower case is a candidate:
        // one written in lower case, or one with upper case
        file_candidates(&path.to_lowercase())
            .iter()
            .find_map(|c| {
                let own = Some(self.writing(c))
                    .filter(|r| !r.is_empty())
                    .map(|r| r.start);
                let upper = self.by_lower.get(c).and_then(|v| v.first().copied());
                match (own, upper) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            })
            .map(|k| &self.served[k])
    }

    /// Every served entry that claims the file [`UrlIndex::resolve`]
    /// finds: more than one where two documents claim the same
    /// `redirect_from` (or the same URL), and Jekyll writes only one.
    pub fn claims(&self, path: &str) -> Vec<&Served> {
        file_candidates(path)
            .iter()
            .map(|c| self.writing(c))
            .find(|r| !r.is_empty())
            .map(|r| self.served[r].iter().collect())
            .unwrap_or_default()
    }

    /// The "did you mean" candidates for pages (`images == false`) or for
    /// other files, excluding future documents.
    pub fn candidates(&self, images: bool) -> &Pool {
        let pools = self.suggestions.get_or_init(|| {
            let mut pools = [Pool::default(), Pool::default()];
            // each candidate's characters and bins in parallel, then the
            // pools in order
            let built: Vec<(usize, Candidate, String, String)> = self
                .served
                .par_iter()
                .enumerate()
                .filter(|(_, s)| !s.future)
                .map(|(k, s)| {
                    let url = s.url();
                    // (kept for the run, one per URL: sized exactly)
                    let mut chars: Vec<char> = Vec::with_capacity(url.chars().count());
                    chars.extend(url.chars());
                    let trimmed = url.trim_end_matches('/');
                    let seg = trimmed.rsplit('/').next().unwrap_or(trimmed);
                    let last = seg.strip_suffix(".html").unwrap_or(seg).to_lowercase();
                    let parent = parent_of(&url);
                    let candidate = Candidate {
                        bins: char_bins(&chars),
                        pairs: pair_bins(&chars),
                        chars,
                        served: k,
                    };
                    (
                        usize::from(!s.file.ends_with(".html")),
                        candidate,
                        last,
                        parent,
                    )
                })
                .collect();
            // (one per URL, kept for the run: sized exactly)
            let pages = built.iter().filter(|(p, ..)| *p == 0).count();
            pools[0].list.reserve_exact(pages);
            pools[1].list.reserve_exact(built.len() - pages);
            for (p, candidate, last, parent) in built {
                let pool = &mut pools[p];
                let i = pool.list.len();
                pool.by_last.entry(last).or_default().push(i);
                pool.by_parent.entry(parent).or_default().push(i);
                pool.list.push(candidate);
            }
            pools
        });
        &pools[usize::from(images)]
    }

    /// The first post (document of collection 0) that `{% post_url name %}`
    /// names: its path without the extension is `name` or ends with
    /// `/name`. Found in a map of every such name, so that many tags on a
    /// large site do not each scan every document.
    pub fn post_named(&self, site: &crate::site::Site, name: &str) -> Option<usize> {
        self.post_names
            .get_or_init(|| {
                let mut names: HashMap<String, usize> = HashMap::default();
                for (i, d) in site.documents.iter().enumerate() {
                    if d.collection != Some(0) {
                        continue;
                    }
                    let rel = d.rel();
                    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
                    names.entry(stem.to_string()).or_insert(i);
                    for (at, _) in stem.match_indices('/') {
                        names.entry(stem[at + 1..].to_string()).or_insert(i);
                    }
                }
                names
            })
            .get(name)
            .copied()
    }

    /// A memo for "did you mean": `compute` runs once per (path, images).
    pub fn suggestion(
        &self,
        path: &str,
        images: bool,
        compute: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        let key = (path.to_string(), images);
        if let Some(hit) = self
            .suggested
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return hit;
        }
        let value = compute();
        if let Ok(mut m) = self.suggested.lock() {
            m.insert(key, value.clone());
        }
        value
    }

    /// Files written by more than one source: (file, the sources).
    pub fn conflicts(&self) -> impl Iterator<Item = (&str, Vec<&Served>)> {
        // runs of one file in `served`, which is sorted by file
        self.served
            .chunk_by(|a, b| a.file == b.file)
            .filter(|run| run.len() > 1)
            .map(|run| (run[0].file.as_str(), run.iter().collect::<Vec<_>>()))
    }
}

/// The pages jekyll-archives, jekyll-paginate and jekyll-paginate-v2
/// write, when the site enables them. `written` lists the rendered
/// documents (index, URL, dated in the future).
fn generated_pages(
    site: &Site,
    b: &Builder,
    enabled: &[String],
    written: &[(usize, String, bool)],
    documents: &[Result<DocUrl, NoUrl>],
) -> Vec<Served> {
    use crate::site::plugins;
    let on = |name: &str| enabled.iter().any(|p| p == name);
    let (archives, v1, v2) = (
        on("jekyll-archives"),
        on("jekyll-paginate"),
        on("jekyll-paginate-v2"),
    );
    if !(archives || v1 || v2) {
        return Vec::new();
    }
    let item_of = |i: usize| {
        let doc = &site.documents[i];
        Item {
            rel: doc.rel(),
            data: doc.front.data(),
            markdown: doc.markdown,
            collection: doc.collection,
        }
    };
    // the published posts Jekyll's `site.posts` holds (and other
    // collections' documents, for paginate-v2's `collection`)
    let post_of = |i: usize| {
        let item = item_of(i);
        let from_name = dates::from_filename(b.doc_relative(item.rel))
            .and_then(Result::ok)
            .map(|(d, _)| d);
        let ci = item.collection.unwrap_or(0);
        plugins::Post {
            date: b.date_of(&item, from_name),
            tags: plugins::tags_of(b.value(&item, "tag"), b.value(&item, "tags")),
            categories: b.categories(&item, ci),
            hidden: b
                .value(&item, "hidden")
                .and_then(Node::as_scalar)
                .is_some_and(|s| !matches!(s.value, Value::Null | Value::Bool(false))),
        }
    };
    let in_collection = |ci: usize| -> Vec<plugins::Post> {
        written
            .iter()
            .filter(|(i, _, future)| !future && site.documents[*i].collection == Some(ci))
            .map(|(i, _, _)| post_of(*i))
            .collect()
    };
    let posts = in_collection(0);
    let mut out: Vec<Served> = Vec::new();
    let mut push = |file: String, plugin: &'static str| {
        out.push(Served {
            file,
            source: Source::Plugin(plugin),
            redirect_to: None,
            future: false,
        })
    };
    if archives {
        for f in plugins::archives(site, &posts) {
            push(f, "jekyll-archives");
        }
    }
    // pages: rendered documents outside collections
    let pages: Vec<(&str, usize)> = written
        .iter()
        .filter(|(i, _, _)| site.documents[*i].collection.is_none())
        .map(|(i, _, _)| (site.documents[*i].rel(), *i))
        .collect();
    if v1 {
        for (dir, i) in plugins::paginate_v1(site, &posts, &pages) {
            let item = item_of(i);
            let name = item.rel.rsplit('/').next().unwrap_or(item.rel);
            push(b.page_url_parts(&item, &dir, name).file, "jekyll-paginate");
        }
    }
    if v2 {
        for &(_, i) in &pages {
            let item = item_of(i);
            let Some(cfg) = plugins::paginate_v2_settings(site, b.value(&item, "pagination"))
            else {
                continue;
            };
            let mut count = 0i64;
            for name in &cfg.collections {
                let Some(ci) = site.config.collections.iter().position(|c| &c.name == name) else {
                    continue;
                };
                count += in_collection(ci)
                    .iter()
                    .filter(|p| !p.hidden)
                    .filter(|p| {
                        cfg.category
                            .as_ref()
                            .is_none_or(|c| p.categories.contains(c))
                    })
                    .filter(|p| {
                        cfg.tag
                            .as_ref()
                            .is_none_or(|t| p.tags.iter().any(|x| x.as_ref() == Some(t)))
                    })
                    .count() as i64;
            }
            let first = match b.string_value(&item, "permalink") {
                Some(p) => p,
                None => match &documents[i] {
                    Ok(u) => match u.url.rfind('/') {
                        Some(k) => u.url[..=k].to_string(),
                        None => "/".into(),
                    },
                    Err(_) => continue,
                },
            };
            for f in plugins::paginate_v2_files(&cfg, &first, count) {
                push(f, "jekyll-paginate-v2");
            }
        }
    }
    out
}

/// jekyll-polyglot builds the site once per language: the default one at
/// the root, each other one in its folder (`/es/...`), without the paths
/// of `exclude_from_localization`. In each build, documents whose URLs
/// are the same but for language segments (`/about/`, `/es/about/`) are
/// one: the one in the build's language wins, else the first; a document
/// of another language is not written where one of the default language
/// is; a document with `lang-exclusive` only in those languages. URLs
/// themselves do not change.
fn polyglot(site: &Site, served: Vec<Served>, documents: &[Result<DocUrl, NoUrl>]) -> Vec<Served> {
    let p = crate::site::plugins::Polyglot::of(site);
    let mut all = p.languages.clone();
    if !all.contains(&p.default_lang) {
        all.push(p.default_lang.clone());
    }
    let lang_of = |i: usize| -> String {
        site.value(&site.documents[i], "lang")
            .and_then(Node::scalar_text)
            .map_or_else(|| p.default_lang.clone(), str::to_string)
    };
    let rel_of = |s: &Served| -> Option<&str> {
        match &s.source {
            Source::Document(i) => Some(site.documents[*i].rel()),
            Source::File(j) => Some(site.files[*j].rel.as_str()),
            _ => None,
        }
    };
    let mut out: Vec<Served> = Vec::with_capacity(served.len() * all.len());
    for lang in &all {
        let default = *lang == p.default_lang;
        // (collection or pages, key) -> the language written so far
        let mut file_langs: HashMap<(Option<usize>, String), String> = HashMap::default();
        let mut approved: HashMap<(Option<usize>, String), usize> = HashMap::default();
        let mut kept: Vec<&Served> = Vec::new();
        for s in &served {
            if !default && rel_of(s).is_some_and(|r| p.excluded(r)) {
                continue;
            }
            let Source::Document(i) = &s.source else {
                kept.push(s);
                continue;
            };
            let doc = &site.documents[*i];
            let Ok(u) = &documents[*i] else {
                continue;
            };
            if !doc.is_rendered() || u.file != s.file {
                kept.push(s);
                continue;
            }
            let key = (doc.collection, p.strip_languages(&u.url));
            let doc_lang = lang_of(*i);
            let exclusive = crate::settings::strings(site.value(doc, "lang-exclusive"));
            match file_langs.get(&key) {
                Some(l) if l == lang => continue,
                Some(l) if *l == p.default_lang && doc_lang != *lang => continue,
                _ => {}
            }
            if !exclusive.is_empty() && !exclusive.contains(lang) {
                continue;
            }
            file_langs.insert(key.clone(), doc_lang);
            approved.insert(key, kept.len());
            kept.push(s);
        }
        // a document replaced by a later one of the same key is not written
        let winners: rustc_hash::FxHashSet<usize> = approved.values().copied().collect();
        for (k, s) in kept.into_iter().enumerate() {
            let is_doc = matches!(s.source, Source::Document(i)
                if site.documents[i].is_rendered()
                    && documents[i].as_ref().is_ok_and(|u| u.file == s.file));
            if is_doc && !winners.contains(&k) {
                continue;
            }
            let mut copy = s.clone();
            if !default {
                copy.file = format!("{lang}/{}", s.file);
            }
            out.push(copy);
        }
    }
    out
}

/// Document `i` copied as a static file to `url`: what it serves and its URL.
fn static_document(i: usize, url: String) -> (Served, DocUrl) {
    let file = url[1..].to_string();
    let served = Served {
        file: file.clone(),
        source: Source::Document(i),
        redirect_to: None,
        future: false,
    };
    (served, DocUrl { file, url })
}

/// The URL jekyll-readme-index gives a README page: its folder
/// (`File.dirname(url) + "/"`).
fn readme_index_url(u: &DocUrl) -> DocUrl {
    let trimmed = u.url.trim_end_matches('/');
    let dir = &trimmed[..trimmed.rfind('/').unwrap_or(0)];
    let url = format!("{dir}/");
    let file = format!("{}index.html", &url[1..]);
    DocUrl { url, file }
}

fn plugin_file(file: &str, plugin: &'static str) -> Served {
    Served {
        file: file.to_string(),
        source: Source::Plugin(plugin),
        redirect_to: None,
        future: false,
    }
}

/// Whether jekyll-sass-converter writes `.css.map` files: `sass:
/// sourcemap:` is `always` by default; `development` is taken as off, as
/// GitHub Pages builds in production.
fn sass_source_maps(site: &Site) -> bool {
    let option = site
        .config
        .data
        .as_ref()
        .and_then(|d| d.get("sass"))
        .and_then(|s| s.get("sourcemap"))
        .and_then(|n| n.scalar_text());
    !matches!(option, Some("never" | "development"))
}

/// `redirect_from` as jekyll-redirect-from reads it: a string or a list
/// (nulls dropped).
fn redirect_from(b: &Builder, item: &Item) -> Vec<String> {
    match b.value(item, "redirect_from") {
        Some(n) => match &n.kind {
            NodeKind::Seq(items) => items.iter().filter_map(scalar_string).collect(),
            _ => scalar_string(n).into_iter().collect(),
        },
        None => Vec::new(),
    }
}

/// `redirect_to`: a string, or the first entry of a list.
fn redirect_to(b: &Builder, item: &Item) -> Option<String> {
    let n = b.value(item, "redirect_to")?;
    match &n.kind {
        NodeKind::Seq(items) => items.iter().find_map(scalar_string),
        _ => scalar_string(n),
    }
}

/// The URL a collection document would have as the file `rel` of
/// collection `ci` (for `migrate move`), with its current front matter.
pub fn document_url_at(
    site: &Site,
    doc: &crate::site::Document,
    rel: &str,
    ci: usize,
) -> Result<DocUrl, NoUrl> {
    let b = Builder::new(site, true);
    let item = Item {
        rel,
        data: doc.front.data(),
        markdown: doc.markdown,
        collection: Some(ci),
    };
    b.document_url(&item, ci).map(|(url, _)| url)
}

/// The URL a page would have at `rel` (`document_url_at` for a page).
pub fn page_url_at(site: &Site, doc: &crate::site::Document, rel: &str) -> DocUrl {
    let b = Builder::new(site, true);
    let item = Item {
        rel,
        data: doc.front.data(),
        markdown: doc.markdown,
        collection: None,
    };
    b.page_url(&item)
}

/// The files a server tries for a URL path, in order: `index.html` for a
/// folder; else the file itself, with `.html`, then as a folder.
fn file_candidates(path: &str) -> Vec<String> {
    let rel = path.strip_prefix('/').unwrap_or(path);
    if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![
            rel.to_string(),
            format!("{rel}.html"),
            format!("{rel}/index.html"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::site::{Limits, Site};

    /// Served files are looked up in the sorted list; those with upper case
    /// also by their name in lower case. Ignoring case, the first in file
    /// order wins, as when every file was indexed in lower case.
    #[test]
    fn lookups_by_file_and_ignoring_case() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "<p>x</p>\n").unwrap();
        };
        std::fs::write(dir.path().join("_config.yml"), "title: t\n").unwrap();
        for rel in [
            "Team/x.html",
            "team/x.html",
            "Other/Page.html",
            "docs/a.html",
        ] {
            write(rel);
        }
        let site = Site::load(dir.path(), Limits::default()).unwrap();
        let index = site.urls();
        let file = |s: Option<&super::Served>| s.map(|s| s.file.clone());
        assert_eq!(
            file(index.resolve("/team/x.html")).as_deref(),
            Some("team/x.html")
        );
        assert_eq!(
            file(index.resolve("/Team/x.html")).as_deref(),
            Some("Team/x.html")
        );
        assert_eq!(file(index.resolve("/team/X.html")), None);
        assert_eq!(
            file(index.resolve_ignoring_case("/TEAM/x.html")).as_deref(),
            Some("Team/x.html")
        );
        assert_eq!(
            file(index.resolve_ignoring_case("/other/page.html")).as_deref(),
            Some("Other/Page.html")
        );
        assert_eq!(
            file(index.resolve_ignoring_case("/Docs/A")).as_deref(),
            Some("docs/a.html")
        );
        assert_eq!(index.claims("/docs/a.html").len(), 1);
        assert_eq!(index.conflicts().count(), 0);
    }

    /// A name whose hash another name took first is found all the same.
    #[test]
    fn names_whose_hash_is_taken_are_found() {
        let served = |file: &str, j| super::Served {
            file: file.into(),
            source: super::Source::File(j),
            redirect_to: None,
            future: false,
        };
        let mut index = super::UrlIndex {
            served: vec![
                served("a.html", 0),
                served("b.html", 1),
                served("b.html", 2),
            ],
            ..Default::default()
        };
        // as though `a.html` had the hash of `b.html`
        index.by_hash.insert(super::name_hash("b.html"), 0);
        assert!(index.resolve("/b.html").is_none());
        index.by_name_rest.insert("b.html".into(), 1);
        assert_eq!(
            index.resolve("/b.html").map(|s| &s.source),
            Some(&super::Source::File(1))
        );
        assert_eq!(index.claims("/b.html").len(), 2);
        assert!(
            index.resolve("/a.html").is_none(),
            "`a.html` is under another hash"
        );
    }
}
