//! The event lexicon: trigger patterns, verb forms, cue words, actor nouns and type shifts, read
//! from the TSV files under `data/` (compiled in) into lookup tables.

use newsgraph_knowledge::{data_file, parse_tsv, WordFilter, WordMap};
use foldhash::{HashMap, HashMapExt};
use std::sync::OnceLock;

/// Part of speech of a trigger: noun triggers only count in clauses without a verb trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Verb,
    Noun,
    /// A fixed phrase that reports an event wherever it stands ("in protest against").
    Phrase,
}

/// Where a pattern's actors sit around its trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// Subject side → source, object side → target.
    Svo,
    /// Subject side → source; no target.
    Sv,
    /// Like `Svo`; members of a compound subject act on each other.
    Mutual,
    /// Takes an infinitive or that-clause whose trigger says what is intended/refused/asked.
    Intent,
    /// Like `Intent`, but no event without a complement ("willing to …").
    Complement,
    /// "X said Y must …": a demand of the speaker on the subject; needs a complement.
    Obligation,
}

/// One element of a trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    Word(String),
    /// Up to three arbitrary words.
    Gap,
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub rule: String,
    pub elements: Vec<Element>,
    pub pos: Pos,
    pub kind: String,
    pub mode: Option<String>,
    pub cameo: String,
    pub frame: Frame,
    pub preps: Vec<String>,
}

/// How a type reads as an intention, a refusal or a request (data/event_type_shifts.tsv).
#[derive(Debug, Clone, Default)]
pub struct Shift {
    pub intent_type: String,
    pub intent_mode: Option<String>,
    pub intent_cameo: String,
    pub refusal_mode: Option<String>,
    pub refusal_cameo: String,
    pub request_mode: Option<String>,
    pub request_cameo: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueClass {
    Negation,
    Modal,
    Future,
    Refusal,
    Passive,
    Break,
    Report,
    Location,
    Determiner,
    Verbal,
    Subordinate,
    Preposition,
    Light,
    Aside,
}

#[derive(Debug, Clone)]
pub struct StatementCue {
    pub words: Vec<String>,
    pub kind: String,
    pub mode: Option<String>,
    pub cameo: String,
}

pub struct Lexicon {
    pub patterns: Vec<Pattern>,
    /// Lower-cased form of a pattern's first word → patterns starting with it.
    pub by_first_form: WordMap<Vec<usize>>,
    /// Cue phrases (as lower-cased word sequences) by class.
    pub cues: Vec<(Vec<String>, CueClass)>,
    /// Indices into `cues` by the cue's first word, in table order: the cues that can start at
    /// a word, without trying every cue at every word.
    pub cues_by_first: WordMap<Vec<usize>>,
    /// One-word cues: the classes of each, as a bit set (bit `class as u32`), so that a test
    /// is one lookup.
    pub single_cues: WordMap<u32>,
    pub actor_nouns: HashMap<String, String>,
    /// Every form `actor_noun_sector` reads as an actor noun (the noun, and its plurals in
    /// "-es", "-s" and "-y" → "-ies") → the sector of the first reading it tries, so a word costs
    /// one lookup; `actor_noun_shapes` rules most words out before that.
    actor_noun_forms: WordMap<String>,
    actor_noun_shapes: WordFilter,
    pub shifts: HashMap<String, Shift>,
    pub statement_cues: Vec<StatementCue>,
    /// Indices into `statement_cues` by the cue's first word, in table order: a quote's words
    /// are looked up once each instead of trying every cue at every word.
    pub statement_cues_by_first: WordMap<Vec<usize>>,
    /// Quick negative tests before the lookups made at every word of a sentence: the keys of
    /// `by_first_form`, `cues_by_first` (which hold every one-word cue too) and `actor_nouns`.
    first_forms: WordFilter,
    cue_firsts: WordFilter,
    /// The one-word clause-break cues alone: every word of every sentence is tested for them.
    break_words: WordFilter,
    /// The keys of `statement_cues_by_first`: every word of every attributed quote is tested.
    statement_firsts: WordFilter,
}

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::load)
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Every form of a verb lemma made by the regular rules, plus its irregular forms.
///
/// Run for each of some 500 verb patterns at start-up: the forms are put together from string
/// pieces, without a `char` vector of the lemma or a format string per form.
pub fn verb_forms(lemma: &str, irregular: &HashMap<String, Vec<String>>) -> Vec<String> {
    let joined = |stem: &str, suffix: &str| {
        let mut form = String::with_capacity(stem.len() + suffix.len());
        form.push_str(stem);
        form.push_str(suffix);
        form
    };
    let extra = irregular.get(lemma);
    let mut forms = Vec::with_capacity(6 + extra.map_or(0, Vec::len));
    forms.push(lemma.to_string());
    // The last three characters, last first.
    let mut from_end = lemma.chars().rev();
    let (last, before_last, third_last) = (from_end.next(), from_end.next(), from_end.next());
    let vowel = |c: char| "aeiou".contains(c);
    if last == Some('e') {
        let stem = &lemma[..lemma.len() - 1];
        forms.push(joined(lemma, "s"));
        forms.push(joined(lemma, "d"));
        forms.push(joined(stem, "ing"));
    } else if last == Some('y') && before_last.is_some_and(|c| !vowel(c)) {
        let stem = &lemma[..lemma.len() - 1];
        forms.push(joined(stem, "ies"));
        forms.push(joined(stem, "ied"));
        forms.push(joined(lemma, "ing"));
    } else {
        let es = ["s", "x", "z", "ch", "sh"].iter().any(|e| lemma.ends_with(e));
        forms.push(joined(lemma, if es { "es" } else { "s" }));
        forms.push(joined(lemma, "ed"));
        forms.push(joined(lemma, "ing"));
        // Consonant-vowel-consonant endings double ("ban" → "banned", "expel" → "expelled").
        if let (Some(last), Some(before_last), Some(third_last)) = (last, before_last, third_last) {
            if !vowel(last) && !"wxy".contains(last) && vowel(before_last) && !vowel(third_last) {
                let mut doubled = String::with_capacity(lemma.len() + last.len_utf8());
                doubled.push_str(lemma);
                doubled.push(last);
                forms.push(joined(&doubled, "ed"));
                forms.push(joined(&doubled, "ing"));
            }
        }
    }
    if let Some(extra) = extra {
        forms.extend(extra.iter().cloned());
    }
    forms
}

/// A noun and its plural forms.
pub fn noun_forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    if let Some(stem) = word.strip_suffix('y') {
        forms.push(format!("{stem}ies"));
    }
    if ["s", "x", "z", "ch", "sh"].iter().any(|e| word.ends_with(e)) {
        forms.push(format!("{word}es"));
    } else {
        forms.push(format!("{word}s"));
    }
    forms
}

/// True when `token` (lower-cased) is `word` or its plural.
pub fn matches_word(token: &str, word: &str) -> bool {
    if token == word {
        return true;
    }
    match token.strip_prefix(word) {
        Some("s") | Some("es") => true,
        _ => word.strip_suffix('y').is_some_and(|stem| token.strip_prefix(stem) == Some("ies")),
    }
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| w.to_lowercase()).collect()
}

impl Lexicon {
    fn load() -> Lexicon {
        let irregular: HashMap<String, Vec<String>> = parse_tsv(data_file!("event_verb_forms.tsv"))
            .iter()
            .filter_map(|r| Some((r.opt("lemma")?.to_lowercase(), r.list("forms").iter().map(|f| f.to_lowercase()).collect())))
            .collect();
        // Tables sized up front for their rows (a verb pattern gives about five first forms):
        // grown step by step, they were copied and rehashed many times at each start.
        let pattern_rows = parse_tsv(data_file!("event_patterns.tsv"));
        let mut patterns = Vec::with_capacity(pattern_rows.len());
        let mut by_first_form: HashMap<String, Vec<usize>> = HashMap::with_capacity(6 * pattern_rows.len());
        for r in pattern_rows {
            let (Some(rule), Some(trigger), Some(kind), Some(cameo)) = (r.opt("rule"), r.opt("trigger"), r.opt("type"), r.opt("cameo")) else {
                continue;
            };
            let elements: Vec<Element> = words(trigger)
                .into_iter()
                .map(|w| if w == ".." { Element::Gap } else { Element::Word(w) })
                .collect();
            let Some(Element::Word(first)) = elements.first().cloned() else { continue };
            let pos = match r.get("pos") {
                "noun" => Pos::Noun,
                "phrase" => Pos::Phrase,
                _ => Pos::Verb,
            };
            let frame = match r.get("frame") {
                "sv" => Frame::Sv,
                "mutual" => Frame::Mutual,
                "intent" => Frame::Intent,
                "complement" => Frame::Complement,
                "obligation" => Frame::Obligation,
                _ => Frame::Svo,
            };
            let index = patterns.len();
            let forms = match pos {
                Pos::Verb => verb_forms(&first, &irregular),
                Pos::Noun => noun_forms(&first),
                Pos::Phrase => vec![first.clone()],
            };
            for f in forms {
                let v = by_first_form.entry(f).or_default();
                if !v.contains(&index) {
                    v.push(index);
                }
            }
            patterns.push(Pattern {
                rule: rule.to_string(),
                elements,
                pos,
                kind: kind.to_uppercase(),
                mode: opt(r.get("mode")),
                cameo: cameo.to_string(),
                frame,
                preps: r.list("preps").iter().map(|p| p.to_lowercase()).collect(),
            });
        }
        let cue_rows = parse_tsv(data_file!("event_cues.tsv"));
        let mut cues = Vec::with_capacity(cue_rows.len());
        let mut single_cues: HashMap<String, u32> = HashMap::with_capacity(cue_rows.len());
        let mut cues_by_first: HashMap<String, Vec<usize>> = HashMap::with_capacity(cue_rows.len());
        for r in cue_rows {
            let class = match r.get("class") {
                "negation" => CueClass::Negation,
                "modal" => CueClass::Modal,
                "future" => CueClass::Future,
                "refusal" => CueClass::Refusal,
                "passive" => CueClass::Passive,
                "break" => CueClass::Break,
                "report" => CueClass::Report,
                "location" => CueClass::Location,
                "determiner" => CueClass::Determiner,
                "verbal" => CueClass::Verbal,
                "subordinate" => CueClass::Subordinate,
                "preposition" => CueClass::Preposition,
                "light" => CueClass::Light,
                "aside" => CueClass::Aside,
                _ => continue,
            };
            let w = words(r.get("cue"));
            if w.is_empty() {
                continue;
            }
            if w.len() == 1 {
                *single_cues.entry(w[0].clone()).or_default() |= 1 << class as u32;
            }
            cues_by_first.entry(w[0].clone()).or_default().push(cues.len());
            cues.push((w, class));
        }
        let actor_nouns: HashMap<String, String> = parse_tsv(data_file!("event_actor_nouns.tsv"))
            .iter()
            .filter_map(|r| Some((r.opt("noun")?.to_lowercase(), r.opt("sector")?.to_string())))
            .collect();
        // (form, order of the reading that finds it, sector): the noun itself is tried first,
        // then the word less "es", less "s", and "-ies" made "-y"; the earliest reading wins.
        let mut ranked_forms: HashMap<String, (u8, String)> = HashMap::with_capacity(4 * actor_nouns.len());
        for (noun, sector) in &actor_nouns {
            let mut forms = vec![(noun.clone(), 0), (format!("{noun}es"), 1), (format!("{noun}s"), 2)];
            if let Some(stem) = noun.strip_suffix('y') {
                forms.push((format!("{stem}ies"), 3));
            }
            for (form, rank) in forms {
                let slot = ranked_forms.entry(form).or_insert((u8::MAX, String::new()));
                if rank < slot.0 {
                    *slot = (rank, sector.clone());
                }
            }
        }
        let actor_noun_forms: HashMap<String, String> = ranked_forms.into_iter().map(|(form, (_, sector))| (form, sector)).collect();
        let actor_noun_shapes = WordFilter::new(actor_noun_forms.keys().map(String::as_str));
        let shifts = parse_tsv(data_file!("event_type_shifts.tsv"))
            .iter()
            .filter_map(|r| {
                Some((
                    r.opt("type")?.to_uppercase(),
                    Shift {
                        intent_type: r.get("intent_type").to_uppercase(),
                        intent_mode: opt(r.get("intent_mode")),
                        intent_cameo: r.get("intent_cameo").to_string(),
                        refusal_mode: opt(r.get("refusal_mode")),
                        refusal_cameo: r.get("refusal_cameo").to_string(),
                        request_mode: opt(r.get("request_mode")),
                        request_cameo: r.get("request_cameo").to_string(),
                    },
                ))
            })
            .collect();
        let statement_cues = parse_tsv(data_file!("event_statement_cues.tsv"))
            .iter()
            .filter_map(|r| {
                Some(StatementCue {
                    words: words(r.opt("cue")?),
                    kind: r.opt("type")?.to_uppercase(),
                    mode: opt(r.get("mode")),
                    cameo: r.get("cameo").to_string(),
                })
            })
            .collect::<Vec<StatementCue>>();
        let mut statement_cues_by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, cue) in statement_cues.iter().enumerate() {
            if let Some(first) = cue.words.first() {
                statement_cues_by_first.entry(first.clone()).or_default().push(k);
            }
        }
        let first_forms = WordFilter::new(by_first_form.keys().map(String::as_str));
        let cue_firsts = WordFilter::new(cues_by_first.keys().map(String::as_str));
        let break_words = WordFilter::new(single_cues.iter().filter(|&(_, &classes)| classes & (1 << CueClass::Break as u32) != 0).map(|(w, _)| w.as_str()));
        let statement_firsts = WordFilter::new(statement_cues_by_first.keys().map(String::as_str));
        // The word maps are asked of every word of a text; they are built once their keys have
        // given the filters above.
        Lexicon {
            patterns,
            by_first_form: WordMap::new(by_first_form),
            cues,
            cues_by_first: WordMap::new(cues_by_first),
            single_cues: WordMap::new(single_cues),
            actor_nouns,
            actor_noun_forms: WordMap::new(actor_noun_forms),
            actor_noun_shapes,
            shifts,
            statement_cues,
            statement_cues_by_first: WordMap::new(statement_cues_by_first),
            first_forms,
            cue_firsts,
            break_words,
            statement_firsts,
        }
    }

    /// Whether the lower-cased single word is a cue of `class`.
    ///
    /// Inlined up to the quick "no" of the word's shape, which most words get (this and
    /// `patterns_starting` are asked of every word of a sentence): they then pay no call.
    #[inline]
    pub fn is_cue(&self, word: &str, class: CueClass) -> bool {
        let filter = if class == CueClass::Break { &self.break_words } else { &self.cue_firsts };
        filter.may_contain(word) && self.has_cue_class(word, class)
    }

    #[inline(never)]
    fn has_cue_class(&self, word: &str, class: CueClass) -> bool {
        self.single_cues.get(word).is_some_and(|classes| classes & (1 << class as u32) != 0)
    }

    /// Indices of the patterns whose first word has the form `word` (lower case).
    #[inline]
    pub fn patterns_starting(&self, word: &str) -> Option<&[usize]> {
        if !self.first_forms.may_contain(word) {
            return None;
        }
        self.patterns_with_first_form(word)
    }

    #[inline(never)]
    fn patterns_with_first_form(&self, word: &str) -> Option<&[usize]> {
        self.by_first_form.get(word).map(Vec::as_slice)
    }

    /// Indices into `statement_cues` of the statement cues whose first word is `word` (lower case).
    pub fn statement_cues_starting(&self, word: &str) -> Option<&[usize]> {
        if !self.statement_firsts.may_contain(word) {
            return None;
        }
        self.statement_cues_by_first.get(word).map(Vec::as_slice)
    }

    /// False when `word`, in any ASCII case, certainly starts no statement cue: the test reads
    /// only the low five bits of its first and last bytes and its length, which lower-casing an
    /// ASCII word keeps, so a quote's words are ruled out before they are folded.
    pub fn may_start_statement_cue(&self, word: &str) -> bool {
        self.statement_firsts.may_contain(word)
    }

    /// Indices into `cues` of the cue phrases whose first word is `word` (lower case).
    pub fn cues_starting(&self, word: &str) -> &[usize] {
        if !self.cue_firsts.may_contain(word) {
            return &[];
        }
        self.cues_by_first.get(word).map_or(&[][..], Vec::as_slice)
    }

    /// The sector an actor noun gives ("troops" → MIL), plural forms included.
    pub fn actor_noun_sector(&self, word: &str) -> Option<&str> {
        // The shape test is blind to ASCII case: most words around an actor go no further.
        if word.is_ascii() && !self.actor_noun_shapes.may_contain(word) {
            return None;
        }
        // Short ASCII words are lower-cased on the stack: this runs for words around every actor.
        let mut buf = [0u8; 32];
        let owned: String;
        let w: &str = match newsgraph_knowledge::ascii_lowercase_in(word, &mut buf) {
            Some(lower) => lower,
            None => {
                owned = word.to_lowercase();
                &owned
            }
        };
        self.actor_noun_forms.get(w).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The readings `actor_noun_sector` stands for, tried one after another.
    fn actor_noun_sector_by_stems<'l>(lex: &'l Lexicon, word: &str) -> Option<&'l str> {
        let w = word.to_lowercase();
        if let Some(s) = lex.actor_nouns.get(&w) {
            return Some(s);
        }
        for stem in [w.strip_suffix("es"), w.strip_suffix('s')].into_iter().flatten() {
            if let Some(s) = lex.actor_nouns.get(stem) {
                return Some(s);
            }
        }
        w.strip_suffix("ies").and_then(|s| lex.actor_nouns.get(&format!("{s}y"))).map(String::as_str)
    }

    #[test]
    fn actor_noun_forms_answer_as_the_stem_readings() {
        let lex = lexicon();
        assert!(!lex.actor_nouns.is_empty());
        let mut words: Vec<String> = Vec::new();
        for noun in lex.actor_nouns.keys() {
            let stem = noun.strip_suffix('y').unwrap_or(noun);
            for w in [noun.clone(), format!("{noun}s"), format!("{noun}es"), format!("{stem}ies"), noun.to_uppercase(), format!("{noun}x"), noun[..noun.len() / 2].to_string()] {
                words.push(w);
            }
        }
        words.extend(["Police", "POLICE", "the", "said", "", "s", "es", "ies", "Øfficials", "ministries", "officials"].map(str::to_string));
        for w in &words {
            assert_eq!(lex.actor_noun_sector(w), actor_noun_sector_by_stems(lex, w), "{w}");
        }
        assert!(words.iter().filter(|w| lex.actor_noun_sector(w).is_some()).count() > lex.actor_nouns.len());
    }

    /// `verb_forms` as it was first written, character by character with format strings.
    fn verb_forms_by_chars(lemma: &str, irregular: &HashMap<String, Vec<String>>) -> Vec<String> {
        let mut forms = vec![lemma.to_string()];
        let chars: Vec<char> = lemma.chars().collect();
        let last = chars.last().copied().unwrap_or(' ');
        let vowel = |c: char| "aeiou".contains(c);
        if last == 'e' {
            let stem: String = chars[..chars.len() - 1].iter().collect();
            forms.push(format!("{lemma}s"));
            forms.push(format!("{lemma}d"));
            forms.push(format!("{stem}ing"));
        } else if last == 'y' && chars.len() > 1 && !vowel(chars[chars.len() - 2]) {
            let stem: String = chars[..chars.len() - 1].iter().collect();
            forms.push(format!("{stem}ies"));
            forms.push(format!("{stem}ied"));
            forms.push(format!("{lemma}ing"));
        } else {
            let es = ["s", "x", "z", "ch", "sh"].iter().any(|e| lemma.ends_with(e));
            forms.push(if es { format!("{lemma}es") } else { format!("{lemma}s") });
            forms.push(format!("{lemma}ed"));
            forms.push(format!("{lemma}ing"));
            // Consonant-vowel-consonant endings double ("ban" → "banned", "expel" → "expelled").
            if chars.len() >= 3 && !vowel(last) && !"wxy".contains(last) && vowel(chars[chars.len() - 2]) && !vowel(chars[chars.len() - 3]) {
                forms.push(format!("{lemma}{last}ed"));
                forms.push(format!("{lemma}{last}ing"));
            }
        }
        if let Some(extra) = irregular.get(lemma) {
            forms.extend(extra.iter().cloned());
        }
        forms
    }

    proptest::proptest! {
        /// The forms put together from pieces are those of the character-by-character rules, in
        /// the same order, for lemmas of any ending (vowels, "w", "x", "y", "e", non-ASCII).
        #[test]
        fn verb_forms_equal_the_character_rules(lemma in "[abeiosxyzwhcé]{0,6}") {
            let irr: HashMap<String, Vec<String>> = [("send".to_string(), vec!["sent".to_string()]), ("be".to_string(), vec!["was".to_string(), "been".to_string()])].into_iter().collect();
            proptest::prop_assert_eq!(verb_forms(&lemma, &irr), verb_forms_by_chars(&lemma, &irr));
            for listed in ["send", "be", "ban", "deny", "expel", "play", "fix", "push"] {
                proptest::prop_assert_eq!(verb_forms(listed, &irr), verb_forms_by_chars(listed, &irr));
            }
        }
    }

    #[test]
    fn regular_and_irregular_forms() {
        let irr: HashMap<String, Vec<String>> = [("send".to_string(), vec!["sent".to_string()])].into_iter().collect();
        let f = verb_forms("ban", &irr);
        assert!(f.contains(&"banned".to_string()) && f.contains(&"bans".to_string()));
        assert!(verb_forms("accuse", &irr).contains(&"accusing".to_string()));
        assert!(verb_forms("deny", &irr).contains(&"denied".to_string()));
        assert!(verb_forms("send", &irr).contains(&"sent".to_string()));
        assert!(matches_word("sanctions", "sanction"));
        assert!(matches_word("ties", "ties"));
        assert!(!matches_word("sanctioned", "sanction"));
    }

    #[test]
    fn data_files_load() {
        let lex = lexicon();
        assert!(lex.patterns.len() > 300);
        for kind in ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"] {
            assert!(lex.patterns.iter().any(|p| p.kind == kind), "{kind}");
            assert!(lex.shifts.contains_key(kind), "{kind}");
        }
        assert_eq!(lex.actor_noun_sector("troops"), Some("MIL"));
        assert_eq!(lex.actor_noun_sector("Officials"), Some("GOV"));
        assert!(lex.is_cue("not", CueClass::Negation));
    }
}
