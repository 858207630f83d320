//! `FM`: front matter that Jekyll cannot read, or reads differently from
//! what its author meant.

use std::collections::HashMap;

use crate::checks::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix, FixKind, Rule, Severity};
use crate::site::Document;
use crate::text::front_matter::FrontMatter;
use crate::text::yaml::{Node, NodeKind};

pub static UNCLOSED: Rule = Rule {
    code: "FM001",
    name: "unclosed-front-matter",
    severity: Severity::Error,
    fix: FixKind::Safe,
    summary: "Front matter opened by `---` is never closed",
    doc: r#"## What it does
Finds a file whose first line is `---` but where no later line is exactly
`---` or `...` (trailing spaces allowed), which is what Jekyll requires to
close front matter.

## Why is this bad?
Jekyll then reads no front matter at all: the page loses its layout,
title and permalink, and the YAML is rendered as body text. A line of more
than three dashes (`-------`) looks like a closing fence but is not one.

## Example
```markdown
---
title: Robert
-------
```
Use instead:
```markdown
---
title: Robert
---
```
When a line of four or more dashes follows the opening fence, the safe fix
replaces it with `---`."#,
};

pub static INVALID_YAML: Rule = Rule {
    code: "FM002",
    name: "invalid-yaml",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "Front matter is not valid YAML",
    doc: r#"## What it does
Parses front matter as Jekyll does (Ruby's Psych, YAML 1.1, accepting a tab
after `key:` as libyaml does) and reports the first syntax error at its
position. Nesting deeper than the configured limit is reported here too.

## Why is this bad?
Jekyll stops the build on invalid front matter, or, in some versions, drops
the page's data with only a warning in the build log.

## Example
```yaml
title: Pride: a history
```
Use instead:
```yaml
title: "Pride: a history"
```"#,
};

pub static DUPLICATE_KEY: Rule = Rule {
    code: "FM003",
    name: "duplicate-key",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "A front matter key is written more than once",
    doc: r#"## What it does
Finds a key that appears twice in the same mapping of the front matter.

## Why is this bad?
Jekyll keeps the last value without a word; the first one, often the one
the author edited, is silently ignored.

## Example
```yaml
title: Draft title
date: 2022-01-13
title: Final title
```
Remove one of the two `title` keys."#,
};

pub static MISSING: Rule = Rule {
    code: "FM004",
    name: "missing-front-matter",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "A collection document has no front matter",
    doc: r#"## What it does
Finds a Markdown or HTML file in a collection folder (such as `_news`)
that does not start with a `---` line. Files in `_posts` are exempt (Jekyll
renders a dated post without front matter), unless the file starts with
`---` and lone carriage returns, which hides its YAML from Jekyll.

## Why is this bad?
Jekyll treats such a file as a static file: it is copied as it is, never
rendered, and never appears at the URL the collection's permalink promises.

## Example
A file `_news/2022-01-13-update.md` that starts with its first paragraph.
Add front matter, even an empty one:
```markdown
---
---
```"#,
};

pub static NOT_MAPPING: Rule = Rule {
    code: "FM005",
    name: "front-matter-not-mapping",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "Front matter is YAML but not a mapping of keys to values",
    doc: r#"## What it does
Finds front matter whose YAML is a list or a single value instead of
`key: value` pairs.

## Why is this bad?
Jekyll expects a mapping; anything else fails the build or is ignored.

## Example
```yaml
- title: Welcome
```
Use instead:
```yaml
title: Welcome
```"#,
};

pub static RULES: &[&Rule] = &[
    &UNCLOSED,
    &INVALID_YAML,
    &DUPLICATE_KEY,
    &MISSING,
    &NOT_MAPPING,
];

pub fn check_document(ctx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    let file = &doc.file;
    match &doc.front {
        FrontMatter::Absent => {
            // Jekyll reads every dated file in `_posts` as a post, front
            // matter or not; a lone-CR file there still loses its YAML.
            let lone_cr = file.text.starts_with("---\r") && !file.text.starts_with("---\r\n");
            let post = doc.collection == Some(0);
            if doc.collection.is_some() && (!post || lone_cr) && ctx.enabled(&MISSING) {
                let name = &ctx.site.config.collections[doc.collection.unwrap_or(0)].name;
                let first = file.line_range(1);
                out.push(
                    Diagnostic::new(&MISSING, file, first.start..first.start, format!("Document in collection `{name}` has no front matter"))
                        .help(if file.text.starts_with("---\r") && !file.text.starts_with("---\r\n") {
                            "The file ends its lines with a lone carriage return (CR), so Jekyll sees no front matter: save it with LF or CRLF line endings"
                        } else if doc.plugin_page.is_some() {
                            "Start the file with front matter (at least two `---` lines); without it GitHub Pages' jekyll-optional-front-matter makes it a page outside the collection, under the collection's folder name"
                        } else {
                            "Start the file with front matter (at least two `---` lines); without it Jekyll copies the file instead of rendering it"
                        }),
                );
            }
        }
        FrontMatter::Unclosed { open, dashed } => {
            let mut d = Diagnostic::new(
                &UNCLOSED,
                file,
                open.clone(),
                "Front matter is never closed",
            );
            match dashed {
                Some(line) => {
                    let fence = &file.text[line.clone()];
                    d = d
                        .label(line.clone(), format!("`{fence}` does not close front matter"))
                        .help("Jekyll closes front matter only with a line that is exactly `---` or `...`")
                        .fix(Fix::safe(format!("Replace `{fence}` with `---`"), vec![Edit::replace(line.clone(), "---")]));
                }
                None => {
                    d = d.help("Add a line `---` after the last front matter key; until then Jekyll renders the YAML as text");
                }
            }
            out.push(d);
        }
        FrontMatter::Closed(block) => match &block.data {
            Err(e) => out.push(match e.limit_help() {
                Some(help) => Diagnostic::new(
                    &INVALID_YAML,
                    file,
                    e.offset..e.offset,
                    format!("Front matter is too large to read: {}", e.message),
                )
                .help(help),
                None => Diagnostic::new(
                    &INVALID_YAML,
                    file,
                    e.offset..e.offset,
                    format!("Front matter is not valid YAML: {}", e.message),
                )
                .help("Quote values that contain `: `, `#` or start with a special character"),
            }),
            Ok(None) => {}
            Ok(Some(root)) => {
                if root.as_map().is_none() {
                    out.push(
                        Diagnostic::new(
                            &NOT_MAPPING,
                            file,
                            root.span.clone(),
                            format!(
                                "Front matter is a {}, not a mapping of keys to values",
                                root.type_name()
                            ),
                        )
                        .help("Write front matter as `key: value` lines"),
                    );
                } else if ctx.enabled(&DUPLICATE_KEY) {
                    duplicate_keys(doc, root, out);
                }
            }
        },
    }
}

/// Report every key repeated within one mapping, at any depth.
pub fn duplicate_keys_in(
    file: &std::sync::Arc<crate::text::source::SourceFile>,
    node: &Node,
    rule: &'static Rule,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Map(entries) => {
                // each key's last entry, so that a map with many keys is
                // not compared pairwise
                let mut last: HashMap<&str, usize> = HashMap::new();
                for (i, e) in entries.iter().enumerate() {
                    if let Some(key) = e.key.scalar_text() {
                        last.insert(key, i);
                    }
                }
                for (i, e) in entries.iter().enumerate() {
                    stack.push(&e.value);
                    let Some(key) = e.key.scalar_text() else {
                        continue;
                    };
                    let later = last
                        .get(key)
                        .filter(|&&j| j > i)
                        .and_then(|&j| entries.get(j));
                    if let Some(last) = later {
                        out.push(
                            Diagnostic::new(
                                rule,
                                file,
                                e.key.span.clone(),
                                format!("Key `{key}` is written more than once in {what}"),
                            )
                            .label(
                                last.key.span.clone(),
                                "this later value is the one Jekyll uses",
                            )
                            .help(if key == "redirect_from" {
                                "Jekyll keeps only the last `redirect_from`, so this old URL stops working: list every URL under one `redirect_from` key".to_string()
                            } else {
                                format!("Remove one of the `{key}` keys; Jekyll ignores this one")
                            }),
                        );
                    }
                }
            }
            NodeKind::Seq(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
}

fn duplicate_keys(doc: &Document, root: &Node, out: &mut Vec<Diagnostic>) {
    duplicate_keys_in(&doc.file, root, &DUPLICATE_KEY, "front matter", out);
}
