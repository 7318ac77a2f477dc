//! The time stage on sentences written for these tests.

use chrono::NaiveDate;
use newsgraph_doc::{DateSource, Doc, Stage, TimexType};
use newsgraph_time::TimeStage;

fn run(text: &str, date: Option<(i32, u32, u32)>) -> Doc {
    let mut doc = newsgraph_segment::segment(text);
    if let Some((y, m, d)) = date {
        doc.date = NaiveDate::from_ymd_opt(y, m, d);
        doc.date_source = DateSource::Option;
    }
    TimeStage.annotate(&mut doc);
    doc
}

/// (text, type, value) of every timex.
fn found(text: &str, date: Option<(i32, u32, u32)>) -> Vec<(String, TimexType, String)> {
    run(text, date).timexes.into_iter().map(|t| (t.text, t.kind, t.value)).collect()
}

/// The value of the timex whose text is `expr`.
fn value_of(text: &str, date: (i32, u32, u32), expr: &str) -> String {
    let doc = run(text, Some(date));
    match doc.timexes.iter().find(|t| t.text == expr) {
        Some(t) => t.value.clone(),
        None => panic!("no timex {expr:?} in {:?}", doc.timexes),
    }
}

const REF: (i32, u32, u32) = (2021, 11, 19); // a Friday

#[test]
fn absolute_dates_in_news_styles() {
    assert_eq!(value_of("The vote took place on Nov. 17, 2021, in the capital.", REF, "Nov. 17, 2021"), "2021-11-17");
    assert_eq!(value_of("Talks ended on 17 November after a long night.", REF, "17 November"), "2021-11-17");
    assert_eq!(value_of("The court ruled on November 17th in his favour.", REF, "November 17th"), "2021-11-17");
    assert_eq!(value_of("The filing is dated 2021-11-17 in the register.", REF, "2021-11-17"), "2021-11-17");
    assert_eq!(value_of("Logged at 2021-11-17T08:30:00Z by the server.", REF, "2021-11-17T08:30:00Z"), "2021-11-17");
    assert_eq!(value_of("Snow is expected in the winter of 2022 again.", REF, "winter of 2022"), "2022-WI");
    assert_eq!(value_of("A letter sent 11/17/2021 was read aloud.", REF, "11/17/2021"), "2021-11-17");
    assert_eq!(value_of("Crowds gathered on Sept. 11 to remember.", REF, "Sept. 11"), "2021-09-11");
    assert_eq!(value_of("Prices rose in March, the agency said.", REF, "March"), "2021-03");
    assert_eq!(value_of("The plant opened in 2021 near the river.", REF, "2021"), "2021");
    assert_eq!(value_of("Floods came in mid-November this time.", REF, "mid-November"), "2021-11");
    assert_eq!(value_of("Music from the 1990s filled the hall.", REF, "the 1990s"), "199");
    assert_eq!(value_of("The bridge dates from the 19th century and needs repair.", REF, "the 19th century"), "18");
    assert_eq!(value_of("Sales slowed in early 2020 before recovering.", REF, "early 2020"), "2020");
    assert_eq!(value_of("He was born on February 3, 1961, in a small town.", REF, "February 3, 1961"), "1961-02-03");
    assert_eq!(value_of("Its lowest level since October 2008 was reached.", REF, "October 2008"), "2008-10");
    assert_eq!(value_of("Figures for the third quarter of 2020 were weak.", REF, "the third quarter of 2020"), "2020-Q3");
    assert_eq!(value_of("Deaths rose between January and October 2017, it said.", REF, "January"), "2017-01");
    assert_eq!(value_of("The fair ran from December 28 to January 3, 2019, downtown.", REF, "December 28"), "2018-12-28");
    assert_eq!(value_of("The shares hit a peak not seen since '98 on the exchange.", REF, "'98"), "1998");
}

#[test]
fn deictic_and_relative_dates() {
    assert_eq!(value_of("The minister resigned today.", REF, "today"), "2021-11-19");
    assert_eq!(value_of("The minister resigned yesterday.", REF, "yesterday"), "2021-11-18");
    assert_eq!(value_of("The minister will resign tomorrow.", REF, "tomorrow"), "2021-11-20");
    assert_eq!(value_of("Protests grew last week in the north.", REF, "last week"), "2021-W45");
    assert_eq!(value_of("Protests grew this week in the north.", REF, "this week"), "2021-W46");
    assert_eq!(value_of("Protests grew last month in the north.", REF, "last month"), "2021-10");
    assert_eq!(value_of("Exports fell earlier this month, traders said.", REF, "earlier this month"), "2021-11");
    assert_eq!(value_of("Elections are due next year in the region.", REF, "next year"), "2022");
    assert_eq!(value_of("Growth slowed last year across the bloc.", REF, "last year"), "2020");
    assert_eq!(value_of("The ship sank two days ago off the coast.", REF, "two days ago"), "2021-11-17");
    assert_eq!(value_of("The ship sank three weeks ago off the coast.", REF, "three weeks ago"), "2021-10-29");
    assert_eq!(value_of("The ship sank a year ago off the coast.", REF, "a year ago"), "2020");
    assert_eq!(value_of("The new line will open in two weeks, the mayor said.", REF, "two weeks"), "2021-12-03");
    assert_eq!(value_of("Talks resumed this evening in the capital.", REF, "this evening"), "2021-11-19");
    assert_eq!(value_of("Shops have recently reopened.", REF, "recently"), "PAST_REF");
    assert_eq!(value_of("Shops reopened a few weeks ago.", REF, "a few weeks ago"), "PAST_REF");
    assert_eq!(value_of("The border is currently closed.", REF, "currently"), "PRESENT_REF");
    assert_eq!(value_of("Fans flocked to the stadium at the weekend.", REF, "the weekend"), "2021-W45-WE");
}

#[test]
fn weekdays_follow_the_tense_of_their_clause() {
    // Reference Friday 2021-11-19.
    assert_eq!(value_of("The council voted on Monday to close the school.", REF, "Monday"), "2021-11-15");
    assert_eq!(value_of("The council will vote on Monday on the budget.", REF, "Monday"), "2021-11-22");
    assert_eq!(value_of("The council voted on Friday.", REF, "Friday"), "2021-11-19");
    assert_eq!(value_of("Roads stay closed until Tuesday, police said.", REF, "Tuesday"), "2021-11-23");
    assert_eq!(value_of("The union said Wednesday it had agreed.", REF, "Wednesday"), "2021-11-17");
    assert_eq!(value_of("Crowds marched this past Sunday.", REF, "this past Sunday"), "2021-11-14");
    assert_eq!(value_of("Crowds marched this past weekend.", REF, "this past weekend"), "2021-W45-WE");
    assert_eq!(value_of("Voting ends next Monday across the country.", REF, "next Monday"), "2021-11-22");
}

#[test]
fn dates_without_a_year_roll_over_new_year() {
    // Written early in January, "December 28" is last year's; a future one in December is this year's.
    assert_eq!(value_of("The fire started on December 28 in a warehouse.", (2022, 1, 4), "December 28"), "2021-12-28");
    assert_eq!(value_of("Snow fell in December across the region.", (2022, 1, 4), "December"), "2021-12");
    assert_eq!(value_of("The summit will be held on January 6 in Geneva.", (2021, 12, 20), "January 6"), "2022-01-06");
    assert_eq!(value_of("Exports fell in January, the ministry said.", (2022, 2, 10), "January"), "2022-01");
    // More than two months ahead in a past-tense clause: the previous year.
    assert_eq!(value_of("The law took effect on March 1 after a long debate.", (2021, 11, 19), "March 1"), "2021-03-01");
}

#[test]
fn anaphora_use_the_last_date_mentioned() {
    let text = "Sales fell by a third in 2019. The previous year they had grown.";
    assert_eq!(value_of(text, REF, "The previous year"), "2018");
    let text = "The bill passed on June 3. Protests began the same day.";
    assert_eq!(value_of(text, REF, "the same day"), "2021-06-03");
    let text = "Exports dropped in January, compared with the same month a year ago.";
    assert_eq!(value_of(text, REF, "the same month a year ago"), "2020-01");
    let text = "A deal is due by June 10. If it fails by that time, talks end.";
    assert_eq!(value_of(text, (2021, 5, 20), "that time"), "2021-06-10");
}

#[test]
fn durations_sets_and_times() {
    let all = found("The strike lasted two weeks and cost 48 hours of output over three years.", Some(REF));
    assert!(all.contains(&("two weeks".into(), TimexType::Duration, "P2W".into())), "{all:?}");
    assert!(all.contains(&("48 hours".into(), TimexType::Duration, "PT48H".into())), "{all:?}");
    assert!(all.contains(&("three years".into(), TimexType::Duration, "P3Y".into())), "{all:?}");
    assert_eq!(value_of("Shares fell for six straight days.", REF, "six straight days"), "P6D");
    assert_eq!(value_of("Rates have not moved in a decade of calm.", REF, "a decade"), "P10Y");
    assert_eq!(value_of("The streak was a four-week run.", REF, "a four-week"), "P4W");
    assert_eq!(value_of("Inspectors visit every week to check.", REF, "every week"), "P1W");
    assert_eq!(value_of("The paper is printed daily.", REF, "daily"), "P1D");
    assert_eq!(value_of("The fee is paid annually.", REF, "annually"), "P1Y");
    assert_eq!(value_of("The rally began at 3 p.m. in the square.", REF, "3 p.m."), "2021-11-19T15:00");
    assert_eq!(value_of("The polls close at 10:30 tonight.", REF, "10:30"), "2021-11-19T10:30");
    assert_eq!(value_of("Trading stopped on Tuesday at 14:05 UTC.", REF, "14:05 UTC"), "2021-11-16T14:05Z");
    let kinds = found("Inspectors visit every week.", Some(REF));
    assert_eq!(kinds[0].1, TimexType::Set);
}

#[test]
fn no_false_positives() {
    for text in [
        "Officials may neglect the rules, critics say.",
        "Workers plan to march to the parliament.",
        "The Sunday Times published the letter.",
        "A camp for 2,000 refugees was set up near the fence.",
        "The pact invokes Article 4 of the treaty.",
        "Barra, 51, will lead the firm.",
        "Officials flew 2000 troops to the border.",
        "May I ask a question?",
        "See https://example.org/2021/11/17/report and @news2021 for more, #March2021.",
        "The clip, 2:22 long, shows the crash.",
        "A film from 20th Century Fox opened.",
        "He spoke on Morning News Daily about it.",
        "A 35-year-old man was detained.",
        "They watched Apocalypse Now again.",
        "Nothing changed since the fall of the old regime.",
    ] {
        assert_eq!(found(text, Some(REF)), vec![], "{text}");
    }
}

#[test]
fn embedded_post_uses_its_own_date() {
    let text = "The envoy wrote on social media after the talks.\n\n\
                Met @AnnaBerg and @JonasKar this evening about the border.\n\n\
                We will decide on the next steps on Monday.\n\n\
                - Peter Olsen (@polsen) March 5, 2022\n\n\
                Officials met again on March 9 in the capital.";
    let doc = run(text, None);
    assert_eq!(doc.date, NaiveDate::from_ymd_opt(2022, 3, 9));
    assert_eq!(doc.date_source, DateSource::Inferred);
    let monday = doc.timexes.iter().find(|t| t.text == "Monday").expect("Monday");
    assert_eq!(monday.value, "2022-03-07"); // March 5, 2022 was a Saturday
    assert_eq!(monday.anchor.as_deref(), Some("2022-03-05"));
    let evening = doc.timexes.iter().find(|t| t.text == "this evening").expect("this evening");
    assert_eq!(evening.value, "2022-03-05");
}

#[test]
fn document_date_inferred_from_a_dateline_or_full_date() {
    let doc = run("Flood waters recede\nApril 4, 2019\nResidents returned home yesterday.", None);
    assert_eq!(doc.date, NaiveDate::from_ymd_opt(2019, 4, 4));
    assert_eq!(doc.timexes.iter().find(|t| t.text == "yesterday").map(|t| t.value.as_str()), Some("2019-04-03"));
    // A month-day without any year cannot date the document.
    let doc = run("Residents returned home on April 4.", None);
    assert_eq!(doc.date, None);
    assert_eq!(doc.timexes[0].value, "XXXX-04-04");
    // An input date is kept.
    let doc = run("The report of May 2, 2010 was cited.", Some(REF));
    assert_eq!(doc.date_source, DateSource::Option);
}

#[test]
fn ids_offsets_and_anchors() {
    let text = "Überraschend: talks resumed yesterday and ended on 12 March 2020.";
    let doc = run(text, Some(REF));
    assert_eq!(doc.timexes.len(), 2);
    for (i, t) in doc.timexes.iter().enumerate() {
        assert_eq!(t.id, format!("T{}", i + 1));
        assert_eq!(text.get(t.start..t.end), Some(t.text.as_str()));
    }
    assert_eq!(doc.timexes[0].anchor.as_deref(), Some("2021-11-19"));
    assert_eq!(doc.timexes[1].anchor, None);
    assert_eq!(doc.timexes[1].value, "2020-03-12");
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let doc = run(&text, Some(REF));
            for t in &doc.timexes {
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end) && t.start < t.end);
            }
            let _ = run(&text, None);
        }

        #[test]
        fn date_like_noise_never_panics(text in "([0-9]{1,4}[/:.,-]? ?|(May|March|Monday|last|next|the|ago|week|years?|of|in|p\\.m\\.|Sept\\.|'9) ){0,12}") {
            let _ = run(&text, Some(REF));
            let _ = run(&text, None);
        }
    }
}
