//! Durations ("two weeks", "48 hours", "a decade", "12-year", "two and a half years",
//! "recent years") and sets ("every week", "daily", "annually", "twice a year").

use crate::expr::{Candidate, Expr, Unit};
use crate::lexicon::lexicon;
use crate::prefilter::{Cue, Guard, Need, Pattern, Present, Side};
use crate::recognizer::*;

pub struct Durations {
    counted: Pattern,
    /// The words of `counted`'s alternations, in the order the regex tries them, for reading its
    /// groups by hand; `None` when a word is not plain ASCII letters (the regex reads them then).
    counted_words: Option<CountedWords>,
    long_adjective: Pattern,
    set_word: Pattern,
    every: Pattern,
    every_weekday: Pattern,
    frequency: Pattern,
}

impl Default for Durations {
    fn default() -> Self {
        let lex = lexicon();
        let num = lex.alternation("number");
        let unit = lex.alternation("unit");
        let w = lex.alternation("weekday");
        let sets = lex.alternation("set");
        let modifiers = COUNT_MODIFIERS.join("|");
        let counted = Pattern::new(
            &format!(r"\b(?P<n>\d+(?:[.,]\d+)?|{num}(?:[\s-]{num})?|several|a\s+few|few|many|recent|a\s+couple\s+of)(?P<half>\s+and\s+a\s+half)?(?:\s+|-)(?:(?:{modifiers})\s+)?(?P<unit>{unit})\b"),
            &[Cue::Unit],
        )
        .near(Cue::Unit, 7, 0);
        Durations {
            counted: match count_guard() {
                Some(guard) => counted.guarded(guard),
                None => counted,
            },
            counted_words: CountedWords::new(),
            long_adjective: Pattern::new(r"\b(?P<unit>decades|years|months|weeks|days|hours)-long\b", &[Cue::Long]),
            set_word: Pattern::new(&format!(r"\b{sets}\b"), &[Cue::SetWord]),
            every: Pattern::new(&format!(r"\b(?:every|each)\s+(?P<n>\d+|{num}|other)\s+(?P<unit>{unit})\b"), &[Cue::Every]),
            every_weekday: Pattern::new(&format!(r"\b(?:every|each)\s+(?P<wd>{w})\b"), &[Cue::Every]),
            frequency: Pattern::new(
                &format!(r"\b(?:once|twice|(?:\d+|{num})\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>{unit})\b"),
                &[Cue::Frequency],
            )
            // "times" has its count in the token before; the unit is two tokens on.
            .near(Cue::Frequency, 1, 2)
            // Most "times" ("several times this year", "The Times") have no "a", "per"… after.
            .guarded(Guard::new(Side::After, 1, Need::Word(&["a", "an", "per", "each", "every"]))),
        }
    }
}

impl Recognizer for Durations {
    fn name(&self) -> &'static str {
        "duration"
    }

    #[cfg(test)]
    fn patterns(&self) -> Vec<&crate::prefilter::Pattern> {
        vec![&self.counted, &self.long_adjective, &self.set_word, &self.every, &self.every_weekday, &self.frequency]
    }

    fn find(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        let lex = lexicon();
        for whole in self.counted.matches_iter(text, present) {
            // The groups read by hand (the bounded backtracker that reads them cost more than
            // finding the match), else by the regex.
            let by_hand = self.counted_words.as_ref().and_then(|words| words.groups(whole.as_str().as_bytes()));
            let (n, half, u) = match by_hand {
                Some(g) => (whole.start() + g.n.0..whole.start() + g.n.1, g.half, whole.start() + g.unit.0..whole.start() + g.unit.1),
                None => {
                    let Some(c) = self.counted.regex_for(present).captures_at(text, whole.start()) else { continue };
                    let (Some(n), Some(u)) = (c.name("n"), c.name("unit")) else { continue };
                    (n.range(), c.name("half").is_some(), u.range())
                }
            };
            let (Some(n_text), Some(u_text)) = (text.get(n.clone()), text.get(u)) else { continue };
            let n_word = n_text.to_lowercase();
            let unit_word = u_text.to_lowercase();
            // "a second attempt", "a quarter of the votes": ordinals and fractions, not time.
            if matches!(n_word.as_str(), "a" | "an" | "one") && matches!(unit_word.as_str(), "second" | "quarter") {
                continue;
            }
            if matches!(char_before(text, n.start), Some('$' | '£' | '€' | '.' | ',')) {
                continue;
            }
            // "a 35-year-old man" is an age, not a span of time anyone reports on.
            if text.get(whole.end()..).is_some_and(|rest| rest.starts_with("-old") || rest.starts_with(" old")) {
                continue;
            }
            let Some(unit) = lex.value("unit", &unit_word).and_then(Unit::from_code) else { continue };
            let Some(mut count) = parse_count(&n_word) else { continue };
            if half {
                if let Ok(v) = count.parse::<f64>() {
                    count = crate::expr::format_number(v + 0.5);
                }
            }
            let pattern = if count == "X" { "vague duration" } else { "duration" };
            out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Duration(unit.duration(&count)), pattern });
        }
        for c in self.long_adjective.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(unit) = c.name("unit").and_then(|u| lex.value("unit", u.as_str())).and_then(Unit::from_code) else {
                continue;
            };
            out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Duration(unit.duration("X")), pattern: "long" });
        }
        for m in self.set_word.find_iter(text, present) {
            // "Breitbart News Daily": a capitalised set word after a capitalised word is a name.
            if capitalized(m.as_str()) && capitalized(prev_word_as_written(text, m.start())) && char_before(text, m.start()) == Some(' ') {
                continue;
            }
            if let Some(v) = lex.value("set", m.as_str()) {
                out.push(Candidate { start: m.start(), end: m.end(), expr: Expr::Set(v.to_string()), pattern: "set word" });
            }
        }
        for c in self.every.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(unit) = c.name("unit").and_then(|u| lex.value("unit", u.as_str())).and_then(Unit::from_code) else {
                continue;
            };
            let n = c.name("n").map(|n| n.as_str().to_lowercase()).unwrap_or_default();
            let count = if n == "other" { Some("2".to_string()) } else { parse_count(&n) };
            if let Some(count) = count {
                out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Set(unit.duration(&count)), pattern: "every" });
            }
        }
        for c in self.every_weekday.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            if let Some(d) = c.name("wd").and_then(|w| lex.int("weekday", w.as_str())) {
                out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Set(format!("XXXX-WXX-{d}")), pattern: "every weekday" });
            }
        }
        for c in self.frequency.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(unit) = c.name("unit").and_then(|u| lex.value("unit", u.as_str())).and_then(Unit::from_code) else {
                continue;
            };
            out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Set(unit.duration("1")), pattern: "frequency" });
        }
    }
}

/// What `counted` holds just before its unit: the last word of the count, of "and a half" or
/// of a modifier, in the unit's token ("two-year") or the token before. Most units of news
/// ("last year", "this week", "the day") have none of these there, and their windows, which
/// reach seven tokens back, are not searched. The words are those of the pattern's alternations
/// (a count ends with a digit or a number word, "several", "few", "many", "recent", or the "of"
/// of "a couple of"), so the guard holds wherever the pattern matches; without a guard when a
/// number word is not one plain ASCII word, which a guard could not read whole.
fn count_guard() -> Option<Guard> {
    static WORDS: std::sync::OnceLock<Option<Vec<&'static str>>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let numbers = lexicon().words("number");
        let plain = numbers.iter().all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric()));
        plain.then(|| {
            numbers
                .iter()
                .map(String::as_str)
                .chain(["several", "few", "many", "recent", "of", "half"])
                .chain(COUNT_MODIFIERS.iter().copied())
                .collect()
        })
    });
    words.as_deref().map(|words| Guard::new(Side::Before, 1, Need::DigitOrWord(words)))
}

/// Words between a count and its unit: "three straight days", "two more weeks".
const COUNT_MODIFIERS: &[&str] =
    &["straight", "consecutive", "successive", "trading", "business", "working", "full", "more", "additional", "further", "long", "short"];

/// The groups of a `counted` match that the stage reads, as byte spans of the match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CountedGroups {
    n: (usize, usize),
    half: bool,
    unit: (usize, usize),
}

/// The number and unit words of the `counted` pattern, ordered as its alternations are (longest
/// first, then alphabetically), lower-cased.
struct CountedWords {
    numbers: Vec<String>,
    units: Vec<String>,
}

impl CountedWords {
    fn new() -> Option<CountedWords> {
        let lex = lexicon();
        let ordered = |kind: &str| -> Option<Vec<String>> {
            let mut words: Vec<&String> = lex.words(kind).iter().collect();
            words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            words.dedup();
            let plain = words.iter().all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphabetic()));
            plain.then(|| words.iter().map(|w| w.to_ascii_lowercase()).collect())
        };
        Some(CountedWords { numbers: ordered("number")?, units: ordered("unit")? })
    }

    /// The groups of the `counted` match `m`, found as the regex finds them: the first way, in
    /// the order its alternations and optional parts are tried, to read all of `m`. (The regex
    /// found `m` as its leftmost-first match, so that way is the regex's own, and the `\b` at
    /// its end holds.) `None` when `m` is not ASCII or reads no way, for the regex to read.
    fn groups(&self, m: &[u8]) -> Option<CountedGroups> {
        if !m.is_ascii() {
            return None;
        }
        let word_at = |at: usize, word: &str| m.get(at..at + word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()));
        // `\s+` at `at`, greedy: the end of the run (no shorter run can be followed by a word).
        let spaces = |at: usize| at + m[at.min(m.len())..].iter().take_while(|&&b| ascii_space(b)).count();
        // `w1\s+w2\s+…` at `at`: its end.
        let phrase_at = |at: usize, words: &[&str]| {
            let mut k = at;
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    let after = spaces(k);
                    if after == k {
                        return None;
                    }
                    k = after;
                }
                if !word_at(k, w) {
                    return None;
                }
                k += w.len();
            }
            Some(k)
        };
        // After the count, from `at`: `(\s+and\s+a\s+half)? (\s+|-) ((modifier)\s+)? unit`,
        // ending at the end of `m`. Returns whether "half" was taken and the unit.
        let rest = |at: usize| -> Option<(bool, (usize, usize))> {
            let half_end = phrase_at(spaces(at), &["and", "a", "half"]).filter(|_| spaces(at) > at);
            for (half, from) in half_end.map(|e| (true, e)).into_iter().chain([(false, at)]) {
                let after_sep = match m.get(from) {
                    Some(&b) if ascii_space(b) => spaces(from),
                    Some(b'-') => from + 1,
                    _ => continue,
                };
                let after_modifier = COUNT_MODIFIERS.iter().filter_map(|w| {
                    let end = after_sep + w.len();
                    (word_at(after_sep, w) && spaces(end) > end).then(|| spaces(end))
                });
                for unit_start in after_modifier.chain([after_sep]) {
                    if self.units.iter().any(|u| unit_start + u.len() == m.len() && word_at(unit_start, u)) {
                        return Some((half, (unit_start, m.len())));
                    }
                }
            }
            None
        };
        let found = |n_end: usize| rest(n_end).map(|(half, unit)| CountedGroups { n: (0, n_end), half, unit });
        // `\d+([.,]\d+)?`: greedy, and no shorter run of digits can be followed by the rest.
        let digits = |at: usize| at + m[at.min(m.len())..].iter().take_while(|b| b.is_ascii_digit()).count();
        let d = digits(0);
        if d > 0 {
            let fraction = match m.get(d) {
                Some(b'.' | b',') if digits(d + 1) > d + 1 => Some(digits(d + 1)),
                _ => None,
            };
            return fraction.into_iter().chain([d]).find_map(found);
        }
        // `{num}([\s-]{num})?`
        for first in self.numbers.iter().filter(|w| word_at(0, w)) {
            let e = first.len();
            let second = match m.get(e) {
                Some(&b) if ascii_space(b) || b == b'-' => {
                    self.numbers.iter().filter(|w| word_at(e + 1, w)).find_map(|w| found(e + 1 + w.len()))
                }
                _ => None,
            };
            if let Some(g) = second.or_else(|| found(e)) {
                return Some(g);
            }
        }
        let phrases: [&[&str]; 6] = [&["several"], &["a", "few"], &["few"], &["many"], &["recent"], &["a", "couple", "of"]];
        phrases.iter().filter_map(|p| phrase_at(0, p)).find_map(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Counts, units, modifiers and the words around them, whole and cut.
    const PIECES: &[&str] = &[
        "two", "twenty", "five", "a", "an", "one", "couple", "few", "a few", "several", "many", "recent", "of", "and",
        "half", "and a half", "more", "straight", "long", "days", "day", "year", "years", "hrs", "min", "weeks", "3",
        "12", "2.5", "1,5", "7.", "-", "Weeks", "TWO", "tenth", "seconds", "old", "é", "\u{663}",
    ];
    const SEPARATORS: &[&str] = &[" ", " ", "  ", "-", "\t", "\n", "", ", ", "\u{a0}"];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The groups read by hand are the regex's own for every ASCII match.
        #[test]
        fn counted_groups_by_hand_equal_the_regex(parts in prop::collection::vec((0..PIECES.len(), 0..SEPARATORS.len()), 1..12)) {
            let text: String = parts.iter().map(|&(i, sep)| format!("{}{}", PIECES[i], SEPARATORS[sep])).collect();
            let durations = Durations::default();
            let words = durations.counted_words.as_ref().expect("plain number and unit words");
            for c in durations.counted.regex().captures_iter(&text) {
                let whole = c.get(0).expect("group 0");
                let by_hand = words.groups(whole.as_str().as_bytes());
                if !whole.as_str().is_ascii() {
                    prop_assert_eq!(by_hand, None);
                    continue;
                }
                let shift = |m: crate::engine::Match| (m.start() - whole.start(), m.end() - whole.start());
                let by_regex = CountedGroups {
                    n: c.name("n").map(shift).expect("n"),
                    half: c.name("half").is_some(),
                    unit: c.name("unit").map(shift).expect("unit"),
                };
                prop_assert_eq!(by_hand, Some(by_regex), "{:?} in {:?}", whole.as_str(), text);
            }
        }
    }

    #[test]
    fn counted_groups_of_compound_counts_and_modifiers() {
        let words = CountedWords::new().expect("plain number and unit words");
        let groups = |m: &str| words.groups(m.as_bytes());
        assert_eq!(groups("twenty five days"), Some(CountedGroups { n: (0, 11), half: false, unit: (12, 16) }));
        assert_eq!(groups("a few more weeks"), Some(CountedGroups { n: (0, 5), half: false, unit: (11, 16) }));
        assert_eq!(groups("2.5 years"), Some(CountedGroups { n: (0, 3), half: false, unit: (4, 9) }));
        assert_eq!(groups("two and a half years"), Some(CountedGroups { n: (0, 3), half: true, unit: (15, 20) }));
        assert_eq!(groups("12-month"), Some(CountedGroups { n: (0, 2), half: false, unit: (3, 8) }));
        assert_eq!(groups("two weeks\u{a0}"), None);
    }
}
