//! The subset of `_config.yml` that Jekyll uses to decide what a site
//! serves, read with spans so that problems in it point at the source.
//!
//! Jekyll tolerates a key written twice (Psych keeps the last value); so does
//! sitelint, and the `CFG` checks report it.

use std::path::Path;
use std::sync::Arc;

use crate::text::source::SourceFile;
use crate::text::yaml::{self, Limits, Node, YamlError};

/// A collection as configured, `posts` included.
#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    pub name: String,
    /// Folder relative to the site root, e.g. `_news` or `my_dir/_news`.
    pub dir: String,
    pub output: bool,
    /// The collection's own permalink pattern, if configured.
    pub permalink: Option<String>,
}

/// One entry of `defaults`.
#[derive(Clone, Debug)]
pub struct Default {
    /// `scope.path`, relative to the site root, `""` for everything.
    pub path: String,
    /// `scope.type`: a collection name, `pages`, or `posts`.
    pub kind: Option<String>,
    pub values: Node,
}

#[derive(Debug)]
pub struct Config {
    /// `_config.yml` as read; `None` when the site has none.
    pub file: Option<Arc<SourceFile>>,
    /// The parsed top-level mapping (or whatever else the file holds).
    pub data: Option<Node>,
    /// A YAML syntax error in the file.
    pub error: Option<YamlError>,
    pub collections: Vec<Collection>,
    pub collections_dir: String,
    /// The site-wide permalink style or pattern, as written.
    pub permalink: String,
    pub defaults: Vec<Default>,
    /// `defaults` by scope path, built on first use (see
    /// [`Config::defaults_for`]).
    defaults_index: std::sync::OnceLock<DefaultsIndex>,
    pub exclude: Vec<String>,
    pub include: Vec<String>,
    pub baseurl: String,
    pub url: String,
    pub markdown_ext: Vec<String>,
}

/// `defaults` entries grouped by scope path (see [`Config::defaults_for`]).
#[derive(Debug, Default)]
struct DefaultsIndex {
    /// Plain scope paths, as [`path_matches`] compares them.
    by_path: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// Globs by the text before their first wildcard, which the start of
    /// a path must equal for the glob to match it.
    by_glob_prefix: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// Entries for every path (no scope path).
    always: Vec<usize>,
    /// The answer of [`Config::defaults_for`] for each path asked about:
    /// every document asks once for each key it reads.
    memo: std::sync::Mutex<rustc_hash::FxHashMap<String, Arc<[usize]>>>,
}

impl DefaultsIndex {
    /// The entries for every path and those scoped to `folder` or a folder
    /// above it (plain scope paths only; the site's top folder, `""`, only
    /// the entries for every path cover).
    fn scoped(&self, folder: &str) -> Arc<[usize]> {
        let mut out = self.always.clone();
        if !folder.is_empty() {
            let ends = folder
                .match_indices('/')
                .map(|(i, _)| i)
                .chain(std::iter::once(folder.len()));
            for end in ends {
                if let Some(v) = self.by_path.get(&folder[..end]) {
                    out.extend_from_slice(v);
                }
            }
        }
        out.sort_unstable();
        out.into()
    }

    fn new(defaults: &[Default]) -> DefaultsIndex {
        let mut index = DefaultsIndex::default();
        for (i, d) in defaults.iter().enumerate() {
            if d.path.is_empty() {
                index.always.push(i);
                continue;
            }
            // the normalisation `path_matches` applies to a pattern
            let mut key = d.path.as_str();
            while let Some(rest) = key.strip_prefix("./") {
                key = rest;
            }
            let key = key.trim_end_matches('/');
            if let Some(wild) = key.find(['*', '?']) {
                let literal = &key[..wild];
                index
                    .by_glob_prefix
                    .entry(literal.to_string())
                    .or_default()
                    .push(i);
            } else if !key.is_empty() {
                // (a path of only `./` matches nothing)
                index.by_path.entry(key.to_string()).or_default().push(i);
            }
        }
        index
    }
}

/// Excluded by Jekyll 4 whatever the configuration says.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

impl Config {
    /// The configuration Jekyll uses when `_config.yml` is empty.
    pub fn empty() -> Config {
        Config {
            file: None,
            data: None,
            error: None,
            collections: vec![posts_collection("", None)],
            collections_dir: String::new(),
            permalink: "date".into(),
            defaults: Vec::new(),
            defaults_index: std::sync::OnceLock::new(),
            exclude: Vec::new(),
            include: vec![".htaccess".into()],
            baseurl: String::new(),
            url: String::new(),
            markdown_ext: "markdown,mkdown,mkdn,mkd,md"
                .split(',')
                .map(String::from)
                .collect(),
        }
    }

    /// Read `_config.yml` in `root`. I/O errors are returned; YAML problems
    /// are kept in the result for the `CFG` checks to report.
    pub fn load(root: &Path) -> std::io::Result<Config> {
        let path = root.join("_config.yml");
        let bytes = crate::inside::read(root, &path)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let file = Arc::new(SourceFile::new("_config.yml", path, text));
        Ok(Config::from_source(file))
    }

    pub fn from_source(file: Arc<SourceFile>) -> Config {
        let mut config = Config::empty();
        let start = if file.has_bom() { 3 } else { 0 };
        match yaml::parse(&file.text, start..file.text.len(), Limits::default()) {
            Ok(data) => config.data = data,
            Err(e) => config.error = Some(e),
        }
        config.file = Some(file);
        if let Some(data) = config.data.as_ref().filter(|d| d.as_map().is_some()) {
            config.apply(data.clone());
        }
        config
    }

    fn apply(&mut self, data: Node) {
        let str_of = |key: &str| {
            data.get(key)
                .and_then(|n| n.scalar_text())
                .map(str::to_string)
        };
        if let Some(dir) = str_of("collections_dir") {
            // as Jekyll's `in_source_dir`: `../x` is `x` inside the site
            self.collections_dir = crate::inside::in_site(&dir);
        }
        if let Some(p) = str_of("permalink") {
            self.permalink = p;
        }
        if let Some(b) = str_of("baseurl") {
            self.baseurl = b.trim_end_matches('/').to_string();
        }
        if let Some(u) = str_of("url") {
            self.url = u.trim_end_matches('/').to_string();
        }
        if let Some(ext) = str_of("markdown_ext") {
            self.markdown_ext = ext
                .split(',')
                .map(|s| s.trim().to_ascii_lowercase())
                .collect();
        }
        self.exclude = crate::settings::strings(data.get("exclude"));
        let include = crate::settings::strings(data.get("include"));
        if data.get("include").is_some() {
            self.include = include;
        }
        let prefix = if self.collections_dir.is_empty() {
            String::new()
        } else {
            format!("{}/", self.collections_dir)
        };
        let mut collections = Vec::new();
        let mut posts = None;
        match data.get("collections").map(|n| &n.kind) {
            Some(yaml::NodeKind::Map(entries)) => {
                for e in entries {
                    let Some(name) = e.key.scalar_text() else {
                        continue;
                    };
                    let output = e
                        .value
                        .get("output")
                        .and_then(|n| n.as_scalar())
                        .is_some_and(|s| s.value == yaml::Value::Bool(true));
                    let permalink = e
                        .value
                        .get("permalink")
                        .and_then(|n| n.scalar_text())
                        .map(String::from);
                    if name == "posts" {
                        posts = permalink;
                        continue;
                    }
                    collections.retain(|c: &Collection| c.name != name);
                    collections.push(Collection {
                        name: name.to_string(),
                        dir: collection_dir(&prefix, name),
                        output,
                        permalink,
                    });
                }
            }
            Some(yaml::NodeKind::Seq(items)) => {
                for name in items.iter().filter_map(|n| n.scalar_text()) {
                    if name != "posts" {
                        collections.push(Collection {
                            name: name.to_string(),
                            dir: collection_dir(&prefix, name),
                            output: false,
                            permalink: None,
                        });
                    }
                }
            }
            _ => {}
        }
        collections.insert(0, posts_collection(&prefix, posts));
        self.collections = collections;

        if let Some(list) = data.get("defaults").and_then(|n| n.as_seq()) {
            for item in list {
                let Some(values) = item.get("values") else {
                    continue;
                };
                let scope = item.get("scope");
                let path = scope
                    .and_then(|s| s.get("path"))
                    .and_then(|n| n.scalar_text())
                    .unwrap_or("")
                    .trim_matches('/')
                    .to_string();
                let kind = scope
                    .and_then(|s| s.get("type"))
                    .and_then(|n| n.scalar_text())
                    .map(String::from);
                self.defaults.push(Default {
                    path,
                    kind,
                    values: values.clone(),
                });
            }
        }
    }

    /// The indices (in file order) of the `defaults` entries whose scope
    /// path matches `rel` (an entry without one matches every path). Those
    /// scoped to `rel` or a folder above it, and the globs whose text before
    /// the first wildcard starts `rel`, are found by lookup, once for each
    /// path: a site with thousands of entries costs each document the
    /// entries that can apply to it, not all of them for every key it reads.
    pub fn defaults_for(&self, rel: &str) -> Arc<[usize]> {
        let index = self
            .defaults_index
            .get_or_init(|| DefaultsIndex::new(&self.defaults));
        // a poisoned lock only means another thread panicked: the map
        // itself is whole
        let memo = || {
            index
                .memo
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        // Without globs, a path's entries are its folder's and those scoped
        // to the path itself: the memo holds one answer per folder, not
        // one per document (79 bytes per document, measured at 10,000).
        if index.by_glob_prefix.is_empty() {
            let folder = rel.rfind('/').map_or("", |slash| &rel[..slash]);
            let found = memo().get(folder).map(Arc::clone);
            let of_folder = found.unwrap_or_else(|| {
                let out = index.scoped(folder);
                memo().insert(folder.to_string(), Arc::clone(&out));
                out
            });
            return match index.by_path.get(rel) {
                Some(own) => {
                    let mut out = of_folder.to_vec();
                    out.extend_from_slice(own);
                    out.sort_unstable();
                    out.into()
                }
                None => of_folder,
            };
        }
        if let Some(found) = memo().get(rel) {
            return Arc::clone(found);
        }
        let mut out: Vec<usize> = index.always.clone();
        let ends = rel
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(rel.len()));
        // (most sites scope their defaults by plain paths or not at all)
        let (globs, paths) = (!index.by_glob_prefix.is_empty(), !index.by_path.is_empty());
        for end in ends.filter(|_| globs || paths) {
            let prefix = &rel[..end];
            if globs && let Some(globs) = index.by_glob_prefix.get(prefix) {
                out.extend(
                    globs
                        .iter()
                        .filter(|&&i| path_matches(&self.defaults[i].path, rel)),
                );
            }
            if paths
                && (end == rel.len() || rel.as_bytes()[end] == b'/')
                && let Some(v) = index.by_path.get(prefix)
            {
                out.extend_from_slice(v);
            }
        }
        out.sort_unstable();
        let out: Arc<[usize]> = out.into();
        memo().insert(rel.to_string(), Arc::clone(&out));
        out
    }

    /// The collection whose folder holds `rel`, if any.
    pub fn collection_of(&self, rel: &str) -> Option<usize> {
        self.collections.iter().position(|c| {
            rel.strip_prefix(c.dir.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
                || (c.name == "posts" && (rel.contains("/_posts/")))
        })
    }

    /// Whether Jekyll's `exclude` (with its defaults) covers `rel`, and
    /// `include` does not bring it back.
    pub fn excluded(&self, rel: &str) -> bool {
        self.exclude
            .iter()
            .map(String::as_str)
            .chain(DEFAULT_EXCLUDES.iter().copied())
            .any(|p| excludes(p, rel))
    }

    pub fn included(&self, rel: &str) -> bool {
        self.include.iter().any(|p| path_matches(p, rel))
    }

    pub fn is_markdown(&self, rel: &str) -> bool {
        let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        ext.is_some_and(|e| self.markdown_ext.contains(&e))
    }
}

/// A collection's folder as Jekyll's `in_source_dir` finds it: `_NAME`
/// under `collections_dir`, where `..` in the name never climbs above it.
fn collection_dir(prefix: &str, name: &str) -> String {
    format!("{prefix}{}", crate::inside::in_site(&format!("_{name}")))
}

fn posts_collection(prefix: &str, permalink: Option<String>) -> Collection {
    Collection {
        name: "posts".into(),
        dir: format!("{prefix}_posts"),
        output: true,
        permalink,
    }
}

/// `exclude` (with Jekyll's defaults) and `include` prepared for many
/// paths: what [`Config::excluded`] and [`Config::included`] answer, with
/// each pattern read once instead of on every call (the walk asks about
/// every file and folder of the site). Made from the configuration as it
/// is; later changes to it are not seen.
pub struct PathFilter<'a> {
    exclude: Vec<Pattern<'a>>,
    include: Vec<Pattern<'a>>,
}

impl<'a> PathFilter<'a> {
    pub fn new(config: &'a Config) -> PathFilter<'a> {
        PathFilter {
            exclude: config
                .exclude
                .iter()
                .map(String::as_str)
                .chain(DEFAULT_EXCLUDES.iter().copied())
                .map(Pattern::new)
                .collect(),
            include: config
                .include
                .iter()
                .map(String::as_str)
                .map(Pattern::new)
                .collect(),
        }
    }

    /// [`Config::excluded`].
    pub fn excluded(&self, rel: &str) -> bool {
        self.exclude.iter().any(|p| p.excludes(rel))
    }

    /// [`Config::included`].
    pub fn included(&self, rel: &str) -> bool {
        self.include.iter().any(|p| p.matches(rel))
    }
}

/// An `exclude` or `include` entry, read: Jekyll's matching (see
/// [`path_matches`] and [`excludes`]).
struct Pattern<'a> {
    /// Without leading `./` and trailing `/`.
    path: &'a str,
    /// It has `*` or `?`: a shell glob.
    glob: bool,
    /// As an `exclude` entry, also a plain prefix of the path: Jekyll's
    /// `EntryFilter#glob_include?` takes a pattern without a glob that way
    /// (`exclude: [ja]` leaves out `javascripts/` too, `docs` leaves out
    /// `docsx.txt` but not `documents/`); a pattern ending in `/` names a
    /// folder only.
    prefix: bool,
}

impl<'a> Pattern<'a> {
    fn new(pattern: &'a str) -> Pattern<'a> {
        // (`strip_prefix` in a loop: `trim_start_matches` with a string
        // builds a substring searcher on every call)
        let mut stripped = pattern;
        while let Some(rest) = stripped.strip_prefix("./") {
            stripped = rest;
        }
        let path = stripped.trim_end_matches('/');
        Pattern {
            path,
            glob: path.bytes().any(|b| b == b'*' || b == b'?'),
            prefix: !stripped.is_empty()
                && !stripped.ends_with('/')
                && !stripped
                    .bytes()
                    .any(|b| b == b'*' || b == b'?' || b == b'[' || b == b'{'),
        }
    }

    /// The pattern names the path or one of its parent folders, or
    /// matches it as a shell glob.
    fn matches(&self, rel: &str) -> bool {
        let pattern = self.path;
        if pattern.is_empty() {
            return false;
        }
        if rel == pattern
            || rel.starts_with(pattern) && rel.as_bytes().get(pattern.len()) == Some(&b'/')
        {
            return true;
        }
        self.glob && glob_or_folder(pattern, rel)
    }

    /// As an `exclude` entry, it leaves out `rel`.
    fn excludes(&self, rel: &str) -> bool {
        self.matches(rel) || self.prefix && rel.starts_with(self.path)
    }
}

/// Whether the `exclude` entry `pattern` leaves out `rel`.
pub fn excludes(pattern: &str, rel: &str) -> bool {
    Pattern::new(pattern).excludes(rel)
}

/// Jekyll's exclude/include matching: the pattern names the path or one of
/// its parent folders, or matches it as a shell glob (`*`, `?`).
pub fn path_matches(pattern: &str, rel: &str) -> bool {
    Pattern::new(pattern).matches(rel)
}

/// Whether the glob `pattern` matches `rel` or any of its prefixes (a
/// folder).
fn glob_or_folder(pattern: &str, rel: &str) -> bool {
    let mut end = 0;
    for (i, c) in rel.char_indices() {
        if c == '/' && glob(pattern, &rel[..i]) {
            return true;
        }
        end = i + c.len_utf8();
    }
    glob(pattern, &rel[..end])
}

fn glob(pattern: &str, s: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = s.chars().collect();
    let (mut pi, mut si, mut star, mut mark) = (0, 0, None, 0);
    while si < s.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = si;
            pi += 1;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(src: &str) -> Config {
        Config::from_source(Arc::new(SourceFile::new(
            "_config.yml",
            "_config.yml",
            src.to_string(),
        )))
    }

    #[test]
    fn defaults_index_finds_what_a_scan_finds() {
        let c = config(
            "defaults:\n  - scope: {path: \"\"}\n    values: {a: 1}\n  - scope: {path: \"_news\"}\n    values: {a: 2}\n  - scope: {path: \"./_news/2020/\"}\n    values: {a: 3}\n  - scope: {path: \"_n*\"}\n    values: {a: 4}\n  - scope: {path: \"./\"}\n    values: {a: 5}\n  - scope: {path: \"_news/a.md\"}\n    values: {a: 6}\n  - values: {a: 7}\n  - scope: {path: \"_new\"}\n    values: {a: 8}\n  - scope: {path: \"*/2020\"}\n    values: {a: 9}\n  - scope: {path: \"_news/*.md\"}\n    values: {a: 10}\n  - scope: {path: \"./_ne?s/\"}\n    values: {a: 11}\n",
        );
        for rel in [
            "_news/a.md",
            "_news/2020/b.md",
            "_newsletter/x.md",
            "index.md",
            "_new/x.md",
            "_news",
        ] {
            let scan: Vec<usize> = (0..c.defaults.len())
                .filter(|&i| {
                    let p = &c.defaults[i].path;
                    p.is_empty() || path_matches(p, rel)
                })
                .collect();
            assert_eq!(&*c.defaults_for(rel), scan.as_slice(), "{rel}");
            // asked again, from the memo
            assert_eq!(&*c.defaults_for(rel), scan.as_slice(), "{rel}");
        }
        assert_eq!(&*c.defaults_for("_news/a.md"), &[0, 1, 3, 5, 6, 9, 10]);
        assert_eq!(
            &*c.defaults_for("_news/2020/b.md"),
            &[0, 1, 2, 3, 6, 8, 9, 10]
        );
    }

    #[test]
    fn reads_collections_defaults_and_last_permalink() {
        let c = config(
            "permalink: /:year/:title\ncollections:\n  news:\n    output: true\n    permalink: /news/:title/\n  drafts_x: {}\npermalink: pretty\ndefaults:\n  - scope: {path: \"_news\", type: news}\n    values: {layout: news}\n",
        );
        assert_eq!(c.permalink, "pretty");
        let names: Vec<_> = c.collections.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["posts", "news", "drafts_x"]);
        assert!(c.collections[1].output);
        assert!(!c.collections[2].output);
        assert_eq!(c.defaults[0].path, "_news");
        assert_eq!(c.collection_of("_news/a.md"), Some(1));
        assert_eq!(c.collection_of("blog/_posts/2020-01-01-a.md"), Some(0));
        assert_eq!(c.collection_of("news/a.md"), None);
    }

    #[test]
    fn collections_dir_and_list_form() {
        let c = config("collections_dir: my\ncollections: [a]\n");
        assert_eq!(c.collections[0].dir, "my/_posts");
        assert_eq!(c.collections[1].dir, "my/_a");
    }

    #[test]
    fn exclude_patterns() {
        let c = config("exclude: [docs, \"*.txt\", scripts/]\n");
        assert!(c.excluded("docs/a.md"));
        assert!(c.excluded("a.txt"));
        assert!(c.excluded("scripts"));
        assert!(c.excluded("node_modules/x/y.md"));
        assert!(c.excluded("Gemfile"));
        assert!(!c.excluded("documents/a.md"));
        // a plain prefix, as Jekyll 4.3 matches it (checked with a build)
        assert!(c.excluded("docsx.md"));
        assert!(!c.excluded("scriptsx.md"));
    }

    proptest::proptest! {
        /// `defaults_for` (by folder without globs, by path with them)
        /// finds what a scan of every entry with `path_matches` finds.
        #[test]
        fn defaults_index_agrees_with_a_scan(
            scopes in proptest::collection::vec("(\\./){0,1}[ab/]{0,5}[*]{0,1}", 0..6),
            rels in proptest::collection::vec("[ab/.]{1,8}", 1..8),
        ) {
            let mut yaml = String::from("defaults:\n");
            for scope in &scopes {
                yaml.push_str(&format!("  - scope: {{path: \"{scope}\"}}\n    values: {{a: 1}}\n"));
            }
            let c = config(&yaml);
            for rel in &rels {
                let scan: Vec<usize> = (0..c.defaults.len())
                    .filter(|&i| {
                        let p = &c.defaults[i].path;
                        p.is_empty() || path_matches(p, rel)
                    })
                    .collect();
                proptest::prop_assert_eq!(&*c.defaults_for(rel), scan.as_slice(), "{}", rel);
                proptest::prop_assert_eq!(&*c.defaults_for(rel), scan.as_slice(), "{}", rel);
            }
        }

        /// The prepared filter answers what the configuration answers, for
        /// patterns with `./`, trailing `/`, globs and brackets.
        #[test]
        fn path_filter_agrees_with_the_configuration(
            exclude in proptest::collection::vec("(\\./){0,2}[ab*?/\\[{]{0,5}", 0..4),
            include in proptest::collection::vec("(\\./){0,1}[ab*?/]{0,4}", 0..3),
            rels in proptest::collection::vec("[ab/.]{1,8}", 1..8),
        ) {
            let mut c = config("");
            c.exclude = exclude;
            c.include = include;
            let filter = PathFilter::new(&c);
            for rel in rels.iter().map(String::as_str).chain(["Gemfile", "node_modules/a"]) {
                proptest::prop_assert_eq!(filter.excluded(rel), c.excluded(rel), "{}", rel);
                proptest::prop_assert_eq!(filter.included(rel), c.included(rel), "{}", rel);
            }
        }
    }

    #[test]
    fn broken_config_keeps_defaults() {
        let c = config("title: [unclosed\n");
        assert!(c.error.is_some());
        assert_eq!(c.permalink, "date");
    }
}
