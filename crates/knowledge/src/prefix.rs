//! The longest listed string that begins at a position of a text, for the name and title
//! searches: a radix tree built from the sorted strings. Building it costs a small part of an
//! Aho-Corasick automaton over the same strings (no failure transitions, which searches that
//! start only at a few candidate positions would not use). Past their first bytes most names
//! share nothing with another, so a node holds the run of bytes that leads to its next branch or
//! key, compared at once, instead of one node per byte.

use std::collections::VecDeque;

/// Distinct, non-empty strings in byte order, searched for the longest one a text has at a given
/// position.
#[derive(Debug, Clone)]
pub struct PrefixIndex {
    keys: Vec<String>,
    /// The root's child for each first byte (`NO_NODE`: no key starts with it).
    root_children: Box<[u32; 256]>,
    nodes: Vec<Node>,
    /// Edge bytes, each node's together in increasing order, and where each edge leads.
    edge_bytes: Vec<u8>,
    edge_targets: Vec<u32>,
    /// The nodes' labels, one after another.
    label_bytes: Vec<u8>,
    /// For each node with many edges, its child for every byte (256 entries from the node's
    /// `dense`), read at once instead of searching its edge bytes.
    dense_children: Vec<u32>,
}

/// A node, entered through an edge byte: its label follows that byte, and then it spells a key
/// or branches (or both).
#[derive(Debug, Clone, Copy)]
struct Node {
    label_start: u32,
    label_len: u32,
    /// The key this node spells, or `NO_KEY`.
    key: u32,
    first_edge: u32,
    edge_count: u32,
    /// Where the node's children start in `dense_children`, or `NO_DENSE`.
    dense: u32,
}

/// A node with this many edges or more has a dense table of its children: the first letters
/// after a capital ("Ma", "Mo", "Mu"…) are many, the later ones seldom more than two or three.
const DENSE_FROM: u32 = 8;

const NO_DENSE: u32 = u32::MAX;
const NO_NODE: u32 = u32::MAX;
const NO_KEY: u32 = u32::MAX;

impl PrefixIndex {
    /// The index over `keys`; empty strings and repeats are dropped (neither can be a longest
    /// match of its own). `keys()` gives them back sorted: the ids of the matches index that.
    pub fn new(mut keys: Vec<String>) -> PrefixIndex {
        keys.retain(|k| !k.is_empty());
        // Sorted by their first eight bytes as one integer, the rest compared only between keys
        // that share those: the same order as comparing the strings, with most comparisons done
        // without a call to `memcmp` (start-up sorts some 9,000 names and titles).
        // Each key's head is worked out once, not at each of the sort's comparisons.
        let mut keyed: Vec<(u64, String)> = keys.into_iter().map(|k| (head_as_integer(&k), k)).collect();
        keyed.sort_unstable();
        let mut keys: Vec<String> = keyed.into_iter().map(|(_, k)| k).collect();
        keys.dedup();
        let mut index = PrefixIndex {
            keys: Vec::new(),
            root_children: Box::new([NO_NODE; 256]),
            nodes: Vec::new(),
            edge_bytes: Vec::new(),
            edge_targets: Vec::new(),
            label_bytes: Vec::new(),
            dense_children: Vec::new(),
        };
        // Breadth first, so that each node's edges are laid out together: a queued node is the
        // range of `keys` that shares its first `depth` bytes, the edge byte being the last.
        let mut queue: VecDeque<(u32, usize, usize, usize)> = VecDeque::new();
        for (byte, lo, hi) in groups_by_byte(&keys, 0, keys.len(), 0) {
            let (node, depth) = index.push_node(&keys, lo, hi, 1);
            index.root_children[usize::from(byte)] = node;
            queue.push_back((node, lo, hi, depth));
        }
        while let Some((node, mut lo, hi, depth)) = queue.pop_front() {
            // The key of exactly `depth` bytes, if any, sorts first in its range.
            if keys[lo].len() == depth {
                index.nodes[node as usize].key = lo as u32;
                lo += 1;
            }
            let first_edge = index.edge_bytes.len() as u32;
            for (byte, child_lo, child_hi) in groups_by_byte(&keys, lo, hi, depth) {
                let (child, child_depth) = index.push_node(&keys, child_lo, child_hi, depth + 1);
                index.edge_bytes.push(byte);
                index.edge_targets.push(child);
                queue.push_back((child, child_lo, child_hi, child_depth));
            }
            let edge_count = index.edge_bytes.len() as u32 - first_edge;
            let dense = if edge_count >= DENSE_FROM {
                let base = index.dense_children.len();
                index.dense_children.resize(base + 256, NO_NODE);
                let edges = first_edge as usize..index.edge_bytes.len();
                for (&byte, &child) in index.edge_bytes[edges.clone()].iter().zip(&index.edge_targets[edges]) {
                    index.dense_children[base + usize::from(byte)] = child;
                }
                base as u32
            } else {
                NO_DENSE
            };
            let edges = &mut index.nodes[node as usize];
            edges.first_edge = first_edge;
            edges.edge_count = edge_count;
            edges.dense = dense;
        }
        index.keys = keys;
        index
    }

    /// A node for `keys[lo..hi]`, which share their first `depth` bytes, its label the bytes
    /// they all share after those, short of the end of any of them (a key ending inside the run
    /// is the shortest, first in the range); the node's id and the depth after its label.
    fn push_node(&mut self, keys: &[String], lo: usize, hi: usize, depth: usize) -> (u32, usize) {
        let (first, last) = (keys[lo].as_bytes(), keys[hi - 1].as_bytes());
        let shared = first.iter().zip(last).skip(depth).take_while(|(a, b)| a == b).count();
        let label = first.get(depth..depth + shared).unwrap_or(&[]);
        // The tables hold some fifty thousand bytes of keys, far from u32::MAX.
        self.nodes.push(Node { label_start: self.label_bytes.len() as u32, label_len: label.len() as u32, key: NO_KEY, first_edge: 0, edge_count: 0, dense: NO_DENSE });
        self.label_bytes.extend_from_slice(label);
        ((self.nodes.len() - 1) as u32, depth + label.len())
    }

    /// The strings, sorted: a match's id is its index here.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The id and length of the longest string that `text[start..]` begins with, each byte of the
    /// text compared through `fold` (the identity, or ASCII lower-casing for lower-case strings).
    #[inline]
    pub fn longest_at(&self, text: &[u8], start: usize, fold: impl Fn(u8) -> u8) -> Option<(usize, usize)> {
        self.longest_at_where(text, start, fold, |_| true)
    }

    /// As [`longest_at`](Self::longest_at), among the strings whose length passes `accept`: a
    /// caller that wants a match ending at a token's end walks the tree once instead of looking
    /// up each token-ending prefix of the text.
    #[inline]
    pub fn longest_at_where(&self, text: &[u8], start: usize, fold: impl Fn(u8) -> u8, accept: impl Fn(usize) -> bool) -> Option<(usize, usize)> {
        let rest = text.get(start..)?;
        let first = fold(*rest.first()?);
        let mut node = self.root_children[usize::from(first)];
        let mut longest = None;
        let mut depth = 1;
        while let Some(&Node { label_start, label_len, key, first_edge, edge_count, dense }) = self.nodes.get(node as usize) {
            let label_start = label_start as usize;
            let label = self.label_bytes.get(label_start..label_start + label_len as usize).unwrap_or(&[]);
            let Some(next) = rest.get(depth..depth + label.len()) else { break };
            if !label.iter().zip(next).all(|(&l, &t)| l == fold(t)) {
                break;
            }
            depth += label.len();
            if key != NO_KEY && accept(depth) {
                longest = Some((key as usize, depth));
            }
            let Some(&byte) = rest.get(depth) else { break };
            let byte = fold(byte);
            node = if dense != NO_DENSE {
                self.dense_children.get(dense as usize + usize::from(byte)).copied().unwrap_or(NO_NODE)
            } else {
                let edges = first_edge as usize..(first_edge + edge_count) as usize;
                let Some(at) = self.edge_bytes.get(edges.clone()).and_then(|bytes| bytes.iter().position(|&b| b == byte)) else {
                    break;
                };
                self.edge_targets.get(edges.start + at).copied().unwrap_or(NO_NODE)
            };
            depth += 1;
        }
        longest
    }
}

/// The first eight bytes of `key` (zeros past its end) as a big-endian integer: when two keys'
/// integers differ they order as the keys do, since the first byte they differ in is either a
/// byte of both or the end of the shorter key, a zero against a non-zero byte of the longer.
#[inline]
fn head_as_integer(key: &str) -> u64 {
    let bytes = key.as_bytes();
    match bytes.first_chunk::<8>() {
        Some(head) => u64::from_be_bytes(*head),
        // Byte by byte: a copy of a variable length would call `memcpy`.
        None => bytes.iter().zip((0..8).rev()).fold(0, |head, (&b, place)| head | u64::from(b) << (8 * place)),
    }
}

/// The runs of `keys[lo..hi]` (sorted, all longer than `depth`) that share their byte at `depth`:
/// (byte, run start, run end).
fn groups_by_byte(keys: &[String], lo: usize, hi: usize, depth: usize) -> impl Iterator<Item = (u8, usize, usize)> + '_ {
    let mut at = lo;
    std::iter::from_fn(move || {
        let byte = *keys.get(at..hi)?.first()?.as_bytes().get(depth)?;
        let end = at + keys[at..hi].partition_point(|k| k.as_bytes().get(depth) == Some(&byte));
        let run = (byte, at, end);
        at = end;
        Some(run)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference: every key compared with the text, the longest that fits kept.
    fn longest_by_scan(index: &PrefixIndex, text: &[u8], start: usize, fold: impl Fn(u8) -> u8, accept: impl Fn(usize) -> bool) -> Option<(usize, usize)> {
        let rest = text.get(start..)?;
        index
            .keys()
            .iter()
            .enumerate()
            .filter(|(_, k)| k.len() <= rest.len() && k.bytes().zip(rest).all(|(a, &b)| a == fold(b)) && accept(k.len()))
            .max_by_key(|(_, k)| k.len())
            .map(|(i, k)| (i, k.len()))
    }

    proptest! {
        /// Keys sharing long heads, with zero bytes and non-ASCII letters, come out in the order
        /// of `str`'s comparison.
        #[test]
        fn keys_sort_as_strings(keys in proptest::collection::vec("[ab\0é]{0,11}", 0..60)) {
            let index = PrefixIndex::new(keys.clone());
            let mut expected: Vec<String> = keys.into_iter().filter(|k| !k.is_empty()).collect();
            expected.sort();
            expected.dedup();
            prop_assert_eq!(index.keys(), expected.as_slice());
        }
    }

    #[test]
    fn longest_key_wins_and_prefixes_of_keys_do_not_match() {
        let index = PrefixIndex::new(["New York", "New", "New Zealand", "Newark", "", "New"].map(String::from).to_vec());
        assert_eq!(index.keys(), ["New", "New York", "New Zealand", "Newark"]);
        let text = b"in New York City, New Yor, Newa and Newark";
        assert_eq!(index.longest_at(text, 3, |b| b), Some((1, 8)));
        assert_eq!(index.longest_at(text, 18, |b| b), Some((0, 3)));
        assert_eq!(index.longest_at(text, 27, |b| b), Some((0, 3)));
        assert_eq!(index.longest_at(text, 36, |b| b), Some((3, 6)));
        assert_eq!(index.longest_at(text, 0, |b| b), None);
        assert_eq!(index.longest_at(text, text.len(), |b| b), None);
        assert_eq!(index.longest_at(b"NEWARK", 0, |b| b), None);
        // Many branches after one byte: a dense table holds them.
        let wide = PrefixIndex::new(('a'..='z').map(|c| format!("x{c}")).chain(["xyz".into(), "x".into()]).collect());
        assert!(wide.nodes.iter().any(|n| n.dense != NO_DENSE));
        assert_eq!(wide.longest_at(b"xyzzy", 0, |b| b), Some((26, 3)));
        assert_eq!(wide.longest_at(b"xq.", 0, |b| b), Some((17, 2)));
        assert_eq!(wide.longest_at(b"x.", 0, |b| b), Some((0, 1)));
        assert_eq!(wide.longest_at(b"x", 0, |b| b), Some((0, 1)));
        let lower = PrefixIndex::new(vec!["newark".into()]);
        assert_eq!(lower.longest_at(b"NEWARK", 0, |b| b.to_ascii_lowercase()), Some((0, 6)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Keys and texts over a small alphabet (so that they share prefixes often, end inside
        /// each other and run past the text's end) agree with a scan of every key; the wider
        /// alphabet gives nodes enough edges for a dense table.
        #[test]
        fn agrees_with_a_scan_of_every_key(
            (keys, text) in prop_oneof![
                (proptest::collection::vec("[abAB é]{0,5}", 0..30), "[abAB é]{0,12}"),
                (proptest::collection::vec("[a-kA-E é]{0,3}", 0..80), "[a-kA-E é]{0,8}"),
            ],
            fold_case in any::<bool>(),
        ) {
            let keys = if fold_case { keys.iter().map(|k| k.to_ascii_lowercase()).collect() } else { keys };
            let index = PrefixIndex::new(keys);
            let fold = |b: u8| if fold_case { b.to_ascii_lowercase() } else { b };
            for start in 0..=text.len() + 1 {
                prop_assert_eq!(index.longest_at(text.as_bytes(), start, fold), longest_by_scan(&index, text.as_bytes(), start, fold, |_| true));
                // Only some lengths accepted (as a caller accepting token ends does).
                let odd = |len: usize| len % 2 == 1;
                prop_assert_eq!(index.longest_at_where(text.as_bytes(), start, fold, odd), longest_by_scan(&index, text.as_bytes(), start, fold, odd));
            }
        }
    }
}
