//! The near-miss index: the names a word, or a run of words, may be a misspelling of
//! (within an edit or two: `THADD` for `THAAD`, `Aldogra Fredry` for `Aldgra Fredly`),
//! found without comparing it with every name.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::Mutex;

/// A possessive is the name itself: Pyongyang’s.
pub(crate) fn strip_possessive(word: &str) -> Option<&str> {
    word.strip_suffix("’s").or_else(|| word.strip_suffix("'s"))
}

/// The names that a word may be part of a near miss of, found without comparing the word
/// with every name: a SymSpell-style index of one word of each name (the one that tells
/// names apart best: the rarest among the names, then the longest) with up to as many
/// letters deleted as [`near_miss`] allows it to
/// differ by. Two words within `k` edits (adjacent transpositions included) become the
/// same word when at most `k` letters are deleted from each, so a word looks itself up
/// with as many letters deleted as any indexed word of a length near its own allows;
/// [`NearMissIndex::near_miss_at`] then decides.
pub(crate) struct NearMissIndex<'a> {
    /// Each name's words (none for a name too short to check).
    names: Vec<Vec<&'a str>>,
    /// By whether the word is capitalised: a hash of the word with letters deleted → the
    /// names, each with the word's place in its name.
    by_deletion: [DeletionMap; 2],
    /// By length in characters: the most edits an indexed word of that length allows.
    edits_by_len: Vec<usize>,
    /// What [`NearMissIndex::lookup`] found for each word already looked up.
    memo: Memo,
}

impl<'a> NearMissIndex<'a> {
    pub(crate) fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut index = NearMissIndex {
            names: names
                .into_iter()
                .map(|name| {
                    if name.chars().count() < 5 {
                        Vec::new()
                    } else {
                        name.split_whitespace().collect()
                    }
                })
                .collect(),
            by_deletion: Default::default(),
            edits_by_len: Vec::new(),
            memo: Memo::new(),
        };
        // How many names each word is part of: a name is indexed by its rarest word, so
        // that a word many names share (`University`, `Province`) does not make each of
        // its mentions a candidate for all of them.
        let mut shared: HashMap<&str, u32> = HashMap::new();
        for parts in &index.names {
            for (k, w) in parts.iter().enumerate() {
                if !parts[..k].contains(w) {
                    *shared.entry(w).or_default() += 1;
                }
            }
        }
        for (n, parts) in index.names.iter().enumerate() {
            // The rarest word; of those, the longest (it tells names apart best), then
            // the first.
            let key = (0..parts.len()).rev().max_by_key(|&k| {
                (
                    std::cmp::Reverse(shared.get(parts[k]).copied().unwrap_or(0)),
                    parts[k].chars().count(),
                )
            });
            if let Some(k) = key {
                let len = parts[k].chars().count();
                // No name has a word this long; its deletions would cost its length cubed.
                if len > LONGEST_WORD {
                    continue;
                }
                let allowed = edits_allowed(len, parts.len() > 1);
                if index.edits_by_len.len() <= len {
                    index.edits_by_len.resize(len + 1, 0);
                }
                index.edits_by_len[len] = index.edits_by_len[len].max(allowed);
                let map = &mut index.by_deletion[usize::from(is_capitalised(parts[k]))];
                deletions(parts[k], allowed, &mut |key| {
                    let names = map.entry(key).or_default();
                    if names.last() != Some(&(n as u32, k)) {
                        names.push((n as u32, k));
                    }
                });
            }
        }
        index
    }

    /// Which of the two maps `word` is looked up in, and with how many letters deleted;
    /// `None` when no indexed word is within reach of it.
    fn reach(&self, word: &str) -> Option<(&DeletionMap, usize)> {
        let map = &self.by_deletion[usize::from(is_capitalised(word))];
        if map.is_empty() {
            return None;
        }
        let len = word.chars().count();
        // Letters are deleted from the word only as far as an indexed word of a length
        // within reach could differ from it.
        let reach = (len.saturating_sub(2)..=len + 2).filter_map(|l| {
            let allowed = *self.edits_by_len.get(l)?;
            (l.abs_diff(len) <= allowed).then_some(allowed)
        });
        reach.max().map(|depth| (map, depth))
    }

    /// Calls `found` with every name whose indexed word may be a near miss of `word` (the
    /// index's candidates, found in `map` with up to `depth` letters deleted), and that
    /// word's place in the name.
    fn candidates_in(
        map: &DeletionMap,
        word: &str,
        depth: usize,
        found: &mut dyn FnMut(u32, usize),
    ) {
        deletions(word, depth, &mut |key| {
            if let Some(names) = map.get(&key) {
                names.iter().for_each(|&(n, k)| found(n, k));
            }
        });
    }

    /// Calls `found` with every name that has a word `word` is within that word's edits
    /// of, and the word's place in the name: those of the index's candidates that
    /// [`near_miss`] would not turn down for this word alone. Remembered for each word.
    pub(crate) fn lookup(&self, word: &str, found: &mut impl FnMut(u32, usize)) {
        // Most words are out of reach of every name (lower case, or of no length a name
        // has): telling costs less than remembering.
        let Some((map, depth)) = self.reach(word) else {
            return;
        };
        self.memo.get_or_find(word, found, |found| {
            Self::candidates_in(map, word, depth, &mut |n, k| {
                let parts = &self.names[n as usize];
                if word_distance(parts[k], word, parts.len() > 1).is_some() {
                    found(n, k);
                }
            })
        });
    }

    /// The words from `ws[i]` on, as many as name `n` has, when they look like a misspelling
    /// of it: their span in `text` and the text as written (without a possessive `’s`).
    pub(crate) fn near_miss_at<'t>(
        &self,
        text: &'t str,
        ws: &[(Range<usize>, &'t str)],
        i: usize,
        n: u32,
    ) -> Option<(Range<usize>, &'t str)> {
        let parts = &self.names[n as usize];
        let window = ws.get(i..i + parts.len())?;
        let (first, last) = (window.first()?, window.last()?);
        let last_word = strip_possessive(last.1).unwrap_or(last.1);
        let words = window
            .iter()
            .enumerate()
            .map(|(j, (_, w))| if j + 1 == window.len() { last_word } else { w });
        near_miss(parts, words).then(|| {
            let candidate = &text[first.0.start..last.0.start + last_word.len()];
            (first.0.start..last.0.end, candidate)
        })
    }
}

/// The longest word of a name that is looked for near misses, in characters.
const LONGEST_WORD: usize = 40;

/// The most words each worker thread remembers the look-ups of.
const MEMO_WORDS: usize = 1 << 16;

/// Words already looked up, with what was found. An archive's articles share most of
/// their words, so `check` looks up each word about once, not once for each time it is
/// written. One map for each worker thread (a thread only waits for its own), each of at
/// most [`MEMO_WORDS`] words.
struct Memo {
    shards: Box<[Mutex<WordsFound>]>,
}

/// A word → the names found for it, each with the word's place in the name.
type WordsFound = HashMap<Box<str>, Box<[(u32, usize)]>>;

impl Memo {
    fn new() -> Self {
        Memo {
            shards: (0..=rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
        }
    }

    /// Calls `found` with what `find` finds for `word`, found once.
    fn get_or_find(
        &self,
        word: &str,
        found: &mut impl FnMut(u32, usize),
        find: impl FnOnce(&mut dyn FnMut(u32, usize)),
    ) {
        // Threads outside the pool share the first map.
        let shard = rayon::current_thread_index().map_or(0, |i| i + 1) % self.shards.len();
        let mut map = self.shards[shard].lock().unwrap_or_else(|e| e.into_inner());
        if let Some(names) = map.get(word) {
            names.iter().for_each(|&(n, k)| found(n, k));
            return;
        }
        let mut names = Vec::new();
        find(&mut |n, k| names.push((n, k)));
        // A word meets a name at each of the forms it shares with it.
        names.sort_unstable();
        names.dedup();
        names.iter().for_each(|&(n, k)| found(n, k));
        if map.len() < MEMO_WORDS {
            map.insert(word.into(), names.into());
        }
    }
}

/// A hash of a word with letters deleted → (name, the word's place in the name).
type DeletionMap = HashMap<u64, Vec<(u32, usize)>, BuildHasherDefault<KeyIsHash>>;

/// The index's keys are hashes already.
#[derive(Default)]
struct KeyIsHash(u64);

impl std::hash::Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// How many edits [`near_miss`] allows a word of a name, by its length in characters.
fn edits_allowed(len: usize, several_words: bool) -> usize {
    // In a name of several words the others anchor the match, so shorter words may vary.
    let min_len = if several_words { 4 } else { 5 };
    if len >= 10 {
        2
    } else if len >= min_len {
        1
    } else {
        0
    }
}

/// Calls `key` with a hash of `word` and of each form of it with up to `depth` (at most 2)
/// characters deleted.
fn deletions(word: &str, depth: usize, key: &mut dyn FnMut(u64)) {
    // Most words fit on the stack.
    let mut short = ['\0'; 32];
    let long: Vec<char>;
    let chars: &[char] = if word.chars().count() <= short.len() {
        let mut n = 0;
        for c in word.chars() {
            short[n] = c;
            n += 1;
        }
        &short[..n]
    } else {
        long = word.chars().collect();
        &long
    };
    let hash = |skip: [usize; 2]| {
        // FNV-1a: a stable hash of the characters kept.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (i, c) in chars.iter().enumerate() {
            if i != skip[0] && i != skip[1] {
                h = (h ^ u64::from(u32::from(*c))).wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    };
    let none = usize::MAX;
    key(hash([none, none]));
    if depth >= 1 {
        for a in 0..chars.len() {
            key(hash([a, none]));
            if depth >= 2 {
                for b in a + 1..chars.len() {
                    key(hash([a, b]));
                }
            }
        }
    }
}

/// True when each word is close to the name's word (within the edits its length allows),
/// with the same case shape, and not all are the same.
fn near_miss<'w>(parts: &[&str], candidate: impl Iterator<Item = &'w str>) -> bool {
    let mut total = 0;
    let mut count = 0;
    for (a, b) in parts.iter().zip(candidate) {
        count += 1;
        match word_distance(a, b, parts.len() > 1) {
            Some(d) => total += d,
            None => return false,
        }
    }
    count == parts.len() && total > 0
}

/// The edits between `b` and the word `a` of a name, when within what `a` allows and of
/// the same case shape.
fn word_distance(a: &str, b: &str, several_words: bool) -> Option<usize> {
    if is_capitalised(a) != is_capitalised(b) {
        return None;
    }
    let len = a.chars().count();
    let allowed = edits_allowed(len, several_words);
    if len.abs_diff(b.chars().count()) > allowed {
        return None;
    }
    // Equal words are the common case (the rest of a name spelled right), and a word
    // allowed no edit must be equal: neither needs the edit distance.
    let d = if a == b {
        0
    } else if allowed == 0 {
        return None;
    } else {
        strsim::osa_distance(a, b)
    };
    (d <= allowed).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `near_miss` of a name written as one string.
    fn nm(name: &str, candidate: &[&str]) -> bool {
        let parts: Vec<&str> = name.split_whitespace().collect();
        near_miss(&parts, candidate.iter().copied())
    }

    #[test]
    fn near_misses() {
        assert!(nm("THAAD", &["THADD"]));
        assert!(nm("Aldgra Fredly", &["Aldogra", "Fredry"]));
        assert!(!nm("THAAD", &["THAAD"]));
        assert!(!nm("Moon", &["Noon"]), "short names are left alone");
        assert!(nm("Yoon Suk Yeol", &["Yoon", "Suk", "Yoel"]));
        assert!(!nm("Wang Yi", &["Wang", "Ye"]));
        assert!(!nm("Seongju", &["Seoul"]));
        assert!(!nm(
            "Chinese Foreign Ministry",
            &["Chinese", "Foreign", "Minister"]
        ));
    }

    /// Every word within the edits `near_miss` allows: letters deleted, inserted, replaced
    /// and swapped, once and twice.
    fn edits(word: &str) -> Vec<String> {
        let one = |w: &str| {
            let c: Vec<char> = w.chars().collect();
            let mut out = Vec::new();
            for i in 0..=c.len() {
                for x in ['a', 'E', 'z', 'ü'] {
                    let mut v = c.clone();
                    v.insert(i, x);
                    out.push(v.iter().collect::<String>());
                    if i < c.len() {
                        let mut v = c.clone();
                        v[i] = x;
                        out.push(v.iter().collect());
                    }
                }
                if i < c.len() {
                    let mut v = c.clone();
                    v.remove(i);
                    out.push(v.iter().collect());
                }
                if i + 1 < c.len() {
                    let mut v = c.clone();
                    v.swap(i, i + 1);
                    out.push(v.iter().collect());
                }
            }
            out
        };
        let first = one(word);
        let mut all: Vec<String> = first.iter().flat_map(|w| one(w)).collect();
        all.extend(first);
        all
    }

    #[test]
    fn the_near_miss_index_finds_every_near_miss_a_full_comparison_finds() {
        let names = [
            "THAAD",
            "Seongju",
            "Pyeongtaek",
            "Yoon Suk Yeol",
            "Kim Sung-jae",
            // Words several names share: each is indexed by another of its words.
            "Seoul National University",
            "Korea University",
            "University of Seoul",
            "Kim Jong Un",
        ];
        let index = NearMissIndex::new(names);
        for (n, name) in names.iter().enumerate() {
            let parts: Vec<&str> = name.split_whitespace().collect();
            for k in 0..parts.len() {
                for variant in edits(parts[k]) {
                    let mut words = parts.clone();
                    words[k] = &variant;
                    if !nm(name, &words) {
                        continue;
                    }
                    let mut found = Vec::new();
                    for (i, w) in words.iter().enumerate() {
                        index.lookup(w, &mut |m, at| {
                            if i >= at {
                                found.push((m as usize, i - at));
                            }
                        });
                    }
                    assert!(
                        found.contains(&(n, 0)),
                        "{words:?} is a near miss of {name} the index does not find"
                    );
                }
            }
        }
    }

    #[test]
    fn a_word_many_names_share_does_not_make_them_all_candidates() {
        let names: Vec<String> = (0..2000).map(|i| format!("K{i:04} University")).collect();
        let index = NearMissIndex::new(names.iter().map(String::as_str));
        let mut found = 0;
        index.lookup("University", &mut |_, _| found += 1);
        index.lookup("Univresity", &mut |_, _| found += 1);
        assert_eq!(found, 0);
        let mut found = Vec::new();
        index.lookup("K0O17", &mut |n, k| found.push((n, k)));
        assert!(found.contains(&(17, 0)), "{found:?}");
        // Those within an edit of it (`K0017`, `K0117`, …), not all 2,000.
        assert!(found.len() < 50, "{}", found.len());
    }

    #[test]
    fn a_look_up_keeps_only_names_the_word_is_near_and_is_the_same_the_second_time() {
        let index = NearMissIndex::new(["Pyeongtaek", "Pyeongchang", "THAAD"]);
        let look = |w: &str| {
            let mut found = Vec::new();
            index.lookup(w, &mut |n, k| found.push((n, k)));
            found
        };
        // `Pyeongtaak` is within a deletion of both long names' words, near only one.
        assert_eq!(look("Pyeongtaak"), [(0, 0)]);
        assert_eq!(look("Pyeongtaak"), [(0, 0)], "remembered");
        assert_eq!(look("THADD"), [(2, 0)]);
        assert!(look("pyeongtaak").is_empty(), "case shape differs");
    }

    #[test]
    fn a_word_longer_than_any_name_is_not_indexed() {
        let long = "“".repeat(300);
        let index = NearMissIndex::new([long.as_str(), "Pyeongtaek"]);
        let mut found = Vec::new();
        index.lookup(&long, &mut |n, k| found.push((n, k)));
        index.lookup("Pyeongtaak", &mut |n, k| found.push((n, k)));
        found.dedup();
        assert_eq!(found, [(1, 0)]);
    }
}
