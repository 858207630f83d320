//! `TXT`: files whose text sitelint (and Jekyll) cannot read.

use crate::checks::Context;
use crate::diagnostic::{Diagnostic, FixKind, Rule, Severity};
use crate::site::Document;
use crate::site::document::Unchecked;
use crate::text::source::SourceFile;

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
cannot list, or a symbolic link that points outside the site or into a
loop (not followed, as Jekyll's safe mode on GitHub Pages does not follow
it either).

## Why is this bad?
A skipped file is an unchecked file; saying so is better than a silent
pass.

## Example
`_news/huge.md is 104857600 bytes, more than the 33554432-byte limit`."#,
};

pub static RULES: &[&Rule] = &[&INVALID_ENCODING, &NOT_CHECKED];

pub fn check_document(_ctx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    let file = &doc.file;
    let Some(problem) = &doc.unchecked else {
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
