//! One pass over the text for every rule: prose is normalized (case-folded,
//! whitespace collapsed, curly apostrophes made straight, invisible
//! characters dropped) with a map back to the source, and one Aho-Corasick
//! automaton holding every term of every rule (in its hyphen and space
//! variants) and every allowed phrase finds all hits at once. Each hit is
//! then checked against word boundaries, its rule's conditions and the
//! allowed phrases around it.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::data::{Conditions, RuleData};

/// Normalized text with a map back to the source.
///
/// The map is a list of segments rather than a range per byte: most prose
/// is printable ASCII copied one byte for one byte, which one "linear"
/// segment covers however long the run; only a character that is
/// rewritten (a collapsed space, a curly apostrophe, a lower-cased
/// non-ASCII letter) starts a segment of its own.
#[derive(Debug, Default)]
pub struct Norm {
    pub text: String,
    segments: Vec<Segment>,
}

/// Normalized bytes from `norm` up to the next segment's `norm`.
#[derive(Clone, Copy, Debug)]
struct Segment {
    norm: usize,
    src: usize,
    /// `None`: byte `norm + k` came from source byte `src + k`. `Some(end)`:
    /// every byte came from the one character `src..end`.
    char_end: Option<usize>,
}

/// Characters that are dropped: they are invisible and only ever split a
/// word by accident (text hygiene reports them separately).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{00ad}' | '\u{180e}'
    )
}

impl Norm {
    /// Append `s`, every byte of which came from the character `src`.
    fn push(&mut self, s: &str, src: Range<usize>) {
        self.segments.push(Segment {
            norm: self.text.len(),
            src: src.start,
            char_end: Some(src.end),
        });
        self.text.push_str(s);
    }

    /// Append printable ASCII copied from source offset `at`, lower-cased.
    fn push_linear(&mut self, run: &str, at: usize) {
        let norm = self.text.len();
        let continues = self
            .segments
            .last()
            .is_some_and(|s| s.char_end.is_none() && s.src + (norm - s.norm) == at);
        if !continues {
            self.segments.push(Segment {
                norm,
                src: at,
                char_end: None,
            });
        }
        self.text.push_str(run);
        self.text[norm..].make_ascii_lowercase();
    }

    /// Empty it, keeping its buffers for the next piece of prose.
    pub fn clear(&mut self) {
        self.text.clear();
        self.segments.clear();
    }

    /// A word break between two pieces (inline markup, a line break).
    pub fn push_break(&mut self, at: usize) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.push(" ", at..at);
        }
    }

    /// Append `src[range]`, normalized.
    pub fn push_range(&mut self, src: &str, range: Range<usize>) {
        let Some(slice) = src.get(range.clone()) else {
            return;
        };
        self.text.reserve(slice.len());
        let bytes = slice.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // ASCII letters, digits, punctuation and single spaces: one
            // byte in, one out
            let b = bytes[i];
            if b.is_ascii_graphic()
                || (b == b' ' && !self.text.is_empty() && !self.text.ends_with(' '))
            {
                let mut run = i + 1;
                while run < bytes.len()
                    && (bytes[run].is_ascii_graphic()
                        || (bytes[run] == b' ' && bytes[run - 1] != b' '))
                {
                    run += 1;
                }
                self.push_linear(&slice[i..run], range.start + i);
                i = run;
                continue;
            }
            let Some(c) = slice[i..].chars().next() else {
                break;
            };
            let at = range.start + i;
            i += c.len_utf8();
            let char_range = at..at + c.len_utf8();
            if c == ' ' {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.push_linear(" ", at);
                }
                continue;
            }
            if c.is_whitespace() {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.push(" ", char_range);
                }
                continue;
            }
            if is_invisible(c) {
                continue;
            }
            match c {
                '\u{2019}' | '\u{2018}' | '\u{02bc}' => self.push("'", char_range),
                '\u{2010}' | '\u{2011}' => self.push("-", char_range),
                _ => {
                    self.segments.push(Segment {
                        norm: self.text.len(),
                        src: at,
                        char_end: Some(char_range.end),
                    });
                    self.text.extend(c.to_lowercase());
                }
            }
        }
    }

    /// The source range of a range of the normalized text.
    pub fn source(&self, r: Range<usize>) -> Range<usize> {
        if r.is_empty() || r.end > self.text.len() {
            return 0..0;
        }
        let start = self.locate(r.start);
        let end = self.locate(r.end - 1);
        start.start..end.end
    }

    /// The source range the normalized byte `at` came from.
    fn locate(&self, at: usize) -> Range<usize> {
        let k = self.segments.partition_point(|s| s.norm <= at);
        let Some(seg) = k.checked_sub(1).map(|k| self.segments[k]) else {
            return 0..0;
        };
        match seg.char_end {
            None => {
                let src = seg.src + (at - seg.norm);
                src..src + 1
            }
            Some(end) => seg.src..end,
        }
    }
}

/// Normalize a phrase from a rule file or the settings.
pub fn normalize_phrase(s: &str) -> String {
    let mut n = Norm::default();
    n.push_range(s, 0..s.len());
    n.text.trim().to_string()
}

/// The spellings a term matches: a space between words also matches a
/// hyphen; a hyphen also matches a space or nothing (`cis-gendered`,
/// `cis gendered`, `cisgendered`).
pub fn variants(phrase: &str) -> Vec<String> {
    let norm = normalize_phrase(phrase);
    let mut out = vec![String::new()];
    let separators = norm.chars().filter(|c| *c == ' ' || *c == '-').count();
    if separators > 4 {
        return vec![norm];
    }
    for c in norm.chars() {
        let options: &[&str] = match c {
            ' ' => &[" ", "-"],
            '-' => &["-", " ", ""],
            _ => {
                for v in &mut out {
                    v.push(c);
                }
                continue;
            }
        };
        out = out
            .iter()
            .flat_map(|v| options.iter().map(move |o| format!("{v}{o}")))
            .collect();
    }
    out.sort();
    out.dedup();
    out
}

#[derive(Clone, Copy, Debug)]
enum Pattern {
    Term {
        rule: usize,
        term: usize,
    },
    /// An allowed phrase: a rule's exception, or a site-wide one (`None`).
    Allow {
        rule: Option<usize>,
    },
}

/// A term found in normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub rule: usize,
    pub term: usize,
    pub range: Range<usize>,
}

pub struct Matcher {
    /// A compact automaton, cheap to build: a one-file run searches little.
    automaton: Option<AhoCorasick>,
    /// The same patterns as a DFA (one transition per byte, about two and a
    /// half times faster to search but four times dearer to build), built
    /// once [`DFA_AFTER`] bytes have been searched.
    dfa: OnceLock<Option<AhoCorasick>>,
    strings: Vec<String>,
    searched: AtomicUsize,
    patterns: Vec<Pattern>,
}

impl Matcher {
    /// One automaton for all the rules' terms and exceptions and the
    /// site's allowed phrases.
    pub fn new(rules: &[&RuleData], allowed: &[String]) -> Matcher {
        let mut strings: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        for (ri, r) in rules.iter().enumerate() {
            for (ti, t) in r.terms.iter().enumerate() {
                for v in variants(&t.phrase) {
                    strings.push(v);
                    patterns.push(Pattern::Term { rule: ri, term: ti });
                }
            }
            for e in &r.exceptions {
                for v in variants(e) {
                    strings.push(v);
                    patterns.push(Pattern::Allow { rule: Some(ri) });
                }
            }
        }
        for a in allowed {
            for v in variants(a) {
                strings.push(v);
                patterns.push(Pattern::Allow { rule: None });
            }
        }
        Matcher {
            automaton: build(&strings, AhoCorasickKind::ContiguousNFA),
            dfa: OnceLock::new(),
            strings,
            searched: AtomicUsize::new(0),
            patterns,
        }
    }

    /// The automaton to search `len` more bytes with.
    fn automaton(&self, len: usize) -> Option<&AhoCorasick> {
        if let Some(dfa) = self.dfa.get() {
            return dfa.as_ref().or(self.automaton.as_ref());
        }
        let total = self.searched.fetch_add(len, Ordering::Relaxed) + len;
        if total > DFA_AFTER {
            let dfa = self
                .dfa
                .get_or_init(|| build(&self.strings, AhoCorasickKind::DFA));
            return dfa.as_ref().or(self.automaton.as_ref());
        }
        self.automaton.as_ref()
    }

    /// Every hit in `text` that passes word boundaries, conditions and
    /// allowed phrases; per rule, overlapping hits keep the longest.
    pub fn find(&self, text: &str, rules: &[&RuleData]) -> Vec<Hit> {
        let Some(ac) = self.automaton(text.len()) else {
            return Vec::new();
        };
        // most prose holds no term at all: a plain search (which can skip
        // ahead with a prefilter) settles that before the overlapping one
        if !ac.is_match(text) {
            return Vec::new();
        }
        let mut hits = Vec::new();
        let mut allowed: Vec<(Option<usize>, Range<usize>)> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let range = m.start()..m.end();
            if !at_word_boundaries(text, range.clone()) {
                continue;
            }
            match self.patterns[m.pattern().as_usize()] {
                Pattern::Term { rule, term } => hits.push(Hit { rule, term, range }),
                Pattern::Allow { rule } => allowed.push((rule, range)),
            }
        }
        hits.retain(|h| {
            let cond = &rules[h.rule].terms[h.term].conditions;
            conditions_hold(text, h.range.clone(), cond)
                && !allowed.iter().any(|(rule, a)| {
                    rule.is_none_or(|r| r == h.rule)
                        && a.start <= h.range.start
                        && h.range.end <= a.end
                })
        });
        hits.sort_by_key(|h| (h.rule, h.range.start, std::cmp::Reverse(h.range.end)));
        let mut out: Vec<Hit> = Vec::new();
        for h in hits {
            if let Some(last) = out.last()
                && last.rule == h.rule
                && h.range.start < last.range.end
            {
                continue;
            }
            out.push(h);
        }
        out.sort_by_key(|h| (h.range.start, h.rule));
        out
    }
}

/// Bytes of prose searched before the DFA pays for its construction.
const DFA_AFTER: usize = 256 * 1024;

fn build(strings: &[String], kind: AhoCorasickKind) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .kind(Some(kind))
        .match_kind(MatchKind::Standard)
        .build(strings)
        .ok()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn at_word_boundaries(text: &str, r: Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

fn skip_forward(text: &str, mut at: usize) -> usize {
    while let Some(c) = text[at..].chars().next() {
        if c == ' ' || c == '-' {
            at += 1;
        } else {
            break;
        }
    }
    at
}

fn skip_back(text: &str, mut at: usize) -> usize {
    while let Some(c) = text[..at].chars().next_back() {
        if c == ' ' || c == '-' {
            at -= 1;
        } else {
            break;
        }
    }
    at
}

/// Whether one of `words` follows `end` (after spaces or hyphens).
fn followed_by(text: &str, end: usize, words: &[String]) -> bool {
    let at = skip_forward(text, end);
    if at == end {
        return false;
    }
    words.iter().any(|w| {
        let w = w.as_str();
        text[at..].starts_with(w) && at_word_boundaries(text, at..at + w.len())
    })
}

/// Whether one of `words` precedes `start` (before spaces or hyphens).
fn preceded_by(text: &str, start: usize, words: &[String]) -> bool {
    let at = skip_back(text, start);
    if at == start {
        return false;
    }
    words.iter().any(|w| {
        let w = w.as_str();
        text[..at].ends_with(w) && at_word_boundaries(text, at - w.len()..at)
    })
}

fn conditions_hold(text: &str, r: Range<usize>, c: &Conditions) -> bool {
    if let Some(l) = &c.only_before
        && !followed_by(text, r.end, l)
    {
        return false;
    }
    if let Some(l) = &c.not_before
        && followed_by(text, r.end, l)
    {
        return false;
    }
    if let Some(l) = &c.only_after
        && !preceded_by(text, r.start, l)
    {
        return false;
    }
    if let Some(l) = &c.not_after
        && preceded_by(text, r.start, l)
    {
        return false;
    }
    true
}

/// Phrases that, a few words before a term in the same sentence, make the
/// sentence name the term rather than use it ("instead of X", "don't
/// say X", "the word X").
const MENTION_BEFORE: &[&str] = &[
    "instead of",
    "rather than",
    "in place of",
    "don't say",
    "do not say",
    "don't use",
    "do not use",
    "never say",
    "never use",
    "stop saying",
    "stop using",
    "don't refer to",
    "do not refer to",
    "don't call",
    "do not call",
    "don't describe",
    "do not describe",
    "the word",
    "the words",
    "the term",
    "the terms",
    "the phrase",
    "the phrases",
    "the expression",
    "words like",
    "words such as",
    "terms like",
    "terms such as",
    "phrases like",
    "phrases such as",
    "language like",
    "language such as",
];

/// Cues that name a term only when a quotation mark stands between them
/// and it ("avoid 'X'"): "avoid turning a blind eye" uses the idiom.
const MENTION_BEFORE_QUOTED: &[&str] = &[
    "avoid",
    "avoid using",
    "avoid saying",
    "replace",
    "replacing",
    "not",
    "nor",
    "say",
    "saying",
];

/// A verb, then within a few words one of [`MENTION_JUDGEMENT`], after a
/// term: "X is outdated", "X are now considered offensive".
const MENTION_VERB: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "sounds", "seems", "can", "may", "remains",
];
const MENTION_JUDGEMENT: &[&str] = &[
    "outdated",
    "offensive",
    "dated",
    "slur",
    "slurs",
    "derogatory",
    "problematic",
    "inappropriate",
    "unacceptable",
    "pejorative",
    "stigmatising",
    "stigmatizing",
    "hurtful",
    "harmful",
    "insulting",
    "ableist",
    "racist",
    "sexist",
    "exclusionary",
    "archaic",
    "old-fashioned",
];

/// Words before a cue's end allowed between it and the term.
const MENTION_GAP: usize = 3;

/// The words of `s` (letters, digits, inner apostrophes and hyphens) with
/// their ranges.
fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let bytes_end = s.len();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|(_, n)| *n);
        let inner = (c == '\'' || c == '-') && start.is_some() && next.is_some_and(is_word_char);
        if is_word_char(c) || inner {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            out.push((st, &s[st..i]));
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..bytes_end]));
    }
    out
}

/// Bytes of context read on either side of a term: enough for a cue of
/// four words and [`MENTION_GAP`] words between it and the term.
const MENTION_WINDOW: usize = 160;

/// The start of the sentence holding byte `at`, looking back at most
/// [`MENTION_WINDOW`] bytes (then the window's start, and `true`: the
/// first word there may be cut).
fn sentence_start_of(text: &str, at: usize) -> (usize, bool) {
    let mut from = at.saturating_sub(MENTION_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..at];
    let mut best = None;
    for (i, c) in before.char_indices() {
        if matches!(c, '.' | '!' | '?' | ';') && before[i + 1..].starts_with(' ') {
            best = Some(from + i + 2);
        }
    }
    match best {
        Some(b) => (b.min(at), false),
        None => (from, from > 0),
    }
}

/// The end of the sentence holding byte `at`, looking ahead at most
/// [`MENTION_WINDOW`] bytes.
fn sentence_end_of(text: &str, at: usize) -> usize {
    let mut to = (at + MENTION_WINDOW).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let after = &text[at..to];
    for (i, c) in after.char_indices() {
        if matches!(c, '.' | '!' | '?' | ';')
            && (after[i + 1..].starts_with(' ') || at + i + 1 == text.len())
        {
            return at + i;
        }
    }
    to
}

/// Whether the term at `r` starts a sentence (after opening quotes or
/// brackets): its replacement then takes a capital.
pub fn starts_sentence(text: &str, r: Range<usize>) -> bool {
    let before = text[..r.start].trim_end_matches([' ', '"', '\'', '(', '[', '\u{201c}', '*', '_']);
    before.is_empty() || before.ends_with(['.', '!', '?'])
}

/// Whether the sentence around `r` names the term to advise against it
/// rather than using it: "instead of X", "rather than X", "don't say X",
/// "the word X", "avoid 'X'", "X is outdated".
pub fn is_mention(text: &str, r: Range<usize>) -> bool {
    let (start, cut) = sentence_start_of(text, r.start);
    let before = &text[start..r.start];
    let mut before_words = words(before);
    if cut && !before_words.is_empty() {
        before_words.remove(0);
    }
    let n = before_words.len();
    // the index (in words) just after an occurrence of `cue` that ends at
    // most MENTION_GAP words before the term, the closest first
    let cue_ends_at = |cue: &str| -> Option<usize> {
        let len = cue.split(' ').count();
        let last = n.checked_sub(len)?;
        (last.saturating_sub(MENTION_GAP)..=last)
            .rev()
            .find(|&k| {
                cue.split(' ')
                    .enumerate()
                    .all(|(j, w)| before_words[k + j].1 == w)
            })
            .map(|k| k + len)
    };
    for cue in MENTION_BEFORE {
        if let Some(end) = cue_ends_at(cue)
            && n - end <= MENTION_GAP
        {
            return true;
        }
    }
    for cue in MENTION_BEFORE_QUOTED {
        if let Some(end) = cue_ends_at(cue)
            && n - end <= MENTION_GAP
        {
            let (at, word) = before_words[end - 1];
            let from = start + at + word.len();
            if text[from..r.start].contains(['"', '\'', '\u{201c}']) {
                return true;
            }
        }
    }
    let end = sentence_end_of(text, r.end);
    let after = words(&text[r.end..end.max(r.end)]);
    if let Some((_, verb)) = after.first()
        && MENTION_VERB.contains(verb)
        && after
            .iter()
            .skip(1)
            .take(5)
            .any(|(_, w)| MENTION_JUDGEMENT.contains(w))
    {
        return true;
    }
    false
}

/// Ranges of the normalized text inside quotation marks: `"…"`, `“…”`, and
/// single quotes `'…'` / `‘…’` (made straight by normalization) told apart
/// from apostrophes by what surrounds them.
pub fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut pairs = QuotePairs::default();
    // jump from quote to quote: `"`, `'`, and E2, the first byte of `“`
    // and `”` (a first byte, so always the start of a character)
    for i in memchr::memchr3_iter(b'"', b'\'', 0xe2, text.as_bytes()) {
        let Some(c) = text[i..].chars().next() else {
            continue;
        };
        let prev = text[..i].chars().next_back();
        let next = text[i + c.len_utf8()..].chars().next();
        pairs.feed(i, c, prev, next);
    }
    pairs.ranges
}

/// The quotation marks seen so far, and the pairs they made.
#[derive(Default)]
struct QuotePairs {
    double: Option<usize>,
    curly: Option<usize>,
    single: Option<usize>,
    ranges: Vec<Range<usize>>,
}

impl QuotePairs {
    /// The character `c` at byte `i`, between `prev` and `next`; anything
    /// but a quotation mark is ignored.
    fn feed(&mut self, i: usize, c: char, prev: Option<char>, next: Option<char>) {
        match c {
            '\u{201c}' => self.curly = Some(i),
            '\u{201d}' => {
                if let Some(s) = self.curly.take() {
                    self.ranges.push(s..i + c.len_utf8());
                }
            }
            '"' => match self.double.take() {
                Some(s) => self.ranges.push(s..i + 1),
                None => self.double = Some(i),
            },
            '\'' => {
                let after_word = prev.is_some_and(|p| {
                    p.is_alphanumeric() || p == '.' || p == ',' || p == '?' || p == '!'
                });
                let before_word = next.is_some_and(|n| n.is_alphanumeric());
                let opens = !prev.is_some_and(|p| p.is_alphanumeric()) && before_word;
                let closes = after_word && !before_word;
                if self.single.is_none() && opens {
                    self.single = Some(i);
                } else if closes && let Some(s) = self.single.take() {
                    self.ranges.push(s..i + 1);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`quoted_ranges`] as first written: every character fed in turn.
    fn quoted_ranges_by_char(text: &str) -> Vec<Range<usize>> {
        let mut pairs = QuotePairs::default();
        let mut prev: Option<char> = None;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            pairs.feed(i, c, prev, iter.peek().map(|(_, n)| *n));
            prev = Some(c);
        }
        pairs.ranges
    }

    proptest::proptest! {
        #[test]
        fn quoted_ranges_jumping_agrees_with_char_by_char(
            s in "(a|é|\\.|,|!| |'|\"|\u{201c}|\u{201d}|\u{2019}|\u{2010}|1){0,20}"
        ) {
            proptest::prop_assert_eq!(quoted_ranges(&s), quoted_ranges_by_char(&s));
        }
    }

    #[test]
    fn normalization_maps_back_to_the_source() {
        let src = "Ça  va,\nTRANS\u{feff}GENDERED’s";
        let mut n = Norm::default();
        n.push_range(src, 0..src.len());
        assert_eq!(n.text, "ça va, transgendered's");
        let at = n.text.find("transgendered").unwrap();
        let r = n.source(at..at + "transgendered".len());
        assert_eq!(&src[r], "TRANS\u{feff}GENDERED");
    }

    #[test]
    fn hyphen_and_space_variants() {
        assert_eq!(
            variants("cis-gendered"),
            vec!["cis gendered", "cis-gendered", "cisgendered"]
        );
        assert_eq!(variants("able bodied"), vec!["able bodied", "able-bodied"]);
    }

    fn mention(text: &str, term: &str) -> bool {
        let at = text.find(term).unwrap();
        is_mention(text, at..at + term.len())
    }

    #[test]
    fn mentions_are_told_from_uses() {
        assert!(mention("use 'they' instead of 'he/she'.", "he/she"));
        assert!(mention(
            "open with 'welcome everyone' rather than 'welcome ladies and gentlemen'.",
            "ladies and gentlemen"
        ));
        assert!(mention(
            "don't refer to “handicapped people”.",
            "handicapped"
        ));
        assert!(mention("the word homosexual is clinical.", "homosexual"));
        assert!(mention("avoid 'wheelchair-bound'.", "wheelchair-bound"));
        assert!(mention(
            "'transsexual' is outdated for most people.",
            "transsexual"
        ));
        assert!(mention(
            "handicapped is now considered offensive.",
            "handicapped"
        ));
        // uses
        assert!(!mention(
            "the handicapped entrance is closed.",
            "handicapped"
        ));
        assert!(!mention(
            "avoid turning a blind eye to it.",
            "turning a blind eye"
        ));
        assert!(!mention(
            "instead of a meeting. the chairman spoke.",
            "chairman"
        ));
        assert!(!mention(
            "he is handicapped and was offended.",
            "handicapped"
        ));
        assert!(!mention("he or she is welcome.", "he or she"));
    }

    #[test]
    fn sentence_starts() {
        assert!(starts_sentence("bame staff", 0..4));
        assert!(starts_sentence("done. \"bame staff", 7..11));
        assert!(!starts_sentence("our bame staff", 4..8));
    }

    #[test]
    fn quotes_and_apostrophes() {
        let t = "don't say 'case of being x' or “y” or \"z\"; users' rights";
        let q: Vec<&str> = quoted_ranges(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(q, vec!["'case of being x'", "“y”", "\"z\""]);
    }
}
