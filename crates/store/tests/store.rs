//! Store behaviour on documents built here by hand: dedup, resolution across documents, queries.

mod common;

use chrono::NaiveDate;
use newsgraph_doc::*;
use newsgraph_store::{query, DocMeta, Store};

fn mention(text: &str, start: usize, kind: MentionKind) -> Mention {
    Mention { start, end: start + text.len(), text: text.into(), kind, reason: "test".into() }
}

fn person(id: &str, name: &str, country: Option<&str>, mentions: Vec<Mention>) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind: EntityType::Person,
        country: country.map(str::to_string),
        sector: Some("GOV".into()),
        code: None,
        roles: vec![],
        gender: None,
        mentions,
        references: vec![],
    }
}

fn doc(id: &str, text: &str, entities: Vec<Entity>) -> (Doc, DocMeta) {
    let mut d = Doc::new(id, text);
    d.date = NaiveDate::from_ymd_opt(2021, 11, 17);
    d.date_source = DateSource::Metadata;
    d.entities = entities;
    (d, DocMeta { source: format!("test:{id}"), ..Default::default() })
}

fn tmp_store(name: &str) -> (Store, std::path::PathBuf) {
    common::tmp_store("store", name)
}

fn entity_ids_named(store: &Store, name: &str) -> Vec<i64> {
    query::entity_ids(&store.conn, name).unwrap()
}

#[test]
fn duplicates_by_url_and_by_text_are_skipped() {
    let (mut store, _) = tmp_store("dedup");
    let (mut a, ma) = doc("a", "The council met on Monday.\n\nIt voted to rebuild the bridge.", vec![]);
    a.url = Some("https://www.example.org/news/bridge?utm_source=feed".into());
    let (b, mb) = doc("b", "the council   met on Monday. It voted to rebuild the bridge!", vec![]);
    let (mut c, mc) = doc("c", "A different story about the harbour.", vec![]);
    c.url = Some("http://example.org/news/bridge/".into());
    let out = store.write_batch(&[(a, ma), (b, mb), (c, mc)]).unwrap();
    assert_eq!(out.stored, 1);
    assert_eq!(out.duplicates.len(), 2);
    assert_eq!(out.duplicates[0].1, newsgraph_store::Duplicate::Content);
    assert_eq!(out.duplicates[1].1, newsgraph_store::Duplicate::Url);
    assert_eq!(store.document_count().unwrap(), 1);
}

#[test]
fn quotes_and_events_are_stored_in_date_order_and_articles_in_the_order_given() {
    let (mut store, _) = tmp_store("date-order");
    let dated = |id: &str, text: &str, date: Option<(i32, u32, u32)>| {
        let (mut d, m) = doc(id, text, vec![]);
        d.date = date.and_then(|(y, mo, day)| NaiveDate::from_ymd_opt(y, mo, day));
        for n in 0..2 {
            d.quotes.push(Quote {
                id: format!("Q{n}"),
                kind: QuoteKind::Indirect,
                text: text[..4].into(),
                start: 0,
                end: 4,
                speaker: Some(EntityRef { entity: None, name: "the harbour master".into(), start: 0, end: 4 }),
                co_speakers: vec![],
                cue: None,
                via: vec![],
                block: 0,
                date: None,
            });
        }
        d.events.push(event("V1", "CONSULT", ("Aldport", None, None), ("Brenmoor", None, None), None));
        (d, m)
    };
    let batch = vec![
        dated("late", "The ferry strike ended in March.", Some((2022, 3, 9))),
        dated("copy", "The port reopened after the storm.", Some((2022, 1, 1))),
        dated("early", "The harbour board met in January.", Some((2022, 1, 20))),
        dated("undated", "A note without a date.", None),
        dated("same-day", "Dockers voted on the offer in January.", Some((2022, 1, 20))),
        dated("repeat", "The port reopened after the storm!", Some((2022, 1, 25))),
    ];
    let out = store.write_batch(&batch).unwrap();
    assert_eq!(out.stored, 5);
    // Duplicates are decided in the order given: the later copy is the one skipped.
    assert_eq!(out.duplicates.iter().map(|(source, _)| source.as_str()).collect::<Vec<_>>(), ["test:repeat"]);
    let column = |sql: &str| -> Vec<String> { store.conn.prepare(sql).unwrap().query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap() };
    assert_eq!(column("SELECT doc_key FROM documents ORDER BY id"), ["late", "copy", "early", "undated", "same-day"]);
    // Quotes and events by date, undated first, the same date in the order given.
    let by_date = ["undated", "undated", "copy", "copy", "early", "early", "same-day", "same-day", "late", "late"];
    assert_eq!(column("SELECT d.doc_key FROM quotes q JOIN documents d ON d.id = q.doc_id ORDER BY q.id"), by_date);
    assert_eq!(column("SELECT d.doc_key FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY e.id"), ["undated", "copy", "early", "same-day", "late"]);
    // Each article's annotations name the first and last of its own quotes and events. The ids
    // were given by date before the copy was found out: its own (quotes 9-10, event 5) are unused.
    let ranges: Vec<(String, i64, i64, i64, i64)> = store
        .conn
        .prepare(
            "SELECT d.doc_key, a.first_quote, a.last_quote, a.first_event, a.last_event FROM doc_annotations a JOIN documents d ON d.id = a.doc_id ORDER BY a.first_quote",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<(String, i64, i64, i64, i64)> = [("undated", 1, 1), ("copy", 3, 2), ("early", 5, 3), ("same-day", 7, 4), ("late", 11, 6)]
        .iter()
        .map(|&(k, quote, event)| (k.to_string(), quote, quote + 1, event, event))
        .collect();
    assert_eq!(ranges, expected);
    let article = newsgraph_store::browse::document(&store.conn, "early").unwrap().unwrap();
    assert_eq!(article["quotes"].as_array().map(Vec::len), Some(2), "{article}");
}

#[test]
fn keys_prepared_by_the_extraction_thread_write_the_same_corpus() {
    let batch = || {
        vec![
            doc("d1", "Vladimir Putin spoke. Putin left.", vec![person("E1", "Vladimir Putin", Some("RUS"), vec![mention("Vladimir Putin", 0, MentionKind::Name), mention("Putin", 22, MentionKind::Name)])]),
            doc("d2", "Putin answered questions.", vec![person("E1", "Putin", Some("RUS"), vec![mention("Putin", 0, MentionKind::Name)])]),
            doc("d3", "Alexander Lukashenka met them.", vec![person("E1", "Alexander Lukashenka", Some("BLR"), vec![mention("Alexander Lukashenka", 0, MentionKind::Name)])]),
            doc("d4", "vladimir PUTIN spoke. Putin left!", vec![]),
        ]
    };
    let dump = |store: &Store| -> Vec<String> {
        let mut st = store
            .conn
            .prepare(
                "SELECT 'e|' || id || '|' || name || '|' || documents || '|' || mentions FROM corpus_entities \
                 UNION ALL SELECT 'a|' || entity_id || '|' || alias || '|' || count FROM entity_aliases \
                 UNION ALL SELECT 'd|' || doc_key || '|' || content_hash FROM documents \
                 UNION ALL SELECT 'n|' || doc_id || '|' || mentions || '|' || blocks || '|' || timexes FROM doc_annotations ORDER BY 1",
            )
            .unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let (mut plain, _) = tmp_store("prepared-plain");
    let (mut prepared, _) = tmp_store("prepared-keys");
    let out_plain = plain.write_batch(&batch()).unwrap();
    let with_keys: Vec<(Doc, DocMeta)> = batch()
        .into_iter()
        .map(|(d, mut m)| {
            m.prepared = Some(newsgraph_store::Prepared::of(&d).with_row_values(&d));
            (d, m)
        })
        .collect();
    let out_prepared = prepared.write_batch(&with_keys).unwrap();
    // `newsgraph ingest` hands over the hash it computed from the text as read.
    let (mut hashed, _) = tmp_store("prepared-hash");
    let with_hash: Vec<(Doc, DocMeta)> = batch()
        .into_iter()
        .map(|(d, mut m)| {
            let hash = newsgraph_store::normalize::content_hash(&d.text);
            m.prepared = Some(newsgraph_store::Prepared::with_content_hash(&d, hash));
            (d, m)
        })
        .collect();
    let out_hashed = hashed.write_batch(&with_hash).unwrap();
    assert_eq!((out_plain.stored, out_plain.duplicates.len()), (3, 1), "the fourth repeats the first's text");
    assert_eq!((out_prepared.stored, out_prepared.duplicates.len()), (3, 1));
    assert_eq!((out_hashed.stored, out_hashed.duplicates.len()), (3, 1));
    let rows = dump(&plain);
    assert!(rows.iter().filter(|r| r.starts_with("e|")).count() == 2, "{rows:?}");
    assert_eq!(rows, dump(&prepared));
    assert_eq!(rows, dump(&hashed));
}

#[test]
fn full_names_and_surnames_resolve_across_documents() {
    let (mut store, _) = tmp_store("resolve");
    let t1 = "Vladimir Putin spoke. Putin left.";
    let d1 = doc("d1", t1, vec![person("E1", "Vladimir Putin", Some("RUS"), vec![mention("Vladimir Putin", 0, MentionKind::Name), mention("Putin", 22, MentionKind::Name)])]);
    // A later article naming him only by surname joins the same corpus entity.
    let d2 = doc("d2", "Putin answered questions.", vec![person("E1", "Putin", Some("RUS"), vec![mention("Putin", 0, MentionKind::Name)])]);
    // A transliteration variant of another person's surname joins too.
    let d3 = doc("d3", "Alexander Lukashenko met him.", vec![person("E1", "Alexander Lukashenko", Some("BLR"), vec![mention("Alexander Lukashenko", 0, MentionKind::Name)])]);
    let d4 = doc("d4", "Alexander Lukashenka met them.", vec![person("E1", "Alexander Lukashenka", Some("BLR"), vec![mention("Alexander Lukashenka", 0, MentionKind::Name)])]);
    store.write_batch(&[d1, d2, d3, d4]).unwrap();
    let putin = entity_ids_named(&store, "Putin");
    assert_eq!(putin.len(), 1);
    assert_eq!(putin, entity_ids_named(&store, "Vladimir Putin"));
    let docs: i64 = store.conn.query_row("SELECT documents FROM corpus_entities WHERE id = ?1", [putin[0]], |r| r.get(0)).unwrap();
    assert_eq!(docs, 2);
    let luk = entity_ids_named(&store, "Lukashenka");
    assert_eq!(luk.len(), 1);
    assert_eq!(luk, entity_ids_named(&store, "Alexander Lukashenko"));
    let aliases: String = store.conn.query_row("SELECT group_concat(alias, '|') FROM entity_aliases WHERE entity_id = ?1", [luk[0]], |r| r.get(0)).unwrap();
    assert!(aliases.contains("Alexander Lukashenka") && aliases.contains("Alexander Lukashenko"), "{aliases}");
}

#[test]
fn a_title_in_a_mention_does_not_merge_two_people() {
    let (mut store, _) = tmp_store("obama");
    let d1 = doc("d1", "Michelle Obama visited a school.", vec![person("E1", "Michelle Obama", Some("USA"), vec![mention("Michelle Obama", 0, MentionKind::Name)])]);
    // Only one Obama is known yet: the bare surname joins her, and "Mr. Obama" is the alias "Obama".
    let d2 = doc("d2", "Mr. Obama spoke.", vec![person("E1", "Mr. Obama", Some("USA"), vec![mention("Mr. Obama", 0, MentionKind::Name)])]);
    let d3 = doc(
        "d3",
        "Barack Obama spoke. Mr. Obama then left.",
        vec![person("E1", "Barack Obama", Some("USA"), vec![mention("Barack Obama", 0, MentionKind::Name), mention("Mr. Obama", 20, MentionKind::Name)])],
    );
    store.write_batch(&[d1, d2, d3]).unwrap();
    let names: Vec<String> = store.conn.prepare("SELECT name FROM corpus_entities ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(names, vec!["Michelle Obama".to_string(), "Barack Obama".to_string()]);
    let barack = entity_ids_named(&store, "Barack Obama");
    let aliases: String = store.conn.query_row("SELECT group_concat(alias, '|') FROM entity_aliases WHERE entity_id = ?1", [barack[0]], |r| r.get(0)).unwrap();
    assert_eq!(aliases, "Barack Obama|Obama");
}

#[test]
fn people_sharing_a_surname_stay_apart() {
    let (mut store, _) = tmp_store("surname");
    let d1 = doc("d1", "Anna Kovacs spoke.", vec![person("E1", "Anna Kovacs", Some("HUN"), vec![mention("Anna Kovacs", 0, MentionKind::Name)])]);
    let d2 = doc("d2", "Peter Kovacs replied.", vec![person("E1", "Peter Kovacs", Some("HUN"), vec![mention("Peter Kovacs", 0, MentionKind::Name)])]);
    // A bare "Kovacs" is ambiguous between the two: it must join neither.
    let d3 = doc("d3", "Kovacs declined to comment.", vec![person("E1", "Kovacs", Some("HUN"), vec![mention("Kovacs", 0, MentionKind::Name)])]);
    // Same full name, different country: a different person.
    let d4 = doc("d4", "Anna Kovacs, a Slovak official, agreed.", vec![person("E1", "Anna Kovacs", Some("SVK"), vec![mention("Anna Kovacs", 0, MentionKind::Name)])]);
    store.write_batch(&[d1, d2, d3, d4]).unwrap();
    let n: i64 = store.conn.query_row("SELECT count(*) FROM corpus_entities WHERE type = 'PERSON'", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 4);
    let anna: Vec<(String, String)> = store
        .conn
        .prepare("SELECT name, country FROM corpus_entities WHERE norm_name = 'anna kovacs' ORDER BY country")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(anna, vec![("Anna Kovacs".to_string(), "HUN".to_string()), ("Anna Kovacs".to_string(), "SVK".to_string())]);
}

#[test]
fn quotes_and_events_are_queryable_by_speaker_actor_and_code() {
    let (mut store, path) = tmp_store("query");
    let text = "Ingrida Simonyte said: \"We will not be blackmailed by Minsk.\" Lithuania accused Belarus of staging the crisis.";
    let at = |s: &str| text.find(s).unwrap();
    let mut d = doc(
        "q1",
        text,
        vec![
            person("E1", "Ingrida Simonyte", Some("LTU"), vec![mention("Ingrida Simonyte", 0, MentionKind::Name)]),
            Entity {
                id: "E2".into(),
                name: "Belarus".into(),
                kind: EntityType::Gpe,
                country: Some("BLR".into()),
                sector: Some("GOV".into()),
                code: None,
                roles: vec![],
                gender: None,
                references: vec![],
                mentions: vec![mention("Minsk", at("Minsk"), MentionKind::Metonym), mention("Belarus", at("Belarus"), MentionKind::Name)],
            },
            Entity {
                id: "E3".into(),
                name: "Lithuania".into(),
                kind: EntityType::Gpe,
                country: Some("LTU".into()),
                sector: Some("GOV".into()),
                code: None,
                roles: vec![],
                gender: None,
                references: vec![],
                mentions: vec![mention("Lithuania", at("Lithuania"), MentionKind::Name)],
            },
        ],
    );
    d.0.quotes.push(Quote {
        id: "Q1".into(),
        kind: QuoteKind::Direct,
        text: "We will not be blackmailed by Minsk.".into(),
        start: at("\"We"),
        end: at(" Lithuania"),
        speaker: Some(EntityRef { entity: Some("E1".into()), name: "Ingrida Simonyte".into(), start: 0, end: 16 }),
        // Said jointly with the state (as "A and B said" gives it), to find it by either.
        co_speakers: vec![EntityRef { entity: Some("E3".into()), name: "Lithuania".into(), start: at("Lithuania"), end: at("Lithuania") + 9 }],
        cue: Some(TextSpan { text: "said".into(), start: 17, end: 21 }),
        via: vec![],
        block: 0,
        date: None,
    });
    let actor = |e: &str, name: &str, c: &str| Some(Actor { entity: Some(e.into()), name: name.into(), country: Some(c.into()), sector: Some("GOV".into()) });
    d.0.events.push(Event {
        id: "V1".into(),
        kind: "ACCUSE".into(),
        mode: None,
        cameo: "112".into(),
        source: actor("E3", "Lithuania", "LTU"),
        target: actor("E2", "Belarus", "BLR"),
        date: Some("2021-11-16".into()),
        date_precision: "day".into(),
        negated: false,
        hypothetical: false,
        trigger: TextSpan { text: "accused".into(), start: at("accused"), end: at("accused") + 7 },
        start: at("Lithuania"),
        end: text.len(),
        rule: "test".into(),
        quote: None,
    });
    store.write_batch(&[d]).unwrap();
    let conn = &Store::open_read_only(&path).unwrap().conn;
    let all = query::Range::default();
    let q = query::quotes(conn, Some("Simonyte"), Some("Belarus"), &all).unwrap();
    assert_eq!(q.rows.len(), 1);
    assert_eq!(q.rows[0][1], "Ingrida Simonyte");
    assert_eq!(q.rows[0][0], "2021-11-17");
    assert!(query::quotes(conn, Some("Simonyte"), Some("Lithuania"), &all).unwrap().rows.is_empty());
    // About someone, whoever spoke: a mention inside the quote (Minsk for Belarus) counts; the
    // speaker's own name and Lithuania, outside its span, do not.
    let about = query::quotes(conn, None, Some("Belarus"), &all).unwrap();
    assert_eq!(about.rows.len(), 1);
    assert_eq!(about.rows[0][4], "We will not be blackmailed by Minsk.");
    assert!(query::quotes(conn, None, Some("Lithuania"), &all).unwrap().rows.is_empty());
    assert!(query::quotes(conn, None, Some("Simonyte"), &all).unwrap().rows.is_empty());
    assert!(query::quotes(conn, None, Some("Nobody Known"), &all).unwrap().rows.is_empty());
    // A co-speaker finds the statement too, once, with the co-speakers listed.
    let joint = query::quotes(conn, Some("Lithuania"), None, &all).unwrap();
    assert_eq!(joint.rows.len(), 1);
    assert_eq!(joint.rows[0][1], "Ingrida Simonyte");
    assert_eq!(joint.rows[0][2], "[\"Lithuania\"]");
    assert!(query::quotes(conn, Some("Belarus"), None, &all).unwrap().rows.is_empty());
    let ev = query::events(conn, Some("LTU"), Some("Belarus"), Some("accuse"), &all).unwrap();
    assert_eq!(ev.rows.len(), 1);
    assert_eq!(ev.rows[0][4], "LTUGOV");
    assert_eq!(ev.rows[0][10], "Lithuania accused Belarus of staging the crisis.");
    let later = query::Range { from: Some("2021-11-17".into()), ..Default::default() };
    assert!(query::events(conn, Some("LTU"), None, None, &later).unwrap().rows.is_empty());
    let net = query::network(conn, &all).unwrap();
    assert_eq!(net.rows[0][5], 1);
    let tl = query::timeline(conn, "Belarus", &all).unwrap();
    assert_eq!(tl.rows.len(), 1);
    let s = query::search(conn, "blackmailed", &all).unwrap();
    assert_eq!(s.rows.len(), 1);
    assert!(query::search(conn, "\"unbalanced", &all).unwrap().rows.is_empty());
    let ents = query::entities(conn, Some("ltu"), Some("gov"), None, None, &all).unwrap();
    assert_eq!(ents.rows.len(), 2);
    let stats = query::stats(conn).unwrap();
    assert_eq!(stats.rows[1], vec![serde_json::json!("documents"), serde_json::json!(1)]);
    let mut csv = Vec::new();
    newsgraph_store::export::export_csv(conn, &newsgraph_store::export::EVENTS, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("event_id,story_id,story_date,event_date"));
    assert!(csv.contains("q1:V1,q1,2021-11-17,2021-11-16,day,ACCUSE"));

    // Parquet: read back with the parquet crate's own reader.
    let pq = path.with_file_name("events.parquet");
    let file = std::fs::File::create(&pq).unwrap();
    let n = newsgraph_store::parquet::export_parquet(conn, &newsgraph_store::export::EVENTS, Box::new(file)).unwrap();
    assert_eq!(n, 1);
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = SerializedFileReader::new(std::fs::File::open(&pq).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 1);
    let row = reader.get_row_iter(None).unwrap().next().unwrap().unwrap();
    let cols: Vec<String> = row.get_column_iter().map(|(name, field)| format!("{name}={field}")).collect();
    assert!(cols.contains(&"event_type=\"ACCUSE\"".to_string()), "{cols:?}");
    assert!(cols.contains(&"negated=false".to_string()), "{cols:?}");
    assert!(cols.contains(&"event_mode=null".to_string()), "{cols:?}");
}

#[test]
fn migrations_bring_a_database_to_the_latest_version() {
    let (store, path) = tmp_store("migrate");
    let v: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, newsgraph_store::schema::latest_version());
    drop(store);
    // Re-opening applies nothing twice.
    let again = Store::open(&path).unwrap();
    let v2: i64 = again.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, v2);
    // Step 11 dropped the index of events by date alone.
    let indexes: Vec<String> = again.conn.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(indexes.contains(&"events_type_date".to_string()) && !indexes.contains(&"events_date".to_string()), "{indexes:?}");
    // Step 13: FTS5 merges sixteen segments at a time, on both full-text tables.
    for fts in ["documents_fts", "quotes_fts"] {
        let automerge: i64 = again.conn.query_row(&format!("SELECT v FROM {fts}_config WHERE k = 'automerge'"), [], |r| r.get(0)).unwrap();
        assert_eq!(automerge, 16, "{fts}");
    }
}

/// An event between two actors; `None` for an actor's entity leaves it unresolved (name only).
fn event(id: &str, kind: &str, source: (&str, Option<&str>, Option<&str>), target: (&str, Option<&str>, Option<&str>), date: Option<&str>) -> Event {
    let actor = |(name, entity, country): (&str, Option<&str>, Option<&str>)| Some(Actor { entity: entity.map(str::to_string), name: name.into(), country: country.map(str::to_string), sector: Some("GOV".into()) });
    Event {
        id: id.into(),
        kind: kind.into(),
        mode: None,
        cameo: "000".into(),
        source: actor(source),
        target: actor(target),
        date: date.map(str::to_string),
        date_precision: "day".into(),
        negated: false,
        hypothetical: false,
        trigger: TextSpan { text: "met".into(), start: 0, end: 3 },
        start: 0,
        end: 3,
        rule: "test".into(),
        quote: None,
    }
}

fn gpe(id: &str, name: &str, country: &str) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind: EntityType::Gpe,
        country: Some(country.into()),
        sector: Some("GOV".into()),
        code: None,
        roles: vec![],
        gender: None,
        references: vec![],
        mentions: vec![mention(name, 0, MentionKind::Name)],
    }
}

/// Articles with events between resolved and unresolved actors, dated and undated, whose codes
/// differ between articles; `n` makes the texts distinct.
fn network_batch(n: usize) -> Vec<(Doc, DocMeta)> {
    let mut out = Vec::new();
    for i in 0..4 {
        let text = format!("Report {n}-{i}: the two governments met again over the canal.");
        let mut d = doc(&format!("net{n}-{i}"), &text, vec![gpe("E1", "Estonia", "EST"), gpe("E2", "Finland", "FIN")]);
        if i == 3 {
            d.0.date = None;
        }
        let country = if i % 2 == 0 { Some("EST") } else { None };
        d.0.events.push(event("V1", "CONSULT", ("Estonia", Some("E1"), country), ("Finland", Some("E2"), Some("FIN")), if i == 1 { Some("2021-10") } else { None }));
        d.0.events.push(event("V2", "CONSULT", ("Estonia", Some("E1"), Some("EST")), ("Finland", Some("E2"), Some("FIN")), None));
        d.0.events.push(event("V3", "ACCUSE", ("the ferry operator", None, None), ("Finland", Some("E2"), Some("FIN")), None));
        let mut lone = event("V4", "ACCUSE", ("Estonia", Some("E1"), Some("EST")), ("x", None, None), None);
        lone.target = None;
        d.0.events.push(lone);
        d.0.quotes.push(Quote {
            id: "Q1".into(),
            kind: QuoteKind::Indirect,
            text: "the two governments met again".into(),
            start: 0,
            end: 10,
            speaker: Some(EntityRef { entity: Some("E1".into()), name: "Estonia".into(), start: 0, end: 3 }),
            co_speakers: vec![],
            cue: None,
            via: vec![],
            block: 0,
            date: if i == 2 { Some("2021-09-30".into()) } else { None },
        });
        d.0.timexes.push(Timex { id: "T1".into(), text: "again".into(), start: 0, end: 5, kind: TimexType::Date, value: "2021-11-17".into(), anchor: None });
        out.push(d);
    }
    out
}

#[test]
fn network_pages_equal_a_full_sort_of_every_pair() {
    let (mut store, _) = tmp_store("network-pages");
    // Pairs of actors known by name alone, each pair with one type, so that (events, source,
    // target) orders them fully; many share a count, so pages end inside runs of ties.
    let names = ["Aldport", "Brenmoor", "Caskfield", "Dunholt", "Evermere", "Fallowby"];
    let mut batch = Vec::new();
    for (i, source) in names.iter().enumerate() {
        for (j, target) in names.iter().enumerate().filter(|&(j, _)| j != i) {
            let (mut d, m) = doc(&format!("pair-{i}-{j}"), &format!("{source} and {target} talked."), vec![]);
            for k in 0..(i * j) % 4 + 1 {
                d.events.push(event(&format!("V{k}"), "CONSULT", (source, None, None), (target, None, None), None));
            }
            batch.push((d, m));
        }
    }
    store.write_batch(&batch).unwrap();
    let conn = &store.conn;
    let pairs: i64 = conn.query_row("SELECT count(*) FROM network_totals", [], |r| r.get(0)).unwrap();
    assert_eq!(pairs, 30);
    let full: Vec<(String, String, i64)> = conn
        .prepare("SELECT source_name, target_name, events FROM network_totals ORDER BY events DESC, source_name, target_name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for limit in 0..=32 {
        for offset in [0, 1, 5, 7, 29, 30, 31] {
            let page = query::network(conn, &query::Range { limit: Some(limit), offset: Some(offset), ..Default::default() }).unwrap();
            let got: Vec<(String, String, i64)> =
                page.rows.iter().map(|r| (r[0].as_str().unwrap().to_string(), r[2].as_str().unwrap().to_string(), r[5].as_i64().unwrap())).collect();
            let want: Vec<_> = full.iter().skip(offset).take(limit).cloned().collect();
            assert_eq!(got, want, "limit {limit}, offset {offset}");
        }
    }
}

/// The row counts kept in `table_counts` equal a full recount, and every reference points at a
/// stored row.
fn assert_counts_match(conn: &rusqlite::Connection) {
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0);
    for table in ["documents", "blocks", "corpus_entities", "entity_aliases", "doc_entities", "mentions", "quotes", "timexes", "events"] {
        let kept: i64 = conn.query_row("SELECT value FROM table_counts WHERE name = ?1", [table], |r| r.get(0)).unwrap();
        // Paragraphs, mentions and time expressions are kept an article to a row.
        let sql = if matches!(table, "blocks" | "mentions" | "timexes") {
            format!("SELECT COALESCE(sum(json_array_length({table})), 0) FROM doc_annotations")
        } else {
            format!("SELECT count(*) FROM {table}")
        };
        let counted: i64 = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
        assert_eq!(kept, counted, "{table}");
    }
    let kept: i64 = conn.query_row("SELECT value FROM table_counts WHERE name = 'text_bytes'", [], |r| r.get(0)).unwrap();
    let counted: i64 = conn.query_row("SELECT sum(length) FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, counted, "text_bytes");
}

/// [`assert_counts_match`], and the network summaries equal a recount of the events.
fn assert_summaries_match(conn: &rusqlite::Connection) {
    assert_counts_match(conn);
    let recount = "SELECT COALESCE(date, '') AS c1, COALESCE(source_entity, 0) AS c2, CASE WHEN source_entity IS NULL THEN source_name ELSE '' END AS c3, \
                   COALESCE(target_entity, 0) AS c4, CASE WHEN target_entity IS NULL THEN target_name ELSE '' END AS c5, type AS c6, \
                   max(source_code) AS c7, max(target_code) AS c8, count(*) AS c9 \
                   FROM events WHERE source_name IS NOT NULL AND target_name IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6";
    let rows = |sql: &str| -> Vec<String> {
        let mut st = conn.prepare(sql).unwrap();
        let n = st.column_count();
        let mut v: Vec<String> = st.query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))).unwrap().map(Result::unwrap).collect();
        v.sort();
        v
    };
    let days = rows("SELECT date, source_entity, source_name, target_entity, target_name, type, source_code, target_code, events FROM network_days");
    assert_eq!(days, rows(recount));
    let totals = rows("SELECT source_entity, source_name, target_entity, target_name, type, source_code, target_code, events FROM network_totals");
    assert_eq!(totals, rows(&format!("SELECT c2, c3, c4, c5, c6, max(c7), max(c8), sum(c9) FROM ({recount}) GROUP BY 1, 2, 3, 4, 5")));
    assert!(!days.is_empty());
    let dates = rows("SELECT date, type, events FROM event_date_counts");
    assert_eq!(dates, rows("SELECT date, type, count(*) FROM events WHERE date IS NOT NULL GROUP BY date, type"));
    assert!(!dates.is_empty());
    // The entities each quote mentions, as the article's mentions inside the quote's span say.
    let quote_mentions = rows("SELECT entity_id, quote_id FROM quote_mentions");
    assert_eq!(
        quote_mentions,
        rows("SELECT DISTINCT m.value ->> 1, q.id FROM quotes q JOIN doc_annotations a ON a.doc_id = q.doc_id, json_each(a.mentions) m \
              WHERE m.value ->> 2 >= q.start AND m.value ->> 3 <= q.end")
    );
    assert!(!quote_mentions.is_empty());
}

#[test]
fn summaries_equal_a_full_recount_after_repeated_and_duplicate_batches() {
    let (mut store, path) = tmp_store("summaries");
    store.write_batch(&network_batch(1)).unwrap();
    // The same articles again are all duplicates; new ones resolve to the same entities.
    let again = store.write_batch(&network_batch(1)).unwrap();
    assert_eq!((again.stored, again.duplicates.len()), (0, 4));
    let mut mixed = network_batch(2);
    mixed.extend(network_batch(1));
    assert_eq!(store.write_batch(&mixed).unwrap().stored, 4);
    assert_summaries_match(&store.conn);

    let conn = &Store::open_read_only(&path).unwrap().conn;
    let stats = query::stats(conn).unwrap();
    let metric = |name: &str| stats.rows.iter().find(|r| r[0] == name).map(|r| r[1].clone()).unwrap();
    assert_eq!(metric("documents"), 8);
    assert_eq!(metric("events"), 32);
    assert_eq!(metric("timexes"), 8);
    assert_eq!(metric("corpus_entities"), 2);
    let all = query::Range::default();
    let net = query::network(conn, &all).unwrap();
    // (Estonia → Finland, CONSULT) 16, (ferry operator → Finland, ACCUSE) 8; V4 has no target.
    assert_eq!(net.rows.len(), 2);
    assert_eq!(net.rows[0], vec![serde_json::json!("Estonia"), serde_json::json!("ESTGOV"), serde_json::json!("Finland"), serde_json::json!("FINGOV"), serde_json::json!("CONSULT"), serde_json::json!(16)]);
    assert_eq!(net.rows[1][0], "the ferry operator");
    assert_eq!(net.rows[1][5], 8);
    // A range counts dated events only: per batch two articles dated 2021-11-17 (two CONSULT
    // each) and one event dated 2021-10.
    let nov = query::Range { from: Some("2021-11-01".into()), to: Some("2021-11-30".into()), ..Default::default() };
    let net = query::network(conn, &nov).unwrap();
    assert_eq!(net.rows[0][4], "CONSULT");
    assert_eq!(net.rows[0][5], 2 * (2 * 2 + 1));
    // That event's source had no country: its code is the sector alone.
    let oct = query::Range { to: Some("2021-10-31".into()), ..Default::default() };
    assert_eq!(query::network(conn, &oct).unwrap().rows, vec![vec![
        serde_json::json!("Estonia"), serde_json::json!("---GOV"), serde_json::json!("Finland"), serde_json::json!("FINGOV"), serde_json::json!("CONSULT"), serde_json::json!(2)
    ]]);
}

#[test]
fn migrating_an_old_database_fills_the_summaries() {
    let (mut store, path) = tmp_store("summaries-migrate");
    store.write_batch(&network_batch(1)).unwrap();
    store.write_batch(&network_batch(2)).unwrap();
    let article_before = newsgraph_store::browse::document(&store.conn, "net2-1").unwrap().unwrap();
    assert!(article_before["mentions"].as_array().unwrap().len() >= 2);
    let about = |conn: &rusqlite::Connection| query::quotes(conn, None, Some("Finland"), &query::Range::default()).unwrap().rows.len();
    let quotes_about_before = about(&store.conn);
    let events = |conn: &rusqlite::Connection| query::events(conn, Some("EST"), None, None, &query::Range::default()).unwrap().rows;
    let events_before = events(&store.conn);
    // The evidence (bytes 0..3 of the article) is read back from the article's text.
    assert!(!events_before.is_empty() && events_before.iter().all(|r| r[10] == serde_json::json!("Rep")), "{events_before:?}");
    // Back to schema version 1 as an older newsgraph left it, rows and all: mentions a row each.
    store
        .conn
        .execute_batch(
            "CREATE TABLE mentions (doc_id INTEGER NOT NULL REFERENCES documents(id), local_entity TEXT NOT NULL, \
             entity_id INTEGER NOT NULL REFERENCES corpus_entities(id), start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL); \
             INSERT INTO mentions SELECT d.doc_id, m.value ->> 0, m.value ->> 1, m.value ->> 2, m.value ->> 3, m.value ->> 4, m.value ->> 5 \
             FROM doc_annotations d, json_each(d.mentions) m ORDER BY d.doc_id, m.key; \
             CREATE TABLE blocks (doc_id INTEGER NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL, role TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, PRIMARY KEY (doc_id, idx)) WITHOUT ROWID; \
             INSERT INTO blocks SELECT a.doc_id, b.key, b.value ->> 0, b.value ->> 1, b.value ->> 2 FROM doc_annotations a, json_each(a.blocks) b; \
             CREATE TABLE timexes (doc_id INTEGER NOT NULL REFERENCES documents(id), local_id TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL, anchor TEXT, PRIMARY KEY (doc_id, local_id)) WITHOUT ROWID; \
             INSERT INTO timexes SELECT a.doc_id, t.value ->> 0, t.value ->> 1, t.value ->> 2, t.value ->> 3, t.value ->> 4, t.value ->> 5, t.value ->> 6 \
             FROM doc_annotations a, json_each(a.timexes) t; \
             CREATE INDEX mentions_doc ON mentions(doc_id, start); CREATE INDEX timexes_value ON timexes(value); \
             ALTER TABLE events ADD COLUMN evidence TEXT NOT NULL DEFAULT ''; \
             UPDATE events SET evidence = (SELECT substr(d.text, events.start + 1, events.end - events.start) FROM documents d WHERE d.id = events.doc_id); \
             DROP TABLE doc_annotations; DROP TABLE table_counts; DROP TABLE network_totals; DROP TABLE network_days; DROP TABLE event_date_counts; \
             DROP INDEX events_source_code; DROP INDEX events_target_code; CREATE INDEX mentions_entity ON mentions(entity_id); \
             CREATE INDEX events_source_code ON events(source_code); CREATE INDEX events_target_code ON events(target_code); \
             CREATE INDEX quotes_doc ON quotes(doc_id); CREATE INDEX events_doc ON events(doc_id); CREATE INDEX events_date ON events(date); DROP TABLE quote_co_speakers; ALTER TABLE quotes DROP COLUMN co_speakers; DROP TABLE quote_mentions; DROP INDEX quotes_speaker_name; DROP INDEX events_source_name; DROP INDEX events_target_name; \
             DROP INDEX doc_entities_roles; CREATE INDEX doc_entities_entity ON doc_entities(entity_id); \
             DROP TABLE corpus_identity; \
             CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id'); \
             CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='id'); \
             INSERT INTO documents_fts (documents_fts) VALUES ('rebuild'); INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild'); \
             PRAGMA user_version = 1;",
        )
        .unwrap();
    drop(store);
    assert!(Store::open_read_only(&path).is_err(), "an old schema is refused for reading");
    let mut store = Store::open(&path).unwrap();
    assert_summaries_match(&store.conn);
    // Mentions back an article to a row, in text order, as the writer stores them.
    assert_eq!(newsgraph_store::browse::document(&store.conn, "net2-1").unwrap().unwrap(), article_before);
    assert_eq!(about(&store.conn), quotes_about_before);
    assert_eq!(events(&store.conn), events_before);
    // And the writer carries on from the backfilled figures.
    store.write_batch(&network_batch(3)).unwrap();
    assert_summaries_match(&store.conn);
    let docs: i64 = store.conn.query_row("SELECT value FROM table_counts WHERE name = 'documents'", [], |r| r.get(0)).unwrap();
    assert_eq!(docs, 12);
}

#[test]
fn pages_in_date_order_match_a_full_sort() {
    let (mut store, path) = tmp_store("pages");
    for n in 1..=3 {
        store.write_batch(&network_batch(n)).unwrap();
    }
    let conn = &Store::open_read_only(&path).unwrap().conn;
    let everything = query::Range { limit: Some(10_000), ..Default::default() };
    // Pages of 7, one after the other, give the rows of one big page.
    let paged = |f: &dyn Fn(&query::Range) -> newsgraph_store::Table| -> Vec<Vec<serde_json::Value>> {
        (0..80).step_by(7).flat_map(|offset| f(&query::Range { limit: Some(7), offset: Some(offset), ..Default::default() }).rows).collect()
    };
    // (date, document) of every row of a query sorted by SQLite as a whole.
    let sorted = |sql: &str| -> Vec<(Option<String>, String)> {
        let mut st = store.conn.prepare(sql).unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let pairs = |t: &[Vec<serde_json::Value>], doc_column: usize| -> Vec<(Option<String>, String)> {
        t.iter().map(|r| (r[0].as_str().map(str::to_string), r[doc_column].as_str().unwrap().to_string())).collect()
    };

    let consult = query::events(conn, None, None, Some("consult"), &everything).unwrap().rows;
    assert_eq!(consult.len(), 24);
    assert_eq!(paged(&|r| query::events(conn, None, None, Some("CONSULT"), r).unwrap()), consult);
    let expected = sorted("SELECT e.date, d.doc_key FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.type = 'CONSULT' ORDER BY e.date IS NULL, e.date, e.id");
    assert_eq!(pairs(&consult, 11), expected);
    assert_eq!(expected.last().unwrap().0, None, "undated events come last");

    // No type or actor: every type read in date order and merged gives the full sort, page by
    // page, and within a date range too.
    let all = query::events(conn, None, None, None, &everything).unwrap().rows;
    let expected = sorted("SELECT e.date, d.doc_key FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY e.date IS NULL, e.date, e.id");
    assert!(expected.len() > consult.len(), "more types than CONSULT");
    assert_eq!(pairs(&all, 11), expected);
    assert_eq!(paged(&|r| query::events(conn, None, None, None, r).unwrap()), all[..84.min(all.len())].to_vec());
    let october = query::Range { from: Some("2021-10".into()), to: Some("2021-10-31".into()), limit: Some(100), offset: None };
    let in_october = query::events(conn, None, None, None, &october).unwrap().rows;
    let expected = sorted("SELECT e.date, d.doc_key FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.date >= '2021-10' AND e.date < '2021-11' ORDER BY e.date, e.id");
    assert!(!expected.is_empty());
    assert_eq!(pairs(&in_october, 11), expected);
    // Counts per month and type in the range, read type by type, as a plain GROUP BY counts them.
    let counts: Vec<String> = newsgraph_store::browse::event_counts(conn, None, None, 7, &october).unwrap().rows.iter().map(|r| format!("{}|{}|{}", r[0], r[1], r[2])).collect();
    let mut st = store
        .conn
        .prepare("SELECT '\"' || substr(date, 1, 7) || '\"|\"' || type || '\"|' || count(*) FROM events WHERE date >= '2021-10' AND date < '2021-11' AND length(date) >= 7 GROUP BY substr(date, 1, 7), type ORDER BY substr(date, 1, 7), type")
        .unwrap();
    let expected: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(!expected.is_empty());
    assert_eq!(counts, expected);
    // The same by year, by day and for one type, over the whole corpus.
    for (precision, kind) in [(4, None), (10, None), (7, Some("consult"))] {
        let counts: Vec<String> = newsgraph_store::browse::event_counts(conn, None, kind, precision, &everything).unwrap().rows.iter().map(|r| format!("{}|{}|{}", r[0], r[1], r[2])).collect();
        let only = kind.map_or(String::new(), |k| format!("AND type = '{}'", k.to_uppercase()));
        let mut st = store
            .conn
            .prepare(&format!("SELECT '\"' || substr(date, 1, {precision}) || '\"|\"' || type || '\"|' || count(*) FROM events WHERE length(date) >= {precision} {only} GROUP BY substr(date, 1, {precision}), type ORDER BY substr(date, 1, {precision}), type"))
            .unwrap();
        let expected: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        assert!(!expected.is_empty(), "{precision} {kind:?}");
        assert_eq!(counts, expected, "{precision} {kind:?}");
    }

    // A code prefix: ESTGOV events; the ones whose source had no country are ---GOV.
    let est = query::events(conn, Some("EST"), None, None, &everything).unwrap().rows;
    assert_eq!(pairs(&est, 11), sorted("SELECT e.date, d.doc_key FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.source_code = 'ESTGOV' ORDER BY e.date IS NULL, e.date, e.id"));
    assert_eq!(est.len(), 3 * (4 * 2 + 2));

    let quotes = query::quotes(conn, Some("Estonia"), None, &everything).unwrap().rows;
    assert_eq!(quotes.len(), 12);
    assert_eq!(paged(&|r| query::quotes(conn, Some("Estonia"), None, r).unwrap()), quotes);
    assert_eq!(quotes[0][0], "2021-09-30");

    // Timeline: events with Estonia on either side (36) and its statements (12), events first
    // on a shared date.
    let timeline = query::timeline(conn, "Estonia", &everything).unwrap().rows;
    assert_eq!(timeline.len(), 48);
    assert_eq!(paged(&|r| query::timeline(conn, "Estonia", r).unwrap()), timeline);
    let expected = sorted(
        "SELECT date, document FROM (SELECT e.date, 0 AS kind, d.doc_key AS document, e.id AS row_id FROM events e JOIN documents d ON d.id = e.doc_id \
         WHERE e.source_name = 'Estonia' OR e.target_name = 'Estonia' UNION ALL \
         SELECT q.date, 1, d.doc_key, q.id FROM quotes q JOIN documents d ON d.id = q.doc_id) ORDER BY date IS NULL, date, kind, row_id",
    );
    assert_eq!(pairs(&timeline, 4), expected);
    let october = query::Range { from: Some("2021-10".into()), to: Some("2021-10-31".into()), limit: Some(100), offset: None };
    assert_eq!(query::timeline(conn, "Estonia", &october).unwrap().rows.len(), 3);

    // Search: every article mentions the canal; a date range leaves the undated ones out.
    let found = query::search(conn, "canal", &everything).unwrap();
    assert_eq!(found.columns, ["document", "date", "title", "snippet", "score"]);
    assert_eq!(found.rows.len(), 12);
    assert!(found.rows[0][3].as_str().unwrap().contains("[canal]"));
    let mut paged_keys: Vec<String> = paged(&|r| query::search(conn, "canal", r).unwrap()).iter().map(|r| r[0].as_str().unwrap().to_string()).collect();
    paged_keys.sort();
    paged_keys.dedup();
    assert_eq!(paged_keys.len(), 12, "pages neither repeat nor skip an article");
    let dated = query::Range { from: Some("2021-11-01".into()), limit: Some(100), ..Default::default() };
    assert_eq!(query::search(conn, "canal", &dated).unwrap().rows.len(), 9);
    let said = query::search_quotes(conn, "governments", &everything).unwrap();
    assert_eq!(said.rows.len(), 12);
    assert_eq!(said.rows[0][1], "Estonia");
    assert_eq!(query::search_quotes(conn, "governments", &october).unwrap().rows.len(), 0);
}

#[test]
fn two_writers_taking_turns_resolve_as_one() {
    let (mut first, path) = tmp_store("two-writers");
    let mut second = Store::open(&path).unwrap();
    let minister = |key: &str, text: &str, name: &str| doc(key, text, vec![person("E1", name, Some("LTU"), vec![mention(name, 0, MentionKind::Name)])]);
    // The second writer reads the corpus entities before the first one adds the minister.
    second.write_batch(&[minister("t0", "Ona Petraitis opened the session.", "Ona Petraitis")]).unwrap();
    first.write_batch(&[minister("t1", "Rasa Vaitkus signed the treaty in the morning.", "Rasa Vaitkus")]).unwrap();
    // A bare surname joins the full name only if the second writer sees the first one's work.
    second.write_batch(&[minister("t2", "Vaitkus defended the treaty.", "Vaitkus")]).unwrap();
    // And the first writer must see the alias the second one recorded (else it would insert it again).
    first.write_batch(&[minister("t3", "Vaitkus left for Riga.", "Vaitkus")]).unwrap();
    let ids = entity_ids_named(&first, "Rasa Vaitkus");
    assert_eq!(ids.len(), 1);
    let (documents, surname_alias): (i64, i64) = first
        .conn
        .query_row(
            "SELECT c.documents, (SELECT a.count FROM entity_aliases a WHERE a.entity_id = c.id AND a.alias_key = 'vaitkus') FROM corpus_entities c WHERE c.id = ?1",
            [ids[0]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((documents, surname_alias), (3, 2));
    assert_counts_match(&first.conn);
}

#[test]
fn a_failed_batch_leaves_the_writer_consistent() {
    let (mut store, _) = tmp_store("failed-batch");
    let person_doc = |key: &str, text: &str, name: &str| doc(key, text, vec![person("E1", name, Some("LVA"), vec![mention(name, 0, MentionKind::Name)])]);
    store.write_batch(&[person_doc("f1", "Janis Ozols arrived.", "Janis Ozols")]).unwrap();
    // A batch that fails midway (here: a table it writes is gone) is rolled back as a whole...
    store.conn.execute_batch("ALTER TABLE quotes RENAME TO quotes_away").unwrap();
    let mut broken = person_doc("f2", "Ozols spoke about the port.", "Ozols");
    broken.0.quotes.push(Quote { id: "Q1".into(), kind: QuoteKind::Direct, text: "the port".into(), start: 0, end: 5, speaker: None, co_speakers: vec![], cue: None, via: vec![], block: 0, date: None });
    let lost = person_doc("f3", "Aija Berzina chaired the talks.", "Aija Berzina");
    assert!(store.write_batch(&[lost, broken.clone()]).is_err());
    store.conn.execute_batch("ALTER TABLE quotes_away RENAME TO quotes").unwrap();
    // ...and the next batch resolves against the database, not against what the failed one made.
    let out = store.write_batch(&[broken, person_doc("f4", "Aija Berzina chaired again.", "Aija Berzina")]).unwrap();
    assert_eq!(out.stored, 2);
    let people: i64 = store.conn.query_row("SELECT count(*) FROM corpus_entities", [], |r| r.get(0)).unwrap();
    assert_eq!(people, 2);
    assert_eq!(entity_ids_named(&store, "Ozols"), entity_ids_named(&store, "Janis Ozols"));
    assert_counts_match(&store.conn);
}

#[test]
fn row_values_computed_beforehand_write_the_same_rows() {
    // Every stored table, row by row, in a fixed order (the ingestion time aside).
    let dump = |conn: &rusqlite::Connection| -> Vec<String> {
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' AND name <> 'corpus_identity' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut out = Vec::new();
        for t in tables {
            let mut st = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
            let names: Vec<String> = st.column_names().iter().map(|c| c.to_string()).collect();
            let mut rows: Vec<String> = st
                .query_map([], |r| Ok((0..names.len()).filter(|&i| names[i] != "ingested_at").map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            out.extend(rows.into_iter().map(|r| format!("{t}: {r}")));
        }
        out
    };
    let (mut plain, _) = tmp_store("values-plain");
    let (mut prepared, _) = tmp_store("values-prepared");
    for n in 1..=2 {
        plain.write_batch(&network_batch(n)).unwrap();
        let batch: Vec<(Doc, DocMeta)> = network_batch(n)
            .into_iter()
            .map(|(d, mut m)| {
                m.prepared = Some(newsgraph_store::Prepared::content_hash_only(newsgraph_store::normalize::content_hash(&d.text)).with_row_values(&d));
                (d, m)
            })
            .collect();
        prepared.write_batch(&batch).unwrap();
    }
    let rows = dump(&plain.conn);
    for table in ["doc_annotations", "quotes", "events", "doc_entities", "quote_mentions", "network_days"] {
        assert!(rows.iter().any(|r| r.starts_with(&format!("{table}: "))), "{table} is empty");
    }
    assert_eq!(rows, dump(&prepared.conn));
}

#[test]
fn keyed_indexes_hold_only_rows_with_a_key_and_still_serve_the_queries() {
    let (mut store, _path) = tmp_store("partial");
    store.write_batch(&network_batch(1)).unwrap();
    let count = |sql: &str| -> i64 { store.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // The batch has events without a resolved target, so a full index would hold more rows.
    let events = count("SELECT count(*) FROM events");
    let with_target = count("SELECT count(*) FROM events WHERE target_entity IS NOT NULL");
    assert!(with_target < events, "{with_target} of {events}");
    for (index, column) in [("events_source", "source_entity"), ("events_target", "target_entity"), ("events_source_code", "source_code"), ("events_target_code", "target_code")] {
        let in_index = count(&format!("SELECT count(*) FROM events INDEXED BY {index} WHERE {column} IS NOT NULL"));
        assert_eq!(in_index, count(&format!("SELECT count(*) FROM events WHERE {column} IS NOT NULL")), "{index}");
        let partial: i64 = count(&format!("SELECT partial FROM pragma_index_list('events') WHERE name = '{index}'"));
        assert_eq!(partial, 1, "{index} is partial");
    }
    // The shapes of the paging and code-listing queries still go through them.
    let plan = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> String {
        let mut st = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = st.query_map(args, |r| r.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    };
    let cases: [(&str, &[&dyn rusqlite::ToSql], &str); 9] = [
        ("SELECT e.date, e.id FROM events e WHERE e.date IS NOT NULL AND e.source_entity = ? ORDER BY e.date, e.id LIMIT ?", &[&1, &10], "events_source "),
        ("SELECT e.date, e.id FROM events e WHERE e.date IS NOT NULL AND e.target_entity = ? ORDER BY e.date, e.id LIMIT ?", &[&1, &10], "events_target "),
        (
            "SELECT e.date, e.id FROM events e WHERE e.date IS NOT NULL AND e.source_code = ? AND e.source_code >= ? AND e.source_code < ? ORDER BY e.date, e.id LIMIT ?",
            &[&"ESTGOV", &"EST", &"ESU", &10],
            "events_source_code",
        ),
        ("SELECT min(target_code) FROM events WHERE target_code >= ? AND target_code < ?", &[&"EST", &"ESU"], "events_target_code"),
        ("SELECT q.date, q.id FROM quotes q WHERE q.date IS NOT NULL AND q.speaker_entity = ? ORDER BY q.date, q.id LIMIT ?", &[&1, &10], "quotes_speaker"),
        // Speakers and actors known by name alone, as `query` asks for them.
        (
            "SELECT q.date, q.id FROM quotes q WHERE q.date IS NOT NULL AND q.speaker_name COLLATE NOCASE = ? AND q.speaker_entity IS NULL AND q.speaker_name IS NOT NULL ORDER BY q.date, q.id LIMIT ?",
            &[&"the ministry", &10],
            "quotes_speaker_name",
        ),
        (
            "SELECT e.date, e.id FROM events e WHERE e.date IS NOT NULL AND e.source_name COLLATE NOCASE = ? AND e.source_entity IS NULL AND e.source_name IS NOT NULL \
             AND e.source_name COLLATE NOCASE = ? ORDER BY e.date, e.id LIMIT ?",
            &[&"the ferry operator", &"the ferry operator", &10],
            "events_source_name",
        ),
        (
            "SELECT e.date, e.id FROM events e WHERE e.date IS NOT NULL AND e.target_name COLLATE NOCASE = ? AND e.target_entity IS NULL AND e.target_name IS NOT NULL \
             AND e.target_name COLLATE NOCASE = ? ORDER BY e.date, e.id LIMIT ?",
            &[&"x", &"x", &10],
            "events_target_name",
        ),
        // The roles an entity was given (its page), through the index of rows with roles.
        ("SELECT roles FROM doc_entities WHERE entity_id = ?1 AND roles IS NOT NULL AND roles <> '[]' LIMIT 5000", &[&1], "doc_entities_roles"),
    ];
    for (sql, args, index) in cases {
        let p = plan(sql, args);
        assert!(p.contains(index) && !p.contains("TEMP B-TREE"), "{sql}: {p}");
    }

    // And the answers: a name as written, in any ASCII case, on its own side only.
    let (mut d, meta) = doc("said-by-name", "The ministry said the ferries would run.", vec![]);
    d.quotes.push(Quote {
        id: "Q1".into(),
        kind: QuoteKind::Indirect,
        text: "the ferries would run".into(),
        start: 18,
        end: 39,
        speaker: Some(EntityRef { entity: None, name: "The ministry".into(), start: 0, end: 12 }),
        co_speakers: vec![],
        cue: Some(TextSpan { text: "said".into(), start: 13, end: 17 }),
        via: vec![],
        block: 0,
        date: None,
    });
    store.write_batch(&[(d, meta)]).unwrap();
    let all = query::Range::default();
    let by_name = query::quotes(&store.conn, Some("THE Ministry"), None, &all).unwrap();
    assert_eq!(by_name.rows.len(), 1);
    assert_eq!(by_name.rows[0][1], "The ministry");
    assert!(query::quotes(&store.conn, Some("the ministr"), None, &all).unwrap().rows.is_empty());
    let operator_events: i64 = store.conn.query_row("SELECT count(*) FROM events WHERE source_name = 'the ferry operator'", [], |r| r.get(0)).unwrap();
    assert!(operator_events > 0);
    assert_eq!(query::events(&store.conn, Some("The Ferry Operator"), None, None, &all).unwrap().rows.len() as i64, operator_events);
    assert!(query::events(&store.conn, None, Some("the ferry operator"), None, &all).unwrap().rows.is_empty());
    assert_eq!(query::events(&store.conn, Some("the ferry operator"), Some("Finland"), Some("ACCUSE"), &all).unwrap().rows.len() as i64, operator_events);

    // The web chart's counts for an actor count the events `query events` finds for it, on
    // either side: a name no entity has only where no entity is, an entity by its id.
    let counted = |actor: &str| -> i64 {
        newsgraph_store::browse::event_counts(&store.conn, Some(actor), None, 4, &all).unwrap().rows.iter().map(|r| r[2].as_i64().unwrap()).sum()
    };
    let dated = |condition: &str| -> i64 { store.conn.query_row(&format!("SELECT count(*) FROM events e WHERE e.date IS NOT NULL AND {condition}"), [], |r| r.get(0)).unwrap() };
    let operator = dated("e.source_entity IS NULL AND e.source_name = 'the ferry operator'");
    assert!(operator > 0);
    assert_eq!(counted("THE FERRY OPERATOR"), operator);
    let finland = dated("(SELECT name FROM corpus_entities WHERE id = e.target_entity) = 'Finland' OR (SELECT name FROM corpus_entities WHERE id = e.source_entity) = 'Finland'");
    assert!(finland > 0);
    assert_eq!(counted("Finland"), finland);
    assert_eq!(counted("nobody by this name"), 0);
    // A code: a country's events on either side, or a sector's.
    let by_code = |code: &str| dated(&format!("(e.source_code LIKE '{code}%' OR e.source_sector = '{code}' OR e.target_code LIKE '{code}%' OR e.target_sector = '{code}')"));
    assert!(by_code("FIN") > 0);
    for code in ["FIN", "GOV", "BUS", "EST"] {
        assert_eq!(counted(code), by_code(code), "{code}");
    }
}

#[test]
fn a_new_corpus_gets_large_pages_and_an_old_one_keeps_its_own() {
    let (store, _path) = tmp_store("pages-new");
    let size: i64 = store.conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    assert_eq!(size, 16384);
    let (_, path) = tmp_store("pages-old");
    let old = path.with_file_name("old.db");
    rusqlite::Connection::open(&old).unwrap().execute_batch("PRAGMA page_size = 4096; CREATE TABLE earlier (x);").unwrap();
    let store = Store::open(&old).unwrap();
    let size: i64 = store.conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    assert_eq!(size, 4096);
    let version: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, newsgraph_store::schema::latest_version());
}
