//! Cross-document entity resolution: each entity of an article is linked to one corpus entity.
//!
//! Keys: a person is keyed by the normalised full canonical name and country ("vladimir putin|RUS"),
//! an international body by its code, a state or place by its name, an organisation by its name
//! and country. When the exact key is new, the resolver tries, in order and only when exactly one
//! candidate fits (never guessing between two):
//! 1. the same normalised name with a compatible country (one of them unknown);
//! 2. an alias: any proper-name mention of the article's entity cluster already recorded as an
//!    alias of one corpus person ("Putin" linked to "Vladimir Putin" in an earlier article);
//! 3. for a full personal name, a spelling variant: same given name, surname within one edit of
//!    at least five letters, compatible country (Lukashenko / Lukashenka);
//! 4. for a surname alone, the one full-name person with that surname and a compatible country.
//!    Two different people who share a surname never merge: their full names key them apart, and
//!    a bare surname shared by two of them stays an entity of its own.

use crate::normalize::{edit_distance, normalize_name};
use newsgraph_doc::{Entity, EntityType, MentionKind};
use newsgraph_knowledge::{kb, AbbrevKind};
use rusqlite::{params, Connection, OptionalExtension};

/// A person's name without the titles and honorifics before it ("President Vladimir Putin",
/// "Mr. Putin", "former Sen. Tim Kaine" → "Vladimir Putin", "Putin", "Tim Kaine"); titles come
/// from the knowledge tables. Other names are only trimmed.
pub fn clean_name(name: &str, kind: EntityType) -> String {
    // Stray punctuation at the edges (". Obama", "Putin,") is no part of a name.
    let mut s = name.trim_matches(|c: char| !(c.is_alphanumeric() || c == '@' || c == '.' || c == ')')).trim_start_matches('.').trim();
    if kind != EntityType::Person {
        return s.to_string();
    }
    let k = kb();
    loop {
        let first_end = s.find(char::is_whitespace).unwrap_or(s.len());
        let first = s.get(..first_end).unwrap_or("");
        let rest = s.get(first_end..).unwrap_or("").trim_start();
        if rest.is_empty() {
            break;
        }
        let bare = first.trim_end_matches('.');
        let honorific = matches!(k.abbreviations.get(bare), Some(AbbrevKind::Title));
        // A lower-case word before a name is a description ("former", "the", "ex-").
        let lower = first.chars().next().is_some_and(char::is_lowercase);
        if honorific || lower {
            s = rest;
            continue;
        }
        match k.find_titles(s).find(|&(start, end, _)| start == 0 && end < s.len()) {
            Some((_, end, _)) => {
                let after = s.get(end..).unwrap_or("").trim_start_matches(['.', ',']).trim_start();
                if after.is_empty() || !after.chars().next().is_some_and(char::is_uppercase) {
                    break;
                }
                s = after;
            }
            None => break,
        }
    }
    s.trim_end_matches("'s").trim_end_matches("’s").to_string()
}

/// Could two normalised personal names be the same person? Given names must agree (or one be
/// the other's initial) when both are written; "Michelle Obama" is never "Barack Obama".
fn given_names_agree(a: &str, b: &str) -> bool {
    let ta: Vec<&str> = a.split(' ').collect();
    let tb: Vec<&str> = b.split(' ').collect();
    if ta.len() < 2 || tb.len() < 2 {
        return true;
    }
    let (ga, gb) = (ta[0], tb[0]);
    ga == gb || (ga.chars().count() == 1 && gb.starts_with(ga)) || (gb.chars().count() == 1 && ga.starts_with(gb))
}

pub fn type_name(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "PERSON",
        EntityType::Org => "ORG",
        EntityType::Media => "MEDIA",
        EntityType::Gpe => "GPE",
        EntityType::Loc => "LOC",
    }
}

/// The resolution key of an entity (see the module account).
pub fn entity_key(e: &Entity) -> String {
    let norm = normalize_name(&clean_name(&e.name, e.kind));
    let country = e.country.as_deref().unwrap_or("");
    if let Some(code) = e.code.as_deref().filter(|c| !c.is_empty()) {
        return format!("IGO:{}", code.to_uppercase());
    }
    match e.kind {
        EntityType::Person => format!("PERSON:{norm}|{country}"),
        EntityType::Org | EntityType::Media => format!("{}:{norm}|{country}", type_name(e.kind)),
        EntityType::Gpe | EntityType::Loc => format!("{}:{norm}", type_name(e.kind)),
    }
}

/// The proper-name forms by which the article refers to the entity, canonical name first.
/// Titles are taken off people's names ("Mr. Putin" is the alias "Putin").
pub fn aliases(e: &Entity) -> Vec<String> {
    let mut out = vec![clean_name(&e.name, e.kind)];
    for m in &e.mentions {
        if matches!(m.kind, MentionKind::Name | MentionKind::Handle) {
            let t = clean_name(&m.text, e.kind);
            if !t.is_empty() && !out.iter().any(|o| *o == t) {
                out.push(t);
            }
        }
    }
    out
}

fn compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Pick the single candidate (id, country) compatible with `country`, if exactly one is.
fn unique(cands: Vec<(i64, Option<String>)>, country: Option<&str>) -> Option<i64> {
    let fit: Vec<i64> = cands.into_iter().filter(|(_, c)| compatible(c.as_deref(), country)).map(|(id, _)| id).collect();
    let mut ids = fit.clone();
    ids.sort_unstable();
    ids.dedup();
    (ids.len() == 1).then(|| ids[0])
}

fn candidates(conn: &Connection, sql: &str, a: &str, b: &str) -> rusqlite::Result<Vec<(i64, Option<String>)>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(params![a, b], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Rows that resolution added to `corpus_entities` and `entity_aliases` (for their counts in
/// `table_counts`).
#[derive(Debug, Default, Clone, Copy)]
pub struct NewRows {
    pub entities: i64,
    pub aliases: i64,
}

/// Find or create the corpus entity of `e`; records its aliases and counts. Returns its id.
pub fn resolve(conn: &Connection, e: &Entity) -> rusqlite::Result<i64> {
    resolve_counting(conn, e, &mut NewRows::default())
}

/// [`resolve`], adding to `new` the rows it created.
pub fn resolve_counting(conn: &Connection, e: &Entity, new: &mut NewRows) -> rusqlite::Result<i64> {
    let key = entity_key(e);
    let name = clean_name(&e.name, e.kind);
    let norm = normalize_name(&name);
    let kind = type_name(e.kind);
    let country = e.country.as_deref();
    let tokens: Vec<&str> = norm.split(' ').filter(|t| !t.is_empty()).collect();
    let mut found: Option<i64> = None;
    if e.kind == EntityType::Person && tokens.len() == 1 {
        // 4. A surname alone joins the one full-name person who carries it (tried before its own
        //    key, so a bare surname seen before the full name does not keep attracting mentions).
        let c = candidates(conn, "SELECT id, country FROM corpus_entities WHERE type = ?1 AND surname = ?2 AND tokens >= 2", kind, tokens[0])?;
        found = unique(c, country);
    }
    if found.is_none() {
        found = conn.prepare_cached("SELECT id FROM corpus_entities WHERE key = ?1")?.query_row([&key], |r| r.get(0)).optional()?;
    }
    if found.is_none() && e.code.is_none() && !norm.is_empty() {
        // 1. Same name, compatible country.
        found = unique(candidates(conn, "SELECT id, country FROM corpus_entities WHERE type = ?1 AND norm_name = ?2", kind, &norm)?, country);
        if found.is_none() && e.kind == EntityType::Person {
            // 2. A known alias among the cluster's full names (several tokens: a surname alone is
            //    handled by step 4, which checks it is unambiguous).
            for alias in aliases(e) {
                let a = normalize_name(&alias);
                if a.split(' ').count() < 2 {
                    continue;
                }
                let mut st = conn.prepare_cached(
                    "SELECT c.id, c.country, c.norm_name FROM entity_aliases a JOIN corpus_entities c ON c.id = a.entity_id WHERE c.type = ?1 AND a.alias_key = ?2",
                )?;
                let rows: Vec<(i64, Option<String>, String)> = st.query_map(params![kind, a], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
                let c = rows.into_iter().filter(|(_, _, n)| given_names_agree(n, &norm)).map(|(id, c, _)| (id, c)).collect();
                if let Some(id) = unique(c, country) {
                    found = Some(id);
                    break;
                }
            }
        }
        if found.is_none() && e.kind == EntityType::Person && tokens.len() >= 2 {
            // 3. Spelling variant of the surname with the same given name.
            let given = tokens[0];
            let surname = tokens[tokens.len() - 1];
            if surname.chars().count() >= 5 {
                let mut st = conn.prepare_cached("SELECT id, country, surname, tokens FROM corpus_entities WHERE type = ?1 AND given = ?2")?;
                let rows: Vec<(i64, Option<String>, Option<String>, i64)> = st.query_map(params![kind, given], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
                let c = rows
                    .into_iter()
                    .filter(|(_, _, s, n)| *n as usize == tokens.len() && s.as_deref().is_some_and(|s| s != surname && edit_distance(s, surname) <= 1))
                    .map(|(id, c, _, _)| (id, c))
                    .collect();
                found = unique(c, country);
            }
        }
    }
    let id = match found {
        Some(id) => {
            // Fill in what the corpus entity lacked; prefer the fuller name.
            // Fill in what the corpus entity lacked; its display name is settled by
            // `refresh_names` from the aliases it is most often called by.
            conn.prepare_cached(
                "UPDATE corpus_entities SET country = COALESCE(country, ?2), sector = COALESCE(sector, ?3), \
                 documents = documents + 1, mentions = mentions + ?4 WHERE id = ?1",
            )?
            .execute(params![id, e.country, e.sector, e.mentions.len() as i64])?;
            id
        }
        None => {
            let (given, surname) = if e.kind == EntityType::Person && !tokens.is_empty() { (tokens.first().copied(), tokens.last().copied()) } else { (None, None) };
            conn.prepare_cached(
                "INSERT INTO corpus_entities (key, type, name, norm_name, given, surname, tokens, country, sector, code, documents, mentions) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11)",
            )?
            .execute(params![key, kind, name, norm, given, surname, tokens.len() as i64, e.country, e.sector, e.code, e.mentions.len() as i64])?;
            new.entities += 1;
            conn.last_insert_rowid()
        }
    };
    let mut st = conn.prepare_cached(
        "INSERT INTO entity_aliases (alias_key, entity_id, alias, count) VALUES (?1, ?2, ?3, 1) \
         ON CONFLICT(alias_key, entity_id) DO UPDATE SET count = count + 1 RETURNING count",
    )?;
    for alias in aliases(e) {
        let k = normalize_name(&alias);
        if !k.is_empty() {
            // A count of 1 after the upsert: the alias row is new.
            let count: i64 = st.query_row(params![k, id, alias], |r| r.get(0))?;
            if count == 1 {
                new.aliases += 1;
            }
        }
    }
    Ok(id)
}

/// Give each of these corpus entities the display name it is most often called by: its most
/// frequent alias of several words (a full name over a bare surname), ties to the shorter.
pub fn refresh_names(conn: &Connection, ids: &[i64]) -> rusqlite::Result<()> {
    let mut st = conn.prepare_cached(
        "UPDATE corpus_entities SET name = COALESCE((SELECT alias FROM entity_aliases a WHERE a.entity_id = ?1 AND a.alias_key LIKE '% %' \
         ORDER BY a.count DESC, length(a.alias), a.alias LIMIT 1), name) WHERE id = ?1",
    )?;
    for id in ids {
        st.execute([id])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_off_personal_names() {
        let p = EntityType::Person;
        assert_eq!(clean_name("President Vladimir Putin", p), "Vladimir Putin");
        assert_eq!(clean_name("Mr. Putin", p), "Putin");
        assert_eq!(clean_name("former Sen. Tim Kaine", p), "Tim Kaine");
        assert_eq!(clean_name("Prime Minister Justin Trudeau", p), "Justin Trudeau");
        assert_eq!(clean_name("Hillary", p), "Hillary");
        assert_eq!(clean_name(". Obama,", p), "Obama");
        assert_eq!(clean_name("George W. Bush", p), "George W. Bush");
        assert_eq!(clean_name("President", p), "President");
        assert_eq!(clean_name("President of Lithuania", EntityType::Org), "President of Lithuania");
    }

    #[test]
    fn given_names_must_agree() {
        assert!(!given_names_agree("michelle obama", "barack obama"));
        assert!(given_names_agree("g bush", "george bush"));
        assert!(given_names_agree("obama", "barack obama"));
    }
}
