//! The time a run is made at, and how long its findings stay true.
//!
//! Jekyll does not publish a post dated in the future, and dates a
//! document without a date by the build time; FM-future-date compares a
//! date with today. So a run's findings can change with nothing on disk
//! changed: the persistent cache ([`crate::cache`]) keeps them only until
//! the earliest moment a check said its answer would change (the run's
//! *horizon*). Every comparison with the time goes through [`now`] and
//! [`changes_at`], so that one run sees one time and the horizon is known.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicI64, Ordering};

static NOW: OnceLock<i64> = OnceLock::new();
static HORIZON: AtomicI64 = AtomicI64::new(i64::MAX);

/// Now, in seconds since the epoch, the same for the whole run.
pub fn now() -> i64 {
    *NOW.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    })
}

/// A check's answer changes when the time reaches `at` (seconds since the
/// epoch): a post becomes published, a date stops being in the future.
/// Moments already past change nothing.
pub fn changes_at(at: i64) {
    if at > now() {
        HORIZON.fetch_min(at, Ordering::Relaxed);
    }
}

/// A check used the time itself (a document dated by the build time): its
/// answer may change at any moment, so the run's findings are not kept.
pub fn uses_now() {
    HORIZON.store(i64::MIN, Ordering::Relaxed);
}

/// The earliest moment this run's findings may change (`i64::MAX`: never
/// by the time alone; `i64::MIN`: at once).
pub fn horizon() -> i64 {
    HORIZON.load(Ordering::Relaxed)
}
