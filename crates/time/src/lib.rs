//! The time stage: finds time expressions (dates, times, durations, sets) and gives each its
//! TIMEX3 type and value.
//!
//! Design: recognition and resolution are separate. Four [`recognizer::Recognizer`]s, one per
//! family ([`calendar`] dates, [`relative`] dates, [`duration`]s and sets, [`clock`] times), run
//! their regexes over each block of text and propose [`expr::Candidate`]s: a span plus what it
//! means ([`expr::Expr`]) before any reference date is known. Overlaps are settled by keeping the
//! longest span ("Nov. 17, 2021" over "2021"). Spans inside URLs, e-mail addresses, handles and
//! hashtags are dropped. Words (month and weekday names, number words, units, relative words,
//! future cues, blockers such as "Times" after "Sunday") live in `data/time_words.tsv`; the
//! grammar around them lives in the recognisers.
//!
//! In a range ("between January and October 2017") the first date takes the second's year.
//! When the document has no date, one is inferred from the text first ([`docdate`]). Then each
//! expression is resolved in text order ([`resolve`]) against its reference date — an embedded
//! post's own date inside the post, else the document date — with two more pieces of context:
//! whether the words nearest to it speak of the future ([`tense`]: which side a bare weekday or
//! month falls on) and the last calendar date mentioned before it (for "the same day", "the
//! previous year"). Dates without a year take the year that puts them nearest the reference
//! date, leaning to the past as news does (up to two months ahead in a past-tense clause).
//! Clock times take their day from a day-precision date in the same sentence, else the
//! reference date. Work per expression is bounded (a sentence is read at most a few hundred
//! bytes around it), so the stage is linear in the text.
//!
//! Values follow the MEANTIME/TimeML conventions: "2021-11-17", "2021-11", "2021", "2021-W45",
//! "199" (the 1990s), "18" (the 19th century), "2021-Q3", "2021-SU", "P2W", "PT48H",
//! "PRESENT_REF", "2021-11-17T15:00".

pub mod calendar;
pub mod clock;
pub mod docdate;
pub mod duration;
pub mod engine;
pub mod expr;
pub mod lexicon;
pub mod prefilter;
pub mod recognizer;
pub mod relative;
pub mod resolve;
pub mod tense;

use expr::{Candidate, Expr};
use newsgraph_doc::{DateSource, Doc, Stage, Timex, TimexType};
use recognizer::Recognizer;
use resolve::{Context, Mentioned, Resolved};
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Default)]
pub struct TimeStage;

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "time"
    }

    fn annotate(&self, doc: &mut Doc) {
        annotate(doc);
    }
}

/// The compiled recognisers and the helper patterns, built once.
struct Machinery {
    recognizers: Vec<Box<dyn Recognizer>>,
    /// Spans that hold no time expression: URLs, e-mail addresses, handles, hashtags. No match
    /// holds white space (see [`prefilter::Pattern::matches_in_tokens_overlap`]).
    excluded: prefilter::Pattern,
}

fn machinery() -> &'static Machinery {
    static M: OnceLock<Machinery> = OnceLock::new();
    M.get_or_init(|| {
        Machinery {
            recognizers: vec![
                Box::new(calendar::CalendarDates::default()),
                Box::new(relative::RelativeDates::default()),
                Box::new(duration::Durations::default()),
                Box::new(clock::ClockTimes::default()),
            ],
            excluded: prefilter::Pattern::new(
                r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[@#][\w.]*\w|\S+\.(?:com|org|net|html?|php)\S*",
                &[prefilter::Cue::Url],
            ),
        }
    })
}

/// Every expression in `text[start..end]`, with document offsets.
fn candidates_in(text: &str, start: usize, end: usize, out: &mut Vec<Candidate>) {
    let Some(region) = text.get(start..end) else { return };
    let m = machinery();
    let present = prefilter::scan(region);
    let mut found = Vec::new();
    for r in &m.recognizers {
        r.find(region, &present, &mut found);
    }
    for mut c in found {
        // Only the tokens of a candidate are searched for a URL: most blocks with an "@" or a
        // "www." hold no candidate there, or none at all.
        if c.start >= c.end || m.excluded.matches_in_tokens_overlap(region, &present, c.start, c.end) {
            continue;
        }
        c.start += start;
        c.end += start;
        if text.is_char_boundary(c.start) && text.is_char_boundary(c.end) {
            out.push(c);
        }
    }
}

/// Keep the longest of overlapping candidates (the earlier recogniser on a tie).
fn select(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(candidates[i].end - candidates[i].start), candidates[i].start, i));
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut keep = vec![false; candidates.len()];
    for i in order {
        let (s, e) = (candidates[i].start, candidates[i].end);
        let before = taken.range(..e).next_back();
        if before.is_some_and(|(_, &end)| end > s) {
            continue;
        }
        taken.insert(s, e);
        keep[i] = true;
    }
    let mut kept: Vec<Candidate> = candidates.drain(..).zip(keep).filter(|(_, k)| *k).map(|(c, _)| c).collect();
    kept.sort_by_key(|c| c.start);
    kept
}

/// In a range "between January and October 2017" or "from May 3 to June 1, 2020", the first
/// date takes the year written on the second (the year before, when its month comes later).
fn share_range_years(text: &str, candidates: &mut [Candidate]) {
    use expr::YearSpec;
    for i in 1..candidates.len() {
        let Expr::Calendar { year: YearSpec::Written(y), month: Some(m2), .. } = candidates[i].expr else { continue };
        let Some(gap) = text.get(candidates[i - 1].end..candidates[i].start) else { continue };
        let gap = gap.trim();
        // Each joining word is at most seven bytes, and only ASCII letters lower-case to its
        // letters (byte for byte): a longer gap is no join, and is not lower-cased.
        if gap.len() > "through".len() {
            continue;
        }
        let gap = gap.to_lowercase();
        if !matches!(gap.as_str(), "and" | "to" | "through" | "until" | "till" | "-" | "–" | "—" | "or") {
            continue;
        }
        if let Expr::Calendar { year: year @ YearSpec::Infer, month: Some(m1), .. } = &mut candidates[i - 1].expr {
            *year = YearSpec::Written(if *m1 <= m2 { y } else { y - 1 });
        }
    }
}

/// How far (in bytes) around an expression its sentence is read; bounds the work on run-on
/// "sentences" (tables, lists) so the stage stays linear.
const SENTENCE_REACH: usize = 400;

/// The largest char boundary of `text` at or below `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The sentence span holding `offset` (the segmenter's sentence, else up to a line break or a
/// full stop), cut to [`SENTENCE_REACH`] bytes on each side.
fn sentence_span(doc: &Doc, offset: usize) -> (usize, usize) {
    let text = &doc.text;
    let low = floor_boundary(text, offset.saturating_sub(SENTENCE_REACH));
    let high = floor_boundary(text, offset.saturating_add(SENTENCE_REACH));
    if let Some(i) = doc.sentence_at(offset) {
        let s = &doc.sentences[i];
        return (s.start.max(low), s.end.min(high).max(offset));
    }
    let start = text.get(low..offset).and_then(|t| t.rfind(['\n', '.'])).map_or(low, |i| low + i + 1);
    let end = text.get(offset..high).and_then(|t| t.find(['\n', '.'])).map_or(high, |i| offset + i);
    (start, end)
}

/// Whether the tense of its sentence can change what a candidate resolves to: a date without a
/// year, a weekday or weekend (which side of the reference date), "in two years" (a date or a
/// span). Only these read [`futures`] in [`resolve::resolve`]; document-date inference reads
/// every candidate's.
fn tense_matters(expr: &Expr) -> bool {
    match expr {
        Expr::Calendar { year: expr::YearSpec::Infer, month: Some(_), .. } => true,
        Expr::Weekday { .. } | Expr::Weekend(_) => true,
        Expr::Offset { n, .. } => *n > 0,
        _ => false,
    }
}

/// Whether each candidate (in text order) for which `wanted` holds is about the future, by the
/// tense around it in its sentence (false for the others). The words of a sentence, and the cue
/// each word gives, are read once for all its candidates.
fn futures(doc: &Doc, candidates: &[Candidate], wanted: impl Fn(&Candidate) -> bool) -> Vec<bool> {
    // The last sentence span read, its words and their cues.
    type SpanWords<'a> = ((usize, usize), Vec<(usize, &'a str)>, tense::CueMemo);
    let mut words_of: Option<SpanWords> = None;
    candidates
        .iter()
        .map(|c| {
            if !wanted(c) {
                return false;
            }
            let (s, e) = sentence_span(doc, c.start);
            let sentence = doc.text.get(s..e).unwrap_or("");
            let read = match &mut words_of {
                Some(read) if read.0 == (s, e) => read,
                slot => {
                    let words = tense::words(sentence);
                    let memo = tense::CueMemo::new(words.len());
                    slot.insert(((s, e), words, memo))
                }
            };
            tense::is_future_remembering(sentence, &read.1, &mut read.2, c.start.saturating_sub(s), c.end.saturating_sub(s))
        })
        .collect()
}

/// Find, resolve and store the time expressions of `doc`.
pub fn annotate(doc: &mut Doc) {
    let mut found = Vec::new();
    if doc.blocks.is_empty() {
        candidates_in(&doc.text, 0, doc.text.len(), &mut found);
    } else {
        for b in &doc.blocks {
            candidates_in(&doc.text, b.start, b.end, &mut found);
        }
    }
    let mut candidates = select(found);
    share_range_years(&doc.text, &mut candidates);

    // Inferring the document date reads the tense of every candidate; resolving, only of some.
    let undated = doc.date.is_none();
    let futures = futures(doc, &candidates, |c| undated || tense_matters(&c.expr));
    if doc.date.is_none() {
        let inferred = docdate::infer(doc, &candidates, &futures);
        if let Some(d) = inferred {
            doc.date = Some(d);
            doc.date_source = DateSource::Inferred;
        }
    }

    let mut resolved: Vec<Resolved> = Vec::with_capacity(candidates.len());
    let mut last: Option<Mentioned> = None;
    let mut last_day: Option<Mentioned> = None;
    for (c, &future) in candidates.iter().zip(&futures) {
        let ctx = Context { reference: doc.reference_date_at(c.start), future, last, last_day };
        let r = resolve::resolve(&c.expr, &ctx);
        if r.mentioned.is_some() && r.kind == TimexType::Date {
            last = r.mentioned;
            if r.mentioned.is_some_and(|m| m.day.is_some()) {
                last_day = r.mentioned;
            }
        }
        resolved.push(r);
    }
    date_clock_times(doc, &candidates, &mut resolved);

    doc.timexes = candidates
        .iter()
        .zip(resolved)
        .enumerate()
        .map(|(i, (c, r))| Timex {
            id: newsgraph_doc::numbered_id('T', i + 1),
            text: doc.text.get(c.start..c.end).unwrap_or("").to_string(),
            start: c.start,
            end: c.end,
            kind: r.kind,
            value: r.value,
            anchor: r.anchor.map(resolve::date_value),
        })
        .collect();
}

/// Give each clock time the day of the nearest day-precision date in its sentence.
fn date_clock_times(doc: &Doc, candidates: &[Candidate], resolved: &mut [Resolved]) {
    for i in 0..candidates.len() {
        let Expr::Clock { hour, minute, utc } = candidates[i].expr else { continue };
        let span = sentence_span(doc, candidates[i].start);
        // Candidates are sorted by start: only those inside the sentence are read.
        let first = candidates.partition_point(|c| c.start < span.0);
        let last = candidates.partition_point(|c| c.start < span.1);
        let day = candidates[first..last]
            .iter()
            .zip(resolved[first..last].iter())
            .enumerate()
            .map(|(k, pair)| (first + k, pair))
            .filter(|(j, (c, r))| {
                *j != i && c.start >= span.0 && c.end <= span.1 && r.kind == TimexType::Date
                    && r.mentioned.is_some_and(|m| m.day.is_some())
            })
            .min_by_key(|(_, (c, _))| c.start.abs_diff(candidates[i].start))
            .and_then(|(_, (_, r))| r.mentioned);
        if let Some(day) = day {
            let anchor = resolved[i].anchor;
            resolved[i] = resolve::clock(&day.value(), hour, minute, utc, anchor);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every candidate of every recogniser, plus the excluded spans, with the given cues.
    fn everything_found(text: &str, present: &prefilter::Present) -> (Vec<Candidate>, Vec<(usize, usize)>) {
        let m = machinery();
        let mut found = Vec::new();
        for r in &m.recognizers {
            r.find(text, present, &mut found);
        }
        (found, m.excluded.find_iter(text, present).map(|x| (x.start(), x.end())).collect())
    }

    /// Pieces that make or break time expressions: cue words whole and cut, digits ASCII and
    /// not, the characters the cues look for, and the two letters Unicode case-folds to ASCII.
    const PIECES: &[&str] = &[
        " ", "  ", "\u{a0}", "\n", "-", "/", ":", "'", "’", ",", ".", "the", "of", "in", "a", "two", "12", "3", "2021",
        "1990s", "90s", "\u{663}", "March", "mar", "ket", "May", "Sept", "Monday", "mon", "ey", "day", "days", "week",
        "weekend", "year", "years", "ago", "same", "last", "next", "this", "that", "time", "before", "after", "end",
        "rest", "half", "quarter", "Q3", "century", "21st", "summer", "fall", "recently", "long", "term", "daily",
        "every", "each", "per", "once", "times", "noon", "a.m.", "pm", "today", "now", "tonight", "morning", "K",
        "\u{212A}", "\u{17F}", "http://", "www.", ".com", "@", "#", "x", "0", "1", "16", "20", "s", "S", "a", "p", "m",
        "M", "\u{2009}", "5:30", "per", "these", "several", "few", "recent", "straight", "past", "following", "that",
        "hours", "month", "twenty", "five", "-year", "twice", "an", "each", "The",
    ];

    /// Expressions at the full reach of the windowed patterns (every optional word present),
    /// and near misses.
    const PHRASES: &[&str] = &[
        "Wednesday, March 5th, 2021",
        "Wed. the 5th of March, 2021",
        "late-March 2020",
        "early March of 2020",
        "March of next year",
        "the beginning of March",
        "this coming Monday evening",
        "this past Friday",
        "in the summer of 2020",
        "during the winter",
        "earlier the last week",
        "this past year",
        "the day before",
        "the year after",
        "a couple of years ago",
        "twenty-five days ago",
        "in a couple of weeks' time",
        "in two years’ time",
        "the end of the current year",
        "the first half of next month",
        "the rest of the week",
        "a couple of and a half straight weeks",
        "two and a half additional years",
        "12-month",
        "5 full days",
        "in the long term",
        "per week",
        "the same day two years ago",
        "Sept.5",
        "May,2021",
        "the end of thisyear",
        "3rd of\u{a0}May",
        "in 3 days’ time",
        "the Week before",
        "three times a year",
        "twice per week",
        "several times this year",
        "5 times an hour",
    ];

    const SEPARATORS: &[&str] = &[" ", " ", " ", "  ", "\u{a0}", ", ", "-", "", "\n", " \u{2009} "];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The prefilter only skips patterns that cannot match, and the windows hold every
        /// match: the results are those of running every pattern over the whole text.
        #[test]
        fn prefilter_changes_nothing(parts in prop::collection::vec((0..PIECES.len() + PHRASES.len(), 0..SEPARATORS.len()), 0..30)) {
            let text: String = parts
                .iter()
                .map(|&(i, sep)| format!("{}{}", PIECES.get(i).copied().unwrap_or_else(|| PHRASES[i - PIECES.len()]), SEPARATORS[sep]))
                .collect();
            prop_assert_eq!(
                everything_found(&text, &prefilter::scan(&text)),
                everything_found(&text, &prefilter::Present::everything())
            );
        }
    }

    /// Whether `text` holds a character that makes a block searched with the Unicode forms of
    /// the patterns ([`prefilter::Cue::UnicodeClass`], or the two letters folding to ASCII).
    fn needs_unicode_forms(text: &str) -> bool {
        text.chars().any(|c| !c.is_ascii() && (c.is_whitespace() || c.is_numeric() || c == '\u{212A}' || c == '\u{17F}'))
    }

    /// One of `pieces` that holds no character calling for the Unicode forms.
    fn ascii_safe<'a>(pieces: impl IntoIterator<Item = &'a &'static str>) -> impl Strategy<Value = &'static str> {
        prop::sample::select(pieces.into_iter().copied().filter(|p| !needs_unicode_forms(p)).collect::<Vec<_>>())
    }

    /// Every pattern of the stage, with the excluded spans' pattern.
    fn all_patterns() -> Vec<&'static prefilter::Pattern> {
        let m = machinery();
        m.recognizers.iter().flat_map(|r| r.patterns()).chain([&m.excluded]).collect()
    }

    #[test]
    fn most_patterns_have_an_ascii_form() {
        let without: Vec<&str> = all_patterns().into_iter().filter(|p| recognizer::compile_ascii(p.source()).is_none()).map(|p| p.source()).collect();
        // `\w` reads letters beyond ASCII: "the day" after a word, and the URL pattern.
        assert_eq!(without.len(), 2, "{without:?}");
        assert!(without.iter().all(|p| p.contains(r"\w")));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// On text without non-ASCII white space or numbers (or the Kelvin sign and the long s),
        /// the ASCII form of every pattern finds the matches and groups of its Unicode form, over
        /// the whole text and from every character boundary.
        #[test]
        fn ascii_forms_match_as_unicode_forms(parts in prop::collection::vec((ascii_safe(PIECES.iter().chain(PHRASES).chain(&["é", "Jānis", "—", "’s"])), ascii_safe(SEPARATORS)), 0..24)) {
            let text: String = parts.iter().map(|(piece, sep)| format!("{piece}{sep}")).collect();
            prop_assert!(!needs_unicode_forms(&text));
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for pattern in all_patterns() {
                let Some(ascii) = recognizer::compile_ascii(pattern.source()) else { continue };
                let unicode = pattern.regex();
                let spans = |re: &engine::Regex| re.find_iter(&text).map(|m| m.range()).collect::<Vec<_>>();
                prop_assert_eq!(spans(&ascii), spans(unicode), "{}", pattern.source());
                for &at in &boundaries {
                    let groups = |re: &engine::Regex| {
                        re.captures_at(&text, at).map(|c| (0..24).map(|g| c.get(g).map(|m| m.range())).collect::<Vec<_>>())
                    };
                    prop_assert_eq!(groups(&ascii), groups(unicode), "{} at {}", pattern.source(), at);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Searching only the tokens of a span for URLs, addresses, handles and hashtags says
        /// whether one overlaps it exactly as a search of the whole block does.
        #[test]
        fn excluded_tokens_equal_whole_block(parts in prop::collection::vec((0..EXCLUSION_PIECES.len(), 0..SEPARATORS.len()), 0..16), cut in any::<prop::sample::Index>(), len in 0usize..24) {
            let text: String = parts.iter().map(|&(i, sep)| format!("{}{}", EXCLUSION_PIECES[i], SEPARATORS[sep])).collect();
            let excluded = &machinery().excluded;
            let present = prefilter::scan(&text);
            let whole: Vec<(usize, usize)> = excluded.find_iter(&text, &present).map(|x| (x.start(), x.end())).collect();
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let start = boundaries[cut.index(boundaries.len())];
            for end in boundaries.iter().copied().filter(|&e| e > start).take(len) {
                let by_whole = whole.iter().any(|&(s, e)| start < e && s < end);
                prop_assert_eq!(excluded.matches_in_tokens_overlap(&text, &present, start, end), by_whole, "{:?} {}..{}", text, start, end);
            }
        }
    }

    /// Pieces of URLs, addresses, handles and hashtags, and of the text around them.
    const EXCLUSION_PIECES: &[&str] = &[
        "http://", "https://", "www.", "x", "a.b", "@", "#", "news", ".com", ".org", ".html", ".php", ".", "_", "2021",
        "March", "5", "é", "’", "\u{3000}", "-", "/", "@@", "#tag", "user@example.net", "\u{212A}", "9.30", "a.m.",
    ];

    #[test]
    fn windows_reach_every_word_of_long_expressions() {
        let text = PHRASES.join(" and then ");
        let (windowed, _) = everything_found(&text, &prefilter::scan(&text));
        let (all, _) = everything_found(&text, &prefilter::Present::everything());
        assert_eq!(windowed, all);
        let at = |phrase: &str| text.find(phrase).map(|s| (s, s + phrase.len()));
        // Spans that need the full reach on one side of their anchor word.
        for phrase in ["Wed. the 5th of March, 2021", "the end of the current year", "two and a half additional years", "a couple of years ago"] {
            assert!(all.iter().any(|c| Some((c.start, c.end)) == at(phrase)), "{phrase} not found whole");
        }
    }

    /// Every expression whose resolution [`futures`] skips resolves the same whichever way its
    /// sentence leans, with or without a reference date or an earlier date.
    #[test]
    fn tense_is_read_only_where_it_changes_the_value() {
        let text = "On Monday, March 3, 2021, at 10:30 a.m., two weeks ago, the firm said it grows daily and will \
                    report in the third quarter of next year, as it has since the 1990s. Last week, yesterday, \
                    in six years, the same day, this weekend, in March, on 5 May, next spring, for three days, \
                    every week, the 19th century, 2019, in 2020, the previous year, late 2018, recently, now, \
                    last September, a year ago, the following month, in two weeks, last Friday, tomorrow. He left on \
                    Thursday; she went on Saturday.";
        let (found, _) = everything_found(text, &prefilter::scan(text));
        let candidates = select(found);
        let skipped: Vec<&Candidate> = candidates.iter().filter(|c| !tense_matters(&c.expr)).collect();
        assert!(skipped.len() >= 20, "{} candidates skipped", skipped.len());
        assert!(candidates.iter().any(|c| tense_matters(&c.expr)));
        let earlier = Some(resolve::Mentioned { year: 2020, month: Some(2), day: Some(29) });
        for reference in [None, chrono::NaiveDate::from_ymd_opt(2021, 1, 4), chrono::NaiveDate::from_ymd_opt(2022, 12, 31)] {
            for last in [None, earlier] {
                for c in &skipped {
                    let ctx = |future| Context { reference, future, last, last_day: last };
                    assert_eq!(resolve::resolve(&c.expr, &ctx(true)), resolve::resolve(&c.expr, &ctx(false)), "{:?}", c.expr);
                }
            }
        }
    }

    #[test]
    fn prefilter_keeps_expressions_of_every_family() {
        let text = "On Monday, March 3, 2021, at 10:30 a.m., two weeks ago, the firm said it grows daily \
                    and will report in the third quarter of next year, as it has since the 1990s.";
        let (with_prefilter, _) = everything_found(text, &prefilter::scan(text));
        let (all, _) = everything_found(text, &prefilter::Present::everything());
        assert_eq!(with_prefilter, all);
        let patterns: Vec<&str> = all.iter().map(|c| c.pattern).collect();
        for p in ["month day", "weekday", "12-hour clock", "ago", "set word", "quarter", "decade"] {
            assert!(patterns.contains(&p), "{p} missing from {patterns:?}");
        }
    }
}
