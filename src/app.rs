//! The commands: each reads its flags, asks the engine ([`crate::engine`])
//! for the findings, prints them and decides the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::checks::{self, Selection};
use crate::cli::{
    CheckArgs, Color, FixArgs, MigrateArgs, Migration, RulesArgs, RulesFormat, Scope, UrlsArgs,
};
use crate::diagnostic::Diagnostic;
use crate::engine::{Checked, Failure, Target, check_target, from_inside, load_target, run_loaded};
use crate::report::{self, Run};
use crate::site::{self, Limits, Site};

/// Whether the site at the commit can be read in place, as the working
/// folder with the old text of the changed documents and without the added
/// ones: only documents were modified or added (nothing deleted, no
/// settings, data, layouts or assets changed), and an added one can be
/// hidden by its exact path.
fn documents_only(site: &Site, root: &Path, statuses: &[(u8, String)]) -> bool {
    statuses.iter().all(|(status, rel)| {
        let entry = site::walk::Entry {
            rel: rel.clone(),
            path: root.join(rel),
            collection: site.config.collection_of(rel),
            header: false,
        };
        matches!(status, b'M' | b'A')
            && site::document::is_document_candidate(&site.config, &entry)
            && hideable(site, rel)
    })
}

/// Whether a path can be left out of a site read in place by adding it to
/// the configuration's `exclude` (its exact path, and `include` does not
/// name it).
fn hideable(site: &Site, rel: &str) -> bool {
    !rel.contains(['*', '?', '[', ']', '{', '}']) && !site.config.included(rel)
}

/// The answer of a thread that asked git.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, Result<T, Failure>>) -> Result<T, Failure> {
    handle
        .join()
        .unwrap_or_else(|_| Err(Failure("a git query failed".into())))
}

/// What `--changed-since` compares with: the changed files, and the site
/// at the commit (read in place with the old texts of the changed
/// documents and the added ones hidden, or laid out in a temporary folder).
struct CommitSide {
    changed: Option<std::collections::BTreeSet<String>>,
    before_root: Option<PathBuf>,
    before_overlay: site::Overlay,
    hidden: Vec<String>,
    statuses: Vec<(u8, String)>,
}

impl CommitSide {
    /// Whether no file of the site changed since the commit, which had the
    /// site: the site checked is the commit's, so the change brings no
    /// finding, and nothing needs checking.
    fn unchanged(&self) -> bool {
        self.changed.as_ref().is_some_and(|c| c.is_empty()) && self.before_root.is_some()
    }

    /// Whether the change may be to the bodies of documents only: the site
    /// at the commit is read in place and every changed file's front
    /// matter is as it was (see `changes::only_bodies_changed`, which
    /// decides once the site is read).
    fn bodies_only(&self, root: &Path) -> bool {
        self.before_root.as_deref() == Some(root)
            && !self.statuses.is_empty()
            && crate::changes::same_fronts(root, &self.statuses, &self.before_overlay)
    }
}

/// The commit's side of a `--changed-since` run (see [`CommitSide`]):
/// nothing for `--staged` alone or a first commit.
#[allow(clippy::too_many_arguments)]
fn commit_side(
    repo: &crate::changes::Repo,
    since: &Option<Option<String>>,
    statuses_since: Vec<(u8, String)>,
    site_root: &Path,
    root: &Path,
    configured: Option<&Site>,
    unstaged: Option<&std::collections::BTreeSet<String>>,
    untracked_hidden: &[String],
    temps: &mut Vec<tempfile::TempDir>,
) -> Result<CommitSide, Failure> {
    let mut side = CommitSide {
        changed: None,
        before_root: None,
        before_overlay: site::Overlay::new(),
        hidden: Vec::new(),
        statuses: Vec::new(),
    };
    let Some(Some(commit)) = since else {
        return Ok(side);
    };
    let statuses = statuses_since;
    let files: std::collections::BTreeSet<String> =
        statuses.iter().map(|(_, rel)| rel.clone()).collect();
    if root == site_root && configured.is_some_and(|site| documents_only(site, root, &statuses)) {
        let modified: Vec<&str> = statuses
            .iter()
            .filter(|(s, _)| *s == b'M')
            .map(|(_, rel)| rel.as_str())
            .collect();
        side.before_overlay = repo.old_texts(commit, &modified)?;
        side.hidden = statuses
            .iter()
            .filter(|(s, _)| *s == b'A')
            .map(|(_, rel)| rel.clone())
            .chain(untracked_hidden.iter().cloned())
            .collect();
        side.before_root = Some(root.to_path_buf());
    } else {
        let dir = repo.temp_dir()?;
        let reuse = |rel: &str| !files.contains(rel) && unstaged.is_none_or(|u| !u.contains(rel));
        if repo.lay_out_commit(commit, &reuse, dir.path())? {
            side.before_root = Some(dir.path().to_path_buf());
        }
        temps.push(dir);
    }
    side.statuses = statuses;
    side.changed = Some(files);
    Ok(side)
}

/// What [`check_with_git`] returns.
type GitChecked = (
    Checked,
    PathBuf,
    Option<crate::changes::Touched>,
    Option<std::collections::BTreeSet<String>>,
);

/// `check` with `--changed-since` or `--staged`: the site checked is the
/// staged one (laid out in a temporary folder in `temps` when the working
/// folder differs from the index), and with `--changed-since` its findings
/// are compared with the site's at that commit. Returns the findings, the
/// site root to print paths from, the lines the change touched (for
/// `github`) and, when the site was read in place with the cache on, the
/// files changed: the front matter of the others is worth keeping (see
/// [`crate::cache::keep_facts`]).
fn check_with_git(
    args: &CheckArgs,
    staged: bool,
    temps: &mut Vec<tempfile::TempDir>,
) -> Result<GitChecked, Failure> {
    use crate::changes;
    let target = Target::resolve(&args.paths)?;
    let shown = target.root.clone();
    // the working folder is read while git answers: it is the site checked
    // unless it has changes the index has not (then it is read again)
    // (documents unchanged since an earlier run kept their front matter
    // are not read: see `cache::Facts`)
    let guess = {
        let root = target.root.clone();
        let no_cache = args.no_cache;
        std::thread::spawn(move || {
            let site = Target {
                root: root.clone(),
                only: Vec::new(),
            };
            let cached = crate::engine::cache_wanted(&site, no_cache);
            let facts = cached
                .then(|| crate::timings::phase("cache: facts", || crate::cache::facts_at(&root)))
                .flatten();
            let read = crate::engine::read_site_known(
                &root,
                &site::Overlay::new(),
                &[],
                facts.as_ref(),
                cached,
            );
            (read, cached)
        })
    };
    let (repo, resolved) =
        changes::Repo::open_resolving(&target.root, args.changed_since.as_deref())?;
    // git's answers, asked at once (each is a process of its own): the
    // commit and what changed since, what the working folder has that the
    // index has not, and what git ignores
    let (since, working) = std::thread::scope(|scope| {
        let since = scope.spawn(|| -> Result<_, Failure> {
            // `Some(None)`: no commit yet, everything is new
            let Some(r) = &args.changed_since else {
                return Ok((None, Vec::new()));
            };
            let commit = match resolved {
                Some(id) => Some(id),
                None => repo.resolve(r)?,
            };
            let statuses = match &commit {
                Some(c) => repo.changed(c, staged)?,
                None => Vec::new(),
            };
            Ok((Some(commit), statuses))
        });
        let working = staged.then(|| repo.working_folder());
        (joined(since), working)
    });
    let (since, statuses_since) = since?;
    let (unstaged_status, ignored) = match working.transpose()? {
        Some(w) => (Some(w.unstaged), Some(w.ignored)),
        None => (None, None),
    };
    let unstaged: Option<std::collections::BTreeSet<String>> = unstaged_status
        .as_ref()
        .map(|u| u.iter().map(|(_, rel)| rel.clone()).collect());
    let mut root = target.root.clone();
    // the settings, to tell which files can be hidden from a site read in
    // place (a broken configuration: the comparison is laid out instead)
    let configured = Site::configure(&target.root).ok();
    // untracked and ignored files, left out of the staged site read in place
    let mut untracked_hidden = Vec::new();
    if let Some(u) = &unstaged_status {
        let ignored = ignored.unwrap_or_default();
        let only_untracked = configured.as_ref().is_some_and(|site| {
            u.iter().all(|(y, rel)| *y == b'?' && hideable(site, rel))
                && ignored.iter().all(|rel| hideable(site, rel))
        });
        if only_untracked {
            untracked_hidden = u.iter().map(|(_, rel)| rel.clone()).collect();
            untracked_hidden.extend(ignored);
        } else {
            let dir = repo.temp_dir()?;
            repo.lay_out_index(unstaged.as_ref().unwrap_or(&Default::default()), dir.path())?;
            root = dir.path().to_path_buf();
            temps.push(dir);
        }
    }
    let selection = selection_of(args);
    // the staged site is read while git gives the commit's side, and the
    // site at the commit beside it when the change is more than bodies
    // the site read in place with the cache on: its documents' front
    // matter is kept for the next run (see `cache::keep_facts`)
    let keeps = std::sync::atomic::AtomicBool::new(false);
    let (current, (side, bodies_only), before) = std::thread::scope(|scope| {
        let keeps = &keeps;
        let (root_ref, selection_ref, hidden_ref) = (&root, &selection, &untracked_hidden);
        let in_place = root == target.root;
        let current = scope.spawn(move || {
            if !in_place {
                return load_target(root_ref, selection_ref, &site::Overlay::new(), hidden_ref);
            }
            let (read, cached) = guess
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            // the front matter is kept for the next run (see below)
            keeps.store(cached, std::sync::atomic::Ordering::Relaxed);
            crate::engine::finish_load(read?, selection_ref, hidden_ref)
        });
        let side = commit_side(
            &repo,
            &since,
            statuses_since,
            &target.root,
            &root,
            configured.as_ref(),
            unstaged.as_ref(),
            &untracked_hidden,
            temps,
        );
        let bodies_only = side.as_ref().is_ok_and(|side| side.bodies_only(&root));
        let before = match &side {
            Ok(side) if !bodies_only && !side.unchanged() => side
                .before_root
                .as_deref()
                .map(|r| load_target(r, &selection, &side.before_overlay, &side.hidden)),
            _ => None,
        };
        let current = current
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (current, (side, bodies_only), before)
    });
    // git's failure first, as when the site was read after it
    let side = side?;
    let mut current = current?;
    let keeps = keeps.into_inner();
    if side.unchanged() {
        // (a commit of files outside the site: the hook always runs)
        let target = Target {
            root,
            only: target.only,
        };
        let keep = keeps.then(Default::default);
        let checked = Checked {
            site: current.site,
            target,
            diagnostics: Vec::new(),
        };
        return Ok((checked, shown, None, keep));
    }
    // (the changed documents' texts are compared with the commit's)
    current
        .site
        .restore_texts(&|rel| side.statuses.iter().any(|(_, r)| r == rel));
    // only the bodies of documents changed (the site at the commit read in
    // place, with their old texts): the staged site alone may tell what
    // the change brings (see `changes::only_bodies_changed`)
    let short = bodies_only
        && changes::only_bodies_changed(&current.site, &side.statuses, &side.before_overlay);
    let CommitSide {
        changed,
        before_root,
        before_overlay,
        hidden,
        ..
    } = side;
    if short {
        let changed = changed.unwrap_or_default();
        let target = Target {
            root,
            only: target.only,
        };
        let touched = match (&since, args.format) {
            (Some(Some(commit)), crate::report::Format::Github) => {
                Some(repo.touched(commit, staged, changed.clone())?)
            }
            _ => None,
        };
        let mut checked = run_loaded(current, target, &|rel| changed.contains(rel), &|_| {
            checks::Part::Whole
        });
        checked
            .diagnostics
            .retain(|d| changed.contains(&d.file.rel));
        return Ok((checked, shown, touched, keeps.then_some(changed)));
    }
    // the site did not exist at that commit, or its settings were broken
    // there: compare with nothing
    let before = before
        .or_else(|| {
            before_root
                .as_deref()
                .map(|r| load_target(r, &selection, &before_overlay, &hidden))
        })
        .and_then(Result::ok);
    let target = Target {
        root,
        only: target.only,
    };
    let Some(changed) = changed else {
        // `--staged` alone, or the first commit: every finding is new
        return Ok((
            run_loaded(current, target, &|_| true, &|_| checks::Part::Whole),
            shown,
            None,
            keeps.then(Default::default),
        ));
    };
    // findings on the lines the change touched are shown first on GitHub
    let touched = match (&since, args.format) {
        (Some(Some(commit)), crate::report::Format::Github) => {
            Some(repo.touched(commit, staged, changed.clone())?)
        }
        _ => None,
    };
    let Some(before) = before else {
        return Ok((
            run_loaded(current, target, &|_| true, &|_| checks::Part::Whole),
            shown,
            touched,
            keeps.then(|| changed.clone()),
        ));
    };
    // When only documents and assets changed, an unchanged document's own
    // findings (text, language, front matter) are the same on both sides:
    // only the checks that look at other files run for it.
    let only_content = changed.iter().all(|rel| {
        changes::is_content(
            rel,
            current.site.document_at(rel).is_some() || before.site.document_at(rel).is_some(),
        )
    });
    // ... and an unchanged document that names none of the changed files
    // or their URLs has the same link and image findings on both sides too
    // (unless the field images take their alt text from changed)
    let needles = (only_content
        && checks::images::site_alt_field(&current.site)
            == checks::images::site_alt_field(&before.site))
    .then(|| changes::Needles::of(&changed, &[&current.site, &before.site]))
    .flatten();
    let part = |doc: &site::Document| {
        if !only_content || changed.contains(doc.rel()) {
            checks::Part::Whole
        } else if needles.as_ref().is_none_or(|n| n.found_in(&doc.file.text)) {
            checks::Part::CrossFile
        } else {
            checks::Part::Schema
        }
    };
    let before_target = Target {
        root: before.site.root.clone(),
        only: Vec::new(),
    };
    let (mut checked, before) = rayon::join(
        || run_loaded(current, target, &|_| true, &part),
        || run_loaded(before, before_target, &|rel| !changed.contains(rel), &part),
    );
    changes::keep_changes(&mut checked.diagnostics, &changed, &before.diagnostics);
    std::mem::forget(before);
    Ok((checked, shown, touched, keeps.then_some(changed)))
}

fn selection_of(args: &CheckArgs) -> Selection {
    Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    }
}

fn use_color(args: &CheckArgs) -> bool {
    match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn exit_code(args: &CheckArgs, diagnostics: &[Diagnostic]) -> i32 {
    let failed = args
        .fail_on
        .threshold()
        .is_some_and(|t| diagnostics.iter().any(|d| d.severity >= t));
    i32::from(failed)
}

/// `sitelint check`: returns the exit code (0 or 1).
pub fn check(args: &CheckArgs) -> Result<i32, Failure> {
    site::set_progress(
        !args.no_progress
            && !args.quiet
            && std::env::var_os("CI").is_none()
            && std::io::stderr().is_terminal(),
    );
    let staged = args.staged || crate::changes::under_pre_commit();
    let mut temps = Vec::new();
    let (mut found, shown_root, touched) = if staged || args.changed_since.is_some() {
        let (checked, root, touched, keep) = check_with_git(args, staged, &mut temps)?;
        let found = match keep {
            // the front matter of the documents outside the change is kept
            // for the next run, while the findings are printed
            Some(changed) => {
                let counted = checked.counted();
                let Checked {
                    site,
                    target,
                    diagnostics,
                } = checked;
                crate::engine::Found {
                    root: target.root,
                    diagnostics,
                    counted,
                    storing: Some(crate::cache::keep_facts(site, move |rel| {
                        !changed.contains(rel)
                    })),
                }
            }
            None => crate::engine::Found::of(checked),
        };
        (found, root, touched)
    } else {
        let target = crate::engine::Target::resolve(&args.paths)?;
        let cached = crate::engine::cache_wanted(&target, args.no_cache);
        // without the cache, a text format is printed a window at a time
        if !cached
            && !args.statistics
            && args.write_baseline.is_none()
            && args.baseline.is_none()
            && let Some(printer) = report::Streaming::new(args.format, args.quiet)
        {
            return check_streaming(args, target, printer);
        }
        // a baseline knows findings by the text they name
        let texts = report::shows_text(args.format)
            || args.baseline.is_some()
            || args.write_baseline.is_some();
        let found = crate::engine::check_target_cached(target, &selection_of(args), cached, texts)?;
        let root = found.root.clone();
        (found, root, None)
    };
    if let Some(path) = &args.write_baseline {
        let baseline = crate::baseline::Baseline::of(&found.diagnostics);
        // through the write gate: a `baseline.json` committed as a link
        // to a file elsewhere is refused, not followed
        crate::write::user_file(&shown_root, path, baseline.to_json().as_bytes(), true)
            .map_err(|e| Failure(format!("cannot write `{}`: {e}", path.display())))?;
        if !args.quiet {
            let stderr = std::io::stderr();
            writeln!(
                stderr.lock(),
                "Wrote {} finding(s) to `{}`.",
                found.diagnostics.len(),
                path.display()
            )?;
        }
        if let Some(storing) = found.storing.take() {
            let _ = storing.join();
        }
        return Ok(0);
    }
    if let Some(path) = &args.baseline {
        crate::baseline::Baseline::read(path)
            .map_err(Failure)?
            .filter(&mut found.diagnostics);
    }
    let run = Run {
        root: &shown_root,
        files_checked: crate::engine::files_checked(&found.counted, &found.diagnostics),
        color: use_color(args),
        show_infos: args.show_infos,
        fix_command: report::fix_command(args),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.statistics {
        report::statistics(&run, &found.diagnostics, &mut out)?;
    } else {
        crate::timings::phase("report", || match &touched {
            Some(t) => report::github::write_ordered(
                &run,
                &found.diagnostics,
                Some(&|rel: &str, line: usize| t.touches(rel, line)),
                &mut out,
            ),
            None => report::write(args.format, &run, &found.diagnostics, args.quiet, &mut out),
        })?;
    }
    out.flush()?;
    let code = exit_code(args, &found.diagnostics);
    if let Some(storing) = found.storing.take() {
        crate::timings::phase("cache: store (wait)", || storing.join()).ok();
    }
    // The process ends right after: freeing every finding (and the texts
    // they hold) one by one would only cost time; the site itself was not
    // kept (see `Found::of`).
    std::mem::forget(found);
    drop(temps);
    Ok(code)
}

/// `sitelint check` without the cache, in a text format: findings printed
/// a window of documents at a time and dropped (see
/// [`crate::engine::stream_loaded`]), so that memory does not grow with
/// the findings of a large site.
fn check_streaming(
    args: &CheckArgs,
    target: crate::engine::Target,
    mut printer: report::Streaming,
) -> Result<i32, Failure> {
    let loaded = crate::engine::load_for_windows(&target.root, &selection_of(args))?;
    let root = target.root.clone();
    let mut run = Run {
        root: &root,
        files_checked: 0,
        color: use_color(args),
        show_infos: args.show_infos,
        fix_command: report::fix_command(args),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    run.files_checked = crate::engine::stream_loaded(loaded, target, &mut |diagnostics| {
        printer.write(&run, &diagnostics, &mut out)
    })?;
    printer.finish(&run, &mut out)?;
    out.flush()?;
    let failed = args
        .fail_on
        .threshold()
        .is_some_and(|t| printer.tally().all.reaches(t));
    Ok(i32::from(failed))
}

/// `sitelint fix`: returns the exit code.
pub fn fix(args: &FixArgs) -> Result<i32, Failure> {
    if args.check.statistics || args.check.write_baseline.is_some() {
        let flag = if args.check.statistics {
            "--statistics"
        } else {
            "--write-baseline"
        };
        return Err(Failure(format!(
            "`{flag}` reports on findings and does nothing for `fix`; use it with `sitelint check`"
        )));
    }
    let selection = selection_of(&args.check);
    let target = Target::resolve(&args.check.paths)?;
    let mut last: Option<Checked> = None;
    let outcome = crate::fix::fix_loop(
        |overlay| {
            let checked = check_target(
                Target {
                    root: target.root.clone(),
                    only: target.only.clone(),
                },
                &selection,
                overlay,
            )?;
            let diagnostics = checked.diagnostics.clone();
            last = Some(checked);
            Ok(diagnostics)
        },
        args.unsafe_fixes,
    )?;
    let Some(checked) = last else {
        return Ok(0);
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let run = Run {
        root: &target.root,
        files_checked: crate::engine::files_checked(&checked.counted(), &checked.diagnostics),
        color: use_color(&args.check),
        show_infos: args.check.show_infos,
        fix_command: report::fix_command(&args.check),
    };
    let total: usize = outcome.applied.values().sum();
    let per_rule = |m: &std::collections::BTreeMap<&'static str, usize>| {
        m.iter()
            .map(|(code, n)| format!("{code} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for rel in &outcome.unconverged {
        writeln!(
            out,
            "warning: fixes for `{}` did not settle after {} passes",
            run.shown_path(rel),
            crate::fix::MAX_PASSES
        )?;
    }
    if args.diff {
        for (rel, c) in &outcome.changed {
            let path = run.display_path(rel);
            let (a, b) = if path.starts_with('/') {
                (path.clone(), path.clone())
            } else {
                (format!("a/{path}"), format!("b/{path}"))
            };
            write!(out, "{}", crate::diff::unified(&a, &b, &c.original, &c.new))?;
        }
        out.flush()?;
        return Ok(i32::from(!outcome.changed.is_empty()));
    }
    if args.dry_run {
        for (rel, c) in &outcome.changed {
            writeln!(
                out,
                "{}: would fix {}",
                run.shown_path(rel),
                per_rule(&c.applied)
            )?;
        }
        writeln!(
            out,
            "Would fix {total} problem{} in {} file{}.",
            plural(total),
            outcome.changed.len(),
            plural(outcome.changed.len())
        )?;
        out.flush()?;
        return Ok(i32::from(!outcome.changed.is_empty()));
    }
    let written = crate::fix::write(&target.root, &outcome);
    let failed_writes = written.failed.len();
    for (rel, e) in &written.failed {
        writeln!(out, "error: could not write `{}`: {e}", run.shown_path(rel))?;
    }
    if !args.fix_only {
        report::write(args.check.format, &run, &outcome.remaining, true, &mut out)?;
    }
    if !args.check.quiet {
        // only what reached the disk is counted
        let (fixed, total) = (written.files, written.applied.values().sum::<usize>());
        if outcome.changed.is_empty() {
            writeln!(out, "Nothing to fix.")?;
        } else if fixed == 0 {
            writeln!(out, "Fixed nothing: no file could be written.")?;
        } else {
            writeln!(
                out,
                "Fixed {total} problem{} in {fixed} file{} ({}).",
                plural(total),
                plural(fixed),
                per_rule(&written.applied)
            )?;
        }
        let left = report::Summary::of(&outcome.remaining);
        if !outcome.remaining.is_empty() && !args.fix_only {
            let unsafe_left = outcome
                .remaining
                .iter()
                .filter(|d| {
                    d.fix.as_ref().is_some_and(|f| {
                        f.applicability == crate::diagnostic::Applicability::Unsafe
                    })
                })
                .count();
            let mut line = format!(
                "{} remain{}.",
                left.counts(),
                if outcome.remaining.len() == 1 {
                    "s"
                } else {
                    ""
                }
            );
            if unsafe_left > 0 && !args.unsafe_fixes {
                line.push_str(&format!(
                    " {unsafe_left} more fixable with `--unsafe-fixes`."
                ));
            }
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    Ok(if failed_writes > 0 {
        1
    } else if args.fix_only {
        0
    } else {
        exit_code(&args.check, &outcome.remaining)
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A rule's severities as `rules` and the README print them: the default,
/// then the others a finding can take (`error/warning`).
fn severity_label(r: &crate::diagnostic::Rule) -> String {
    checks::severities(r)
        .0
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("/")
}

/// `sitelint rules`.
pub fn rules(args: &RulesArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let rules = checks::all_rules();
    match args.format {
        RulesFormat::Table => {
            let row = |out: &mut dyn Write, cols: [&str; 5]| {
                writeln!(
                    out,
                    "{:<7} {:<28} {:<18} {:<9} {}",
                    cols[0], cols[1], cols[2], cols[3], cols[4]
                )
            };
            row(out, ["CODE", "NAME", "SEVERITY", "FIX", "SUMMARY"])?;
            for r in rules {
                row(
                    out,
                    [
                        r.code,
                        r.name,
                        &severity_label(r),
                        r.fix.as_str(),
                        r.summary,
                    ],
                )?;
            }
            writeln!(out, "\n{SEVERITY_NOTE}")?;
        }
        RulesFormat::Json => {
            let v: Vec<_> = rules
                .iter()
                .map(|r| {
                    let (all, when) = checks::severities(r);
                    let all: Vec<&str> = all.iter().map(|s| s.as_str()).collect();
                    serde_json::json!({
                        "code": r.code, "name": r.name, "family": r.family(),
                        "severity": r.severity.as_str(), "severities": all,
                        "severities_when": when, "fix": r.fix.as_str(),
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

/// Under the rule table: how to read the severity column.
const SEVERITY_NOTE: &str = "Severity: the default first; `error/warning` means some findings of the rule are \
graded differently by context (`sitelint explain CODE` says when). Settings can re-grade any rule.";

/// The README's rule table, generated from the rule definitions.
pub fn rule_table() -> String {
    let mut s =
        String::from("| Code | Name | Severity | Fix | What it reports |\n|---|---|---|---|---|\n");
    for r in checks::all_rules() {
        s.push_str(&format!(
            "| `{}` | `{}` | {} | {} | {} |\n",
            r.code,
            r.name,
            severity_label(r),
            r.fix.as_str(),
            r.summary.replace('|', "\\|")
        ));
    }
    s.push_str(&format!("\n{SEVERITY_NOTE}\n"));
    s
}

/// `sitelint explain CODE`.
pub fn explain(key: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let rule = checks::find_rule(key)
        .ok_or_else(|| Failure(format!("no rule named `{key}`; see `sitelint rules`")))?;
    writeln!(out, "# {} ({})\n", rule.code, rule.name)?;
    writeln!(out, "{}\n", rule.summary)?;
    let (_, when) = checks::severities(rule);
    match when {
        Some(when) => writeln!(
            out,
            "Default severity: {}; {when}. Fix: {}.\n",
            rule.severity,
            rule.fix.as_str()
        )?,
        None => writeln!(
            out,
            "Severity: {}. Fix: {}.\n",
            rule.severity,
            rule.fix.as_str()
        )?,
    }
    writeln!(out, "{}", rule.doc)?;
    Ok(())
}

fn filter_of(scope: &Scope, target: &Target) -> Result<crate::migrate::keys::Filter, Failure> {
    let condition = match &scope.condition {
        Some(c) => {
            let (k, v) = c
                .split_once('=')
                .ok_or_else(|| Failure(format!("`--where {c}`: expected KEY=VALUE")))?;
            Some((k.trim().to_string(), v.trim().to_string()))
        }
        None => None,
    };
    // `--only` narrows the `--site` folder; it never reaches outside it
    let inside = |p: &str, folder: &str| p == folder || p.starts_with(&format!("{folder}/"));
    let mut only = Vec::new();
    for given in &scope.only {
        let p = given.trim_start_matches("./").trim_matches('/');
        if !in_site(p) || !target.root.join(p).exists() {
            return Err(Failure(format!(
                "`--only {given}` does not exist in the site at `{}` (`--only` paths are relative to the site root)",
                target.root.display()
            )));
        }
        if target.only.is_empty() {
            only.push(p.to_string());
        } else {
            for t in &target.only {
                if inside(p, t) {
                    only.push(p.to_string());
                } else if inside(t, p) {
                    only.push(t.clone());
                }
            }
        }
    }
    if scope.only.is_empty() {
        only.extend(target.only.iter().cloned());
    } else if only.is_empty() {
        return Err(Failure(format!(
            "`--only` names nothing inside `{}`, the folder the migration is limited to",
            target.only.join("`, `")
        )));
    }
    Ok(crate::migrate::keys::Filter {
        collection: scope.collection.clone(),
        condition,
        only,
    })
}

/// Whether a path given relative to the site root stays inside it (no
/// `..`, not absolute), so that looking it up reads nothing outside.
fn in_site(p: &str) -> bool {
    !p.is_empty() && !Path::new(p).is_absolute() && !p.split(['/', '\\']).any(|c| c == "..")
}

/// `migrate move`'s PATHS, relative to the site root: each names a document
/// of the site or a folder holding one, or the run ends (exit 2).
fn move_paths(site: &Site, paths: &[String]) -> Result<Vec<String>, Failure> {
    let mut out = Vec::new();
    for given in paths {
        let p = given.trim_start_matches("./").trim_end_matches('/');
        let names_a_document = site
            .documents
            .iter()
            .any(|d| d.rel() == p || d.rel().starts_with(&format!("{p}/")));
        if !names_a_document {
            let why = if in_site(p) && site.root.join(p).exists() {
                "holds no document of the site"
            } else {
                "does not exist in the site"
            };
            return Err(Failure(format!(
                "`{given}` {why} (paths are relative to the site root, `{}`)",
                site.root.display()
            )));
        }
        out.push(p.to_string());
    }
    Ok(out)
}

/// A key `migrate` may write: not empty, no line breaks or control
/// characters, not the merge key `<<`.
fn valid_key(key: &str) -> Result<(), Failure> {
    use crate::text::yaml_write::{Context, quote_key};
    match quote_key(key, Context::Block) {
        Some(_) => Ok(()),
        None => Err(Failure(format!(
            "`{}` cannot be a front matter key: it is empty, holds a line break or control character, or is the merge key `<<`",
            key.escape_debug()
        ))),
    }
}

/// `sitelint migrate`.
pub fn migrate(args: &MigrateArgs) -> Result<i32, Failure> {
    use crate::migrate::{self, keys};
    let target = Target::resolve(std::slice::from_ref(&args.site))?;
    let site = Site::load(&target.root, Limits::default())?;
    let limited = !matches!(
        args.action,
        Migration::Move { .. } | Migration::Import { .. }
    ) && !target.only.is_empty();
    if limited {
        // not silent: a migration run from a subfolder changes only it
        writeln!(
            std::io::stderr(),
            "Limited to `{}/` (the `--site` folder); to migrate the whole site, run from its root or pass `--site {}`.",
            target.only.join("/`, `"),
            target.root.display()
        )?;
    }
    let mut plan = migrate::Plan::default();
    match &args.action {
        Migration::RenameKey { old, new, scope } => {
            if old == new {
                return Err(Failure(format!(
                    "`rename-key {old} {new}`: the new name is the old one"
                )));
            }
            valid_key(new)?;
            keys::rename_key(&site, &filter_of(scope, &target)?, old, new, &mut plan)
        }
        Migration::DropKey {
            key,
            when_value,
            scope,
        } => keys::drop_key(
            &site,
            &filter_of(scope, &target)?,
            key,
            when_value.as_deref(),
            &mut plan,
        ),
        Migration::SetKey {
            key,
            value,
            string,
            scope,
        } => {
            valid_key(key)?;
            let value = keys::NewValue {
                text: value.clone(),
                typed: !string,
            };
            keys::set_key(&site, &filter_of(scope, &target)?, key, &value, &mut plan)
        }
        Migration::NormalizeDates { format, scope } => {
            migrate::dates::normalize(&site, &filter_of(scope, &target)?, *format, &mut plan)
        }
        Migration::Move {
            paths,
            to,
            keep_permalink,
        } => migrate::move_docs::move_docs(
            &site,
            &move_paths(&site, paths)?,
            &migrate::move_docs::MoveOptions {
                to: to.clone(),
                keep_permalink: *keep_permalink,
            },
            &mut plan,
        )?,
        Migration::Import { files, to, date } => migrate::import::import(
            &site,
            files,
            &migrate::import::ImportOptions {
                collection: to.clone(),
                date: date.clone(),
            },
            &mut plan,
        )?,
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mode = migrate::Mode {
        diff: args.diff,
        write: args.write,
    };
    let code = migrate::present(&target.root, &plan, mode, &mut out)?;
    out.flush()?;
    Ok(code)
}

/// `sitelint urls`: every URL the built site serves, as
/// [`crate::site::urls::file_to_url`] names output files.
pub fn urls(args: &UrlsArgs, out: &mut dyn Write) -> Result<(), Failure> {
    use crate::site::urls::Source;
    let start = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if !start.exists() {
        return Err(Failure(format!("`{}` does not exist", start.display())));
    }
    let root = site::find_root(&start)?;
    let site = Site::load(&root, Limits::default())?;
    let index = site.urls();
    let name = |s: &crate::site::urls::Served| match &s.source {
        Source::Document(i) => site.documents[*i].rel().to_string(),
        Source::File(j) => site.files[*j].rel.clone(),
        Source::RedirectFrom(i) => format!("redirect_from in {}", site.documents[*i].rel()),
        Source::Plugin(p) => format!("plugin {p}"),
    };
    let mut k = 0;
    while k < index.served.len() {
        // files written by more than one source are printed once
        let file = &index.served[k].file;
        let group: Vec<_> = index.served[k..]
            .iter()
            .take_while(|s| &s.file == file)
            .filter(|s| args.future || !s.future)
            .collect();
        let len = index.served[k..]
            .iter()
            .take_while(|s| &s.file == file)
            .count();
        k += len;
        let Some(first) = group.first() else {
            continue;
        };
        if args.source {
            let sources: Vec<String> = group.iter().map(|s| name(s)).collect();
            writeln!(out, "{}\t{}", first.url(), sources.join(" | "))?;
        } else {
            writeln!(out, "{}", first.url())?;
        }
    }
    Ok(())
}

/// `sitelint schema infer`.
pub fn schema(cmd: &crate::cli::SchemaCommand, out: &mut dyn Write) -> Result<(), Failure> {
    let crate::cli::SchemaCommand::Infer(args) = cmd;
    let start = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if !start.exists() {
        return Err(Failure(format!("`{}` does not exist", start.display())));
    }
    let root = site::find_root(&start)?;
    let site = Site::load(&root, Limits::default())?;
    let stats = crate::schema::infer::Stats::collect(&site);
    match &args.write {
        None => out.write_all(crate::schema::infer::report(&stats).as_bytes())?,
        Some(file) => {
            let yaml = crate::schema::infer::settings_yaml(&stats);
            crate::write::user_file(&root, file, yaml.as_bytes(), args.force).map_err(
                |e| match e {
                    crate::write::WriteError::Exists(_) => Failure(format!(
                        "`{}` exists; use `--force` to overwrite it",
                        file.display()
                    )),
                    e => Failure(format!("cannot write `{}`: {e}", file.display())),
                },
            )?;
            writeln!(out, "Wrote a starting schema to `{}`", file.display())?;
        }
    }
    Ok(())
}

/// `sitelint init`.
/// `sitelint clean`: remove the site's cache; says what it did on stderr.
pub fn clean(path: Option<&Path>) -> Result<i32, Failure> {
    let start = path.unwrap_or(Path::new("."));
    if !start.exists() {
        return Err(Failure(format!("`{}` does not exist", start.display())));
    }
    let root = from_inside(site::find_root(start)?);
    let dir = root.join(crate::cache::DIR);
    let removed = crate::cache::clean(&root)
        .map_err(|e| Failure(format!("cannot remove `{}`: {e}", dir.display())))?;
    let stderr = std::io::stderr();
    if removed {
        writeln!(stderr.lock(), "Removed `{}`.", dir.display())?;
    } else {
        writeln!(stderr.lock(), "No cache at `{}`.", dir.display())?;
    }
    Ok(0)
}

pub fn init(path: Option<&Path>, force: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let start = path.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    if !start.exists() {
        return Err(Failure(format!("`{}` does not exist", start.display())));
    }
    let root = from_inside(site::find_root(&start)?);
    let file = root.join(crate::settings::FILE_NAME);
    // a link (even a dangling one) is never written through
    if std::fs::symlink_metadata(&file).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Failure(format!(
            "`{}` is a symbolic link; sitelint never writes through one: remove it first",
            file.display()
        )));
    }
    if file.exists() && !force {
        return Err(Failure(format!(
            "`{}` exists; use `--force` to overwrite it",
            file.display()
        )));
    }
    let site = Site::load(&root, Limits::default())?;
    let text = crate::init::settings_file(&site);
    crate::write::create_or_replace(&root, &file, text.as_bytes())
        .map_err(|e| Failure(format!("cannot write `{}`: {e}", file.display())))?;
    writeln!(
        out,
        "Wrote `{}`. Review it, then run `sitelint check`.",
        file.display()
    )?;
    Ok(())
}
