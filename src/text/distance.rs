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

    proptest! {
        #[test]
        fn agrees_with_strsim(a in "[a-e/ü-]{0,70}", b in "[a-e/ü-]{0,70}") {
            prop_assert_eq!(distance(&a, &b), strsim::levenshtein(&a, &b));
        }
    }
}
