//! One document: read once, decoded, its front matter and body parsed.

use std::sync::Arc;

use crate::config::Config;
use crate::site::walk::Entry;
use crate::text::front_matter::{self, FrontMatter};
use crate::text::markdown::{self, Body};
use crate::text::source::SourceFile;
use crate::text::yaml;

/// Resource limits; each one hit is reported, never silently skipped.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    pub yaml: yaml::Limits,
    /// Bytes of document text kept once read. Past them, each document's
    /// text is dropped as soon as its front matter is parsed, and read
    /// again when it is checked (see [`Document::read_again`]), so that a
    /// large site's memory does not grow with its text. Unlimited unless
    /// the run asks (`sitelint check` without the cache).
    pub text_kept: usize,
    /// Keep each document's [`FileStat`] (see [`Document::stat`]): for a
    /// run that keeps front matter in the cache.
    pub stats: bool,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 32 * 1024 * 1024,
            yaml: yaml::Limits::default(),
            text_kept: usize::MAX,
            stats: false,
        }
    }
}

/// What tells a file unchanged without reading it: its size, times and
/// inode (see `cache::Facts`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStat {
    pub size: u64,
    /// Nanoseconds since the epoch.
    pub modified: i64,
    /// The change time (nanoseconds), which no one can set back.
    pub changed: i64,
    pub inode: u64,
}

impl FileStat {
    /// The stat of a file, where it proves something (Unix: a change time
    /// and an inode).
    pub fn of(meta: &std::fs::Metadata) -> Option<FileStat> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileStat {
                size: meta.len(),
                modified: meta
                    .mtime()
                    .saturating_mul(1_000_000_000)
                    .saturating_add(meta.mtime_nsec()),
                changed: meta
                    .ctime()
                    .saturating_mul(1_000_000_000)
                    .saturating_add(meta.ctime_nsec()),
                inode: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }
}

/// Why a document's content could not be checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unchecked {
    /// Not UTF-8; `offset` is the first invalid byte.
    InvalidUtf8 { offset: usize },
    /// UTF-16 (it starts with a UTF-16 byte-order mark).
    Utf16,
    /// Larger than `Limits::max_file_bytes`.
    TooLarge { size: u64, limit: u64 },
    /// The file could not be read.
    Unreadable(String),
}

#[derive(Debug)]
pub struct Document {
    pub file: Arc<SourceFile>,
    /// Index into `config.collections`.
    pub collection: Option<usize>,
    pub markdown: bool,
    pub front: FrontMatter,
    /// The parsed body, on first use: `sitelint check FILE` parses only the
    /// bodies it needs. The main pass releases each body once the document
    /// is checked (see [`Document::release_body`]), so that a large site
    /// never holds every body at once.
    body: std::sync::Mutex<Option<Arc<Body>>>,
    /// The ids fragments can name, computed once (links from many pages
    /// to one page's headings should not parse it many times), and whether
    /// they are all known (see [`crate::site::anchors`]).
    pub(crate) fragment_ids: std::sync::OnceLock<(Vec<String>, bool)>,
    pub unchecked: Option<Unchecked>,
    /// A page a GitHub Pages plugin makes of a Markdown file without front
    /// matter (or, for a README, moves to its folder's index); set once
    /// the site is read (see `Site::set_files`).
    pub plugin_page: Option<PluginPage>,
    /// Its text was dropped once read (see [`Limits::text_kept`]): `file`
    /// has no text, only the front matter is kept.
    text_dropped: bool,
    /// For a copy made by [`Document::read_again`]: the index of the
    /// document it stands in for (see `Site::index_of`).
    pub(crate) copy_of: Option<usize>,
    /// The stat of the file its front matter was parsed from, taken when
    /// it was opened (with [`Limits::stats`], or from the cache).
    pub stat: Option<Box<FileStat>>,
    /// Its front matter is what the cache's facts hold already: taken from
    /// them ([`Document::known`]), or read again from a file with the same
    /// stat (nothing new to keep: see `cache::facts::encode`).
    pub in_facts: bool,
}

/// Which plugin makes a page of a document (see
/// [`Document::plugin_page`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluginPage {
    /// jekyll-optional-front-matter: a Markdown file without front matter
    /// is a page.
    OptionalFrontMatter,
    /// jekyll-readme-index: a README is its folder's index page.
    ReadmeIndex,
}

/// A file's bytes, or its size when over the limit (see [`read_within`]).
type Within = Result<Vec<u8>, u64>;

/// The bytes of the file at `path`, or `Err(size)` when it is larger than
/// `limit` (its size is read from the open file, so one `stat` serves
/// both), and with `stats`, that stat (see [`FileStat`]).
fn read_within(
    path: &std::path::Path,
    limit: u64,
    stats: bool,
) -> std::io::Result<(Within, Option<FileStat>)> {
    use std::io::Read;
    // never a named pipe, which would block the read forever
    let file = crate::inside::open_regular(path)?;
    let meta = file.metadata()?;
    let size = meta.len();
    let stat = if stats { FileStat::of(&meta) } else { None };
    if size > limit {
        return Ok((Err(size), stat));
    }
    // Read the size `stat` gave, without the extra `read` that would look
    // for the end of the file: one system call per file, not two (the
    // limit reached, `take` answers the end without one). The buffer is
    // not zeroed first: a file read a second time (see
    // `Document::read_again`) paid 5% of a run's time for it. (A file
    // written to while it is read is read as far as its size then.)
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(size).read_to_end(&mut bytes)?;
    Ok((Ok(bytes), stat))
}

/// Markdown and HTML files are read in full; other files are static files
/// (or, rarely, pages such as a `feed.xml` with front matter).
pub fn is_document_candidate(config: &Config, entry: &Entry) -> bool {
    let lower = entry.rel.to_ascii_lowercase();
    config.is_markdown(&entry.rel) || lower.ends_with(".html") || lower.ends_with(".htm")
}

impl Document {
    pub fn load(config: &Config, entry: Entry, limits: Limits) -> Document {
        let markdown = config.is_markdown(&entry.rel);
        let collection = entry.collection;
        let empty = |unchecked: Unchecked, text: String| Document {
            file: Arc::new(SourceFile::new(entry.rel.clone(), entry.path.clone(), text)),
            collection,
            markdown,
            front: FrontMatter::Absent,
            body: std::sync::Mutex::new(None),
            fragment_ids: std::sync::OnceLock::new(),
            unchecked: Some(unchecked),
            plugin_page: None,
            text_dropped: false,
            copy_of: None,
            stat: None,
            in_facts: false,
        };
        let (bytes, stat) = match read_within(&entry.path, limits.max_file_bytes, limits.stats) {
            Ok((Ok(b), stat)) => (b, stat),
            Ok((Err(size), _)) => {
                return empty(
                    Unchecked::TooLarge {
                        size,
                        limit: limits.max_file_bytes,
                    },
                    String::new(),
                );
            }
            Err(e) => return empty(Unchecked::Unreadable(e.to_string()), String::new()),
        };
        if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            return empty(Unchecked::Utf16, String::new());
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                return empty(Unchecked::InvalidUtf8 { offset }, text);
            }
        };
        let mut doc = Document::from_text(config, entry, text, limits);
        doc.stat = stat.map(Box::new);
        doc
    }

    /// Parse a document from its text.
    pub fn from_text(config: &Config, entry: Entry, text: String, limits: Limits) -> Document {
        let markdown = config.is_markdown(&entry.rel);
        let collection = entry.collection;
        let file = Arc::new(SourceFile::new(entry.rel, entry.path, text));
        let front = front_matter::parse(&file.text, limits.yaml);
        Document {
            file,
            collection,
            markdown,
            front,
            body: std::sync::Mutex::new(None),
            fragment_ids: std::sync::OnceLock::new(),
            unchecked: None,
            plugin_page: None,
            text_dropped: false,
            copy_of: None,
            stat: None,
            in_facts: false,
        }
    }

    /// A document known by its front matter alone, as an earlier run
    /// parsed it from the same file (see `cache::Facts`): its text is not
    /// read, as though dropped (see [`Document::drop_text`]).
    pub fn known(config: &Config, entry: Entry, front: FrontMatter, stat: FileStat) -> Document {
        Document {
            file: Arc::new(SourceFile::without_text(entry.rel.clone(), entry.path)),
            collection: entry.collection,
            markdown: config.is_markdown(&entry.rel),
            front,
            body: std::sync::Mutex::new(None),
            fragment_ids: std::sync::OnceLock::new(),
            unchecked: None,
            plugin_page: None,
            text_dropped: true,
            copy_of: None,
            stat: Some(Box::new(stat)),
            in_facts: true,
        }
    }

    /// Drop the text, keeping the parsed front matter (see
    /// [`Limits::text_kept`]). A document that could not be checked keeps
    /// what it has.
    pub fn drop_text(&mut self) {
        if self.unchecked.is_some() || self.text_dropped {
            return;
        }
        self.file = Arc::new(SourceFile::without_text(
            self.file.rel.clone(),
            self.file.path.clone(),
        ));
        self.text_dropped = true;
    }

    /// Whether the text was dropped (see [`Document::drop_text`]).
    pub fn text_dropped(&self) -> bool {
        self.text_dropped
    }

    /// The document read again from its file, for one whose text was
    /// dropped: a copy that is checked in its place, which
    /// `Site::index_of` knows as document `index`. (Should the file have
    /// changed since, the copy is what it holds now, its front matter
    /// parsed again: never spans of one text applied to another.)
    pub fn read_again(&self, config: &Config, index: Option<usize>) -> Document {
        let entry = Entry {
            rel: self.file.rel.clone(),
            path: self.file.path.clone(),
            collection: self.collection,
            header: false,
        };
        let limits = Limits {
            stats: self.stat.is_some(),
            ..Limits::default()
        };
        let mut doc = Document::load(config, entry, limits);
        doc.plugin_page = self.plugin_page;
        doc.copy_of = index;
        doc.in_facts = self.in_facts && doc.stat.is_some() && doc.stat == self.stat;
        doc
    }

    /// Whether Jekyll renders this file (it has front matter, or sits in a
    /// collection, where a file without front matter is still reported; or
    /// a GitHub Pages plugin makes a page of it).
    pub fn is_rendered(&self) -> bool {
        self.has_front_matter() || self.plugin_page.is_some()
    }

    /// Whether the file starts with front matter (Jekyll reads it as a page
    /// or a collection document, not as a static file).
    pub fn has_front_matter(&self) -> bool {
        !matches!(self.front, FrontMatter::Absent)
    }

    /// Links, headings, prose and the rest of the body, parsed on first use
    /// and kept until [`Document::release_body`].
    pub fn body(&self) -> Arc<Body> {
        let mut slot = self
            .body
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(body) = &*slot {
            return Arc::clone(body);
        }
        let body = Arc::new(self.parse_body());
        *slot = Some(Arc::clone(&body));
        body
    }

    /// The body, parsed for this one use when it is not kept.
    pub fn body_once(&self) -> Arc<Body> {
        let slot = self
            .body
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*slot {
            Some(body) => Arc::clone(body),
            None => Arc::new(self.parse_body()),
        }
    }

    /// Drop the kept body (it is parsed again should anything ask).
    pub fn release_body(&self) {
        let mut slot = self
            .body
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = None;
    }

    fn parse_body(&self) -> Body {
        if self.unchecked.is_some() {
            return Body::default();
        }
        let start = self.front.body_start();
        if self.markdown {
            markdown::parse_markdown(&self.file.text, start)
        } else {
            markdown::parse_html(&self.file.text, start)
        }
    }

    pub fn rel(&self) -> &str {
        &self.file.rel
    }
}
