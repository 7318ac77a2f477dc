//! Statements as events: a reported quote whose words accuse is an ACCUSE event of its speaker,
//! one that denies is a REJECT event (quotes come from the quotes stage).

use crate::dating::date_event;
use crate::{Context, EventFinder};
use newsgraph_doc::{fold_word, Doc, Event, TextSpan};

/// The statement reader.
#[derive(Debug, Default)]
pub struct StatementFinder;

/// The words of a text as byte spans (relative to the text), folded only when looked at: most
/// words of a quote start no cue and are ruled out unfolded.
#[derive(Default)]
struct QuoteWords {
    spans: Vec<(usize, usize)>,
}

/// Whether `raw` folds to `word` (`fold_word(raw) == word`), without a lower-cased copy when
/// `raw` is ASCII: its folding is then its ASCII lower case, equal to `word` exactly when they
/// match ignoring ASCII case and `word` has no capital.
fn folds_to(raw: &str, word: &str) -> bool {
    if raw.is_ascii() {
        raw.eq_ignore_ascii_case(word) && !word.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        fold_word(raw) == word
    }
}

/// Whether a character belongs to a quote's word: a letter, a digit, an apostrophe or a hyphen.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// `is_word_char` of each ASCII byte.
static ASCII_WORD_BYTE: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'\'' || b as u8 == b'-';
        b += 1;
    }
    table
};

impl QuoteWords {
    /// Refill with the words of `text`: runs of letters, digits, apostrophes and hyphens. The
    /// gaps and the words are each passed over in a loop of their own, ASCII bytes (most of a
    /// quote) classed by a table without decoding a character.
    fn fill(&mut self, text: &str) {
        self.spans.clear();
        let bytes = text.as_bytes();
        // Whether the character at `i` belongs to a word, and its length in bytes.
        let class = |i: usize| match bytes[i] {
            b if b.is_ascii() => (ASCII_WORD_BYTE[usize::from(b)], 1),
            _ => {
                let c = text.get(i..).and_then(|rest| rest.chars().next()).unwrap_or(' ');
                (is_word_char(c), c.len_utf8())
            }
        };
        let mut i = 0;
        while i < bytes.len() {
            let (inside, len) = class(i);
            if !inside {
                i += len;
                continue;
            }
            let start = i;
            i += len;
            while i < bytes.len() {
                let (inside, len) = class(i);
                if !inside {
                    break;
                }
                i += len;
            }
            self.spans.push((start, i));
        }
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    /// Word `i` as written in `text` (the text the words were filled from; "" past the end).
    fn raw<'t>(&self, text: &'t str, i: usize) -> &'t str {
        self.spans.get(i).and_then(|&(s, e)| text.get(s..e)).unwrap_or("")
    }
}


impl EventFinder for StatementFinder {
    fn find(&self, doc: &Doc, ctx: &Context, out: &mut Vec<Event>) {
        // Trigger spans of the events read so far, by start, for overlap tests.
        let mut read_before: Vec<(usize, usize)> = out.iter().map(|e| (e.trigger.start, e.trigger.end)).collect();
        read_before.sort_unstable();
        let mut words = QuoteWords::default();
        for q in &doc.quotes {
            if !doc.blocks.get(q.block).is_some_and(|b| b.role.is_prose()) {
                continue;
            }
            let Some(speaker) = q.speaker.as_ref() else { continue };
            let Some(entity) = speaker.entity.as_deref().and_then(|id| doc.entity(id)) else { continue };
            let Some(text) = doc.text.get(q.start..q.end) else { continue };
            // An event already read from this statement's words or its cue verb wins.
            let overlaps = |a: usize, b: usize| {
                let i = read_before.partition_point(|&(s, _)| s < a);
                read_before.get(i).is_some_and(|&(s, _)| s < b) || i.checked_sub(1).and_then(|j| read_before.get(j)).is_some_and(|&(_, e)| e > a)
            };
            if overlaps(q.start, q.end) || q.cue.as_ref().is_some_and(|c| overlaps(c.start, c.end)) {
                continue;
            }
            words.fill(text);
            // The first word that starts a cue, and the first cue (in table order) there.
            let found = (0..words.len()).find_map(|i| {
                let raw = words.raw(text, i);
                if raw.is_ascii() && !ctx.lex.may_start_statement_cue(raw) {
                    return None;
                }
                // Lower-cased on the stack when ASCII and short (nearly always): no copy per word.
                let mut buf = [0u8; 32];
                let cands = match newsgraph_knowledge::ascii_lowercase_in(raw, &mut buf) {
                    Some(lower) => ctx.lex.statement_cues_starting(lower),
                    None => ctx.lex.statement_cues_starting(&fold_word(raw)),
                }?;
                cands
                    .iter()
                    .map(|&k| &ctx.lex.statement_cues[k])
                    .find(|c| i + c.words.len() <= words.len() && c.words.iter().enumerate().all(|(k, w)| folds_to(words.raw(text, i + k), w)))
                    .map(|c| (i, c))
            });
            let Some((i, cue)) = found else { continue };
            let (cs, ce) = (q.start + words.spans[i].0, q.start + words.spans[i + cue.words.len() - 1].1);
            let Some(source) = crate::speaker_actor(doc, ctx, q) else { continue };
            let (from, to) = (ctx.actors.partition_point(|a| a.start < q.start), ctx.actors.partition_point(|a| a.start < q.end));
            let target = ctx.actors[from..to.max(from)]
                .iter()
                .filter(|a| a.end <= q.end && a.actor.entity != Some(entity.id.as_str()))
                .min_by_key(|a| a.start.abs_diff(cs))
                .map(|a| a.actor.to_actor());
            let sentence = doc.sentence_at(q.start).unwrap_or(0);
            let date = match q.date.clone() {
                Some(d) => crate::dating::EventDate { date: Some(d), precision: "day" },
                None => date_event(doc, &ctx.dates, sentence, q.start, q.end, cs),
            };
            out.push(Event {
                id: String::new(),
                kind: cue.kind.clone(),
                mode: cue.mode.clone(),
                cameo: cue.cameo.clone(),
                source: Some(source),
                target,
                date: date.date,
                date_precision: date.precision.to_string(),
                negated: false,
                hypothetical: false,
                trigger: TextSpan { text: doc.text.get(cs..ce).unwrap_or("").to_string(), start: cs, end: ce },
                start: q.start,
                end: q.end,
                rule: format!("statement-{}", cue.words.join("-")),
                quote: Some(q.id.clone()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{fold_word, QuoteWords};
    use crate::lexicon::lexicon;

    #[test]
    fn quote_words_keep_offsets_and_fold_case() {
        let text = "ΟΔΟΣ Won’t — self-made, 42x!";
        let mut words = QuoteWords::default();
        words.fill(text);
        let raw: Vec<&str> = (0..words.len()).map(|i| words.raw(text, i)).collect();
        assert_eq!(raw, ["ΟΔΟΣ", "Won’t", "self-made", "42x"]);
        let folded_words: Vec<String> = raw.iter().map(|w| fold_word(w).into_owned()).collect();
        // A word-final capital sigma folds to "ς", as `to_lowercase` of the word gives.
        assert_eq!(folded_words, ["οδος", "won't", "self-made", "42x"]);
        assert_eq!(words.raw(text, 4), "");
        // Refilling forgets the previous text.
        words.fill("Deny");
        assert_eq!((words.len(), words.raw("Deny", 0)), (1, "Deny"));
        assert!(matches!(fold_word("deny"), std::borrow::Cow::Borrowed("deny")));
        assert_eq!(fold_word("DENY"), "deny");
    }

    /// The words as the character-by-character reading found them (the reference), on any text.
    fn words_char_by_char(text: &str) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (super::is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    spans.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            spans.push((s, text.len()));
        }
        spans
    }

    #[test]
    fn the_ascii_table_classes_bytes_as_the_characters_are() {
        for b in 0u8..128 {
            assert_eq!(super::ASCII_WORD_BYTE[usize::from(b)], super::is_word_char(char::from(b)), "{b}");
        }
    }

    proptest::proptest! {
        #[test]
        fn folds_to_as_the_folded_copy_compares(raw in "[a-zA-Z'’ΣσÉé-]{0,6}", word in "[a-zA-Z'’σςé-]{0,6}") {
            proptest::prop_assert_eq!(super::folds_to(&raw, &word), fold_word(&raw) == word.as_str());
            proptest::prop_assert_eq!(super::folds_to(&raw, &raw.to_lowercase()), fold_word(&raw) == raw.to_lowercase().as_str());
        }

        #[test]
        fn quote_words_as_read_char_by_char(text in "([a-zA-Z0-9 ,.'\"-]|[’é—Ω\u{1F600}\u{00A0}]){0,40}") {
            let mut words = QuoteWords::default();
            words.fill(&text);
            proptest::prop_assert_eq!(words.spans, words_char_by_char(&text));
        }
    }

    #[test]
    fn first_words_of_cues_pass_the_unfolded_test_in_any_ascii_case() {
        let lex = lexicon();
        assert!(!lex.statement_cues.is_empty());
        for cue in &lex.statement_cues {
            let first = &cue.words[0];
            assert!(lex.statement_cues_starting(first).is_some(), "{first}");
            if first.is_ascii() {
                for form in [first.clone(), first.to_ascii_uppercase(), first[..1].to_ascii_uppercase() + &first[1..]] {
                    assert!(lex.may_start_statement_cue(&form), "{form}");
                }
            }
        }
        // A word of another shape is ruled out before any folding or hashing.
        assert!(!lex.may_start_statement_cue("Xq"));
    }
}
