//! Whole-table exports. Event columns follow the PLOVER / POLECAT naming (event_id, story_date,
//! event_type, event_mode, source_actor, source_country, source_sector, target_…), so tools made
//! for those data sets read ours.

use crate::table::{cell_text, sql_value};
use rusqlite::Connection;
use serde_json::{Map, Value};
use std::io::{self, Write};

/// What a column holds (Parquet needs to know; JSON and CSV follow the values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Int,
    Bool,
    Text,
}

/// A table that can be exported: its SQL and the kind of each column it selects.
pub struct ExportTable {
    pub name: &'static str,
    pub sql: &'static str,
    pub columns: &'static [(&'static str, ColumnKind)],
}

use ColumnKind::*;

pub const EVENTS: ExportTable = ExportTable {
    name: "events",
    sql: "SELECT d.doc_key || ':' || e.local_id, d.doc_key, d.date, e.date, e.date_precision, e.type, e.mode, e.cameo, \
          COALESCE(se.name, e.source_name), e.source_country, e.source_sector, e.source_code, e.source_entity, \
          COALESCE(te.name, e.target_name), e.target_country, e.target_sector, e.target_code, e.target_entity, \
          e.negated, e.hypothetical, e.trigger, CAST(substr(CAST(d.text AS BLOB), e.start + 1, max(e.end - e.start, 0)) AS TEXT), e.start, e.end, e.quote_local_id, e.rule, d.url, d.title, d.site \
          FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN corpus_entities se ON se.id = e.source_entity \
          LEFT JOIN corpus_entities te ON te.id = e.target_entity ORDER BY e.id",
    columns: &[
        ("event_id", Text),
        ("story_id", Text),
        ("story_date", Text),
        ("event_date", Text),
        ("date_precision", Text),
        ("event_type", Text),
        ("event_mode", Text),
        ("cameo_code", Text),
        ("source_actor", Text),
        ("source_country", Text),
        ("source_sector", Text),
        ("source_code", Text),
        ("source_entity_id", Int),
        ("target_actor", Text),
        ("target_country", Text),
        ("target_sector", Text),
        ("target_code", Text),
        ("target_entity_id", Int),
        ("negated", Bool),
        ("hypothetical", Bool),
        ("trigger", Text),
        ("event_text", Text),
        ("evidence_start", Int),
        ("evidence_end", Int),
        ("quote_id", Text),
        ("rule", Text),
        ("url", Text),
        ("story_title", Text),
        ("publisher", Text),
    ],
};

pub const QUOTES: ExportTable = ExportTable {
    name: "quotes",
    sql: "SELECT d.doc_key || ':' || q.local_id, d.doc_key, d.date, q.date, q.kind, q.text, COALESCE(ce.name, q.speaker_name), q.speaker_entity, \
          ce.country, ce.sector, q.cue, q.via, COALESCE(q.co_speakers, '[]'), q.start, q.end, d.url, d.title \
          FROM quotes q JOIN documents d ON d.id = q.doc_id LEFT JOIN corpus_entities ce ON ce.id = q.speaker_entity ORDER BY q.id",
    columns: &[
        ("quote_id", Text),
        ("story_id", Text),
        ("story_date", Text),
        ("quote_date", Text),
        ("quote_kind", Text),
        ("quote_text", Text),
        ("speaker", Text),
        ("speaker_entity_id", Int),
        ("speaker_country", Text),
        ("speaker_sector", Text),
        ("cue", Text),
        ("via", Text),
        ("co_speakers", Text),
        ("start", Int),
        ("end", Int),
        ("url", Text),
        ("story_title", Text),
    ],
};

pub const ENTITIES: ExportTable = ExportTable {
    name: "entities",
    sql: "SELECT c.id, c.name, c.type, c.country, c.sector, c.code, c.documents, c.mentions, \
          (SELECT group_concat(alias, '|') FROM entity_aliases a WHERE a.entity_id = c.id) FROM corpus_entities c ORDER BY c.id",
    columns: &[
        ("entity_id", Int),
        ("name", Text),
        ("entity_type", Text),
        ("country", Text),
        ("sector", Text),
        ("igo_code", Text),
        ("documents", Int),
        ("mentions", Int),
        ("aliases", Text),
    ],
};

pub const DOCUMENTS: ExportTable = ExportTable {
    name: "documents",
    sql: "SELECT doc_key, date, date_source, title, url, author, site, source, length, content_hash, text FROM documents ORDER BY id",
    columns: &[
        ("story_id", Text),
        ("story_date", Text),
        ("date_source", Text),
        ("title", Text),
        ("url", Text),
        ("author", Text),
        ("publisher", Text),
        ("source", Text),
        ("length", Int),
        ("content_hash", Text),
        ("text", Text),
    ],
};

pub fn table_by_name(name: &str) -> Option<&'static ExportTable> {
    [&EVENTS, &QUOTES, &ENTITIES, &DOCUMENTS].into_iter().find(|t| t.name == name)
}

/// A column value normalised to its declared kind (SQLite stores booleans as integers).
fn typed(v: Value, kind: ColumnKind) -> Value {
    match (kind, v) {
        (Bool, Value::Number(n)) => Value::Bool(n.as_i64().unwrap_or(0) != 0),
        (_, v) => v,
    }
}

/// Call `row` for every row of the table, in order, with values typed per column.
pub fn for_each_row(conn: &Connection, table: &ExportTable, mut row: impl FnMut(Vec<Value>) -> io::Result<()>) -> anyhow::Result<usize> {
    let mut st = conn.prepare(table.sql)?;
    let mut rows = st.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let mut vals = Vec::with_capacity(table.columns.len());
        for (i, (_, kind)) in table.columns.iter().enumerate() {
            vals.push(typed(sql_value(r.get_ref(i)?), *kind));
        }
        row(vals)?;
        n += 1;
    }
    Ok(n)
}

pub fn export_jsonl(conn: &Connection, table: &ExportTable, out: &mut dyn Write) -> anyhow::Result<usize> {
    let n = for_each_row(conn, table, |vals| {
        let obj: Map<String, Value> = table.columns.iter().map(|(c, _)| c.to_string()).zip(vals).collect();
        serde_json::to_writer(&mut *out, &obj)?;
        out.write_all(b"\n")
    })?;
    out.flush()?;
    Ok(n)
}

pub fn export_csv(conn: &Connection, table: &ExportTable, out: &mut dyn Write) -> anyhow::Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(table.columns.iter().map(|(c, _)| *c))?;
    let n = for_each_row(conn, table, |vals| w.write_record(vals.iter().map(cell_text)).map_err(io::Error::other))?;
    w.flush()?;
    Ok(n)
}
