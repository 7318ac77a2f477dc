//! Transcript turns: a paragraph opening with a speaker's name in capitals and a colon
//! ("KAPLAN: Why did you skip it?", "“ALDER: Because it was a stunt…") is a direct quotation of that speaker,
//! whatever quotation marks wrap the transcript as a whole.

use crate::frames::SpeakerSource;
use crate::marks::Marked;
use crate::phrases::Ctx;
use crate::{Candidate, QuoteFinder};
use newsgraph_doc::{EntityRef, EntityType, QuoteKind, Span};
use newsgraph_knowledge::{data_file, parse_tsv};
use std::collections::HashSet;
use std::sync::OnceLock;

/// A speaker label is a name: a few words.
const MAX_LABEL_WORDS: usize = 4;
/// A label is read from the first bytes of a paragraph only.
const MAX_LABEL_BYTES: usize = 40;

pub struct TranscriptTurns;

fn not_speakers() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| parse_tsv(data_file!("transcript_labels.tsv")).iter().map(|r| r.get("label").to_string()).collect())
}

/// The speaker label opening `text` (after opening quotation marks): its byte range in `text`.
fn label(text: &str) -> Option<(usize, usize)> {
    let start = text.len() - text.trim_start_matches(|c: char| c.is_whitespace() || newsgraph_doc::is_quote_char(c)).len();
    let head = text.get(start..)?;
    // Most paragraphs open with ordinary words: a lower-case letter before any colon is inside
    // the would-be label, which is then no name, and ends the reading there.
    for &b in head.as_bytes().iter().take(MAX_LABEL_BYTES) {
        if b == b':' || !b.is_ascii() {
            break;
        }
        if b.is_ascii_lowercase() {
            return None;
        }
    }
    label_before_colon(head, start)
}

/// The label ending at the first colon of `head` (which starts at byte `start` of its
/// paragraph), when it reads as a speaker's name in capitals and is no listed non-speaker.
fn label_before_colon(head: &str, start: usize) -> Option<(usize, usize)> {
    let colon = head.char_indices().take_while(|(i, _)| *i < MAX_LABEL_BYTES).find(|(_, c)| *c == ':').map(|(i, _)| i)?;
    let name = head[..colon].trim_end();
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_name_word = |w: &str| w.chars().any(char::is_alphabetic) && w.chars().all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\'' | '’'));
    let fits = !words.is_empty() && words.len() <= MAX_LABEL_WORDS && words.iter().all(|w| is_name_word(w)) && name.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let listed = not_speakers().contains(name) || not_speakers().contains(words.first().copied().unwrap_or(""));
    (fits && !listed).then_some((start, start + name.len()))
}

impl QuoteFinder for TranscriptTurns {
    fn find(&self, ctx: &Ctx, _marked: &[Marked], out: &mut Vec<Candidate>) {
        let doc = ctx.doc;
        let turns: Vec<(usize, Span, usize)> = doc
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(bi, b)| {
                let text = doc.text.get(b.start..b.end)?;
                let (a, z) = label(text)?;
                Some((bi, Span::new(b.start + a, b.start + z), b.end))
            })
            .collect();
        for &(bi, label_span, block_end) in &turns {
            let speaker = speaker_of(ctx, label_span);
            // A capitalised label may head a section ("ENERGY: Crude oil fell…"); a speaker
            // takes several turns, or is a person the text names.
            let label_text = doc.slice(label_span);
            let turns_taken = turns.iter().filter(|(_, l, _)| doc.slice(*l) == label_text).count();
            if turns_taken < 2 && speaker.entity.is_none() {
                continue;
            }
            let rest = doc.text.get(label_span.end..block_end).unwrap_or("");
            let body = rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace());
            let start = block_end - body.len();
            let end = start + body.trim_end().len();
            if end <= start {
                continue;
            }
            out.push(Candidate {
                kind: QuoteKind::Direct,
                start,
                end,
                speaker: SpeakerSource::Fixed(speaker),
                cue: None,
                via: Vec::new(),
                block: bi,
                date: None,
            });
        }
    }
}

/// The person the label names ("ALDER" → Ruth Alder), else the label as written.
fn speaker_of(ctx: &Ctx, label: Span) -> EntityRef {
    let doc = ctx.doc;
    let written = doc.slice(label);
    let last = written.split_whitespace().last().unwrap_or(written);
    let found = doc.entities.iter().position(|e| {
        e.kind == EntityType::Person && e.name.split_whitespace().last().is_some_and(|w| w.to_lowercase() == last.to_lowercase())
    });
    match found {
        Some(ei) => doc.entity_ref(ei, label),
        None => EntityRef { entity: None, name: written.to_string(), start: label.start, end: label.end },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `label` without the quick reading of the first bytes: the reference it must agree with.
    fn label_reference(text: &str) -> Option<(usize, usize)> {
        let start = text.len() - text.trim_start_matches(|c: char| c.is_whitespace() || newsgraph_doc::is_quote_char(c)).len();
        label_before_colon(text.get(start..)?, start)
    }

    proptest::proptest! {
        #[test]
        fn label_agrees_with_the_full_reading(text in proptest::prop_oneof![
            "[A-Ca-c .:'’“\"ÉéЖж\\-]{0,60}",
            // Shaped like a label: capitals (some lower case among them), then a colon.
            "[“ ]{0,2}[A-CÉЖa .'’-]{0,14}:[A-Ca-c :]{0,20}",
        ]) {
            proptest::prop_assert_eq!(label(&text), label_reference(&text));
        }
    }

    #[test]
    fn labels_are_capitalised_names_before_a_colon() {
        assert_eq!(label("“SMITH: Thank you."), Some((3, 8)));
        assert_eq!(label("SEN. O'BRIEN: We voted."), Some((0, 12)));
        assert_eq!(label("UPDATE: The vote was delayed."), None);
        assert_eq!(label("WATCH BELOW: The mayor speaks."), None);
        assert_eq!(label("Smith: Thank you."), None);
        assert_eq!(label("THE COMMITTEE HAS DECIDED TODAY TO: adjourn"), None);
        assert_eq!(label("Ж"), None);
        assert_eq!(label(""), None);
    }
}
