//! A pretty-printed JSON document whose one list of findings is written an
//! item at a time (`json` and `sarif` by window, see `report::Streaming`),
//! byte for byte what one `serde_json` pretty print of the whole document
//! gives: the document is printed with the list empty and split there,
//! and each item is printed alone and indented to the list's depth (a
//! JSON string holds no line break, so every line of a print is a line of
//! the document).

use std::io::{self, Write};

use serde_json::Value;

/// A document printed with its list empty, split around the list.
#[derive(Debug)]
pub struct Frame {
    /// Up to the list, after its key.
    before: String,
    /// The indentation of the key's line.
    indent: String,
    /// After the list, with the line break that ends the output.
    after: String,
}

impl Frame {
    /// `doc` printed, split at its list `key` (which must hold `[]`, and
    /// be the only key of that name: inside a JSON string a quote is
    /// escaped, so only a key matches).
    pub fn of(doc: &Value, key: &str) -> io::Result<Frame> {
        let text = serde_json::to_string_pretty(doc)?;
        let empty = format!("\"{key}\": []");
        let at = text
            .find(&empty)
            .ok_or_else(|| io::Error::other(format!("no empty `{key}` to list into")))?;
        let line = text[..at].rfind('\n').map_or(0, |i| i + 1);
        Ok(Frame {
            before: text[..at + empty.len() - 2].to_string(),
            indent: text[line..at].to_string(),
            after: format!("{}\n", &text[at + empty.len()..]),
        })
    }
}

/// The list written so far.
#[derive(Debug, Default)]
pub struct List {
    written: usize,
}

impl List {
    /// Write one item, after those before it (the document's opening
    /// first, from `frame`).
    pub fn item(&mut self, frame: &Frame, item: &Value, out: &mut dyn Write) -> io::Result<()> {
        if self.written == 0 {
            out.write_all(frame.before.as_bytes())?;
            out.write_all(b"[")?;
        } else {
            out.write_all(b",")?;
        }
        let indent = &frame.indent;
        for line in serde_json::to_string_pretty(item)?.split('\n') {
            write!(out, "\n{indent}  {line}")?;
        }
        self.written += 1;
        Ok(())
    }

    /// Close the list and the document (`frame` may be printed anew, with
    /// what follows the list now known, as long as what precedes it is
    /// the same).
    pub fn close(&self, frame: &Frame, out: &mut dyn Write) -> io::Result<()> {
        if self.written == 0 {
            out.write_all(frame.before.as_bytes())?;
            out.write_all(b"[]")?;
        } else {
            write!(out, "\n{}]", frame.indent)?;
        }
        out.write_all(frame.after.as_bytes())
    }
}
