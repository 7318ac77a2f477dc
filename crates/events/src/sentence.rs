//! One sentence read for events: lower-cased words, clause boundaries and trigger matches.

use crate::lexicon::{matches_word, CueClass, Element, Frame, Lexicon, Pos};
pub use newsgraph_doc::FoldedTokens;
use newsgraph_doc::{Doc, Token, TokenKind};

/// A trigger pattern found in a sentence (token indices relative to the sentence, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriggerMatch {
    pub pattern: usize,
    pub first: usize,
    pub last: usize,
}

/// A sentence's tokens with what the events stage needs to know about them.
#[derive(Default)]
pub struct SentenceView<'a> {
    pub tokens: &'a [Token],
    /// Lower-cased token texts, curly apostrophes made straight.
    pub words: Vec<&'a str>,
    /// Clause number of each token.
    pub clause: Vec<usize>,
    /// Whether each clause is a background clause (relative, conditional, temporal, participle).
    pub subordinate: Vec<bool>,
    /// The document's text, which the tokens' offsets point into.
    text: &'a str,
}

/// The largest gap a ".." in a trigger spans, in words.
const MAX_GAP: usize = 3;

impl<'a> SentenceView<'a> {
    pub fn new(doc: &'a Doc, folded: &'a FoldedTokens, sentence: usize, lex: &Lexicon) -> Self {
        let mut view = SentenceView::default();
        view.fill(doc, folded, sentence, lex);
        view
    }

    /// Read sentence `sentence` into this view, reusing its buffers.
    pub fn fill(&mut self, doc: &'a Doc, folded: &'a FoldedTokens, sentence: usize, lex: &Lexicon) {
        self.fill_words(doc, folded, sentence);
        self.fill_clauses(lex);
    }

    /// The first part of `fill`: tokens, words and capitals, all that finding triggers needs.
    /// The clauses (`fill_clauses`) are only read for a sentence that has a trigger.
    pub fn fill_words(&mut self, doc: &'a Doc, folded: &'a FoldedTokens, sentence: usize) {
        let tokens = doc.sentence_tokens(sentence);
        let first = doc.sentences.get(sentence).map_or(0, |s| s.tokens.start);
        self.tokens = tokens;
        self.text = &doc.text;
        self.words.clear();
        self.words.extend((first..first + tokens.len()).map(|i| folded.get(i)));
    }

    /// Whether token `i` (in the sentence) is its first word or follows an opening quote, colon,
    /// parenthesis or dash, where a capital says nothing. Asked only where a pattern or cue
    /// starts, so it is read off the tokens rather than stored for every token.
    pub fn capital_ok(&self, i: usize) -> bool {
        i == 0 || self.tokens.get(i - 1).is_some_and(|t| t.kind == TokenKind::Quote) || self.words.get(i - 1).is_some_and(|w| matches!(*w, ":" | "(" | "-" | "—" | "–"))
    }

    /// The second part of `fill`: the clause of each token and which clauses are subordinate.
    pub fn fill_clauses(&mut self, lex: &Lexicon) {
        let SentenceView { words, clause, subordinate, .. } = self;
        clause.clear();
        subordinate.clear();
        subordinate.push(false);
        let mut current = 0;
        for (i, &w) in words.iter().enumerate() {
            let next = words.get(i + 1).copied().unwrap_or("");
            // "that was captured", "that has …": a relative clause, not a complement.
            let relative_that = w == "that" && matches!(next, "was" | "were" | "is" | "are" | "has" | "have" | "had");
            // "as the opposition threatened …" but not "such as", "as well as", "as part of".
            let clausal_as = w == "as"
                && matches!(next, "the" | "a" | "an" | "he" | "she" | "they" | "it" | "we" | "i")
                && !(i > 0 && matches!(words[i - 1], "such" | "well" | "same" | "so"));
            if i > 0 && (lex.is_cue(w, CueClass::Break) || relative_that) {
                let after_comma = words[i - 1] == "," || words[i - 1] == ";";
                // Coordinators and participles open a clause only after a comma ("X and Y met"
                // is one clause); subordinators always do.
                // "after four years" is a time span, not a clause.
                let span_of_time = matches!(w, "after" | "before" | "since")
                    && (next.starts_with(|c: char| c.is_ascii_digit())
                        || matches!(next, "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten" | "several" | "many" | "few" | "years" | "months" | "weeks" | "days" | "hours"));
                let comma_only = matches!(w, "and" | "killing" | "leaving" | "saying" | "following" | "according")
                    || (w == "as" && !clausal_as)
                    || span_of_time;
                if after_comma || !comma_only {
                    current += 1;
                    subordinate.push(lex.is_cue(w, CueClass::Subordinate) || relative_that);
                }
            }
            clause.push(current);
            if w == ";" {
                current += 1;
                subordinate.push(false);
            }
        }
    }

    /// Whether token `i` starts with a capital letter in the text (a name, not a trigger).
    pub fn raw_capitalised(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.text(self.text).chars().next().is_some_and(char::is_uppercase))
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
    }

    /// Token index range `[start, end)` of clause `c` (clause numbers never decrease).
    pub fn clause_range(&self, c: usize) -> (usize, usize) {
        let start = self.clause.partition_point(|&x| x < c);
        let end = self.clause.partition_point(|&x| x <= c);
        (start, end)
    }

    /// Whether the words at `at..` spell the cue phrase `cue`.
    pub fn phrase_at(&self, at: usize, cue: &[String]) -> bool {
        cue.iter().enumerate().all(|(k, w)| self.words.get(at + k).is_some_and(|x| *x == w.as_str()))
    }

    /// Cue classes found in tokens `[from, to)`, each with the position it starts at.
    pub fn cues_in(&self, lex: &Lexicon, from: usize, to: usize) -> Vec<(usize, CueClass)> {
        let mut found = Vec::new();
        for i in from..to.min(self.len()) {
            // Cues are function words: a capitalised one mid-sentence is a name ("in May").
            if !self.capital_ok(i) && self.raw_capitalised(i) {
                continue;
            }
            for &k in lex.cues_starting(self.words[i]) {
                let (cue, class) = &lex.cues[k];
                if i + cue.len() <= to && self.phrase_at(i, cue) {
                    found.push((i, *class));
                }
            }
            let w = &self.words[i];
            if w.ends_with("n't") {
                found.push((i, if *w == "won't" { CueClass::Refusal } else { CueClass::Negation }));
            }
        }
        found
    }

    /// Match the elements of a pattern from token `at` (its first word already matched there);
    /// returns the last token index.
    fn match_rest(&self, elements: &[Element], at: usize) -> Option<usize> {
        let mut pos = at;
        let mut k = 1;
        while k < elements.len() {
            match &elements[k] {
                Element::Gap => {
                    let Some(Element::Word(next)) = elements.get(k + 1) else { return None };
                    let mut found = None;
                    for j in pos + 1..=(pos + 1 + MAX_GAP).min(self.len().saturating_sub(1)) {
                        if !self.is_word(j) && self.words[j] != "-" {
                            break;
                        }
                        if matches_word(&self.words[j], next) {
                            found = Some(j);
                            break;
                        }
                    }
                    pos = found?;
                    k += 2;
                }
                Element::Word(w) => {
                    let j = pos + 1;
                    if j >= self.len() || !matches_word(&self.words[j], w) {
                        return None;
                    }
                    pos = j;
                    k += 1;
                }
            }
        }
        Some(pos)
    }

    /// Whether token `i` ends an actor mention, given the mentions' sorted end offsets: asked
    /// only of the few tokens before a bare verb form, so not worked out for every token.
    fn ends_actor(&self, i: usize, actor_ends: &[usize]) -> bool {
        self.tokens.get(i).is_some_and(|t| actor_ends.binary_search(&t.end).is_ok())
    }

    /// Whether a bare or -s verb form at `i` stands where a verb can: after a subject (an actor
    /// mention or an actor noun), a modal, "to", a pronoun or an adverb, and not after a
    /// determiner ("a U.S. request", "its demand").
    fn verbal_context(&self, lex: &Lexicon, i: usize, actor_ends: &[usize]) -> bool {
        if i == 0 {
            return true;
        }
        let after_actor = self.ends_actor(i - 1, actor_ends);
        let prev = &self.words[i - 1];
        // "a U.S. request", "its new demand" are nouns; "the US demands" may be a verb.
        let two_back = if i >= 2 { self.words[i - 2] } else { "" };
        let definite = matches!(two_back, "the" | "this" | "that" | "these" | "those");
        if lex.is_cue(prev, CueClass::Determiner)
            || lex.is_cue(two_back, CueClass::Determiner) && (!definite || !after_actor)
        {
            return false;
        }
        after_actor
            || lex.is_cue(prev, CueClass::Verbal)
            || prev.ends_with("ly")
            || prev.ends_with("n't")
            || lex.actor_noun_sector(prev).is_some()
    }

    /// Every trigger of the sentence, longest first at each start, without overlaps.
    /// `actor_ends` holds the sorted end offsets of the sentence's actor mentions. No pattern
    /// starts before token `from` (the caller has looked).
    pub fn triggers(&self, lex: &Lexicon, actor_ends: &[usize], from: usize) -> Vec<TriggerMatch> {
        let mut out = Vec::new();
        self.triggers_into(lex, actor_ends, from, &mut out);
        out
    }

    /// `triggers`, written into `out` (cleared first) so that one buffer serves every sentence.
    pub fn triggers_into(&self, lex: &Lexicon, actor_ends: &[usize], from: usize, out: &mut Vec<TriggerMatch>) {
        out.clear();
        let mut i = from;
        while i < self.len() {
            let mut best: Option<TriggerMatch> = None;
            let text = self.tokens[i].kind;
            // The lexicon first (most words start no pattern), then the cheap tests (most words
            // are not capitalised): a capitalised word that is not all capitals is a name.
            let proper = || !self.capital_ok(i) && text == TokenKind::Word && self.raw_capitalised(i) && self.words[i] != self.words[i].to_uppercase();
            let cands = lex.patterns_starting(self.words[i]).filter(|_| !proper());
            if let Some(cands) = cands {
                let after_determiner = i > 0 && lex.is_cue(&self.words[i - 1], CueClass::Determiner);
                for &p in cands {
                    let pattern = &lex.patterns[p];
                    // A verb pattern's word after "the", "a", "its"… is a noun ("the attack"),
                    // unless the pattern is longer than one word.
                    if pattern.pos == Pos::Verb && after_determiner && pattern.elements.len() == 1 {
                        continue;
                    }
                    if pattern.pos == Pos::Verb && !matches!(pattern.frame, Frame::Complement | Frame::Obligation) && is_bare_form(&self.words[i], &pattern.elements) && !self.verbal_context(lex, i, actor_ends) {
                        continue;
                    }
                    if let Some(last) = self.match_rest(&pattern.elements, i) {
                        let better = match best {
                            None => true,
                            Some(b) => last > b.last || (last == b.last && pattern.pos == Pos::Verb && lex.patterns[b.pattern].pos == Pos::Noun && !after_determiner),
                        };
                        if better {
                            best = Some(TriggerMatch { pattern: p, first: i, last });
                        }
                    }
                }
            }
            match best {
                Some(m) => {
                    out.push(m);
                    i = m.last + 1;
                }
                None => i += 1,
            }
        }
    }
}

/// Whether `word` is the bare or third-person form of the pattern's first word ("support",
/// "supports"), forms that are as often nouns.
fn is_bare_form(word: &str, elements: &[Element]) -> bool {
    match elements.first() {
        Some(Element::Word(lemma)) => word == lemma || matches_word(word, lemma),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_doc::Stage;

    #[test]
    fn folded_tokens_lower_case_and_straighten_apostrophes() {
        let mut doc = Doc::new("t", "Ministers in ÅLBORG didn’t Agree.");
        newsgraph_segment::Segmenter.annotate(&mut doc);
        let folded = FoldedTokens::new(&doc);
        let words: Vec<&str> = (0..doc.tokens.len()).map(|i| folded.get(i)).collect();
        let expected: Vec<String> = doc.tokens.iter().map(|t| t.text(&doc.text).to_lowercase().replace('’', "'")).collect();
        assert_eq!(words, expected);
        assert!(words.contains(&"ålborg"));
        assert!(words.contains(&"ministers"));
        assert!(words.iter().any(|w| w.contains("'")), "{words:?}");
        assert_eq!(folded.get(doc.tokens.len()), "");
    }
}
