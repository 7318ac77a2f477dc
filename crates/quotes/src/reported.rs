//! Reported speech: "X said (that) …", "…, X said.", "According to X, …", "As X noted, …",
//! "From his point of view, …", "X called Y Z". The content is the reported clause; it is a
//! partial quote when it holds quoted words.

use crate::frames::SpeakerSource;
use crate::lexicon::{CueRole, NounClass, VerbKind};
use newsgraph_knowledge::WordList;
use crate::marks::Marked;
use crate::phrases::{Ctx, Phrase, PhraseKind};
use crate::{Candidate, QuoteFinder};
use newsgraph_doc::{QuoteKind, TokenKind};

/// A reported clause shorter than this many words is not a statement.
const MIN_CONTENT_WORDS: usize = 3;

/// Words after a verb that show it does not introduce a clause ("said to be", "called for").
static NOT_CLAUSE_AFTER: WordList = WordList::new(&[
    "to", "for", "on", "in", "at", "about", "by", "with", "from", "of", "off", "up", "out", "back", "into", "over", "as",
    "and", "or", "but", ".", ",", ";", ")", "when", "after", "before", "during", "so", "if", "?", "!", "yes",
]);

/// Words that may follow a postposed frame ("…, she said on Tuesday.", "…, he told reporters").
static FRAME_TAIL: WordList = WordList::new(&[
    "in", "on", "at", "during", "after", "before", "last", "this", "yesterday", "today", "tonight", "earlier", "later",
    "recently", "told", "to", "from", "while", "when", "as", "via", "through", "over", "adding", "noting", "citing",
    "according", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "of", "with", "by", "about",
    "but", "and", "though", "although", "because", "referring", "speaking", "writing", "pointing", "explaining", "said",
    "says", "next", "again", "too", "also", "instead", "then", "afterward", "afterwards", "outside", "inside", "following",
]);

/// Words opening an adverbial clause, which is no reported content ("Asked about it, she said").
static NOT_CONTENT_OPENERS: WordList = WordList::new(&[
    "asked", "when", "while", "despite", "after", "before", "although", "though", "if", "for", "in", "on", "at", "as",
    "since", "because", "unless", "until", "with", "without", "given", "speaking", "responding", "referring", "once",
    "during", "following", "like", "unlike", "besides", "from", "by", "to", "writing", "told", "pressed",
]);

/// Words opening a subordinate clause that ends at its comma.
const SUBORDINATORS: &[&str] = &["while", "although", "though", "whereas", "if", "as", "because", "since", "when", "unless"];

/// Heads of subjects that are data ("the poll", "a new analysis"), whose findings are statements.
static DATA_HEADS: WordList = WordList::new(&[
    "poll", "polls", "survey", "surveys", "study", "studies", "analysis", "data", "figures", "numbers", "research", "audit",
    "review", "records", "documents", "report", "reports", "statistics", "estimates", "results", "average", "averages",
    "return", "returns", "filings", "researchers", "authors", "investigators", "auditors", "tally", "count", "forecast",
]);

/// Words that open a clause after "said," ("said, the plan…", "said, a majority…").
static DETERMINERS_OPENING_CLAUSE: WordList = WordList::new(&["the", "a", "an", "this", "these", "those", "his", "her", "their", "its", "most", "many", "some", "no", "every", "all", "he", "she", "they", "it", "we", "there"]);

/// Words before a frame inside the sentence that are only an opener ("At the same time, Putin
/// stressed, …"), left out of the content.
const SHORT_OPENER_WORDS: usize = 4;

/// How many tokens after "As" its verb may come ("As the press secretary of the Belarusian
/// leader Ann Lee noted, …").
const AS_SOURCE_REACH: usize = 14;

/// Verbs of commitment whose infinitive is what was said ("vowed to fight on").
const COMMITMENT_LEMMAS: &[&str] = &["promise", "vow", "pledge"];

const CLAUSE_OPENERS: &[&str] = &["but", "and", "yet", "so", "still", "however", "meanwhile", "also", "now"];

pub struct ReportedSpeech;

impl QuoteFinder for ReportedSpeech {
    fn find(&self, ctx: &Ctx, marked: &[Marked], out: &mut Vec<Candidate>) {
        let doc = ctx.doc;
        let mut in_marked = vec![false; ctx.n()];
        for m in marked {
            let end = m.close_tok.map_or(m.inner_end_tok, |c| c + 1).min(ctx.n());
            for f in in_marked.iter_mut().take(end).skip(m.open_tok) {
                *f = true;
            }
        }
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let block = sentence.block;
            if !doc.blocks.get(block).is_some_and(|b| b.role.is_prose() && b.post.is_none()) {
                continue;
            }
            let (s0, s1) = (sentence.tokens.start, sentence.tokens.end.min(ctx.n()));
            if si == 0 {
                if let Some(cand) = headline_with_colon(ctx, &in_marked, s0, s1) {
                    out.push(Candidate { block, ..cand });
                    continue;
                }
            }
            let mut i = s0;
            // The speaker of the sentence's last statement, for "…, and also believes that …".
            let mut last_speaker: Option<Phrase> = None;
            while i < s1 {
                if in_marked[i] {
                    i += 1;
                    continue;
                }
                match find_at(ctx, &in_marked, s0, s1, i, last_speaker) {
                    Some((cand, next)) => {
                        if let SpeakerSource::Phrase(p) = cand.speaker {
                            last_speaker = Some(p);
                        }
                        out.push(Candidate { block, ..cand });
                        i = next.max(i + 1);
                    }
                    None => i += 1,
                }
            }
        }
    }
}

/// Words before a colon that label a section rather than name a source ("Read more: …").
const NOT_HEADLINE_SOURCES: &[&str] = &["read", "watch", "update", "updated", "breaking", "exclusive", "live", "video", "photos", "opinion", "analysis", "editorial", "the", "latest", "news"];

/// A headline that opens the document as "Source: statement" ("Mayor Lee: The Bridge Will Open").
fn headline_with_colon(ctx: &Ctx, in_marked: &[bool], s0: usize, s1: usize) -> Option<Candidate> {
    let colon = (s0..(s0 + 5).min(s1)).find(|&k| ctx.is_punct(k, ":"))?;
    if colon == s0 || !(s0..colon).all(|k| ctx.is_cap(k) || ctx.is_punct(k, ".") || ctx.abbrev_len(k).is_some()) {
        return None;
    }
    if (s0..colon).any(|k| NOT_HEADLINE_SOURCES.contains(&ctx.low(k))) {
        return None;
    }
    let speaker = Phrase { start: s0, end: colon, kind: PhraseKind::Name };
    let speaker = match ctx.phrase_starting_at(s0, colon) {
        Some(p) if p.end == colon => p,
        _ => speaker,
    };
    candidate(ctx, in_marked, colon + 1, content_end(ctx, colon + 1, s1), speaker, (colon, colon + 1), Vec::new)
}

fn at_clause_start(ctx: &Ctx, s0: usize, i: usize) -> bool {
    let mut k = i;
    while k > s0 {
        k -= 1;
        let quote = ctx.kind(k) == Some(TokenKind::Quote);
        if !(quote || CLAUSE_OPENERS.contains(&ctx.low(k))) {
            return false;
        }
    }
    true
}

/// The first token from `s0` (before `limit`) past opening quotation marks and conjunctions
/// ("But", "And also").
fn clause_start(ctx: &Ctx, s0: usize, limit: usize) -> usize {
    (s0..limit).find(|&k| !(ctx.kind(k) == Some(TokenKind::Quote) || CLAUSE_OPENERS.contains(&ctx.low(k)))).unwrap_or(limit.max(s0))
}

/// The last content token (exclusive) of a clause running to the sentence end `s1`.
fn content_end(ctx: &Ctx, from: usize, s1: usize) -> usize {
    let mut e = s1;
    while e > from && (ctx.is_terminal(e - 1) || matches!(ctx.text(e - 1), "," | ":" | "—")) {
        e -= 1;
    }
    e
}

fn words_in(ctx: &Ctx, a: usize, b: usize) -> usize {
    (a..b).filter(|&k| ctx.is_word(k)).count()
}

/// The candidate for content tokens `a..b`, when they make a statement. The channels (`via`)
/// are read only then: reading them scans the rest of the sentence for cue phrases, and most
/// frames tried give no statement.
fn candidate(ctx: &Ctx, in_marked: &[bool], a: usize, b: usize, speaker: Phrase, cue: (usize, usize), via: impl FnOnce() -> Vec<SpeakerSource>) -> Option<Candidate> {
    if b <= a || words_in(ctx, a, b) < MIN_CONTENT_WORDS {
        return None;
    }
    // The writer's own "I think" or "we believe" is no attributed statement.
    if speaker.kind == PhraseKind::Pronoun && matches!(ctx.low(speaker.start), "i" | "we") {
        return None;
    }
    // "won't believe it, of course": an object pronoun and an aside are no reported clause.
    if matches!(ctx.low(a), "it" | "this" | "so") && (ctx.is_punct(a + 1, ",") || a + 1 >= b) {
        return None;
    }
    let span = ctx.span(a, b);
    let partial = (a..b).any(|k| in_marked.get(k).copied().unwrap_or(false) && ctx.kind(k) == Some(TokenKind::Quote));
    Some(Candidate {
        kind: if partial { QuoteKind::Partial } else { QuoteKind::Indirect },
        start: span.start,
        end: span.end,
        speaker: SpeakerSource::Phrase(speaker),
        cue: Some(cue),
        via: via(),
        block: 0,
        date: None,
    })
}

/// "The plan is described there as “…”", "The army's moves are called a threat in the
/// report": a passive speech verb whose agent is a document ("there" is the one just named). The
/// whole sentence is what the document says.
fn passive_in_document(ctx: &Ctx, in_marked: &[bool], s0: usize, s1: usize, i: usize, len: usize) -> Option<(Candidate, usize)> {
    let j = i + len;
    let doc_phrase = |a: usize, b: usize| Phrase { start: a, end: b, kind: PhraseKind::Nominal(Some(NounClass::Doc), true) };
    let speaker = if matches!(ctx.low(j), "there" | "here") {
        doc_phrase(j, j + 1)
    } else {
        let k = (s0..s1).find(|&k| {
            ctx.low(k) == "in" && matches!(ctx.low(k + 1), "the" | "this" | "that" | "its" | "their") && crate::lexicon::lexicon().noun(ctx.low(k + 2)) == Some(NounClass::Doc)
        })?;
        doc_phrase(k + 1, k + 3)
    };
    let first = clause_start(ctx, s0, i);
    // "This is stated in the report" points back; alone it says nothing.
    if matches!(ctx.low(first), "this" | "it" | "that" | "these" | "those" | "which" | "such") || words_in(ctx, first, i) < 2 {
        return None;
    }
    let b = content_end(ctx, s0, s1);
    let c = candidate(ctx, in_marked, s0, b, speaker, (i, j), Vec::new)?;
    Some((c, s1))
}

fn find_at(ctx: &Ctx, in_marked: &[bool], s0: usize, s1: usize, i: usize, last_speaker: Option<Phrase>) -> Option<(Candidate, usize)> {
    if let Some((cue, len)) = ctx.cue_at(i, s1) {
        match cue.role {
            CueRole::SourceFollows => {
                // "according to federal statistics": any short noun phrase is the source.
                let sp = ctx.phrase_starting_at(i + len, s1).or_else(|| {
                    let a = i + len;
                    let e = (a..(a + 10).min(s1)).find(|&k| !ctx.is_word(k) || (k > a && ctx.verb_at(k, s1).is_some())).unwrap_or((a + 10).min(s1));
                    (e > a && ctx.is_word(a)).then_some(Phrase { start: a, end: e, kind: PhraseKind::Nominal(None, false) })
                })?;
                let via = move || ctx.channels(sp.end, s1);
                if at_clause_start(ctx, s0, i) {
                    let mut a = sp.end;
                    // Skip an apposition up to the comma that ends the frame.
                    let mut k = a;
                    while k < s1 && k < a + 12 && !ctx.is_punct(k, ",") {
                        k += 1;
                    }
                    if ctx.is_punct(k, ",") {
                        a = k + 1;
                    }
                    let b = content_end(ctx, a, s1);
                    let c = candidate(ctx, in_marked, a, b, sp, (i, i + len), via)?;
                    return Some((c, b));
                }
                let b = content_end(ctx, s0, i);
                let c = candidate(ctx, in_marked, s0, b, sp, (i, i + len), via)?;
                return Some((c, sp.end));
            }
            CueRole::AsSource if at_clause_start(ctx, s0, i) => {
                // "As the press secretary of the Belarusian leader Ann Lee clarified,": a long
                // subject before the verb.
                // "As well as …" is no source.
                if ctx.low(i + 1) == "well" {
                    return None;
                }
                let v = (i + 1..(i + AS_SOURCE_REACH).min(s1)).find(|&k| ctx.verb_at(k, s1).is_some())?;
                let (_, vlen) = ctx.verb_at(v, s1)?;
                let sp = ctx.subject_before(v, i + 1)?;
                // The frame closes at a comma right after the verb ("As Lee noted in May, …").
                let comma = (v + vlen..(v + vlen + 10).min(s1)).find(|&k| ctx.is_punct(k, ","))?;
                let b = content_end(ctx, comma + 1, s1);
                let via = move || ctx.channels(i, comma);
                let c = candidate(ctx, in_marked, comma + 1, b, sp, (v, v + vlen), via)?;
                return Some((c, b));
            }
            CueRole::Opinion if at_clause_start(ctx, s0, i) => {
                let p = (i..i + len).find(|&k| matches!(ctx.low(k), "his" | "her" | "their"))?;
                let sp = Phrase { start: p, end: p + 1, kind: PhraseKind::Pronoun };
                let mut a = i + len;
                if ctx.is_punct(a, ",") {
                    a += 1;
                }
                let b = content_end(ctx, a, s1);
                let c = candidate(ctx, in_marked, a, b, sp, (i, i + len), Vec::new)?;
                return Some((c, b));
            }
            CueRole::QuotedAs => {
                let (speaker, channel, fend) = ctx.quoted_as(i, s0, s1)?;
                let a = if ctx.is_punct(fend, ",") || ctx.is_punct(fend, ":") { fend + 1 } else { fend };
                let skip_that = if ctx.low(a) == "that" { a + 1 } else { a };
                // "“…,” he was quoted as saying in a statement.": the rest of the frame, no content.
                if FRAME_TAIL.contains(&ctx.low(skip_that)) {
                    return None;
                }
                let b = content_end(ctx, skip_that, s1);
                let via = move || {
                    let mut via: Vec<SpeakerSource> = channel.into_iter().map(SpeakerSource::Phrase).collect();
                    via.extend(ctx.channels(fend, s1));
                    via
                };
                let c = candidate(ctx, in_marked, skip_that, b, speaker, (i, i + 1), via)?;
                return Some((c, b));
            }
            _ => {}
        }
    }
    let (verb, len) = ctx.verb_at(i, s1)?;
    let prev = ctx.low(i.saturating_sub(1));
    let passive_or_noun = matches!(prev, "was" | "were" | "be" | "been" | "being" | "to" | "the" | "a" | "an");
    let progressive_or_raised = ctx.low(i).ends_with("ing") && matches!(prev, "was" | "were" | "been")
        || prev == "to" && i > s0 + 1 && ctx.follows_raising_verb(i - 1);
    if i > s0 && passive_or_noun && !progressive_or_raised {
        if matches!(prev, "was" | "were" | "been") {
            return passive_in_document(ctx, in_marked, s0, s1, i, len);
        }
        return None; // passive ("was told"), infinitive or a noun ("the report")
    }
    // "is described", "are also called": passive too.
    let passive_present = i > s0 && (matches!(prev, "is" | "are") || i > s0 + 1 && matches!(ctx.low(i - 2), "is" | "are" | "was" | "were") && ctx.low(i - 1).ends_with("ly"));
    if passive_present && !ctx.low(i).ends_with("ing") {
        if let Some(found) = passive_in_document(ctx, in_marked, s0, s1, i, len) {
            return Some(found);
        }
    }
    let j = i + len;
    let next = ctx.low(j);
    // Participles ("…, saying that", "…, arguing the plan…") belong to the main clause's
    // subject.
    // "is saying that", "has been saying": a progressive is a finite verb.
    let progressive = i > s0 + 1 && matches!(ctx.low(i - 1), "is" | "are" | "was" | "were" | "been" | "isn't" | "wasn't" | "aren't" | "weren't");
    if ctx.low(i).ends_with("ing") && !progressive {
        // "…, saying", "… and saying", "began by saying": the main clause's subject speaks.
        let linked = i > s0 + 1 && (ctx.is_punct(i - 1, ",") || matches!(ctx.low(i - 1), "and" | "by"));
        if !linked {
            return None;
        }
        let mut first = clause_start(ctx, s0, i);
        // "In an interview with CNBC, Bullard…, noting": the subject follows the opening adverbial.
        if NOT_CONTENT_OPENERS.contains(&ctx.low(first)) {
            if let Some(c) = (first..i).find(|&k| ctx.is_punct(k, ",")) {
                first = c + 1;
            }
        }
        let sp = ctx.phrase_starting_at(first, i)?;
        // "…, citing unnamed sources, said": what is cited is a source, not the content.
        let object = verb.object && verb.lemma != "cite" && ctx.is_word(j) && !NOT_CLAUSE_AFTER.contains(&next);
        let start = if next == "that" {
            j + 1
        } else if (verb.strong || object) && !NOT_CLAUSE_AFTER.contains(&next) {
            j
        } else {
            return None;
        };
        let mut b = content_end(ctx, start, s1);
        // "…, calling for new rules, and…": an object runs to its clause's end.
        if object && next != "that" {
            if let Some(c) = (start..b).find(|&k| ctx.is_punct(k, ",") || ctx.is_punct(k, ";")) {
                b = content_end(ctx, start, c);
            }
        }
        let via = move || ctx.channels(first, i);
        let cand = candidate(ctx, in_marked, start, b, sp, (i, j), via)?;
        return Some((cand, b));
    }
    let _ = next;
    // The subject before the verb, asked once: both the postposed frame and the plain clause
    // below need it, and finding it walks back over the clause.
    let subject = ctx.subject_before(i, s0);
    // Postposed frame: "…, X said." / "…, said X." / "…,” X said."
    {
        let pre = subject.filter(|p| ctx.verb_agrees(p, i, verb));
        let frame_start = pre.map_or(i, |p| p.start);
        let mut c = frame_start;
        if c > s0 && ctx.low(c - 1) == "the" {
            c -= 1;
        }
        while c > s0 && ctx.kind(c - 1) == Some(TokenKind::Quote) {
            c -= 1;
        }
        let comma = c > s0 + 1 && (ctx.is_punct(c - 1, ",") || ctx.is_punct(c - 1, "—"));
        let post = if pre.is_none() && comma { ctx.phrase_starting_at(j, s1) } else { None };
        let sp = if comma { pre.or(post) } else { None };
        if let Some(sp) = sp {
            let tail = if pre.is_some() { j } else { sp.end };
            // A verb whose object is the content ("the parties discussed, among other things,
            // the crisis") frames nothing before it when words follow it.
            let object_follows = verb.object && pre.is_some() && !(tail >= s1 || ctx.is_terminal(tail));
            let tail_ok = !object_follows && (tail >= s1 || ctx.is_terminal(tail) || ctx.is_punct(tail, ",") || FRAME_TAIL.contains(&ctx.low(tail)));
            let rest_short = ctx.low(j) != "that" && !(j..(j + 4).min(s1)).any(|k| ctx.low(k) == "that");
            // "But unlike its rival, the firm expects…": after an opening conjunction too.
            let first = clause_start(ctx, s0, c);
            // An opening adverbial ("After some delays, the plant reopened, an official said") is
            // part of the content when a clause follows its comma; alone it is no statement.
            let opener = NOT_CONTENT_OPENERS.contains(&ctx.low(first)) || matches!(ctx.low(first), "unlike" | "like");
            let clause_after_opener = c > first + 1 && (first..c - 1).any(|k| ctx.is_punct(k, ",") && words_in(ctx, k + 1, c - 1) >= MIN_CONTENT_WORDS);
            let reply_opener = matches!(ctx.low(first), "asked" | "told" | "pressed" | "speaking" | "responding" | "writing" | "referring");
            let content_ok = !opener || clause_after_opener && !reply_opener;
            // In a frame inside the sentence the main clause follows it: "Though the move was
            // smooth, he said, a second one would be harder".
            let mid_content_ok = content_ok || !reply_opener;
            // A frame inside the sentence: "…, Mr. Morgan said, he has already…".
            let mid = pre.is_some() && ctx.is_punct(tail, ",") && words_in(ctx, tail + 1, s1) >= MIN_CONTENT_WORDS && !FRAME_TAIL.contains(&ctx.low(tail + 1))
                && !ctx.low(tail + 1).ends_with("ing")
                && !matches!(ctx.low(tail + 1), "who" | "which" | "whose" | "where");
            if mid && mid_content_ok && !object_follows {
                let b = content_end(ctx, s0, s1);
                let via = move || ctx.channels(c, tail);
                // "At the same time, Putin stressed, the West…": a short opener before the frame
                // is no part of what was said; the clause after the frame is.
                let adverbial = matches!(ctx.low(first), "at" | "in" | "on" | "after" | "before" | "during" | "meanwhile" | "however" | "still")
                    && words_in(ctx, first, c) <= SHORT_OPENER_WORDS
                    && !(s0..c).any(|k| in_marked.get(k).copied().unwrap_or(false));
                let a = if adverbial { tail + 1 } else { s0 };
                if let Some(cand) = candidate(ctx, in_marked, a, b, sp, (i, j), via) {
                    return Some((cand, s1));
                }
            }
            if rest_short && tail_ok && content_ok {
                let b = content_end(ctx, s0, c - 1);
                let via = move || ctx.channels(c, s1);
                if let Some(cand) = candidate(ctx, in_marked, s0, b, sp, (i, j), via) {
                    return Some((cand, s1));
                }
            }
        }
    }
    // "… and said he would…": the subject of the first conjunct speaks.
    let mut conj = i.saturating_sub(1);
    while conj > s0 && matches!(ctx.low(conj), "also" | "then" | "later" | "further" | "even" | "still" | "again") {
        conj -= 1;
    }
    let coordinated = i > s0 + 1 && ctx.low(conj) == "and";
    let sp = match subject {
        Some(sp) => sp,
        // "Warsaw calls for sanctions, and also believes that…": who made the statement before.
        None if coordinated && last_speaker.is_some() => last_speaker?,
        None if coordinated => {
            let first = clause_start(ctx, s0, i);
            ctx.phrase_starting_at(first, i)?
        }
        None => return None,
    };
    if !ctx.verb_agrees(&sp, i, verb) {
        return None;
    }
    // "higher than the city says (it is)": a comparison, not a statement.
    if sp.start > s0 && matches!(ctx.low(sp.start - 1), "than") {
        return None;
    }
    let mut a = j;
    // "discussed, among other things, the crisis": an aside between the verb and its object.
    if verb.object && ctx.is_punct(a, ",") {
        if let Some(c) = (a + 2..(a + 6).min(s1)).find(|&k| ctx.is_punct(k, ",")) {
            if (a + 1..c).all(|k| ctx.is_word(k)) && ctx.is_word(c + 1) {
                a = c + 1;
            }
        }
    }
    if verb.lemma == "tell" || verb.lemma == "inform" || verb.lemma == "assure" || verb.lemma == "warn" {
        if matches!(ctx.low(a), "me" | "us" | "him" | "her" | "them" | "you") {
            a += 1;
        } else if let Some(obj) = ctx.phrase_starting_at(a, s1) {
            a = obj.end;
        }
        let has_that = (a..(a + 10).min(s1)).any(|k| ctx.low(k) == "that");
        if !has_that && (ctx.low(a) == "'s" || NOT_CLAUSE_AFTER.contains(&ctx.low(a))) {
            return None;
        }
        // "told Reuters outside the hotel", "told Radio Canada in an email": only an adjunct follows.
        let adjunct_at = |k: usize| !ctx.is_cap(k) && FRAME_TAIL.contains(&ctx.low(k));
        let short_rest = words_in(ctx, a, content_end(ctx, a, s1)) <= 5 && !(a..s1).any(|k| ctx.is_pronoun(k));
        if !has_that && short_rest && (adjunct_at(a) || ctx.is_cap(a) && adjunct_at(a + 1)) {
            return None;
        }
    }
    // "that" right after the verb, or after a short adjunct ("said in a statement that").
    let adjunct_first = ctx.is_punct(a, ",") || FRAME_TAIL.contains(&ctx.low(a));
    let that = (a..(a + 10).min(s1))
        .take_while(|&k| !ctx.is_terminal(k) && ctx.kind(k) != Some(TokenKind::Quote))
        .find(|&k| ctx.low(k) == "that")
        .filter(|&t| {
            t == a
                || adjunct_first
                || !(a..t).any(|k| {
                    ctx.is_pronoun(k)
                        || matches!(ctx.low(k), "could" | "would" | "will" | "can" | "should" | "may" | "might" | "must" | "is" | "are" | "was" | "were" | "has" | "have" | "had" | "does" | "do" | "did")
                })
        });
    // "an expert who writes about the region noted that…": the "that" belongs to the later verb,
    // which the scan reaches next.
    let finite_verb_after_comma = |k: usize| ctx.is_punct(k - 1, ",") && !ctx.low(k).ends_with("ing") && ctx.verb_at(k, s1).is_some();
    if that.is_some_and(|t| (a + 1..t).any(finite_verb_after_comma)) {
        return None;
    }
    // "wrote about “the unacceptable pressure…”": quoted words after "about" or "of".
    // Also after where it was written: "wrote on his Twitter page about “…”".
    let quoted_after = |k: usize| (k + 1..(k + 3).min(s1)).any(|q| ctx.kind(q) == Some(TokenKind::Quote) && in_marked.get(q).copied().unwrap_or(false));
    let topic_at = if matches!(ctx.low(a), "about" | "of" | "on") && quoted_after(a) {
        Some(a)
    } else if matches!(ctx.low(a), "on" | "in") {
        (a + 2..(a + 7).min(s1)).take_while(|&k| ctx.is_word(k)).find(|&k| ctx.low(k) == "about" && quoted_after(k))
    } else {
        None
    };
    let quoted_topic = topic_at.is_some();
    if let Some(t) = topic_at {
        a = t;
    }
    // "called the plan a waste of money", "called it “a disgrace”": a naming, the rest is content.
    // The name given comes within the clause: "called her vote in favour of the plan a mistake".
    let naming = verb.lemma == "call"
        && ctx.is_word(a)
        && !NOT_CLAUSE_AFTER.contains(&ctx.low(a))
        && !matches!(ctx.low(a), "a" | "an")
        && (a + 1..(a + 12).min(s1))
            .take_while(|&k| !ctx.is_punct(k, ",") && !ctx.is_terminal(k) && ctx.low(k) != "to")
            .any(|k| matches!(ctx.low(k), "a" | "an") || ctx.kind(k) == Some(TokenKind::Quote));
    // "called the plan dangerous", "called the comment incorrect or inappropriate": a verdict
    // ending the clause.
    // The clause end is looked for only after "called": this runs at every speech verb.
    let verdict_end = (verb.lemma == "call" && !naming && ctx.is_word(a) && !NOT_CLAUSE_AFTER.contains(&ctx.low(a)))
        .then(|| (a..s1).find(|&k| ctx.is_punct(k, ",") || ctx.is_punct(k, ";") || ctx.is_terminal(k)).unwrap_or(s1))
        .filter(|&end| end > a + 1 && crate::lexicon::lexicon().verdicts.contains(ctx.low(end - 1)));
    // A weak verb before a clause that opens with a subject pronoun and an auxiliary: "announced
    // it would close", "promised they will return".
    let pronoun_clause = !verb.strong
        && !verb.object
        && ctx.is_pronoun(a)
        && ctx.low(a) != "i"
        && matches!(
            ctx.low(a + 1),
            "would" | "will" | "could" | "can" | "had" | "has" | "have" | "was" | "were" | "is" | "are" | "should" | "might" | "may" | "must" | "wants" | "wanted" | "did" | "does" | "do"
        );
    // "said after the convention he would…": a short adjunct, then a clause opened by a pronoun.
    let pronoun_after_adjunct = if that.is_none() && verb.strong && FRAME_TAIL.contains(&ctx.low(a)) {
        (a + 1..(a + 7).min(s1)).take_while(|&k| ctx.is_word(k) || ctx.kind(k) == Some(TokenKind::Number)).find(|&k| ctx.is_pronoun(k) && ctx.low(k) != "it")
    } else {
        None
    };
    // "asked whether the plan…", "wondered how…": an indirect question is the content.
    let question = matches!(verb.lemma.as_str(), "ask" | "wonder") && matches!(ctx.low(a), "whether" | "how" | "why" | "what" | "if" | "when" | "who" | "where");
    // "a new poll shows Smith leading": findings of data take a bare clause. In "a survey of
    // workers shows…" the survey, not the workers, is the source.
    let mut sp = sp;
    let data_of = sp.start >= s0 + 2 && ctx.low(sp.start - 1) == "of" && DATA_HEADS.contains(&ctx.low(sp.start - 2));
    let data_finding = verb.kind == VerbKind::Report
        && !verb.object
        && ctx.is_word(a)
        && !NOT_CLAUSE_AFTER.contains(&ctx.low(a))
        && (matches!(sp.kind, PhraseKind::Nominal(..)) && DATA_HEADS.contains(&ctx.low(sp.end - 1)) || data_of);
    if data_finding && data_of {
        if let Some(head) = ctx.phrase_ending_at(sp.start - 1, s0) {
            sp = head;
        }
    }
    // Content from `a` up to the token `end`: an object, a commitment's infinitive, a verdict.
    let content_until = |end: usize| -> Option<(Candidate, usize)> {
        let b = content_end(ctx, a, end);
        let cand = candidate(ctx, in_marked, a, b, sp, (i, j), move || ctx.channels(i, s1))?;
        Some((cand, b))
    };
    // The end of the clause opened at `a` (its comma or semicolon).
    let clause_end = || (a..s1).find(|&k| ctx.is_punct(k, ",") || ctx.is_punct(k, ";")).unwrap_or(s1);
    // "promised to cut the fee", "vowed to fight on": a commitment's content is its infinitive.
    let commitment = COMMITMENT_LEMMAS.contains(&verb.lemma.as_str()) && ctx.low(a) == "to" && ctx.is_word(a + 1) && !ctx.is_cap(a + 1);
    if that.is_none() && commitment {
        return content_until(clause_end());
    }
    let start = if let Some(t) = that {
        t + 1
    } else if let Some(p) = pronoun_after_adjunct {
        p
    } else if ctx.is_punct(a, ":") {
        a + 1
    } else if let Some(end) = verdict_end {
        return content_until(end);
    } else if quoted_topic || naming || pronoun_clause || question || data_finding {
        a
    } else if verb.object && ctx.is_word(a) && !NOT_CLAUSE_AFTER.contains(&ctx.low(a)) {
        // The object is the content, up to the clause's end.
        return content_until(clause_end());
    } else if verb.strong
        && ctx.is_punct(a, ",")
        && (DETERMINERS_OPENING_CLAUSE.contains(&ctx.low(a + 1)) || ctx.is_cap(a + 1))
        && !FRAME_TAIL.contains(&ctx.low(a + 1))
        && !(a + 1..s1).any(|k| ctx.verb_at(k, s1).is_some_and(|(v, _)| v.lemma == "say"))
    {
        // "Mr. Lee said, a majority of voters have…": a comma, then the clause.
        a + 1
    } else if verb.strong && !NOT_CLAUSE_AFTER.contains(&ctx.low(a)) {
        if ctx.is_punct(a, ",") {
            a + 1
        } else {
            a
        }
    } else {
        return None;
    };
    let mut b = content_end(ctx, start, s1);
    // "While some critics say X, Jagelewski says Y": the subordinate clause ends at its comma.
    if SUBORDINATORS.contains(&ctx.low(s0)) {
        if let Some(c) = (start..b).find(|&k| ctx.is_punct(k, ",") && !in_marked.get(k).copied().unwrap_or(false)) {
            b = c;
        }
    }
    let via = move || ctx.channels(i, s1);
    let cand = candidate(ctx, in_marked, start, b, sp, (i, j), via)?;
    Some((cand, b))
}
