//! A test helper for `scripts/yaml-psych-check`, not a user command:
//! generates front matter documents, and prints one JSON line per document
//! with sitelint's reading of it and the results of `set-key`, `rename-key`
//! and `drop-key` on it. The script loads each with Ruby's Psych and compares.
//!
//!     sitelint-yaml-oracle [COUNT] [SEED]
//!     find SITE -name '*.md' | sitelint-yaml-oracle --files

use std::io::Write;

use serde_json::{Value as Json, json};
use sitelint::migrate::keys::{self, NewValue, Outcome};
use sitelint::text::front_matter::{self, FrontMatter};
use sitelint::text::yaml::{Limits, Node, NodeKind, Value};
use sitelint::text::yaml_write;

/// xorshift64*: deterministic for a seed, no dependency.
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
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const KEYS: &[&str] = &[
    "title",
    "layout",
    "date",
    "tags",
    "excerpt",
    "description",
    "time",
    "count",
    "sitemap",
    "author",
    "a b",
    "x-y",
    "n",
    "permalink",
];

/// Scalars YAML 1.1 gives meaning to, and text around them.
const SCALARS: &[&str] = &[
    "12:30",
    "1:20:30",
    "190:20:30.15",
    "1.0e3",
    "1.0e+3",
    "19:30",
    "-1:30",
    "1_000",
    "1,000",
    "010",
    "08",
    "0x1F",
    "0b11",
    "0o17",
    "1.",
    ".5",
    "-.5",
    "3",
    "-12",
    "0",
    "1.5",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "true",
    "False",
    "null",
    "~",
    ".inf",
    "-.Inf",
    ".nan",
    "2020-01-01",
    "2020-1-1",
    "2021-02-30",
    "2020-01-01 10:00:00",
    "2020-01-01T10:00:00Z",
    "2020-01-01 10:00:00 +0100",
    "Hello world",
    "a, b",
    "C#",
    "don't",
    "v1.0",
    "1.2.3",
    "été",
    "http://example.org/a#b",
    "a:b",
    "say \"hi\"",
    "1e3",
    "inf",
    "=",
    "_x",
    "$5",
    "+1",
    "1:60",
    "a \"b,\" c",
    "a 'b? c",
    "x # y",
    "a: b",
    "- x",
    "[a, b",
    "it's",
    "@x",
    "%x",
    "`x`",
    "a\tb",
    "*nope",
    "&",
    "|",
    ">-",
];

/// Values `set-key` is asked to write, including ones YAML would misread.
const NEW_VALUES: &[&str] = &[
    "hello",
    "false",
    "true",
    "3",
    "1.5",
    "2024-01-31",
    "19:30",
    "1:20:30",
    "yes",
    "no",
    "on",
    "010",
    "0x1F",
    "1_000",
    "1.0e+3",
    "null",
    "~",
    "",
    "#heading",
    "a: b",
    "a #b",
    "- x",
    "[x]",
    "{x}",
    "&a",
    "*a",
    "!t",
    "|",
    ">",
    "'q'",
    "\"q\"",
    "%x",
    "@x",
    " lead",
    "trail ",
    "a\nb",
    "tab\tin",
    ":sym",
    "2020-01-01 10:00:00",
    "Pride - a history",
    "a, b",
    "été",
    "C#",
];

const NEW_KEYS: &[&str] = &[
    "name", "#heading", "a: b", "a b", "yes", "3", "x-y", "-x", "? q", "[k]", "é",
];

fn scalar(rng: &mut Rng) -> String {
    let s = rng.pick(SCALARS);
    match rng.below(6) {
        0 => format!("'{}'", s.replace('\'', "''")),
        1 => yaml_write::double_quoted(s),
        _ => s.to_string(),
    }
}

/// One front matter document (the text between the fences).
fn document(rng: &mut Rng) -> String {
    let flow = rng.chance(8);
    let indent = if !flow && rng.chance(8) { "  " } else { "" };
    let n = 1 + rng.below(6);
    let mut keys: Vec<&str> = Vec::new();
    for _ in 0..n {
        keys.push(rng.pick(KEYS));
    }
    if flow {
        let parts: Vec<String> = keys
            .iter()
            .map(|k| {
                let v = rng.pick(SCALARS);
                format!(
                    "{}: {}",
                    k,
                    yaml_write::quote_str(v, yaml_write::Context::Flow)
                )
            })
            .collect();
        return format!("{{{}}}\n", parts.join(", "));
    }
    let mut out = String::new();
    let mut anchors: Vec<String> = Vec::new();
    let mut map_anchor: Option<String> = None;
    if rng.chance(10) {
        out.push_str(&format!(
            "{indent}defaults: &m\n{indent}  layout: post\n{indent}  count: 3\n"
        ));
        map_anchor = Some("m".into());
    }
    for (i, key) in keys.iter().enumerate() {
        let key = if key.contains(' ') && rng.chance(50) {
            format!("\"{key}\"")
        } else {
            key.to_string()
        };
        let value = match rng.below(14) {
            0 => String::new(),
            1 => "  # note".into(),
            2 => format!("|\n{indent}  {}\n{indent}  more", rng.pick(SCALARS)),
            3 => format!(">-\n{indent}  {}", rng.pick(SCALARS)),
            4 => format!("\n{indent}  - {}\n{indent}  - {}", scalar(rng), scalar(rng)),
            5 => format!(
                "[{}, {}]",
                rng.pick(&["a", "b", "1", "yes"]),
                rng.pick(&["c", "2020-01-01"])
            ),
            6 => {
                let name = format!("a{i}");
                anchors.push(name.clone());
                format!("&{name} {}", scalar(rng))
            }
            7 if !anchors.is_empty() => format!("*{}", anchors[rng.below(anchors.len())]),
            8 if map_anchor.is_some() => {
                out.push_str(&format!("{indent}<<: *m\n"));
                scalar(rng)
            }
            9 => format!("{}  # c", scalar(rng)),
            _ => scalar(rng),
        };
        if value.is_empty() || value.starts_with('\n') || value.starts_with("  #") {
            out.push_str(&format!("{indent}{key}:{value}\n"));
        } else {
            out.push_str(&format!("{indent}{key}: {value}\n"));
        }
    }
    out
}

fn encode(node: &Node) -> Json {
    match &node.kind {
        NodeKind::Scalar(s) => match &s.value {
            Value::Null => json!(["null"]),
            Value::Bool(b) => json!(["bool", b]),
            Value::Int(i) => json!(["int", i]),
            Value::Float(f) if f.is_nan() => json!(["float", "nan"]),
            Value::Float(f) if f.is_infinite() => {
                json!(["float", if *f > 0.0 { "inf" } else { "-inf" }])
            }
            Value::Float(f) => json!(["float", f]),
            Value::Date { year, month, day } => {
                json!(["date", format!("{year:04}-{month:02}-{day:02}")])
            }
            Value::Time(t) => json!([
                "time",
                [
                    t.year,
                    t.month,
                    t.day,
                    t.hour,
                    t.minute,
                    t.second,
                    t.offset_minutes.unwrap_or(0)
                ]
            ]),
            Value::Str => json!(["str", s.text]),
        },
        NodeKind::Seq(items) => json!(["seq", items.iter().map(encode).collect::<Vec<_>>()]),
        NodeKind::Map(entries) => json!([
            "map",
            entries
                .iter()
                .map(|e| json!([encode(&e.key), encode(&e.value)]))
                .collect::<Vec<_>>()
        ]),
        NodeKind::Alias => json!(["alias"]),
    }
}

fn reading(text: &str) -> Json {
    match front_matter::parse(text, Limits::default()) {
        FrontMatter::Closed(b) => match b.data {
            Ok(Some(node)) => encode(&node),
            Ok(None) => json!(["null"]),
            Err(e) => json!(["error", e.message]),
        },
        _ => json!(["error", "no front matter"]),
    }
}

/// The YAML between the fences of an edited file.
fn yaml_of(text: &str) -> String {
    match front_matter::parse(text, Limits::default()) {
        FrontMatter::Closed(b) => text[b.yaml.clone()].to_string(),
        _ => String::new(),
    }
}

fn outcome(text: &str, o: Outcome) -> Json {
    match o {
        Outcome::Unchanged => json!({"result": "unchanged"}),
        Outcome::Skipped(why) => json!({"result": "skipped", "why": why}),
        Outcome::Edited(edits) => {
            let refs: Vec<_> = edits.iter().collect();
            let new = sitelint::fix::apply(text, &refs);
            json!({"result": "edited", "yaml": yaml_of(&new)})
        }
    }
}

/// `--files`: the reading of each file named on standard input (front
/// matter, or the whole file for `.yml`), with no edits.
fn read_files(out: &mut impl Write) {
    for path in std::io::stdin().lines().map_while(Result::ok) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let (yaml, reading) = if path.ends_with(".yml") || path.ends_with(".yaml") {
            let r = match sitelint::text::yaml::parse(&text, 0..text.len(), Limits::default()) {
                Ok(Some(node)) => encode(&node),
                Ok(None) => json!(["null"]),
                Err(e) => json!(["error", e.message]),
            };
            (text.clone(), r)
        } else {
            match front_matter::parse(&text, Limits::default()) {
                FrontMatter::Closed(_) => (yaml_of(&text), reading(&text)),
                _ => continue,
            }
        };
        let line = json!({"path": path, "yaml": yaml, "reading": reading, "ops": []});
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--files") {
        let stdout = std::io::stdout();
        read_files(&mut std::io::BufWriter::new(stdout.lock()));
        return;
    }
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    for _ in 0..count {
        let yaml = document(&mut rng);
        let text = format!("---\n{yaml}---\nbody\n");
        let key = if rng.chance(80) {
            yaml.lines()
                .filter_map(|l| {
                    l.trim_start()
                        .split_once(':')
                        .map(|(k, _)| k.trim_matches('"'))
                })
                .find(|k| KEYS.contains(k))
                .unwrap_or("title")
        } else {
            rng.pick(KEYS)
        };
        let value = rng.pick(NEW_VALUES);
        let typed = rng.chance(70);
        let new_value = NewValue {
            text: value.into(),
            typed,
        };
        let intended = match typed.then(|| yaml_write::typed(value)).flatten() {
            Some((literal, _)) => {
                let probe = format!("---\nk: {literal}\n---\n");
                match reading(&probe) {
                    Json::Array(a) if a.len() == 2 => a[1][0][1].clone(),
                    other => other,
                }
            }
            None => json!(["str", value]),
        };
        let new_key = rng.pick(NEW_KEYS);
        let ops = vec![
            json!({"op": "set", "key": key, "value": value, "typed": typed, "intended": intended,
                   "outcome": outcome(&text, keys::set_in_text(&text, key, &new_value))}),
            json!({"op": "rename", "key": key, "new": new_key,
                   "outcome": outcome(&text, keys::rename_in_text(&text, key, new_key))}),
            json!({"op": "drop", "key": key,
                   "outcome": outcome(&text, keys::drop_in_text(&text, key, None))}),
        ];
        // a string built from pieces YAML gives meaning to, written by the
        // quoting function for a block and a flow context
        let pieces = [
            "1", "0", ":", ".", "-", "_", ",", "e", "+", "x", "b", " ", "#", "y", "es", "n", "o",
            "2020", "T", "~", "'", "\"", "\\", "\n", "\t", "[", "{", "&", "*", "!", "|", ">", "%",
            "@", "`", "é", "\u{85}", "\u{2028}", "\u{feff}", "\u{7}", "null", "true",
        ];
        let quoted: String = (0..rng.below(7)).map(|_| rng.pick(&pieces)).collect();
        let quoting = json!({
            "text": quoted,
            "block": yaml_write::quote_str(&quoted, yaml_write::Context::Block),
            "flow": yaml_write::quote_str(&quoted, yaml_write::Context::Flow),
        });
        let line = json!({"yaml": yaml, "reading": reading(&text), "ops": ops, "quoting": quoting});
        if writeln!(out, "{line}").is_err() {
            return; // the reader stopped
        }
    }
}
