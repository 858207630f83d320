//! `LNK`: links that lead nowhere, resolved against every URL the built
//! site serves (see `site::urls`), without building it.

use std::ops::Range;

use crate::checks::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix, FixKind, Rule, Severity};
use crate::settings;
use crate::site::targets::{self, LiquidProblem, Target};
use crate::site::urls::{Served, Source, UrlIndex};
use crate::site::{Document, Site};
use crate::text::markdown::{Link, LinkKind};
use crate::text::source::SourceFile;
use crate::text::yaml::NodeKind;

macro_rules! rule {
    ($id:ident, $code:literal, $name:literal, $sev:ident, $fix:ident, $summary:literal, $doc:literal) => {
        pub static $id: Rule = Rule {
            code: $code,
            name: $name,
            severity: Severity::$sev,
            fix: FixKind::$fix,
            summary: $summary,
            doc: $doc,
        };
    };
}

rule!(
    BROKEN,
    "LNK001",
    "broken-link",
    Error,
    None,
    "An internal link leads to a URL the site does not serve",
    r#"## What it does
Resolves every internal link (Markdown, raw HTML, reference definitions,
front matter `redirect_to`) the way the built site and GitHub Pages would:
relative links against the page's own URL, `{{ site.baseurl }}` and
`{{ site.url }}` from the configuration, own-domain absolute URLs as
internal. A link that reaches no page, file or redirect is reported.

A "Did you mean" is added only when a served URL is close enough to be
the likely target: one that matches ignoring case, one whose last
segment is the same (another folder or date), or one within 30% of the
link's characters (on a site of more than 5,000 URLs, only among those in
the same folder). A link to a page that was deleted or never existed
usually has none: on one real site, 74 of 190 broken links got one.

## Why is this bad?
Readers get a 404.

## Example
```markdown
Read [John's profile](/team/john-peart).
```
No document serves `/team/john-peart`; link the page that does, such as
`/team/john/`."#
);

rule!(
    MISSING_TAG_TARGET,
    "LNK002",
    "missing-link-tag-target",
    Error,
    None,
    "`{% link %}` or `{% post_url %}` names a file that does not exist",
    r#"## What it does
Checks that `{% link path %}` names a file of the site (path from the site
root, e.g. `_posts/2021-01-01-hello.md`) and that `{% post_url name %}`
names a post (`2021-01-01-hello`), wherever the tag is: in a link target
or anywhere else in the page, code included (Liquid runs before Markdown).
Tags inside `{% raw %}` or `{% comment %}`, and pages with
`render_with_liquid: false`, are not evaluated by Jekyll and not checked.

## Why is this bad?
Jekyll stops the whole build with "Could not find document" or "Could not
find post": the site is not published at all.

## Example
```liquid
[Hello]({% post_url 2021-01-01-helo %})
```
Use the post's file name without its extension: `2021-01-01-hello`."#
);

rule!(
    BROKEN_FRAGMENT,
    "LNK003",
    "broken-fragment",
    Warning,
    None,
    "A link's `#fragment` matches no heading or id on the target page",
    r#"## What it does
Checks `#id` against the target page's heading ids as kramdown makes them
(Jekyll's default GFM input: lower case, punctuation removed, spaces
become hyphens, repeats numbered `-1`, `-2`), explicit `{#id}` attributes
and HTML `id`s. Only Markdown targets are checked, since a layout may add
ids of its own.

## Why is this bad?
The browser opens the page at the top instead of the section meant.

## Example
```markdown
See [how to join](/about/#how-to-joins).
```
The heading `## How to join` has the id `how-to-join`."#
);

rule!(
    CONFLICT,
    "LNK004",
    "url-conflict",
    Error,
    None,
    "Two files produce the same URL",
    r#"## What it does
Finds documents, pages, static files and `redirect_from` entries that
Jekyll would write to the same file of the built site.

## Why is this bad?
Jekyll keeps one of them without failing; the other page silently
disappears (or a redirect replaces a real page).

## Example
`_team/alex.md` with `permalink: /team/alex/` and `_archives/alex.md`
with `redirect_from: /team/alex/`. Give one of them another URL."#
);

rule!(
    OWN_DOMAIN,
    "LNK005",
    "own-domain-url",
    Warning,
    Safe,
    "A link spells out the site's own domain",
    r#"## What it does
Finds absolute links to the site's own `url` (http or https, with or
without `www.`); they are checked as internal links too.

## Why is this bad?
They break on previews and forks, and the `http`/`www` variants cost the
reader a redirect.

## Example
```markdown
[Join us](https://www.civilservice.lgbt/join-us)
```
The safe fix makes it root-relative: `/join-us`. It is offered only where
this site serves the path (a path such as `/documents/…` that another
repository serves on the same domain keeps its full URL) and never on an
autolink: `<https://www.civilservice.lgbt/join-us>` cannot be relative,
as `</join-us>` is not a link in Markdown."#
);

rule!(
    BARE_EMAIL,
    "LNK006",
    "bare-email-link",
    Error,
    Safe,
    "A link target is an e-mail address without `mailto:`",
    r#"## What it does
Finds link targets that are a bare e-mail address.

## Why is this bad?
The browser treats `northwest@example.org` as a relative path and opens
a 404 page instead of the mail client.

## Example
```markdown
[Email us](northwest@example.org)
```
The safe fix adds `mailto:`."#
);

rule!(
    BAD_MAILTO,
    "LNK007",
    "malformed-mailto",
    Error,
    Sometimes,
    "A `mailto:` link has a space, a doubled prefix or no address",
    r#"## What it does
Finds `mailto:` targets with whitespace inside, `mailto:` written twice,
`mailto` without its colon, or no `@`.

## Why is this bad?
Mail clients open with a wrong or empty address.

## Example
```markdown
[Email](mailto:mailto:info@example.org)
```
The safe fix removes the repeated prefix (or the spaces), and only where
what remains is one valid address: a paragraph pasted into a `mailto:`
gets no fix."#
);

rule!(
    SCHEMELESS,
    "LNK008",
    "scheme-less-url",
    Error,
    Unsafe,
    "A link to another site has no `https://`",
    r#"## What it does
Finds targets such as `www.example.org/page` or `example.com/page`.

## Why is this bad?
Without a scheme the browser reads them as a path on this site and
shows a 404.

## Example
```markdown
[Awards](www.example.org/categories)
```
The unsafe fix adds `https://` (check that the site serves https)."#
);

rule!(
    INVISIBLE,
    "LNK009",
    "invisible-character-in-url",
    Error,
    Safe,
    "A link target contains an invisible character",
    r#"## What it does
Finds zero-width spaces and joiners, word joiners, soft hyphens and
U+FEFF inside a link target (often pasted from a word processor or a CMS).

## Why is this bad?
The character is part of the URL, so the link leads to a page that does
not exist, though it looks right.

## Example
`[Events](/events\u{200b}/)`. The safe fix removes the character (in a
`mailto:`, only where what remains is one valid address)."#
);

rule!(
    TEXT_BEFORE_URL,
    "LNK010",
    "text-before-url",
    Error,
    Unsafe,
    "Text is pasted before the URL in a link target",
    r#"## What it does
Finds targets such as `Link:https://example.org` where words precede
the scheme.

## Why is this bad?
The browser reads the whole target as a relative path.

## Example
```markdown
[Form](Register here https://example.org/form)
```
The unsafe fix keeps only the URL."#
);

rule!(
    EMPTY,
    "LNK011",
    "empty-link",
    Error,
    None,
    "A link or image has an empty target",
    r#"## What it does
Finds `[text]()`, `![alt]()` and `href=""`.

## Why is this bad?
The link reloads the page; the image shows nothing. Usually the URL was
never pasted.

## Example
```markdown
[how to submit your vote]()
```
Add the URL, or remove the link."#
);

rule!(
    DOUBLED_PARENS,
    "LNK012",
    "doubled-parentheses",
    Error,
    Safe,
    "A link target is wrapped in an extra pair of parentheses",
    r#"## What it does
Finds `[text]((https://example.org))`.

## Why is this bad?
The parentheses become part of the URL, which the browser then treats as
a relative path.

## Example
The safe fix removes the inner parentheses."#
);

rule!(
    SLASH_SCHEME,
    "LNK013",
    "slash-before-scheme",
    Error,
    Safe,
    "A link target has a slash before `https://`",
    r#"## What it does
Finds targets such as `/https://example.org/page`.

## Why is this bad?
The target is a path on this site that does not exist.

## Example
The safe fix removes the leading slash."#
);

rule!(
    TRACKING,
    "LNK014",
    "tracking-query",
    Info,
    Safe,
    "An internal link carries a tracking query",
    r#"## What it does
Finds `utm_*`, `fbclid`, `gclid`, `mc_cid`, `mc_eid` and `msclkid`
parameters on links to this site.

## Why is this bad?
They pollute analytics and the page's URL; internal links never need
them.

## Example
`[News](/news/?fbclid=IwAR0)`. The safe fix removes the parameters."#
);

rule!(
    VIA_REDIRECT,
    "LNK015",
    "link-via-redirect",
    Info,
    Unsafe,
    "An internal link reaches its page only through a `redirect_from` stub",
    r#"## What it does
Finds links whose target is an old URL kept alive by `redirect_from`.

## Why is this bad?
The reader waits for an extra page load, and the link breaks if the
redirect is ever removed.

## Example
`[Mentoring](/mentoring)` where `/mentoring` redirects to
`/programme/mentoring/`. The fix links the final URL.

## Fix safety
The fix is unsafe. The reader lands on the same page today, but the
source then says something else: a contributor's `[joining us](/join-us/)`
becomes a link to whatever `/join-us/` redirects to now, and stops
following the redirect when the site's maintainers point it elsewhere
(or make `/join-us/` a page again). That is an editorial choice, so
review it (`sitelint fix --unsafe-fixes`). No fix is offered where two
documents claim the same `redirect_from` path (which redirect Jekyll
writes depends on the order it reads them), nor where the final URL is
one FM015 reports (a permalink with a host name, a space or upper case):
the fix would spread the wrong URL."#
);

rule!(
    UNVERIFIABLE,
    "LNK016",
    "unverifiable-link",
    Info,
    None,
    "An internal link points into a path another repository serves",
    r#"## What it does
Reports links under the prefixes listed in the settings'
`links: external-prefixes` (for example `/documents/`), which are served
on the same domain by something other than this site.

On a site with its own plugins (`_plugins/*.rb`), a link that reaches no
page, under a folder nothing in the source is served in and that a
plugin's code names (such as `/tags/` for a tag page generator), may lead
to a page the plugin generates: such links are reported here once per
folder instead of as broken links, with the setting to add
(`links: generated-prefixes`, whose links are then not checked).

## Why is this bad?
It is not bad; it cannot be verified from this repository, so it is
listed rather than reported as broken.

## Example
```yaml
# .sitelint.yml
links:
  external-prefixes: [/documents/, /impact-index]
```"#
);

rule!(
    UNDEFINED_VARIABLE,
    "LNK017",
    "undefined-site-variable",
    Error,
    None,
    "A link target uses a `site.` variable the configuration does not define",
    r#"## What it does
Finds `{{ site.X }}` in a link target where `_config.yml` has no `X`.

## Why is this bad?
Liquid renders an undefined variable as nothing, so the link points to
the current page or to a wrong path.

## Example
```markdown
[Facebook]({{ site.facebook-url }})
```
Define `facebook-url` in `_config.yml`, or write the URL."#
);

rule!(
    LIQUID_UNCHECKED,
    "LNK018",
    "liquid-link-not-checked",
    Info,
    None,
    "A link target holds Liquid that sitelint does not evaluate",
    r#"## What it does
Lists link targets built from Liquid other than `site.` variables,
string literals with `relative_url`/`absolute_url`, `{% link %}` and
`{% post_url %}`, such as `{{ page.form-url }}`.

## Why is this bad?
It may be fine; sitelint never guesses what such Liquid renders, so these
links are not checked and are counted here instead.

## Example
`[Register]({{ page.registration-url }})`."#
);

pub static RULES: &[&Rule] = &[
    &BROKEN,
    &MISSING_TAG_TARGET,
    &BROKEN_FRAGMENT,
    &CONFLICT,
    &OWN_DOMAIN,
    &BARE_EMAIL,
    &BAD_MAILTO,
    &SCHEMELESS,
    &INVISIBLE,
    &TEXT_BEFORE_URL,
    &EMPTY,
    &DOUBLED_PARENS,
    &SLASH_SCHEME,
    &TRACKING,
    &VIA_REDIRECT,
    &UNVERIFIABLE,
    &UNDEFINED_VARIABLE,
    &LIQUID_UNCHECKED,
];

const INVISIBLE_CHARS: &[char] = &[
    '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{00ad}',
];

const TRACKING_PARAMS: &[&str] = &["fbclid", "gclid", "mc_cid", "mc_eid", "msclkid"];

/// The URL of the page a document becomes, when it is rendered.
pub fn page_url<'a>(site: &'a Site, doc: &Document) -> Option<(usize, &'a str)> {
    let i = site.index_of(doc)?;
    if !doc.is_rendered() {
        return None;
    }
    match site.urls().documents.get(i)? {
        Ok(u) => Some((i, u.url.as_str())),
        Err(_) => None,
    }
}

/// The prefixes of `links: generated-prefixes` in the settings: folders the
/// site's own plugins write pages in.
pub fn generated_prefixes(site: &Site) -> Vec<String> {
    settings::strings(
        site.settings
            .section("links")
            .and_then(|s| s.get("generated-prefixes")),
    )
}

/// The prefixes of `links: external-prefixes` in the settings.
pub fn external_prefixes(site: &Site) -> Vec<String> {
    settings::strings(
        site.settings
            .section("links")
            .and_then(|s| s.get("external-prefixes")),
    )
}

pub fn check_document(ctx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    // (the URL index and the body are built for these rules only)
    if !RULES.iter().any(|r| ctx.enabled(r)) {
        return;
    }
    let site = ctx.site;
    let Some((_, url)) = page_url(site, doc) else {
        return;
    };
    let prefixes = external_prefixes(site);
    // a `redirect_to` page is a redirect stub: its body is never shown
    let redirected = site
        .index_of(doc)
        .is_some_and(|i| site.urls().redirected(i));
    if !redirected {
        let body = doc.body();
        for link in &body.links {
            // a definition no link uses: kramdown writes nothing
            if body.is_unused_definition(link) {
                continue;
            }
            check_link(ctx, doc, url, link, &prefixes, out);
        }
        undefined_outside_links(ctx, doc, out);
    }
    // front matter `redirect_to`: a string, or a list whose first entry
    // jekyll-redirect-from uses (`compact.first`)
    if let Some(node) = doc.front.data().and_then(|d| d.get("redirect_to"))
        && let Some(node) = match &node.kind {
            NodeKind::Seq(items) => items.iter().find(|n| !n.is_null()),
            _ => Some(node),
        }
        && let Some(value) = node.as_str()
        && !value.contains("{{")
        && let Target::Internal { path, .. } = targets::classify(site, url, value)
        && !prefixes.iter().any(|p| path.starts_with(p.as_str()))
        && site.urls().resolve(&path).is_none()
    {
        let mut d = Diagnostic::new(
            &BROKEN,
            &doc.file,
            node.span.clone(),
            format!("`redirect_to` target `{value}` does not exist"),
        );
        if let Some(s) = suggest(site.urls(), &path, false) {
            d = d.help(format!("Did you mean `{s}`?"));
        }
        out.push(d);
    }
}

fn check_link(
    ctx: &Context,
    doc: &Document,
    page_url: &str,
    link: &Link,
    prefixes: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let site = ctx.site;
    let file = &doc.file;
    let text = &file.text;
    let dest = link.dest.clone();
    let Some(raw) = text.get(dest.clone()) else {
        return;
    };
    if link.kind == LinkKind::EmailAutolink {
        return;
    }
    // invisible characters: report, then judge the link without them
    // (none in ASCII, which most targets are)
    let invisible: Vec<Range<usize>> = if raw.is_ascii() {
        Vec::new()
    } else {
        raw.char_indices()
            .filter(|(_, c)| INVISIBLE_CHARS.contains(c))
            .map(|(i, c)| dest.start + i..dest.start + i + c.len_utf8())
            .collect()
    };
    if let Some(first) = invisible.first() {
        let names: Vec<String> = raw
            .chars()
            .filter(|c| INVISIBLE_CHARS.contains(c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        let d = Diagnostic::new(
            &INVISIBLE,
            file,
            first.clone(),
            format!(
                "Link target `{}` contains an invisible character ({})",
                raw.replace(INVISIBLE_CHARS, ""),
                names.join(", ")
            ),
        )
        .help("Remove the invisible character; it is part of the URL the browser requests");
        // a `mailto:` is fixed only where one valid address remains (not a
        // paragraph pasted into the link, which stays broken either way)
        let cleaned = raw.replace(INVISIBLE_CHARS, "");
        let cleaned = cleaned.trim();
        let fix_ok = !cleaned.to_ascii_lowercase().starts_with("mailto") || is_mailto(cleaned);
        out.push(if fix_ok {
            d.fix(Fix::safe(
                "Remove the invisible character",
                invisible.iter().map(|r| Edit::delete(r.clone())).collect(),
            ))
        } else {
            d
        });
    }
    let clean: std::borrow::Cow<str> = if invisible.is_empty() {
        raw.into()
    } else {
        raw.replace(INVISIBLE_CHARS, "").into()
    };
    let fixable = invisible.is_empty();
    let trimmed = clean.trim();
    if trimmed.is_empty() {
        {
            out.push(
                Diagnostic::new(
                    &EMPTY,
                    file,
                    link.span.clone(),
                    if link.image {
                        "Image has an empty source".to_string()
                    } else {
                        "Link has an empty target".to_string()
                    },
                )
                .help("Add the URL, or remove the link"),
            );
        }
        return;
    }
    if hygiene(doc, link, trimmed, fixable, out) {
        return;
    }

    let mut rendered = match relative_link(site, doc, link) {
        Some(url) => targets::Rendered {
            text: url,
            ..Default::default()
        },
        None => targets::render(site, text, dest.clone()),
    };
    if !rendered.text.is_ascii() && rendered.text.contains(INVISIBLE_CHARS) {
        rendered.text = rendered.text.replace(INVISIBLE_CHARS, "");
    }
    let mut liquid_failed = false;
    for p in &rendered.problems {
        liquid_failed = true;
        match p {
            LiquidProblem::Undefined { span, name } => out.push(
                Diagnostic::new(
                    &UNDEFINED_VARIABLE,
                    file,
                    span.clone(),
                    match rendered.text.trim() {
                        "" => format!("`site.{name}` is not defined in `_config.yml`, so the link target renders as nothing"),
                        t => format!("`site.{name}` is not defined in `_config.yml`, so the link target renders as `{t}`"),
                    },
                )
                .help(format!("Define `{name}` in `_config.yml`, or write the URL itself")),
            ),
            LiquidProblem::MissingTarget { span, tag, name } => {
                out.push(missing_tag_target(file, span, tag, name));
            }
        }
    }
    if liquid_failed {
        return;
    }
    if let Some(span) = &rendered.unknown {
        out.push(Diagnostic::new(
            &LIQUID_UNCHECKED,
            file,
            span.clone(),
            format!(
                "Link target `{}` uses Liquid sitelint does not evaluate; it is not checked",
                trimmed
            ),
        ));
        return;
    }
    let target = targets::classify(site, page_url, &rendered.text);
    let (path, query, fragment, own_domain) = match target {
        Target::Empty => {
            out.push(
                Diagnostic::new(
                    &EMPTY,
                    file,
                    link.span.clone(),
                    format!("Link target `{trimmed}` renders as nothing"),
                )
                .help("Add the URL, or remove the link"),
            );
            return;
        }
        Target::External | Target::Mailto => return,
        Target::OutsideBase => {
            out.push(
                Diagnostic::new(
                    &BROKEN,
                    file,
                    dest,
                    format!(
                        "Link target `{trimmed}` is outside the site's `baseurl` `{}`",
                        site.config.baseurl
                    ),
                )
                .help("Start the link with `{{ site.baseurl }}`"),
            );
            return;
        }
        Target::Internal {
            path,
            query,
            fragment,
            own_domain,
        } => (path, query, fragment, own_domain),
    };
    if own_domain && !rendered.liquid {
        let after_host = own_domain_path_start(trimmed)
            .map(|i| &trimmed[i..])
            .unwrap_or("/");
        let replacement = if after_host.is_empty() {
            "/"
        } else {
            after_host
        };
        let mut d = Diagnostic::new(
            &OWN_DOMAIN,
            file,
            dest.clone(),
            format!("Link to the site's own domain `{trimmed}`"),
        )
        .help(format!(
            "Link `{replacement}` instead; it works on previews and saves a redirect"
        ));
        // Never on an autolink (`<https://host/team/>`: `</team/>` is not
        // a link in Markdown, so the link would disappear), and never to
        // a path this site does not serve (another repository may serve it
        // on the same domain, and a root-relative link breaks on previews).
        let external = prefixes.iter().any(|p| path.starts_with(p.as_str()));
        let served_here = site.urls().resolve(&path).is_some()
            || generated_prefixes(site)
                .iter()
                .any(|p| path.starts_with(p.as_str()));
        if link.kind == LinkKind::Autolink {
            d = d.help(format!(
                "Write it as `[text]({replacement})`; an autolink cannot be root-relative"
            ));
        } else if external {
            d = d.help(format!(
                "`{path}` is under `links: external-prefixes` (another repository serves it): keep the full URL"
            ));
        } else if !served_here {
            d = d.help(format!(
                "This site does not serve `{path}`; if another site on the domain does, keep the full URL"
            ));
        } else if fixable {
            d = d.fix(Fix::safe(
                format!("Replace with `{replacement}`"),
                vec![Edit::replace(dest.clone(), replacement)],
            ));
        }
        out.push(d);
    }
    if prefixes.iter().any(|p| path.starts_with(p.as_str())) {
        out.push(Diagnostic::new(
            &UNVERIFIABLE,
            file,
            dest,
            format!(
                "Link target `{trimmed}` is served by another repository and cannot be checked here"
            ),
        ));
        return;
    }
    if let Some(q) = &query {
        tracking(doc, link, raw, q, fixable && !rendered.liquid, out);
    }
    if link.image {
        return; // existence, case and size: the IMG family
    }
    // folders the site's own plugins generate (the settings say so)
    if generated_prefixes(site)
        .iter()
        .any(|p| path.starts_with(p.as_str()))
    {
        return;
    }
    let index = site.urls();
    let served = match index.resolve(&path) {
        Some(s) => s,
        None => {
            // possibly a page of the site's own plugins: reported once per
            // folder (`check_site`)
            if let Some(folder) = index.plugin_folder(&path) {
                if let Ok(mut g) = index.generated.lock() {
                    g.push((folder, file.clone(), dest));
                }
                return;
            }
            let mut d = Diagnostic::new(
                &BROKEN,
                file,
                dest,
                format!("Link target `{trimmed}` does not exist"),
            );
            if trimmed != path && !path.is_empty() {
                d = d.label(link.span.clone(), format!("resolves to `{path}`"));
            }
            if let Some(s) = suggest(index, &path, false) {
                d = d.help(format!("Did you mean `{s}`?"));
            }
            out.push(d);
            return;
        }
    };
    if let (Source::RedirectFrom(_), Some(to)) = (&served.source, &served.redirect_to) {
        let mut final_url = to.clone();
        if let Some(q) = &query {
            final_url = format!("{final_url}?{q}");
        }
        if let Some(f) = &fragment {
            final_url = format!("{final_url}#{f}");
        }
        let mut d = Diagnostic::new(
            &VIA_REDIRECT,
            file,
            dest.clone(),
            if index.claims(&path).len() == 1 {
                format!("Link target `{trimmed}` is a redirect to `{to}`")
            } else {
                format!("Link target `{trimmed}` is a redirect that several documents claim")
            },
        )
        .help(format!("Link `{final_url}` directly"));
        // (on the own domain too: LNK005 is silent where this reports, see
        // `checks::PRECEDENCE`, and the final URL is root-relative).
        // Unsafe: the reader lands on the same page today, but the link
        // then stops following the site's redirect (which its maintainers
        // may change). Not offered where the old path is claimed twice
        // (which stub Jekyll writes is an accident of order) or where the
        // final URL is itself flagged (a permalink with a host name, a
        // space, upper case: the fix would cement it).
        let claimed_once = index.claims(&path).len() == 1;
        let target_clean = redirect_target_clean(site, served, to);
        if !claimed_once {
            d = d.help(format!(
                "Several documents claim `{path}` in `redirect_from`; keep one, then link its page directly"
            ));
        } else if !target_clean {
            d = d.help(format!(
                "Correct the permalink of the page `{to}` belongs to first, then link it directly"
            ));
        } else if fixable && !rendered.liquid {
            d = d.fix(Fix::unsafe_(
                format!("Replace with `{final_url}`"),
                vec![Edit::replace(dest.clone(), final_url)],
            ));
        }
        out.push(d);
        return;
    }
    if let Some(f) = fragment.filter(|f| !f.is_empty() && !f.contains("{{"))
        && let Some(i) = targets::document_of(&served.source)
        && let Some(target_doc) = site.documents.get(i)
        && targets::fragment_ids_known(site, target_doc).1
    {
        let ids = targets::fragment_ids(site, target_doc);
        let wanted = crate::site::permalink::unescape(&f);
        if !ids.contains(&wanted) {
            let mut d = Diagnostic::new(
                &BROKEN_FRAGMENT,
                file,
                dest,
                format!(
                    "Fragment `#{f}` matches no heading or id on `{}`",
                    served.url()
                ),
            );
            if let Some(best) = closest_id(site.urls(), i, &wanted, ids) {
                d = d.help(format!("Did you mean `#{best}`?"));
            } else {
                d = d.help("Link a heading's id (lower case, hyphens for spaces) or add an id");
            }
            out.push(d);
        }
    }
}

/// Whether a redirect's final URL is one a link may be rewritten to: it
/// resolves to a page of the site (not another redirect), and neither it
/// nor the permalink of the document that owns the redirect has a problem
/// FM015 reports.
fn redirect_target_clean(site: &Site, served: &Served, to: &str) -> bool {
    use crate::schema::paths::{self, Kind};
    let Source::RedirectFrom(i) = served.source else {
        return false;
    };
    let final_ok = site
        .urls()
        .resolve(to)
        .is_some_and(|s| s.source == Source::Document(i) && s.redirect_to.is_none());
    let permalink_ok = site
        .documents
        .get(i)
        .and_then(|d| d.front.data())
        .and_then(|d| d.get("permalink"))
        .and_then(|n| n.as_str())
        .is_none_or(|p| paths::issues(p, Kind::Permalink).is_empty());
    final_ok && permalink_ok && paths::issues(to, Kind::Permalink).is_empty()
}

/// A `{% link %}` or `{% post_url %}` whose file or post does not exist.
fn missing_tag_target(
    file: &std::sync::Arc<SourceFile>,
    span: &Range<usize>,
    tag: &str,
    name: &str,
) -> Diagnostic {
    Diagnostic::new(
        &MISSING_TAG_TARGET,
        file,
        span.clone(),
        if tag == "link" {
            format!(
                "`{{% link {name} %}}` names a file that does not exist; Jekyll stops the build"
            )
        } else {
            format!("`{{% post_url {name} %}}` names no post; Jekyll stops the build")
        },
    )
    .help(if tag == "link" {
        "Give the file's path from the site root, e.g. `_posts/2021-01-01-hello.md`"
    } else {
        "Give a post's file name without its extension, e.g. `2021-01-01-hello`"
    })
}

/// Whether `inner` lies inside one of `ranges` (sorted by start, not
/// overlapping one another), by binary search.
fn inside(ranges: &[Range<usize>], inner: &Range<usize>) -> bool {
    let i = ranges.partition_point(|r| r.start <= inner.start);
    i.checked_sub(1).is_some_and(|i| inner.end <= ranges[i].end)
}

/// Sort ranges by start and merge those that overlap.
fn merged(mut v: Vec<Range<usize>>) -> Vec<Range<usize>> {
    v.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Liquid anywhere else in the body: `{{ site.X }}` with an undefined `X`
/// outside link targets and code (for example in a link Markdown did not
/// parse, such as `\[text]({{ site.X }})`) renders as nothing; and a bare
/// `{% link %}` or `{% post_url %}` naming nothing stops the build, as it
/// does in a link target. Liquid runs before Markdown, so that holds in
/// code too: only `{% raw %}`, `{% comment %}` and `render_with_liquid:
/// false` keep Jekyll from evaluating a tag.
fn undefined_outside_links(ctx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    let outputs = ctx.enabled(&UNDEFINED_VARIABLE);
    let tags = ctx.enabled(&MISSING_TAG_TARGET);
    let no_liquid = doc
        .front
        .data()
        .and_then(|d| d.get("render_with_liquid"))
        .and_then(crate::text::yaml::Node::as_scalar)
        .is_some_and(|s| s.value == crate::text::yaml::Value::Bool(false));
    if !outputs && !tags || no_liquid {
        return;
    }
    let text = &doc.file.text;
    let body = &doc.body();
    let targets = merged(body.links.iter().map(|k| k.dest.clone()).collect());
    let code = merged(body.code.clone());
    // inside `{% raw %}` or `{% comment %}` (the name of its end tag)
    let mut until: Option<&str> = None;
    for l in &body.liquid {
        let tag = (l.kind == crate::text::liquid::LiquidKind::Tag)
            .then(|| crate::text::liquid::tag_name(&text[l.span.clone()]));
        if let Some(end) = until {
            if tag == Some(end) {
                until = None;
            }
            continue;
        }
        let wanted = match tag {
            None => outputs && !inside(&code, &l.span),
            Some("raw") => {
                until = Some("endraw");
                false
            }
            Some("comment") => {
                until = Some("endcomment");
                false
            }
            Some("link" | "post_url") => tags,
            Some(_) => false,
        };
        if !wanted || inside(&targets, &l.span) {
            continue;
        }
        let rendered = targets::render(ctx.site, text, l.span.clone());
        for p in rendered.problems {
            match p {
                LiquidProblem::Undefined { span, name } => {
                    let src = text.get(span.clone()).unwrap_or("");
                    out.push(
                        Diagnostic::new(
                            &UNDEFINED_VARIABLE,
                            &doc.file,
                            span,
                            format!(
                                "`{src}` renders as nothing: `_config.yml` does not define `{name}`"
                            ),
                        )
                        .help(format!(
                            "Define `{name}` in `_config.yml`, or write the value itself"
                        )),
                    );
                }
                LiquidProblem::MissingTarget { span, tag, name } => {
                    out.push(missing_tag_target(&doc.file, &span, tag, &name));
                }
            }
        }
    }
}

/// Malformed targets that make a link dead; returns whether one was
/// reported (the link is then not resolved further).
fn hygiene(doc: &Document, link: &Link, s: &str, fixable: bool, out: &mut Vec<Diagnostic>) -> bool {
    let file = &doc.file;
    let dest = link.dest.clone();
    let fix_or_not = |d: Diagnostic, fix: Fix| if fixable { d.fix(fix) } else { d };
    let lower = s.to_ascii_lowercase();
    if s.contains("{{") || s.contains("{%") {
        return false;
    }
    if s.len() > 2 && s.starts_with('(') && s.ends_with(')') {
        let inner = &s[1..s.len() - 1];
        out.push(fix_or_not(
            Diagnostic::new(
                &DOUBLED_PARENS,
                file,
                dest.clone(),
                format!("Link target `{s}` is wrapped in extra parentheses"),
            )
            .help("Remove the inner parentheses; they become part of the URL"),
            Fix::safe(
                "Remove the extra parentheses",
                vec![Edit::replace(dest, inner)],
            ),
        ));
        return true;
    }
    let no_slash = s.trim_start_matches('/');
    if no_slash.len() < s.len() {
        let l = no_slash.to_ascii_lowercase();
        if l.starts_with("http://") || l.starts_with("https://") {
            out.push(fix_or_not(
                Diagnostic::new(
                    &SLASH_SCHEME,
                    file,
                    dest.clone(),
                    format!("Link target `{s}` has a slash before its scheme"),
                )
                .help("Remove the leading slash; as written it is a path on this site"),
                Fix::safe(
                    "Remove the leading slash",
                    vec![Edit::replace(dest, no_slash)],
                ),
            ));
            return true;
        }
    }
    if lower.starts_with("mailto") {
        let rest = &s[6..];
        let problem = if !rest.starts_with(':') {
            Some(("`mailto` lacks its colon", None))
        } else {
            let addr = &rest[1..];
            if addr.to_ascii_lowercase().starts_with("mailto:") {
                Some((
                    "writes `mailto:` twice",
                    Some(format!("mailto:{}", &addr[7..])),
                ))
            } else if addr.contains(char::is_whitespace) {
                // joined only where each space splits an address at `@` or
                // `.` (`pride @example.net`): spaces between words are a
                // sentence pasted into the link, which joining mangles
                let joined: String = addr.chars().filter(|c| !c.is_whitespace()).collect();
                let trimmed = addr.trim();
                let splits_address = trimmed.match_indices(char::is_whitespace).all(|(i, w)| {
                    trimmed[..i].ends_with(['@', '.', ' ', '\t'])
                        || trimmed[i + w.len()..].starts_with(['@', '.', ' ', '\t'])
                });
                Some((
                    "has a space in the address",
                    splits_address.then(|| format!("mailto:{joined}")),
                ))
            } else if !addr.contains('@') {
                Some(("has no e-mail address", None))
            } else {
                None
            }
        };
        if let Some((what, fixed)) = problem {
            let mut d = Diagnostic::new(
                &BAD_MAILTO,
                file,
                dest.clone(),
                format!("`mailto:` link `{s}` {what}"),
            )
            .help("Write `mailto:` once, then the address, without spaces");
            if let Some(f) = fixed
                && fixable
                && is_mailto(&f)
            {
                d = d.fix(Fix::safe(
                    format!("Replace with `{f}`"),
                    vec![Edit::replace(dest, f)],
                ));
            }
            out.push(d);
            return true;
        }
        return false;
    }
    // `Link:https://…`, `LINK: https://…`: the "scheme" is a word
    // before the URL
    let word_before_url = lower
        .find("https://")
        .or_else(|| lower.find("http://"))
        .is_some_and(|i| {
            i > 0
                && s[..i].contains(':')
                && s[..i]
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, ':' | ' ' | '-'))
        });
    if (targets::has_scheme(s) && !word_before_url) || s.starts_with(['/', '#', '.', '?']) {
        return false;
    }
    if is_email(s) {
        out.push(fix_or_not(
            Diagnostic::new(
                &BARE_EMAIL,
                file,
                dest.clone(),
                format!("Link target `{s}` is an e-mail address without `mailto:`"),
            )
            .help(format!(
                "Write `mailto:{s}`; as written the browser opens a page of this site"
            )),
            Fix::safe("Add `mailto:`", vec![Edit::insert(dest.start, "mailto:")]),
        ));
        return true;
    }
    if let Some(i) = lower.find("https://").or_else(|| lower.find("http://")) {
        let prefix = &s[..i];
        if !prefix.contains(['/', '?', '=', '&', '#']) {
            let url = &s[i..];
            let mut d = Diagnostic::new(
                &TEXT_BEFORE_URL,
                file,
                dest.clone(),
                format!("Link target `{s}` has text before the URL"),
            )
            .help(format!("Keep only the URL `{url}`"));
            if fixable {
                d = d.fix(Fix::unsafe_(
                    format!("Keep only `{url}`"),
                    vec![Edit::replace(dest, url)],
                ));
            }
            out.push(d);
            return true;
        }
    }
    if looks_like_host(s) {
        let mut d = Diagnostic::new(
            &SCHEMELESS,
            file,
            dest.clone(),
            format!("Link target `{s}` has no scheme, so it is a path on this site"),
        )
        .help(format!("Write `https://{s}`"));
        if fixable {
            d = d.fix(Fix::unsafe_(
                "Add `https://`",
                vec![Edit::insert(dest.start, "https://")],
            ));
        }
        out.push(d);
        return true;
    }
    false
}

/// `mailto:` and one valid address, with an optional `?query`.
fn is_mailto(s: &str) -> bool {
    let Some(addr) = s
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .and_then(|_| s[7..].split('?').next())
    else {
        return false;
    };
    // RFC 5322's dot-atom: what a pasted sentence with its spaces removed
    // is not (it keeps its commas, brackets or full stops at the ends)
    let local = addr.split_once('@').map_or("", |(l, _)| l);
    is_email(addr)
        && addr.is_ascii()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(['/', ' ', ':', '@'])
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

const TLDS: &[&str] = &[
    "com", "org", "net", "uk", "gov", "edu", "io", "lgbt", "eu", "info", "int", "nhs", "scot",
    "wales", "co", "me",
];

/// `www.example.org/...` or `example.com/...` (a known top-level domain).
fn looks_like_host(s: &str) -> bool {
    let host = s.split(['/', '?', '#']).next().unwrap_or("");
    let lower = host.to_ascii_lowercase();
    if lower.starts_with("www.") || lower.starts_with("wwww.") {
        return host.len() > 5;
    }
    let labels: Vec<&str> = lower.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|t| TLDS.contains(t))
}

/// Where the path starts in an absolute URL `scheme://host/path`.
fn own_domain_path_start(s: &str) -> Option<usize> {
    let after = s.find("//")? + 2;
    Some(
        s[after..]
            .find(['/', '?', '#'])
            .map_or(s.len(), |i| after + i),
    )
}

fn tracking(
    doc: &Document,
    link: &Link,
    raw: &str,
    query: &str,
    fixable: bool,
    out: &mut Vec<Diagnostic>,
) {
    let params: Vec<&str> = query.split('&').collect();
    let is_tracking = |p: &str| {
        let name = p.split('=').next().unwrap_or("").to_ascii_lowercase();
        name.starts_with("utm_") || TRACKING_PARAMS.contains(&name.as_str())
    };
    let bad: Vec<&str> = params.iter().copied().filter(|p| is_tracking(p)).collect();
    if bad.is_empty() {
        return;
    }
    let names: Vec<&str> = bad
        .iter()
        .map(|p| p.split('=').next().unwrap_or(""))
        .collect();
    let mut d = Diagnostic::new(
        &TRACKING,
        &doc.file,
        link.dest.clone(),
        format!(
            "Internal link carries a tracking query (`{}`)",
            names.join("`, `")
        ),
    )
    .help("Remove the tracking parameters from links to this site");
    if fixable && let Some(qpos) = raw.find('?') {
        let kept: Vec<&str> = params.iter().copied().filter(|p| !is_tracking(p)).collect();
        let end = raw[qpos..].find('#').map_or(raw.len(), |i| qpos + i);
        let replacement = if kept.is_empty() {
            String::new()
        } else {
            format!("?{}", kept.join("&"))
        };
        let start = link.dest.start;
        d = d.fix(Fix::safe(
            "Remove the tracking parameters",
            vec![Edit::replace(start + qpos..start + end, replacement)],
        ));
    }
    out.push(d);
}

/// The URL jekyll-relative-links writes instead of a Markdown link to a
/// source file (`[x](other.md)`, `[x]: ../a.md`, `![x](logo.png)`): the
/// URL of the page, document or static file at that path, read from the
/// page's own folder (or the site root for `/path`), with the fragment
/// kept. `None` where the plugin leaves the link as written: it is not
/// enabled, the page is not a Markdown page (or a collection document
/// without `relative_links: collections: true`), or the link is not one
/// its patterns match (text over two lines, an image inside the link
/// text, a destination in `<...>`, a title in single quotes, a query, a
/// scheme, Liquid, no such file).
pub fn relative_link(site: &Site, doc: &Document, link: &Link) -> Option<String> {
    let dp = &site.default_plugins;
    if !dp.relative_links
        || !doc.markdown
        || (doc.collection.is_some() && doc.plugin_page.is_none() && !dp.relative_links_collections)
    {
        return None;
    }
    let text = &doc.file.text;
    let head = text.get(link.span.start..link.dest.start)?;
    if head.contains('\n') {
        return None;
    }
    match link.kind {
        LinkKind::Inline => {
            // `\[(.*?)\]\(`: the text ends at its first `](`
            let open = head.find('[')?;
            if head[open..].find("](")? + open + 2 != head.len() {
                return None;
            }
            let after = text.get(link.dest.end..)?;
            let title = after.trim_start_matches([' ', '\t']);
            if !(after.starts_with(')') || (title.len() < after.len() && title.starts_with('"'))) {
                return None;
            }
        }
        // `^\s*?\[(.*?)\]: (.+?)`: one space after the colon (a head
        // ending in `]:  ` does not end in `]: `)
        LinkKind::Definition => {
            if !head.trim_start().starts_with('[') || !head.ends_with("]: ") {
                return None;
            }
        }
        _ => return None,
    }
    let raw = text.get(link.dest.clone())?;
    if raw.contains(['{', ')', '?']) || raw.starts_with('#') || targets::has_scheme(raw) {
        return None;
    }
    let (path, fragment) = match raw.split_once('#') {
        Some((_, "")) => return None,
        Some((p, f)) => (p, Some(f)),
        None => (raw, None),
    };
    // `CGI.unescape`, then `File.expand_path` from the page's folder
    let path = crate::site::permalink::unescape(&path.replace('+', " "));
    let (base, path) = match path.strip_prefix('/') {
        Some(p) => ("", p),
        None => (
            doc.rel().rsplit_once('/').map_or("", |(d, _)| d),
            path.as_str(),
        ),
    };
    if path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let rel = parts.join("/");
    // the plugin's targets: pages, then static files, then documents
    let urls = site.urls();
    let url = match site.document_at(&rel) {
        Some(i) => urls.documents.get(i)?.as_ref().ok()?.url.clone(),
        None => {
            let j = site
                .files
                .binary_search_by(|f| f.rel.as_str().cmp(&rel))
                .ok()?;
            let shown = urls.files.get(j)?.as_ref()?;
            if site.files[j].header {
                crate::site::urls::file_to_url(&shown[1..])
            } else {
                shown.clone()
            }
        }
    };
    let mut out = format!("{}{url}", site.config.baseurl);
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

/// The best "did you mean" for a path no file serves: a case-insensitive
/// match, the same last segment elsewhere, or the closest URL.
pub fn suggest(index: &UrlIndex, path: &str, images: bool) -> Option<String> {
    index.suggestion(path, images, || compute_suggestion(index, path, images))
}

fn compute_suggestion(index: &UrlIndex, path: &str, images: bool) -> Option<String> {
    let shown = |s: &Served| s.redirect_to.clone().unwrap_or_else(|| s.url());
    if let Some(s) = index.resolve_ignoring_case(path) {
        return Some(shown(s));
    }
    let pool = index.candidates(images);
    let wanted = last_segment(path).to_lowercase();
    if !wanted.is_empty() {
        let same: Vec<&Served> = pool
            .by_last
            .get(&wanted)
            .into_iter()
            .flatten()
            .map(|&i| &index.served[pool.list[i].served])
            .collect();
        if let Some(best) = same
            .iter()
            .find(|s| s.redirect_to.is_none())
            .or(same.first())
        {
            return Some(shown(best));
        }
    }
    let w: Vec<char> = path.chars().collect();
    // A small site: compare with every URL. A large one: only with the URLs
    // in the same folder, so the cost per broken link does not grow with
    // the site (a page moved elsewhere is found by its name above).
    let all: Vec<usize>;
    let (scope, members): (Option<String>, &[usize]) = if pool.list.len() <= FUZZY_ALL_LIMIT {
        all = (0..pool.list.len()).collect();
        (None, &all)
    } else {
        let parent = crate::site::urls::parent_of(path);
        let members = pool.by_parent.get(&parent)?;
        (Some(parent), members)
    };
    // Many URLs: those within one edit, found through an index, are the
    // best there is when there are any (see `within_one_edit`); beyond
    // FUZZY_ALL_LIMIT URLs in one folder, only they are offered, so the
    // cost per broken link stays bounded.
    if members.len() > NEAR_URL_INDEX_FROM {
        let near = pool.near_index(&scope, members);
        if let Some(k) = within_one_edit(&w, &near, |k| &pool.list[members[k]].chars) {
            return Some(shown(&index.served[pool.list[members[k]].served]));
        }
        if members.len() > FUZZY_ALL_LIMIT {
            return None;
        }
    }
    let best = closest_candidate(&w, members.iter().map(|&i| &pool.list[i]))?;
    Some(shown(&index.served[best.served]))
}

/// Up to this many URLs, "did you mean" compares a broken link with all of
/// them; beyond, only with the URLs in the same folder (and, in a folder
/// of more, only with those one edit away).
const FUZZY_ALL_LIMIT: usize = 5000;

/// From this many candidate ids on, "did you mean" for a fragment first
/// looks for those one edit away through a
/// [`crate::text::distance::NearIndex`] (each broken fragment is looked up
/// anew, and many links may name one page's ids).
const NEAR_INDEX_FROM: usize = 500;

/// The same for URLs. A URL's suggestion is computed once per broken
/// target, and its candidates pass two cheap bounds (character and pair
/// counts) before any distance is measured, so scanning up to this many
/// costs less than building the index (on the real site, 1,507 page URLs:
/// the index cost more than every search it served).
const NEAR_URL_INDEX_FROM: usize = 2000;

/// The candidate [`closest`] (and [`closest_candidate`]) choose, when one
/// is within one edit of `w`: such a candidate always scores above any
/// two or more edits away (for words of three characters or more, 1 −
/// 1/n > 1 − d/(n + d) for d ≥ 2), the index finds every one of them,
/// and the ties go to the first, as in a scan. `None` when no candidate
/// is within one edit: then a scan decides.
fn within_one_edit<'a>(
    w: &[char],
    index: &crate::text::distance::NearIndex,
    chars: impl Fn(usize) -> &'a [char],
) -> Option<usize> {
    if w.len() < 3 {
        return None;
    }
    let pattern = crate::text::distance::Pattern::new(w);
    let mut rows = (Vec::new(), Vec::new());
    let mut best: Option<(usize, f64)> = None;
    for id in index.near(w, 1) {
        let k = id as usize;
        let c = chars(k);
        // the index returns every word too long to split into variants
        // (and, for a long `w`, every word): a length two apart is two
        // edits at least
        if w.len().abs_diff(c.len()) > 1 {
            continue;
        }
        let longest = w.len().max(c.len());
        let max = max_edits(longest).min(1);
        let Some(d) = edit_distance(pattern.as_ref(), w, c, max, &mut rows) else {
            continue;
        };
        let score = 1.0 - d as f64 / longest as f64;
        if score >= 0.7 && best.is_none_or(|(_, b)| score > b) {
            best = Some((k, score));
        }
    }
    best.map(|(k, _)| k)
}

/// [`closest`] over the index's candidates, best-first: candidates are
/// taken in order of a cheap lower bound on their edit distance (counts of
/// characters per bin), and the search stops once that bound exceeds the
/// edits the best match so far leaves room for.
fn closest_candidate<'a>(
    w: &[char],
    candidates: impl Iterator<Item = &'a crate::site::urls::Candidate>,
) -> Option<&'a crate::site::urls::Candidate> {
    let candidates: Vec<&crate::site::urls::Candidate> = candidates.collect();
    let bins = crate::site::urls::char_bins(w);
    let pairs = crate::site::urls::pair_bins(w);
    let mut order: Vec<(usize, usize)> = Vec::new();
    for (k, c) in candidates.iter().enumerate() {
        let longest = w.len().max(c.chars.len());
        let max = max_edits(longest);
        let length_gap = w.len().abs_diff(c.chars.len());
        if length_gap > max {
            continue;
        }
        let (more, fewer) = bin_gaps(&bins, &c.bins);
        let bound = more.max(fewer).max(length_gap);
        if bound > max {
            continue;
        }
        // one edit changes at most two pairs each way
        let (more, fewer) = bin_gaps(&pairs, &c.pairs);
        let bound = bound.max(more.max(fewer).div_ceil(2));
        if bound <= max {
            order.push((bound, k));
        }
    }
    order.sort_unstable();
    let mut best: Option<(usize, f64)> = None;
    let mut rows = (Vec::new(), Vec::new());
    let pattern = crate::text::distance::Pattern::new(w);
    for (bound, k) in order {
        let chars = &candidates[k].chars;
        let longest = w.len().max(chars.len());
        let mut max = max_edits(longest);
        if let Some((_, b)) = best {
            max = max.min(((1.0 - b) * longest as f64).ceil() as usize);
        }
        if bound > max {
            continue;
        }
        let Some(d) = edit_distance(pattern.as_ref(), w, chars, max, &mut rows) else {
            continue;
        };
        let score = 1.0 - d as f64 / longest as f64;
        if score >= 0.7
            && best.is_none_or(|(_, b)| score > b || (score == b && k < best.map_or(0, |x| x.0)))
        {
            best = Some((k, score));
        }
    }
    best.map(|(k, _)| candidates[k])
}

/// The most edits a similarity of 0.7 allows in strings up to `longest`
/// characters long: ⌊0.3 × longest⌋, in integers (a test holds it to the
/// floating-point product; `f64::floor` is a library call on baseline
/// x86-64, and this runs once per candidate URL per broken link).
fn max_edits(longest: usize) -> usize {
    longest * 3 / 10
}

/// Characters `a` has more of than `b`, and fewer, summed over the bins:
/// each is a lower bound on the edit distance. Written over fixed-size
/// arrays so that it compiles to a few vector instructions: the sum of
/// the differences and the two totals give both (more + fewer is the
/// sum, more − fewer the difference of the totals).
fn bin_gaps<const N: usize>(a: &[u8; N], b: &[u8; N]) -> (usize, usize) {
    let (mut sum, mut total_a, mut total_b) = (0u32, 0u32, 0u32);
    for i in 0..N {
        sum += u32::from(a[i].abs_diff(b[i]));
        total_a += u32::from(a[i]);
        total_b += u32::from(b[i]);
    }
    let (sum, diff) = (i64::from(sum), i64::from(total_a) - i64::from(total_b));
    let more = usize::try_from((sum + diff) / 2).unwrap_or(0);
    let fewer = usize::try_from((sum - diff) / 2).unwrap_or(0);
    (more, fewer)
}

fn last_segment(path: &str) -> &str {
    let p = path.trim_end_matches('/');
    let seg = p.rsplit('/').next().unwrap_or(p);
    seg.strip_suffix(".html").unwrap_or(seg)
}

/// [`closest`] of a page's fragment ids; a page with many has them
/// indexed (see [`within_one_edit`]).
fn closest_id<'a>(
    index: &UrlIndex,
    doc: usize,
    wanted: &str,
    ids: &'a [String],
) -> Option<&'a str> {
    if ids.len() > NEAR_INDEX_FROM {
        let near = {
            let mut map = match index.fragment_near.lock() {
                Ok(m) => m,
                Err(poisoned) => poisoned.into_inner(),
            };
            map.entry(doc)
                .or_insert_with(|| {
                    let chars: Vec<Vec<char>> = ids.iter().map(|id| id.chars().collect()).collect();
                    let near =
                        crate::text::distance::NearIndex::new(chars.iter().map(Vec::as_slice), 1);
                    std::sync::Arc::new((chars, near))
                })
                .clone()
        };
        let w: Vec<char> = wanted.chars().collect();
        if let Some(k) = within_one_edit(&w, &near.1, |k| near.0[k].as_slice()) {
            return ids.get(k).map(String::as_str);
        }
    }
    closest(wanted, ids.iter().map(String::as_str))
}

/// The candidate most similar to `wanted` (normalized Levenshtein ≥ 0.7,
/// that is, at most 30% of the longer string's characters edited).
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let w: Vec<char> = wanted.chars().collect();
    let owned: Vec<(Vec<char>, &'a str)> = candidates.map(|c| (c.chars().collect(), c)).collect();
    closest_chars(&w, owned.iter().map(|(chars, c)| (chars.as_slice(), *c)))
}

/// [`closest`] over candidates already split into characters.
fn closest_chars<'a, T: Copy>(
    w: &[char],
    candidates: impl Iterator<Item = (&'a [char], T)>,
) -> Option<T> {
    let mut best: Option<(T, f64)> = None;
    let mut rows = (Vec::new(), Vec::new());
    let pattern = crate::text::distance::Pattern::new(w);
    for (chars, item) in candidates {
        let longest = w.len().max(chars.len());
        if longest == 0 {
            continue;
        }
        // the most edits a score of 0.7 allows, tightened by the best so far
        let mut max = max_edits(longest);
        if let Some((_, b)) = best {
            max = max.min(((1.0 - b) * longest as f64).ceil() as usize);
        }
        if w.len().abs_diff(chars.len()) > max {
            continue;
        }
        let Some(d) = edit_distance(pattern.as_ref(), w, chars, max, &mut rows) else {
            continue;
        };
        let score = 1.0 - d as f64 / longest as f64;
        if score >= 0.7 && best.is_none_or(|(_, b)| score > b) {
            best = Some((item, score));
        }
    }
    best.map(|(c, _)| c)
}

/// The Levenshtein distance of `a` (prepared as `pattern` when it is short
/// enough) and `b`, when it is at most `max`.
fn edit_distance(
    pattern: Option<&crate::text::distance::Pattern>,
    a: &[char],
    b: &[char],
    max: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    match pattern {
        Some(p) => Some(p.distance(b)).filter(|&d| d <= max),
        None => bounded_levenshtein_with(a, b, max, rows),
    }
}

/// Levenshtein distance when it is at most `max`, computed only in the band
/// of width `2 * max + 1` around the diagonal (Ukkonen's cut-off).
#[cfg(test)]
fn bounded_levenshtein(a: &[char], b: &[char], max: usize) -> Option<usize> {
    bounded_levenshtein_with(a, b, max, &mut (Vec::new(), Vec::new()))
}

/// [`bounded_levenshtein`] reusing the caller's two rows.
fn bounded_levenshtein_with(
    a: &[char],
    b: &[char],
    max: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let big = max + 1;
    let (prev, cur) = rows;
    prev.clear();
    prev.extend((0..=b.len()).map(|j| if j <= max { j } else { big }));
    cur.clear();
    cur.resize(b.len() + 1, big);
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(b.len());
        // only the band (and its two neighbours) is ever read
        cur[lo - 1] = if lo == 1 {
            if i <= max { i } else { big }
        } else {
            big
        };
        // (the cell right of the band, which the next row reads, has
        // never been in a band: the band only moves right, so it still
        // holds `big` from the start)
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let v = (prev[j - 1] + cost)
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(big);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// Files that two sources write: an error on each source.
pub fn check_site(ctx: &Context, out: &mut Vec<Diagnostic>) {
    generated_folders(ctx, out);
    if !ctx.enabled(&CONFLICT) {
        return;
    }
    let site = ctx.site;
    let name = |s: &Served| match &s.source {
        Source::Document(i) => site.documents[*i].rel().to_string(),
        Source::RedirectFrom(i) => format!("`redirect_from` in {}", site.documents[*i].rel()),
        Source::File(j) => site.files[*j].rel.clone(),
        Source::Plugin(p) => format!("the {p} plugin"),
    };
    for (_, sources) in site.urls().conflicts() {
        // a page whose `redirect_from` lists its own URL: the page wins
        let doc_of = |s: &Served| match s.source {
            Source::Document(i) | Source::RedirectFrom(i) => Some(i),
            _ => None,
        };
        if sources
            .iter()
            .all(|s| doc_of(s).is_some() && doc_of(s) == doc_of(sources[0]))
        {
            continue;
        }
        for (k, s) in sources.iter().enumerate() {
            let others: Vec<String> = sources
                .iter()
                .enumerate()
                .filter(|(m, _)| *m != k)
                .map(|(_, o)| name(o))
                .collect();
            let url = s.url();
            let message = format!(
                "URL `{url}` is also produced by {}; Jekyll keeps only one of them",
                others.join(", ")
            );
            let (file, span) = match &s.source {
                Source::Document(i) | Source::RedirectFrom(i) => {
                    let doc = &site.documents[*i];
                    let key = if matches!(s.source, Source::RedirectFrom(_)) {
                        "redirect_from"
                    } else {
                        "permalink"
                    };
                    let span = doc
                        .front
                        .data()
                        .and_then(|d| d.entry(key))
                        .map_or(0..0, |e| e.key.span.start..e.value.span.end);
                    (doc.file.clone(), span)
                }
                Source::File(j) => {
                    let f = &site.files[*j];
                    (
                        std::sync::Arc::new(SourceFile::new(
                            f.rel.clone(),
                            f.path.clone(),
                            String::new(),
                        )),
                        0..0,
                    )
                }
                Source::Plugin(_) => continue,
            };
            out.push(
                Diagnostic::new(&CONFLICT, &file, span, message)
                    .help("Give one of them another `permalink`, or remove the duplicate"),
            );
        }
    }
}

/// Whether the documents checked so far have links `LNK016` reports in
/// [`generated_folders`] (see `checks::run_windowed`).
pub(crate) fn generated_pending(ctx: &Context) -> bool {
    ctx.site
        .urls_if_built()
        .is_some_and(|index| index.generated.lock().map_or(true, |g| !g.is_empty()))
}

/// Broken links into folders the site's own `_plugins/` may generate
/// pages in: one finding per folder, at its first link, naming the setting
/// to add.
pub(crate) fn generated_folders(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // the links this run found under such folders (none when the index
    // was not needed: then it is not built for this rule alone)
    let Some(index) = ctx.site.urls_if_built() else {
        return;
    };
    let mut found = match index.generated.lock() {
        Ok(mut g) => std::mem::take(&mut *g),
        Err(_) => return,
    };
    if !ctx.enabled(&UNVERIFIABLE) {
        return;
    }
    found.sort_by(|a, b| {
        (a.0.as_str(), a.1.rel.as_str(), a.2.start).cmp(&(
            b.0.as_str(),
            b.1.rel.as_str(),
            b.2.start,
        ))
    });
    let mut k = 0;
    while k < found.len() {
        let folder = found[k].0.clone();
        let n = found[k..].iter().take_while(|f| f.0 == folder).count();
        let (_, file, span) = &found[k];
        out.push(
            Diagnostic::new(
                &UNVERIFIABLE,
                file,
                span.clone(),
                format!(
                    "{n} link{} under `{folder}` reach{} no page of the source; the site's own `_plugins/` may generate {}",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "es" } else { "" },
                    if n == 1 { "it" } else { "them" },
                ),
            )
            .help(format!(
                "If a plugin writes the pages under `{folder}`, add it to `links: generated-prefixes` in `.sitelint.yml`; otherwise these links are broken"
            )),
        );
        k += n;
    }
}

#[cfg(test)]
mod tests {
    /// Exact answers at the edges of the small classifiers (each case
    /// kills a mutant cargo-mutants found alive: scripts/mutants).
    #[test]
    fn hosts_emails_and_path_starts_at_their_edges() {
        use super::{is_email, looks_like_host, own_domain_path_start};
        // `www.` alone is a host only with something after it
        assert!(looks_like_host("www.example"));
        assert!(looks_like_host("wwww.example/page"));
        assert!(!looks_like_host("www.x"));
        assert!(looks_like_host("www.xy"));
        // otherwise: labels of letters, digits and `-`, a known top level
        assert!(looks_like_host("my-site.org/a"));
        assert!(!looks_like_host("my_site.org"));
        assert!(!looks_like_host("example.zzz"));
        assert!(!looks_like_host("org"));
        // an address's domain: letters, digits, `.` and `-` only
        assert!(is_email("team@my-network.org"));
        assert!(is_email("team@network.org.uk"));
        assert!(!is_email("team@my_network.org"));
        // the path of an absolute URL starts after its host
        assert_eq!(own_domain_path_start("https://example.org/a/b"), Some(19));
        assert_eq!(own_domain_path_start("https://example.org?q"), Some(19));
        assert_eq!(own_domain_path_start("https://example.org"), Some(19));
        assert_eq!(own_domain_path_start("//example.org/x"), Some(13));
        assert_eq!(own_domain_path_start("example.org/x"), None);
    }

    /// Within one edit, the higher score wins: an insertion into a word
    /// of four characters (0.8) over a substitution (0.75), whatever
    /// their order.
    #[test]
    fn one_edit_candidates_are_ranked_by_score() {
        for words in [["abbb", "ababa"], ["ababa", "abbb"]] {
            let chars: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
            let index = crate::text::distance::NearIndex::new(chars.iter().map(Vec::as_slice), 1);
            let w: Vec<char> = "abab".chars().collect();
            let found = super::within_one_edit(&w, &index, |k| chars[k].as_slice());
            assert_eq!(found.map(|k| words[k]), Some("ababa"), "{words:?}");
            assert_eq!(super::closest("abab", words.into_iter()), Some("ababa"));
        }
    }

    #[test]
    fn max_edits_is_the_floating_point_product() {
        for n in 0..1_000_000usize {
            assert_eq!(
                super::max_edits(n),
                (n as f64 * 0.3).floor() as usize,
                "{n}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn bin_gaps_are_the_saturating_differences(
            a in proptest::array::uniform32(0u8..=255),
            b in proptest::array::uniform32(0u8..=255),
            c in proptest::array::uniform32(0u8..=3),
            d in proptest::array::uniform32(0u8..=3),
        ) {
            let (mut x, mut y) = ([0u8; 64], [0u8; 64]);
            x[..32].copy_from_slice(&a);
            x[32..].copy_from_slice(&c);
            y[..32].copy_from_slice(&b);
            y[32..].copy_from_slice(&d);
            let more: usize = (0..64).map(|i| usize::from(x[i].saturating_sub(y[i]))).sum();
            let fewer: usize = (0..64).map(|i| usize::from(y[i].saturating_sub(x[i]))).sum();
            proptest::prop_assert_eq!(super::bin_gaps(&x, &y), (more, fewer));
        }

        /// Through the index or by a scan of every candidate, "did you
        /// mean" gives the same answer whenever one is within one edit.
        #[test]
        fn within_one_edit_agrees_with_a_scan(
            words in proptest::collection::vec("[ab/-]{0,8}", 0..40),
            wanted in "[ab/-]{0,8}",
        ) {
            let chars: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
            let index = crate::text::distance::NearIndex::new(chars.iter().map(Vec::as_slice), 1);
            let w: Vec<char> = wanted.chars().collect();
            let scan = super::closest(&wanted, words.iter().map(String::as_str));
            let found = super::within_one_edit(&w, &index, |k| chars[k].as_slice());
            let near = scan.is_some_and(|c| strsim::levenshtein(c, &wanted) <= 1);
            if near && w.len() >= 3 {
                proptest::prop_assert_eq!(found.map(|k| words[k].as_str()), scan);
            } else {
                proptest::prop_assert_eq!(found, None);
            }
        }
    }

    /// "Did you mean" by the definition, with none of the pruning: the
    /// first candidate with the highest normalized Levenshtein similarity,
    /// when it is at least 0.7.
    fn naive_closest<'a>(wanted: &str, words: &'a [String]) -> Option<&'a str> {
        let mut best: Option<(&str, f64)> = None;
        for c in words {
            let longest = wanted.chars().count().max(c.chars().count());
            if longest == 0 {
                continue;
            }
            let score = 1.0 - strsim::levenshtein(wanted, c) as f64 / longest as f64;
            if score >= 0.7 && best.is_none_or(|(_, b)| score > b) {
                best = Some((c, score));
            }
        }
        best.map(|(c, _)| c)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The pruned searches (length and character-count bounds, the
        /// bound tightened by the best so far, candidates taken best
        /// first) choose exactly what the definition chooses. Most
        /// candidates are the wanted word with up to four random edits,
        /// so that many are near the 0.7 threshold, several qualify and
        /// some tie; the rest are random words.
        #[test]
        fn pruned_searches_agree_with_the_definition(
            wanted in "[aAb/-]{0,14}",
            made in proptest::collection::vec(
                (
                    proptest::option::weighted(0.8, proptest::collection::vec(
                        (0u8..3, 0usize..16, proptest::sample::select(vec!['a', 'A', 'b', '/', '-'])),
                        0..5,
                    )),
                    "[aAb/-]{0,14}",
                ),
                0..24,
            ),
        ) {
            // a candidate: the wanted word edited (insert, delete or
            // substitute at a position), or a random word
            let words: Vec<String> = made
                .iter()
                .map(|(edits, random)| match edits {
                    None => random.clone(),
                    Some(edits) => {
                        let mut c: Vec<char> = wanted.chars().collect();
                        for &(op, at, ch) in edits {
                            let at = at % (c.len() + 1);
                            match op {
                                0 => c.insert(at, ch),
                                1 if at < c.len() => {
                                    c.remove(at);
                                }
                                _ if at < c.len() => c[at] = ch,
                                _ => c.push(ch),
                            }
                        }
                        c.into_iter().collect()
                    }
                })
                .collect();
            let expected = naive_closest(&wanted, &words);
            proptest::prop_assert_eq!(super::closest(&wanted, words.iter().map(String::as_str)), expected);
            let candidates: Vec<crate::site::urls::Candidate> = words
                .iter()
                .enumerate()
                .map(|(served, url)| {
                    let chars: Vec<char> = url.chars().collect();
                    crate::site::urls::Candidate {
                        bins: crate::site::urls::char_bins(&chars),
                        pairs: crate::site::urls::pair_bins(&chars),
                        chars,
                        served,
                    }
                })
                .collect();
            let w: Vec<char> = wanted.chars().collect();
            let got: Option<String> =
                super::closest_candidate(&w, candidates.iter()).map(|c| c.chars.iter().collect());
            let expected = expected.map(String::from);
            proptest::prop_assert_eq!(got, expected);
        }
    }

    proptest::proptest! {
        /// Half the pairs of adjacent characters one string has more of
        /// than the other never exceeds their edit distance (the bound
        /// "did you mean" prunes URLs with), and neither does the count
        /// of characters.
        #[test]
        fn pair_and_character_counts_bound_the_distance(
            a in "[aAb/é-]{0,40}",
            b in "[aAb/é-]{0,40}",
        ) {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let d = strsim::levenshtein(&a, &b);
            let (more, fewer) = bin_gaps(&crate::site::urls::pair_bins(&ca), &crate::site::urls::pair_bins(&cb));
            proptest::prop_assert!(more.max(fewer).div_ceil(2) <= d);
            let (more, fewer) = bin_gaps(&crate::site::urls::char_bins(&ca), &crate::site::urls::char_bins(&cb));
            proptest::prop_assert!(more.max(fewer) <= d);
        }
    }

    proptest::proptest! {
        /// The banded distance agrees with the full one over random
        /// strings of a small alphabet (many near each other) and every
        /// band width: the exact distance when it is within the band,
        /// `None` otherwise.
        #[test]
        fn bounded_levenshtein_agrees_with_strsim_on_random_strings(
            a in "[ab-]{0,24}",
            b in "[ab-]{0,24}",
            max in 0usize..12,
        ) {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let exact = strsim::levenshtein(&a, &b);
            proptest::prop_assert_eq!(super::bounded_levenshtein(&ca, &cb, max), (exact <= max).then_some(exact));
        }
    }

    #[test]
    fn bounded_levenshtein_agrees_with_strsim() {
        let words = [
            "",
            "a",
            "team",
            "/team/dee/",
            "/team/john-peart",
            "/team/john-pert",
            "/news/2021/12/16/x",
            "/nevs/2021/12/16/y",
            "kitten",
            "sitting",
            "ünïcode",
            "unicode",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let exact = strsim::levenshtein(a, b);
                for max in 0..8 {
                    let got = super::bounded_levenshtein(&ca, &cb, max);
                    assert_eq!(
                        got,
                        (exact <= max).then_some(exact),
                        "{a:?} {b:?} max {max}"
                    );
                }
            }
        }
    }

    use super::*;

    #[test]
    fn a_mailto_fix_must_leave_one_valid_address() {
        assert!(is_mailto("mailto:pride@example.net"));
        assert!(is_mailto("MAILTO:pride@example.net?subject=Hi"));
        assert!(!is_mailto(
            "mailto:Finaldatesaresoon.Writetopride@example.net."
        ));
        assert!(!is_mailto("mailto:a,b@example.net"));
        assert!(!is_mailto("mailto:pride@example"));
        assert!(!is_mailto("mailto:"));
        assert!(!is_mailto("pride@example.net"));
    }

    #[test]
    fn target_shapes() {
        assert!(is_email("northwest@civilservice.lgbt"));
        assert!(!is_email("/team/x@y"));
        assert!(looks_like_host("www.turley.co.uk/page"));
        assert!(looks_like_host("wwww.switchboard.lgbt"));
        assert!(looks_like_host("civilserviceawards.com/categories"));
        assert!(!looks_like_host("team/dee"));
        assert!(!looks_like_host("guide.md"));
        assert!(!looks_like_host("photo.png"));
        assert_eq!(own_domain_path_start("https://www.x.org/a?b"), Some(17));
        assert_eq!(last_segment("/team/john-peart/"), "john-peart");
    }
}
