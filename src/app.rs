//! The pipeline: find the site, load it, run the checks, keep the findings
//! for the paths asked about, print them, and decide the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::checks::{self, Selection};
use crate::cli::{CheckArgs, Color, RulesArgs, RulesFormat};
use crate::diagnostic::Diagnostic;
use crate::report::{self, Run};
use crate::site::{self, Limits, Site};

/// What ends a run early: bad arguments or an unreadable site (exit 2).
#[derive(Debug)]
pub struct Failure(pub String);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<site::LoadError> for Failure {
    fn from(e: site::LoadError) -> Failure {
        Failure(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure(format!("cannot write output: {e}"))
    }
}

/// The site and the parts of it the user asked about.
pub struct Target {
    pub root: PathBuf,
    /// Paths relative to the root (`/`-separated); empty means everything.
    pub only: Vec<String>,
}

impl Target {
    pub fn resolve(paths: &[PathBuf]) -> Result<Target, Failure> {
        let default = [PathBuf::from(".")];
        let paths = if paths.is_empty() {
            &default[..]
        } else {
            paths
        };
        for p in paths {
            if !p.exists() {
                return Err(Failure(format!("`{}` does not exist", p.display())));
            }
        }
        let root = site::find_root(&paths[0])?;
        let abs_root = std::path::absolute(&root).map_err(|e| Failure(e.to_string()))?;
        let mut only = Vec::new();
        for p in paths {
            let abs = std::path::absolute(p).map_err(|e| Failure(e.to_string()))?;
            let rel = normalize(&abs)
                .strip_prefix(normalize(&abs_root))
                .map_err(|_| {
                    Failure(format!(
                        "`{}` is not inside the site at `{}`; check one site at a time",
                        p.display(),
                        root.display()
                    ))
                })?
                .to_string_lossy()
                .replace('\\', "/");
            if rel.is_empty() {
                only.clear();
                return Ok(Target { root, only });
            }
            only.push(rel);
        }
        Ok(Target { root, only })
    }

    pub fn covers(&self, rel: &str) -> bool {
        self.only.is_empty()
            || self.only.iter().any(|p| {
                rel == p
                    || (rel.starts_with(p.as_str()) && rel.as_bytes().get(p.len()) == Some(&b'/'))
            })
    }
}

/// Remove `.` and `..` components without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub struct Checked {
    pub site: Site,
    pub target: Target,
    pub diagnostics: Vec<Diagnostic>,
}

/// Load and check; diagnostics are filtered to the target and sorted.
/// `selection` comes from the command line and is combined with the
/// site's settings: a command-line `--select` replaces the settings'
/// `select`; `--ignore` adds to the settings' `ignore`.
pub fn check_paths(paths: &[PathBuf], selection: &Selection) -> Result<Checked, Failure> {
    let target = Target::resolve(paths)?;
    let site = Site::load(&target.root, Limits::default())?;
    let settings = &site.settings;
    let selection = Selection {
        select: if selection.select.is_empty() {
            settings.select.clone()
        } else {
            selection.select.clone()
        },
        ignore: settings
            .ignore
            .iter()
            .chain(&selection.ignore)
            .cloned()
            .collect(),
    };
    let prepared = checks::prepare(&site).map_err(Failure)?;
    let unknown = selection.unknown_in(&prepared.rules());
    if !unknown.is_empty() {
        return Err(Failure(format!(
            "unknown rule selector(s): {}; see `sitelint rules`",
            unknown.join(", ")
        )));
    }
    let mut diagnostics = checks::run(&site, &selection, &prepared);
    diagnostics.retain(|d| target.covers(&d.file.rel));
    apply_settings(settings, &mut diagnostics);
    Ok(Checked {
        site,
        target,
        diagnostics,
    })
}

/// Severity overrides and per-path ignores from the settings.
fn apply_settings(settings: &crate::settings::Settings, diagnostics: &mut Vec<Diagnostic>) {
    if !settings.per_path_ignores.is_empty() {
        diagnostics.retain(|d| {
            !settings.per_path_ignores.iter().any(|(glob, rules)| {
                crate::config::path_matches(glob, &d.file.rel)
                    && rules.iter().any(|r| checks::selector_matches(r, d.rule))
            })
        });
    }
    for d in diagnostics.iter_mut() {
        // the most specific matching override wins: a code beats a prefix
        if let Some((_, sev)) = settings
            .severity
            .iter()
            .filter(|(sel, _)| checks::selector_matches(sel, d.rule))
            .max_by_key(|(sel, _)| sel.len())
        {
            d.severity = *sev;
        }
    }
}

/// `sitelint check`: returns the exit code (0 or 1).
pub fn check(args: &CheckArgs) -> Result<i32, Failure> {
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let checked = check_paths(&args.paths, &selection)?;
    let files_checked = checked
        .site
        .documents
        .iter()
        .filter(|d| {
            (d.is_rendered() || d.collection.is_some() || d.unchecked.is_some())
                && checked.target.covers(d.rel())
        })
        .count()
        + usize::from(checked.site.config.file.is_some() && checked.target.covers("_config.yml"));
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let run = Run {
        root: &checked.target.root,
        files_checked,
        color,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    report::write(
        args.format,
        &run,
        &checked.diagnostics,
        args.quiet,
        &mut out,
    )?;
    out.flush()?;
    let failed = args
        .fail_on
        .threshold()
        .is_some_and(|t| checked.diagnostics.iter().any(|d| d.severity >= t));
    Ok(if failed { 1 } else { 0 })
}

/// `sitelint rules`.
pub fn rules(args: &RulesArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let rules = checks::all_rules();
    match args.format {
        RulesFormat::Table => {
            for r in rules {
                writeln!(
                    out,
                    "{:<7} {:<28} {:<8} {:<9} {}",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.fix.as_str(),
                    r.summary
                )?;
            }
        }
        RulesFormat::Json => {
            let v: Vec<_> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code, "name": r.name, "family": r.family(),
                        "severity": r.severity.as_str(), "fix": r.fix.as_str(),
                        "summary": r.summary, "doc": r.doc,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &v).map_err(|e| Failure(e.to_string()))?;
            writeln!(out)?;
        }
        RulesFormat::Markdown => out.write_all(rule_table().as_bytes())?,
    }
    Ok(())
}

/// The README's rule table, generated from the rule definitions.
pub fn rule_table() -> String {
    let mut s =
        String::from("| Code | Name | Severity | Fix | What it reports |\n|---|---|---|---|---|\n");
    for r in checks::all_rules() {
        s.push_str(&format!(
            "| `{}` | `{}` | {} | {} | {} |\n",
            r.code,
            r.name,
            r.severity,
            r.fix.as_str(),
            r.summary.replace('|', "\\|")
        ));
    }
    s
}

/// `sitelint explain CODE`.
pub fn explain(key: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let rule = checks::find_rule(key)
        .ok_or_else(|| Failure(format!("no rule named `{key}`; see `sitelint rules`")))?;
    writeln!(out, "# {} ({})\n", rule.code, rule.name)?;
    writeln!(out, "{}\n", rule.summary)?;
    writeln!(
        out,
        "Default severity: {}. Fix: {}.\n",
        rule.severity,
        rule.fix.as_str()
    )?;
    writeln!(out, "{}", rule.doc)?;
    Ok(())
}
