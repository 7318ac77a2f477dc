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
    pub actors: Vec<ActorMention<'a>>,
    /// The document's dated time expressions.
    pub dates: dating::Dates,
    /// First actor of each entity (by index in `doc.entities`), for speakers.
    pub entity_actor: foldhash::HashMap<&'a str, usize>,
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

/// The actor of a quote's speaker, coded like every other actor mention of that entity.
fn speaker_actor(doc: &Doc, ctx: &Context, q: &newsgraph_doc::Quote) -> Option<newsgraph_doc::Actor> {
    let id = q.speaker.as_ref()?.entity.as_deref()?;
    if let Some(&i) = ctx.entity_actor.get(id) {
        return ctx.actors.get(i).map(|m| m.actor.to_actor());
    }
    let e = doc.entity(id)?;
    Some(newsgraph_doc::Actor { entity: Some(e.id.clone()), name: e.name.clone(), country: e.country.clone(), sector: e.sector.clone() })
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }

    fn annotate(&self, doc: &mut Doc) {
        let lex = lexicon::lexicon();
        let actors = actors::actor_mentions(doc, lex);
        let mut entity_actor = foldhash::HashMap::default();
        for (i, a) in actors.iter().enumerate() {
            // Looked up before the id is copied: an entity has many mentions, one key.
            if let Some(id) = a.actor.entity {
                entity_actor.entry(id).or_insert(i);
            }
        }
        let ctx = Context { lex, actors, dates: dating::Dates::new(doc), entity_actor };
        let mut events = Vec::new();
        for finder in &self.finders {
            finder.find(doc, &ctx, &mut events);
        }
        // A trigger inside a quote, or a quote's cue verb, makes the event that statement's.
        let mut by_start: Vec<usize> = (0..doc.quotes.len()).collect();
        by_start.sort_by_key(|&i| doc.quotes[i].start);
        let cues: foldhash::HashMap<usize, usize> =
            doc.quotes.iter().enumerate().filter_map(|(i, q)| q.cue.as_ref().map(|c| (c.start, i))).collect();
        for e in events.iter_mut().filter(|e| e.quote.is_none()) {
            let k = by_start.partition_point(|&i| doc.quotes[i].start <= e.trigger.start);
            let inside = k.checked_sub(1).map(|k| &doc.quotes[by_start[k]]).filter(|q| e.trigger.end <= q.end);
            if let Some(q) = inside.or_else(|| cues.get(&e.trigger.start).map(|&i| &doc.quotes[i])) {
                e.quote = Some(q.id.clone());
                // "We will help…": the speaker is the actor of an act told in the first person.
                let first_person = doc.text.get(q.start..e.trigger.start).is_some_and(|before| {
                    before.split(|c: char| !c.is_alphabetic()).any(|w| matches!(w, "we" | "We" | "I"))
                });
                if e.source.is_none() && first_person && e.trigger.start >= q.start && e.trigger.end <= q.end {
                    e.source = speaker_actor(doc, &ctx, q);
                }
            }
        }
        // The actors borrow the document, which takes the events below.
        drop(ctx);
        events.sort_by_key(|e| (e.trigger.start, e.start));
        for (i, e) in events.iter_mut().enumerate() {
            e.id = newsgraph_doc::numbered_id('V', i + 1);
        }
        doc.events = events;
    }
}
