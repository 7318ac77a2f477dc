//! The events stage: PLOVER 2.0 events (type, mode, CAMEO code, source and target actors, date,
//! negation and modality) read from a document that the earlier stages have annotated.
//!
//! Design: knowledge is data. The trigger lexicon (`data/event_patterns.tsv`: hundreds of verb and
//! noun patterns, each with its PLOVER type, mode, CAMEO code and actor frame), the irregular verb
//! forms, the cue words for negation, modality and clause breaks, the actor nouns that give a
//! sector, the type shifts of intentions/refusals/requests and the statement cues are TSV files
//! compiled in ([`lexicon`]). Matching is a small token matcher, not a parser: a verb lemma
//! matches its inflected forms, ".." allows a short gap, the longest pattern wins.
//!
//! Two [`EventFinder`]s add events: [`prose::PatternFinder`] reads triggers sentence by sentence
//! (only in prose blocks — captions, credits and headings hold no events), joins an intention verb
//! with its complement ("refused to meet" → REJECT meet), applies negation and modality, and takes
//! actors from the entities stage ([`actors`]): the source is the nearest actor before the
//! trigger in its clause (every member of a compound subject gives its own event), the target the
//! nearest actor after it (preferring the pattern's prepositions); passive voice swaps them.
//! [`statements::StatementFinder`] turns accusing or denying quotes into ACCUSE/REJECT events of
//! their speaker. [`dating`] dates each event from the time stage's expressions. The stage is
//! linear in the text: each sentence is read once, actors are found by binary search.

pub mod actors;
pub mod dating;
pub mod lexicon;
pub mod prose;
pub mod sentence;
pub mod statements;

use actors::ActorMention;
use lexicon::Lexicon;
use newsgraph_doc::{Doc, Event, Stage};

/// What every finder reads besides the document: the lexicon and the actor mentions.
pub struct Context<'a> {
    pub lex: &'a Lexicon,
    /// Actor mentions in text order.
    pub actors: Vec<ActorMention>,
}

/// One way of finding events in a document.
pub trait EventFinder: Send + Sync {
    /// Append the events found in `doc` to `out` (ids are given afterwards).
    fn find(&self, doc: &Doc, ctx: &Context, out: &mut Vec<Event>);
}

/// The events stage.
pub struct EventStage {
    finders: Vec<Box<dyn EventFinder>>,
}

impl Default for EventStage {
    fn default() -> Self {
        EventStage { finders: vec![Box::new(prose::PatternFinder), Box::new(statements::StatementFinder)] }
    }
}

impl std::fmt::Debug for EventStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStage").field("finders", &self.finders.len()).finish()
    }
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }

    fn annotate(&self, doc: &mut Doc) {
        let lex = lexicon::lexicon();
        let ctx = Context { lex, actors: actors::actor_mentions(doc, lex) };
        let mut events = Vec::new();
        for finder in &self.finders {
            finder.find(doc, &ctx, &mut events);
        }
        // A trigger inside a quote, or a quote's cue verb, makes the event that statement's.
        for e in events.iter_mut().filter(|e| e.quote.is_none()) {
            if let Some(q) = doc.quotes.iter().find(|q| {
                (e.trigger.start >= q.start && e.trigger.end <= q.end) || q.cue.as_ref().is_some_and(|c| c.start < e.trigger.end && e.trigger.start < c.end)
            }) {
                e.quote = Some(q.id.clone());
            }
        }
        events.sort_by_key(|e| (e.trigger.start, e.start));
        for (i, e) in events.iter_mut().enumerate() {
            e.id = format!("V{}", i + 1);
        }
        doc.events = events;
    }
}
