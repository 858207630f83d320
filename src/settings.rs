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

use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::Severity;
use crate::text::source::SourceFile;
use crate::text::yaml::{self, Limits, Node, YamlError};

#[derive(Debug, Default)]
pub struct Settings {
    /// The file the settings came from (`.sitelint.yml` or `_config.yml`).
    pub file: Option<Arc<SourceFile>>,
    /// The settings mapping.
    pub data: Option<Node>,
    /// A YAML error in `.sitelint.yml`.
    pub error: Option<YamlError>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity overrides by code, prefix or name.
    pub severity: Vec<(String, Severity)>,
    /// Glob patterns (relative to the site root) and the rules they ignore.
    pub per_path_ignores: Vec<(String, Vec<String>)>,
}

pub const FILE_NAME: &str = ".sitelint.yml";

impl Settings {
    /// Read `.sitelint.yml`, or else the `sitelint:` section of the config.
    pub fn load(root: &Path, config: &Config) -> std::io::Result<Settings> {
        let path = root.join(FILE_NAME);
        let mut settings = Settings::default();
        match crate::inside::read(root, &path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let file = Arc::new(SourceFile::new(FILE_NAME, path, text));
                let start = if file.has_bom() { 3 } else { 0 };
                match yaml::parse(&file.text, start..file.text.len(), Limits::default()) {
                    Ok(data) => settings.data = data,
                    Err(e) => settings.error = Some(e),
                }
                settings.file = Some(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let (Some(file), Some(data)) = (&config.file, &config.data)
                    && let Some(section) = data.get("sitelint")
                {
                    settings.file = Some(Arc::clone(file));
                    settings.data = Some(section.clone());
                }
            }
            Err(e) => return Err(e),
        }
        settings.read_common();
        Ok(settings)
    }

    /// A top-level section of the settings, e.g. `language`.
    pub fn section(&self, name: &str) -> Option<&Node> {
        self.data.as_ref()?.get(name)
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

/// A string or a list of strings.
pub fn strings(node: Option<&Node>) -> Vec<String> {
    match node {
        Some(n) => match n.as_seq() {
            Some(items) => items
                .iter()
                .filter_map(|i| i.scalar_text())
                .map(String::from)
                .collect(),
            None => n
                .scalar_text()
                .filter(|s| !s.is_empty())
                .map(|s| vec![s.to_string()])
                .unwrap_or_default(),
        },
        None => Vec::new(),
    }
}
