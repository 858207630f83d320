//! `sitelint server`: a Language Server Protocol server over stdio, a
//! second face over the engine the command line uses.
//!
//! One thread reads messages and answers them in order. The site is loaded
//! once, with every open buffer as an overlay over its file on disk
//! ([`engine::load_target`]), and kept. A change marks the buffer edited;
//! after the debounce (or before any request that needs current findings)
//! each edited buffer replaces its document in the loaded site, and the
//! open documents are checked with [`engine::check_loaded`], the engine
//! `sitelint check` runs, so the editor and the command line cannot
//! disagree. An edit to a document's front matter rebuilds the URL index
//! (and the schema's statistics): a permalink changed in one buffer breaks
//! the links to it in the others at the next check. A file changed on disk
//! (`workspace/didChangeWatchedFiles`, a save) loads the site again.

mod actions;
mod complete;
pub mod convert;
mod rename;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use serde_json::{Value, json};

use crate::checks::Selection;
use crate::diagnostic::Diagnostic;
use crate::engine::{self, Failure, Loaded, Target};
use crate::site::{Document, Limits};
use convert::Encoding;

/// How long after the last change the buffer is checked (`debounceMs` in
/// the initialization options changes it).
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Serve on stdin and stdout until the client says `exit`.
pub fn run_stdio() -> Result<(), Failure> {
    let (connection, io) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io.join()
        .map_err(|e| Failure(format!("language server: {e}")))
}

fn protocol(e: impl std::fmt::Display) -> Failure {
    Failure(format!("language server: {e}"))
}

/// Serve one client on a connection (stdio, or an in-memory one in tests).
pub fn serve(connection: &Connection) -> Result<(), Failure> {
    let (id, params) = connection.initialize_start().map_err(protocol)?;
    let init: lsp::InitializeParams = serde_json::from_value(params).map_err(protocol)?;
    let mut server = Server::new(connection, &init);
    let result = json!({
        "capabilities": server.capabilities(),
        "serverInfo": {"name": "sitelint", "version": env!("CARGO_PKG_VERSION")},
    });
    connection.initialize_finish(id, result).map_err(protocol)?;
    server.run()
}

/// An open buffer.
struct Open {
    uri: lsp::Uri,
    version: i32,
    text: String,
}

struct Server<'c> {
    conn: &'c Connection,
    encoding: Encoding,
    debounce: Duration,
    /// The site root (absolute), from the workspace or the first document
    /// opened inside a site.
    root: Option<PathBuf>,
    /// Open buffers inside the site, by path relative to the root.
    open: BTreeMap<String, Open>,
    /// The site as loaded, with the buffers in place of their files as of
    /// the last check.
    loaded: Option<Loaded>,
    /// The findings of the last check in the open documents.
    found: Vec<Diagnostic>,
    /// Buffers edited, opened or closed since the last check.
    edited: BTreeSet<String>,
    /// Files changed on disk: load the site again.
    reload: bool,
    /// Completion items for link targets and for images, built on first
    /// use after the site's URLs or titles may have changed.
    url_items: std::cell::OnceCell<[Vec<Value>; 2]>,
    /// When the pending check is due.
    due: Option<Instant>,
    /// The client pulls diagnostics (`textDocument/diagnostic`) instead of
    /// being sent them.
    pull: bool,
    refresh: bool,
    watch: bool,
    /// The client takes a completion list's shared `editRange` (LSP 3.17),
    /// so items need no edit of their own.
    edit_range: bool,
    /// The last setup error shown, so that it is shown once.
    error: Option<String>,
    next_id: i32,
}

impl<'c> Server<'c> {
    fn new(conn: &'c Connection, init: &lsp::InitializeParams) -> Server<'c> {
        let caps = &init.capabilities;
        let encoding = match caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
        {
            Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        };
        let debounce = init
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("debounceMs"))
            .and_then(Value::as_u64)
            .map_or(DEBOUNCE, Duration::from_millis);
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        #[allow(deprecated)]
        let folder = init
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or_else(|| init.root_uri.clone())
            .and_then(|u| convert::uri_to_path(&u));
        let root = folder.and_then(|f| site_root(&f));
        Server {
            conn,
            encoding,
            debounce,
            root,
            open: BTreeMap::new(),
            loaded: None,
            found: Vec::new(),
            edited: BTreeSet::new(),
            reload: false,
            url_items: std::cell::OnceCell::new(),
            due: None,
            pull: text.is_some_and(|t| t.diagnostic.is_some()),
            refresh: workspace
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            watch: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            edit_range: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_list.as_ref())
                .and_then(|l| l.item_defaults.as_ref())
                .is_some_and(|d| d.iter().any(|k| k == "editRange")),
            error: None,
            next_id: 0,
        }
    }

    fn capabilities(&self) -> Value {
        let mut caps = json!({
            "positionEncoding": match self.encoding {
                Encoding::Utf8 => "utf-8",
                Encoding::Utf16 => "utf-16",
            },
            "textDocumentSync": {
                "openClose": true,
                "change": 2,
                "save": {"includeText": false},
            },
            "codeActionProvider": {
                "codeActionKinds": ["quickfix", actions::FIX_ALL],
            },
            "completionProvider": {
                "triggerCharacters": ["(", "/", "\"", "'", " ", ":"],
            },
            "definitionProvider": true,
            "hoverProvider": true,
            "workspace": {"fileOperations": self.file_operations()},
        });
        if self.pull {
            caps["diagnosticProvider"] = json!({
                "identifier": "sitelint",
                "interFileDependencies": true,
                "workspaceDiagnostics": true,
            });
        }
        caps
    }

    fn run(&mut self) -> Result<(), Failure> {
        // (`initialized` has come: `initialize_finish` waits for it)
        if self.watch {
            self.ask(
                "client/registerCapability",
                json!({"registrations": [{
                    "id": "sitelint-watch",
                    "method": "workspace/didChangeWatchedFiles",
                    "registerOptions": {"watchers": [{"globPattern": "**/*"}]},
                }]}),
            );
        }
        loop {
            let message = match self.due {
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match self.conn.receiver.recv_timeout(wait) {
                        Ok(m) => m,
                        Err(e) if e.is_timeout() => {
                            self.check();
                            continue;
                        }
                        Err(_) => return Ok(()),
                    }
                }
                None => match self.conn.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return Ok(()),
                },
            };
            match message {
                Message::Request(req) => {
                    if self.conn.handle_shutdown(&req).map_err(protocol)? {
                        return Ok(());
                    }
                    self.request(req);
                }
                Message::Notification(n) => {
                    if n.method == "exit" {
                        return Ok(());
                    }
                    self.notification(n);
                }
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // the client has gone: the loop ends at the next read
        let _ = self.conn.sender.send(message.into());
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Notification::new(method.into(), params));
    }

    fn ask(&mut self, method: &str, params: impl serde::Serialize) {
        self.next_id += 1;
        let id = format!("sitelint-{}", self.next_id);
        self.send(Request::new(id.into(), method.into(), params));
    }

    fn show_error(&mut self, message: String) {
        if self.error.as_deref() != Some(message.as_str()) {
            self.notify(
                "window/showMessage",
                json!({"type": 1, "message": format!("sitelint: {message}")}),
            );
            self.error = Some(message);
        }
    }

    // ---- notifications ----

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params)
                else {
                    return;
                };
                let doc = p.text_document;
                if self.root.is_none()
                    && let Some(path) = convert::uri_to_path(&doc.uri)
                {
                    self.root = site_root(&path);
                }
                if let Some(rel) = self.rel(&doc.uri) {
                    self.edited.insert(rel.clone());
                    self.open.insert(
                        rel,
                        Open {
                            uri: doc.uri,
                            version: doc.version,
                            text: doc.text,
                        },
                    );
                    // a new buffer is checked at once: no typing to wait for
                    self.due = Some(Instant::now());
                }
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params)
                else {
                    return;
                };
                let Some(rel) = self.rel(&p.text_document.uri) else {
                    return;
                };
                let enc = self.encoding;
                let Some(open) = self.open.get_mut(&rel) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let lines = convert::Lines::new(&open.text);
                            let start = lines.offset(range.start, enc);
                            let end = lines.offset(range.end, enc).max(start);
                            open.text.replace_range(start..end, &change.text);
                        }
                        None => open.text = change.text,
                    }
                }
                open.version = p.text_document.version;
                self.edited.insert(rel);
                self.due = Some(Instant::now() + self.debounce);
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params)
                else {
                    return;
                };
                if let Some(rel) = self.rel(&p.text_document.uri)
                    && self.open.remove(&rel).is_some()
                {
                    if !self.pull {
                        self.notify(
                            "textDocument/publishDiagnostics",
                            json!({"uri": p.text_document.uri, "diagnostics": []}),
                        );
                    }
                    // its unsaved text no longer counts for the others
                    self.edited.insert(rel);
                    self.due = Some(Instant::now());
                }
            }
            // a client that watches files reports saves too; one that
            // does not, only saves
            "workspace/didChangeWatchedFiles" | "textDocument/didSave"
                if self.root.is_some() && (n.method != "textDocument/didSave" || !self.watch) =>
            {
                self.reload = true;
                self.due = Some(Instant::now());
            }
            _ => {}
        }
    }

    /// The path of a URI relative to the site root, for a file inside it.
    fn rel(&self, uri: &lsp::Uri) -> Option<String> {
        let root = self.root.as_ref()?;
        let path = convert::uri_to_path(uri)?;
        let rel = path.strip_prefix(root).ok()?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        (!rel.is_empty()).then_some(rel)
    }

    fn overlay(&self) -> crate::site::Overlay {
        self.open
            .iter()
            .map(|(rel, o)| (rel.clone(), o.text.clone()))
            .collect()
    }

    // ---- checking ----

    /// Check the open documents now, and show the findings.
    fn check(&mut self) {
        self.due = None;
        let Some(root) = self.root.clone() else {
            return;
        };
        if self.open.is_empty() {
            return;
        }
        if self.reload || !self.apply_edits() {
            let overlay = self.overlay();
            let load = || engine::load_target(&root, &Selection::default(), &overlay, &[]);
            match guard(load).and_then(|r| r) {
                Ok(loaded) => {
                    self.loaded = Some(loaded);
                    self.url_items = std::cell::OnceCell::new();
                }
                Err(e) => {
                    self.loaded = None;
                    self.show_error(e.0);
                    return;
                }
            }
        }
        self.reload = false;
        self.edited.clear();
        let Some(loaded) = &self.loaded else { return };
        let target = Target {
            root,
            only: self.open.keys().cloned().collect(),
        };
        match guard(|| engine::check_loaded(loaded, &target)) {
            Ok(found) => {
                self.found = found;
                self.error = None;
                self.publish();
            }
            Err(e) => {
                self.loaded = None;
                self.show_error(e.0);
            }
        }
    }

    /// Put the edited buffers (or, for a closed one, its file) in place of
    /// their documents in the loaded site. `false` when no site is loaded.
    fn apply_edits(&mut self) -> bool {
        let Some(loaded) = self.loaded.as_mut() else {
            return false;
        };
        let mut fronts_changed = false;
        for rel in &self.edited {
            // not a document of the site (excluded, not Markdown or HTML,
            // or not on disk when the site was read): its text changes
            // nothing a load would read
            let Some(i) = loaded.site.document_at(rel) else {
                continue;
            };
            let text = self.open.get(rel).map(|o| o.text.as_str());
            if text == Some(loaded.site.documents[i].file.text.as_str()) {
                continue;
            }
            let doc = document(&loaded.site, i, text);
            // the URL index and the statistics read front matter only
            fronts_changed |= front(&loaded.site.documents[i]) != front(&doc);
            loaded.site.documents[i] = doc;
        }
        if fronts_changed {
            self.url_items = std::cell::OnceCell::new();
            loaded.site.reset_urls();
            loaded.prepared.schema.stats = crate::schema::infer::Stats::collect(&loaded.site);
        }
        true
    }

    /// The findings in `rel` were its text `text`, the other documents as
    /// they are: the loaded site is put back as it was afterwards.
    fn check_as(&mut self, rel: &str, text: &str) -> Option<Vec<Diagnostic>> {
        let loaded = self.loaded.as_mut()?;
        let i = loaded.site.document_at(rel)?;
        let doc = document(&loaded.site, i, Some(text));
        let old = swap_in(loaded, i, doc);
        let target = Target {
            root: loaded.site.root.clone(),
            only: vec![rel.to_string()],
        };
        let found = engine::check_loaded(loaded, &target);
        swap_in(loaded, i, old);
        Some(found)
    }

    /// Check now if a check is pending: requests answer from current
    /// findings.
    fn current(&mut self) {
        if self.due.is_some() || self.loaded.is_none() {
            self.check();
        }
    }

    fn publish(&mut self) {
        if self.pull {
            if self.refresh {
                self.ask("workspace/diagnostic/refresh", Value::Null);
            }
            return;
        }
        for (rel, open) in &self.open {
            let diagnostics = self.diagnostics_of(rel, &open.uri);
            self.notify(
                "textDocument/publishDiagnostics",
                json!({"uri": open.uri, "version": open.version, "diagnostics": diagnostics}),
            );
        }
    }

    /// The findings of the last check in one open document.
    fn diagnostics_of(&self, rel: &str, uri: &lsp::Uri) -> Vec<lsp::Diagnostic> {
        self.found
            .iter()
            .filter(|d| d.file.rel == rel)
            .map(|d| convert::diagnostic(d, uri, self.encoding))
            .collect()
    }

    // ---- requests ----

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "textDocument/codeAction" => parse(req.params).map(|p| self.code_actions(p)),
            "textDocument/completion" => parse(req.params).map(|p| self.completion(p)),
            "textDocument/definition" => parse(req.params).map(|p| self.definition(p)),
            "textDocument/hover" => parse(req.params).map(|p| self.hover(p)),
            "textDocument/diagnostic" => parse(req.params).map(|p| self.document_diagnostic(p)),
            "workspace/diagnostic" => parse(req.params).map(|p| self.workspace_diagnostic(p)),
            "workspace/willRenameFiles" => parse(req.params).map(|p| self.will_rename(p)),
            _ => {
                self.send(Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("sitelint does not handle `{}`", req.method),
                ));
                return;
            }
        };
        self.send(match result {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        });
    }

    fn document_diagnostic(&mut self, p: lsp::DocumentDiagnosticParams) -> Value {
        let uri = p.text_document.uri;
        self.current();
        let items = match self.rel(&uri) {
            Some(rel) => self.diagnostics_of(&rel, &uri),
            None => Vec::new(),
        };
        json!({"kind": "full", "items": items})
    }

    /// Every finding in the site, with the open buffers in place of their
    /// files: the documents that are not open.
    fn workspace_diagnostic(&mut self, _: lsp::WorkspaceDiagnosticParams) -> Value {
        let Some(root) = self.root.clone() else {
            return json!({"items": []});
        };
        let target = Target {
            root: root.clone(),
            only: Vec::new(),
        };
        let checked = match engine::check_target(target, &Selection::default(), &self.overlay()) {
            Ok(c) => c,
            Err(e) => {
                self.show_error(e.0);
                return json!({"items": []});
            }
        };
        let mut by_file: BTreeMap<&str, Vec<&crate::diagnostic::Diagnostic>> = BTreeMap::new();
        for d in &checked.diagnostics {
            by_file.entry(d.file.rel.as_str()).or_default().push(d);
        }
        let mut items = Vec::new();
        for (rel, diags) in by_file {
            let (uri, version) = match self.open.get(rel) {
                Some(o) => (Some(o.uri.clone()), Some(o.version)),
                None => (convert::path_to_uri(&root.join(rel)), None),
            };
            let Some(uri) = uri else { continue };
            let list: Vec<lsp::Diagnostic> = diags
                .iter()
                .map(|d| convert::diagnostic(d, &uri, self.encoding))
                .collect();
            items.push(json!({"kind": "full", "uri": uri, "version": version, "items": list}));
        }
        let mut answer = json!({});
        answer["items"] = Value::Array(items);
        answer
    }
}

/// Run `f`; a panic (a bug) becomes an error the editor shows, and the
/// server goes on (the next check loads the site again).
fn guard<T>(f: impl FnOnce() -> T) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| {
        Failure(
            "internal error while checking (a bug: please report it with the server's log)".into(),
        )
    })
}

fn parse<P: serde::de::DeserializeOwned>(v: Value) -> Result<P, String> {
    serde_json::from_value(v).map_err(|e| format!("invalid parameters: {e}"))
}

/// Document `i` of the site read again: from `text`, or else from disk.
fn document(site: &crate::site::Site, i: usize, text: Option<&str>) -> Document {
    let old = &site.documents[i];
    let entry = crate::site::walk::Entry {
        rel: old.rel().to_string(),
        path: old.file.path.clone(),
        collection: old.collection,
        header: false,
    };
    match text {
        Some(t) => Document::from_text(&site.config, entry, t.to_string(), Limits::default()),
        None => Document::load(&site.config, entry, Limits::default()),
    }
}

/// Put `doc` in place of document `i` and return the one it replaces; the
/// URL index and the statistics follow a change of front matter.
fn swap_in(loaded: &mut Loaded, i: usize, doc: Document) -> Document {
    let changed = front(&loaded.site.documents[i]) != front(&doc);
    let old = std::mem::replace(&mut loaded.site.documents[i], doc);
    if changed {
        loaded.site.reset_urls();
        loaded.prepared.schema.stats = crate::schema::infer::Stats::collect(&loaded.site);
    }
    old
}

/// What of a document the URL index and the schema's statistics read: its
/// front matter, as written.
fn front(
    doc: &Document,
) -> (
    std::mem::Discriminant<crate::text::front_matter::FrontMatter>,
    &str,
) {
    let text = &doc.file.text;
    (
        std::mem::discriminant(&doc.front),
        text.get(..doc.front.body_start()).unwrap_or(text),
    )
}

/// The root of the site a path is in (absolute), if it is in one.
fn site_root(path: &Path) -> Option<PathBuf> {
    let root = crate::site::find_root(path).ok()?;
    std::path::absolute(root).ok()
}
