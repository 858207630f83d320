//! Rule metadata of the schema checks (`FM006`–`FM022`).

use crate::diagnostic::{FixKind, Rule, Severity};

pub static MISSING_KEY: Rule = Rule {
    code: "FM006",
    name: "missing-required-key",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "A key the schema requires is missing or empty",
    doc: r#"## What it does
Finds a document that lacks a key its collection's schema requires, or
gives it an empty value. A value from `defaults` in `_config.yml` counts as
present, and so does a post's date in its file name. The message says which
schema requires the key: sitelint's settings or the CMS configuration
(`admin/config.yml`).

Decap CMS makes every field required unless it says `required: false`. A
field required only by that default is reported as a warning; a field
marked `required: true` (in the CMS or in sitelint's settings) as an error.

## Why is this bad?
Layouts expect the key: a news post without `author` shows an empty byline,
and the CMS refuses to save the entry until someone fills it in.

## Example
```yaml
# admin/config.yml: { name: author, widget: string }
title: Pride 2022
```
Use instead:
```yaml
title: Pride 2022
author: Dee
```"#,
};

pub static WRONG_TYPE: Rule = Rule {
    code: "FM007",
    name: "wrong-value-type",
    severity: Severity::Error,
    fix: FixKind::Unsafe,
    summary: "A value has a different type from the one its key needs, as YAML 1.1 reads it",
    doc: r#"## What it does
Reads every value as Jekyll does (YAML 1.1: `yes`, `no`, `on` and `off` are
booleans, `2020-01-01` is a date, `0755` is a number) and compares its type
with the one the schema gives the key. Keys Jekyll defines are always
checked: `title` is text, `published` is true or false.

A number where text is expected is reported only when Jekyll would show it
differently from how it is written (`0755` shows as `493`). A single value
where a list is expected is accepted, as Jekyll and Liquid accept it.

## Why is this bad?
`title: yes` shows as "true"; `published: "false"` is a string, which
Liquid treats as true, so the page is published.

## Example
```yaml
title: yes
published: "false"
```
Use instead:
```yaml
title: "yes"
published: false
```
The unsafe fix quotes a value that should be text."#,
};

pub static NOT_ALLOWED: Rule = Rule {
    code: "FM008",
    name: "value-not-allowed",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "A value is not one the schema allows",
    doc: r#"## What it does
Checks values against the schema's list of allowed values (Decap's
`select` options, or `options` in sitelint's settings), its `pattern` and
its `min-length` and `max-length`.

## Why is this bad?
Layouts branch on these values: a team member with role `Chair` instead of
`chair` is left out of the list of chairs.

## Example
```yaml
role: Chair
```
Use instead:
```yaml
role: chair
```"#,
};

pub static UNKNOWN_KEY: Rule = Rule {
    code: "FM009",
    name: "unknown-key",
    severity: Severity::Warning,
    fix: FixKind::Sometimes,
    summary: "A key is probably a misspelling of a known key",
    doc: r#"## What it does
Finds a key that nothing defines (not Jekyll, not the schema, and at most
one other document on the site) and that is close to a known key: the same
but for letter case or `-`/`_`, or one or two letters off. When the schema
of the collection is closed (`additional-keys: false`), every key outside
it is reported.

## Why is this bad?
Keys are case-sensitive: `Author: Dee` leaves `author` empty, and the
byline falls back to the site's name.

## Example
```yaml
Author: Dee
breacrumbs: false
```
Use instead:
```yaml
author: Dee
breadcrumbs: false
```
When only the letter case differs and the document does not also have the
right key, the safe fix renames the key in place."#,
};

pub static DEPRECATED_KEY: Rule = Rule {
    code: "FM010",
    name: "deprecated-key",
    severity: Severity::Warning,
    fix: FixKind::Safe,
    summary: "A key the schema marks as deprecated is used",
    doc: r#"## What it does
Finds keys that sitelint's settings mark `deprecated: new-name`.

## Why is this bad?
Layouts no longer read the old key, so its value is lost.

## Example
```yaml
# .sitelint.yml: tagz: { deprecated: tags }
tagz: [pride]
```
Use instead:
```yaml
tags: [pride]
```
The safe fix renames the key when the document does not have the new one."#,
};

pub static INVALID_DATE: Rule = Rule {
    code: "FM011",
    name: "invalid-date",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "A date is not a real date, or Jekyll cannot read it",
    doc: r#"## What it does
Reads `date` (and the date in a collection document's file name) as Jekyll
does, with Ruby's `Time.parse`, and reports a date that stops the build
(`next Tuesday`, month 13, an offset beyond ±14 hours) or one Ruby silently
moves (`2021-02-30` becomes 2 March).

## Why is this bad?
Jekyll stops with "Invalid date", or publishes the page under a different
date and URL from the one written.

## Example
```yaml
date: 2021-02-30
```
Use instead:
```yaml
date: 2021-02-28
```"#,
};

pub static DATE_MISMATCH: Rule = Rule {
    code: "FM012",
    name: "date-mismatch",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "The front matter date disagrees with the file name or the permalink",
    doc: r#"## What it does
Compares a document's `date` with the date at the start of its file name
(for posts, and for documents whose URL is built from the date) and with a
`/YYYY/MM/DD/` date in its `permalink`. The date is the one Jekyll uses:
read as Ruby's `Time.parse` reads it (`EDT` is −04:00, text after the date
is ignored) and shown in the site's `timezone` (UTC without one), so a time
near midnight with another zone can fall on another day.

## Why is this bad?
Jekyll takes the front matter date: the page's URL and its place in the
archive follow it, not the file name, and links written from the file name
break.

## Example
A file `_posts/2022-01-13-welcome.md` with:
```yaml
date: 2022-01-31
```"#,
};

pub static FUTURE_DATE: Rule = Rule {
    code: "FM013",
    name: "future-date",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "A post is dated in the future, so Jekyll does not publish it",
    doc: r#"## What it does
Finds posts, and documents of collections with `output: true`, dated more
than a day after now.

## Why is this bad?
Jekyll skips them without a word unless it runs with `--future`: the page
is missing from the site until that date, and links to it break.

## Example
```yaml
date: 2099-01-13
```"#,
};

pub static UNKNOWN_LAYOUT: Rule = Rule {
    code: "FM014",
    name: "unknown-layout",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "A layout names no file in `_layouts/`",
    doc: r#"## What it does
Checks each document's `layout` against the files in `_layouts/`. When the
site uses a theme (`theme` or `remote_theme`), layouts may come from it and
cannot be checked: sitelint then says so once, as information, on the
theme's line in `_config.yml`, instead of reporting every page.

## Why is this bad?
Jekyll renders the page without a layout: no header, no navigation, no
styles, and only a warning in the build log.

## Example
```yaml
layout: nwes
```
Use instead:
```yaml
layout: news
```"#,
};

pub static BAD_PERMALINK: Rule = Rule {
    code: "FM015",
    name: "bad-permalink",
    severity: Severity::Warning,
    fix: FixKind::Sometimes,
    summary: "A permalink has spaces, upper case, unescaped characters or an odd shape",
    doc: r#"## What it does
Checks every `permalink`: spaces, `?` or `#`, characters that need escaping,
a full URL, a host name at its start (`www.example.org/contact/`: an
error, as Jekyll serves the page under a folder named after the host),
upper-case letters, a missing leading `/` (information only: Jekyll adds
it, and the safe fix does too), a trailing `/` where almost
every other permalink of the collection has none or the other way round,
and, where sitelint's settings pin a pattern for the collection, a
permalink that does not follow it.

## Why is this bad?
Links are typed by people: a space or an upper-case letter in a URL makes
every hand-written link to it break on hosts that are case-sensitive.

## Example
```yaml
permalink: /News/Pride 2022
```
Use instead:
```yaml
permalink: /news/pride-2022/
```

## Fix safety
Every fix that changes the page's URL also adds the old URL to
`redirect_from` (as `migrate move` does), so links to it keep working;
LNK015 then finds them. Removing a host name is safe (the page keeps
being served at the old URL, by a redirect); lower-casing and replacing
spaces are unsafe (the URL people see and share changes: review them).
Where the front matter cannot take a `redirect_from`, or the site does not
enable `jekyll-redirect-from` (without it a `redirect_from` serves
nothing), no fix is offered."#,
};

pub static BAD_REDIRECT: Rule = Rule {
    code: "FM016",
    name: "bad-redirect",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "A `redirect_from` or `redirect_to` value cannot work as written",
    doc: r#"## What it does
Checks the values jekyll-redirect-from reads: a `redirect_from` that is a
full URL, holds a space, `?` or `#`, or equals the page's own permalink; a
single string holding several paths where a list was meant (a single path
as a string is fine: the plugin accepts it); a `redirect_to` with more than
one value (only the first is used) or with a space.

## Why is this bad?
The redirect page is written where no one will ever ask for it, or it
replaces the page it should lead to.

## Example
```yaml
redirect_from: /old-page /older-page
```
Use instead:
```yaml
redirect_from:
  - /old-page
  - /older-page
```"#,
};

pub static REDIRECT_TWICE: Rule = Rule {
    code: "FM017",
    name: "redirect-claimed-twice",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "Two documents claim the same `redirect_from` path",
    doc: r#"## What it does
Finds a `redirect_from` path that another document also lists (as the same
file: `/old/` and `/old/index.html` are one).

## Why is this bad?
Only one redirect page can be written there; visitors of the old URL land
on whichever document Jekyll processed last.

## Example
Both `_news/2022-01-13-a.md` and `_news/2022-02-01-b.md` have
`redirect_from: /pride/`."#,
};

pub static IMAGE_WITHOUT_ALT: Rule = Rule {
    code: "FM018",
    name: "image-without-alt",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "A featured image has no alternative text where the schema has a field for it",
    doc: r#"## What it does
When a document sets a featured image (`image`, or any field the schema
gives an `alt` key) and leaves the alternative text field empty, reports
it. The alt field comes from sitelint's settings (`alt: image-alt`), or,
when only the site's documents show it, from a key named after the image
key (`image-alt`, `image_alt`) that other documents of the same collection
use.

## Why is this bad?
Screen readers announce the image as "image" or read its file name.

## Example
```yaml
image: /assets/images/pride.jpg
```
Use instead:
```yaml
image: /assets/images/pride.jpg
image-alt: Civil servants marching at Pride in London
```"#,
};

pub static TEMPLATE_LEFTOVER: Rule = Rule {
    code: "FM019",
    name: "template-leftover",
    severity: Severity::Info,
    fix: FixKind::Unsafe,
    summary: "Front matter keeps commented-out keys from a post template",
    doc: r#"## What it does
Finds comment lines in front matter that are empty keys from a template
(`# category:`, `# image: ""`, `# - `), left in place when the post was
written.

## Why is this bad?
They do nothing, hide the keys that matter, and mislead the next editor
into uncommenting half of a list.

## Example
```yaml
title: Helping you succeed
# category:
# -
# image: ""
```
The unsafe fix removes those lines."#,
};

pub static BROKEN_REFERENCE: Rule = Rule {
    code: "FM020",
    name: "broken-reference",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "A field names a document that does not exist",
    doc: r#"## What it does
Checks fields whose values name other documents (Decap's `relation`
widget, or `reference: { collection: team, by: title }` in sitelint's
settings) against the documents of that collection, and suggests the
closest name.

## Why is this bad?
The author box, topic link or related-page list that looks the document up
comes out empty.

## Example
```yaml
author: Dee Smyth   # the team page says `Dee Smith`
```"#,
};

pub static SKIPPED: Rule = Rule {
    code: "FM021",
    name: "skipped-by-jekyll",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "Jekyll skips a document without a word",
    doc: r#"## What it does
Finds documents Jekyll leaves out without an error: a file in `_posts`
whose name does not start with a date, a dated file outside `_posts` in a
folder that looks meant for posts, and a folder whose name starts with `_`
(such as `_post` or `_event`) that is not a collection, so none of its
documents is read.

## Why is this bad?
The page never appears, and nothing in the build log says why.

## Example
`_posts/welcome.md` must be named `_posts/2022-01-13-welcome.md`."#,
};

pub static CMS_MISMATCH: Rule = Rule {
    code: "FM022",
    name: "cms-config-mismatch",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "The CMS configuration disagrees with `_config.yml`",
    doc: r#"## What it does
Compares each folder collection of the Decap CMS configuration
(`admin/config.yml`) with the Jekyll collection it writes to: a `folder`
that is no Jekyll collection, and a `preview_path` that gives a different
URL from the collection's `permalink` for the same entry (worked out for an
example entry, with Decap's rule that `{{slug}}` in `preview_path` is the
entry's whole file name). Also reports a CMS configuration that is not
valid YAML.

## Why is this bad?
Entries created in the CMS are never published, or the CMS's "view
preview" link leads to a page that does not exist.

## Example
```yaml
# _config.yml: publications: { permalink: /publication/:title/ }
- name: publications
  folder: _publications/
  preview_path: publication/{{year}}/{{month}}/{{day}}/{{slug}}
```"#,
};
