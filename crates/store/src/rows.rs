//! One article's export rows without a database: the rows `export` would write for the article
//! once it is stored, computed straight from the processed `Doc`. Distributed runs (Spark) emit
//! these per article and merge them; because the columns come from [`crate::export`]'s table
//! definitions and the values from the same rules as [`crate::write`], their output and
//! `newsgraph export` agree row for row (a test below checks it against a real store).
//!
//! What depends on the whole corpus is left open and named: the corpus entity ids
//! (`source_entity_id`, `target_entity_id`, `speaker_entity_id`) and the values read from the
//! corpus entity (`source_actor`, `target_actor`, `speaker`, `speaker_country`,
//! `speaker_sector`). Each row carries the article-local entity id they hang on (`_source_local`,
//! `_target_local`, `_speaker_local`); [`Resolver`] turns article-local ids into corpus ids with
//! the store's own cross-document resolution, in corpus order, and the merge fills the columns in.

use crate::export::{for_each_row, ColumnKind, ExportTable, DOCUMENTS, ENTITIES, EVENTS, QUOTES};
use crate::normalize::{content_hash, normalize_url};
use crate::resolve;
// The stored form of a statement's or event's date and of an actor code, as the writer computes them.
use crate::values::{actor_code, date_at};
use newsgraph_doc::{Doc, Entity};
use rusqlite::Connection;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The extra field naming the article-local entity a corpus-dependent column hangs on.
pub const SOURCE_LOCAL: &str = "_source_local";
pub const TARGET_LOCAL: &str = "_target_local";
pub const SPEAKER_LOCAL: &str = "_speaker_local";

/// The rows of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRows {
    /// DOCUMENTS columns.
    pub document: Map<String, Value>,
    /// EVENTS columns (corpus-dependent ones provisional) plus `_source_local`, `_target_local`.
    pub events: Vec<Map<String, Value>>,
    /// QUOTES columns (corpus-dependent ones provisional) plus `_speaker_local`.
    pub quotes: Vec<Map<String, Value>>,
}


fn object(table: &ExportTable, values: Vec<Value>) -> Map<String, Value> {
    table.columns.iter().map(|(c, _)| c.to_string()).zip(values).collect()
}

fn opt<T: Into<Value>>(v: Option<T>) -> Value {
    v.map(Into::into).unwrap_or(Value::Null)
}

/// The rows of a processed article; `source`, `author`, `site` as in [`crate::DocMeta`].
pub fn article_rows(doc: &Doc, meta: &crate::DocMeta) -> ArticleRows {
    let story_date = opt(doc.date.map(newsgraph_doc::iso_date));
    let url = opt(doc.url.as_deref().and_then(normalize_url));
    let title = opt(doc.title.clone());
    let key = |local: &str| format!("{}:{}", doc.id, local);

    let document = object(
        &DOCUMENTS,
        vec![
            doc.id.clone().into(),
            story_date.clone(),
            doc.date_source.as_str().into(),
            title.clone(),
            url.clone(),
            opt(meta.author.clone()),
            opt(meta.site.clone()),
            meta.source.clone().into(),
            (doc.text.len() as i64).into(),
            content_hash(&doc.text).into(),
            doc.text.clone().into(),
        ],
    );

    let events = doc
        .events
        .iter()
        .map(|ev| {
            let (s, t) = (ev.source.as_ref(), ev.target.as_ref());
            let s_country = s.and_then(|a| a.country.as_deref());
            let s_sector = s.and_then(|a| a.sector.as_deref());
            let t_country = t.and_then(|a| a.country.as_deref());
            let t_sector = t.and_then(|a| a.sector.as_deref());
            let date = date_at(&ev.date, doc, ev.start);
            let mut row = object(
                &EVENTS,
                vec![
                    key(&ev.id).into(),
                    doc.id.clone().into(),
                    story_date.clone(),
                    opt(date),
                    ev.date_precision.clone().into(),
                    ev.kind.clone().into(),
                    opt(ev.mode.clone()),
                    ev.cameo.clone().into(),
                    opt(s.map(|a| a.name.clone())),
                    opt(s_country),
                    opt(s_sector),
                    opt(actor_code(s_country, s_sector)),
                    Value::Null,
                    opt(t.map(|a| a.name.clone())),
                    opt(t_country),
                    opt(t_sector),
                    opt(actor_code(t_country, t_sector)),
                    Value::Null,
                    ev.negated.into(),
                    ev.hypothetical.into(),
                    ev.trigger.text.clone().into(),
                    doc.text.get(ev.start..ev.end).unwrap_or("").into(),
                    (ev.start as i64).into(),
                    (ev.end as i64).into(),
                    opt(ev.quote.clone()),
                    ev.rule.clone().into(),
                    url.clone(),
                    title.clone(),
                    opt(meta.site.clone()),
                ],
            );
            row.insert(SOURCE_LOCAL.into(), opt(s.and_then(|a| a.entity.clone())));
            row.insert(TARGET_LOCAL.into(), opt(t.and_then(|a| a.entity.clone())));
            row
        })
        .collect();

    let quotes = doc
        .quotes
        .iter()
        .map(|q| {
            let via: Vec<&str> = q.via.iter().map(|v| v.name.as_str()).collect();
            let co_speakers: Vec<&str> = q.co_speakers.iter().map(|c| c.name.as_str()).collect();
            let date = date_at(&q.date, doc, q.start);
            let mut row = object(
                &QUOTES,
                vec![
                    key(&q.id).into(),
                    doc.id.clone().into(),
                    story_date.clone(),
                    opt(date),
                    q.kind.as_str().into(),
                    q.text.clone().into(),
                    opt(q.speaker.as_ref().map(|s| s.name.clone())),
                    Value::Null,
                    Value::Null,
                    Value::Null,
                    opt(q.cue.as_ref().map(|c| c.text.clone())),
                    serde_json::to_string(&via).unwrap_or_else(|_| "[]".into()).into(),
                    serde_json::to_string(&co_speakers).unwrap_or_else(|_| "[]".into()).into(),
                    (q.start as i64).into(),
                    (q.end as i64).into(),
                    url.clone(),
                    title.clone(),
                ],
            );
            row.insert(SPEAKER_LOCAL.into(), opt(q.speaker.as_ref().and_then(|s| s.entity.clone())));
            row
        })
        .collect();

    ArticleRows { document, events, quotes }
}

/// The export schema as JSON: `{table: [[column, "int"|"bool"|"text"], …]}`, for tools that
/// build their own writers (the Spark job) from the same definition.
pub fn schema_json() -> Value {
    let mut out = Map::new();
    for t in [&EVENTS, &QUOTES, &ENTITIES, &DOCUMENTS] {
        let cols: Vec<Value> = t
            .columns
            .iter()
            .map(|(c, k)| {
                let kind = match k {
                    ColumnKind::Int => "int",
                    ColumnKind::Bool => "bool",
                    ColumnKind::Text => "text",
                };
                json!([c, kind])
            })
            .collect();
        out.insert(t.name.to_string(), Value::Array(cols));
    }
    Value::Object(out)
}

/// Corpus-level entity resolution outside the store: the articles' entities are fed in corpus
/// order and resolved with the store's own resolver, its batches written to a private in-memory
/// database, so the corpus entities (ids, names, aliases, counts) come out exactly as `ingest`
/// makes them.
pub struct Resolver {
    conn: Connection,
    resolver: resolve::Resolver,
    pending: usize,
}

impl Resolver {
    pub fn new() -> anyhow::Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        crate::schema::migrate(&mut conn)?;
        let resolver = resolve::Resolver::load(&conn)?;
        conn.execute_batch("BEGIN")?;
        Ok(Resolver { conn, resolver, pending: 0 })
    }

    /// Resolve one article's entities, in their order; returns article-local id → corpus id.
    pub fn article(&mut self, entities: &[Entity]) -> anyhow::Result<HashMap<String, i64>> {
        let mut map = HashMap::new();
        for e in entities {
            map.insert(e.id.clone(), self.resolver.resolve(&self.conn, e)?);
        }
        self.pending += 1;
        if self.pending >= 1024 {
            // Write now and then, as the store does per batch (display names are settled then).
            self.commit()?;
        }
        Ok(map)
    }

    fn commit(&mut self) -> anyhow::Result<()> {
        self.resolver.flush(&self.conn, &mut resolve::NewRows::default())?;
        // Commit now and then so the journal stays small.
        self.conn.execute_batch("COMMIT; BEGIN")?;
        self.pending = 0;
        Ok(())
    }

    /// Every corpus entity as an ENTITIES export row, in export order.
    pub fn entity_rows(mut self, mut row: impl FnMut(Map<String, Value>) -> std::io::Result<()>) -> anyhow::Result<usize> {
        self.commit()?;
        for_each_row(&self.conn, &ENTITIES, |vals| row(object(&ENTITIES, vals)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::export_jsonl;
    use crate::DocMeta;
    use newsgraph_doc::{Actor, EntityType, Event, Mention, MentionKind, Quote, QuoteKind, TextSpan};

    fn person(id: &str, name: &str, country: &str) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: EntityType::Person,
            country: Some(country.into()),
            sector: Some("GOV".into()),
            code: None,
            roles: vec![],
            gender: None,
            mentions: vec![Mention { start: 0, end: name.len(), text: name.into(), kind: MentionKind::Name, reason: "test".into() }],
            references: vec![],
        }
    }

    /// A small hand-made article: one person, one quote by them, one event with them as source.
    fn doc(id: &str, name: &str, text: &str, url: &str) -> Doc {
        let mut d = Doc::new(id, text);
        d.title = Some(format!("Story {id}"));
        d.url = Some(url.into());
        d.date = chrono::NaiveDate::from_ymd_opt(2023, 5, 2);
        d.date_source = newsgraph_doc::DateSource::Metadata;
        d.entities = vec![person("E1", name, "FRE")];
        d.quotes = vec![Quote {
            id: "Q1".into(),
            kind: QuoteKind::Direct,
            text: "We will reopen the port".into(),
            start: 1,
            end: 24,
            speaker: Some(newsgraph_doc::EntityRef { entity: Some("E1".into()), name: name.into(), start: 0, end: 4 }),
            co_speakers: vec![],
            cue: Some(TextSpan { text: "said".into(), start: 30, end: 34 }),
            via: vec![],
            block: 0,
            date: None,
        }];
        d.events = vec![Event {
            id: "V1".into(),
            kind: "CONSULT".into(),
            mode: Some("visit".into()),
            cameo: "040".into(),
            source: Some(Actor { entity: Some("E1".into()), name: name.into(), country: Some("FRE".into()), sector: Some("GOV".into()) }),
            target: None,
            date: None,
            date_precision: "document".into(),
            negated: false,
            hypothetical: false,
            trigger: TextSpan { text: "visited".into(), start: 5, end: 12 },
            start: 0,
            end: 12,
            rule: "test".into(),
            quote: None,
        }];
        d
    }

    fn exported(conn: &Connection, table: &ExportTable) -> Vec<Map<String, Value>> {
        let mut buf = Vec::new();
        export_jsonl(conn, table, &mut buf).unwrap();
        String::from_utf8(buf).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    /// The merge the Spark job does, in miniature: corpus ids and corpus entity values filled in.
    fn merged(rows: &mut ArticleRows, map: &HashMap<String, i64>, entities: &[Map<String, Value>]) {
        let entity = |local: &Value| local.as_str().and_then(|l| map.get(l)).and_then(|id| entities.iter().find(|e| e["entity_id"] == json!(id)));
        for ev in &mut rows.events {
            for (local, id_col, name_col) in [(SOURCE_LOCAL, "source_entity_id", "source_actor"), (TARGET_LOCAL, "target_entity_id", "target_actor")] {
                if let Some(e) = entity(&ev[local]) {
                    ev.insert(id_col.into(), e["entity_id"].clone());
                    ev.insert(name_col.into(), e["name"].clone());
                }
                ev.remove(local);
            }
        }
        for q in &mut rows.quotes {
            if let Some(e) = entity(&q[SPEAKER_LOCAL]) {
                q.insert("speaker_entity_id".into(), e["entity_id"].clone());
                q.insert("speaker".into(), e["name"].clone());
                q.insert("speaker_country".into(), e["country"].clone());
                q.insert("speaker_sector".into(), e["sector"].clone());
            }
            q.remove(SPEAKER_LOCAL);
        }
    }

    #[test]
    fn rows_equal_what_export_writes_after_storing() {
        let docs = [
            doc("a1", "Ilse Marin", "\"We will reopen the port,\" Ilse Marin said on Tuesday.", "https://www.example.org/a1?utm_source=x"),
            doc("a2", "Marin", "\"We will reopen the port,\" Marin said again when asked.", "https://example.org/a2"),
        ];
        let meta = |s: &str| DocMeta { source: s.into(), author: Some("R. Vale".into()), site: Some("Example".into()), prepared: None };
        let mut conn = Connection::open_in_memory().unwrap();
        crate::schema::migrate(&mut conn).unwrap();
        let batch: Vec<(Doc, DocMeta)> = docs.iter().enumerate().map(|(i, d)| (d.clone(), meta(&format!("in.jsonl:{}", i + 1)))).collect();
        crate::write::write_batch(&mut conn, &batch).unwrap();

        let mut resolver = Resolver::new().unwrap();
        let maps: Vec<HashMap<String, i64>> = docs.iter().map(|d| resolver.article(&d.entities).unwrap()).collect();
        let mut entities = Vec::new();
        resolver.entity_rows(|r| Ok(entities.push(r))).unwrap();
        assert_eq!(entities, exported(&conn, &ENTITIES));
        // "Marin" alone joined the full name of the first article.
        assert_eq!(maps[1]["E1"], 1);

        let (mut events, mut quotes, mut documents) = (Vec::new(), Vec::new(), Vec::new());
        for ((d, m), map) in batch.iter().zip(&maps) {
            let mut rows = article_rows(d, m);
            merged(&mut rows, map, &entities);
            documents.push(rows.document);
            events.extend(rows.events);
            quotes.extend(rows.quotes);
        }
        assert_eq!(documents, exported(&conn, &DOCUMENTS));
        assert_eq!(events, exported(&conn, &EVENTS));
        assert_eq!(quotes, exported(&conn, &QUOTES));
        assert_eq!(events[0]["source_code"], json!("FREGOV"));
        assert_eq!(quotes[1]["speaker"], json!("Ilse Marin"));
        assert_eq!(documents[0]["url"], json!("//example.org/a1"));
    }

    #[test]
    fn schema_lists_every_table() {
        let s = schema_json();
        assert_eq!(s["events"][0], json!(["event_id", "text"]));
        assert_eq!(s["entities"][0], json!(["entity_id", "int"]));
        assert_eq!(s["events"].as_array().unwrap().len(), EVENTS.columns.len());
    }
}
