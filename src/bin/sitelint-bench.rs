//! `sitelint-bench generate DEST --docs N [--seed S]`: a deterministic
//! synthetic Jekyll site for benchmarks: N documents across collections with
//! realistic front matter, internal links (mostly good, some broken),
//! images, headings, and prose with terms the language rules flag and terms
//! they must not flag.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;

// The allocator `sitelint` uses (src/main.rs), so that `server` measures
// what an editor gets.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::{Path, PathBuf};

#[path = "../bench/adversarial.rs"]
mod adversarial;

/// xorshift64*: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const COLLECTIONS: &[(&str, &str, bool)] = &[
    ("news", "/news/:year/:month/:day/:title/", true),
    ("archives", "/archives/:year/:month/:day/:title/", true),
    ("events", "/event/:name/", true),
    ("publications", "/publication/:title/", false),
    ("team", "/team/:title/", false),
];

const WORDS: &[&str] = &[
    "network",
    "members",
    "colleagues",
    "department",
    "workplace",
    "support",
    "inclusion",
    "event",
    "mentoring",
    "programme",
    "conference",
    "allies",
    "community",
    "training",
    "policy",
    "guidance",
    "volunteers",
    "regional",
    "social",
    "history",
    "month",
    "pride",
    "visibility",
    "celebrate",
    "together",
    "career",
    "development",
    "wellbeing",
    "resources",
    "survey",
    "feedback",
    "chair",
];

const PHRASES: &[&str] = &[
    "our LGBT+ colleagues across the Civil Service",
    "lesbian, gay, bisexual and trans people",
    "a trans woman spoke about her career",
    "cisgendered colleagues were invited too",
    "please share your preferred pronouns",
    "we will not turn a blind eye to bullying",
    "able-bodied and disabled members alike",
    "coloured smoke filled the stage",
    "the Campaign for Homosexual Equality archive",
    "queer history walks in the city",
];

fn title(rng: &mut Rng) -> String {
    let n = 3 + rng.below(5);
    let mut words: Vec<String> = (0..n).map(|_| rng.pick(WORDS).to_string()).collect();
    if let Some(first) = words.first_mut() {
        let mut c = first.chars();
        if let Some(f) = c.next() {
            *first = f.to_uppercase().collect::<String>() + c.as_str();
        }
    }
    words.join(" ")
}

fn slug(s: &str) -> String {
    s.to_lowercase().replace(' ', "-")
}

struct Doc {
    collection: usize,
    rel: String,
    url: String,
}

pub fn generate(dest: &Path, docs: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng(seed.max(1));
    std::fs::create_dir_all(dest.join("_layouts"))?;
    std::fs::create_dir_all(dest.join("assets/images"))?;
    let mut config = String::from(
        "title: Generated Network\nurl: \"https://www.example.org\"\npermalink: pretty\ncollections:\n",
    );
    for (name, permalink, _) in COLLECTIONS {
        let _ = write!(
            config,
            "  {name}:\n    output: true\n    permalink: {permalink}\n"
        );
    }
    config.push_str("defaults:\n  - scope: {path: \"\"}\n    values: {layout: page}\n");
    std::fs::write(dest.join("_config.yml"), config)?;
    std::fs::write(
        dest.join("_layouts/page.html"),
        "<main>{{ content }}</main>\n",
    )?;
    let images = 50;
    for i in 0..images {
        std::fs::write(dest.join(format!("assets/images/photo-{i}.jpg")), [0u8; 64])?;
    }
    // plan every document first, so links can point at real ones
    let mut plan = Vec::with_capacity(docs);
    let mut used = std::collections::HashSet::new();
    for i in 0..docs {
        let c = rng.below(COLLECTIONS.len());
        let (name, _, dated) = COLLECTIONS[c];
        let t = format!("{} {i}", title(&mut rng));
        let s = slug(&t);
        let (y, m, d) = (2014 + rng.below(11), 1 + rng.below(12), 1 + rng.below(28));
        let rel = if dated {
            format!("_{name}/{y:04}-{m:02}-{d:02}-{s}.md")
        } else {
            format!("_{name}/{s}.md")
        };
        if !used.insert(rel.clone()) {
            continue;
        }
        let url = match name {
            "news" | "archives" => format!("/{name}/{y:04}/{m:02}/{d:02}/{s}/"),
            "events" => format!("/event/{y:04}-{m:02}-{d:02}-{s}/"),
            "publications" => format!("/publication/{s}/"),
            _ => format!("/team/{s}/"),
        };
        plan.push((
            Doc {
                collection: c,
                rel,
                url,
            },
            t,
            (y, m, d),
        ));
    }
    for (i, (doc, t, (y, m, d))) in plan.iter().enumerate() {
        let mut text = String::with_capacity(4096);
        let _ = write!(
            text,
            "---\ntitle: \"{t}\"\ndate: {y:04}-{m:02}-{d:02}\nauthor: Author {}\n",
            rng.below(40)
        );
        let _ = writeln!(text, "excerpt: \"{}\"", PHRASES[rng.below(PHRASES.len())]);
        if rng.below(3) == 0 {
            let _ = writeln!(
                text,
                "image: /assets/images/photo-{}.jpg\nimage-alt: A photo",
                rng.below(images)
            );
        }
        if COLLECTIONS[doc.collection].0 == "archives" && rng.below(2) == 0 {
            let _ = writeln!(text, "redirect_from: /news/{y:04}/{m:02}/{d:02}/old-{i}/");
        }
        text.push_str("---\n\n");
        let paragraphs = 3 + rng.below(6);
        for p in 0..paragraphs {
            if p % 3 == 1 {
                let _ = writeln!(text, "## {}\n", title(&mut rng));
            }
            let sentences = 2 + rng.below(4);
            for _ in 0..sentences {
                let n = 8 + rng.below(12);
                let mut words: Vec<String> = (0..n).map(|_| rng.pick(WORDS).to_string()).collect();
                if rng.below(4) == 0 {
                    words.push(PHRASES[rng.below(PHRASES.len())].to_string());
                }
                if rng.below(3) == 0 {
                    let target = &plan[rng.below(plan.len())].0;
                    let broken = rng.below(20) == 0;
                    let url = if broken {
                        format!("{}missing/", target.url)
                    } else {
                        target.url.clone()
                    };
                    words.push(format!("[read more]({url})"));
                }
                if rng.below(10) == 0 {
                    words.push(format!(
                        "![A photo of members](/assets/images/photo-{}.jpg)",
                        rng.below(images + 2)
                    ));
                }
                let _ = write!(text, "{}. ", words.join(" "));
            }
            text.push_str("\n\n");
        }
        let path: PathBuf = dest.join(&doc.rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

/// `sitelint-bench adversarial keys|urls|links DEST`: the adversarial
/// sites of issue 17 at their full sizes.
fn adversarial_main(args: &[String]) {
    let usage = "usage: sitelint-bench adversarial keys|urls|links DEST";
    let (Some(kind), Some(dest)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let dest = PathBuf::from(dest);
    if dest.exists() {
        eprintln!(
            "sitelint-bench: `{}` exists; choose a new folder",
            dest.display()
        );
        std::process::exit(2);
    }
    let done = match kind.as_str() {
        "keys" => adversarial::keys(&dest, 10_000),
        "urls" => adversarial::urls(&dest, 50_000, 10_000),
        "links" => adversarial::links(&dest, 1_000, 100_000, 100),
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    if let Err(e) = done {
        eprintln!("sitelint-bench: {e}");
        std::process::exit(2);
    }
    println!(
        "generated the adversarial `{kind}` site in {}",
        dest.display()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("server") {
        return server_latency(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("adversarial") {
        adversarial_main(&args[1..]);
        return;
    }
    let usage = "usage: sitelint-bench generate DEST --docs N [--seed S]\n       sitelint-bench server SITE FILE [--runs N]\n       sitelint-bench adversarial keys|urls|links DEST";
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{usage}");
        return;
    }
    // (a DEST that looks like an option is a mistake, not a folder name)
    if args.first().map(String::as_str) != Some("generate")
        || args.len() < 2
        || args[1].starts_with('-')
    {
        eprintln!("{usage}");
        std::process::exit(2);
    }
    let dest = PathBuf::from(&args[1]);
    let mut docs = 1000;
    let mut seed = 42;
    let mut i = 2;
    while i < args.len() {
        let value = args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                eprintln!("{usage}");
                std::process::exit(2)
            });
        match args[i].as_str() {
            "--docs" => docs = value as usize,
            "--seed" => seed = value,
            _ => {
                eprintln!("{usage}");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    if dest.exists() {
        eprintln!(
            "sitelint-bench: `{}` exists; choose a new folder",
            dest.display()
        );
        std::process::exit(2);
    }
    if let Err(e) = generate(&dest, docs, seed) {
        eprintln!("sitelint-bench: {e}");
        std::process::exit(2);
    }
    println!("generated {docs} documents in {}", dest.display());
}

/// `sitelint-bench server SITE FILE [--runs N]`: the language server's
/// latency, in-process over an in-memory connection, on FILE (relative to
/// SITE): the time from a change to its diagnostics with no debounce (what
/// an editor waits for after the debounce), and the time to answer a
/// completion of link targets after `](/`. Prints medians in milliseconds.
fn server_latency(args: &[String]) {
    use lsp_server::{Connection, Message, Notification, Request};
    use serde_json::{Value, json};
    use std::time::{Duration, Instant};
    let usage = "usage: sitelint-bench server SITE FILE [--runs N]";
    let (Some(site), Some(rel)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let runs: usize = match args.get(2).map(String::as_str) {
        Some("--runs") => args.get(3).and_then(|v| v.parse().ok()).unwrap_or(20),
        _ => 20,
    };
    let root = std::path::absolute(site).expect("an absolute path");
    let file = root.join(rel);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        eprintln!("sitelint-bench: cannot read `{}`: {e}", file.display());
        std::process::exit(2)
    });
    let uri = format!("file://{}", file.display());
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || sitelint::server::serve(&server));
    let send = |m: Message| client.sender.send(m).expect("the server listens");
    let wait = |id: Option<i32>| -> Value {
        loop {
            let m = client
                .receiver
                .recv_timeout(Duration::from_secs(300))
                .expect("the server answers");
            match (m, id) {
                (Message::Response(r), Some(id)) if r.id == id.into() => {
                    return r.response_result.unwrap_or(Value::Null);
                }
                (Message::Notification(n), None)
                    if n.method == "textDocument/publishDiagnostics" =>
                {
                    return n.params;
                }
                _ => {}
            }
        }
    };
    let notify = |method: &str, params: Value| {
        send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    };
    send(Message::Request(Request::new(
        1.into(),
        "initialize".into(),
        json!({"processId": null, "rootUri": format!("file://{}", root.display()),
               "capabilities": {}, "initializationOptions": {"debounceMs": 0}}),
    )));
    wait(Some(1));
    notify("initialized", json!({}));
    let t = Instant::now();
    notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let first = wait(None);
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    let lines = text.split('\n').count() as u32;
    let mut version = 1;
    let mut change_ms = Vec::new();
    for i in 0..runs {
        version += 1;
        // a character typed on a new last line, then taken away
        let edit = if i % 2 == 0 {
            json!({"range": {"start": {"line": lines, "character": 0}, "end": {"line": lines, "character": 0}}, "text": "x"})
        } else {
            json!({"range": {"start": {"line": lines, "character": 0}, "end": {"line": lines, "character": 1}}, "text": ""})
        };
        let t = Instant::now();
        notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [edit]}),
        );
        wait(None);
        change_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // a character typed in the front matter (line 2), then taken away:
    // the URL index and the statistics are built again
    let mut front_ms = Vec::new();
    for i in 0..runs {
        version += 1;
        let edit = if i % 2 == 0 {
            json!({"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "x"})
        } else {
            json!({"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 1}}, "text": ""})
        };
        let t = Instant::now();
        notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [edit]}),
        );
        wait(None);
        front_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    version += 1;
    notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [
            {"range": {"start": {"line": lines, "character": 0}, "end": {"line": lines, "character": 0}}, "text": "[x](/"}]}),
    );
    wait(None);
    let mut complete_ms = Vec::new();
    let mut items = 0;
    for i in 0..runs {
        let id = 100 + i as i32;
        let t = Instant::now();
        send(Message::Request(Request::new(
            id.into(),
            "textDocument/completion".into(),
            json!({"textDocument": {"uri": uri}, "position": {"line": lines, "character": 5}}),
        )));
        let list = wait(Some(id));
        complete_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        items = list["items"].as_array().map_or(0, Vec::len);
    }
    send(Message::Request(Request::new(
        9999.into(),
        "shutdown".into(),
        Value::Null,
    )));
    wait(Some(9999));
    notify("exit", Value::Null);
    let _ = thread.join();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let findings = first["diagnostics"].as_array().map_or(0, Vec::len);
    println!("site\t{}", root.display());
    println!("file\t{rel} ({findings} findings on open)");
    println!("open to first diagnostics\t{open_ms:.1} ms");
    println!(
        "body change to diagnostics (median of {runs}, no debounce)\t{:.1} ms (min {:.1}, max {:.1})",
        median(&mut change_ms),
        change_ms[0],
        change_ms[change_ms.len() - 1]
    );
    println!(
        "front matter change to diagnostics (median of {runs}, no debounce)\t{:.1} ms (min {:.1}, max {:.1})",
        median(&mut front_ms),
        front_ms[0],
        front_ms[front_ms.len() - 1]
    );
    println!(
        "completion after `](/` (median of {runs}, {items} items)\t{:.2} ms (min {:.2}, max {:.2})",
        median(&mut complete_ms),
        complete_ms[0],
        complete_ms[complete_ms.len() - 1]
    );
}
