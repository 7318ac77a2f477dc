//! The values of an article's rows that need no database: statement and event dates as text,
//! JSON arrays, actor codes. The writer is one thread for all extraction threads, so `newsgraph
//! ingest` has the extraction side compute these ([`crate::Prepared::with_row_values`]) and
//! the writer only binds them; a writer given none computes them itself, by the same code.
//!
//! The one value that needs the database is a mention's corpus entity, inside the mentions'
//! JSON array: that array is kept as a template with the ids cut out ([`MentionsJson`]), and
//! the writer splices the ids in once the article's entities are resolved.

use newsgraph_doc::{iso_date, Doc};
use std::io::Write;

/// The stored date of a statement or event starting at byte `at`: the date it states, else
/// the date the text gives for its place, as a day.
pub(crate) fn date_at(stated: &Option<String>, doc: &Doc, at: usize) -> Option<String> {
    stated.clone().or_else(|| doc.reference_date_at(at).map(iso_date))
}

/// An actor code: country then sector (`BLRGOV`), `---` for an unknown country.
pub(crate) fn actor_code(country: Option<&str>, sector: Option<&str>) -> Option<String> {
    match (country, sector) {
        (None, None) => None,
        (c, s) => Some(format!("{}{}", c.unwrap_or("---"), s.unwrap_or(""))),
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct QuoteValues {
    /// The channels' names, a JSON array.
    pub(crate) via: String,
    /// The co-speakers' names, a JSON array; None when the quote has one speaker.
    pub(crate) co_speakers: Option<String>,
    /// The statement's date, else the date the text gives for its place, else the article's.
    pub(crate) date: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct EventValues {
    /// The event's date, else the date the text gives for its place, else the article's.
    pub(crate) date: Option<String>,
    pub(crate) source_code: Option<String>,
    pub(crate) target_code: Option<String>,
}

/// `doc_annotations.mentions` — `[[local entity, corpus entity, start, end, text, kind], …]`
/// in text order — with each corpus entity id cut out: `cuts` holds, in order, the byte offset
/// in `template` where an id goes and the index (in `Doc::entities`) of the entity it is for.
#[derive(Debug, Clone, Default)]
pub(crate) struct MentionsJson {
    template: String,
    cuts: Vec<(usize, usize)>,
}

impl MentionsJson {
    /// The JSON array with the ids in place; `corpus_id(i)` is the corpus entity of entity `i`.
    pub(crate) fn fill(&self, corpus_id: impl Fn(usize) -> i64) -> String {
        let mut out = String::with_capacity(self.template.len() + self.cuts.len() * 8);
        let mut copied = 0;
        for &(at, entity) in &self.cuts {
            out.push_str(&self.template[copied..at]);
            // Writing into a String cannot fail.
            let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{}", corpus_id(entity)));
            copied = at;
        }
        out.push_str(&self.template[copied..]);
        out
    }
}

/// A time expression as `doc_annotations.timexes` holds it: local id, text, start, end, type,
/// value, anchor.
type StoredTimex<'a> = (&'a str, &'a str, usize, usize, &'static str, &'a str, Option<&'a str>);

/// A mention in text order: the index of its entity in `Doc::entities`, start, end.
pub(crate) type MentionSpan = (usize, usize, usize);

/// See the module's account. Built from one `Doc` by [`RowValues::of`]; [`RowValues::fits`]
/// tells whether a given one was.
#[derive(Debug, Clone, Default)]
pub struct RowValues {
    /// `[[role, start, end], …]` in order.
    pub(crate) blocks: String,
    pub(crate) block_count: usize,
    /// `[[local id, text, start, end, type, value, anchor], …]` by start, then id; an id seen
    /// twice counts once (the first).
    pub(crate) timexes: String,
    pub(crate) timex_count: usize,
    /// Each entity's roles, a JSON array.
    pub(crate) roles: Vec<String>,
    pub(crate) mentions: MentionsJson,
    /// Every mention, in text order (the order of `mentions`).
    pub(crate) mention_spans: Vec<MentionSpan>,
    pub(crate) quotes: Vec<QuoteValues>,
    pub(crate) events: Vec<EventValues>,
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

impl RowValues {
    pub fn of(doc: &Doc) -> Self {
        let blocks: Vec<(&str, usize, usize)> = doc.blocks.iter().map(|b| (b.role.as_str(), b.start, b.end)).collect();

        let mut timexes: Vec<&newsgraph_doc::Timex> = Vec::with_capacity(doc.timexes.len());
        for t in &doc.timexes {
            if !timexes.iter().any(|seen| seen.id == t.id) {
                timexes.push(t);
            }
        }
        timexes.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        let stored_timexes: Vec<StoredTimex> =
            timexes.iter().map(|t| (t.id.as_str(), t.text.as_str(), t.start, t.end, t.kind.as_str(), t.value.as_str(), t.anchor.as_deref())).collect();

        // Mentions in text order; a stable sort keeps the entities' order among mentions at one
        // offset.
        let mut mentions: Vec<(usize, &newsgraph_doc::Mention)> = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            mentions.extend(e.all_mentions().map(|m| (i, m)));
        }
        mentions.sort_by_key(|m| m.1.start);
        let mut template: Vec<u8> = Vec::with_capacity(64 * mentions.len() + 2);
        let mut cuts = Vec::with_capacity(mentions.len());
        template.push(b'[');
        for (n, &(i, m)) in mentions.iter().enumerate() {
            if n > 0 {
                template.push(b',');
            }
            template.push(b'[');
            // Writing into a Vec cannot fail, nor can serialising a string.
            let _ = serde_json::to_writer(&mut template, &doc.entities[i].id);
            template.push(b',');
            cuts.push((template.len(), i));
            let _ = write!(template, ",{},{},", m.start, m.end);
            let _ = serde_json::to_writer(&mut template, &m.text);
            template.push(b',');
            let _ = serde_json::to_writer(&mut template, m.kind.as_str());
            template.push(b']');
        }
        template.push(b']');
        // serde_json writes valid UTF-8, and the cuts fall between ASCII bytes.
        let template = String::from_utf8(template).unwrap_or_default();

        let quotes = doc
            .quotes
            .iter()
            .map(|q| {
                let via: Vec<&str> = q.via.iter().map(|v| v.name.as_str()).collect();
                let co_names: Vec<&str> = q.co_speakers.iter().map(|c| c.name.as_str()).collect();
                QuoteValues {
                    via: json(&via),
                    co_speakers: (!co_names.is_empty()).then(|| json(&co_names)),
                    date: date_at(&q.date, doc, q.start),
                }
            })
            .collect();
        let events = doc
            .events
            .iter()
            .map(|ev| {
                let code = |a: &Option<newsgraph_doc::Actor>| a.as_ref().and_then(|a| actor_code(a.country.as_deref(), a.sector.as_deref()));
                EventValues {
                    date: date_at(&ev.date, doc, ev.start),
                    source_code: code(&ev.source),
                    target_code: code(&ev.target),
                }
            })
            .collect();

        RowValues {
            blocks: json(&blocks),
            block_count: blocks.len(),
            timexes: json(&stored_timexes),
            timex_count: stored_timexes.len(),
            roles: doc.entities.iter().map(|e| json(&e.roles)).collect(),
            mention_spans: mentions.iter().map(|&(i, m)| (i, m.start, m.end)).collect(),
            mentions: MentionsJson { template, cuts },
            quotes,
            events,
        }
    }

    /// Whether these are the values of `doc` as far as their shape shows (a caller's mix-up
    /// would otherwise store another article's values).
    pub(crate) fn fits(&self, doc: &Doc) -> bool {
        self.roles.len() == doc.entities.len() && self.quotes.len() == doc.quotes.len() && self.events.len() == doc.events.len()
    }
}
