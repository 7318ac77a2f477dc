//! A cheap test, run once per block, of which recogniser patterns can match there at all.
//!
//! The recognisers hold about forty regular expressions; running each over every block was most
//! of the pipeline's time, although most blocks hold no time expression and most of the rest
//! hold one or two. Every pattern needs some word or character to match: a month name, a digit,
//! "ago", a colon… One pass over the block (an Aho-Corasick automaton over those words plus a
//! byte scan) finds which [`Cue`]s are present, and a [`Pattern`] whose cues are missing is not
//! run. The cues are necessary conditions, never guesses, so the results are exactly those of
//! running every pattern:
//!
//! - a cue word counts only where the pattern puts it: between ASCII word boundaries, which is
//!   what the patterns' `\b` (ASCII, see [`crate::recognizer::compile`]) or `\s` around it demand;
//! - the patterns are case-insensitive in Unicode, where "k" also matches the Kelvin sign and
//!   "s" the long s; a block holding either runs every pattern;
//! - `\d` matches any Unicode digit, so the digit cue is set by non-ASCII digits too;
//! - a word class holding a non-ASCII word (whose case the automaton cannot fold) is always
//!   present.

use crate::lexicon::lexicon;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use crate::engine::{CaptureMatches, Captures, Matches, Regex};
use std::sync::OnceLock;

/// Something a pattern cannot match without.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// Any decimal digit, ASCII or not (what `\d` matches).
    Digit,
    /// An ASCII digit (a pattern that spells one out: `20\d\d`, `[0-5]\d`).
    AsciiDigit,
    Hyphen,
    /// A hyphen between two digits (an ISO date's "2021-11").
    DigitHyphenDigit,
    /// A four-digit year's head: "16"–"19" or "20" before another digit.
    YearDigits,
    /// A decade's tail: "0s", "0's", "0’s".
    DecadeEnd,
    /// "am", "pm", "a.m", "p. m"…: "a" or "p" before "m", with at most a dot and a space between.
    AmPm,
    Slash,
    Colon,
    /// `'` or `’`.
    Apostrophe,
    /// What a URL, e-mail address, handle or hashtag needs: "http", "www.", ".com"…, "@", "#".
    Url,
    Month,
    Weekday,
    /// A unit word of the lexicon ("days", "weeks", "years"…).
    Unit,
    /// The units a "last week" / "the same day" phrase can end in.
    ShiftUnit,
    Season,
    PartOfDay,
    /// A word of a vague reference ("recently", "in the long term").
    Ref,
    /// A word of a set expression ("daily", "every week").
    SetWord,
    Century,
    Quarter,
    /// "today", "yesterday", "now"…
    Deictic,
    /// "before", "after", "earlier"… after "the day" / "the year".
    UnitAfter,
    Day,
    /// "time", "date", "point" after "that".
    ThatTime,
    Same,
    Ago,
    Weekend,
    /// "beginning", "end", "rest"… of a unit.
    PartOf,
    Long,
    Every,
    /// "once", "twice", "times".
    Frequency,
    NamedTime,
    /// A non-ASCII character that `\s` or `\d` matches (a no-break or thin space, an Arabic
    /// digit): the block is searched with the patterns' Unicode forms.
    UnicodeClass,
}

const ALL: u64 = u64::MAX;

fn bit(cue: Cue) -> u64 {
    1 << cue as u32
}

/// The cues found in one block, and where its cue words stand.
#[derive(Clone, Debug)]
pub struct Present {
    cues: u64,
    /// Whole cue words, in text order: byte span and the cues each signals.
    words: Vec<(usize, usize, u64)>,
    /// Whether patterns may be run only near their anchor words.
    windows: bool,
    /// Where the characters of [`Cue::UnicodeClass`] start, in text order.
    unicode_at: Vec<usize>,
}

impl Present {
    /// As if every cue were present: every pattern runs over the whole block.
    pub fn everything() -> Self {
        Present { cues: ALL, words: Vec::new(), windows: false, unicode_at: Vec::new() }
    }

    #[inline]
    fn covers(&self, needs: u64) -> bool {
        self.cues & needs == needs
    }

    /// Whether a character of [`Cue::UnicodeClass`] lies in the window.
    fn unicode_in(&self, window: &Span) -> bool {
        let first = self.unicode_at.partition_point(|&at| at < window.start);
        self.unicode_at.get(first).is_some_and(|&at| at < window.end)
    }
}

/// Where a pattern's matches can lie: around a word of its `anchor` cue, at most `before`
/// whitespace-separated tokens before that word's token and `after` tokens after it. A match
/// crosses from one token to the next only where the pattern matches white space (`\s`), so
/// the counts are those of the pattern's `\s` runs on each side of the anchor word.
#[derive(Clone, Copy, Debug)]
struct Window {
    anchor: u64,
    before: usize,
    after: usize,
    /// What every match holds on one side of its anchor word, if anything is given.
    guard: Option<Guard>,
}

/// What a windowed pattern's every match holds on one side of the anchor word it is windowed
/// on: a window whose part on that side lacks it holds no match, and is not searched.
///
/// Most windows around a month name hold no day before it, most around a unit no "in" before it:
/// a byte test of the window spares the regex search (and, in a run where no window passes, the
/// compiling of the regex). The test reads only ASCII letters, as the patterns' case-insensitive
/// words do everywhere but in a block with the Kelvin sign or the long s, which is searched whole.
#[derive(Clone, Copy, Debug)]
pub struct Guard {
    side: Side,
    /// How many tokens beyond the anchor word's own the need may lie on its side (at most the
    /// window's reach there).
    reach: usize,
    need: Need,
}

/// The side of the anchor word a [`Guard`] reads: from the window's start to the word, or from
/// the word to the window's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Before,
    After,
}

/// What a [`Guard`] looks for.
#[derive(Clone, Copy, Debug)]
pub enum Need {
    /// A character `\d` matches (an ASCII digit, or any non-ASCII character, untested).
    Digit,
    /// One of these lower-case ASCII words as a whole run of ASCII word characters (the pattern
    /// has `\b` or `\s` on both sides of it), in any case.
    Word(&'static [&'static str]),
    /// One of these lower-case ASCII words anywhere, in any case.
    Piece(&'static [&'static str]),
    /// What [`Need::Digit`] or [`Need::Word`] with these words needs: either.
    DigitOrWord(&'static [&'static str]),
}

impl Guard {
    pub const fn new(side: Side, reach: usize, need: Need) -> Self {
        Guard { side, reach, need }
    }

    /// Whether the text within the guard's reach of the anchor word `word` (a byte span of
    /// `text`) holds what the guard needs on its side.
    #[cfg(test)]
    fn holds(&self, text: &str, word: (usize, usize)) -> bool {
        self.holds_up_to(text, word, self.bound(text, word).0)
    }

    /// The bound of the guard's reach from the anchor word `word`: the start of the token
    /// `reach` tokens before it, or the end of the one `reach` tokens after; and `reach`, the
    /// tokens walked.
    fn bound(&self, text: &str, word: (usize, usize)) -> (usize, usize) {
        match self.side {
            Side::Before => (tokens_back(text, word.0, self.reach), self.reach),
            Side::After => (tokens_forward(text, word.1, self.reach), self.reach),
        }
    }

    /// [`Guard::holds`] with the bound of its reach (from [`Guard::bound`]) given.
    fn holds_up_to(&self, text: &str, word: (usize, usize), bound: usize) -> bool {
        let (from, to) = match self.side {
            Side::Before => (bound, word.0),
            Side::After => (word.1, bound),
        };
        let bytes = text.as_bytes();
        let Some(part) = bytes.get(from..to) else { return true };
        let digit = |part: &[u8]| part.iter().any(|&b| b.is_ascii_digit() || b >= 0x80);
        match self.need {
            Need::Digit => digit(part),
            Need::Piece(words) => words.iter().any(|w| part.windows(w.len()).any(|p| p.eq_ignore_ascii_case(w.as_bytes()))),
            Need::DigitOrWord(words) => digit(part) || Guard::new(self.side, self.reach, Need::Word(words)).holds_up_to(text, word, bound),
            Need::Word(words) => {
                let mut i = 0;
                while i < part.len() {
                    if !is_word_byte(part[i]) {
                        i += 1;
                        continue;
                    }
                    let start = i;
                    while i < part.len() && is_word_byte(part[i]) {
                        i += 1;
                    }
                    // A run cut by the part's ends is whole only if the text's bytes around it
                    // are no word characters.
                    let whole = (from + start == 0 || !is_word_byte(bytes[from + start - 1]))
                        && bytes.get(from + i).is_none_or(|&b| !is_word_byte(b));
                    if whole && crate::recognizer::is_one_of(&part[start..i], words) {
                        return true;
                    }
                }
                false
            }
        }
    }
}

/// A recogniser's regular expression and the cues it needs.
pub struct Pattern {
    /// The pattern as written, compiled on first use: a block must first hold the needed cues,
    /// so a short run compiles only the patterns its text can match (compiling all of them cost
    /// about as much as extracting a hundred articles).
    source: String,
    regex: OnceLock<Regex>,
    /// The pattern's ASCII form ([`crate::recognizer::compile_ascii`]), compiled on first use.
    ascii_regex: OnceLock<Option<Regex>>,
    needs: u64,
    window: Option<Window>,
}

impl Pattern {
    /// `pattern` in the syntax of [`crate::recognizer::compile`]; `needs`: cues every match
    /// contains (each one must be present).
    pub fn new(pattern: &str, needs: &[Cue]) -> Self {
        Pattern {
            source: pattern.to_string(),
            regex: OnceLock::new(),
            ascii_regex: OnceLock::new(),
            needs: needs.iter().fold(0, |acc, &c| acc | bit(c)),
            window: None,
        }
    }

    /// Run the pattern only around the words of `anchor` (a word cue every match contains
    /// between word boundaries), reaching `before` tokens before and `after` tokens after the
    /// anchor's token. The matches are those of a run over the whole block: every match lies
    /// inside one window (windows that overlap are merged), and a window ends at white space,
    /// which a `\b` reads as the end of the text would.
    pub fn near(mut self, anchor: Cue, before: usize, after: usize) -> Self {
        let s = scanner();
        if s.single_word_kinds && s.always & bit(anchor) == 0 {
            self.window = Some(Window { anchor: bit(anchor), before, after, guard: None });
        }
        self
    }

    /// Search only the windows of [`Pattern::near`] whose part on one side of the anchor word
    /// holds what `guard` says every match holds there. (Without windows, nothing changes.)
    pub fn guarded(mut self, guard: Guard) -> Self {
        if let Some(window) = &mut self.window {
            window.guard = Some(guard);
        }
        self
    }

    /// The anchor words of the pattern in the block, in text order, when it would be searched in
    /// windows around them with its ASCII form (the block holds its cues, and no character
    /// calling for the Unicode forms); `None` otherwise. Every match holds one of them: for a
    /// pattern whose matches end with their anchor word, a recogniser can tell by hand whether
    /// one ends with each (a guard only spares searches, and is not read here).
    pub fn anchors_in<'p>(&self, present: &'p Present) -> Option<impl Iterator<Item = (usize, usize)> + 'p> {
        let window = self.window.filter(|_| present.windows && present.covers(self.needs))?;
        if present.cues & bit(Cue::UnicodeClass) != 0 {
            return None;
        }
        let mut words: Vec<(usize, usize)> =
            present.words.iter().filter(|&&(_, _, cues)| cues & window.anchor != 0).map(|&(s, e, _)| (s, e)).collect();
        // The scan finds whole words in text order, and the rest after them.
        if !words.is_sorted() {
            words.sort_unstable();
        }
        Some(words.into_iter())
    }

    /// The (start, end) of the pattern's matches in a block: read at its anchor words by
    /// `at_anchor` (the match holding the anchor word `(start, end)`, if one does) where
    /// [`Pattern::anchors_in`] gives them, else found by the regex. For a recogniser that can
    /// tell its matches by hand around their anchor words.
    pub fn matches_at_anchors<'p>(
        &'p self,
        text: &'p str,
        present: &'p Present,
        at_anchor: impl FnMut((usize, usize)) -> Option<(usize, usize)> + 'p,
    ) -> impl Iterator<Item = (usize, usize)> + 'p {
        let by_hand = self.anchors_in(present).map(|anchors| anchors.filter_map(at_anchor));
        let by_regex = by_hand.is_none().then(|| self.matches_iter(text, present).map(|m| (m.start(), m.end())));
        by_hand.into_iter().flatten().chain(by_regex.into_iter().flatten())
    }

    /// The regex's `captures_iter`: nothing when a needed cue is missing from the block, and
    /// only the windows around the anchor words when the pattern has them.
    // Inlined: most patterns lack a cue in most blocks, and the test is cheaper than the call.
    #[inline(always)]
    pub fn captures_iter<'r, 'h>(&'r self, text: &'h str, present: &Present) -> CapturesIn<'r, 'h> {
        if !present.covers(self.needs) {
            return CapturesIn(None);
        }
        self.captures_in_block(text, present)
    }

    /// [`Pattern::captures_iter`] once the block holds the needed cues.
    fn captures_in_block<'r, 'h>(&'r self, text: &'h str, present: &Present) -> CapturesIn<'r, 'h> {
        let search = match self.window {
            Some(w) if present.windows => {
                let windows = windows(text, &present.words, w);
                if windows.is_empty() {
                    return CapturesIn(None);
                }
                Search::Windows(WindowWalk { regex: self.regex_for_windows(present, &windows), text, windows, index: 0, pos: 0 })
            }
            _ => Search::All(self.regex_for(present).captures_iter(text)),
        };
        CapturesIn(Some(Box::new(search)))
    }

    /// The whole matches of [`Pattern::captures_iter`], without their groups: the regex finds
    /// them with its DFAs alone, without the bounded backtracker that reads the groups.
    #[inline(always)]
    pub fn matches_iter<'r, 'h>(&'r self, text: &'h str, present: &Present) -> MatchesIn<'r, 'h> {
        if !present.covers(self.needs) {
            return MatchesIn(None);
        }
        self.matches_in_block(text, present)
    }

    fn matches_in_block<'r, 'h>(&'r self, text: &'h str, present: &Present) -> MatchesIn<'r, 'h> {
        let search = match self.window {
            Some(w) if present.windows => {
                let windows = windows(text, &present.words, w);
                if windows.is_empty() {
                    return MatchesIn(None);
                }
                FindSearch::Windows(WindowWalk { regex: self.regex_for_windows(present, &windows), text, windows, index: 0, pos: 0 })
            }
            _ => FindSearch::All(self.regex_for(present).find_iter(text)),
        };
        MatchesIn(Some(Box::new(search)))
    }

    /// The regex's `find_iter`, or nothing when a needed cue is missing from the block.
    pub fn find_iter<'r, 'h>(
        &'r self,
        text: &'h str,
        present: &Present,
    ) -> std::iter::Flatten<std::option::IntoIter<Matches<'r, 'h>>> {
        present
            .covers(self.needs)
            .then(|| self.regex_for(present).find_iter(text))
            .into_iter()
            .flatten()
    }

    /// Whether a match of the pattern (as [`Pattern::find_iter`] finds them over the whole
    /// block) overlaps `text[start..end]`, for a pattern none of whose matches holds white space
    /// (a URL, an address, a handle). Such a search reaches the start of each white-space-
    /// separated token afresh, so its matches inside the tokens that `start..end` touches are
    /// those of a search of these tokens alone: only they are read, not the whole block.
    pub fn matches_in_tokens_overlap(&self, text: &str, present: &Present, start: usize, end: usize) -> bool {
        if !present.covers(self.needs) || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return false;
        }
        let mut from = start;
        while let Some((false, len)) = space_before(text, from) {
            from -= len;
        }
        let mut to = end;
        while let Some((false, len)) = space_at(text, to) {
            to += len;
        }
        let Some(tokens) = text.get(from..to) else { return false };
        // The cues hold for any text searched: the tokens too must hold them (most candidates in a
        // block with a URL are not in the URL), and then the regex need not even be compiled.
        if !scan(tokens).covers(self.needs) {
            return false;
        }
        self.regex().find_iter(tokens).any(|m| from + m.start() < end && start < from + m.end())
    }

    /// The pattern as written.
    #[cfg(test)]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The pattern in its Unicode form, right for any text.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| crate::recognizer::compile(&self.source))
    }

    /// The pattern for searching `windows` of a block with the cues `present`: its ASCII form
    /// where no window holds a non-ASCII white space or number (most blocks holding one hold it
    /// away from the time words), else [`Pattern::regex`]. A window search reads no character
    /// beyond its window but the one before it, for `\b`, which is ASCII.
    fn regex_for_windows(&self, present: &Present, windows: &[Span]) -> &Regex {
        if !windows.iter().any(|w| present.unicode_in(w)) {
            if let Some(ascii) = self.ascii_regex.get_or_init(|| crate::recognizer::compile_ascii(&self.source)) {
                return ascii;
            }
        }
        self.regex()
    }

    /// The pattern for a block with the cues `present`: its ASCII form where the block holds no
    /// non-ASCII white space or number (the same matches, from smaller automata), else
    /// [`Pattern::regex`].
    pub fn regex_for(&self, present: &Present) -> &Regex {
        if present.cues & bit(Cue::UnicodeClass) == 0 {
            if let Some(ascii) = self.ascii_regex.get_or_init(|| crate::recognizer::compile_ascii(&self.source)) {
                return ascii;
            }
        }
        self.regex()
    }
}

/// The matches of a [`Pattern`] in a block: none when the block lacks a needed cue (most
/// patterns in most blocks), else the search, boxed: every pattern of every block moves and
/// drops a `CapturesIn`, which costs little when it is one pointer.
pub struct CapturesIn<'r, 'h>(Option<Box<Search<'r, 'h>>>);

impl Drop for CapturesIn<'_, '_> {
    // The test for no search inlined where the loop over the matches ends, and the search's own
    // drop a call: as one drop function, not inlined, it was a call for every pattern of every
    // block (about 180,000 calls per 500 articles, nearly all of them with nothing to drop).
    #[inline(always)]
    fn drop(&mut self) {
        if let Some(search) = self.0.take() {
            drop_search(search);
        }
    }
}

#[inline(never)]
fn drop_search(search: Box<Search<'_, '_>>) {
    drop(search);
}

/// A pattern's search through a block that holds its cues.
enum Search<'r, 'h> {
    All(CaptureMatches<'r, 'h>),
    Windows(WindowWalk<'r, 'h>),
}

/// A window of a block: the bytes `start..end`, and where the last anchor word in it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    last_anchor: usize,
}

/// Leftmost-first matches inside each window in turn (`windows` sorted and disjoint): the walk
/// shared by the captures and the whole-match searches.
struct WindowWalk<'r, 'h> {
    regex: &'r Regex,
    text: &'h str,
    windows: Vec<Span>,
    index: usize,
    pos: usize,
}

impl<'r, 'h> WindowWalk<'r, 'h> {
    /// The next match of `search_at(regex, haystack, from)`, whose span `span(match, from)` gives.
    #[inline(always)]
    fn next_by<T>(
        &mut self,
        search_at: impl Fn(&'r Regex, &'h str, usize) -> Option<T>,
        span: impl Fn(&T, usize) -> (usize, usize),
    ) -> Option<T> {
        loop {
            let &Span { start, end, last_anchor } = self.windows.get(self.index)?;
            let from = self.pos.max(start);
            // Every match holds an anchor word: with none left from `from` on (the window's one
            // anchor word is most often in the match just found), the window holds no more.
            if from > last_anchor {
                self.index += 1;
                continue;
            }
            // The haystack ends with the window; what comes before it stays visible to `\b`.
            let hay = self.text.get(..end).filter(|_| from < end);
            if let Some(found) = hay.and_then(|hay| search_at(self.regex, hay, from)) {
                let (s, e) = span(&found, from);
                // Never stall on an empty match (the windowed patterns have none).
                self.pos = if e > s { e } else { e + 1 };
                return Some(found);
            }
            self.index += 1;
        }
    }
}

impl<'h> Iterator for CapturesIn<'_, 'h> {
    type Item = Captures<'h>;

    // Inlined for the same reason as `Pattern::captures_iter`: no search is the common case.
    #[inline(always)]
    fn next(&mut self) -> Option<Captures<'h>> {
        self.0.as_mut()?.next_match()
    }
}

impl<'h> Search<'_, 'h> {
    fn next_match(&mut self) -> Option<Captures<'h>> {
        match self {
            Search::All(all) => all.next(),
            Search::Windows(walk) => walk.next_by(
                |regex, hay, from| regex.captures_at(hay, from),
                |c, from| c.get(0).map_or((from, from), |m| (m.start(), m.end())),
            ),
        }
    }
}

/// The whole matches of a [`Pattern`] in a block ([`Pattern::matches_iter`]).
pub struct MatchesIn<'r, 'h>(Option<Box<FindSearch<'r, 'h>>>);

enum FindSearch<'r, 'h> {
    All(Matches<'r, 'h>),
    Windows(WindowWalk<'r, 'h>),
}

impl<'h> Iterator for MatchesIn<'_, 'h> {
    type Item = crate::engine::Match<'h>;

    #[inline(always)]
    fn next(&mut self) -> Option<crate::engine::Match<'h>> {
        self.0.as_mut()?.next_match()
    }
}

impl<'h> FindSearch<'_, 'h> {
    fn next_match(&mut self) -> Option<crate::engine::Match<'h>> {
        match self {
            FindSearch::All(all) => all.next(),
            FindSearch::Windows(walk) => walk.next_by(|regex, hay, from| regex.find_at(hay, from), |m, _| (m.start(), m.end())),
        }
    }
}

/// The windows of `window` around the anchor words of a block, merged where they overlap: byte
/// spans, each with the start of the last anchor word in it.
fn windows(text: &str, words: &[(usize, usize, u64)], window: Window) -> Vec<Span> {
    let mut spans: Vec<Span> = words
        .iter()
        .filter(|&&(_, _, cues)| cues & window.anchor != 0)
        .filter_map(|&(s, e, _)| {
            // The walk to the guard's reach is the first part of the walk to the window's.
            let (mut back, mut forward) = ((s, 0), (e, 0));
            if let Some(guard) = window.guard {
                let (bound, walked) = guard.bound(text, (s, e));
                if !guard.holds_up_to(text, (s, e), bound) {
                    return None;
                }
                match guard.side {
                    Side::Before => back = (bound, walked),
                    Side::After => forward = (bound, walked),
                }
            }
            let start = match window.before.checked_sub(back.1) {
                Some(more) if back.1 > 0 => tokens_back(text, back.0, more),
                _ => tokens_back(text, s, window.before),
            };
            let end = match window.after.checked_sub(forward.1) {
                Some(more) if forward.1 > 0 => tokens_forward(text, forward.0, more),
                _ => tokens_forward(text, e, window.after),
            };
            Some(Span { start, end, last_anchor: s })
        })
        .collect();
    // The anchor words come in text order, so the spans mostly do too (one pass to check).
    if !spans.is_sorted_by_key(|w| (w.start, w.end, w.last_anchor)) {
        spans.sort_unstable_by_key(|w| (w.start, w.end, w.last_anchor));
    }
    // Merged in place: `kept` spans, disjoint, at the front.
    let mut kept: usize = 0;
    for i in 0..spans.len() {
        let next = spans[i];
        match kept.checked_sub(1).map(|last| &mut spans[last]) {
            Some(last) if next.start <= last.end => {
                last.end = last.end.max(next.end);
                last.last_anchor = last.last_anchor.max(next.last_anchor);
            }
            _ => {
                spans[kept] = next;
                kept += 1;
            }
        }
    }
    spans.truncate(kept);
    spans
}

/// Whether the character starting at byte `at` of `text` is white space (what `\s` matches), and
/// its length; `None` at the end of the text. ASCII bytes are told without decoding.
#[inline]
fn space_at(text: &str, at: usize) -> Option<(bool, usize)> {
    let &b = text.as_bytes().get(at)?;
    if b < 0x80 {
        return Some((crate::recognizer::ascii_space(b), 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((c.is_whitespace(), c.len_utf8()))
}

/// Whether the character ending at byte `at` of `text` is white space, and its length; `None` at
/// the start of the text.
#[inline]
fn space_before(text: &str, at: usize) -> Option<(bool, usize)> {
    let &b = text.as_bytes().get(at.checked_sub(1)?)?;
    if b < 0x80 {
        return Some((crate::recognizer::ascii_space(b), 1));
    }
    let c = text.get(..at)?.chars().next_back()?;
    Some((c.is_whitespace(), c.len_utf8()))
}

/// Where the run of characters ending at byte `at` (a char boundary) stops going back: at the
/// first one that is white space when `SPACE` is false, or is not when it is true. ASCII bytes
/// are told without decoding, a byte at a time in a tight loop: every window of every windowed
/// pattern walks a few tokens each way.
#[inline(always)]
fn run_start<const SPACE: bool>(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while at > 0 && at <= bytes.len() {
        let b = bytes[at - 1];
        if b < 0x80 {
            if crate::recognizer::ascii_space(b) != SPACE {
                break;
            }
            at -= 1;
            continue;
        }
        match text.get(..at).and_then(|t| t.chars().next_back()) {
            Some(c) if c.is_whitespace() == SPACE => at -= c.len_utf8(),
            _ => break,
        }
    }
    at
}

/// Where the run of characters starting at byte `at` (a char boundary) stops going on: at the
/// first one that is white space when `SPACE` is false, or is not when it is true.
#[inline(always)]
fn run_end<const SPACE: bool>(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let b = bytes[at];
        if b < 0x80 {
            if crate::recognizer::ascii_space(b) != SPACE {
                break;
            }
            at += 1;
            continue;
        }
        match text.get(at..).and_then(|t| t.chars().next()) {
            Some(c) if c.is_whitespace() == SPACE => at += c.len_utf8(),
            _ => break,
        }
    }
    at
}

/// The start of the token holding the byte before `i` (tokens are separated by Unicode white
/// space, what `\s` matches), moved back over `tokens` more tokens.
fn tokens_back(text: &str, i: usize, tokens: usize) -> usize {
    if !text.is_char_boundary(i) {
        return i;
    }
    let mut at = i;
    let mut start = i;
    for step in 0..=tokens {
        if step > 0 {
            at = run_start::<true>(text, at);
        }
        let token_start = run_start::<false>(text, at);
        if token_start < at {
            start = token_start;
            at = token_start;
        } else if step > 0 {
            break;
        }
    }
    start
}

/// The end of the token holding byte `i`, moved on over `tokens` more tokens.
fn tokens_forward(text: &str, i: usize, tokens: usize) -> usize {
    if !text.is_char_boundary(i) {
        return i;
    }
    let mut at = i;
    let mut end = i;
    for step in 0..=tokens {
        if step > 0 {
            at = run_end::<true>(text, at);
        }
        let token_end = run_end::<false>(text, at);
        if token_end > at {
            end = token_end;
            at = token_end;
        } else if step > 0 {
            break;
        }
    }
    end
}

/// The cue words, with what each word signals.
struct Scanner {
    /// Cue words made of ASCII word characters only, lower-cased: such a word counts where a
    /// whole run of word characters spells it, so one table lookup per run finds them all.
    whole_words: foldhash::HashMap<Vec<u8>, u64>,
    /// Per length and first character (its [`word_byte_index`]), the last characters of the
    /// whole words of that length starting so (bits of [`word_byte_bit`]): most runs of a block
    /// fail this test and need no lookup. (First and last characters tested apart let through
    /// twice as many: "that" has a first letter of "time" and a last of "rest".)
    whole_word_ends: Box<[[u64; WORD_BYTE_KINDS]; LONGEST_WHOLE_WORD + 1]>,
    /// Cue words that count anywhere (URL pieces such as ".com"), one automaton per set of cues
    /// they signal: a block needs only one match of any of them, which a fast leftmost search
    /// finds, and none when it already has those cues.
    anywhere: Vec<(AhoCorasick, u64)>,
    /// Whether the words of `anywhere` are exactly [`URL_PIECES`], signalling [`Cue::Url`]: the
    /// scan then spots them itself at each "h", "." and "w" instead of running the automaton.
    url_pieces_by_hand: bool,
    /// Bounded cue words that are not whole words (holding a hyphen or an apostrophe, or longer
    /// than [`LONGEST_WHOLE_WORD`]), searched for overlapping, with the cues of each pattern.
    bounded_rest: Option<(AhoCorasick, Vec<u64>)>,
    /// An automaton could not be built: every cue then counts as present.
    failed: bool,
    /// Cues set on every block (a class holding a word the automaton cannot case-fold).
    always: u64,
    /// Whether the words the patterns' alternations are built from (numbers, units, months…)
    /// are single words; the token counts given to [`Pattern::near`] assume so.
    single_word_kinds: bool,
}

/// Longest cue word looked up in [`Scanner::whole_words`] (the lower-casing buffer's size).
const LONGEST_WHOLE_WORD: usize = 32;

/// How many values [`word_byte_index`] takes.
const WORD_BYTE_KINDS: usize = 37;

/// A number for each word character, the same for both cases of a letter.
#[inline]
fn word_byte_index(b: u8) -> usize {
    // Read from a table: the scan asks it twice for every run of word characters, and the
    // case folding and range tests took more than the rest of the run's test.
    WORD_BYTE_INDEX[b as usize] as usize
}

/// [`word_byte_index`] of every byte: letters 0–25, digits 26–35, anything else 36.
const WORD_BYTE_INDEX: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match (b as u8).to_ascii_lowercase() {
            l @ b'a'..=b'z' => l - b'a',
            d @ b'0'..=b'9' => 26 + (d - b'0'),
            _ => 36,
        };
        b += 1;
    }
    table
};

/// A bit for each word character, the same for both cases of a letter.
#[inline]
fn word_byte_bit(b: u8) -> u64 {
    1 << word_byte_index(b)
}

fn fixed_words(cue: Cue) -> &'static [&'static str] {
    match cue {
        Cue::ShiftUnit => &[
            "week", "month", "year", "quarter", "decade", "century", "weekend", "day",
        ],
        Cue::Century => &["century"],
        Cue::Quarter => &["quarter", "q1", "q2", "q3", "q4"],
        Cue::Deictic => &["today", "tonight", "yesterday", "tomorrow", "now"],
        Cue::UnitAfter => &["before", "previous", "prior", "after", "earlier", "later"],
        Cue::Day => &["day"],
        Cue::ThatTime => &["time", "date", "point"],
        Cue::Same => &["same"],
        Cue::Ago => &["ago"],
        Cue::Weekend => &["weekend"],
        Cue::PartOf => &[
            "beginning",
            "start",
            "end",
            "middle",
            "rest",
            "remainder",
            "close",
            "turn",
            "half",
        ],
        Cue::Long => &["long"],
        Cue::Every => &["every", "each"],
        Cue::Frequency => &["once", "twice", "times"],
        Cue::NamedTime => &["noon", "midday", "midnight"],
        Cue::Url => URL_PIECES,
        _ => &[],
    }
}

/// The lexicon kind whose words are the cue, for cues read from data/time_words.tsv.
fn lexicon_kind(cue: Cue) -> Option<&'static str> {
    Some(match cue {
        Cue::Month => "month",
        Cue::Weekday => "weekday",
        Cue::Unit => "unit",
        Cue::Season => "season",
        Cue::PartOfDay => "part_of_day",
        Cue::Ref => "ref",
        Cue::SetWord => "set",
        _ => return None,
    })
}

/// What a URL holds, in any case, anywhere in a word.
const URL_PIECES: &[&str] = &["http", "www.", ".com", ".org", ".net", ".htm", ".php"];

/// Whether a piece of [`URL_PIECES`] holds byte `i` of `bytes`, where `bytes[i]` is an "h", a
/// "." or a "w" (the bytes the scan stops at): "http" starting there, "www." ending there, or a
/// dot starting ".com", ".org"…
#[inline]
fn url_piece_at(bytes: &[u8], i: usize) -> bool {
    let lower_at = |k: usize| bytes.get(k).map(u8::to_ascii_lowercase);
    // Most "h"s of prose are followed by a vowel: one byte turns them away.
    if bytes[i].eq_ignore_ascii_case(&b'h') {
        return lower_at(i + 1) == Some(b't') && lower_at(i + 2) == Some(b't') && lower_at(i + 3) == Some(b'p');
    }
    let next3 = [lower_at(i + 1), lower_at(i + 2), lower_at(i + 3)];
    match bytes[i].to_ascii_lowercase() {
        b'.' => {
            let www = i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www");
            www || matches!(
                next3,
                [Some(b'c'), Some(b'o'), Some(b'm')]
                    | [Some(b'o'), Some(b'r'), Some(b'g')]
                    | [Some(b'n'), Some(b'e'), Some(b't')]
                    | [Some(b'h'), Some(b't'), Some(b'm')]
                    | [Some(b'p'), Some(b'h'), Some(b'p')]
            )
        }
        _ => false,
    }
}

/// Byte classes of the scan: a word character, and the word characters it looks at more
/// closely (digits, the "m" of "am"/"pm", the "h" of "http").
const WORD: u8 = 1;
const DIGIT: u8 = 2;
const LETTER_M: u8 = 4;
const LETTER_H: u8 = 8;

const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            WORD | DIGIT
        } else if c == b'm' || c == b'M' {
            WORD | LETTER_M
        } else if c == b'h' || c == b'H' {
            WORD | LETTER_H
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            WORD
        } else {
            0
        };
        b += 1;
    }
    table
};

const WORD_CUES: &[Cue] = &[
    Cue::Url,
    Cue::Month,
    Cue::Weekday,
    Cue::Unit,
    Cue::ShiftUnit,
    Cue::Season,
    Cue::PartOfDay,
    Cue::Ref,
    Cue::SetWord,
    Cue::Century,
    Cue::Quarter,
    Cue::Deictic,
    Cue::UnitAfter,
    Cue::Day,
    Cue::ThatTime,
    Cue::Same,
    Cue::Ago,
    Cue::Weekend,
    Cue::PartOf,
    Cue::Long,
    Cue::Every,
    Cue::Frequency,
    Cue::NamedTime,
];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The word of a phrase ("per day", "in the long term") least likely to be in any block: the
/// longest that is not a unit of time. Any word of the phrase would do as its cue.
fn rarest_word(phrase: &str) -> Option<String> {
    let lex = lexicon();
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let pick = |unit_ok: bool| words.iter().filter(|w| unit_ok || !lex.is("unit", w)).max_by_key(|w| w.len());
    pick(false).or_else(|| pick(true)).map(|w| w.to_string())
}

/// Whether the letters "a"/"p" then "m" of a 12-hour clock can end at byte `m`: an "a" or "p"
/// within the five bytes before it, with only dots, spaces or non-ASCII bytes (which may be a
/// Unicode space) between.
fn am_pm_before(bytes: &[u8], m: usize) -> bool {
    let mut k = m;
    while k > 0 && m - k < 5 {
        k -= 1;
        match bytes[k] {
            b'a' | b'A' | b'p' | b'P' => return true,
            b'.' | b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | 0x80.. => {}
            _ => return false,
        }
    }
    false
}

/// A `\d` can stand at byte `i`: an ASCII digit or the start or middle of a non-ASCII character.
fn digit_possible(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_some_and(|&b| b.is_ascii_digit() || b >= 0x80)
}

/// Every cue word, lower-cased, with the cues it signals and whether it must stand between
/// word boundaries; and the cues to set on every block.
fn cue_entries() -> (Vec<(String, u64, bool)>, u64) {
    let lex = lexicon();
    let mut entries: Vec<(String, u64, bool)> = Vec::new();
    let mut always = 0;
    for &cue in WORD_CUES {
        let words: Vec<String> = match lexicon_kind(cue) {
            // A phrase ("in the long term") needs each of its words; its longest is the
            // rarest and is enough.
            Some(kind) => lex.words(kind).iter().filter_map(|phrase| rarest_word(phrase)).collect(),
            None => fixed_words(cue).iter().map(|w| w.to_string()).collect(),
        };
        if words.is_empty() || words.iter().any(|w| !w.is_ascii()) {
            always |= bit(cue);
            continue;
        }
        for w in words {
            // Boundaries are only demanded where the word begins and ends with a word
            // character; URL pieces ("www.", ".com") are plain substrings.
            let bounded = cue != Cue::Url
                && w.bytes().next().is_some_and(is_word_byte)
                && w.bytes().last().is_some_and(is_word_byte);
            let w = w.to_ascii_lowercase();
            match entries
                .iter_mut()
                .find(|(known, _, b)| *known == w && *b == bounded)
            {
                Some(entry) => entry.1 |= bit(cue),
                None => entries.push((w, bit(cue), bounded)),
            }
        }
    }
    (entries, always)
}

impl Scanner {
    fn build() -> Scanner {
        let lex = lexicon();
        let (entries, always) = cue_entries();
        // A bounded word of word characters only matches exactly a whole run of them: the
        // boundaries on both sides end the run there.
        let (whole, rest): (Vec<_>, Vec<_>) = entries
            .into_iter()
            .partition(|(w, _, bounded)| *bounded && w.len() <= LONGEST_WHOLE_WORD && w.bytes().all(is_word_byte));
        let mut whole_words = foldhash::HashMap::default();
        let mut whole_word_ends = Box::new([[0; WORD_BYTE_KINDS]; LONGEST_WHOLE_WORD + 1]);
        for (w, cues, _) in whole {
            let b = w.as_bytes();
            if let (Some(&first), Some(&last)) = (b.first(), b.last()) {
                whole_word_ends[b.len()][word_byte_index(first)] |= word_byte_bit(last);
            }
            *whole_words.entry(w.into_bytes()).or_insert(0) |= cues;
        }
        let (bounded, unbounded): (Vec<_>, Vec<_>) = rest.into_iter().partition(|(_, _, bounded)| *bounded);
        let mut failed = false;
        let mut cue_sets: Vec<u64> = unbounded.iter().map(|&(_, cues, _)| cues).collect();
        cue_sets.sort_unstable();
        cue_sets.dedup();
        let mut pieces: Vec<(&str, u64)> = unbounded.iter().map(|(w, cues, _)| (w.as_str(), *cues)).collect();
        pieces.sort_unstable();
        let mut by_hand: Vec<(&str, u64)> = URL_PIECES.iter().map(|&w| (w, bit(Cue::Url))).collect();
        by_hand.sort_unstable();
        let url_pieces_by_hand = pieces == by_hand;
        let mut anywhere = Vec::new();
        for cues in cue_sets {
            let words = unbounded.iter().filter(|(_, c, _)| *c == cues).map(|(w, _, _)| w.as_str());
            match AhoCorasickBuilder::new().ascii_case_insensitive(true).build(words) {
                Ok(automaton) => anywhere.push((automaton, cues)),
                Err(_) => failed = true,
            }
        }
        let bounded_rest = if bounded.is_empty() {
            None
        } else {
            let automaton = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(bounded.iter().map(|(w, _, _)| w.as_str()));
            failed |= automaton.is_err();
            automaton.ok().map(|a| (a, bounded.iter().map(|&(_, cues, _)| cues).collect()))
        };
        let single_word_kinds = ["number", "unit", "month", "weekday", "season", "part_of_day", "ordinal"]
            .iter()
            .all(|kind| lex.words(kind).iter().all(|w| !w.contains(char::is_whitespace)));
        Scanner {
            whole_words,
            whole_word_ends,
            anywhere,
            url_pieces_by_hand,
            bounded_rest,
            failed,
            always,
            single_word_kinds,
        }
    }
}

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(Scanner::build)
}

/// The cues present in `text`.
pub fn scan(text: &str) -> Present {
    let s = scanner();
    let mut words = Vec::new();
    let mut unicode_at = Vec::new();
    let (characters, word_cues, non_ascii) = scan_bytes(s, text, &mut words, &mut unicode_at);
    // The Kelvin sign and the long s match "k" and "s" in a case-insensitive pattern; the
    // automaton only folds ASCII.
    let Some(other_cues) = non_ascii else { return Present::everything() };
    if s.failed {
        return Present::everything();
    }
    Present { cues: s.always | characters | other_cues | word_cues, words, windows: true, unicode_at }
}

/// The cues of a non-ASCII character; `None` for one that case-folds to an ASCII letter.
#[inline]
fn non_ascii_cues(c: char) -> Option<u64> {
    Some(match c {
        '’' => bit(Cue::Apostrophe),
        '\u{212A}' | '\u{17F}' => return None,
        // A superset of `\d` (decimal digits), which is all the cue needs.
        c if c.is_numeric() => bit(Cue::Digit) | bit(Cue::UnicodeClass),
        // What `\s` matches (the White_Space property).
        c if c.is_whitespace() => bit(Cue::UnicodeClass),
        _ => 0,
    })
}

/// The cue characters of an ASCII digit at byte `i`.
#[inline]
fn digit_cues(bytes: &[u8], i: usize) -> u64 {
    let b = bytes[i];
    let next = bytes.get(i + 1).copied();
    let year = matches!((b, next), (b'1', Some(b'6'..=b'9')) | (b'2', Some(b'0'))) && digit_possible(bytes, i + 2);
    let decade = b == b'0' && matches!(next, Some(b's' | b'S' | b'\'' | 0xE2));
    bit(Cue::Digit)
        | bit(Cue::AsciiDigit)
        | if year { bit(Cue::YearDigits) } else { 0 }
        | if decade { bit(Cue::DecadeEnd) } else { 0 }
}

/// One pass over the bytes of `text`: the cues of its characters (digits, hyphens, "am"/"pm",
/// colons…), the cues of its cue words (whole words looked up run by run, URL pieces and the
/// rest found anywhere), with the spans of the bounded words added to `words` (in no particular
/// order), and the cues of its non-ASCII characters (`None` when one case-folds to ASCII). Each
/// non-ASCII character is decoded where the scan meets its first byte, rather than in a second
/// pass over the characters of the whole text (nearly every block holds a curly quote).
fn scan_bytes(s: &Scanner, text: &str, words: &mut Vec<(usize, usize, u64)>, unicode_at: &mut Vec<usize>) -> (u64, u64, Option<u64>) {
    let bytes = text.as_bytes();
    let mut characters = 0;
    let mut found = 0;
    let mut non_ascii = Some(0);
    let mut url = false;
    let mut lower = [0u8; LONGEST_WHOLE_WORD];
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if BYTE_CLASS[b as usize] & WORD == 0 {
            characters |= match b {
                b'-' => {
                    let between_digits = i > 0 && digit_possible(bytes, i - 1) && digit_possible(bytes, i + 1);
                    bit(Cue::Hyphen) | if between_digits { bit(Cue::DigitHyphenDigit) } else { 0 }
                }
                b'/' => bit(Cue::Slash),
                b':' => bit(Cue::Colon),
                b'\'' => bit(Cue::Apostrophe),
                b'@' | b'#' => bit(Cue::Url),
                b'.' => {
                    url = url || url_piece_at(bytes, i);
                    0
                }
                0x80.. => {
                    // `i` is the first byte of a character: the scan steps over whole characters.
                    let c = text.get(i..).and_then(|rest| rest.chars().next());
                    if let Some(c) = c {
                        let cues = non_ascii_cues(c);
                        if cues.is_some_and(|cues| cues & bit(Cue::UnicodeClass) != 0) {
                            unicode_at.push(i);
                        }
                        non_ascii = non_ascii.and_then(|known| Some(known | cues?));
                        i += c.len_utf8();
                        continue;
                    }
                    0
                }
                _ => 0,
            };
            i += 1;
            continue;
        }
        // A run of word characters.
        let start = i;
        while i < bytes.len() {
            let class = BYTE_CLASS[bytes[i] as usize];
            // Most word bytes are plain letters (a word byte and nothing more): one test passes them.
            if class == WORD {
                i += 1;
                continue;
            }
            if class & WORD == 0 {
                break;
            }
            if class & DIGIT != 0 {
                characters |= digit_cues(bytes, i);
            } else if class & LETTER_M != 0 {
                if am_pm_before(bytes, i) {
                    characters |= bit(Cue::AmPm);
                }
            } else if class & LETTER_H != 0 && !url {
                url = url_piece_at(bytes, i);
            }
            i += 1;
        }
        let Some(lasts) = s.whole_word_ends.get(i - start) else { continue };
        if lasts[word_byte_index(bytes[start])] & word_byte_bit(bytes[i - 1]) == 0 {
            continue;
        }
        if let Some(buf) = lower.get_mut(..i - start) {
            for (d, b) in buf.iter_mut().zip(&bytes[start..i]) {
                *d = b.to_ascii_lowercase();
            }
            if let Some(&cues) = s.whole_words.get(&buf[..]) {
                found |= cues;
                words.push((start, i, cues));
            }
        }
    }
    if s.url_pieces_by_hand {
        if url {
            found |= bit(Cue::Url);
        }
    } else {
        for (automaton, cues) in &s.anywhere {
            if (characters | found) & cues != *cues && automaton.is_match(text) {
                found |= cues;
            }
        }
    }
    if let Some((automaton, signals)) = &s.bounded_rest {
        for m in automaton.find_overlapping_iter(text) {
            let cues = signals[m.pattern().as_usize()];
            let boundary_before = m.start() == 0 || !is_word_byte(bytes[m.start() - 1]);
            let boundary_after = !matches!(bytes.get(m.end()), Some(&b) if is_word_byte(b));
            if boundary_before && boundary_after {
                found |= cues;
                words.push((m.start(), m.end(), cues));
            }
        }
    }
    (characters, found, non_ascii)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The cue words as the scan found them before: one overlapping automaton over all of them.
    fn word_cues_with_one_automaton(text: &str) -> (u64, Vec<(usize, usize, u64)>) {
        let (entries, _) = cue_entries();
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(entries.iter().map(|(w, _, _)| w.as_str()))
            .expect("reference automaton");
        let bytes = text.as_bytes();
        let (mut found, mut words) = (0, Vec::new());
        for m in automaton.find_overlapping_iter(text) {
            let (_, cues, bounded) = entries[m.pattern().as_usize()];
            let boundary_before = m.start() == 0 || !is_word_byte(bytes[m.start() - 1]);
            let boundary_after = !matches!(bytes.get(m.end()), Some(&b) if is_word_byte(b));
            if !bounded || boundary_before && boundary_after {
                found |= cues;
                if bounded {
                    words.push((m.start(), m.end(), cues));
                }
            }
        }
        words.sort_unstable();
        (found, words)
    }

    /// The cues of the characters as the scan found them before: a match on every byte.
    fn character_cues_byte_by_byte(text: &str) -> u64 {
        let bytes = text.as_bytes();
        let mut found = 0;
        for (i, &b) in bytes.iter().enumerate() {
            found |= match b {
                b'0'..=b'9' => {
                    let next = bytes.get(i + 1).copied();
                    let year = matches!((b, next), (b'1', Some(b'6'..=b'9')) | (b'2', Some(b'0'))) && digit_possible(bytes, i + 2);
                    let decade = b == b'0' && matches!(next, Some(b's' | b'S' | b'\'' | 0xE2));
                    bit(Cue::Digit)
                        | bit(Cue::AsciiDigit)
                        | if year { bit(Cue::YearDigits) } else { 0 }
                        | if decade { bit(Cue::DecadeEnd) } else { 0 }
                }
                b'-' => {
                    let between_digits = i > 0 && digit_possible(bytes, i - 1) && digit_possible(bytes, i + 1);
                    bit(Cue::Hyphen) | if between_digits { bit(Cue::DigitHyphenDigit) } else { 0 }
                }
                b'm' | b'M' if am_pm_before(bytes, i) => bit(Cue::AmPm),
                b'/' => bit(Cue::Slash),
                b':' => bit(Cue::Colon),
                b'\'' => bit(Cue::Apostrophe),
                b'@' | b'#' => bit(Cue::Url),
                _ => 0,
            };
        }
        found
    }

    /// Cue words in any case, glued to or cut by word and non-word characters.
    fn cue_text() -> impl Strategy<Value = String> {
        let words: Vec<String> = cue_entries().0.into_iter().map(|(w, _, _)| w).collect();
        let n = words.len();
        let piece = prop_oneof![
            4 => (0..n, any::<bool>(), any::<bool>()).prop_map(move |(i, upper, cut)| {
                let w = &words[i];
                let w = if cut && w.len() > 2 { &w[..w.len() - 1] } else { w.as_str() };
                if upper { w.to_ascii_uppercase() } else { w.to_string() }
            }),
            3 => proptest::sample::select(vec![" ", " ", "-", "'", "’", ".", ",", "x", "_", "9", "s", "é", "\n", "/", "www.", ".com", "@", "#", ":", "0", "1", "2", "6", "a", "p", "m", "M", "a.m", "0s", "h", "ttp", "ww", "W", ".", "\u{a0}"])
                .prop_map(str::to_string),
        ];
        proptest::collection::vec(piece, 0..20).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Whole words looked up run by run, the rest by the smaller automaton: the same cues
        /// and the same word spans as one automaton over every cue word.
        #[test]
        fn word_cues_equal_one_automaton(text in cue_text()) {
            let s = scanner();
            prop_assert!(!s.failed);
            prop_assert!(s.url_pieces_by_hand);
            let mut words = Vec::new();
            let (characters, found, _) = scan_bytes(s, &text, &mut words, &mut Vec::new());
            words.sort_unstable();
            prop_assert_eq!((found, words), word_cues_with_one_automaton(&text));
            prop_assert_eq!(characters, character_cues_byte_by_byte(&text));
        }
    }

    /// The token walks as first written, character by character.
    /// The start of the token holding the byte before `i` (tokens are separated by Unicode white
    /// space, what `\s` matches), moved back over `tokens` more tokens.
    fn tokens_back_by_chars(text: &str, i: usize, tokens: usize) -> usize {
        let mut chars = text.get(..i).unwrap_or("").char_indices().rev().peekable();
        let mut start = i;
        for step in 0..=tokens {
            if step > 0 {
                while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
            }
            let mut moved = false;
            while let Some((k, _)) = chars.next_if(|&(_, c)| !c.is_whitespace()) {
                start = k;
                moved = true;
            }
            if step > 0 && !moved {
                break;
            }
        }
        start
    }

    /// The end of the token holding byte `i`, moved on over `tokens` more tokens.
    fn tokens_forward_by_chars(text: &str, i: usize, tokens: usize) -> usize {
        let rest = text.get(i..).unwrap_or("");
        let mut chars = rest.char_indices().peekable();
        let mut end = i;
        for step in 0..=tokens {
            if step > 0 {
                while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
            }
            let mut moved = false;
            while let Some((k, c)) = chars.next_if(|&(_, c)| !c.is_whitespace()) {
                end = i + k + c.len_utf8();
                moved = true;
            }
            if step > 0 && !moved {
                break;
            }
        }
        end
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The byte-level walks stop where the character-level ones do, from every offset.
        #[test]
        fn token_walks_equal_char_walks(text in "([ a\t\n\u{a0}\u{2009}é’x\u{3000}]|ab|\u{85}){0,24}", tokens in 0usize..4) {
            for i in 0..=text.len() + 1 {
                prop_assert_eq!(tokens_back(&text, i, tokens), tokens_back_by_chars(&text, i, tokens), "back {} {}", i, tokens);
                prop_assert_eq!(tokens_forward(&text, i, tokens), tokens_forward_by_chars(&text, i, tokens), "forward {} {}", i, tokens);
                // A walk goes on from where a shorter one stopped (the guards' walks do).
                for more in 0..3 {
                    prop_assert_eq!(tokens_back(&text, tokens_back(&text, i, tokens), more), tokens_back(&text, i, tokens + more), "back {} {}+{}", i, tokens, more);
                    prop_assert_eq!(tokens_forward(&text, tokens_forward(&text, i, tokens), more), tokens_forward(&text, i, tokens + more), "forward {} {}+{}", i, tokens, more);
                }
            }
        }
    }

    #[test]
    fn guards_read_only_their_side_and_reach() {
        let text = "On 5 May, in two weeks, officials met; 2021 fell in May before the Year after";
        let word = |w: &str| text.find(w).map(|s| (s, s + w.len())).expect("word in text");
        let may = word("May,");
        let may = (may.0, may.1 - 1);
        assert!(Guard::new(Side::Before, 1, Need::Digit).holds(text, may));
        assert!(!Guard::new(Side::After, 2, Need::Digit).holds(text, may));
        let weeks = word("weeks");
        assert!(Guard::new(Side::Before, 2, Need::Word(&["in"])).holds(text, weeks));
        assert!(!Guard::new(Side::Before, 1, Need::Word(&["in"])).holds(text, weeks));
        // "in" inside "officials" is no whole word; as a piece it is there.
        let met = word("met");
        assert!(!Guard::new(Side::Before, 0, Need::Word(&["in"])).holds(text, met));
        assert!(Guard::new(Side::Before, 1, Need::Piece(&["fic"])).holds(text, met));
        // Case is ignored; only the side asked for is read.
        let after = word("after");
        assert!(Guard::new(Side::Before, 1, Need::Word(&["year"])).holds(text, after));
        assert!(!Guard::new(Side::After, 4, Need::Word(&["year"])).holds(text, after));
        // A digit or a whole word, either will do.
        let two_weeks = Guard::new(Side::Before, 1, Need::DigitOrWord(&["two"]));
        assert!(two_weeks.holds("in two weeks", (7, 12)));
        assert!(two_weeks.holds("in 2 weeks", (5, 10)));
        assert!(two_weeks.holds("a two-week wait", (6, 10)));
        assert!(!two_weeks.holds("in twofold weeks", (11, 16)));
        assert!(!two_weeks.holds("two of the weeks", (11, 16)));
        let second_may = (text.rfind("May").expect("May"), text.rfind("May").expect("May") + 3);
        assert!(!Guard::new(Side::Before, 1, Need::Digit).holds(text, second_may));
        assert!(Guard::new(Side::Before, 3, Need::Digit).holds(text, second_may));
    }

    fn has(text: &str, cue: Cue) -> bool {
        scan(text).covers(bit(cue))
    }

    #[test]
    fn words_count_only_as_whole_words() {
        assert!(has("They met in March.", Cue::Month));
        assert!(!has("The market rallied.", Cue::Month));
        assert!(has("She left on MONDAY", Cue::Weekday));
        assert!(!has("He lost money", Cue::Weekday));
        assert!(has("three weeks ago", Cue::Ago));
        assert!(!has("an agonising wait", Cue::Ago));
        // A cue that is a word of a phrase in the table: "the long term" holds "term".
        assert!(has("It will pay off in the long term.", Cue::Ref));
    }

    #[test]
    fn characters_and_unicode() {
        assert!(has("at 10:30", Cue::Colon));
        assert!(has("the ’90s", Cue::Apostrophe));
        assert!(!has("no numbers here", Cue::Digit));
        // An Arabic-Indic digit is a `\d`, though not an ASCII digit.
        assert!(has("\u{0663}", Cue::Digit));
        assert!(!has("\u{0663}", Cue::AsciiDigit));
        assert!(has("mail me at someone@example.org", Cue::Url));
        assert!(has("in 1989", Cue::YearDigits) && has("by 2030", Cue::YearDigits));
        assert!(!has("1500 people and 12 more", Cue::YearDigits));
        assert!(has("the 1990s", Cue::DecadeEnd) && has("the ’80’s", Cue::DecadeEnd));
        assert!(!has("10 sites", Cue::DecadeEnd));
        assert!(has("at 5 p.m.", Cue::AmPm) && has("at 5PM", Cue::AmPm) && has("9 a. m", Cue::AmPm));
        assert!(!has("the mayor", Cue::AmPm));
        assert!(has("on 2021-03-04", Cue::DigitHyphenDigit));
        assert!(!has("a well-known 2021 plan", Cue::DigitHyphenDigit));
        // The Kelvin sign folds to "k": every cue is then taken as present.
        assert!(has("\u{212A}", Cue::Weekend));
    }

    #[test]
    fn a_pattern_runs_only_with_its_cues() {
        let p = Pattern::new(r"\b(?P<n>\d+)\s+days\s+ago\b", &[Cue::Ago, Cue::Digit]);
        let text = "It ended 3 days ago.";
        assert_eq!(p.captures_iter(text, &scan(text)).count(), 1);
        let digits_only = Present { cues: bit(Cue::Digit), words: Vec::new(), windows: true, unicode_at: Vec::new() };
        assert_eq!(p.captures_iter(text, &digits_only).count(), 0);
        assert_eq!(p.find_iter(text, &Present::everything()).count(), 1);
    }
}
