//! Settings files: any bytes as `_config.yml`, as `.sitelint.yml`, and as
//! the `sitelint:` section of `_config.yml`, read and validated as a run
//! reads them (the `language` and `schema` sections by their own readers).
//! Never a panic, and never a problem swallowed: a YAML error in either
//! file is kept (for the `CFG` checks, or to stop the run with its line and
//! column); settings that pass validation and `check_rules` are read whole
//! (every `select`, `ignore`, `severity` and `per-path-ignores` entry
//! written is one the run applies); collection folders stay inside the
//! site.
#![no_main]
use std::path::Path;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use sitelint::checks::{self, language, selector_matches};
use sitelint::config::Config;
use sitelint::diagnostic::Rule;
use sitelint::settings::{self, Settings};
use sitelint::site::{LoadError, Site};
use sitelint::text::source::SourceFile;
use sitelint::text::yaml::{self, Limits, Node};

/// A folder that does not exist: nothing the settings name can be read.
const ROOT: &str = "/nonexistent/sitelint-fuzz";

fn source(name: &str, text: &str) -> Arc<SourceFile> {
    Arc::new(SourceFile::new(
        name,
        Path::new(ROOT).join(name),
        text.to_string(),
    ))
}

/// A control or invisible character printed raw (an error message is one
/// line, and what it quotes from the site is escaped).
fn raw_control(s: &str) -> Option<char> {
    s.chars().find(|&c| sitelint::report::escape::is_escaped(c))
}

fn parses(file: &SourceFile) -> bool {
    let start = if file.has_bom() { 3 } else { 0 };
    yaml::parse(&file.text, start..file.text.len(), Limits::default()).is_ok()
}

/// The scalars of a value that is one scalar or a list of them (as
/// `check_rules` walks them).
fn items(node: Option<&Node>) -> Vec<&Node> {
    match node {
        None => Vec::new(),
        Some(n) if n.is_null() => Vec::new(),
        Some(n) => match n.as_seq() {
            Some(items) => items.iter().collect(),
            None => vec![n],
        },
    }
}

fn check_settings(settings: &Settings, own: bool, rules: &[&Rule]) {
    let file = settings.file.as_deref();
    if own {
        let file = file.expect("`.sitelint.yml` is kept");
        if !parses(file) {
            assert!(
                settings.error.is_some(),
                "a YAML error in `.sitelint.yml` is kept"
            );
        }
    }
    if let Some(e) = &settings.error {
        let file = file.expect("an error names its file");
        assert!(
            e.offset <= file.text.len(),
            "error offset {} past the end",
            e.offset
        );
        let _ = file.line_col(e.offset);
        assert!(!e.message.is_empty());
        assert!(
            settings.data.is_none(),
            "settings with an error are not used"
        );
        assert!(settings.select.is_empty() && settings.ignore.is_empty());
        assert!(settings.severity.is_empty() && settings.per_path_ignores.is_empty());
        return;
    }
    let Some(data) = &settings.data else {
        assert!(settings.select.is_empty() && settings.ignore.is_empty());
        return;
    };
    if let Some(map) = data.as_map() {
        for e in map {
            let key = e.key.scalar_text().unwrap_or("");
            assert!(
                settings::KEYS.contains(&key),
                "unknown key `{key}` passes validation"
            );
        }
    } else {
        assert!(
            data.is_null(),
            "settings that are a {} pass validation",
            data.type_name()
        );
    }
    if settings.check_rules(rules).is_err() {
        return;
    }
    // Valid settings are read whole: each entry written is applied.
    for (key, read) in [("select", &settings.select), ("ignore", &settings.ignore)] {
        let written = items(data.get(key));
        assert_eq!(
            written.len(),
            read.len(),
            "`{key}`: {written:?} read as {read:?}"
        );
        for (node, name) in written.iter().zip(read) {
            assert_eq!(node.scalar_text(), Some(name.as_str()));
            assert!(
                rules.iter().any(|r| selector_matches(name, r)),
                "`{name}` names no rule"
            );
        }
    }
    if let Some(map) = data.get("severity").and_then(Node::as_map) {
        assert_eq!(
            map.len(),
            settings.severity.len(),
            "`severity` entries dropped"
        );
    }
    if let Some(map) = data.get("per-path-ignores").and_then(Node::as_map) {
        assert_eq!(
            map.len(),
            settings.per_path_ignores.len(),
            "`per-path-ignores` entries dropped"
        );
        for (e, (glob, read)) in map.iter().zip(&settings.per_path_ignores) {
            assert_eq!(e.key.scalar_text(), Some(glob.as_str()));
            assert_eq!(
                items(Some(&e.value)).len(),
                read.len(),
                "`per-path-ignores` `{glob}`"
            );
        }
    }
}

fn check_config(file: &Arc<SourceFile>) -> Config {
    let config = Config::from_source(Arc::clone(file));
    if !parses(file) {
        assert!(
            config.error.is_some(),
            "a YAML error in `_config.yml` is kept"
        );
    }
    if let Some(e) = &config.error {
        assert!(e.offset <= file.text.len());
        let _ = file.line_col(e.offset);
        assert!(!e.message.is_empty());
    }
    assert_eq!(config.collections[0].name, "posts");
    for c in &config.collections {
        let inside = !c.dir.starts_with('/') && !c.dir.split('/').any(|s| s == "..");
        assert!(
            inside,
            "collection `{}` in `{}`, outside the site",
            c.name, c.dir
        );
    }
    for rel in ["index.md", "_posts/2020-01-01-a.md", "a/b/c.html"] {
        for &i in config.defaults_for(rel).iter() {
            assert!(i < config.defaults.len());
        }
        let _ = (
            config.excluded(rel),
            config.included(rel),
            config.is_markdown(rel),
        );
        let _ = config.collection_of(rel);
    }
    config
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rules = checks::all_rules();
    let config_file = source("_config.yml", &text);
    // the same text as `.sitelint.yml` (beside a config that parses), and
    // as `_config.yml` with its `sitelint:` section
    let plain = source("_config.yml", "title: x\n");
    for (config_file, own) in [
        (&plain, Some(source(settings::FILE_NAME, &text))),
        (&config_file, None),
    ] {
        let config = check_config(config_file);
        let is_own = own.is_some();
        let settings = Settings::read(own, &config);
        check_settings(&settings, is_own, &rules);
        let had_error = settings.error.is_some();
        match Site::from_settings(Path::new(ROOT), config, settings) {
            Err(LoadError::Settings(message)) => {
                assert!(had_error);
                assert!(raw_control(&message).is_none(), "{message:?}");
                assert!(message.contains(".yml:"), "{message}");
            }
            Err(e) => panic!("{e}"),
            Ok(site) => {
                assert!(!had_error, "an error in the settings is reported");
                if let Err(message) = language::Engine::load(&site) {
                    assert!(!message.is_empty());
                    assert!(raw_control(&message).is_none(), "{message:?}");
                }
                if let Err(e) = sitelint::schema::settings::read(&site) {
                    let message = e.to_string();
                    assert!(!message.is_empty());
                    assert!(raw_control(&message).is_none(), "{message:?}");
                }
            }
        }
    }
});
