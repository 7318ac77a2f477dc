//! Grouping name mentions into entities within one document.

use crate::recognize::{NameHit, Referent};
use newsgraph_doc::{Doc, Entity, EntityType, Mention, MentionKind};
use newsgraph_knowledge::kb;
use foldhash::{HashMap, HashMapExt};

/// How many earlier entities a new name is compared with: keeps clustering linear on huge texts
/// (an article names far fewer).
const LOOKBACK: usize = 300;

fn words(s: &str) -> Vec<&str> {
    word_iter(s).collect()
}

/// The words of `s`, as `words` gives them, without collecting them: for the tests asked of
/// every earlier person at every name.
fn word_iter(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty())
}

/// Record the byte spans of the words of `name` as entity `ei`'s.
fn set_word_spans(spans: &mut Vec<Vec<(usize, usize)>>, ei: usize, name: &str) {
    if spans.len() <= ei {
        spans.resize(ei + 1, Vec::new());
    }
    // Each word is a slice of `name`: its offset is where it starts in memory.
    let base = name.as_ptr() as usize;
    spans[ei] = word_iter(name).map(|w| (w.as_ptr() as usize - base, w.as_ptr() as usize - base + w.len())).collect();
}

/// Two spellings of one surname: "Lukashenko"/"Lukashenka", "Zelensky"/"Zelenskyy".
pub fn spelling_variants(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // Asked for every earlier person at every name: characters are counted and compared in
    // place, without collecting them.
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    if a_len < 6 || b_len < 6 || a_len.abs_diff(b_len) > 1 {
        return false;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= a_len.min(b_len) - 1 && common >= 5
}

fn strip_article(s: &str) -> &str {
    s.strip_prefix("the ").or_else(|| s.strip_prefix("The ")).unwrap_or(s)
}

fn initials(name: &str) -> String {
    words(name).iter().filter(|w| w.starts_with(char::is_uppercase)).filter_map(|w| w.chars().next()).collect()
}

/// What makes two hits the same entity: a gazetteer row, or a name. (A typed key rather than a
/// formatted string: one `format!` per name hit was a tenth of the clustering.)
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Country(usize),
    Igo(usize),
    Outlet(usize),
    KnownOrg(usize),
    Place(String),
    /// An organisation by its lower-cased name.
    Org(String),
}

struct Builder {
    entities: Vec<Entity>,
    by_key: HashMap<Key, usize>,
    /// Per entity: typed only by default (unknown capitalised words), so open to retyping.
    weak: Vec<bool>,
}

impl Builder {
    fn add(&mut self, ei: usize, doc: &Doc, hit: &NameHit, reason: String) {
        let e = &mut self.entities[ei];
        e.mentions.push(Mention {
            start: hit.span.start,
            end: hit.span.end,
            text: doc.slice(hit.span).to_string(),
            kind: hit.mention_kind,
            reason,
        });
        if e.country.is_none() {
            e.country = hit.country.clone();
        }
        if e.sector.is_none() && hit.mention_kind != MentionKind::Metonym {
            e.sector = hit.sector.clone();
        }
        if e.gender.is_none() {
            e.gender = hit.gender;
        }
        for r in &hit.roles {
            if !e.roles.contains(r) {
                e.roles.push(r.clone());
            }
        }
    }

    /// Add `hit` to the entity filed under `key`, or start that entity: returns its index and
    /// whether it is new.
    fn keyed(&mut self, doc: &Doc, hit: &NameHit, key: Key, reason: String, name: impl FnOnce() -> String, kind: EntityType) -> (usize, bool) {
        match self.by_key.get(&key) {
            Some(&ei) => {
                self.add(ei, doc, hit, reason);
                (ei, false)
            }
            None => (self.create(doc, hit, name(), kind, Some(key)), true),
        }
    }

    fn create(&mut self, doc: &Doc, hit: &NameHit, name: String, kind: EntityType, key: Option<Key>) -> usize {
        let ei = self.entities.len();
        self.entities.push(Entity {
            id: String::new(),
            name,
            kind,
            country: None,
            sector: None,
            code: hit.code.clone(),
            roles: vec![],
            gender: None,
            mentions: vec![],
            references: vec![],
        });
        if let Some(k) = key {
            self.by_key.insert(k, ei);
        }
        self.weak.push(hit.weak);
        self.add(ei, doc, hit, hit.reason.to_string());
        ei
    }
}

/// Cluster hits into entities. Gazetteer referents share one entity per state, body, outlet or
/// place; people and organisations are matched by name form.
pub fn cluster(doc: &Doc, mut hits: Vec<NameHit>) -> Vec<Entity> {
    let k = kb();
    hits.sort_by_key(|h| h.span.start);
    let mut b = Builder { entities: Vec::new(), by_key: HashMap::new(), weak: Vec::new() };
    let mut persons: Vec<usize> = Vec::new();
    // First words of longer organisation names: "Ford" near "Ford Motor Company" is the company.
    let org_first_words: foldhash::HashSet<&str> = hits
        .iter()
        .filter(|h| h.referent == Referent::Org && !h.weak)
        .filter_map(|h| {
            let n = strip_article(doc.slice(h.name).trim());
            n.split_whitespace().nth(1).and(n.split_whitespace().next())
        })
        .collect();
    // Known organisations that the text names by more than one word ("Ford Motor Company").
    let orgs_named_in_full: std::collections::HashSet<usize> = hits
        .iter()
        .filter_map(|h| match h.referent {
            Referent::KnownOrg(i) if strip_article(doc.slice(h.name).trim()).contains(' ') => Some(i),
            _ => None,
        })
        .collect();
    // Per entity (by index) the byte spans of its name's words, for the people.
    let mut person_words: Vec<Vec<(usize, usize)>> = Vec::new();
    // People first, so that a lone surname typed as an organisation can find its person.
    for hit in hits.iter().filter(|h| h.referent == Referent::Person && h.mention_kind == MentionKind::Name) {
        let name = doc.slice(hit.name).trim().to_string();
        let ws = words(&name);
        let mut found: Option<(usize, String)> = None;
        if ws.len() == 1 {
            // "Sarah Smith … Sarah said": a lone
            // given name is the person it opens, unless it is set off in apposition as someone
            // new ("her brother, Paul, said").
            let apposition = doc.text.get(..hit.span.start).unwrap_or("").trim_end().ends_with(',');
            found = if apposition { family_name_first(&b, &persons, ws[0]) } else { first_word_of(&b, &persons, ws[0]) };
        }
        // The words of each earlier person's name, in one buffer for this name's comparisons.
        let mut pw: Vec<&str> = Vec::new();
        for &pi in persons.iter().rev().take(LOOKBACK) {
            if found.is_some() {
                break;
            }
            let pname = b.entities[pi].name.as_str();
            pw.clear();
            // Every name is compared with every earlier person's: their words are split once.
            match person_words.get(pi) {
                Some(spans) => pw.extend(spans.iter().map(|&(s, e)| pname.get(s..e).unwrap_or(""))),
                None => pw.extend(word_iter(pname)),
            }
            if pname == name {
                found = Some((pi, "same name".into()));
                break;
            }
            if ws.len() == 1 && pw.len() > 1 && pw[1..].iter().any(|w| spelling_variants(w, ws[0])) {
                found = Some((pi, format!("surname of {pname}")));
                break;
            }
            if ws.len() > 1 && pw.len() > 1 && ws[0] == pw[0] && spelling_variants(ws[ws.len() - 1], pw[pw.len() - 1]) {
                found = Some((pi, format!("spelling variant of {pname}")));
                break;
            }
            if ws.len() >= 2 && pw.len() >= 2 && (pw.starts_with(&ws) || ws.starts_with(&pw)) {
                found = Some((pi, format!("shorter or longer form of {pname}")));
                break;
            }
            if pw.len() == 1 && ws.len() > 1 && spelling_variants(pw[0], ws[ws.len() - 1]) {
                found = Some((pi, format!("full name of {pname}")));
                break;
            }
        }
        match found {
            Some((pi, reason)) => {
                b.add(pi, doc, hit, reason);
                if ws.len() > words(&b.entities[pi].name).len() {
                    set_word_spans(&mut person_words, pi, &name);
                    b.entities[pi].name = name;
                }
            }
            None => {
                set_word_spans(&mut person_words, b.entities.len(), &name);
                let pi = b.create(doc, hit, name, EntityType::Person, None);
                persons.push(pi);
            }
        }
    }
    for hit in &hits {
        if hit.referent == Referent::Person && hit.mention_kind == MentionKind::Name {
            continue;
        }
        let text = strip_article(doc.slice(hit.name).trim()).to_string();
        match &hit.referent {
            Referent::Person => {
                // A handle: attach to the person whose surname it contains.
                let handle = text.trim_start_matches('@').to_lowercase();
                let owner = persons.iter().rev().take(LOOKBACK).copied().find(|&pi| {
                    word_iter(&b.entities[pi].name).skip(1).any(|w| w.chars().count() >= 4 && handle.contains(&w.to_lowercase()))
                });
                if let Some(pi) = owner {
                    let reason = format!("handle contains the surname of {}", b.entities[pi].name);
                    b.add(pi, doc, hit, reason);
                }
            }
            Referent::Country(c) => {
                let reason = if hit.mention_kind == MentionKind::Metonym { hit.reason.to_string() } else { "same state".into() };
                let (ei, new) = b.keyed(doc, hit, Key::Country(*c), reason, || k.countries[*c].name.clone(), EntityType::Gpe);
                if new {
                    b.entities[ei].country = Some(k.countries[*c].iso3.clone());
                    b.entities[ei].sector = None;
                }
            }
            Referent::Igo(i) => {
                b.keyed(doc, hit, Key::Igo(*i), "same international body".into(), || k.igos[*i].name.clone(), EntityType::Org);
            }
            Referent::Outlet(i) => {
                b.keyed(doc, hit, Key::Outlet(*i), "same outlet".into(), || k.outlets[*i].name.clone(), EntityType::Media);
            }
            Referent::KnownOrg(i) => {
                // "Premier Alan Ford … Ford said": a lone word that is both a company's short name
                // and the surname of a person in the text is the person, unless the text also
                // names the company in full.
                if !text.contains(' ') && !orgs_named_in_full.contains(i) {
                    if let Some(pi) = person_with_surname(&b, &persons, &text, hit.span.start) {
                        let reason = format!("surname of {}", b.entities[pi].name);
                        let mut h = hit.clone();
                        h.span = h.name;
                        // The company's country and sector say nothing about the person.
                        h.country = None;
                        h.sector = None;
                        b.add(pi, doc, &h, reason);
                        continue;
                    }
                }
                b.keyed(doc, hit, Key::KnownOrg(*i), "same organisation".into(), || k.organisations[*i].name.clone(), EntityType::Org);
            }
            Referent::Place(p) => {
                b.keyed(doc, hit, Key::Place(p.clone()), "same place".into(), || text.clone(), hit.kind);
            }
            Referent::Org => {
                // A lone word that is a known person's surname is that person.
                if hit.weak && !text.contains(' ') && !org_first_words.contains(text.as_str()) {
                    if let Some((pi, reason)) = person_named_by_word(&b, &persons, &text, hit.span.start) {
                        let mut h = hit.clone();
                        h.span = h.name;
                        b.add(pi, doc, &h, reason);
                        continue;
                    }
                }
                let key = Key::Org(text.to_lowercase());
                if let Some(&ei) = b.by_key.get(&key) {
                    b.add(ei, doc, hit, "same name".into());
                    continue;
                }
                // A shorter form ("Foreign Ministry" after "Russian Foreign Ministry") or an
                // acronym of an earlier organisation ("GAO").
                let is_acronym = crate::words::is_acronym(&text);
                let acro = text.replace('.', "");
                // Built once, not for each earlier organisation.
                let spaced = format!(" {text}");
                let earlier = b.entities.iter().enumerate().rev().take(LOOKBACK).find(|(_, e)| {
                    matches!(e.kind, EntityType::Org | EntityType::Media)
                        && e.code.is_none()
                        && ((e.name.len() > text.len() && e.name.ends_with(&spaced) && text.contains(' '))
                            || (is_acronym && acro.len() >= 2 && initials(&e.name) == acro))
                });
                if let Some((ei, e)) = earlier {
                    let reason = if is_acronym { format!("acronym of {}", e.name) } else { format!("shorter form of {}", e.name) };
                    b.add(ei, doc, hit, reason);
                    b.by_key.insert(key, ei);
                    continue;
                }
                let ei = b.create(doc, hit, text.clone(), hit.kind, Some(key));
                if !hit.weak {
                    b.weak[ei] = false;
                }
            }
        }
    }
    people_from_surnames(&mut b);
    b.entities
}

/// The person whose name has `word` as a later word (a surname), preferring people already named
/// before `at`: "Kevin Smith … Smith said … his son Andrew Smith" keeps the middle mention with
/// Kevin, even though clustering sees every person before any lone word.
fn person_with_surname(b: &Builder, persons: &[usize], word: &str, at: usize) -> Option<usize> {
    let has_surname = |pi: usize| word_iter(&b.entities[pi].name).skip(1).any(|w| spelling_variants(w, word));
    let named_before = |pi: usize| b.entities[pi].mentions.first().is_some_and(|m| m.start < at);
    let candidates = || persons.iter().rev().take(LOOKBACK).copied().filter(|&pi| has_surname(pi));
    candidates().find(|&pi| named_before(pi)).or_else(|| candidates().next())
}

/// The person a lone unknown word names: by surname, or by family name in a name written family
/// name first.
fn person_named_by_word(b: &Builder, persons: &[usize], word: &str, at: usize) -> Option<(usize, String)> {
    if let Some(pi) = person_with_surname(b, persons, word, at) {
        return Some((pi, format!("surname of {}", b.entities[pi].name)));
    }
    family_name_first(b, persons, word)
}

/// The person whose full name opens with `word`: the one named most often so far, then the latest.
fn first_word_of(b: &Builder, persons: &[usize], word: &str) -> Option<(usize, String)> {
    most_named(b, persons, |pw| pw[0] == word).map(|pi| (pi, format!("first word of {}", b.entities[pi].name)))
}

/// Among earlier people whose name words pass `fits` (two or more words), the one named most often
/// so far, then the latest.
fn most_named(b: &Builder, persons: &[usize], fits: impl Fn(&[&str]) -> bool) -> Option<usize> {
    // One buffer for every person's words: this runs for each earlier person.
    let mut pw: Vec<&str> = Vec::new();
    let mut best: Option<usize> = None;
    for &pi in persons.iter().rev().take(LOOKBACK) {
        pw.clear();
        pw.extend(word_iter(&b.entities[pi].name));
        if pw.len() > 1 && fits(&pw) {
            best = match best {
                Some(bi) if b.entities[bi].mentions.len() >= b.entities[pi].mentions.len() => Some(bi),
                _ => Some(pi),
            };
        }
    }
    best
}

/// "Liu Zhenwei … Liu said", "Kim Sang-ho … Kim said": a lone word that opens an earlier full
/// name written family name first. That order is assumed when the opening word is no known given
/// name, or when the name ends in a hyphenated given name with a lower-case second part (Korean
/// names); otherwise a lone "Paul" is rather someone else called Paul than "Paul Smith".
/// Several such people (two Kims): the one named most often so far, then the latest.
fn family_name_first(b: &Builder, persons: &[usize], word: &str) -> Option<(usize, String)> {
    let given_name = kb().first_names.contains_key(word);
    most_named(b, persons, |pw| {
        pw[0] == word && (!given_name || pw[pw.len() - 1].split_once('-').is_some_and(|(_, rest)| rest.starts_with(char::is_lowercase)))
    })
    .map(|pi| (pi, format!("family name of {}", b.entities[pi].name)))
}

/// "Phil Mickelson … Mickelson said": two unknown names where the later one is the earlier's last
/// word are a person named by full name and then by surname (organisations are shortened by their
/// first word, "Northrop" for "Northrop Grumman", not their last).
fn people_from_surnames(b: &mut Builder) {
    let k = kb();
    let mut remove = Vec::new();
    for full in 0..b.entities.len() {
        let e = &b.entities[full];
        // The cheap tests first: most entities are no weak organisation.
        if !b.weak[full] || e.kind != EntityType::Org {
            continue;
        }
        let ws = words(&e.name);
        if !(2..=3).contains(&ws.len()) || ws.iter().any(|w| crate::words::is_acronym(w)) {
            continue;
        }
        let last = ws[ws.len() - 1].to_string();
        let Some(short) = (full + 1..b.entities.len().min(full + LOOKBACK)).find(|&o| o != full && b.weak[o] && b.entities[o].kind == EntityType::Org && b.entities[o].name == last) else {
            continue;
        };
        let full_name = b.entities[full].name.clone();
        let moved: Vec<Mention> = std::mem::take(&mut b.entities[short].mentions)
            .into_iter()
            .map(|mut m| {
                m.reason = format!("surname of {full_name}");
                m
            })
            .collect();
        let e = &mut b.entities[full];
        e.kind = EntityType::Person;
        e.sector = None;
        e.gender = e.gender.or_else(|| k.first_names.get(ws_first(&full_name)).copied().flatten());
        e.mentions.extend(moved);
        remove.push(short);
    }
    remove.sort_unstable();
    remove.dedup();
    for i in remove.into_iter().rev() {
        b.entities.remove(i);
        b.weak.remove(i);
    }
}

fn ws_first(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::{set_word_spans, spelling_variants, words};

    #[test]
    fn word_spans_slice_the_words() {
        let mut spans = Vec::new();
        let name = " Ana\u{a0}María  de\tla Cruz ";
        set_word_spans(&mut spans, 2, name);
        assert_eq!(spans.len(), 3);
        assert!(spans[0].is_empty());
        let sliced: Vec<&str> = spans[2].iter().map(|&(s, e)| &name[s..e]).collect();
        assert_eq!(sliced, words(name));
        assert_eq!(sliced, ["Ana", "María", "de", "la", "Cruz"]);
    }

    #[test]
    fn variants() {
        assert!(spelling_variants("Lukashenko", "Lukashenka"));
        assert!(spelling_variants("Zelensky", "Zelenskyy"));
        assert!(!spelling_variants("Johnson", "Jackson"));
        assert!(!spelling_variants("Kim", "Kin"));
    }
}
