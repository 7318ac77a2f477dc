//! Search ranking: `ng_bm25` gives FTS5's own bm25 scores, with the length cache whole, partly
//! missing or wrong-sized, and the cache stays in step with FTS5 across batches, duplicates and
//! a migration. Sentences are made up here.

mod common;

use chrono::NaiveDate;
use newsgraph_doc::*;
use newsgraph_store::{query, rank, DocMeta, Store};

fn tmp_store(name: &str) -> (Store, std::path::PathBuf) {
    common::tmp_store("rank", name)
}

fn quote(id: &str, text: &str) -> Quote {
    Quote { id: id.into(), kind: QuoteKind::Direct, text: text.into(), start: 0, end: text.len(), speaker: None, co_speakers: vec![], cue: None, via: vec![], block: 0, date: None }
}

/// Article `i`: the word "ferry" 0–3 times, "harbour" in every fifth, a filler of varying
/// length, and for every third a quote about tolls.
fn article(i: usize) -> (Doc, DocMeta) {
    let mut text = format!("Dispatch {i} from the coast.");
    for _ in 0..i % 4 {
        text.push_str(" The ferry left late.");
    }
    if i % 5 == 0 {
        text.push_str(" The harbour was closed to small boats.");
    }
    for k in 0..(i * 7) % 23 {
        text.push_str(&format!(" Gulls number {k} circled."));
    }
    let mut d = Doc::new(&format!("r{i}"), &text);
    d.title = Some(if i % 9 == 0 { format!("Ferry news {i}") } else { format!("Coast news {i}") });
    d.date = NaiveDate::from_ymd_opt(2020, 1 + (i % 12) as u32, 1 + (i % 28) as u32);
    d.date_source = DateSource::Metadata;
    if i % 3 == 0 {
        let tolls = "tolls ".repeat(1 + i % 3);
        d.quotes = vec![quote("Q1", &format!("We will not raise the {tolls}this year"))];
    }
    (d, DocMeta { source: format!("test:{i}"), ..Default::default() })
}

fn write_articles(store: &mut Store, range: std::ops::Range<usize>) {
    let batch: Vec<(Doc, DocMeta)> = range.map(article).collect();
    for chunk in batch.chunks(300) {
        store.write_batch(chunk).unwrap();
    }
}

/// (row id, bm25, ng_bm25) of every match of `q` in `fts`.
fn both_scores(conn: &rusqlite::Connection, fts: &str, q: &str) -> Vec<(i64, f64, f64)> {
    let sql = format!("SELECT rowid, bm25({fts}), ng_bm25({fts}, '{fts}') FROM {fts} WHERE {fts} MATCH ?1");
    let mut st = conn.prepare(&sql).unwrap();
    st.query_map([q], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn assert_scores_equal(conn: &rusqlite::Connection) {
    for (fts, q, at_least) in [
        ("documents_fts", "ferry", 1500),
        ("documents_fts", "ferry harbour", 200),
        ("documents_fts", "\"left late\" OR gulls", 2000),
        ("documents_fts", "title:ferry", 200),
        // Occurrences outside the NEAR window count for neither function.
        ("documents_fts", "NEAR(ferry gulls, 3)", 100),
        ("documents_fts", "ferr* OR \"the harbour\" harbour", 1500),
        ("quotes_fts", "tolls", 700),
    ] {
        let rows = both_scores(conn, fts, q);
        assert!(rows.len() >= at_least, "{q}: {} matches", rows.len());
        for (id, bm25, ours) in rows {
            assert!((bm25 - ours).abs() <= 1e-12 * bm25.abs().max(1.0), "{q}, row {id}: bm25 {bm25} but ng_bm25 {ours}");
        }
    }
}

#[test]
fn ng_bm25_scores_as_fts5_bm25_with_and_without_the_length_cache() {
    let (mut store, _) = tmp_store("scores");
    write_articles(&mut store, 0..2600);
    assert_eq!(rank::length_mismatches(&store.conn, "documents_fts").unwrap(), 0);
    assert_eq!(rank::length_mismatches(&store.conn, "quotes_fts").unwrap(), 0);
    // 2,600 rows span three chunks.
    let chunks: i64 = store.conn.query_row("SELECT count(*) FROM fts_lengths WHERE fts = 'documents_fts'", [], |r| r.get(0)).unwrap();
    assert_eq!(chunks, 3);
    assert_scores_equal(&store.conn);

    // A chunk gone and another one cut short: those lengths come from FTS5 itself.
    store.conn.execute_batch("DELETE FROM fts_lengths WHERE chunk = 1; UPDATE fts_lengths SET lengths = substr(lengths, 1, 400) WHERE chunk = 2").unwrap();
    assert!(rank::length_mismatches(&store.conn, "documents_fts").unwrap() > 1000);
    assert_scores_equal(&store.conn);
    // Without the table at all, as well.
    store.conn.execute_batch("DROP TABLE fts_lengths").unwrap();
    assert_scores_equal(&store.conn);
}

#[test]
fn search_puts_dense_short_matches_first_and_pages_as_a_full_sort() {
    let (mut store, path) = tmp_store("order");
    let mut batch: Vec<(Doc, DocMeta)> = (0..40).map(article).collect();
    // Three made-up articles about a lighthouse: often and briefly, once at length, once briefly.
    for (key, text) in [
        ("dense", "The lighthouse keeper said the lighthouse lamp failed. The lighthouse stayed dark."),
        ("long", "Boats waited outside the bay for the tide to turn and for the pilots to arrive, while the lighthouse on the point was being repainted by a crew from the mainland over several long weeks."),
        ("short", "A lighthouse was sold."),
    ] {
        let mut d = Doc::new(key, text);
        d.date = NaiveDate::from_ymd_opt(2020, 5, 5);
        batch.push((d, DocMeta { source: key.into(), ..Default::default() }));
    }
    store.write_batch(&batch).unwrap();
    let conn = &Store::open_read_only(&path).unwrap().conn;
    let all = query::Range { limit: Some(10), ..Default::default() };
    let found = query::search(conn, "lighthouse", &all).unwrap();
    let keys: Vec<&str> = found.rows.iter().map(|r| r[0].as_str().unwrap()).collect();
    assert_eq!(keys, ["dense", "short", "long"]);
    let scores: Vec<f64> = found.rows.iter().map(|r| r[4].as_f64().unwrap()).collect();
    assert!(scores[0] < scores[1] && scores[1] < scores[2], "{scores:?}");

    // Pages of 7 give what one sort of all matches by bm25 (ties by row id) gives.
    let sorted: Vec<String> = {
        let mut st = conn
            .prepare("SELECT d.doc_key FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid WHERE documents_fts MATCH 'ferry OR gulls' ORDER BY bm25(documents_fts), documents_fts.rowid")
            .unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert!(sorted.len() > 30);
    let paged: Vec<String> = (0..sorted.len())
        .step_by(7)
        .flat_map(|offset| query::search(conn, "ferry OR gulls", &query::Range { limit: Some(7), offset: Some(offset), ..Default::default() }).unwrap().rows)
        .map(|r| r[0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paged, sorted);
}

#[test]
fn the_length_cache_follows_batches_duplicates_and_a_migration() {
    let (mut store, path) = tmp_store("cache");
    write_articles(&mut store, 0..1100);
    // The same articles again (all duplicates), then new ones filling the second chunk further.
    write_articles(&mut store, 0..1100);
    write_articles(&mut store, 1100..1500);
    let docs: i64 = store.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(docs, 1500);
    for fts in ["documents_fts", "quotes_fts"] {
        assert_eq!(rank::length_mismatches(&store.conn, fts).unwrap(), 0, "{fts}");
    }
    let cache = |conn: &rusqlite::Connection| -> Vec<(String, i64, Vec<u8>)> {
        let mut st = conn.prepare("SELECT fts, chunk, lengths FROM fts_lengths ORDER BY fts, chunk").unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let before = cache(&store.conn);
    assert_eq!(before.len(), 2 + 1, "two chunks of documents, one of quotes");

    // Back to schema version 2, as an older newsgraph left it: the full-text tables in the
    // corpus file, no length cache, no index file. Opening migrates the corpus and builds the
    // index file with the same cache. (Paragraphs, mentions and time expressions were then a row
    // each; empty here.)
    drop(store);
    for suffix in ["-search", "-search-wal", "-search-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch(
        "DROP TABLE corpus_identity; \
         CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id'); \
         CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='id'); \
         INSERT INTO documents_fts (documents_fts) VALUES ('rebuild'); INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild');",
    )
    .unwrap();
    old
        .execute_batch(
            "DROP TABLE event_date_counts; \
             CREATE TABLE mentions (doc_id INTEGER NOT NULL REFERENCES documents(id), local_entity TEXT NOT NULL, \
             entity_id INTEGER NOT NULL REFERENCES corpus_entities(id), start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL); \
             CREATE INDEX mentions_doc ON mentions(doc_id, start); DROP TABLE doc_annotations; \
             CREATE TABLE blocks (doc_id INTEGER NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL, role TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, PRIMARY KEY (doc_id, idx)) WITHOUT ROWID; CREATE TABLE timexes (doc_id INTEGER NOT NULL REFERENCES documents(id), local_id TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL, anchor TEXT, PRIMARY KEY (doc_id, local_id)) WITHOUT ROWID; \
             CREATE INDEX timexes_value ON timexes(value); \
             ALTER TABLE events ADD COLUMN evidence TEXT NOT NULL DEFAULT ''; \
             CREATE INDEX quotes_doc ON quotes(doc_id); CREATE INDEX events_doc ON events(doc_id); CREATE INDEX events_date ON events(date); DROP TABLE quote_co_speakers; ALTER TABLE quotes DROP COLUMN co_speakers; DROP TABLE quote_mentions; DROP INDEX quotes_speaker_name; DROP INDEX events_source_name; DROP INDEX events_target_name; DROP INDEX doc_entities_roles; CREATE INDEX doc_entities_entity ON doc_entities(entity_id); PRAGMA user_version = 2;",
        )
        .unwrap();
    drop(old);
    assert!(Store::open_read_only(&path).is_err(), "an old schema is refused for reading");
    let store = Store::open(&path).unwrap();
    assert_eq!(cache(&store.conn), before);
    let check: String = store.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}
