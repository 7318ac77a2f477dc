//! A map from words to values for the lexicon look-ups asked of every word of a text. Lexicon
//! words are short: one of up to eight bytes is packed with its length into a slot of an
//! open-addressing table and found by comparing those two integers, where a hash map would hash
//! the bytes and compare strings through a call. Longer words go to a hash map.

use foldhash::{HashMap, HashMapExt};

/// Words (of any length) and their values; `get` answers as a `HashMap<String, V>` built from
/// the same entries would.
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    /// Power-of-two sized, at most half full, so that a probe always reaches an empty slot.
    slots: Box<[Slot]>,
    /// Where `slot_of` takes its bits: 64 less the number of bits of a slot index.
    shift: u32,
    values: Vec<V>,
    /// Words of more than eight bytes → index in `values`.
    long: HashMap<String, usize>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    packed: u64,
    /// The word's length, or `EMPTY`.
    len: u32,
    value: u32,
}

const EMPTY: u32 = u32::MAX;
const EMPTY_SLOT: Slot = Slot { packed: 0, len: EMPTY, value: 0 };

/// A word of up to eight bytes as one integer, which together with its length tells it from
/// every other such word: its first and last two (or four) bytes, which overlap or meet in a
/// word of two to three (four to eight) bytes. None for a longer word.
#[inline]
fn pack(word: &[u8]) -> Option<u64> {
    match word.len() {
        0 => Some(0),
        1 => word.first().map(|&b| u64::from(b)),
        2..=3 => {
            let (first, last) = (word.first_chunk::<2>()?, word.last_chunk::<2>()?);
            Some(u64::from(u16::from_le_bytes(*first)) | u64::from(u16::from_le_bytes(*last)) << 16)
        }
        4..=8 => {
            let (first, last) = (word.first_chunk::<4>()?, word.last_chunk::<4>()?);
            Some(u64::from(u32::from_le_bytes(*first)) | u64::from(u32::from_le_bytes(*last)) << 32)
        }
        _ => None,
    }
}

impl<V> WordMap<V> {
    /// The map of `entries`; of repeated words the last value stays, as in a hash map.
    pub fn new(entries: impl IntoIterator<Item = (String, V)>) -> Self {
        // Sized for every entry (the maps handed over know their length): grown step by step,
        // the lists and the index were copied and rehashed a dozen times at start-up.
        let entries = entries.into_iter();
        let count = entries.size_hint().0;
        let mut short: Vec<(u64, u32, V)> = Vec::with_capacity(count);
        let mut long: HashMap<String, usize> = HashMap::new();
        let mut values: Vec<V> = Vec::with_capacity(count);
        let mut short_index: HashMap<(u64, u32), usize> = HashMap::with_capacity(count);
        for (word, value) in entries {
            match pack(word.as_bytes()) {
                Some(packed) => {
                    // The tables are a few thousand words: a length fits in u32.
                    let key = (packed, word.len() as u32);
                    match short_index.get(&key) {
                        Some(&at) => short[at].2 = value,
                        None => {
                            short_index.insert(key, short.len());
                            short.push((packed, key.1, value));
                        }
                    }
                }
                None => match long.get(&word) {
                    Some(&at) => values[at] = value,
                    None => {
                        long.insert(word, values.len());
                        values.push(value);
                    }
                },
            }
        }
        let bits = (short.len() * 2).max(8).next_power_of_two().trailing_zeros();
        let mut slots = vec![EMPTY_SLOT; 1 << bits].into_boxed_slice();
        let mask = slots.len() - 1;
        for (packed, len, value) in short {
            let mut at = slot_of(packed, len, 64 - bits);
            while slots[at].len != EMPTY {
                at = (at + 1) & mask;
            }
            slots[at] = Slot { packed, len, value: values.len() as u32 };
            values.push(value);
        }
        WordMap { slots, shift: 64 - bits, values, long }
    }

    #[inline]
    pub fn get(&self, word: &str) -> Option<&V> {
        let Some(packed) = pack(word.as_bytes()) else {
            return self.long.get(word).and_then(|&at| self.values.get(at));
        };
        let len = word.len() as u32;
        let mask = self.slots.len() - 1;
        let mut at = slot_of(packed, len, self.shift);
        loop {
            let slot = self.slots.get(at)?;
            if slot.len == EMPTY {
                return None;
            }
            if slot.packed == packed && slot.len == len {
                return self.values.get(slot.value as usize);
            }
            at = (at + 1) & mask;
        }
    }

    #[inline]
    pub fn contains_key(&self, word: &str) -> bool {
        self.get(word).is_some()
    }
}

/// The first slot to probe for a packed word: a multiplicative hash, its top bits.
#[inline]
fn slot_of(packed: u64, len: u32, shift: u32) -> usize {
    let mixed = (packed ^ u64::from(len).rotate_right(8)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> shift) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_of_every_length_and_their_near_misses() {
        let words = ["", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi", "said", "über", "дума"];
        let map = WordMap::new(words.iter().enumerate().map(|(i, w)| (w.to_string(), i)));
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), Some(&i), "{w:?}");
        }
        for miss in ["b", "ba", "abd", "abce", "bbcde", "abcdefh", "abcdefgi", "abcdefghj", "abcdefghij", "Said", "sai", "aid", "ubër"] {
            assert_eq!(map.get(miss), None, "{miss:?}");
        }
        // A repeated word keeps its last value.
        let map = WordMap::new([("in".to_string(), 1), ("in".to_string(), 2), ("interview".to_string(), 3), ("interview".to_string(), 4)]);
        assert_eq!((map.get("in"), map.get("interview")), (Some(&2), Some(&4)));
        assert!(WordMap::<u8>::new([]).get("").is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Over a small alphabet (words sharing first and last bytes, of every length around
        /// eight bytes) the map answers as a hash map of the same entries.
        #[test]
        fn answers_as_a_hash_map(entries in proptest::collection::vec(("[abé ]{0,10}", 0u8..4), 0..200), probes in proptest::collection::vec("[abé ]{0,10}", 0..50)) {
            let map = WordMap::new(entries.clone());
            let reference: std::collections::HashMap<String, u8> = entries.iter().cloned().collect();
            for word in entries.iter().map(|(w, _)| w).chain(&probes) {
                prop_assert_eq!(map.get(word), reference.get(word));
            }
        }
    }
}
