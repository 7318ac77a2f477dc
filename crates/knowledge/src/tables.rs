//! Typed tables built from the TSV files, and the name index over them.

use crate::tsv::parse_tsv;
use crate::prefix::PrefixIndex;
use crate::FilteredMap;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use newsgraph_doc::Gender;
use foldhash::{HashMap, HashMapExt};

#[derive(Debug, Clone)]
pub struct Country {
    pub iso3: String,
    pub iso2: String,
    pub name: String,
    pub official_name: Option<String>,
    pub aliases: Vec<String>,
    pub demonyms: Vec<String>,
    pub capital: Option<String>,
    pub capital_aliases: Vec<String>,
    /// Other places whose name stands for the government (White House, Kremlin).
    pub seats: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Igo {
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub seat: Option<String>,
    /// IGO or NGO.
    pub sector: String,
    pub kind: String,
}

#[derive(Debug, Clone)]
pub struct Outlet {
    pub name: String,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub kind: String,
}

/// A known organisation that is no state, international body or outlet (a party, an armed
/// group, a company, a security service).
#[derive(Debug, Clone)]
pub struct Organisation {
    pub name: String,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
}

/// A city, region, province or world region.
#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub kind: String,
}

#[derive(Debug, Clone)]
pub struct Title {
    pub title: String,
    pub sector: Option<String>,
    /// 1 heads of state or government, 2 ministers and heads of bodies, 3 the rest.
    pub rank: u8,
}

#[derive(Debug, Clone)]
pub struct OrgWord {
    pub entity_type: String,
    pub sector: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Nominal {
    /// PERSON, ORG, GPE, IGO, DOC…
    pub refers_to: String,
    pub sector: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Pronoun {
    pub gender: Option<Gender>,
    pub plural: bool,
    /// personal | possessive | reflexive | neuter …
    pub kind: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Before a name; never ends a sentence.
    Title,
    /// Before a day number.
    Month,
    /// Ends a sentence only before a typical sentence opener.
    Other,
}

/// What a surface form names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Country(usize),
    /// A capital city (also the government when used as an actor).
    Capital(usize),
    /// A seat of government that is not the capital city ("White House", "Kremlin").
    Seat(usize),
    Demonym(usize),
    Igo(usize),
    Outlet(usize),
    Place(usize),
    Organisation(usize),
}

pub struct Knowledge {
    pub countries: Vec<Country>,
    pub igos: Vec<Igo>,
    pub outlets: Vec<Outlet>,
    pub organisations: Vec<Organisation>,
    pub places: Vec<Place>,
    pub titles: Vec<Title>,
    pub first_names: FilteredMap<Option<Gender>>,
    pub org_words: FilteredMap<OrgWord>,
    pub nominals: FilteredMap<Nominal>,
    pub pronouns: HashMap<String, Pronoun>,
    pub abbreviations: FilteredMap<AbbrevKind>,
    /// Capitalised words that never name an actor (units, currencies, indices).
    pub not_names: FilteredMap<()>,
    /// Every surface form → what it names (several readings possible: "Georgia").
    pub names: FilteredMap<Vec<Named>>,
    /// The surfaces (`surfaces.keys()`, sorted), searched at each position where one of them can
    /// start.
    surfaces: PrefixIndex,
    /// The first two bytes of every surface that starts with a [`swar_start_byte`], indexed
    /// `first << 8 | second` (a one-byte surface marks all 256 of its pairs): such a name match
    /// can begin only where such a pair is. [`PAIR_STARTS_SHORT`] marks pairs that begin a surface
    /// of at most three bytes, [`PAIR_STARTS_LONG`] those that begin a longer one.
    name_starts: Box<[u8]>,
    /// One bit per [`prefix_slot`] of the first four bytes of every surface of four bytes or more
    /// starting with a [`swar_start_byte`]: most capitalised words share a pair with some name
    /// ("Mi", "Th") but no four bytes, and a search there would fail.
    name_prefixes: Box<[u64]>,
    /// The other surfaces ("al-Shabaab", "euro zone"): few, and starting with bytes too common in
    /// prose to test one by one, so searched unanchored (with its prefilter).
    odd_start_matcher: AhoCorasick,
    /// Lower-cased title forms → index in `titles`.
    pub title_forms: FilteredMap<usize>,
    /// The title forms (`title_surfaces.keys()`), for `find_titles`.
    title_surfaces: PrefixIndex,
    /// The index in `titles` of each of `title_surfaces.keys()`.
    title_of_surface: Vec<usize>,
    country_by_iso3: HashMap<String, usize>,
}

fn owned(v: Vec<&str>) -> Vec<String> {
    v.into_iter().map(str::to_string).collect()
}

impl Knowledge {
    pub fn load() -> Knowledge {
        let countries: Vec<Country> = parse_tsv(data_file!("countries.tsv"))
            .iter()
            .filter(|r| r.get("iso3").len() == 3)
            .map(|r| Country {
                iso3: r.get("iso3").to_string(),
                iso2: r.get("iso2").to_string(),
                name: r.get("name").to_string(),
                official_name: r.opt("official_name").map(str::to_string),
                aliases: owned(r.list("aliases")),
                demonyms: owned(r.list("demonyms")),
                capital: r.opt("capital").map(str::to_string),
                capital_aliases: owned(r.list("capital_aliases")),
                seats: owned(r.list("seats")),
            })
            .collect();
        let igos: Vec<Igo> = parse_tsv(data_file!("igos.tsv"))
            .iter()
            .filter(|r| !r.get("code").is_empty())
            .map(|r| Igo {
                code: r.get("code").to_string(),
                name: r.get("name").to_string(),
                aliases: owned(r.list("aliases")),
                seat: r.opt("seat").map(str::to_string),
                sector: r.opt("sector").unwrap_or("IGO").to_string(),
                kind: r.get("kind").to_string(),
            })
            .collect();
        let outlets: Vec<Outlet> = parse_tsv(data_file!("outlets.tsv"))
            .iter()
            .filter(|r| !r.get("name").is_empty())
            .map(|r| Outlet {
                name: r.get("name").to_string(),
                aliases: owned(r.list("aliases")),
                country: r.opt("country").map(str::to_string),
                kind: r.get("kind").to_string(),
            })
            .collect();
        let organisations: Vec<Organisation> = parse_tsv(data_file!("organisations.tsv"))
            .iter()
            .filter(|r| !r.get("name").is_empty())
            .map(|r| Organisation {
                name: r.get("name").to_string(),
                aliases: owned(r.list("aliases")),
                country: r.opt("country").map(str::to_string),
                sector: r.opt("sector").map(str::to_string),
            })
            .collect();
        let places: Vec<Place> = parse_tsv(data_file!("cities.tsv"))
            .iter()
            .filter(|r| !r.get("name").is_empty())
            .map(|r| Place {
                name: r.get("name").to_string(),
                aliases: owned(r.list("aliases")),
                country: r.opt("country").map(str::to_string),
                kind: r.get("kind").to_string(),
            })
            .collect();
        let mut titles = Vec::new();
        let mut title_forms = HashMap::new();
        for r in parse_tsv(data_file!("titles.tsv")) {
            let title = r.get("title");
            if title.is_empty() {
                continue;
            }
            let idx = titles.len();
            titles.push(Title {
                title: title.to_string(),
                sector: r.opt("sector").map(str::to_string),
                rank: r.get("rank").parse().unwrap_or(3),
            });
            for form in std::iter::once(title).chain(r.list("aliases")) {
                title_forms.entry(form.to_lowercase()).or_insert(idx);
            }
        }
        let gender = |g: &str| match g {
            "m" | "male" => Some(Gender::Male),
            "f" | "female" => Some(Gender::Female),
            _ => None,
        };
        // Sized for its rows up front: collected through a filter, the map would grow a dozen
        // times on the way to its 4,400 names.
        let first_name_rows = parse_tsv(data_file!("first_names.tsv"));
        let mut first_names = HashMap::with_capacity(first_name_rows.len());
        first_names.extend(
            first_name_rows.iter().filter(|r| !r.get("name").is_empty()).map(|r| (r.get("name").to_string(), gender(r.get("gender")))),
        );
        let org_words = parse_tsv(data_file!("org_words.tsv"))
            .iter()
            .filter(|r| !r.get("word").is_empty())
            .map(|r| {
                (
                    r.get("word").to_string(),
                    OrgWord { entity_type: r.opt("type").unwrap_or("ORG").to_string(), sector: r.opt("sector").map(str::to_string) },
                )
            })
            .collect();
        let nominals = parse_tsv(data_file!("nominals.tsv"))
            .iter()
            .filter(|r| !r.get("word").is_empty())
            .map(|r| {
                (
                    r.get("word").to_lowercase(),
                    Nominal { refers_to: r.get("refers_to").to_uppercase(), sector: r.opt("sector").map(str::to_string) },
                )
            })
            .collect();
        let pronouns = parse_tsv(data_file!("pronouns.tsv"))
            .iter()
            .filter(|r| !r.get("word").is_empty())
            .map(|r| {
                (
                    r.get("word").to_lowercase(),
                    Pronoun {
                        gender: gender(r.get("gender")),
                        plural: matches!(r.get("number"), "pl" | "plural"),
                        kind: r.get("kind").to_string(),
                    },
                )
            })
            .collect();
        let abbreviations = parse_tsv(data_file!("abbreviations.tsv"))
            .iter()
            .map(|r| {
                let kind = match r.get("kind") {
                    "title" => AbbrevKind::Title,
                    "month" => AbbrevKind::Month,
                    _ => AbbrevKind::Other,
                };
                (r.get("abbreviation").to_string(), kind)
            })
            .collect();
        let not_names = parse_tsv(data_file!("not_names.tsv")).iter().map(|r| (r.get("word").to_string(), ())).filter(|(w, _)| !w.is_empty()).collect();

        // Some 7,000 forms: sized up front instead of growing a dozen times.
        let mut names: HashMap<String, Vec<Named>> = HashMap::with_capacity(8192);
        let mut add = |form: &str, what: Named| {
            let form = form.trim();
            if form.is_empty() {
                return;
            }
            let readings = names.entry(form.to_string()).or_default();
            if !readings.contains(&what) {
                readings.push(what);
            }
        };
        for (i, c) in countries.iter().enumerate() {
            add(&c.name, Named::Country(i));
            if let Some(o) = &c.official_name {
                add(o, Named::Country(i));
            }
            for a in &c.aliases {
                add(a, Named::Country(i));
            }
            for d in &c.demonyms {
                add(d, Named::Demonym(i));
            }
            if let Some(cap) = &c.capital {
                add(cap, Named::Capital(i));
            }
            for a in &c.capital_aliases {
                add(a, Named::Capital(i));
            }
            for s in &c.seats {
                add(s, Named::Seat(i));
            }
        }
        for (i, o) in igos.iter().enumerate() {
            add(&o.name, Named::Igo(i));
            for a in &o.aliases {
                add(a, Named::Igo(i));
            }
        }
        for (i, o) in outlets.iter().enumerate() {
            add(&o.name, Named::Outlet(i));
            for a in &o.aliases {
                add(a, Named::Outlet(i));
            }
        }
        for (i, o) in organisations.iter().enumerate() {
            add(&o.name, Named::Organisation(i));
            for a in &o.aliases {
                add(a, Named::Organisation(i));
            }
        }
        for (i, p) in places.iter().enumerate() {
            add(&p.name, Named::Place(i));
            for a in &p.aliases {
                add(a, Named::Place(i));
            }
        }
        for r in parse_tsv(data_file!("seat_metonyms.tsv")) {
            if let Some(i) = igos.iter().position(|o| o.code == r.get("stands_for")) {
                let readings = names.entry(r.get("name").to_string()).or_default();
                readings.retain(|n| *n != Named::Igo(i));
                readings.insert(0, Named::Igo(i));
            }
        }
        // Forms starting with "the " also match without it; the article is not part of a name.
        let extra: Vec<(String, Vec<Named>)> = names
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("the ").or_else(|| k.strip_prefix("The ")).map(|s| (s.to_string(), v.clone())))
            .collect();
        for (k, v) in extra {
            names.entry(k).or_insert(v);
        }
        names.retain(|k, _| !k.starts_with("the ") && !k.starts_with("The "));
        let surfaces = PrefixIndex::new(names.keys().cloned().collect());
        let mut name_starts = vec![0u8; 1 << 16].into_boxed_slice();
        let mut name_prefixes = vec![0u64; PREFIX_SLOTS / 64].into_boxed_slice();
        let (swar_started, odd_started): (Vec<&String>, Vec<&String>) =
            surfaces.keys().iter().partition(|s| swar_start_byte(s.as_bytes()[0]));
        // A contiguous NFA, not the DFA the builder picks for so few surfaces: the prefilter finds
        // nearly every match, and the DFA cost 1.4 M instructions more to build at each start.
        let odd_start_matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&odd_started)
            .expect("odd-start name automaton builds");
        for s in swar_started {
            let bytes = s.as_bytes();
            let first = usize::from(bytes[0]) << 8;
            match (bytes.get(1), bytes.first_chunk::<4>()) {
                (None, _) => name_starts[first..first + 256].iter_mut().for_each(|f| *f |= PAIR_STARTS_SHORT),
                (Some(&second), None) => name_starts[first | usize::from(second)] |= PAIR_STARTS_SHORT,
                (Some(&second), Some(prefix)) => {
                    name_starts[first | usize::from(second)] |= PAIR_STARTS_LONG;
                    let slot = prefix_slot(*prefix);
                    name_prefixes[slot / 64] |= 1 << (slot % 64);
                }
            }
        }
        let title_surfaces = PrefixIndex::new(title_forms.keys().cloned().collect());
        let title_of_surface = title_surfaces.keys().iter().map(|form| title_forms[form]).collect();
        let country_by_iso3 = countries.iter().enumerate().map(|(i, c)| (c.iso3.clone(), i)).collect();
        Knowledge {
            countries,
            igos,
            outlets,
            organisations,
            places,
            titles,
            first_names: FilteredMap::new(first_names),
            org_words: FilteredMap::new(org_words),
            nominals: FilteredMap::new(nominals),
            pronouns,
            abbreviations: FilteredMap::new(abbreviations),
            not_names: FilteredMap::new(not_names),
            names: FilteredMap::new(names),
            surfaces,
            name_starts,
            name_prefixes,
            odd_start_matcher,
            title_forms: FilteredMap::new(title_forms),
            title_surfaces,
            title_of_surface,
            country_by_iso3,
        }
    }

    /// Every known name in `text`, leftmost-longest, on word boundaries: (start, end, readings).
    pub fn find_names<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize, &'a [Named])> + 'a {
        self.name_matches(text).filter_map(move |(start, end, surface)| {
            if !on_word_boundaries(text, start, end) {
                return None;
            }
            Some((start, end, self.surface_readings(surface)))
        })
    }

    /// The matches `find_names` is made of, boundaries not yet checked and readings not yet looked
    /// up: (start, end, surface). A caller that drops most matches for reasons of its own (the
    /// events' actors drop names the entities stage already took up) tests those first, then
    /// [`on_word_boundaries`], and looks up [`Knowledge::surface_readings`] of the rest alone.
    pub fn name_spans<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.name_matches(text)
    }

    /// The readings of a surface of [`Knowledge::name_spans`].
    pub fn surface_readings(&self, surface: usize) -> &[Named] {
        self.lookup(&self.surfaces.keys()[surface])
    }

    /// The non-overlapping leftmost-longest matches of the surfaces in `text`, as an unanchored
    /// search (`find_iter`) finds them, boundaries not yet checked. Exact: the leftmost match from
    /// a position starts at the first later position where some surface matches. For surfaces
    /// starting with a [`swar_start_byte`] that can only be a position holding one's first two
    /// bytes (or its only byte) and, for one of four bytes or more, its first four; for the others it is where the unanchored leftmost search of
    /// `odd_start_matcher` from that position finds its match, a position that stays right until
    /// the scan passes it. The longest surface at the earlier of the two is the match, and the next
    /// search resumes at its end, as `find_iter` does (no surface is empty). Continuation bytes of
    /// UTF-8 start no surface, so every candidate is a character boundary. Each match is
    /// (start, end, index in `surfaces.keys()`).
    fn name_matches<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        let bytes = text.as_bytes();
        let mut pos = 0;
        // Where the first odd-start surface match at or after an earlier `pos` begins (None: there
        // is none); still the first one at or after `pos` while it does not lie before it.
        let mut odd_searched = false;
        let mut odd_next: Option<usize> = None;
        std::iter::from_fn(move || {
            while pos < bytes.len() {
                if !odd_searched || odd_next.is_some_and(|o| o < pos) {
                    odd_next = self.odd_start_matcher.find(Input::new(text).range(pos..)).map(|m| m.start());
                    odd_searched = true;
                }
                let limit = odd_next.unwrap_or(bytes.len());
                let start = match self.swar_candidate(bytes, pos, limit) {
                    Some(candidate) => candidate,
                    None if limit < bytes.len() => limit,
                    None => return None,
                };
                match self.surfaces.longest_at(bytes, start, |b| b) {
                    Some((surface, len)) => {
                        pos = start + len;
                        return Some((start, pos, surface));
                    }
                    None => pos = start + 1,
                }
            }
            None
        })
    }

    /// The first position in `from..limit` where a surface starting with a [`swar_start_byte`]
    /// can begin: eight bytes are tested at once for such a byte (most words hold none), and only
    /// those are looked up in the pair table.
    fn swar_candidate(&self, bytes: &[u8], from: usize, limit: usize) -> Option<usize> {
        let is_pair = |p: usize| {
            // Past the end the second byte reads as 0: only one-byte surfaces can match there,
            // and they mark every pair (a wrong candidate would only cost a failed search).
            let second = bytes.get(p + 1).copied().unwrap_or(0);
            let starts = self.name_starts[usize::from(bytes[p]) << 8 | usize::from(second)];
            starts & PAIR_STARTS_SHORT != 0
                || starts & PAIR_STARTS_LONG != 0
                    && bytes.get(p..).and_then(<[u8]>::first_chunk::<4>).is_some_and(|prefix| {
                        let slot = prefix_slot(*prefix);
                        self.name_prefixes[slot / 64] >> (slot % 64) & 1 == 1
                    })
        };
        let mut p = from;
        while p + 8 <= limit {
            let word = u64::from_le_bytes(bytes[p..p + 8].try_into().unwrap_or([0; 8]));
            let mut starts = possible_start_bytes(word);
            while starts != 0 {
                let at = p + (starts.trailing_zeros() / 8) as usize;
                if is_pair(at) {
                    return Some(at);
                }
                starts &= starts - 1;
            }
            p += 8;
        }
        (p..limit).find(|&p| swar_start_byte(bytes[p]) && is_pair(p))
    }

    /// Every title form in `text` (case-insensitive), on word boundaries: (start, end, title index).
    /// Leftmost-longest and non-overlapping as an unanchored automaton search: the first position
    /// where some form begins gives the longest form there, and the next search starts at its end
    /// (also when the boundary test then drops it). The forms are lower case; the text's ASCII
    /// letters are lower-cased to meet them.
    pub fn find_titles<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        let bytes = text.as_bytes();
        let mut pos = 0;
        std::iter::from_fn(move || {
            while pos < bytes.len() {
                let start = pos;
                match self.title_surfaces.longest_at(bytes, start, |b| b.to_ascii_lowercase()) {
                    Some((surface, len)) => {
                        pos = start + len;
                        if on_word_boundaries(text, start, pos) {
                            return Some((start, pos, self.title_of_surface[surface]));
                        }
                    }
                    None => pos = start + 1,
                }
            }
            None
        })
    }

    /// The length of the longest title form that `text[start..]` begins with (its ASCII letters
    /// lower-cased to meet the forms) among the lengths that pass `accept`. Non-ASCII capitals
    /// are not folded: a caller reading text with them lower-cases it itself.
    #[inline]
    pub fn title_form_at(&self, text: &[u8], start: usize, accept: impl Fn(usize) -> bool) -> Option<usize> {
        self.title_surfaces.longest_at_where(text, start, |b| b.to_ascii_lowercase(), accept).map(|(_, len)| len)
    }

    /// The readings of an exact surface form.
    #[inline]
    pub fn lookup(&self, form: &str) -> &[Named] {
        self.names.get(form).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Does a lower-case noun describe an expert ("analyst", "expert": nominal sector EDU)?
    pub fn is_expert_noun(&self, noun: &str) -> bool {
        self.nominals.get(noun).is_some_and(|n| n.sector.as_deref() == Some("EDU"))
    }

    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.country_by_iso3.get(iso3).map(|&i| &self.countries[i])
    }

    /// The title row of a form ("foreign minister", "FM"), case-insensitive.
    pub fn title(&self, form: &str) -> Option<&Title> {
        // Every stage asks this of words and phrases; most are short ASCII, lower-cased here on
        // the stack instead of into a new String (and a second one for the stop).
        const SHORT: usize = 64;
        let mut buf = [0u8; SHORT];
        // One byte is kept for the stop of an abbreviation.
        let Some(lower) = crate::ascii_lowercase_in(form, &mut buf[..SHORT - 1]) else {
            return self.title_by_lowercase(form);
        };
        if let Some(&i) = self.title_forms.get(lower) {
            return Some(&self.titles[i]);
        }
        let n = lower.len();
        if n > 5 || form.ends_with('.') {
            return None;
        }
        buf[n] = b'.';
        let dotted = std::str::from_utf8(&buf[..=n]).ok()?;
        self.title_forms.get(dotted).map(|&i| &self.titles[i])
    }

    /// `title` for any form: lower-cased with Unicode's rules.
    fn title_by_lowercase(&self, form: &str) -> Option<&Title> {
        let lower = form.to_lowercase();
        // An abbreviation may come tokenised without its stop ("Sen" of "Sen."), and is listed with it.
        let found = self.title_forms.get(&lower).or_else(|| {
            (!lower.ends_with('.') && lower.len() <= 5).then(|| self.title_forms.get(&format!("{lower}."))).flatten()
        });
        found.map(|&i| &self.titles[i])
    }

    /// Actor code of a reading: (country, sector, igo code).
    pub fn actor_of(&self, named: Named) -> (Option<String>, Option<String>, Option<String>) {
        match named {
            Named::Country(i) | Named::Demonym(i) => (Some(self.countries[i].iso3.clone()), None, None),
            Named::Capital(i) | Named::Seat(i) => (Some(self.countries[i].iso3.clone()), Some("GOV".into()), None),
            Named::Igo(i) => (None, Some(self.igos[i].sector.clone()), Some(self.igos[i].code.clone())),
            Named::Outlet(i) => (self.outlets[i].country.clone(), Some("MED".into()), None),
            Named::Place(i) => (self.places[i].country.clone(), None, None),
            Named::Organisation(i) => (self.organisations[i].country.clone(), self.organisations[i].sector.clone(), None),
        }
    }
}

/// In `Knowledge::name_starts`: the pair begins a surface of one to three bytes.
const PAIR_STARTS_SHORT: u8 = 1;
/// In `Knowledge::name_starts`: the pair begins a surface of four bytes or more.
const PAIR_STARTS_LONG: u8 = 2;
/// Bits in `Knowledge::name_prefixes`: some 3,000 prefixes fill about one in twenty.
const PREFIX_SLOTS: usize = 1 << 16;

/// Where four bytes fall in `Knowledge::name_prefixes` (a multiplicative hash: its top bits).
fn prefix_slot(prefix: [u8; 4]) -> usize {
    let mixed = u64::from(u32::from_le_bytes(prefix)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - PREFIX_SLOTS.trailing_zeros())) as usize
}

/// Whether a surface starting with this byte is found through the pair table: an ASCII capital
/// or the lead byte of a two-byte UTF-8 character (Latin letters with marks), the bytes that
/// [`possible_start_bytes`] finds eight at a time.
fn swar_start_byte(byte: u8) -> bool {
    byte.is_ascii_uppercase() || byte & 0xE0 == 0xC0
}

/// Bit 6 of each byte of `word` of the form `x10x_xxxx` (0x40–0x5F, 0xC0–0xDF), the others zero:
/// every [`swar_start_byte`] and a few ASCII signs ('@', '[', '\\', ']', '^', '_'), in three
/// operations instead of an exact test's ten. The signs start no surface found through the
/// pair table, whose entries for them are empty, so `is_pair` turns them down.
fn possible_start_bytes(word: u64) -> u64 {
    // Bit 5 of each byte moved up to bit 6 (within the byte: only bit 7 crosses into the next).
    word & !(word << 1) & 0x4040_4040_4040_4040
}

/// True when `[start, end)` neither begins nor ends inside a word.
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let inner_first = text[start..end].chars().next();
    let inner_last = text[start..end].chars().next_back();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    !(word(before) && word(inner_first)) && !(word(after) && word(inner_last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_lookup_on_the_stack_agrees_with_lowercasing() {
        let k = crate::kb();
        let mut forms: Vec<String> = k.title_forms.keys().cloned().collect();
        forms.sort();
        let mut checked = 0;
        for form in &forms {
            let upper = form.to_uppercase();
            let undotted = form.trim_end_matches('.').to_string();
            let capitalised: String = form.chars().enumerate().map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c }).collect();
            for variant in [form.as_str(), &upper, &undotted, &capitalised, "", ".", "Zzq", "zz.", "Ministerial"] {
                let fast = k.title(variant).map(|t| t as *const Title);
                let slow = k.title_by_lowercase(variant).map(|t| t as *const Title);
                assert_eq!(fast, slow, "{variant:?}");
                checked += usize::from(fast.is_some());
            }
        }
        assert!(checked >= forms.len(), "every listed form is found: {checked} of {}", forms.len());
    }

    /// Pieces of text around the known names: whole names, names cut short or run on, glued to
    /// letters (so that a match fails the boundary test and still consumes text), ordinary words,
    /// punctuation and non-ASCII letters.
    fn name_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let k = crate::kb();
        let n = k.surfaces.keys().len();
        let piece = prop_oneof![
            (0..n).prop_map(move |i| crate::kb().surfaces.keys()[i].clone()),
            (0..n, 1usize..6).prop_map(move |(i, cut)| {
                let s = &crate::kb().surfaces.keys()[i];
                let keep = s.char_indices().map(|(b, _)| b).filter(|&b| b > 0).nth_back(cut.min(s.chars().count() - 1)).unwrap_or(s.len());
                s[..keep].to_string()
            }),
            Just(" ".to_string()),
            Just(" ".to_string()),
            Just(", ".to_string()),
            Just("the ".to_string()),
            Just("n".to_string()),
            Just("ian".to_string()),
            Just("-".to_string()),
            Just("’s".to_string()),
            Just("é".to_string()),
            Just("“".to_string()),
            Just("Σ".to_string()),
            Just("said".to_string()),
            Just("North".to_string()),
            Just("\n\n".to_string()),
        ];
        proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The anchored search at candidate positions finds exactly what an unanchored
        /// leftmost-longest search over the whole text finds.
        #[test]
        fn name_matches_equal_a_whole_text_search(text in name_text()) {
            let (found, expected) = name_matches_and_reference(&text);
            proptest::prop_assert_eq!(found, expected);
        }
    }

    type Spans = Vec<(usize, usize, usize)>;

    /// Pieces of text around the title forms: whole, cut short, in capitals or capitalised, glued
    /// to letters, between ordinary words and non-ASCII letters.
    fn title_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let n = crate::kb().title_surfaces.keys().len();
        let form = move |i: usize| crate::kb().title_surfaces.keys()[i].clone();
        let piece = prop_oneof![
            (0..n).prop_map(form),
            (0..n).prop_map(move |i| form(i).to_uppercase()),
            (0..n).prop_map(move |i| form(i).char_indices().map(|(b, c)| if b == 0 { c.to_ascii_uppercase() } else { c }).collect()),
            (0..n, 1usize..4).prop_map(move |(i, cut)| {
                let s = form(i);
                let keep = s.char_indices().map(|(b, _)| b).filter(|&b| b > 0).nth_back(cut.min(s.chars().count() - 1)).unwrap_or(s.len());
                s[..keep].to_string()
            }),
            Just(" ".to_string()),
            Just(" ".to_string()),
            Just("the ".to_string()),
            Just("s".to_string()),
            Just("-".to_string()),
            Just(".".to_string()),
            Just("É".to_string()),
            Just("é".to_string()),
            Just("Lithuanian".to_string()),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// `find_titles` finds what the ASCII case-insensitive leftmost-longest automaton over the
        /// forms finds, boundaries checked the same way.
        #[test]
        fn titles_equal_a_case_insensitive_automaton_search(text in title_text()) {
            use std::sync::OnceLock;
            static REFERENCE: OnceLock<AhoCorasick> = OnceLock::new();
            let k = crate::kb();
            let reference = REFERENCE.get_or_init(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(true)
                    .build(k.title_surfaces.keys())
                    .expect("reference builds")
            });
            let expected: Spans = reference
                .find_iter(&text)
                .filter(|m| on_word_boundaries(&text, m.start(), m.end()))
                .map(|m| (m.start(), m.end(), k.title_forms.get(&k.title_surfaces.keys()[m.pattern().as_usize()]).copied().unwrap_or(usize::MAX)))
                .collect();
            let found: Spans = k.find_titles(&text).collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn titles_found_in_a_phrase() {
        let k = crate::kb();
        let text = "the Foreign Minister and the PRIME MINISTER of Latvia";
        let found: Vec<&str> = k.find_titles(text).map(|(s, e, _)| &text[s..e]).collect();
        assert_eq!(found, ["Foreign Minister", "PRIME MINISTER of"]);
        let (_, _, title) = k.find_titles("deputy prime minister").next().expect("a title");
        assert_eq!(k.titles[title].title.to_lowercase(), "deputy prime minister");
    }

    /// `name_matches` of `text`, and what an unanchored search over the whole text finds.
    fn name_matches_and_reference(text: &str) -> (Spans, Spans) {
        use std::sync::OnceLock;
        static REFERENCE: OnceLock<AhoCorasick> = OnceLock::new();
        let k = crate::kb();
        let reference = REFERENCE.get_or_init(|| {
            AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(k.surfaces.keys()).expect("reference builds")
        });
        let expected = reference.find_iter(text).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
        let found = k.name_matches(text).collect();
        (found, expected)
    }

    #[test]
    fn lower_case_and_capital_surfaces_interleave_as_in_a_whole_text_search() {
        let k = crate::kb();
        // Surfaces starting with a lower-case letter are searched apart from the capitalised ones;
        // here they sit next to, inside and across capitalised ones.
        for text in [
            "The alliance warned al-Qaeda; the euro zone finance ministers met in Łódź.",
            "Lithuaniansalliance, Polandeuro area, al Qaedaal Qaeda and NATOalliance",
            "Ålanders and Åland Islands; mainland China and occupied West Bank.",
            "alliance and Warsaw",
            "dalliance of Warsaw",
        ] {
            let (found, expected) = name_matches_and_reference(text);
            assert_eq!(found, expected, "{text}");
            assert!(found.len() >= 2, "{text}: {found:?}");
        }
        let found: Vec<&str> = k.find_names("Ministers of the euro zone met in Vilnius.").map(|(s, e, _)| &"Ministers of the euro zone met in Vilnius."[s..e]).collect();
        assert_eq!(found, ["euro zone", "Vilnius"]);
    }

    #[test]
    fn eight_bytes_at_once_flag_the_bytes_tested_one_by_one() {
        assert!(swar_start_byte(b'A') && swar_start_byte(b'Z') && swar_start_byte(0xC5) && swar_start_byte(0xDF));
        // Eight bytes at once flag every such byte (among neighbours of every kind, each of them
        // checked too), and the others they flag begin no pair.
        let k = crate::kb();
        for first in 0..=255u8 {
            for shift in 0..8 {
                let bytes: [u8; 8] = std::array::from_fn(|i| if i == shift { first } else { [b'a', b'Z', 0xC3, 0x80, b' ', 0xE2, b'[', b'@'][i] });
                let flags = possible_start_bytes(u64::from_le_bytes(bytes));
                for (i, &b) in bytes.iter().enumerate() {
                    let flagged = flags >> (8 * i + 6) & 1 == 1;
                    assert_eq!(flags >> (8 * i) & !0x40 & 0xFF, 0);
                    assert!(flagged || !swar_start_byte(b), "byte {b:#x} at {i}");
                    if flagged && !swar_start_byte(b) {
                        assert!(k.name_starts[usize::from(b) << 8..][..256].iter().all(|&f| f == 0), "byte {b:#x} begins a pair");
                    }
                }
            }
        }
        assert!(!swar_start_byte(b'@') && !swar_start_byte(b'[') && !swar_start_byte(b'a') && !swar_start_byte(0xE2) && !swar_start_byte(0x99));
    }

    #[test]
    fn names_found_in_a_sentence() {
        let k = crate::kb();
        let text = "Officials in Vilnius and Warsaw met; Lithuanians watched.";
        let found: Vec<&str> = k.find_names(text).map(|(s, e, _)| &text[s..e]).collect();
        assert!(found.contains(&"Vilnius") && found.contains(&"Warsaw"), "{found:?}");
        // Glued to other letters a name is no match, and it hides nothing after it.
        let glued = "XVilniusWarsaw";
        assert_eq!(k.find_names(glued).count(), 0);
        assert!(!k.surfaces.keys().iter().any(String::is_empty));
    }

    #[test]
    fn boundaries() {
        assert!(on_word_boundaries("in Riga today", 3, 7));
        assert!(!on_word_boundaries("Trigamous", 1, 5));
    }
}
