//! Queries for browsing the corpus record by record (the web UI and JSON API of `newsgraph serve`):
//! the list of documents, one document with all its annotations, one corpus entity, and event
//! counts per period for a timeline chart. Like [`crate::query`], every value is a bound parameter.

use crate::query::{date_range, is_actor_code, limit, text, Range, Sql};
use crate::table::{sql_value, Table};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

/// Rows of one statement as JSON objects.
fn objects(conn: &Connection, sql: &str, args: Vec<SqlValue>) -> rusqlite::Result<Vec<Value>> {
    let q = Sql { text: sql.to_string(), args };
    Ok(q.run(conn)?.objects().into_iter().map(Value::Object).collect())
}

/// Parse the JSON text stored in some columns (roles, via) so clients get arrays, not strings.
fn parse_json_column(rows: &mut [Value], column: &str) {
    for r in rows {
        if let Some(v) = r.get_mut(column) {
            if let Some(s) = v.as_str() {
                *v = serde_json::from_str(s).unwrap_or(Value::Null);
            }
        }
    }
}

/// Documents, newest first, with counts of what was found in them.
pub fn documents(conn: &Connection, range: &Range) -> rusqlite::Result<Table> {
    let mut sql = Sql::new(
        "SELECT d.id, d.doc_key AS document, d.date, d.title, d.url, d.site, d.length, \
         (SELECT count(*) FROM doc_annotations a JOIN quotes q ON q.id BETWEEN a.first_quote AND a.last_quote WHERE a.doc_id = d.id AND q.doc_id = d.id) AS quotes, \
         (SELECT count(*) FROM doc_annotations a JOIN events e ON e.id BETWEEN a.first_event AND a.last_event WHERE a.doc_id = d.id AND e.doc_id = d.id) AS events \
         FROM documents d WHERE 1",
    );
    date_range(&mut sql, "d.date", range);
    sql.push("ORDER BY d.date DESC, d.id DESC");
    limit(&mut sql, range);
    sql.run(conn)
}

/// One document by its key (the first stored when several share it), with its text and every
/// annotation: blocks, entities, mentions, quotes, time expressions and events. Offsets are
/// UTF-8 byte offsets into `text`.
pub fn document(conn: &Connection, key: &str) -> rusqlite::Result<Option<Value>> {
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM documents WHERE doc_key = ?1 ORDER BY id LIMIT 1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    let Some(id) = id else { return Ok(None) };
    let arg = || vec![SqlValue::Integer(id)];
    let mut doc = objects(
        conn,
        "SELECT id, doc_key AS document, source, url, title, date, date_source, author, site, text, length, ingested_at FROM documents WHERE id = ?",
        arg(),
    )?;
    let Some(Value::Object(mut out)) = doc.pop() else { return Ok(None) };
    out.insert(
        "blocks".into(),
        Value::Array(objects(
            conn,
            "SELECT b.key AS idx, b.value ->> 0 AS role, b.value ->> 1 AS start, b.value ->> 2 AS end \
             FROM doc_annotations a, json_each(a.blocks) b WHERE a.doc_id = ? ORDER BY b.key",
            arg(),
        )?),
    );
    let mut entities = objects(
        conn,
        "SELECT local_id, entity_id, name, type, country, sector, roles FROM doc_entities WHERE doc_id = ? ORDER BY local_id",
        arg(),
    )?;
    parse_json_column(&mut entities, "roles");
    out.insert("entities".into(), Value::Array(entities));
    out.insert(
        "mentions".into(),
        Value::Array(objects(
            conn,
            "SELECT m.value ->> 0 AS local_entity, m.value ->> 1 AS entity_id, m.value ->> 2 AS start, m.value ->> 3 AS end, m.value ->> 4 AS text, \
             m.value ->> 5 AS kind FROM doc_annotations d, json_each(d.mentions) m WHERE d.doc_id = ? ORDER BY m.key",
            arg(),
        )?),
    );
    let mut quotes = objects(
        conn,
        "SELECT q.id, q.local_id, q.kind, q.text, q.start, q.end, q.speaker_entity, COALESCE(ce.name, q.speaker_name) AS speaker, q.speaker_name, COALESCE(q.co_speakers, '[]') AS co_speakers, q.cue, q.via, q.date \
         FROM doc_annotations a JOIN quotes q ON q.id BETWEEN a.first_quote AND a.last_quote LEFT JOIN corpus_entities ce ON ce.id = q.speaker_entity \
         WHERE a.doc_id = ?1 AND q.doc_id = ?1 ORDER BY q.start",
        arg(),
    )?;
    parse_json_column(&mut quotes, "via");
    parse_json_column(&mut quotes, "co_speakers");
    out.insert("quotes".into(), Value::Array(quotes));
    out.insert(
        "timexes".into(),
        Value::Array(objects(
            conn,
            "SELECT t.value ->> 0 AS local_id, t.value ->> 1 AS text, t.value ->> 2 AS start, t.value ->> 3 AS end, t.value ->> 4 AS type, \
             t.value ->> 5 AS value, t.value ->> 6 AS anchor FROM doc_annotations a, json_each(a.timexes) t WHERE a.doc_id = ? ORDER BY t.key",
            arg(),
        )?),
    );
    out.insert(
        "events".into(),
        Value::Array(objects(
            conn,
            "SELECT e.id, e.local_id, e.type, e.mode, e.cameo, e.source_entity, e.source_name, e.source_code, e.target_entity, e.target_name, e.target_code, \
             e.date, e.date_precision, e.negated, e.hypothetical, e.trigger, e.trigger_start, e.trigger_end, e.start, e.end, \
             CAST(substr(CAST(d.text AS BLOB), e.start + 1, max(e.end - e.start, 0)) AS TEXT) AS evidence, e.rule, e.quote_local_id \
             FROM doc_annotations a JOIN events e ON e.id BETWEEN a.first_event AND a.last_event JOIN documents d ON d.id = e.doc_id \
             WHERE a.doc_id = ?1 AND e.doc_id = ?1 ORDER BY e.start",
            arg(),
        )?),
    );
    Ok(Some(Value::Object(out)))
}

/// One corpus entity: its names, aliases with counts, the roles given to it across documents,
/// and how often it acts, is acted on and speaks.
pub fn entity(conn: &Connection, id: i64) -> rusqlite::Result<Option<Value>> {
    let mut rows = objects(
        conn,
        "SELECT id, name, type, country, sector, code, documents, mentions FROM corpus_entities WHERE id = ?",
        vec![SqlValue::Integer(id)],
    )?;
    let Some(Value::Object(mut out)) = rows.pop() else { return Ok(None) };
    let aliases = objects(conn, "SELECT alias, count FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC, alias", vec![SqlValue::Integer(id)])?;
    out.insert("aliases".into(), Value::Array(aliases));
    // Roles are JSON arrays per document; count each distinct role once per document.
    let mut roles: Vec<(String, i64)> = Vec::new();
    let mut st = conn.prepare_cached("SELECT roles FROM doc_entities WHERE entity_id = ?1 AND roles IS NOT NULL AND roles <> '[]' LIMIT 5000")?;
    let lists = st.query_map([id], |r| r.get::<_, String>(0))?;
    for list in lists {
        let list: Vec<String> = serde_json::from_str(&list?).unwrap_or_default();
        for role in list {
            match roles.iter_mut().find(|(r, _)| r.eq_ignore_ascii_case(&role)) {
                Some((_, n)) => *n += 1,
                None => roles.push((role, 1)),
            }
        }
    }
    roles.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.insert("roles".into(), roles.into_iter().map(|(role, documents)| serde_json::json!({"role": role, "documents": documents})).collect());
    let count = |sql: &str| -> rusqlite::Result<Value> { conn.prepare_cached(sql)?.query_row(params![id], |r| r.get_ref(0).map(sql_value)) };
    out.insert("events_as_source".into(), count("SELECT count(*) FROM events WHERE source_entity = ?1")?);
    out.insert("events_as_target".into(), count("SELECT count(*) FROM events WHERE target_entity = ?1")?);
    out.insert("quotes_spoken".into(), count("SELECT count(*) FROM quotes WHERE speaker_entity = ?1")?);
    Ok(Some(Value::Object(out)))
}

/// Events per period and PLOVER type, for a chart: `period` is the date cut to `precision`
/// characters (4 = year, 7 = month, 10 = day). Optionally only events with an actor (name or
/// code) as source or target, and of one type. Undated events are left out.
pub fn event_counts(conn: &Connection, actor: Option<&str>, kind: Option<&str>, precision: usize, range: &Range) -> rusqlite::Result<Table> {
    let precision = precision.clamp(4, 10) as i64;
    if actor.is_none() {
        // Without an actor the counts by date and type the writer keeps (schema step 12) hold
        // the answer: a few thousand rows instead of every event.
        let mut sql = Sql::new("SELECT substr(c.date, 1, ?) AS period, c.type, sum(c.events) AS events FROM event_date_counts c WHERE length(c.date) >= ?");
        sql.args.push(SqlValue::Integer(precision));
        sql.args.push(SqlValue::Integer(precision));
        if let Some(k) = kind {
            sql.and("c.type = ?", [text(&k.to_uppercase())]);
        }
        date_range(&mut sql, "c.date", range);
        sql.push("GROUP BY period, c.type ORDER BY period, c.type");
        limit(&mut sql, range);
        return sql.run(conn);
    }
    let mut sql = Sql::new("SELECT substr(e.date, 1, ?) AS period, e.type, count(*) AS events FROM events e WHERE e.date IS NOT NULL AND length(e.date) >= ?");
    sql.args.push(SqlValue::Integer(precision));
    sql.args.push(SqlValue::Integer(precision));
    if let Some(a) = actor {
        if is_actor_code(a) {
            // A code matches the events whose actor code on either side starts with it (a
            // country, "LTU" for LTUGOV) or whose sector it is ("GOV"). The actor code is the
            // country (or "---") and the sector, so the codes that qualify are found among the
            // distinct codes stored (one index seek each). A country's events are then read
            // through the code indexes (on 100,000 generated articles, LTU about 100 → 47 ms);
            // a sector's are a large share of all events, which one pass over the events
            // counts faster than that many index look-ups (GOV: 160 against 220 ms).
            let mut stored = crate::query::codes_stored(conn, "source_code")?;
            stored.extend(crate::query::codes_stored(conn, "target_code")?);
            let sector = stored.iter().any(|code| code.get(3..) == Some(a));
            if sector {
                sql.and(
                    "(e.source_code LIKE ? OR e.source_sector = ? OR e.target_code LIKE ? OR e.target_sector = ?)",
                    [text(&format!("{a}%")), text(a), text(&format!("{a}%")), text(a)],
                );
            } else {
                let mut codes: Vec<&String> = stored.iter().filter(|code| code.starts_with(a)).collect();
                codes.sort_unstable();
                codes.dedup();
                let codes = SqlValue::Text(serde_json::to_string(&codes).unwrap_or_else(|_| "[]".into()));
                sql.and(
                    "e.id IN (SELECT id FROM events WHERE source_code IN (SELECT value FROM json_each(?)) \
                     UNION ALL SELECT id FROM events WHERE target_code IN (SELECT value FROM json_each(?)))",
                    [codes.clone(), codes],
                );
            }
        } else {
            // The events `query events --actor` finds for the name on either side: those of its
            // corpus entities, else, for a name no entity has, those naming it as written (in
            // any ASCII case) without an entity. Each side through its own index rather than
            // one condition over every event (on 100,000 generated articles 140 ms → 10 ms).
            let ids = crate::query::entity_ids(conn, a)?;
            if ids.is_empty() {
                sql.and(
                    "e.id IN (SELECT id FROM events WHERE source_entity IS NULL AND source_name IS NOT NULL AND source_name COLLATE NOCASE = ? \
                     UNION ALL SELECT id FROM events WHERE target_entity IS NULL AND target_name IS NOT NULL AND target_name COLLATE NOCASE = ?)",
                    [text(a), text(a)],
                );
            } else {
                let ids = crate::query::id_list(&ids);
                sql.and(
                    "e.id IN (SELECT id FROM events WHERE source_entity IN (SELECT value FROM json_each(?)) \
                     UNION ALL SELECT id FROM events WHERE target_entity IN (SELECT value FROM json_each(?)))",
                    [ids.clone(), ids],
                );
            }
        }
    }
    if let Some(k) = kind {
        sql.and("e.type = ?", [text(&k.to_uppercase())]);
    } else if range.from.is_some() || range.to.is_some() {
        // A date range is read type by type through the index by (type, date): there is no
        // index by date alone (schema step 11). On 100,000 generated articles a month took
        // 25 ms this way, 70 ms through the index by date that was dropped.
        let types: Vec<String> = crate::query::event_types(conn)?.into_iter().filter_map(|v| if let SqlValue::Text(t) = v { Some(t) } else { None }).collect();
        sql.and("e.type IN (SELECT value FROM json_each(?))", [SqlValue::Text(serde_json::to_string(&types).unwrap_or_else(|_| "[]".into()))]);
    }
    date_range(&mut sql, "e.date", range);
    sql.push("GROUP BY period, e.type ORDER BY period, e.type");
    limit(&mut sql, range);
    sql.run(conn)
}

/// Entities whose name or an alias contains `needle` (case-insensitive), most reported first.
pub fn find_entities(conn: &Connection, needle: &str, range: &Range) -> rusqlite::Result<Table> {
    let like = format!("%{}%", needle.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let mut sql = Sql::new(
        "SELECT c.id, c.name, c.type, c.country, c.sector, c.code, c.documents, c.mentions FROM corpus_entities c \
         WHERE (lower(c.name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM entity_aliases a WHERE a.entity_id = c.id AND lower(a.alias) LIKE ? ESCAPE '\\'))",
    );
    sql.args.push(text(&like));
    sql.args.push(text(&like));
    sql.push("ORDER BY c.documents DESC, c.mentions DESC, c.name");
    limit(&mut sql, range);
    sql.run(conn)
}
