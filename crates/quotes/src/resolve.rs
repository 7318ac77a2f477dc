//! Turning speaker phrases into entity references.
//!
//! A phrase covered by an entity mention takes that entity. Otherwise: a pronoun or a definite
//! description ("the mayor") goes to the most recent compatible person before it — an entity
//! mention, or a person named earlier in the text (a run of capitalised words), or an earlier
//! speaker; a bare surname grows to the full name seen earlier; a document ("the statement") to
//! the first body named as its author; anything else keeps its own text, unresolved.

use crate::lexicon::NounClass;
use newsgraph_knowledge::WordList;
use crate::phrases::{Ctx, Phrase, PhraseKind};
use newsgraph_doc::{EntityRef, EntityType, Gender, MentionKind, Span, TokenKind};
use foldhash::{HashMap, HashMapExt, HashSet};
use std::sync::OnceLock;
use newsgraph_knowledge::{kb, Named};

/// A person named in the text, for documents the entities stage left bare.
#[derive(Debug, Clone)]
struct NamedPerson {
    start: usize,
    name: String,
    /// Tokens of the words just before the name and of the name ("mayor", "candidate"), for
    /// "the mayor": read (lower-cased) only when a role is asked of the person.
    context: std::ops::Range<usize>,
    gender: Option<Gender>,
}

pub struct Resolver<'c, 'a> {
    ctx: &'c Ctx<'a>,
    /// Gender read from the text: the pronouns that follow a person's name in the sentences
    /// where that person is the only one named ("Lonechild said she…").
    /// Built on first use, like `people`: many documents have no statement to resolve.
    text_gender: std::cell::OnceCell<HashMap<usize, Gender>>,
    /// Built on first use: only a lone surname, or a pronoun in a document without entities,
    /// needs it, and the scan reads every token.
    people: std::cell::OnceCell<Vec<NamedPerson>>,
    /// Earlier speakers: (offset, reference, is a person).
    speakers: Vec<(usize, EntityRef, bool, Option<Gender>)>,
    /// Bytes of the quotation whose speaker is being resolved: the people named inside it are
    /// talked about, not talking ("“… talks with Lukashenko …,” TASS quoted him as saying").
    pub quotation: std::cell::Cell<Option<(usize, usize)>>,
}

static NOT_PERSON_WORDS: WordList = WordList::new(&[
    "The", "University", "Ministry", "Department", "Council", "City", "Party", "Court", "Police", "News", "Service",
    "Agency", "Committee", "Commission", "Board", "Association", "Union", "Institute", "Street", "Avenue", "Road",
    "Highway", "Line", "Centre", "Center", "Hospital", "Government", "House", "Office", "Company", "Corporation", "Inc",
    "Ltd", "Group", "Bank", "Foundation", "School", "College", "Church", "Park", "Island", "Province", "County",
    "Canada", "America", "States", "Kingdom", "Republic", "Federation", "Post", "Times", "Star", "Press", "Journal",
    "Metro", "Airport", "Station", "Square", "Market", "Club", "Network", "Media", "Organization", "Organisation",
]);

const TITLE_WORDS: &[&str] = &[
    "The", "Mr", "Ms", "Mrs", "Dr", "Mayor", "Premier", "President", "Minister", "Prime", "Councillor", "Coun", "Sen",
    "Senator", "Gov", "Governor", "Chief", "Rep", "Representative", "Professor", "Prof", "Judge", "Justice", "Sgt",
    "Const", "Insp", "Supt", "Det", "Lt", "Gen", "General", "Col", "Capt", "Rev", "Father", "Sister", "Pope", "King",
    "Queen", "Prince", "Princess", "Sir", "Dame", "Lord", "Lady", "Deputy", "Secretary", "Ambassador", "Chancellor",
];

const NAME_OPENERS_PEOPLE: &[&str] = &[
    "But", "And", "So", "Then", "Yet", "Also", "Still", "Now", "Meanwhile", "However", "Later", "Earlier", "Instead",
    "Here", "There", "When", "While", "After", "Before", "If", "As", "Last", "This", "That", "In", "On", "At", "For",
    "Asked", "According", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "New", "North", "South",
    "East", "West", "Toronto", "Canadian", "American", "British", "With", "From", "By", "Of", "To", "Under", "Over",
];

/// How many tokens back "there" may find the document it stands for.
const DOCUMENT_REACH: usize = 120;
/// Heads that name any document: "the document" is the statement named before.
const GENERIC_DOCUMENT_HEADS: &[&str] = &["document", "documents", "text"];
/// How many tokens back "the official" may find its "a justice official".
const INDEFINITE_REACH: usize = 400;
/// Words a subject phrase may have before its head ("The city's planning office").
const SUBJECT_PHRASE_REACH: usize = 5;
/// Capitalised words that may stand before a subject's name ("Green MP", "Former Prime Minister").
const MAX_NAME_PREAMBLE: usize = 4;
/// How much more recent (in bytes) a person who opens a sentence counts as being.
const SUBJECT_BONUS: usize = 60;
/// How much more recent the subject of the sentence just before counts as being: "Green MP
/// Ann Lee, a retired teacher, spoke on the radio that evening. “…,” she said" — Lee, however long that
/// sentence and however often others spoke before.
const PREVIOUS_SUBJECT_BONUS: usize = 300;
/// How much more recent each name mention (up to ten) makes a person count as being: the
/// article's main people are the likelier antecedents.
const TOPIC_BONUS_PER_MENTION: usize = 15;
/// How close (in bytes) a speaker must be for a pronoun to be read against the speakers.
const RECENT_SPEAKER_BYTES: usize = 400;
/// How much more recent a person who has already spoken counts as being.
const SPEAKER_BONUS: usize = 150;

/// Words after a name showing it is no subject ("Lee of the union", "Lee and Park", "Lee's").
const SUBJECT_NOT_FOLLOWED_BY: &[&str] = &["of", "and", "or", "'s", "who", "which", "in", "at", "for", "from", "to", "on", "with", "by", "as"];

/// Words opening a sentence with an adverbial that a comma closes before the subject.
const ADVERBIAL_OPENERS: &[&str] = &[
    "speaking", "asked", "in", "on", "at", "after", "before", "during", "when", "while", "since", "following", "despite",
    "earlier", "later", "last", "this", "meanwhile", "however", "still", "but", "and", "yet", "instead", "then", "now",
    "responding", "writing", "addressing", "standing", "for", "with", "without", "as", "although", "though", "if",
];

fn gender_of_first_name(name: &str) -> Option<Gender> {
    let first = name.split_whitespace().next()?;
    kb().first_names.get(first).copied().flatten()
}

impl<'c, 'a> Resolver<'c, 'a> {
    pub fn new(ctx: &'c Ctx<'a>) -> Self {
        Resolver { ctx, text_gender: Default::default(), people: Default::default(), speakers: Vec::new(), quotation: Default::default() }
    }

    fn text_gender(&self) -> &HashMap<usize, Gender> {
        self.text_gender.get_or_init(|| text_gender(self.ctx))
    }

    fn people(&self) -> &[NamedPerson] {
        self.people.get_or_init(|| collect_people(self.ctx))
    }

    fn has_entities(&self) -> bool {
        !self.ctx.doc.entities.is_empty()
    }

    /// Remember a resolved speaker for later pronouns.
    pub fn remember(&mut self, r: &EntityRef, person: bool) {
        let doc = self.ctx.doc;
        let ei = r.entity.as_deref().and_then(|id| doc.entities.iter().position(|e| e.id == id));
        let gender = ei
            .and_then(|ei| self.text_gender().get(&ei).copied().or(doc.entities[ei].gender))
            .or_else(|| gender_of_first_name(&r.name));
        self.speakers.push((r.start, r.clone(), person, gender));
    }

    /// Is this reference a person (for the speaker memory)?
    pub fn is_person(&self, r: &EntityRef, phrase: Option<&Phrase>) -> bool {
        if let Some(e) = r.entity.as_deref().and_then(|id| self.ctx.doc.entity(id)) {
            // An unknown capitalised name that speaks is most likely a person the entities stage
            // could not type.
            let untyped = e.is_untyped_org();
            let named = matches!(phrase.map(|p| p.kind), Some(PhraseKind::Name | PhraseKind::Mention(_)));
            return e.kind == EntityType::Person
                || untyped && named && e.name.split_whitespace().all(|w| !NOT_PERSON_WORDS.contains(&w));
        }
        match phrase.map(|p| p.kind) {
            Some(PhraseKind::Name) => r.name.split_whitespace().all(|w| !NOT_PERSON_WORDS.contains(&w)),
            Some(PhraseKind::Pronoun) => true,
            Some(PhraseKind::Nominal(Some(NounClass::Person | NounClass::Kin), _)) => true,
            _ => false,
        }
    }

    pub fn resolve(&self, p: &Phrase) -> EntityRef {
        let ctx = self.ctx;
        let doc = ctx.doc;
        let span = ctx.span(p.start, p.end);
        // Copied only where the phrase stays unresolved: most are resolved.
        let text = doc.slice(span);
        let unresolved = |name: String| EntityRef { entity: None, name, start: span.start, end: span.end };
        // The head (last token) decides which mention covers the phrase.
        let head = ctx.span(p.end.saturating_sub(1), p.end);
        // A pronoun the entities stage linked, right after someone spoke, is resolved here where
        // speakers are known: "he" mostly continues the person just quoted.
        let personal_pronoun = matches!(ctx.low(p.start), "he" | "she" | "him" | "her" | "his");
        // An object pronoun in a frame ("according to him", "quoted her as saying") is the
        // person just quoted.
        if matches!(ctx.low(p.start), "him" | "her") && p.end == p.start + 1 {
            let gender = if ctx.low(p.start) == "her" { Gender::Female } else { Gender::Male };
            if let Some(r) = self.recent_speaker(span.start, gender) {
                return self.reference(r, span);
            }
        }
        let after_speaker = || self.speakers.iter().any(|(at, _, person, _)| *person && *at < span.start && span.start - at < RECENT_SPEAKER_BYTES);
        if matches!(p.kind, PhraseKind::Mention(_)) && p.end == p.start + 1 && personal_pronoun && after_speaker() {
            return self.resolve(&Phrase { kind: PhraseKind::Pronoun, ..*p });
        }
        // "the official" after "a justice official": the same unnamed person, whoever else the
        // entities stage found holding an office.
        let definite_person = ctx.low(p.start) == "the" && matches!(crate::lexicon::lexicon().nouns.get(ctx.low(p.end - 1)), Some(NounClass::Person));
        if definite_person {
            if let Some(indefinite) = self.earlier_indefinite(p, ctx.low(p.end - 1)) {
                return unresolved(indefinite);
            }
        }
        if let PhraseKind::Mention(ei) = p.kind {
            return doc.entity_ref(ei, span);
        }
        // Pronouns are resolved here first (the latest compatible person or speaker); the
        // entities stage's own link is the fallback.
        let linked = doc.mention_at(head).map(|(ei, _)| ei);
        if let (Some(ei), false) = (linked, p.kind == PhraseKind::Pronoun) {
            return doc.entity_ref(ei, span);
        }
        match p.kind {
            PhraseKind::Pronoun => {
                let w = match ctx.low(p.start) {
                    "his" | "him" => "he".to_string(),
                    "her" => "she".to_string(),
                    "their" | "them" => "they".to_string(),
                    other => other.to_string(),
                };
                let gender = match w.as_str() {
                    "he" => Some(Gender::Male),
                    "she" => Some(Gender::Female),
                    _ => None,
                };
                let found = match w.as_str() {
                    "he" | "she" | "i" => self.latest_person(span.start, gender, None),
                    "it" => self.latest_org(span.start, None),
                    _ => self.latest_speaker(span.start),
                };
                match (found, linked) {
                    (Some((r, _)), _) => self.reference(r, span),
                    (None, Some(ei)) => doc.entity_ref(ei, span),
                    (None, None) => unresolved(text.to_string()),
                }
            }
            // "is described there": the document just named speaks.
            PhraseKind::Nominal(Some(NounClass::Doc), _) if self.points_to_document(p) => match self.document_antecedent(p) {
                Some(ante) => {
                    let mut r = self.resolve(&ante);
                    r.start = span.start;
                    r.end = span.end;
                    r
                }
                None => unresolved(text.to_string()),
            },
            PhraseKind::Nominal(class, definite) => {
                let head_word = ctx.low(p.end - 1).to_string();
                let first = ctx.low(p.start).to_string();
                // A possessed body or text speaks for its possessor: "her statement said" → her;
                // "Trudeau's office said" stays as written.
                if matches!(class, Some(NounClass::Doc | NounClass::Org)) {
                    if matches!(first.as_str(), "his" | "her" | "their") {
                        let pron = Phrase { start: p.start, end: p.start + 1, kind: PhraseKind::Pronoun };
                        if class == Some(NounClass::Doc) {
                            let mut r = self.resolve(&pron);
                            r.start = span.start;
                            r.end = span.end;
                            return r;
                        }
                    }
                    if let Some(ps) = (p.start..p.end).find(|&k| matches!(ctx.low(k), "'s" | "’s")) {
                        // "the union's spring newsletter": the union speaks; "the mayor's office"
                        // stays as written.
                        if class == Some(NounClass::Doc) {
                            if let Some(r) = self.possessor(p.start, ps, span) {
                                return r;
                            }
                        }
                        return unresolved(text.to_string());
                    }
                    // "The union's spring newsletter" read as "spring newsletter" after the possessive.
                    if class == Some(NounClass::Doc) && p.start >= 2 && matches!(ctx.low(p.start - 1), "'s" | "’s") {
                        if let Some(r) = self.possessor(p.start - 2, p.start - 1, span) {
                            return r;
                        }
                    }
                    // "the Kaimana website", "a White House statement": the body named in it.
                    if class == Some(NounClass::Doc) {
                        let named = (p.start..p.end - 1).find_map(|k| doc.mention_at(ctx.span(k, k + 1)).filter(|(_, m)| m.kind == MentionKind::Name).map(|(ei, _)| ei));
                        if let Some(ei) = named {
                            return doc.entity_ref(ei, span);
                        }
                        let first_cap = (p.start + 1..p.end - 1).find(|&k| ctx.is_cap(k));
                        if let Some(a) = first_cap {
                            let z = (a..p.end - 1).find(|&k| !ctx.is_cap(k)).unwrap_or(p.end - 1);
                            let national = (a..z).any(|k| kb().lookup(ctx.text(k)).iter().any(|r| matches!(r, Named::Demonym(_))));
                            if !national {
                                return unresolved(doc.slice(ctx.span(a, z)).to_string());
                            }
                        }
                    }
                }
                // "the parties discussed", "both leaders agreed": the first of the participants
                // named before it (the others are its co-speakers).
                if self.names_participants(p, class) {
                    if let Some(first) = self.participants(p, class).into_iter().next() {
                        return EntityRef { start: span.start, end: span.end, ..first };
                    }
                }
                // "His father said": the father named earlier ("Okafor's mother, Grace,"), or no one
                // we know — never the person "his" stands for.
                if class == Some(NounClass::Kin) {
                    return self.named_relative(p, &head_word).unwrap_or_else(|| unresolved(text.to_string()));
                }
                // "a statement issued by the harbour authority": the body named as its author.
                if let Some(r) = self.author_named_after(p) {
                    return r;
                }
                // "the Canadian government" that the entities stage tied to no body of that state
                // is its own description, not the latest organisation of any state.
                let national = (p.start..p.end).any(|k| kb().lookup(ctx.text(k)).iter().any(|r| matches!(r, Named::Demonym(_))));
                if class == Some(NounClass::Org) && national {
                    return unresolved(text.to_string());
                }
                // "the official" after "a justice official": the same unnamed person.
                if definite && class == Some(NounClass::Person) {
                    if let Some(indefinite) = self.earlier_indefinite(p, &head_word) {
                        return unresolved(indefinite);
                    }
                }
                let found = match (class, definite) {
                    (Some(NounClass::Person), true) => self.latest_person(span.start, None, Some(&head_word)),
                    // "bespectacled professor" without an article: the person just described.
                    (Some(NounClass::Person), false) if !matches!(first.as_str(), "a" | "an" | "one" | "another" | "some") => {
                        self.latest_person(span.start, None, Some(&head_word))
                    }
                    // "the affable proprietor", "the 39-year-old": a description of a person seen before.
                    (None, true) => self.latest_person(span.start, None, None),
                    (Some(NounClass::Org), true) => self.latest_org(span.start, Some(&head_word)),
                    (Some(NounClass::Doc), true) => self.document_author(p, &head_word).or_else(|| self.subject_speaker_before(span.start, false)),
                    // "The rowing club Northwake said …. A statement said …": the body just quoted.
                    (Some(NounClass::Doc), false) => self.subject_speaker_before(span.start, false),
                    _ => None,
                };
                found.map(|(r, _)| self.reference(r, span)).unwrap_or_else(|| unresolved(text.to_string()))
            }
            PhraseKind::Name | PhraseKind::Mention(_) => {
                let clean = text.trim_end_matches("'s").trim_end_matches("’s").to_string();
                let last = clean.split_whitespace().last().unwrap_or("").to_string();
                // A surname alone grows into the full name seen elsewhere in the text.
                if !clean.contains(' ') {
                    if let Some(ei) = doc.entities.iter().position(|e| {
                        e.kind == EntityType::Person && e.name.split_whitespace().last() == Some(last.as_str()) && e.name.contains(' ')
                    }) {
                        return doc.entity_ref(ei, span);
                    }
                    if let Some(pp) = self.people().iter().find(|pp| pp.name.split_whitespace().last() == Some(last.as_str())) {
                        return unresolved(pp.name.clone());
                    }
                }
                unresolved(clean)
            }
        }
    }

    /// Others speaking jointly with the resolved speaker `r` of phrase `p`, each through its own
    /// mention: the other authors of a joint document ("the joint statement of A, B and C"),
    /// the other conjuncts of a coordinated subject ("A, B and C reported"), the other
    /// participants of "the parties discussed".
    pub fn co_speakers(&self, p: &Phrase, r: &EntityRef) -> Vec<EntityRef> {
        let ctx = self.ctx;
        let doc = ctx.doc;
        let others = |list: Vec<EntityRef>| -> Vec<EntityRef> {
            let mut seen: Vec<Option<String>> = vec![r.entity.clone()];
            list.into_iter()
                .filter(|o| {
                    let key = o.entity.clone().or_else(|| Some(o.name.clone()));
                    let fresh = !seen.contains(&key) && !(o.entity.is_none() && o.name == r.name);
                    seen.push(key);
                    fresh
                })
                .collect()
        };
        match p.kind {
            PhraseKind::Nominal(class, _) if self.names_participants(p, class) => others(self.participants(p, class)),
            PhraseKind::Nominal(Some(NounClass::Doc), _) if self.points_to_document(p) => match self.document_antecedent(p) {
                Some(ante) => self.co_speakers(&ante, r),
                None => Vec::new(),
            },
            PhraseKind::Nominal(Some(NounClass::Doc), true) => {
                let head = ctx.low(p.end - 1).to_string();
                match self.document_author(p, &head) {
                    Some((Resolved::Entity(ei), at)) if r.entity.as_deref() == Some(doc.entities[ei].id.as_str()) => {
                        let k = doc.token_at_or_after(at);
                        others(self.conjuncts_from(k))
                    }
                    _ => Vec::new(),
                }
            }
            PhraseKind::Name | PhraseKind::Mention(_) | PhraseKind::Nominal(..) => {
                // A subject list: step back over "A, " before the phrase, then read the list.
                let mut first = p.start;
                while first >= 2 && ctx.is_punct(first - 1, ",") {
                    match self.proper_mention_ending_at(first - 1) {
                        Some((a, _)) => first = a,
                        None => break,
                    }
                }
                let list = self.conjuncts_from(first);
                // The list must be the phrase itself (or end with it), not a list after it.
                let covers_phrase = list.last().is_some_and(|l| l.end == ctx.span(p.start, p.end).end);
                if covers_phrase {
                    others(list)
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        }
    }

    /// "there" or "here" standing for a document ("is described there as").
    fn points_to_document(&self, p: &Phrase) -> bool {
        p.end == p.start + 1 && matches!(self.ctx.low(p.start), "there" | "here")
    }

    /// The document phrase "there" stands for: the latest "the/a/this … DOC-NOUN" before it.
    fn document_antecedent(&self, p: &Phrase) -> Option<Phrase> {
        let ctx = self.ctx;
        let lex = crate::lexicon::lexicon();
        let noun = (p.start.saturating_sub(DOCUMENT_REACH)..p.start).rev().find(|&k| lex.noun(ctx.low(k)) == Some(NounClass::Doc))?;
        let det = (noun.saturating_sub(3)..noun).rev().find(|&k| matches!(ctx.low(k), "the" | "a" | "an" | "this" | "that" | "its" | "their"))?;
        let definite = !matches!(ctx.low(det), "a" | "an");
        Some(Phrase { start: det, end: noun + 1, kind: PhraseKind::Nominal(Some(NounClass::Doc), definite) })
    }

    /// "the parties", "the sides", "both leaders", "the two men": the participants just named.
    fn names_participants(&self, p: &Phrase, class: Option<NounClass>) -> bool {
        let ctx = self.ctx;
        let first = ctx.low(p.start);
        let both = first == "both" || first == "the" && ctx.low(p.start + 1) == "two";
        let short = p.end <= p.start + 3;
        short && (class == Some(NounClass::Parties) && (first == "the" || both) || both && matches!(class, Some(NounClass::Person | NounClass::Group | NounClass::Org)))
    }

    /// The people (else, for "the parties" or "the sides", the bodies) named before phrase `p` in
    /// its sentence, in text order; the sentence before when its own names fewer than two. Empty
    /// when there are not two: "both candidates" are never two states.
    fn participants(&self, p: &Phrase, class: Option<NounClass>) -> Vec<EntityRef> {
        let bodies_too = class == Some(NounClass::Parties);
        let ctx = self.ctx;
        let doc = ctx.doc;
        let at = ctx.span(p.start, p.end).start;
        let Some(si) = doc.sentence_at(at) else { return Vec::new() };
        let mut windows = vec![(doc.sentences[si].start, at)];
        if si > 0 {
            windows.push((doc.sentences[si - 1].start, doc.sentences[si - 1].end));
        }
        for (from, to) in windows {
            for people in [true, false] {
                if !people && !bodies_too {
                    continue;
                }
                let mut found: Vec<(usize, usize, Span)> = Vec::new(); // (start, entity, mention)
                for (ei, e) in doc.entities.iter().enumerate() {
                    let wanted = if people { e.kind == EntityType::Person } else { matches!(e.kind, EntityType::Org | EntityType::Gpe) };
                    if !wanted {
                        continue;
                    }
                    let first = e.mentions.iter().filter(|m| m.kind.is_proper() && m.start >= from && m.end <= to && !doc.in_credit(m.start)).min_by_key(|m| m.start);
                    if let Some(m) = first {
                        found.push((m.start, ei, Span { start: m.start, end: m.end }));
                    }
                }
                if found.len() >= 2 {
                    found.sort();
                    return found.into_iter().map(|(_, ei, span)| doc.entity_ref(ei, span)).collect();
                }
            }
        }
        Vec::new()
    }

    /// The proper-name mention whose last token is `t`: (its first token, its entity).
    fn proper_mention_ending_at(&self, t: usize) -> Option<(usize, usize)> {
        let t = t.checked_sub(1)?;
        let doc = self.ctx.doc;
        let tok = doc.tokens.get(t)?;
        doc.entities.iter().enumerate().find_map(|(ei, e)| {
            e.mentions.iter().find(|m| m.kind.is_proper() && m.end == tok.end).map(|m| (doc.token_at_or_after(m.start), ei))
        })
    }

    /// A list of names starting at token `k`: "A", "A and B", "A, B and C", "A, B, and C".
    /// Empty unless it holds at least two names joined by "and" (or "&").
    fn conjuncts_from(&self, mut k: usize) -> Vec<EntityRef> {
        let ctx = self.ctx;
        let doc = ctx.doc;
        let mut list = Vec::new();
        let mut joined = false;
        loop {
            let Some(tok) = doc.tokens.get(k) else { break };
            // No mention at all starts at the token (a lookup): then no name does either, and
            // the entities need not be searched.
            if ctx.mention_starting_at(k).is_none() {
                break;
            }
            let found = doc.entities.iter().enumerate().find_map(|(ei, e)| e.mentions.iter().find(|m| m.kind.is_proper() && m.start == tok.start).map(|m| (ei, Span { start: m.start, end: m.end })));
            let Some((ei, span)) = found else { break };
            list.push(doc.entity_ref(ei, span));
            if joined {
                break;
            }
            k = doc.token_at_or_after(span.end);
            if ctx.is_punct(k, ",") {
                k += 1;
            }
            if matches!(ctx.low(k), "and" | "&") {
                joined = true;
                k += 1;
            } else if !ctx.is_punct(k - 1, ",") {
                break;
            }
        }
        if joined && list.len() >= 2 {
            list
        } else {
            Vec::new()
        }
    }

    /// An earlier "a/an … HEAD" (within a few paragraphs) with no person named in between.
    fn earlier_indefinite(&self, p: &Phrase, head: &str) -> Option<String> {
        let ctx = self.ctx;
        let doc = ctx.doc;
        let from = p.start.saturating_sub(INDEFINITE_REACH);
        // Past other definite mentions ("The justice official told reporters …") to the first.
        let (k, det) = (from..p.start)
            .rev()
            .filter(|&k| ctx.low(k) == head)
            .find_map(|k| (k.saturating_sub(3)..k).find(|&d| matches!(ctx.low(d), "a" | "an")).map(|d| (k, d)))?;
        let (a, b) = (doc.tokens[det].start, doc.tokens[k].end);
        // A person named right there ("a justice official, Ann Lee,") is no anonymous source.
        let named_next = (k + 1..(k + 4).min(ctx.n())).any(|x| ctx.is_cap(x));
        if named_next {
            return None;
        }
        doc.text.get(a..b).map(str::to_string)
    }

    /// The author named right after a document phrase: "a statement (released|issued) by X",
    /// "a letter from X".
    fn author_named_after(&self, p: &Phrase) -> Option<EntityRef> {
        let ctx = self.ctx;
        let doc = ctx.doc;
        let head = (p.start..p.end).rev().find(|&k| matches!(crate::lexicon::lexicon().nouns.get(ctx.low(k)), Some(NounClass::Doc)))?;
        let by = (head + 1..(head + 4).min(ctx.n())).find(|&k| matches!(ctx.low(k), "by" | "from"))?;
        if (head + 1..by).any(|k| !matches!(ctx.low(k), "released" | "issued" | "published" | "signed" | "sent" | "put" | "out")) {
            return None;
        }
        let mut s = by + 1;
        if ctx.low(s) == "the" {
            s += 1;
        }
        let mut e = s;
        while e < ctx.n() && (ctx.is_cap(e) || matches!(ctx.low(e), "'s" | "’s" | "of") && e + 1 < ctx.n() && ctx.is_cap(e + 1)) {
            e += 1;
        }
        if e == s {
            return None;
        }
        let name = ctx.span(s, e);
        let span = ctx.span(p.start, p.end);
        let exact = doc.entities.iter().position(|en| en.mentions.iter().any(|m| m.start == name.start && m.end == name.end));
        Some(match exact {
            Some(ei) => doc.entity_ref(ei, span),
            None => EntityRef { entity: None, name: doc.slice(name).to_string(), start: span.start, end: span.end },
        })
    }

    /// The name given with an earlier use of the same relation word, as an apposition or right
    /// after it: "Okafor's mother, Grace,", "his wife Anna Berg".
    fn named_relative(&self, p: &Phrase, head: &str) -> Option<EntityRef> {
        let ctx = self.ctx;
        let doc = ctx.doc;
        let from = p.start.saturating_sub(INDEFINITE_REACH);
        let k = (from..p.start).rev().find(|&k| ctx.low(k) == head)?;
        let s = if ctx.is_punct(k + 1, ",") { k + 2 } else { k + 1 };
        let mut e = s;
        while e < p.start && ctx.is_cap(e) {
            e += 1;
        }
        if e == s {
            return None;
        }
        let name = ctx.span(s, e);
        let span = ctx.span(p.start, p.end);
        Some(match doc.mention_at(name) {
            Some((ei, _)) => doc.entity_ref(ei, span),
            None => EntityRef { entity: None, name: doc.slice(name).to_string(), start: span.start, end: span.end },
        })
    }

    fn reference(&self, r: Resolved, span: Span) -> EntityRef {
        match r {
            Resolved::Entity(ei) => self.ctx.doc.entity_ref(ei, span),
            Resolved::Name(name) => EntityRef { entity: None, name, start: span.start, end: span.end },
            Resolved::Ref(mut r) => {
                r.start = span.start;
                r.end = span.end;
                r
            }
        }
    }

    /// The most salient person before `offset`: the latest one, where having spoken already or
    /// opening a sentence counts as being a little more recent (a centering-like preference for
    /// subjects and topics over people named in passing).
    fn latest_person(&self, offset: usize, gender: Option<Gender>, role: Option<&str>) -> Option<(Resolved, usize)> {
        // "the analyst", "the expert": when no one has that role, the latest person holding no office.
        let expert = role.is_some_and(|r| kb().is_expert_noun(r));
        self.latest_person_with(offset, gender, role, expert)
    }

    fn latest_person_with(&self, offset: usize, gender: Option<Gender>, role: Option<&str>, no_office: bool) -> Option<(Resolved, usize)> {
        let doc = self.ctx.doc;
        let compatible = |g: Option<Gender>| gender.is_none() || g.is_none() || g == gender;
        // (candidate, real position, effective position)
        let mut best: Option<(Resolved, usize, usize)> = None;
        let quotation = self.quotation.get();
        let consider = |cand: Resolved, at: usize, bonus: usize, best: &mut Option<(Resolved, usize, usize)>| {
            let eff = at + bonus;
            let quoted = quotation.is_some_and(|(a, b)| (a..b).contains(&at));
            if at < offset && !quoted && !self.ctx.doc.in_credit(at) && best.as_ref().map_or(true, |(_, _, b)| eff > *b) {
                *best = Some((cand, at, eff));
            }
        };
        let role_matches = |words: std::ops::Range<usize>| {
            role.map_or(true, |r| words.map(|k| self.ctx.low(k)).any(|w| w.starts_with(r) || r.starts_with(w) && w.len() >= 4))
        };
        for (ei, e) in doc.entities.iter().enumerate() {
            // The gender (a lookup of the first name) only of an entity that may be a person.
            if !self.person_like(e) || !compatible(self.text_gender().get(&ei).copied().or(e.gender).or_else(|| gender_of_first_name(&e.name))) {
                continue;
            }
            if no_office && e.holds_office() {
                continue;
            }
            if let Some(r) = role {
                let has_role = e.roles.iter().any(|x| x.to_lowercase().contains(r));
                if !has_role && e.all_mentions().all(|m| !m.text.to_lowercase().contains(r)) {
                    continue;
                }
            }
            for m in e.mentions.iter().chain(e.references.iter()) {
                if matches!(m.kind, MentionKind::Name | MentionKind::Handle | MentionKind::Nominal) {
                    let topic = e.mentions.len().min(10) * TOPIC_BONUS_PER_MENTION;
                    let subject = self.in_subject_position(m.start, m.end);
                    let bonus = topic
                        + if subject { SUBJECT_BONUS } else { 0 }
                        + if subject && self.in_previous_sentence(m.start, offset) { PREVIOUS_SUBJECT_BONUS } else { 0 };
                    consider(Resolved::Entity(ei), m.start, bonus, &mut best);
                }
            }
        }
        if best.is_none() && !self.has_entities() {
            for pp in self.people() {
                if compatible(pp.gender) && role_matches(pp.context.clone()) {
                    consider(Resolved::Name(pp.name.clone()), pp.start, 0, &mut best);
                }
            }
        }
        if role.is_some() && best.is_none() {
            return self.latest_person_with(offset, gender, None, no_office);
        }
        // A recent speaker counts too: "he" mostly continues the last person quoted.
        for (at, r, person, g) in &self.speakers {
            if *person && compatible(*g) && role.is_none() {
                if let Some(ei) = r.entity.as_deref().and_then(|id| doc.entities.iter().position(|e| e.id == id)) {
                    if no_office && doc.entities[ei].holds_office() {
                        continue;
                    }
                    consider(Resolved::Entity(ei), *at, SPEAKER_BONUS, &mut best);
                } else {
                    consider(Resolved::Ref(r.clone()), *at, SPEAKER_BONUS, &mut best);
                }
            }
        }
        best.map(|(r, at, _)| (r, at))
    }

    /// The person quoted just before `offset` (within RECENT_SPEAKER_BYTES), when of a fitting
    /// gender: "“…,” the analyst said. According to him, …".
    fn recent_speaker(&self, offset: usize, gender: Gender) -> Option<Resolved> {
        let doc = self.ctx.doc;
        let (at, r, person, g) = self.speakers.iter().rev().find(|(at, ..)| *at < offset)?;
        if !*person || offset - at >= RECENT_SPEAKER_BYTES || g.is_some_and(|g| g != gender) {
            return None;
        }
        let ei = r.entity.as_deref().and_then(|id| doc.entities.iter().position(|e| e.id == id));
        Some(match ei {
            Some(ei) => Resolved::Entity(ei),
            None => Resolved::Ref(r.clone()),
        })
    }

    /// A person, or a name the entities stage could not type that looks like one.
    fn person_like(&self, e: &newsgraph_doc::Entity) -> bool {
        if e.kind == EntityType::Person {
            return true;
        }
        // Most entities that are no person are typed: their names are not split.
        if !e.is_untyped_org() {
            return false;
        }
        let words: Vec<&str> = e.name.split_whitespace().collect();
        (1..=3).contains(&words.len())
            && words.iter().all(|w| !NOT_PERSON_WORDS.contains(w) && w.chars().next().is_some_and(char::is_uppercase) && !w.chars().all(|c| c.is_uppercase()))
            && (words.len() > 1 && kb().first_names.contains_key(words[0]) || self.spoke(e))
    }

    fn spoke(&self, e: &newsgraph_doc::Entity) -> bool {
        self.speakers.iter().any(|(_, r, ..)| r.entity.as_deref() == Some(e.id.as_str()))
    }

    /// Is the mention at bytes `start..end` its sentence's subject? It opens the sentence, or it
    /// follows an opening adverbial's comma and a verb follows it ("Speaking in Ottawa on
    /// Monday, Lee denied…"); a name in an apposition ("her friend, Ann Lee, said") is not.
    fn in_subject_position(&self, start: usize, end: usize) -> bool {
        if self.opens_sentence(start) {
            return true;
        }
        let ctx = self.ctx;
        let doc = ctx.doc;
        let Some(si) = doc.sentence_at(start) else { return false };
        let first = doc.sentences[si].tokens.start;
        let t = doc.token_at_or_after(start);
        let after = doc.token_at_or_after(end);
        if t <= first || !ctx.is_punct(t - 1, ",") {
            return false;
        }
        let verb_follows = ctx.is_word(after) && !ctx.is_cap(after) && !SUBJECT_NOT_FOLLOWED_BY.contains(&ctx.low(after));
        verb_follows && ADVERBIAL_OPENERS.contains(&ctx.low(first))
    }

    /// The first person named in the sentence before byte `offset`, when that sentence is in
    /// block `block` and starts after byte `not_before` (it holds no earlier quotation; a title
    /// in quotation marks is no quotation).
    pub fn subject_of_sentence_before(&self, offset: usize, block: usize, not_before: usize) -> Option<EntityRef> {
        let doc = self.ctx.doc;
        let si = doc.sentence_at(offset)?;
        let wordless = |s: usize| doc.sentence_tokens(s).iter().all(|t| t.kind != TokenKind::Word);
        let prev = (0..si).rev().find(|&s| !wordless(s))?;
        let sentence = &doc.sentences[prev];
        if sentence.start < not_before || doc.block_at(sentence.start) != Some(block) {
            return None;
        }
        doc.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityType::Person)
            .flat_map(|(ei, e)| e.mentions.iter().map(move |m| (m.start, m.end, ei)))
            .filter(|&(start, ..)| start >= sentence.start && start < sentence.end)
            .min()
            .map(|(start, end, ei)| doc.entity_ref(ei, Span::new(start, end)))
    }

    /// The latest speaker that spoke as the subject of the sentence before byte `offset`: a
    /// body only, for "it"; a person or a body, for the author of "a statement" that follows.
    fn subject_speaker_before(&self, offset: usize, bodies_only: bool) -> Option<(Resolved, usize)> {
        self.speakers
            .iter()
            .rev()
            .find(|(at, _, person, _)| !(bodies_only && *person) && *at < offset && self.near_sentence_start(*at) && self.in_previous_sentence(*at, offset))
            .map(|(at, r, ..)| (Resolved::Ref(r.clone()), *at))
    }

    /// The possessor in tokens `start..ps` (before "'s"): an entity mention, or "the union" as
    /// the latest body of that kind.
    fn possessor(&self, start: usize, ps: usize, span: Span) -> Option<EntityRef> {
        let ctx = self.ctx;
        let doc = ctx.doc;
        if ps == start {
            return None;
        }
        if let Some((ei, _)) = doc.mention_at(ctx.span(ps - 1, ps)) {
            return Some(doc.entity_ref(ei, span));
        }
        let head = ctx.low(ps - 1);
        if matches!(crate::lexicon::lexicon().nouns.get(head), Some(NounClass::Org)) {
            return self.latest_org(span.start, Some(head)).map(|(r, _)| self.reference(r, span));
        }
        None
    }

    /// Is byte `offset` among the first words of its sentence, where a subject phrase starts
    /// ("The city's planning office published…")?
    fn near_sentence_start(&self, offset: usize) -> bool {
        let doc = self.ctx.doc;
        let Some(si) = doc.sentence_at(offset) else { return false };
        doc.token_at_or_after(offset) <= doc.sentences[si].tokens.start + SUBJECT_PHRASE_REACH
    }

    /// Is byte `at` in the sentence just before the one holding `offset` (passing over
    /// "sentences" with no word, such as a lone full stop between paragraphs)?
    fn in_previous_sentence(&self, at: usize, offset: usize) -> bool {
        let doc = self.ctx.doc;
        let wordless = |s: usize| doc.sentence_tokens(s).iter().all(|t| t.kind != TokenKind::Word);
        match (doc.sentence_at(at), doc.sentence_at(offset)) {
            (Some(a), Some(b)) => a < b && (a + 1..b).all(wordless),
            _ => false,
        }
    }

    /// Does byte `offset` open its sentence: within its first two tokens, or after a few words
    /// ending in a title or role ("Green MP Ann Lee went…", "harbour police chief Ann Lee")?
    fn opens_sentence(&self, offset: usize) -> bool {
        let ctx = self.ctx;
        let doc = ctx.doc;
        let Some(si) = doc.sentence_at(offset) else { return false };
        let first = doc.sentences[si].tokens.start;
        let t = doc.token_at_or_after(offset);
        // A title or role noun right before the name ("National police chief Ann Lee").
        let role_before = t > first && (ctx.is_cap(t - 1) || matches!(crate::lexicon::lexicon().nouns.get(ctx.low(t - 1)), Some(NounClass::Person)));
        t <= first + 1 || t <= first + MAX_NAME_PREAMBLE && role_before && (first..t).all(|k| ctx.is_word(k))
    }

    fn latest_org(&self, offset: usize, head: Option<&str>) -> Option<(Resolved, usize)> {
        let doc = self.ctx.doc;
        let mut best: Option<(Resolved, usize)> = None;
        for (ei, e) in doc.entities.iter().enumerate() {
            if !matches!(e.kind, EntityType::Org | EntityType::Media | EntityType::Gpe) {
                continue;
            }
            if let Some(h) = head {
                if !e.name.to_lowercase().contains(h) && e.kind != EntityType::Org {
                    continue;
                }
            }
            for m in &e.mentions {
                if m.start < offset && !doc.in_credit(m.start) && best.as_ref().map_or(true, |(_, b)| m.start > *b) {
                    best = Some((Resolved::Entity(ei), m.start));
                }
            }
        }
        if best.is_none() {
            // An earlier unnamed body speaks again only under the same head noun: "the guild" is
            // no later "the company".
            let same_head = |r: &EntityRef| head.map_or(true, |h| r.name.to_lowercase().split_whitespace().last() == Some(h));
            for (at, r, person, _) in &self.speakers {
                if !person && *at < offset && same_head(r) && best.as_ref().map_or(true, |(_, b)| at > b) {
                    best = Some((Resolved::Ref(r.clone()), *at));
                }
            }
        } else if head.is_none() {
            // "The port office published a notice saying that Norway…. It urged…": "it" is
            // the body that spoke as the sentence before's subject, not a state it talked about.
            if let Some(found) = self.subject_speaker_before(offset, true) {
                best = Some(found);
            }
        }
        best
    }

    fn latest_speaker(&self, offset: usize) -> Option<(Resolved, usize)> {
        self.speakers.iter().rev().find(|(at, ..)| *at < offset).map(|(at, r, ..)| (Resolved::Ref(r.clone()), *at))
    }

    /// "The statement says": the first body named after an earlier mention of the same document
    /// word ("the joint statement of A, B and C").
    fn document_author(&self, p: &Phrase, head: &str) -> Option<(Resolved, usize)> {
        let ctx = self.ctx;
        let doc = ctx.doc;
        let head_start = doc.tokens.get(p.end - 1)?.start;
        let lex = crate::lexicon::lexicon();
        let earlier = (0..p.start).rev().take(400).find(|&i| ctx.low(i) == head).or_else(|| {
            // "The statement was published…. In the document, …": the latest document of any name.
            GENERIC_DOCUMENT_HEADS.contains(&head).then(|| (0..p.start).rev().take(400).find(|&i| lex.noun(ctx.low(i)) == Some(NounClass::Doc))).flatten()
        })?;
        let from = doc.tokens.get(earlier)?.end;
        // "The association said in a statement that …. The statement also said": the one who
        // spoke in the sentence of that first mention.
        let earlier_sentence = doc.sentence_at(from);
        if let Some((at, r, ..)) = self.speakers.iter().rev().find(|(at, ..)| *at < from && doc.sentence_at(*at) == earlier_sentence) {
            return Some((Resolved::Ref(r.clone()), *at));
        }
        let until = doc.sentence_at(from).and_then(|s| doc.sentences.get(s)).map_or(from + 300, |s| s.end).min(head_start);
        let mut best: Option<(usize, usize)> = None;
        for (ei, e) in doc.entities.iter().enumerate() {
            if e.kind == EntityType::Media {
                continue;
            }
            for m in &e.mentions {
                if m.start >= from && m.start < until && best.map_or(true, |(_, b)| m.start < b) {
                    best = Some((ei, m.start));
                }
            }
        }
        if let Some((ei, at)) = best {
            return Some((Resolved::Entity(ei), at));
        }
        // No entity there: the first run of capitalised words after the document word.
        let until_tok = ctx.doc.token_at_or_after(until);
        let s = (earlier + 1..until_tok).find(|&k| ctx.is_cap(k))?;
        let mut e = s;
        while e < until_tok && ctx.is_cap(e) {
            e += 1;
        }
        let span = ctx.span(s, e);
        Some((Resolved::Name(doc.slice(span).to_string()), span.start))
    }
}

enum Resolved {
    Entity(usize),
    Name(String),
    Ref(EntityRef),
}

/// A title or sentence opener peeled off the front of a run of capitalised words: the
/// two lists as one set (the run loop asks for every word) or a title form of the knowledge base.
fn is_peeled_before_name(w: &str) -> bool {
    static PEELED: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let peeled = PEELED.get_or_init(|| TITLE_WORDS.iter().chain(NAME_OPENERS_PEOPLE).copied().collect());
    peeled.contains(w) || kb().title(w).is_some()
}

/// Runs of two or more capitalised words that look like people's names, with the words before.
fn collect_people(ctx: &Ctx) -> Vec<NamedPerson> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    let mut i = 0;
    let n = ctx.n();
    while i < n {
        if !ctx.is_cap(i) {
            i += 1;
            continue;
        }
        let s = i;
        let mut e = i;
        while e < n && ctx.is_cap(e) && doc.tokens[e].end - doc.tokens[e].start > 1 {
            e += 1;
        }
        i = e.max(s + 1);
        // A name needs at least two words (checked again below once titles are peeled off):
        // most runs are one capitalised word, and they end here without any lookup.
        if e < s + 2 {
            continue;
        }
        let mut first = s;
        while first < e && is_peeled_before_name(ctx.text(first)) {
            first += 1;
        }
        let ws: Vec<&str> = (first..e).map(|k| ctx.text(k)).collect();
        let known_first = kb().first_names.contains_key(ws.first().copied().unwrap_or(""));
        if !kb().first_names.is_empty() && !known_first {
            continue;
        }
        if ws.len() < 2 || ws.len() > 4 {
            continue;
        }
        if ws.iter().any(|w| NOT_PERSON_WORDS.contains(w) || w.chars().all(|c| c.is_uppercase()) || w.ends_with("'s") || w.ends_with("’s")) {
            continue;
        }
        let context = s.saturating_sub(3)..e;
        let name = ws.join(" ");
        let gender = gender_of_first_name(&name);
        let start = doc.tokens[s].start;
        out.push(NamedPerson { start, name, context, gender });
    }
    out
}

/// Votes for each person entity's gender from the pronouns after its name in sentences naming no
/// other person.
fn text_gender(ctx: &Ctx) -> HashMap<usize, Gender> {
    let doc = ctx.doc;
    // Name mentions of people as (sentence, entity, end), sorted so that each sentence's are
    // side by side: one list for the document rather than a list per sentence in a map.
    let mut person_mentions: Vec<(usize, usize, usize)> = Vec::new();
    for (ei, e) in doc.entities.iter().enumerate() {
        if e.kind != EntityType::Person {
            continue;
        }
        for m in &e.mentions {
            if let Some(si) = doc.sentence_at(m.start) {
                person_mentions.push((si, ei, m.end));
            }
        }
    }
    person_mentions.sort_unstable();
    let mut votes: HashMap<usize, (u32, u32)> = HashMap::new();
    for list in person_mentions.chunk_by(|a, b| a.0 == b.0) {
        let (si, first, _) = list[0];
        if list.iter().any(|&(_, ei, _)| ei != first) {
            continue;
        }
        let after = list.iter().map(|&(_, _, end)| end).min().unwrap_or(0);
        let sentence = &doc.sentences[si];
        // Counted here and added once: a vote of none either way decides nothing.
        let (mut male, mut female) = (0, 0);
        for k in sentence.tokens.clone() {
            if doc.tokens.get(k).map_or(true, |t| t.start < after) {
                continue;
            }
            match ctx.low(k) {
                "he" | "his" | "him" | "himself" => male += 1,
                "she" | "her" | "hers" | "herself" => female += 1,
                _ => {}
            }
        }
        if male + female > 0 {
            let v = votes.entry(first).or_default();
            v.0 += male;
            v.1 += female;
        }
    }
    votes
        .into_iter()
        .filter_map(|(ei, (m, f))| match m.cmp(&f) {
            std::cmp::Ordering::Greater => Some((ei, Gender::Male)),
            std::cmp::Ordering::Less => Some((ei, Gender::Female)),
            std::cmp::Ordering::Equal => None,
        })
        .collect()
}
