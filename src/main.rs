use std::process::ExitCode;

use clap::Parser;
use sitelint::app;
use sitelint::cli::{Cli, Command};

// Linting allocates many small strings and trees on both threads at once;
// mimalloc's per-thread heaps make that markedly cheaper than the system
// allocator (measured in the README's performance section).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    sitelint::timings::begin();
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let result = match &cli.command {
        Command::Check(args) => app::check(args),
        Command::Fix(args) => app::fix(args),
        Command::Migrate(args) => app::migrate(args),
        Command::Init { path, force } => {
            app::init(path.as_deref(), *force, &mut stdout.lock()).map(|()| 0)
        }
        Command::Rules(args) => app::rules(args, &mut stdout.lock()).map(|()| 0),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(*shell, &mut Cli::command(), "sitelint", &mut stdout.lock());
            Ok(0)
        }
        Command::Urls(args) => app::urls(args, &mut stdout.lock()).map(|()| 0),
        Command::Explain { rule } => app::explain(rule, &mut stdout.lock()).map(|()| 0),
        Command::Schema(cmd) => app::schema(cmd, &mut stdout.lock()).map(|()| 0),
        Command::Clean { path } => app::clean(path.as_deref()),
        Command::Server => sitelint::server::run_stdio().map(|()| 0),
        Command::Debug(sitelint::cli::DebugCommand::Extract { path }) => {
            sitelint::debug::extract(path.as_ref(), &mut stdout.lock()).map(|()| 0)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) if e.0.is_empty() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sitelint: error: {e}");
            ExitCode::from(2)
        }
    }
}
