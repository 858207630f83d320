//! The language server, driven in-process over an in-memory connection
//! on a copy of `fixtures/server/editor`, as an editor drives it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

use crate::common::{copy_fixture, sitelint};

const POST: &str = "_posts/2024-01-05-welcome.md";

/// No message within this long is a failure (a hang), never a timing.
const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
    next: i32,
    /// Notifications received while waiting for something else.
    pending: Vec<Notification>,
    root: PathBuf,
    /// The server's capabilities, from its answer to `initialize`.
    capabilities: Value,
    _tmp: tempfile::TempDir,
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// A server for a copy of the fixture site, initialized with `caps`.
    fn start(caps: Value) -> Client {
        Client::start_at("fixtures/server/editor", caps)
    }

    /// A server for a copy of another fixture site.
    fn start_at(fixture: &str, caps: Value) -> Client {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap().join("site");
        copy_fixture(fixture, &root);
        let (server_side, client_side) = Connection::memory();
        let server =
            std::thread::spawn(move || sitelint::server::serve(&server_side).map_err(|e| e.0));
        let mut client = Client {
            conn: client_side,
            server: Some(server),
            next: 0,
            pending: Vec::new(),
            root,
            capabilities: Value::Null,
            _tmp: tmp,
        };
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(&client.root),
                "capabilities": caps,
                "initializationOptions": {"debounceMs": 0},
            }),
        );
        assert_eq!(init["serverInfo"]["name"], "sitelint");
        client.capabilities = init["capabilities"].clone();
        client.notify("initialized", json!({}));
        client
    }

    fn uri(&self, rel: &str) -> String {
        uri(&self.root.join(rel))
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .unwrap();
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(PATIENCE)
            .expect("the server answers")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .unwrap();
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => {
                    return r
                        .response_result
                        .unwrap_or_else(|e| panic!("{method}: {}", e.message));
                }
                Message::Notification(n) => self.pending.push(n),
                _ => {}
            }
        }
    }

    /// The next diagnostics published for `rel`.
    fn diagnostics(&mut self, rel: &str) -> Value {
        let uri = self.uri(rel);
        let is_it = |n: &Notification| {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri.as_str()
        };
        if let Some(i) = self.pending.iter().position(is_it) {
            return self.pending.remove(i).params["diagnostics"].clone();
        }
        loop {
            if let Message::Notification(n) = self.recv() {
                if is_it(&n) {
                    return n.params["diagnostics"].clone();
                }
                self.pending.push(n);
            }
        }
    }

    fn open(&mut self, rel: &str) -> String {
        let text = std::fs::read_to_string(self.root.join(rel)).unwrap();
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": self.uri(rel), "languageId": "markdown", "version": 1, "text": text,
            }}),
        );
        text
    }

    /// Replace the text between two positions, as an editor sends a
    /// keystroke.
    fn change(&mut self, rel: &str, version: i32, range: [[u32; 2]; 2], text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": self.uri(rel), "version": version},
                "contentChanges": [{"range": range_json(range), "text": text}],
            }),
        );
    }

    fn at(&self, rel: &str, line: u32, character: u32) -> Value {
        json!({
            "textDocument": {"uri": self.uri(rel)},
            "position": {"line": line, "character": character},
        })
    }

    fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let server = self.server.take().unwrap();
        assert_eq!(server.join().unwrap(), Ok(()));
    }
}

fn range_json(r: [[u32; 2]; 2]) -> Value {
    json!({
        "start": {"line": r[0][0], "character": r[0][1]},
        "end": {"line": r[1][0], "character": r[1][1]},
    })
}

fn own_domain() -> Value {
    json!({
        "range": range_json([[8, 23], [8, 56]]),
        "severity": 2,
        "code": "LNK005",
        "codeDescription": {"href": "https://github.com/OWNER/sitelint/blob/main/README.md#rules"},
        "source": "sitelint",
        "message": "Link to the site's own domain `https://www.example.org/team/sam/`\nLink `/team/sam/` instead; it works on previews and saves a redirect",
    })
}

/// The findings `sitelint check` prints for a file, as (code, line,
/// column, message), lines and columns from 0.
fn cli_findings(file: &Path) -> Vec<(String, u64, u64, String)> {
    let (out, _, _) = sitelint(&["check", &file.display().to_string(), "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() - 1,
                d["column"].as_u64().unwrap() - 1,
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn lsp_findings(diags: &Value) -> Vec<(String, u64, u64, String)> {
    diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                message.split('\n').next().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn diagnostics_follow_the_buffer_and_match_the_command_line() {
    let mut c = Client::start(json!({}));
    c.open(POST);
    assert_eq!(c.diagnostics(POST), json!([own_domain()]));
    // a broken link typed on a new line 10 (not saved)
    c.change(
        POST,
        2,
        [[9, 0], [9, 0]],
        "\nSee [the board](/team/bord/).\n",
    );
    let diags = c.diagnostics(POST);
    assert_eq!(
        diags[1],
        json!({
            "range": range_json([[10, 16], [10, 27]]),
            "severity": 1,
            "code": "LNK001",
            "codeDescription": {"href": "https://github.com/OWNER/sitelint/blob/main/README.md#rules"},
            "source": "sitelint",
            "message": "Link target `/team/bord/` does not exist",
        })
    );
    // the same text on disk: `sitelint check` reports the same findings
    let text = std::fs::read_to_string(c.root.join(POST)).unwrap();
    let (head, tail) = text.split_at(text.len());
    std::fs::write(
        c.root.join(POST),
        format!("{head}\nSee [the board](/team/bord/).\n{tail}"),
    )
    .unwrap();
    assert_eq!(lsp_findings(&diags), cli_findings(&c.root.join(POST)));
    c.shutdown();
}

#[test]
fn quick_fixes_suppressions_and_fix_all() {
    let mut c = Client::start(json!({}));
    c.open(POST);
    let diag = c.diagnostics(POST)[0].clone();
    let uri = c.uri(POST);
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": range_json([[8, 30], [8, 30]]),
            "context": {"diagnostics": [diag]},
        }),
    );
    let fix_edit = json!({"range": range_json([[8, 23], [8, 56]]), "newText": "/team/sam/"});
    assert_eq!(
        actions,
        json!([
            {
                "title": "Replace with `/team/sam/`",
                "kind": "quickfix",
                "diagnostics": [own_domain()],
                "isPreferred": true,
                "edit": {"changes": {uri.clone(): [fix_edit]}},
            },
            {
                "title": "Disable LNK005 for this line",
                "kind": "quickfix",
                "diagnostics": [own_domain()],
                "edit": {"changes": {uri.clone(): [{
                    "range": range_json([[8, 58], [8, 58]]),
                    "newText": " <!-- sitelint-disable-line LNK005 -->",
                }]}},
            },
            {
                "title": "Fix all safe sitelint findings",
                "kind": "source.fixAll.sitelint",
                // the smallest edit that makes the fixed text
                "edit": {"changes": {uri.clone(): [{
                    "range": range_json([[8, 23], [8, 46]]),
                    "newText": "",
                }]}},
            },
        ])
    );
    // only the fix-all, as an editor asks on save
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": range_json([[0, 0], [0, 0]]),
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        }),
    );
    assert_eq!(actions.as_array().map(Vec::len), Some(1));
    assert_eq!(actions[0]["kind"], "source.fixAll.sitelint");
    // the suppression, applied, leaves no finding
    c.change(
        POST,
        2,
        [[8, 58], [8, 58]],
        " <!-- sitelint-disable-line LNK005 -->",
    );
    assert_eq!(c.diagnostics(POST), json!([]));
    c.shutdown();
}

#[test]
fn completion_of_urls_paths_posts_and_front_matter() {
    let mut c = Client::start(json!({}));
    c.open(POST);
    c.diagnostics(POST);
    c.change(POST, 2, [[9, 0], [9, 0]], "\n[x](/team/");
    let list = c.request("textDocument/completion", c.at(POST, 10, 10));
    let items: Vec<(String, String, Value)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["label"].as_str().unwrap().to_string(),
                i["detail"].as_str().unwrap().to_string(),
                i["textEdit"]["range"].clone(),
            )
        })
        .collect();
    let range = range_json([[10, 4], [10, 10]]);
    let want = [
        ("/", "Home"),
        ("/news/2024/01/05/welcome/", "Welcome"),
        ("/team/alex/", "Alex Doe"),
        ("/team/sam/", "Sam Roe"),
    ];
    assert_eq!(
        items,
        want.iter()
            .map(|(u, t)| (u.to_string(), t.to_string(), range.clone()))
            .collect::<Vec<_>>()
    );
    // an image: the image files
    c.change(POST, 3, [[10, 0], [10, 10]], "![a](");
    let list = c.request("textDocument/completion", c.at(POST, 10, 5));
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["/assets/images/banner.png"]);
    // `{% post_url `: posts by name; `{% link `: documents by path
    c.change(POST, 4, [[10, 0], [10, 5]], "{% post_url ");
    let list = c.request("textDocument/completion", c.at(POST, 10, 12));
    assert_eq!(list["items"][0]["label"], "2024-01-05-welcome");
    assert_eq!(list["items"][0]["detail"], "Welcome");
    c.change(POST, 5, [[10, 0], [10, 12]], "{% link ");
    let list = c.request("textDocument/completion", c.at(POST, 10, 8));
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["_team/alex.md", "_team/sam.md", "index.md"]);
    // prose: nothing
    let list = c.request("textDocument/completion", c.at(POST, 6, 3));
    assert_eq!(list, Value::Null);

    // front matter of a team page: the schema's keys and allowed values
    let alex = "_team/alex.md";
    c.open(alex);
    c.diagnostics(alex);
    c.change(alex, 2, [[2, 0], [2, 11]], "");
    let list = c.request("textDocument/completion", c.at(alex, 2, 0));
    let keys: Vec<(&str, &str, &str)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["label"].as_str().unwrap(),
                i["detail"].as_str().unwrap(),
                i["insertText"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(keys, [("role", "any", "role: ")]);
    c.change(alex, 3, [[2, 0], [2, 0]], "role: ");
    let list = c.request("textDocument/completion", c.at(alex, 2, 6));
    let values: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["chair", "treasurer", "member"]);
    // a title edited in one buffer shows in the completion in another
    c.change(alex, 4, [[1, 7], [1, 15]], "Alexandra Doe");
    c.change(POST, 6, [[10, 0], [10, 8]], "[x](/team/");
    let list = c.request("textDocument/completion", c.at(POST, 10, 10));
    let alex_item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "/team/alex/")
        .unwrap();
    assert_eq!(alex_item["detail"], "Alexandra Doe");
    c.shutdown();
}

#[test]
fn watches_files_where_the_client_can() {
    let c = Client::start(json!({
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
    }));
    let registration = loop {
        if let Message::Request(r) = c.recv() {
            break r;
        }
    };
    assert_eq!(registration.method, "client/registerCapability");
    assert_eq!(
        registration.params["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    c.shutdown();
}

#[test]
fn completion_with_a_shared_edit_range() {
    let mut c = Client::start(json!({
        "textDocument": {"completion": {"completionList": {"itemDefaults": ["editRange"]}}},
    }));
    c.open(POST);
    c.diagnostics(POST);
    c.change(POST, 2, [[9, 0], [9, 0]], "\n[x](/te");
    let list = c.request("textDocument/completion", c.at(POST, 10, 7));
    assert_eq!(
        list["itemDefaults"],
        json!({"editRange": range_json([[10, 4], [10, 7]])})
    );
    assert_eq!(list["items"][2]["label"], "/team/alex/");
    assert_eq!(list["items"][2].get("textEdit"), None);
    c.shutdown();
}

#[test]
fn definition_and_hover_on_links() {
    let mut c = Client::start(json!({}));
    c.open(POST);
    c.diagnostics(POST);
    // on `/team/alex/` in `[Alex](/team/alex/)`
    let def = c.request("textDocument/definition", c.at(POST, 6, 45));
    assert_eq!(
        def,
        json!({"uri": c.uri("_team/alex.md"), "range": range_json([[0, 0], [0, 0]])})
    );
    let hover = c.request("textDocument/hover", c.at(POST, 6, 45));
    assert_eq!(
        hover,
        json!({
            "contents": {"kind": "markdown", "value": "**Alex Doe**: `_team/alex.md`"},
            "range": range_json([[6, 44], [6, 55]]),
        })
    );
    // the own-domain link reaches the page too
    let def = c.request("textDocument/definition", c.at(POST, 8, 40));
    assert_eq!(def["uri"], c.uri("_team/sam.md"));
    // `{% post_url %}` on the home page
    c.open("index.md");
    c.diagnostics("index.md");
    let def = c.request("textDocument/definition", c.at("index.md", 4, 30));
    assert_eq!(def["uri"], c.uri(POST));
    // a broken link says so; prose has nothing
    c.change(POST, 2, [[9, 0], [9, 0]], "\n[x](/team/nobody/)\n");
    let hover = c.request("textDocument/hover", c.at(POST, 10, 8));
    assert_eq!(
        hover["contents"]["value"],
        "No page or file is served at `/team/nobody/`"
    );
    assert_eq!(
        c.request("textDocument/definition", c.at(POST, 10, 8)),
        Value::Null
    );
    assert_eq!(
        c.request("textDocument/hover", c.at(POST, 6, 3)),
        Value::Null
    );
    // from a `redirect_from` entry to the links that still use it
    std::fs::write(
        c.root.join("about.md"),
        "---\ntitle: About\n---\n\nOur [treasurer](/team/samuel/).\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": c.uri("about.md"), "type": 1}]}),
    );
    c.open("_team/sam.md");
    let def = c.request("textDocument/definition", c.at("_team/sam.md", 3, 18));
    assert_eq!(
        def,
        json!([{"uri": c.uri("about.md"), "range": range_json([[4, 16], [4, 29]])}])
    );
    // a rule code in a suppression comment
    c.change(
        POST,
        3,
        [[10, 0], [10, 0]],
        "<!-- sitelint-disable-next-line LNK001 -->\n",
    );
    let hover = c.request("textDocument/hover", c.at(POST, 10, 34));
    assert_eq!(
        hover["contents"]["value"],
        "**LNK001** `broken-link`: An internal link leads to a URL the site does not serve"
    );
    c.shutdown();
}

#[test]
fn other_documents_follow_renames_and_deletions() {
    let mut c = Client::start(json!({}));
    c.open(POST);
    c.open("_team/alex.md");
    assert_eq!(c.diagnostics(POST), json!([own_domain()]));
    c.diagnostics("_team/alex.md");
    // a new permalink for Alex, typed and not saved: the post's link breaks
    c.change(
        "_team/alex.md",
        2,
        [[2, 11], [2, 11]],
        "\npermalink: /team/alexandra/",
    );
    let diags = c.diagnostics(POST);
    assert_eq!(
        lsp_findings(&diags),
        [
            (
                "LNK001".to_string(),
                6,
                44,
                "Link target `/team/alex/` does not exist".to_string()
            ),
            (
                "LNK005".to_string(),
                8,
                23,
                "Link to the site's own domain `https://www.example.org/team/sam/`".to_string()
            ),
        ]
    );
    // Sam's page deleted on disk: the watched-files notice re-checks
    std::fs::remove_file(c.root.join("_team/sam.md")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": c.uri("_team/sam.md"), "type": 3}]}),
    );
    let diags = c.diagnostics(POST);
    assert_eq!(
        lsp_findings(&diags)
            .iter()
            .map(|f| (f.0.as_str(), f.1))
            .collect::<Vec<_>>(),
        [("LNK001", 6), ("LNK001", 8)]
    );
    // closing Alex's buffer drops its unsaved permalink
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": c.uri("_team/alex.md")}}),
    );
    assert_eq!(c.diagnostics("_team/alex.md"), json!([]));
    let diags = c.diagnostics(POST);
    assert_eq!(
        lsp_findings(&diags)
            .iter()
            .map(|f| (f.0.as_str(), f.1))
            .collect::<Vec<_>>(),
        [("LNK001", 8)]
    );
    c.shutdown();
}

#[test]
fn pull_diagnostics_for_the_document_and_the_workspace() {
    let mut c = Client::start(json!({
        "textDocument": {"diagnostic": {}},
        "workspace": {"diagnostics": {"refreshSupport": false}},
    }));
    c.open(POST);
    let report = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": c.uri(POST)}}),
    );
    assert_eq!(report, json!({"kind": "full", "items": [own_domain()]}));
    // a page with a broken link that is not open: in the workspace pull
    std::fs::write(
        c.root.join("about.md"),
        "---\ntitle: About\n---\n\nSee [us](/team/nobody/).\n",
    )
    .unwrap();
    let report = c.request("workspace/diagnostic", json!({"previousResultIds": []}));
    let files: Vec<(&str, Option<i64>, Vec<&str>)> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["uri"].as_str().unwrap(),
                i["version"].as_i64(),
                i["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["code"].as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            (c.uri(POST).as_str(), Some(1), vec!["LNK005"]),
            (c.uri("about.md").as_str(), None, vec!["LNK001"]),
        ]
    );
    // pulling, the client is sent nothing
    assert!(
        c.pending
            .iter()
            .all(|n| n.method != "textDocument/publishDiagnostics")
    );
    c.shutdown();
}

/// Every document of the demo site (where every rule fires), open at once:
/// each one's findings are `sitelint check`'s for that file. Then a
/// permalink and a body edited in buffers and the same texts saved: the
/// findings still agree.
#[test]
fn the_demo_site_agrees_with_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap().join("demo");
    copy_fixture("fixtures/sites/demo", &root);
    let (server_side, client_side) = Connection::memory();
    let server = std::thread::spawn(move || sitelint::server::serve(&server_side).map_err(|e| e.0));
    let mut c = Client {
        conn: client_side,
        server: Some(server),
        next: 0,
        pending: Vec::new(),
        root: root.clone(),
        capabilities: Value::Null,
        _tmp: tmp,
    };
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {},
               "initializationOptions": {"debounceMs": 0}}),
    );
    c.notify("initialized", json!({}));
    let mut files: Vec<String> = crate::common::tree(&root)
        .into_iter()
        .filter(|(rel, bytes)| {
            (rel.ends_with(".md") || rel.ends_with(".html"))
                && !rel.starts_with("_layouts/")
                && std::str::from_utf8(bytes).is_ok()
                && !std::fs::symlink_metadata(root.join(rel))
                    .unwrap()
                    .file_type()
                    .is_symlink()
        })
        .map(|(rel, _)| rel)
        .collect();
    files.sort();
    assert!(files.len() > 15, "{files:?}");
    for f in &files {
        c.open(f);
    }
    let strip = |v: Vec<(String, u64, u64, String)>| -> Vec<(String, u64, String)> {
        v.into_iter()
            .map(|(code, line, _, m)| (code, line, m))
            .collect()
    };
    let mut latest = std::collections::BTreeMap::new();
    // the last diagnostics published for each file, once all are open
    for f in &files {
        latest.insert(f.clone(), c.diagnostics(f));
    }
    // (later checks publish again; drain to the newest)
    let mut compare = |c: &mut Client, label: &str| {
        std::thread::sleep(Duration::from_millis(50));
        while let Ok(Message::Notification(n)) = c.conn.receiver.try_recv() {
            c.pending.push(n);
        }
        for n in c.pending.drain(..) {
            if n.method == "textDocument/publishDiagnostics" {
                let path = n.params["uri"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("file://");
                let rel = path.strip_prefix(&format!("{}/", root.display())).unwrap();
                latest.insert(rel.to_string(), n.params["diagnostics"].clone());
            }
        }
        let mut fired = 0;
        for f in &files {
            let got = strip(lsp_findings(&latest[f]));
            fired += got.len();
            assert_eq!(got, strip(cli_findings(&root.join(f))), "{label}: {f}");
        }
        assert!(fired > 30, "{label}: {fired} findings");
    };
    compare(&mut c, "as on disk");
    // Robin's page moves (front matter) and a post gains a broken link
    // (body), in buffers, then on disk
    let robin = "_team/robin.md";
    let text = std::fs::read_to_string(root.join(robin)).unwrap();
    let new_robin = text.replacen("---\n", "---\npermalink: /people/robin/\n", 1);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": c.uri(robin), "version": 2},
               "contentChanges": [{"text": new_robin}]}),
    );
    let post = "_news/2022-01-13-welcome.md";
    let text = std::fs::read_to_string(root.join(post)).unwrap();
    let new_post = format!("{text}\nSee [Robin](/team/robin/) and [nobody](/team/nobody/).\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": c.uri(post), "version": 2},
               "contentChanges": [{"text": new_post}]}),
    );
    std::fs::write(root.join(robin), &new_robin).unwrap();
    std::fs::write(root.join(post), &new_post).unwrap();
    // a request waits for the pending check
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": c.uri(post)}, "position": {"line": 0, "character": 0}}),
    );
    compare(&mut c, "after edits");
    c.shutdown();
}

fn edit(range: [[u32; 2]; 2], text: &str) -> Value {
    json!({"range": range_json(range), "newText": text})
}

/// The answer to renaming `from` to `to`, and the messages shown.
fn will_rename(client: &mut Client, from: &str, to: &str) -> (Value, Vec<Value>) {
    let params = json!({"files": [{"oldUri": client.uri(from), "newUri": client.uri(to)}]});
    let answer = client.request("workspace/willRenameFiles", params);
    let shown = client
        .pending
        .iter()
        .filter(|n| n.method == "window/showMessage")
        .map(|n| n.params.clone())
        .collect();
    client.pending.retain(|n| n.method != "window/showMessage");
    (answer, shown)
}

#[test]
fn renaming_a_document_rewrites_links_and_keeps_the_old_url() {
    let mut client = Client::start_at("fixtures/server/rename", json!({}));
    assert_eq!(
        client.capabilities["workspace"]["fileOperations"],
        json!({"willRename": {"filters": [
            // the site's `markdown_ext`
            {"scheme": "file", "pattern": {"glob": "**/*.{md,markdown,html,htm}", "matches": "file"}},
            {"scheme": "file", "pattern": {"glob": "**/*", "matches": "folder"}},
        ]}})
    );
    // the home page is open, with a change not yet saved: edits are made
    // on the buffer
    client.open("index.md");
    client.change("index.md", 2, [[4, 0], [4, 0]], "New!\n\n");
    let (answer, shown) = will_rename(
        &mut client,
        "_posts/2024-02-01-launch.md",
        "_posts/2024-02-01-lift-off.md",
    );
    let post = client.uri("_posts/2024-02-01-launch.md");
    let about = client.uri("about.md");
    let index = client.uri("index.md");
    let new_url = "/news/2024/02/01/lift-off/";
    assert_eq!(
        answer,
        json!({"changes": {
            post: [edit([[2, 0], [2, 0]], "redirect_from:\n  - /news/2024/02/01/launch/\n")],
            about.clone(): [
                edit([[4, 32], [4, 56]], new_url),
                edit([[5, 20], [5, 47]], "_posts/2024-02-01-lift-off.md"),
            ],
            // two lines further down than on disk: the buffer's text
            index: [
                edit([[6, 24], [6, 48]], new_url),
                edit([[8, 31], [8, 48]], "2024-02-01-lift-off"),
            ],
        }})
    );
    assert_eq!(shown, Vec::<Value>::new());

    // a fixed permalink: the URL stays, the `{% link %}` naming the file
    // follows it
    let (answer, shown) = will_rename(&mut client, "contact.md", "reach-us.md");
    assert_eq!(
        answer,
        json!({"changes": {about: [edit([[7, 21], [7, 31]], "reach-us.md")]}})
    );
    assert_eq!(shown, Vec::<Value>::new());

    // a folder: the documents in it
    let (answer, shown) = will_rename(&mut client, "guides", "help");
    assert_eq!(
        answer,
        json!({"changes": {
            client.uri("guides/start.md"): [edit([[2, 0], [2, 0]], "redirect_from:\n  - /guides/start/\n")],
            client.uri("contact.md"): [edit([[5, 33], [5, 47]], "/help/start/")],
        }})
    );
    assert_eq!(shown, Vec::<Value>::new());

    // a document nothing names, whose URL does not change: no edit
    let (answer, shown) = will_rename(&mut client, "news.html", "news/index.html");
    assert_eq!((answer, shown.len()), (Value::Null, 0));
    client.shutdown();
}

#[test]
fn renames_that_would_break_a_url_get_no_edit_and_a_message() {
    let mut client = Client::start_at("fixtures/server/rename", json!({}));
    let refused = |why: &str| {
        vec![json!({"type": 2, "message": format!("sitelint: links are not updated: {why}")})]
    };
    // the new URL is another page's
    let (answer, shown) = will_rename(&mut client, "about.md", "news.md");
    assert_eq!(answer, Value::Null);
    assert_eq!(
        shown,
        refused("`news.md` would be served at `/news/`, which `news.html` already serves")
    );
    // a `redirect_from` that is not a list: it would be lost
    let (answer, shown) = will_rename(&mut client, "history.md", "story.md");
    assert_eq!(answer, Value::Null);
    assert_eq!(
        shown,
        refused(
            "the front matter of `history.md` cannot take a `redirect_from` to keep `/history/`"
        )
    );
    // out of the posts: `migrate move` does that
    let (answer, shown) = will_rename(&mut client, "_posts/2024-02-01-launch.md", "launch.md");
    assert_eq!(answer, Value::Null);
    assert_eq!(
        shown,
        refused(
            "`_posts/2024-02-01-launch.md` would move to another collection; use `sitelint migrate move` for that"
        )
    );
    // into a folder Jekyll does not publish
    let (answer, shown) = will_rename(&mut client, "about.md", "_drafts/about.md");
    assert_eq!(answer, Value::Null);
    assert_eq!(
        shown,
        refused(
            "`_drafts/about.md` is in a folder Jekyll does not publish, so `about.md` would no longer be served"
        )
    );
    // out of the site
    for outside in ["../about.md", "guides/../../about.md"] {
        let (answer, shown) = will_rename(&mut client, "about.md", outside);
        assert_eq!(answer, Value::Null);
        assert_eq!(
            shown,
            refused("`about.md` would leave the site, and the links to it would break")
        );
    }
    // without jekyll-redirect-from the old URL cannot be kept
    std::fs::write(
        client.root.join("_config.yml"),
        "permalink: /news/:year/:month/:day/:title/\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": client.uri("_config.yml"), "type": 2}]}),
    );
    let (answer, shown) = will_rename(&mut client, "about.md", "about-us.md");
    assert_eq!(answer, Value::Null);
    assert_eq!(
        shown,
        refused(
            "`about.md` would move from `/about/` to `/about-us/`, and the site does not enable `jekyll-redirect-from`, so a `redirect_from` cannot keep the old URL; add the plugin, or pin the URL with a `permalink`"
        )
    );
    client.shutdown();
}
