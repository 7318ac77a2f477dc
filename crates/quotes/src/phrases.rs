//! Token-level reading of a sentence: speech verbs, cue phrases and the speaker phrases around
//! them (a name, a pronoun, a description, or an entity mention the entities stage found).

use crate::lexicon::{lexicon, CuePhrase, Lexicon, NounClass, VerbForm};
use newsgraph_knowledge::WordList;
use newsgraph_doc::{Doc, EntityType, FoldedTokens, Span, Token, TokenKind};
use std::borrow::Cow;
use foldhash::{HashMap, HashMapExt};

/// Words a description may put before a speaker's name ("Harbour Point College
/// political scientist Ann Lee said", "foreign ministry spokeswoman Ann Lee").
pub const MAX_DESCRIPTION_WORDS: usize = 12;

/// How a speaker phrase refers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseKind {
    /// Covered by a mention of entity index `.0` found by the entities stage.
    Mention(usize),
    Pronoun,
    Name,
    /// A description; its head noun's class when the lexicon knows it, and whether it is definite.
    Nominal(Option<NounClass>, bool),
}

/// A speaker (or channel) phrase: tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    pub start: usize,
    pub end: usize,
    pub kind: PhraseKind,
}

/// Words skipped between a subject and its verb ("he also said", "she has repeatedly argued").
/// Plural nouns for the members of a body: "the states of the European Union said" is the body.
const MEMBERS_OF_A_BODY: &[&str] = &["states", "countries", "members", "nations", "governments", "allies", "partners"];

static BETWEEN_SUBJECT_AND_VERB: WordList = WordList::new(&[
    "also", "has", "have", "had", "was", "were", "is", "are", "will", "would", "could", "can", "may", "might", "did", "does",
    "do", "later", "then", "previously", "recently", "again", "further", "once", "earlier", "often", "first", "initially",
    "still", "just", "already", "subsequently", "reportedly", "had", "never", "not", "even", "himself", "herself", "themselves",
    "now", "been", "being", "isn't", "wasn't", "aren't", "weren't", "doesn't", "didn't", "hasn't", "haven't", "won't",
    "wouldn't", "can't", "couldn't", "publicly", "privately", "openly",
]);

/// Verbs that take the speech verb as an infinitive: "seemed to think", "went on to say".
static RAISING_BEFORE_TO: WordList = WordList::new(&[
    "seem", "seems", "seemed", "appear", "appears", "appeared", "continue", "continues", "continued", "went", "goes",
    "began", "begins", "tried", "tries", "decided", "decides", "refused", "refuses", "declined", "declines",
]);

/// Nouns of a time adjunct after "this", "last" or "next": "the union this month said".
const PERIOD_NOUNS: &[&str] = &["week", "month", "year", "weekend", "spring", "summer", "fall", "autumn", "winter"];

pub const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it"];

static DETERMINERS: WordList = WordList::new(&[
    "the", "a", "an", "some", "many", "most", "several", "other", "another", "his", "her", "their", "its", "our", "this",
    "these", "those", "one", "two", "three", "four", "five", "all", "both", "each", "every", "few", "no", "my", "your",
]);

/// Words that end a description when walking back from its head.
static PHRASE_BREAKERS: WordList = WordList::new(&[
    "of", "in", "on", "at", "for", "with", "by", "from", "to", "about", "after", "before", "during", "into", "over", "under",
    "than", "as", "and", "or", "but", "that", "which", "who", "whom", "if", "when", "while", "because", "so", "is", "are",
    "was", "were", "be", "been", "has", "have", "had", "said", "says", "not", "also", "what", "where", "why", "how", "there",
    "here", "it", "he", "she", "they", "we", "i", "you", "would", "will", "could", "should", "can", "may", "might", "do",
    "does", "did", "said", "told", "then", "now", "just", "only", "even", "still", "yet", "very",
]);

/// Heads that are never speakers.
static NOT_HEADS: WordList = WordList::new(&[
    "it", "that", "this", "which", "who", "there", "what", "one", "time", "year", "years", "day", "week", "month", "people's",
    "way", "thing", "things", "lot", "part", "fact", "case", "point", "end", "number", "percent", "cent",
]);

/// Words opening a sentence that are not part of a name after them ("But Smith said").
static NAME_OPENERS: WordList = WordList::new(&[
    "But", "And", "So", "Then", "Yet", "Also", "Still", "Now", "Meanwhile", "However", "Later", "Earlier", "Instead", "Here",
    "There", "When", "While", "After", "Before", "If", "As", "Last", "This", "That", "In", "On", "At", "For", "Asked",
    "Speaking", "Writing", "According", "Reuters", "Previously", "Today", "Yesterday",
]);

static CALENDAR: WordList = WordList::new(&[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
    "june", "july", "august", "september", "october", "november", "december", "today", "yesterday", "tonight",
]);

static TITLE_ABBREVS: WordList = WordList::new(&[
    "Dr", "Mr", "Mrs", "Ms", "Rep", "Sen", "Gov", "Lt", "Gen", "Col", "Sgt", "Prof", "Rev", "Hon", "Insp", "Const", "Supt",
    "Det", "Capt", "Cpl", "Maj", "Coun", "Cllr", "St", "Jr", "Sr", "Pres", "Adm", "Brig", "Atty",
]);

static NAME_PARTICLES: WordList = WordList::new(&["de", "van", "von", "der", "den", "bin", "al", "da", "di", "du", "dos", "del", "la", "le", "ibn"]);

/// Tokens of sentences written in title case: at least four words, nearly all capitalised.
fn headline_tokens(doc: &Doc) -> Vec<bool> {
    let mut out = vec![false; doc.tokens.len()];
    for s in &doc.sentences {
        let range = s.tokens.start.min(out.len())..s.tokens.end.min(out.len());
        // Counted, not collected: this runs over every sentence of every document.
        let (mut words, mut long, mut caps) = (0, 0, 0);
        let tokens = &doc.tokens[range.clone()];
        for (k, t) in tokens.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            words += 1;
            // Short function words stay lower case in title case ("of", "in", "to").
            let w = t.text(&doc.text);
            // Four characters or more; ASCII bytes are characters, counted without decoding.
            let at_least_four = match w.as_bytes().get(..4) {
                Some(head) if head.is_ascii() => true,
                Some(_) => w.chars().nth(3).is_some(),
                None => false,
            };
            if at_least_four {
                long += 1;
                let capital = match w.as_bytes().first() {
                    Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                    _ => w.chars().next().is_some_and(char::is_uppercase),
                };
                caps += usize::from(capital);
                // Nine in ten long words must be capitalised, so the capitals must reach nine
                // times the long words in lower case: when they cannot even if every token left
                // is a capitalised long word, the sentence is no headline (most sentences are
                // told so after a few of their words).
                if !capital && caps + (tokens.len() - k - 1) < 9 * (long - caps) {
                    break;
                }
            }
        }
        if words >= 4 && long >= 3 && caps * 10 >= long * 9 {
            for f in &mut out[range] {
                *f = true;
            }
        }
    }
    out
}

/// Whether `t` is a word starting with a capital letter. Inlined: it is asked of every token.
#[inline]
fn starts_capitalised(doc: &Doc, t: &Token) -> bool {
    if t.kind != TokenKind::Word {
        return false;
    }
    // An ASCII first byte is the first character, read without decoding (when the token's text
    // is a slice of the text at all).
    match doc.text.as_bytes().get(t.start) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase() && t.end > t.start && doc.text.get(t.start..t.end).is_some(),
        _ => t.text(&doc.text).chars().next().is_some_and(char::is_uppercase),
    }
}

pub struct Ctx<'a> {
    pub doc: &'a Doc,
    pub lex: &'static Lexicon,
    /// Lower-cased token texts ("’" made "'"), one buffer per document.
    lower: Cow<'a, FoldedTokens>,
    /// The same words as slices, one per token, when `lower` is the document's own buffer
    /// (empty otherwise): `low` is asked over a million times per 500 articles, and a slice
    /// read from a table costs less than slicing the buffer (with its bounds and character
    /// boundary tests) at each call.
    lows: Vec<&'a str>,
    /// Mentions and references of entities by start and by end offset: (entity, start, end).
    mention_by_start: HashMap<usize, (usize, usize, usize)>,
    mention_by_end: HashMap<usize, (usize, usize, usize)>,
    /// Per token: inside a title-case sentence (a headline), where verbs are capitalised too.
    headline: Vec<bool>,
    /// Per token: a word starting with a capital letter (`is_cap`), asked of most tokens several
    /// times by the finders and the resolver, so read once.
    capitalised: Vec<bool>,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Doc) -> Self {
        let lower = doc.folded_tokens();
        // Sized for every mention up front: grown step by step, the maps were rebuilt several
        // times per document.
        let mentions: usize = doc.entities.iter().map(|e| e.mentions.len() + e.references.len()).sum();
        let mut mention_by_start: HashMap<usize, (usize, usize, usize)> = HashMap::with_capacity(mentions);
        let mut mention_by_end: HashMap<usize, (usize, usize, usize)> = HashMap::with_capacity(mentions);
        for (ei, e) in doc.entities.iter().enumerate() {
            for m in e.mentions.iter().chain(e.references.iter()) {
                let longer = |cur: &(usize, usize, usize)| m.end.saturating_sub(m.start) > cur.2.saturating_sub(cur.1);
                if mention_by_start.get(&m.start).map_or(true, longer) {
                    mention_by_start.insert(m.start, (ei, m.start, m.end));
                }
                if mention_by_end.get(&m.end).map_or(true, longer) {
                    mention_by_end.insert(m.end, (ei, m.start, m.end));
                }
            }
        }
        let headline = headline_tokens(doc);
        let capitalised = doc.tokens.iter().map(|t| starts_capitalised(doc, t)).collect();
        let lows = match &lower {
            // One word per token: the folding was made for these tokens (a borrowed buffer is
            // the document's current one).
            Cow::Borrowed(folded) => folded.words().collect(),
            Cow::Owned(_) => Vec::new(),
        };
        Ctx { doc, lex: lexicon(), lower, lows, mention_by_start, mention_by_end, headline, capitalised }
    }

    /// Is token `i` in a title-case sentence ("Mayor Says New Bridge Will Open In Spring")?
    pub fn in_headline(&self, i: usize) -> bool {
        self.headline.get(i).copied().unwrap_or(false)
    }

    pub fn n(&self) -> usize {
        self.doc.tokens.len()
    }

    /// Lower-cased token text ("’" normalised to "'").
    pub fn low(&self, i: usize) -> &str {
        match self.lows.get(i) {
            Some(w) => w,
            // Past the end, or a buffer folded afresh for this context.
            None => self.lower.get(i),
        }
    }

    pub fn text(&self, i: usize) -> &str {
        self.doc.tokens.get(i).map(|t| t.text(&self.doc.text)).unwrap_or("")
    }

    pub fn kind(&self, i: usize) -> Option<TokenKind> {
        self.doc.tokens.get(i).map(|t| t.kind)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Word)
    }

    /// Is token `i` a word starting with a capital letter?
    pub fn is_cap(&self, i: usize) -> bool {
        self.capitalised.get(i).copied().unwrap_or(false)
    }

    pub fn is_punct(&self, i: usize, p: &str) -> bool {
        self.text(i) == p && matches!(self.kind(i), Some(TokenKind::Punct) | Some(TokenKind::Symbol))
    }

    /// A sentence-ending stop (not the dot inside "e.GO" or "Inc.com").
    pub fn is_terminal(&self, i: usize) -> bool {
        // Only a stop can end a sentence: most tokens are words, answered here.
        if !(matches!(self.kind(i), Some(TokenKind::Punct)) && matches!(self.text(i), "." | "!" | "?" | "…" | ";")) {
            return false;
        }
        let glued_word = |k: usize| {
            self.doc.tokens.get(k + 1).is_some_and(|n| n.start == self.doc.tokens[k].end && n.kind == TokenKind::Word)
        };
        let after_abbrev = self.text(i) == "." && i > 0 && self.abbrev_len(i - 1) == Some(2) && self.is_cap(i + 1);
        // A stop before a comma or a closing parenthesis ends an abbreviation ("D-Calif.,").
        let before_comma = self.text(i) == "." && matches!(self.text(i + 1), "," | ")");
        if before_comma {
            return false;
        }
        !glued_word(i) && !after_abbrev
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        match (self.doc.tokens.get(start), end.checked_sub(1).and_then(|e| self.doc.tokens.get(e))) {
            (Some(a), Some(b)) if end > start => Span::new(a.start, b.end),
            _ => Span::new(0, 0),
        }
    }

    /// How many of up to `n` words from token `i` lie before `hi` (and the document's end).
    fn words_available(&self, i: usize, hi: usize, n: usize) -> usize {
        hi.min(i + n).min(self.n()).saturating_sub(i)
    }

    /// A speech verb starting at token `i` and its length in tokens.
    pub fn verb_at(&self, i: usize, hi: usize) -> Option<(&'static VerbForm, usize)> {
        // A capitalised form is a name ("Post", "State"); after a determiner it is a noun ("the
        // report", "his remarks").
        if !self.is_word(i) || self.is_cap(i) && !self.in_headline(i) {
            return None;
        }
        // The lexicon first: most words are no speech verb, and the determiner test scans a list.
        let verb = self.lex.verb(self.words_available(i, hi, 3), |k| self.low(i + k))?;
        if i > 0 && self.is_word(i - 1) && (DETERMINERS.contains(&self.low(i - 1)) || self.low(i - 1) == "'s") {
            return None;
        }
        Some((verb, verb.words.len()))
    }

    pub fn cue_at(&self, i: usize, hi: usize) -> Option<(&'static CuePhrase, usize)> {
        if !self.is_word(i) {
            return None;
        }
        self.lex.cue(self.words_available(i, hi, 6), |k| self.low(i + k)).map(|c| (c, c.words.len()))
    }

    /// Does the verb form at `v` agree with its subject? A base form ("say", "remark") needs a
    /// plural or first/second person subject or an auxiliary before it; otherwise the "verb" is
    /// most likely a noun ("the strange remark may…").
    pub fn verb_agrees(&self, subject: &Phrase, v: usize, form: &VerbForm) -> bool {
        let w = self.low(v);
        let base = form.lemma.split_whitespace().next() == Some(w) && !w.ends_with("ed");
        if !base {
            return true;
        }
        let aux = (subject.end..v).any(|k| matches!(self.low(k), "will" | "would" | "could" | "can" | "did" | "do" | "does" | "may" | "might" | "must" | "should" | "to"));
        if aux {
            return true;
        }
        match subject.kind {
            PhraseKind::Pronoun => matches!(self.low(subject.start), "i" | "we" | "they" | "you"),
            PhraseKind::Name | PhraseKind::Mention(_) => true,
            PhraseKind::Nominal(..) => {
                let head = self.low(subject.end - 1);
                head.ends_with('s') && !head.ends_with("ss") || matches!(head, "people" | "police" | "staff" | "officials" | "media" | "data")
            }
        }
    }

    /// A token made only of invisible format characters (zero-width space, soft hyphen, BOM).
    pub fn is_invisible(&self, i: usize) -> bool {
        let t = self.text(i);
        !t.is_empty() && t.chars().all(|c| matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'))
    }

    /// A title abbreviation or an initial that a stop follows inside a name ("Dr.", "J.").
    pub fn is_name_abbrev(&self, i: usize) -> bool {
        self.abbrev_len(i).is_some()
    }

    /// Tokens taken by a title abbreviation or initial at `i`: 1 for "Dr." as one token, 2 for
    /// "Dr" followed by ".".
    pub fn abbrev_len(&self, i: usize) -> Option<usize> {
        if !self.is_cap(i) {
            return None;
        }
        let t = self.text(i);
        let stem = t.strip_suffix('.').unwrap_or(t);
        let known = stem.chars().count() == 1 || TITLE_ABBREVS.contains(&stem);
        if !known {
            return None;
        }
        if t.ends_with('.') {
            Some(1)
        } else if self.text(i + 1) == "." {
            Some(2)
        } else {
            None
        }
    }

    pub fn is_pronoun(&self, i: usize) -> bool {
        self.is_word(i) && PRONOUNS.contains(&self.low(i))
    }

    fn is_calendar(&self, i: usize) -> bool {
        CALENDAR.contains(&self.low(i))
    }

    /// The longest entity mention ending exactly where token `i` ends.
    fn mention_ending_at(&self, i: usize) -> Option<(usize, usize, usize)> {
        self.mention_by_end.get(&self.doc.tokens.get(i)?.end).copied()
    }

    pub(crate) fn mention_starting_at(&self, i: usize) -> Option<(usize, usize, usize)> {
        self.mention_by_start.get(&self.doc.tokens.get(i)?.start).copied()
    }

    /// A person's name mention after nothing but lower-case description words from token `k`
    /// ("transport ministry spokeswoman Ana Ruiz").
    fn person_after_description(&self, k: usize, hi: usize) -> Option<Phrase> {
        let mut t = k;
        while t < hi && t < k + MAX_DESCRIPTION_WORDS && self.is_word(t) && !self.is_cap(t) && self.verb_at(t, hi).is_none() {
            t += 1;
        }
        if t == k {
            return None;
        }
        let (ei, _, m_end) = self.mention_starting_at(t)?;
        if self.doc.entities[ei].kind != EntityType::Person {
            return None;
        }
        let end = self.token_end(m_end).min(hi);
        (end > t).then_some(Phrase { start: t, end, kind: PhraseKind::Mention(ei) })
    }

    /// Token index just past the byte offset `end`.
    fn token_end(&self, end: usize) -> usize {
        self.doc.tokens.partition_point(|t| t.start < end)
    }

    fn token_start(&self, start: usize) -> usize {
        self.doc.tokens.partition_point(|t| t.start < start)
    }

    /// The subject of the verb at token `v`, searched back to token `lo`.
    pub fn subject_before(&self, v: usize, lo: usize) -> Option<Phrase> {
        let mut j = v;
        let mut skipped = 0;
        while j > lo && skipped < 4 {
            let w = self.low(j - 1);
            // A time adjunct between subject and verb: "Sanders on Tuesday said".
            if CALENDAR.contains(&w) || matches!(w, "afternoon" | "morning" | "evening" | "night") {
                j -= 1;
                skipped += 1;
                if j > lo && matches!(self.low(j - 1), "on" | "last" | "this" | "late" | "early" | "friday" | "monday" | "tuesday" | "wednesday" | "thursday" | "saturday" | "sunday") {
                    j -= 1;
                }
                continue;
            }
            // "seemed to think", "went on to say": the subject is that of the first verb.
            if w == "to" && j > lo + 1 {
                let before = if self.low(j - 2) == "on" && j > lo + 2 { j - 3 } else { j - 2 };
                if RAISING_BEFORE_TO.contains(&self.low(before)) {
                    j = before;
                    skipped += 1;
                    continue;
                }
            }
            // "this month", "last week": a time adjunct.
            if PERIOD_NOUNS.contains(&w) && j > lo + 1 && matches!(self.low(j - 2), "this" | "last" | "next" | "earlier" | "later") {
                j -= 2;
                skipped += 1;
                continue;
            }
            let adverb = self.is_word(j - 1) && w.len() > 4 && w.ends_with("ly") && !self.is_cap(j - 1);
            if self.is_invisible(j - 1) || self.is_word(j - 1) && (BETWEEN_SUBJECT_AND_VERB.contains(&w) || adverb) {
                j -= 1;
                skipped += 1;
            } else {
                break;
            }
        }
        // A parenthesis between subject and verb: "Sen. David Perdue (R-Ga.) said".
        if j > lo + 1 && self.text(j - 1) == ")" {
            let mut k = j - 1;
            while k > lo && j - k < 12 && self.text(k) != "(" {
                k -= 1;
            }
            if self.text(k) == "(" && k > lo {
                j = k;
            }
        }
        if j <= lo {
            return None;
        }
        let t = j - 1;
        let w = self.low(t);
        if matches!(w, "who" | "which") && t > lo && self.is_punct(t - 1, ",") {
            return self.phrase_ending_at(t - 1, lo);
        }
        // "a builder who said": the person the relative clause describes.
        if w == "who" && t > lo && self.is_word(t - 1) {
            return self.phrase_ending_at(t, lo).or_else(|| self.loose_nominal_ending_at(t, lo));
        }
        // "63 percent said", "another 19 percent say": a share of those polled.
        if matches!(w, "percent" | "%") && t > lo && self.kind(t - 1) == Some(TokenKind::Number) {
            let mut s = t - 1;
            if s > lo && self.is_word(s - 1) && matches!(self.low(s - 1), "another" | "only" | "just" | "about" | "nearly" | "some" | "almost" | "around" | "roughly") {
                s -= 1;
            }
            return Some(Phrase { start: s, end: t + 1, kind: PhraseKind::Nominal(Some(NounClass::Group), false) });
        }
        if self.is_punct(t, ",") {
            // A name opening the clause, then appositions with commas of their own: "Ann Lee,
            // 59, of Dayton, Ohio, who watched the parade, said".
            if let Some(p) = self.clause_opening_name(lo, t) {
                return Some(p);
            }
            // An apposition: "Jana Novak, a spokeswoman for the ministry, said".
            let mut k = t;
            let floor = lo.max(t.saturating_sub(30));
            while k > floor {
                k -= 1;
                if self.is_punct(k, ",") {
                    break;
                }
                if self.is_terminal(k) || self.kind(k) == Some(TokenKind::Quote) {
                    return None;
                }
            }
            if k <= lo || !self.is_punct(k, ",") {
                return None;
            }
            let first = self.low(k + 1);
            let inner_lower = (k + 1..t).any(|x| self.is_word(x) && !self.is_cap(x) && self.low(x) != "and" && !NAME_PARTICLES.contains(&self.low(x)));
            let appositive = DETERMINERS.contains(&first)
                || inner_lower
                || matches!(first, "who" | "which")
                || self.kind(k + 1) == Some(TokenKind::Number)
                || (self.is_word(k + 1) && !self.is_cap(k + 1));
            if !appositive {
                // "A lawyer for the outlets, David Schulz, said": the name between the commas.
                let all_caps = (k + 1..t).all(|x| self.is_cap(x) || self.abbrev_len(x).is_some() || self.text(x) == ".");
                if all_caps && t > k + 1 && k > lo && self.is_word(k - 1) && (!self.is_cap(k - 1) || t > k + 2) {
                    return self.phrase_ending_at(t, k + 1);
                }
                return None;
            }
            return self.phrase_ending_at(k, lo);
        }
        self.phrase_ending_at(j, lo).or_else(|| {
            let says = self.verb_at(v, v + 3).is_some_and(|(f, _)| matches!(f.lemma.as_str(), "say" | "tell"));
            if says {
                self.loose_nominal_ending_at(j, lo)
            } else {
                None
            }
        })
    }

    /// Is the "to" at token `to` the infinitive marker after "seemed", "went on"…?
    pub fn follows_raising_verb(&self, to: usize) -> bool {
        let before = if to >= 2 && self.low(to - 1) == "on" { to - 2 } else { to.saturating_sub(1) };
        to > 0 && RAISING_BEFORE_TO.contains(&self.low(before))
    }

    /// A name opening the clause at `lo` (after "But", "And"…) and closed by a comma, when more
    /// than one comma-separated apposition follows it up to the comma at `t`.
    fn clause_opening_name(&self, lo: usize, t: usize) -> Option<Phrase> {
        let mut f = lo;
        while f < t && (self.kind(f) == Some(TokenKind::Quote) || NAME_OPENERS.contains(&self.text(f)) && !self.is_punct(f + 1, ",")) {
            f += 1;
        }
        if t - f > 40 || (f..t).any(|k| self.is_terminal(k) || self.kind(k) == Some(TokenKind::Quote)) {
            return None;
        }
        let commas = (f..t).filter(|&k| self.is_punct(k, ",")).count();
        if commas < 2 {
            return None;
        }
        let first_comma = (f..t).find(|&k| self.is_punct(k, ","))?;
        let p = self.phrase_ending_at(first_comma, f)?;
        let whole = p.start == f && matches!(p.kind, PhraseKind::Name | PhraseKind::Mention(_));
        // What follows the name must read as appositions (an age, "of …", "who …", a description),
        // not as a list of names ("Lee, Park and Kim").
        let next = first_comma + 1;
        // "Ann Lee, Minister of Trade, Industry and Energy, said", "Ann Lee, D-Calif., said".
        let titled = self.is_cap(next) && newsgraph_knowledge::kb().title(self.text(next)).is_some();
        let party_tag = {
            let w = self.text(next).as_bytes();
            matches!(w.first(), Some(b'D' | b'R' | b'I')) && (w.get(1) == Some(&b'-') || w.len() == 1 && self.text(next + 1) == "-")
        };
        let appositive = self.kind(next) == Some(TokenKind::Number) || self.is_word(next) && !self.is_cap(next) && self.low(next) != "and" || titled || party_tag;
        let list_of_names = !titled && (f..t).any(|k| self.low(k) == "and" && self.is_cap(k + 1));
        (whole && appositive && !list_of_names).then_some(p)
    }

    /// A speaker phrase whose last token is `e - 1`, not reaching before `lo`.
    pub fn phrase_ending_at(&self, e: usize, lo: usize) -> Option<Phrase> {
        if e <= lo || e == 0 {
            return None;
        }
        // "Sen. Jane Q. Roe (R-Ore.), a member of…": skip the parenthesis.
        if self.text(e - 1) == ")" {
            let mut k = e - 1;
            while k > lo && e - k < 12 && self.text(k) != "(" {
                k -= 1;
            }
            if self.text(k) == "(" && k > lo {
                return self.phrase_ending_at(k, lo);
            }
        }
        let last = e - 1;
        if let Some((ei, m_start, _)) = self.mention_ending_at(last) {
            let mut start = self.token_start(m_start).max(lo);
            // Titles and initials before the name belong to the phrase ("Mr. Morgan").
            while start > lo {
                if self.abbrev_len(start - 1) == Some(1) || (self.is_cap(start - 1) && !NAME_OPENERS.contains(&self.text(start - 1))) {
                    start -= 1;
                } else if start > lo + 1 && self.text(start - 1) == "." && self.abbrev_len(start - 2) == Some(2) {
                    start -= 2;
                } else {
                    break;
                }
            }
            if start <= last {
                let phrase = Phrase { start, end: e, kind: PhraseKind::Mention(ei) };
                return Some(self.widen_head(phrase, lo));
            }
        }
        if self.is_pronoun(last) {
            return Some(Phrase { start: last, end: e, kind: PhraseKind::Pronoun });
        }
        if self.is_cap(last) {
            let mut s = last;
            while s > lo {
                let p = s - 1;
                if p > lo && self.text(p) == "." && self.abbrev_len(p - 1) == Some(2) {
                    s = p - 1;
                } else if self.abbrev_len(p) == Some(1) {
                    s = p;
                } else if self.is_cap(p) || (self.is_word(p) && NAME_PARTICLES.contains(&self.low(p)) && p > lo && self.is_cap(p - 1)) {
                    s = p;
                } else {
                    break;
                }
            }
            while s < last && NAME_OPENERS.contains(&self.text(s)) {
                s += 1;
            }
            if NAME_OPENERS.contains(&self.text(s)) || (s == last && self.is_calendar(last)) {
                return None;
            }
            let phrase = Phrase { start: s, end: e, kind: PhraseKind::Name };
            return Some(self.widen_head(phrase, lo));
        }
        if self.is_word(last) {
            return self.nominal_ending_at(e, lo);
        }
        None
    }

    fn nominal_ending_at(&self, e: usize, lo: usize) -> Option<Phrase> {
        let last = e - 1;
        let head = self.low(last);
        if NOT_HEADS.contains(&head) || PHRASE_BREAKERS.contains(&head) || head.chars().any(|c| !c.is_alphabetic() && c != '-' && c != '\'') {
            return None;
        }
        let class = self.lex.noun(head).or_else(|| self.lex.noun(head.trim_end_matches('s')));
        let mut s = last;
        let mut determiner = None;
        let mut steps = 0;
        while s > lo && steps < 6 {
            let p = s - 1;
            let w = self.low(p);
            if !self.is_word(p) {
                break;
            }
            if DETERMINERS.contains(&w) {
                s = p;
                determiner = Some(w == "the");
                break;
            }
            if w == "'s" {
                // A possessor: "McCallum’s staff", "the city's spokesperson".
                let mut k = p;
                while k > lo && self.is_cap(k - 1) {
                    k -= 1;
                }
                if k < p {
                    s = k;
                    determiner = Some(true);
                }
                break;
            }
            if PHRASE_BREAKERS.contains(&w) || self.verb_at(p, e).is_some() {
                break;
            }
            s = p;
            steps += 1;
        }
        if class.is_none() && determiner.is_none() {
            return None;
        }
        if class.is_none() && s == last {
            return None;
        }
        // Sentence-initial capital on the determiner is fine; a lone unknown head is not a speaker.
        let phrase = Phrase { start: s, end: e, kind: PhraseKind::Nominal(class, determiner == Some(true)) };
        Some(self.widen_head(phrase, lo))
    }

    /// "a spokesperson for TransLink": the speaker is the description before the preposition.
    fn widen_head(&self, phrase: Phrase, lo: usize) -> Phrase {
        let mut phrase = phrase;
        for _ in 0..3 {
            let s = phrase.start;
            if s < lo + 2 {
                break;
            }
            let link = self.low(s - 1);
            if matches!(link, "for" | "of" | "at" | "with" | "from" | "in" | "on") {
                // "one source in the room", "experts on North Korea": the head comes first.
                let outer = self.nominal_ending_at(s - 1, lo).or_else(|| self.plain_name_ending_at(s - 1, lo));
                // "the states of the European Union", "members of the alliance": the body speaks.
                let members_of_body = link == "of"
                    && matches!(phrase.kind, PhraseKind::Mention(_))
                    && MEMBERS_OF_A_BODY.contains(&self.low(s - 2));
                if members_of_body {
                    break;
                }
                match outer {
                    Some(head) if !matches!(head.kind, PhraseKind::Nominal(Some(NounClass::Doc), _)) => phrase = head,
                    _ => break,
                }
            } else if link == "and" {
                // "Mr. Grassley and Mr. Leahy say": both are the speaker; the phrase spans them.
                match self.plain_name_ending_at(s - 1, lo).or_else(|| self.nominal_ending_at(s - 1, lo)) {
                    Some(first) => phrase = Phrase { start: first.start, end: phrase.end, kind: phrase.kind },
                    None => break,
                }
            } else {
                break;
            }
        }
        phrase
    }

    /// A run of capitalised words ending at token `e - 1` (no entity lookup, no widening).
    fn plain_name_ending_at(&self, e: usize, lo: usize) -> Option<Phrase> {
        if e <= lo || !self.is_cap(e - 1) {
            return None;
        }
        let mut s = e - 1;
        while s > lo && (self.is_cap(s - 1) || self.abbrev_len(s - 1) == Some(1)) {
            s -= 1;
        }
        while s < e - 1 && NAME_OPENERS.contains(&self.text(s)) {
            s += 1;
        }
        (!NAME_OPENERS.contains(&self.text(s))).then_some(Phrase { start: s, end: e, kind: PhraseKind::Name })
    }

    /// Any plain description ending at token `e - 1`, for "said" whose subject the lexicon does not
    /// know ("federal statistics say", "nonproliferation experts said").
    pub fn loose_nominal_ending_at(&self, e: usize, lo: usize) -> Option<Phrase> {
        if e <= lo || !self.is_word(e - 1) || self.is_cap(e - 1) {
            return None;
        }
        let head = self.low(e - 1);
        if NOT_HEADS.contains(&head) || PHRASE_BREAKERS.contains(&head) || DETERMINERS.contains(&head) || head.chars().any(|c| !c.is_alphabetic() && c != '-') {
            return None;
        }
        let mut s = e - 1;
        while s > lo && s + 5 > e && self.is_word(s - 1) && !PHRASE_BREAKERS.contains(&self.low(s - 1)) && self.verb_at(s - 1, e).is_none() {
            s -= 1;
            if DETERMINERS.contains(&self.low(s)) {
                break;
            }
        }
        let phrase = Phrase { start: s, end: e, kind: PhraseKind::Nominal(None, self.low(s) == "the") };
        Some(self.widen_head(phrase, lo))
    }

    /// The last run of capitalised words in the words from `j` up to the first punctuation or
    /// function word, when a lower-case word comes before it (a title or description) or the run
    /// starts with a title abbreviation.
    fn last_name_run(&self, j: usize, hi: usize) -> Option<Phrase> {
        let mut k = j;
        let mut last_run: Option<(usize, usize)> = None;
        let mut saw_lower = false;
        let mut run_start = None;
        while k < hi && k < j + 9 {
            if let Some(l) = self.abbrev_len(k).filter(|&l| self.is_cap(k + l)) {
                run_start.get_or_insert(k);
                k += l;
                continue;
            }
            if self.is_cap(k) {
                run_start.get_or_insert(k);
                k += 1;
                continue;
            }
            if run_start.is_some() && matches!(self.low(k), "and" | "&") && self.is_cap(k + 1) {
                k += 1; // "Heart and Stroke"
                continue;
            }
            if let Some(s) = run_start.take() {
                // A run followed by a lower-case word modifies it ("the Cambridge resident").
                let modifier = self.is_word(k) && !PHRASE_BREAKERS.contains(&self.low(k)) && self.low(k) != "'s";
                if !modifier {
                    last_run = Some((s, k));
                }
            }
            if self.low(k) == "'s" {
                // A possessor before the name: "Heart and Stroke's Erin Kim".
                saw_lower = true;
                k += 1;
                continue;
            }
            if !self.is_word(k) || PHRASE_BREAKERS.contains(&self.low(k)) || matches!(self.low(k), "whose" | "who") {
                break;
            }
            saw_lower = true;
            k += 1;
        }
        if let Some(s) = run_start {
            last_run = Some((s, k));
        }
        let (s, e) = last_run?;
        let abbrev_start = s == j && self.is_name_abbrev(j);
        if !(abbrev_start || saw_lower && s > j) {
            return None;
        }
        if e == s + 1 && self.is_calendar(s) {
            return None;
        }
        // A mention covering the run names the entity.
        if let Some((ei, m_start, m_end)) = self.mention_ending_at(e - 1) {
            if m_start >= self.doc.tokens[s].start && m_end <= self.doc.tokens[e - 1].end {
                return Some(Phrase { start: s, end: e, kind: PhraseKind::Mention(ei) });
            }
        }
        Some(Phrase { start: s, end: e, kind: PhraseKind::Name })
    }

    /// "Campbell's partner, Jason Louth", "her father, Ken": a possessed relation, a comma, then
    /// the name of that person.
    fn possessed_then_named(&self, j: usize, hi: usize) -> Option<Phrase> {
        let mut k = j;
        if matches!(self.low(k), "his" | "her" | "their") {
            k += 1;
        } else {
            while k < hi && k < j + 4 && self.is_cap(k) {
                k += 1;
            }
            if k == j || self.low(k) != "'s" {
                return None;
            }
            k += 1;
        }
        let rel_start = k;
        while k < hi && k < rel_start + 3 && self.is_word(k) && !self.is_cap(k) && !PHRASE_BREAKERS.contains(&self.low(k)) {
            k += 1;
        }
        if k == rel_start || !self.is_punct(k, ",") || !self.is_cap(k + 1) {
            return None;
        }
        let s = k + 1;
        let mut e = s;
        while e < hi && e < s + 4 && (self.is_cap(e) || self.abbrev_len(e).is_some()) {
            e += 1;
        }
        // The name ends the phrase: a comma, a stop or the end follows it.
        if !(e >= hi || self.is_punct(e, ",") || self.is_terminal(e)) || NAME_OPENERS.contains(&self.text(s)) {
            return None;
        }
        if let Some((ei, m_start, m_end)) = self.mention_starting_at(s) {
            if m_start >= self.doc.tokens[s].start && self.token_end(m_end) <= e {
                return Some(Phrase { start: s, end: e, kind: PhraseKind::Mention(ei) });
            }
        }
        Some(Phrase { start: s, end: e, kind: PhraseKind::Name })
    }

    /// A speaker phrase starting at token `j` (after a verb: "said Jana Novak, a spokeswoman").
    pub fn phrase_starting_at(&self, j: usize, hi: usize) -> Option<Phrase> {
        if j >= hi || j >= self.n() {
            return None;
        }
        // "says Campbell's partner, Jason Louth": the person named after the comma speaks.
        if let Some(name) = self.possessed_then_named(j, hi) {
            return Some(name);
        }
        // Modifiers and titles before a name: "said Oilers head coach Ken Hitchcock", "says
        // Cambridge cartoonist Andre Campbell": the last run of capitalised words is the name.
        if !self.is_pronoun(j) {
            if let Some(name) = self.last_name_run(j, hi) {
                return Some(name);
            }
        }
        if let Some((ei, _, m_end)) = self.mention_starting_at(j) {
            // "Spanish transport ministry spokeswoman Ana Ruiz": the person the nationality
            // adjective describes.
            if self.doc.entities[ei].kind != EntityType::Person {
                if let Some(person) = self.person_after_description(j + 1, hi) {
                    return Some(person);
                }
            }
            let end = self.token_end(m_end).min(hi);
            if end > j {
                return Some(Phrase { start: j, end, kind: PhraseKind::Mention(ei) });
            }
        }
        if self.is_pronoun(j) {
            return Some(Phrase { start: j, end: j + 1, kind: PhraseKind::Pronoun });
        }
        // A capitalised determiner opens a description ("The growers"), not a name.
        if self.is_cap(j) && !DETERMINERS.contains(&self.low(j)) {
            if self.is_calendar(j) {
                return None;
            }
            let mut e = j + 1;
            if let Some(l) = self.abbrev_len(j).filter(|&l| self.is_cap(j + l)) {
                e = j + l;
            }
            loop {
                if e < hi && self.is_cap(e) {
                    if let Some(l) = self.abbrev_len(e).filter(|&l| self.is_cap(e + l)) {
                        e += l;
                    } else {
                        e += 1;
                    }
                } else if e + 1 < hi && NAME_PARTICLES.contains(&self.low(e)) && self.is_cap(e + 1) {
                    e += 1;
                } else {
                    break;
                }
            }
            if e - j == 1 && NAME_OPENERS.contains(&self.text(j)) {
                return None;
            }
            return Some(Phrase { start: j, end: e, kind: PhraseKind::Name });
        }
        if !self.is_word(j) {
            return None;
        }
        // A description, possibly followed by the name it describes ("spokesperson Jane Doe").
        let mut e = j;
        let mut determiner = None;
        if DETERMINERS.contains(&self.low(j)) {
            determiner = Some(self.low(j) == "the");
            e += 1;
        }
        let mut head = None;
        let np_token = |e: usize| {
            self.is_word(e) && !PHRASE_BREAKERS.contains(&self.low(e))
                || self.kind(e) == Some(TokenKind::Number)
                || matches!(self.text(e), "-" | "‑")
        };
        while e < hi && e < j + 8 && np_token(e) {
            if !self.is_word(e) {
                e += 1;
                continue;
            }
            let after_noun = head.is_some_and(|h: usize| h + 1 == e && self.lex.noun(self.low(h)).is_some());
            if self.is_cap(e) && after_noun && !(e + 1 < hi && self.is_word(e + 1) && !self.is_cap(e + 1)) {
                // The name after the description wins ("spokesperson Jane Doe").
                let mut ne = e + 1;
                while ne < hi && self.is_cap(ne) {
                    ne += 1;
                }
                return Some(Phrase { start: e, end: ne, kind: PhraseKind::Name });
            }
            if !self.is_cap(e) {
                head = Some(e);
            }
            e += 1;
        }
        let h = head?;
        let hw = self.low(h);
        let class = self.lex.noun(hw).or_else(|| self.lex.noun(hw.trim_end_matches('s')));
        if class.is_none() && determiner.is_none() || NOT_HEADS.contains(&hw) {
            return None;
        }
        Some(Phrase { start: j, end: h + 1, kind: PhraseKind::Nominal(class, determiner == Some(true)) })
    }
}

#[cfg(test)]
mod tests {
    use super::{headline_tokens, Ctx};
    use newsgraph_doc::{Doc, Stage, Token, TokenKind};

    /// Per sentence of `text`, whether its tokens read as a title-case headline.
    fn headline_sentences(text: &str) -> Vec<bool> {
        let mut doc = Doc::new("t", text);
        newsgraph_segment::Segmenter.annotate(&mut doc);
        let flags = headline_tokens(&doc);
        doc.sentences.iter().map(|s| flags[s.tokens.start]).collect()
    }

    #[test]
    fn headlines_count_characters_and_capitals_beyond_ascii() {
        // Accented capitals and words of four characters but more bytes count as in ASCII.
        assert_eq!(headline_sentences("Ärzte Öffnen Über Zwölf Kliniken In Åre\n\nThe doctors opened the clinics on a quiet morning."), [true, false]);
        // "été" is a short word (three characters in five bytes): it does not count against
        // the capitals.
        assert_eq!(headline_sentences("Mayors Open New Bridges été Across Cities"), [true]);
        // Long words in lower case, accented or not, outvote the capitals.
        assert_eq!(headline_sentences("Mayor Opens écoles and bridges today"), [false]);
    }

    /// [`headline_tokens`] as first written: every word of every sentence counted.
    fn headline_tokens_counting_all(doc: &Doc) -> Vec<bool> {
        let mut out = vec![false; doc.tokens.len()];
        for s in &doc.sentences {
            let range = s.tokens.start.min(out.len())..s.tokens.end.min(out.len());
            let words: Vec<&str> = doc.tokens[range.clone()].iter().filter(|t| t.kind == TokenKind::Word).map(|t| t.text(&doc.text)).collect();
            let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() >= 4).collect();
            let caps = long.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
            if words.len() >= 4 && long.len() >= 3 && caps * 10 >= long.len() * 9 {
                out[range].iter_mut().for_each(|f| *f = true);
            }
        }
        out
    }

    proptest::proptest! {
        /// Reading a sentence's words only until it cannot be a headline gives the flags of
        /// counting them all, on sentences of capitalised and lower-case, long and short words.
        #[test]
        fn headlines_stop_early_as_counting_all_finds(
            sentences in proptest::collection::vec(proptest::collection::vec(proptest::prop_oneof![
                // Mostly capitalised long words, so that headlines and near misses both come up.
                8 => "(Mayor|Opens|Über|Zwölf|Kliniken)",
                1 => "(bridges|écoles|opened)",
                2 => "(In|Åre|of|the|été|new|A|x|42|,|“)",
            ], 1..24), 1..5)
        ) {
            let text: Vec<String> = sentences.iter().map(|words| format!("{}.", words.join(" "))).collect();
            let mut doc = Doc::new("t", text.join("\n\n"));
            newsgraph_segment::Segmenter.annotate(&mut doc);
            proptest::prop_assert_eq!(headline_tokens(&doc), headline_tokens_counting_all(&doc));
        }
    }

    #[test]
    fn is_cap_reads_the_first_character_of_word_tokens() {
        let mut doc = Doc::new("t", "Éva met olga, 42 Ölands. x");
        let tok = |start: usize, end: usize, kind: TokenKind| Token { start, end, kind };
        let text = doc.text.clone();
        let at = |w: &str| text.find(w).unwrap_or(0);
        doc.tokens = vec![
            tok(0, "Éva".len(), TokenKind::Word),
            tok(at("met"), at("met") + 3, TokenKind::Word),
            tok(at("olga"), at("olga") + 4, TokenKind::Word),
            tok(at(","), at(",") + 1, TokenKind::Punct),
            tok(at("42"), at("42") + 2, TokenKind::Number),
            tok(at("Ö"), at("Ö") + "Ölands".len(), TokenKind::Word),
            // Empty, cut inside a character, and past the end: no capital.
            tok(at("Ö"), at("Ö"), TokenKind::Word),
            tok(1, 3, TokenKind::Word),
            tok(text.len() + 1, text.len() + 3, TokenKind::Word),
            // A space typed as a word is no capital either.
            tok(at("met") - 1, at("met"), TokenKind::Word),
        ];
        let ctx = Ctx::new(&doc);
        let caps: Vec<bool> = (0..doc.tokens.len() + 1).map(|i| ctx.is_cap(i)).collect();
        assert_eq!(caps, [true, false, false, false, false, true, false, false, false, false, false]);
    }
}
