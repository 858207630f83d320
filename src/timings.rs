//! Phase timings for profiling: with `SITELINT_TIMINGS=1` in the
//! environment, each phase of a run prints its wall time to stderr, and
//! (on Linux) the memory resident at its end and the peak so far.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        started();
        std::env::var_os("SITELINT_TIMINGS").is_some_and(|v| v == "1")
    })
}

/// Note the start of the run (timings say when each phase ended from
/// here).
pub fn begin() {
    enabled();
}

/// The moment timings were first asked about (near the start of the run):
/// each phase says when it ended, from there.
fn started() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

/// Run `f`, printing how long it took under `name` when timings are on.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let value = f();
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "sitelint timing: {name:<24} {:8.2} ms{}  (ended at {:.1} ms)",
            start.elapsed().as_secs_f64() * 1000.0,
            memory(),
            started().elapsed().as_secs_f64() * 1000.0
        );
    }
    value
}

/// `  rss N MiB  peak N MiB` from `/proc/self/status`, or nothing where
/// there is none.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => {
            format!("  rss {:6} MiB  peak {:6} MiB", rss / 1024, peak / 1024)
        }
        _ => String::new(),
    }
}

/// Print `n` under `name` when timings are on (how much of something a
/// run did, beside how long it took).
pub fn count(name: &str, n: usize) {
    if enabled() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("sitelint count: {name:<24} {n:8}");
        }
    }
}
