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
    /// Apply the fixes findings carry (safe ones; unsafe ones with
    /// `--unsafe-fixes`), re-checking until nothing changes.
    Fix(FixArgs),
    /// Bulk changes to content: print the plan, `--diff` to see it, `--write`
    /// to apply.
    ///
    /// Scope: the site is found upward from `--site` (default: the current
    /// folder). `rename-key`, `drop-key`, `set-key` and `normalize-dates`
    /// change only the documents under the `--site` folder: run from a
    /// subfolder, they change that subfolder only (and say so), as `check`
    /// checks only the folder it is given; `--only` narrows further. `move`
    /// works on the PATHS it is given and rewrites links across the whole
    /// site. Paths in arguments (`move`'s PATHS, `--only`) and in the plan
    /// are relative to the site root; `import`'s FILES are relative to the
    /// current folder.
    Migrate(MigrateArgs),
    /// Write a starting `.sitelint.yml` for the site (collections, the
    /// rule families, the inferred schema), with comments on each section.
    Init {
        /// The site root, or a folder inside it (default: the current folder).
        path: Option<PathBuf>,
        /// Overwrite an existing `.sitelint.yml`.
        #[arg(long)]
        force: bool,
    },
    /// List every rule.
    Rules(RulesArgs),
    /// Print a shell completion script.
    ///
    /// Install it where the shell looks, then open a new shell:
    /// bash: `sitelint completions bash > ~/.local/share/bash-completion/completions/sitelint`;
    /// zsh: `sitelint completions zsh > ~/.zfunc/_sitelint` (with
    /// `fpath+=~/.zfunc` before `compinit` in `~/.zshrc`);
    /// fish: `sitelint completions fish > ~/.config/fish/completions/sitelint.fish`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print every URL the built site serves, sorted, one per line.
    Urls(UrlsArgs),
    /// Show the documentation of one rule, by code or name.
    Explain {
        /// A rule code (`FM001`) or name (`unclosed-front-matter`).
        rule: String,
    },
    /// Work with the front matter schema.
    #[command(subcommand)]
    Schema(SchemaCommand),
    /// Remove the site's cache (`.sitelint_cache/` at its root).
    Clean {
        /// The site root, or a folder inside it (default: the current folder).
        path: Option<PathBuf>,
    },
    /// Run the language server (LSP over stdin and stdout) for editors:
    /// findings as you type, fixes, link completion (see the README).
    Server,
    /// Development tools (hidden).
    #[command(subcommand, hide = true)]
    Debug(DebugCommand),
}

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Print, as JSON lines, the link targets and ids sitelint reads from
    /// each Markdown document (for scripts/kramdown-conformance).
    Extract {
        /// The site root, or a folder or file inside it.
        path: Option<PathBuf>,
    },
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

    /// Show info findings in the full and concise formats (otherwise they
    /// are only counted in the summary; the other formats always list them).
    #[arg(long)]
    pub show_infos: bool,

    /// When to use colour in the full format (`NO_COLOR` is respected).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Print a table of counts per rule instead of the findings (`check`
    /// only).
    #[arg(long)]
    pub statistics: bool,

    /// Never show a progress bar (it only appears on a terminal, for large
    /// sites).
    #[arg(long)]
    pub no_progress: bool,

    /// Report findings in files changed since this git ref (committed,
    /// staged, unstaged or untracked), plus findings those changes cause in
    /// other files (links to a deleted or moved page, a URL now claimed
    /// twice).
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,

    /// Check the site as it is being committed: tracked files as staged
    /// (the index), untracked and ignored files absent. On by itself under
    /// pre-commit (`PRE_COMMIT=1`).
    #[arg(long)]
    pub staged: bool,

    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Neither read nor write the cache (`.sitelint_cache/` at the site
    /// root): check from scratch. `cache: false` in the settings does the
    /// same for every run; `sitelint clean` removes the cache.
    #[arg(long)]
    pub no_cache: bool,

    /// Record today's findings in this baseline file and exit 0 (`check`
    /// only).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
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

/// `fix` shares `check`'s options; `--statistics` and `--write-baseline`
/// report on findings rather than fix them, so `fix` hides them and
/// refuses them (exit 2).
#[derive(Debug, Args)]
#[command(
    mut_arg("statistics", |a| a.hide(true)),
    mut_arg("write_baseline", |a| a.hide(true))
)]
pub struct FixArgs {
    #[command(flatten)]
    pub check: CheckArgs,

    /// Also apply unsafe fixes (they may change meaning: review them).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of the changes and write nothing.
    #[arg(long, conflicts_with = "dry_run")]
    pub diff: bool,

    /// Say what would change, file by file, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Report only what was fixed, not the findings that remain, and exit
    /// 0 unless a write fails: for a pre-commit hook that runs beside
    /// `sitelint check`, so the remaining findings are listed once.
    #[arg(long)]
    pub fix_only: bool,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(subcommand)]
    pub action: Migration,

    /// The site root, or a folder inside a site to limit the migration to
    /// it (default: the current folder).
    #[arg(long, global = true, default_value = ".")]
    pub site: PathBuf,

    /// Show the plan as a unified diff.
    #[arg(long, global = true)]
    pub diff: bool,

    /// Apply the plan (without it, nothing is written).
    #[arg(long, global = true)]
    pub write: bool,
}

#[derive(Debug, Args, Clone)]
pub struct Scope {
    /// Only documents of this collection.
    #[arg(long)]
    pub collection: Option<String>,

    /// Only documents whose front matter has KEY=VALUE.
    #[arg(long = "where", value_name = "KEY=VALUE")]
    pub condition: Option<String>,

    /// Only these files or folders (relative to the site root, and inside
    /// the `--site` folder).
    #[arg(long = "only", value_name = "PATH")]
    pub only: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Migration {
    /// Rename a front matter key (only the key changes; the value, comments
    /// and order stay).
    RenameKey {
        /// The key to rename, as written in front matter (e.g. `Author`).
        old: String,
        /// Its new name (e.g. `author`); a document that already has it is
        /// skipped and listed.
        new: String,
        #[command(flatten)]
        scope: Scope,
    },
    /// Remove a front matter key (its whole lines).
    DropKey {
        /// The top-level front matter key to remove.
        key: String,
        /// Only when its value is this (e.g. `published: true`, Jekyll's default).
        #[arg(long)]
        when_value: Option<String>,
        #[command(flatten)]
        scope: Scope,
    },
    /// Set a front matter key: replace its value, or add it before the
    /// closing `---`. `true`, `false`, `null`, numbers such as `3` or `1.5`
    /// and dates are written as such; anything else as text, quoted where
    /// YAML would read it otherwise (`yes`, `19:30`, `010`).
    SetKey {
        /// The top-level front matter key to set.
        key: String,
        /// Its value, written as a string: quoted where YAML would read it
        /// as something else (`true` is written `"true"`).
        value: String,
        /// Write the value as text even when it looks like a boolean,
        /// number or date (`"false"`, `"3"`).
        #[arg(long)]
        string: bool,
        #[command(flatten)]
        scope: Scope,
    },
    /// Rewrite every readable `date` in one form.
    NormalizeDates {
        /// The form to write every date in.
        #[arg(long, value_enum, default_value_t = crate::migrate::dates::DateFormat::Datetime)]
        format: crate::migrate::dates::DateFormat,
        #[command(flatten)]
        scope: Scope,
    },
    /// Move documents into another collection without breaking a URL: the
    /// old URL is kept as a redirect (or, with `--keep-permalink`, as the
    /// permalink) and links to it across the site are rewritten.
    Move {
        /// Documents, or folders of documents, to move, relative to the site
        /// root (e.g. `_news/2021-01-05-pride.md`); a path that names no
        /// document ends the run with exit code 2.
        #[arg(required = true)]
        paths: Vec<String>,
        /// The collection to move them into.
        #[arg(long)]
        to: String,
        /// Pin the old URL as `permalink` instead of redirecting from it.
        #[arg(long)]
        keep_permalink: bool,
    },
    /// Turn plain-text documents into posts of a collection (front matter
    /// from the settings' `migrate.import.front-matter`, title from the
    /// first line, bullets into lists). Never overwrites a file.
    Import {
        /// Plain-text files to import (relative to the current folder);
        /// each becomes one new post.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The collection to import into.
        #[arg(long)]
        to: String,
        /// The posts' date (YYYY-MM-DD); default: each file's modification date.
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct UrlsArgs {
    /// The site root, or a folder inside it (default: the current folder).
    pub path: Option<PathBuf>,

    /// Also print, after a tab, the source file that produces each URL.
    #[arg(long)]
    pub source: bool,

    /// Include documents dated in the future (a build today skips them).
    #[arg(long)]
    pub future: bool,
}
