//! Keys for deduplication and resolution: normalised text hashes, URLs and names.

/// Hash of the text with case, punctuation and spacing normalised away, so the same article
/// re-published with different whitespace or quotation marks is recognised.
pub fn content_hash(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut norm: Vec<u8> = Vec::with_capacity(text.len());
    let mut space = false;
    // ASCII byte by byte in one pass (most of any English text); other characters through the
    // Unicode rules. Both give what `char::is_alphanumeric` and `char::to_lowercase` give, so
    // stored hashes stay valid.
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            if b.is_ascii_alphanumeric() {
                if space && !norm.is_empty() {
                    norm.push(b' ');
                }
                space = false;
                norm.push(b.to_ascii_lowercase());
            } else {
                space = true;
            }
            continue;
        }
        // `i` is always at a character boundary: ASCII bytes step by one, others by their length.
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else { break };
        i += c.len_utf8();
        if c.is_alphanumeric() {
            if space && !norm.is_empty() {
                norm.push(b' ');
            }
            space = false;
            let mut buf = [0u8; 4];
            for lower in c.to_lowercase() {
                norm.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
            }
        } else {
            space = true;
        }
    }
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&norm))
}

/// A URL reduced to what identifies the page: lower-case scheme and host, no fragment, no
/// tracking parameters, no trailing slash, `http` and `https` alike.
pub fn normalize_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    let url = url.split('#').next().unwrap_or(url);
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).or_else(|| url.strip_prefix("HTTPS://")).or_else(|| url.strip_prefix("HTTP://"));
    let Some(rest) = rest else {
        return Some(url.to_string());
    };
    let (host, path) = match rest.find('/') {
        Some(i) => (rest.get(..i).unwrap_or(rest), rest.get(i..).unwrap_or("")),
        None => (rest, ""),
    };
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let (path, query) = match path.find('?') {
        Some(i) => (path.get(..i).unwrap_or(path), path.get(i + 1..).unwrap_or("")),
        None => (path, ""),
    };
    let params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let name = p.split('=').next().unwrap_or("").to_lowercase();
            !(name.starts_with("utm_") || matches!(name.as_str(), "fbclid" | "gclid" | "ref" | "cmpid"))
        })
        .collect();
    let path = path.trim_end_matches('/');
    let mut out = format!("//{host}{path}");
    if !params.is_empty() {
        out.push('?');
        out.push_str(&params.join("&"));
    }
    Some(out)
}

/// Fold a letter with a diacritic to its base letter (the common Latin ones), so "Lukašenka"
/// and "Lukasenka" compare equal.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ł' | 'ľ' | 'ĺ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' | 'ŕ' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// A name for comparison: lower case, diacritics folded, punctuation dropped, single spaces.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // Each word is written straight into `out` after a separating space, which is taken back
    // when the word turns out empty (no String per word: resolution normalises every name and
    // alias of every article).
    for word in name.split(|c: char| c.is_whitespace() || c == '-' || c == '.' || c == ',') {
        let before = out.len();
        if before > 0 {
            out.push(' ');
        }
        let first = out.len();
        for c in word.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() || c == '@' || c == '_' {
                    out.push(c.to_ascii_lowercase());
                }
                continue;
            }
            for l in c.to_lowercase().map(fold) {
                if l.is_alphanumeric() || l == '@' || l == '_' {
                    out.push(l);
                }
            }
        }
        if out.len() == first {
            out.truncate(before);
        }
    }
    out
}

/// Edit distance between two short strings (names), by chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// `edit_distance(a, b) <= 1`, answered in one pass without allocating: the strings must agree
/// except for one substituted, inserted or deleted char. Resolution asks this of many candidate
/// surnames per new name.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Skip the common prefix, then the rest of the longer string must equal the rest of the
    // shorter one with its first char dropped (an insertion), or both with their first char
    // dropped (a substitution); equal strings are within one edit too.
    let mut ca = a.char_indices();
    let mut cb = b.char_indices();
    loop {
        match (ca.next(), cb.next()) {
            (None, None) => return true,
            (None, Some((j, c))) => return b.get(j + c.len_utf8()..).is_some_and(str::is_empty),
            (Some((i, x)), Some((j, y))) if x != y => {
                let (rest_a, rest_b) = (a.get(i + x.len_utf8()..).unwrap_or(""), b.get(j + y.len_utf8()..).unwrap_or(""));
                return rest_a == rest_b || a.get(i..).is_some_and(|whole_a| whole_a == rest_b);
            }
            (Some(_), Some(_)) => {}
            // The shorter string (in bytes) cannot run past the longer one while they agree.
            (Some(_), None) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    /// `normalize_name` as first written: a String per word.
    fn normalize_name_by_words(name: &str) -> String {
        let mut out = String::new();
        for word in name.split(|c: char| c.is_whitespace() || c == '-' || c == '.' || c == ',') {
            let w: String = word.chars().flat_map(char::to_lowercase).map(fold).filter(|c| c.is_alphanumeric() || *c == '@' || *c == '_').collect();
            if w.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&w);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn names_normalise_as_word_by_word(parts in proptest::collection::vec(proptest::sample::select(vec![
            "A", "z", "Lukašenka", "Ó", "İ", "ẞ", "9", "@x", "_", " ", "  ", "-", ".", ",", "'", "’", "(", "\u{a0}", "Σ", "ǅ", "\u{1F600}",
        ]), 0..10)) {
            let name = parts.concat();
            proptest::prop_assert_eq!(normalize_name(&name), normalize_name_by_words(&name));
        }
    }

    use super::*;

    #[test]
    fn one_edit_agrees_with_the_edit_distance() {
        // Every pair of strings of up to four chars over a small alphabet (with a two-byte and a
        // three-byte char, so byte and char lengths differ).
        let alphabet = ['a', 'b', 'é', '€'];
        let mut words = vec![String::new()];
        for len in 1..=4 {
            let before: Vec<String> = words.iter().filter(|w| w.chars().count() == len - 1).cloned().collect();
            for w in before {
                for c in alphabet {
                    words.push(format!("{w}{c}"));
                }
            }
        }
        assert_eq!(words.len(), 1 + 4 + 16 + 64 + 256);
        for a in &words {
            for b in &words {
                assert_eq!(within_one_edit(a, b), edit_distance(a, b) <= 1, "{a:?} {b:?}");
            }
        }
        assert!(within_one_edit("lukashenko", "lukashenka"));
        assert!(!within_one_edit("lukashenko", "lukasenka"));
    }

    /// The hash as first defined, one `char` at a time: the fast path must agree with it.
    fn reference_hash(text: &str) -> String {
        let mut norm = String::new();
        let mut space = false;
        for c in text.chars() {
            if c.is_alphanumeric() {
                if space && !norm.is_empty() {
                    norm.push(' ');
                }
                space = false;
                norm.extend(c.to_lowercase());
            } else {
                space = true;
            }
        }
        format!("{:032x}", xxhash_rust::xxh3::xxh3_128(norm.as_bytes()))
    }

    #[test]
    fn hash_agrees_with_the_char_by_char_definition() {
        for text in ["", "  ", "Plain ASCII, with 42 numbers!", "Łódź und München — “Zürich” 3½ ΣΊΣΥΦΟΣ", "é", "a é b", "İstanbul ǅemal", "x\u{1F600}y  Ünï"] {
            assert_eq!(content_hash(text), reference_hash(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn hash_agrees_with_the_definition_on_any_text(text in "\\PC{0,60}", ascii in "[ -~\n]{0,60}") {
            proptest::prop_assert_eq!(content_hash(&text), reference_hash(&text));
            let mixed = format!("{ascii}{text}{ascii}");
            proptest::prop_assert_eq!(content_hash(&mixed), reference_hash(&mixed));
        }
    }

    #[test]
    fn hash_ignores_case_spacing_and_punctuation() {
        assert_eq!(content_hash("The mayor said: “no.”\n\nThen left."), content_hash("the mayor said   \"no\". Then left"));
        assert_ne!(content_hash("The mayor said no."), content_hash("The mayor said yes."));
    }

    #[test]
    fn urls_lose_tracking_and_fragments() {
        assert_eq!(normalize_url("https://WWW.Example.org/news/a-story/?utm_source=x&id=4#top").unwrap(), "//example.org/news/a-story?id=4");
        assert_eq!(normalize_url("http://example.org/news/a-story").unwrap(), "//example.org/news/a-story");
        assert_eq!(normalize_url("  "), None);
    }

    #[test]
    fn names_fold_diacritics() {
        assert_eq!(normalize_name("Aliaksandr  Lukašenka"), "aliaksandr lukasenka");
        assert_eq!(normalize_name("J.-P. Dupont"), "j p dupont");
        assert_eq!(edit_distance("lukashenko", "lukashenka"), 1);
        assert_eq!(edit_distance("smith", "smyth"), 1);
    }
}
