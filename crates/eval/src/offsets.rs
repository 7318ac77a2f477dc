//! Character ↔ byte offsets. Gold files count characters (code points); newsgraph's output counts
//! UTF-8 bytes. Scoring happens in characters, as in the reference scorers.

/// The byte offset of every character boundary of one text, for conversions both ways.
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// `boundaries[i]` is the byte offset where character `i` starts; the last entry is the text
    /// length, so there is one more entry than there are characters.
    boundaries: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let mut boundaries: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        boundaries.push(text.len());
        CharOffsets { boundaries }
    }

    /// Number of characters in the text.
    pub fn chars(&self) -> usize {
        self.boundaries.len() - 1
    }

    /// The character offset of a byte offset. A byte inside a character rounds down to that
    /// character's start; negative offsets give 0 and offsets past the end give the length
    /// (what the reference scorers' `byte_to_char` does).
    pub fn char_of_byte(&self, byte: i64) -> usize {
        if byte <= 0 {
            return 0;
        }
        let byte = byte as u64;
        self.boundaries.partition_point(|&b| (b as u64) <= byte).saturating_sub(1)
    }

    /// The byte offset of a character offset, clamped to the text.
    pub fn byte_of_char(&self, ch: i64) -> usize {
        if ch <= 0 {
            return 0;
        }
        let last = self.boundaries.len() - 1;
        self.boundaries[(ch as u64).min(last as u64) as usize]
    }

    /// The character offset where byte offset `byte` (known to be a char boundary, e.g. from
    /// `str::find`) lies.
    pub fn char_of_boundary(&self, byte: usize) -> usize {
        self.char_of_byte(byte as i64)
    }
}

/// A half-open span of character offsets. Signed, because gold and predicted files are read as
/// they are, and the measures must treat odd spans the way the reference scorers do.
pub type CharSpan = (i64, i64);

/// Number of characters two spans share (0 when they are disjoint).
pub fn overlap(a: CharSpan, b: CharSpan) -> i64 {
    (a.1.min(b.1) - a.0.max(b.0)).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multibyte_text_converts_both_ways() {
        // "é" is 2 bytes, "—" is 3 bytes, "🙂" is 4 bytes.
        let text = "né — 🙂 ok";
        let o = CharOffsets::new(text);
        assert_eq!(o.chars(), 9);
        assert_eq!(o.char_of_byte(0), 0);
        assert_eq!(o.char_of_byte(1), 1); // "é" starts at byte 1
        assert_eq!(o.char_of_byte(2), 1); // inside "é": rounds down
        assert_eq!(o.char_of_byte(3), 2); // the space after "é"
        assert_eq!(o.char_of_byte(4), 3); // "—"
        assert_eq!(o.char_of_byte(5), 3);
        assert_eq!(o.char_of_byte(7), 4);
        assert_eq!(o.char_of_byte(8), 5); // "🙂"
        assert_eq!(o.char_of_byte(12), 6);
        assert_eq!(o.char_of_byte(text.len() as i64), 9);
        assert_eq!(o.char_of_byte(999), 9);
        assert_eq!(o.char_of_byte(-4), 0);
        assert_eq!(o.byte_of_char(5), 8);
        assert_eq!(o.byte_of_char(6), 12);
        assert_eq!(o.byte_of_char(9), text.len());
        assert_eq!(o.byte_of_char(50), text.len());
        for (b, _) in text.char_indices() {
            assert_eq!(o.byte_of_char(o.char_of_byte(b as i64) as i64), b);
        }
    }

    #[test]
    fn overlap_counts_shared_characters() {
        assert_eq!(overlap((0, 10), (5, 20)), 5);
        assert_eq!(overlap((0, 10), (10, 20)), 0);
        assert_eq!(overlap((7, 9), (0, 100)), 2);
        assert_eq!(overlap((30, 40), (0, 5)), 0);
    }
}
