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

/// Rows per page when the caller names no limit.
const DEFAULT_LIMIT: usize = 100;

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
    sql.args.push(SqlValue::Integer(range.limit.unwrap_or(DEFAULT_LIMIT).min(i64::MAX as usize) as i64));
    sql.args.push(SqlValue::Integer(range.offset.unwrap_or(0).min(i64::MAX as usize) as i64));
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

/// Rows whose `column` equals one of `values`: a way into a table through an index on
/// (column, date), which yields each value's rows already in date order.
struct Keys {
    column: &'static str,
    values: Vec<SqlValue>,
}

/// A row's place in date order (undated rows last): date, then id.
type Place = (Option<String>, i64);

fn place_order(a: &Place, b: &Place) -> std::cmp::Ordering {
    (a.0.is_none(), &a.0, a.1).cmp(&(b.0.is_none(), &b.0, b.1))
}

/// The first `offset + limit` rows of `table` (written with its alias, e.g. `quotes q`) that
/// match `filters` (conditions, each starting with AND), in date order, undated last. Instead of
/// sorting every match, each key's rows are read in index order and merged as they come, until
/// the page is full: the cost follows the page size, not the matches, nor (beyond a statement
/// each) the number of keys — a surname standing for twenty people reads about as many rows as
/// one full name.
fn first_places(conn: &Connection, table: &str, alias: &str, keys: Option<&Keys>, filters: &Sql, range: &Range) -> rusqlite::Result<Vec<Place>> {
    let want = range.offset.unwrap_or(0).saturating_add(range.limit.unwrap_or(DEFAULT_LIMIT)).min(i64::MAX as usize);
    // A key column of a joined table comes qualified ("c.entity_id").
    let key_cond = keys.map(|k| if k.column.contains('.') { format!(" AND {} = ?", k.column) } else { format!(" AND {alias}.{} = ?", k.column) }).unwrap_or_default();
    let dated = format!("SELECT {alias}.date, {alias}.id FROM {table} WHERE {alias}.date IS NOT NULL{key_cond}{} ORDER BY {alias}.date, {alias}.id LIMIT ?", filters.text);
    let undated = format!("SELECT NULL, {alias}.id FROM {table} WHERE {alias}.date IS NULL{key_cond}{} ORDER BY {alias}.id LIMIT ?", filters.text);
    let key_values: Vec<Option<&SqlValue>> = match keys {
        Some(k) => k.values.iter().map(Some).collect(),
        None => vec![None],
    };
    // A row reached through two keys (a quote with two of the co-speakers asked for) counts once.
    let mut seen = std::collections::HashSet::new();
    let mut places = merged_places(conn, &dated, &key_values, filters, want, &mut seen)?;
    // A date range leaves undated rows out.
    if places.len() < want && range.from.is_none() && range.to.is_none() {
        let more = merged_places(conn, &undated, &key_values, filters, want - places.len(), &mut seen)?;
        places.extend(more);
    }
    Ok(places)
}

/// A row read from the `from`-th key's statement, ordered by its place (then by key).
struct Next {
    place: Place,
    from: usize,
}

impl Ord for Next {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        place_order(&self.place, &other.place).then(self.from.cmp(&other.from))
    }
}

impl PartialOrd for Next {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Next {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Next {}

/// The first `want` rows (not in `seen`) of `sql` run once per key, each run yielding its rows
/// in place order: a k-way merge that reads a key's next row only when its last one is taken.
fn merged_places(conn: &Connection, sql: &str, keys: &[Option<&SqlValue>], filters: &Sql, want: usize, seen: &mut std::collections::HashSet<i64>) -> rusqlite::Result<Vec<Place>> {
    use std::cmp::Reverse;
    let mut statements = Vec::with_capacity(keys.len());
    for _ in keys {
        statements.push(conn.prepare_cached(sql)?);
    }
    let n_value = SqlValue::Integer(want.min(i64::MAX as usize) as i64);
    let mut cursors = Vec::with_capacity(keys.len());
    for (st, key) in statements.iter_mut().zip(keys) {
        let args = key.iter().copied().chain(filters.args.iter()).chain(std::iter::once(&n_value));
        cursors.push(st.query(params_from_iter(args))?);
    }
    let next = |rows: &mut rusqlite::Rows<'_>| -> rusqlite::Result<Option<Place>> {
        match rows.next()? {
            Some(r) => Ok(Some((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?))),
            None => Ok(None),
        }
    };
    let mut heap = std::collections::BinaryHeap::with_capacity(cursors.len());
    for (from, rows) in cursors.iter_mut().enumerate() {
        if let Some(place) = next(rows)? {
            heap.push(Reverse(Next { place, from }));
        }
    }
    let mut places = Vec::new();
    while places.len() < want {
        let Some(Reverse(Next { place, from })) = heap.pop() else { break };
        if let Some(following) = next(&mut cursors[from])? {
            heap.push(Reverse(Next { place: following, from }));
        }
        if seen.insert(place.1) {
            places.push(place);
        }
    }
    Ok(places)
}

/// The ids of the requested page out of `first_places`' rows.
fn page_ids(places: &[Place], range: &Range) -> Vec<i64> {
    places.iter().skip(range.offset.unwrap_or(0)).take(range.limit.unwrap_or(DEFAULT_LIMIT)).map(|p| p.1).collect()
}

/// Statements, optionally by a speaker, mentioning someone, in a date range.
pub fn quotes(conn: &Connection, speaker: Option<&str>, about: Option<&str>, range: &Range) -> rusqlite::Result<Table> {
    let mut filters = Sql::new("");
    let mut keys = None;
    if let Some(s) = speaker {
        let ids = entity_ids(conn, s)?;
        if ids.is_empty() {
            // A speaker known by name alone, through the index of such names compared in the
            // NOCASE collation (which folds ASCII letters only).
            filters.and("q.speaker_entity IS NULL AND q.speaker_name IS NOT NULL", []);
            keys = Some(Keys { column: "q.speaker_name COLLATE NOCASE", values: vec![text(s)] });
        } else {
            keys = Some(Keys { column: "speaker_entity", values: ids.into_iter().map(SqlValue::Integer).collect() });
        }
    }
    // Quotes about someone: through `quote_mentions`, the way in when no speaker entity is.
    let mut table = "quotes q";
    if let Some(a) = about {
        let ids = entity_ids(conn, a)?;
        if keys.is_none() {
            table = "quote_mentions a JOIN quotes q ON q.id = a.quote_id";
            keys = Some(Keys { column: "a.entity_id", values: ids.into_iter().map(SqlValue::Integer).collect() });
        } else {
            filters.and("EXISTS (SELECT 1 FROM quote_mentions a WHERE a.entity_id IN (SELECT value FROM json_each(?)) AND a.quote_id = q.id)", [id_list(&ids)]);
        }
    }
    date_range(&mut filters, "q.date", range);
    let mut places = first_places(conn, table, "q", keys.as_ref(), &filters, range)?;
    if let Some(k) = keys.as_ref().filter(|k| k.column == "speaker_entity") {
        // Statements the speaker made jointly with others ("the joint statement of A, B and C").
        let co_keys = Keys { column: "c.entity_id", values: k.values.clone() };
        places.extend(first_places(conn, "quote_co_speakers c JOIN quotes q ON q.id = c.quote_id", "q", Some(&co_keys), &filters, range)?);
        places.sort_by(place_order);
        places.dedup_by_key(|p| p.1);
        places.truncate(range.offset.unwrap_or(0).saturating_add(range.limit.unwrap_or(DEFAULT_LIMIT)));
    }
    let mut sql = Sql::new(
        "SELECT q.date, COALESCE(ce.name, q.speaker_name) AS speaker, q.co_speakers, q.kind, q.text AS quote, q.cue, q.via, d.doc_key AS document, d.title, d.url \
         FROM quotes q JOIN documents d ON d.id = q.doc_id LEFT JOIN corpus_entities ce ON ce.id = q.speaker_entity \
         WHERE q.id IN (SELECT value FROM json_each(?)) ORDER BY q.date IS NULL, q.date, q.id",
    );
    sql.args.push(id_list(&page_ids(&places, range)));
    sql.run(conn)
}

/// The actor codes (or, with `column` "type" and no prefix, the PLOVER types) stored in `column`
/// that start with `prefix`, each found by one index seek from the previous one (rather than
/// reading every event carrying them).
fn codes_with_prefix(conn: &Connection, column: &str, prefix: &str) -> rusqlite::Result<Vec<SqlValue>> {
    let end = format!("{prefix}\u{10ffff}");
    let sql = format!(
        "WITH RECURSIVE c(code) AS (SELECT min({column}) FROM events WHERE {column} >= ?1 AND {column} < ?2 \
         UNION ALL SELECT (SELECT min({column}) FROM events WHERE {column} > c.code AND {column} < ?2) FROM c WHERE c.code IS NOT NULL) \
         SELECT code FROM c WHERE code IS NOT NULL"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let codes = st.query_map(rusqlite::params![prefix, end], |r| r.get::<_, String>(0))?;
    codes.map(|c| c.map(SqlValue::Text)).collect()
}

/// Every actor code stored in `column` ("source_code" or "target_code"), through its index.
pub(crate) fn codes_stored(conn: &Connection, column: &str) -> rusqlite::Result<Vec<String>> {
    Ok(codes_with_prefix(conn, column, "")?.into_iter().filter_map(|v| if let SqlValue::Text(t) = v { Some(t) } else { None }).collect())
}

/// The PLOVER types the stored events have, found through the index by (type, date).
pub(crate) fn event_types(conn: &Connection) -> rusqlite::Result<Vec<SqlValue>> {
    codes_with_prefix(conn, "type", "")
}

/// The condition for one side of an event, and the keys it offers into the events table.
fn actor_condition(conn: &Connection, sql: &mut Sql, side: &'static str, actor: &str) -> rusqlite::Result<Option<Keys>> {
    if is_actor_code(actor) {
        // A code prefix ("LTU" for LTUGOV, LTUMIL…) as a range, which the code index serves.
        sql.and(&format!("e.{side}_code >= ? AND e.{side}_code < ?"), [text(actor), text(&format!("{actor}\u{10ffff}"))]);
        let column = if side == "source" { "source_code" } else { "target_code" };
        Ok(Some(Keys { column, values: codes_with_prefix(conn, column, actor)? }))
    } else {
        let ids = entity_ids(conn, actor)?;
        if ids.is_empty() {
            // An actor known by name alone (no corpus entity), through the index of such names
            // compared in the NOCASE collation (which folds ASCII letters only).
            let name = text(actor);
            sql.and(&format!("e.{side}_entity IS NULL AND e.{side}_name IS NOT NULL AND e.{side}_name COLLATE NOCASE = ?"), [name.clone()]);
            let column = if side == "source" { "e.source_name COLLATE NOCASE" } else { "e.target_name COLLATE NOCASE" };
            Ok(Some(Keys { column, values: vec![name] }))
        } else {
            sql.and(&format!("e.{side}_entity IN (SELECT value FROM json_each(?))"), [id_list(&ids)]);
            let column = if side == "source" { "source_entity" } else { "target_entity" };
            Ok(Some(Keys { column, values: ids.into_iter().map(SqlValue::Integer).collect() }))
        }
    }
}

/// Events by actor, target (names or codes), PLOVER type and date.
pub fn events(conn: &Connection, actor: Option<&str>, target: Option<&str>, kind: Option<&str>, range: &Range) -> rusqlite::Result<Table> {
    let mut filters = Sql::new("");
    // The first side given is the way in; the other conditions filter its rows.
    let mut keys = None;
    if let Some(a) = actor {
        keys = actor_condition(conn, &mut filters, "source", a)?;
    }
    if let Some(t) = target {
        let target_keys = actor_condition(conn, &mut filters, "target", t)?;
        keys = keys.or(target_keys);
    }
    if let Some(k) = kind {
        let k = k.to_uppercase();
        filters.and("e.type = ?", [text(&k)]);
        keys = keys.or(Some(Keys { column: "type", values: vec![text(&k)] }));
    }
    if keys.is_none() {
        // Every type, each read in date order through the index by (type, date) and merged: an
        // index by date alone would serve this one query and cost every event an insert.
        keys = Some(Keys { column: "type", values: event_types(conn)? });
    }
    date_range(&mut filters, "e.date", range);
    let places = first_places(conn, "events e", "e", keys.as_ref(), &filters, range)?;
    let mut sql = Sql::new(
        "SELECT e.date, e.type, e.mode, COALESCE(se.name, e.source_name) AS source, e.source_code, COALESCE(te.name, e.target_name) AS target, \
         e.target_code, e.negated, e.hypothetical, e.trigger, \
         CAST(substr(CAST(d.text AS BLOB), e.start + 1, max(e.end - e.start, 0)) AS TEXT) AS evidence, d.doc_key AS document \
         FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN corpus_entities se ON se.id = e.source_entity \
         LEFT JOIN corpus_entities te ON te.id = e.target_entity WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.date IS NULL, e.date, e.id",
    );
    sql.args.push(id_list(&page_ids(&places, range)));
    sql.run(conn)
}

/// Everything one entity did, had done to it, or said, in date order (events before quotes on
/// the same date).
pub fn timeline(conn: &Connection, name: &str, range: &Range) -> rusqlite::Result<Table> {
    let ids: Vec<SqlValue> = entity_ids(conn, name)?.into_iter().map(SqlValue::Integer).collect();
    // Each list is in date order and at most a page long; merged, they give the page.
    let mut events = Vec::new();
    for column in ["source_entity", "target_entity"] {
        let keys = Keys { column, values: ids.clone() };
        let mut f = Sql::new("");
        date_range(&mut f, "e.date", range);
        events.extend(first_places(conn, "events e", "e", Some(&keys), &f, range)?);
    }
    events.sort_by(place_order);
    events.dedup_by_key(|p| p.1);
    let mut f = Sql::new("");
    date_range(&mut f, "q.date", range);
    let quotes = first_places(conn, "quotes q", "q", Some(&Keys { column: "speaker_entity", values: ids }), &f, range)?;
    // Events rank before quotes on the same date (kind 0 and 1), as the query below sorts them.
    let mut all: Vec<(Place, u8)> = events.into_iter().map(|p| (p, 0)).chain(quotes.into_iter().map(|p| (p, 1))).collect();
    all.sort_by(|a, b| (a.0 .0.is_none(), &a.0 .0, a.1, a.0 .1).cmp(&(b.0 .0.is_none(), &b.0 .0, b.1, b.0 .1)));
    let page: Vec<&(Place, u8)> = all.iter().skip(range.offset.unwrap_or(0)).take(range.limit.unwrap_or(DEFAULT_LIMIT)).collect();
    let event_ids: Vec<i64> = page.iter().filter(|p| p.1 == 0).map(|p| p.0 .1).collect();
    let quote_ids: Vec<i64> = page.iter().filter(|p| p.1 == 1).map(|p| p.0 .1).collect();
    let mut sql = Sql::new(
        "SELECT date, kind, what, detail, document FROM (\
           SELECT e.date, 'event' AS kind, e.type AS what, \
                  COALESCE(se.name, e.source_name, '?') || ' → ' || COALESCE(te.name, e.target_name, '?') || ': ' || e.trigger AS detail, d.doc_key AS document, e.id AS row_id \
           FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN corpus_entities se ON se.id = e.source_entity \
           LEFT JOIN corpus_entities te ON te.id = e.target_entity \
           WHERE e.id IN (SELECT value FROM json_each(?1)) \
           UNION ALL \
           SELECT q.date, 'quote', q.kind, q.text, d.doc_key, q.id FROM quotes q JOIN documents d ON d.id = q.doc_id \
           WHERE q.id IN (SELECT value FROM json_each(?2))\
         ) ORDER BY date IS NULL, date, kind, row_id",
    );
    sql.args.push(id_list(&event_ids));
    sql.args.push(id_list(&quote_ids));
    sql.run(conn)
}

/// Actor-to-actor event counts by type, read from the summaries the writer keeps: all time
/// from `network_totals`, a date range from the per-date `network_days`.
pub fn network(conn: &Connection, range: &Range) -> rusqlite::Result<Table> {
    let names = "COALESCE(se.name, n.source_name) AS source, n.source_code, COALESCE(te.name, n.target_name) AS target, n.target_code, n.type";
    let joins = "LEFT JOIN corpus_entities se ON se.id = n.source_entity LEFT JOIN corpus_entities te ON te.id = n.target_entity";
    let mut sql = if range.from.is_none() && range.to.is_none() {
        let mut sql = Sql::new(&format!("SELECT {names}, n.events FROM network_totals n {joins} WHERE 1"));
        // Only the pairs that can reach the page are named and sorted: those with at least as
        // many events as the page's last row (ties included, ordered by name below). Naming and
        // sorting every pair took 19.5 ms on 100,000 generated articles (47,284 pairs), this
        // 9–14 ms.
        let (limit, offset) = (range.limit.unwrap_or(DEFAULT_LIMIT), range.offset.unwrap_or(0));
        let last = limit.saturating_add(offset).saturating_sub(1).min(i64::MAX as usize) as i64;
        sql.and("n.events >= COALESCE((SELECT events FROM network_totals ORDER BY events DESC LIMIT 1 OFFSET ?), 0)", [SqlValue::Integer(last)]);
        sql
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

/// A full-text search in two steps: rank every match by bm25 (with [`crate::rank`]'s
/// `ng_bm25`, which scores as FTS5's `bm25()` does but reads match lengths with one forward
/// cursor instead of a lookup each) keeping only the page's row ids and scores — SQLite's sorter
/// holds just `offset + limit` rows — then read the shown columns and snippet of those rows
/// alone (computed for every match, they cost more than the ranking). Ties go by row id, so
/// pages do not overlap.
struct FtsSearch<'a> {
    /// The FTS5 table.
    fts: &'a str,
    /// Joins that bring in `date_column`, for a date range.
    date_join: &'a str,
    date_column: &'a str,
    /// The columns of one row: `?1` is the query, `?2` the row id and `?3` its score.
    row_sql: &'a str,
    uses_score: bool,
}

impl FtsSearch<'_> {
    fn run(&self, conn: &Connection, query: &str, range: &Range) -> rusqlite::Result<Table> {
        if !crate::search::attached(conn)? {
            return Err(crate::rank::failure(
                rusqlite::ffi::SQLITE_ERROR,
                "this corpus has no search index beside it (its file ends in -search); `newsgraph ingest` on the corpus builds it",
            ));
        }
        match self.run_as(conn, query, range) {
            Ok(t) => Ok(t),
            // Not valid FTS5 syntax (a stray quote or operator): search for the words as a phrase.
            Err(_) => self.run_as(conn, &format!("\"{}\"", query.replace('"', "\"\"")), range),
        }
    }

    fn run_as(&self, conn: &Connection, query: &str, range: &Range) -> rusqlite::Result<Table> {
        let fts = self.fts;
        let dated = range.from.is_some() || range.to.is_some();
        let ranker = crate::rank::FUNCTION;
        let mut sql = Sql::new(&format!(
            "SELECT {fts}.rowid, {ranker}({fts}, '{fts}') AS score FROM {fts} {} WHERE {fts} MATCH ?",
            if dated { self.date_join } else { "" }
        ));
        sql.args.push(text(query));
        date_range(&mut sql, self.date_column, range);
        sql.push(&format!("ORDER BY score, {fts}.rowid"));
        limit(&mut sql, range);
        let mut st = conn.prepare(&sql.text)?;
        let page: Vec<(i64, f64)> = st.query_map(params_from_iter(sql.args.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        let mut st = conn.prepare(self.row_sql)?;
        let columns: Vec<String> = st.column_names().iter().map(|c| c.to_string()).collect();
        let n = columns.len();
        let mut rows = Vec::with_capacity(page.len());
        for (id, score) in page {
            let read = |r: &rusqlite::Row<'_>| (0..n).map(|i| r.get_ref(i).map(sql_value)).collect::<rusqlite::Result<Vec<_>>>();
            let row = if self.uses_score { st.query_row(rusqlite::params![query, id, score], read) } else { st.query_row(rusqlite::params![query, id], read) };
            rows.push(row?);
        }
        Ok(Table { columns, rows })
    }
}

/// Full-text search over article titles and text (FTS5 syntax; plain words work too), best
/// matches (bm25) first. The connection needs [`crate::rank::register`] (every [`crate::Store`]
/// has it).
pub fn search(conn: &Connection, query: &str, range: &Range) -> rusqlite::Result<Table> {
    FtsSearch {
        fts: "documents_fts",
        date_join: "JOIN documents d ON d.id = documents_fts.rowid",
        date_column: "d.date",
        row_sql: "SELECT d.doc_key AS document, d.date, d.title, ng_snippet(documents_fts, 1, d.text, '[', ']', '…', 12) AS snippet, round(?3, 3) AS score \
                  FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid WHERE documents_fts MATCH ?1 AND documents_fts.rowid = ?2",
        uses_score: true,
    }
    .run(conn, query, range)
}

/// Full-text search over quotes, best matches first (needs [`crate::rank::register`], as
/// [`search`]).
pub fn search_quotes(conn: &Connection, query: &str, range: &Range) -> rusqlite::Result<Table> {
    FtsSearch {
        fts: "quotes_fts",
        date_join: "JOIN quotes q ON q.id = quotes_fts.rowid",
        date_column: "q.date",
        row_sql: "SELECT q.date, q.speaker_name AS speaker, ng_snippet(quotes_fts, 0, q.text, '[', ']', '…', 16) AS quote, d.doc_key AS document \
                  FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN documents d ON d.id = q.doc_id WHERE quotes_fts MATCH ?1 AND quotes_fts.rowid = ?2",
        uses_score: false,
    }
    .run(conn, query, range)
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
    if crate::search::attached(conn)? {
        push("search_index_bytes", one("SELECT (SELECT page_count FROM pragma_page_count('search')) * (SELECT page_size FROM pragma_page_size('search'))")?);
    }
    Ok(t)
}
