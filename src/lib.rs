//! sitelint: a linter and migration toolkit for Jekyll site sources.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod app;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod report;
pub mod settings;
pub mod site;
pub mod suppress;
pub mod text;
