//! The corpus queries behind `newsgraph query`. Every value reaches SQLite as a bound parameter;
//! lists of ids are passed as one JSON array parameter and read with `json_each`.

use crate::normalize::normalize_name;
use crate::table::{sql_value, Table};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};

/// Date range and row limit shared by the queries.
#[derive(Debug, Clone, Default)]
pub struct Range {
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
    /// Rows to skip before the first one returned (paging).
    pub offset: Option<usize>,
}

const DEFAULT_LIMIT: usize = 1000;

/// A query being assembled: SQL text with `?` placeholders and their values.
pub(crate) struct Sql {
    pub(crate) text: String,
    pub(crate) args: Vec<SqlValue>,
}

impl Sql {
    pub(crate) fn new(text: &str) -> Self {
        Sql { text: text.to_string(), args: Vec::new() }
    }
    /// Append a condition; each `?` in `cond` takes the next of `args`.
    pub(crate) fn and(&mut self, cond: &str, args: impl IntoIterator<Item = SqlValue>) {
        self.text.push_str(" AND ");
        self.text.push_str(cond);
        self.args.extend(args);
    }
    pub(crate) fn push(&mut self, text: &str) {
        self.text.push(' ');
        self.text.push_str(text);
    }
    pub(crate) fn run(&self, conn: &Connection) -> rusqlite::Result<Table> {
        let mut st = conn.prepare(&self.text)?;
        let columns: Vec<String> = st.column_names().iter().map(|c| c.to_string()).collect();
        let n = columns.len();
        let rows = st.query_map(params_from_iter(self.args.iter()), |r| (0..n).map(|i| r.get_ref(i).map(sql_value)).collect())?;
        Ok(Table { columns, rows: rows.collect::<Result<_, _>>()? })
    }
}

pub(crate) fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.to_string())
}

pub(crate) fn date_range(sql: &mut Sql, column: &str, range: &Range) {
    if let Some(f) = &range.from {
        sql.and(&format!("{column} >= ?"), [text(f)]);
    }
    if let Some(t) = &range.to {
        // Inclusive of the whole `to` day (and of partial dates inside it).
        sql.and(&format!("{column} <= ?"), [text(&format!("{t}\u{10ffff}"))]);
    }
}

pub(crate) fn limit(sql: &mut Sql, range: &Range) {
    sql.push("LIMIT ? OFFSET ?");
    sql.args.push(SqlValue::Integer(range.limit.unwrap_or(DEFAULT_LIMIT) as i64));
    sql.args.push(SqlValue::Integer(range.offset.unwrap_or(0) as i64));
}

/// Corpus entity ids a name given on the command line stands for: by alias, by canonical name,
/// or, for a single word, by surname.
pub fn entity_ids(conn: &Connection, name: &str) -> rusqlite::Result<Vec<i64>> {
    let norm = normalize_name(name);
    let mut ids: Vec<i64> = conn
        .prepare_cached("SELECT entity_id FROM entity_aliases WHERE alias_key = ?1 UNION SELECT id FROM corpus_entities WHERE norm_name = ?1")?
        .query_map([&norm], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if ids.is_empty() && !norm.contains(' ') {
        // A surname: people carrying it, or any alias ending in it (a spelling variant).
        ids = conn
            .prepare_cached("SELECT id FROM corpus_entities WHERE surname = ?1 UNION SELECT entity_id FROM entity_aliases WHERE alias_key LIKE '% ' || ?1")?
            .query_map([&norm], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

pub(crate) fn id_list(ids: &[i64]) -> SqlValue {
    SqlValue::Text(serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()))
}

/// An actor code (`RUS`, `BLRGOV`, `GOV`) rather than a name: upper-case letters only.
pub fn is_actor_code(s: &str) -> bool {
    (3..=9).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Statements, optionally by a speaker, mentioning someone, in a date range.
pub fn quotes(conn: &Connection, speaker: Option<&str>, about: Option<&str>, range: &Range) -> rusqlite::Result<Table> {
    let mut sql = Sql::new(
        "SELECT q.date, COALESCE(ce.name, q.speaker_name) AS speaker, q.kind, q.text AS quote, q.cue, q.via, d.doc_key AS document, d.title, d.url \
         FROM quotes q JOIN documents d ON d.id = q.doc_id LEFT JOIN corpus_entities ce ON ce.id = q.speaker_entity WHERE 1",
    );
    if let Some(s) = speaker {
        // One condition or the other, never an OR of both: each can use its index.
        let ids = entity_ids(conn, s)?;
        if ids.is_empty() {
            sql.and("q.speaker_entity IS NULL AND lower(q.speaker_name) = lower(?)", [text(s)]);
        } else {
            sql.and("q.speaker_entity IN (SELECT value FROM json_each(?))", [id_list(&ids)]);
        }
    }
    if let Some(a) = about {
        let ids = entity_ids(conn, a)?;
        sql.and(
            "EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = q.doc_id AND m.start >= q.start AND m.end <= q.end AND m.entity_id IN (SELECT value FROM json_each(?)))",
            [id_list(&ids)],
        );
    }
    date_range(&mut sql, "q.date", range);
    sql.push("ORDER BY q.date IS NULL, q.date, q.id");
    limit(&mut sql, range);
    sql.run(conn)
}

fn actor_condition(conn: &Connection, sql: &mut Sql, side: &str, actor: &str) -> rusqlite::Result<()> {
    if is_actor_code(actor) {
        // A code prefix ("LTU" for LTUGOV, LTUMIL…) as a range, which the code index serves.
        sql.and(&format!("e.{side}_code >= ? AND e.{side}_code < ?"), [text(actor), text(&format!("{actor}\u{10ffff}"))]);
    } else {
        let ids = entity_ids(conn, actor)?;
        if ids.is_empty() {
            sql.and(&format!("lower(e.{side}_name) = lower(?)"), [text(actor)]);
        } else {
            sql.and(&format!("e.{side}_entity IN (SELECT value FROM json_each(?))"), [id_list(&ids)]);
        }
    }
    Ok(())
}

/// Events by actor, target (names or codes), PLOVER type and date.
pub fn events(conn: &Connection, actor: Option<&str>, target: Option<&str>, kind: Option<&str>, range: &Range) -> rusqlite::Result<Table> {
    let mut sql = Sql::new(
        "SELECT e.date, e.type, e.mode, COALESCE(se.name, e.source_name) AS source, e.source_code, COALESCE(te.name, e.target_name) AS target, \
         e.target_code, e.negated, e.hypothetical, e.trigger, e.evidence, d.doc_key AS document \
         FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN corpus_entities se ON se.id = e.source_entity \
         LEFT JOIN corpus_entities te ON te.id = e.target_entity WHERE 1",
    );
    if let Some(a) = actor {
        actor_condition(conn, &mut sql, "source", a)?;
    }
    if let Some(t) = target {
        actor_condition(conn, &mut sql, "target", t)?;
    }
    if let Some(k) = kind {
        sql.and("e.type = ?", [text(&k.to_uppercase())]);
    }
    date_range(&mut sql, "e.date", range);
    sql.push("ORDER BY e.date IS NULL, e.date, e.id");
    limit(&mut sql, range);
    sql.run(conn)
}

/// Everything one entity did, had done to it, or said, in date order.
pub fn timeline(conn: &Connection, name: &str, range: &Range) -> rusqlite::Result<Table> {
    let ids = id_list(&entity_ids(conn, name)?);
    let mut sql = Sql::new(
        "SELECT * FROM (\
           SELECT e.date, 'event' AS kind, e.type AS what, \
                  COALESCE(se.name, e.source_name, '?') || ' → ' || COALESCE(te.name, e.target_name, '?') || ': ' || e.trigger AS detail, d.doc_key AS document \
           FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN corpus_entities se ON se.id = e.source_entity \
           LEFT JOIN corpus_entities te ON te.id = e.target_entity \
           WHERE e.source_entity IN (SELECT value FROM json_each(?1)) OR e.target_entity IN (SELECT value FROM json_each(?1)) \
           UNION ALL \
           SELECT q.date, 'quote', q.kind, q.text, d.doc_key FROM quotes q JOIN documents d ON d.id = q.doc_id \
           WHERE q.speaker_entity IN (SELECT value FROM json_each(?1))\
         ) WHERE 1",
    );
    sql.args.push(ids);
    date_range(&mut sql, "date", range);
    sql.push("ORDER BY date IS NULL, date");
    limit(&mut sql, range);
    sql.run(conn)
}

/// Actor-to-actor event counts by type, read from the summaries the writer keeps: all time
/// from `network_totals`, a date range from the per-date `network_days`.
pub fn network(conn: &Connection, range: &Range) -> rusqlite::Result<Table> {
    let names = "COALESCE(se.name, n.source_name) AS source, n.source_code, COALESCE(te.name, n.target_name) AS target, n.target_code, n.type";
    let joins = "LEFT JOIN corpus_entities se ON se.id = n.source_entity LEFT JOIN corpus_entities te ON te.id = n.target_entity";
    let mut sql = if range.from.is_none() && range.to.is_none() {
        Sql::new(&format!("SELECT {names}, n.events FROM network_totals n {joins} WHERE 1"))
    } else {
        let mut sql = Sql::new(&format!(
            "SELECT COALESCE(se.name, n.source_name) AS source, max(n.source_code) AS source_code, COALESCE(te.name, n.target_name) AS target, \
             max(n.target_code) AS target_code, n.type, sum(n.events) AS events FROM network_days n {joins} WHERE n.date <> ''"
        ));
        date_range(&mut sql, "n.date", range);
        sql.push("GROUP BY n.source_entity, n.source_name, n.target_entity, n.target_name, n.type");
        sql
    };
    sql.push("ORDER BY events DESC, source, target");
    limit(&mut sql, range);
    sql.run(conn)
}

/// Full-text search over article titles and text (FTS5 syntax; plain words work too).
pub fn search(conn: &Connection, query: &str, range: &Range) -> rusqlite::Result<Table> {
    let build = |q: &str| {
        let mut sql = Sql::new(
            "SELECT d.doc_key AS document, d.date, d.title, snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet, round(bm25(documents_fts), 3) AS score \
             FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid WHERE documents_fts MATCH ?",
        );
        sql.args.push(text(q));
        date_range(&mut sql, "d.date", range);
        sql.push("ORDER BY bm25(documents_fts)");
        limit(&mut sql, range);
        sql
    };
    match build(query).run(conn) {
        Ok(t) => Ok(t),
        // Not valid FTS5 syntax (a stray quote or operator): search for the words as a phrase.
        Err(_) => build(&format!("\"{}\"", query.replace('"', "\"\""))).run(conn),
    }
}

/// Full-text search over quotes.
pub fn search_quotes(conn: &Connection, query: &str, range: &Range) -> rusqlite::Result<Table> {
    let build = |q: &str| {
        let mut sql = Sql::new(
            "SELECT q.date, q.speaker_name AS speaker, snippet(quotes_fts, 0, '[', ']', '…', 16) AS quote, d.doc_key AS document \
             FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN documents d ON d.id = q.doc_id WHERE quotes_fts MATCH ?",
        );
        sql.args.push(text(q));
        date_range(&mut sql, "q.date", range);
        sql.push("ORDER BY bm25(quotes_fts)");
        limit(&mut sql, range);
        sql
    };
    match build(query).run(conn) {
        Ok(t) => Ok(t),
        Err(_) => build(&format!("\"{}\"", query.replace('"', "\"\""))).run(conn),
    }
}

/// Corpus entities, most widely reported first, with their aliases.
pub fn entities(conn: &Connection, country: Option<&str>, sector: Option<&str>, kind: Option<&str>, name: Option<&str>, range: &Range) -> rusqlite::Result<Table> {
    let mut sql = Sql::new(
        "SELECT c.id, c.name, c.type, c.country, c.sector, c.code, c.documents, c.mentions, \
         (SELECT group_concat(alias, ' | ') FROM entity_aliases a WHERE a.entity_id = c.id) AS aliases FROM corpus_entities c WHERE 1",
    );
    if let Some(c) = country {
        sql.and("c.country = ?", [text(&c.to_uppercase())]);
    }
    if let Some(s) = sector {
        sql.and("c.sector = ?", [text(&s.to_uppercase())]);
    }
    if let Some(k) = kind {
        sql.and("c.type = ?", [text(&k.to_uppercase())]);
    }
    if let Some(n) = name {
        let ids = entity_ids(conn, n)?;
        sql.and("c.id IN (SELECT value FROM json_each(?))", [id_list(&ids)]);
    }
    sql.push("ORDER BY c.documents DESC, c.mentions DESC, c.name");
    limit(&mut sql, range);
    sql.run(conn)
}

/// Counts and extent of the corpus. Row counts come from `table_counts`, which the writer keeps
/// up to date, so this does not scan the tables.
pub fn stats(conn: &Connection) -> rusqlite::Result<Table> {
    let mut t = Table::new(&["metric", "value"]);
    let one = |sql: &str| -> rusqlite::Result<serde_json::Value> { conn.query_row(sql, [], |r| r.get_ref(0).map(sql_value)) };
    let counted = |name: &str| -> rusqlite::Result<serde_json::Value> {
        conn.prepare_cached("SELECT COALESCE((SELECT value FROM table_counts WHERE name = ?1), 0)")?.query_row([name], |r| r.get_ref(0).map(sql_value))
    };
    let mut push = |name: &str, v: serde_json::Value| t.rows.push(vec![serde_json::Value::from(name), v]);
    push("schema_version", one("PRAGMA user_version")?);
    for (metric, table) in [
        ("documents", "documents"),
        ("blocks", "blocks"),
        ("corpus_entities", "corpus_entities"),
        ("entity_aliases", "entity_aliases"),
        ("document_entities", "doc_entities"),
        ("mentions", "mentions"),
        ("quotes", "quotes"),
        ("timexes", "timexes"),
        ("events", "events"),
    ] {
        push(metric, counted(table)?);
    }
    // min() and max() of an indexed column are one index lookup each.
    push("first_date", one("SELECT min(date) FROM documents")?);
    push("last_date", one("SELECT max(date) FROM documents")?);
    push("text_bytes", counted("text_bytes")?);
    push("database_bytes", one("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")?);
    Ok(t)
}
