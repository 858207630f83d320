//! A fast path for front matter YAML: a hand-written, line-based reader for
//! the plain block YAML that nearly all front matter is made of.
//!
//! [`yaml::parse`](super::yaml::parse) spends most of its time in
//! `saphyr-parser`'s character-by-character scanner. Front matter is almost
//! always a handful of `key: value` lines, so this module reads that common
//! subset directly, line by line, and builds the very same [`Node`] tree:
//! same spans, same text, same style, same resolved value.
//!
//! # The subset
//! - a block mapping at the root (keys at column 0), nested block mappings
//!   and block sequences by indentation (`key:\n- a` and `key:\n  - a`), and
//!   sequences whose items are scalars or mappings (`- key: value`);
//! - keys: plain scalars of ASCII letters, digits, `_`, `-`, `.` and inner
//!   spaces, on the key's line, starting with a letter, digit or `_`;
//! - values: plain scalars, also over several lines; single- and
//!   double-quoted scalars, also over several lines, with every escape
//!   `saphyr-parser` knows except an escaped line break; block scalars `|`
//!   and `>` with any chomping indicator and auto-detected indentation;
//!   empty values; flow sequences on one line (`[]`, `[a, "b", 'c']`) of
//!   plain scalars without `:#[]{},'"` and of quoted scalars without
//!   escapes;
//! - tabs right after a `:`, which `libyaml_compat` turns into spaces;
//! - blank lines, full-line comments and trailing comments.
//!
//! Anything else makes [`parse`] return `None`, and the caller then uses the
//! full parser: other tabs, carriage returns, NUL and other control characters,
//! U+FEFF, anchors, aliases, tags, flow mappings, nested or multi-line
//! flow sequences and any other flow sequence, complex keys, quoted or
//! unusual keys, document markers, directives, explicit indentation
//! indicators, nested sequences, a value on the line after its key, a
//! missing final line break, any indentation that is not exactly what the
//! structure expects, any construct the full parser would reject, and
//! documents near [`Limits`]. No error is ever reported from here.
//!
//! # Why the result is the same
//! Every rule below ports the corresponding code of `saphyr-parser` 0.3
//! (`scan_plain_scalar`, `scan_flow_scalar`, `scan_block_scalar`, the block
//! collection states of the parser) for inputs of the subset, including
//! where its spans start and end; whatever is not ported is refused. The
//! input is first put through the same `libyaml_compat` rewrite the full
//! parser uses, so both read the same bytes (spans are unchanged by it).
//! The unit tests, a property test over generated front matter and a test
//! over a real site compare this parser with
//! [`parse_full`](super::yaml::parse_full) whenever it answers.

use std::borrow::Cow;
use std::ops::Range;

use saphyr_parser::ScalarStyle;

use super::yaml::{Entry, Limits, Node, NodeKind, libyaml_compat, scalar_node};

/// Parse the YAML in `text[range]` when it lies in the subset described in
/// the module documentation: `Some` holds exactly what
/// [`parse_full`](super::yaml::parse_full) returns (which is then never an
/// error), `None` means "use the full parser".
pub fn parse(text: &str, range: Range<usize>, limits: Limits) -> Option<Option<Node>> {
    let slice = text.get(range.clone())?;
    if !slice.is_empty() && !slice.ends_with('\n') {
        return None;
    }
    if slice
        .bytes()
        .any(|b| b < b' ' && !matches!(b, b'\n' | b'\t'))
        || slice.contains('\u{feff}')
    {
        return None;
    }
    // Tabs: `libyaml_compat` turns those right after a `:` (outside quoted
    // scalars and comments) into spaces, without moving any byte offset,
    // and the full parser reads what it returns. Read the same text; any
    // other tab is left to the full parser.
    if memchr::memchr(b'\t', slice.as_bytes()).is_some() {
        let prepared = libyaml_compat(slice);
        if memchr::memchr(b'\t', prepared.as_bytes()).is_some() {
            return None;
        }
        return Reader::new(&prepared, range.start, limits).document();
    }
    // The full parser first puts the text through `libyaml_compat`. Without
    // tabs and U+FEFF, that rewrite only joins lines inside what it takes
    // for a quoted scalar, and it changes no byte offset. For a document of
    // the subset it is a no-op unless a quote that it takes for an opening
    // one lies inside a plain or block scalar (a "hazard"): the first
    // reading watches for those and, on finding one, the text is rewritten
    // and read again.
    let mut first = Reader::new(slice, range.start, limits);
    first.watch = slice.contains(['"', '\'']);
    match first.document() {
        None if first.hazard => {
            let prepared = libyaml_compat(slice);
            Reader::new(&prepared, range.start, limits).document()
        }
        result => result,
    }
}

/// How a block scalar treats its final line breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomping {
    Strip,
    Clip,
    Keep,
}

/// A line with content (neither blank nor a comment).
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    /// Number of leading spaces: the column of the content.
    col: usize,
}

impl Line {
    fn content(self) -> usize {
        self.start + self.col
    }
}

/// Keys longer than this are left to the full parser (YAML limits simple
/// keys to 1024 characters).
const MAX_KEY_LEN: usize = 512;

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    /// Offset of `s` in the file.
    base: usize,
    /// Start of the first line not read yet.
    pos: usize,
    nodes: usize,
    limits: Limits,
    /// Whether to watch for quotes that `libyaml_compat` could take for
    /// opening ones inside plain and block scalars.
    watch: bool,
    /// Set when reading stopped at such a quote.
    hazard: bool,
}

impl<'a> Reader<'a> {
    fn new(s: &'a str, base: usize, limits: Limits) -> Reader<'a> {
        Reader {
            s,
            b: s.as_bytes(),
            base,
            pos: 0,
            nodes: 0,
            limits,
            watch: false,
            hazard: false,
        }
    }

    /// Whether `libyaml_compat` could take the quote at `i` for an opening
    /// one: the line holds nothing before it, or `:-[{,?` last (it then
    /// joins lines up to the closing quote, wherever that is). Records it.
    fn hazard_at(&mut self, i: usize) -> bool {
        let before = self.b.get(..i).unwrap_or_default();
        let prev = before.iter().rev().find(|&&c| c != b' ').copied();
        let hazard = matches!(
            prev,
            None | Some(b'\n' | b':' | b'-' | b'[' | b'{' | b',' | b'?')
        );
        self.hazard |= hazard;
        hazard
    }

    /// The byte at `i`, or 0 past the end (the text holds no NUL).
    fn byte(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    /// Index of the line break ending the line that holds `i`.
    fn line_end(&self, i: usize) -> usize {
        self.b
            .get(i..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map_or(self.b.len(), |k| i + k)
    }

    /// Number of spaces from `i`.
    fn spaces(&self, i: usize) -> usize {
        self.b
            .get(i..)
            .map_or(0, |rest| rest.iter().take_while(|&&c| c == b' ').count())
    }

    /// After a closing `]` or quote at `after - 1`: spaces, then a comment
    /// or the line break (anything else is refused). Moves to the next line
    /// and returns the index of this line's break.
    fn finish_line(&mut self, after: usize) -> Option<usize> {
        let k = after + self.spaces(after);
        match self.byte(k) {
            b'\n' => {}
            b'#' if k > after => {}
            _ => return None,
        }
        let line_end = self.line_end(k);
        self.pos = line_end + 1;
        Some(line_end)
    }

    /// Whether `i` starts a block sequence entry: `-` then a space or break.
    fn is_entry(&self, i: usize) -> bool {
        self.byte(i) == b'-' && matches!(self.byte(i + 1), b' ' | b'\n')
    }

    /// Skip blank and comment lines; the next line with content, not read.
    fn peek_line(&mut self) -> Option<Line> {
        while self.pos < self.b.len() {
            let col = self.spaces(self.pos);
            match self.byte(self.pos + col) {
                b'\n' | b'#' => self.pos = self.line_end(self.pos) + 1,
                _ => {
                    return Some(Line {
                        start: self.pos,
                        col,
                    });
                }
            }
        }
        None
    }

    /// Count a node, refusing documents near the node limit.
    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes < self.limits.max_nodes).then_some(())
    }

    fn scalar(
        &mut self,
        text: Cow<'_, str>,
        style: ScalarStyle,
        span: Range<usize>,
    ) -> Option<Node> {
        self.count()?;
        Some(scalar_node(
            text,
            style,
            None,
            self.base + span.start..self.base + span.end,
        ))
    }

    /// The end of `start..end` without trailing spaces and line breaks, as
    /// `trim_span` leaves a scanner span. Joined lines in the prepared text
    /// hold a space where the file holds a line break: both are trimmed.
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && matches!(self.byte(end - 1), b' ' | b'\n') {
            end -= 1;
        }
        end
    }

    fn document(&mut self) -> Option<Option<Node>> {
        let Some(line) = self.peek_line() else {
            return Some(None);
        };
        if line.col != 0 {
            return None;
        }
        let root = self.map(line.content(), 0, 0)?;
        if self.peek_line().is_some() {
            return None;
        }
        Some(Some(root))
    }

    /// When a key of the subset starts at `at`: the end of its text and the
    /// index of its colon, which a space or line break follows.
    fn key_extent(&self, at: usize) -> Option<(usize, usize)> {
        let first = self.byte(at);
        if !(first.is_ascii_alphanumeric() || first == b'_') {
            return None;
        }
        let mut i = at + 1;
        let mut end = i;
        loop {
            match self.byte(i) {
                c if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.') => {
                    i += 1;
                    end = i;
                }
                b' ' => i += 1,
                b':' => break,
                _ => return None,
            }
        }
        (i - at <= MAX_KEY_LEN && matches!(self.byte(i + 1), b' ' | b'\n')).then_some((end, i))
    }

    /// A block mapping whose first key starts at `first`, in column `col`.
    /// Its span runs from the first key to the end of the last value.
    fn map(&mut self, first: usize, col: usize, depth: usize) -> Option<Node> {
        if depth >= self.limits.max_depth {
            return None;
        }
        let mut entries = Vec::new();
        let mut at = first;
        loop {
            let (key_end, colon) = self.key_extent(at)?;
            let key = self.scalar(
                Cow::Borrowed(self.s.get(at..key_end)?),
                ScalarStyle::Plain,
                at..key_end,
            )?;
            let value = self.map_value(colon, col, depth)?;
            entries.push(Entry { key, value });
            match self.peek_line() {
                Some(line) if line.col == col => at = line.content(),
                Some(line) if line.col > col => return None,
                _ => break,
            }
        }
        self.count()?;
        let start = self.base + first;
        let end = entries
            .last()
            .map_or(start, |e| e.value.span.end)
            .max(start);
        // (kept for every document of the site: no room to spare)
        entries.shrink_to_fit();
        Some(Node {
            span: start..end,
            kind: NodeKind::Map(entries),
        })
    }

    /// The value after the colon at `colon` of a key in column `col`.
    fn map_value(&mut self, colon: usize, col: usize, depth: usize) -> Option<Node> {
        let i = colon + 1 + self.spaces(colon + 1);
        match self.byte(i) {
            b'\n' | b'#' => {
                self.pos = self.line_end(i) + 1;
                match self.peek_line() {
                    Some(line) if line.col > col => {
                        let at = line.content();
                        if self.is_entry(at) {
                            self.seq(line, false, depth + 1)
                        } else if self.key_extent(at).is_some() {
                            self.map(at, line.col, depth + 1)
                        } else {
                            None
                        }
                    }
                    Some(line) if line.col == col && self.is_entry(line.content()) => {
                        self.seq(line, true, depth + 1)
                    }
                    // An empty value: the parser gives it the position of
                    // the `:` token.
                    _ => self.scalar(Cow::Borrowed(""), ScalarStyle::Plain, colon..colon),
                }
            }
            _ => self.inline_value(i, col, depth),
        }
    }

    /// A scalar or flow sequence starting at `i` on a line already begun,
    /// inside a block collection in column `parent` at nesting `depth`.
    fn inline_value(&mut self, i: usize, parent: usize, depth: usize) -> Option<Node> {
        match self.byte(i) {
            b'"' | b'\'' => self.quoted(i, parent),
            b'|' | b'>' => self.block_scalar(i, parent),
            b'[' => self.flow_seq(i, depth + 1),
            b'-' if self.is_entry(i) => None,
            b']' | b'{' | b'}' | b',' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'?' | b':' => {
                None
            }
            _ => self.plain(i, parent),
        }
    }

    /// A block sequence whose first `-` is on `line`. An indentless sequence
    /// (a mapping value whose `-` is in the key's column) starts where its
    /// first entry's content does, any other at its first `-`.
    fn seq(&mut self, line: Line, indentless: bool, depth: usize) -> Option<Node> {
        if depth >= self.limits.max_depth {
            return None;
        }
        let col = line.col;
        let mut items = Vec::new();
        let mut dash = line.content();
        let mut start = if indentless { None } else { Some(dash) };
        loop {
            let line_start = dash - col;
            let j = dash + 1 + self.spaces(dash + 1);
            let item = match self.byte(j) {
                b'\n' | b'#' => {
                    // An empty entry, at the `-` token's end (after any comment).
                    let end = self.line_end(j);
                    start.get_or_insert(end);
                    self.pos = end + 1;
                    if self.peek_line().is_some_and(|next| next.col > col) {
                        return None;
                    }
                    self.scalar(Cow::Borrowed(""), ScalarStyle::Plain, end..end)?
                }
                _ => {
                    start.get_or_insert(j);
                    if self.is_entry(j) {
                        return None;
                    }
                    if self.key_extent(j).is_some() {
                        self.map(j, j - line_start, depth + 1)?
                    } else {
                        self.inline_value(j, col, depth)?
                    }
                }
            };
            items.push(item);
            match self.peek_line() {
                Some(next) if next.col == col && self.is_entry(next.content()) => {
                    dash = next.content();
                }
                Some(next) if next.col > col || (next.col == col && !indentless) => return None,
                _ => break,
            }
        }
        self.count()?;
        let start = self.base + start?;
        let end = items.last().map_or(start, |n| n.span.end).max(start);
        items.shrink_to_fit();
        Some(Node {
            span: start..end,
            kind: NodeKind::Seq(items),
        })
    }

    /// A flow sequence whose `[` is at `i`, all on that line: `[]`, or
    /// items separated by `,`, each a plain scalar without `:#[]{},'"` and
    /// not starting with an indicator, or a one-line quoted scalar without
    /// escapes. Nothing but spaces and a comment may follow the `]`. The
    /// parser's span for the sequence runs from the `[` to the end of its
    /// last item or, for an empty one, to the end of the line (its
    /// `SequenceEnd` event ends after any spaces and comment); a quoted
    /// item's span holds its quotes, a plain one's ends after its last
    /// non-space character.
    fn flow_seq(&mut self, i: usize, depth: usize) -> Option<Node> {
        if depth >= self.limits.max_depth {
            return None;
        }
        let mut items = Vec::new();
        let mut j = i + 1;
        j += self.spaces(j);
        if self.byte(j) != b']' {
            loop {
                let item = match self.byte(j) {
                    q @ (b'"' | b'\'') => {
                        let open = j;
                        j += 1;
                        loop {
                            match self.byte(j) {
                                c if c == q => break,
                                b'\n' | b'\\' | 0 => return None,
                                _ => j += 1,
                            }
                        }
                        j += 1;
                        if q == b'\'' && self.byte(j) == b'\'' {
                            return None;
                        }
                        let style = if q == b'"' {
                            ScalarStyle::DoubleQuoted
                        } else {
                            ScalarStyle::SingleQuoted
                        };
                        let text = Cow::Borrowed(self.s.get(open + 1..j - 1)?);
                        self.scalar(text, style, open..j)?
                    }
                    b'-' | b'?' | b':' | b'!' | b'&' | b'*' | b'|' | b'>' | b'%' | b'@' | b'`'
                    | b'#' | b',' | b'[' | b']' | b'{' | b'}' | b' ' | b'\n' | 0 => return None,
                    _ => {
                        let start = j;
                        let mut end = j;
                        loop {
                            match self.byte(j) {
                                b' ' => j += 1,
                                b',' | b']' => break,
                                b':' | b'#' | b'[' | b'{' | b'}' | b'\'' | b'"' | b'\n' | 0 => {
                                    return None;
                                }
                                _ => {
                                    j += 1;
                                    end = j;
                                }
                            }
                        }
                        let text = Cow::Borrowed(self.s.get(start..end)?);
                        self.scalar(text, ScalarStyle::Plain, start..end)?
                    }
                };
                items.push(item);
                j += self.spaces(j);
                match self.byte(j) {
                    b',' => {
                        j += 1;
                        j += self.spaces(j);
                    }
                    b']' => break,
                    _ => return None,
                }
            }
        }
        // After the `]`: spaces, then a comment or the line break.
        let after = j + 1;
        let line_end = self.finish_line(after)?;
        self.count()?;
        let start = self.base + i;
        let end = items.last().map_or(self.base + line_end, |n| n.span.end);
        items.shrink_to_fit();
        Some(Node {
            span: start..end,
            kind: NodeKind::Seq(items),
        })
    }

    /// One line of a plain scalar from `i`: the end of its content and
    /// whether a comment ends it. `None` for `: ` inside, which would make
    /// it a key or an error.
    fn plain_line(&mut self, mut i: usize) -> Option<(usize, bool)> {
        let mut end = i;
        loop {
            match self.byte(i) {
                b'\'' | b'"' if self.watch && self.hazard_at(i) => return None,
                b'\n' => return Some((end, false)),
                b' ' => {
                    i += 1;
                    if self.byte(i) == b'#' {
                        return Some((end, true));
                    }
                }
                b':' if matches!(self.byte(i + 1), b' ' | b'\n') => return None,
                0 => return None,
                _ => {
                    i += 1;
                    end = i;
                }
            }
        }
    }

    /// A plain scalar from `i`, continued on following lines indented more
    /// than `parent`. Lines fold into one space, blank lines into line breaks;
    /// the span ends after the last content character.
    fn plain(&mut self, i: usize, parent: usize) -> Option<Node> {
        let (mut end, mut comment) = self.plain_line(i)?;
        let mut text = Cow::Borrowed(self.s.get(i..end)?);
        let mut next = self.line_end(i) + 1;
        self.pos = next;
        let mut breaks = 0;
        while !comment && next < self.b.len() {
            let col = self.spaces(next);
            let c = next + col;
            match self.byte(c) {
                b'\n' => {
                    breaks += 1;
                    next = c + 1;
                    continue;
                }
                b'#' => break,
                _ if col <= parent => break,
                _ => {}
            }
            let (line_end, line_comment) = self.plain_line(c)?;
            let folded = text.to_mut();
            if breaks == 0 {
                folded.push(' ');
            } else {
                folded.extend(std::iter::repeat_n('\n', breaks));
            }
            folded.push_str(self.s.get(c..line_end)?);
            breaks = 0;
            end = line_end;
            comment = line_comment;
            next = self.line_end(c) + 1;
            self.pos = next;
        }
        self.scalar(text, ScalarStyle::Plain, i..end)
    }

    /// The escape sequence at `i` (a backslash) in a double-quoted scalar:
    /// the character and the length of the sequence.
    fn escape(&self, i: usize) -> Option<(char, usize)> {
        let c = match self.byte(i + 1) {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' => return self.hex_escape(i, 2),
            b'u' => return self.hex_escape(i, 4),
            b'U' => return self.hex_escape(i, 8),
            _ => return None,
        };
        Some((c, 2))
    }

    fn hex_escape(&self, i: usize, digits: usize) -> Option<(char, usize)> {
        let hex = self.b.get(i + 2..i + 2 + digits)?;
        let mut value = 0u32;
        for &h in hex {
            value = (value << 4) | char::from(h).to_digit(16)?;
        }
        Some((char::from_u32(value)?, 2 + digits))
    }

    /// A single- or double-quoted scalar opening at `i`, in a block
    /// collection in column `parent`. Line breaks fold like in a plain
    /// scalar, but spaces before the closing quote stay. The span runs from
    /// the opening quote to the end of its last line, with any comment there
    /// (the scanner's token ends after it).
    fn quoted(&mut self, i: usize, parent: usize) -> Option<Node> {
        let quote = self.byte(i);
        let single = quote == b'\'';
        let mut text = String::with_capacity(self.line_end(i) - i);
        let mut j = i + 1;
        let mut line_start = 0;
        loop {
            // Characters up to a space, a break or the closing quote.
            loop {
                match self.byte(j) {
                    b' ' | b'\n' | 0 => break,
                    b'\'' if single => {
                        if self.byte(j + 1) != b'\'' {
                            break;
                        }
                        text.push('\'');
                        j += 2;
                    }
                    b'"' if !single => break,
                    b'\\' if !single => {
                        let (c, len) = self.escape(j)?;
                        text.push(c);
                        j += len;
                    }
                    _ => {
                        let run = j;
                        j += 1;
                        while !matches!(self.byte(j), b' ' | b'\n' | b'\'' | b'"' | b'\\' | 0) {
                            j += 1;
                        }
                        text.push_str(self.s.get(run..j)?);
                    }
                }
            }
            if self.byte(j) == quote {
                break;
            }
            // Spaces and line breaks.
            let blanks = j;
            let mut breaks = 0usize;
            loop {
                match self.byte(j) {
                    b' ' => j += 1,
                    b'\n' => {
                        breaks += 1;
                        j += 1;
                        line_start = j;
                    }
                    _ => break,
                }
            }
            if j >= self.b.len() {
                return None;
            }
            if breaks == 0 {
                text.push_str(self.s.get(blanks..j)?);
            } else {
                // Continuation lines must be indented past the collection.
                if j - line_start <= parent {
                    // `libyaml_compat` may join this line to the previous.
                    self.hazard |= self.watch;
                    return None;
                }
                if breaks == 1 {
                    text.push(' ');
                } else {
                    text.extend(std::iter::repeat_n('\n', breaks - 1));
                }
            }
        }
        // After the closing quote: spaces, then a comment or the line break.
        let after = j + 1;
        let line_end = self.finish_line(after)?;
        let end = self.trim_end(i, line_end);
        let style = if single {
            ScalarStyle::SingleQuoted
        } else {
            ScalarStyle::DoubleQuoted
        };
        self.scalar(Cow::Owned(text), style, i..end)
    }

    /// A block scalar whose `|` or `>` is at `i`, in a block collection in
    /// column `parent`. The span runs from the first content character to
    /// the last non-blank one.
    fn block_scalar(&mut self, i: usize, parent: usize) -> Option<Node> {
        let literal = self.byte(i) == b'|';
        let mut j = i + 1;
        let chomping = match self.byte(j) {
            b'+' => Chomping::Keep,
            b'-' => Chomping::Strip,
            _ => Chomping::Clip,
        };
        if chomping != Chomping::Clip {
            j += 1;
        }
        if self.byte(j).is_ascii_digit() {
            return None;
        }
        let k = j + self.spaces(j);
        match self.byte(k) {
            b'\n' => {}
            b'#' if k > j => {}
            _ => return None,
        }
        // Leading blank lines, and the indentation of the first content line.
        let mut line = self.line_end(k) + 1;
        let mut max_indent = 0;
        let mut trailing = 0usize;
        let (content, col) = loop {
            let col = self.spaces(line);
            max_indent = max_indent.max(col);
            match self.byte(line + col) {
                b'\n' => {
                    trailing += 1;
                    line += col + 1;
                }
                0 => return None,
                _ => break (line + col, col),
            }
        };
        let indent = max_indent.max(parent + 1);
        if col != indent {
            return None;
        }
        let mut text = String::new();
        let mut leading_break = false;
        let mut leading_blank = false;
        let mut p = content;
        let mut line_start;
        loop {
            // At the first content character of a content line.
            let trailing_blank = self.byte(p) == b' ';
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if trailing == 0 {
                    text.push(' ');
                } else {
                    text.extend(std::iter::repeat_n('\n', trailing));
                }
            } else {
                if leading_break {
                    text.push('\n');
                }
                text.extend(std::iter::repeat_n('\n', trailing));
            }
            trailing = 0;
            leading_blank = trailing_blank;
            let e = self.line_end(p);
            if self.watch {
                let quotes = memchr::memchr2_iter(b'\'', b'"', self.b.get(p..e)?);
                for q in quotes {
                    if self.hazard_at(p + q) {
                        return None;
                    }
                }
            }
            text.push_str(self.s.get(p..e)?);
            leading_break = true;
            // The indentation of the following lines, and blank lines.
            let mut q = e + 1;
            loop {
                line_start = q;
                let sp = self.spaces(q).min(indent);
                if self.byte(q + sp) == b'\n' {
                    trailing += 1;
                    q += sp + 1;
                } else {
                    q += sp;
                    break;
                }
            }
            p = q;
            if q - line_start != indent || q >= self.b.len() {
                break;
            }
        }
        if chomping != Chomping::Strip && leading_break {
            text.push('\n');
        }
        if chomping == Chomping::Keep {
            text.extend(std::iter::repeat_n('\n', trailing));
        }
        self.pos = line_start;
        let end = self.trim_end(content, p);
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        self.scalar(Cow::Owned(text), style, content..end)
    }
}

#[cfg(test)]
mod tests {
    use super::super::yaml::parse_full;
    use super::*;

    fn fast(src: &str) -> Option<Option<Node>> {
        parse(src, 0..src.len(), Limits::default())
    }

    fn full(src: &str) -> Option<Node> {
        parse_full(src, 0..src.len(), Limits::default()).unwrap()
    }

    /// The fast path handles `src`, exactly as the full parser does.
    #[track_caller]
    fn same(src: &str) {
        let f = fast(src);
        assert!(f.is_some(), "fast path refused {src:?}");
        assert_eq!(f.unwrap(), full(src), "for {src:?}");
    }

    /// The fast path refuses `src` (the full parser then decides).
    #[track_caller]
    fn refused(src: &str) {
        assert!(fast(src).is_none(), "fast path accepted {src:?}");
    }

    #[test]
    fn flat_mappings() {
        same("");
        same("\n\n");
        same("# only a comment\n  # another\n\n");
        same("a: b\n");
        same("title: Hello world\nlayout: post\n");
        same("a: b  \nc: d # comment\ne: f#not a comment\n");
        same("a:\nb:   \nc: # comment\nd: 1\n");
        same("a: yes\nb: 0755\nc: 2020-01-01\nd: 2021-02-30\ne: 1.5\nf: ~\ng: null\n");
        same("date: 2020-07-09T00:00:00.00Z\nother: 2022-01-13 10:00:00 +0100\n");
        same("yes: 1\n12: x\nmy key: v\nkey : spaced\na.b-c_d: e\n");
        same("a: b\na: c\n");
        same("url: http://example.com/a?b=c#frag\nx: a:b\ny: -1\nz: -foo\n");
        same("t: Café — naïve “quotes” 😀\nk: not [flow] {here}, ok\n");
        same("\n# comment\na: 1\n\n# comment\n\nb: 2\n\n");
        same("a: x 'y' \"z\"\nb: it's\n");
    }

    #[test]
    fn nested_collections() {
        same("a:\n  b: 1\n  c:\n\nd: x\n");
        same("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n");
        same("a:\n- x\n- y\nb:\n  - x\n  -\n  - z # c\n# foo\n");
        same("a:\n- x: 1\n  y: 2\n- z\n");
        same("a:\n  - x: 1\n    y:\n      - p\n      - q\n  - z: 2\n");
        same("a:\n  -   x: 1\n      y: 2\n");
        same("a:\n- # comment\n- x\n-\nb: 1\n");
        same("a:\n  - x\n\n  # comment\n  - y\nb:\n- c\n");
        same("- a\n- b\n".replace("- ", "k:\n- ").as_str());
        same("a:\n  - b:\n    - c\n    - d\n");
        same("a:\n  - b:\n  - c\n");
        refused("- a\n- b\n");
        refused("a:\n  - - x\n");
        refused("a:\n  b: 1\n c: 2\n");
        refused("a:\n    b: 1\n  c: 2\n");
        refused("a:\n  - x\n  y: 1\n");
        refused("a: 1\n  b: 2\n");
        refused("  a: 1\n");
        refused("a:\n  text on the next line\n");
        refused("a:\n-\n  b: 1\n");
    }

    #[test]
    fn plain_scalars_over_several_lines() {
        same("a: one\n  two\n   three\nb: x\n");
        same("a: one\n  two\n\n  three\n\n\n  four\n\nb: x\n");
        same("a: one  \n    two  \nb: x\n");
        same("a: one\n  - two\n  \"three\" 'four'\n");
        same("a: one\n  two # comment\nb: x\n");
        same("a: one\n  # comment\nb: x\n");
        same("a:\n- one\n  two\n- three\n   four\n");
        same("a:\n  - one\n    two\n  - x: one\n     two\n");
        refused("a: one # comment\n  two\n");
        refused("a: one\n  two: three\n");
        refused("a: b: c\n");
        refused("a: b:\n");
    }

    #[test]
    fn quoted_scalars() {
        same("a: \"x\"\nb: 'y'\nc: \"\"\nd: ''\n");
        same("a: \"q x\" \nb: 's'  # c\nc: \"it's\" # c # d  \n");
        same("a: 'it''s'\nb: \"say \\\"hi\\\"\"\nc: \"a\\\\b\\/c\\n\\t\\u00e9\\x41\\U0001F600\"\n");
        same("a: \"  spaces  \"\nb: ' x '\n");
        same("a: \"one\n  two\"\nb: 'one\n\n  two\n\n\n  three'\n");
        same("a: \"one   \n   two   \"\n");
        same("a: \"abc. \n\"\nb: 'it''s\n'\n");
        same("a: \"x\n\"\n");
        same("a: 'x\ny: 1\n'\n");
        same("a:\n  - \"x\"\n  - 'y' # c\n  - k: \"v\"\n");
        same("a:\n- \"one\n  two\"\n");
        same("a: \"\\0\\a\\b\\v\\f\\r\\e\\ \\N\\_\\L\\P\"\n");
        refused("a: \"x\"y\n");
        refused("a: \"x\"#y\n");
        refused("a: \"x\": y\n");
        refused("a: \"x\\q\"\n");
        refused("a: \"x\\\n  y\"\n");
        refused("a: \"\\ud800\"\n");
        refused("a: \"unterminated\n");
        refused("\"a\": 1\n");
        same("a:\n  - k: \"one\n two\"\n");
        refused("a:\n  - k: \"one\n    two\"\n");
        let bad = "a:\n  - k: \"one\n    two\"\n";
        assert!(parse_full(bad, 0..bad.len(), Limits::default()).is_err());
    }

    #[test]
    fn block_scalars() {
        same("a: |\n  x\n  y\n\n\nb: >-\n   f\n   g\n\n   h\n  \nc: |+\n  k\n\n");
        same("a: >\n  one\n  two\n\n  three\n    indented\n  back\nb: 1\n");
        same("a: |-\n  x\n\n  y\n  \n");
        same("a: >+\n  x\n\n");
        same("a: | # comment\n  # not a comment\n  x: y\n");
        same("a: >\n\n  x\n   \n  y\n");
        same("a: |\n  x\n     \n  y\n");
        same("a: >\n  x\n     \n  y\n");
        same("a:\n  - |\n    x\n  - >-\n    y\n    z\n  - k: |\n      v\n");
        same("a: |\n  x\n# comment\nb: 1\n");
        same("a:\n  b: |\n    x\n  c: 1\n");
        refused("a: |2\n  x\n");
        refused("a: |\nb: 1\n");
        refused("a: |x\n");
        refused("a: |#x\n  y\n");
        refused("a: |\n    \n  x\n");
        refused("a: |\n");
    }

    #[test]
    fn tabs_after_colons() {
        same("a:\tb\n");
        same("a:\t\tb\nc:\t \t d\n".replace(" \t d", "\t d").as_str());
        refused("c: \t d\n");
        same("a:\t\nb:\t# c\n");
        same("a:\t\n  b:\t1\n  c:\t\n  - x\n");
        same("a:\n  - k:\tv\n    l:\t\"q\"\n");
        // the tab inside the block scalar's text is text (Psych keeps it)
        refused("a:\t|\n  x:\ty\n");
        same("a:\t\"x\" \nb:\t'it''s'\n");
        same("a:\t[x, \"y\"]\n");
        same("url:\thttp://x.org\n");
        refused("a:\tb\tc\n");
        refused("a:\tx # c\td\n");
        refused("a:\t\"x\ty\"\n");
        refused("\ta: b\n");
        refused("a:\n\t- b\n");
        refused("a:\tb:\tc\n");
    }

    #[test]
    fn flow_sequences() {
        same("a: []\nb: [ ]\nc: []  \nd: [] # c\ne: [ ]   # c  \n");
        same("a: [x]\nb: [x, y]\nc: [ x , y ]\nd: [x,y]\n");
        same("a: [\"x\", 'y']\nb: [ \"x\" , 'y' ] \nc: ['x'  ,  \"y\"  ]   # c  \n");
        same("a: [hello  world, b c, it-s, a.b/c, é 😀]\n");
        same("a: [yes, No, ~, null, 1, 1.5, 0755, 2020-01-01]\n");
        same("a: [\"\", '', \"it's\", 'say \"hi\"', \"a: b\", '#x', \"[y]\"]\n");
        same("a: [x] # c\n\n# d\nb: [\"x\"] # c\n");
        same("a:\n- [x, y]\n- []\n- []  \n- [\"z\"] # c\n- x\n");
        same(
            "a:\n  b: []\n  c: [1]\n  - x\n"
                .replace("  - x\n", "")
                .as_str(),
        );
        same("a:\n  - k: []\n    l: [x]\n");
        same("category: [\"mentoring\"]\ntitle: x\ncategory: []\n");
        same("a: [a-b, a - b, -]".replace(", -]", "]\n").as_str());
        for src in [
            "a: [x, y,]\n",
            "a: [x,,y]\n",
            "a: [,x]\n",
            "a: [x\n",
            "a: [x,\n  y]\n",
            "a: [x] y\n",
            "a: [x]#c\n",
            "a: [ ]#c\n",
            "a: [x]: y\n",
            "a: [[x]]\n",
            "a: [{x: y}]\n",
            "a: [x: y]\n",
            "a: [a:b]\n",
            "a: [a#b]\n",
            "a: [-x]\n",
            "a: [- x]\n",
            "a: [?x]\n",
            "a: [&a x]\n",
            "a: [*a]\n",
            "a: [!t x]\n",
            "a: [it's]\n",
            "a: [\"x\\ny\"]\n",
            "a: ['it''s']\n",
            "a: [\"x\" y]\n",
            "a: [\"x\"y]\n",
            "a: [\"x\n  y\"]\n",
            "a: [x]\n  b: 1\n",
            "a: {}\n",
            "[x]: 1\n",
            "a: []\tb\n",
        ] {
            refused(src);
        }
        let deep = Limits {
            max_depth: 1,
            ..Limits::default()
        };
        let src = "a: [x]\n";
        assert!(parse(src, 0..src.len(), deep).is_none());
    }

    #[test]
    fn refusals() {
        for src in [
            "a: b",
            "a: b\tc\n",
            "a: b\r\n",
            "a: \u{feff}b\n",
            "a: &x b\n",
            "a: *x\n",
            "a: !!str b\n",
            "a: [b, [c]]\n",
            "a: {b: c}\n",
            "? a\n: b\n",
            "---\na: b\n",
            "a: b\n...\n",
            "%YAML 1.2\na: b\n",
            "a: - b\n",
            "a: @b\n",
            "just a scalar\n",
            "a\n",
            "-a: 1\n",
        ] {
            refused(src);
        }
    }

    #[test]
    fn limits_are_left_to_the_full_parser() {
        let src = "a:\n  b:\n    c: 1\n";
        let shallow = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        assert!(parse(src, 0..src.len(), shallow).is_none());
        let few = Limits {
            max_nodes: 3,
            ..Limits::default()
        };
        assert!(parse(src, 0..src.len(), few).is_none());
    }

    #[test]
    fn spans_are_offsets_in_the_file() {
        let src = "---\ntitle: \"Café\"\nlayout: post\n---\nbody\n";
        let range = 4..src.len() - 9;
        let f = parse(src, range.clone(), Limits::default()).unwrap();
        assert_eq!(f, parse_full(src, range, Limits::default()).unwrap());
        let root = f.unwrap();
        assert_eq!(&src[root.get("title").unwrap().span.clone()], "\"Café\"");
    }

    mod generated {
        //! Random front-matter-like YAML from a grammar of the constructs of
        //! the subset and their neighbours, with odd characters and random
        //! indentation: whenever the fast path answers, it answers like the
        //! full parser.
        use super::*;
        use proptest::prelude::*;

        #[derive(Clone, Debug)]
        enum Gen {
            /// Lines: (extra indentation, blank lines before, text).
            Plain(Vec<(usize, usize, String)>, Option<String>),
            Quoted(bool, Vec<(usize, usize, String)>, Option<String>),
            /// Header, then lines: (extra indentation, text; empty for blank).
            Block(String, Vec<(usize, String)>),
            Empty(Option<String>),
            /// A flow sequence on one line, as written, and a comment.
            Flow(String, Option<String>),
            Map(usize, Vec<(String, Gen)>),
            Seq(usize, Vec<Gen>),
        }

        fn word() -> impl Strategy<Value = String> {
            prop_oneof![
                30 => "[a-zA-Z0-9]{1,6}",
                1 => prop::sample::select(vec![
                    "it's", "a:b", "a: b", "x #y", "#z", "-", "- x", ":", "'", "\"", "''", "é",
                    "😀", "“q”", "2020-01-01", "2020-01-01 10:00:00 +01:00", "1.5", "0755", "yes",
                    "No", "~", "null", "[a]", "{b}", "a,b", "&a", "*b", "!t", "|", ">", "%", "@",
                    "`", "?", "\\", "\\n", "\\u00e9", "\\x4", "\\\"", "---", "...", "\t", "\r",
                    "\u{feff}", "a:", " ", "  ",
                ])
                .prop_map(String::from),
            ]
        }

        fn text() -> impl Strategy<Value = String> {
            prop::collection::vec(word(), 1..4).prop_map(|w| w.join(" "))
        }

        fn comment() -> impl Strategy<Value = Option<String>> {
            prop::option::weighted(0.2, text().prop_map(|t| format!("#{t}")))
        }

        fn lines() -> impl Strategy<Value = Vec<(usize, usize, String)>> {
            prop::collection::vec(
                (
                    0usize..4,
                    prop_oneof![4 => Just(0usize), 1 => 1usize..3],
                    text(),
                ),
                1..4,
            )
        }

        /// A key, and (after a tab or two) tabs to put after its colon.
        fn key() -> impl Strategy<Value = String> {
            (
                bare_key(),
                prop_oneof![6 => Just(""), 1 => Just("\t"), 1 => Just("\t\t")],
            )
                .prop_map(|(k, tabs)| k + tabs)
        }

        fn bare_key() -> impl Strategy<Value = String> {
            prop_oneof![
                12 => "[a-z_][a-z0-9_.-]{0,5}( [a-z]{1,3})?",
                1 => prop::sample::select(vec!["yes", "12", "on", "null", "a ", "-a", "'a'", "a b"])
                    .prop_map(String::from),
            ]
        }

        fn leaf() -> impl Strategy<Value = Gen> {
            prop_oneof![
                3 => (lines(), comment()).prop_map(|(l, c)| Gen::Plain(l, c)),
                2 => (any::<bool>(), lines(), comment()).prop_map(|(s, l, c)| Gen::Quoted(s, l, c)),
                1 => (
                    prop::sample::select(vec!["|", "|-", "|+", ">", ">-", ">+", "|2", "| # c", ">-  #c"]),
                    prop::collection::vec(
                        (prop_oneof![4 => Just(2usize), 1 => 0usize..5], prop_oneof![3 => text(), 1 => " {0,4}"]),
                        0..5,
                    ),
                )
                    .prop_map(|(h, l)| Gen::Block(h.to_string(), l)),
                1 => comment().prop_map(Gen::Empty),
                2 => (flow(), comment()).prop_map(|(f, c)| Gen::Flow(f, c)),
            ]
        }

        /// `[...]` with plain and quoted items (mostly of the subset) and
        /// odd separators and spacing.
        fn flow() -> impl Strategy<Value = String> {
            let item = prop_oneof![
                6 => "[a-zA-Z0-9é_.-]{1,6}( {1,2}[a-z]{1,3})?",
                2 => text(),
                2 => text().prop_map(|t| format!("\"{t}\"")),
                2 => text().prop_map(|t| format!("'{t}'")),
                1 => prop::sample::select(vec![
                    "", "\"\"", "''", "[x]", "{a: b}", "\"a\\nb\"", "'it''s'", "\"x\" y", "- x",
                    "\"x\ny\"", "x\n  y",
                ])
                .prop_map(String::from),
            ];
            (
                prop::collection::vec(item, 0..5),
                prop::sample::select(vec![", ", ",", " , ", ",  ", " ,"]),
                prop::sample::select(vec!["", " ", "  "]),
                prop_oneof![
                    8 => Just(""),
                    1 => prop::sample::select(vec![" ", "  ", ",", "\t", "x", "#c", ":"]),
                ],
            )
                .prop_map(|(items, sep, pad, after)| {
                    format!("[{pad}{}{pad}]{after}", items.join(sep))
                })
        }

        fn tree() -> impl Strategy<Value = Gen> {
            leaf().prop_recursive(4, 40, 5, |inner| {
                prop_oneof![
                    (
                        prop_oneof![4 => Just(2usize), 1 => 0usize..5],
                        prop::collection::vec((key(), inner.clone()), 1..5)
                    )
                        .prop_map(|(step, e)| Gen::Map(step, e)),
                    (
                        prop_oneof![2 => Just(0usize), 2 => Just(2usize), 1 => 0usize..5],
                        prop::collection::vec(inner, 1..4)
                    )
                        .prop_map(|(step, i)| Gen::Seq(step, i)),
                ]
            })
        }

        fn pad(n: usize) -> String {
            " ".repeat(n)
        }

        /// Append the text after a key's colon or an entry's dash at
        /// `indent` (the collection's column) to `out`, then its further lines.
        fn value(g: &Gen, indent: usize, in_seq: bool, out: &mut String) {
            let more = |out: &mut String, l: &[(usize, usize, String)], last: &str| {
                for (i, (extra, blanks, t)) in l.iter().enumerate().skip(1) {
                    out.push_str(&"\n".repeat(*blanks));
                    out.push('\n');
                    out.push_str(&pad(indent + extra));
                    out.push_str(t);
                    if i + 1 == l.len() {
                        out.push_str(last);
                    }
                }
            };
            match g {
                Gen::Plain(l, c) => {
                    out.push(' ');
                    out.push_str(&l[0].2);
                    more(out, l, "");
                    if let Some(c) = c {
                        out.push(' ');
                        out.push_str(c);
                    }
                    out.push('\n');
                }
                Gen::Quoted(single, l, c) => {
                    let q = if *single { "'" } else { "\"" };
                    out.push(' ');
                    out.push_str(q);
                    out.push_str(&l[0].2);
                    more(out, l, q);
                    if l.len() == 1 {
                        out.push_str(q);
                    }
                    if let Some(c) = c {
                        out.push(' ');
                        out.push_str(c);
                    }
                    out.push('\n');
                }
                Gen::Block(h, l) => {
                    out.push(' ');
                    out.push_str(h);
                    out.push('\n');
                    for (extra, t) in l {
                        if !t.trim().is_empty() {
                            out.push_str(&pad(indent + extra));
                        }
                        out.push_str(t);
                        out.push('\n');
                    }
                }
                Gen::Flow(f, c) => {
                    out.push(' ');
                    out.push_str(f);
                    if let Some(c) = c {
                        out.push(' ');
                        out.push_str(c);
                    }
                    out.push('\n');
                }
                Gen::Empty(c) => {
                    if let Some(c) = c {
                        out.push(' ');
                        out.push_str(c);
                    }
                    out.push('\n');
                }
                Gen::Map(step, entries) if in_seq => {
                    // `- key: value`, further keys under the first.
                    let mut inner = String::new();
                    map(entries, indent + 2, &mut inner);
                    out.push(' ');
                    out.push_str(inner.get(indent + 2..).unwrap_or(""));
                    let _ = step;
                }
                Gen::Map(step, entries) => {
                    out.push('\n');
                    map(entries, indent + step, out);
                }
                Gen::Seq(step, items) => {
                    if in_seq {
                        let mut inner = String::new();
                        seq(items, indent + 2, &mut inner);
                        out.push(' ');
                        out.push_str(inner.get(indent + 2..).unwrap_or(""));
                    } else {
                        out.push('\n');
                        seq(items, indent + step, out);
                    }
                }
            }
        }

        fn map(entries: &[(String, Gen)], indent: usize, out: &mut String) {
            for (k, v) in entries {
                let bare = k.trim_end_matches('\t');
                let tabs = &k[bare.len()..];
                out.push_str(&pad(indent));
                out.push_str(bare);
                out.push(':');
                let mut text = String::new();
                value(v, indent, false, &mut text);
                // Tabs in place of the space after the colon, or before it.
                match text.strip_prefix(' ') {
                    Some(rest) if !tabs.is_empty() => {
                        out.push_str(tabs);
                        out.push_str(rest);
                    }
                    _ => {
                        out.push_str(tabs);
                        out.push_str(&text);
                    }
                }
            }
        }

        fn seq(items: &[Gen], indent: usize, out: &mut String) {
            for v in items {
                out.push_str(&pad(indent));
                out.push('-');
                value(v, indent, true, out);
            }
        }

        fn document() -> impl Strategy<Value = String> {
            (
                prop::collection::vec((key(), tree()), 1..6),
                prop::collection::vec((any::<prop::sample::Index>(), 0usize..16), 0..3),
            )
                .prop_map(|(entries, edits)| {
                    let mut out = String::new();
                    map(&entries, 0, &mut out);
                    // Random damage: a comment or blank line, or one more or
                    // one less space, at the start of a random line.
                    for (at, what) in edits {
                        let starts: Vec<usize> = std::iter::once(0)
                            .chain(out.match_indices('\n').map(|(i, _)| i + 1))
                            .filter(|&i| i < out.len())
                            .collect();
                        let i = starts[at.index(starts.len())];
                        match what {
                            0 => out.insert_str(i, "# comment: 'x\n"),
                            1 => out.insert(i, '\n'),
                            2 => out.insert(i, ' '),
                            3 if out[i..].starts_with(' ') => {
                                out.remove(i);
                            }
                            4 => out.insert_str(i, "  "),
                            // A tab, or two, after the line's first colon,
                            // or in place of the space after it.
                            5..=7 => {
                                let line = &out[i..];
                                let line = &line[..line.find('\n').unwrap_or(line.len())];
                                if let Some(c) = line.find(':') {
                                    let at = i + c + 1;
                                    match what {
                                        5 => out.insert(at, '\t'),
                                        6 => out.insert_str(at, "\t\t"),
                                        _ if out[at..].starts_with(' ') => {
                                            out.replace_range(at..at + 1, "\t");
                                        }
                                        _ => {}
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    out
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4000))]
            #[test]
            fn fast_path_agrees_with_the_full_parser(src in document()) {
                if let Some(tree) = fast(&src) {
                    let expected = parse_full(&src, 0..src.len(), Limits::default());
                    // saphyr rejects a plain scalar ending in ` -` inside a
                    // flow collection (`[a -, b]`: "plain scalar cannot start
                    // with '-' followed by ,[]{}"); Psych 4 reads it as
                    // ["a -", "b"], as the fast path does, so there the fast
                    // path is the one that is right and the two may differ.
                    let saphyr_wrong = matches!(&expected, Err(e) if e.message.contains("cannot start with '-'"));
                    if !saphyr_wrong {
                        prop_assert_eq!(Ok(tree), expected, "for {:?}", src);
                    }
                }
            }
        }

        /// The generator reaches the fast path often enough to mean something.
        #[test]
        #[allow(clippy::print_stderr)]
        fn generated_documents_often_take_the_fast_path() {
            use proptest::strategy::ValueTree;
            use proptest::test_runner::TestRunner;
            let mut runner = TestRunner::deterministic();
            let strategy = document();
            let (mut handled, mut flows, mut tabs) = (0, 0, 0);
            for _ in 0..1000 {
                let src = strategy.new_tree(&mut runner).unwrap().current();
                if fast(&src).is_some() {
                    handled += 1;
                    flows += usize::from(src.contains('['));
                    tabs += usize::from(src.contains('\t'));
                }
            }
            eprintln!(
                "fast path took {handled} of 1000 generated documents \
                 ({flows} with a flow sequence, {tabs} with a tab)"
            );
            assert!(handled > 100, "only {handled} of 1000");
            assert!(flows > 10 && tabs > 10, "{flows} flow, {tabs} tab");
        }
    }

    /// Every front matter block of a real site: the fast path, when it
    /// answers, answers like the full parser; prints how often it answers.
    #[test]
    #[allow(clippy::print_stderr)]
    fn real_site_front_matter() {
        use crate::text::front_matter::{self, FrontMatter};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/civilservice-lgbt");
        if !root.is_dir() {
            eprintln!("skipped: no corpus at {}", root.display());
            return;
        }
        let mut dirs = vec![root];
        let (mut blocks, mut handled) = (0, 0);
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if !matches!(ext, "md" | "html" | "markdown") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let FrontMatter::Closed(block) = front_matter::parse(&text, Limits::default())
                else {
                    continue;
                };
                blocks += 1;
                if let Some(tree) = parse(&text, block.yaml.clone(), Limits::default()) {
                    handled += 1;
                    let expected = parse_full(&text, block.yaml.clone(), Limits::default());
                    assert_eq!(Ok(tree), expected, "in {}", path.display());
                }
            }
        }
        eprintln!("fast path handled {handled} of {blocks} front matter blocks");
        assert!(blocks > 0);
    }
}
