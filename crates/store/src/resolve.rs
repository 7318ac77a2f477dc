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

use crate::normalize::{normalize_name, within_one_edit};
use newsgraph_doc::{Entity, EntityType, MentionKind};
use newsgraph_knowledge::{kb, AbbrevKind};
use rusqlite::{params, Connection};
use std::collections::HashMap;

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

/// The resolution key of an entity (see the module account).
pub fn entity_key(e: &Entity) -> String {
    key_with_norm(e, &normalize_name(&clean_name(&e.name, e.kind)))
}

/// What resolution reads of an entity that depends on the entity alone: its clean name, the
/// normalised form, its key and its aliases with their normalised forms. Computed where the
/// article was extracted (see `DocMeta::prepared`), or by the writer when not given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityKeys {
    name: String,
    norm: String,
    key: String,
    /// (normalised alias, alias).
    alias_keys: Vec<(String, String)>,
}

impl EntityKeys {
    pub fn of(e: &Entity) -> Self {
        let name = clean_name(&e.name, e.kind);
        let norm = normalize_name(&name);
        let key = key_with_norm(e, &norm);
        // The aliases start with the clean name, whose normal form is `norm`.
        let alias_keys = aliases_after(e, name.clone())
            .into_iter()
            .enumerate()
            .map(|(i, a)| (if i == 0 { norm.clone() } else { normalize_name(&a) }, a))
            .collect();
        EntityKeys { name, norm, key, alias_keys }
    }
}

/// [`entity_key`] for the normalised clean name already computed.
fn key_with_norm(e: &Entity, norm: &str) -> String {
    let country = e.country.as_deref().unwrap_or("");
    if let Some(code) = e.code.as_deref().filter(|c| !c.is_empty()) {
        return format!("IGO:{}", code.to_uppercase());
    }
    match e.kind {
        EntityType::Person => format!("PERSON:{norm}|{country}"),
        EntityType::Org | EntityType::Media => format!("{}:{norm}|{country}", e.kind.as_str()),
        EntityType::Gpe | EntityType::Loc => format!("{}:{norm}", e.kind.as_str()),
    }
}

/// The proper-name forms by which the article refers to the entity, canonical name first.
/// Titles are taken off people's names ("Mr. Putin" is the alias "Putin").
pub fn aliases(e: &Entity) -> Vec<String> {
    aliases_after(e, clean_name(&e.name, e.kind))
}

/// [`aliases`] for the clean name already computed.
fn aliases_after(e: &Entity, clean: String) -> Vec<String> {
    let mut out = vec![clean];
    // Mentions repeat the same words ("Putin" … "Putin"): each text is cleaned once.
    let mut seen: Vec<&str> = Vec::new();
    for m in &e.mentions {
        if matches!(m.kind, MentionKind::Name | MentionKind::Handle) {
            if seen.contains(&m.text.as_str()) {
                continue;
            }
            seen.push(&m.text);
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
fn unique<'a>(cands: impl Iterator<Item = (i64, Option<&'a str>)>, country: Option<&str>) -> Option<i64> {
    let mut ids: Vec<i64> = cands.filter(|(_, c)| compatible(*c, country)).map(|(id, _)| id).collect();
    ids.sort_unstable();
    ids.dedup();
    (ids.len() == 1).then(|| ids[0])
}

/// Rows that resolution added to `corpus_entities` and `entity_aliases` (for their counts in
/// `table_counts`).
#[derive(Debug, Default, Clone, Copy)]
pub struct NewRows {
    pub entities: i64,
    pub aliases: i64,
}

/// A corpus entity as resolution sees it: the columns of `corpus_entities` the rules read, and
/// what a batch changed.
#[derive(Debug, Clone)]
struct Known {
    key: String,
    kind: &'static str,
    name: String,
    norm_name: String,
    given: Option<String>,
    surname: Option<String>,
    tokens: i64,
    country: Option<String>,
    sector: Option<String>,
    code: Option<String>,
    /// Its aliases: (alias_key, alias as first written, count).
    aliases: Vec<(String, String, i64)>,
    /// How many of `aliases` (the first ones) are stored in the database.
    stored_aliases: usize,
    /// Documents and mentions the batch adds; aliases whose counts it changed.
    add_documents: i64,
    add_mentions: i64,
    touched_aliases: Vec<usize>,
    touched: bool,
}

fn type_from_name(t: &str) -> &'static str {
    ["PERSON", "ORG", "MEDIA", "GPE", "LOC"].into_iter().find(|k| *k == t).unwrap_or("ORG")
}

/// Cross-document resolution against an in-memory copy of `corpus_entities` and
/// `entity_aliases`, loaded once and kept in step by the writer: the rules of the module account
/// answered from hash maps instead of several SQL lookups per entity, and each batch's changes
/// written once per corpus entity and alias at the end of the batch ([`Resolver::flush`]).
///
/// The copy is valid while this connection is the only one writing: [`Resolver::is_current`]
/// compares SQLite's `data_version`, which moves when another connection commits, and a stale
/// or failed copy is loaded again.
#[derive(Debug, Default)]
pub struct Resolver {
    entities: Vec<Known>,
    /// Corpus id of `entities[i]`.
    ids: Vec<i64>,
    by_id: HashMap<i64, usize>,
    by_key: HashMap<String, usize>,
    /// "TYPE|norm_name" → entities.
    by_norm: HashMap<String, Vec<usize>>,
    /// A person's surname (last name token) → people.
    by_surname: HashMap<String, Vec<usize>>,
    /// A person's given name (first name token) → people.
    by_given: HashMap<String, Vec<usize>>,
    by_alias: HashMap<String, Vec<usize>>,
    next_id: i64,
    /// Entities the current batch touched, in first-touch order.
    touched: Vec<usize>,
    /// Corpus entities the current batch inserted.
    new_entities: i64,
    data_version: i64,
}

fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

impl Resolver {
    /// Read the corpus entities and aliases of `conn`.
    pub fn load(conn: &Connection) -> rusqlite::Result<Resolver> {
        let mut r = Resolver { data_version: data_version(conn)?, next_id: 1, ..Default::default() };
        let mut st = conn.prepare("SELECT id, key, type, name, norm_name, given, surname, tokens, country, sector, code FROM corpus_entities ORDER BY id")?;
        let mut rows = st.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let kind: String = row.get(2)?;
            let known = Known {
                key: row.get(1)?,
                kind: type_from_name(&kind),
                name: row.get(3)?,
                norm_name: row.get(4)?,
                given: row.get(5)?,
                surname: row.get(6)?,
                tokens: row.get(7)?,
                country: row.get(8)?,
                sector: row.get(9)?,
                code: row.get(10)?,
                aliases: Vec::new(),
                stored_aliases: 0,
                add_documents: 0,
                add_mentions: 0,
                touched_aliases: Vec::new(),
                touched: false,
            };
            r.add(id, known);
        }
        let mut st = conn.prepare("SELECT alias_key, entity_id, alias, count FROM entity_aliases")?;
        let mut rows = st.query([])?;
        while let Some(row) = rows.next()? {
            let (key, id, alias, count): (String, i64, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
            if let Some(&i) = r.by_id.get(&id) {
                r.by_alias.entry(key.clone()).or_default().push(i);
                r.entities[i].aliases.push((key, alias, count));
                r.entities[i].stored_aliases += 1;
            }
        }
        Ok(r)
    }

    /// Does this copy still match the database (no other connection has committed since)?
    pub fn is_current(&self, conn: &Connection) -> rusqlite::Result<bool> {
        Ok(data_version(conn)? == self.data_version)
    }

    fn add(&mut self, id: i64, known: Known) -> usize {
        let i = self.entities.len();
        self.by_key.insert(known.key.clone(), i);
        self.by_norm.entry(format!("{}|{}", known.kind, known.norm_name)).or_default().push(i);
        if let Some(s) = &known.surname {
            self.by_surname.entry(s.clone()).or_default().push(i);
        }
        if let Some(g) = &known.given {
            self.by_given.entry(g.clone()).or_default().push(i);
        }
        self.entities.push(known);
        self.ids.push(id);
        self.by_id.insert(id, i);
        self.next_id = self.next_id.max(id + 1);
        i
    }

    fn candidates<'a>(&'a self, list: Option<&'a Vec<usize>>, keep: impl Fn(&Known) -> bool + 'a) -> impl Iterator<Item = (i64, Option<&'a str>)> + 'a {
        list.into_iter().flatten().filter(move |&&i| keep(&self.entities[i])).map(move |&i| (self.ids[i], self.entities[i].country.as_deref()))
    }

    /// Find or create the corpus entity of `e` and count this document's mention of it and its
    /// aliases. A new corpus entity is inserted at once (the article's rows refer to it);
    /// counts, aliases and display names are written by [`Resolver::flush`]. Returns its id.
    pub fn resolve(&mut self, conn: &Connection, e: &Entity) -> rusqlite::Result<i64> {
        self.resolve_keyed(conn, e, &EntityKeys::of(e))
    }

    /// [`Resolver::resolve`] with the entity's keys computed beforehand (by an extraction thread,
    /// so that the single writer does less). Borrowed: most entities and aliases are known
    /// already, and only a new one keeps a copy (cloning the keys of every entity cost the
    /// writer about 1,200 instructions per article; callgrind, 3,000 articles).
    pub fn resolve_keyed(&mut self, conn: &Connection, e: &Entity, keys: &EntityKeys) -> rusqlite::Result<i64> {
        let EntityKeys { name, norm, key, alias_keys } = keys;
        let kind = e.kind.as_str();
        let country = e.country.as_deref();
        let tokens: Vec<&str> = norm.split(' ').filter(|t| !t.is_empty()).collect();
        let mut found: Option<i64> = None;
        if e.kind == EntityType::Person && tokens.len() == 1 {
            // 4. A surname alone joins the one full-name person who carries it (tried before its own
            //    key, so a bare surname seen before the full name does not keep attracting mentions).
            found = unique(self.candidates(self.by_surname.get(tokens[0]), |k| k.kind == kind && k.tokens >= 2), country);
        }
        if found.is_none() {
            found = self.by_key.get(key).map(|&i| self.ids[i]);
        }
        if found.is_none() && e.code.is_none() && !norm.is_empty() {
            // 1. Same name, compatible country.
            found = unique(self.candidates(self.by_norm.get(&format!("{kind}|{norm}")), |_| true), country);
            if found.is_none() && e.kind == EntityType::Person {
                // 2. A known alias among the cluster's full names (several tokens: a surname alone is
                //    handled by step 4, which checks it is unambiguous).
                for (a, _) in alias_keys {
                    if a.split(' ').count() < 2 {
                        continue;
                    }
                    if let Some(id) = unique(self.candidates(self.by_alias.get(a), |k| k.kind == kind && given_names_agree(&k.norm_name, norm)), country) {
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
                    let fits = |k: &Known| k.kind == kind && k.tokens as usize == tokens.len() && k.surname.as_deref().is_some_and(|s| s != surname && within_one_edit(s, surname));
                    found = unique(self.candidates(self.by_given.get(given), fits), country);
                }
            }
        }
        let i = match found.and_then(|id| self.by_id.get(&id).copied()) {
            Some(i) => {
                // Fill in what the corpus entity lacked; its display name is settled by
                // `flush` from the aliases it is most often called by.
                let k = &mut self.entities[i];
                if k.country.is_none() {
                    k.country = e.country.clone();
                }
                if k.sector.is_none() {
                    k.sector = e.sector.clone();
                }
                k.add_documents += 1;
                k.add_mentions += e.mentions.len() as i64;
                i
            }
            None => {
                let (given, surname) = if e.kind == EntityType::Person && !tokens.is_empty() { (tokens.first().copied(), tokens.last().copied()) } else { (None, None) };
                let known = Known {
                    key: key.clone(),
                    kind,
                    name: name.clone(),
                    norm_name: norm.clone(),
                    given: given.map(str::to_string),
                    surname: surname.map(str::to_string),
                    tokens: tokens.len() as i64,
                    country: e.country.clone(),
                    sector: e.sector.clone(),
                    code: e.code.clone(),
                    aliases: Vec::new(),
                    stored_aliases: 0,
                    add_documents: 1,
                    add_mentions: e.mentions.len() as i64,
                    touched_aliases: Vec::new(),
                    touched: false,
                };
                let id = self.next_id;
                conn.prepare_cached(
                    "INSERT INTO corpus_entities (id, key, type, name, norm_name, given, surname, tokens, country, sector, code, documents, mentions) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, 0)",
                )?
                .execute(params![id, known.key, known.kind, known.name, known.norm_name, known.given, known.surname, known.tokens, known.country, known.sector, known.code])?;
                self.new_entities += 1;
                self.add(id, known)
            }
        };
        for (k, alias) in alias_keys {
            if k.is_empty() {
                continue;
            }
            let known = &mut self.entities[i];
            match known.aliases.iter().position(|a| a.0 == *k) {
                Some(j) => {
                    known.aliases[j].2 += 1;
                    known.touched_aliases.push(j);
                }
                None => {
                    known.touched_aliases.push(known.aliases.len());
                    known.aliases.push((k.clone(), alias.clone(), 1));
                    self.by_alias.entry(k.clone()).or_default().push(i);
                }
            }
        }
        if !self.entities[i].touched {
            self.entities[i].touched = true;
            self.touched.push(i);
        }
        Ok(self.ids[i])
    }

    /// Write what the batch resolved: counts and filled-in country and
    /// sector of known ones, aliases and their counts, and the display name of every entity
    /// touched (its most frequent alias of several words, ties to the shorter, then the first
    /// in byte order; else its name as first seen). Adds the rows created to `new`.
    pub fn flush(&mut self, conn: &Connection, new: &mut NewRows) -> rusqlite::Result<()> {
        new.entities += std::mem::take(&mut self.new_entities);
        let mut update = conn.prepare_cached("UPDATE corpus_entities SET name = ?2, country = ?3, sector = ?4, documents = documents + ?5, mentions = mentions + ?6 WHERE id = ?1")?;
        let mut insert_alias = conn.prepare_cached("INSERT INTO entity_aliases (alias_key, entity_id, alias, count) VALUES (?1, ?2, ?3, ?4)")?;
        let mut update_alias = conn.prepare_cached("UPDATE entity_aliases SET count = ?3 WHERE alias_key = ?1 AND entity_id = ?2")?;
        for i in std::mem::take(&mut self.touched) {
            let id = self.ids[i];
            let k = &mut self.entities[i];
            if let Some(best) = display_name(&k.aliases) {
                k.name = best;
            }
            update.execute(params![id, k.name, k.country, k.sector, k.add_documents, k.add_mentions])?;
            let mut touched = std::mem::take(&mut k.touched_aliases);
            touched.sort_unstable();
            touched.dedup();
            for j in touched {
                let (key, alias, count) = &k.aliases[j];
                // Aliases are only ever appended: the first `stored_aliases` are in the database.
                if j >= k.stored_aliases {
                    insert_alias.execute(params![key, id, alias, count])?;
                    new.aliases += 1;
                } else {
                    update_alias.execute(params![key, id, count])?;
                }
            }
            k.stored_aliases = k.aliases.len();
            k.add_documents = 0;
            k.add_mentions = 0;
            k.touched = false;
        }
        Ok(())
    }
}

/// The display name among an entity's aliases: the most frequent one of several words, ties to
/// the shorter (in characters), then the first in byte order; None when no alias has several
/// words (the name stays as it is).
fn display_name(aliases: &[(String, String, i64)]) -> Option<String> {
    aliases
        .iter()
        .filter(|(key, _, _)| key.contains(' '))
        .min_by(|a, b| (std::cmp::Reverse(a.2), a.1.chars().count(), a.1.as_str()).cmp(&(std::cmp::Reverse(b.2), b.1.chars().count(), b.1.as_str())))
        .map(|(_, alias, _)| alias.clone())
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
