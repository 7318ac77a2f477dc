//! Which side of the reference date an expression without a year or direction falls on
//! ("on Friday", "in January", "November 17"): the tense of the words nearest to it in its
//! sentence. The nearest cue wins — a future cue ("will", "next", "until", "plans") or a past
//! form ("said", "announced"; a participle after "be" does not count: "may be signed") — looking
//! left first, then right; with no cue news speaks of the past.

use crate::lexicon::lexicon;
use regex::Regex;
use std::sync::OnceLock;

/// How many words on each side are read.
const WINDOW: usize = 8;

struct Cues {
    /// Future cues anchored at the start of the text.
    future_at_start: Regex,
    /// The first two characters of every future cue, lower-cased, when they are all ASCII (a
    /// bit per pair of ASCII bytes): text starting otherwise holds no cue at its start (most
    /// words), and needs no regex.
    future_starts: Option<Box<[u128; 128]>>,
    /// The words of [`lexicon`] kinds "month" and "past_verb" that a word of [`words`] can
    /// spell (a single word), for ASCII words.
    months: Option<AsciiWords>,
    past_verbs: Option<AsciiWords>,
}

/// Lower-case single words of one lexicon kind, for telling whether an ASCII word of a sentence
/// is one of them (in any case) without lower-casing it or hashing most words: a word is looked
/// up only when a word of the set has its length, first and last letters.
struct AsciiWords {
    words: foldhash::HashSet<Vec<u8>>,
    /// Per length (up to [`LONGEST_LOOKED_UP`]) and lower-cased first byte, a bit per lower-cased
    /// last byte of the words so.
    ends: Box<[[u128; 128]; LONGEST_LOOKED_UP + 1]>,
}

/// Longest word [`AsciiWords`] holds: no month or irregular past form is longer.
const LONGEST_LOOKED_UP: usize = 24;

impl AsciiWords {
    /// The words of `kind` that are one ASCII word of at most [`LONGEST_LOOKED_UP`] bytes;
    /// `None` when the kind has any other (the lexicon is asked then).
    fn of_kind(kind: &str) -> Option<AsciiWords> {
        let mut words = foldhash::HashSet::default();
        let mut ends = Box::new([[0u128; 128]; LONGEST_LOOKED_UP + 1]);
        for w in lexicon().words(kind) {
            let b = w.as_bytes();
            if b.is_empty() || b.len() > LONGEST_LOOKED_UP || !b.iter().all(|c| c.is_ascii_graphic() && !c.is_ascii_uppercase()) {
                return None;
            }
            // A word of the table ending in a dot is looked up without it, as `Lexicon::value` does.
            if b.ends_with(b".") {
                return None;
            }
            ends[b.len()][b[0] as usize] |= 1 << b[b.len() - 1];
            words.insert(b.to_vec());
        }
        Some(AsciiWords { words, ends })
    }

    /// Whether the ASCII `word` (letters, digits and apostrophes) is one of the words, in any case.
    fn contains(&self, word: &str) -> bool {
        let b = word.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return false };
        let Some(by_first) = self.ends.get(b.len()) else { return false };
        if by_first[first.to_ascii_lowercase() as usize & 127] & (1 << (last.to_ascii_lowercase() & 127)) == 0 {
            return false;
        }
        let mut lower = [0u8; LONGEST_LOOKED_UP];
        let lower = &mut lower[..b.len()];
        for (d, c) in lower.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        self.words.contains(&lower[..])
    }
}

fn cues() -> &'static Cues {
    static C: OnceLock<Cues> = OnceLock::new();
    C.get_or_init(|| {
        let alternation = lexicon().alternation("future_cue");
        let future_starts = lexicon().words("future_cue").iter().try_fold(Box::new([0u128; 128]), |mut pairs, cue| {
            match cue.as_bytes() {
                // A space would stand for any `\s`: such a cue turns the test off.
                [a, b, ..] if a.is_ascii_graphic() && b.is_ascii_graphic() => {
                    pairs[a.to_ascii_lowercase() as usize] |= 1 << b.to_ascii_lowercase();
                    Some(pairs)
                }
                _ => None,
            }
        });
        Cues {
            future_at_start: Regex::new(&format!(r"(?i)^{alternation}\b")).expect("future cue regex"),
            future_starts,
            months: AsciiWords::of_kind("month"),
            past_verbs: AsciiWords::of_kind("past_verb"),
        }
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Future,
    Past,
}

/// `word` ends with the ASCII `suffix`, ignoring ASCII case.
fn ends_with_ignore_case(word: &str, suffix: &str) -> bool {
    word.len() >= suffix.len() && word.as_bytes()[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

fn cue_at(sentence: &str, start: usize, word: &str, previous: Option<&str>) -> Option<Cue> {
    if word.is_ascii() {
        return cue_at_ascii(sentence, start, word, previous);
    }
    let c = cues();
    let lower = word.to_lowercase();
    if lower.ends_with("'ll") || lower.ends_with("’ll") {
        return Some(Cue::Future);
    }
    // "in May" names a month; only the lower-case modal is a cue.
    let month_name = word.chars().next().is_some_and(char::is_uppercase) && lexicon().is("month", word);
    if !month_name && sentence.get(start..).is_some_and(|rest| c.future_at_start.is_match(rest)) {
        return Some(Cue::Future);
    }
    let after_be = previous.is_some_and(|p| matches!(p.to_lowercase().as_str(), "be" | "being" | "to"));
    let past_form = (lower.len() > 4 && lower.ends_with("ed")) || lexicon().is("past_verb", &lower);
    (past_form && !after_be).then_some(Cue::Past)
}

/// False when `rest` (which starts with an ASCII word) certainly starts with no future cue: its
/// first two bytes are ASCII and open none. (In a case-insensitive pattern only ASCII letters
/// match an ASCII letter of a cue, besides the Kelvin sign and the long s, which are not ASCII.)
fn may_open_future_cue(c: &Cues, rest: &str) -> bool {
    let Some(starts) = &c.future_starts else { return true };
    match rest.as_bytes() {
        [a, b, ..] if a.is_ascii() && b.is_ascii() => starts[a.to_ascii_lowercase() as usize] & (1 << b.to_ascii_lowercase()) != 0,
        [_, _, ..] => true,
        // Every cue has two characters or more.
        _ => false,
    }
}

/// [`cue_at`] for an ASCII word, without lower-cased copies: its lower case has the same length,
/// the lexicon folds case itself, and only ASCII letters lower-case to "be", "being" or "to".
fn cue_at_ascii(sentence: &str, start: usize, word: &str, previous: Option<&str>) -> Option<Cue> {
    let c = cues();
    if ends_with_ignore_case(word, "'ll") {
        return Some(Cue::Future);
    }
    let is_kind = |set: &Option<AsciiWords>, kind: &str| match set {
        Some(set) => set.contains(word),
        None => lexicon().is(kind, word),
    };
    let month_name = word.as_bytes().first().is_some_and(u8::is_ascii_uppercase) && is_kind(&c.months, "month");
    if !month_name && sentence.get(start..).is_some_and(|rest| may_open_future_cue(c, rest) && c.future_at_start.is_match(rest)) {
        return Some(Cue::Future);
    }
    let after_be = previous.is_some_and(|p| ["be", "being", "to"].iter().any(|w| p.eq_ignore_ascii_case(w)));
    let past_form = (word.len() > 4 && ends_with_ignore_case(word, "ed")) || is_kind(&c.past_verbs, "past_verb");
    (past_form && !after_be).then_some(Cue::Past)
}

/// The General Punctuation block, none of whose characters is a letter or a number.
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';

/// Whether the non-ASCII character `c` is a letter or a number (`[\p{L}\p{N}]`). The letters
/// of Latin-1 and Latin Extended-A and -B (accented names: "Jānis", "Łódź") are told by their
/// range; other characters by a regex, compiled only when one is met: compiling the Unicode
/// classes cost more than reading the words of a hundred articles.
fn is_other_letter_or_number(c: char) -> bool {
    match c {
        // Every character of U+00C0–U+024F is a letter but the multiplication and division signs.
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        _ => {
            static LETTER: OnceLock<Regex> = OnceLock::new();
            LETTER
                .get_or_init(|| Regex::new(r"^[\p{L}\p{N}]$").expect("letter regex"))
                .is_match(c.encode_utf8(&mut [0; 4]))
        }
    }
}

/// The words of a sentence with their byte offsets, found once for all the expressions in it.
/// A word is a run of letters, numbers and apostrophes (`[\p{L}\p{N}'’]+`).
pub fn words(sentence: &str) -> Vec<(usize, &str)> {
    let bytes = sentence.as_bytes();
    // About one word per five bytes of prose: room for them all, without regrowing.
    let mut out = Vec::with_capacity(bytes.len() / 4 + 1);
    let mut i = 0;
    while i < bytes.len() {
        // Up to the next word, then to its end. ASCII bytes are told apart without decoding a
        // character.
        let (in_word, len) = match bytes[i] {
            b if b < 0x80 => (ASCII_WORD_BYTE[b as usize], 1),
            _ => non_ascii_word_char(sentence, i),
        };
        if !in_word {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while let Some(&b) = bytes.get(i) {
            let (in_word, len) = if b < 0x80 { (ASCII_WORD_BYTE[b as usize], 1) } else { non_ascii_word_char(sentence, i) };
            if !in_word {
                break;
            }
            i += len;
        }
        out.push((start, &sentence[start..i]));
    }
    out
}

/// Per ASCII byte, whether it belongs to a word (a letter, a digit or an apostrophe): read
/// from a table, as [`words`] asks it of every byte of the sentences it reads.
const ASCII_WORD_BYTE: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'\'';
        b += 1;
    }
    table
};

/// Whether the non-ASCII character at byte `i` of `sentence` belongs to a word, and its length.
fn non_ascii_word_char(sentence: &str, i: usize) -> (bool, usize) {
    let c = sentence.get(i..).and_then(|rest| rest.chars().next()).unwrap_or('\u{FFFD}');
    // General Punctuation (dashes, curly quotes, thin spaces) holds no letter or number: the
    // commonest non-ASCII characters of news need no regex.
    let in_word = c == '’' || !GENERAL_PUNCTUATION.contains(&c) && is_other_letter_or_number(c);
    (in_word, c.len_utf8())
}

/// Whether the expression at `sentence[start..end]` is about the future.
pub fn is_future(sentence: &str, start: usize, end: usize) -> bool {
    is_future_among(sentence, &words(sentence), start, end)
}

/// [`is_future`] with the sentence's [`words`] already found.
pub fn is_future_among(sentence: &str, words: &[(usize, &str)], start: usize, end: usize) -> bool {
    is_future_remembering(sentence, words, &mut CueMemo::new(words.len()), start, end)
}

/// The cue of each word of a sentence, read once for all the expressions in it (a word's cue
/// depends only on the sentence, the word and the word before it).
pub struct CueMemo(Vec<Option<Option<Cue>>>);

impl CueMemo {
    /// Nothing read yet, for a sentence of `words` words.
    pub fn new(words: usize) -> Self {
        CueMemo(vec![None; words])
    }
}

/// [`is_future_among`], reading each word's cue at most once across calls with the same
/// sentence, words and `memo`.
pub fn is_future_remembering(sentence: &str, words: &[(usize, &str)], memo: &mut CueMemo, start: usize, end: usize) -> bool {
    let first_after = words.partition_point(|(s, _)| *s < end);
    let last_before = words.partition_point(|(s, _)| *s < start);
    let left = (last_before.saturating_sub(WINDOW)..last_before).rev();
    let right = first_after..(first_after + WINDOW).min(words.len());
    for i in left.chain(right) {
        let cue = match memo.0.get(i).copied().flatten() {
            Some(known) => known,
            None => {
                let previous = i.checked_sub(1).map(|p| words[p].1);
                let cue = cue_at(sentence, words[i].0, words[i].1, previous);
                if let Some(slot) = memo.0.get_mut(i) {
                    *slot = Some(cue);
                }
                cue
            }
        };
        match cue {
            Some(Cue::Future) => return true,
            Some(Cue::Past) => return false,
            None => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn future_cues_open_only_with_their_first_two_bytes() {
        let c = cues();
        assert!(c.future_starts.is_some());
        for cue in lexicon().words("future_cue") {
            for text in [cue.clone(), cue.to_uppercase(), format!("{cue} soon")] {
                assert!(may_open_future_cue(c, &text), "{text}");
                assert!(c.future_at_start.is_match(&text), "{text}");
            }
            // Any other two ASCII bytes in front of the cue's tail make no cue.
            let tail = cue.get(2..).unwrap_or("");
            for a in (0u8..128).map(char::from) {
                for b in (0u8..128).map(char::from) {
                    let text = format!("{a}{b}{tail} x");
                    if !may_open_future_cue(c, &text) {
                        assert!(!c.future_at_start.is_match(&text), "{text:?}");
                    }
                }
            }
        }
        assert!(!may_open_future_cue(c, "said"));
        assert!(may_open_future_cue(c, "Will"));
        assert!(!may_open_future_cue(c, "w"));
    }

    #[test]
    fn general_punctuation_holds_no_letter_or_number() {
        for c in GENERAL_PUNCTUATION {
            assert!(!is_other_letter_or_number(c), "{:?}", c);
        }
        assert_eq!(words("Il a dit\u{2009}: «\u{a0}élu\u{a0}» — l’an 2020…"), [(0, "Il"), (3, "a"), (5, "dit"), (17, "élu"), (30, "l’an"), (37, "2020")]);
    }

    fn future(sentence: &str, expr: &str) -> bool {
        let s = sentence.find(expr).expect("expression in sentence");
        is_future(sentence, s, s + expr.len())
    }

    #[test]
    fn words_are_runs_of_letters_numbers_and_apostrophes() {
        let found: Vec<&str> = words("Jānis didn’t say (on 3 May) that he'd go—ever.").into_iter().map(|(_, w)| w).collect();
        assert_eq!(found, ["Jānis", "didn’t", "say", "on", "3", "May", "that", "he'd", "go", "ever"]);
        assert_eq!(words("  “Ωmega” ")[0], (5, "Ωmega"));
    }

    /// The letters told by their range are those of the regex, and the two signs among them are not.
    #[test]
    fn latin_letters_by_range_are_the_regex_letters() {
        let re = Regex::new(r"^[\p{L}\p{N}]$").expect("letter regex");
        for c in '\u{80}'..='\u{2FF}' {
            assert_eq!(is_other_letter_or_number(c), re.is_match(c.encode_utf8(&mut [0; 4])), "{c:?}");
        }
        assert!(!is_other_letter_or_number('×'));
        assert!(is_other_letter_or_number('ā'));
    }

    /// A word spelled from the letters of the months and irregular past forms, in any case, with
    /// the apostrophes and digits words may hold.
    fn word_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let known: Vec<String> = lexicon().words("month").iter().chain(lexicon().words("past_verb")).cloned().collect();
        prop_oneof![
            proptest::sample::select(known),
            "[a-zA-Z'0-9]{1,10}",
            "[MmAaYyJjUuNnEeSsIiDdWwOoTt]{2,6}",
        ]
        .prop_flat_map(|w| {
            let len = w.len();
            (Just(w), proptest::collection::vec(any::<bool>(), len))
        })
        .prop_map(|(w, upper)| w.chars().zip(upper).map(|(c, u)| if u { c.to_ascii_uppercase() } else { c }).collect())
    }

    proptest::proptest! {
        /// The sets of month names and irregular past forms say of an ASCII word what the
        /// lexicon says.
        #[test]
        fn ascii_word_sets_agree_with_the_lexicon(word in word_like()) {
            let c = cues();
            let months = c.months.as_ref().expect("month names are single ASCII words");
            let past = c.past_verbs.as_ref().expect("past forms are single ASCII words");
            proptest::prop_assert_eq!(months.contains(&word), lexicon().is("month", &word), "{}", word);
            proptest::prop_assert_eq!(past.contains(&word), lexicon().is("past_verb", &word), "{}", word);
        }
    }

    proptest::proptest! {
        /// The same words as the regex `[\p{L}\p{N}'’]+` finds, on any text.
        #[test]
        fn words_match_the_regex(text in "(\\PC|[ a-z'’0-9])*") {
            let re = Regex::new(r"[\p{L}\p{N}'’]+").expect("word regex");
            let expected: Vec<(usize, &str)> = re.find_iter(&text).map(|m| (m.start(), m.as_str())).collect();
            proptest::prop_assert_eq!(words(&text), expected);
        }
    }

    /// The ASCII path reads the cue the general one reads, for words of every kind and case.
    #[test]
    fn ascii_words_give_the_cue_of_the_general_path() {
        let sentence = "They'LL meet as Officials WILL say; it was SIGNED, May be Planned, TO be Decided, MARCH \
                        marched on, being CROWNED, Being told, said Said SAID, the Red Bed, plans to go, Next up";
        let found = words(sentence);
        for (i, &(start, word)) in found.iter().enumerate() {
            let previous = i.checked_sub(1).map(|p| found[p].1);
            let general = {
                let c = cues();
                let lower = word.to_lowercase();
                if lower.ends_with("'ll") || lower.ends_with("’ll") {
                    Some(Cue::Future)
                } else {
                    let month_name = word.chars().next().is_some_and(char::is_uppercase) && lexicon().is("month", word);
                    if !month_name && sentence.get(start..).is_some_and(|rest| c.future_at_start.is_match(rest)) {
                        Some(Cue::Future)
                    } else {
                        let after_be = previous.is_some_and(|p| matches!(p.to_lowercase().as_str(), "be" | "being" | "to"));
                        let past_form = (lower.len() > 4 && lower.ends_with("ed")) || lexicon().is("past_verb", &lower);
                        (past_form && !after_be).then_some(Cue::Past)
                    }
                }
            };
            assert_eq!(cue_at_ascii(sentence, start, word, previous), general, "{word}");
        }
        let cues: Vec<Option<Cue>> = found.iter().enumerate().map(|(i, &(s, w))| cue_at_ascii(sentence, s, w, i.checked_sub(1).map(|p| found[p].1))).collect();
        assert!(cues.contains(&Some(Cue::Future)) && cues.contains(&Some(Cue::Past)) && cues.contains(&None));
    }

    #[test]
    fn nearest_cue_decides() {
        assert!(!future("The firm revealed on Friday a plan to grow.", "Friday"));
        assert!(future("Ministers will meet again on Friday.", "Friday"));
        assert!(future("Markets stay shut until Friday.", "Friday"));
        assert!(future("The treaty may be signed on Friday.", "Friday"));
        assert!(!future("An official said Friday that talks would resume.", "Friday"));
        assert!(future("We'll talk on Friday.", "Friday"));
        assert!(!future("Shares rose on Friday.", "Friday"));
        assert!(!future("On Friday, the leaders agreed on a plan.", "Friday"));
        assert!(!future("The ballot in May comes after Friday.", "Friday"));
        assert!(future("Officials may meet on Friday.", "Friday"));
    }
}
