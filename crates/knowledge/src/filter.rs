//! A quick negative test for word lookups: most words of a text are in no lexicon, and telling
//! so from a word's first byte and length costs a table read instead of hashing the word.

/// The (first byte, length) pairs of a set of words. `may_contain` is false only for words that
/// are certainly not in the set; a true answer still needs the real lookup.
#[derive(Clone)]
pub struct WordFilter {
    /// Bit `min(len, 63)` of entry `b` is set when a word of that length starts with byte `b`.
    lengths_by_first_byte: Box<[u64; 256]>,
    has_empty: bool,
}

impl WordFilter {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut filter = WordFilter { lengths_by_first_byte: Box::new([0; 256]), has_empty: false };
        for w in words {
            match w.as_bytes().first() {
                Some(&b) => filter.lengths_by_first_byte[usize::from(b)] |= 1 << w.len().min(63),
                None => filter.has_empty = true,
            }
        }
        filter
    }

    /// False when `word` is certainly not one of the words the filter was built from.
    #[inline]
    pub fn may_contain(&self, word: &str) -> bool {
        match word.as_bytes().first() {
            Some(&b) => self.lengths_by_first_byte[usize::from(b)] >> word.len().min(63) & 1 == 1,
            None => self.has_empty,
        }
    }
}

impl std::fmt::Debug for WordFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pairs: u32 = self.lengths_by_first_byte.iter().map(|m| m.count_ones()).sum();
        f.debug_struct("WordFilter").field("first_byte_length_pairs", &pairs).field("has_empty", &self.has_empty).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::WordFilter;

    #[test]
    fn never_rejects_a_member_and_rejects_other_shapes() {
        let long = "x".repeat(80);
        let words = ["said", "told", "according", "é-mail", long.as_str()];
        let filter = WordFilter::new(words.iter().copied());
        for w in words {
            assert!(filter.may_contain(w), "{w}");
        }
        // Same first byte and length as a member: a possible member.
        assert!(filter.may_contain("sold"));
        // Another length, another first byte, or empty: certainly not.
        assert!(!filter.may_contain("says".get(..3).unwrap_or("")));
        assert!(!filter.may_contain("bold"));
        assert!(!filter.may_contain(""));
        assert!(!filter.may_contain("Said"));
        // Lengths from 63 on share one bit.
        assert!(filter.may_contain(&"x".repeat(63)));
        assert!(!filter.may_contain(&"y".repeat(80)));
        assert!(WordFilter::new([""]).may_contain(""));
    }
}
