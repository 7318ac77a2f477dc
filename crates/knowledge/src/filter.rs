//! A quick negative test for word lookups: most words of a text are in no lexicon, and telling
//! so from a word's first and last bytes and its length costs a table read instead of hashing
//! the word.

/// The (first byte, last byte, length) shapes of a set of words, each byte cut to its low five
/// bits (which tell the letters apart, case aside). `may_contain` is false only for words that
/// are certainly not in the set; a true answer still needs the real lookup.
#[derive(Clone)]
pub struct WordFilter {
    /// Bit `min(len, 63)` of entry `32 * (first & 31) + (last & 31)` is set when a word of that
    /// length has those first and last bytes.
    lengths: Box<[u64; 1024]>,
    has_empty: bool,
}

/// The table entry of a non-empty word.
#[inline]
fn slot(bytes: &[u8]) -> usize {
    let (first, last) = (bytes.first().copied().unwrap_or(0), bytes.last().copied().unwrap_or(0));
    usize::from(first & 31) << 5 | usize::from(last & 31)
}

impl WordFilter {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut filter = WordFilter { lengths: Box::new([0; 1024]), has_empty: false };
        for w in words {
            if w.is_empty() {
                filter.has_empty = true;
            } else {
                filter.lengths[slot(w.as_bytes())] |= 1 << w.len().min(63);
            }
        }
        filter
    }

    /// False when `word` is certainly not one of the words the filter was built from.
    #[inline]
    pub fn may_contain(&self, word: &str) -> bool {
        if word.is_empty() {
            return self.has_empty;
        }
        self.lengths[slot(word.as_bytes())] >> word.len().min(63) & 1 == 1
    }
}

/// A table of words with a [`WordFilter`] in front. The entities stage asks the name, first-name,
/// organisation-word and abbreviation tables about every capitalised word and run, and most are
/// in none of them: the filter says so from three bytes' worth of shape, where the map would hash
/// the word first.
#[derive(Clone)]
pub struct FilteredMap<V> {
    map: foldhash::HashMap<String, V>,
    shapes: WordFilter,
}

impl<V> FilteredMap<V> {
    pub fn new(map: foldhash::HashMap<String, V>) -> Self {
        let shapes = WordFilter::new(map.keys().map(String::as_str));
        FilteredMap { map, shapes }
    }

    #[inline]
    pub fn get(&self, word: &str) -> Option<&V> {
        if !self.shapes.may_contain(word) {
            return None;
        }
        self.map.get(word)
    }

    #[inline]
    pub fn contains_key(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.map.keys()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.map.iter()
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for FilteredMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilteredMap").field("map", &self.map).field("shapes", &self.shapes).finish()
    }
}

impl std::fmt::Debug for WordFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shapes: u32 = self.lengths.iter().map(|m| m.count_ones()).sum();
        f.debug_struct("WordFilter").field("shapes", &shapes).field("has_empty", &self.has_empty).finish()
    }
}

/// `word` with its ASCII letters lower-cased, written into `buf`, when `word` is ASCII and fits
/// (`None` otherwise: lower-case it with Unicode's rules). The lexicon lookups asked of every
/// word then need no `String` for it.
#[inline]
pub fn ascii_lowercase_in<'b>(word: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    if !word.is_ascii() {
        return None;
    }
    let lower = buf.get_mut(..word.len())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).ok()
}

/// A fixed list of words asked about for nearly every token ("is this a determiner?"): looked
/// up in a [`WordMap`](crate::WordMap), built on first use, where scanning the list compared
/// every entry.
pub struct WordList {
    words: &'static [&'static str],
    set: std::sync::OnceLock<crate::WordMap<()>>,
}

impl WordList {
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordList { words, set: std::sync::OnceLock::new() }
    }

    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.set.get_or_init(|| crate::WordMap::new(self.words.iter().map(|w| (w.to_string(), ())))).contains_key(word)
    }

    /// The words, as listed.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn word_list_finds_exactly_its_words() {
        static LIST: super::WordList = super::WordList::new(&["the", "a", "an", "The"]);
        assert!(LIST.contains("the") && LIST.contains("an") && LIST.contains("The"));
        // Case and whole words matter, as with the lists' former slice scans.
        assert!(!LIST.contains("THE") && !LIST.contains("th") && !LIST.contains("") && !LIST.contains("then"));
    }

    #[test]
    fn ascii_words_lower_case_in_the_buffer_when_they_fit() {
        let mut buf = [0u8; 8];
        assert_eq!(super::ascii_lowercase_in("Foreign", &mut buf), Some("foreign"));
        assert_eq!(super::ascii_lowercase_in("", &mut buf), Some(""));
        assert_eq!(super::ascii_lowercase_in("Ministers", &mut buf), None, "longer than the buffer");
        assert_eq!(super::ascii_lowercase_in("Émigré", &mut buf), None, "not ASCII");
    }

    use super::WordFilter;

    proptest::proptest! {
        /// Over words that share shapes (first and last letters of either case, lengths around
        /// a member's) the filtered map answers as the map it wraps.
        #[test]
        fn filtered_map_answers_as_its_map(entries in proptest::collection::vec(("[abAB é]{0,6}", 0u8..4), 0..40), probes in proptest::collection::vec("[abAB é]{0,7}", 0..40)) {
            let map: foldhash::HashMap<String, u8> = entries.iter().cloned().collect();
            let filtered = super::FilteredMap::new(map.clone());
            for word in entries.iter().map(|(w, _)| w).chain(&probes) {
                proptest::prop_assert_eq!(filtered.get(word), map.get(word.as_str()));
                proptest::prop_assert_eq!(filtered.contains_key(word), map.contains_key(word.as_str()));
            }
            proptest::prop_assert_eq!(filtered.len(), map.len());
        }
    }

    #[test]
    fn never_rejects_a_member_and_rejects_other_shapes() {
        let long = "x".repeat(80);
        let words = ["said", "told", "according", "é-mail", long.as_str()];
        let filter = WordFilter::new(words.iter().copied());
        for w in words {
            assert!(filter.may_contain(w), "{w}");
        }
        // Same first and last bytes and length as a member: a possible member (so is the
        // capitalised member, as only the low bits of a byte count).
        assert!(filter.may_contain("sand"));
        assert!(filter.may_contain("Said"));
        // Another length, another first or last byte, or empty: certainly not.
        assert!(!filter.may_contain("sad"));
        assert!(!filter.may_contain("bold"));
        assert!(!filter.may_contain("soda"));
        assert!(!filter.may_contain("saie"));
        assert!(!filter.may_contain(""));
        // Lengths from 63 on share one bit.
        assert!(filter.may_contain(&"x".repeat(63)));
        assert!(!filter.may_contain(&"y".repeat(80)));
        assert!(WordFilter::new([""]).may_contain(""));
    }
}
