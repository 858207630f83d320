//! sitelint's own configuration: a `sitelint:` section of `_config.yml`, or
//! a `.sitelint.yml` file at the site root (a dotfile, so Jekyll never
//! publishes it). When both exist, `.sitelint.yml` wins and the section in
//! `_config.yml` is ignored (and said so in `--verbose` output).
//!
//! This module only finds the configuration and keeps it as a YAML tree
//! with spans; each check family reads its own section (`language`,
//! `schema`, `links`, ...) from it, so that problems in the configuration
//! point at their line.
//!
//! ```yaml
//! # .sitelint.yml
//! select: [ALL]            # codes, prefixes or names
//! ignore: [INC]
//! severity:                # re-grade rules
//!   FM003: error
//! per-path-ignores:
//!   "_archives/**": [LNK001]
//! ```
//!
//! Every key and value is validated when the settings are read (and every
//! rule named, once the site's own rules are known): a mistake ends the run
//! with exit code 2, naming the file, line and column, with a "did you
//! mean" when a known key or rule is close.

use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::{Rule, Severity};
use crate::text::distance::closest;
use crate::text::source::SourceFile;
use crate::text::yaml::{self, Entry, Limits, Node, Value, YamlError};

#[derive(Debug, Default)]
pub struct Settings {
    /// The file the settings came from (`.sitelint.yml` or `_config.yml`).
    pub file: Option<Arc<SourceFile>>,
    /// The settings mapping.
    pub data: Option<Node>,
    /// A YAML error in `.sitelint.yml`, or a key or value of the settings
    /// that sitelint does not know (see [`validate`]).
    pub error: Option<YamlError>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity overrides by code, prefix or name.
    pub severity: Vec<(String, Severity)>,
    /// Glob patterns (relative to the site root) and the rules they ignore.
    pub per_path_ignores: Vec<(String, Vec<String>)>,
}

pub const FILE_NAME: &str = ".sitelint.yml";

/// The top-level keys of the settings.
pub const KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "github-pages",
    "per-path-ignores",
    "links",
    "images",
    "language",
    "schema",
    "migrate",
    "cache",
];

impl Settings {
    /// Read `.sitelint.yml`, or else the `sitelint:` section of the config.
    pub fn load(root: &Path, config: &Config) -> std::io::Result<Settings> {
        let path = root.join(FILE_NAME);
        match crate::inside::read(root, &path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let file = Arc::new(SourceFile::new(FILE_NAME, path, text));
                Ok(Settings::read(Some(file), config))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::read(None, config)),
            Err(e) => Err(e),
        }
    }

    /// The settings in `file` (the text of `.sitelint.yml`), or else in
    /// the `sitelint:` section of the config, read and validated: a
    /// problem is kept in `error` (and then `data` is `None`).
    pub fn read(file: Option<Arc<SourceFile>>, config: &Config) -> Settings {
        let mut settings = Settings::default();
        match file {
            Some(file) => {
                let start = if file.has_bom() { 3 } else { 0 };
                match yaml::parse(&file.text, start..file.text.len(), Limits::default()) {
                    Ok(data) => settings.data = data,
                    Err(e) => settings.error = Some(e),
                }
                settings.file = Some(file);
            }
            None => {
                if let (Some(file), Some(data)) = (&config.file, &config.data)
                    && let Some(section) = data.get("sitelint")
                {
                    settings.file = Some(Arc::clone(file));
                    settings.data = Some(section.clone());
                }
            }
        }
        if settings.error.is_none()
            && let Some(data) = &settings.data
            && let Err(e) = validate(data)
        {
            settings.error = Some(e);
            settings.data = None;
        }
        settings.read_common();
        settings
    }

    /// `github-pages: true` or `false`: whether GitHub Pages builds the
    /// site, when the settings say so (see `site::plugins::github_pages`).
    pub fn github_pages(&self) -> Option<bool> {
        match self.section("github-pages")?.as_scalar()?.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// `cache: true` or `false`: whether `sitelint check` keeps its
    /// findings in `.sitelint_cache/` (see [`crate::cache`]), when the
    /// settings say so.
    pub fn cache(&self) -> Option<bool> {
        match self.section("cache")?.as_scalar()?.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// A top-level section of the settings, e.g. `language`.
    pub fn section(&self, name: &str) -> Option<&Node> {
        self.data.as_ref()?.get(name)
    }

    /// Every rule named in `select`, `ignore`, `severity` and
    /// `per-path-ignores` is one of `rules` (the built-in rules and the
    /// site's own); otherwise a message naming the file, line and column.
    pub fn check_rules(&self, rules: &[&Rule]) -> Result<(), String> {
        let (Some(file), Some(data)) = (&self.file, &self.data) else {
            return Ok(());
        };
        let mut named: Vec<(&Node, String)> = Vec::new();
        for key in ["select", "ignore"] {
            named.extend(items(data.get(key)).map(|n| (n, format!("`{key}`"))));
        }
        if let Some(map) = data.get("severity").and_then(Node::as_map) {
            named.extend(map.iter().map(|e| (&e.key, "`severity`".to_string())));
        }
        if let Some(map) = data.get("per-path-ignores").and_then(Node::as_map) {
            for e in map {
                let glob = e.key.scalar_text().unwrap_or("");
                named.extend(
                    items(Some(&e.value)).map(|n| (n, format!("`per-path-ignores` `{glob}`"))),
                );
            }
        }
        for (node, place) in named {
            let selector = node.scalar_text().unwrap_or("");
            if !rules
                .iter()
                .any(|r| crate::checks::selector_matches(selector, r))
            {
                let (line, col) = file.line_col(node.span.start);
                return Err(format!(
                    "invalid sitelint settings: {}:{line}:{col}: {}",
                    file.path.display(),
                    unknown_rule(selector, &place, rules)
                ));
            }
        }
        Ok(())
    }

    fn read_common(&mut self) {
        let Some(data) = self.data.clone() else {
            return;
        };
        self.select = strings(data.get("select"));
        self.ignore = strings(data.get("ignore"));
        if let Some(map) = data.get("severity").and_then(Node::as_map) {
            for e in map {
                if let (Some(k), Some(v)) = (e.key.scalar_text(), e.value.scalar_text())
                    && let Some(sev) = Severity::parse(v)
                {
                    self.severity.push((k.to_string(), sev));
                }
            }
        }
        if let Some(map) = data.get("per-path-ignores").and_then(Node::as_map) {
            for e in map {
                if let Some(glob) = e.key.scalar_text() {
                    self.per_path_ignores
                        .push((glob.to_string(), strings(Some(&e.value))));
                }
            }
        }
    }
}

/// "`X` in `select` names no rule; did you mean `Y`?" (`place` says where
/// the selector was written).
pub fn unknown_rule(selector: &str, place: &str, rules: &[&Rule]) -> String {
    let mut candidates: Vec<&str> = vec!["ALL"];
    for r in rules {
        if !candidates.contains(&r.family()) {
            candidates.push(r.family());
        }
        candidates.push(r.code);
        candidates.push(r.name);
    }
    match closest(selector, candidates) {
        Some(c) => format!("`{selector}` in {place} names no rule; did you mean `{c}`?"),
        None => format!(
            "`{selector}` in {place} names no rule (a code such as `FM001`, a prefix such as `LNK`, a name, or `ALL`; see `sitelint rules`)"
        ),
    }
}

/// The scalars of a value that is one scalar or a list of them.
fn items(node: Option<&Node>) -> impl Iterator<Item = &Node> {
    let list: &[Node] = match node {
        Some(n) => match n.as_seq() {
            Some(items) => items,
            None if n.is_null() => &[],
            None => std::slice::from_ref(n),
        },
        None => &[],
    };
    list.iter()
}

/// A size such as `1MB`, `500KB` or `250000` (bytes), in bytes.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim().to_ascii_uppercase();
    let (num, mult) = if let Some(n) = t.strip_suffix("MB") {
        (n, 1_000_000.0)
    } else if let Some(n) = t.strip_suffix("KB") {
        (n, 1_000.0)
    } else if let Some(n) = t.strip_suffix('B') {
        (n, 1.0)
    } else {
        (t.as_str(), 1.0)
    };
    let n = num.trim().parse::<f64>().ok()?;
    (n.is_finite() && n >= 0.0).then_some((n * mult) as u64)
}

/// Check the settings' keys and values, except the `language` and `schema`
/// sections, which their own readers validate (with the same exit code).
fn validate(data: &Node) -> Result<(), YamlError> {
    let err = |node: &Node, message: String| YamlError {
        offset: node.span.start,
        message,
        over_limit: false,
    };
    if data.is_null() {
        return Ok(());
    }
    let top = section(data, "the settings", KEYS)?;
    for e in top {
        let (key, v) = (e.key.scalar_text().unwrap_or(""), &e.value);
        match key {
            "select" | "ignore" => list(v, key)?,
            "severity" => {
                for s in section(v, "`severity`", &[])? {
                    let text = s.value.scalar_text().unwrap_or("");
                    if Severity::parse(text).is_none() {
                        let levels = ["error", "warning", "info"];
                        let help = match closest(text, levels) {
                            Some(c) => format!("did you mean `{c}`?"),
                            None => "expected `error`, `warning` or `info`".into(),
                        };
                        return Err(err(&s.value, format!("`{text}` is not a severity; {help}")));
                    }
                }
            }
            "per-path-ignores" => {
                for p in section(v, "`per-path-ignores`", &[])? {
                    if p.key.as_scalar().is_none() {
                        return Err(err(
                            &p.key,
                            format!(
                                "a key of `per-path-ignores` is a {}; write a path or glob",
                                p.key.type_name()
                            ),
                        ));
                    }
                    list(&p.value, "per-path-ignores")?;
                }
            }
            "links" => {
                for l in section(v, "`links`", &["external-prefixes", "generated-prefixes"])? {
                    list(&l.value, l.key.scalar_text().unwrap_or("external-prefixes"))?;
                }
            }
            "images" => {
                for i in section(v, "`images`", &["max-size", "alt-field"])? {
                    let text = i.value.scalar_text().filter(|_| !i.value.is_null());
                    match i.key.scalar_text() {
                        Some("max-size") if text.and_then(parse_size).is_none() => {
                            return Err(err(
                                &i.value,
                                format!(
                                    "`max-size` is `{}`; write a size in bytes, KB or MB, such as `1MB`",
                                    text.unwrap_or(i.value.type_name())
                                ),
                            ));
                        }
                        Some("alt-field") if text.is_none() => {
                            return Err(err(
                                &i.value,
                                "`alt-field` is the name of a front matter key".into(),
                            ));
                        }
                        _ => {}
                    }
                }
            }
            "github-pages" | "cache" if !matches!(v.as_scalar(), Some(s) if matches!(s.value, Value::Bool(_))) =>
            {
                return Err(err(
                    v,
                    format!("`{key}` is `true` or `false`, not a {}", v.type_name()),
                ));
            }
            "migrate" => {
                for m in section(v, "`migrate`", &["import"])? {
                    for i in section(&m.value, "`migrate.import`", &["front-matter"])? {
                        for f in section(&i.value, "`front-matter`", &[])? {
                            let key = f.key.scalar_text().unwrap_or("");
                            let writable = f.key.as_scalar().is_some()
                                && crate::text::yaml_write::quote_key(
                                    key,
                                    crate::text::yaml_write::Context::Block,
                                )
                                .is_some();
                            if !writable {
                                return Err(err(
                                    &f.key,
                                    format!(
                                        "`{key}` in `front-matter` is not a key `migrate import` can write"
                                    ),
                                ));
                            }
                            if f.value.as_scalar().is_none() {
                                return Err(err(
                                    &f.value,
                                    format!(
                                        "`{key}` in `front-matter` is a {}; write one value (a text, number, boolean or date)",
                                        f.value.type_name()
                                    ),
                                ));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The entries of a mapping (none for an empty value); with `known`
/// non-empty, every key is one of them.
fn section<'n>(node: &'n Node, what: &str, known: &[&str]) -> Result<&'n [Entry], YamlError> {
    if node.is_null() {
        return Ok(&[]);
    }
    let Some(map) = node.as_map() else {
        let is = if what == "the settings" { "are" } else { "is" };
        return Err(YamlError {
            offset: node.span.start,
            message: format!(
                "{what} {is} a mapping of `key: value`, not a {}",
                node.type_name()
            ),
            over_limit: false,
        });
    };
    if !known.is_empty() {
        for e in map {
            let key = e.key.scalar_text().unwrap_or("");
            if !known.contains(&key) {
                let within = if what == "the settings" {
                    String::new()
                } else {
                    format!(" in {what}")
                };
                return Err(YamlError {
                    offset: e.key.span.start,
                    message: format!("unknown key `{key}`{within}; {}", expected(key, known)),
                    over_limit: false,
                });
            }
        }
    }
    Ok(map)
}

/// "did you mean `select`?" when a known key is close to `key`, else the
/// list of known keys.
pub fn expected(key: &str, known: &[&str]) -> String {
    match closest(key, known.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!(
            "expected {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A value that is one string or a list of them.
fn list(node: &Node, what: &str) -> Result<(), YamlError> {
    let bad = match node.as_seq() {
        Some(items) => items
            .iter()
            .find(|i| i.as_scalar().is_none() || i.is_null()),
        None => node.as_scalar().is_none().then_some(node),
    };
    match bad {
        Some(b) => Err(YamlError {
            offset: b.span.start,
            message: format!(
                "`{what}` is a value or a list of values, not a {}",
                b.type_name()
            ),
            over_limit: false,
        }),
        None => Ok(()),
    }
}

/// A string or a list of strings.
pub fn strings(node: Option<&Node>) -> Vec<String> {
    match node {
        Some(n) => match n.as_seq() {
            Some(items) => items
                .iter()
                .filter_map(|i| i.scalar_text())
                .map(String::from)
                .collect(),
            // `~` or `null` is no value, as Psych reads it
            None if n.is_null() => Vec::new(),
            None => n
                .scalar_text()
                .filter(|s| !s.is_empty())
                .map(|s| vec![s.to_string()])
                .unwrap_or_default(),
        },
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(src: &str) -> Result<(), String> {
        let data = yaml::parse(src, 0..src.len(), Limits::default())
            .map_err(|e| e.message)?
            .expect("a document");
        validate(&data).map_err(|e| format!("{}: {}", e.offset, e.message))
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1MB"), Some(1_000_000));
        assert_eq!(parse_size("1.5 mb"), Some(1_500_000));
        assert_eq!(parse_size("500KB"), Some(500_000));
        assert_eq!(parse_size("2500"), Some(2500));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("-1MB"), None);
        assert_eq!(parse_size("NaN"), None);
    }

    #[test]
    fn validation_points_at_the_mistake() {
        assert_eq!(check("select: [FM]\nignore: INC\n"), Ok(()));
        assert_eq!(
            check("images:\n  max-size: lots\n"),
            Err("20: `max-size` is `lots`; write a size in bytes, KB or MB, such as `1MB`".into())
        );
        assert_eq!(
            check("links: [a]\n"),
            Err("7: `links` is a mapping of `key: value`, not a list".into())
        );
        assert_eq!(
            check("per-path-ignores:\n  x: {a: b}\n"),
            Err("23: `per-path-ignores` is a value or a list of values, not a mapping".into())
        );
    }
}
