//! Linking nationality adjectives, descriptions and pronouns to entities.

use crate::recognize::Found;
use crate::words::PERSON_PRONOUNS;
use newsgraph_doc::{Doc, Entity, EntityType, Gender, Mention, MentionKind, Span, TokenKind};
use newsgraph_knowledge::{kb, Named};

/// `name.to_lowercase().contains(lower)` for a lower-case `lower`, without the copy when `name` is
/// ASCII (asked of every organisation at every "the company", "the ministry"…).
fn lowercase_contains(name: &str, lower: &str) -> bool {
    if !name.is_ascii() {
        return name.to_lowercase().contains(lower);
    }
    // An ASCII name lower-cases to ASCII, which holds no other character; `lower` has no capitals.
    lower.is_empty() || lower.is_ascii() && name.as_bytes().windows(lower.len()).any(|w| w.eq_ignore_ascii_case(lower.as_bytes()))
}

/// Nominal heads meaning a state.
const STATE_HEADS: &[&str] = &["republic", "country", "kingdom", "nation", "state", "emirate", "principality"];

/// Organisation nominals that may refer to an organisation whose kind (sector) is unknown, besides
/// those of their own sector. Narrower heads ("the ministry", "the party") keep to their sector.
const OPEN_ORG_HEADS: &[&str] = &["company", "firm", "agency"];

/// Spans already taken by names or role descriptions, sorted, for overlap tests by binary search.
struct Taken {
    spans: Vec<Span>,
    /// The furthest end among the spans up to each one: where it lies at or before a span's
    /// start, none of them overlaps it, and the spans are not read one by one.
    reach: Vec<usize>,
}

impl Taken {
    fn new(entities: &[Entity], consumed: &[Span]) -> Self {
        // Sized up front: collected from a chain of nested lists, the list grew step by step.
        let mut spans: Vec<Span> = Vec::with_capacity(entities.iter().map(|e| e.mentions.len()).sum::<usize>() + consumed.len());
        spans.extend(entities.iter().flat_map(|e| e.mentions.iter().map(|m| m.span())).chain(consumed.iter().copied()));
        // Equal spans are identical: the unstable sort (no buffer) orders them as the stable one.
        spans.sort_unstable();
        Taken::from_sorted(spans)
    }

    fn from_sorted(spans: Vec<Span>) -> Self {
        let reach = spans
            .iter()
            .scan(0, |far, s| {
                *far = s.end.max(*far);
                Some(*far)
            })
            .collect();
        Taken { spans, reach }
    }

    /// These spans and `more`: the few new ones sorted and merged into the sorted list, the same
    /// list as `Taken::new` would sort from scratch (equal spans are identical).
    fn with(&self, more: &[Span]) -> Self {
        Taken::from_sorted(merged(&self.spans, more.to_vec()))
    }
    fn overlaps(&self, span: Span) -> bool {
        let i = self.spans.partition_point(|s| s.start < span.end);
        if i == 0 || self.reach[i - 1] <= span.start {
            return false;
        }
        // Spans are short: any overlapping one starts within a bounded distance before `span`.
        self.spans[..i].iter().rev().take(64).any(|s| s.overlaps(span))
    }
}

/// The sorted list `sorted` with the items of `more` sorted into it: the list that sorting both
/// together gives, where equal items are identical (spans, (start, entity) pairs).
fn merged<T: Ord + Copy>(sorted: &[T], mut more: Vec<T>) -> Vec<T> {
    more.sort_unstable();
    let mut all = Vec::with_capacity(sorted.len() + more.len());
    let (mut a, mut b) = (sorted.iter().copied().peekable(), more.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if y < x => b.next(),
            (Some(_), _) => a.next(),
            (None, _) => b.next(),
        };
        match next {
            Some(item) => all.push(item),
            None => break,
        }
    }
    all
}

/// How far back (in mentions) a description or pronoun looks for its antecedent.
const LOOKBACK: usize = 400;

fn reference(doc: &Doc, span: Span, kind: MentionKind, reason: String) -> Mention {
    Mention { start: span.start, end: span.end, text: doc.slice(span).to_string(), kind, reason }
}

/// The entity of state `c`, created (with no name mentions) when the text only uses its adjective.
fn state_entity(entities: &mut Vec<Entity>, c: usize) -> usize {
    let k = kb();
    let country = &k.countries[c];
    if let Some(i) = entities.iter().position(|e| e.kind == EntityType::Gpe && e.name == country.name) {
        return i;
    }
    entities.push(Entity {
        id: String::new(),
        name: country.name.clone(),
        kind: EntityType::Gpe,
        country: Some(country.iso3.clone()),
        sector: None,
        code: None,
        roles: vec![],
        gender: None,
        mentions: vec![],
        references: vec![],
    });
    entities.len() - 1
}

/// Every mention (name or reference) of a person, as (start, entity), sorted.
fn person_mentions(doc: &Doc, entities: &[Entity]) -> Vec<(usize, usize)> {
    let persons = || entities.iter().enumerate().filter(|(_, e)| e.kind == EntityType::Person);
    // Sized up front for every person's mentions (a few are left out below).
    let mut v: Vec<(usize, usize)> = Vec::with_capacity(persons().map(|(_, e)| e.mentions.len() + e.references.len()).sum());
    v.extend(
        persons()
            .flat_map(|(ei, e)| e.mentions.iter().chain(e.references.iter()).map(move |m| (m.start, ei)))
            .filter(|&(start, _)| !doc.in_credit(start)),
    );
    // Equal pairs are identical: the unstable sort orders them as the stable one.
    v.sort_unstable();
    v
}

/// How many mentions and references each entity has: what `person_mentions_since` takes as read.
fn mention_counts(entities: &[Entity]) -> Vec<(usize, usize)> {
    entities.iter().map(|e| (e.mentions.len(), e.references.len())).collect()
}

/// `person_mentions` of the entities now, from `persons`, taken when they had `counts` mentions
/// and references: `link` only appends mentions and references (and entities), and types no
/// entity anew until its end, so only the appended ones of persons are read and sorted in.
fn person_mentions_since(doc: &Doc, entities: &[Entity], persons: &[(usize, usize)], counts: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut added = Vec::new();
    for (ei, e) in entities.iter().enumerate().filter(|(_, e)| e.kind == EntityType::Person) {
        let (mentions, references) = counts.get(ei).copied().unwrap_or((0, 0));
        let new = e.mentions.get(mentions..).unwrap_or(&[]).iter().chain(e.references.get(references..).unwrap_or(&[]));
        added.extend(new.map(|m| (m.start, ei)).filter(|&(start, _)| !doc.in_credit(start)));
    }
    merged(persons, added)
}

/// The mentions of `all` before `offset`, latest last, at most LOOKBACK of them.
fn before(all: &[(usize, usize)], offset: usize) -> &[(usize, usize)] {
    let end = all.partition_point(|(s, _)| *s < offset);
    &all[end.saturating_sub(LOOKBACK)..end]
}

fn role_matches(e: &Entity, head: &str) -> bool {
    let head = head.to_lowercase();
    e.roles.iter().any(|r| r.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w == head || w.trim_end_matches('s') == head))
}

/// The person a description refers to: the latest one whose role has the head word and whose
/// country fits; else the latest of that country; else, for a bare description, the latest person
/// (for an expert's description — nominal sector EDU — the latest one holding no office).
fn resolve_person(
    entities: &[Entity],
    persons: &[(usize, usize)],
    offset: usize,
    head: &str,
    country: Option<&str>,
    bare_ok: bool,
) -> Option<(usize, String)> {
    let before = before(persons, offset);
    let fits = |e: &Entity| country.is_none() || e.country.is_none() || e.country.as_deref() == country;
    for &(_, ei) in before.iter().rev() {
        let e = &entities[ei];
        if role_matches(e, head) && fits(e) {
            return Some((ei, format!("latest person with the role '{head}'")));
        }
    }
    if let Some(c) = country {
        for &(_, ei) in before.iter().rev() {
            if entities[ei].country.as_deref() == Some(c) {
                return Some((ei, format!("latest person of {c}")));
            }
        }
    }
    if bare_ok {
        if kb().is_expert_noun(head) {
            return before
                .iter()
                .rev()
                .find(|&&(_, ei)| !entities[ei].holds_office())
                .map(|&(_, ei)| (ei, "latest person mentioned who holds no office".into()));
        }
        if let Some(&(_, ei)) = before.last() {
            return Some((ei, "latest person mentioned".into()));
        }
    }
    None
}

pub fn link(doc: &Doc, found: &Found, entities: &mut Vec<Entity>) {
    let k = kb();
    // Nationality adjectives.
    let names_only = Taken::new(entities, &[]);
    for d in &found.demonyms {
        if names_only.overlaps(d.span) {
            continue;
        }
        let ei = state_entity(entities, d.country);
        let m = reference(doc, d.span, MentionKind::Demonym, "nationality adjective".into());
        entities[ei].references.push(m);
    }
    // Titles used alone: "the President of Belarus", "the President".
    let persons = person_mentions(doc, entities);
    let counts = mention_counts(entities);
    // The name mentions added here: with `names_only` and the role descriptions, the spans taken
    // below (the state entities added above have no name mentions).
    let mut surnames: Vec<Span> = Vec::new();
    for t in &found.titles {
        // "Helen Judge … Judge said": a bare capitalised word that reads as a title ("Major",
        // "General", "Judge") but is the surname of a person in the text is that person's name.
        let bare = doc.slice(t.span);
        if !bare.contains(char::is_whitespace) && bare.starts_with(char::is_uppercase) {
            let owner = before(&persons, t.span.start).iter().rev().map(|&(_, ei)| ei).find(|&ei| {
                let name = &entities[ei].name;
                name.split_whitespace().count() > 1 && name.split_whitespace().last() == Some(bare)
            });
            if let Some(ei) = owner {
                let reason = format!("surname of {}", entities[ei].name);
                let m = Mention { start: t.span.start, end: t.span.end, text: bare.to_string(), kind: MentionKind::Name, reason };
                surnames.push(m.span());
                entities[ei].mentions.push(m);
                continue;
            }
        }
        let head = t.title.split_whitespace().last().unwrap_or("").to_string();
        if let Some((ei, reason)) = resolve_person(entities, &persons, t.span.start, &head, t.country.as_deref(), false) {
            let m = reference(doc, t.span, MentionKind::Nominal, reason);
            entities[ei].references.push(m);
        }
    }
    // Lower-case descriptions: "the Lithuanian minister", "the analyst", "the republic".
    let toks = &doc.tokens;
    let text = doc.text.as_str();
    surnames.extend_from_slice(&found.consumed);
    let taken = names_only.with(&surnames);
    let persons = person_mentions_since(doc, entities, &persons, &counts);
    let counts = mention_counts(entities);
    let states = state_mentions(entities);
    for (i, tok) in toks.iter().enumerate() {
        // The length first: most tokens are not three bytes long, and need not be sliced.
        if tok.end.wrapping_sub(tok.start) != 3 || !matches!(tok.text(text), "the" | "The") {
            continue;
        }
        let mut j = i + 1;
        let mut country: Option<usize> = None;
        while j < toks.len() && j < i + 3 {
            let w = toks[j].text(text);
            match k.lookup(w).iter().find_map(|r| if let Named::Demonym(c) = r { Some(*c) } else { None }) {
                Some(c) => {
                    country = Some(c);
                    j += 1;
                }
                None => break,
            }
        }
        let Some(head_tok) = toks.get(j) else { continue };
        if head_tok.kind != TokenKind::Word {
            continue;
        }
        let head = head_tok.text(text);
        if head.starts_with(char::is_uppercase) && country.is_none() {
            continue;
        }
        // A title directly before a name belongs to the name, not to a reference.
        if toks.get(j + 1).is_some_and(|n| n.kind == TokenKind::Word && n.text(text).starts_with(char::is_uppercase)) {
            continue;
        }
        let span = Span::new(tok.start, head_tok.end);
        if taken.overlaps(span) {
            continue;
        }
        // Borrowed, not copied, for the usual head in lower case.
        let lower = crate::words::lowercase(head);
        let lower = lower.as_ref();
        let nominal = k.nominals.get(lower);
        let is_title = k.title_forms.contains_key(lower);
        let iso3 = country.map(|c| k.countries[c].iso3.clone());
        if STATE_HEADS.contains(&lower) || nominal.is_some_and(|n| n.refers_to == "GPE") {
            if let Some((ei, reason)) = resolve_state(doc, entities, &states, span) {
                let m = reference(doc, span, MentionKind::Nominal, reason);
                entities[ei].references.push(m);
            }
            continue;
        }
        // A relative ("the father") links only to a person described with that word.
        let person_head = is_title || nominal.is_some_and(|n| n.refers_to == "PERSON" || n.refers_to == "KIN");
        if person_head {
            let bare = nominal.is_some_and(|n| n.refers_to == "PERSON") && country.is_none();
            if let Some((ei, reason)) = resolve_person(entities, &persons, span.start, &lower, iso3.as_deref(), bare) {
                let m = reference(doc, span, MentionKind::Nominal, reason);
                entities[ei].references.push(m);
            }
            continue;
        }
        // "Toronto … the city said": the latest city named before it.
        if lower == "city" && country.is_none() && nominal.is_none() {
            let is_city = |e: &Entity| k.lookup(&e.name).iter().any(|r| matches!(r, Named::Place(p) if k.places[*p].kind == "city"));
            let best = entities
                .iter()
                .enumerate()
                .filter(|(_, e)| is_city(e))
                .filter_map(|(ei, e)| e.mentions.iter().filter(|m| m.end <= span.start).map(|m| m.start).max().map(|s| (s, ei)))
                .max();
            if let Some((_, ei)) = best {
                let m = reference(doc, span, MentionKind::Nominal, "latest city mentioned".into());
                entities[ei].references.push(m);
            }
            continue;
        }
        if let Some(n) = nominal {
            let want_igo = n.refers_to == "IGO";
            let want_org = n.refers_to == "ORG";
            if !(want_igo || want_org) {
                continue;
            }
            // "the company", "the agency" also fit an organisation of unknown kind: a capitalised
            // name with no head word ("Zentrix") may well be the firm or agency just named.
            let best = entities
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e.kind == EntityType::Org
                        && (!want_igo || e.sector.as_deref() == Some("IGO"))
                        && (!want_org || lowercase_contains(&e.name, &lower) || (e.sector.is_none() && OPEN_ORG_HEADS.contains(&lower)) || e.sector.as_deref() == n.sector.as_deref())
                        // "the Belarusian authorities" are no Russian ministry.
                        && (iso3.is_none() || e.country == iso3)
                })
                .filter_map(|(ei, e)| e.mentions.iter().filter(|m| m.end <= span.start).map(|m| m.start).max().map(|s| (s, ei)))
                .max();
            if let Some((_, ei)) = best {
                let reason = format!("latest {} mentioned", if want_igo { "international body" } else { "organisation" });
                let m = reference(doc, span, MentionKind::Nominal, reason);
                entities[ei].references.push(m);
            }
        }
    }
    // Pronouns.
    let persons = person_mentions_since(doc, entities, &persons, &counts);
    // Gender learnt from the pronouns already linked: after "Sunniva Dahl said … She …", a later
    // "he" is someone else, whatever the first-name table knows of Sunniva.
    let mut learned: Vec<Option<Gender>> = vec![None; entities.len()];
    let untyped = untyped_name_mentions(doc, entities);
    for (i, tok) in toks.iter().enumerate() {
        // Only words of two to seven bytes can be person pronouns (tested again on the text).
        if tok.kind != TokenKind::Word || !(2..=7).contains(&tok.end.wrapping_sub(tok.start)) {
            continue;
        }
        let w = tok.text(text);
        // Every person pronoun starts with "h" or "s" and has two to seven letters, and no other
        // character lower-cases to an ASCII letter of theirs: most words end here.
        if !(2..=7).contains(&w.len()) || !matches!(w.as_bytes().first(), Some(b'h' | b'H' | b's' | b'S')) {
            continue;
        }
        // Most words are ASCII: compare them without allocating a lower-cased copy.
        let pronoun = if w.is_ascii() {
            PERSON_PRONOUNS.iter().find(|(p, _)| p.eq_ignore_ascii_case(w))
        } else {
            let lower = w.to_lowercase();
            PERSON_PRONOUNS.iter().find(|(p, _)| *p == lower)
        };
        let Some(&(_, g)) = pronoun else { continue };
        let gender = if g == 'm' { Gender::Male } else { Gender::Female };
        let _ = i;
        if let Some((ei, reason)) = resolve_pronoun(doc, entities, &learned, [&persons, &untyped], tok.start, gender) {
            let m = reference(doc, tok.span(), MentionKind::Pronoun, reason);
            entities[ei].references.push(m);
            learned[ei] = learned[ei].or(Some(gender));
        }
    }
    for (e, g) in entities.iter_mut().zip(learned) {
        e.gender = e.gender.or(g);
        // "Okonkwo did not hesitate. “…,” he said": a lone name nothing typed, taken up by "he",
        // is a person.
        if is_untyped_name(e) && e.references.iter().any(|m| m.kind == MentionKind::Pronoun) {
            e.kind = EntityType::Person;
        }
    }
}

/// A single capitalised word the recogniser could type no further (no head word, no gazetteer
/// entry): often a surname the text never gave in full.
fn is_untyped_name(e: &Entity) -> bool {
    let mut chars = e.name.chars();
    // One word: every letter after the capital is lower case, so no space either.
    e.is_untyped_org()
        && chars.next().is_some_and(char::is_uppercase)
        && chars.clone().count() >= 2
        && chars.all(char::is_lowercase)
}

/// Words before a name that make it a place or a thing rather than someone acting: "in
/// Brookvale", "the Eastgate complex".
const NOT_AGENT_BEFORE: &[&str] = &["the", "a", "an", "in", "at", "to", "from", "of", "on", "near", "into", "for", "by", "with", "via", "across", "outside", "inside", "around", "through"];
/// Words after a name showing it is no subject ("Lee of the union", "Lee and Park", "Lee's").
const NOT_AGENT_AFTER: &[&str] = &["of", "and", "or", "'s", "’s", "in", "at", "for", "from", "to", "on", "with", "by", "as"];

/// Name mentions of untyped single names acting as a clause's subject ("…, Okonkwo did not
/// hesitate"), as (start, entity), sorted: antecedents for "he" or "she" only where no person is
/// named.
fn untyped_name_mentions(doc: &Doc, entities: &[Entity]) -> Vec<(usize, usize)> {
    let word = |k: usize| doc.tokens.get(k).map(|t| t.text(&doc.text));
    let acts = |m: &Mention| {
        let k = doc.token_at_or_after(m.start);
        let before = k.checked_sub(1).and_then(word);
        let after = word(doc.token_at_or_after(m.end));
        // Not the tail of a longer name either ("Rosa's Diner staff").
        let part_of_name = before.is_some_and(|b| b.starts_with(char::is_uppercase) || matches!(b, "'s" | "’s" | "'" | "’"));
        let opens_sentence = doc.sentence_at(m.start).is_some_and(|si| doc.sentences[si].tokens.start == k);
        (opens_sentence || !part_of_name && before.is_none_or(|b| !NOT_AGENT_BEFORE.contains(&b.to_ascii_lowercase().as_str())))
            && after.is_some_and(|a| a.starts_with(|c: char| c.is_lowercase()) && !NOT_AGENT_AFTER.contains(&a))
    };
    let mut v: Vec<(usize, usize)> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| is_untyped_name(e))
        .flat_map(|(ei, e)| e.mentions.iter().filter(|m| m.kind == MentionKind::Name && acts(m)).map(move |m| (m.start, ei)))
        .collect();
    v.sort_unstable();
    v
}

/// A pronoun's antecedent: the latest fitting person earlier in its own sentence; else the first
/// fitting person of the nearest earlier sentence that has one (the likely subject), within four.
/// `candidates` are the people's mentions, then the untyped names', each sentence preferring a
/// person.
fn resolve_pronoun(doc: &Doc, entities: &[Entity], learned: &[Option<Gender>], candidates: [&[(usize, usize)]; 2], offset: usize, gender: Gender) -> Option<(usize, String)> {
    let si = doc.sentence_at(offset)?;
    let fits = |ei: usize| entities[ei].gender.or(learned[ei]).is_none_or(|g| g == gender);
    fn in_sentence<'l>(doc: &Doc, list: &'l [(usize, usize)], offset: usize, s: usize) -> impl Iterator<Item = (usize, usize)> + 'l {
        let (from, to) = (doc.sentences[s].start, doc.sentences[s].end);
        // The list is sorted by start: the sentence's mentions are one run of it.
        let earlier = before(list, offset);
        let (lo, hi) = (earlier.partition_point(|&(start, _)| start < from), earlier.partition_point(|&(start, _)| start < to));
        earlier[lo..hi.max(lo)].iter().copied()
    }
    for list in candidates {
        if let Some((_, ei)) = in_sentence(doc, list, offset, si).filter(|(_, ei)| fits(*ei)).last() {
            return Some((ei, format!("latest fitting person in the sentence ({})", entities[ei].name)));
        }
    }
    for s in (si.saturating_sub(4)..si).rev() {
        for list in candidates {
            if let Some((_, ei)) = in_sentence(doc, list, offset, s).find(|(_, ei)| fits(*ei)) {
                return Some((ei, format!("first fitting person of an earlier sentence ({})", entities[ei].name)));
            }
        }
    }
    None
}

/// "The republic": the latest state mentioned before it, passing over the state that is the
/// subject of its own clause ("Warsaw calls for sanctions against the republic").
fn state_mentions(entities: &[Entity]) -> Vec<(usize, usize, usize)> {
    let mut mentions: Vec<(usize, usize, usize)> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityType::Gpe && e.country.is_some() && kb().country(e.country.as_deref().unwrap_or("")).is_some_and(|c| c.name == e.name))
        .flat_map(|(ei, e)| e.mentions.iter().chain(e.references.iter()).map(move |m| (m.start, m.end, ei)))
        .collect();
    mentions.sort_unstable();
    mentions
}

fn resolve_state(doc: &Doc, entities: &[Entity], all: &[(usize, usize, usize)], span: Span) -> Option<(usize, String)> {
    let end = all.partition_point(|m| m.1 <= span.start);
    let mentions = &all[end.saturating_sub(LOOKBACK)..end];
    let si = doc.sentence_at(span.start);
    let mut skip_subject = None;
    if let Some(&(start, end, ei)) = mentions.last() {
        let same_sentence = doc.sentence_at(start) == si;
        let followed_by_verb = doc.text.get(end..).and_then(|r| r.split_whitespace().next()).is_some_and(|w| w.starts_with(char::is_lowercase));
        if same_sentence && followed_by_verb {
            skip_subject = Some(ei);
        }
    }
    mentions
        .iter()
        .rev()
        .find(|(_, _, ei)| Some(*ei) != skip_subject)
        .map(|&(_, _, ei)| (ei, format!("latest state mentioned ({})", entities[ei].name)))
}

#[cfg(test)]
mod lowercase_contains_tests {
    use super::lowercase_contains;

    #[test]
    fn lowercase_contains_equals_the_lower_cased_copy() {
        for name in ["Foreign Ministry", "ACME Company", "Zürich Agency", "x", "", "\u{212A}ommission"] {
            for lower in ["ministry", "company", "agency", "", "kommission", "zürich agency", "x"] {
                assert_eq!(lowercase_contains(name, lower), name.to_lowercase().contains(lower), "{name} {lower}");
            }
        }
        assert!(lowercase_contains("Foreign MINISTRY", "ministry"));
        assert!(!lowercase_contains("Ministry", "ministries"));
    }
}

#[cfg(test)]
mod taken_tests {
    use super::Taken;
    use newsgraph_doc::Span;
    use proptest::prelude::*;

    proptest! {
        /// Merging new items into a sorted list gives the list that sorting all of them gives.
        #[test]
        fn merged_equals_sorting_everything(
            sorted in prop::collection::vec((0usize..50, 0usize..4), 0..60),
            more in prop::collection::vec((0usize..50, 0usize..4), 0..20),
        ) {
            let mut sorted = sorted;
            sorted.sort_unstable();
            let mut everything = [sorted.clone(), more.clone()].concat();
            everything.sort();
            prop_assert_eq!(super::merged(&sorted, more), everything);
        }

        /// The furthest-end shortcut answers as reading the last 64 spans before the end does.
        #[test]
        fn overlaps_as_the_scan_of_earlier_spans(
            raw in prop::collection::vec((0usize..400, 0usize..30), 0..120),
            probes in prop::collection::vec((0usize..420, 0usize..30), 1..40),
        ) {
            let consumed: Vec<Span> = raw.iter().map(|&(s, len)| Span::new(s, s + len)).collect();
            let taken = Taken::new(&[], &consumed);
            // Merged in two parts, the same list.
            let half = consumed.len() / 2;
            let merged = Taken::new(&[], &consumed[..half]).with(&consumed[half..]);
            prop_assert_eq!(&merged.spans, &taken.spans);
            prop_assert_eq!(&merged.reach, &taken.reach);
            for (s, len) in probes {
                let span = Span::new(s, s + len);
                let i = taken.spans.partition_point(|t| t.start < span.end);
                let scanned = taken.spans[..i].iter().rev().take(64).any(|t| t.overlaps(span));
                prop_assert_eq!(taken.overlaps(span), scanned, "{:?}", span);
            }
        }
    }
}
