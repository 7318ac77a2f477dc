//! Tokens with byte offsets: words, numbers, URLs, handles, hashtags, quotation marks, punctuation.

use newsgraph_doc::{Token, TokenKind};

pub use newsgraph_doc::is_quote_char;

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_url_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '"' | '“' | '”' | '<' | '>' | '«' | '»')
}

/// Whether a URL starts `rest`, including a bare twitter picture link.
#[inline]
fn starts_url(rest: &str) -> bool {
    rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.") || rest.starts_with("pic.twitter.com/")
}

/// `u8::is_ascii_alphanumeric` of every byte, read by the loop over a word's letters (most of
/// the text's bytes) as one load instead of its range tests.
static ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Tokenize `text[start..end]`, appending to `out`.
pub fn tokenize_into(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let Some(slice) = text.get(start..end) else { return };
    let bytes = slice.as_bytes();
    let mut i = 0;
    let push = |out: &mut Vec<Token>, s: usize, e: usize, kind: TokenKind| {
        out.push(Token { start: start + s, end: start + e, kind });
    };
    while i < slice.len() {
        // Most bytes are ASCII spaces and letters: spaces are skipped and words read without
        // decoding a character, except where a URL starts, which takes the general path below.
        let b = bytes[i];
        if matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
            i += 1;
            continue;
        }
        // Sentence punctuation after a word: one byte, one token ("..." is read below).
        if matches!(b, b',' | b';' | b':' | b'!' | b'?' | b'(' | b')') || (b == b'.' && bytes.get(i + 1) != Some(&b'.')) {
            push(out, i, i + 1, TokenKind::Punct);
            i += 1;
            continue;
        }
        if b.is_ascii_alphabetic() && !(matches!(b, b'h' | b'w' | b'p') && starts_url(&slice[i..])) {
            // Most words are ASCII letters and digits ending at a space or a stop: read here.
            // Where `word_end` could read on (a hyphen, an apostrophe or a non-ASCII byte after
            // them, or a stop after the first letter, which may open an initialism) it decides.
            let mut e = i + 1;
            while bytes.get(e).is_some_and(|&b| ASCII_ALPHANUMERIC[usize::from(b)]) {
                e += 1;
            }
            let ends_plainly = bytes.get(e).is_none_or(|&n| n.is_ascii() && n != b'-' && n != b'\'');
            if !ends_plainly || bytes.get(i + 1) == Some(&b'.') {
                e = word_end(slice, i);
            }
            push(out, i, e, TokenKind::Word);
            i = e;
            continue;
        }
        let c = slice[i..].chars().next().unwrap_or(' ');
        let clen = c.len_utf8();
        // Zero-width spaces, word joiners and byte-order marks separate like spaces: pasted copy
        // carries them between words, and as tokens they would start quotes and names.
        if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}') {
            i += clen;
            continue;
        }
        let rest = &slice[i..];
        // URLs, including bare twitter picture links.
        if starts_url(rest) {
            let mut e = i;
            for (k, ch) in rest.char_indices() {
                if !is_url_char(ch) {
                    break;
                }
                e = i + k + ch.len_utf8();
            }
            while e > i + 4 && matches!(bytes[e - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'\'') {
                e -= 1;
            }
            push(out, i, e, TokenKind::Url);
            i = e;
            continue;
        }
        if (c == '@' || c == '#') && rest[1..].chars().next().is_some_and(|n| n.is_alphanumeric() || n == '_') {
            let mut e = i + 1;
            for ch in rest[1..].chars() {
                if ch.is_alphanumeric() || ch == '_' {
                    e += ch.len_utf8();
                } else {
                    break;
                }
            }
            push(out, i, e, if c == '@' { TokenKind::Handle } else { TokenKind::Hashtag });
            i = e;
            continue;
        }
        if c.is_ascii_digit() {
            let mut e = i + 1;
            while e < bytes.len() {
                let b = bytes[e];
                if b.is_ascii_digit() {
                    e += 1;
                } else if matches!(b, b',' | b'.' | b':') && e + 1 < bytes.len() && bytes[e + 1].is_ascii_digit() {
                    e += 2;
                } else {
                    break;
                }
            }
            // Ordinals: 17th, 1st, 22nd, 3rd.
            let tail = &slice[e..];
            for suf in ["th", "st", "nd", "rd"] {
                if tail.starts_with(suf) && !tail[2..].chars().next().is_some_and(|n| n.is_alphanumeric()) {
                    e += 2;
                    break;
                }
            }
            push(out, i, e, TokenKind::Number);
            i = e;
            continue;
        }
        if c.is_alphabetic() {
            let e = word_end(slice, i);
            push(out, i, e, TokenKind::Word);
            i = e;
            continue;
        }
        if is_apostrophe(c) {
            // Possessive "’s" after a word is its own word token.
            let after = &slice[i + clen..];
            if i > 0 && slice[..i].chars().next_back().is_some_and(|p| p.is_alphanumeric()) && (after.starts_with('s') || after.starts_with('S')) && !after[1..].chars().next().is_some_and(|n| n.is_alphanumeric()) {
                push(out, i, i + clen + 1, TokenKind::Word);
                i += clen + 1;
                continue;
            }
        }
        if is_quote_char(c) {
            push(out, i, i + clen, TokenKind::Quote);
            i += clen;
            continue;
        }
        if rest.starts_with("...") {
            let mut e = i;
            while e < bytes.len() && bytes[e] == b'.' {
                e += 1;
            }
            push(out, i, e, TokenKind::Punct);
            i = e;
            continue;
        }
        let kind = if c.is_ascii_punctuation() || matches!(c, '…' | '—' | '–' | '‐' | '‑' | '¿' | '¡' | '·') {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        push(out, i, i + clen, kind);
        i += clen;
    }
}

/// End of the word starting at `i`: letters and digits, joined by inner hyphens and apostrophes
/// (so-called, O'Brien, don't), and dotted initialisms taken whole with their final stop (U.S., e.g.).
fn word_end(slice: &str, i: usize) -> usize {
    let bytes = slice.as_bytes();
    // Dotted initialism: a letter, a dot, a letter, a dot…
    let mut k = i;
    let mut dots = 0;
    loop {
        // An ASCII letter not followed by a dot starts no initialism: no need to decode.
        if bytes.get(k).is_some_and(|b| b.is_ascii()) && bytes.get(k + 1) != Some(&b'.') {
            break;
        }
        let mut chars = slice[k..].chars();
        match (chars.next(), chars.next()) {
            (Some(a), Some('.')) if a.is_alphabetic() => {
                let after = k + a.len_utf8() + 1;
                let next = slice[after..].chars().next();
                dots += 1;
                k = after;
                if !next.is_some_and(|n| n.is_alphabetic()) || slice[after..].chars().nth(1).is_some_and(|n| n.is_alphanumeric()) {
                    break;
                }
            }
            _ => break,
        }
    }
    if dots >= 2 {
        return k;
    }
    // Letters and digits, ASCII ones a byte at a time; a joiner counts when a letter or digit
    // follows it, unless it is the apostrophe of a possessive "'s".
    let mut e = i;
    let mut k = i;
    while let Some(&b) = bytes.get(k) {
        if ASCII_ALPHANUMERIC[usize::from(b)] {
            k += 1;
            e = k;
            continue;
        }
        // Most words end at an ASCII space or stop: only a hyphen or an apostrophe can join.
        if b.is_ascii() && b != b'-' && b != b'\'' {
            break;
        }
        let Some(ch) = slice.get(k..).and_then(|rest| rest.chars().next()) else { break };
        let after = k + ch.len_utf8();
        if !ch.is_ascii() && (ch.is_alphanumeric() || ch == '\u{AD}') {
            k = after;
            e = k;
            continue;
        }
        let joiner = matches!(ch, '-' | '‐' | '‑') || is_apostrophe(ch);
        if !joiner {
            break;
        }
        let Some(n) = slice[after..].chars().next() else { break };
        let possessive = is_apostrophe(ch) && (n == 's' || n == 'S') && !slice[after + 1..].chars().next().is_some_and(|x| x.is_alphanumeric());
        if n.is_alphanumeric() && !possessive {
            k = after;
            continue;
        }
        break;
    }
    e.max(i + slice[i..].chars().next().map_or(1, char::len_utf8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_alphanumeric_table_is_the_byte_test() {
        for b in 0..=255u8 {
            assert_eq!(ASCII_ALPHANUMERIC[usize::from(b)], b.is_ascii_alphanumeric(), "{b:#x}");
        }
    }

    /// The tokenizer as first written, a character at a time.
    /// Tokenize `text[start..end]`, appending to `out`.
    fn tokenize_by_chars(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
        let Some(slice) = text.get(start..end) else { return };
        let bytes = slice.as_bytes();
        let mut i = 0;
        let push = |out: &mut Vec<Token>, s: usize, e: usize, kind: TokenKind| {
            out.push(Token { start: start + s, end: start + e, kind });
        };
        while i < slice.len() {
            let c = slice[i..].chars().next().unwrap_or(' ');
            let clen = c.len_utf8();
            // Zero-width spaces, word joiners and byte-order marks separate like spaces: pasted copy
            // carries them between words, and as tokens they would start quotes and names.
            if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}') {
                i += clen;
                continue;
            }
            let rest = &slice[i..];
            // URLs, including bare twitter picture links.
            if rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.") || rest.starts_with("pic.twitter.com/") {
                let mut e = i;
                for (k, ch) in rest.char_indices() {
                    if !is_url_char(ch) {
                        break;
                    }
                    e = i + k + ch.len_utf8();
                }
                while e > i + 4 && matches!(bytes[e - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'\'') {
                    e -= 1;
                }
                push(out, i, e, TokenKind::Url);
                i = e;
                continue;
            }
            if (c == '@' || c == '#') && rest[1..].chars().next().is_some_and(|n| n.is_alphanumeric() || n == '_') {
                let mut e = i + 1;
                for ch in rest[1..].chars() {
                    if ch.is_alphanumeric() || ch == '_' {
                        e += ch.len_utf8();
                    } else {
                        break;
                    }
                }
                push(out, i, e, if c == '@' { TokenKind::Handle } else { TokenKind::Hashtag });
                i = e;
                continue;
            }
            if c.is_ascii_digit() {
                let mut e = i + 1;
                while e < bytes.len() {
                    let b = bytes[e];
                    if b.is_ascii_digit() {
                        e += 1;
                    } else if matches!(b, b',' | b'.' | b':') && e + 1 < bytes.len() && bytes[e + 1].is_ascii_digit() {
                        e += 2;
                    } else {
                        break;
                    }
                }
                // Ordinals: 17th, 1st, 22nd, 3rd.
                let tail = &slice[e..];
                for suf in ["th", "st", "nd", "rd"] {
                    if tail.starts_with(suf) && !tail[2..].chars().next().is_some_and(|n| n.is_alphanumeric()) {
                        e += 2;
                        break;
                    }
                }
                push(out, i, e, TokenKind::Number);
                i = e;
                continue;
            }
            if c.is_alphabetic() {
                let e = word_end_by_chars(slice, i);
                push(out, i, e, TokenKind::Word);
                i = e;
                continue;
            }
            if is_apostrophe(c) {
                // Possessive "’s" after a word is its own word token.
                let after = &slice[i + clen..];
                if i > 0 && slice[..i].chars().next_back().is_some_and(|p| p.is_alphanumeric()) && (after.starts_with('s') || after.starts_with('S')) && !after[1..].chars().next().is_some_and(|n| n.is_alphanumeric()) {
                    push(out, i, i + clen + 1, TokenKind::Word);
                    i += clen + 1;
                    continue;
                }
            }
            if is_quote_char(c) {
                push(out, i, i + clen, TokenKind::Quote);
                i += clen;
                continue;
            }
            if rest.starts_with("...") {
                let mut e = i;
                while e < bytes.len() && bytes[e] == b'.' {
                    e += 1;
                }
                push(out, i, e, TokenKind::Punct);
                i = e;
                continue;
            }
            let kind = if c.is_ascii_punctuation() || matches!(c, '…' | '—' | '–' | '‐' | '‑' | '¿' | '¡' | '·') {
                TokenKind::Punct
            } else {
                TokenKind::Symbol
            };
            push(out, i, i + clen, kind);
            i += clen;
        }
    }

    /// End of the word starting at `i`: letters and digits, joined by inner hyphens and apostrophes
    /// (so-called, O'Brien, don't), and dotted initialisms taken whole with their final stop (U.S., e.g.).
    fn word_end_by_chars(slice: &str, i: usize) -> usize {
        let bytes = slice.as_bytes();
        // Dotted initialism: a letter, a dot, a letter, a dot…
        let mut k = i;
        let mut dots = 0;
        loop {
            let mut chars = slice[k..].chars();
            match (chars.next(), chars.next()) {
                (Some(a), Some('.')) if a.is_alphabetic() => {
                    let after = k + a.len_utf8() + 1;
                    let next = slice[after..].chars().next();
                    dots += 1;
                    k = after;
                    if !next.is_some_and(|n| n.is_alphabetic()) || slice[after..].chars().nth(1).is_some_and(|n| n.is_alphanumeric()) {
                        break;
                    }
                }
                _ => break,
            }
        }
        if dots >= 2 {
            return k;
        }
        let mut e = i;
        let mut chars = slice[i..].char_indices().peekable();
        while let Some((k, ch)) = chars.next() {
            if ch.is_alphanumeric() || ch == '\u{AD}' {
                e = i + k + ch.len_utf8();
                continue;
            }
            let joiner = matches!(ch, '-' | '‐' | '‑') || is_apostrophe(ch);
            if joiner {
                if let Some(&(_, n)) = chars.peek() {
                    let possessive = is_apostrophe(ch)
                        && (n == 's' || n == 'S')
                        && !slice[i + k + ch.len_utf8() + 1..].chars().next().is_some_and(|x| x.is_alphanumeric());
                    if n.is_alphanumeric() && !possessive {
                        continue;
                    }
                }
            }
            break;
        }
        let _ = bytes;
        e.max(i + slice[i..].chars().next().map_or(1, char::len_utf8))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The byte-level fast paths give the tokens of the character-level tokenizer.
        #[test]
        fn same_tokens_as_char_by_char(parts in proptest::collection::vec(proptest::sample::select(vec![
            " ", "  ", "\n", "\t", "\u{a0}", "\u{200B}", "a", "Z", "h", "w", "p", "x", "é", "Ω", "ǅ", "7", "2,000", "3.5", "17th", "1st",
            "-", "‐", "‑", "'", "’", "s", "S", "\u{AD}", ".", "U.S.", "e.g.", "é.", "...", "…", "—", "\"", "“", "”", "«", "@", "#", "_",
            "http://a.b/c", "https://x", "www.", "pic.twitter.com/a", "ttp", "ww.", "$", "€", "(", ")", ",", "!", "?", ";", ":", "\r", "\u{1F600}",
        ]), 0..24)) {
            let text = parts.concat();
            for start in [0, 1] {
                if !text.is_char_boundary(start.min(text.len())) {
                    continue;
                }
                let mut fast = Vec::new();
                tokenize_into(&text, start.min(text.len()), text.len(), &mut fast);
                let mut slow = Vec::new();
                tokenize_by_chars(&text, start.min(text.len()), text.len(), &mut slow);
                prop_assert_eq!(fast, slow, "{:?}", text);
            }
        }
    }

    fn toks(s: &str) -> Vec<(&str, TokenKind)> {
        let mut v = Vec::new();
        tokenize_into(s, 0, s.len(), &mut v);
        v.iter().map(|t| (&s[t.start..t.end], t.kind)).collect()
    }

    #[test]
    fn numbers_keep_separators() {
        let t = toks("for 2,000 people, 3.5 percent, the 17th");
        assert!(t.contains(&("2,000", TokenKind::Number)));
        assert!(t.contains(&("3.5", TokenKind::Number)));
        assert!(t.contains(&("17th", TokenKind::Number)));
    }

    #[test]
    fn handles_hashtags_urls_and_initialisms() {
        let t = toks("Ask @Jan_Kowal about #EUsummit at https://example.org/a, said the U.S. envoy.");
        assert!(t.contains(&("@Jan_Kowal", TokenKind::Handle)));
        assert!(t.contains(&("#EUsummit", TokenKind::Hashtag)));
        assert!(t.contains(&("https://example.org/a", TokenKind::Url)));
        assert!(t.contains(&("U.S.", TokenKind::Word)));
    }

    #[test]
    fn possessive_and_inner_joiners() {
        let t = toks("Riga’s so-called O'Neill don't");
        assert_eq!(t[0], ("Riga", TokenKind::Word));
        assert_eq!(t[1], ("’s", TokenKind::Word));
        assert!(t.contains(&("so-called", TokenKind::Word)));
        assert!(t.contains(&("O'Neill", TokenKind::Word)));
        assert!(t.contains(&("don't", TokenKind::Word)));
    }

    #[test]
    fn quotes_and_ellipsis() {
        let t = toks("“We agree ... ” he said…");
        assert_eq!(t[0], ("“", TokenKind::Quote));
        assert!(t.contains(&("...", TokenKind::Punct)));
        assert!(t.contains(&("”", TokenKind::Quote)));
        assert_eq!(t.last().unwrap().0, "…");
    }
}
