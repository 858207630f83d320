//! Code actions: each finding's fix as a quick fix, every safe fix at
//! once (`source.fixAll.sitelint`, as `sitelint fix` applies them), and a
//! suppression comment for one finding.

use std::ops::Range;

use lsp_types as lsp;
use serde_json::{Value, json};

use super::Server;
use super::convert::{self, Encoding, Lines};
use crate::checks::Selection;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::engine::{self, Target};

pub const FIX_ALL: &str = "source.fixAll.sitelint";

/// Whether an action of `kind` is among those the client asks for
/// (`only`: a kind asks for itself and every kind below it).
fn wanted(only: Option<&Vec<lsp::CodeActionKind>>, kind: &str) -> bool {
    only.is_none_or(|list| {
        list.iter().any(|k| {
            let k = k.as_str();
            kind == k || kind.strip_prefix(k).is_some_and(|r| r.starts_with('.'))
        })
    })
}

fn overlaps(a: &lsp::Range, b: &lsp::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// One edit for the change from `old` to `new`: the part between their
/// common prefix and common suffix.
pub fn minimal_edit(old: &str, new: &str) -> Edit {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let max = old.len().min(new.len()) - start;
    let mut end = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - end) || !new.is_char_boundary(new.len() - end) {
        end -= 1;
    }
    Edit::replace(start..old.len() - end, &new[start..new.len() - end])
}

fn text_edits(text: &str, edits: &[Edit], enc: Encoding) -> Vec<lsp::TextEdit> {
    let lines = Lines::new(text);
    edits
        .iter()
        .map(|e| lsp::TextEdit::new(lines.range(&e.range, enc), e.replacement.clone()))
        .collect()
}

fn workspace_edit(uri: &lsp::Uri, edits: Vec<lsp::TextEdit>) -> Value {
    json!({ "changes": { uri.as_str(): edits } })
}

/// Where a suppression comment for `d` goes: at the end of its first line
/// (before trailing spaces, which may be a Markdown line break), as a
/// YAML comment in front matter and an HTML comment elsewhere.
fn suppression(d: &Diagnostic, front: Option<Range<usize>>) -> Edit {
    let text = &d.file.text;
    let lines = Lines::new(text);
    let line = lines.line_range(lines.line_of(d.span.start));
    let end = line.start + text[line.clone()].trim_end_matches([' ', '\t']).len();
    let code = d.rule.code;
    let in_yaml = front.is_some_and(|r| r.contains(&d.span.start));
    let comment = if in_yaml {
        format!(" # sitelint-disable-line {code}")
    } else {
        format!(" <!-- sitelint-disable-line {code} -->")
    };
    Edit::insert(end, comment)
}

impl Server<'_> {
    pub(super) fn code_actions(&mut self, p: lsp::CodeActionParams) -> Value {
        let uri = p.text_document.uri;
        let Some(rel) = self.rel(&uri) else {
            return Value::Null;
        };
        self.current();
        let enc = self.encoding;
        let only = p.context.only.as_ref();
        let Some(loaded) = &self.loaded else {
            return Value::Null;
        };
        let mine: Vec<Diagnostic> = self
            .found
            .iter()
            .filter(|d| d.file.rel == rel)
            .cloned()
            .collect();
        let front = loaded.site.document_at(&rel).and_then(|i| {
            loaded.site.documents[i]
                .front
                .block()
                .map(|b| b.yaml.clone())
        });
        let mut actions = Vec::new();
        let mut suppressions = Vec::new();
        if wanted(only, "quickfix") {
            for d in &mine {
                let lines = Lines::new(&d.file.text);
                if !overlaps(&lines.range(&d.span, enc), &p.range) {
                    continue;
                }
                let diagnostic = convert::diagnostic(d, &uri, enc);
                if let Some(fix) = &d.fix
                    && fix.applicability != Applicability::DisplayOnly
                    && crate::fix::valid(&d.file.text, fix)
                {
                    let safe = fix.applicability == Applicability::Safe;
                    let title = if safe {
                        fix.title.clone()
                    } else {
                        format!("{} (unsafe)", fix.title)
                    };
                    actions.push(json!({
                        "title": title,
                        "kind": "quickfix",
                        "diagnostics": [diagnostic],
                        "isPreferred": safe,
                        "edit": workspace_edit(&uri, text_edits(&d.file.text, &fix.edits, enc)),
                    }));
                }
                suppressions.push((d, diagnostic));
            }
        }
        // a suppression is offered where the engine confirms it hides the
        // finding and adds none
        let mut tried = Vec::new();
        for (d, diagnostic) in suppressions {
            let edit = suppression(d, front.clone());
            if tried.contains(&(d.rule.code, edit.range.start)) {
                continue;
            }
            tried.push((d.rule.code, edit.range.start));
            let new = crate::fix::apply(&d.file.text, &[&edit]);
            if !self.hides(&rel, &new, d, &mine) {
                continue;
            }
            actions.push(json!({
                "title": format!("Disable {} for this line", d.rule.code),
                "kind": "quickfix",
                "diagnostics": [diagnostic],
                "edit": workspace_edit(&uri, text_edits(&d.file.text, &[edit], enc)),
            }));
        }
        let has_safe = mine.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        });
        if has_safe
            && wanted(only, FIX_ALL)
            && let Some(edit) = self.fix_all(&rel)
        {
            actions.push(json!({
                "title": "Fix all safe sitelint findings",
                "kind": FIX_ALL,
                "edit": workspace_edit(&uri, vec![edit]),
            }));
        }
        Value::Array(actions)
    }

    /// Whether `new`, the text of `rel` with a suppression comment for
    /// `d`, no longer has `d`'s finding and has no finding `old` lacks.
    fn hides(&mut self, rel: &str, new: &str, d: &Diagnostic, old: &[Diagnostic]) -> bool {
        let Some(found) = self.check_as(rel, new) else {
            return false;
        };
        let line = |file: &crate::text::source::SourceFile, at: usize| file.line_col(at).0;
        let found: Vec<(&str, usize, &str)> = found
            .iter()
            .map(|x| (x.rule.code, line(&x.file, x.span.start), x.message.as_str()))
            .collect();
        let before: Vec<(&str, usize, &str)> = old
            .iter()
            .filter(|x| !(x.rule.code == d.rule.code && x.span.start == d.span.start))
            .map(|x| (x.rule.code, line(&x.file, x.span.start), x.message.as_str()))
            .collect();
        let gone = !found
            .iter()
            .any(|f| f.0 == d.rule.code && f.1 == line(&d.file, d.span.start));
        gone && found.iter().all(|f| before.contains(f))
    }

    /// The edit `sitelint fix` would make to the open document, with the
    /// other buffers in place of their files.
    fn fix_all(&self, rel: &str) -> Option<lsp::TextEdit> {
        let root = self.root.clone()?;
        let base = self.overlay();
        let outcome = crate::fix::fix_loop(
            |pass| {
                let mut overlay = base.clone();
                overlay.extend(pass.iter().map(|(k, v)| (k.clone(), v.clone())));
                let target = Target {
                    root: root.clone(),
                    only: vec![rel.to_string()],
                };
                engine::check_target(target, &Selection::default(), &overlay).map(|c| c.diagnostics)
            },
            false,
        )
        .ok()?;
        let changed = outcome.changed.get(rel)?;
        let edit = minimal_edit(&changed.original, &changed.new);
        text_edits(&changed.original, &[edit], self.encoding).pop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edits() {
        let e = minimal_edit("abcdef", "abXdef");
        assert_eq!((e.range, e.replacement.as_str()), (2..3, "X"));
        let e = minimal_edit("aaa", "aaaa");
        assert_eq!((e.range, e.replacement.as_str()), (3..3, "a"));
        let e = minimal_edit("é", "è");
        assert_eq!((e.range, e.replacement.as_str()), (0..2, "è"));
        let e = minimal_edit("same", "same");
        assert_eq!((e.range, e.replacement.as_str()), (4..4, ""));
    }

    #[test]
    fn kinds() {
        let only = vec![lsp::CodeActionKind::SOURCE_FIX_ALL];
        assert!(wanted(Some(&only), FIX_ALL));
        assert!(!wanted(Some(&only), "quickfix"));
        assert!(wanted(None, "quickfix"));
        let only = vec![lsp::CodeActionKind::new("source.fixAllX")];
        assert!(!wanted(Some(&only), FIX_ALL));
    }
}
