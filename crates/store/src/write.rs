//! Writing documents: one transaction per batch, so a batch is stored whole or not at all.

use crate::bind::{Insert, Rows};
use crate::normalize::{content_hash, normalize_url};
use crate::resolve::{NewRows, Resolver};
pub use crate::values::RowValues;
use newsgraph_doc::{Doc, Event};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// What the input said about an article besides its text (the `Doc` holds id, title, URL, date).
#[derive(Debug, Clone, Default)]
pub struct DocMeta {
    /// Where it was read: a file, `file:line`, `archive@offset`.
    pub source: String,
    pub author: Option<String>,
    pub site: Option<String>,
    /// What the writer would otherwise compute from the `Doc` alone, computed beforehand by the
    /// thread that extracted it ([`Prepared::of`]): the writer is one thread for all of them.
    pub prepared: Option<Prepared>,
}

/// The parts of writing an article that need no database: its content hash and its entities'
/// resolution keys. Always computed from the `Doc` that is written, so the result is the same
/// wherever it is computed.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    content_hash: String,
    entity_keys: Vec<crate::resolve::EntityKeys>,
    /// The rows' values ([`RowValues`]), when computed beforehand.
    values: Option<RowValues>,
}

impl Prepared {
    pub fn of(doc: &Doc) -> Self {
        Self::with_content_hash(doc, content_hash(&doc.text))
    }

    /// [`Prepared::of`] for a caller that has already hashed the text (`newsgraph ingest` hashes
    /// every article it reads, to skip the ones already stored). `hash` must be
    /// [`content_hash`] of `doc.text`: the writer trusts it for deduplication.
    pub fn with_content_hash(doc: &Doc, hash: String) -> Self {
        debug_assert_eq!(hash, content_hash(&doc.text), "the content hash of another text");
        Prepared { content_hash: hash, entity_keys: doc.entities.iter().map(crate::resolve::EntityKeys::of).collect(), values: None }
    }

    /// With the values of the article's rows computed here too ([`RowValues`]): `doc` must be
    /// the article these were prepared for.
    pub fn with_row_values(mut self, doc: &Doc) -> Self {
        self.values = Some(RowValues::of(doc));
        self
    }

    /// The content hash alone, the writer computing the entity keys (a caller with a writer
    /// that has time to spare). The same condition on `hash` holds.
    pub fn content_hash_only(hash: String) -> Self {
        Prepared { content_hash: hash, entity_keys: Vec::new(), values: None }
    }
}

/// Why an article was not stored although it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicate {
    Url,
    Content,
}

/// The outcome of one batch.
#[derive(Debug, Default, Clone)]
pub struct BatchOutcome {
    pub stored: usize,
    /// Sources of the articles skipped as duplicates, with which key matched.
    pub duplicates: Vec<(String, Duplicate)>,
}

/// Is an article with this URL or text already stored?
pub fn known(conn: &Connection, url: Option<&str>, text: &str) -> rusqlite::Result<Option<Duplicate>> {
    known_by_hash(conn, url.and_then(normalize_url).as_deref(), &content_hash(text))
}

/// [`known`] for a normalised URL and a [`content_hash`] the caller has already computed.
pub fn known_by_hash(conn: &Connection, normalized_url: Option<&str>, hash: &str) -> rusqlite::Result<Option<Duplicate>> {
    if let Some(u) = normalized_url {
        if conn.prepare_cached("SELECT 1 FROM documents WHERE url = ?1")?.query_row([u], |_| Ok(())).optional()?.is_some() {
            return Ok(Some(Duplicate::Url));
        }
    }
    if conn.prepare_cached("SELECT 1 FROM documents WHERE content_hash = ?1")?.query_row([hash], |_| Ok(())).optional()?.is_some() {
        return Ok(Some(Duplicate::Content));
    }
    Ok(None)
}

/// An actor pair of the network summary: a corpus entity (name '') or, unresolved, a name
/// (entity 0) on each side, and the event type. The strings are borrowed from the batch's
/// articles: as owned strings, these keys and the dated counts' cost the writer five new
/// strings per event.
type Pair<'a> = (i64, &'a str, i64, &'a str, &'a str);

/// Events of one pair (and day) with the greatest actor codes seen.
#[derive(Default)]
struct PairCount {
    events: i64,
    source_code: Option<String>,
    target_code: Option<String>,
}

impl PairCount {
    fn add(&mut self, events: i64, source_code: Option<&str>, target_code: Option<&str>) {
        self.events += events;
        // Greatest code, as the migration's backfill takes it with max().
        fn greater(have: &mut Option<String>, new: Option<&str>) {
            if let Some(n) = new {
                if have.as_deref().is_none_or(|h| n > h) {
                    *have = Some(n.to_string());
                }
            }
        }
        greater(&mut self.source_code, source_code);
        greater(&mut self.target_code, target_code);
    }
}

/// What a batch added: applied to the summary tables at the end of the batch's transaction, so
/// they always agree with the rows they summarise.
#[derive(Default)]
struct Tally<'a> {
    documents: i64,
    blocks: i64,
    doc_entities: i64,
    mentions: i64,
    quotes: i64,
    timexes: i64,
    events: i64,
    text_bytes: i64,
    resolved: NewRows,
    /// By (date, or '' for undated, pair). Ordered maps, like the summary tables' keys: the
    /// rows then go in in key order, each beside the one before, on pages just read, rather
    /// than anywhere in the table.
    network_days: BTreeMap<(&'a str, Pair<'a>), PairCount>,
    /// Dated events by (date, type).
    event_dates: BTreeMap<(&'a str, &'a str), i64>,
}

impl Tally<'_> {
    fn apply(self, tx: &Connection) -> rusqlite::Result<()> {
        let counts = [
            ("documents", self.documents),
            ("blocks", self.blocks),
            ("corpus_entities", self.resolved.entities),
            ("entity_aliases", self.resolved.aliases),
            ("doc_entities", self.doc_entities),
            ("mentions", self.mentions),
            ("quotes", self.quotes),
            ("timexes", self.timexes),
            ("events", self.events),
            ("text_bytes", self.text_bytes),
        ];
        let mut st = tx.prepare_cached("UPDATE table_counts SET value = value + ?2 WHERE name = ?1")?;
        for (name, n) in counts {
            if n != 0 {
                st.execute(params![name, n])?;
            }
        }
        let mut totals: BTreeMap<Pair, PairCount> = BTreeMap::new();
        let mut st_day = tx.prepare_cached(
            "INSERT INTO network_days (date, source_entity, source_name, target_entity, target_name, type, source_code, target_code, events) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
             ON CONFLICT (date, source_entity, source_name, target_entity, target_name, type) DO UPDATE SET events = events + excluded.events, \
             source_code = COALESCE(max(source_code, excluded.source_code), source_code, excluded.source_code), \
             target_code = COALESCE(max(target_code, excluded.target_code), target_code, excluded.target_code)",
        )?;
        for ((day, pair), c) in &self.network_days {
            st_day.execute(params![day, pair.0, pair.1, pair.2, pair.3, pair.4, c.source_code, c.target_code, c.events])?;
            totals.entry(*pair).or_default().add(c.events, c.source_code.as_deref(), c.target_code.as_deref());
        }
        let mut st_total = tx.prepare_cached(
            "INSERT INTO network_totals (source_entity, source_name, target_entity, target_name, type, source_code, target_code, events) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT (source_entity, source_name, target_entity, target_name, type) DO UPDATE SET events = events + excluded.events, \
             source_code = COALESCE(max(source_code, excluded.source_code), source_code, excluded.source_code), \
             target_code = COALESCE(max(target_code, excluded.target_code), target_code, excluded.target_code)",
        )?;
        for (pair, c) in totals {
            st_total.execute(params![pair.0, pair.1, pair.2, pair.3, pair.4, c.source_code, c.target_code, c.events])?;
        }
        let mut st_dates = tx.prepare_cached(
            "INSERT INTO event_date_counts (date, type, events) VALUES (?1, ?2, ?3) \
             ON CONFLICT (date, type) DO UPDATE SET events = events + excluded.events",
        )?;
        for ((date, kind), events) in &self.event_dates {
            st_dates.execute(params![date, kind, events])?;
        }
        Ok(())
    }
}

/// Store a batch of processed documents in one transaction, their quotes and events in date
/// order (see `date_order`). Duplicates (by normalised URL or content hash, against the corpus
/// and earlier documents of the same batch) are skipped.
/// Entities are resolved against a copy of the corpus entities read for this batch alone; a
/// writer of many batches keeps one with [`write_batch_with`].
pub fn write_batch(conn: &mut Connection, docs: &[(Doc, DocMeta)]) -> rusqlite::Result<BatchOutcome> {
    write_batch_with(conn, &mut None, docs)
}

/// [`write_batch`] with the resolver's copy of the corpus entities kept across batches in
/// `resolver`: loaded when empty or when another connection has written since, and dropped when
/// the batch fails (its transaction rolls back, so the copy would be ahead of the database).
pub fn write_batch_with(conn: &mut Connection, resolver: &mut Option<Resolver>, docs: &[(Doc, DocMeta)]) -> rusqlite::Result<BatchOutcome> {
    // IMMEDIATE: the write lock is taken before the copy is checked, so no other writer can
    // commit between the check and this batch.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = match resolver.take() {
        Some(r) if r.is_current(&tx)? => r,
        _ => Resolver::load(&tx)?,
    };
    let r = resolver.insert(current);
    match write_in(&tx, r, docs).and_then(|out| tx.commit().map(|()| out)) {
        Ok(out) => Ok(out),
        Err(e) => {
            *resolver = None;
            Err(e)
        }
    }
}

fn write_in(tx: &Connection, resolver: &mut Resolver, docs: &[(Doc, DocMeta)]) -> rusqlite::Result<BatchOutcome> {
    let mut out = BatchOutcome::default();
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut tally = Tally::default();
    // Each article's rows' values: the ones its caller prepared, else (none prepared, or
    // prepared for another text) computed here, before any row, since the rows keep borrowing
    // them until the batch's last statement.
    let values: Vec<Cow<'_, RowValues>> = docs
        .iter()
        .map(|(doc, meta)| match meta.prepared.as_ref().and_then(|p| p.values.as_ref()).filter(|v| v.fits(doc)) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(RowValues::of(doc)),
        })
        .collect();
    let mut rows = RowInserts::prepare(tx)?;
    // Quotes and events go in by date (see `date_order`), the rest in the order given. Each
    // article's quote and event ids are settled first, in date order, so that its annotations
    // can name them before they are inserted; a duplicate's ids are left unused.
    let order = date_order(docs);
    let mut first_ids = vec![(0, 0); docs.len()];
    for &i in &order {
        first_ids[i] = (rows.next_quote_id, rows.next_event_id);
        let (quotes, events) = statement_counts(&docs[i].0, &values[i]);
        rows.next_quote_id += quotes as i64;
        rows.next_event_id += events as i64;
    }
    let mut stored = Vec::with_capacity(docs.len());
    for (((doc, meta), row_values), &first) in docs.iter().zip(&values).zip(&first_ids) {
        // Hashing the text is not free: once per article.
        let url = doc.url.as_deref().and_then(normalize_url);
        let hash = meta.prepared.as_ref().map_or_else(|| content_hash(&doc.text), |p| p.content_hash.clone());
        let keys = DedupKeys { url: url.as_deref(), hash: &hash };
        let article = insert_doc(tx, &mut rows, doc, meta, row_values, keys, first, &now, resolver, &mut tally)?;
        if article.is_some() {
            out.stored += 1;
        } else {
            // Which key matched, for the report (the insert only says that one did).
            let d = known_by_hash(tx, url.as_deref(), &hash)?.unwrap_or(Duplicate::Content);
            out.duplicates.push((meta.source.clone(), d));
        }
        stored.push(article);
    }
    for i in order {
        if let Some(article) = &stored[i] {
            insert_statements(&mut rows, &docs[i].0, &values[i], article, first_ids[i], &mut tally)?;
        }
    }
    tally.doc_entities += rows.finish()? as i64;
    resolver.flush(tx, &mut tally.resolved)?;
    tally.apply(tx)?;
    Ok(out)
}

/// The order in which a batch's quotes and events are stored: by their article's date (undated
/// first), articles of the same date in the order given. Most of the indexes they add to are
/// ordered by date, alone or after another key (an event type, a speaker, an actor): in this
/// order each batch's entries go into them in one pass per key, from the earliest date to the
/// latest, instead of landing anywhere in indexes that outgrow the processor's caches as the
/// corpus grows. On 100,000 generated articles of a year's dates, the writer's CPU time fell
/// from 13.2–13.8 s to 9.2–11.2 s on two cores (docs/PERFORMANCE.md). The articles, their
/// entities and annotations stay in the order given: entity resolution depends on the order it
/// meets the articles in, which must not depend on how they were batched, and the tables keyed
/// by article take their rows at the end. The positions are ordered, not the batch itself: the
/// batch is freed on another thread, where freeing its articles out of the order they were
/// allocated in took twice as long (2.2 s against 1.1 s).
fn date_order(docs: &[(Doc, DocMeta)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    // Stable: the same date keeps the order given.
    order.sort_by_key(|&i| docs[i].0.date);
    order
}

/// How many quote and event rows an article gets: one per quote and event its row values cover
/// (`insert_statements` inserts exactly these, so the ids given beforehand are the ids used).
fn statement_counts(doc: &Doc, values: &RowValues) -> (usize, usize) {
    (values.quotes.len().min(doc.quotes.len()), values.events.len().min(doc.events.len()))
}

/// An article's normalised URL and content hash.
struct DedupKeys<'a> {
    url: Option<&'a str>,
    hash: &'a str,
}

/// The inserts of a batch: an article's own row one at a time (its insert decides whether it
/// is a duplicate, and gives the id the other rows refer to), the rest several rows per
/// statement ([`Rows`]). Quotes and events get their ids here, as SQLite would (one more than
/// the greatest), because their rows go in later than the rows that refer to them are made.
struct RowInserts<'c, 'a> {
    documents: Insert<'c>,
    annotations: Insert<'c>,
    doc_entities: Rows<'c, 'a>,
    quotes: Rows<'c, 'a>,
    co_speakers: Rows<'c, 'a>,
    quote_mentions: Rows<'c, 'a>,
    events: Rows<'c, 'a>,
    next_quote_id: i64,
    next_event_id: i64,
}

impl<'c, 'a> RowInserts<'c, 'a> {
    fn prepare(tx: &'c Connection) -> rusqlite::Result<Self> {
        let next_id = |table: &str| tx.query_row(&format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"), [], |r| r.get::<_, i64>(0));
        Ok(RowInserts {
            documents: Insert::prepare(
                tx,
                "INSERT OR IGNORE INTO documents (doc_key, source, url, content_hash, title, date, date_source, author, site, text, length, ingested_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            annotations: Insert::prepare(
                tx,
                "INSERT INTO doc_annotations (doc_id, blocks, mentions, timexes, first_quote, last_quote, first_event, last_event) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            doc_entities: Rows::new(tx, "INSERT OR IGNORE INTO doc_entities (doc_id, local_id, entity_id, name, type, country, sector, roles)", 8),
            // OR FAIL rather than the default ABORT: an ABORT statement of several rows needs a
            // statement journal to undo its own rows, and on an error the batch's transaction
            // is rolled back whole anyway.
            quotes: Rows::new(tx, "INSERT OR FAIL INTO quotes (id, doc_id, local_id, kind, text, start, end, speaker_entity, speaker_name, cue, via, date, co_speakers)", 13),
            co_speakers: Rows::new(tx, "INSERT OR IGNORE INTO quote_co_speakers (entity_id, quote_id)", 2),
            quote_mentions: Rows::new(tx, "INSERT OR IGNORE INTO quote_mentions (entity_id, quote_id)", 2),
            events: Rows::new(
                tx,
                "INSERT OR FAIL INTO events (id, doc_id, local_id, type, mode, cameo, source_entity, source_name, source_country, source_sector, source_code, \
                 target_entity, target_name, target_country, target_sector, target_code, date, date_precision, negated, hypothetical, \
                 trigger, trigger_start, trigger_end, start, end, rule, quote_local_id)",
                27,
            ),
            next_quote_id: next_id("quotes")?,
            next_event_id: next_id("events")?,
        })
    }

    /// Insert the rows still gathered; answers the article entities inserted.
    fn finish(self) -> rusqlite::Result<usize> {
        let doc_entities = self.doc_entities.finish()?;
        self.quotes.finish()?;
        self.co_speakers.finish()?;
        self.quote_mentions.finish()?;
        self.events.finish()?;
        Ok(doc_entities)
    }
}

/// Store one article, unless its URL or content hash is stored already (in the corpus or earlier
/// in the batch): then nothing is written and the answer is false. The UNIQUE indexes on both
/// keys decide (`INSERT OR IGNORE`), in the same index searches the insert makes anyway, rather
/// than two look-ups beforehand.
#[allow(clippy::too_many_arguments)]
fn insert_doc<'a>(
    tx: &Connection,
    rows: &mut RowInserts<'_, 'a>,
    doc: &'a Doc,
    meta: &DocMeta,
    values: &'a RowValues,
    keys: DedupKeys<'_>,
    (first_quote, first_event): (i64, i64),
    now: &str,
    resolver: &mut Resolver,
    tally: &mut Tally<'a>,
) -> rusqlite::Result<Option<Stored<'a>>> {
    let inserted = rows.documents.run(&[
        (&doc.id).into(),
        (&meta.source).into(),
        keys.url.into(),
        keys.hash.into(),
        (&doc.title).into(),
        (&doc.date.map(newsgraph_doc::iso_date)).into(),
        doc.date_source.as_str().into(),
        (&meta.author).into(),
        (&meta.site).into(),
        (&doc.text).into(),
        doc.text.len().into(),
        now.into(),
    ])?;
    if inserted == 0 {
        return Ok(None);
    }
    let doc_id = tx.last_insert_rowid();
    tally.documents += 1;
    tally.text_bytes += doc.text.len() as i64;
    tally.blocks += values.block_count as i64;
    tally.timexes += values.timex_count as i64;
    tally.mentions += values.mention_spans.len() as i64;

    // Entities: each resolved to its corpus entity; local ids map to corpus ids for the rest.
    let mut corpus_ids: Vec<i64> = Vec::with_capacity(doc.entities.len());
    let mut corpus: HashMap<&str, i64> = HashMap::with_capacity(doc.entities.len());
    let prepared_keys = meta.prepared.as_ref().map(|p| &p.entity_keys).filter(|k| k.len() == doc.entities.len());
    for (i, e) in doc.entities.iter().enumerate() {
        let computed;
        let keys = match prepared_keys.and_then(|k| k.get(i)) {
            Some(k) => k,
            None => {
                computed = crate::resolve::EntityKeys::of(e);
                &computed
            }
        };
        let id = resolver.resolve_keyed(tx, e, keys)?;
        corpus_ids.push(id);
        corpus.insert(e.id.as_str(), id);
        rows.doc_entities.push(&[
            doc_id.into(),
            (&e.id).into(),
            id.into(),
            (&e.name).into(),
            e.kind.as_str().into(),
            (&e.country).into(),
            (&e.sector).into(),
            (&values.roles[i]).into(),
        ])?;
    }
    // The article's quotes and events go in later (`insert_statements`), with the ids given to
    // them beforehand: readers find them by the first and last, kept with the annotations,
    // rather than through an index by document.
    let range = |first: i64, n: usize| if n == 0 { (None, None) } else { (Some(first), Some(first + n as i64 - 1)) };
    let (quotes, events) = statement_counts(doc, values);
    let (quote_ids, event_ids) = (range(first_quote, quotes), range(first_event, events));
    let mentions = values.mentions.fill(|i| corpus_ids[i]);
    rows.annotations.run(&[
        doc_id.into(),
        values.blocks.as_str().into(),
        mentions.as_str().into(),
        values.timexes.as_str().into(),
        quote_ids.0.into(),
        quote_ids.1.into(),
        event_ids.0.into(),
        event_ids.1.into(),
    ])?;
    Ok(Some(Stored { doc_id, corpus_ids, corpus }))
}

/// What the rest of an article's rows need from [`insert_doc`]: its id, and its entities'
/// corpus ids (by position and by local id).
struct Stored<'a> {
    doc_id: i64,
    corpus_ids: Vec<i64>,
    corpus: HashMap<&'a str, i64>,
}

/// Insert an article's quotes and events, with the ids [`insert_doc`] gave them.
fn insert_statements<'a>(
    rows: &mut RowInserts<'_, 'a>,
    doc: &'a Doc,
    values: &'a RowValues,
    article: &Stored<'a>,
    (first_quote, first_event): (i64, i64),
    tally: &mut Tally<'a>,
) -> rusqlite::Result<()> {
    let Stored { doc_id, corpus_ids, corpus } = article;
    let doc_id = *doc_id;
    let lookup = |local: Option<&str>| local.and_then(|l| corpus.get(l).copied());
    for ((q, qv), quote_id) in doc.quotes.iter().zip(&values.quotes).zip(first_quote..) {
        rows.quotes.push(&[
            quote_id.into(),
            doc_id.into(),
            (&q.id).into(),
            q.kind.as_str().into(),
            (&q.text).into(),
            q.start.into(),
            q.end.into(),
            lookup(q.speaker.as_ref().and_then(|s| s.entity.as_deref())).into(),
            q.speaker.as_ref().map(|s| s.name.as_str()).into(),
            q.cue.as_ref().map(|c| c.text.as_str()).into(),
            qv.via.as_str().into(),
            (&qv.date).into(),
            (&qv.co_speakers).into(),
        ])?;
        for co in &q.co_speakers {
            if let Some(entity) = lookup(co.entity.as_deref()) {
                rows.co_speakers.push(&[entity.into(), quote_id.into()])?;
            }
        }
        // The entities mentioned inside the quote (the spans are in text order).
        let first = values.mention_spans.partition_point(|m| m.1 < q.start);
        for m in values.mention_spans[first..].iter().take_while(|m| m.1 <= q.end).filter(|m| m.2 <= q.end) {
            rows.quote_mentions.push(&[corpus_ids[m.0].into(), quote_id.into()])?;
        }
        tally.quotes += 1;
    }

    for ((ev, evv), event_id) in doc.events.iter().zip(&values.events).zip(first_event..) {
        let Event { source, target, .. } = ev;
        let source_entity = lookup(source.as_ref().and_then(|a| a.entity.as_deref()));
        let target_entity = lookup(target.as_ref().and_then(|a| a.entity.as_deref()));
        let date = &evv.date;
        rows.events.push(&[
            event_id.into(),
            doc_id.into(),
            (&ev.id).into(),
            (&ev.kind).into(),
            (&ev.mode).into(),
            (&ev.cameo).into(),
            source_entity.into(),
            source.as_ref().map(|a| a.name.as_str()).into(),
            source.as_ref().and_then(|a| a.country.as_deref()).into(),
            source.as_ref().and_then(|a| a.sector.as_deref()).into(),
            (&evv.source_code).into(),
            target_entity.into(),
            target.as_ref().map(|a| a.name.as_str()).into(),
            target.as_ref().and_then(|a| a.country.as_deref()).into(),
            target.as_ref().and_then(|a| a.sector.as_deref()).into(),
            (&evv.target_code).into(),
            date.into(),
            (&ev.date_precision).into(),
            ev.negated.into(),
            ev.hypothetical.into(),
            (&ev.trigger.text).into(),
            ev.trigger.start.into(),
            ev.trigger.end.into(),
            ev.start.into(),
            ev.end.into(),
            (&ev.rule).into(),
            (&ev.quote).into(),
        ])?;
        tally.events += 1;
        if let Some(d) = date {
            *tally.event_dates.entry((d.as_str(), ev.kind.as_str())).or_default() += 1;
        }
        if let (Some(s), Some(t)) = (source, target) {
            // As the network groups: by corpus entity, else by the name as written.
            let side = |entity: Option<i64>, name: &'a str| match entity {
                Some(id) => (id, ""),
                None => (0, name),
            };
            let (se, sn) = side(source_entity, &s.name);
            let (te, tn) = side(target_entity, &t.name);
            let key = (date.as_deref().unwrap_or(""), (se, sn, te, tn, ev.kind.as_str()));
            tally.network_days.entry(key).or_default().add(1, evv.source_code.as_deref(), evv.target_code.as_deref());
        }
    }
    Ok(())
}
