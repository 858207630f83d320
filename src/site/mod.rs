//! The site model: configuration, every document Jekyll would process,
//! parsed once (in parallel), and the static files beside them.

pub mod anchors;
pub mod dates;
pub mod document;
pub mod layouts;
pub mod permalink;
pub mod plugins;
pub mod targets;
pub mod urls;
pub mod walk;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::settings::Settings;
use crate::text::yaml::Node;
pub use document::{Document, FileStat, Limits};

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// sitelint's own settings (`.sitelint.yml` or `sitelint:` in the config).
    pub settings: Settings,
    /// Markdown and HTML documents and pages, sorted by path.
    pub documents: Vec<Document>,
    /// Every other file Jekyll would copy or render, sorted by path.
    pub files: Vec<walk::Entry>,
    /// Symbolic links that were not followed, with the reason.
    pub symlinks: Vec<(String, &'static str)>,
    pub unreadable_dirs: Vec<(String, String)>,
    /// Named pipes, sockets and devices in the site: never opened.
    pub special_files: Vec<String>,
    /// Every URL the built site serves, built on first use.
    url_index: std::sync::OnceLock<urls::UrlIndex>,
    /// The alt text field of each layout (see [`layouts::alt_fields`]),
    /// read on first use.
    layout_alt: std::sync::OnceLock<rustc_hash::FxHashMap<String, String>>,
    /// Ids the layouts and includes add to pages, read once.
    pub(crate) anchors: anchors::Memo,
    /// GitHub Pages' default plugins the site runs.
    pub default_plugins: plugins::DefaultPlugins,
    /// When its files were read (nanoseconds since the epoch; 0 before).
    pub read_at: i64,
}

static PROGRESS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Show a progress bar on stderr while loading large sites (set by the
/// command line when stderr is a terminal; never in CI or piped output).
pub fn set_progress(on: bool) {
    PROGRESS.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `rel` is one of `only` (paths relative to the root,
/// `/`-separated) or inside one of them; any path when `only` is empty.
pub fn covers(only: &[String], rel: &str) -> bool {
    only.is_empty()
        || only.iter().any(|p| {
            rel == p || (rel.starts_with(p.as_str()) && rel.as_bytes().get(p.len()) == Some(&b'/'))
        })
}

/// The front matter of a document an earlier run parsed from the same file,
/// and the stat it was kept with
/// (see [`Site::read_files_known`]).
pub type Known<'a> =
    dyn Fn(&walk::Entry) -> Option<(crate::text::front_matter::FrontMatter, FileStat)> + Sync + 'a;

/// Document texts that replace what is on disk, by relative path.
pub type Overlay = std::collections::HashMap<String, String>;

/// Why a site could not be loaded at all (exit code 2).
#[derive(Debug)]
pub enum LoadError {
    NoConfig(PathBuf),
    Io(PathBuf, std::io::Error),
    /// `.sitelint.yml` is not valid YAML.
    Settings(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NoConfig(p) => write!(
                f,
                "no `_config.yml` in `{}` or any folder above it: sitelint needs the root of a Jekyll site",
                p.display()
            ),
            LoadError::Io(p, e) => write!(f, "cannot read `{}`: {e}", p.display()),
            LoadError::Settings(m) => write!(f, "invalid sitelint settings: {m}"),
        }
    }
}

/// The nearest folder at or above `start` holding `_config.yml`.
pub fn find_root(start: &Path) -> Result<PathBuf, LoadError> {
    let start_dir = if start.is_file() {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        start.to_path_buf()
    };
    // a bare file name (`index.md`, as pre-commit passes it) is in `.`
    let start_dir = if start_dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start_dir
    };
    let absolute =
        std::path::absolute(&start_dir).map_err(|e| LoadError::Io(start.to_path_buf(), e))?;
    let mut dir = Some(start_dir.as_path());
    let mut abs = Some(absolute.as_path());
    while let Some(a) = abs {
        if a.join("_config.yml").is_file() {
            // keep the user's spelling of the path where we can
            return Ok(match dir {
                Some(d) if d.join("_config.yml").is_file() => {
                    if d.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        d.to_path_buf()
                    }
                }
                _ => a.to_path_buf(),
            });
        }
        abs = a.parent();
        // `.` and `..` have no spelled parent: go on with the absolute path
        dir = dir.and_then(|d| match d.components().next_back() {
            Some(std::path::Component::Normal(_)) => d.parent(),
            _ => None,
        });
    }
    Err(LoadError::NoConfig(start.to_path_buf()))
}

impl Site {
    /// Read the site at `root`: configuration, walk, then every document in
    /// parallel.
    pub fn load(root: &Path, limits: Limits) -> Result<Site, LoadError> {
        Site::load_with(root, limits, &Overlay::new())
    }

    /// Like [`Site::load`], with the text of some documents (by relative
    /// path) taken from `overlay` instead of the disk: `sitelint fix`
    /// re-checks its edits this way before writing anything.
    pub fn load_with(root: &Path, limits: Limits, overlay: &Overlay) -> Result<Site, LoadError> {
        let mut site = Site::configure(root)?;
        let files = site.read_files(limits, overlay);
        site.set_files(files);
        Ok(site)
    }

    /// The site's configuration and settings, before any of its files is
    /// read: work that needs only these (compiling the language rules,
    /// reading the CMS configuration) can run while [`Site::read_files`]
    /// reads.
    pub fn configure(root: &Path) -> Result<Site, LoadError> {
        let config = match Config::load(root) {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(LoadError::NoConfig(root.to_path_buf()));
            }
            Err(e) => return Err(LoadError::Io(root.join("_config.yml"), e)),
        };
        let settings = Settings::load(root, &config)
            .map_err(|e| LoadError::Io(root.join(crate::settings::FILE_NAME), e))?;
        Site::from_settings(root, config, settings)
    }

    /// A site with this configuration and these settings and no files yet
    /// (what [`Site::configure`] reads), or the settings' error.
    pub fn from_settings(
        root: &Path,
        config: Config,
        settings: Settings,
    ) -> Result<Site, LoadError> {
        if let (Some(e), Some(file)) = (&settings.error, &settings.file) {
            let (line, col) = file.line_col(e.offset);
            // (the message quotes the site's keys: escaped for the terminal)
            return Err(LoadError::Settings(format!(
                "{}:{line}:{col}: {}",
                file.path.display(),
                crate::report::escape::text(&e.message)
            )));
        }
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            settings,
            documents: Vec::new(),
            files: Vec::new(),
            symlinks: Vec::new(),
            unreadable_dirs: Vec::new(),
            special_files: Vec::new(),
            url_index: std::sync::OnceLock::new(),
            layout_alt: std::sync::OnceLock::new(),
            anchors: anchors::Memo::default(),
            default_plugins: plugins::DefaultPlugins::default(),
            read_at: 0,
        };
        site.default_plugins = plugins::DefaultPlugins::of(&site);
        Ok(site)
    }

    /// Walk the site and read every document (in parallel, as the walk
    /// finds them); [`Site::set_files`] puts the result in place.
    pub fn read_files(&self, limits: Limits, overlay: &Overlay) -> Files {
        self.read_files_known(limits, overlay, None)
    }

    /// [`Site::read_files`], taking from `known` the front matter of the
    /// documents it knows (an earlier run's, of the same file: see
    /// `cache::Facts`) instead of reading them; those have no text (see
    /// [`Document::known`]).
    pub fn read_files_known(
        &self,
        limits: Limits,
        overlay: &Overlay,
        known: Option<&Known>,
    ) -> Files {
        let (root, config) = (self.root.as_path(), &self.config);
        // Documents are read (in parallel) as the walk finds them; the walk
        // reads folders only: a document's size comes from reading it, an
        // image's from the check that needs it.
        let read_at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        let progress = PROGRESS.load(std::sync::atomic::Ordering::Relaxed);
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} reading {pos}/{len} documents {wide_bar} {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        // shown once the site proves large
        let bar = indicatif::ProgressBar::hidden().with_style(style);
        let read: std::sync::Mutex<Vec<Document>> = std::sync::Mutex::new(Vec::new());
        // text kept so far (see `Limits::text_kept`)
        let kept = std::sync::atomic::AtomicUsize::new(0);
        let headers: std::sync::Mutex<std::collections::HashSet<String>> = Default::default();
        let walk = crate::timings::phase("walk and read", || {
            rayon::scope(|scope| {
                let mut count = 0usize;
                walk::walk_with(root, config, &mut |entry| {
                    if !document::is_document_candidate(config, entry) {
                        // Jekyll renders a file with a front matter header
                        let (path, rel) = (entry.path.clone(), entry.rel.clone());
                        let headers = &headers;
                        scope.spawn(move |_| {
                            if walk::starts_with_header(&path) {
                                headers
                                    .lock()
                                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                                    .insert(rel);
                            }
                        });
                        return;
                    }
                    count += 1;
                    bar.inc_length(1);
                    if progress && count == 2000 {
                        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    }
                    let entry = entry.clone();
                    let (read, bar, kept) = (&read, &bar, &kept);
                    scope.spawn(move |_| {
                        let mut doc = match overlay.get(&entry.rel) {
                            Some(text) => Document::from_text(config, entry, text.clone(), limits),
                            None => match known.and_then(|k| k(&entry)) {
                                Some((front, stat)) => Document::known(config, entry, front, stat),
                                None => Document::load(config, entry, limits),
                            },
                        };
                        if limits.text_kept != usize::MAX {
                            let len = doc.file.text.len();
                            let before = kept.fetch_add(len, std::sync::atomic::Ordering::Relaxed);
                            if before.saturating_add(len) > limits.text_kept {
                                doc.drop_text();
                            }
                        }
                        read.lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push(doc);
                        bar.inc(1);
                    });
                })
            })
        });
        bar.finish_and_clear();
        let mut documents = read
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if known.is_some() {
            let n = documents.iter().filter(|d| d.text_dropped()).count();
            crate::timings::count("documents known", n);
            crate::timings::count("documents read", documents.len() - n);
        }
        // the walk's order (by path), whatever order the reads finished in
        documents.sort_unstable_by(|a, b| a.rel().cmp(b.rel()));
        // (pushed one by one: up to twice the room they need)
        documents.shrink_to_fit();
        let headers = headers
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let files: Vec<walk::Entry> = walk
            .entries
            .into_iter()
            .filter(|e| !document::is_document_candidate(config, e))
            .map(|mut e| {
                e.header = headers.contains(&e.rel);
                e
            })
            .collect();
        // (collected in place: the room of every entry walked, documents
        // included)
        let mut files = files;
        files.shrink_to_fit();
        Files {
            read_at,
            documents,
            files,
            symlinks: walk.symlinks,
            unreadable_dirs: walk.unreadable,
            special_files: walk.special,
        }
    }

    /// Read again the documents `which` accepts whose text was not read
    /// (see [`Document::known`]) or dropped: the work that follows needs
    /// their text. (Their front matter is parsed again from what the file
    /// holds now.)
    pub fn restore_texts(&mut self, which: &(dyn Fn(&str) -> bool + Sync)) {
        use rayon::prelude::*;
        let config = &self.config;
        self.documents
            .par_iter_mut()
            .filter(|d| d.text_dropped() && which(d.rel()))
            .for_each(|d| *d = d.read_again(config, None));
    }

    /// Forget the URL index, to be built again on next use: for a caller
    /// that replaced a document in [`Site::documents`] with one whose front
    /// matter differs (the language server, after an edit).
    pub fn reset_urls(&mut self) {
        self.url_index = std::sync::OnceLock::new();
    }

    /// Put what [`Site::read_files`] read in place.
    pub fn set_files(&mut self, files: Files) {
        self.documents = files.documents;
        self.files = files.files;
        self.symlinks = files.symlinks;
        self.unreadable_dirs = files.unreadable_dirs;
        self.special_files = files.special_files;
        self.read_at = files.read_at;
        self.url_index = std::sync::OnceLock::new();
        self.plugin_pages();
    }

    /// Mark the pages GitHub Pages' plugins make of Markdown files without
    /// front matter: jekyll-optional-front-matter's (any such file outside
    /// `_posts`, but a README, LICENSE and the like), then
    /// jekyll-readme-index's (a README, where its folder has no index).
    fn plugin_pages(&mut self) {
        use document::PluginPage;
        let dp = self.default_plugins.clone();
        if dp.optional_front_matter {
            for i in 0..self.documents.len() {
                let d = &self.documents[i];
                if d.markdown
                    && !d.has_front_matter()
                    && d.unchecked.is_none()
                    && d.collection != Some(0)
                    && plugins::optional_front_matter_page(self, d.rel())
                {
                    self.documents[i].plugin_page = Some(PluginPage::OptionalFrontMatter);
                }
            }
        }
        if !dp.readme_index {
            return;
        }
        // (static READMEs in path order, as Jekyll sorts its static files)
        let readmes: Vec<usize> = (0..self.documents.len())
            .filter(|&i| {
                let d = &self.documents[i];
                d.markdown
                    && d.unchecked.is_none()
                    && d.collection.is_none()
                    && d.plugin_page.is_none()
                    && plugins::is_readme(self, d.rel())
                    && (!d.has_front_matter()
                        || (dp.readme_with_front_matter && d.collection.is_none()))
            })
            .collect();
        if readmes.is_empty() {
            return;
        }
        let index = urls::UrlIndex::build(self);
        // the URLs of the pages and static files (those of collections
        // included), as the plugin compares them
        let mut known: rustc_hash::FxHashSet<String> = Default::default();
        for (i, d) in self.documents.iter().enumerate() {
            if d.collection.is_some() && d.has_front_matter() {
                continue;
            }
            if let Some(Ok(u)) = index.documents.get(i) {
                known.insert(u.url.to_lowercase());
            }
        }
        for (j, f) in self.files.iter().enumerate() {
            if (f.collection.is_none() || !f.header)
                && let Some(Some(u)) = index.files.get(j)
            {
                known.insert(
                    if f.header {
                        urls::file_to_url(&u[1..])
                    } else {
                        u.clone()
                    }
                    .to_lowercase(),
                );
            }
        }
        let mut marked = false;
        let (statics, with_front): (Vec<usize>, Vec<usize>) = readmes
            .into_iter()
            .partition(|&i| !self.documents[i].has_front_matter());
        for i in statics.into_iter().chain(with_front) {
            let Some(Ok(u)) = index.documents.get(i) else {
                continue;
            };
            let trimmed = u.url.trim_end_matches('/');
            let dir = format!("{}/", &trimmed[..trimmed.rfind('/').unwrap_or(0)]);
            if plugins::folder_has_index(&dir, &known) {
                continue;
            }
            known.insert(dir.to_lowercase());
            self.documents[i].plugin_page = Some(PluginPage::ReadmeIndex);
            marked = true;
        }
        if !marked {
            let _ = self.url_index.set(index);
        }
    }
}

/// What [`Site::read_files`] found: the parts of a [`Site`] that come from
/// walking it.
pub struct Files {
    documents: Vec<Document>,
    files: Vec<walk::Entry>,
    symlinks: Vec<(String, &'static str)>,
    unreadable_dirs: Vec<(String, String)>,
    special_files: Vec<String>,
    /// When the read started (nanoseconds since the epoch).
    read_at: i64,
}

impl Files {
    /// Leave out what the walk would have skipped had `hidden` been added
    /// to the configuration's `exclude`: a path that one of them names, or
    /// that lies in a folder one names, unless `include` names it (as the
    /// walk asks of each folder on the way and of the file).
    pub fn hide(&mut self, config: &Config, hidden: &[String]) {
        if hidden.is_empty() {
            return;
        }
        let gone = |rel: &str| {
            rel.match_indices('/')
                .map(|(i, _)| i)
                .chain(std::iter::once(rel.len()))
                .any(|end| {
                    let at = &rel[..end];
                    hidden.iter().any(|h| crate::config::excludes(h, at)) && !config.included(at)
                })
        };
        self.documents.retain(|d| !gone(d.rel()));
        self.files.retain(|e| !gone(&e.rel));
        self.symlinks.retain(|(rel, _)| !gone(rel));
        self.unreadable_dirs.retain(|(rel, _)| !gone(rel));
        self.special_files.retain(|rel| !gone(rel));
    }
}

impl Site {
    /// The index of `doc` in [`Site::documents`], found from its address in
    /// constant time, or the document a copy read again stands in for (see
    /// [`Document::read_again`]); `None` for a document from elsewhere.
    pub fn index_of(&self, doc: &Document) -> Option<usize> {
        let size = std::mem::size_of::<Document>().max(1);
        let base = self.documents.as_ptr() as usize;
        let by_address = (std::ptr::from_ref(doc) as usize)
            .checked_sub(base)
            .map(|offset| offset / size)
            .filter(|&i| self.documents.get(i).is_some_and(|d| std::ptr::eq(d, doc)));
        by_address.or(doc.copy_of)
    }

    /// The index of the document at `rel` (documents are sorted by path).
    pub fn document_at(&self, rel: &str) -> Option<usize> {
        self.documents.binary_search_by(|d| d.rel().cmp(rel)).ok()
    }

    /// The front matter field a document's layout renders as the alt text
    /// of `page.image` (`alt="{{ page.K }}"`), where the layout shows it.
    pub fn layout_alt_field(&self, doc: &Document) -> Option<&str> {
        let layout = self.layout_name(doc)?.trim();
        self.layout_alt
            .get_or_init(|| layouts::alt_fields(self))
            .get(layout)
            .map(String::as_str)
    }

    /// The name of the layout a document is rendered with: its `layout`
    /// (front matter, else `defaults`), or the one jekyll-default-layout
    /// gives it.
    pub fn layout_name<'a>(&'a self, doc: &'a Document) -> Option<&'a str> {
        match self.value(doc, "layout") {
            Some(n) => n.scalar_text(),
            None => plugins::default_layout(self, doc),
        }
    }

    /// Every URL the built site serves (computed once, on first use).
    pub fn urls(&self) -> &urls::UrlIndex {
        self.url_index
            .get_or_init(|| crate::timings::phase("url index", || urls::UrlIndex::build(self)))
    }

    /// The URL index if something has built it already.
    pub fn urls_if_built(&self) -> Option<&urls::UrlIndex> {
        self.url_index.get()
    }

    /// The collection label Jekyll's `defaults` use for a document's
    /// `scope.type`: its collection's name, or `pages`.
    pub fn type_of(&self, doc: &Document) -> &str {
        match doc.collection {
            Some(i) => &self.config.collections[i].name,
            None => "pages",
        }
    }

    /// The value `defaults` give `key` for a file, with Jekyll's precedence
    /// (a longer scope path wins; at equal length a scope with a `type`
    /// wins; otherwise the later entry wins).
    pub fn default_value(&self, rel: &str, kind: &str, key: &str) -> Option<&Node> {
        if self.config.defaults.is_empty() {
            return None;
        }
        let mut best: Option<(&Node, usize, bool)> = None;
        for &i in self.config.defaults_for(rel).iter() {
            let d = &self.config.defaults[i];
            let type_ok = d.kind.as_deref().is_none_or(|k| {
                k == kind || (k == "post" && kind == "posts") || (k == "page" && kind == "pages")
            });
            if !type_ok {
                continue;
            }
            let Some(value) = d.values.get(key) else {
                continue;
            };
            let (len, typed) = (d.path.len(), d.kind.is_some());
            let wins = match best {
                None => true,
                Some((_, old_len, old_typed)) => {
                    if len != old_len {
                        len > old_len
                    } else {
                        typed || !old_typed
                    }
                }
            };
            if wins {
                best = Some((value, len, typed));
            }
        }
        best.map(|(v, _, _)| v)
    }

    /// A document's value for `key`: its front matter, or else `defaults`.
    pub fn value<'a>(&'a self, doc: &'a Document, key: &str) -> Option<&'a Node> {
        doc.front
            .data()
            .and_then(|d| d.get(key))
            .or_else(|| self.default_value(doc.rel(), self.type_of(doc), key))
    }
}
