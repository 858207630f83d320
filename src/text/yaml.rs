//! YAML with byte spans, read the way Jekyll (Ruby's Psych, YAML 1.1) reads it.
//!
//! Parsing uses `saphyr-parser`'s event stream, which reports a position for
//! every event; this module builds a small tree from it whose nodes carry
//! byte ranges into the original file, and resolves plain scalars with
//! Psych's rules (`yes`/`no`/`on`/`off` are booleans, `0755` is octal,
//! `2020-01-01` is a date, an impossible date stays a string).
//!
//! Differences from the YAML 1.2 parser that are smoothed over here, so that
//! sitelint accepts exactly what Jekyll accepts:
//! - a tab right after `key:` (libyaml accepts it; saphyr does not): the tab
//!   is read as a space, which keeps every byte offset unchanged;
//! - aliases are never expanded, so an alias bomb costs nothing; nesting
//!   deeper than [`Limits::max_depth`] is reported as an error.

use std::borrow::Cow;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::yaml_fast;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
}

/// The environment variables that raise [`Limits`].
pub const MAX_NODES_VAR: &str = "SITELINT_YAML_MAX_NODES";
pub const MAX_DEPTH_VAR: &str = "SITELINT_YAML_MAX_DEPTH";

impl Default for Limits {
    /// 64 levels and 100,000 nodes, or more where `SITELINT_YAML_MAX_DEPTH`
    /// and `SITELINT_YAML_MAX_NODES` say so (they only raise the limits).
    fn default() -> Limits {
        let var = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .map_or(default, |v: usize| v.max(default))
        };
        Limits {
            max_depth: var(MAX_DEPTH_VAR, 64),
            max_nodes: var(MAX_NODES_VAR, 100_000),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Byte range in the file.
    pub span: Range<usize>,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
    /// A reference to an anchor, never expanded.
    Alias,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The scalar's text after YAML unescaping and folding.
    pub text: String,
    pub style: Style,
    /// Explicit tag such as `!!str`, if any.
    pub tag: Option<String>,
    pub value: Value,
}

/// A timestamp as Psych reads it; the offset is in minutes east of UTC,
/// `None` when the text has no zone (Ruby then uses local time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub offset_minutes: Option<i32>,
}

/// What a scalar means to Jekyll.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Date {
        year: i32,
        month: u32,
        day: u32,
    },
    /// Boxed: rare, and unboxed it made every value twice the size (32
    /// bytes instead of 16), and every scalar of every document kept
    /// carries one.
    Time(Box<Timestamp>),
    Str,
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Date { .. } => "date",
            Value::Time(_) => "timestamp",
            Value::Str => "string",
        }
    }
}

impl Node {
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's text when it is read as a string by Jekyll (quoted, or
    /// plain and not a boolean, number, date or null).
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) if s.value == Value::Str => Some(&s.text),
            _ => None,
        }
    }

    /// The scalar's text whatever its resolved type.
    pub fn scalar_text(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// The value of the last entry named `key` (Psych keeps the last one).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?
            .iter()
            .rev()
            .find(|e| e.key.scalar_text() == Some(key))
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s) if s.value == Value::Null)
    }

    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar(s) => s.value.type_name(),
            NodeKind::Seq(_) => "list",
            NodeKind::Map(_) => "mapping",
            NodeKind::Alias => "alias",
        }
    }
}

/// A YAML syntax error at a byte offset of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    pub offset: usize,
    pub message: String,
    /// The YAML is valid but over one of [`Limits`].
    pub over_limit: bool,
}

impl YamlError {
    /// How to get past a limit, for an error that is one.
    pub fn limit_help(&self) -> Option<String> {
        self.over_limit.then(|| {
            format!(
                "The YAML is valid but over sitelint's limit; raise it with the environment variable `{MAX_NODES_VAR}` or `{MAX_DEPTH_VAR}` (for example `{MAX_NODES_VAR}=1000000`)"
            )
        })
    }
}

/// Parse the YAML in `text[range]`. Returns `Ok(None)` for an empty
/// document. Spans in the result are byte offsets into `text`.
///
/// Plain front matter is read by the hand-written [`yaml_fast`] parser, which
/// returns exactly the tree [`parse_full`] would; anything outside its
/// subset, and every error, goes through `saphyr-parser`.
pub fn parse(text: &str, range: Range<usize>, limits: Limits) -> Result<Option<Node>, YamlError> {
    if let Some(tree) = yaml_fast::parse(text, range.clone(), limits) {
        return Ok(tree);
    }
    parse_full(text, range, limits)
}

/// [`parse`] through `saphyr-parser`'s event stream, for any YAML. Aliases
/// are expanded and merge keys (`<<: *defaults`) applied, as Psych does.
pub fn parse_full(
    text: &str,
    range: Range<usize>,
    limits: Limits,
) -> Result<Option<Node>, YamlError> {
    parse_events(text, range, limits, true).map(|p| p.root)
}

/// The tree as written, for edits: aliases stay [`NodeKind::Alias`] and
/// merge keys stay ordinary entries; where anchors and aliases are is listed
/// beside it.
pub fn parse_raw(text: &str, range: Range<usize>, limits: Limits) -> Result<Raw, YamlError> {
    parse_events(text, range, limits, false)
}

/// A tree as written, with its anchors and aliases.
#[derive(Debug, Default)]
pub struct Raw {
    pub root: Option<Node>,
    /// Every anchored node: the `&name` token's start, and the node's span.
    pub anchors: Vec<Anchor>,
    /// Every alias: the anchor it names (an index into `anchors`) and its
    /// `*name` span.
    pub aliases: Vec<(usize, Range<usize>)>,
}

#[derive(Clone, Debug)]
pub struct Anchor {
    pub name: String,
    /// From the `&` to the end of the node.
    pub span: Range<usize>,
}

impl Raw {
    /// The aliases outside `range` that name an anchor inside it: what would
    /// dangle if `range` were removed or rewritten.
    pub fn aliases_into(&self, range: &Range<usize>) -> Vec<(&Anchor, Range<usize>)> {
        self.aliases
            .iter()
            .filter_map(|(a, span)| {
                let anchor = self.anchors.get(*a)?;
                let inside = anchor.span.start >= range.start && anchor.span.end <= range.end;
                let alias_inside = span.start >= range.start && span.end <= range.end;
                (inside && !alias_inside).then(|| (anchor, span.clone()))
            })
            .collect()
    }
}

fn parse_events(
    text: &str,
    range: Range<usize>,
    limits: Limits,
    resolve: bool,
) -> Result<Raw, YamlError> {
    let slice = &text[range.clone()];
    let prepared = libyaml_compat(slice);
    let restore_bom = slice.contains('\u{feff}');
    let offsets = CharOffsets::new(&prepared);
    let base = range.start;
    let to_byte = |char_index: usize| base + offsets.byte(char_index);

    let mut parser = Parser::new_from_str(&prepared);
    let mut stack: Vec<Frame> = Vec::new();
    let mut raw = Raw::default();
    let mut nodes = 0usize;
    let mut documents = 0usize;
    // anchor id -> (index in raw.anchors, the node when resolving, its size and height)
    let mut defs: rustc_hash::FxHashMap<usize, (usize, Option<Stored>)> =
        rustc_hash::FxHashMap::default();
    let over_nodes = |offset: usize| YamlError {
        offset,
        message: format!("YAML has more than {} nodes", limits.max_nodes),
        over_limit: true,
    };
    let too_deep = |offset: usize| YamlError {
        offset,
        message: format!("YAML is nested more than {} levels deep", limits.max_depth),
        over_limit: true,
    };

    while let Some(item) = parser.next_event() {
        let (event, span) = item.map_err(|e| YamlError {
            offset: to_byte(e.marker().index()),
            message: e.info().to_string(),
            over_limit: false,
        })?;
        let start = to_byte(span.start.index());
        let end = to_byte(span.end.index());
        let (node, anchor) = match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        offset: start,
                        message: "front matter holds more than one YAML document".into(),
                        over_limit: false,
                    });
                }
                continue;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= limits.max_depth {
                    return Err(too_deep(start));
                }
                let is_map = matches!(event, Event::MappingStart(..));
                stack.push(Frame {
                    start,
                    is_map,
                    anchor,
                    items: Vec::new(),
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { continue };
                let end = frame
                    .items
                    .last()
                    .map_or(end, |n| n.span.end)
                    .max(frame.start);
                let kind = if frame.is_map {
                    let mut entries = Vec::with_capacity(frame.items.len() / 2);
                    let mut items = frame.items.into_iter();
                    while let (Some(key), Some(value)) = (items.next(), items.next()) {
                        entries.push(Entry { key, value });
                    }
                    if resolve {
                        entries = merge_keys(entries);
                    }
                    NodeKind::Map(entries)
                } else {
                    // (kept for every document of the site: no room to
                    // spare)
                    let mut items = frame.items;
                    items.shrink_to_fit();
                    NodeKind::Seq(items)
                };
                let node = Node {
                    span: frame.start..end,
                    kind,
                };
                (node, frame.anchor)
            }
            Event::Alias(id) => {
                let def = defs.get(&id);
                if let Some(&(index, _)) = def {
                    raw.aliases.push((index, start..end));
                }
                // an alias is expanded while the copies stay within the
                // limits; past them it stays an alias, so that an alias
                // bomb (which Psych loads as shared objects) costs nothing
                match def {
                    Some((_, Some((target, size, height))))
                        if resolve
                            && stack.len() + height <= limits.max_depth
                            && nodes + size <= limits.max_nodes =>
                    {
                        nodes += size;
                        let mut copy = target.clone();
                        // the copy is found where the alias is written
                        copy.span = start..end;
                        nodes -= 1; // counted once more below
                        (copy, 0)
                    }
                    _ => (
                        Node {
                            span: start..end,
                            kind: NodeKind::Alias,
                        },
                        0,
                    ),
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let (mut start, mut end) = trim_span(text, start, end);
                if value.is_empty()
                    && matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                    && let Some(at) = text[base..start.max(base)].rfind(['|', '>'])
                {
                    // an empty block scalar: the scanner's span runs to the
                    // next token; keep it to the `|` or `>` and its indicators
                    start = base + at;
                    end = start
                        + text[start..]
                            .find(|c: char| c.is_whitespace())
                            .unwrap_or(text.len() - start);
                }
                let value = if restore_bom && value.contains(BOM_STAND_IN) {
                    Cow::Owned(value.replace(BOM_STAND_IN, "\u{feff}"))
                } else {
                    value
                };
                let node = scalar_node(
                    value,
                    style,
                    tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    start..end,
                );
                (node, anchor)
            }
        };
        nodes += 1;
        if nodes > limits.max_nodes {
            return Err(over_nodes(node.span.start));
        }
        if anchor != 0 {
            let amp = anchor_start(&text[base..node.span.start], &text[node.span.clone()])
                .map_or(node.span.start, |i| base + i);
            let name: String = text[amp + 1..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
                .collect();
            raw.anchors.push(Anchor {
                name,
                span: amp..node.span.end,
            });
            let stored = resolve.then(|| {
                let (size, height) = size_and_height(&node);
                (node.clone(), size, height)
            });
            defs.insert(anchor, (raw.anchors.len() - 1, stored));
        }
        match stack.last_mut() {
            Some(frame) => frame.items.push(node),
            None => raw.root = Some(node),
        }
    }
    raw.root = raw.root.filter(|n| !(n.is_null() && n.span.is_empty()));
    Ok(raw)
}

/// Where the `&name` of a node starts: at the node's span (scalars), or
/// one or two tokens before it (collections, after a tag).
fn anchor_start(before: &str, node: &str) -> Option<usize> {
    if node.starts_with('&') {
        return Some(before.len());
    }
    let mut end = before.len();
    for _ in 0..2 {
        let trimmed = before[..end].trim_end();
        let start = trimmed
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |i| i + 1);
        match trimmed[start..].chars().next() {
            Some('&') => return Some(start),
            Some('!') => end = start,
            _ => return None,
        }
    }
    None
}

/// An anchored node kept for its aliases, with its size and height.
type Stored = (Node, usize, usize);

struct Frame {
    start: usize,
    is_map: bool,
    anchor: usize,
    items: Vec<Node>,
}

/// Nodes in a tree, and its height.
fn size_and_height(node: &Node) -> (usize, usize) {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().fold((1, 1), |(s, h), n| {
            let (ns, nh) = size_and_height(n);
            (s + ns, h.max(nh + 1))
        }),
        NodeKind::Map(entries) => entries.iter().fold((1, 1), |(s, h), e| {
            let (ks, kh) = size_and_height(&e.key);
            let (vs, vh) = size_and_height(&e.value);
            (s + ks + vs, h.max(kh.max(vh) + 1))
        }),
        _ => (1, 1),
    }
}

/// Psych's merge keys (`revive_hash`): an entry `<<` (not tagged `!!str`)
/// whose value is a mapping, or a list of mappings, is replaced by their
/// entries in its place, so that keys after it win over the merged ones and
/// the merged ones win over keys before it; in a list, the first mapping
/// wins. Any other value stays an ordinary `<<` entry.
fn merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    let is_merge = |e: &Entry| {
        matches!(&e.key.kind, NodeKind::Scalar(s)
            if s.text == "<<" && !s.tag.as_deref().is_some_and(|t| t.ends_with("str")))
    };
    if !entries.iter().any(is_merge) {
        return entries;
    }
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        if !is_merge(&e) {
            out.push(e);
            continue;
        }
        match &e.value.kind {
            NodeKind::Map(merged) => out.extend(merged.iter().cloned()),
            NodeKind::Seq(items) if items.iter().all(|n| n.as_map().is_some()) => {
                for item in items.iter().rev() {
                    out.extend(item.as_map().unwrap_or_default().iter().cloned());
                }
            }
            _ => out.push(e),
        }
    }
    out
}

pub(super) fn scalar_node(
    value: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<String>,
    span: Range<usize>,
) -> Node {
    let style = match style {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
    };
    let resolved = match (&tag, style) {
        (Some(t), _) if t.ends_with("str") => Value::Str,
        (_, Style::Plain) => resolve_plain(&value),
        _ => Value::Str,
    };
    Node {
        span,
        kind: NodeKind::Scalar(Scalar {
            text: value.into_owned(),
            style,
            tag,
            value: resolved,
        }),
    }
}

/// Drop whitespace the scanner sometimes includes at a scalar's end.
fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut end = end.min(text.len());
    while end > start && matches!(bytes[end - 1], b' ' | b'\t' | b'\n' | b'\r') {
        end -= 1;
    }
    (start, end)
}

/// Converts saphyr's character indices into byte offsets.
struct CharOffsets {
    /// Byte offset of every character, plus the length; empty when ASCII.
    table: Vec<usize>,
}

impl CharOffsets {
    fn new(s: &str) -> CharOffsets {
        if s.is_ascii() {
            return CharOffsets { table: Vec::new() };
        }
        let mut table: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
        table.push(s.len());
        CharOffsets { table }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.table.is_empty() {
            char_index
        } else {
            self.table[char_index.min(self.table.len() - 1)]
        }
    }
}

/// The private-use character that stands in for U+FEFF while parsing.
const BOM_STAND_IN: char = '\u{e000}';

/// Rewrite, without changing any byte offset, what libyaml (and so Jekyll)
/// accepts but the YAML 1.2 scanner rejects:
/// - a tab after a mapping colon becomes a space;
/// - a line break inside a quoted scalar, before a continuation line that is
///   not indented more than the line the scalar started on, becomes spaces
///   (libyaml does not check that indentation);
/// - U+FEFF inside the text (left by CMS editors) becomes a private-use
///   character of the same length, turned back in scalar values.
pub(super) fn libyaml_compat(s: &str) -> Cow<'_, str> {
    let needs = s.contains(":\t") || s.contains('\u{feff}') || s.contains(['"', '\'']);
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut bytes = s.as_bytes().to_vec();
    let n = bytes.len();
    let mut quote: Option<(u8, usize)> = None; // quote char, indent of its line
    let mut line_start = 0;
    let mut indent = 0;
    // Where a quote can open a quoted scalar: in block context only before
    // a plain scalar has started on the line (`a "b," c` is one plain
    // scalar); in flow context after an indicator.
    let mut plain_started = false;
    let mut flow_depth = 0usize;
    // the indentation of the line that opened a block scalar (`|`, `>`)
    let mut block_scalar: Option<usize> = None;
    let mut i = 0;
    let is_space = |c: Option<&u8>| matches!(c, None | Some(b' ' | b'\t' | b'\n' | b'\r'));
    while i < n {
        let b = bytes[i];
        if i == line_start {
            indent = bytes[i..].iter().take_while(|&&c| c == b' ').count();
            plain_started = false;
            if let Some(parent) = block_scalar {
                let rest = &bytes[i + indent..];
                let blank = rest.first().is_none_or(|c| matches!(c, b'\n' | b'\r'));
                if blank || indent > parent {
                    // a line of the block scalar's text: skip it
                    let len = rest
                        .iter()
                        .position(|&c| c == b'\n' || c == b'\r')
                        .unwrap_or(rest.len());
                    if indent + len > 0 {
                        i += indent + len;
                        continue;
                    }
                } else {
                    block_scalar = None;
                }
            }
        }
        match quote {
            Some((q, key_indent)) => {
                if b == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if b == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                } else if b == b'\n' || b == b'\r' {
                    let mut j = i + 1;
                    if b == b'\r' && bytes.get(j) == Some(&b'\n') {
                        j += 1;
                    }
                    let next_indent = bytes[j..].iter().take_while(|&&c| c == b' ').count();
                    let next = bytes.get(j + next_indent).copied();
                    let blank_next = matches!(next, None | Some(b'\n' | b'\r'));
                    if !blank_next && next_indent <= key_indent {
                        // libyaml drops the whitespace before the break and
                        // folds the break into one space
                        let mut ws = i;
                        while ws > line_start
                            && matches!(bytes[ws - 1], b' ' | b'\t')
                            && !(ws >= 2 && bytes[ws - 2] == b'\\')
                        {
                            ws -= 1;
                        }
                        let trailing = i - ws;
                        if trailing > 0 && trailing + next_indent > key_indent {
                            // the break first, then that whitespace as the
                            // next line's indentation: same bytes, same length
                            let brk = bytes[i..j].to_vec();
                            bytes[ws..ws + brk.len()].copy_from_slice(&brk);
                            for c in &mut bytes[ws + brk.len()..j] {
                                *c = b' ';
                            }
                        } else {
                            for c in &mut bytes[i..j] {
                                *c = b' ';
                            }
                        }
                    }
                    line_start = j;
                    i = j;
                    continue;
                }
            }
            None => match b {
                b'"' | b'\'' => {
                    let opens = if flow_depth > 0 {
                        let prev = bytes[line_start..i]
                            .iter()
                            .rev()
                            .find(|&&c| c != b' ' && c != b'\t');
                        matches!(prev, None | Some(b':' | b'-' | b'[' | b'{' | b',' | b'?'))
                    } else {
                        !plain_started
                    };
                    if opens {
                        quote = Some((b, indent));
                    }
                    plain_started = true;
                }
                b'#' if i == line_start || matches!(bytes[i - 1], b' ' | b'\t') => {
                    while i < n && bytes[i] != b'\n' && bytes[i] != b'\r' {
                        i += 1;
                    }
                    continue;
                }
                b':' => {
                    let mut j = i + 1;
                    while j < n && bytes[j] == b'\t' {
                        bytes[j] = b' ';
                        j += 1;
                    }
                    plain_started = !(flow_depth > 0 || is_space(bytes.get(i + 1)));
                }
                b'-' | b'?' if !plain_started && is_space(bytes.get(i + 1)) => {}
                b'&' | b'!' if !plain_started => {
                    // an anchor or a tag before the node: skip the token
                    while i + 1 < n && !is_space(bytes.get(i + 1)) {
                        i += 1;
                    }
                }
                b'|' | b'>' if !plain_started && flow_depth == 0 => {
                    block_scalar = Some(indent);
                    plain_started = true;
                }
                b'[' | b'{' if !plain_started || flow_depth > 0 => flow_depth += 1,
                b']' | b'}' if flow_depth > 0 => flow_depth -= 1,
                b',' if flow_depth > 0 => {}
                b' ' | b'\t' => {}
                b'\n' => line_start = i + 1,
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_start = i + 1,
                _ => plain_started = true,
            },
        }
        i += 1;
    }
    // U+FEFF (EF BB BF) -> U+E000 (EE 80 80): both three bytes.
    let mut k = 0;
    while k + 2 < n {
        if bytes[k..k + 3] == [0xef, 0xbb, 0xbf] {
            bytes[k..k + 3].copy_from_slice(&[0xee, 0x80, 0x80]);
            k += 3;
        } else {
            k += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII, and one 3-byte character by
    // another, so this stays UTF-8.
    Cow::Owned(
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// Resolve a plain scalar as Psych 4's `ScalarScanner#tokenize` does (the
/// Psych that ships with Ruby 3.1, which Jekyll 4 runs on); every branch
/// below is one of its branches, in its order.
pub fn resolve_plain(s: &str) -> Value {
    if s.is_empty() {
        return Value::Null;
    }
    if psych_word(s) || s.contains('\n') {
        if s.chars().count() > 5 {
            return Value::Str;
        }
        let is = |word: &str| s.eq_ignore_ascii_case(word);
        return if s == "~" || is("null") {
            Value::Null
        } else if is("yes") || is("true") || is("on") {
            Value::Bool(true)
        } else if is("no") || is("false") || is("off") {
            Value::Bool(false)
        } else {
            Value::Str
        };
    }
    if let Some(t) = parse_timestamp(s) {
        return t;
    }
    if let Some(d) = parse_date(s) {
        return d;
    }
    let lower = s.to_ascii_lowercase();
    match lower.as_str() {
        ".inf" | "+.inf" => return Value::Float(f64::INFINITY),
        "-.inf" => return Value::Float(f64::NEG_INFINITY),
        ".nan" => return Value::Float(f64::NAN),
        _ => {}
    }
    if s.starts_with(':') {
        // a Symbol to Psych (which `safe_load` refuses); text here
        return Value::Str;
    }
    if let Some(v) = parse_sexagesimal(s) {
        return v;
    }
    if let Some(f) = parse_float(s) {
        return Value::Float(f);
    }
    parse_int(s).unwrap_or(Value::Str)
}

/// Psych's first test, `^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|/\\~;=]+`:
/// text that starts like a word.
fn psych_word(s: &str) -> bool {
    let word = |c: char| {
        c.is_alphabetic()
            || matches!(c, '_' | ' ' | '\t' | '\r' | '\n' | '\x0b' | '\x0c')
            || "!@#$%^&*(){}<>|/\\~;=".contains(c)
    };
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    word(first)
        || (!(first.is_ascii_digit() || matches!(first, '.' | ':' | '-'))
            && chars.next().is_some_and(word))
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-M-D` with Psych's pattern; an impossible day is a string.
fn parse_date(s: &str) -> Option<Value> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || !digits(y) || !digits(m) || !digits(d) {
        return None;
    }
    if m.len() > 2 || d.len() > 2 {
        return None;
    }
    let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if valid_date(year, month, day) {
        Some(Value::Date { year, month, day })
    } else {
        // Psych's pattern matches but Date.strptime fails: a string.
        None
    }
}

pub fn valid_date(year: i32, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Psych's TIME pattern:
/// `-?YYYY-M-D(T|t|spaces)H:MM:SS(.frac)?(spaces? (Z|±H(:?MM)?))?`
pub fn parse_timestamp_parts(s: &str) -> Option<Timestamp> {
    let s = s.strip_prefix('-').unwrap_or(s);
    let sep = s.find(['T', 't', ' ', '\t'])?;
    let (date, rest) = s.split_at(sep);
    let rest = rest[1..].trim_start_matches([' ', '\t']);
    let mut dp = date.split('-');
    let (y, mo, d) = (dp.next()?, dp.next()?, dp.next()?);
    if dp.next().is_some()
        || y.len() != 4
        || !digits(y)
        || !digits(mo)
        || !digits(d)
        || mo.len() > 2
        || d.len() > 2
    {
        return None;
    }
    // time part
    let time_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (time, zone) = rest.split_at(time_end);
    let (hms, frac) = match time.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (time, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut tp = hms.split(':');
    let (h, mi, sec) = (tp.next()?, tp.next()?, tp.next()?);
    if tp.next().is_some()
        || !digits(h)
        || h.len() > 2
        || mi.len() != 2
        || sec.len() != 2
        || !digits(mi)
        || !digits(sec)
    {
        return None;
    }
    let zone = zone.trim_start_matches([' ', '\t']);
    if !zone.is_ascii() {
        return None;
    }
    let offset_minutes = if zone.is_empty() {
        None
    } else if zone == "Z" {
        Some(0)
    } else {
        let sign = match zone.as_bytes()[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let z = &zone[1..];
        // TIME allows `[-+]\d{1,2}:?(\d\d)?`; `parse_time` then reads
        // `([+-]?\d{1,2}):?(\d{1,2})?`, so `+100` is ten hours
        let (zh, zm) = match z.split_once(':') {
            Some((a, b)) => (a, b),
            None => z.split_at(z.len().min(2)),
        };
        if !digits(zh)
            || zh.len() > 2
            || !(zm.is_empty() || digits(zm))
            || zm.len() > 2
            || (z.contains(':') && zm.len() == 1)
        {
            return None;
        }
        let zh: i32 = zh.parse().ok()?;
        let zm: i32 = if zm.is_empty() { 0 } else { zm.parse().ok()? };
        // Psych subtracts the minutes only when the hours are negative, so
        // `-00:30` is half an hour east
        let hours = sign * zh;
        Some(if hours < 0 {
            hours * 60 - zm
        } else {
            hours * 60 + zm
        })
    };
    Some(Timestamp {
        year: y.parse().ok()?,
        month: mo.parse().ok()?,
        day: d.parse().ok()?,
        hour: h.parse().ok()?,
        minute: mi.parse().ok()?,
        second: sec.parse().ok()?,
        offset_minutes,
    })
}

fn parse_timestamp(s: &str) -> Option<Value> {
    let t = parse_timestamp_parts(s)?;
    // Ruby's Time.utc rejects out-of-range fields but rolls a day 29-31
    // over into the next month; Psych then keeps the string on failure.
    if !(1..=12).contains(&t.month)
        || !(1..=31).contains(&t.day)
        || t.hour > 24
        || t.minute > 59
        || t.second > 60
    {
        return None;
    }
    Some(Value::Time(Box::new(t)))
}

/// Psych's INTEGER pattern (binary, octal, decimal with `,` or `_` between
/// digits, hexadecimal), then Ruby's `Integer()` on the text without `,`
/// and `_`. A number too large for 64 bits is kept as a float.
fn parse_int(s: &str) -> Option<Value> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let neg = s.starts_with('-');
    let clean = |t: &str| -> String { t.chars().filter(|&c| c != '_' && c != ',').collect() };
    let (digits, radix) = if let Some(b) = body.strip_prefix("0b") {
        if b.is_empty() || !b.bytes().all(|c| matches!(c, b'0' | b'1' | b'_' | b',')) {
            return None;
        }
        (clean(b), 2)
    } else if let Some(h) = body.strip_prefix("0x") {
        if h.is_empty()
            || !h
                .bytes()
                .all(|c| c.is_ascii_hexdigit() || c == b'_' || c == b',')
        {
            return None;
        }
        (clean(h), 16)
    } else if body.len() > 1 && body.starts_with('0') {
        if !body[1..]
            .bytes()
            .all(|c| matches!(c, b'0'..=b'7' | b'_' | b','))
        {
            return None;
        }
        (clean(body), 8)
    } else {
        // `0` or `[1-9]` followed by digits, each `,` or `_` before a digit
        let b = body.as_bytes();
        if b.is_empty() || !b[0].is_ascii_digit() || (b[0] == b'0' && b.len() > 1) {
            return None;
        }
        let mut i = 1;
        while i < b.len() {
            if b[i].is_ascii_digit() {
                i += 1;
            } else if matches!(b[i], b',' | b'_') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                i += 2;
            } else {
                return None;
            }
        }
        (clean(body), 10)
    };
    if digits.is_empty() {
        // Ruby's Integer("0b") fails, and Psych with it
        return None;
    }
    Some(match i64::from_str_radix(&digits, radix) {
        Ok(v) => Value::Int(if neg { -v } else { v }),
        Err(_) => {
            let f = digits.chars().fold(0f64, |acc, c| {
                acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
            });
            Value::Float(if neg { -f } else { f })
        }
    })
}

/// Psych's base-60 numbers, `[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}` with an
/// optional fraction `\.[0-9_]*`, and its arithmetic: part `e` of `n` is
/// worth `60 ** (e - 2).abs`, so `12:30` is 45000 and `1:20:30` is 4830.
fn parse_sexagesimal(s: &str) -> Option<Value> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|c| c.is_ascii_digit() || c == b'_')) {
        return None;
    }
    let parts: Vec<&str> = whole.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let head = parts[0].as_bytes();
    if head.is_empty()
        || !head[0].is_ascii_digit()
        || !head.iter().all(|c| c.is_ascii_digit() || *c == b'_')
    {
        return None;
    }
    for p in &parts[1..] {
        let b = p.as_bytes();
        let ok = match b {
            [d] => d.is_ascii_digit(),
            [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return None;
        }
    }
    // the sign belongs to the first part only (Ruby's `"-1".to_i`)
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let weight = |e: usize| 60i64.pow(e.abs_diff(2) as u32);
    let head_value: i64 = parts[0]
        .chars()
        .filter(|&c| c != '_')
        .collect::<String>()
        .parse()
        .ok()?;
    match frac {
        None => {
            let mut total = sign * head_value.checked_mul(weight(0))?;
            for (e, p) in parts.iter().enumerate().skip(1) {
                total = total.checked_add(p.parse::<i64>().ok()? * weight(e))?;
            }
            Some(Value::Int(total))
        }
        Some(f) => {
            let mut total = sign as f64 * head_value as f64 * weight(0) as f64;
            let last = parts.len() - 1;
            for (e, p) in parts.iter().enumerate().skip(1) {
                let mut v: f64 = p.parse::<i64>().ok()? as f64;
                if e == last {
                    // Ruby's `to_f` stops at the first `_` after the point
                    let f = f.split('_').next().unwrap_or("");
                    v = format!("{p}.{f}0").parse().ok()?;
                }
                total += v * weight(e) as f64;
            }
            Some(Value::Float(total))
        }
    }
}

/// Psych's FLOAT pattern, `[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?`
/// (so `1.0e3` is text and `1.0e+3` a number), then Ruby's `Float()`.
fn parse_float(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, rest) = body.split_once('.')?;
    let ib = int.as_bytes();
    let int_ok = ib.is_empty()
        || (ib[0].is_ascii_digit()
            && ib
                .iter()
                .all(|c| c.is_ascii_digit() || matches!(c, b'_' | b',')));
    if !int_ok {
        return None;
    }
    let (frac, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    if !frac.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(e) = exp {
        let d = e.strip_prefix(['-', '+'])?;
        if !digits(d) {
            return None;
        }
    }
    if int.is_empty() && frac.is_empty() && exp.is_none() {
        return None; // `.`, `-.`: text
    }
    let int: String = int.chars().filter(|&c| c != '_' && c != ',').collect();
    let sign = if s.starts_with('-') { "-" } else { "" };
    let int = if int.is_empty() { "0" } else { &int };
    let frac = if frac.is_empty() { "0" } else { frac };
    let text = match exp {
        Some(e) => format!("{sign}{int}.{frac}e{e}"),
        None => format!("{sign}{int}.{frac}"),
    };
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> Node {
        parse(src, 0..src.len(), Limits::default())
            .unwrap()
            .unwrap()
    }

    #[test]
    fn psych_scalar_resolution() {
        assert_eq!(resolve_plain("yes"), Value::Bool(true));
        assert_eq!(resolve_plain("Off"), Value::Bool(false));
        assert_eq!(resolve_plain("y"), Value::Str);
        assert_eq!(resolve_plain("0755"), Value::Int(493));
        assert_eq!(resolve_plain("0899"), Value::Str);
        assert_eq!(resolve_plain("1_000"), Value::Int(1000));
        assert_eq!(
            resolve_plain("2020-01-01"),
            Value::Date {
                year: 2020,
                month: 1,
                day: 1
            }
        );
        assert_eq!(resolve_plain("2021-02-30"), Value::Str);
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("1.5"), Value::Float(1.5));
        assert_eq!(resolve_plain("Paul Kett"), Value::Str);
        assert!(matches!(
            resolve_plain("2020-07-09T00:00:00.00Z"),
            Value::Time(t) if matches!(*t, Timestamp {
                offset_minutes: Some(0),
                ..
            })
        ));
        assert!(matches!(
            resolve_plain("2022-01-13 10:00:00 +0100"),
            Value::Time(t) if matches!(*t, Timestamp {
                offset_minutes: Some(60),
                ..
            })
        ));
        assert_eq!(resolve_plain("2020-13-01 10:00:00"), Value::Str);
        // found by the front_matter fuzz target: a multi-byte character in the zone
        assert_eq!(resolve_plain("2021-03-04 10:00:00-\u{e000}"), Value::Str);
        assert_eq!(resolve_plain("2021-03-04 10:00:00+é"), Value::Str);
    }

    #[test]
    fn spans_are_bytes_of_the_file() {
        let src = "x\ntitle: \"Café\"\nlayout: post\n";
        let root = parse(src, 2..src.len(), Limits::default())
            .unwrap()
            .unwrap();
        let t = root.get("title").unwrap();
        assert_eq!(&src[t.span.clone()], "\"Café\"");
        let l = root.get("layout").unwrap();
        assert_eq!(&src[l.span.clone()], "post");
        let k = &root.entry("layout").unwrap().key;
        assert_eq!(&src[k.span.clone()], "layout");
    }

    #[test]
    fn tab_after_colon_is_accepted_like_libyaml() {
        let src = "title: \t\t\"Use of it\"\nlayout:\tpage\n";
        let root = doc(src);
        assert_eq!(root.get("title").unwrap().as_str(), Some("Use of it"));
        assert_eq!(root.get("layout").unwrap().as_str(), Some("page"));
        assert_eq!(&src[root.get("layout").unwrap().span.clone()], "page");
    }

    #[test]
    fn libyaml_leniencies() {
        let src = "a: 1\nexcerpt: \"abc. \n\"\nb: 'it''s\n'\nx: >-\n  a\n\n  \u{feff}b\n";
        let root = doc(src);
        // Psych drops the space before the break (found on a real site by
        // `scripts/yaml-psych-check --site`)
        assert_eq!(root.get("excerpt").unwrap().as_str(), Some("abc. "));
        assert_eq!(root.get("b").unwrap().as_str(), Some("it's "));
        assert_eq!(root.get("x").unwrap().as_str(), Some("a\n\u{feff}b"));
        let root = doc("k: \"a \t\r\n\"\nj: 'x  \n'\n");
        assert_eq!(root.get("k").unwrap().as_str(), Some("a "));
        assert_eq!(root.get("j").unwrap().as_str(), Some("x "));
        // issue 16: a quote inside a plain scalar opens nothing (Psych
        // loads these), in block scalars neither
        let root = doc("description: a \"b,\" c\nexcerpt: y\n");
        assert_eq!(
            root.get("description").unwrap().as_str(),
            Some("a \"b,\" c")
        );
        assert_eq!(root.get("excerpt").unwrap().as_str(), Some("y"));
        let root = doc("d: a 'b? c\ne: y\nf: |\n  say \"hi\n\n  x\ng: &a 'q\n  r'\n");
        assert_eq!(root.get("d").unwrap().as_str(), Some("a 'b? c"));
        assert_eq!(root.get("f").unwrap().as_str(), Some("say \"hi\n\nx\n"));
        assert_eq!(root.get("g").unwrap().as_str(), Some("q r"));
        // a tab in a block scalar's text stays a tab
        let root = doc("a:\t|\n  x:\ty\n");
        assert_eq!(root.get("a").unwrap().as_str(), Some("x:\ty\n"));
        // properly indented continuation lines are untouched
        let root = doc("k: \"a\n  b\"\n");
        assert_eq!(root.get("k").unwrap().as_str(), Some("a b"));
    }

    #[test]
    fn errors_have_positions() {
        let src = "a: b: c\n";
        let e = parse(src, 0..src.len(), Limits::default()).unwrap_err();
        assert_eq!(e.offset, 4);
    }

    #[test]
    fn alias_bomb_is_cheap_and_depth_is_capped() {
        let src = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n";
        assert!(doc(src).get("c").is_some());
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let e = parse(&deep, 0..deep.len(), Limits::default()).unwrap_err();
        assert!(e.message.contains("nested"));
    }

    #[test]
    fn aliases_and_merge_keys_resolve_as_psych() {
        // issue 20 / repro 14: a collection configured through a merge key
        let src = "cd: &cd\n  output: true\n  permalink: /:collection/:title/\ncollections:\n  news:\n    <<: *cd\n";
        let root = doc(src);
        let news = root.get("collections").unwrap().get("news").unwrap();
        assert_eq!(
            news.get("output").unwrap().as_scalar().unwrap().value,
            Value::Bool(true)
        );
        assert!(news.get("<<").is_none());
        // a date given through an alias is a date, found where the alias is
        let src = "created: &d 2020-01-01 10:00:00\ndate: *d\n";
        let root = doc(src);
        let date = root.get("date").unwrap();
        assert!(matches!(date.as_scalar().unwrap().value, Value::Time(_)));
        assert_eq!(&src[date.span.clone()], "*d");
        // precedence, as Psych's `revive_hash`: later keys win, and in a
        // list of merged mappings the first wins
        let src = "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nm:\n  x: 0\n  <<: [*a, *b]\n  y: 9\n";
        let m = doc(src);
        let m = m.get("m").unwrap();
        let get = |k: &str| m.get(k).unwrap().scalar_text().unwrap().to_string();
        assert_eq!(
            (get("x"), get("y"), get("z")),
            ("1".into(), "9".into(), "2".into())
        );
        // `<<` with a scalar, or tagged `!!str`, is an ordinary key
        let m = doc("a: &a 1\nm:\n  <<: *a\n  !!str <<: {q: 1}\n");
        let m = m.get("m").unwrap();
        assert_eq!(m.as_map().unwrap().len(), 2);
        assert!(m.get("q").is_none());
    }

    #[test]
    fn aliases_past_the_limit_stay_aliases_and_limits_are_reported_as_such() {
        let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let p = i - 1;
            src.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let root = doc(&src);
        let a1 = root.get("a1").unwrap().as_seq().unwrap();
        assert_eq!(
            a1[0].as_seq().unwrap().len(),
            10,
            "small aliases are expanded"
        );
        // ten million nodes are not: the tree stays within the limit, with
        // aliases left where the copies would pass it
        assert!(size_and_height(&root).0 <= Limits::default().max_nodes);
        let mut a = root.get("a7").unwrap();
        while let Some(items) = a.as_seq() {
            a = &items[0];
        }
        assert_eq!(a.kind, NodeKind::Alias);
        let many = "- x\n".repeat(20);
        let limits = Limits {
            max_depth: 64,
            max_nodes: 10,
        };
        let e = parse(&many, 0..many.len(), limits).unwrap_err();
        assert!(e.over_limit, "{e:?}");
        assert!(e.limit_help().unwrap().contains(MAX_NODES_VAR));
        let e = parse("a: [\n", 0..5, Limits::default()).unwrap_err();
        assert!(!e.over_limit);
    }

    #[test]
    fn raw_tree_lists_anchors_and_aliases() {
        let src = "title: a\nexcerpt: &x text\ndescription: *x\n";
        let raw = parse_raw(src, 0..src.len(), Limits::default()).unwrap();
        let root = raw.root.as_ref().unwrap();
        assert_eq!(root.get("description").unwrap().kind, NodeKind::Alias);
        assert_eq!(raw.anchors.len(), 1);
        assert_eq!(&src[raw.anchors[0].span.clone()], "&x text");
        assert_eq!(raw.anchors[0].name, "x");
        let excerpt = root.entry("excerpt").unwrap();
        let line = excerpt.key.span.start..excerpt.value.span.end;
        assert_eq!(raw.aliases_into(&line).len(), 1);
        let title = root.entry("title").unwrap();
        assert!(
            raw.aliases_into(&(title.key.span.start..title.value.span.end))
                .is_empty()
        );
    }

    #[test]
    fn duplicate_keys_keep_the_last() {
        let root = doc("a: 1\na: 2\n");
        assert_eq!(root.get("a").unwrap().scalar_text(), Some("2"));
    }
}
