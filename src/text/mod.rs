//! Source text and what sitelint reads out of it: front matter with spans,
//! YAML read as Jekyll reads it, Markdown and HTML links, Liquid.

pub mod distance;
pub mod front_matter;
pub mod html;
pub mod liquid;
pub mod markdown;
pub mod source;
pub mod yaml;
pub mod yaml_fast;
#[cfg(test)]
mod yaml_psych;
pub mod yaml_write;
