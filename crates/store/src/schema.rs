//! The schema as an ordered list of migration steps. `PRAGMA user_version` records how many have
//! been applied; opening a database applies the missing ones, each in its own transaction, so an
//! old corpus is brought forward and a new one is built by the same path.

use rusqlite::Connection;

/// Migration steps, applied in order. Never edit a released step: append a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: the corpus.
    r#"
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    doc_key       TEXT NOT NULL,      -- the article's id in its input
    source        TEXT NOT NULL,      -- where it was read: file, file:line, archive@offset
    url           TEXT UNIQUE,        -- canonical URL, normalised (dedup key)
    content_hash  TEXT NOT NULL UNIQUE, -- hash of the normalised text (dedup key)
    title         TEXT,
    date          TEXT,               -- publication date, YYYY-MM-DD
    date_source   TEXT NOT NULL,
    author        TEXT,
    site          TEXT,
    text          TEXT NOT NULL,
    length        INTEGER NOT NULL,
    ingested_at   TEXT NOT NULL
);
CREATE INDEX documents_date ON documents(date);

CREATE TABLE blocks (
    doc_id  INTEGER NOT NULL REFERENCES documents(id),
    idx     INTEGER NOT NULL,
    role    TEXT NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

-- One row per real-world entity across the corpus.
CREATE TABLE corpus_entities (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,  -- resolution key: type, normalised full name, country
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,
    norm_name  TEXT NOT NULL,
    given      TEXT,                  -- first token of a person's normalised name
    surname    TEXT,                  -- last token of a person's normalised name
    tokens     INTEGER NOT NULL,
    country    TEXT,
    sector     TEXT,
    code       TEXT,
    documents  INTEGER NOT NULL DEFAULT 0,
    mentions   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX corpus_entities_norm ON corpus_entities(type, norm_name);
CREATE INDEX corpus_entities_surname ON corpus_entities(type, surname);
CREATE INDEX corpus_entities_given ON corpus_entities(type, given);
CREATE INDEX corpus_entities_country ON corpus_entities(country, sector);

CREATE TABLE entity_aliases (
    alias_key  TEXT NOT NULL,        -- normalised alias
    entity_id  INTEGER NOT NULL REFERENCES corpus_entities(id),
    alias      TEXT NOT NULL,
    count      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (alias_key, entity_id)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id);

-- An entity of one document, linked to its corpus entity.
CREATE TABLE doc_entities (
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    local_id   TEXT NOT NULL,
    entity_id  INTEGER NOT NULL REFERENCES corpus_entities(id),
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    country    TEXT,
    sector     TEXT,
    roles      TEXT,                 -- JSON array
    PRIMARY KEY (doc_id, local_id)
) WITHOUT ROWID;
CREATE INDEX doc_entities_entity ON doc_entities(entity_id);

CREATE TABLE mentions (
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    local_entity TEXT NOT NULL,
    entity_id  INTEGER NOT NULL REFERENCES corpus_entities(id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    kind       TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_id, start);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE quotes (
    id              INTEGER PRIMARY KEY,
    doc_id          INTEGER NOT NULL REFERENCES documents(id),
    local_id        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    text            TEXT NOT NULL,
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    speaker_entity  INTEGER REFERENCES corpus_entities(id),
    speaker_name    TEXT,
    cue             TEXT,
    via             TEXT,            -- JSON array of channel names
    date            TEXT             -- the statement's date, else the document's
);
CREATE INDEX quotes_speaker ON quotes(speaker_entity, date);
CREATE INDEX quotes_doc ON quotes(doc_id);
CREATE INDEX quotes_date ON quotes(date);

CREATE TABLE timexes (
    doc_id    INTEGER NOT NULL REFERENCES documents(id),
    local_id  TEXT NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    type      TEXT NOT NULL,
    value     TEXT NOT NULL,
    anchor    TEXT,
    PRIMARY KEY (doc_id, local_id)
) WITHOUT ROWID;
CREATE INDEX timexes_value ON timexes(value);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    doc_id          INTEGER NOT NULL REFERENCES documents(id),
    local_id        TEXT NOT NULL,
    type            TEXT NOT NULL,
    mode            TEXT,
    cameo           TEXT NOT NULL,
    source_entity   INTEGER REFERENCES corpus_entities(id),
    source_name     TEXT,
    source_country  TEXT,
    source_sector   TEXT,
    source_code     TEXT,            -- country + sector, e.g. BLRGOV
    target_entity   INTEGER REFERENCES corpus_entities(id),
    target_name     TEXT,
    target_country  TEXT,
    target_sector   TEXT,
    target_code     TEXT,
    date            TEXT,
    date_precision  TEXT NOT NULL,
    negated         INTEGER NOT NULL,
    hypothetical    INTEGER NOT NULL,
    trigger         TEXT NOT NULL,
    trigger_start   INTEGER NOT NULL,
    trigger_end     INTEGER NOT NULL,
    start           INTEGER NOT NULL, -- evidence span
    end             INTEGER NOT NULL,
    evidence        TEXT NOT NULL,
    rule            TEXT NOT NULL,
    quote_local_id  TEXT
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_type_date ON events(type, date);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_source ON events(source_entity, date);
CREATE INDEX events_target ON events(target_entity, date);
CREATE INDEX events_source_code ON events(source_code);
CREATE INDEX events_target_code ON events(target_code);

CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id');
CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='id');
"#,
    // 2: summaries the writer keeps in the article's own transaction, so that `stats` and
    //    `network` read a few rows instead of scanning every table; filled here from the rows
    //    an existing corpus already has. Actor-code indexes gain the date, so that events of one
    //    code come out in date order without a sort; the unused index of mentions by entity goes.
    r#"
CREATE TABLE table_counts (
    name   TEXT PRIMARY KEY,          -- a table, or text_bytes (the sum of documents.length)
    value  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO table_counts (name, value)
          SELECT 'documents', count(*) FROM documents
UNION ALL SELECT 'blocks', count(*) FROM blocks
UNION ALL SELECT 'corpus_entities', count(*) FROM corpus_entities
UNION ALL SELECT 'entity_aliases', count(*) FROM entity_aliases
UNION ALL SELECT 'doc_entities', count(*) FROM doc_entities
UNION ALL SELECT 'mentions', count(*) FROM mentions
UNION ALL SELECT 'quotes', count(*) FROM quotes
UNION ALL SELECT 'timexes', count(*) FROM timexes
UNION ALL SELECT 'events', count(*) FROM events
UNION ALL SELECT 'text_bytes', COALESCE(sum(length), 0) FROM documents;

-- Events between two named actors, counted per (source, target, type) and, for date ranges,
-- per event date as stored ('' when undated). An actor is its corpus entity (name '') or, when
-- unresolved, its name (entity 0). A code is the greatest one seen for the pair.
CREATE TABLE network_totals (
    source_entity  INTEGER NOT NULL,
    source_name    TEXT NOT NULL,
    target_entity  INTEGER NOT NULL,
    target_name    TEXT NOT NULL,
    type           TEXT NOT NULL,
    source_code    TEXT,
    target_code    TEXT,
    events         INTEGER NOT NULL,
    PRIMARY KEY (source_entity, source_name, target_entity, target_name, type)
) WITHOUT ROWID;
CREATE TABLE network_days (
    date           TEXT NOT NULL,
    source_entity  INTEGER NOT NULL,
    source_name    TEXT NOT NULL,
    target_entity  INTEGER NOT NULL,
    target_name    TEXT NOT NULL,
    type           TEXT NOT NULL,
    source_code    TEXT,
    target_code    TEXT,
    events         INTEGER NOT NULL,
    PRIMARY KEY (date, source_entity, source_name, target_entity, target_name, type)
) WITHOUT ROWID;
INSERT INTO network_days
SELECT COALESCE(date, ''), COALESCE(source_entity, 0), CASE WHEN source_entity IS NULL THEN source_name ELSE '' END,
       COALESCE(target_entity, 0), CASE WHEN target_entity IS NULL THEN target_name ELSE '' END, type,
       max(source_code), max(target_code), count(*)
FROM events WHERE source_name IS NOT NULL AND target_name IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO network_totals
SELECT source_entity, source_name, target_entity, target_name, type, max(source_code), max(target_code), sum(events)
FROM network_days GROUP BY 1, 2, 3, 4, 5;

DROP INDEX events_source_code;
DROP INDEX events_target_code;
CREATE INDEX events_source_code ON events(source_code, date);
CREATE INDEX events_target_code ON events(target_code, date);
-- Mentions are read by document only; an index by entity cost every mention a second insert.
DROP INDEX mentions_entity;
"#,
    // 3: the length in tokens of each full-text row (all columns), as FTS5's `_docsize` table
    //    has it, packed `rank::CHUNK_ROWS` rows to a blob of little-endian u32s (u32::MAX where
    //    a row is not recorded), so that ranking a search reads a blob per 1,024 rows instead of
    //    a `_docsize` row per match (see `rank`). The writer keeps it in each batch's
    //    transaction; `after_step` fills it for an existing corpus.
    r#"
CREATE TABLE fts_lengths (
    fts      TEXT NOT NULL,       -- the FTS5 table: documents_fts or quotes_fts
    chunk    INTEGER NOT NULL,    -- row id / 1024
    lengths  BLOB NOT NULL,
    PRIMARY KEY (fts, chunk)
) WITHOUT ROWID;
"#,
    // 4: an article's mentions in one row, a JSON array in text order, instead of a row each:
    //    they are only ever read by article (the article view, `quotes --about`), and a row
    //    each cost the writer some eighteen inserts per article, each with an index entry and
    //    two reference checks.
    r#"
CREATE TABLE doc_mentions (
    doc_id    INTEGER PRIMARY KEY REFERENCES documents(id),
    mentions  TEXT NOT NULL      -- JSON: [[local_entity, entity_id, start, end, text, kind], …] by start
);
INSERT INTO doc_mentions (doc_id, mentions)
SELECT doc_id, json_group_array(json_array(local_entity, entity_id, start, end, text, kind) ORDER BY start, rowid)
FROM mentions GROUP BY doc_id;
DROP TABLE mentions;
"#,
    // 5: no query reads time expressions by value (they are read by article); the index cost
    //    every time expression a second insert.
    r#"
DROP INDEX timexes_value;
"#,
    // 6: an event's evidence is the text between its `start` and `end` byte offsets in the
    //    article, read back as CAST(substr(CAST(d.text AS BLOB), e.start + 1, e.end - e.start)
    //    AS TEXT) (a blob's substr counts bytes); stored again it cost every event some eighty
    //    bytes.
    r#"
ALTER TABLE events DROP COLUMN evidence;
"#,
    // 7: an article's paragraphs, mentions and time expressions in one row of JSON arrays, as
    //    mentions already were (step 4): all three are only ever read by article, and a row each
    //    cost the writer some twenty inserts per article.
    r#"
CREATE TABLE doc_annotations (
    doc_id    INTEGER PRIMARY KEY REFERENCES documents(id),
    blocks    TEXT NOT NULL,   -- JSON: [[role, start, end], …] in order (the index is the block's idx)
    mentions  TEXT NOT NULL,   -- JSON: [[local_entity, entity_id, start, end, text, kind], …] by start
    timexes   TEXT NOT NULL    -- JSON: [[local_id, text, start, end, type, value, anchor], …] by start, then local_id
);
INSERT INTO doc_annotations (doc_id, blocks, mentions, timexes)
SELECT d.id,
       (SELECT json_group_array(json_array(b.role, b.start, b.end) ORDER BY b.idx) FROM blocks b WHERE b.doc_id = d.id),
       COALESCE((SELECT m.mentions FROM doc_mentions m WHERE m.doc_id = d.id), '[]'),
       (SELECT json_group_array(json_array(t.local_id, t.text, t.start, t.end, t.type, t.value, t.anchor) ORDER BY t.start, t.local_id)
        FROM timexes t WHERE t.doc_id = d.id)
FROM documents d;
DROP TABLE blocks;
DROP TABLE doc_mentions;
DROP TABLE timexes;
"#,
    // 8: the others speaking jointly with a quote's speaker (a joint statement's other authors,
    //    "A and B said", "the parties discussed"): their names as a JSON array beside `via`, and
    //    the resolved ones by entity so that `quotes --speaker B` finds the statements B made
    //    with others. NULL and no rows when a quote has one speaker, as nearly all do.
    r#"
ALTER TABLE quotes ADD COLUMN co_speakers TEXT;
CREATE TABLE quote_co_speakers (
    entity_id  INTEGER NOT NULL REFERENCES corpus_entities(id),
    quote_id   INTEGER NOT NULL REFERENCES quotes(id),
    PRIMARY KEY (entity_id, quote_id)
) WITHOUT ROWID;
"#,
    // 9: the indexes by speaker, by actor entity and by actor code hold only the rows that have
    //    one: every query through them asks for a value (`= ?`, or a code range, either of which
    //    implies NOT NULL, so SQLite still chooses them), and most events name no resolved
    //    entity or code on one side or both (on generated news, 64% of sources and 82% of
    //    targets), so each such row cost the writer index inserts no query could ever use.
    r#"
DROP INDEX quotes_speaker;
CREATE INDEX quotes_speaker ON quotes(speaker_entity, date) WHERE speaker_entity IS NOT NULL;
DROP INDEX events_source;
CREATE INDEX events_source ON events(source_entity, date) WHERE source_entity IS NOT NULL;
DROP INDEX events_target;
CREATE INDEX events_target ON events(target_entity, date) WHERE target_entity IS NOT NULL;
DROP INDEX events_source_code;
CREATE INDEX events_source_code ON events(source_code, date) WHERE source_code IS NOT NULL;
DROP INDEX events_target_code;
CREATE INDEX events_target_code ON events(target_code, date) WHERE target_code IS NOT NULL;
"#,
    // 10: an article's quotes and events are found by their row ids, which the writer gives
    //     them in a row, one article after the other: `doc_annotations` keeps the first and last
    //     of each (NULL when none), and a reader takes the rows between them that belong to the
    //     article (`id BETWEEN first AND last AND doc_id = ?`, right even were the ids not in a
    //     row). The indexes by document cost every quote and event an insert of its own.
    r#"
ALTER TABLE doc_annotations ADD COLUMN first_quote INTEGER;
ALTER TABLE doc_annotations ADD COLUMN last_quote INTEGER;
ALTER TABLE doc_annotations ADD COLUMN first_event INTEGER;
ALTER TABLE doc_annotations ADD COLUMN last_event INTEGER;
UPDATE doc_annotations SET
    (first_quote, last_quote) = (SELECT min(q.id), max(q.id) FROM quotes q WHERE q.doc_id = doc_annotations.doc_id),
    (first_event, last_event) = (SELECT min(e.id), max(e.id) FROM events e WHERE e.doc_id = doc_annotations.doc_id);
DROP INDEX quotes_doc;
DROP INDEX events_doc;
"#,
    // 11: events in date order without a type or an actor are read type by type through
    //     `events_type_date` and merged (`query::events`), so the index by date alone served no
    //     query and cost every event an insert.
    r#"
DROP INDEX events_date;
"#,
    // 12: events counted by date (as stored: a year, a month or a day) and type, kept by the
    //     writer in each batch's transaction like the network summaries: counts per period
    //     without an actor (the chart of the web page) read these rows instead of every event,
    //     which on 100,000 generated articles took a quarter of a second.
    r#"
CREATE TABLE event_date_counts (
    date    TEXT NOT NULL,
    type    TEXT NOT NULL,
    events  INTEGER NOT NULL,
    PRIMARY KEY (date, type)
) WITHOUT ROWID;
INSERT INTO event_date_counts (date, type, events)
SELECT date, type, count(*) FROM events WHERE date IS NOT NULL GROUP BY date, type;
"#,
    // 13: the corpus entities each quote mentions (a mention of the article lying inside the
    //     quote's span), so that `quotes --about NAME` reads the quotes about an entity through
    //     this table instead of testing every quote against its article's mentions: on 100,000
    //     generated articles that took 10.7 s for a surname rarely quoted about. And FTS5 merges
    //     its index segments sixteen at a time instead of four (`automerge`): the writer merged
    //     every segment about four times over the life of a corpus, a sixth of its time at
    //     50,000 articles; searches took the same time at 100,000 articles either way. Speakers
    //     and actors known by a name alone (no corpus entity: "officials", "the ministry") are
    //     indexed by that name in lower case, as `quotes --speaker` and `events --actor/--target`
    //     ask for them, instead of every quote or event being read for a name no row has (0.4
    //     and 1.1 s on 100,000 generated articles); only such rows are in the indexes. The
    //     index of an article's entities by corpus entity serves one question, the roles an
    //     entity was given, so it holds only the rows with roles (a twelfth of them on generated
    //     news) instead of costing every other row an insert.
    r#"
CREATE TABLE quote_mentions (
    entity_id  INTEGER NOT NULL REFERENCES corpus_entities(id),
    quote_id   INTEGER NOT NULL REFERENCES quotes(id),
    PRIMARY KEY (entity_id, quote_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO quote_mentions (entity_id, quote_id)
SELECT m.value ->> 1, q.id FROM quotes q JOIN doc_annotations a ON a.doc_id = q.doc_id, json_each(a.mentions) m
WHERE m.value ->> 2 >= q.start AND m.value ->> 3 <= q.end AND m.value ->> 1 IS NOT NULL;
INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', 16);
INSERT INTO quotes_fts (quotes_fts, rank) VALUES ('automerge', 16);
CREATE INDEX quotes_speaker_name ON quotes(lower(speaker_name), date) WHERE speaker_entity IS NULL AND speaker_name IS NOT NULL;
CREATE INDEX events_source_name ON events(lower(source_name), date) WHERE source_entity IS NULL AND source_name IS NOT NULL;
CREATE INDEX events_target_name ON events(lower(target_name), date) WHERE target_entity IS NULL AND target_name IS NOT NULL;
DROP INDEX doc_entities_entity;
CREATE INDEX doc_entities_roles ON doc_entities(entity_id) WHERE roles IS NOT NULL AND roles <> '[]';
"#,
    // 14: the indexes of speakers and actors known by name alone compare names with the NOCASE
    //     collation instead of indexing lower(name): the same comparison (both fold ASCII letters
    //     only), but without a function call in the index. A function anywhere in an INSERT
    //     makes SQLite protect a statement of several rows with a statement journal, copying
    //     every page it changes; without one the writer can insert quotes and events sixteen
    //     rows per statement.
    r#"
DROP INDEX quotes_speaker_name;
CREATE INDEX quotes_speaker_name ON quotes(speaker_name COLLATE NOCASE, date) WHERE speaker_entity IS NULL AND speaker_name IS NOT NULL;
DROP INDEX events_source_name;
CREATE INDEX events_source_name ON events(source_name COLLATE NOCASE, date) WHERE source_entity IS NULL AND source_name IS NOT NULL;
DROP INDEX events_target_name;
CREATE INDEX events_target_name ON events(target_name COLLATE NOCASE, date) WHERE target_entity IS NULL AND target_name IS NOT NULL;
"#,
    // 15: the full-text index moves to a database file of its own beside the corpus (see
    //     `search`), which another connection writes while the writer stores the next batch:
    //     in this file it was a quarter of the writer's work. The corpus gets an identity, which
    //     the index records, so that an index is never taken for another corpus's. Opening the
    //     corpus for writing builds the new index from the articles and quotes stored.
    r#"
CREATE TABLE corpus_identity (
    id  TEXT NOT NULL           -- random, made once when the corpus reaches this version
);
INSERT INTO corpus_identity (id) VALUES (lower(hex(randomblob(16))));
DROP TABLE documents_fts;
DROP TABLE quotes_fts;
DROP TABLE fts_lengths;
"#,
];

/// The FTS5 tables whose lengths `fts_lengths` keeps.
pub const FTS_TABLES: [&str; 2] = ["documents_fts", "quotes_fts"];

/// Work a step needs beyond its SQL, done in the step's transaction.
fn after_step(tx: &Connection, version: usize) -> rusqlite::Result<()> {
    if version == 3 {
        for fts in FTS_TABLES {
            crate::rank::record_all_lengths(tx, fts)?;
        }
    }
    Ok(())
}

/// The schema version a fully migrated database has.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Apply every migration step the database has not seen yet, in order.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<i64> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, step) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        after_step(&tx, i + 1)?;
        // PRAGMA takes no parameters; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
    }
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}
