//! Entity recognition, clustering, actor coding and references on sentences written for these tests.

use newsgraph_doc::{Doc, Entity, EntityType, MentionKind, Stage};
use newsgraph_entities::EntityStage;
use newsgraph_segment::Segmenter;

fn run(text: &str) -> Doc {
    let mut doc = Doc::new("t", text);
    Segmenter.annotate(&mut doc);
    EntityStage.annotate(&mut doc);
    doc
}

fn entity<'a>(doc: &'a Doc, name: &str) -> &'a Entity {
    doc.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name:?} in {:?}", doc.entities.iter().map(|e| &e.name).collect::<Vec<_>>()))
}

fn code(e: &Entity) -> (Option<&str>, Option<&str>) {
    (e.country.as_deref(), e.sector.as_deref())
}

#[test]
fn title_with_demonym_codes_the_person() {
    let doc = run("Estonian Prime Minister Kaja Tamm met the press on Monday. Tamm said the talks would go on.");
    let e = entity(&doc, "Kaja Tamm");
    assert_eq!(e.kind, EntityType::Person);
    assert_eq!(code(e), (Some("EST"), Some("GOV")));
    assert_eq!(e.roles, vec!["Prime Minister".to_string()]);
    assert_eq!(e.mentions.len(), 2);
    assert_eq!(e.mentions[1].text, "Tamm");
    assert!(e.mentions[1].reason.contains("surname"));
}

#[test]
fn title_with_country_complement() {
    let doc = run("The talks between the President of Finland Mikko Laine and officials went well.");
    let e = entity(&doc, "Mikko Laine");
    assert_eq!(code(e), (Some("FIN"), Some("GOV")));
    assert!(entity(&doc, "Finland").mentions.iter().any(|m| m.text == "Finland"));
}

#[test]
fn apposition_gives_role_country_and_gender() {
    let doc = run("\"We are ready,\" said Olga Petrenko, a spokeswoman for the Ukrainian Foreign Ministry.");
    let e = entity(&doc, "Olga Petrenko");
    assert_eq!(code(e), (Some("UKR"), Some("GOV")));
    assert!(e.roles.iter().any(|r| r.starts_with("spokeswoman for")));
    let ministry = doc.entities.iter().find(|e| e.name.ends_with("Foreign Ministry")).expect("ministry");
    assert_eq!(ministry.kind, EntityType::Org);
    assert_eq!(code(ministry), (Some("UKR"), Some("GOV")));
}

#[test]
fn capital_as_government_and_capital_as_place() {
    let doc = run("Madrid calls for new talks. The delegates arrived in Madrid on Friday.");
    let spain = entity(&doc, "Spain");
    assert!(spain.mentions.iter().any(|m| m.kind == MentionKind::Metonym && m.text == "Madrid"));
    let city = doc.entities.iter().find(|e| e.name == "Madrid").expect("the city");
    assert_eq!(city.kind, EntityType::Gpe);
    assert_eq!(city.mentions.len(), 1);
}

#[test]
fn outlets_and_international_bodies() {
    let doc = run("Reuters reported that NATO and the European Union met.");
    assert_eq!(entity(&doc, "Reuters").kind, EntityType::Media);
    let eu = entity(&doc, "European Union");
    assert_eq!(code(eu), (None, Some("IGO")));
    assert_eq!(eu.code.as_deref(), Some("EU"));
    assert!(eu.mentions[0].text.starts_with("the "), "organisation mentions keep their article");
}

#[test]
fn spelling_variants_and_handles_join_one_person() {
    let doc = run("Viktor Horvathenko spoke first. Later Horvathenka answered. @VHorvathenko posted a reply.");
    let e = entity(&doc, "Viktor Horvathenko");
    let texts: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, vec!["Viktor Horvathenko", "Horvathenka", "@VHorvathenko"]);
}

#[test]
fn nominal_and_pronoun_references() {
    let doc = run(
        "Latvian Defence Minister Andris Kalnins visited the base. The Latvian minister praised the troops. He said more help would come.",
    );
    let e = entity(&doc, "Andris Kalnins");
    let refs: Vec<(&str, MentionKind)> = e.references.iter().map(|m| (m.text.as_str(), m.kind)).collect();
    assert!(refs.contains(&("The Latvian minister", MentionKind::Nominal)), "{refs:?}");
    assert!(refs.contains(&("He", MentionKind::Pronoun)), "{refs:?}");
}

#[test]
fn pronoun_follows_gender() {
    let doc = run("Anna Kowalska met Piotr Nowak. She said the meeting was useful.");
    let anna = entity(&doc, "Anna Kowalska");
    assert!(anna.references.iter().any(|m| m.text == "She"));
    assert!(entity(&doc, "Piotr Nowak").references.is_empty());
}

#[test]
fn the_republic_is_the_other_state() {
    let doc = run("Hungary has closed its border with Serbia. Instead of talks, Budapest calls for sanctions against the republic.");
    let serbia = entity(&doc, "Serbia");
    assert!(serbia.references.iter().any(|m| m.text == "the republic"), "{:?}", serbia.references);
}

#[test]
fn organisation_head_words_and_acronyms() {
    let doc = run("The Government Accountability Office upheld the protest. The GAO said the bid was flawed.");
    let e = entity(&doc, "Government Accountability Office");
    assert_eq!(e.kind, EntityType::Org);
    assert!(e.mentions.iter().any(|m| m.text == "The GAO" && m.reason.starts_with("acronym")));
}

#[test]
fn ordinary_capitalised_words_are_not_names() {
    let doc = run("Dictators rarely keep promises. However, prices rose in March. Western leaders met on Monday at 10 UTC.");
    assert!(doc.entities.is_empty(), "{:?}", doc.entities.iter().map(|e| &e.name).collect::<Vec<_>>());
}

#[test]
fn nationality_adjectives_are_references_not_names() {
    let doc = run("The Polish side rejected the proposal.");
    let poland = entity(&doc, "Poland");
    assert!(poland.mentions.is_empty());
    assert_eq!(poland.references[0].kind, MentionKind::Demonym);
}

#[test]
fn arbitrary_text_never_panics() {
    let samples = [
        "", "A", "Mr.", "Mr. .", "the the the", "President of", "“", "@", "@x", "of of Of", "Ö Ü Ä ß", "the President of the",
        "Inc.", "Co. Co. Co.", "U.S.$", "Mr. Mrs. Dr. Prof.", "\u{0}\u{1}", "The Republic of",
    ];
    for s in samples {
        let _ = run(s);
    }
}

#[test]
fn unknown_full_name_then_surname_is_a_person() {
    let doc = run("Yarrow Quillfeather won the race. Afterwards Quillfeather said it was hard.");
    let e = entity(&doc, "Yarrow Quillfeather");
    assert_eq!(e.kind, EntityType::Person);
    assert_eq!(e.mentions.len(), 2);
}

#[test]
fn age_marks_a_lone_surname_as_a_person() {
    let doc = run("The race went to Brixholm, 58, who lives nearby.");
    assert_eq!(entity(&doc, "Brixholm").kind, EntityType::Person);
}

#[test]
fn two_titled_people_joined_by_and_stay_two() {
    let doc = run("The call between the Chancellor of Austria Karl Huber and the President of Slovenia Ana Novak lasted an hour.");
    assert_eq!(code(entity(&doc, "Karl Huber")), (Some("AUT"), Some("GOV")));
    assert_eq!(code(entity(&doc, "Ana Novak")), (Some("SVN"), Some("GOV")));
}

#[test]
fn title_case_headline_names_stop_at_ordinary_words() {
    let doc = run("Why Jane Doerring Is Right About The Budget\n\nJane Doerring is right about the budget, critics say.");
    assert!(doc.entities.iter().any(|e| e.name == "Jane Doerring"), "{:?}", doc.entities.iter().map(|e| &e.name).collect::<Vec<_>>());
    assert!(!doc.entities.iter().any(|e| e.name.contains("Right")));
}

#[test]
fn known_organisations_are_coded() {
    let doc = run("Hezbollah fired rockets, and the Pentagon said it was watching.");
    assert_eq!(code(entity(&doc, "Hezbollah")), (Some("LBN"), Some("REB")));
    assert_eq!(code(entity(&doc, "Pentagon")), (Some("USA"), Some("MIL")));
}

#[test]
fn honorific_opening_a_sentence_is_peeled_not_kept() {
    let doc = run("The vote was close. Mr. Okoro left early. Ms. Varga stayed.");
    let okoro = entity(&doc, "Okoro");
    assert_eq!(okoro.kind, EntityType::Person);
    assert_eq!(okoro.mentions[0].text, "Mr. Okoro");
    assert_eq!(entity(&doc, "Varga").kind, EntityType::Person);
    assert!(doc.entities.iter().all(|e| !e.name.starts_with('.')), "{:?}", doc.entities.iter().map(|e| &e.name).collect::<Vec<_>>());
}

#[test]
fn party_tag_after_a_legislator_names_the_party() {
    let doc = run("Sen. Mara Quill (D-N.Y.) and Rep. Tom Ashby (R-Wis.) opposed the bill.");
    let quill = entity(&doc, "Mara Quill");
    assert_eq!(code(quill), (Some("USA"), Some("LEG")));
    assert!(quill.roles.iter().any(|r| r == "Democrat"), "{:?}", quill.roles);
    assert!(entity(&doc, "Tom Ashby").roles.iter().any(|r| r == "Republican"));
    // The tag itself is a mention of the party, not an organisation called "D-N".
    let democrats = entity(&doc, "Democratic Party");
    assert_eq!(democrats.mentions[0].text, "D-N.Y.");
    assert_eq!(code(democrats), (Some("USA"), Some("PTY")));
    assert_eq!(entity(&doc, "Republican Party").mentions[0].text, "R-Wis.");
    assert_eq!(doc.entities.len(), 4, "{:?}", doc.entities.iter().map(|e| &e.name).collect::<Vec<_>>());
}

#[test]
fn an_expert_description_skips_office_holders_and_an_adjective_keeps_its_state() {
    let doc = run(
        "Ilse Brandt, who teaches at a Nordic university, spoke after Foreign Minister Jonas Berg. The Swedish \
         Foreign Ministry sent a note. The Danish authorities did not comment. The analyst said the plan would fail.",
    );
    let brandt = entity(&doc, "Ilse Brandt");
    assert!(brandt.references.iter().any(|m| m.text == "The analyst"), "{:?}", brandt.references);
    assert!(entity(&doc, "Jonas Berg").references.iter().all(|m| m.text != "The analyst"));
    // An adjective of nationality rules out the bodies of other states.
    let all_refs: Vec<&str> = doc.entities.iter().flat_map(|e| e.references.iter().map(|m| m.text.as_str())).collect();
    assert!(!all_refs.contains(&"The Danish authorities"), "{all_refs:?}");
}

fn mention_texts(e: &Entity) -> Vec<&str> {
    e.mentions.iter().map(|m| m.text.as_str()).collect()
}

#[test]
fn lone_family_name_of_a_name_written_family_name_first() {
    let doc = run("Vice-Premier Liu Zhenwei spoke in Geneva on Monday. Liu warned that the tariffs would hurt both sides.");
    let e = entity(&doc, "Liu Zhenwei");
    assert_eq!(e.kind, EntityType::Person);
    assert_eq!(mention_texts(e), vec!["Vice-Premier Liu Zhenwei", "Liu"]);
    assert!(!doc.entities.iter().any(|e| e.name == "Liu"));
}

#[test]
fn lone_korean_family_name_goes_to_the_most_named_holder() {
    let doc = run(
        "Leader Kim Sang-ho met the envoys. Kim Sang-ho later left. His aide Kim Dae-ro stayed behind. Kim said the meeting had gone well.",
    );
    let leader = entity(&doc, "Kim Sang-ho");
    assert_eq!(mention_texts(leader), vec!["Leader Kim Sang-ho", "Kim Sang-ho", "Kim"]);
    assert_eq!(mention_texts(entity(&doc, "Kim Dae-ro")), vec!["Kim Dae-ro"]);
}

#[test]
fn lone_given_name_is_the_person_it_opens_unless_in_apposition() {
    let doc = run("Sarah Okafor coached the team for ten years. Sarah said the title was the best of them.");
    assert_eq!(mention_texts(entity(&doc, "Sarah Okafor")), vec!["Sarah Okafor", "Sarah"]);

    let doc = run("Paul Brandt opened the fair on Saturday. The champion baker, Paul, won a blue ribbon.");
    assert_eq!(mention_texts(entity(&doc, "Paul Brandt")), vec!["Paul Brandt"]);
}

#[test]
fn company_short_name_that_is_a_person_surname_is_the_person() {
    let doc = run("Premier Alan Ford spoke in Toronto on Tuesday. Ford said the budget would be balanced next year.");
    let e = entity(&doc, "Alan Ford");
    assert_eq!(e.kind, EntityType::Person);
    assert_eq!(mention_texts(e), vec!["Premier Alan Ford", "Ford"]);
    assert!(doc.entities.iter().all(|e| e.kind != EntityType::Org), "{:?}", doc.entities.iter().map(|e| &e.name).collect::<Vec<_>>());
}

#[test]
fn company_named_in_full_keeps_its_short_name() {
    let doc = run("Ford Motor Company reported a loss. Premier Alan Ford spoke later. Ford will close a plant in Ohio.");
    let person = entity(&doc, "Alan Ford");
    assert_eq!(mention_texts(person), vec!["Premier Alan Ford"]);
}

#[test]
fn lone_surname_goes_to_the_person_named_before_it() {
    let doc = run("Helen Ward opened the meeting on Friday. Ward has led the council since 2019. Her son, Peter Ward, is a lawyer.");
    let helen = entity(&doc, "Helen Ward");
    assert_eq!(mention_texts(helen), vec!["Helen Ward", "Ward"]);
    assert_eq!(mention_texts(entity(&doc, "Peter Ward")), vec!["Peter Ward"]);
}

#[test]
fn on_joins_a_complement_to_an_organisation_head_word_but_not_a_date() {
    let doc = run("A study by the Council on Rural Health found fewer clinics. The Committee on Monday rejected it.");
    let e = entity(&doc, "Council on Rural Health");
    assert_eq!(e.kind, EntityType::Org);
    assert!(doc.entities.iter().all(|e| !e.name.contains("Monday")));
}

#[test]
fn bare_title_word_that_is_a_named_persons_surname_is_that_person() {
    let doc = run("Helen Judge chaired the hearing on Friday. Later, Judge said the ruling would stand.");
    let e = entity(&doc, "Helen Judge");
    assert_eq!(mention_texts(e), vec!["Helen Judge", "Judge"]);
    assert!(e.mentions[1].reason.contains("surname"));

    // With nobody of that surname, the bare word stays a title, no one's name.
    let doc = run("Ann Price chaired the hearing on Friday. Later, Judge said the ruling would stand.");
    assert!(doc.entities.iter().all(|e| e.mentions.iter().all(|m| m.text != "Judge")));
}

#[test]
fn company_nominal_reaches_an_organisation_of_unknown_kind_named_last() {
    let doc = run("Brightwell Inc. lost the contract to Zentrix last spring. The company said it would hire forty engineers.");
    let e = entity(&doc, "Zentrix");
    assert_eq!(e.kind, EntityType::Org);
    assert_eq!(e.references.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), vec!["The company"]);
}

#[test]
fn the_city_refers_to_the_latest_city_named() {
    let doc = run("Snow closed schools in Calgary on Monday. The city said buses would run again by noon.");
    let e = entity(&doc, "Calgary");
    assert_eq!(e.references.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), vec!["The city"]);
}

#[test]
fn agency_nominal_reaches_an_organisation_of_unknown_kind_but_ministry_does_not() {
    let doc = run("Riders complained to Metrolinx about the delays. The agency said new trains arrive in May.");
    let e = entity(&doc, "Metrolinx");
    assert_eq!(e.references.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), vec!["The agency"]);

    let doc = run("Riders complained to Metrolinx about the delays. The ministry said new trains arrive in May.");
    assert!(entity(&doc, "Metrolinx").references.is_empty());
}

#[test]
fn a_pronoun_teaches_the_gender_a_first_name_does_not() {
    // "Sunniva" is in no first-name table: the "She" of the next sentence makes her female, so
    // the later "he" cannot be her.
    let doc = run("Sunniva Dahl said the ferry was late. She waited an hour. Later Tomas Berg arrived, and he apologised.");
    let dahl = entity(&doc, "Sunniva Dahl");
    assert_eq!(dahl.gender, Some(newsgraph_doc::Gender::Female));
    let he = doc.text.find(" he ").unwrap() + 1;
    assert!(dahl.references.iter().all(|m| m.start != he));
}

#[test]
fn a_lone_name_taken_up_by_he_is_a_person() {
    let doc = run("Asked which was harder, Okonkwo did not hesitate. He chose the second one.");
    let e = entity(&doc, "Okonkwo");
    assert_eq!(e.kind, EntityType::Person);
    assert!(e.references.iter().any(|m| m.kind == MentionKind::Pronoun && m.text == "He"));
    // A name that is where something happens stays untyped.
    let doc = run("The crowd gathered in Brookvale. He spoke for an hour.");
    assert!(doc.entities.iter().filter(|e| e.name == "Brookvale").all(|e| e.kind != EntityType::Person));
}

#[test]
fn a_first_name_before_a_province_is_a_town() {
    // "Warren" is also a given name; "in …, Ont." makes it a place.
    let doc = run("Opening a clinic in Warren, Ont., on Friday, the health minister promised more nurses.");
    assert_eq!(entity(&doc, "Warren").kind, EntityType::Gpe);
}

#[test]
fn a_surname_that_is_half_a_market_index_is_still_a_surname() {
    let doc = run("Martin Jones is the goalie. Jones stopped every shot. The Dow Jones rose and the Hang Seng fell.");
    let e = entity(&doc, "Martin Jones");
    assert!(e.mentions.iter().any(|m| m.text == "Jones"), "{:?}", e.mentions);
    assert!(doc.entities.iter().all(|e| e.name != "Dow Jones" && e.name != "Hang Seng"));
}
