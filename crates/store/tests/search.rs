//! The search index in its file beside the corpus: written by another connection, caught up
//! after a writer that does not index, rebuilt when deleted, emptied when it belongs to another
//! corpus, missing for a reader with a clear error; and `ng_snippet` makes FTS5's own
//! snippets. Sentences are made up here.

mod common;

use newsgraph_doc::*;
use newsgraph_store::{query, search, DocMeta, Store};
use rusqlite::Connection;

fn tmp_store(name: &str) -> (Store, std::path::PathBuf) {
    common::tmp_store("search", name)
}

const WORDS: [&str; 12] = ["harbour", "ferry", "tolls", "gulls", "pilot", "tide", "crane", "dock", "storm", "lamp", "keeper", "bay"];

/// Article `i`: sentences of the words above, varied by `i`, some with a quote.
fn article(i: usize) -> (Doc, DocMeta) {
    let mut text = String::new();
    for s in 0..(2 + i % 5) {
        let w: Vec<&str> = (0..(3 + (i + s) % 9)).map(|k| WORDS[(i * 7 + s * 3 + k * k) % WORDS.len()]).collect();
        text.push_str(&format!("The {} was seen near the {}. ", w.join(" and the "), WORDS[(i + s) % WORDS.len()]));
    }
    let mut d = Doc::new(&format!("s{i}"), text.trim_end());
    d.title = Some(format!("Coast report {i}: the {}", WORDS[i % WORDS.len()]));
    if i % 2 == 0 {
        let q = format!("We saw the {} and the {} at dawn", WORDS[i % 12], WORDS[(i + 5) % 12]);
        d.quotes = vec![Quote { id: "Q1".into(), kind: QuoteKind::Direct, text: q.clone(), start: 0, end: q.len(), speaker: None, co_speakers: vec![], cue: None, via: vec![], block: 0, date: None }];
    }
    (d, DocMeta { source: format!("test:{i}"), ..Default::default() })
}

fn keys(t: &newsgraph_store::Table) -> Vec<String> {
    t.rows.iter().map(|r| r[0].as_str().unwrap_or("").to_string()).collect()
}

fn all() -> query::Range {
    query::Range { limit: Some(1000), ..Default::default() }
}

#[test]
fn a_writer_without_the_index_is_caught_up_by_another_connection() {
    let (store, path) = tmp_store("catch-up");
    drop(store);
    let mut writer = Store::open_corpus(&path).unwrap();
    let batch: Vec<_> = (0..60).map(article).collect();
    writer.write_batch(&batch).unwrap();
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(search::behind(&reader.conn).unwrap(), (60, 30), "nothing indexed yet");
    assert!(query::search(&reader.conn, "ferry", &all()).unwrap().rows.is_empty());
    let index = Store::open(&path).unwrap();
    assert_eq!(search::behind(&index.conn).unwrap(), (0, 0), "opening for writing catches up");
    writer.write_batch(&(60..90).map(article).collect::<Vec<_>>()).unwrap();
    assert_eq!(index.index_new_rows().unwrap(), 30 + 15);
    assert_eq!(index.index_new_rows().unwrap(), 0);
    let found = query::search(&reader.conn, "ferry", &all()).unwrap();
    let expected = (0..90).map(article).filter(|(d, _)| d.text.contains("ferry") || d.title.as_deref().unwrap_or("").contains("ferry")).count();
    assert_eq!(found.rows.len(), expected);
    assert!(expected > 10);
}

#[test]
fn a_catch_up_longer_than_one_read_indexes_every_row_once() {
    // More articles than one read of the corpus takes (16,384): the catch-up reads and indexes
    // them in two chunks, each in a transaction of its own.
    let (store, path) = tmp_store("chunks");
    drop(store);
    let mut writer = Store::open_corpus(&path).unwrap();
    // The texts above repeat (the corpus would store one of each): each gets a sentence of its own.
    let unique = |i: usize| {
        let (mut d, meta) = article(i);
        d.text.push_str(&format!(" Entry {i}."));
        (d, meta)
    };
    for first in (0..17_000).step_by(4_250) {
        writer.write_batch(&(first..first + 4_250).map(unique).collect::<Vec<_>>()).unwrap();
    }
    let index = Store::open_corpus(&path).unwrap();
    assert_eq!(search::behind(&Store::open_read_only(&path).unwrap().conn).unwrap(), (17_000, 8_500));
    drop(index);
    let index = Store::open(&path).unwrap();
    assert_eq!(search::behind(&index.conn).unwrap(), (0, 0));
    assert_eq!(index.index_new_rows().unwrap(), 0, "nothing indexed twice");
    let count = |sql: &str| index.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM search.documents_fts"), 17_000);
    assert_eq!(count("SELECT count(*) FROM search.quotes_fts"), 8_500);
    // The last article of each chunk and the very last are found by their own title words.
    for i in [16_383, 16_384, 16_999] {
        let hits = count(&format!("SELECT count(*) FROM search.documents_fts WHERE documents_fts MATCH 'title:\"report {i}\"'"));
        assert_eq!(hits, 1, "article {i}");
    }
}

#[test]
fn a_deleted_index_is_rebuilt_and_another_corpus_index_is_emptied() {
    let (mut store, path) = tmp_store("rebuild");
    store.write_batch(&(0..40).map(article).collect::<Vec<_>>()).unwrap();
    let before = keys(&query::search(&store.conn, "tide OR lamp", &all()).unwrap());
    assert!(before.len() > 10);
    drop(store);
    let index = search::path_beside(&path);
    for suffix in ["", "-wal", "-shm"] {
        let mut p = index.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    // A reader finds no index and says so.
    let reader = Store::open_read_only(&path).unwrap();
    let err = query::search(&reader.conn, "tide", &all()).unwrap_err().to_string();
    assert!(err.contains("no search index"), "{err}");
    drop(reader);
    let store = Store::open(&path).unwrap();
    assert_eq!(keys(&query::search(&store.conn, "tide OR lamp", &all()).unwrap()), before);
    drop(store);

    // A new corpus in the old one's place, with the old index left beside it.
    let saved = std::fs::read(&index).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    std::fs::write(&index, saved).unwrap();
    let mut store = Store::open(&path).unwrap();
    assert!(query::search(&store.conn, "tide OR lamp", &all()).unwrap().rows.is_empty(), "the other corpus's rows are gone");
    store.write_batch(&(100..103).map(article).collect::<Vec<_>>()).unwrap();
    let found = keys(&query::search(&store.conn, "harbour OR ferry OR tolls OR gulls OR pilot OR tide OR crane OR dock OR storm OR lamp OR keeper OR bay", &all()).unwrap());
    assert_eq!(found.len(), 3, "{found:?}");
    let check: String = store.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

/// `snippet()` on a table with its text, against `ng_snippet()` given the same text, for many
/// texts, queries and widths.
#[test]
fn ng_snippet_makes_the_snippets_fts5_makes() {
    let (store, _) = tmp_store("snippet");
    let conn: &Connection = &store.conn;
    conn.execute_batch("CREATE TEMP TABLE t (title TEXT, body TEXT); CREATE VIRTUAL TABLE temp.f USING fts5(title, body, content='t')").unwrap();
    for i in 0..300 {
        let (d, _) = article(i);
        // Some texts with a colon, line breaks and accented words, for the sentence rule.
        let body = match i % 4 {
            0 => d.text.replace(". ", ".\n"),
            1 => format!("Update: {}", d.text),
            2 => d.text.replace("the bay", "the baie côtière"),
            _ => d.text.clone(),
        };
        conn.execute("INSERT INTO t (rowid, title, body) VALUES (?1, ?2, ?3)", rusqlite::params![i as i64 + 1, d.title, body]).unwrap();
    }
    conn.execute_batch("INSERT INTO f (f) VALUES ('rebuild')").unwrap();
    let mut compared = 0;
    for q in ["ferry", "tide lamp", "\"the ferry\"", "gull*", "storm OR keeper", "bay NOT dock", "NEAR(crane pilot, 3)", "title:report", "côtière", "harbour harbour"] {
        for width in [1, 3, 8, 12, 40] {
            for col in [0, 1] {
                let sql = format!(
                    "SELECT f.rowid, snippet(f, {col}, '[', ']', '…', {width}), ng_snippet(f, {col}, CASE {col} WHEN 0 THEN t.title ELSE t.body END, '[', ']', '…', {width}) \
                     FROM f JOIN t ON t.rowid = f.rowid WHERE f MATCH ?1"
                );
                let mut st = conn.prepare(&sql).unwrap();
                let rows: Vec<(i64, Option<String>, Option<String>)> = st.query_map([q], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap();
                for (id, theirs, ours) in rows {
                    assert_eq!(ours, theirs, "row {id}, query {q:?}, column {col}, width {width}");
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 5000, "{compared}");

    // No text gives no snippet; odd widths and columns give a snippet, not an error.
    let one = |sql: &str| -> Option<String> { conn.query_row(&format!("SELECT {sql} FROM f JOIN t ON t.rowid = f.rowid WHERE f MATCH 'ferry' LIMIT 1"), [], |r| r.get(0)).unwrap() };
    let odd = [
        one("ng_snippet(f, 1, NULL, '[', ']', '…', 8)"),
        one("ng_snippet(f, 1, t.body, '[', ']', '…', 0)"),
        one("ng_snippet(f, 7, t.body, '[', ']', '…', -3)"),
        one("ng_snippet(f, 1, '', NULL, NULL, NULL, 5)"),
    ];
    assert_eq!(odd.len(), 4);
    assert_eq!(odd[0], None);
    assert!(odd[1].as_deref().is_some_and(|s| s.starts_with('[') || s.starts_with('…')), "{odd:?}");
    assert!(odd[2].as_deref().is_some_and(|s| !s.contains('[')), "a column with no hits marks nothing: {odd:?}");
    assert_eq!(odd[3].as_deref(), Some(""));
}

#[test]
fn a_broken_index_file_is_named_with_the_way_out_and_the_corpus_is_untouched() {
    let (mut store, path) = tmp_store("broken");
    store.write_batch(&(0..10).map(article).collect::<Vec<_>>()).unwrap();
    drop(store);
    let index = search::path_beside(&path);
    for suffix in ["-wal", "-shm"] {
        let mut p = index.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    std::fs::write(&index, b"this is no database, just some bytes that are long enough to be read as a header by SQLite at all").unwrap();
    let err = format!("{:#}", Store::open(&path).err().expect("a broken index is an error"));
    assert!(err.contains("-search") && err.contains("rebuilds it"), "{err}");
    // The corpus itself still answers, and the index comes back once the broken file is gone.
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.document_count().unwrap(), 10);
    let err = query::search(&reader.conn, "tide", &all()).unwrap_err().to_string();
    assert!(err.contains("no search index"), "{err}");
    drop(reader);
    std::fs::remove_file(&index).unwrap();
    let store = Store::open(&path).unwrap();
    assert!(!query::search(&store.conn, "harbour OR ferry OR tolls OR gulls OR pilot OR tide OR crane OR dock OR storm OR lamp OR keeper OR bay", &all()).unwrap().rows.is_empty());
}
