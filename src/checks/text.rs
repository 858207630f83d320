//! `TXT`: files whose text sitelint (and Jekyll) cannot read, and text
//! hygiene: invisible characters, pasted Office markup, mojibake, and odd
//! spaces that break a link or a heading id.

use std::ops::Range;
use std::sync::OnceLock;

use crate::checks::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix, FixKind, Rule, Severity};
use crate::site::Document;
use crate::site::document::Unchecked;
use crate::text::source::SourceFile;

mod removal;
use removal::{Removal, RemovalContext, removal};

pub static INVALID_ENCODING: Rule = Rule {
    code: "TXT001",
    name: "invalid-encoding",
    severity: Severity::Error,
    fix: FixKind::None,
    summary: "A file is not valid UTF-8",
    doc: r#"## What it does
Finds Markdown and HTML files that are not UTF-8: a byte sequence that is
not UTF-8 (often a file saved as Windows-1252), or a UTF-16 file.

## Why is this bad?
Jekyll reads content as UTF-8 and fails the build with "invalid byte
sequence", or shows replacement characters to readers.

## Example
A file saved by a word processor with `caf\xe9` for `café`. Re-save it as
UTF-8."#,
};

pub static NOT_CHECKED: Rule = Rule {
    code: "TXT002",
    name: "file-not-checked",
    severity: Severity::Warning,
    fix: FixKind::None,
    summary: "A file could not be checked: unreadable, too large, or a symbolic link",
    doc: r#"## What it does
Reports every file sitelint skipped and why: a file it has no permission to
read, a file larger than the size limit (32 MiB by default), a folder it
cannot list, a symbolic link that points outside the site or into a
loop (not followed, as Jekyll's safe mode on GitHub Pages does not follow
it either), or a named pipe, socket or device (never opened: reading a
pipe would wait forever).

## Why is this bad?
A skipped file is an unchecked file; saying so is better than a silent
pass.

## Example
`_news/huge.md is 104857600 bytes, more than the 33554432-byte limit`."#,
};

pub static RULES: &[&Rule] = &[
    &INVALID_ENCODING,
    &NOT_CHECKED,
    &INVISIBLE,
    &OFFICE_MARKUP,
    &MOJIBAKE,
    &ODD_SPACE,
];

pub fn check_document(ctx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    let file = &doc.file;
    let Some(problem) = &doc.unchecked else {
        hygiene(ctx, doc, out);
        return;
    };
    let d = match problem {
        Unchecked::InvalidUtf8 { offset } => Diagnostic::new(
            &INVALID_ENCODING,
            file,
            *offset..*offset,
            format!("File is not valid UTF-8 (first invalid byte at offset {offset})"),
        )
        .help("Re-save the file as UTF-8; Jekyll cannot read it"),
        Unchecked::Utf16 => {
            Diagnostic::new(&INVALID_ENCODING, file, 0..0, "File is UTF-16, not UTF-8")
                .help("Re-save the file as UTF-8; Jekyll cannot read it")
        }
        Unchecked::TooLarge { size, limit } => Diagnostic::new(
            &NOT_CHECKED,
            file,
            0..0,
            format!("File is {size} bytes, more than the {limit}-byte limit; it was not checked"),
        ),
        Unchecked::Unreadable(reason) => Diagnostic::new(
            &NOT_CHECKED,
            file,
            0..0,
            format!("File cannot be read: {reason}"),
        ),
    };
    out.push(d);
}

pub fn check_site(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !ctx.enabled(&NOT_CHECKED) {
        return;
    }
    let root = &ctx.site.root;
    for (link, reason) in &ctx.site.symlinks {
        let file = std::sync::Arc::new(SourceFile::new(
            link.clone(),
            root.join(link),
            String::new(),
        ));
        out.push(
            Diagnostic::new(&NOT_CHECKED, &file, 0..0, format!("Symbolic link is not followed: {reason}"))
                .help("Jekyll's safe mode (GitHub Pages) does not follow it either; copy the file into the site instead"),
        );
    }
    // (a document that is one is reported with the other documents)
    for rel in ctx
        .site
        .special_files
        .iter()
        .filter(|rel| ctx.site.document_at(rel).is_none())
    {
        let file = std::sync::Arc::new(SourceFile::new(rel.clone(), root.join(rel), String::new()));
        out.push(Diagnostic::new(
            &NOT_CHECKED,
            &file,
            0..0,
            format!("File cannot be read: {}", crate::inside::NotRegular),
        ));
    }
    for (dir, reason) in &ctx.site.unreadable_dirs {
        let file = std::sync::Arc::new(SourceFile::new(dir.clone(), root.join(dir), String::new()));
        out.push(Diagnostic::new(
            &NOT_CHECKED,
            &file,
            0..0,
            format!("Folder cannot be read: {reason}"),
        ));
    }
}

pub static INVISIBLE: Rule = Rule {
    code: "TXT003",
    name: "invisible-character",
    severity: Severity::Warning,
    fix: FixKind::Sometimes,
    summary: "An invisible character sits inside a word, a URL or the text",
    doc: r#"## What it does
Finds zero-width characters pasted in with text: U+FEFF (a byte-order
mark anywhere but the start of the file), U+200B zero-width space, U+2060
word joiner, U+180E, and U+200C/U+200D between plain ASCII characters.
A zero-width joiner inside an emoji sequence (🏳️‍🌈) or between letters
of scripts that need it is left alone, and so is a zero-width space next
to a Thai, Lao, Khmer or Myanmar letter: those scripts write words
without spaces and use it to mark word breaks. Code is not checked. A
message quotes at most 24 letters of the word on either side.

## Why is this bad?
Readers cannot see them, but they split words for search and for
screen readers, break URLs and link targets, and defeat every check that
looks for a word. Editors (and some CMS editors) leave them behind.

The fix deletes them, and is safe where that changes nothing but the
deleted characters: inside a word, between a word and a space, at the
start of a line before a letter. kramdown reads them as ordinary
characters, so elsewhere a deletion can change the Markdown: `-` +
U+FEFF + ` item` would become a list item (the safe fix then also
escapes the marker, `\- item`), a line holding only the character would
become a blank line, a character beside `*`, `_`, `\`, `&` or `<` would
let it take effect, two halves of a word could make an entity, an HTML
tag or a link reference. There, and in front matter (except inside a
word) and Liquid, the fix is unsafe: review it.

## Example
`P\u{feff}lease register` looks like `Please register` but is not."#,
};

pub static OFFICE_MARKUP: Rule = Rule {
    code: "TXT004",
    name: "office-markup",
    severity: Severity::Warning,
    fix: FixKind::Sometimes,
    summary: "Markup pasted from Microsoft Office",
    doc: r#"## What it does
Finds what a paste from Word or Outlook leaves in a page: conditional
comments (`<!--[if gte mso 9]>…<![endif]-->`, also with the `\[`
escaping some editors add) holding `<w:WordDocument>` settings and
`mso-` styles, and, outside them, `mso-` styles, `Mso…` classes and
`<o:p>` tags.

## Why is this bad?
Pages of invisible settings make the source hard to edit and review, and
the styles can leak into the page. A conditional comment is never shown by
a browser, so the safe fix deletes it; other Office markup needs an eye.

## Example
`<!--[if gte mso 9]><xml><w:WordDocument>…</xml><![endif]-->` above the
first paragraph."#,
};

pub static MOJIBAKE: Rule = Rule {
    code: "TXT005",
    name: "mojibake",
    severity: Severity::Warning,
    fix: FixKind::Safe,
    summary: "UTF-8 text was decoded as Windows-1252 (`â€™` for `’`)",
    doc: r#"## What it does
Finds the letter sequences that appear when UTF-8 text is read as
Windows-1252 and saved again: `â€™`, `â€œ`, `â€“`, `Ã©`, `Â ` and the
like. Code is not checked.

## Why is this bad?
Readers see garbage where an apostrophe, a dash or an accented letter
should be. The safe fix restores the original character (the sequence is
encoded back to Windows-1252 and read as UTF-8).

## Example
`Weâ€™re proud` becomes `We’re proud`."#,
};

pub static ODD_SPACE: Rule = Rule {
    code: "TXT006",
    name: "odd-space",
    severity: Severity::Warning,
    fix: FixKind::Sometimes,
    summary: "A non-breaking or other unusual space breaks a link or a heading id",
    doc: r#"## What it does
Finds a non-breaking space (U+00A0) or another Unicode space (U+2000 to
U+200A, U+202F, U+205F, U+3000) inside a link or image target, and inside
a heading without an explicit `{#id}` (reported as info: the id only
matters to links that point at it).

## Why is this bad?
In a target it makes a different URL, which does not exist. In a heading,
kramdown drops the character when it makes the heading's id (with
Jekyll's default GFM input, and with `input: kramdown`), so
`## Our network` (with U+00A0) gets the id `ournetwork`, not
`our-network`, and links to `#our-network` go nowhere. At the ends of a
target the safe fix deletes it; elsewhere the (unsafe) fix writes an
ordinary space or `%20`.

## Example
`[Join](/join-us/\u{a0})`: the target is `/join-us/%C2%A0`."#,
};

/// Text hygiene: what editors paste in without seeing it.
fn hygiene(ctx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    // (the body is parsed below: not for a run that selects none of these)
    if ![&INVISIBLE, &OFFICE_MARKUP, &MOJIBAKE, &ODD_SPACE]
        .iter()
        .any(|r| ctx.enabled(r))
    {
        return;
    }
    let text = doc.file.text.as_str();
    let code = Ranges::new(doc.body().code.clone());
    let in_code = |at: usize| code.find(at).is_some();
    let input = ctx
        .site
        .config
        .data
        .as_ref()
        .and_then(|d| d.get("kramdown"))
        .and_then(|k| k.get("input"))
        .and_then(|i| i.scalar_text());
    let gfm = input.is_none_or(|i| i.eq_ignore_ascii_case("gfm"));
    if ctx.enabled(&INVISIBLE) {
        invisible(doc, gfm, &in_code, out);
    }
    let bytes = text.as_bytes();
    if ctx.enabled(&OFFICE_MARKUP)
        && (memchr::memmem::find(bytes, b"mso").is_some()
            || memchr::memmem::find(bytes, b"<o:p>").is_some())
    {
        office(doc, &in_code, out);
    }
    // `Ã`, `â` and `Â` share their first byte (C3): one search for it
    let mojibake_lead = || {
        memchr::memchr_iter(0xc3, bytes)
            .any(|i| matches!(bytes.get(i + 1), Some(0x83 | 0xa2 | 0x82)))
    };
    if ctx.enabled(&MOJIBAKE) && mojibake_lead() {
        mojibake(doc, &in_code, out);
    }
    if ctx.enabled(&ODD_SPACE) {
        odd_spaces(doc, gfm, out);
    }
}

fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{feff}' => "zero-width no-break space",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{180e}' => "Mongolian vowel separator",
        _ => return None,
    })
}

/// Scripts written without spaces between words, where U+200B marks the
/// word breaks a line may wrap at: Thai, Lao, Myanmar (with its extended
/// blocks) and Khmer (with its symbols).
fn breaks_words_with_zwsp(c: char) -> bool {
    matches!(
        c,
        '\u{0e00}'..='\u{0eff}'
            | '\u{1000}'..='\u{109f}'
            | '\u{a9e0}'..='\u{a9ff}'
            | '\u{aa60}'..='\u{aa7f}'
            | '\u{1780}'..='\u{17ff}'
            | '\u{19e0}'..='\u{19ff}'
    )
}

/// Whether an invisible character at `at` is part of the writing: a joiner
/// in an emoji sequence or between letters of a script that uses it, or a
/// zero-width space beside a letter of a script that separates words with
/// it (see [`breaks_words_with_zwsp`]).
fn legitimate(text: &str, at: usize, c: char) -> bool {
    let prev = text[..at].chars().next_back();
    let next = text[at + c.len_utf8()..].chars().next();
    match c {
        '\u{200c}' | '\u{200d}' => {
            !(prev.is_none_or(|p| p.is_ascii()) && next.is_none_or(|n| n.is_ascii()))
        }
        '\u{200b}' => {
            prev.is_some_and(breaks_words_with_zwsp) || next.is_some_and(breaks_words_with_zwsp)
        }
        _ => false,
    }
}

/// At most this many characters of a word are quoted on either side of an
/// invisible character, so that a message stays short however long the
/// "word" is (a paragraph of `a`+U+200B is one word to this check).
const QUOTE_CHARS: usize = 24;

/// The letters of the word before `at` (`backward`) or from `at`, invisible
/// characters skipped, at most [`QUOTE_CHARS`] of them, with `…` where the
/// word goes on. Looks at no more than a bounded number of characters.
fn word_side(text: &str, at: usize, backward: bool) -> String {
    let mut chars: Box<dyn Iterator<Item = char>> = if backward {
        Box::new(text[..at].chars().rev())
    } else {
        Box::new(text[at..].chars())
    };
    let mut letters: Vec<char> = Vec::new();
    let mut cut = false;
    let mut looked = 0;
    for c in &mut chars {
        looked += 1;
        if invisible_name(c).is_some() {
            if looked > 4 * QUOTE_CHARS {
                cut = true;
                break;
            }
            continue;
        }
        if !c.is_alphanumeric() {
            break;
        }
        if letters.len() == QUOTE_CHARS {
            cut = true;
            break;
        }
        letters.push(c);
    }
    if backward {
        letters.reverse();
    }
    let word: String = letters.into_iter().collect();
    match (cut, backward) {
        (false, _) => word,
        (true, true) => format!("…{word}"),
        (true, false) => format!("{word}…"),
    }
}

/// Sorted, merged byte ranges, for "is this offset inside one of them"
/// in logarithmic time.
struct Ranges(Vec<Range<usize>>);

impl Ranges {
    fn new(mut v: Vec<Range<usize>>) -> Ranges {
        v.sort_by_key(|r| r.start);
        let mut out: Vec<Range<usize>> = Vec::with_capacity(v.len());
        for r in v {
            match out.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        Ranges(out)
    }

    /// The range holding `at`, if any.
    fn find(&self, at: usize) -> Option<&Range<usize>> {
        let i = self.0.partition_point(|r| r.start <= at);
        i.checked_sub(1).map(|i| &self.0[i]).filter(|r| at < r.end)
    }
}

fn invisible(
    doc: &Document,
    gfm: bool,
    in_code: &dyn Fn(usize) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    let text = doc.file.text.as_str();
    // every invisible character is encoded with lead byte E1, E2 or EF:
    // jump from one such byte to the next instead of decoding every char
    let bytes = text.as_bytes();
    if memchr::memchr3(0xe1, 0xe2, 0xef, bytes).is_none() {
        return;
    }
    let body = doc.body();
    let targets = Ranges::new(body.links.iter().map(|l| l.dest.clone()).collect());
    let context = RemovalContext {
        body_start: doc.front.body_start(),
        liquid: Ranges::new(body.liquid.iter().map(|l| l.span.clone()).collect()),
        abbreviations: text.starts_with("*[") || memchr::memmem::find(bytes, b"\n*[").is_some(),
        gfm,
    };
    let mut pos = 0;
    while let Some(p) = memchr::memchr3(0xe1, 0xe2, 0xef, &bytes[pos..]) {
        // a lead byte always starts a character
        let at = pos + p;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        pos = at + c.len_utf8();
        let Some(name) = invisible_name(c) else {
            continue;
        };
        if (at == 0 && c == '\u{feff}') || legitimate(text, at, c) || in_code(at) {
            continue;
        }
        // a run of invisible characters is one finding
        let mut end = pos;
        let mut count = 1;
        while let Some(n) = text[end..].chars().next() {
            if invisible_name(n).is_some() && !legitimate(text, end, n) {
                end += n.len_utf8();
                count += 1;
            } else {
                break;
            }
        }
        pos = end;
        let in_link = targets.find(at).is_some_and(|r| end <= r.end);
        // the letters either side, invisible characters skipped
        let before = word_side(text, at, true);
        let after = word_side(text, end, false);
        let what = if count > 1 {
            format!(
                "{count} invisible characters (first: {name}, U+{:04X})",
                c as u32
            )
        } else {
            format!("Invisible {name} (U+{:04X})", c as u32)
        };
        let place = if in_link {
            "in a link target".to_string()
        } else if !before.is_empty() && !after.is_empty() {
            format!("inside the word `{before}{after}`")
        } else if !after.is_empty() {
            format!("before `{after}`")
        } else if !before.is_empty() {
            format!("after `{before}`")
        } else {
            "in the text".to_string()
        };
        let d = Diagnostic::new(&INVISIBLE, &doc.file, at..end, format!("{what} {place}"));
        let d = match removal(text, &context, at, end) {
            Removal::Delete => d
                .help("Delete it: readers cannot see it, but search, screen readers and links do")
                .fix(Fix::safe(
                    "Delete the invisible character",
                    vec![Edit::delete(at..end)],
                )),
            Removal::Escape(marker) => d
                .help(format!(
                    "Delete it and escape `{}` (`\\{}`): deleted alone, it would make the line Markdown",
                    &text[marker..marker + 1],
                    &text[marker..marker + 1]
                ))
                .fix(Fix::safe(
                    format!("Delete the invisible character and escape `{}`", &text[marker..marker + 1]),
                    vec![Edit::insert(marker, "\\"), Edit::delete(at..end)],
                )),
            Removal::Review(why) => d
                .help(format!("Delete it, and check the page: {why}"))
                .fix(Fix::unsafe_(
                    "Delete the invisible character",
                    vec![Edit::delete(at..end)],
                )),
        };
        out.push(d);
    }
}

fn office_re() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"(?s)<!--\\*\[if[^\]>]*mso[^\]>]*\\*\]>.*?-->").expect("valid regex")
    })
}

fn office(doc: &Document, in_code: &dyn Fn(usize) -> bool, out: &mut Vec<Diagnostic>) {
    let text = doc.file.text.as_str();
    let start = doc.front.body_start();
    let body = &text[start..];
    let mut blocks: Vec<Range<usize>> = Vec::new();
    for m in office_re().find_iter(body) {
        let span = start + m.start()..start + m.end();
        if in_code(span.start) {
            continue;
        }
        // delete the whole lines when the block stands alone on them
        let line_start = text[..span.start].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[span.end..]
            .find('\n')
            .map_or(text.len(), |p| span.end + p + 1);
        let alone = text[line_start..span.start].trim().is_empty()
            && text[span.end..line_end].trim().is_empty();
        let removal = if alone {
            line_start..line_end
        } else {
            span.clone()
        };
        let lines = text[span.clone()].lines().count();
        out.push(
            Diagnostic::new(
                &OFFICE_MARKUP,
                &doc.file,
                span.start..span.start + m.as_str().find('>').map_or(4, |p| p + 1),
                format!(
                    "Microsoft Office conditional comment ({lines} lines) pasted into the page"
                ),
            )
            .label(span.clone(), "browsers never show this")
            .help("Delete it: it holds Word's settings and styles, not content")
            .fix(Fix::safe(
                "Delete the Office conditional comment",
                vec![Edit::delete(removal)],
            )),
        );
        blocks.push(span);
    }
    static OTHER: OnceLock<regex::Regex> = OnceLock::new();
    let other = OTHER.get_or_init(|| {
        regex::Regex::new(r#"mso-[a-z-]+\s*:|class\s*=\s*["']?Mso[A-Za-z]+|</?o:p>|</?w:[A-Za-z]+"#)
            .expect("valid regex")
    });
    let blocks = Ranges::new(blocks);
    let found: Vec<Range<usize>> = other
        .find_iter(body)
        .map(|m| start + m.start()..start + m.end())
        .filter(|r| !in_code(r.start) && blocks.find(r.start).is_none_or(|b| r.end > b.end))
        .collect();
    if let Some(first) = found.first() {
        out.push(
            Diagnostic::new(
                &OFFICE_MARKUP,
                &doc.file,
                first.clone(),
                format!(
                    "Microsoft Office markup `{}` pasted into the page ({} place{} in this file)",
                    &text[first.clone()],
                    found.len(),
                    if found.len() == 1 { "" } else { "s" }
                ),
            )
            .help("Remove the Office styles and tags; keep the text"),
        );
    }
}

/// Windows-1252 bytes 0x80-0x9F and the characters they stand for.
const CP1252: [(u8, char); 27] = [
    (0x80, '€'),
    (0x82, '‚'),
    (0x83, 'ƒ'),
    (0x84, '„'),
    (0x85, '…'),
    (0x86, '†'),
    (0x87, '‡'),
    (0x88, 'ˆ'),
    (0x89, '‰'),
    (0x8A, 'Š'),
    (0x8B, '‹'),
    (0x8C, 'Œ'),
    (0x8E, 'Ž'),
    (0x91, '‘'),
    (0x92, '’'),
    (0x93, '“'),
    (0x94, '”'),
    (0x95, '•'),
    (0x96, '–'),
    (0x97, '—'),
    (0x98, '˜'),
    (0x99, '™'),
    (0x9A, 'š'),
    (0x9B, '›'),
    (0x9C, 'œ'),
    (0x9E, 'ž'),
    (0x9F, 'Ÿ'),
];

fn cp1252_byte(c: char) -> Option<u8> {
    let n = c as u32;
    // the five bytes Windows-1252 leaves undefined decode to C1 controls
    if n < 0x80 || (0xA0..=0xFF).contains(&n) || [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(&n) {
        return Some(n as u8);
    }
    CP1252.iter().find(|(_, ch)| *ch == c).map(|(b, _)| *b)
}

/// Read `s` back as Windows-1252 bytes and decode them as UTF-8.
pub fn unmojibake(s: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> = s.chars().map(cp1252_byte).collect();
    let fixed = String::from_utf8(bytes?).ok()?;
    (fixed != s).then_some(fixed)
}

fn mojibake(doc: &Document, in_code: &dyn Fn(usize) -> bool, out: &mut Vec<Diagnostic>) {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        // a UTF-8 lead byte read as Latin-1/Windows-1252, followed by its
        // continuation bytes read the same way
        regex::Regex::new(
            "(?:[ÂÃÄÅÆÇÐÑØÙ][\u{80}-\u{BF}€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|[âãäå][\u{80}-\u{BF}€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{2})+",
        )
        .expect("valid regex")
    });
    let text = doc.file.text.as_str();
    for m in re.find_iter(text) {
        if in_code(m.start()) {
            continue;
        }
        let Some(fixed) = unmojibake(m.as_str()) else {
            continue;
        };
        if fixed.chars().any(|c| c.is_control()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &MOJIBAKE,
                &doc.file,
                m.start()..m.end(),
                format!(
                    "`{}` is `{fixed}` garbled by a wrong text encoding",
                    m.as_str()
                ),
            )
            .help(format!("Write `{fixed}`"))
            .fix(Fix::safe(
                format!("Replace `{}` with `{fixed}`", m.as_str()),
                vec![Edit::replace(m.start()..m.end(), fixed.clone())],
            )),
        );
    }
}

fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// The id kramdown gives a heading: with Jekyll's default `input: GFM`,
/// the GFM parser's rule (lower case, drop what is not a word character,
/// `-` or a space, spaces to `-`); with `input: kramdown`, kramdown's own.
fn heading_id(gfm: bool, text: &str) -> String {
    if gfm {
        crate::site::targets::gfm_id(text)
    } else {
        crate::site::targets::kramdown_id(text)
    }
}

fn odd_spaces(doc: &Document, gfm: bool, out: &mut Vec<Diagnostic>) {
    let text = doc.file.text.as_str();
    for l in &doc.body().links {
        let dest = l.dest.clone();
        let Some(d) = text.get(dest.clone()) else {
            continue;
        };
        for (i, c) in d.char_indices().filter(|(_, c)| is_odd_space(*c)) {
            let at = dest.start + i;
            let span = at..at + c.len_utf8();
            let edge =
                d[..i].chars().all(is_odd_space) || d[i + c.len_utf8()..].chars().all(is_odd_space);
            let fix = if edge {
                Fix::safe("Delete the space", vec![Edit::delete(span.clone())])
            } else {
                Fix::unsafe_("Write `%20`", vec![Edit::replace(span.clone(), "%20")])
            };
            out.push(
                Diagnostic::new(
                    &ODD_SPACE,
                    &doc.file,
                    span,
                    format!("U+{:04X} space in the link target `{}`", c as u32, d.trim_matches(is_odd_space)),
                )
                .help("The target is a different URL with this space in it; delete it or write an ordinary character")
                .fix(fix),
            );
        }
    }
    for h in &doc.body().headings {
        if h.id.is_some() || !h.text.chars().any(is_odd_space) {
            continue;
        }
        let Some(src) = text.get(h.span.clone()) else {
            continue;
        };
        let got = heading_id(gfm, &h.text);
        // at the ends the space changes nothing: kramdown's id of
        // `Our network` + U+00A0 is `our-network`, as the writer means
        let meant = heading_id(
            gfm,
            &h.text
                .trim_matches(|c: char| is_odd_space(c) || c.is_whitespace())
                .replace(is_odd_space, " "),
        );
        if got == meant {
            continue;
        }
        for (i, c) in src.char_indices().filter(|(_, c)| is_odd_space(*c)) {
            let at = h.span.start + i;
            let span = at..at + c.len_utf8();
            out.push(
                Diagnostic::new(
                    &ODD_SPACE,
                    &doc.file,
                    span.clone(),
                    format!("U+{:04X} space in a heading makes its id `{got}`, not `{meant}`", c as u32),
                )
                .severity(Severity::Info)
                .help("Write an ordinary space (links to the old id then need updating), or give the heading an explicit `{#id}`")
                .fix(Fix::unsafe_("Write an ordinary space", vec![Edit::replace(span, " ")])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zwsp_separates_words_in_thai_lao_khmer_and_myanmar_only() {
        for t in [
            "ไทย\u{200b}ไทย",
            "ລາວ\u{200b}x",
            "x\u{200b}ខ្មែរ",
            "မြန်\u{200b}မာ",
        ] {
            let at = t.find('\u{200b}').unwrap();
            assert!(legitimate(t, at, '\u{200b}'), "{t}");
        }
        for t in ["a\u{200b}b", "日本\u{200b}語", "\u{200b}", "é\u{200b}"] {
            let at = t.find('\u{200b}').unwrap();
            assert!(!legitimate(t, at, '\u{200b}'), "{t}");
        }
    }

    #[test]
    fn quoted_word_is_capped_and_marked() {
        let long = "a\u{200b}".repeat(10_000);
        let at = long.len() / 2;
        let before = word_side(&long, at, true);
        let after = word_side(&long, at, false);
        assert_eq!(before, format!("…{}", "a".repeat(QUOTE_CHARS)));
        assert_eq!(after, format!("{}…", "a".repeat(QUOTE_CHARS)));
        let t = "xx abc\u{200b}def gh";
        assert_eq!(word_side(t, 6, true), "abc");
        assert_eq!(word_side(t, 9, false), "def");
    }

    #[test]
    fn ranges_find_merged_containment() {
        let r = Ranges::new(vec![10..20, 0..5, 15..30, 40..41]);
        assert_eq!(r.0, vec![0..5, 10..30, 40..41]);
        assert_eq!(r.find(4), Some(&(0..5)));
        assert_eq!(r.find(5), None);
        assert_eq!(r.find(29), Some(&(10..30)));
        assert_eq!(r.find(40), Some(&(40..41)));
        assert_eq!(r.find(41), None);
    }
}
