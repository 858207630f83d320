//! sitelint: a linter and migration toolkit for Jekyll site sources.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod app;
pub mod baseline;
pub mod cache;
pub mod changes;
pub mod checks;
pub mod cli;
pub mod clock;
pub mod config;
pub mod debug;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod fix;
pub mod init;
pub mod inside;
pub mod migrate;
pub mod report;
pub mod schema;
pub mod server;
pub mod settings;
pub mod site;
pub mod suppress;
pub mod text;
pub mod timings;
pub mod write;
