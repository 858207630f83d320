//! Levenshtein distance for "did you mean", computed with Myers'
//! bit-parallel algorithm (in Hyyrö's formulation): one bit per character
//! of the word looked for, so each character of a candidate updates a
//! whole column of the dynamic-programming table in a dozen word
//! operations instead of one cell at a time.

/// A word prepared for comparison with many candidates.
pub struct Pattern {
    len: usize,
    /// For each ASCII character, the positions where the word has it.
    ascii: Box<[u128; 128]>,
    /// The same for other characters (few in URLs and keys).
    other: Vec<(char, u128)>,
}

impl Pattern {
    /// Words of up to 128 characters; `None` for longer ones.
    pub fn new(word: &[char]) -> Option<Pattern> {
        if word.len() > 128 {
            return None;
        }
        let mut ascii = Box::new([0u128; 128]);
        let mut other: Vec<(char, u128)> = Vec::new();
        for (i, &c) in word.iter().enumerate() {
            let bit = 1u128 << i;
            if c.is_ascii() {
                ascii[c as usize] |= bit;
            } else if let Some(e) = other.iter_mut().find(|(o, _)| *o == c) {
                e.1 |= bit;
            } else {
                other.push((c, bit));
            }
        }
        Some(Pattern {
            len: word.len(),
            ascii,
            other,
        })
    }

    fn positions(&self, c: char) -> u128 {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            self.other
                .iter()
                .find(|(o, _)| *o == c)
                .map_or(0, |(_, bits)| *bits)
        }
    }

    /// The Levenshtein distance between the word and `text`.
    pub fn distance(&self, text: &[char]) -> usize {
        let m = self.len;
        if m == 0 {
            return text.len();
        }
        let last = 1u128 << (m - 1);
        // vertical deltas of the current column: +1 (pv) or -1 (mv)
        let (mut pv, mut mv) = (!0u128, 0u128);
        let mut score = m;
        for &c in text {
            let eq = self.positions(c);
            let xv = eq | mv;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let ph = mv | !(xh | pv);
            let mh = pv & xh;
            if ph & last != 0 {
                score += 1;
            } else if mh & last != 0 {
                score -= 1;
            }
            // the first row is 0, 1, 2, …: its horizontal delta is +1
            let ph = (ph << 1) | 1;
            let mh = mh << 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
        }
        score
    }
}

/// The candidate closest to `word` (compared without case), for a "did you
/// mean": within a third of the word's length (at least one edit), ties to
/// the first candidate. The word itself is no suggestion; a candidate that
/// differs only in case is the best one.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    let pattern = Pattern::new(&lower)?;
    let limit = (lower.len() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let chars: Vec<char> = c.to_lowercase().chars().collect();
        let d = pattern.distance(&chars);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// An index of words by their deletion neighbourhoods (SymSpell's idea):
/// two words within `k` edits (substitutions, insertions, deletions or
/// adjacent transpositions) share a variant made by deleting at most `k`
/// characters from each. So "did you mean" asks the index for the few
/// words that share a variant with the one looked for, and measures only
/// those, instead of comparing it with every word of the site.
///
/// Variants are stored as 64-bit hashes: a collision only adds a word to
/// measure, never hides one. Words longer than [`NearIndex::MAX_LEN`]
/// characters are not split into variants; [`NearIndex::near`] returns
/// them always (they are few, and measuring them stays exact).
#[derive(Debug)]
pub struct NearIndex {
    /// (variant hash, characters deleted, word id), sorted.
    entries: Vec<(u64, u8, u32)>,
    /// Where the entries whose hash starts with each `bits`-bit prefix
    /// begin (one more at the end): a lookup searches one small run of
    /// `entries`, not all of it (one cache miss or two, not twenty).
    starts: Vec<u32>,
    bits: u32,
    /// Ids of the words too long to index.
    long: Vec<u32>,
    max_deletions: usize,
}

impl NearIndex {
    /// Longest word split into variants.
    pub const MAX_LEN: usize = 64;

    /// Index `words` (their ids are their positions) with variants of up to
    /// `max_deletions` (at most 2) deleted characters.
    pub fn new<'a>(words: impl IntoIterator<Item = &'a [char]>, max_deletions: usize) -> NearIndex {
        let max_deletions = max_deletions.min(2);
        let mut entries = Vec::new();
        let mut long = Vec::new();
        let mut variants = Vec::new();
        for (id, w) in words.into_iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            if w.len() > Self::MAX_LEN {
                long.push(id);
                continue;
            }
            variants.clear();
            deletion_variants(w, max_deletions, &mut variants);
            entries.extend(variants.iter().map(|&(h, k)| (h, k, id)));
        }
        entries.sort_unstable();
        entries.dedup();
        // about one prefix per entry (at most 2^24 prefixes, 64 MiB)
        let bits = usize::BITS - entries.len().leading_zeros();
        let bits = bits.min(24);
        let mut starts = Vec::with_capacity((1 << bits) + 1);
        let mut at = 0;
        for prefix in 0..(1u64 << bits) {
            while at < entries.len() && Self::prefix(entries[at].0, bits) < prefix {
                at += 1;
            }
            starts.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
        starts.push(u32::try_from(entries.len()).unwrap_or(u32::MAX));
        NearIndex {
            entries,
            starts,
            bits,
            long,
            max_deletions,
        }
    }

    /// The first `bits` bits of a hash.
    fn prefix(hash: u64, bits: u32) -> u64 {
        if bits == 0 { 0 } else { hash >> (64 - bits) }
    }

    /// The entries of variant hash `h`.
    fn with_hash(&self, h: u64) -> &[(u64, u8, u32)] {
        // (`starts` has 2^bits + 1 elements: both positions exist)
        let p = usize::try_from(Self::prefix(h, self.bits)).unwrap_or(usize::MAX);
        let (Some(&from), Some(&to)) = (self.starts.get(p), self.starts.get(p.saturating_add(1)))
        else {
            return &[];
        };
        let run = &self.entries[from as usize..to as usize];
        let start = run.partition_point(|e| e.0 < h);
        let end = start + run[start..].partition_point(|e| e.0 == h);
        &run[start..end]
    }

    /// The ids of the words that may be within `edits` edits of `word`
    /// (a superset of those that are: measure each), sorted.
    pub fn near(&self, word: &[char], edits: usize) -> Vec<u32> {
        let edits = edits.min(self.max_deletions);
        let mut out = self.long.clone();
        if word.len() > Self::MAX_LEN {
            // too long to split: every indexed word of a close length
            out.extend(self.entries.iter().filter(|e| e.1 == 0).map(|e| e.2));
        } else {
            let mut variants = Vec::new();
            deletion_variants(word, edits, &mut variants);
            for (h, k) in variants {
                for e in self.with_hash(h) {
                    // both sides together: at most `edits` deletions each
                    if usize::from(e.1) <= edits && usize::from(k) <= edits {
                        out.push(e.2);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The hashes of `word` and of every word made by deleting up to `max`
/// of its characters, with the number deleted (each variant once, with
/// its fewest deletions).
fn deletion_variants(word: &[char], max: usize, out: &mut Vec<(u64, u8)>) {
    use std::hash::{Hash, Hasher};
    let hash = |w: &[char]| {
        let mut h = rustc_hash::FxHasher::default();
        w.hash(&mut h);
        h.finish()
    };
    out.push((hash(word), 0));
    let mut buf: Vec<char> = Vec::with_capacity(word.len());
    if max >= 1 {
        for i in 0..word.len() {
            // deleting one of a run of equal characters gives one variant
            if i > 0 && word[i] == word[i - 1] {
                continue;
            }
            buf.clear();
            buf.extend_from_slice(&word[..i]);
            buf.extend_from_slice(&word[i + 1..]);
            out.push((hash(&buf), 1));
            if max >= 2 {
                for j in i..buf.len() {
                    if j > i && buf[j] == buf[j - 1] {
                        continue;
                    }
                    let mut two = buf.clone();
                    two.remove(j);
                    out.push((hash(&two), 2));
                }
            }
        }
    }
    // keep each hash once, with its fewest deletions
    out.sort_unstable();
    out.dedup_by_key(|e| e.0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        Pattern::new(&a).unwrap().distance(&b)
    }

    #[test]
    fn known_distances() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("/team/john-peart", "/team/john-pert"), 1);
        assert_eq!(distance("ünïcode", "unicode"), 2);
    }

    #[test]
    fn closest_candidate() {
        let keys = ["select", "ignore", "language", "links"];
        assert_eq!(closest("selct", keys), Some("select"));
        assert_eq!(closest("languag", keys), Some("language"));
        assert_eq!(closest("Select", keys), Some("select"));
        assert_eq!(
            closest("select", keys),
            None,
            "the word itself is no suggestion"
        );
        assert_eq!(closest("zzz", keys), None);
        assert_eq!(
            closest("external-prefix", ["external-prefixes"]),
            Some("external-prefixes")
        );
    }

    #[test]
    fn long_words_are_refused() {
        assert!(Pattern::new(&['a'; 129]).is_none());
        let long: Vec<char> = "x".repeat(128).chars().collect();
        assert_eq!(Pattern::new(&long).unwrap().distance(&['x'; 100]), 28);
    }

    /// Brute force: the words within `k` Damerau edits, by strsim.
    fn within(words: &[String], w: &str, k: usize) -> Vec<u32> {
        (0..words.len())
            .filter(|&i| strsim::damerau_levenshtein(&words[i], w) <= k)
            .map(|i| u32::try_from(i).unwrap())
            .collect()
    }

    #[test]
    fn near_index_finds_close_words() {
        let words: Vec<String> = ["author", "autohr", "title", "titles", "tilte", "x", "aaaa"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        let chars: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
        let index = NearIndex::new(chars.iter().map(Vec::as_slice), 2);
        let q: Vec<char> = "autor".chars().collect();
        let near = index.near(&q, 1);
        assert!(near.contains(&0) && !near.contains(&2), "{near:?}");
        let q: Vec<char> = "title".chars().collect();
        assert_eq!(index.near(&q, 0), vec![2]);
        let q: Vec<char> = "aa".chars().collect();
        assert!(index.near(&q, 2).contains(&6));
    }

    proptest! {
        #[test]
        fn near_index_misses_nothing(
            words in proptest::collection::vec("[ab-]{0,9}", 1..30),
            w in "[ab-]{0,9}",
            k in 0usize..3,
        ) {
            let chars: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
            let index = NearIndex::new(chars.iter().map(Vec::as_slice), 2);
            let q: Vec<char> = w.chars().collect();
            let near = index.near(&q, k);
            for i in within(&words, &w, k) {
                prop_assert!(near.contains(&i), "{:?} within {} of {:?}", words[i as usize], k, w);
            }
        }

        #[test]
        fn agrees_with_strsim(a in "[a-e/ü-]{0,70}", b in "[a-e/ü-]{0,70}") {
            prop_assert_eq!(distance(&a, &b), strsim::levenshtein(&a, &b));
        }
    }
}
