//! Command-line interface (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Severity;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(name = "sitelint", version, about = "Lint a Jekyll site's source: front matter, links and images, inclusive language.", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a site (or files and folders inside one) and report findings.
    Check(CheckArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Show the documentation of one rule, by code or name.
    Explain {
        /// A rule code (`FM001`) or name (`unclosed-front-matter`).
        rule: String,
    },
    /// Work with the front matter schema.
    #[command(subcommand)]
    Schema(SchemaCommand),
}

#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Print each collection's keys, their types and how many documents
    /// have them; `--write` turns that into a starting schema.
    Infer(InferArgs),
}

#[derive(Debug, Args)]
pub struct InferArgs {
    /// The site root or a folder inside it (default: the current folder).
    pub path: Option<PathBuf>,

    /// Write a `.sitelint.yml` with a `schema` section to this file.
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,

    /// Overwrite the file given to `--write` if it exists.
    #[arg(long, requires = "write")]
    pub force: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A site root, or files and folders inside one (default: the current
    /// folder). The site root is the nearest folder upward holding
    /// `_config.yml`; findings are reported only for the paths given.
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,

    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Only these rules: codes, prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,

    /// Skip these rules: codes, prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Print findings only, without the closing summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// When to use colour in the full format (`NO_COLOR` is respected).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    /// The README's rule table.
    Markdown,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}
