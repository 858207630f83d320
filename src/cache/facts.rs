//! What a run learned of each document that the next run can trust
//! without reading it: its parsed front matter, kept with the stat its
//! file had when it was opened for that read (`facts-*.bin` in the
//! cache's folder).
//!
//! A check of some files, and the pre-commit hook, need every other
//! document's front matter (for URLs, the schema's statistics, values
//! links name) but not its text: a document whose file has the size,
//! times and inode it had when its front matter was kept is taken from
//! here, without its text, as `Limits::text_kept` drops it; whatever needs
//! the text reads the file again (see `site::Document::read_again`).
//! Anything else is read and parsed as without the cache. A document
//! modified in the 2 s before the read began is not kept (a later change
//! in the same tick of a coarse clock would not show: see
//! [`super::listing`]). The file is checked end to end like the findings'
//! (format, build, checksum): damaged or foreign, it is ignored.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::codec::{Hasher, In, Out};
use super::listing::{File, RACY_NANOS};
use crate::site::{Document, FileStat};
use crate::text::front_matter::{Block, FrontMatter};
use crate::text::yaml::{Entry, Node, NodeKind, Scalar, Style, Timestamp, Value, YamlError};

const MAGIC: &[u8; 8] = b"SLFACTS\0";
/// Raised whenever the layout below changes.
const FORMAT: u64 = 1;

/// The largest facts file read.
const MAX_BYTES: u64 = 1 << 30;

/// The front matter of documents, as an earlier run parsed it.
pub struct Facts {
    bytes: Vec<u8>,
    /// Each document's stat then, and where its front matter is in `bytes`.
    index: rustc_hash::FxHashMap<String, (FileStat, Range<usize>)>,
}

/// The key of the facts this build keeps: what changes how front matter
/// is parsed (sitelint's build, the YAML limits).
pub fn key() -> u128 {
    let mut h = Hasher::new();
    h.str("facts");
    super::build(&mut h);
    for var in [
        crate::text::yaml::MAX_NODES_VAR,
        crate::text::yaml::MAX_DEPTH_VAR,
    ] {
        h.str(&std::env::var(var).unwrap_or_default());
    }
    h.finish()
}

pub(super) fn file_of(root: &Path, key: u128) -> PathBuf {
    root.join(super::DIR)
        .join(format!("facts-{:08x}.bin", key as u32))
}

impl Facts {
    /// The facts kept for the site at `root`, if there are any whole and
    /// undamaged.
    pub fn read(root: &Path, key: u128) -> Option<Facts> {
        let path = file_of(root, key);
        if std::fs::symlink_metadata(&path).ok()?.len() > MAX_BYTES {
            return None;
        }
        let bytes = crate::inside::read(root, &path).ok()?;
        let (body, sum) = bytes.split_at(bytes.len().checked_sub(16)?);
        let mut h = Hasher::new();
        h.bytes(body);
        if h.finish().to_le_bytes() != sum {
            return None;
        }
        let mut i = In(body);
        if i.take(8)? != MAGIC || i.u64()? != FORMAT || i.u128()? != key {
            return None;
        }
        let n = i.count(6)?;
        let mut index = rustc_hash::FxHashMap::default();
        index.reserve(n);
        for _ in 0..n {
            let rel = i.str()?.to_string();
            let stat = FileStat {
                size: i.var()?,
                modified: i.i64()?,
                changed: i.i64()?,
                inode: i.var()?,
            };
            let len = i.varsize()?;
            let start = body.len() - i.0.len();
            i.take(len)?;
            index.insert(rel, (stat, start..start + len));
        }
        Some(Facts { bytes, index })
    }

    /// The front matter of the document at `rel`, with the stat it was
    /// kept with, if it was kept from a file with the stat `now` has (a
    /// regular file, as `listing::File` tells).
    pub fn front(&self, rel: &str, now: &File) -> Option<(FrontMatter, FileStat)> {
        if !cfg!(unix) || now.kind != 0 {
            return None;
        }
        self.front_if(
            rel,
            &FileStat {
                size: now.size,
                modified: now.modified,
                changed: now.changed,
                inode: now.inode,
            },
        )
    }

    /// [`Facts::front`], for the file at `path` as it is now.
    pub fn front_on_disk(&self, rel: &str, path: &Path) -> Option<(FrontMatter, FileStat)> {
        if !self.index.contains_key(rel) {
            return None;
        }
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        self.front_if(rel, &FileStat::of(&meta)?)
    }

    fn front_if(&self, rel: &str, now: &FileStat) -> Option<(FrontMatter, FileStat)> {
        let (stat, range) = self.index.get(rel)?;
        if stat != now {
            return None;
        }
        let mut i = In(&self.bytes[range.clone()]);
        let front = front(&mut i)?;
        i.0.is_empty().then_some((front, *stat))
    }
}

/// The facts of `documents` worth keeping: those read whole and valid,
/// with the stat their file had when it was opened, and not modified in
/// the 2 s before the read began (`read_at`: a later change in the same
/// tick of a coarse clock would not show). `None` when no document `new`
/// accepts has front matter the facts lack (each was taken from them, or
/// read again from a file with the stat they knew): nothing worth writing
/// again.
pub fn encode(
    key: u128,
    documents: &[Document],
    read_at: i64,
    new: &dyn Fn(&str) -> bool,
) -> Option<Vec<u8>> {
    let mut kept = Vec::new();
    let mut read = false;
    for d in documents {
        let Some(stat) = d.stat.as_deref() else {
            continue;
        };
        if d.unchecked.is_some() || stat.modified >= read_at - RACY_NANOS {
            continue;
        }
        read |= !d.in_facts && new(d.rel());
        kept.push((d, stat));
    }
    if !read {
        return None;
    }
    let mut o = Out(Vec::with_capacity(64 * 1024));
    o.0.extend_from_slice(MAGIC);
    o.u64(FORMAT);
    o.u128(key);
    o.u64(kept.len() as u64);
    let mut one = Out(Vec::new());
    for (d, f) in kept {
        o.str(d.rel());
        o.var(f.size);
        o.i64(f.modified);
        o.i64(f.changed);
        o.var(f.inode);
        one.0.clear();
        put_front(&mut one, &d.front);
        o.var(one.0.len() as u64);
        o.0.extend_from_slice(&one.0);
    }
    let mut h = Hasher::new();
    h.bytes(&o.0);
    let sum = h.finish();
    o.u128(sum);
    Some(o.0)
}

/// Write `bytes` (from [`encode`]) as the facts of the site at `root`.
pub fn write(root: &Path, key: u128, bytes: &[u8]) {
    let _ = crate::write::overwrite(root, &file_of(root, key), bytes);
}

fn put_range(o: &mut Out, r: &Range<usize>) {
    o.var(r.start as u64);
    o.var((r.end - r.start) as u64);
}

fn range(i: &mut In) -> Option<Range<usize>> {
    let start = i.varsize()?;
    let len = i.varsize()?;
    Some(start..start.checked_add(len)?)
}

fn put_str(o: &mut Out, s: &str) {
    o.var(s.len() as u64);
    o.0.extend_from_slice(s.as_bytes());
}

fn string(i: &mut In) -> Option<String> {
    let n = i.varsize()?;
    Some(std::str::from_utf8(i.take(n)?).ok()?.to_string())
}

fn put_front(o: &mut Out, f: &FrontMatter) {
    match f {
        FrontMatter::Absent => o.u8(0),
        FrontMatter::Unclosed { open, dashed } => {
            o.u8(1);
            put_range(o, open);
            match dashed {
                Some(r) => {
                    o.u8(1);
                    put_range(o, r);
                }
                None => o.u8(0),
            }
        }
        FrontMatter::Closed(b) => {
            o.u8(2);
            put_range(o, &b.open);
            put_range(o, &b.close);
            put_range(o, &b.yaml);
            o.var(b.body_start as u64);
            match &b.data {
                Ok(None) => o.u8(0),
                Ok(Some(node)) => {
                    o.u8(1);
                    put_node(o, node);
                }
                Err(e) => {
                    o.u8(2);
                    o.var(e.offset as u64);
                    put_str(o, &e.message);
                    o.u8(u8::from(e.over_limit));
                }
            }
        }
    }
}

fn front(i: &mut In) -> Option<FrontMatter> {
    Some(match i.u8()? {
        0 => FrontMatter::Absent,
        1 => FrontMatter::Unclosed {
            open: range(i)?,
            dashed: match i.u8()? {
                0 => None,
                1 => Some(range(i)?),
                _ => return None,
            },
        },
        2 => FrontMatter::Closed(Block {
            open: range(i)?,
            close: range(i)?,
            yaml: range(i)?,
            body_start: i.varsize()?,
            data: match i.u8()? {
                0 => Ok(None),
                1 => Ok(Some(node(i, 0)?)),
                2 => Err(YamlError {
                    offset: i.varsize()?,
                    message: string(i)?,
                    over_limit: match i.u8()? {
                        0 => false,
                        1 => true,
                        _ => return None,
                    },
                }),
                _ => return None,
            },
        }),
        _ => return None,
    })
}

fn put_node(o: &mut Out, n: &Node) {
    put_range(o, &n.span);
    match &n.kind {
        NodeKind::Scalar(s) => {
            o.u8(0);
            put_str(o, &s.text);
            o.u8(match s.style {
                Style::Plain => 0,
                Style::SingleQuoted => 1,
                Style::DoubleQuoted => 2,
                Style::Literal => 3,
                Style::Folded => 4,
            });
            match &s.tag {
                Some(t) => {
                    o.u8(1);
                    put_str(o, t);
                }
                None => o.u8(0),
            }
            put_value(o, &s.value);
        }
        NodeKind::Seq(items) => {
            o.u8(1);
            o.var(items.len() as u64);
            for n in items {
                put_node(o, n);
            }
        }
        NodeKind::Map(entries) => {
            o.u8(2);
            o.var(entries.len() as u64);
            for e in entries {
                put_node(o, &e.key);
                put_node(o, &e.value);
            }
        }
        NodeKind::Alias => o.u8(3),
    }
}

/// Nodes nest no deeper than this in a file the encoder wrote (the YAML
/// limits stop a tree far sooner); deeper is damage.
const MAX_DEPTH: usize = 10_000;

fn node(i: &mut In, depth: usize) -> Option<Node> {
    if depth > MAX_DEPTH {
        return None;
    }
    let span = range(i)?;
    let kind = match i.u8()? {
        0 => NodeKind::Scalar(Scalar {
            text: string(i)?,
            style: match i.u8()? {
                0 => Style::Plain,
                1 => Style::SingleQuoted,
                2 => Style::DoubleQuoted,
                3 => Style::Literal,
                4 => Style::Folded,
                _ => return None,
            },
            tag: match i.u8()? {
                0 => None,
                1 => Some(string(i)?),
                _ => return None,
            },
            value: value(i)?,
        }),
        1 => {
            let n = count(i, 4)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(node(i, depth + 1)?);
            }
            NodeKind::Seq(items)
        }
        2 => {
            let n = count(i, 8)?;
            let mut entries = Vec::with_capacity(n);
            for _ in 0..n {
                entries.push(Entry {
                    key: node(i, depth + 1)?,
                    value: node(i, depth + 1)?,
                });
            }
            NodeKind::Map(entries)
        }
        3 => NodeKind::Alias,
        _ => return None,
    };
    Some(Node { span, kind })
}

/// A count of items each at least `min` bytes long: never more than what
/// is left could hold, so that a damaged count allocates nothing.
fn count(i: &mut In, min: usize) -> Option<usize> {
    let n = i.varsize()?;
    (n <= i.0.len() / min).then_some(n)
}

fn put_value(o: &mut Out, v: &Value) {
    match v {
        Value::Null => o.u8(0),
        Value::Bool(b) => {
            o.u8(1);
            o.u8(u8::from(*b));
        }
        Value::Int(n) => {
            o.u8(2);
            o.i64(*n);
        }
        Value::Float(f) => {
            o.u8(3);
            o.u64(f.to_bits());
        }
        Value::Date { year, month, day } => {
            o.u8(4);
            o.i64(i64::from(*year));
            o.var(u64::from(*month));
            o.var(u64::from(*day));
        }
        Value::Time(t) => {
            o.u8(5);
            o.i64(i64::from(t.year));
            for part in [t.month, t.day, t.hour, t.minute, t.second] {
                o.var(u64::from(part));
            }
            match t.offset_minutes {
                Some(m) => {
                    o.u8(1);
                    o.i64(i64::from(m));
                }
                None => o.u8(0),
            }
        }
        Value::Str => o.u8(6),
    }
}

fn value(i: &mut In) -> Option<Value> {
    let small = |i: &mut In| u32::try_from(i.var()?).ok();
    let int = |i: &mut In| i32::try_from(i.i64()?).ok();
    Some(match i.u8()? {
        0 => Value::Null,
        1 => Value::Bool(match i.u8()? {
            0 => false,
            1 => true,
            _ => return None,
        }),
        2 => Value::Int(i.i64()?),
        3 => Value::Float(f64::from_bits(i.u64()?)),
        4 => Value::Date {
            year: int(i)?,
            month: small(i)?,
            day: small(i)?,
        },
        5 => Value::Time(Box::new(Timestamp {
            year: int(i)?,
            month: small(i)?,
            day: small(i)?,
            hour: small(i)?,
            minute: small(i)?,
            second: small(i)?,
            offset_minutes: match i.u8()? {
                0 => None,
                1 => Some(int(i)?),
                _ => return None,
            },
        })),
        6 => Value::Str,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of front matter, node, style, tag and value comes back
    /// as it was parsed.
    #[test]
    fn front_matter_comes_back_as_parsed() {
        let limits = crate::text::yaml::Limits::default();
        for text in [
            "no front matter\n",
            "---\ntitle: open\n------\nbody\n",
            "---\n---\nempty\n",
            "---\ntitle: [unclosed\n---\n",
            "---\ntitle: 'quoted'\nn: 12\nf: 1.5\nneg: -3\nyes: true\nnull: ~\nday: 2021-12-16\nat: 2021-12-16 10:20:30 +01:00\nlocal: 2021-12-16 10:20:30\nlist:\n  - \"a\\tb\"\n  - !!str 12\n  - {x: 1}\nblock: |\n  two\n  lines\nfolded: >\n  one\n  line\nbase: &b {k: v}\nuse: *b\n---\nbody\n",
        ] {
            let parsed = crate::text::front_matter::parse(text, limits);
            let mut o = Out(Vec::new());
            put_front(&mut o, &parsed);
            let mut i = In(&o.0);
            let back = front(&mut i).unwrap();
            assert!(i.0.is_empty());
            assert_eq!(format!("{back:?}"), format!("{parsed:?}"), "{text}");
        }
    }

    /// Damage is refused, not trusted: every truncation of an encoding
    /// fails to decode whole.
    #[test]
    fn truncated_front_matter_is_refused() {
        let text = "---\ntitle: A page\ntags: [a, b]\ndate: 2021-01-02\n---\nbody\n";
        let parsed = crate::text::front_matter::parse(text, Default::default());
        let mut o = Out(Vec::new());
        put_front(&mut o, &parsed);
        for n in 0..o.0.len() {
            let mut i = In(&o.0[..n]);
            assert!(front(&mut i).is_none_or(|_| !i.0.is_empty()), "{n}");
        }
    }
}
