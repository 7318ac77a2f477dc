//! Descriptions around a person's name: a title phrase before it and an apposition after it.

use crate::recognize::NameHit;
use newsgraph_doc::{Doc, Gender, Span, Token, TokenKind};
use newsgraph_knowledge::kb;

/// Words that end a backwards walk from a name: the description cannot reach past them.
const STOP_BEFORE: &[&str] = &[
    "with", "and", "or", "by", "to", "from", "than", "that", "said", "says", "told", "between", "on", "at", "in", "about",
    "after", "before", "while", "when", "as", "As", "according", "According", "but", "But", "is", "was", "were", "are",
    "has", "had", "have", "will", "would",
];

const LEADING_ARTICLES: &[&str] = &["the", "The", "a", "A", "an", "An"];

/// Read a role phrase: the sector of the first title in it (None when it names no title) and
/// the first country named.
fn read_phrase(phrase: &str) -> Option<(Option<String>, Option<String>)> {
    let k = kb();
    let (_, _, title) = k.find_titles(phrase).next()?;
    let sector = k.titles[title].sector.clone();
    let country = k.find_names(phrase).find_map(|(_, _, readings)| readings.iter().find_map(|r| k.actor_of(*r).0));
    Some((sector, country))
}

/// Give `hit` the role `span` describes, when it names a title; `also` must hold too.
fn attach_role(text: &str, span: Span, also: bool, hit: &mut NameHit, consumed: &mut Vec<Span>) {
    let phrase = span.text(text);
    let Some((sector, country)) = read_phrase(phrase).filter(|_| also) else { return };
    hit.roles.push(phrase.to_string());
    hit.sector = hit.sector.take().or(sector);
    hit.country = hit.country.take().or(country);
    if female_phrase(phrase) {
        hit.gender = Some(Gender::Female);
    }
    consumed.push(span);
}

fn female_phrase(phrase: &str) -> bool {
    let p = phrase.to_lowercase();
    ["spokeswoman", "chairwoman", "congresswoman", "businesswoman", "queen", "princess", "actress", "wife", "mother", "sister", "daughter", "first lady"]
        .iter()
        .any(|w| p.contains(w))
}

/// Attach the description before token `first` and the apposition after token `after`
/// (exclusive end of the name run) to `hit`.
pub fn describe(doc: &Doc, toks: &[Token], first: usize, after: usize, hit: &mut NameHit, consumed: &mut Vec<Span>) {
    let text = doc.text.as_str();
    let t = |i: usize| toks.get(i).map(|x| x.text(text)).unwrap_or("");
    let sentence = doc.sentences.get(hit.sentence);
    let (sa, sb) = sentence.map(|s| (s.tokens.start, s.tokens.end)).unwrap_or((0, toks.len()));
    if hit.roles.is_empty() && first > sa {
        // Walk back over the description: lower-case words, nationality adjectives, "of the".
        let mut p = first;
        let mut steps = 0;
        while p > sa && steps < 10 {
            let w = t(p - 1);
            let tok = &toks[p - 1];
            if tok.kind != TokenKind::Word || STOP_BEFORE.contains(&w) {
                break;
            }
            p -= 1;
            steps += 1;
        }
        while p < first && LEADING_ARTICLES.contains(&t(p)) {
            p += 1;
        }
        if p < first {
            attach_role(text, Span::new(toks[p].start, toks[first - 1].end), true, hit, consumed);
        }
    }
    // Apposition: "…, a spokeswoman for the Russian Foreign Ministry, …"
    if t(after) == "," && after + 1 < sb {
        let mut p = after + 1;
        if t(p).parse::<u32>().is_ok() {
            return; // an age: "Barra, 51, …"
        }
        while p < sb && LEADING_ARTICLES.contains(&t(p)) {
            p += 1;
        }
        let start = p;
        while p < sb && p < start + 15 && !matches!(t(p), "," | "." | ";" | ")" | ":" | "”" | "\"" | "“") {
            p += 1;
        }
        if p > start {
            // An apposition is a description, so it starts in lower case ("a spokeswoman …").
            let span = Span::new(toks[start].start, toks[p - 1].end);
            let lower = span.text(text).starts_with(char::is_lowercase);
            attach_role(text, span, lower, hit, consumed);
        }
    }
}
