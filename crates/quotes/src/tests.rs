//! Unit tests on sentences written for this crate: each pattern the stage handles, plus
//! robustness on arbitrary and hostile input.

use super::QuoteStage;
use newsgraph_doc::{Doc, Quote, QuoteKind, Stage};
use newsgraph_entities::EntityStage;
use newsgraph_segment::Segmenter;

fn run(text: &str) -> Doc {
    let mut doc = Doc::new("t", text);
    Segmenter.annotate(&mut doc);
    EntityStage::default().annotate(&mut doc);
    QuoteStage.annotate(&mut doc);
    doc
}

fn speaker(q: &Quote) -> &str {
    q.speaker.as_ref().map(|s| s.name.as_str()).unwrap_or("")
}

fn speaker_span<'a>(doc: &'a Doc, q: &Quote) -> &'a str {
    q.speaker.as_ref().and_then(|s| doc.text.get(s.start..s.end)).unwrap_or("")
}

fn last_word(s: &str) -> &str {
    s.split_whitespace().last().unwrap_or("")
}

fn find<'a>(doc: &'a Doc, needle: &str) -> &'a Quote {
    doc.quotes.iter().find(|q| q.text.contains(needle)).unwrap_or_else(|| panic!("no quote with {needle:?} in {:#?}", doc.quotes))
}

#[test]
fn curly_quote_with_postposed_speaker_and_apposition() {
    let doc = run("“The border crossing will stay open for trucks,” said Jana Novak, a spokeswoman for the Czech Foreign Ministry.");
    let q = find(&doc, "border crossing");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.text, "“The border crossing will stay open for trucks,”");
    assert_eq!(last_word(speaker(q)), "Novak");
    assert_eq!(q.cue.as_ref().map(|c| c.text.as_str()), Some("said"));
    assert_eq!(q.id, "Q1");
}

#[test]
fn straight_quote_with_pronoun_speaker_resolved_to_earlier_person() {
    let doc = run("Marek Dvorak opened the meeting an hour early.\n\n\"We have no time to lose,\" he said.");
    let q = find(&doc, "no time to lose");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker_span(&doc, q), "he");
    assert_eq!(last_word(speaker(q)), "Dvorak");
}

#[test]
fn guillemets_and_single_marks() {
    let doc = run("«Prices will fall again next spring», the economist Tomas Berg said.\n\nAnna Kowalska said: ‘The harbour needs a new crane before winter.’");
    assert_eq!(last_word(speaker(find(&doc, "Prices will fall"))), "Berg");
    let q = find(&doc, "harbour needs");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert!(q.text.starts_with('‘'));
    assert_eq!(last_word(speaker(q)), "Kowalska");
}

#[test]
fn space_before_closing_mark_and_agency_quoting_him() {
    let text = "Peter Lind spoke to journalists in the capital on Monday.\n\n“We will answer only in the language of law ”, TASS quoted him as saying.";
    let doc = run(text);
    let q = find(&doc, "language of law");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker_span(&doc, q), "him");
    assert_eq!(last_word(speaker(q)), "Lind");
    assert_eq!(q.via.first().map(|v| v.name.as_str()), Some("TASS"));
}

#[test]
fn mistranslated_reverse_quoting_puts_the_person_first() {
    let doc = run("Press secretary Olga Marsh quoted BelTA as saying that the border posts were closed for the night.");
    let q = find(&doc, "border posts were closed");
    assert_eq!(last_word(speaker(q)), "Marsh");
    assert_eq!(q.via.first().map(|v| v.name.as_str()), Some("BelTA"));
}

#[test]
fn quote_running_over_paragraphs() {
    let doc = run("“The first part of the plan is ready.\n\n“The second part will follow in the summer,” said Olga Petrova.");
    assert_eq!(doc.quotes.len(), 1, "{:#?}", doc.quotes);
    let q = &doc.quotes[0];
    assert!(q.text.contains("first part") && q.text.contains("second part"));
    assert_eq!(q.block, 0);
    assert_eq!(last_word(speaker(q)), "Petrova");
}

#[test]
fn cue_inside_a_split_quotation() {
    let doc = run("Maria Lopez arrived at the harbour at noon.\n\n“We tried everything we could,” she said. “It simply did not work this time.”");
    assert_eq!(last_word(speaker(find(&doc, "We tried"))), "Lopez");
    assert_eq!(last_word(speaker(find(&doc, "did not work"))), "Lopez");
}

#[test]
fn unbalanced_mark_recovers_at_the_paragraph_end() {
    let doc = run("“This quotation never gets its closing mark, said nobody.\n\nMaria Lopez said the new bridge will open in June.");
    let q = find(&doc, "new bridge");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "the new bridge will open in June");
    assert_eq!(last_word(speaker(q)), "Lopez");
}

#[test]
fn partial_quotes_inside_reported_speech() {
    let doc = run("Karl Weber also added that the company \"is trying to delay the payments\" again.\n\nThe minister wrote about \"the unacceptable pressure on our farmers\" in his letter.");
    let q = find(&doc, "trying to delay");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert!(q.text.starts_with("the company"));
    assert_eq!(last_word(speaker(q)), "Weber");
    assert_eq!(find(&doc, "unacceptable pressure").kind, QuoteKind::Partial);
}

#[test]
fn reported_speech_patterns() {
    let doc = run(concat!(
        "According to Lena Fischer, the old factory will close in May.\n\n",
        "As Karl Weber noted, the building is more than a century old.\n\n",
        "The repairs would cost far too much, Weber said.\n\n",
        "Weber stressed that the workers would keep their jobs.\n\n",
        "From his point of view, the deal is fair to everyone.\n\n",
        "Weber called the plan a waste of public money."
    ));
    assert_eq!(last_word(speaker(find(&doc, "old factory"))), "Fischer");
    assert_eq!(find(&doc, "old factory").text, "the old factory will close in May");
    assert_eq!(last_word(speaker(find(&doc, "century old"))), "Weber");
    let post = find(&doc, "repairs would cost");
    assert_eq!(post.text, "The repairs would cost far too much");
    assert_eq!(last_word(speaker(post)), "Weber");
    assert_eq!(find(&doc, "keep their jobs").text, "the workers would keep their jobs");
    let view = find(&doc, "fair to everyone");
    assert_eq!(speaker_span(&doc, view), "his");
    assert_eq!(last_word(speaker(view)), "Weber");
    assert_eq!(find(&doc, "waste of public money").text, "the plan a waste of public money");
    assert!(doc.quotes.iter().all(|q| q.kind == QuoteKind::Indirect));
}

#[test]
fn channels_of_a_statement() {
    let doc = run(concat!(
        "Peter Lind told Reuters that the talks had failed.\n\n",
        "Lind said in an interview with RT that a new round was possible.\n\n",
        "Lind wrote on his Twitter page that he would travel to Vienna."
    ));
    assert_eq!(find(&doc, "talks had failed").via.first().map(|v| v.name.as_str()), Some("Reuters"));
    assert_eq!(find(&doc, "new round").via.first().map(|v| v.name.as_str()), Some("RT"));
    assert_eq!(find(&doc, "travel to Vienna").via.first().map(|v| v.name.as_str()), Some("Twitter"));
}

#[test]
fn described_speaker_resolves_to_the_person() {
    let doc = run("Analyst Ruth Adler has followed the market for years.\n\n“Nobody expected such a sharp fall,” the analyst said.");
    let q = find(&doc, "sharp fall");
    assert_eq!(speaker_span(&doc, q), "the analyst");
    assert_eq!(last_word(speaker(q)), "Adler");
}

#[test]
fn embedded_post_is_a_dated_quote_of_its_author() {
    let text = "The minister answered online.\n\nOur farmers deserve better prices this year #harvest\n\n— Jan Kowal (@JanKowal) November 13, 2021\n\nThe post was shared widely.";
    let doc = run(text);
    let q = find(&doc, "farmers deserve");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker(q), "Jan Kowal");
    assert_eq!(q.date.as_deref(), Some("2021-11-13"));
    // It came through Twitter, whose embeds sign "Name (@handle) date"; the channel points at the handle.
    assert_eq!(q.via.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["Twitter"]);
    assert_eq!(doc.text.get(q.via[0].start..q.via[0].end), Some("@JanKowal"));
}

#[test]
fn scare_quotes_titles_and_captions_are_not_quotes() {
    let doc = run(concat!(
        "“A Winter Without Heat”\n\n",
        "The so-called \"reform\" failed to convince the town council last week.\n\n",
        "Photo: “Crowds at the gate” by a local photographer"
    ));
    assert!(doc.quotes.is_empty(), "{:#?}", doc.quotes);
}

#[test]
fn document_speaker_takes_its_first_author() {
    let text = "The joint statement of Poland, Lithuania and Latvia was published by the Polish government on Friday. The statement says that the border must be protected at all costs.";
    let doc = run(text);
    let q = find(&doc, "border must be protected");
    assert_eq!(speaker_span(&doc, q), "The statement");
    assert_eq!(speaker(q), "Poland");
}

/// A small deterministic generator, so the fuzz test needs no extra dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn assert_well_formed(doc: &Doc) {
    for q in &doc.quotes {
        assert!(q.start <= q.end && q.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(q.start) && doc.text.is_char_boundary(q.end));
        if let Some(s) = &q.speaker {
            assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end) && s.end <= doc.text.len());
        }
    }
}

#[test]
fn never_panics_on_arbitrary_strings() {
    let pieces = [
        "\"", "“", "”", "«", "»", "‘", "’", "'", "„", " ", "\n\n", "\n", ",", ".", ":", "said", "told", "he", "she", "The",
        "according", "to", "that", "Mr.", "Anna", "Novak", "é", "日本", "—", "(", ")", "as", "quoted", "saying", "— X (@x)",
        "@a", "#b", "http://x.y", "ß", "🙂", "\u{0301}", "said Anna Novak,", "the ministry", "\t",
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..400 {
        let n = (rng.next() % 60) as usize;
        let text: String = (0..n).map(|_| pieces[(rng.next() as usize) % pieces.len()]).collect::<Vec<_>>().join("");
        let doc = run(&text);
        assert_well_formed(&doc);
    }
}

#[test]
fn thousands_of_unbalanced_marks() {
    let mut text = String::from("Anna Novak said the plan was ready. ");
    for i in 0..5000 {
        text.push_str(if i % 3 == 0 { "“word " } else if i % 3 == 1 { "» more " } else { "' x " });
    }
    text.push_str("\n\nAnna Novak said the second plan was ready too.");
    let doc = run(&text);
    assert_well_formed(&doc);
    assert!(doc.quotes.iter().any(|q| q.text == "the second plan was ready too"));
}

#[test]
fn adverb_negation_and_progressive_between_subject_and_verb() {
    let doc = run("The harbour master now says the pier needs new pilings.\n\nThe ferry union is saying that the winter timetable leaves crews too tired.");
    let q = find(&doc, "pier needs");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.text, "the pier needs new pilings");
    assert_eq!(speaker(q), "The harbour master");
    let q = find(&doc, "winter timetable");
    assert_eq!(q.text, "the winter timetable leaves crews too tired");
    assert_eq!(speaker_span(&doc, q), "The ferry union");
}

#[test]
fn raised_infinitive_and_period_adjunct() {
    let doc = run("The bakers guild seemed to think the flour tax was unfair.\n\nThe ferry company this month said its two oldest boats would be sold.");
    assert_eq!(find(&doc, "flour tax").text, "the flour tax was unfair");
    assert_eq!(last_word(speaker(find(&doc, "flour tax"))), "guild");
    let q = find(&doc, "oldest boats");
    assert_eq!(q.text, "its two oldest boats would be sold");
    assert_eq!(last_word(speaker(q)), "company");
}

#[test]
fn relative_who_and_poll_shares_as_speakers() {
    let doc = run("The farmer hired a carpenter who said he was never paid for the barn roof.\n\nAnother 19 percent said they would skip the vote entirely.");
    let q = find(&doc, "never paid");
    assert_eq!(q.text, "he was never paid for the barn roof");
    assert_eq!(speaker(q), "a carpenter");
    let q = find(&doc, "skip the vote");
    assert_eq!(speaker(q), "Another 19 percent");
}

#[test]
fn name_opening_a_clause_with_several_appositions() {
    let doc = run("Harold Finch, 59, of Dayton, Ohio, who watched the parade from a rooftop, said the event reminded him of his youth.");
    let q = find(&doc, "reminded him");
    assert_eq!(q.text, "the event reminded him of his youth");
    assert_eq!(last_word(speaker(q)), "Finch");
}

#[test]
fn title_case_headline_verbs() {
    let doc = run("Gauge Maker Says Its New Factory Will Open In Spring.\n\nThe company gave no date.");
    let q = find(&doc, "New Factory");
    assert_eq!(q.text, "Its New Factory Will Open In Spring");
    assert_eq!(speaker(q), "Gauge Maker");
    let doc = run("New Bridge Will Be Delayed Again, Mayor Tom Reyes Says.\n\nThe council gave no date.");
    let q = find(&doc, "New Bridge");
    assert_eq!(q.text, "New Bridge Will Be Delayed Again");
    assert_eq!(speaker(q), "Tom Reyes");
    // In running text a capitalised "Says" stays a name.
    let doc = run("Tom Says and his brother run the bakery on Main Street, which opened in May.");
    assert!(doc.quotes.is_empty(), "{:#?}", doc.quotes);
}

#[test]
fn that_clause_of_a_later_verb_is_not_taken_by_an_earlier_one() {
    let doc = run("Vera Lind, an economist who writes about shipping for a weekly, noted that freight rates had doubled since May.");
    let q = find(&doc, "freight rates");
    assert_eq!(q.text, "freight rates had doubled since May");
    assert_eq!(last_word(speaker(q)), "Lind");
}

#[test]
fn naming_with_call_and_calling_for() {
    let doc = run("At the meeting, Rosa Lind called her own vote for the new tariff a mistake.\n\nMaria Olsen spoke in March, calling for tighter rules on imported seed.");
    let q = find(&doc, "new tariff");
    assert_eq!(q.text, "her own vote for the new tariff a mistake");
    assert_eq!(last_word(speaker(q)), "Lind");
    let q = find(&doc, "imported seed");
    assert_eq!(q.text, "tighter rules on imported seed");
    assert_eq!(last_word(speaker(q)), "Olsen");
    // "what it called a fresh start" names nothing: no statement there.
    let doc = run("In what it called a fresh start, the club hired two coaches from abroad.");
    assert!(doc.quotes.is_empty(), "{:#?}", doc.quotes);
}

#[test]
fn weak_verb_before_pronoun_and_auxiliary_takes_the_clause() {
    let doc = run("The bakery chain announced it would close six shops by June.\n\nThe bakery chain announced a new logo for its vans.");
    let q = find(&doc, "six shops");
    assert_eq!(q.text, "it would close six shops by June");
    assert_eq!(doc.quotes.len(), 1, "{:#?}", doc.quotes);
}

#[test]
fn denial_of_a_bare_noun_phrase_is_no_statement() {
    let doc = run("The minister denied the substance of the newspaper story.\n\nThe minister denied that anyone in her office had leaned on the board.");
    assert_eq!(doc.quotes.len(), 1, "{:#?}", doc.quotes);
    assert_eq!(doc.quotes[0].text, "anyone in her office had leaned on the board");
}

#[test]
fn opening_headline_with_a_colon_names_its_source() {
    let doc = run("Mayor Tom Reyes: the new bridge will open before the winter.\n\nThe council met on Tuesday.");
    let q = find(&doc, "new bridge");
    assert_eq!(q.text, "the new bridge will open before the winter");
    assert_eq!(last_word(speaker(q)), "Reyes");
    // A section label is no source, and a colon later in the text is no headline.
    let doc = run("Read more: the new bridge will open before the winter.");
    assert!(doc.quotes.is_empty(), "{:#?}", doc.quotes);
    let doc = run("The council met on Tuesday.\n\nMayor Tom Reyes: the new bridge will open before the winter.");
    assert!(doc.quotes.is_empty(), "{:#?}", doc.quotes);
}

#[test]
fn indirect_questions_and_findings_of_data() {
    let doc = run("A local farmer asked whether the new canal would flood his fields.\n\nA new survey of workers shows wages falling for a third year.");
    assert_eq!(find(&doc, "canal").text, "whether the new canal would flood his fields");
    let q = find(&doc, "wages falling");
    assert_eq!(q.text, "wages falling for a third year");
    // A person who "shows" something makes no statement without a clause.
    let doc = run("The guide Anna Berg shows visitors the old mill every Sunday.");
    assert!(doc.quotes.is_empty(), "{:#?}", doc.quotes);
}

#[test]
fn frames_that_carry_no_content() {
    // "told Reuters outside the hotel": the rest is an adjunct, not what was told.
    let doc = run("\"We ran back up the stairs,\" Jon Peters told Reuters outside the hotel.");
    assert_eq!(doc.quotes.len(), 1, "{:#?}", doc.quotes);
    assert_eq!(doc.quotes[0].kind, QuoteKind::Direct);
    // A comparison with what someone says is no statement of theirs.
    let doc = run("The repairs cost far more than the city says they did last spring.");
    assert!(doc.quotes.is_empty(), "{:#?}", doc.quotes);
    // "But unlike its rival, the firm expects…": the opening phrase is not the content.
    let doc = run("But unlike its older rival, the young carmaker expects to turn a profit next year.");
    assert!(doc.quotes.iter().all(|q| !q.text.contains("older rival")), "{:#?}", doc.quotes);
}

#[test]
fn opening_adverbials_and_a_comma_after_said() {
    let doc = run("After two dry summers, the lake has dropped a full metre, one park ranger said.");
    let q = find(&doc, "full metre");
    assert_eq!(q.text, "After two dry summers, the lake has dropped a full metre");
    assert_eq!(speaker_span(&doc, q), "one park ranger");
    let doc = run("Though the first move went smoothly, she said, a second one would cost far more.");
    let q = find(&doc, "second one");
    assert_eq!(q.text, "Though the first move went smoothly, she said, a second one would cost far more");
    let doc = run("Over the last ten years, Mayor Ruth Olsen said, the town has lost a third of its shops.");
    let q = find(&doc, "third of its shops");
    assert!(q.text.ends_with("the town has lost a third of its shops"), "{:#?}", q);
    let doc = run("In her final speech, Ruth Olsen said, the harbour will need a new breakwater within ten years.");
    assert_eq!(last_word(speaker(find(&doc, "breakwater"))), "Olsen");
    let doc = run("Ruth Olsen said, a majority of residents came to back the plan.\n\nRuth Olsen said, adding that she would stay on.");
    assert_eq!(find(&doc, "majority").text, "a majority of residents came to back the plan");
    assert!(doc.quotes.iter().all(|q| !q.text.starts_with("adding")), "{:#?}", doc.quotes);
    // An answer frame opening the sentence is no content of its own.
    let doc = run("Asked about the vote, the mayor said nothing.");
    assert!(doc.quotes.is_empty(), "{:#?}", doc.quotes);
}

#[test]
fn possessed_relation_then_its_name() {
    let doc = run("“We print ten copies at most,” says Olsen’s business partner, Ida Berg. “Sometimes two.”");
    assert_eq!(last_word(speaker(find(&doc, "ten copies"))), "Berg");
    // A name that opens the content after "according to her lawyer," is no apposition.
    let doc = run("According to her lawyer, Ida Berg never signed the lease.");
    let q = find(&doc, "never signed");
    assert_eq!(speaker_span(&doc, q), "her lawyer");
}

#[test]
fn commitments_and_linked_participles() {
    let doc = run("The new owner vowed to keep all three bakeries open through the winter.");
    let q = find(&doc, "bakeries");
    assert_eq!(q.text, "to keep all three bakeries open through the winter");
    assert_eq!(speaker_span(&doc, q), "The new owner");
    // "agreed to meet" is an arrangement, not a statement.
    let doc = run("The two ministers agreed to meet again in the spring.");
    assert!(doc.quotes.is_empty(), "{:#?}", doc.quotes);
    let doc = run("Dr. Nora Vik appeared on the radio and began by saying she would never judge a patient from afar.");
    let q = find(&doc, "never judge");
    assert_eq!(q.text, "she would never judge a patient from afar");
    assert_eq!(last_word(speaker(q)), "Vik");
    let doc = run("The leaked audit records show the agency spent twice its budget.");
    assert_eq!(find(&doc, "twice its budget").text, "the agency spent twice its budget");
}

#[test]
fn told_an_object_pronoun_and_an_adjunct_only() {
    let doc = run("“It will take years,” Ann Voss told me this week.");
    assert_eq!(doc.quotes.len(), 1, "{:#?}", doc.quotes);
    assert_eq!(doc.quotes[0].kind, QuoteKind::Direct);
    let doc = run("Ann Voss told me the repairs would take years.");
    assert_eq!(find(&doc, "repairs").text, "the repairs would take years");
}

#[test]
fn crowds_and_groups_as_speakers() {
    let doc = run("Small groups of protesters continued to call for an inquiry into the mine closure.");
    let q = find(&doc, "inquiry");
    assert_eq!(q.text, "an inquiry into the mine closure");
    assert_eq!(speaker_span(&doc, q), "Small groups");
}

#[test]
fn a_national_body_no_entity_stands_for_keeps_its_description() {
    let doc = run(
        "Vantor Shipping, a freight company, lost two crews at sea this year. \
         The Danish government says the sailors are being held without charge.",
    );
    let q = find(&doc, "held without charge");
    assert_eq!(speaker(q), "The Danish government");
}

#[test]
fn the_analyst_is_the_latest_person_who_holds_no_office() {
    let doc = run(
        "Mira Kovac, who heads a research institute in Zagreb, followed the talks. \
         \"The minister is wrong about Prime Minister Ivo Radic,\" the analyst said.",
    );
    let q = find(&doc, "minister is wrong");
    assert_eq!(speaker(q), "Mira Kovac");
}

#[test]
fn the_members_of_a_body_speak_as_the_body() {
    let doc = run(
        "Olga Petrenko, a spokeswoman for the ministry, spoke on Monday. \
         The states of the European Union accused Moldova of deliberately stoking the crisis.",
    );
    let q = find(&doc, "stoking the crisis");
    assert_eq!(speaker(q), "European Union");
    assert_eq!(speaker_span(&doc, q), "the European Union");
}

#[test]
fn the_analyst_is_nobody_in_office_and_later_pronouns_follow_the_analyst() {
    let doc = run(
        "Foreign Minister Tomas Vilkas spoke on Monday. \
         \"It seems that Vilkas wants to lecture older statesmen,\" the analyst said. \
         According to him, such words show the line of the ministry.",
    );
    let q = find(&doc, "lecture older statesmen");
    assert_ne!(speaker(q), "Tomas Vilkas");
    assert_ne!(speaker(find(&doc, "line of the ministry")), "Tomas Vilkas");
}

#[test]
fn people_named_inside_a_quotation_do_not_speak_it() {
    let doc = run(
        "Foreign Minister Ruta Pakalne criticised the talks. \
         “Talking to Lukashenko is a risky road, because he keeps no promise,” TASS quoted her as saying. \
         Defence Minister Arvid Kalns agreed. “Talks with Lukashenko help nobody,” the agency quoted him as saying.",
    );
    assert_eq!(last_word(speaker(find(&doc, "risky road"))), "Pakalne");
    assert_eq!(last_word(speaker(find(&doc, "help nobody"))), "Kalns");
}

#[test]
fn the_media_speak_as_themselves() {
    let doc = run(
        "Prime Minister Olav Berg spoke to President Ivan Dorn on Monday. Before that, the Norwegian media \
         reported that the President offered a deal on the border.",
    );
    assert_eq!(speaker(find(&doc, "offered a deal")), "the Norwegian media");
    // "The parties" are the two who spoke on the phone, not the media.
    let doc = run("Prime Minister Olav Berg called President Ivan Dorn on Monday. The parties said that the border stays open.");
    let q = find(&doc, "border stays open");
    assert_eq!(speaker(q), "Olav Berg");
    assert_eq!(speaker_span(&doc, q), "The parties");
    assert_eq!(co_speaker_names(q), ["Ivan Dorn"]);
}

#[test]
fn a_relative_pronoun_is_the_mention_the_attribution_used() {
    let doc = run("Ann Lee, who said the mill would close, left the meeting early.");
    let q = find(&doc, "mill would close");
    assert_eq!(last_word(speaker(q)), "Lee");
    assert_eq!(speaker_span(&doc, q), "who");
}

#[test]
fn a_relative_is_not_the_person_the_possessive_means() {
    let doc = run("Okafor's mother, Grace, says her daughter loved sailing. Okafor later moved to Accra. Her mother said she taught at two village schools.");
    let q = find(&doc, "two village schools");
    assert_eq!(speaker(q), "Grace");
    assert_eq!(speaker_span(&doc, q), "Her mother");
    // No relative named: the description stays as written rather than becoming the last person.
    let doc = run("Aroha Ngata, a nurse, was killed on Tuesday. “She was kind,” the mother said.");
    assert_eq!(speaker(find(&doc, "She was kind")), "the mother");
}

#[test]
fn a_photographer_in_a_caption_credit_is_no_antecedent() {
    let doc = run("Mira Holm runs the shelter.\n\nVolunteers sort blankets. (Anna Petrova / ERR News)\n\n“We need more beds,” she said.");
    assert_eq!(speaker(find(&doc, "more beds")), "Mira Holm");
}

#[test]
fn he_after_a_long_sentence_is_its_subject_not_the_earlier_speaker() {
    let doc = run("Later, in the House, Dale Ferris said that no one was under pressure. “No one pushed me,” Ferris said. \
        Green MP Tom Brandt — once a ferry captain, and for six years the chair of a harbour board on the west \
        coast of the island — spoke on a phone-in show that evening and answered callers for an hour.\n .\n“Nobody pushed anyone,” he said.");
    assert_eq!(speaker(find(&doc, "Nobody pushed")), "Tom Brandt");
}

#[test]
fn an_uncued_quotation_belongs_to_the_person_the_sentence_before_was_about() {
    let text = "“We will not move,” Ilse Brandt said on the radio.\n\nOn “Morning Call,” Senator Piet Vos, who lost the vote, named fatigue as the reason for the result. “People are tired of waiting for a change.”";
    let doc = run(text);
    assert_eq!(speaker(find(&doc, "tired of waiting")), "Piet Vos");
    // When the sentence before is the previous quotation's own, the speaker carries on.
    let doc = run("“We will not move,” Ilse Brandt said on the radio. “Nobody here wants to leave the valley.”");
    assert_eq!(speaker(find(&doc, "wants to leave")), "Ilse Brandt");
}

#[test]
fn transcript_turns_are_quotations_of_their_labelled_speakers() {
    let text = "Governor Ruth Alder spoke to the host on Sunday. A partial transcript follows.\n\n\
        \"KAPLAN: Why did you skip the forum on Thursday night?\n\n\
        \"ALDER: Well, look, the forum was a stunt and everyone in the county knew it.\n\n\
        \"KAPLAN: But voters wanted to hear from you, did they not?\n\n\
        ENERGY: Crude oil fell two per cent in early trading on Monday.";
    let doc = run(text);
    let q = find(&doc, "the forum was a stunt");
    assert_eq!(speaker(q), "Ruth Alder");
    assert_eq!(speaker_span(&doc, q), "ALDER");
    assert!(!q.text.contains("KAPLAN"), "{:?}", q.text);
    assert_eq!(speaker(find(&doc, "skip the forum")), "KAPLAN");
    assert_eq!(speaker(find(&doc, "voters wanted")), "KAPLAN");
    // A section label used once and naming nobody in the text is no speaker.
    assert!(doc.quotes.iter().all(|q| !q.text.contains("Crude oil")));
}

#[test]
fn a_statement_released_by_a_body_speaks_for_it() {
    let doc = run("Mayor Ana Ruiz and Governor Tom Hale discussed \"the state of the port and the need for new cranes before winter,\" said a statement released by the Harbour Authority of Vigo.");
    let q = find(&doc, "new cranes");
    assert_eq!(last_word(speaker(q)), "Vigo");
    assert!(speaker_span(&doc, q).starts_with("a statement"));
}

#[test]
fn it_is_the_body_that_spoke_in_the_sentence_before() {
    let doc = run("The port authority's press office published a notice on Monday saying that Norway had closed two terminals.\n\nIt urged shippers to \"plan for delays of up to a week at every crossing.\"");
    let q = find(&doc, "plan for delays");
    assert_eq!(last_word(speaker(q)), "office");
    assert_eq!(speaker_span(&doc, q), "It");
}

#[test]
fn passive_quoted_as_saying_gives_the_subject() {
    let doc = run("Mayor Tom Reed spoke about ferry fares. “Once I saw the accounts, I knew fares had to rise,” he was quoted as saying in a newsletter.");
    let q = find(&doc, "fares had to rise");
    assert_eq!(speaker(q), "Tom Reed");
    assert_eq!(speaker_span(&doc, q), "he");
    // The rest of the frame is no statement of its own.
    assert!(doc.quotes.iter().all(|q| q.text != "in a newsletter"), "{:?}", doc.quotes);
}

#[test]
fn a_long_description_may_precede_a_postposed_speaker() {
    let doc = run("Sailors doubt the new charts. “Every chart of this bay since 1900 has placed the reef too far north,” Harbour Point College maritime historian Ines Wolde said.");
    assert_eq!(speaker(find(&doc, "reef too far north")), "Ines Wolde");
}

#[test]
fn appositions_opening_with_a_title_or_a_party_tag() {
    let doc = run("Marta Silva, Minister of Fisheries, Oceans and Coastal Affairs, said on Friday that the quota would stay.");
    assert_eq!(speaker(find(&doc, "quota would stay")), "Marta Silva");
    let doc = run("Rep. Dana Oakes, D-Ore., the new head of the water panel, said on Friday that the salmon hatcheries need more money.");
    assert_eq!(speaker(find(&doc, "salmon hatcheries")), "Dana Oakes");
}

#[test]
fn an_inverted_frame_before_the_quotation_names_the_speaker() {
    let doc = run("Instead of the usual debate rules, which favour whoever holds the seat, asks columnist Lena Vik, “why not draw lots for speaking time?”");
    assert_eq!(speaker(find(&doc, "draw lots")), "Lena Vik");
}

#[test]
fn documents_speak_for_their_authors() {
    // The possessor of the document.
    let doc = run("Drivers at the port signed up with the Harbour Drivers Union in May. The union's spring newsletter said it will bargain for every driver in the city.");
    assert_eq!(last_word(speaker(find(&doc, "bargain for every driver"))), "Union");
    // The body that spoke just before.
    let doc = run("The rowing club Northwake said its head coach would retire in June. A statement said the club was \"grateful and proud\" to have worked with her for so long.");
    assert_eq!(speaker(find(&doc, "grateful and proud")), "Northwake");
    // "X said in a statement … The statement also said".
    let doc = run("The Alpine Cheese Association said in a statement that exports rose for the third year. The statement also said that new tariffs would hurt small dairies.");
    assert_eq!(last_word(speaker(find(&doc, "new tariffs"))), "Association");
}

#[test]
fn a_nationality_adjective_opening_a_description_is_no_speaker() {
    let doc = run("Estonian transport ministry spokeswoman Kadri Tamm answered the next day, saying the ferry operator ought to \"honour the timetable and refund the delayed passengers.\"");
    assert_eq!(speaker(find(&doc, "honour the timetable")), "Kadri Tamm");
}

#[test]
fn a_website_named_for_a_body_speaks_for_it() {
    let doc = run("Ruth Amoah founded the Kaimana project last year. According to the Kaimana website, the farms will run on solar power.");
    assert_eq!(speaker(find(&doc, "solar power")), "Kaimana");
}

#[test]
fn the_official_is_the_unnamed_official_introduced_earlier() {
    let text = "“Only the minister can sign the order,” a port official said at the quay. Ann Lee has asked to read the report Tom Reed wrote.\n\nThe port official added that most ships are cleared within a day.\n\n“It is rare for us to hold a ship for a week,” the official said.";
    let doc = run(text);
    assert_eq!(speaker(find(&doc, "hold a ship")), "a port official");
}

#[test]
fn quoted_as_saying_by_a_channel_then_the_content() {
    let doc = run("Harbour master Omar Haddad told skippers on Monday to keep their boats in port. He was quoted as saying by the Harbour Gazette that three crews had reported broken masts.");
    let q = find(&doc, "broken masts");
    assert_eq!(speaker(q), "Omar Haddad");
    assert_eq!(q.via.first().map(|v| v.name.as_str()), Some("Harbour Gazette"));
}

#[test]
fn a_short_lead_in_and_a_colon_continue_the_speaker() {
    let doc = run("“I think if they all sat down together, they would figure it out,” Ruth Klein said. Then, with a shrug: “A few more meetings. They need a few more meetings.”");
    assert_eq!(speaker(find(&doc, "few more meetings")), "Ruth Klein");
}

#[test]
fn taking_to_twitter_introduces_a_quotation() {
    let doc = run("Dara Moss took to Twitter on Sunday night: “The title is an honour, not a job, and I will give it up in three years.”");
    assert_eq!(speaker(find(&doc, "give it up")), "Dara Moss");
}

#[test]
fn a_quotation_ending_its_sentence_takes_no_verb_of_the_next_sentence() {
    let doc = run("“Every publisher turned me down,” said Dan Price. “I wanted to show that anyone can do this.” At the archive he found a mentor who shared his view.");
    assert_eq!(speaker(find(&doc, "anyone can do this")), "Dan Price");
    // A frame right after the full stop still counts, and so does a signature.
    let doc = run("Mia Holt spoke first. “We are done here.” Tom Berg said on Friday.");
    assert_eq!(speaker(find(&doc, "We are done here")), "Tom Berg");
    let doc = run("Readers wrote in after the debate.\n\n“He does not answer to anyone and respects no one at all.” ― Rosa Peña");
    assert_eq!(speaker(find(&doc, "respects no one")), "Rosa Peña");
}

fn co_speaker_names(q: &Quote) -> Vec<&str> {
    q.co_speakers.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn a_joint_statement_speaks_for_all_its_authors() {
    let doc = run("The Danish navy published the joint statement of Norway, Sweden and Finland on Monday.\n\n“The northern stocks need a pause of two seasons,” the statement says.");
    let q = find(&doc, "northern stocks");
    assert_eq!(speaker(q), "Norway");
    assert_eq!(speaker_span(&doc, q), "the statement");
    assert_eq!(co_speaker_names(q), ["Sweden", "Finland"]);
    // Each co-speaker points at its own mention.
    assert_eq!(doc.text.get(q.co_speakers[1].start..q.co_speakers[1].end), Some("Finland"));
}

#[test]
fn a_coordinated_subject_gives_co_speakers() {
    let doc = run("Oslo, Stockholm and Helsinki reported on Friday that the ice on the gulf had broken up early.");
    let q = find(&doc, "ice on the gulf");
    let mut all: Vec<&str> = co_speaker_names(q);
    all.push(speaker(q));
    all.sort();
    assert_eq!(all, ["Finland", "Norway", "Sweden"]);
    // One speaker alone has none.
    let doc = run("Oslo reported on Friday that the ice on the gulf had broken up early.");
    assert!(find(&doc, "ice on the gulf").co_speakers.is_empty());
}

#[test]
fn the_parties_are_the_people_who_met() {
    // (A day before the first name is no part of it.)
    let doc = run("On Tuesday Marta Holm had a long telephone call with Ulf Kristersson, the parties discussed, among other things, the opening of the border crossings.");
    let q = find(&doc, "border crossings");
    assert_eq!(q.text, "the opening of the border crossings");
    assert_eq!(speaker_span(&doc, q), "the parties");
    assert_eq!(speaker(q), "Marta Holm");
    assert_eq!(co_speaker_names(q), ["Ulf Kristersson"]);
    // "Both candidates" are never two states.
    let doc = run("Norway and Sweden held elections. Both candidates said that the count was fair.");
    let q = find(&doc, "count was fair");
    assert!(q.co_speakers.is_empty());
    assert!(!matches!(speaker(q), "Norway" | "Sweden"), "{q:#?}");
}

#[test]
fn calling_something_by_a_verdict_is_a_statement() {
    let doc = run("The Finnish Interior Ministry called the plan to reopen the old ferry route reckless.");
    let q = find(&doc, "ferry route");
    assert_eq!(q.text, "the plan to reopen the old ferry route reckless");
    assert_eq!(q.kind, QuoteKind::Indirect);
    // Calling someone or a meeting is no statement.
    assert!(run("The Finnish Interior Ministry called the police to the old ferry terminal.").quotes.is_empty());
}

#[test]
fn a_passive_verb_in_a_document_is_the_document_speaking() {
    let doc = run("Iceland and Greenland issued a joint declaration of Iceland and Greenland on Monday.\n\nThe fishing fleet of the south is called a danger to the stocks in the document.\n\nThe new quota is described there as \"far too generous\" for the region.");
    let q = find(&doc, "fishing fleet");
    assert_eq!(q.text, "The fishing fleet of the south is called a danger to the stocks in the document");
    assert_eq!(speaker(q), "Iceland");
    let q = find(&doc, "far too generous");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert_eq!(speaker(q), "Iceland");
    assert_eq!(speaker_span(&doc, q), "there");
    // A plain passive with no document is no statement of anyone's.
    assert!(run("The new quota is described as generous by the fishermen of the south.").quotes.iter().all(|q| !q.text.contains("new quota is described")));
}

#[test]
fn a_lower_case_quotation_inside_a_reported_clause_is_partial() {
    let doc = run("Marta Holm spoke to the council on Monday. She also added that the ferry company, in fact, \"is trying to sell the route to a rival.\"");
    let q = find(&doc, "sell the route");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert!(q.text.starts_with("the ferry company, in fact,"), "{q:#?}");
    assert_eq!(last_word(speaker(q)), "Holm");
}

#[test]
fn a_second_verb_of_the_same_subject_after_and_also() {
    let doc = run("Oslo calls for the closing of the northern strait to tankers, and also believes that in this case the coast guard should act first.");
    let q = find(&doc, "coast guard should act");
    assert_eq!(q.text, "in this case the coast guard should act first");
    assert_eq!(speaker(q), "Norway");
}

#[test]
fn as_with_a_long_subject_and_written_on_a_page_about_a_quotation() {
    let doc = run("As the press secretary of the Norwegian prime minister Kari Lunde clarified, the new ferry will run twice a day.\n\nThe minister Erik Dahl wrote on his Twitter page about \"the shameful state of the northern roads.\"");
    let q = find(&doc, "twice a day");
    assert_eq!(last_word(speaker(q)), "Lunde");
    let q = find(&doc, "northern roads");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert_eq!(last_word(speaker(q)), "Dahl");
    assert_eq!(q.via.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["Twitter"]);
    // "As well as" opens no source.
    let doc = run("As well as the new timetable brought up at the meeting, Kari Lunde said the ferry would run twice a day.");
    assert!(find(&doc, "twice a day").text.starts_with("the ferry"));
}

#[test]
fn a_short_opener_before_a_frame_inside_the_sentence_is_no_content() {
    let doc = run("Ingrid Dahl spoke at the harbour. At the same time, Dahl stressed, the ferry company ignores its duties to the islands.");
    let q = find(&doc, "ignores its duties");
    assert_eq!(q.text, "the ferry company ignores its duties to the islands");
    assert_eq!(speaker(q), "Ingrid Dahl");
    // A subject before the frame is part of what was said.
    let doc = run("Ingrid Dahl spoke at the harbour. The ferry company, Dahl stressed, ignores its duties to the islands.");
    assert!(find(&doc, "ignores its duties").text.starts_with("The ferry company"));
}

#[test]
fn a_statement_made_by_someone_moves_to_them_with_its_date() {
    let mut doc = Doc::new("t", "Oslo calls for new checks on the northern strait.\n\nThis statement was made on March 3 by Prime Minister Kari Lunde.");
    doc.date = chrono::NaiveDate::from_ymd_opt(2023, 3, 5);
    Segmenter.annotate(&mut doc);
    EntityStage::default().annotate(&mut doc);
    newsgraph_time::TimeStage.annotate(&mut doc);
    QuoteStage.annotate(&mut doc);
    let q = find(&doc, "northern strait");
    assert_eq!(speaker(q), "Kari Lunde");
    assert_eq!(q.date.as_deref(), Some("2023-03-03"));
    // Without such a sentence the state speaks.
    let doc = run("Oslo calls for new checks on the northern strait.\n\nThe ferry left at noon.");
    assert_eq!(speaker(find(&doc, "northern strait")), "Norway");
}
