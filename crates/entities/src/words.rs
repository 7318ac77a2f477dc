//! Small closed word classes the rules need (grammar, not world knowledge).

use newsgraph_knowledge::WordList;

/// Capitalised words that open sentences but are not names.
pub static COMMON_CAPITALISED: WordList = WordList::new(&[
    "The", "A", "An", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Its",
    "Their", "Our", "My", "Your", "But", "And", "Or", "Nor", "So", "Yet", "In", "On", "At", "For", "From", "To", "With",
    "Without", "By", "Of", "As", "If", "When", "While", "After", "Before", "Since", "Until", "Although", "Though",
    "Because", "However", "Meanwhile", "Moreover", "Also", "Still", "Then", "Now", "Here", "There", "Where", "What",
    "Why", "How", "Who", "Whom", "Which", "Some", "Many", "Most", "Much", "More", "Few", "All", "Both", "Each", "Every",
    "Any", "No", "Not", "One", "Two", "Three", "Other", "Another", "Such", "According", "Earlier", "Later", "Last",
    "Next", "Prior", "Instead", "Despite", "During", "Under", "Over", "Between", "Among", "Against", "Through",
    "About", "Around", "Above", "Below", "Like", "Unlike", "Let", "Yes", "Well", "Even", "Just", "Only", "Already",
    "Again", "Senior", "Former", "Acting", "Top", "Several", "Tuesday's", "Mr", "Mrs", "Ms", "Dr", "Sir", "Dear",
    "Please", "Thank", "Thanks", "Read", "See", "Watch", "Click", "Photo", "Video", "Update", "Updated", "Breaking",
    "Exclusive", "Analysis", "Opinion", "Comment", "Editorial", "Interview", "Live", "Today", "Yesterday",
    "Tomorrow", "Tonight", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Minister", "President",
    "Chancellor", "Secretary", "Spokesman", "Spokeswoman", "Article", "Chapter", "Section", "Part", "Page", "Figure",
    "Table", "Internet", "Web", "God", "OK", "Ok", "Oh", "Hi", "Hello", "Speaking", "Asked", "Given", "Following",
    "Including", "Regarding", "Addressing", "Commenting", "Responding", "Meanwhile", "Nevertheless", "Nonetheless",
    "Therefore", "Thus", "Hence", "Indeed", "Perhaps", "Maybe", "Certainly", "Clearly", "Obviously", "Finally",
    "First", "Second", "Third", "Firstly", "Secondly", "Overall", "Currently", "Recently", "Previously", "Initially",
    "Ultimately", "Eventually", "Apparently", "Reportedly", "Allegedly", "Officially", "Unfortunately", "Fortunately",
    "Importantly", "Interestingly", "Notably", "Specifically", "Similarly", "Additionally", "Furthermore",
]);

/// Lower-case words that may sit inside a name between capitalised words.
pub const NAME_CONNECTORS: &[&str] = &[
    "of", "for", "de", "del", "della", "da", "das", "do", "dos", "von", "van", "der", "den", "al", "el", "bin", "ibn",
    "la", "le", "du", "des", "y", "&", "and",
];

/// Prepositions after which a capital city is the place, not the government.
pub static LOCATIVE: LowerWords = LowerWords::new(&[
    "in", "at", "near", "outside", "around", "across", "from", "into", "via", "through", "inside", "throughout", "to",
    "toward", "towards", "between", "over",
]);

/// Words after a name that mark it as a person (speech and a few other person-only verbs).
pub const PERSON_CUES_AFTER: &[&str] = &[
    "said", "says", "told", "added", "explained", "noted", "stressed", "wrote", "tweeted", "asked", "replied",
    "recalled", "admitted", "insisted", "argued", "claimed", "believes", "thinks", "thought", "himself", "herself",
    "who", "whose",
];

/// Pronouns that refer back to one person, with gender ('m' or 'f').
pub const PERSON_PRONOUNS: &[(&str, char)] = &[
    ("he", 'm'), ("him", 'm'), ("his", 'm'), ("himself", 'm'), ("she", 'f'), ("her", 'f'), ("hers", 'f'), ("herself", 'f'),
];

/// Asked for nearly every capitalised word.
pub fn is_common_capitalised(word: &str) -> bool {
    COMMON_CAPITALISED.contains(word)
}

/// `word` lower-cased as `str::to_lowercase` does, borrowed when it has no capitals to fold (an
/// ASCII word in lower case), so that looking up most words allocates nothing.
pub fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    }
}

/// `list.contains(&word.to_lowercase())` for a list of lower-case ASCII words, without the copy
/// for ASCII words. (A non-ASCII word may still fold to ASCII, as the Kelvin sign does to "k": it
/// takes the slow way.)
pub fn lowercase_in(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        // Length and first letter first: they rule out nearly every entry in a few instructions.
        let first = word.as_bytes().first().map(u8::to_ascii_lowercase);
        list.iter().any(|l| l.len() == word.len() && l.as_bytes().first().map(u8::to_ascii_lowercase) == first && word.eq_ignore_ascii_case(l))
    } else {
        list.contains(&word.to_lowercase().as_str())
    }
}

/// A short list of lower-case words asked about in any case (`lowercase_in`), with the lengths
/// its words have for each first letter: most words asked about ("the", "said", "Lee") are ruled
/// out by their first letter and length before any entry is compared.
pub struct LowerWords {
    words: &'static [&'static str],
    /// Bit `n` of entry `c`: some word starts with letter `c` and is `n` bytes long.
    lengths: [u32; 26],
    /// Some word does not start with a lower-case ASCII letter or is too long for the table:
    /// then nothing is ruled out by shape.
    unshaped: bool,
    /// Every word is ASCII: then a word asked about with a non-ASCII character other than the
    /// Kelvin sign (the only one that lower-cases to ASCII, "k") is in none of them.
    ascii: bool,
}

impl LowerWords {
    pub const fn new(words: &'static [&'static str]) -> Self {
        let mut lengths = [0u32; 26];
        let mut unshaped = false;
        let mut ascii = true;
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            let mut b = 0;
            while b < w.len() {
                ascii &= w[b].is_ascii();
                b += 1;
            }
            if !w.is_empty() && w[0].is_ascii_lowercase() && w.len() < 32 {
                lengths[(w[0] - b'a') as usize] |= 1 << w.len();
            } else {
                unshaped = true;
            }
            i += 1;
        }
        LowerWords { words, lengths, unshaped, ascii }
    }

    /// `lowercase_in(word, words)`.
    pub fn contains_folded(&self, word: &str) -> bool {
        // An ASCII word keeps its length and its letters' places when lower-cased.
        if let Some(&first) = word.as_bytes().first() {
            let letter = first.to_ascii_lowercase();
            let word_ascii = word.is_ascii();
            if !self.unshaped && letter.is_ascii_lowercase() && word_ascii {
                let fits = word.len() < 32 && self.lengths[usize::from(letter - b'a')] >> word.len() & 1 == 1;
                if !fits {
                    return false;
                }
            }
            // Spares the lower-cased copy `lowercase_in` makes of a non-ASCII word.
            if !word_ascii && self.ascii && word.chars().any(|c| !c.is_ascii() && c != KELVIN_SIGN) {
                return false;
            }
        }
        lowercase_in(word, self.words)
    }

    #[cfg(test)]
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

/// The one non-ASCII character whose lower case is ASCII ("k").
const KELVIN_SIGN: char = '\u{212A}';

/// A word that starts with a capital letter (or a digit-free acronym).
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// All capitals, at least two letters ("GM", "NATO", "U.S.").
pub fn is_acronym(word: &str) -> bool {
    // One pass, no copy of the letters: every letter a capital, nothing but letters, stops and
    // ampersands, and two letters at least.
    let mut letters = 0;
    for c in word.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        } else if c != '.' && c != '&' {
            return false;
        }
    }
    letters >= 2
}

/// Common verbs (and auxiliaries) that may follow a state's name as its predicate: "the US said",
/// "Japan has". After any other lower-case word the name is a modifier ("US stocks").
pub const VERBS_AFTER_NAME: &[&str] = &[
    "said", "says", "say", "has", "have", "had", "is", "was", "were", "are", "will", "would", "could", "should", "may",
    "might", "can", "must", "did", "does", "do", "wants", "want", "plans", "hopes", "needs", "seeks", "urges", "calls",
    "called", "accuses", "accused", "denies", "denied", "rejects", "rejected", "warns", "warned", "threatens", "agrees",
    "agreed", "insists", "claims", "sent", "sends", "supports", "opposes", "remains", "became", "becomes", "took",
    "takes", "made", "makes", "gave", "gives", "won", "lost", "faces", "face", "continues", "began", "begins", "also",
    "and", "or", "to", "in", "on", "at", "for", "with", "from", "by", "of", "as", "that", "which", "who", "but", "than",
    "into", "over", "after", "before", "against", "under", "about", "since", "if", "when", "while", "until", "itself",
    "alone", "too", "now", "again", "first", "last", "still", "already", "never", "not",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_agrees_with_to_lowercase() {
        for word in ["acting", "Acting", "ACTING", "Zürich", "ÉLYSÉE", "\u{212A}ey", "İstanbul", "ΣΟΦΙΑΣ", "o'neill", ""] {
            assert_eq!(lowercase(word), word.to_lowercase(), "{word}");
        }
        assert!(matches!(lowercase("minister"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(lowercase("Minister"), std::borrow::Cow::Owned(_)));
    }

    #[test]
    fn lowercase_in_matches_folded_words_only() {
        assert!(lowercase_in("Former", &["acting", "former"]));
        assert!(lowercase_in("INTERIM", &["interim"]));
        assert!(!lowercase_in("Formerly", &["former"]));
        assert!(!lowercase_in("in", &["into", "near"]));
        assert!(!lowercase_in("in", &[]));
        // The Kelvin sign folds to an ASCII "k".
        assert!(lowercase_in("\u{212A}ey", &["key"]));
        assert!(!lowercase_in("Zürich", &["zurich"]));
    }

    proptest::proptest! {
        /// Ruling words out by shape changes no answer.
        #[test]
        fn shaped_lists_answer_as_the_full_comparison(word in "[a-zA-Z\u{212A}Üüİ]{0,12}|[a-z]{25,40}|[A-Za-z][a-z]{0,9}") {
            static LIST: LowerWords = LowerWords::new(&["in", "at", "key", "toward", "throughout", "former", "zurich", "i\u{307}x", "abcdefghijklmnopqrstuvwxyzabcdefgh"]);
            static SHAPED: LowerWords = LowerWords::new(&["in", "at", "key", "toward", "throughout", "former", "zurich"]);
            proptest::prop_assert_eq!(LIST.contains_folded(&word), lowercase_in(&word, LIST.words()));
            proptest::prop_assert_eq!(SHAPED.contains_folded(&word), lowercase_in(&word, SHAPED.words()));
            proptest::prop_assert_eq!(LOCATIVE.contains_folded(&word), lowercase_in(&word, LOCATIVE.words()));
        }
    }

    proptest::proptest! {
        #[test]
        fn is_acronym_agrees_with_collecting_the_letters(word in "[A-Za-z.&ÉéΣ1 -]{0,8}") {
            let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
            let expected = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && word.chars().all(|c| c.is_alphabetic() || c == '.' || c == '&');
            proptest::prop_assert_eq!(is_acronym(&word), expected);
        }
    }

    #[test]
    fn acronyms_are_capitals_with_stops_or_ampersands() {
        assert!(is_acronym("NATO") && is_acronym("U.S.") && is_acronym("AT&T") && is_acronym("ÉU"));
        assert!(!is_acronym("A.") && !is_acronym("Nato") && !is_acronym("G7") && !is_acronym(""));
    }

    #[test]
    fn only_the_kelvin_sign_lower_cases_to_ascii() {
        let to_ascii: Vec<char> = ('\u{80}'..=char::MAX).filter(|c| c.to_lowercase().all(|l| l.is_ascii())).collect();
        assert_eq!(to_ascii, [super::KELVIN_SIGN]);
    }

    #[test]
    fn shaped_lists_find_folded_words() {
        assert!(LOCATIVE.contains_folded("Through"));
        assert!(LOCATIVE.contains_folded("THROUGHOUT"));
        assert!(!LOCATIVE.contains_folded("Throughput"));
        assert!(!LOCATIVE.contains_folded("the"));
        assert!(!LOCATIVE.contains_folded(""));
        // The Kelvin sign lower-cases to an ASCII "k": the word is not ruled out by its bytes.
        static KEY: LowerWords = LowerWords::new(&["key"]);
        assert!(KEY.contains_folded("\u{212A}ey"));
    }

    #[test]
    fn common_capitalised_words_are_found_by_exact_form() {
        assert!(is_common_capitalised("However"));
        assert!(is_common_capitalised("Tuesday's"));
        assert!(!is_common_capitalised("however"));
        assert!(!is_common_capitalised("Lithuania"));
    }
}
