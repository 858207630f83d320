//! One integration-test binary: the real `sitelint` binary on fixture sites.
//! Fixture snapshots and fixed trees, one test per case, are the other
//! binary, `tests/fixtures`.

mod cli;
#[path = "../common/mod.rs"]
mod common;
mod fix;
mod migrate;
mod reliability;
mod reports;
mod schema;
mod urls;
mod workflow;

pub use common::{root, sitelint, sitelint_in};
