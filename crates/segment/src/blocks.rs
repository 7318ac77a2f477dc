//! Paragraphs and their roles.

use newsgraph_doc::{Block, BlockRole, PostSignature};
use newsgraph_knowledge::kb;
use regex::Regex;
use std::sync::OnceLock;

const BULLETS: &[char] = &['•', '●', '▪', '◦', '·', '*', '■', '►', '▶', '-', '–', '—'];

const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
];

/// Month number (1–12) of an English month name or abbreviation.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.starts_with(&w) && (w.len() >= 3) && (w == *m || w.len() <= 4)).map(|i| i as u32 + 1)
}

/// The groups of an embedded post's signature line: "— Jane Roe (@jroe) May 4, 2021".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Signature<'a> {
    author: &'a str,
    handle: &'a str,
    /// Month name, day and year, when the line is dated.
    date: Option<(&'a str, &'a str, &'a str)>,
}

/// The signature pattern: the definition `read_signature` follows, and its fallback for the
/// lines with non-ASCII letters or digits where a handle or a date is read.
fn signature_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // The author takes at most 80 characters and the handle at most 30; the limits are checked
    // on the captures rather than written as `{1,80}?` and `\w{1,30}`, which made this one
    // regex cost 13 ms to compile (thirty copies of Unicode `\w`) against 0.6 ms. Same result:
    // the author runs from the dashes to the line's first "(", and the handle from "@" to ")",
    // so no other split of the line could keep either within its limit.
    RE.get_or_init(|| {
        Regex::new(r"^\s*[-—–―]+\s*(?P<author>[^()\n]+?)\s*\((?P<handle>@\w+)\)\s*(?:(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4}))?\s*$")
            .expect("signature regex")
    })
}

/// The signature line of an embedded post, within the author's and the handle's limits.
fn signature(line: &str) -> Option<Signature<'_>> {
    let found = match read_signature(line) {
        Reading::Found(sig) => Some(sig),
        Reading::NotFound => None,
        Reading::Unsure => signature_re().captures(line).map(|c| Signature {
            author: c.name("author").map_or("", |m| m.as_str()),
            handle: c.name("handle").map_or("", |m| m.as_str()),
            date: match (c.name("month"), c.name("day"), c.name("year")) {
                (Some(m), Some(d), Some(y)) => Some((m.as_str(), d.as_str(), y.as_str())),
                _ => None,
            },
        }),
    }?;
    // The handle's limit counts its word characters, after the "@".
    (found.author.chars().count() <= 80 && found.handle.chars().count() <= 31).then_some(found)
}

/// What the hand reader of a signature line concluded.
enum Reading<'a> {
    Found(Signature<'a>),
    NotFound,
    /// A non-ASCII character stands where the pattern wants a word character or a digit, which
    /// the reader leaves to the regular expression (Unicode's `\w` and `\d`).
    Unsure,
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '―')
}

/// `signature_re`'s match read by hand: the pattern's captures cost about 15,000 instructions
/// a line, and generated and social-heavy copy has a signature line in most articles. Each step
/// says which choice the regular expression's backtracking would end with.
fn read_signature(line: &str) -> Reading<'_> {
    use Reading::{Found, NotFound, Unsure};
    // `^\s*` takes all leading white space (a dash is none), `[-—–―]+` all the dashes.
    let after_lead = line.len() - line.trim_start().len();
    let dashes_end = line[after_lead..].find(|c: char| !is_dash(c)).map_or(line.len(), |k| after_lead + k);
    if dashes_end == after_lead {
        return NotFound;
    }
    // The author holds no bracket, so the handle's "(" is the line's first one after the dashes.
    let Some(open) = line[dashes_end..].find('(').map(|k| dashes_end + k) else { return NotFound };
    let between = &line[dashes_end..open];
    let core_start = dashes_end + (between.len() - between.trim_start().len());
    let core = line[core_start..open].trim_end();
    let author = if !core.is_empty() {
        // The author is what lies between the spaces; a longer one would only add spaces to it,
        // and it can hold no ")" or line break.
        if core.contains([')', '\n']) {
            return NotFound;
        }
        core
    } else if let Some((k, c)) = between.char_indices().rev().find(|&(_, c)| c != '\n') {
        // Only spaces between the dashes and "(": the author is one of them, the last that is
        // not a line break (the spaces before it are `\s*`, those after it the next `\s*`).
        &between[k..k + c.len_utf8()]
    } else {
        // No space to spare: the last dash becomes the author, if another dash stays a dash.
        let last_dash = line[after_lead..dashes_end].char_indices().next_back().map_or(after_lead, |(k, _)| after_lead + k);
        if last_dash == after_lead {
            return NotFound;
        }
        &line[last_dash..dashes_end]
    };
    // `\((?P<handle>@\w+)\)`.
    let rest = &line[open + 1..];
    if !rest.starts_with('@') {
        return NotFound;
    }
    let word_len = rest[1..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    let after_word = &rest[1 + word_len..];
    if after_word.starts_with(|c: char| !c.is_ascii()) {
        return Unsure;
    }
    if word_len == 0 || !after_word.starts_with(')') {
        return NotFound;
    }
    let handle = &rest[..1 + word_len];
    let tail = after_word[1..].trim_start();
    if tail.is_empty() {
        return Found(Signature { author, handle, date: None });
    }
    match read_signature_date(tail) {
        Some(Some(date)) => Found(Signature { author, handle, date: Some(date) }),
        Some(None) => NotFound,
        None => Unsure,
    }
}

/// `(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\s*$` at the start of
/// `tail`: `Some(None)` when it does not match, `None` when a non-ASCII digit could decide.
fn read_signature_date(tail: &str) -> Option<Option<(&str, &str, &str)>> {
    let bytes = tail.as_bytes();
    if !bytes[0].is_ascii_uppercase() {
        return Some(None);
    }
    let lower = bytes[1..].iter().take_while(|b| b.is_ascii_lowercase()).count();
    if !(2..=8).contains(&lower) {
        return Some(None);
    }
    let month = &tail[..1 + lower];
    let rest = &tail[1 + lower..];
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let Some(rest) = strip_spaces(rest) else { return Some(None) };
    let (day, rest) = ascii_digits(rest)?;
    if !(1..=2).contains(&day.len()) {
        return Some(None);
    }
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let Some(rest) = strip_spaces(rest) else { return Some(None) };
    let (year, rest) = ascii_digits(rest)?;
    if year.len() != 4 || !rest.trim_start().is_empty() {
        return Some(None);
    }
    Some(Some((month, day, year)))
}

/// `s` after one or more leading white-space characters (`\s+`), or `None` when it has none.
fn strip_spaces(s: &str) -> Option<&str> {
    let t = s.trim_start();
    (t.len() < s.len()).then_some(t)
}

/// The ASCII digits `s` starts with and the rest; `None` when a non-ASCII character follows
/// them (it may be one of Unicode's digits, which `\d` takes).
fn ascii_digits(s: &str) -> Option<(&str, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = s.split_at(n);
    (!rest.starts_with(|c: char| !c.is_ascii())).then_some((digits, rest))
}

fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:(?:updated|published|posted|last updated)\s*:?\s*)?(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)[a-z]*\.?,?\s+)?(?:[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}|\d{4}-\d{2}-\d{2})(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?\s*$")
            .expect("dateline regex")
    })
}

/// Cut `text` into blocks with roles.
pub fn find_blocks(text: &str) -> Vec<Block> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0;
    let mut prev_blank = true;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            prev_blank = true;
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let (s, e) = (start + lead, start + lead + trimmed.len());
        // A line continues the previous block when that block was cut mid-sentence (hard-wrapped
        // copy): no blank line between, no final punctuation, and this line starts in lower case.
        let continues = !prev_blank
            && spans.last().is_some_and(|&(ps, pe)| {
                let prev = &text[ps..pe];
                !prev.ends_with(['.', '!', '?', ':', '"', '”', '»']) && trimmed.starts_with(|c: char| c.is_lowercase())
            });
        if continues {
            if let Some(last) = spans.last_mut() {
                last.1 = e;
            }
        } else {
            spans.push((s, e));
        }
        prev_blank = false;
    }
    // A signature line's groups are kept for its post: the pattern is the costliest test here.
    let mut signatures = Vec::with_capacity(spans.len());
    let mut blocks: Vec<Block> = spans
        .iter()
        .enumerate()
        .map(|(i, &(s, e))| {
            let line = &text[s..e];
            let found = if may_be_signature(line) { signature(line) } else { None };
            let (role, reason) = if found.is_some() { SIGNATURE_ROLE } else { role_of_other(line, i == 0) };
            signatures.push(found);
            Block { start: s, end: e, role, reason, post: None, sentences: 0..0 }
        })
        .collect();
    mark_embedded_posts(text, &mut blocks, &signatures);
    blocks
}

fn strip_bullet(s: &str) -> (bool, &str) {
    let t = s.trim_start();
    if let Some(c) = t.chars().next() {
        if BULLETS.contains(&c) {
            let rest = &t[c.len_utf8()..];
            // "-5 degrees" or "—" inside prose is no bullet; a bullet is followed by a space.
            if rest.starts_with(char::is_whitespace) {
                return (true, rest.trim_start());
            }
        }
    }
    (false, t)
}

/// `s` starts with the ASCII `prefix`, ignoring ASCII case: a prefix test without lower-casing
/// (and allocating) a whole paragraph for every block.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// `s` ends with the ASCII `suffix`, ignoring ASCII case.
fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len() && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Longest outlet name worth looking up: a credit line's head is a short name, never a paragraph.
const MAX_OUTLET_NAME_BYTES: usize = 80;

fn is_credit(s: &str) -> bool {
    if s.starts_with('©') || starts_with_ci(s, "(c)") || starts_with_ci(s, "copyright") {
        return true;
    }
    // Every block is tested against every prefix: comparing the first byte alone turns most
    // prefixes away before the case-folding comparison of the rest.
    let first = s.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
    for p in ["photo:", "photo by", "photos:", "photograph:", "image:", "images:", "credit:", "picture:", "video:", "source:", "illustration:", "getty images", "ap photo", "afp photo", "reuters/"] {
        if p.as_bytes()[0] == first && starts_with_ci(s, p) {
            return true;
        }
    }
    if ["getty images", "/ reuters", "/ ap", "/ afp"].iter().any(|suffix| ends_with_ci(s, suffix)) {
        return true;
    }
    // An agency or outlet name alone ("RIA News"), or with a photographer ("RIA News / I. Petrov").
    // Only the first bytes can hold such a head: do not scan a whole paragraph for " / ".
    let mut cut = s.len().min(MAX_OUTLET_NAME_BYTES + 3);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = match find_spaced_slash(&s[..cut]) {
        Some(slash) => &s[..slash],
        None if s.len() <= MAX_OUTLET_NAME_BYTES => s,
        None => return false,
    }
    .trim();
    let k = kb();
    k.lookup(head).iter().any(|n| matches!(n, newsgraph_knowledge::Named::Outlet(_)))
}

/// Where `s` first holds " / ", as `s.find(" / ")`. Every block's head is searched: a search
/// for the slash alone (a byte search, word at a time) skips the substring searcher's set-up,
/// and most heads hold no slash.
fn find_spaced_slash(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(found) = s.get(from..).and_then(|rest| rest.find('/')) {
        let slash = from + found;
        if slash > 0 && bytes[slash - 1] == b' ' && bytes.get(slash + 1) == Some(&b' ') {
            return Some(slash - 1);
        }
        from = slash + 1;
    }
    None
}

/// A caption describes one picture: a sentence or two.
const MAX_CAPTION_WORDS: usize = 60;
/// A credit in brackets names a photographer and an agency: a few words.
const MAX_BRACKETED_CREDIT_WORDS: usize = 8;

/// A block that closes with a bracketed credit, "(Ann Lee / CBC News)." or "(Ann Lee/AFP/Getty
/// Images)": the slash between a photographer and an agency is what prose in brackets lacks.
fn ends_with_credit(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches('.').trim_end();
    let Some(inner) = t.strip_suffix(')') else { return false };
    let Some(open) = inner.rfind('(') else { return false };
    let credit = &inner[open + 1..];
    credit.contains('/') && !credit.contains("://") && at_most_words(credit, MAX_BRACKETED_CREDIT_WORDS) && credit.chars().next().is_some_and(char::is_uppercase)
}

/// `s` holds at most `limit` whitespace-separated words. Stops reading at word `limit + 1`:
/// the role tests ask this of every paragraph, and a paragraph is far longer than any limit.
fn at_most_words(s: &str, limit: usize) -> bool {
    s.split_whitespace().nth(limit).is_none()
}

/// A signature line always holds "(@handle)": a cheap test before the regular expression.
fn may_be_signature(s: &str) -> bool {
    s.contains("(@")
}

/// Every date the dateline expression accepts holds a four-digit year: a block with fewer than
/// four digits skips the expression (most short blocks are headings and captions). The
/// expression's `\d` is Unicode's decimal digit, which `char::is_numeric` includes.
fn has_four_digits(s: &str) -> bool {
    s.chars().filter(|c| c.is_numeric()).take(4).count() == 4
}

/// A date line is short: longer blocks skip the dateline expression.
const MAX_DATELINE_BYTES: usize = 120;

const SIGNATURE_ROLE: (BlockRole, &str) = (BlockRole::EmbeddedPost, "signature line of an embedded post");

/// The role `find_blocks` gives a block (which tests its signature once and keeps the groups).
#[cfg(test)]
fn role_of(s: &str, first: bool) -> (BlockRole, &'static str) {
    if may_be_signature(s) && signature(s).is_some() {
        return SIGNATURE_ROLE;
    }
    role_of_other(s, first)
}

/// The role of a block that is no signature line.
fn role_of_other(s: &str, first: bool) -> (BlockRole, &'static str) {
    let (bullet, body) = strip_bullet(s);
    if is_credit(body) && at_most_words(body, 12) {
        return (BlockRole::Credit, "photo or agency credit");
    }
    if bullet {
        return (BlockRole::Caption, "bullet line");
    }
    if s.len() <= MAX_DATELINE_BYTES && has_four_digits(s) && dateline_re().is_match(s) {
        return (BlockRole::Dateline, "date line");
    }
    if (starts_with_ci(s, "by ") || starts_with_ci(s, "written by ")) && at_most_words(s, 8) && !s.ends_with('.') {
        return (BlockRole::Byline, "byline");
    }
    if ends_with_credit(s) && at_most_words(s, MAX_CAPTION_WORDS) {
        return (BlockRole::Caption, "photo caption ending in a credit");
    }
    let core = s.trim_matches(|c: char| crate::tokenize::is_quote_char(c) || c.is_whitespace());
    let ends_open = !core.ends_with(['.', '!', '?', ':', ';', ',', '…']) && !s.ends_with(['.', '!', '?', ':', ';', ',']);
    let capital = core.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if ends_open && capital {
        if first && at_most_words(core, 30) {
            return (BlockRole::Title, "first line without final punctuation");
        }
        if at_most_words(core, 14) {
            return (BlockRole::Heading, "short line without final punctuation");
        }
    }
    if (starts_with_ci(s, "photo:") || starts_with_ci(s, "photo caption")) && at_most_words(s, 25) {
        return (BlockRole::Caption, "photo caption");
    }
    (BlockRole::Body, "prose")
}

/// A post's signature line makes it and the blocks just above it (the post's own text, which
/// carries handles, hashtags or links) an embedded post.
/// `signatures[i]`: the groups of block `i`'s signature line, if it is one.
fn mark_embedded_posts(text: &str, blocks: &mut [Block], signatures: &[Option<Signature<'_>>]) {
    for i in 0..blocks.len() {
        if blocks[i].role != BlockRole::EmbeddedPost || blocks[i].post.is_some() {
            continue;
        }
        let Some(Some(c)) = signatures.get(i) else { continue };
        let date = c.date.and_then(|(m, d, y)| {
            let mn = month_number(m)?;
            let (d, y): (u32, i32) = (d.parse().ok()?, y.parse().ok()?);
            chrono_like_valid(y, mn, d).then(|| format!("{y:04}-{mn:02}-{d:02}"))
        });
        let sig = PostSignature {
            author: c.author.trim().to_string(),
            handle: Some(c.handle.to_string()),
            date,
            start: blocks[i].start,
            end: blocks[i].end,
        };
        blocks[i].post = Some(sig.clone());
        let mut j = i;
        let mut taken = 0;
        while j > 0 && taken < 4 {
            j -= 1;
            let b = &blocks[j];
            if !matches!(b.role, BlockRole::Body | BlockRole::Heading) {
                break;
            }
            let t = &text[b.start..b.end];
            let social = t.contains('@') || t.contains('#') || t.contains("http") || t.contains("pic.twitter");
            if taken > 0 && !social {
                break;
            }
            blocks[j].role = BlockRole::EmbeddedPost;
            blocks[j].reason = "text of an embedded post";
            blocks[j].post = Some(sig.clone());
            taken += 1;
        }
    }
}

fn chrono_like_valid(y: i32, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The signature pattern as it was written before its limits moved out of the regex.
    fn signature_with_limits_in_regex(line: &str) -> Option<regex::Captures<'_>> {
        static RE: OnceLock<Regex> = OnceLock::new();
        RE.get_or_init(|| {
            Regex::new(r"^\s*[-—–―]+\s*(?P<author>[^()\n]{1,80}?)\s*\((?P<handle>@\w{1,30})\)\s*(?:(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4}))?\s*$")
                .expect("reference regex")
        })
        .captures(line)
    }

    type Spans = Option<Vec<Option<(usize, usize)>>>;

    /// The spans of the author, handle, month, day and year groups.
    fn groups(c: Option<regex::Captures<'_>>) -> Spans {
        c.map(|c| ["author", "handle", "month", "day", "year"].iter().map(|g| c.name(g).map(|m| (m.start(), m.end()))).collect())
    }

    fn signature_spans(line: &str, found: Option<Signature<'_>>) -> Spans {
        let at = |part: &str| {
            let start = part.as_ptr() as usize - line.as_ptr() as usize;
            Some((start, start + part.len()))
        };
        found.map(|s| vec![at(s.author), at(s.handle), s.date.and_then(|d| at(d.0)), s.date.and_then(|d| at(d.1)), s.date.and_then(|d| at(d.2))])
    }

    /// Signature-like lines: dashes, an author and a handle of lengths around their limits, an
    /// optional date, with stray brackets, spaces and non-ASCII word characters mixed in.
    fn signature_line() -> impl Strategy<Value = String> {
        let run = |pieces: Vec<&'static str>, max: usize| proptest::collection::vec(proptest::sample::select(pieces), 0..max).prop_map(|v| v.concat());
        let chars = |pieces: Vec<&'static str>, lengths: std::ops::Range<usize>| {
            proptest::collection::vec(proptest::sample::select(pieces), lengths).prop_map(|v| v.concat())
        };
        (
            run(vec![" ", "\t"], 3),
            run(vec!["-", "—", "–", "―", "x"], 4),
            prop_oneof![
                chars(vec!["a", "é", " ", "Z", "-"], 74..86),
                run(vec![" ", "Jo", "Ana", "é", "word ", "  ", "(", ")", "\n", "-"], 12),
            ],
            run(vec![" ", "  "], 3),
            run(vec!["(", "(@", "@"], 2),
            prop_oneof![chars(vec!["a", "Z", "9", "_", "é", "ж"], 26..34), run(vec!["a", "é", "-", " ", ")"], 4)],
            run(vec![")", ") ", "", "))"], 2),
            run(
                vec![
                    " May 4, 2021", " Sept. 12, 2019", " Jan 1 2000", " ", "x", " May ٤, 2021", " May 4, ٢٠٢١", "\u{a0}May\u{a0}4,\u{a0}2021",
                    " Septembers 4, 2021", " May 4,2021", " May 44, 20211", " May 123, 2021", " may 4, 2021", " Mo. 4 2021 ", "\n", ".",
                ],
                2,
            ),
        )
            .prop_map(|(a, b, c, d, e, f, g, h)| [a, b, c, d, e, f, g, h].concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn signature_limits_outside_the_regex_change_nothing(line in signature_line()) {
            prop_assert_eq!(signature_spans(&line, signature(&line)), groups(signature_with_limits_in_regex(&line)));
        }

        /// The hand reader finds what the pattern finds, group by group, or leaves the line to it.
        #[test]
        fn hand_reader_agrees_with_the_pattern(line in signature_line()) {
            let by_hand = match read_signature(&line) {
                Reading::Found(sig) => signature_spans(&line, Some(sig)),
                Reading::NotFound => None,
                Reading::Unsure => return Ok(()),
            };
            prop_assert_eq!(by_hand, groups(signature_re().captures(&line)), "{:?}", line);
        }
    }

    proptest! {
        /// The slash search finds what `str::find(" / ")` finds.
        #[test]
        fn the_slash_search_agrees_with_the_substring_search(s in "([ /a-zé]|é /| / ){0,24}") {
            prop_assert_eq!(find_spaced_slash(&s), s.find(" / "));
        }

        /// The bounded count answers as the full count would, limits and spaces of every kind.
        #[test]
        fn at_most_words_agrees_with_counting_them(s in "([a-zé.,]{1,4}|[ \t\n\u{a0}\u{2003}]{1,3}){0,24}", limit in 0usize..20) {
            prop_assert_eq!(at_most_words(&s, limit), s.split_whitespace().count() <= limit);
        }
    }

    #[test]
    fn a_slash_counts_only_between_spaces() {
        assert_eq!(find_spaced_slash("RIA News / I. Petrov"), Some(8));
        assert_eq!(find_spaced_slash("a/b / c"), Some(3));
        assert_eq!(find_spaced_slash("a /b and a/ b"), None);
        assert_eq!(find_spaced_slash("/ at the start"), None);
        assert_eq!(find_spaced_slash("ends with /"), None);
    }

    #[test]
    fn credit_prefixes_match_in_any_case() {
        assert!(is_credit("PHOTO: a harbour at dawn"));
        assert!(is_credit("Illustration: the new bridge"));
        assert!(is_credit("afp photo"));
        assert!(!is_credit("Photographers gathered at the gate."));
        assert!(!is_credit(""));
    }

    #[test]
    fn at_most_words_counts_words_not_spaces() {
        assert!(at_most_words("  two\u{a0}words ", 2));
        assert!(!at_most_words("  two\u{a0}words ", 1));
        assert!(at_most_words(" \t ", 0));
    }

    #[test]
    fn hand_reader_follows_the_pattern_on_its_corner_cases() {
        let lines = [
            "— Jane Roe (@jroe) May 4, 2021",
            "  -- Jane Roe  (@j_roe)  ",
            "—  (@x)",
            "— \n(@x)",
            "—\n(@x)",
            "—-(@x) Jan 1 2000",
            "— Jo\nAna (@x)",
            "— Ana (Bo) (@x)",
            "— Ana (@) May 4, 2021",
            "— Ana (@x)y",
            "— Ana (@x) Sept. 12, 2019",
            "— Ana (@x) Septembers 12, 2019",
            "— Ana (@x) May 4,2021",
            "— Ana (@x) May 4, 20211",
            "Ana (@x)",
        ];
        let mut found = 0;
        for line in lines {
            let by_hand = match read_signature(line) {
                Reading::Found(sig) => signature_spans(line, Some(sig)),
                Reading::NotFound => None,
                Reading::Unsure => panic!("ASCII line left to the pattern: {line:?}"),
            };
            assert_eq!(by_hand, groups(signature_re().captures(line)), "{line:?}");
            found += usize::from(by_hand.is_some());
        }
        assert_eq!(found, 6);
        // Non-ASCII word characters and digits go to the pattern.
        assert!(matches!(read_signature("— Ana (@жан)"), Reading::Unsure));
        assert!(matches!(read_signature("— Ana (@x) May ٤, 2021"), Reading::Unsure));
        assert_eq!(signature("— Ana (@жан) May ٤, 2021").map(|s| s.handle), Some("@жан"));
    }

    #[test]
    fn signature_limits_hold() {
        let handle = |n: usize| format!("— Ana Roe (@{}) May 4, 2021", "a".repeat(n));
        assert!(signature(&handle(30)).is_some());
        assert!(signature(&handle(31)).is_none());
        let author = |n: usize| format!("— {} (@ana) May 4, 2021", "é".repeat(n));
        assert!(signature(&author(80)).is_some());
        assert!(signature(&author(81)).is_none());
    }

    fn roles(text: &str) -> Vec<BlockRole> {
        find_blocks(text).iter().map(|b| b.role).collect()
    }

    #[test]
    fn headline_body_heading_captions_credits() {
        let text = "Ministers meet in Riga\n\nThe ministers of three states met on Monday.\n\n  • Soldiers at a checkpoint near the river\n\n  • © Anna Berg\n\nWhat comes next\n\nTalks continue.";
        assert_eq!(
            roles(text),
            vec![BlockRole::Title, BlockRole::Body, BlockRole::Caption, BlockRole::Credit, BlockRole::Heading, BlockRole::Body]
        );
    }

    #[test]
    fn embedded_post_with_signature_and_date() {
        let text = "The minister posted a message.\n\nMet @AnnaBerg today about #borders.\n\n- Jon Smith (@jsmith) March 2, 2022\n\nBack to prose.";
        let b = find_blocks(text);
        assert_eq!(b[0].role, BlockRole::Body);
        assert_eq!(b[1].role, BlockRole::EmbeddedPost);
        assert_eq!(b[2].role, BlockRole::EmbeddedPost);
        assert_eq!(b[3].role, BlockRole::Body);
        let post = b[1].post.as_ref().unwrap();
        assert_eq!(post.author, "Jon Smith");
        assert_eq!(post.handle.as_deref(), Some("@jsmith"));
        assert_eq!(post.date.as_deref(), Some("2022-03-02"));
    }

    #[test]
    fn hard_wrapped_lines_join_and_datelines_are_marked() {
        let text = "March 3, 2020\nThe council said the plan\nwould go ahead.\nIt did.";
        let b = find_blocks(text);
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].role, BlockRole::Dateline);
        assert_eq!(&text[b[1].start..b[1].end], "The council said the plan\nwould go ahead.");
    }

    #[test]
    fn a_block_closing_with_a_bracketed_credit_is_a_caption() {
        assert!(ends_with_credit("Volunteers stack sandbags along the river in Tartu. (Mari Tamm / ERR News)"));
        assert!(ends_with_credit("A guard stands at the gate. (Jaan Kask/AFP/Getty Images)."));
        assert_eq!(role_of("Volunteers stack sandbags along the river in Tartu. (Mari Tamm / ERR News).", false).0, BlockRole::Caption);
        // Brackets in prose hold no photographer and agency.
        assert!(!ends_with_credit("The council met on Monday (its third meeting this month)."));
        assert!(!ends_with_credit("The rate rose to 4.5 per cent (up from 4.1/4.2 last year)."));
        assert!(!ends_with_credit("See the filing (https://example.org/a/b)."));
    }

    #[test]
    fn credit_tests_read_only_the_ends_of_a_block() {
        assert!(is_credit("Photo: Mari Tamm"));
        assert!(is_credit("Protesters outside the parliament in Vilnius. Ona Petraitė / Getty Images"));
        assert!(is_credit("© Łukasz Wiśniewski"));
        // A paragraph that merely contains " / " far in is no credit, and never panics on a
        // multi-byte character at the cut.
        assert!(!is_credit(&format!("{} / ERR", "Žemaitė ".repeat(20))));
        assert!(!is_credit("Officials said the photo was taken in Riga, and the agency confirmed it later that week."));
        assert!(starts_with_ci("COPYRIGHT 2024", "copyright") && !starts_with_ci("Co", "copyright"));
        assert!(ends_with_ci("x / AFP", "/ afp") && !ends_with_ci("ÅFP", "/ afp"));
        assert!(!starts_with_ci("Ébène", "eb") && !ends_with_ci("", "/ ap"));
    }

    #[test]
    fn month_names() {
        assert_eq!(month_number("Nov."), Some(11));
        assert_eq!(month_number("September"), Some(9));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("Mayor"), None);
    }
}
