//! Source text with a line index. Positions are byte offsets into the file
//! exactly as read; lines and columns (1-based, columns in characters) are
//! derived only for printing. LF, CRLF and a lone CR all end a line.

use std::ops::Range;
use std::path::PathBuf;

#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators.
    pub rel: String,
    /// Path on disk.
    pub path: PathBuf,
    /// The file's text. For a file that is not valid UTF-8 this is a lossy
    /// decoding, and only offsets before the first invalid byte are exact.
    pub text: String,
    /// The text was dropped to save memory (see
    /// `site::Document::drop_text`): `text` is empty, and spans are kept
    /// as given until the finding is moved to the file read again (see
    /// `Diagnostic::rehome`), or never held (see [`SourceFile::known`]).
    pub text_dropped: bool,
    /// Computed on first use: most files never need a line number.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// Characters before every [`CHAR_BLOCK`]-th byte, computed on first
    /// use by a column on a long line.
    char_marks: std::sync::OnceLock<Vec<usize>>,
    /// A file known by positions alone (see [`SourceFile::known`]): its
    /// text is not held, and the line and column of every offset its
    /// findings name were worked out from the text when they were found.
    known: Option<Box<[Known]>>,
}

/// The line and column (1-based, as [`SourceFile::line_col`] gives them)
/// of a byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Known {
    pub offset: usize,
    pub line: usize,
    pub col: usize,
}

/// Columns on lines longer than this are counted from the nearest mark in
/// [`SourceFile::char_marks`], so that the column of every finding on a
/// one-line, megabyte page is not a count from the start of the line.
const CHAR_BLOCK: usize = 1024;

const BOM: &str = "\u{feff}";

/// Files up to this size count lines for each finding's line number
/// instead of keeping a table of line starts (see [`SourceFile::line_at`]).
const SMALL: usize = 64 * 1024;

impl SourceFile {
    pub fn new(rel: impl Into<String>, path: impl Into<PathBuf>, text: String) -> SourceFile {
        SourceFile {
            rel: rel.into(),
            path: path.into(),
            text,
            text_dropped: false,
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
            known: None,
        }
    }

    /// A file known by the positions of its findings alone, without its
    /// text: a run whose findings come from the cache and whose printer
    /// shows no source text (`known` sorted by offset, each offset once).
    /// Its spans are kept as given; an offset not in `known` is a bug in
    /// the caller, shown as the nearest known position before it.
    pub fn known(
        rel: impl Into<String>,
        path: impl Into<PathBuf>,
        known: Vec<Known>,
    ) -> SourceFile {
        debug_assert!(known.windows(2).all(|w| w[0].offset < w[1].offset));
        SourceFile {
            known: Some(known.into_boxed_slice()),
            text_dropped: true,
            ..SourceFile::new(rel, path, String::new())
        }
    }

    /// The positions of `offsets` (any order, repeats allowed), sorted,
    /// each once: what [`SourceFile::known`] takes.
    pub fn positions(&self, offsets: impl IntoIterator<Item = usize>) -> Vec<Known> {
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        offsets.sort_unstable();
        offsets.dedup();
        offsets
            .into_iter()
            .map(|offset| {
                let (line, col) = self.line_col(offset);
                Known { offset, line, col }
            })
            .collect()
    }

    /// A file whose text was dropped (see [`SourceFile::text_dropped`]).
    pub fn without_text(rel: impl Into<String>, path: impl Into<PathBuf>) -> SourceFile {
        SourceFile {
            text_dropped: true,
            ..SourceFile::new(rel, path, String::new())
        }
    }

    /// Byte offset where each line starts: 0, then the offset just past
    /// each line ending (so a text ending with one has its length last).
    pub fn starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }

    /// Whether the text begins with a UTF-8 byte-order mark.
    pub fn has_bom(&self) -> bool {
        self.text.starts_with(BOM)
    }

    /// Clamp a range to the text and to character boundaries (a file
    /// whose text was dropped leaves it as it is).
    pub fn clamp(&self, range: Range<usize>) -> Range<usize> {
        if self.text_dropped {
            return range;
        }
        let len = self.text.len();
        let mut start = range.start.min(len);
        let mut end = range.end.min(len).max(start);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    /// 1-based line and 1-based column in characters of a byte offset. A
    /// byte-order mark is not counted as a column.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        if let Some(known) = &self.known {
            let i = match known.binary_search_by_key(&offset, |k| k.offset) {
                Ok(i) => Some(i),
                Err(i) => {
                    debug_assert!(false, "offset {offset} of {} not known", self.rel);
                    i.checked_sub(1)
                }
            };
            return i.map_or((1, 1), |i| (known[i].line, known[i].col));
        }
        let offset = offset.min(self.text.len());
        let (line, mut start) = self.line_at(offset);
        if line == 0 && self.has_bom() && offset >= BOM.len() {
            start = BOM.len();
        }
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = if end - start <= CHAR_BLOCK {
            self.text[start..end].chars().count()
        } else {
            self.chars_before(end) - self.chars_before(start)
        };
        (line + 1, col + 1)
    }

    /// The 0-based line of `offset` (at most the text's length) and the
    /// offset where it starts. A small file's lines are counted up to the
    /// offset each time rather than kept: a large site's run would
    /// otherwise hold a table of line starts for every file with a finding
    /// long after its findings are printed.
    fn line_at(&self, offset: usize) -> (usize, usize) {
        if self.text.len() > SMALL || self.line_starts.get().is_some() {
            let starts = self.starts();
            let line = match starts.binary_search(&offset) {
                Ok(i) => i,
                Err(i) => i - 1,
            };
            return (line, starts[line]);
        }
        let bytes = self.text.as_bytes();
        let (mut line, mut start) = (0, 0);
        for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[..offset]) {
            if is_line_end(bytes, i) {
                line += 1;
                start = i + 1;
            }
        }
        (line, start)
    }

    /// The number of characters before byte `offset` (a character
    /// boundary), in time bounded by [`CHAR_BLOCK`].
    fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            // a character starts at every byte that is not a continuation
            // byte (`10xxxxxx`)
            let mut marks = Vec::with_capacity(self.text.len() / CHAR_BLOCK + 1);
            let mut n = 0;
            for block in self.text.as_bytes().chunks(CHAR_BLOCK) {
                marks.push(n);
                n += block.iter().filter(|&&b| (b as i8) >= -0x40).count();
            }
            marks
        });
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        let base = marks.get(block).copied().unwrap_or(0);
        base + self.text.as_bytes()[from..offset]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count()
    }

    /// Byte range of a 1-based line, without its line ending.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let starts = self.starts();
        let i = line.saturating_sub(1).min(starts.len() - 1);
        let start = starts[i];
        let mut end = starts.get(i + 1).copied().unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    pub fn line_count(&self) -> usize {
        self.starts().len()
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
    starts.push(0);
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if is_line_end(bytes, i) {
            starts.push(i + 1);
        }
    }
    starts
}

/// Whether the `\n` or `\r` at `i` ends a line (a `\r` before a `\n`
/// does not: the `\n` does).
fn is_line_end(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n')
}

/// Iterate over the lines of `text` from byte `from`, yielding each line's
/// byte range without its ending, and the offset where the next line starts.
pub fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let mut i = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map_or(bytes.len(), |n| pos + n);
        let end = i;
        if i < bytes.len() {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 2;
            } else {
                i += 1;
            }
        }
        pos = i;
        Some((start..end, i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_all_line_endings() {
        let f = SourceFile::new("a", "a", "ab\r\ncé x\rz\n".to_string());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(4), (2, 1));
        assert_eq!(f.line_col(8), (2, 4)); // after "cé " (é is 2 bytes)
        assert_eq!(f.line_col(10), (3, 1)); // after lone CR
        assert_eq!(f.line_range(2), 4..9);
        assert_eq!(f.line_count(), 4);
    }

    #[test]
    fn columns_on_long_lines_count_characters() {
        let line = "é".repeat(3000) + "x" + &"a".repeat(2000) + "ß";
        let text = format!("first\n{line}\nlast");
        let f = SourceFile::new("a", "a", text.clone());
        for (i, _) in text.char_indices() {
            let start = text[..i].rfind('\n').map_or(0, |p| p + 1);
            let expected = text[start..i].chars().count() + 1;
            assert_eq!(f.line_col(i).1, expected, "at {i}");
        }
        assert_eq!(f.line_col(text.len()), (3, 5));
    }

    /// A small file counts lines for each offset; a table of line starts
    /// (kept once built, and always for a large file) gives the same.
    #[test]
    fn counted_lines_equal_the_table_of_line_starts() {
        let text = "a\r\n\r\nb\rc\n\n\r\rd\r\n".repeat(3);
        let counted = SourceFile::new("a", "a", text.clone());
        let tabled = SourceFile::new("a", "a", text.clone());
        tabled.starts();
        for offset in 0..=text.len() + 1 {
            assert_eq!(
                counted.line_col(offset),
                tabled.line_col(offset),
                "at {offset}"
            );
        }
        assert!(
            counted.line_starts.get().is_none(),
            "a small file keeps no table"
        );
    }

    /// A file known by positions answers what the text would, for every
    /// offset it was given (a byte-order mark, line endings of every kind,
    /// characters of several bytes, a line longer than a block of marks).
    #[test]
    fn known_positions_equal_the_text_s() {
        let text = format!("\u{feff}é\r\nñ€\r{}x\n\n𝄞z\r\n", "ü".repeat(CHAR_BLOCK));
        let file = SourceFile::new("a", "a", text.clone());
        let offsets: Vec<usize> = (0..=text.len()).rev().chain([3, 3, 0]).collect();
        let known = SourceFile::known("a", "a", file.positions(offsets));
        assert!(known.text.is_empty() && known.text_dropped);
        for offset in 0..=text.len() {
            assert_eq!(known.line_col(offset), file.line_col(offset), "at {offset}");
        }
        let some = SourceFile::known("a", "a", file.positions([7, 2, 7]));
        assert_eq!(some.line_col(7), file.line_col(7));
        assert_eq!(some.line_col(2), file.line_col(2));
    }

    #[test]
    fn bom_is_not_a_column() {
        let f = SourceFile::new("a", "a", "\u{feff}---\n".to_string());
        assert_eq!(f.line_col(3), (1, 1));
        assert_eq!(f.line_col(4), (1, 2));
    }

    #[test]
    fn lines_iterate_with_endings() {
        let v: Vec<_> = lines_from("a\r\nb\rc", 0).collect();
        assert_eq!(v, vec![(0..1, 3), (3..4, 5), (5..6, 6)]);
    }
}
