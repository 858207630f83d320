//! `IMG`: images that do not show, or show without a text alternative.
//! Targets are read as the `LNK` family reads them (Liquid, relative
//! paths, own domain); that family also reports malformed image targets.

use std::ops::Range;

use crate::checks::Context;
use crate::checks::links;
use crate::diagnostic::{Diagnostic, Edit, Fix, FixKind, Rule, Severity};
use crate::site::targets::{self, Target};
use crate::site::urls::Source;
use crate::site::{Document, Site};
use crate::text::markdown::{Link, LinkKind};
use crate::text::yaml::Style;

pub static MISSING: Rule = Rule {
    code: "IMG001",
    name: "missing-image",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "An image file the page shows does not exist",
    doc: r#"## What it does
Resolves every image of a page (Markdown `![alt](src)`, HTML `<img src>`
and `<video poster>`, and the front matter `image`) against the files the
built site serves, and reports those that are missing. A "Did you mean"
names an existing image when one is close enough, as for `LNK001`: the
same file name in another folder, a match ignoring case, or a path
within 30% of the characters.

## Why is this bad?
Readers see a broken image icon, and social cards built from `image` are
empty.

## Example
```yaml
image: /assets/images/uploads/posts/pride-2019.jpg
```
when only `/assets/images/uploads/posts/pride-2019.jpeg` exists."#,
};

pub static WRONG_CASE: Rule = Rule {
    code: "IMG002",
    name: "image-case-mismatch",
    severity: Severity::Error,
    fix: FixKind::Safe,
    summary: "An image path matches a file only when letter case is ignored",
    doc: r#"## What it does
Finds image paths that name an existing file with different letter case,
such as `/assets/Logo.PNG` for `/assets/logo.png`.

## Why is this bad?
It works on a Mac or Windows preview, whose file systems ignore case, and
breaks on GitHub Pages, which does not.

## Example
`![Logo](/assets/Logo.PNG)`. The safe fix writes the file's real name."#,
};

pub static MISSING_ALT: Rule = Rule {
    code: "IMG003",
    name: "missing-alt-text",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "An image has no alt text",
    doc: r#"## What it does
Finds Markdown images with empty alt text (`![](photo.jpg)`) and HTML
`<img>` tags without an `alt` attribute. An explicit `alt=""` in HTML is
the standard way to mark a decorative image and is not reported.

## Why is this bad?
Screen reader users hear the file name, or nothing, instead of what the
image shows.

## Example
```markdown
![](/assets/images/pride-march.jpg)
```
Use instead:
```markdown
![Members marching behind the network banner](/assets/images/pride-march.jpg)
```"#,
};

pub static FRONT_MATTER_ALT: Rule = Rule {
    code: "IMG004",
    name: "front-matter-image-without-alt",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "A front matter `image` has no alt text field where the site uses one",
    doc: r#"## What it does
When the site's pages give their front matter `image` an alt text field
(the field named by `images: alt-field` in the settings; else the one
the page's layout renders, `alt="{{ page.K }}"`, where the layout is in
the site; else `image-alt`, `image_alt`, `imageAlt` or
`image-description`, whichever the site uses), reports pages with an
`image` but no such field, or an empty one. An empty `image` (`image:` or
`image: ""`) means the page has no image, and needs no alt text.

## Why is this bad?
The layout then renders the picture without a text alternative.

## Example
```yaml
image: /assets/images/uploads/pride.jpg
```
Use instead:
```yaml
image: /assets/images/uploads/pride.jpg
image-alt: Members at Pride in London
```"#,
};

pub static TOO_LARGE: Rule = Rule {
    code: "IMG005",
    name: "large-image",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "An image file is larger than the size budget",
    doc: r#"## What it does
Reports images a page shows whose file is larger than the budget: 1 MB
by default, set with `images: max-size` in the settings (bytes, or a
number with `KB` or `MB`).

## Why is this bad?
Large images make pages slow on mobile connections and cost readers
data.

## Example
A 4.8 MB photo straight from a phone. Resize it (2000 pixels wide is
plenty) and compress it."#,
};

pub static RULES: &[&Rule] = &[
    &MISSING,
    &WRONG_CASE,
    &MISSING_ALT,
    &FRONT_MATTER_ALT,
    &TOO_LARGE,
];

const ALT_FIELDS: &[&str] = &["image-alt", "image_alt", "imageAlt", "image-description"];

/// The size budget in bytes (`images: max-size`, default 1 MB; a value
/// that is not a size stops the run when the settings are read).
fn budget(site: &Site) -> u64 {
    site.settings
        .section("images")
        .and_then(|s| s.get("max-size"))
        .and_then(|n| n.scalar_text())
        .and_then(crate::settings::parse_size)
        .unwrap_or(1_000_000)
}

/// The front matter field a document uses for the alt text of `image`:
/// the settings' `images: alt-field`, else the one its layout renders,
/// else the one the site's documents use.
pub(crate) fn alt_field(site: &Site, doc: &Document) -> Option<String> {
    if let Some(f) = settings_alt_field(site) {
        return Some(f);
    }
    if let Some(f) = site.layout_alt_field(doc) {
        return Some(f.to_string());
    }
    site_alt_field(site)
}

fn settings_alt_field(site: &Site) -> Option<String> {
    site.settings
        .section("images")
        .and_then(|s| s.get("alt-field"))
        .and_then(|n| n.scalar_text())
        .map(str::to_string)
}

/// The alt text field that does not depend on a document's layout: the
/// settings' `images: alt-field`, else the one the site's documents use.
/// (`--changed-since` compares it on both sides; a changed layout is not
/// content, so it makes every document be checked whole.)
pub(crate) fn site_alt_field(site: &Site) -> Option<String> {
    settings_alt_field(site).or_else(|| {
        ALT_FIELDS
            .iter()
            .find(|f| {
                site.documents
                    .iter()
                    .any(|d| d.front.data().and_then(|m| m.get(f)).is_some())
            })
            .map(|f| f.to_string())
    })
}

pub fn check_document(ctx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    // (the URL index and the body are built for these rules only)
    if !RULES.iter().any(|r| ctx.enabled(r)) {
        return;
    }
    let site = ctx.site;
    let Some((i, url)) = links::page_url(site, doc) else {
        return;
    };
    // a `redirect_to` page is a redirect stub: its body is never shown
    if site.urls().redirected(i) {
        return;
    }
    let prefixes = links::external_prefixes(site);
    let budget = budget(site);
    let body = doc.body();
    for link in body
        .links
        .iter()
        .filter(|l| l.image && !body.is_unused_definition(l))
    {
        if ctx.enabled(&MISSING_ALT) {
            alt(doc, link, out);
        }
        let rendered = match links::relative_link(site, doc, link) {
            Some(url) => targets::Rendered {
                text: url,
                ..Default::default()
            },
            None => targets::render(site, &doc.file.text, link.dest.clone()),
        };
        if rendered.unknown.is_some() || !rendered.problems.is_empty() {
            continue; // the LNK family reports these
        }
        check_target(
            site,
            doc,
            url,
            link.dest.clone(),
            &rendered.text,
            rendered.liquid,
            &prefixes,
            budget,
            out,
        );
    }
    let Some(data) = doc.front.data() else {
        return;
    };
    let Some(entry) = data.entry("image") else {
        return;
    };
    let Some(scalar) = entry.value.as_scalar() else {
        return;
    };
    let value = scalar.text.as_str();
    // `image: ""` or `image:` says the document has no image: nothing to
    // find, and no alt text to ask for
    if value.trim().is_empty() {
        return;
    }
    if !value.contains("{{") {
        // the value's range without its quotes
        let span = entry.value.span.clone();
        let quoted =
            matches!(scalar.style, Style::SingleQuoted | Style::DoubleQuoted) && span.len() >= 2;
        let span = if quoted {
            span.start + 1..span.end - 1
        } else {
            span
        };
        check_target(site, doc, url, span, value, false, &prefixes, budget, out);
    }
    if ctx.enabled(&FRONT_MATTER_ALT)
        && let Some(field) = alt_field(site, doc)
    {
        let alt = data
            .get(&field)
            .and_then(|n| n.scalar_text())
            .map(str::trim)
            .unwrap_or("");
        if alt.is_empty() {
            out.push(
                Diagnostic::new(
                    &FRONT_MATTER_ALT,
                    &doc.file,
                    entry.key.span.start..entry.value.span.end,
                    format!("`image` has no `{field}` text"),
                )
                .help(format!("Add `{field}:` describing what the image shows")),
            );
        }
    }
}

fn alt(doc: &Document, link: &Link, out: &mut Vec<Diagnostic>) {
    let text = &doc.file.text;
    let missing = match (&link.kind, &link.text) {
        (LinkKind::Html, None) => {
            // only <img> has alt text; a video poster does not
            link.element.as_ref().is_some_and(|(e, _)| e == "img")
        }
        (LinkKind::Html, Some(_)) => false,
        (_, Some(r)) => text.get(r.clone()).is_none_or(|t| t.trim().is_empty()),
        (_, None) => false,
    };
    if missing {
        let src = text.get(link.dest.clone()).unwrap_or("");
        out.push(
            Diagnostic::new(
                &MISSING_ALT,
                &doc.file,
                link.span.clone(),
                format!("Image `{src}` has no alt text"),
            )
            .help(if link.kind == LinkKind::Html {
                "Add `alt=\"...\"` describing the image, or `alt=\"\"` if it is decorative"
            } else {
                "Describe the image between the brackets: `![what it shows](...)`"
            }),
        );
    }
}

/// Check one image target: `dest` is where it is written, `value` what
/// it renders to, `liquid` whether Liquid made it.
#[allow(clippy::too_many_arguments)]
fn check_target(
    site: &Site,
    doc: &Document,
    page_url: &str,
    dest: Range<usize>,
    value: &str,
    liquid: bool,
    prefixes: &[String],
    budget: u64,
    out: &mut Vec<Diagnostic>,
) {
    let file = &doc.file;
    let Some(raw) = file.text.get(dest.clone()) else {
        return;
    };
    let raw = raw.trim();
    if raw.is_empty()
        || raw.contains([
            '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}',
        ])
    {
        return; // the LNK family reports these
    }
    let Target::Internal { path, .. } = targets::classify(site, page_url, value) else {
        return;
    };
    if prefixes.iter().any(|p| path.starts_with(p.as_str())) {
        return;
    }
    let index = site.urls();
    match index.resolve(&path) {
        Some(served) => {
            // the size is read here, for the images pages use, not for
            // every file of the site
            if let Source::File(j) = served.source
                && let Some(entry) = site.files.get(j)
                && let Some(size) = std::fs::metadata(&entry.path).ok().map(|m| m.len())
                && size > budget
            {
                out.push(
                    Diagnostic::new(
                        &TOO_LARGE,
                        file,
                        dest,
                        format!(
                            "Image `{raw}` is {}, over the {} budget",
                            human_size(size),
                            human_size(budget)
                        ),
                    )
                    .help("Resize and compress the image"),
                );
            }
        }
        None => {
            if let Some(real) = index.resolve_ignoring_case(&path) {
                let real_url = real.url();
                let mut d = Diagnostic::new(
                    &WRONG_CASE,
                    file,
                    dest.clone(),
                    format!("Image `{raw}` exists only as `{real_url}` (letter case differs)"),
                )
                .help(
                    "GitHub Pages matches file names case-sensitively; write the file's real name",
                );
                // the replacement: the same number of trailing bytes of the
                // real path, when the text is the path's tail
                let plain = !liquid && !raw.contains(['%', '?', '#']) && !raw.contains("./");
                let src = &file.text[dest.clone()];
                if plain
                    && src == raw
                    && path.ends_with(raw.trim_start_matches('/'))
                    && real_url.len() == path.len()
                    && let Some(tail) = real_url.get(real_url.len() - raw.len()..)
                    && tail.eq_ignore_ascii_case(raw)
                {
                    d = d.fix(Fix::safe(
                        format!("Replace with `{tail}`"),
                        vec![Edit::replace(dest, tail)],
                    ));
                }
                out.push(d);
                return;
            }
            let mut d = Diagnostic::new(
                &MISSING,
                file,
                dest,
                format!("Image `{raw}` does not exist"),
            );
            if let Some(s) = links::suggest(index, &path, true) {
                d = d.help(format!("Did you mean `{s}`?"));
            }
            out.push(d);
        }
    }
}

/// `1.3 MB`, `20 KB` or `900 bytes`.
fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else if bytes >= 1_000 {
        format!("{} KB", bytes / 1_000)
    } else {
        format!("{bytes} bytes")
    }
}
