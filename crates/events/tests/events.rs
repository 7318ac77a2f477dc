//! Behaviour of the events stage on sentences written for these tests.

use chrono::NaiveDate;
use newsgraph_doc::{Doc, EntityRef, Event, Quote, QuoteKind, Stage, Timex, TimexType};
use newsgraph_entities::EntityStage;
use newsgraph_events::EventStage;
use newsgraph_quotes::QuoteStage;
use newsgraph_segment::Segmenter;
use newsgraph_time::TimeStage;

/// Every stage up to and including events.
fn annotate(text: &str) -> Doc {
    let stages: Vec<Box<dyn Stage>> = vec![
        Box::new(Segmenter),
        Box::<EntityStage>::default(),
        Box::<TimeStage>::default(),
        Box::<QuoteStage>::default(),
        Box::<EventStage>::default(),
    ];
    let mut doc = Doc::new("t", text);
    for stage in &stages {
        stage.annotate(&mut doc);
    }
    doc
}

/// Segmentation and entities only, so that a test can add its own time expressions or quotes.
fn prepared(text: &str) -> Doc {
    let mut doc = Doc::new("t", text);
    Segmenter.annotate(&mut doc);
    Box::<EntityStage>::default().annotate(&mut doc);
    doc
}

fn kinds(doc: &Doc) -> Vec<&str> {
    doc.events.iter().map(|e| e.kind.as_str()).collect()
}

fn country(a: &Option<newsgraph_doc::Actor>) -> Option<&str> {
    a.as_ref().and_then(|a| a.country.as_deref())
}

fn first_of<'a>(doc: &'a Doc, kind: &str) -> &'a Event {
    doc.events.iter().find(|e| e.kind == kind).unwrap_or_else(|| panic!("no {kind} event in {:?}", doc.events))
}

#[test]
fn every_plover_type_has_a_trigger() {
    let cases = [
        ("Estonia and Finland agreed on Tuesday to a new fishing quota.", "AGREE"),
        ("The Austrian chancellor telephoned the Czech prime minister after the vote.", "CONSULT"),
        ("Norway praised the Icelandic government for its fisheries reform.", "SUPPORT"),
        ("The Chilean government eased restrictions on public gatherings.", "CONCEDE"),
        ("Spain and Portugal shared intelligence about the smuggling network.", "COOPERATE"),
        ("Japan donated medical supplies to Vietnam.", "AID"),
        ("Armenia withdrew its troops from the disputed village.", "RETREAT"),
        ("Canada urged Mexico to release the detained fishermen.", "REQUEST"),
        ("Greece accused Turkey of violating its airspace.", "ACCUSE"),
        ("Hungary rejected the proposal from Austria.", "REJECT"),
        ("Bolivia threatened to expel the Peruvian ambassador.", "THREATEN"),
        ("Thousands of farmers staged a protest against the Dutch government.", "PROTEST"),
        ("Sweden imposed sanctions on Belarus.", "SANCTION"),
        ("Serbia deployed troops along the border with Kosovo.", "MOBILIZE"),
        ("Police in Minsk arrested forty students.", "COERCE"),
        ("Rebels shelled the town of Kramatorsk overnight.", "ASSAULT"),
    ];
    for (text, kind) in cases {
        let doc = annotate(text);
        assert!(kinds(&doc).contains(&kind), "{text}: expected {kind}, got {:?}", kinds(&doc));
    }
}

#[test]
fn codes_mode_and_cameo() {
    let doc = annotate("The Austrian chancellor telephoned the Czech prime minister after the vote.");
    let e = first_of(&doc, "CONSULT");
    assert_eq!(e.mode.as_deref(), Some("phone"));
    assert_eq!(e.cameo, "041");
    assert_eq!(e.id, "V1");
    assert_eq!(e.trigger.text, "telephoned");
    let doc = annotate("Police in Minsk arrested forty students.");
    let e = first_of(&doc, "COERCE");
    assert_eq!((e.mode.as_deref(), e.cameo.as_str()), (Some("arrest"), "173"));
}

#[test]
fn source_and_target_from_entities() {
    let doc = annotate("Greece accused Turkey of violating its airspace.");
    let e = first_of(&doc, "ACCUSE");
    assert_eq!(country(&e.source), Some("GRC"));
    assert_eq!(country(&e.target), Some("TUR"));
    assert!(!e.negated && !e.hypothetical);
}

#[test]
fn nationality_and_actor_noun_give_country_and_sector() {
    let doc = annotate("Russian troops attacked a village near the Georgian border.");
    let e = first_of(&doc, "ASSAULT");
    let source = e.source.as_ref().expect("source");
    assert_eq!(source.country.as_deref(), Some("RUS"));
    assert_eq!(source.sector.as_deref(), Some("MIL"));
}

#[test]
fn negation_keeps_the_event() {
    let doc = annotate("Germany does not support the plan of the Dutch government.");
    let e = first_of(&doc, "SUPPORT");
    assert!(e.negated);
    assert_eq!(country(&e.source), Some("DEU"));
}

#[test]
fn modality_marks_hypothetical() {
    let doc = annotate("Latvia could request emergency consultations with Estonia.");
    let e = first_of(&doc, "REQUEST");
    assert!(e.hypothetical);
    assert!(!e.negated);
    assert_eq!(country(&e.source), Some("LVA"));
}

#[test]
fn intentions_are_agree_and_threaten() {
    let doc = annotate("Finland will send humanitarian aid to Moldova.");
    assert_eq!(kinds(&doc), vec!["AGREE"]);
    assert!(doc.events[0].hypothetical);
    let doc = annotate("Bolivia threatened to expel the Peruvian ambassador.");
    let e = first_of(&doc, "THREATEN");
    assert!(e.hypothetical);
    assert_eq!(e.trigger.text, "threatened to expel");
    let doc = annotate("Norway refused to meet the envoy from Iceland.");
    let e = first_of(&doc, "REJECT");
    assert_eq!(e.mode.as_deref(), Some("meet"));
    assert_eq!(e.cameo, "125");
}

#[test]
fn compound_subject_gives_one_event_per_actor() {
    let doc = annotate("Poland and Lithuania sent troops to the frontier last week.");
    let mobilize: Vec<&Event> = doc.events.iter().filter(|e| e.kind == "MOBILIZE").collect();
    let mut sources: Vec<&str> = mobilize.iter().filter_map(|e| country(&e.source)).collect();
    sources.sort();
    assert_eq!(sources, vec!["LTU", "POL"]);
}

#[test]
fn passive_voice_swaps_source_and_target() {
    let doc = annotate("Estonia was accused by Russia of staging provocations.");
    let e = first_of(&doc, "ACCUSE");
    assert_eq!(country(&e.source), Some("RUS"));
    assert_eq!(country(&e.target), Some("EST"));
}

#[test]
fn dated_by_the_time_expression_of_the_clause() {
    let text = "Finland criticized Sweden on Monday over the new border rules.";
    let mut doc = prepared(text);
    let start = text.find("Monday").unwrap();
    doc.timexes.push(Timex { id: "T1".into(), text: "Monday".into(), start, end: start + 6, kind: TimexType::Date, value: "2024-03-04".into(), anchor: None });
    EventStage::default().annotate(&mut doc);
    let e = first_of(&doc, "ACCUSE");
    assert_eq!(e.date.as_deref(), Some("2024-03-04"));
    assert_eq!(e.date_precision, "day");
}

#[test]
fn durations_never_date_and_document_date_is_the_fallback() {
    let text = "Finland criticized Sweden for two weeks over the new border rules.";
    let mut doc = prepared(text);
    doc.date = NaiveDate::from_ymd_opt(2024, 5, 6);
    let start = text.find("two weeks").unwrap();
    doc.timexes.push(Timex { id: "T1".into(), text: "two weeks".into(), start, end: start + 9, kind: TimexType::Duration, value: "P2W".into(), anchor: None });
    EventStage::default().annotate(&mut doc);
    let e = first_of(&doc, "ACCUSE");
    assert_eq!(e.date.as_deref(), Some("2024-05-06"));
    assert_eq!(e.date_precision, "document");
}

#[test]
fn a_later_sentence_pointing_back_dates_the_event() {
    let text = "Norway condemned the raid on the harbour. This statement was made on 3 March by the Norwegian foreign minister.";
    let mut doc = prepared(text);
    let start = text.find("3 March").unwrap();
    doc.timexes.push(Timex { id: "T1".into(), text: "3 March".into(), start, end: start + 7, kind: TimexType::Date, value: "2023-03".into(), anchor: None });
    EventStage::default().annotate(&mut doc);
    let e = first_of(&doc, "ACCUSE");
    assert_eq!(e.date.as_deref(), Some("2023-03"));
    assert_eq!(e.date_precision, "month");
}

#[test]
fn no_events_in_captions() {
    let doc = annotate("Officials met in the capital.\n\n• Police in Minsk arrested forty students.\n\nThe talks went on for hours.");
    assert_eq!(doc.blocks[1].role, newsgraph_doc::BlockRole::Caption);
    assert!(doc.events.iter().all(|e| e.kind != "COERCE"), "{:?}", doc.events);
    assert!(kinds(&doc).contains(&"CONSULT"));
}

#[test]
fn accusing_statement_is_an_event_of_its_speaker() {
    let text = "Finland is behind this provocation, Sweden said on the radio.";
    let mut doc = prepared(text);
    let speaker = doc.entities.iter().position(|e| e.country.as_deref() == Some("SWE")).expect("Sweden entity");
    let sweden_at = text.find("Sweden").unwrap();
    let end = text.find(',').unwrap();
    doc.quotes.push(Quote {
        id: "Q1".into(),
        kind: QuoteKind::Indirect,
        text: text[..end].into(),
        start: 0,
        end,
        speaker: Some(EntityRef { entity: Some(doc.entities[speaker].id.clone()), name: doc.entities[speaker].name.clone(), start: sweden_at, end: sweden_at + 6 }),
        co_speakers: vec![],
        cue: None,
        via: vec![],
        block: 0,
        date: None,
    });
    EventStage::default().annotate(&mut doc);
    let e = first_of(&doc, "ACCUSE");
    assert_eq!(e.quote.as_deref(), Some("Q1"));
    assert_eq!(country(&e.source), Some("SWE"));
    assert_eq!(country(&e.target), Some("FIN"));
}

#[test]
fn never_panics_on_arbitrary_text() {
    let pieces = [
        "", " ", "\n\n", "“", "”", "'s", "n't", "—", "é", "日本", "🙂", ",", ";", ".", "..", "to", "that", "was", "by", "Poland", "and", "Russian",
        "troops", "attacked", "threatened", "refused", "must", "will", "not", "sanctions", "against", "the", "republic", "•", "\u{AD}", "U.S.",
        "call", "for", "telephone", "conversation", "with", "Minsk", "0", "1,000", "said", "\"", "(", ")", "held", "talks",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..300 {
        let mut text = String::new();
        let n = (seed % 40) as usize;
        for _ in 0..n {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            if (seed >> 3) & 3 != 0 {
                text.push(' ');
            }
        }
        let doc = annotate(&text);
        for e in &doc.events {
            assert!(text.is_char_boundary(e.trigger.start) && text.is_char_boundary(e.trigger.end));
            assert!(e.start <= e.trigger.start && e.trigger.end <= e.end.max(e.trigger.end));
        }
    }
}

#[test]
fn a_capital_acts_as_its_government() {
    let doc = annotate("Vilnius demanded new sanctions against Minsk.");
    let e = first_of(&doc, "REQUEST");
    let source = e.source.as_ref().expect("source");
    assert_eq!(source.country.as_deref(), Some("LTU"));
    assert_eq!(source.sector.as_deref(), Some("GOV"));
    assert_eq!(country(&e.target), Some("BLR"));
}

#[test]
fn a_pointer_in_the_next_paragraph_dates_the_event() {
    let text = "Estonia blamed Russia for the cyberattack.\n\nThat accusation came on 9 May.";
    let mut doc = prepared(text);
    let start = text.find("9 May").unwrap();
    doc.timexes.push(Timex { id: "T1".into(), text: "9 May".into(), start, end: start + 5, kind: TimexType::Date, value: "2022-05-09".into(), anchor: None });
    EventStage::default().annotate(&mut doc);
    let e = first_of(&doc, "ACCUSE");
    assert_eq!(e.date.as_deref(), Some("2022-05-09"));
    assert_eq!(country(&e.source), Some("EST"));
}

#[test]
fn a_possessive_body_gives_the_sector() {
    let doc = annotate("Estonia's parliament voted to expel the Russian ambassador.");
    let e = first_of(&doc, "SANCTION");
    let source = e.source.as_ref().expect("source");
    assert_eq!(source.country.as_deref(), Some("EST"));
    assert_eq!(source.sector.as_deref(), Some("LEG"));
    assert_eq!(country(&e.target), Some("RUS"));
    assert_eq!(e.mode.as_deref(), Some("expel"));
}

#[test]
fn a_noun_trigger_needs_a_light_verb() {
    let doc = annotate("Croatia and Slovenia held talks about the fishing dispute.");
    let consult: Vec<&Event> = doc.events.iter().filter(|e| e.kind == "CONSULT").collect();
    assert_eq!(consult.len(), 2, "{:?}", doc.events);
    assert_eq!(country(&consult[0].source), Some("HRV"));
    assert_eq!(country(&consult[0].target), Some("SVN"));
    let doc = annotate("The agreement surprised many observers in Zagreb.");
    assert!(doc.events.is_empty(), "{:?}", doc.events);
}

#[test]
fn vowing_not_to_act_is_a_rejection() {
    let doc = annotate("Serbia vowed not to recognize Kosovo.");
    let e = first_of(&doc, "REJECT");
    assert!(!e.negated);
    assert_eq!(e.trigger.text, "vowed not to recognize");
    assert_eq!(country(&e.source), Some("SRB"));
}

#[test]
fn background_clauses_yield_to_the_main_event() {
    let doc = annotate("Albania expelled two diplomats after Iran attacked its government websites.");
    assert_eq!(kinds(&doc), vec!["SANCTION"]);
    let doc = annotate("After Iran attacked its government websites, the talks were cancelled.");
    assert!(kinds(&doc).contains(&"ASSAULT"), "{:?}", kinds(&doc));
}

#[test]
fn a_month_named_may_is_no_modal() {
    let doc = annotate("On 9 May Russia attacked a convoy in Kherson.");
    let e = first_of(&doc, "ASSAULT");
    assert!(!e.hypothetical);
    let doc = annotate("Russia may attack a convoy in Kherson.");
    assert!(first_of(&doc, "ASSAULT").hypothetical);
}

#[test]
fn first_person_acts_in_a_quote_belong_to_the_speaker() {
    let text = "Croatia welcomed the plan. \"We will never attack Serbia,\" the Croatian minister said.";
    let mut doc = prepared(text);
    let croatia = doc.entities.iter().position(|e| e.country.as_deref() == Some("HRV")).expect("Croatia entity");
    let q_start = text.find('"').unwrap();
    let q_end = text.rfind('"').unwrap() + 1;
    let speaker_at = text.find("the Croatian minister").unwrap();
    doc.quotes.push(Quote {
        id: "Q1".into(),
        kind: QuoteKind::Direct,
        text: text[q_start..q_end].into(),
        start: q_start,
        end: q_end,
        speaker: Some(EntityRef { entity: Some(doc.entities[croatia].id.clone()), name: doc.entities[croatia].name.clone(), start: speaker_at, end: speaker_at + 21 }),
        co_speakers: vec![],
        cue: None,
        via: vec![],
        block: 0,
        date: None,
    });
    EventStage::default().annotate(&mut doc);
    let e = doc.events.iter().find(|e| e.quote.as_deref() == Some("Q1")).expect("event from the quote");
    assert_eq!(country(&e.source), Some("HRV"));
    assert_eq!(country(&e.target), Some("SRB"));
    assert!(e.negated);
}
