//! Turning speaker phrases into entity references.
//!
//! A phrase covered by an entity mention takes that entity. Otherwise: a pronoun or a definite
//! description ("the mayor") goes to the most recent compatible person before it — an entity
//! mention, or a person named earlier in the text (a run of capitalised words), or an earlier
//! speaker; a bare surname grows to the full name seen earlier; a document ("the statement") to
//! the first body named as its author; anything else keeps its own text, unresolved.

use crate::lexicon::NounClass;
use crate::phrases::{Ctx, Phrase, PhraseKind};
use newsgraph_doc::{EntityRef, EntityType, Gender, MentionKind, Span};
use newsgraph_knowledge::kb;

/// A person named in the text, for documents the entities stage left bare.
#[derive(Debug, Clone)]
struct NamedPerson {
    start: usize,
    end: usize,
    name: String,
    /// Lower-cased words just before the name ("mayor", "candidate"), for "the mayor".
    context: Vec<String>,
    gender: Option<Gender>,
}

pub struct Resolver<'c, 'a> {
    ctx: &'c Ctx<'a>,
    people: Vec<NamedPerson>,
    /// Earlier speakers: (offset, reference, is a person).
    speakers: Vec<(usize, EntityRef, bool, Option<Gender>)>,
}

const NOT_PERSON_WORDS: &[&str] = &[
    "The", "University", "Ministry", "Department", "Council", "City", "Party", "Court", "Police", "News", "Service",
    "Agency", "Committee", "Commission", "Board", "Association", "Union", "Institute", "Street", "Avenue", "Road",
    "Highway", "Line", "Centre", "Center", "Hospital", "Government", "House", "Office", "Company", "Corporation", "Inc",
    "Ltd", "Group", "Bank", "Foundation", "School", "College", "Church", "Park", "Island", "Province", "County",
    "Canada", "America", "States", "Kingdom", "Republic", "Federation", "Post", "Times", "Star", "Press", "Journal",
    "Metro", "Airport", "Station", "Square", "Market", "Club", "Network", "Media", "Organization", "Organisation",
];

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

fn gender_of_first_name(name: &str) -> Option<Gender> {
    let first = name.split_whitespace().next()?;
    kb().first_names.get(first).copied().flatten()
}

impl<'c, 'a> Resolver<'c, 'a> {
    pub fn new(ctx: &'c Ctx<'a>) -> Self {
        Resolver { ctx, people: collect_people(ctx), speakers: Vec::new() }
    }

    fn has_entities(&self) -> bool {
        !self.ctx.doc.entities.is_empty()
    }

    /// Remember a resolved speaker for later pronouns.
    pub fn remember(&mut self, r: &EntityRef, person: bool) {
        let gender = r
            .entity
            .as_deref()
            .and_then(|id| self.ctx.doc.entity(id))
            .and_then(|e| e.gender)
            .or_else(|| gender_of_first_name(&r.name));
        self.speakers.push((r.start, r.clone(), person, gender));
    }

    /// Is this reference a person (for the speaker memory)?
    pub fn is_person(&self, r: &EntityRef, phrase: Option<&Phrase>) -> bool {
        if let Some(e) = r.entity.as_deref().and_then(|id| self.ctx.doc.entity(id)) {
            // An unknown capitalised name that speaks is most likely a person the entities stage
            // could not type.
            let untyped = e.kind == EntityType::Org && e.sector.is_none() && e.country.is_none() && e.code.is_none();
            let named = matches!(phrase.map(|p| p.kind), Some(PhraseKind::Name | PhraseKind::Mention(_)));
            return e.kind == EntityType::Person
                || untyped && named && e.name.split_whitespace().all(|w| !NOT_PERSON_WORDS.contains(&w));
        }
        match phrase.map(|p| p.kind) {
            Some(PhraseKind::Name) => r.name.split_whitespace().all(|w| !NOT_PERSON_WORDS.contains(&w)),
            Some(PhraseKind::Pronoun) => true,
            Some(PhraseKind::Nominal(Some(NounClass::Person), _)) => true,
            _ => false,
        }
    }

    pub fn resolve(&self, p: &Phrase) -> EntityRef {
        let ctx = self.ctx;
        let doc = ctx.doc;
        let span = ctx.span(p.start, p.end);
        let text = doc.slice(span).to_string();
        let unresolved = |name: String| EntityRef { entity: None, name, start: span.start, end: span.end };
        // The head (last token) decides which mention covers the phrase.
        let head = ctx.span(p.end.saturating_sub(1), p.end);
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
                    (None, None) => unresolved(text),
                }
            }
            PhraseKind::Nominal(class, definite) => {
                let head_word = ctx.low(p.end - 1).to_string();
                let found = match (class, definite) {
                    (Some(NounClass::Person), true) => self.latest_person(span.start, None, Some(&head_word)),
                    // "the affable proprietor", "the 39-year-old": a description of a person seen before.
                    (None, true) => self.latest_person(span.start, None, None),
                    (Some(NounClass::Org), true) => self.latest_org(span.start, Some(&head_word)),
                    (Some(NounClass::Doc), true) => self.document_author(p, &head_word),
                    _ => None,
                };
                found.map(|(r, _)| self.reference(r, span)).unwrap_or_else(|| unresolved(text))
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
                    if let Some(pp) = self.people.iter().find(|pp| pp.name.split_whitespace().last() == Some(last.as_str())) {
                        return unresolved(pp.name.clone());
                    }
                }
                unresolved(clean)
            }
        }
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

    /// The most recent person before `offset`: an entity mention, a named person or a speaker.
    fn latest_person(&self, offset: usize, gender: Option<Gender>, role: Option<&str>) -> Option<(Resolved, usize)> {
        let doc = self.ctx.doc;
        let compatible = |g: Option<Gender>| gender.is_none() || g.is_none() || g == gender;
        let mut best: Option<(Resolved, usize)> = None;
        let consider = |cand: Resolved, at: usize, best: &mut Option<(Resolved, usize)>| {
            if at < offset && best.as_ref().map_or(true, |(_, b)| at > *b) {
                *best = Some((cand, at));
            }
        };
        let role_matches = |words: &[String]| role.map_or(true, |r| words.iter().any(|w| w.starts_with(r) || r.starts_with(w.as_str()) && w.len() >= 4));
        for (ei, e) in doc.entities.iter().enumerate() {
            if e.kind != EntityType::Person || !compatible(e.gender) {
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
                    consider(Resolved::Entity(ei), m.start, &mut best);
                }
            }
        }
        if best.is_none() && !self.has_entities() {
            for pp in &self.people {
                if compatible(pp.gender) && role_matches(&pp.context) {
                    consider(Resolved::Name(pp.name.clone()), pp.start, &mut best);
                }
            }
        }
        if role.is_some() && best.is_none() {
            return self.latest_person(offset, gender, None);
        }
        // A recent speaker counts too: "he" mostly continues the last person quoted.
        for (at, r, person, g) in &self.speakers {
            if *person && compatible(*g) && role.is_none() {
                if let Some(ei) = r.entity.as_deref().and_then(|id| doc.entities.iter().position(|e| e.id == id)) {
                    consider(Resolved::Entity(ei), *at, &mut best);
                } else {
                    consider(Resolved::Ref(r.clone()), *at, &mut best);
                }
            }
        }
        best
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
                if m.start < offset && best.as_ref().map_or(true, |(_, b)| m.start > *b) {
                    best = Some((Resolved::Entity(ei), m.start));
                }
            }
        }
        if best.is_none() {
            for (at, r, person, _) in &self.speakers {
                if !person && *at < offset && best.as_ref().map_or(true, |(_, b)| at > b) {
                    best = Some((Resolved::Ref(r.clone()), *at));
                }
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
        let earlier = (0..p.start).rev().take(400).find(|&i| ctx.low(i) == head)?;
        let from = doc.tokens.get(earlier)?.end;
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
        best.map(|(ei, at)| (Resolved::Entity(ei), at))
    }
}

enum Resolved {
    Entity(usize),
    Name(String),
    Ref(EntityRef),
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
        let words: Vec<&str> = (s..e).map(|k| ctx.text(k)).collect();
        i = e.max(s + 1);
        let mut ws = words.clone();
        while ws.first().is_some_and(|w| TITLE_WORDS.contains(w) || NAME_OPENERS_PEOPLE.contains(w) || kb().title(w).is_some()) {
            ws.remove(0);
        }
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
        let context: Vec<String> = (s.saturating_sub(3)..e).map(|k| ctx.low(k).to_string()).collect();
        let name = ws.join(" ");
        let gender = gender_of_first_name(&name);
        let start = doc.tokens[s].start;
        out.push(NamedPerson { start, end: doc.tokens[e - 1].end, name, context, gender });
    }
    out
}
