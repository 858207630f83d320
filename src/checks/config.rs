//! `CFG`: the site's `_config.yml`.

use crate::checks::Context;
use crate::checks::front_matter::duplicate_keys_in;
use crate::diagnostic::{Diagnostic, FixKind, Rule, Severity};

pub static DUPLICATE_KEY: Rule = Rule {
    code: "CFG001",
    name: "duplicate-config-key",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "A key is written more than once in `_config.yml`",
    doc: r#"## What it does
Finds a key repeated within the same mapping of `_config.yml`.

## Why is this bad?
Jekyll keeps the last value and says nothing, so the first one looks in
force but is not. A site that sets `permalink:` near the top and again
near the bottom gets the second.

## Example
```yaml
permalink: /:year/:month/:day/:title:output_ext
# ... two hundred lines later
permalink: pretty
```
Keep one `permalink`."#,
};

pub static INVALID: Rule = Rule {
    code: "CFG002",
    name: "invalid-config",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "`_config.yml` is not valid YAML or not a mapping",
    doc: r#"## What it does
Reports a YAML syntax error in `_config.yml`, or a file whose content is a
list or a single value rather than `key: value` pairs.

An empty `_config.yml` is valid: Jekyll reads it as no settings and builds
with its defaults, and so does sitelint.

## Why is this bad?
On a syntax error Jekyll refuses to build the site. On a list or a single
value it prints a warning and builds with its defaults, ignoring every
setting in the file. sitelint goes on with Jekyll's defaults in both
cases, so other findings may be inaccurate until this is fixed.

## Example
```yaml
title: [Civil Service LGBT+ Network
```
Close the bracket, or quote the value."#,
};

pub static RULES: &[&Rule] = &[&DUPLICATE_KEY, &INVALID];

pub fn check_site(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let config = &ctx.site.config;
    let Some(file) = &config.file else { return };
    if let Some(e) = &config.error {
        out.push(
            Diagnostic::new(
                &INVALID,
                file,
                e.offset..e.offset,
                if e.over_limit {
                    format!("`_config.yml` is too large to read: {}", e.message)
                } else {
                    format!("`_config.yml` is not valid YAML: {}", e.message)
                },
            )
            .help(e.limit_help().unwrap_or_else(|| {
                "Jekyll cannot build the site; sitelint uses Jekyll's defaults until this is fixed"
                    .into()
            })),
        );
        return;
    }
    match &config.data {
        Some(data) if data.as_map().is_none() => out.push(
            Diagnostic::new(
                &INVALID,
                file,
                data.span.clone(),
                format!(
                    "`_config.yml` holds a {}, not a mapping of settings",
                    data.type_name()
                ),
            )
            .help("Write settings as `key: value` lines"),
        ),
        Some(data) if ctx.enabled(&DUPLICATE_KEY) => {
            duplicate_keys_in(file, data, &DUPLICATE_KEY, "`_config.yml`", out);
        }
        _ => {}
    }
}
