//! The mention search: one automaton over every form of every entry, whole words only,
//! case rules per entry, the longest form winning where forms overlap.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};

use super::GlossaryEntry;

/// A mention found in text: a byte range and the entry it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Start byte.
    pub(crate) start: usize,
    /// End byte.
    pub(crate) end: usize,
    /// Index of the entry in [`Glossary::entries`].
    pub(crate) entry: usize,
}

#[derive(Debug, Clone)]
struct Pattern {
    entry: usize,
    form: String,
    ignore_case: bool,
}

/// One automaton over every form of every entry: whole words, case rules, longest match.
///
/// A mention starts a word, with a byte some form starts with: the search skips to the
/// next such place ([`FirstBytes`]), then asks the automaton (anchored there,
/// leftmost-longest) for the longest form. Only where that form is rejected (wrong case,
/// or a letter right after it) does it ask a second, overlapping automaton for a shorter
/// valid form starting there (built the first time it is needed: most sites never need
/// it, and with 5,000 entries it takes as long to build as the first). Prose has few such
/// places, so most text is passed over without running the automaton at all.
#[derive(Debug)]
pub(crate) struct Matcher {
    automaton: Option<AhoCorasick>,
    overlapping: std::sync::OnceLock<Option<AhoCorasick>>,
    /// The automata fold ASCII case (some entry ignores case).
    fold: bool,
    patterns: Vec<Pattern>,
    longest: usize,
    /// The bytes some form starts with (both ASCII cases where the automaton folds case).
    first_bytes: FirstBytes,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            automaton: None,
            overlapping: std::sync::OnceLock::new(),
            fold: false,
            patterns: Vec::new(),
            longest: 0,
            first_bytes: FirstBytes::new([false; 256]),
        }
    }
}

impl Matcher {
    pub(super) fn new(entries: &[GlossaryEntry]) -> Matcher {
        let mut patterns = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for form in std::iter::once(&e.name).chain(&e.aliases) {
                let form = form.trim();
                if form.is_empty() {
                    continue;
                }
                let mut variants = vec![form.to_string()];
                if e.ignore_case && !form.is_ascii() {
                    // ASCII letters fold in the automaton; other scripts match these forms.
                    variants.push(form.to_lowercase());
                    variants.push(form.to_uppercase());
                    let mut cs = form.chars();
                    if let Some(f) = cs.next() {
                        variants.push(
                            f.to_uppercase()
                                .chain(cs.flat_map(char::to_lowercase))
                                .collect(),
                        );
                    }
                    variants.sort();
                    variants.dedup();
                }
                for v in variants {
                    patterns.push(Pattern {
                        entry: i,
                        form: v,
                        ignore_case: e.ignore_case,
                    });
                }
            }
        }
        // Fold ASCII case only when some entry asks for it: an exact automaton is smaller
        // and stops at far fewer places that the case check would then reject.
        let fold = patterns.iter().any(|p| p.ignore_case);
        let mut first_bytes = [false; 256];
        for p in &patterns {
            if let Some(&b) = p.form.as_bytes().first() {
                first_bytes[usize::from(b)] = true;
                if fold {
                    first_bytes[usize::from(b.to_ascii_lowercase())] = true;
                    first_bytes[usize::from(b.to_ascii_uppercase())] = true;
                }
            }
        }
        Matcher {
            automaton: build_automaton(
                &patterns,
                fold,
                MatchKind::LeftmostLongest,
                StartKind::Anchored,
            ),
            overlapping: std::sync::OnceLock::new(),
            fold,
            longest: patterns.iter().map(|p| p.form.len()).max().unwrap_or(0),
            patterns,
            first_bytes: FirstBytes::new(first_bytes),
        }
    }

    fn accept(&self, text: &str, start: usize, end: usize, pattern: usize) -> Option<Hit> {
        let p = &self.patterns[pattern];
        let exact = p.ignore_case || text[start..end] == p.form;
        (exact && word_boundary_before(text, start) && word_boundary_after(text, end)).then_some(
            Hit {
                start,
                end,
                entry: p.entry,
            },
        )
    }

    /// The longest valid form that starts exactly at `start`.
    fn longest_valid_at(&self, text: &str, start: usize) -> Option<Hit> {
        let ac = self
            .overlapping
            .get_or_init(|| {
                build_automaton(
                    &self.patterns,
                    self.fold,
                    MatchKind::Standard,
                    StartKind::Unanchored,
                )
            })
            .as_ref()?;
        let end = crate::source::clamp_to_char(text, (start + self.longest).min(text.len()));
        let mut best: Option<Hit> = None;
        for m in ac.find_overlapping_iter(aho_corasick::Input::new(&text[..end]).span(start..end)) {
            if m.start() != start {
                continue;
            }
            if let Some(h) = self.accept(text, m.start(), m.end(), m.pattern().as_usize())
                && best.is_none_or(|b| h.end > b.end)
            {
                best = Some(h);
            }
        }
        best
    }

    /// Every mention in `text`: whole words, case-sensitive unless the entry ignores
    /// case, leftmost-longest where forms overlap, never overlapping each other.
    #[cfg(test)]
    fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.find_into(text, &mut hits);
        hits
    }

    /// [`Matcher::find`] into a list the caller keeps from text to text (cleared first):
    /// an article's prose has hundreds of texts, most with a mention or two.
    pub(crate) fn find_into(&self, text: &str, hits: &mut Vec<Hit>) {
        hits.clear();
        let Some(ac) = &self.automaton else {
            return;
        };
        // Line breaks and tabs count as spaces, so a wrapped name still matches.
        let folded;
        let text = if memchr::memchr3(b'\n', b'\r', b'\t', text.as_bytes()).is_some() {
            folded = text.replace(['\n', '\r', '\t'], " ");
            folded.as_str()
        } else {
            text
        };
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            // The next place a form could start: a first byte (never inside a character,
            // since forms are whole UTF-8) at the start of a word.
            let Some(at) = self.first_bytes.find(bytes, pos) else {
                break;
            };
            pos = at + 1;
            if !word_boundary_before(text, at) {
                continue;
            }
            let input = aho_corasick::Input::new(text)
                .span(at..text.len())
                .anchored(aho_corasick::Anchored::Yes);
            let Some(m) = ac.find(input) else {
                continue;
            };
            let hit = self
                .accept(text, m.start(), m.end(), m.pattern().as_usize())
                .or_else(|| self.longest_valid_at(text, m.start()));
            if let Some(h) = hit {
                pos = h.end;
                hits.push(h);
            }
        }
    }
}

/// An automaton of the forms. A contiguous NFA: the search runs it only a few bytes at a
/// time, at word starts, where a DFA is no faster and costs far more to build.
fn build_automaton(
    patterns: &[Pattern],
    fold: bool,
    match_kind: MatchKind,
    start_kind: StartKind,
) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(fold)
        .match_kind(match_kind)
        .start_kind(start_kind)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(patterns.iter().map(|p| p.form.as_str()))
        .ok()
}

/// The set of bytes some form starts with, and a quick way past text that has none.
///
/// Prose is mostly lower-case letters and spaces, and most forms start with a capital, so
/// many bytes at a time are tested at once against the ASCII ranges the set spans (its
/// lower-case letters and the rest, each as one range) and, when the set has one, any
/// non-ASCII byte: sixteen with SSE2 on x86-64, which then looks up only the bytes that
/// passed; eight in a `u64` (SWAR) elsewhere, which looks byte by byte at an 8-byte word
/// that may hold a member. It pays in a build's wall time against a byte-by-byte scan
/// and against aho-corasick's own unanchored search (docs/performance.md).
#[derive(Debug)]
struct FirstBytes {
    set: [bool; 256],
    /// Inclusive ASCII ranges that cover every ASCII member of `set` (empty: `lo > hi`).
    ranges: [(u8, u8); 2],
    /// The non-empty `ranges` as (start, width), and how many there are (for SSE2).
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    spans: ([(u8, u8); 2], usize),
    /// Whether some member is a non-ASCII byte (for SSE2).
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    high: bool,
}

impl FirstBytes {
    const HIGH: u64 = 0x8080_8080_8080_8080;

    fn new(set: [bool; 256]) -> FirstBytes {
        let mut ranges = [(u8::MAX, 0u8); 2];
        for b in 0..0x80u8 {
            if set[usize::from(b)] {
                let r = &mut ranges[usize::from(b.is_ascii_lowercase())];
                r.0 = r.0.min(b);
                r.1 = r.1.max(b);
            }
        }
        let mut spans = ([(0, 0); 2], 0);
        for &(lo, hi) in ranges.iter().filter(|(lo, hi)| lo <= hi) {
            spans.0[spans.1] = (lo, hi - lo);
            spans.1 += 1;
        }
        let high = set[0x80..].iter().any(|&b| b);
        FirstBytes {
            set,
            ranges,
            spans,
            high,
        }
    }

    /// Whether any byte of `w` (all ASCII) lies in `lo..=hi`. Each byte is below 0x80, so
    /// neither sum carries into the next byte.
    fn any_in(w: u64, (lo, hi): (u8, u8)) -> bool {
        if lo > hi {
            return false;
        }
        let splat = |b: u8| u64::from_ne_bytes([b; 8]);
        let at_least_lo = w.wrapping_add(splat(0x80 - lo));
        let above_hi = w.wrapping_add(splat(0x7f - hi));
        at_least_lo & !above_hi & Self::HIGH != 0
    }

    /// The first position at or after `pos` whose byte is in the set.
    fn find(&self, bytes: &[u8], pos: usize) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        {
            self.find_sse2(bytes, pos)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            self.find_swar(bytes, pos)
        }
    }

    /// [`FirstBytes::find`], sixteen bytes at a time with SSE2 (part of every x86-64): a
    /// byte's place in either range, or its high bit, becomes a bit of a mask, and only
    /// the bytes whose bits are set are looked up in the set.
    #[cfg(target_arch = "x86_64")]
    fn find_sse2(&self, bytes: &[u8], mut pos: usize) -> Option<usize> {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
            _mm_set1_epi8, _mm_sub_epi8,
        };
        let spans = &self.spans.0[..self.spans.1];
        while pos + 16 <= bytes.len() {
            // SAFETY: SSE2 is always there on x86-64; the load reads the 16 bytes at `pos`,
            // inside `bytes`, and needs no alignment.
            let mask = unsafe {
                let x = _mm_loadu_si128(bytes.as_ptr().add(pos).cast::<__m128i>());
                // A byte `b` is in `lo..=lo + width` when `b - lo` (wrapping) is at most
                // `width`, that is when the unsigned minimum of the two is `b - lo`.
                let mut mask = if self.high { _mm_movemask_epi8(x) } else { 0 };
                for &(lo, width) in spans {
                    let t = _mm_sub_epi8(x, _mm_set1_epi8(lo as i8));
                    let inside = _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(width as i8)), t);
                    mask |= _mm_movemask_epi8(inside);
                }
                mask as u32
            };
            let mut m = mask;
            while m != 0 {
                let at = pos + m.trailing_zeros() as usize;
                if self.set[usize::from(bytes[at])] {
                    return Some(at);
                }
                m &= m - 1;
            }
            pos += 16;
        }
        self.find_bytewise(bytes, pos)
    }

    /// [`FirstBytes::find`] one byte at a time: the tail shorter than a vector.
    fn find_bytewise(&self, bytes: &[u8], pos: usize) -> Option<usize> {
        bytes
            .get(pos..)?
            .iter()
            .position(|&b| self.set[usize::from(b)])
            .map(|i| pos + i)
    }

    /// [`FirstBytes::find`], eight bytes at a time in a `u64`, for other machines.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn find_swar(&self, bytes: &[u8], mut pos: usize) -> Option<usize> {
        while let Some(chunk) = bytes.get(pos..pos + 8) {
            let w = u64::from_ne_bytes(chunk.try_into().ok()?);
            if (w & Self::HIGH != 0 || self.ranges.iter().any(|&r| Self::any_in(w, r)))
                && let Some(i) = chunk.iter().position(|&b| self.set[usize::from(b)])
            {
                return Some(pos + i);
            }
            pos += 8;
        }
        self.find_bytewise(bytes, pos)
    }
}

fn word_boundary_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn word_boundary_after(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn entry(id: &str, name: &str, aliases: &[&str], ignore_case: bool) -> GlossaryEntry {
        GlossaryEntry {
            id: id.into(),
            name: name.into(),
            kind: Kind::Term,
            expansion: None,
            short: String::new(),
            definition_html: String::new(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            role: None,
            native: None,
            link: None,
            ignore_case,
        }
    }

    fn found(m: &Matcher, text: &str) -> Vec<(String, usize)> {
        m.find(text)
            .into_iter()
            .map(|h| (text[h.start..h.end].to_string(), h.entry))
            .collect()
    }

    #[test]
    fn every_word_start_is_tried_and_nothing_inside_words() {
        let m = Matcher::new(&[
            entry("thaad", "THAAD", &[], false),
            entry("g20", "#G20", &[], false),
            entry("yoon", "윤석열", &[], false),
        ]);
        assert_eq!(
            found(
                &m,
                "THAAD, XTHAAD THAADs (THAAD) a#G20 #G20 윤석열은 윤석열"
            ),
            vec![
                ("THAAD".into(), 0),
                ("THAAD".into(), 0),
                ("#G20".into(), 1),
                ("윤석열".into(), 2)
            ]
        );
        assert!(found(&m, "").is_empty() && found(&m, "no forms here").is_empty());
    }

    #[test]
    fn one_byte_and_case_folded_forms_are_found() {
        // A one-byte form may be followed by any byte; a folded form starts in any case.
        let m = Matcher::new(&[
            entry("x", "X", &[], false),
            entry("thaad", "thaad", &[], true),
            entry("yoon", "윤", &[], false),
        ]);
        assert_eq!(
            found(&m, "X, X-ray, Xs tHAAD THAAD Thaad 윤, X"),
            vec![
                ("X".into(), 0),
                ("X".into(), 0),
                ("tHAAD".into(), 1),
                ("THAAD".into(), 1),
                ("Thaad".into(), 1),
                ("윤".into(), 2),
                ("X".into(), 0)
            ]
        );
        assert_eq!(found(&m, "The X"), vec![("X".into(), 0)]);
    }

    #[test]
    fn case_sensitive_by_default() {
        let m = Matcher::new(&[entry("thaad", "THAAD", &[], false)]);
        assert_eq!(found(&m, "THAAD and thaad"), vec![("THAAD".into(), 0)]);
    }

    #[test]
    fn ignore_case_matches_any_case() {
        let m = Matcher::new(&[entry("three-noes", "three noes", &[], true)]);
        assert_eq!(found(&m, "The Three Noes"), vec![("Three Noes".into(), 0)]);
    }

    #[test]
    fn aliases_match_their_entry() {
        let m = Matcher::new(&[
            entry("a", "Alpha", &[], false),
            entry("yoon", "Yoon Suk Yeol", &["Yoon"], false),
        ]);
        assert_eq!(found(&m, "Yoon said"), vec![("Yoon".into(), 1)]);
    }

    #[test]
    fn a_form_wrapped_across_lines_matches() {
        let m = Matcher::new(&[entry(
            "thaad",
            "Terminal High Altitude Area Defense",
            &[],
            false,
        )]);
        assert_eq!(
            found(&m, "US Terminal High\nAltitude Area Defense (THAAD)").len(),
            1
        );
    }

    #[test]
    fn a_rejected_longest_form_falls_back_to_a_shorter_valid_one() {
        let m = Matcher::new(&[
            entry("thaad", "THAAD", &[], false),
            entry("thaad-b", "THAAD b", &[], false),
            entry("moon", "Moon", &[], false),
        ]);
        // "THAAD b" is followed by a letter, so only "THAAD" is a whole word here.
        assert_eq!(found(&m, "THAAD bx"), vec![("THAAD".into(), 0)]);
        // A case-insensitive hit of a case-sensitive form is skipped, not fatal.
        assert_eq!(found(&m, "thaad Moon"), vec![("Moon".into(), 2)]);
    }

    #[test]
    fn whole_words_only() {
        let m = Matcher::new(&[entry("moon", "Moon", &[], false)]);
        assert!(found(&m, "Moonlight and Honeymoon, Moon2").is_empty());
        assert_eq!(found(&m, "(Moon)"), vec![("Moon".into(), 0)]);
    }

    #[test]
    fn the_longest_overlapping_form_wins() {
        let m = Matcher::new(&[
            entry("thaad", "THAAD", &[], false),
            entry("thaad-battery", "THAAD battery", &[], false),
        ]);
        assert_eq!(
            found(&m, "a THAAD battery and THAAD"),
            vec![("THAAD battery".into(), 1), ("THAAD".into(), 0)]
        );
    }

    #[test]
    fn unicode_text_and_forms() {
        let m = Matcher::new(&[
            entry("yoon", "윤석열", &[], false),
            entry("cafe", "Café", &[], true),
        ]);
        assert_eq!(
            found(&m, "대통령 윤석열은"),
            Vec::<(String, usize)>::new(),
            "a letter after the form is not a word boundary"
        );
        assert_eq!(found(&m, "— 윤석열, said"), vec![("윤석열".into(), 0)]);
        assert_eq!(
            found(&m, "CAFÉ café"),
            vec![("CAFÉ".into(), 1), ("café".into(), 1)]
        );
    }
}
