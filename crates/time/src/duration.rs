//! Durations ("two weeks", "48 hours", "a decade", "12-year", "two and a half years",
//! "recent years") and sets ("every week", "daily", "annually", "twice a year").

use crate::expr::{Candidate, Expr, Unit};
use crate::lexicon::lexicon;
use crate::prefilter::{Cue, Pattern, Present};
use crate::recognizer::*;

pub struct Durations {
    counted: Pattern,
    long_adjective: Pattern,
    set_word: Pattern,
    every: Pattern,
    every_weekday: Pattern,
    frequency: Pattern,
}

impl Default for Durations {
    fn default() -> Self {
        let lex = lexicon();
        let num = lex.alternation("number");
        let unit = lex.alternation("unit");
        let w = lex.alternation("weekday");
        let sets = lex.alternation("set");
        Durations {
            counted: Pattern::new(
                &format!(r"\b(?P<n>\d+(?:[.,]\d+)?|{num}(?:[\s-]{num})?|several|a\s+few|few|many|recent|a\s+couple\s+of)(?P<half>\s+and\s+a\s+half)?(?:\s+|-)(?:(?:straight|consecutive|successive|trading|business|working|full|more|additional|further|long|short)\s+)?(?P<unit>{unit})\b"),
                &[Cue::Unit],
            )
            .near(Cue::Unit, 7, 0),
            long_adjective: Pattern::new(r"\b(?P<unit>decades|years|months|weeks|days|hours)-long\b", &[Cue::Long]),
            set_word: Pattern::new(&format!(r"\b{sets}\b"), &[Cue::SetWord]),
            every: Pattern::new(&format!(r"\b(?:every|each)\s+(?P<n>\d+|{num}|other)\s+(?P<unit>{unit})\b"), &[Cue::Every]),
            every_weekday: Pattern::new(&format!(r"\b(?:every|each)\s+(?P<wd>{w})\b"), &[Cue::Every]),
            frequency: Pattern::new(
                &format!(r"\b(?:once|twice|(?:\d+|{num})\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>{unit})\b"),
                &[Cue::Frequency],
            ),
        }
    }
}

impl Recognizer for Durations {
    fn name(&self) -> &'static str {
        "duration"
    }

    fn find(&self, text: &str, present: &Present, out: &mut Vec<Candidate>) {
        let lex = lexicon();
        for c in self.counted.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let (Some(n), Some(u)) = (c.name("n"), c.name("unit")) else { continue };
            let n_word = n.as_str().to_lowercase();
            let unit_word = u.as_str().to_lowercase();
            // "a second attempt", "a quarter of the votes": ordinals and fractions, not time.
            if matches!(n_word.as_str(), "a" | "an" | "one") && matches!(unit_word.as_str(), "second" | "quarter") {
                continue;
            }
            if matches!(char_before(text, n.start()), Some('$' | '£' | '€' | '.' | ',')) {
                continue;
            }
            // "a 35-year-old man" is an age, not a span of time anyone reports on.
            if text.get(whole.end()..).is_some_and(|rest| rest.starts_with("-old") || rest.starts_with(" old")) {
                continue;
            }
            let Some(unit) = lex.value("unit", &unit_word).and_then(Unit::from_code) else { continue };
            let Some(mut count) = parse_count(&n_word) else { continue };
            if c.name("half").is_some() {
                if let Ok(v) = count.parse::<f64>() {
                    count = crate::expr::format_number(v + 0.5);
                }
            }
            let pattern = if count == "X" { "vague duration" } else { "duration" };
            out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Duration(unit.duration(&count)), pattern });
        }
        for c in self.long_adjective.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(unit) = c.name("unit").and_then(|u| lex.value("unit", u.as_str())).and_then(Unit::from_code) else {
                continue;
            };
            out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Duration(unit.duration("X")), pattern: "long" });
        }
        for m in self.set_word.find_iter(text, present) {
            // "Breitbart News Daily": a capitalised set word after a capitalised word is a name.
            if capitalized(m.as_str()) && capitalized(prev_word_as_written(text, m.start())) && char_before(text, m.start()) == Some(' ') {
                continue;
            }
            if let Some(v) = lex.value("set", m.as_str()) {
                out.push(Candidate { start: m.start(), end: m.end(), expr: Expr::Set(v.to_string()), pattern: "set word" });
            }
        }
        for c in self.every.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(unit) = c.name("unit").and_then(|u| lex.value("unit", u.as_str())).and_then(Unit::from_code) else {
                continue;
            };
            let n = c.name("n").map(|n| n.as_str().to_lowercase()).unwrap_or_default();
            let count = if n == "other" { Some("2".to_string()) } else { parse_count(&n) };
            if let Some(count) = count {
                out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Set(unit.duration(&count)), pattern: "every" });
            }
        }
        for c in self.every_weekday.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            if let Some(d) = c.name("wd").and_then(|w| lex.int("weekday", w.as_str())) {
                out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Set(format!("XXXX-WXX-{d}")), pattern: "every weekday" });
            }
        }
        for c in self.frequency.captures_iter(text, present) {
            let whole = c.get(0).expect("group 0");
            let Some(unit) = c.name("unit").and_then(|u| lex.value("unit", u.as_str())).and_then(Unit::from_code) else {
                continue;
            };
            out.push(Candidate { start: whole.start(), end: whole.end(), expr: Expr::Set(unit.duration("1")), pattern: "frequency" });
        }
    }
}
