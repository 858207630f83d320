//! The cache's file format: a magic number, the format version, the
//! options' key, the entry, then a checksum of everything before it.
//! Integers are little-endian; a string is its length then its bytes.
//! Decoding checks every length against what is left, so any damage is a
//! miss (`None`), never a panic or a wrong finding.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::listing::{File, Listing};
use super::{Entry, Findings};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, FixKind, Label, Rule, Severity};
use crate::text::source::{Known, SourceFile};

const MAGIC: &[u8; 8] = b"SLCACHE\0";
/// Raised whenever the layout below changes.
pub const FORMAT: u32 = 2;

/// A 128-bit hash: two SipHash-1-3 streams (the standard library's), one
/// salted. Not cryptographic: it tells an edited file from the one the
/// cache saw, which no one gains anything by forging (a forged hash could
/// only hide findings in the forger's own file).
pub struct Hasher(
    std::collections::hash_map::DefaultHasher,
    std::collections::hash_map::DefaultHasher,
);

impl Hasher {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Hasher {
        use std::hash::Hasher as _;
        let a = std::collections::hash_map::DefaultHasher::new();
        let mut b = std::collections::hash_map::DefaultHasher::new();
        b.write(b"sitelint");
        Hasher(a, b)
    }
    /// Bytes, as a stream: the same bytes in any chunks hash the same.
    pub fn bytes(&mut self, bytes: &[u8]) {
        use std::hash::Hasher as _;
        self.0.write(bytes);
        self.1.write(bytes);
    }
    pub fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    pub fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.bytes(s.as_bytes());
    }
    pub fn finish(&self) -> u128 {
        use std::hash::Hasher as _;
        (u128::from(self.0.finish()) << 64) | u128::from(self.1.finish())
    }
}

pub(super) struct Out(pub(super) Vec<u8>);

impl Out {
    /// An unsigned number in as few bytes as it needs (LEB128).
    pub(super) fn var(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    pub(super) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(super) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn i64(&mut self, v: i64) {
        self.u64(v as u64);
    }
    pub(super) fn u128(&mut self, v: u128) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

pub(super) struct In<'a>(pub(super) &'a [u8]);

impl<'a> In<'a> {
    /// A number [`Out::var`] wrote (at most ten bytes, no bits lost).
    pub(super) fn var(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                return None;
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    pub(super) fn varsize(&mut self) -> Option<usize> {
        usize::try_from(self.var()?).ok()
    }
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub(super) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub(super) fn i64(&mut self) -> Option<i64> {
        Some(self.u64()? as i64)
    }
    pub(super) fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    /// A count of items each at least `min` bytes long (the smallest each
    /// is encoded in: a finding with empty strings takes 51): never more
    /// than what is left could hold, so a damaged count allocates nothing.
    pub(super) fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.usize()?;
        (n <= self.0.len() / min.max(1)).then_some(n)
    }
    pub(super) fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }
    pub(super) fn str(&mut self) -> Option<&'a str> {
        let n = self.usize()?;
        std::str::from_utf8(self.take(n)?).ok()
    }
    pub(super) fn range(&mut self) -> Option<std::ops::Range<usize>> {
        let (a, b) = (self.usize()?, self.usize()?);
        (a <= b).then_some(a..b)
    }
}

fn severity_code(s: Severity) -> u8 {
    match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

fn severity_of(c: u8) -> Option<Severity> {
    [Severity::Info, Severity::Warning, Severity::Error]
        .get(usize::from(c))
        .copied()
}

fn fix_kind_code(k: FixKind) -> u8 {
    match k {
        FixKind::None => 0,
        FixKind::Safe => 1,
        FixKind::Unsafe => 2,
        FixKind::Sometimes => 3,
    }
}

fn applicability_code(a: Applicability) -> u8 {
    match a {
        Applicability::DisplayOnly => 0,
        Applicability::Unsafe => 1,
        Applicability::Safe => 2,
    }
}

/// Everything before the findings: the entry's site and what it checked.
fn head(
    o: &mut Out,
    key: u128,
    listing: &Listing,
    horizon: i64,
    only: &[String],
    counted: &[String],
) {
    o.0.extend_from_slice(MAGIC);
    o.u64(u64::from(FORMAT));
    o.u128(key);
    o.i64(listing.taken);
    o.i64(horizon);
    o.u64(listing.files.len() as u64);
    for f in &listing.files {
        o.str(&f.rel);
        o.u8(f.kind);
        o.u64(f.size);
        o.i64(f.modified);
        o.i64(f.changed);
        o.u64(f.inode);
        match f.hash {
            Some(h) => {
                o.u8(1);
                o.u128(h);
            }
            None => o.u8(0),
        }
    }
    for list in [only, counted] {
        o.u64(list.len() as u64);
        for p in list {
            o.str(p);
        }
    }
}

/// Seal an entry with the checksum of everything in it.
fn seal(mut o: Out) -> Vec<u8> {
    let mut h = Hasher::new();
    h.bytes(&o.0);
    let sum = h.finish();
    o.u128(sum);
    o.0
}

pub fn encode(key: u128, e: &Entry) -> Vec<u8> {
    let mut o = Out(Vec::with_capacity(64 * 1024));
    head(
        &mut o,
        key,
        &e.listing,
        e.horizon,
        &e.only,
        &e.findings.counted,
    );
    // the rules and files the findings name, each once
    let mut rules: Vec<&'static Rule> = Vec::new();
    let mut files: Vec<&Arc<SourceFile>> = Vec::new();
    let mut rule_index: HashMap<&str, usize> = HashMap::new();
    let mut file_index: HashMap<*const SourceFile, usize> = HashMap::new();
    for d in &e.findings.diagnostics {
        rule_index.entry(d.rule.code).or_insert_with(|| {
            rules.push(d.rule);
            rules.len() - 1
        });
        file_index.entry(Arc::as_ptr(&d.file)).or_insert_with(|| {
            files.push(&d.file);
            files.len() - 1
        });
    }
    o.u64(rules.len() as u64);
    for r in &rules {
        for s in [r.code, r.name, r.summary, r.doc] {
            o.str(s);
        }
        o.u8(severity_code(r.severity));
        o.u8(fix_kind_code(r.fix));
    }
    // every offset the findings name in each file, with its line and
    // column, so that a printer that shows no source text needs no file
    // read (see `Stored::findings`)
    let mut offsets: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for d in &e.findings.diagnostics {
        let list = &mut offsets[file_index[&Arc::as_ptr(&d.file)]];
        let ranges = std::iter::once(&d.span)
            .chain(d.labels.iter().map(|l| &l.span))
            .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| &e.range)));
        for r in ranges {
            list.extend([r.start, r.end]);
        }
    }
    o.u64(files.len() as u64);
    for (f, offsets) in files.iter().zip(offsets) {
        o.str(&f.rel);
        o.u64(f.text.len() as u64);
        if f.text_dropped {
            // (not in a run the cache keeps; then the text is read)
            o.u8(0);
            continue;
        }
        o.u8(1);
        let known = f.positions(offsets);
        o.u64(known.len() as u64);
        for k in known {
            o.u64(k.offset as u64);
            o.u64(k.line as u64);
            o.u64(k.col as u64);
        }
    }
    o.u64(e.findings.diagnostics.len() as u64);
    for d in &e.findings.diagnostics {
        o.u64(rule_index[d.rule.code] as u64);
        o.u64(file_index[&Arc::as_ptr(&d.file)] as u64);
        o.u8(severity_code(d.severity));
        o.u64(d.span.start as u64);
        o.u64(d.span.end as u64);
        o.str(&d.message);
        match &d.help {
            Some(h) => {
                o.u8(1);
                o.str(h);
            }
            None => o.u8(0),
        }
        o.u64(d.labels.len() as u64);
        for l in &d.labels {
            o.u64(l.span.start as u64);
            o.u64(l.span.end as u64);
            o.str(&l.message);
        }
        match &d.fix {
            Some(f) => {
                o.u8(1);
                o.u8(applicability_code(f.applicability));
                o.str(&f.title);
                o.u64(f.edits.len() as u64);
                for e in &f.edits {
                    o.u64(e.range.start as u64);
                    o.u64(e.range.end as u64);
                    o.str(&e.replacement);
                }
            }
            None => o.u8(0),
        }
    }
    seal(o)
}

/// An entry read up to its findings, which [`Stored::findings`] decodes
/// only when they are wanted (they name files, which are read then).
pub struct Stored {
    pub listing: Listing,
    pub horizon: i64,
    pub only: Vec<String>,
    counted: Vec<String>,
    bytes: Vec<u8>,
    /// Where the findings start in `bytes`.
    rest: usize,
}

pub fn decode(key: u128, bytes: Vec<u8>) -> Option<Stored> {
    let (body, sum) = bytes.split_at(bytes.len().checked_sub(16)?);
    let mut h = Hasher::new();
    h.bytes(body);
    let body = &bytes[..body.len()];
    if h.finish().to_le_bytes() != sum {
        return None;
    }
    let mut i = In(body);
    if i.take(8)? != MAGIC || i.u64()? != u64::from(FORMAT) || i.u128()? != key {
        return None;
    }
    let taken = i.i64()?;
    let horizon = i.i64()?;
    let mut listing = Listing {
        taken,
        files: Vec::with_capacity(i.count(42)?),
        rehashed: false,
    };
    for _ in 0..listing.files.capacity() {
        listing.files.push(File {
            rel: i.str()?.to_string(),
            kind: i.u8()?,
            size: i.u64()?,
            modified: i.i64()?,
            changed: i.i64()?,
            inode: i.u64()?,
            hash: match i.u8()? {
                0 => None,
                1 => Some(i.u128()?),
                _ => return None,
            },
        });
    }
    let strings = |i: &mut In| -> Option<Vec<String>> {
        let n = i.count(8)?;
        (0..n).map(|_| i.str().map(str::to_string)).collect()
    };
    let only = strings(&mut i)?;
    let counted = strings(&mut i)?;
    let rest = body.len() - i.0.len();
    Some(Stored {
        listing,
        horizon,
        only,
        counted,
        bytes,
        rest,
    })
}

impl Stored {
    /// This entry as it is, but for the site `listing` describes (the
    /// same files with the same contents, stated again).
    pub fn relisted(&self, key: u128, listing: &Listing) -> Vec<u8> {
        let findings = &self.bytes[self.rest..self.bytes.len() - 16];
        let mut o = Out(Vec::with_capacity(self.bytes.len() + 64));
        head(
            &mut o,
            key,
            listing,
            self.horizon,
            &self.only,
            &self.counted,
        );
        o.0.extend_from_slice(findings);
        seal(o)
    }

    /// The findings, with the text of each file they name read from the
    /// site (`None`: damaged, or a file's text is not what the run held);
    /// without `texts`, each file is known by its findings' positions
    /// alone, and none is read.
    pub fn findings(
        self,
        root: &Path,
        covers: &(dyn Fn(&str) -> bool + Sync),
        texts: bool,
    ) -> Option<Findings> {
        use std::io::Read;
        let listing = &self.listing;
        let mut counted = self.counted;
        counted.retain(|rel| covers(rel));
        let mut i = In(&self.bytes[self.rest..self.bytes.len() - 16]);
        let n = i.count(34)?;
        let builtin = crate::checks::all_rules();
        let mut rules: Vec<&'static Rule> = Vec::with_capacity(n);
        for _ in 0..n {
            let (code, name, summary, doc) = (i.str()?, i.str()?, i.str()?, i.str()?);
            let severity = severity_of(i.u8()?)?;
            let fix = match i.u8()? {
                0 => FixKind::None,
                1 => FixKind::Safe,
                2 => FixKind::Unsafe,
                3 => FixKind::Sometimes,
                _ => return None,
            };
            // a built-in rule is itself; a site's own rule (from its rule
            // files, which the fingerprint covers) is made again
            rules.push(match builtin.binary_search_by(|r| r.code.cmp(code)) {
                Ok(k) => builtin[k],
                Err(_) => Box::leak(Box::new(Rule {
                    code: Box::leak(code.into()),
                    name: Box::leak(name.into()),
                    severity,
                    fix,
                    summary: Box::leak(summary.into()),
                    doc: Box::leak(doc.into()),
                })),
            });
        }
        let n = i.count(17)?;
        let mut named: Vec<(&str, usize, Option<Vec<Known>>)> = Vec::with_capacity(n);
        for _ in 0..n {
            let (rel, len) = (i.str()?, i.usize()?);
            let known = match i.u8()? {
                0 => None,
                1 => {
                    let count = i.count(24)?;
                    let mut known = Vec::with_capacity(count);
                    for _ in 0..count {
                        let k = Known {
                            offset: i.usize()?,
                            line: i.usize()?,
                            col: i.usize()?,
                        };
                        // sorted, each once
                        if known.last().is_some_and(|p: &Known| p.offset >= k.offset) {
                            return None;
                        }
                        known.push(k);
                    }
                    Some(known)
                }
                _ => return None,
            };
            named.push((rel, len, known));
        }
        // the text as the run held it: the file's, or none (a file that could
        // not be read as text); anything else is a miss. Only files the
        // listing saw as regular files, reached through real folders, are read.
        // A printer that shows no source text needs only the positions.
        let files: Vec<Arc<SourceFile>> = named
            .into_par_iter()
            .map(|(rel, len, known)| {
                let path = root.join(rel);
                if !texts && let Some(known) = known {
                    return Some(Arc::new(SourceFile::known(rel, path, known)));
                }
                let text = if len == 0 || !covers(rel) {
                    // (a file outside the paths asked about: its findings are
                    // dropped below, its text never shown)
                    String::new()
                } else {
                    let i = listing
                        .files
                        .binary_search_by(|f| f.rel.as_str().cmp(rel))
                        .ok()?;
                    if listing.files[i].kind != 0 {
                        return None;
                    }
                    let mut bytes = Vec::with_capacity(len);
                    crate::inside::open_regular(&path)
                        .ok()?
                        .read_to_end(&mut bytes)
                        .ok()?;
                    String::from_utf8_lossy(&bytes).into_owned()
                };
                // the listing matched, so the content is the one the run read
                (text.len() == len || !covers(rel))
                    .then(|| Arc::new(SourceFile::new(rel, path, text)))
            })
            .collect::<Option<_>>()?;
        let n = i.count(51)?;
        let mut diagnostics = Vec::with_capacity(n);
        for _ in 0..n {
            let rule = *rules.get(i.usize()?)?;
            let file = Arc::clone(files.get(i.usize()?)?);
            let wanted = covers(&file.rel);
            let severity = severity_of(i.u8()?)?;
            let span = i.range()?;
            let message = i.str()?.to_string();
            let help = match i.u8()? {
                0 => None,
                1 => Some(i.str()?.to_string()),
                _ => return None,
            };
            let mut labels = Vec::new();
            for _ in 0..i.count(24)? {
                let span = i.range()?;
                labels.push(Label {
                    span,
                    message: i.str()?.to_string(),
                });
            }
            let fix = match i.u8()? {
                0 => None,
                1 => {
                    let applicability = match i.u8()? {
                        0 => Applicability::DisplayOnly,
                        1 => Applicability::Unsafe,
                        2 => Applicability::Safe,
                        _ => return None,
                    };
                    let title = i.str()?.to_string();
                    let mut edits = Vec::new();
                    for _ in 0..i.count(24)? {
                        let range = i.range()?;
                        edits.push(Edit {
                            range,
                            replacement: i.str()?.to_string(),
                        });
                    }
                    Some(Fix {
                        applicability,
                        title,
                        edits,
                    })
                }
                _ => return None,
            };
            if !wanted {
                continue;
            }
            diagnostics.push(Diagnostic {
                rule,
                severity,
                file,
                span,
                message,
                help,
                labels,
                fix,
            });
        }
        if !i.0.is_empty() {
            return None;
        }
        Some(Findings {
            diagnostics,
            counted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_hash_as_one_stream() {
        let mut a = Hasher::new();
        a.bytes(b"hello, world");
        let mut b = Hasher::new();
        b.bytes(b"hello");
        b.bytes(b", world");
        assert_eq!(a.finish(), b.finish());
        let mut c = Hasher::new();
        c.bytes(b"hello, worle");
        assert_ne!(a.finish(), c.finish());
    }
}
