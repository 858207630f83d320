//! Phase timings for profiling: with `SITELINT_TIMINGS=1` in the
//! environment, each phase of a run prints its wall time to stderr.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("SITELINT_TIMINGS").is_some_and(|v| v == "1"))
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
            "sitelint timing: {name:<24} {:8.2} ms",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    value
}
