//! One integration-test binary: the real `sitelint` binary on fixture sites.
//! Fixture snapshots and fixed trees, one test per case, are the other
//! binary, `tests/fixtures`.

mod cache;
mod changes;
mod cli;
#[path = "../common/mod.rs"]
mod common;
mod demo;
mod fix;
mod hook;
mod migrate;
mod outside;
mod reliability;
mod report;
mod reports;
mod rules;
mod scale;
mod schema;
mod scope;
mod server;
mod settings;
mod urls;
mod workflow;

pub use common::{root, sitelint, sitelint_in};
