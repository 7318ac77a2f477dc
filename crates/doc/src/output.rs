//! The serialised form of a `Doc`: schema `newsgraph/1` (docs/schema.md, docs/newsgraph.schema.json).

use crate::{Block, DateSource, Doc, Entity, Event, Quote, Sentence, Timex};
use serde::Serialize;

/// Version tag written into every output object. Bump on any incompatible change.
pub const SCHEMA_VERSION: &str = "newsgraph/1";

#[derive(Debug, Serialize)]
pub struct DocumentMeta<'a> {
    pub title: Option<&'a str>,
    pub date: Option<String>,
    pub date_source: DateSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// Length of the text in bytes (all offsets are below it).
    pub length: usize,
}

#[derive(Debug, Serialize)]
pub struct Output<'a> {
    pub schema: &'static str,
    pub id: &'a str,
    pub document: DocumentMeta<'a>,
    pub blocks: &'a [Block],
    pub sentences: &'a [Sentence],
    pub entities: &'a [Entity],
    pub quotes: &'a [Quote],
    pub timexes: &'a [Timex],
    pub events: &'a [Event],
}

impl<'a> Output<'a> {
    pub fn new(doc: &'a Doc) -> Self {
        Output {
            schema: SCHEMA_VERSION,
            id: &doc.id,
            document: DocumentMeta {
                title: doc.title.as_deref(),
                date: doc.date.map(|d| d.format("%Y-%m-%d").to_string()),
                date_source: doc.date_source,
                url: doc.url.as_deref(),
                length: doc.text.len(),
            },
            blocks: &doc.blocks,
            sentences: &doc.sentences,
            entities: &doc.entities,
            quotes: &doc.quotes,
            timexes: &doc.timexes,
            events: &doc.events,
        }
    }
}

impl Doc {
    /// The document as one JSON object of the output schema.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Output::new(self)).expect("the output model always serialises")
    }
}
