//! Actor mentions: every place in the text where an actor (a coded entity) is named, described or
//! referred to, with its country and sector as the events stage codes them.
//!
//! They come from the entities stage (names, metonyms, demonyms, nominals, pronouns, all linked
//! to coded entities); a nationality adjective followed by an actor noun takes the noun's sector
//! ("Russian troops" → MIL). Names the entities stage did not take up are looked up in the
//! knowledge base's name index, so that a country, capital or international body still counts.

use crate::lexicon::Lexicon;
use newsgraph_doc::{Actor, Doc, EntityType, MentionKind};
use newsgraph_knowledge::{kb, on_word_boundaries, Named};
use std::borrow::Cow;

#[derive(Debug, Clone)]
pub struct ActorMention<'a> {
    pub start: usize,
    pub end: usize,
    /// Index of the entity in `doc.entities`, when the mention came from the entities stage.
    pub entity: Option<usize>,
    pub actor: MentionActor<'a>,
}

/// The actor of a mention, its texts borrowed from the document, the lexicon or the knowledge
/// base where they can be: a document has thousands of mentions and few of them become an
/// event's source or target, which alone are copied ([`MentionActor::to_actor`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MentionActor<'a> {
    pub entity: Option<&'a str>,
    pub name: Cow<'a, str>,
    pub country: Option<Cow<'a, str>>,
    pub sector: Option<Cow<'a, str>>,
}

impl MentionActor<'_> {
    /// The actor as the output holds it.
    pub fn to_actor(&self) -> Actor {
        Actor {
            entity: self.entity.map(str::to_string),
            name: self.name.to_string(),
            country: self.country.as_deref().map(str::to_string),
            sector: self.sector.as_deref().map(str::to_string),
        }
    }
}

impl ActorMention<'_> {
    /// True when both mentions stand for the same actor.
    pub fn same_actor(&self, other: &ActorMention) -> bool {
        match (&self.actor.entity, &other.actor.entity) {
            (Some(a), Some(b)) => a == b,
            _ => self.actor.name == other.actor.name,
        }
    }
}

/// The sector an actor noun right after the mention gives ("Polish officials"), looking past
/// other nationality adjectives and "and" ("Hungarian and Romanian officials").
fn noun_sector<'l>(doc: &Doc, lex: &'l Lexicon, end: usize) -> Option<&'l str> {
    let first = doc.token_at_or_after(end);
    for t in doc.tokens.iter().skip(first).take(5) {
        let w = t.text(&doc.text);
        if let Some(s) = lex.actor_noun_sector(w) {
            return Some(s);
        }
        let capitalised = w.chars().next().is_some_and(char::is_uppercase);
        // "Estonia's parliament", "Poland’s government"
        let possessive = matches!(w, "'s" | "’s" | "'" | "’");
        if !(possessive || w == "and" || w == "," || capitalised || w.chars().all(|c| c.is_lowercase()) && w.len() > 2 && is_adjective_like(w)) {
            return None;
        }
    }
    None
}

/// Modifiers that may stand between a nationality and its noun ("Russian civilian advisers").
fn is_adjective_like(w: &str) -> bool {
    ["senior", "top", "local", "regional", "federal", "civilian", "military", "riot", "border", "security", "rebel", "opposition", "foreign", "interim", "new", "former"].contains(&w)
}

/// Every actor mention of the document, in text order, nested ones removed (the outer mention
/// keeps the inner one's country when it has none).
pub fn actor_mentions<'a>(doc: &'a Doc, lex: &'a Lexicon) -> Vec<ActorMention<'a>> {
    // Sized for every mention and reference (and a few names found below) up front: the
    // mentions are large, and growing the list step by step moved them several times.
    const EXTRA_NAMES: usize = 16;
    let mention_count: usize = doc.entities.iter().map(|e| e.mentions.len() + e.references.len()).sum();
    let mut out: Vec<ActorMention> = Vec::with_capacity(mention_count + EXTRA_NAMES);
    for (ei, e) in doc.entities.iter().enumerate() {
        if e.kind == EntityType::Loc && e.country.is_none() {
            continue;
        }
        // Mentions and references in stored order: the sort below puts them in text order, and
        // equal spans keep this order, as they would after `all_mentions`' own sort.
        for m in e.mentions.iter().chain(e.references.iter()) {
            if doc.text.get(m.start..m.end).is_none() {
                continue;
            }
            let mut sector = e.sector.as_deref().map(Cow::Borrowed);
            // A capital standing for its state acts as the government ("Warsaw calls for …").
            if m.kind == MentionKind::Metonym && sector.is_none() {
                sector = Some(Cow::Borrowed("GOV"));
            }
            if m.kind == MentionKind::Demonym || (m.kind == MentionKind::Name && e.kind == EntityType::Gpe) {
                if let Some(s) = noun_sector(doc, lex, m.end) {
                    sector = Some(Cow::Borrowed(s));
                } else if m.kind == MentionKind::Demonym {
                    sector = None;
                }
            }
            out.push(ActorMention {
                start: m.start,
                end: m.end,
                entity: Some(ei),
                actor: MentionActor { entity: Some(&e.id), name: Cow::Borrowed(&e.name), country: e.country.as_deref().map(Cow::Borrowed), sector },
            });
        }
    }
    // Names the entities stage did not cover.
    let k = kb();
    let mut covered: Vec<(usize, usize)> = out.iter().map(|m| (m.start, m.end)).collect();
    covered.sort_unstable();
    // Longest end among spans starting at or before each position, for overlap tests.
    let mut reach = Vec::with_capacity(covered.len());
    let mut far = 0;
    for &(_, e) in &covered {
        far = far.max(e);
        reach.push(far);
    }
    // `find_names`, its boundary test and readings taken only for names left uncovered (most are
    // covered).
    for (start, end, surface) in k.name_spans(&doc.text) {
        let i = covered.partition_point(|&(s, _)| s < end);
        if i > 0 && reach[i - 1] > start || !on_word_boundaries(&doc.text, start, end) {
            continue;
        }
        let Some(&named) = k.surface_readings(surface).iter().find(|r| matches!(r, Named::Country(_) | Named::Capital(_) | Named::Seat(_) | Named::Demonym(_) | Named::Igo(_))) else {
            continue;
        };
        let (country, sector, code) = k.actor_of(named);
        let mut sector = sector.map(Cow::Owned);
        if matches!(named, Named::Demonym(_) | Named::Country(_)) {
            if let Some(s) = noun_sector(doc, lex, end) {
                sector = Some(Cow::Borrowed(s));
            }
        }
        let name = match named {
            Named::Country(i) | Named::Capital(i) | Named::Seat(i) | Named::Demonym(i) => Cow::Borrowed(k.countries[i].name.as_str()),
            Named::Igo(i) => code.map_or_else(|| Cow::Borrowed(k.igos[i].name.as_str()), Cow::Owned),
            _ => Cow::Borrowed(doc.text.get(start..end).unwrap_or("")),
        };
        // After the entities' mentions, in text order among themselves (`covered` was taken
        // before these were added).
        out.push(ActorMention { start, end, entity: None, actor: MentionActor { entity: None, name, country: country.map(Cow::Owned), sector } });
    }
    // Text order, longer first at one start, listed order among equal spans (a stable sort): the
    // indices are sorted, not the mentions, which are large to move.
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_unstable_by_key(|&i| (out[i].start, std::cmp::Reverse(out[i].end), i));
    let mut slots: Vec<Option<ActorMention>> = out.into_iter().map(Some).collect();
    // Drop mentions nested in an earlier, longer one; the outer one inherits a missing code.
    let mut kept: Vec<ActorMention<'a>> = Vec::with_capacity(slots.len());
    for m in order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)) {
        if let Some(outer) = kept.last_mut() {
            if m.start >= outer.start && m.end <= outer.end {
                if outer.actor.country.is_none() && outer.actor.sector.as_deref() != Some("IGO") {
                    outer.actor.country = m.actor.country.clone();
                    if outer.actor.sector.is_none() {
                        outer.actor.sector = m.actor.sector.clone();
                    }
                }
                continue;
            }
        }
        kept.push(m);
    }
    inherit_countries(doc, lex, &mut kept);
    kept
}

/// The country a name inside a mention's text gives ("Radical French farmers" → FRA), or the
/// international body it names.
fn country_inside(text: &str) -> Option<(Option<String>, Option<String>)> {
    let k = kb();
    k.find_names(text).find_map(|(_, _, readings)| {
        readings.iter().find_map(|r| match r {
            Named::Country(_) | Named::Demonym(_) | Named::Capital(_) | Named::Seat(_) => Some((k.actor_of(*r).0, None)),
            Named::Igo(_) => Some((None, k.actor_of(*r).1)),
            _ => None,
        })
    })
}

/// The most words between two mentions of one noun phrase.
const TITLE_GAP_WORDS: usize = 6;

/// Whether the words between two mentions only continue one noun phrase: titles, capitalised
/// words, "of", a possessive ("U.S. Secretary of State Warren Christopher", "Iran's religious
/// leader Ruhollah Khomeini").
fn title_gap(lex: &Lexicon, gap: &str) -> bool {
    // Seven words at most are read: the gap may be a whole paragraph (the previous mention can be
    // far back), and a seventh word already rules it out.
    let mut words = [""; TITLE_GAP_WORDS + 1];
    let mut count = 0;
    for (slot, w) in words.iter_mut().zip(gap.split_whitespace()) {
        *slot = w;
        count += 1;
    }
    count <= TITLE_GAP_WORDS
        && words[..count].iter().all(|w| {
            let w = w.trim_end_matches(['\'', '’']);
            matches!(w, "'s" | "’s" | "s" | "of" | "") || w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with(',') || is_adjective_like(w) || lex.actor_noun_sector(w).is_some() || w.ends_with("ous") || w.ends_with("al") || w.ends_with("ic")
        })
}

/// Actors without a country take it from a name inside them, or from a country standing right
/// before them in the same noun phrase, or from an apposition after them ("X, Algeria's leading
/// activist").
fn inherit_countries(doc: &Doc, lex: &Lexicon, mentions: &mut [ActorMention<'_>]) {
    for i in 0..mentions.len() {
        if mentions[i].actor.country.is_some() || mentions[i].actor.sector.as_deref() == Some("IGO") {
            continue;
        }
        let (start, end) = (mentions[i].start, mentions[i].end);
        if let Some((country, sector)) = doc.text.get(start..end).and_then(country_inside) {
            if country.is_some() {
                mentions[i].actor.country = country.map(Cow::Owned);
            } else if mentions[i].actor.sector.is_none() {
                mentions[i].actor.sector = sector.map(Cow::Owned);
            }
            continue;
        }
        if i > 0 {
            let prev = &mentions[i - 1];
            let gap = doc.text.get(prev.end..start).unwrap_or(",");
            let igo = prev.actor.sector.as_deref() == Some("IGO");
            if (prev.actor.country.is_some() || igo) && prev.end <= start && title_gap(lex, gap) {
                // "Arab League Secretary General X" speaks for the body.
                let (c, s) = (prev.actor.country.clone(), prev.actor.sector.clone());
                mentions[i].actor.country = c;
                if igo {
                    mentions[i].actor.sector = s;
                }
                continue;
            }
        }
        if let Some(next) = mentions.get(i + 1) {
            let gap = doc.text.get(end..next.start).unwrap_or("x");
            let coded = next.actor.country.is_some() || next.actor.sector.as_deref() == Some("IGO");
            // "X, Algeria's leading activist", "X, UN secretary-general": the word after the next
            // mention is read only when a comma alone separates them from a coded one.
            let titled = || {
                let after = doc.text.get(next.end..).unwrap_or("");
                let next_word = after.split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_lowercase();
                after.starts_with("'s") || after.starts_with("’s") || lex.actor_noun_sector(&next_word).is_some() || kb().title(&next_word).is_some()
            };
            if coded && gap.trim() == "," && titled() {
                let (c, sector) = (next.actor.country.clone(), next.actor.sector.clone());
                mentions[i].actor.country = c;
                if sector.as_deref() == Some("IGO") {
                    mentions[i].actor.sector = sector;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::lexicon;

    #[test]
    fn title_gap_takes_up_to_six_title_words_and_no_more() {
        let lex = lexicon();
        assert!(title_gap(lex, " Secretary of State "));
        assert!(title_gap(lex, "'s religious leader "));
        assert!(title_gap(lex, ""));
        // Six capitalised words pass, a seventh rules the gap out however it reads.
        assert!(title_gap(lex, " Alpha Beta Gamma Delta Epsilon Zeta "));
        assert!(!title_gap(lex, " Alpha Beta Gamma Delta Epsilon Zeta Eta "));
        assert!(!title_gap(lex, " Alpha Beta Gamma Delta Epsilon Zeta Eta and a long sentence of ordinary words after it. "));
        // An ordinary lower-case word breaks the noun phrase.
        assert!(!title_gap(lex, " met the "));
    }
}
