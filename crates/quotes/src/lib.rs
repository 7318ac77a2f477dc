//! The quotes stage: who said what, through which channel.
//!
//! Design. Three finders, each a `QuoteFinder` in its own file, propose candidate statements:
//! `direct::DirectQuotes` pairs quotation marks (`marks`: straight, curly, guillemets,
//! low-9, single marks only where they cannot be apostrophes, doubled ’’; a quotation left open
//! continues into a paragraph that opens with a mark and is otherwise closed at its paragraph's
//! end) and reads the attribution frame after or before each quotation (`frames`: "…,” said X,
//! a spokeswoman", "…,” she said. “…", "X told reporters: “…", "“…” ― X", "A quoted B as
//! saying"); `reported::ReportedSpeech` reads reported speech in the sentences ("X said (that)
//! …", "…, X said.", "…, X said, …", "According to X, …", "As X noted, …", "From his point of
//! view, …", "X called Y Z", "…, saying that …"), giving a partial quote when the reported clause
//! holds quoted words; `posts::EmbeddedPosts` turns an embedded social-media post into a dated
//! quotation of its author; `transcripts::TranscriptTurns` reads "SMITH: …" paragraphs as turns
//! of a transcript, each a quotation of the named speaker. Speech verbs, cue phrases and speaker nouns are data
//! (`data/speech_verbs.tsv`, `data/quote_cues.tsv`, `data/quote_speakers.tsv`).
//!
//! Speaker phrases (`phrases`) are read off tokens: an entity mention when the entities stage
//! found one, else a run of capitalised words (titles and initials included), a pronoun, or a
//! description headed by a noun ("the affable proprietor", "a spokesperson for the city").
//! Channels ("told Reuters", "in an interview with RT", "on his Twitter page") go to `via`.
//!
//! The candidates are merged in text order (a quotation wins over the reported clause that merely
//! repeats it; a longer mixed clause wins over the few quoted words inside it), and the speakers
//! are resolved left to right (`resolve`): the entity covering the speaker phrase; for pronouns
//! and definite descriptions the most salient compatible person before them (recency, with a
//! preference for earlier speakers, sentence openers and often-named people; gender from the
//! pronouns the text itself uses after a name, then the entity, then the first name); a bare
//! surname grows into the full name; a document ("the statement") speaks for the body named as
//! its author. A quotation standing alone takes the speaker of its neighbour. Everything works on
//! tokens with byte offsets, in passes linear in the text size (look-backs are bounded), and no
//! text is sliced without `get`.

mod direct;
mod frames;
mod lexicon;
mod marks;
mod phrases;
mod posts;
mod reported;
mod resolve;
mod transcripts;

use frames::SpeakerSource;
use newsgraph_doc::{Doc, EntityRef, Quote, QuoteKind, Stage, TextSpan};
use phrases::Ctx;

/// A statement proposed by a finder, before merging and speaker resolution.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub kind: QuoteKind,
    pub start: usize,
    pub end: usize,
    pub speaker: SpeakerSource,
    /// Token range of the cue.
    pub cue: Option<(usize, usize)>,
    pub via: Vec<SpeakerSource>,
    pub block: usize,
    pub date: Option<String>,
}

/// One way of finding statements in a document.
pub(crate) trait QuoteFinder {
    fn find(&self, ctx: &Ctx, marked: &[marks::Marked], out: &mut Vec<Candidate>);
}

#[derive(Debug, Default)]
pub struct QuoteStage;

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn annotate(&self, doc: &mut Doc) {
        let quotes = find_quotes(doc);
        doc.quotes = quotes;
    }
}

fn find_quotes(doc: &Doc) -> Vec<Quote> {
    let ctx = Ctx::new(doc);
    let marked = marks::find_marked(doc);
    let finders: [&dyn QuoteFinder; 4] = [&posts::EmbeddedPosts, &transcripts::TranscriptTurns, &direct::DirectQuotes, &reported::ReportedSpeech];
    let mut cands = Vec::new();
    for f in finders {
        f.find(&ctx, &marked, &mut cands);
    }
    let cands = merge(doc, cands);
    resolve_all(&ctx, cands)
}

fn len(c: &Candidate) -> usize {
    c.end.saturating_sub(c.start)
}

/// Words of reported content before a quotation that make it part of a larger clause ("added
/// that Lithuania, in fact, “is trying…”"): then the clause, a partial quote, is the statement.
const PARTIAL_LEAD_WORDS: usize = 2;

/// Which of two overlapping candidates to keep: true keeps `b`.
fn prefer_second(doc: &Doc, a: &Candidate, b: &Candidate) -> bool {
    let post = |c: &Candidate| c.date.is_some() || matches!(c.speaker, SpeakerSource::Fixed(_)) && c.cue.is_none();
    if post(a) != post(b) {
        return post(b);
    }
    // A quotation that goes on a reported clause of its own words ("added that the city, in fact,
    // “is trying…”": it opens in lower case, and the words before it are content, not a frame).
    if a.kind == QuoteKind::Partial && b.kind == QuoteKind::Direct && a.start < b.start && a.end >= b.end {
        let lead = doc.text.get(a.start..b.start).unwrap_or("");
        let lead_words = lead.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
        let continues = doc.text.get(b.start..b.end).and_then(|t| t.chars().find(|c| c.is_alphanumeric())).is_some_and(char::is_lowercase);
        let cue_in_lead = a.cue.and_then(|(k, _)| doc.tokens.get(k)).is_some_and(|t| t.start >= a.start && t.start < b.start);
        if lead_words >= PARTIAL_LEAD_WORDS && continues && !cue_in_lead {
            return false;
        }
    }
    let direct = |c: &Candidate| c.kind == QuoteKind::Direct;
    match (direct(a), direct(b)) {
        (true, false) => len(a) * 10 < len(b) * 6,
        (false, true) => len(b) * 10 >= len(a) * 6,
        _ => len(b) > len(a),
    }
}

/// Drop overlapping candidates, keeping the better of each overlapping pair.
fn merge(doc: &Doc, mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Candidate> = Vec::with_capacity(cands.len());
    for c in cands {
        if c.end <= c.start {
            continue;
        }
        match kept.last() {
            Some(last) if last.end > c.start => {
                if prefer_second(doc, last, &c) {
                    kept.pop();
                    // The winner may now overlap an earlier kept one; keep the earlier then.
                    if kept.last().is_some_and(|l| l.end > c.start) {
                        continue;
                    }
                    kept.push(c);
                }
            }
            _ => kept.push(c),
        }
    }
    kept
}

/// "Lindsey Graham Says" as one name, from a title-case headline the entities stage read whole:
/// the capitalised speech verb at its end is no part of the speaker's name.
fn without_headline_verb(mut r: EntityRef) -> EntityRef {
    let trimmed = r.name.rsplit_once(' ').filter(|(_, last)| matches!(*last, "Says" | "Said" | "Say" | "Tells" | "Told" | "Warns" | "Claims"));
    if let Some((head, _)) = trimmed {
        r.name = head.to_string();
    }
    r
}

/// The "who" (or "which") between a speaker phrase and its cue: "Ann Lee, who said", "a
/// builder who told".
fn relative_pronoun_before_cue(ctx: &Ctx, p: &phrases::Phrase, cue: Option<(usize, usize)>) -> Option<newsgraph_doc::Span> {
    let (cue_start, _) = cue?;
    let mut k = p.end;
    if k < cue_start && ctx.is_punct(k, ",") {
        k += 1;
    }
    (k < cue_start && k + 4 > cue_start && matches!(ctx.low(k), "who" | "which")).then(|| ctx.span(k, k + 1))
}

/// How many blocks back a quotation standing alone may look for its speaker.
const INHERIT_BLOCKS: usize = 2;

fn quote_of(doc: &Doc, ctx: &Ctx, c: &Candidate, speaker: Option<EntityRef>, via: Vec<EntityRef>) -> Quote {
    let cue = c.cue.map(|(a, b)| {
        let span = ctx.span(a, b);
        TextSpan { text: doc.slice(span).to_string(), start: span.start, end: span.end }
    });
    Quote {
        id: String::new(),
        kind: c.kind,
        text: doc.text.get(c.start..c.end).unwrap_or("").to_string(),
        start: c.start,
        end: c.end,
        speaker,
        co_speakers: Vec::new(),
        cue,
        via,
        block: c.block,
        date: c.date.clone(),
    }
}

/// Words for a statement that "This … was made by X" can name, besides documents.
const STATEMENT_NOUNS: &[&str] = &["remark", "remarks", "comment", "comments", "words", "call", "proposal", "appeal", "claim", "position", "warning", "accusation"];
/// Verbs of "This statement was made/voiced/issued by X".
const MADE_VERBS: &[&str] = &["made", "voiced", "issued", "delivered", "released", "given", "expressed"];

/// "Warsaw calls for sanctions. This statement was made on November 14 by the prime minister
/// Ann Lee.": the statements of the sentence before were Lee's, on that date.
fn made_by(ctx: &Ctx, resolver: &resolve::Resolver, quotes: &mut [Quote]) {
    let doc = ctx.doc;
    let lex = lexicon::lexicon();
    for (si, sentence) in doc.sentences.iter().enumerate().skip(1) {
        let (s0, s1) = (sentence.tokens.start, sentence.tokens.end.min(ctx.n()));
        let noun = ctx.low(s0 + 1);
        let statement_noun = lex.noun(noun) == Some(lexicon::NounClass::Doc) || STATEMENT_NOUNS.contains(&noun);
        if !(matches!(ctx.low(s0), "this" | "that" | "these" | "the") && statement_noun && matches!(ctx.low(s0 + 2), "was" | "were") && MADE_VERBS.contains(&ctx.low(s0 + 3))) {
            continue;
        }
        let Some(by) = (s0 + 4..s1).find(|&k| ctx.low(k) == "by") else { continue };
        let Some(phrase) = ctx.phrase_starting_at(by + 1, s1) else { continue };
        let speaker = resolver.resolve(&phrase);
        if speaker.entity.is_none() && !matches!(phrase.kind, phrases::PhraseKind::Name) {
            continue;
        }
        // The date it was made, when the sentence gives one before "by".
        let (from, to) = (doc.tokens[s0 + 3].end, doc.tokens[by].start);
        let date = doc.timexes.iter().find(|t| t.start >= from && t.end <= to && t.value.len() == 10 && t.value.as_bytes()[4] == b'-').map(|t| t.value.clone());
        let before = &doc.sentences[si - 1];
        // A person named as the speaker already stays; a state or body speaking is who the
        // statement was made for.
        for q in quotes.iter_mut().filter(|q| q.start >= before.start && q.start < before.end && !q.speaker.as_ref().is_some_and(|r| resolver.is_person(r, None))) {
            q.speaker = Some(speaker.clone());
            q.co_speakers.clear();
            if q.date.is_none() {
                q.date = date.clone();
            }
        }
    }
}

fn resolve_all(ctx: &Ctx, cands: Vec<Candidate>) -> Vec<Quote> {
    let doc = ctx.doc;
    let mut resolver = resolve::Resolver::new(ctx);
    let mut quotes: Vec<Quote> = Vec::with_capacity(cands.len());
    let mut pending_inherit = Vec::new();
    for c in cands {
        resolver.quotation.set(Some((c.start, c.end)));
        let mut co_speakers = Vec::new();
        let speaker = match &c.speaker {
            SpeakerSource::Phrase(p) => {
                let mut r = without_headline_verb(resolver.resolve(p));
                if let Some(relative) = relative_pronoun_before_cue(ctx, p, c.cue) {
                    // "the builder, who said": the relative pronoun is the mention the attribution used.
                    r.start = relative.start;
                    r.end = relative.end;
                }
                let person = resolver.is_person(&r, Some(p));
                resolver.remember(&r, person);
                co_speakers = resolver.co_speakers(p, &r);
                Some(r)
            }
            SpeakerSource::Fixed(r) => {
                let person = resolver.is_person(r, None) || r.entity.is_none();
                resolver.remember(r, person);
                Some(r.clone())
            }
            SpeakerSource::Inherit => {
                // "Vos, who lost the vote, named fatigue as the reason. “People are tired of
                // waiting.”": the person the sentence before was about, when that
                // sentence quoted no one.
                let last_end = quotes.last().map_or(0, |q| q.end);
                if let Some(r) = resolver.subject_of_sentence_before(c.start, c.block, last_end) {
                    resolver.remember(&r, true);
                    quotes.push(quote_of(doc, ctx, &c, Some(r), Vec::new()));
                    continue;
                }
                let prev = quotes.last().filter(|q| {
                    let end_block = doc.block_at(q.end.saturating_sub(1)).unwrap_or(q.block);
                    q.speaker.is_some() && c.block.saturating_sub(end_block) <= INHERIT_BLOCKS
                });
                match prev {
                    Some(q) => q.speaker.clone(),
                    None => {
                        pending_inherit.push(quotes.len());
                        None
                    }
                }
            }
        };
        let via = c
            .via
            .iter()
            .filter_map(|v| match v {
                SpeakerSource::Phrase(p) => Some(resolver.resolve(p)),
                SpeakerSource::Fixed(r) => Some(r.clone()),
                SpeakerSource::Inherit => None,
            })
            .collect();
        let mut quote = quote_of(doc, ctx, &c, speaker, via);
        quote.co_speakers = co_speakers;
        quotes.push(quote);
    }
    made_by(ctx, &resolver, &mut quotes);
    // A quotation opening a paragraph before its attributed neighbour takes that speaker.
    for &i in pending_inherit.iter().rev() {
        let next: Option<EntityRef> = quotes.get(i + 1).filter(|n| n.block == quotes[i].block).and_then(|n| n.speaker.clone());
        quotes[i].speaker = next;
    }
    for (k, q) in quotes.iter_mut().enumerate() {
        q.id = newsgraph_doc::numbered_id('Q', k + 1);
    }
    quotes
}

#[cfg(test)]
mod tests;
