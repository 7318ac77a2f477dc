//! The quotes stage's own tables (speech verbs, cue phrases, speaker nouns), read once from the
//! TSV files under `data/`.

use newsgraph_knowledge::{data_file, parse_tsv, WordFilter, WordMap};
use foldhash::{HashMap, HashMapExt};
use std::sync::OnceLock;

/// What a verb reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbKind {
    Speech,
    Belief,
    Report,
    Writing,
}

/// One inflected form of a speech verb, possibly several words ("pointed out").
#[derive(Debug, Clone)]
pub struct VerbForm {
    pub lemma: String,
    pub words: Vec<String>,
    pub kind: VerbKind,
    /// A strong verb introduces a bare clause ("he said the city…"); a weak one needs "that",
    /// a colon, a quotation or a postposed frame.
    pub strong: bool,
    /// Its object is the content itself ("criticized the plan", "called for new elections").
    pub object: bool,
}

/// What a cue phrase tells about a statement (see `data/quote_cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueRole {
    SourceFollows,
    AsSource,
    Opinion,
    QuotedAs,
    Channel,
    Platform,
    Reporting,
}

#[derive(Debug, Clone)]
pub struct CuePhrase {
    pub words: Vec<String>,
    pub role: CueRole,
}

/// What a description heading a speaker phrase refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NounClass {
    Person,
    Group,
    Org,
    Doc,
    /// A relative or friend of someone ("his father"): never that someone.
    Kin,
    /// The participants of an exchange just told ("the parties discussed", "the sides agreed"):
    /// the people (or bodies) named before it.
    Parties,
}

pub struct Lexicon {
    /// Verb forms by their first word (lower case).
    verbs: WordMap<Vec<VerbForm>>,
    /// Cue phrases by their first word (lower case).
    cues: WordMap<CuesByFirst>,
    /// First words of verb forms and of cue phrases, for a quick "no" before hashing: both are
    /// looked up at every token of the prose.
    verb_firsts: WordFilter,
    cue_firsts: WordFilter,
    pub nouns: HashMap<String, NounClass>,
    /// Adjectives that pass a verdict ("dangerous", "unacceptable"): "X called Y dangerous" is
    /// a statement, "X called the meeting" is not.
    pub verdicts: foldhash::HashSet<String>,
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut verbs: HashMap<String, Vec<VerbForm>> = HashMap::new();
        for row in parse_tsv(data_file!("speech_verbs.tsv")) {
            let kind = match row.get("kind") {
                "belief" => VerbKind::Belief,
                "report" => VerbKind::Report,
                "writing" => VerbKind::Writing,
                _ => VerbKind::Speech,
            };
            let strong = row.get("strength") == "strong";
            let object = row.get("strength") == "object";
            for form in row.list("forms") {
                let words: Vec<String> = form.split_whitespace().map(str::to_lowercase).collect();
                let Some(first) = words.first().cloned() else { continue };
                let entry = verbs.entry(first).or_default();
                if entry.iter().any(|v| v.words == words) {
                    continue;
                }
                entry.push(VerbForm { lemma: row.get("lemma").to_string(), words, kind, strong, object });
            }
        }
        // Longer forms first, so "pointed out" wins over a one-word reading.
        for forms in verbs.values_mut() {
            forms.sort_by(|a, b| b.words.len().cmp(&a.words.len()));
        }
        let mut cues: HashMap<String, Vec<CuePhrase>> = HashMap::new();
        for row in parse_tsv(data_file!("quote_cues.tsv")) {
            let role = match row.get("role") {
                "source_follows" => CueRole::SourceFollows,
                "as_source" => CueRole::AsSource,
                "opinion" => CueRole::Opinion,
                "quoted_as" => CueRole::QuotedAs,
                "channel" => CueRole::Channel,
                "platform" => CueRole::Platform,
                "reporting" => CueRole::Reporting,
                _ => continue,
            };
            let words: Vec<String> = row.get("phrase").split_whitespace().map(str::to_lowercase).collect();
            let Some(first) = words.first().cloned() else { continue };
            cues.entry(first).or_default().push(CuePhrase { words, role });
        }
        for list in cues.values_mut() {
            list.sort_by(|a, b| b.words.len().cmp(&a.words.len()));
        }
        let cue_firsts = WordFilter::new(cues.keys().map(String::as_str));
        let cues = WordMap::new(cues.into_iter().map(|(first, phrases)| (first, CuesByFirst::new(phrases))));
        let mut nouns = HashMap::new();
        for row in parse_tsv(data_file!("quote_speakers.tsv")) {
            let class = match row.get("refers_to") {
                "PERSON" => NounClass::Person,
                "ORG" => NounClass::Org,
                "DOC" => NounClass::Doc,
                "KIN" => NounClass::Kin,
                "PARTIES" => NounClass::Parties,
                _ => NounClass::Group,
            };
            for noun in row.list("noun") {
                // Multi-word nouns are looked up by their head (last word).
                let head = noun.split_whitespace().last().unwrap_or(noun).to_lowercase();
                nouns.entry(head).or_insert(class);
            }
        }
        let verdicts = parse_tsv(data_file!("verdict_adjectives.tsv")).iter().map(|row| row.get("adjective").to_lowercase()).collect();
        let verb_firsts = WordFilter::new(verbs.keys().map(String::as_str));
        Lexicon { verbs: WordMap::new(verbs), cues, verb_firsts, cue_firsts, nouns, verdicts }
    }

    /// The longest verb form spelled by the first of `available` lower-case words, `word(k)`
    /// being the k-th. The words are read on demand: most first words start no form, and the
    /// callers test every token.
    ///
    /// Inlined up to the quick "no" of the first word's shape, which most words get: the callers
    /// then pay no call for them.
    #[inline]
    pub fn verb<'w>(&self, available: usize, word: impl Fn(usize) -> &'w str) -> Option<&VerbForm> {
        if available == 0 {
            return None;
        }
        let first = word(0);
        if !self.verb_firsts.may_contain(first) {
            return None;
        }
        self.verb_from(first, available, word)
    }

    /// `verb` for a first word that may start a form.
    #[inline(never)]
    fn verb_from<'w>(&self, first: &str, available: usize, word: impl Fn(usize) -> &'w str) -> Option<&VerbForm> {
        self.verbs.get(first)?.iter().find(|v| v.words.len() <= available && v.words.iter().enumerate().all(|(k, a)| a == word(k)))
    }

    /// The longest cue phrase spelled by the first of `available` lower-case words (as `verb`,
    /// and inlined as it is).
    #[inline]
    pub fn cue<'w>(&self, available: usize, word: impl Fn(usize) -> &'w str) -> Option<&CuePhrase> {
        if available == 0 {
            return None;
        }
        let first = word(0);
        if !self.cue_firsts.may_contain(first) {
            return None;
        }
        self.cue_from(first, available, word)
    }

    /// `cue` for a first word that may start a phrase.
    #[inline(never)]
    fn cue_from<'w>(&self, first: &str, available: usize, word: impl Fn(usize) -> &'w str) -> Option<&CuePhrase> {
        // Many phrases share a first word ("in an interview", "in a statement"…): only those
        // whose second word is the next word (or that have none) are tried; the first word
        // already matched.
        let entry = self.cues.get(first)?;
        let tried = if available > 1 { entry.by_second.get(word(1)).unwrap_or(&entry.single_words) } else { &entry.single_words };
        tried.iter().map(|&k| &entry.phrases[k]).find(|c| c.words.len() <= available && c.words.iter().enumerate().skip(2).all(|(k, a)| a == word(k)))
    }

    pub fn noun(&self, word: &str) -> Option<NounClass> {
        self.nouns.get(word).copied()
    }
}

/// The cue phrases sharing a first word, longest first, with the ones worth trying for each
/// second word.
struct CuesByFirst {
    phrases: Vec<CuePhrase>,
    /// Per second word: the phrases with that second word and the one-word phrases, in the
    /// order of `phrases` (so the first that matches is the one the whole list would give).
    by_second: WordMap<Vec<usize>>,
    /// The one-word phrases, for a second word no phrase has.
    single_words: Vec<usize>,
}

impl CuesByFirst {
    fn new(phrases: Vec<CuePhrase>) -> Self {
        let single_words: Vec<usize> = (0..phrases.len()).filter(|&k| phrases[k].words.len() == 1).collect();
        let mut by_second: HashMap<String, Vec<usize>> = HashMap::new();
        for p in &phrases {
            if let Some(second) = p.words.get(1) {
                by_second.entry(second.clone()).or_insert_with(|| {
                    (0..phrases.len()).filter(|&k| phrases[k].words.len() == 1 || phrases[k].words.get(1) == Some(second)).collect()
                });
            }
        }
        CuesByFirst { phrases, by_second: WordMap::new(by_second), single_words }
    }
}

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::load)
}

#[cfg(test)]
mod tests {
    use super::{lexicon, CueRole};

    /// The cue phrase `lexicon().cue` finds at the start of `words`, given `available` words.
    fn cue_in(words: &[&str], available: usize) -> Option<(String, CueRole)> {
        lexicon().cue(available, |k| words.get(k).copied().unwrap_or("")).map(|c| (c.words.join(" "), c.role))
    }

    #[test]
    fn cues_are_found_by_first_and_second_word() {
        let interview = ["in", "an", "interview", "with", "the", "paper"];
        assert_eq!(cue_in(&interview, 6), Some(("in an interview with".to_string(), CueRole::Channel)));
        // Cut short by the limit, no shorter phrase with that second word is listed.
        assert_eq!(cue_in(&interview, 3), None);
        assert_eq!(cue_in(&["in", "his", "view", ","], 4), Some(("in his view".to_string(), CueRole::Opinion)));
        assert_eq!(cue_in(&["on", "twitter", "today"], 3), Some(("on twitter".to_string(), CueRole::Platform)));
        assert_eq!(cue_in(&["on", "the", "day"], 3), None);
        // A one-word phrase whatever follows it, and with nothing after it.
        assert_eq!(cue_in(&["as", "the", "mayor"], 3), Some(("as".to_string(), CueRole::AsSource)));
        assert_eq!(cue_in(&["as"], 1), Some(("as".to_string(), CueRole::AsSource)));
        assert_eq!(cue_in(&["according", "to"], 2), Some(("according to".to_string(), CueRole::SourceFollows)));
        assert_eq!(cue_in(&["according", "to"], 1), None);
        assert_eq!(cue_in(&["according", "to"], 0), None);
    }
}
