//! The recognisers' regular expressions, built as the `regex` crate builds them but without the
//! literal prefilters.
//!
//! `regex::Regex` extracts literals from every pattern to build prefilters (and reverse-suffix
//! and reverse-inner searches). For these patterns (case-insensitive alternations of month,
//! number and unit words) that was over half of compiling them, and compiling was about 40% of
//! a one-article run. The prefilters bought little: a pattern runs only on blocks that hold its
//! cue words ([`crate::prefilter`]), mostly only in small windows around them. So the patterns
//! are built with `regex_automata`'s meta engine (what `regex` wraps) with the same settings
//! except `auto_prefilter(false)`; the matches are the same, only found without a prefilter.
//! The types here mirror the parts of `regex`'s API the recognisers use.

use regex_automata::util::captures::Captures as GroupSpans;
use regex_automata::util::syntax;
use regex_automata::{meta, Input, MatchKind};

/// A compiled pattern (leftmost-first, UTF-8, as `regex::Regex`).
#[derive(Clone, Debug)]
pub struct Regex(meta::Regex);

impl Regex {
    pub fn new(pattern: &str) -> Result<Regex, Box<meta::BuildError>> {
        // The settings of `regex::RegexBuilder` (its size limits, leftmost-first, no empty
        // match splitting a character), but no prefilter.
        let config = meta::Config::new()
            .nfa_size_limit(Some(10 * (1 << 20)))
            .hybrid_cache_capacity(2 * (1 << 20))
            .match_kind(MatchKind::LeftmostFirst)
            .utf8_empty(true)
            .auto_prefilter(false);
        meta::Builder::new()
            .configure(config)
            .syntax(syntax::Config::new().utf8(true))
            .build(pattern)
            .map(Regex)
            .map_err(Box::new)
    }

    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        Matches { haystack, it: self.0.find_iter(haystack) }
    }

    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> CaptureMatches<'r, 'h> {
        CaptureMatches { haystack, it: self.0.captures_iter(haystack) }
    }

    /// The first match starting at or after byte `start`, with the text before `start` still
    /// seen by look-around (`\b`). `None` when `start` is past the end.
    pub fn find_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Match<'h>> {
        let input = input_from(haystack, start)?;
        self.0.search(&input).map(|m| Match { haystack, start: m.start(), end: m.end() })
    }

    /// [`Regex::find_at`] with the groups.
    pub fn captures_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Captures<'h>> {
        let input = input_from(haystack, start)?;
        let mut caps = self.0.create_captures();
        self.0.search_captures(&input, &mut caps);
        caps.is_match().then_some(Captures { haystack, caps })
    }
}

/// The search of `haystack` from byte `start` on, the text before it still seen by look-around;
/// `None` when `start` is past the end.
fn input_from(haystack: &str, start: usize) -> Option<Input<'_>> {
    (start <= haystack.len()).then(|| Input::new(haystack).span(start..haystack.len()))
}

/// A match: a span of the haystack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    #[inline]
    pub fn start(&self) -> usize {
        self.start
    }

    #[inline]
    pub fn end(&self) -> usize {
        self.end
    }

    #[inline]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The matched text (the engine reports spans on character boundaries).
    #[inline]
    pub fn as_str(&self) -> &'h str {
        self.haystack.get(self.start..self.end).unwrap_or("")
    }
}

/// The groups of one match.
#[derive(Clone, Debug)]
pub struct Captures<'h> {
    haystack: &'h str,
    caps: GroupSpans,
}

impl<'h> Captures<'h> {
    /// Group `i` (0: the whole match), if it took part in the match.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        self.caps.get_group(i).map(|s| Match { haystack: self.haystack, start: s.start, end: s.end })
    }

    /// The named group, if the pattern has it and it took part in the match.
    #[inline]
    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        self.caps.get_group_by_name(name).map(|s| Match { haystack: self.haystack, start: s.start, end: s.end })
    }
}

/// [`Regex::find_iter`].
pub struct Matches<'r, 'h> {
    haystack: &'h str,
    it: meta::FindMatches<'r, 'h>,
}

impl<'h> Iterator for Matches<'_, 'h> {
    type Item = Match<'h>;

    #[inline]
    fn next(&mut self) -> Option<Match<'h>> {
        self.it.next().map(|m| Match { haystack: self.haystack, start: m.start(), end: m.end() })
    }
}

/// [`Regex::captures_iter`].
pub struct CaptureMatches<'r, 'h> {
    haystack: &'h str,
    it: meta::CapturesMatches<'r, 'h>,
}

impl<'h> Iterator for CaptureMatches<'_, 'h> {
    type Item = Captures<'h>;

    #[inline]
    fn next(&mut self) -> Option<Captures<'h>> {
        self.it.next().map(|caps| Captures { haystack: self.haystack, caps })
    }
}

#[cfg(test)]
mod tests {
    use super::Regex;
    use proptest::prelude::*;

    /// Patterns of the recognisers' kinds: word alternations around `\b`, digits, optional
    /// groups, a clock, a URL.
    const PATTERNS: &[&str] = &[
        r"(?i)(?-u:\b)(?:(?P<pre>early|mid|late)[\s-]+)?(?P<mon>january|february|march|may|june)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?(?-u:\b)",
        r"(?i)(?-u:\b)(?P<n>\d+|one|two|three|a|an)\s+(?P<unit>days?|weeks?|years?)\s+ago(?-u:\b)",
        r"(?i)(?-u:\b)(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m(?-u:\b)\.?",
        r"(?i)(?:^|[\s(])(?P<y>['’](?P<yy>\d\d))(?-u:\b)",
        r"(?i)(?:https?://|www\.)\S+|\S+@\S+\.\w+|[@#][\w.]*\w",
        r"(?i)(?-u:\b)(?:the\s+)?(?:(?P<rel>last|next|this)\s+)?(?P<wd>monday|friday|sunday)(?-u:\b)",
    ];

    const PIECES: &[&str] = &[
        "May", "june", "MARCH", "3", "21st", "2021", "days", "week", "ago", "two", "a", "last", "next",
        "Friday", "the", "early", "mid-", "11:30", "p.m.", "am", "'90", "’05", "www.x.com", "@who",
        "#tag", "é", "Jānis", "(", ",", ".", "-", "K", "\u{212A}",
    ];
    const SEPARATORS: &[&str] = &[" ", "  ", "\n", "", ", ", "\u{a0}"];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec((0..PIECES.len(), 0..SEPARATORS.len()), 0..16)
            .prop_map(|parts| parts.iter().map(|&(p, s)| format!("{}{}", PIECES[p], SEPARATORS[s])).collect())
    }

    proptest! {
        /// Without prefilters the engine finds exactly the matches and groups `regex` finds,
        /// over the whole text and from every character boundary.
        #[test]
        fn same_matches_and_groups_as_the_regex_crate(text in text(), which in 0..PATTERNS.len()) {
            let pattern = PATTERNS[which];
            let ours = Regex::new(pattern).expect("pattern builds");
            let theirs = regex::Regex::new(pattern).expect("pattern builds");
            let spans: Vec<_> = ours.find_iter(&text).map(|m| m.range()).collect();
            let expected: Vec<_> = theirs.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(spans, expected);
            let groups = |c: &super::Captures| (0..theirs.captures_len()).map(|i| c.get(i).map(|m| m.range())).collect::<Vec<_>>();
            let expected_groups = |c: &regex::Captures| (0..theirs.captures_len()).map(|i| c.get(i).map(|m| m.range())).collect::<Vec<_>>();
            let all: Vec<_> = ours.captures_iter(&text).map(|c| groups(&c)).collect();
            let expected_all: Vec<_> = theirs.captures_iter(&text).map(|c| expected_groups(&c)).collect();
            prop_assert_eq!(all, expected_all);
            for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                prop_assert_eq!(ours.find_at(&text, at).map(|m| m.range()), theirs.find_at(&text, at).map(|m| m.range()));
                prop_assert_eq!(
                    ours.captures_at(&text, at).map(|c| groups(&c)),
                    theirs.captures_at(&text, at).map(|c| expected_groups(&c))
                );
                if let (Some(a), Some(b)) = (ours.captures_at(&text, at), theirs.captures_at(&text, at)) {
                    for name in theirs.capture_names().flatten() {
                        prop_assert_eq!(a.name(name).map(|m| m.as_str()), b.name(name).map(|m| m.as_str()));
                    }
                }
            }
        }
    }

    #[test]
    fn a_start_past_the_end_finds_nothing() {
        let re = Regex::new(r"\d+").expect("pattern builds");
        assert_eq!(re.find_at("12", 2), None);
        assert!(re.find_at("12", 3).is_none());
        assert!(re.captures_at("12", 3).is_none());
        assert_eq!(re.find_at("a12", 0).map(|m| m.as_str()), Some("12"));
    }
}
