//! Finding names: capitalised runs, peeled of titles and nationality adjectives, classified with
//! the gazetteers and context cues.

use crate::roles;
use crate::words::*;
use newsgraph_doc::{BlockRole, Doc, EntityType, Gender, MentionKind, Span, Token, TokenKind};
use newsgraph_knowledge::{kb, AbbrevKind, Named, WordFilter, WordList};
use std::sync::OnceLock;

/// What a name hit refers to, used as the clustering key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Referent {
    Country(usize),
    /// A city or region, by its gazetteer row or, when unknown, its name.
    Place(String),
    Igo(usize),
    Outlet(usize),
    /// A known organisation from the gazetteer.
    KnownOrg(usize),
    Org,
    Person,
}

/// One proper-name mention and what the rules concluded about it.
#[derive(Debug, Clone)]
pub struct NameHit {
    /// The mention as output (includes a leading "the" for organisations and places).
    pub span: Span,
    /// The bare name, used for canonical names and matching.
    pub name: Span,
    pub kind: EntityType,
    pub referent: Referent,
    pub mention_kind: MentionKind,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub code: Option<String>,
    pub roles: Vec<String>,
    pub gender: Option<Gender>,
    pub sentence: usize,
    /// True when the type is only the default guess (an unknown capitalised word).
    pub weak: bool,
    /// Why the type was chosen.
    pub reason: &'static str,
}

/// A title used on its own as a description ("the President of Belarus", "the President").
#[derive(Debug, Clone)]
pub struct TitleMention {
    pub span: Span,
    pub title: String,
    pub country: Option<String>,
    pub sentence: usize,
}

/// A nationality adjective ("Polish side", "Lithuanian minister").
#[derive(Debug, Clone)]
pub struct DemonymMention {
    pub span: Span,
    pub country: usize,
    pub sentence: usize,
}

#[derive(Debug, Default)]
pub struct Found {
    pub hits: Vec<NameHit>,
    pub titles: Vec<TitleMention>,
    pub demonyms: Vec<DemonymMention>,
    /// Text already read as part of a role description; references are not looked for in it.
    pub consumed: Vec<Span>,
}

/// Title modifiers that may precede a title ("Acting Chancellor", "former Prime Minister").
static TITLE_MODIFIERS: LowerWords = LowerWords::new(&["acting", "former", "interim", "outgoing", "incoming", "then", "newly", "elected", "current", "late"]);

/// Last words that make a capitalised run a document, law, event or prize rather than an actor.
/// Asked of every capitalised run's last word.
static NON_ACTOR_HEADS: WordList = WordList::new(&[
    "Treaty", "Agreement", "Accord", "Accords", "Act", "Convention", "Declaration", "Protocol", "Charter", "Plan",
    "Programme", "Program", "Initiative", "Strategy", "Doctrine", "Award", "Prize", "Cup", "Games", "Olympics", "Day",
    "Week", "Summit", "Conference", "Forum", "Festival", "Street", "Avenue", "Road", "Square", "Policy", "Affairs",
    "Bill", "Law", "Code", "Constitution", "Resolution", "Report", "Index", "Crisis", "War", "Operation", "Project",
]);

/// Adjectives capitalised in English but naming no actor.

struct Ctx<'a> {
    text: &'a str,
    toks: &'a [Token],
    doc: &'a Doc,
    /// Each token's text: `t` is asked close to a million times per 500 articles, and a slice
    /// read from a table costs less than slicing the text (bounds and character-boundary tests)
    /// at each call.
    words: Vec<&'a str>,
}

impl<'a> Ctx<'a> {
    /// Whether some word token of a sentence spells `w` and satisfies `test(index, sentence's
    /// first token)`. The fallback rules for unknown names ask this two or three times per
    /// document, so a scan costs less than indexing every word of every document; lengths are
    /// compared before bytes.
    fn any_word_spelled(&self, w: &str, test: impl Fn(usize, usize) -> bool) -> bool {
        let (text, bytes) = (self.text.as_bytes(), w.as_bytes());
        if bytes.is_empty() {
            return self.any_word_spelled_by_scan(w, test);
        }
        // A token spelled `w` starts where the text holds `w`: the text is searched (a vectorised
        // substring search, overlapping occurrences included) and only the tokens starting at
        // an occurrence are tested, in their sentences.
        let finder = memchr::memmem::Finder::new(bytes);
        let mut candidates: Vec<usize> = Vec::new();
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|rest| finder.find(rest)) {
            let at = from + found;
            let first = self.toks.partition_point(|t| t.start < at);
            candidates.extend((first..self.toks.len()).take_while(|&k| self.toks[k].start == at));
            from = at + 1;
        }
        if candidates.is_empty() {
            return false;
        }
        let n = self.toks.len();
        self.doc.sentences.iter().any(|s| {
            let range = s.tokens.start.min(n)..s.tokens.end.min(n);
            candidates.iter().any(|&k| {
                let t = &self.toks[k];
                range.contains(&k)
                    && t.end.wrapping_sub(t.start) == bytes.len()
                    && t.kind == TokenKind::Word
                    && text.get(t.start..t.end) == Some(bytes)
                    && test(k, s.tokens.start)
            })
        })
    }

    /// `any_word_spelled` by reading every token of every sentence.
    fn any_word_spelled_by_scan(&self, w: &str, test: impl Fn(usize, usize) -> bool) -> bool {
        let (text, bytes) = (self.text.as_bytes(), w.as_bytes());
        self.doc.sentences.iter().any(|s| {
            // The sentence's tokens as one slice: no bounds test per token.
            let n = self.toks.len();
            let toks = self.toks.get(s.tokens.start.min(n)..s.tokens.end.min(n)).unwrap_or(&[]);
            toks.iter().enumerate().any(|(k, t)| {
                t.end.wrapping_sub(t.start) == bytes.len()
                    && t.kind == TokenKind::Word
                    && text.get(t.start..t.end) == Some(bytes)
                    && test(s.tokens.start + k, s.tokens.start)
            })
        })
    }

    /// Whether the document writes `w`, a lower-case word, somewhere in lower case.
    fn occurs_in_lower_case(&self, w: &str) -> bool {
        w.starts_with(char::is_lowercase) && self.any_word_spelled(w, |_, _| true)
    }

    /// Whether the document capitalises `w` somewhere other than at a sentence start (or after
    /// a quotation mark or a stop).
    fn capitalised_inside_sentence(&self, w: &str) -> bool {
        !w.starts_with(char::is_lowercase)
            && self.any_word_spelled(w, |i, first| i > first && !matches!(self.toks[i - 1].kind, TokenKind::Quote) && self.t(i - 1) != ".")
    }

    fn t(&self, i: usize) -> &'a str {
        self.words.get(i).copied().unwrap_or("")
    }
    fn is_name_token(&self, i: usize) -> bool {
        let Some(tok) = self.toks.get(i) else { return false };
        // Asked of every token: most are lower-case ASCII words, told apart by their first byte.
        if tok.kind != TokenKind::Word || self.text.as_bytes().get(tok.start).is_some_and(u8::is_ascii_lowercase) {
            return false;
        }
        let s = tok.text(self.text);
        is_capitalised(s) && !s.starts_with('’') && !s.starts_with('\'') && !s.chars().any(|c| c.is_ascii_digit())
    }
    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.toks[a].start, self.toks[b - 1].end)
    }
    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.text.get(self.toks[a].start..self.toks[b - 1].end).unwrap_or("")
    }
}

fn first_content_token(ctx: &Ctx, a: usize, b: usize) -> usize {
    let mut i = a;
    while i < b && ctx.toks[i].kind != TokenKind::Word {
        i += 1;
    }
    i
}

/// The first two bytes of every title form (lower case), as a bit set: a title form starts with
/// the lower-cased text of its first token, so an ASCII token of two bytes or more whose first two
/// bytes start no form starts no title. Most capitalised words are no title.
fn title_form_starts() -> &'static [u64; 1024] {
    static STARTS: OnceLock<Box<[u64; 1024]>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut bits = Box::new([0u64; 1024]);
        for form in kb().title_forms.keys() {
            if let [a, b, ..] = form.as_bytes() {
                let pair = usize::from(*a) << 8 | usize::from(*b);
                bits[pair >> 6] |= 1 << (pair & 63);
            }
        }
        bits
    })
}

/// The shapes (first byte, last byte, length) of the title forms: most prefixes of a run that
/// starts like a title are no title form, and the filter tells so before the hash lookup.
fn title_form_shapes() -> &'static WordFilter {
    static SHAPES: OnceLock<WordFilter> = OnceLock::new();
    SHAPES.get_or_init(|| WordFilter::new(kb().title_forms.keys().map(String::as_str)))
}

/// Whether the lower-cased `form` is a title form of the knowledge base.
fn is_title_form(form: &str) -> bool {
    title_form_shapes().may_contain(form) && kb().title_forms.contains_key(form)
}

/// False when token text `t` certainly starts no title form: the first two bytes of its lower
/// case start none (a `t` that lower-cases to fewer than two bytes may start any).
fn may_start_title(t: &str) -> bool {
    let pair = match t.as_bytes() {
        [a, b, ..] if t.is_ascii() => [a.to_ascii_lowercase(), b.to_ascii_lowercase()],
        [_, _, ..] => match lowercase_head(t) {
            Some(pair) => pair,
            None => return true,
        },
        _ => return true,
    };
    let pair = usize::from(pair[0]) << 8 | usize::from(pair[1]);
    title_form_starts()[pair >> 6] >> (pair & 63) & 1 == 1
}

/// The first two bytes of `t.to_lowercase()`, read character by character without building the
/// string (a run opening with an accented name would otherwise lower-case every prefix of it).
/// `str::to_lowercase` departs from the characters' own lower case only for a final capital sigma,
/// whose two lower cases share their first byte, and never at the first character.
fn lowercase_head(t: &str) -> Option<[u8; 2]> {
    let mut head = [0u8; 2];
    let mut filled = 0;
    for lower in t.chars().flat_map(char::to_lowercase) {
        let mut utf8 = [0u8; 4];
        for &byte in lower.encode_utf8(&mut utf8).as_bytes() {
            head[filled] = byte;
            filled += 1;
            if filled == 2 {
                return Some(head);
            }
        }
    }
    None
}

/// Longest title form starting at token `k` (before `end`): returns the token after it.
fn title_at(ctx: &Ctx, k: usize, end: usize) -> Option<usize> {
    let last = (k + 6).min(end);
    if last <= k || !may_start_title(ctx.t(k)) {
        return None;
    }
    let ends = ctx.toks.get(k..last)?;
    let start = ends.first()?.start;
    let widest = ctx.text.as_bytes().get(start..ends.last()?.end)?;
    // A form is a prefix of `widest` ending at a token's end. Up to its first non-ASCII byte the
    // text is folded byte by byte and the forms' tree is walked once; a longer prefix (an accented
    // name after a title, "Minister Tomáš …") takes `to_lowercase`, and wins when it is a form.
    let ascii_len = if widest.is_ascii() { widest.len() } else { widest.iter().position(|b| !b.is_ascii()).unwrap_or(0) };
    if ascii_len < widest.len() {
        for m in ((k + 1)..=last).rev() {
            if ctx.toks[m - 1].end - start <= ascii_len {
                break;
            }
            if is_title_form(&ctx.slice(k, m).to_lowercase()) {
                return Some(m);
            }
        }
    }
    let ascii = widest.get(..ascii_len)?;
    // The last of the tokens ending at or before a form's end: it ends there, or the form ends
    // inside a token.
    let tokens_through = |len: usize| ends.partition_point(|t| t.end <= start + len);
    let len = kb().title_form_at(ascii, 0, |len| tokens_through(len).checked_sub(1).is_some_and(|e| ends[e].end == start + len))?;
    Some(k + tokens_through(len))
}

/// `title_at` by looking up every token-ending prefix of the text (the reference of a property
/// test).
#[cfg(test)]
fn title_at_by_lookups(ctx: &Ctx, k: usize, end: usize) -> Option<usize> {
    let last = (k + 6).min(end);
    if last <= k || !may_start_title(ctx.t(k)) {
        return None;
    }
    ((k + 1)..=last).filter(|&m| is_title_form(&ctx.slice(k, m).to_lowercase())).last()
}

/// Longest gazetteer name starting at token `k`, ending at most at `end`: (end token, readings).
fn gazetteer_at<'k>(ctx: &Ctx, k: usize, end: usize) -> Option<(usize, &'k [Named])> {
    let k_kb = kb();
    for m in ((k + 1)..=end.min(k + 8)).rev() {
        let readings = k_kb.lookup(ctx.slice(k, m));
        if !readings.is_empty() {
            return Some((m, readings));
        }
    }
    None
}

fn demonym_of(readings: &[Named]) -> Option<usize> {
    readings.iter().find_map(|r| if let Named::Demonym(i) = r { Some(*i) } else { None })
}

/// Pick the reading that fits: a state before its capital, a capital before a same-named region.
fn best_reading(readings: &[Named]) -> Option<Named> {
    let rank = |n: &Named| match n {
        Named::Country(_) => 0,
        Named::Igo(_) => 1,
        Named::Outlet(_) => 2,
        Named::Organisation(_) => 2,
        Named::Capital(_) => 3,
        Named::Seat(_) => 4,
        Named::Place(_) => 5,
        Named::Demonym(_) => 9,
    };
    readings.iter().copied().min_by_key(rank)
}

pub fn find_names(doc: &Doc) -> Found {
    let text = doc.text.as_str();
    let toks = doc.tokens.as_slice();
    let ctx = Ctx { text, toks, doc, words: toks.iter().map(|t| t.text(text)).collect() };
    let mut found = Found::default();
    for (si, s) in doc.sentences.iter().enumerate() {
        let role = doc.blocks.get(s.block).map(|b| b.role).unwrap_or(BlockRole::Body);
        let (a, b) = (s.tokens.start, s.tokens.end);
        // Title-case headlines capitalise every word: there only trust the gazetteers and first names.
        let title_case = matches!(role, BlockRole::Title | BlockRole::Heading) && {
            let (mut words, mut caps) = (0, 0);
            for t in toks[a..b].iter().filter(|t| t.kind == TokenKind::Word) {
                words += 1;
                caps += usize::from(is_capitalised(t.text(text)));
            }
            words >= 3 && caps * 10 >= words * 7
        };
        let sentence_start = first_content_token(&ctx, a, b);
        let mut i = a;
        while i < b {
            let tok = &toks[i];
            if tok.kind == TokenKind::Handle {
                found.hits.push(NameHit {
                    span: tok.span(),
                    name: tok.span(),
                    kind: EntityType::Person,
                    referent: Referent::Person,
                    mention_kind: MentionKind::Handle,
                    country: None,
                    sector: None,
                    code: None,
                    roles: vec![],
                    gender: None,
                    sentence: si,
                    weak: true,
                    reason: "social-media handle",
                });
                i += 1;
                continue;
            }
            if let Some(close) = party_tag_close(&ctx, i, b) {
                party_tag(&ctx, si, i, close, &mut found.hits);
                i = close + 1;
                continue;
            }
            if !ctx.is_name_token(i) {
                i += 1;
                continue;
            }
            let j = run_end(&ctx, i, b);
            process_run(&ctx, doc, si, i, j, i == sentence_start, title_case, &mut found);
            i = j;
        }
    }
    found
}

/// A US party-and-state tag after a legislator's name, "(D-N.Y.)", "(R-Wis.)", "(I-Vt.)": the
/// closing parenthesis, when `(` at `i` opens one.
fn party_tag_close(ctx: &Ctx, i: usize, b: usize) -> Option<usize> {
    // Asked of every token: its first byte tells most apart without slicing the text.
    let opens = ctx.toks.get(i).is_some_and(|t| ctx.text.as_bytes().get(t.start) == Some(&b'('));
    if !opens || ctx.t(i) != "(" || i + 2 >= b {
        return None;
    }
    let (party, state) = ctx.t(i + 1).split_once('-')?;
    if !matches!(party, "D" | "R" | "I") || !state.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    // The state: "N.Y." or "Wis." may run over a few tokens (letters and stops), then ")".
    (i + 2..b.min(i + 8))
        .find(|&q| ctx.t(q) == ")")
        .filter(|&close| (i + 2..close).all(|q| ctx.t(q).trim_end_matches('.').chars().all(|c| c.is_ascii_alphabetic())))
}

/// A party tag names the party (a mention of it, as annotators mark it) and makes the person
/// just before it an American legislator of that party.
fn party_tag(ctx: &Ctx, si: usize, open: usize, close: usize, hits: &mut Vec<NameHit>) {
    // (the party's gazetteer name, "" for independents; what a member is called)
    let (party, member) = match ctx.t(open + 1).as_bytes()[0] {
        b'D' => ("Democratic Party", "Democrat"),
        b'R' => ("Republican Party", "Republican"),
        _ => ("", "Independent"),
    };
    if let Some(person) = hits.last_mut().filter(|h| matches!(h.referent, Referent::Person) && h.span.end == ctx.toks[open - 1].end) {
        if !person.roles.iter().any(|r| r == member) {
            person.roles.push(member.to_string());
        }
        person.country.get_or_insert_with(|| "USA".to_string());
    }
    let org = kb().lookup(party).iter().find(|r| matches!(r, Named::Organisation(_))).copied();
    if let Some(hit) = org.and_then(|reading| gazetteer_hit(ctx, si, open + 1, close, reading)) {
        hits.push(hit);
    }
}

/// End (exclusive) of the capitalised run starting at `i`.
fn run_end(ctx: &Ctx, i: usize, b: usize) -> usize {
    let mut j = i + 1;
    loop {
        if j < b && ctx.is_name_token(j) {
            j += 1;
            continue;
        }
        // "Mr. Lee", "J. R. Alvarez": a stop glued to a title abbreviation or an initial.
        if j + 1 < b && ctx.t(j) == "." && ctx.toks[j - 1].end == ctx.toks[j].start && ctx.is_name_token(j + 1) {
            let prev = ctx.t(j - 1);
            let initial = prev.chars().count() == 1 && is_capitalised(prev);
            if initial || kb().abbreviations.get(prev) == Some(&AbbrevKind::Title) {
                j += 2;
                continue;
            }
        }
        // "and" joins only inside a complement ("Minister for Foreign Affairs and Trade"), never
        // two people ("… Angela Merkel and the President …").
        let is_and = ctx.t(j) == "and";
        let and_ok = !is_and
            || ((i..j).any(|q| matches!(ctx.t(q), "of" | "for")) && !(i..j).any(|q| kb().first_names.contains_key(ctx.t(q))));
        // "Council on Foreign Relations", "Institute on Drug Abuse": "on" joins a complement to an
        // organisation head word, but not a date ("the Commission on Monday").
        let on_ok = ctx.t(j) == "on"
            && kb().org_words.contains_key(ctx.t(j - 1))
            && j + 1 < b
            && !CALENDAR_WORDS.contains(&ctx.t(j + 1))
            && !matches!(ctx.t(j + 1), "the" | "The");
        if on_ok && ctx.is_name_token(j + 1) {
            j += 2;
            continue;
        }
        if j + 1 < b && NAME_CONNECTORS.contains(&ctx.t(j)) && and_ok {
            let mut n = j + 1;
            if !is_and && matches!(ctx.t(n), "the" | "The") {
                n += 1;
            }
            if n < b && ctx.is_name_token(n) {
                j = n + 1;
                continue;
            }
        }
        break;
    }
    // "Apple Inc.", "William Ford Jr.": the stop of a final abbreviation belongs to the name.
    if j < b && ctx.t(j) == "." && ctx.toks[j - 1].end == ctx.toks[j].start && NAME_FINAL_ABBREVIATIONS.contains(&ctx.t(j - 1)) {
        j += 1;
    }
    j
}

/// Day and month names, which follow "on" as dates rather than as part of a name.
const CALENDAR_WORDS: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sept", "Sep", "Oct", "Nov", "Dec", "Christmas", "Easter",
];

/// Abbreviations that end names and keep their full stop.
const NAME_FINAL_ABBREVIATIONS: &[&str] = &["Inc", "Corp", "Ltd", "Co", "Jr", "Sr", "Bros", "Plc", "Cie", "Mfg"];

fn push_hit(found: &mut Found, hit: NameHit) {
    found.hits.push(hit);
}

/// Extend a non-person mention over a directly preceding "the".
fn with_article(ctx: &Ctx, first: usize, span: Span) -> Span {
    if first > 0 && matches!(ctx.t(first - 1), "the" | "The") {
        Span::new(ctx.toks[first - 1].start, span.end)
    } else {
        span
    }
}

/// True when the word before token `a` (past a "the") makes what follows a place.
fn is_locative(ctx: &Ctx, a: usize) -> bool {
    let prev = if a > 0 { ctx.t(a - 1) } else { "" };
    let prev_word = if matches!(prev, "the" | "The") && a > 1 { ctx.t(a - 2) } else { prev };
    LOCATIVE.contains_folded(prev_word)
}

/// "Everett, Washington": a name after "<Place>," is the region of that place.
fn after_place_comma(ctx: &Ctx, a: usize) -> bool {
    a >= 2 && ctx.t(a - 1) == "," && is_capitalised(ctx.t(a - 2))
}

/// The reading for a name at token `a`: a capital after a locative word is the city, even where
/// the name could stand for a body ("in Brussels"); otherwise the best-ranked reading.
fn choose_reading(ctx: &Ctx, a: usize, readings: &[Named]) -> Option<Named> {
    if is_locative(ctx, a) {
        if let Some(c) = readings.iter().find(|r| matches!(r, Named::Capital(_))) {
            return Some(*c);
        }
    }
    if after_place_comma(ctx, a) {
        if let Some(p) = readings.iter().find(|r| matches!(r, Named::Place(_))) {
            return Some(*p);
        }
    }
    best_reading(readings)
}

fn gazetteer_hit(ctx: &Ctx, si: usize, a: usize, b: usize, reading: Named) -> Option<NameHit> {
    let k = kb();
    let name = ctx.span(a, b);
    let locative = is_locative(ctx, a);
    let (kind, referent, mention_kind, reason) = match reading {
        Named::Country(c) => (EntityType::Gpe, Referent::Country(c), MentionKind::Name, "country name"),
        Named::Capital(c) if locative => {
            (EntityType::Gpe, Referent::Place(format!("capital:{c}")), MentionKind::Name, "capital city as a place")
        }
        Named::Capital(c) => (EntityType::Gpe, Referent::Country(c), MentionKind::Metonym, "capital standing for its government"),
        Named::Seat(c) => (EntityType::Gpe, Referent::Country(c), MentionKind::Metonym, "seat standing for its government"),
        Named::Igo(i) => (EntityType::Org, Referent::Igo(i), MentionKind::Name, "international body"),
        Named::Outlet(i) => (EntityType::Media, Referent::Outlet(i), MentionKind::Name, "news outlet"),
        Named::Organisation(i) => (EntityType::Org, Referent::KnownOrg(i), MentionKind::Name, "known organisation"),
        Named::Place(p) => {
            let place = &k.places[p];
            let kind = if place.country.is_some() { EntityType::Gpe } else { EntityType::Loc };
            (kind, Referent::Place(format!("place:{p}")), MentionKind::Name, "place")
        }
        Named::Demonym(_) => return None,
    };
    let (country, sector, code) = k.actor_of(reading);
    // A state named, or a capital as a place, is no government actor by itself.
    let (country, sector) = match (mention_kind, referent.clone()) {
        (MentionKind::Name, Referent::Country(_) | Referent::Place(_)) => (country, None),
        _ => (country, sector),
    };
    Some(NameHit {
        span: with_article(ctx, a, name),
        name,
        kind,
        referent,
        mention_kind,
        country,
        sector,
        code,
        roles: vec![],
        gender: None,
        sentence: si,
        weak: false,
        reason,
    })
}

#[allow(clippy::too_many_arguments)]
fn process_run(ctx: &Ctx, doc: &Doc, si: usize, i: usize, j: usize, at_sentence_start: bool, title_case: bool, found: &mut Found) {
    let k_kb = kb();
    let mut k = i;
    // A sentence-initial common word is no part of a name ("However Lithuania …" → "Lithuania").
    // So is an adverb or participle opening the sentence ("Afterwards", "Speaking", "Reportedly").
    // Only a run opening its sentence is asked: the tests are closures, not computed for every run.
    let opener = ctx.t(k);
    let adverb_like = || {
        ["ly", "wards"].iter().any(|suf| opener.len() > suf.len() + 2 && opener.ends_with(suf))
            && !k_kb.first_names.contains_key(opener)
            && k_kb.lookup(opener).is_empty()
    };
    // An honorific opening the sentence stays: it is peeled below as a title ("Mr. Lee left.").
    let honorific = || k_kb.abbreviations.get(opener) == Some(&AbbrevKind::Title) && k + 1 < j;
    if at_sentence_start && (is_common_capitalised(opener) || adverb_like()) && !honorific() && k_kb.lookup(ctx.slice(i, j)).is_empty() {
        k += 1;
    }
    // "On Tuesday Marta Holm said": a day or month before a name is the date, not the name's
    // first word ("June", "May" and "April" may be first names, so only those no name list has).
    while k + 1 < j && CALENDAR_WORDS.contains(&ctx.t(k)) && !k_kb.first_names.contains_key(ctx.t(k)) && k_kb.lookup(ctx.slice(k, j)).is_empty() {
        k += 1;
    }
    let prefix_start = k;
    let mut roles: Vec<String> = Vec::new();
    let mut country: Option<String> = None;
    let mut sector: Option<String> = None;
    let mut gender: Option<Gender> = None;
    let mut demonym_start: Option<usize> = None;
    let mut had_title = false;
    let mut title_form: Option<String> = None;
    let mut complement_sector: Option<String> = None;
    let mut title_start = None;
    // Peel titles, title modifiers, honorifics, nationality adjectives and "of <place>" complements.
    loop {
        if k >= j {
            break;
        }
        let w = ctx.t(k);
        if TITLE_MODIFIERS.contains_folded(w) && k + 1 < j {
            title_start.get_or_insert(k);
            k += 1;
            continue;
        }
        if let Some(AbbrevKind::Title) = k_kb.abbreviations.get(w) {
            if k + 1 < j {
                gender = match w {
                    "Mr" | "Messrs" => Some(Gender::Male),
                    "Mrs" | "Ms" => Some(Gender::Female),
                    _ => gender,
                };
                had_title = true;
                if !matches!(w, "Mr" | "Mrs" | "Ms" | "Messrs") {
                    if let Some(t) = k_kb.title(w) {
                        roles.push(t.title.clone());
                        sector = sector.or(t.sector.clone());
                    }
                }
                k += if ctx.t(k + 1) == "." { 2 } else { 1 };
                continue;
            }
        }
        // "General Motors" is no general: a title needs a person after it, not an organisation.
        let title_end = title_at(ctx, k, j).filter(|&m| {
            let org_after = (m..j).any(|q| k_kb.org_words.contains_key(ctx.t(q)));
            let person_after = (m..j).any(|q| k_kb.first_names.contains_key(ctx.t(q)));
            !org_after || person_after || matches!(ctx.t(m), "of" | "for")
        });
        if let Some(m) = title_end {
            title_start.get_or_insert(k);
            let form = ctx.slice(title_start.unwrap_or(k), m).to_string();
            if let Some(t) = k_kb.title(ctx.slice(k, m)) {
                sector = sector.or(t.sector.clone());
                if matches!(t.title.to_lowercase().as_str(), "spokeswoman" | "queen" | "princess" | "first lady") {
                    gender = Some(Gender::Female);
                }
            }
            title_form.get_or_insert_with(|| ctx.slice(k, m).to_string());
            roles.push(form);
            had_title = true;
            title_start = None;
            k = m;
            // "President of Belarus …", "Chancellor of the Federal Republic of Germany …"
            while k < j && matches!(ctx.t(k), "of" | "for") {
                let mut n = k + 1;
                if n < j && matches!(ctx.t(n), "the" | "The") {
                    n += 1;
                }
                let first_name_at = (n..j).find(|&p| k_kb.first_names.contains_key(ctx.t(p)) && ctx.is_name_token(p + 1)).unwrap_or(j);
                let org_complement = (n..first_name_at).any(|q| k_kb.org_words.contains_key(ctx.t(q)));
                let place = gazetteer_at(ctx, n, j).filter(|(_, rs)| {
                    rs.iter().any(|r| matches!(r, Named::Igo(_)))
                        || (!org_complement && rs.iter().any(|r| matches!(r, Named::Country(_) | Named::Capital(_) | Named::Place(_) | Named::Seat(_))))
                });
                if let Some((m2, readings)) = place {
                    let readings: Vec<Named> = readings.iter().copied().filter(|r| !matches!(r, Named::Outlet(_) | Named::Demonym(_))).collect();
                    if let Some(r) = best_reading(&readings) {
                        let (c, s, _) = k_kb.actor_of(r);
                        country = country.or(c);
                        if matches!(r, Named::Igo(_)) {
                            complement_sector = s;
                        }
                        if let Some(last) = roles.last_mut() {
                            last.push(' ');
                            last.push_str(ctx.slice(k, m2));
                        }
                        if let Some(h) = gazetteer_hit(ctx, si, n, m2, r) {
                            push_hit(found, h);
                        }
                    }
                    k = m2;
                } else {
                    // Another complement ("of the Baltic Studies Association"): an organisation
                    // of its own when it has a head word; it runs up to the person's first name.
                    let p = first_name_at;
                    if org_complement && p > n {
                        let before = found.hits.len();
                        process_run(ctx, doc, si, n, p, false, title_case, found);
                        // The head of an association is no government official: the person
                        // takes the sector of the body named.
                        if let Some(h) = found.hits[before..].iter().find(|h| h.kind != EntityType::Person) {
                            complement_sector = h.sector.clone().or(complement_sector.take());
                        }
                    }
                    if let Some(last) = roles.last_mut() {
                        last.push(' ');
                        last.push_str(ctx.slice(k, p.max(k + 1)));
                    }
                    k = p;
                }
            }
            continue;
        }
        let readings = k_kb.lookup(w);
        if let Some(c) = demonym_of(readings) {
            if k + 1 < j && best_reading(readings).is_some_and(|r| matches!(r, Named::Demonym(_))) {
                found.demonyms.push(DemonymMention { span: ctx.span(k, k + 1), country: c, sentence: si });
                country = country.or(Some(k_kb.countries[c].iso3.clone()));
                demonym_start.get_or_insert(k);
                k += 1;
                continue;
            }
        }
        break;
    }
    if complement_sector.is_some() {
        sector = complement_sector;
    }
    if k >= j {
        if had_title {
            let start = if i > 0 && matches!(ctx.t(i - 1), "the" | "The") { i - 1 } else { i };
            found.titles.push(TitleMention {
                span: ctx.span(start, j),
                title: title_form.unwrap_or_default(),
                country,
                sentence: si,
            });
        } else if j == i + 1 {
            if let Some(c) = demonym_of(k_kb.lookup(ctx.t(i))) {
                found.demonyms.push(DemonymMention { span: ctx.span(i, j), country: c, sentence: si });
            }
        }
        return;
    }
    // A single demonym run ("Polish") is an adjective, not a name.
    if j == k + 1 {
        let readings = k_kb.lookup(ctx.t(k));
        if best_reading(readings).is_some_and(|r| matches!(r, Named::Demonym(_))) {
            if let Some(c) = demonym_of(readings) {
                found.demonyms.push(DemonymMention { span: ctx.span(k, j), country: c, sentence: si });
            }
            return;
        }
    }
    let core_end = j;
    // Split off a person's name inside a longer run: "… Security Policy Josep Borrell".
    if !had_title {
        // The words before must be at least two ("San Jose Sharks" is no person "Jose Sharks").
        if let Some(p) = (k + 2..j.saturating_sub(1)).find(|&p| k_kb.first_names.contains_key(ctx.t(p)) && ctx.is_name_token(p + 1)) {
            let head = ctx.slice(k, p);
            if k_kb.lookup(head).is_empty() && !(k..p).any(|q| k_kb.org_words.contains_key(ctx.t(q))) {
                process_run(ctx, doc, si, p, j, false, title_case, found);
                // The words before the name are a description, not a name of their own.
                if let Some(last) = found.hits.last_mut() {
                    last.roles.push(head.to_string());
                }
                return;
            }
        }
    }
    // "Apple Inc. CEO Steve Jobs": an organisation, then a title and a person.
    if !had_title {
        if let Some(p) = (k + 1..j.saturating_sub(1)).find(|&p| title_at(ctx, p, j).is_some_and(|m| m < j && ctx.is_name_token(m))) {
            process_run(ctx, doc, si, k, p, false, title_case, found);
            process_run(ctx, doc, si, p, j, false, title_case, found);
            return;
        }
    }
    let core = ctx.slice(k, core_end);
    let core_span = ctx.span(k, core_end);
    let single = core_end == k + 1;
    if single && is_common_capitalised(core) {
        return;
    }
    if (k..core_end).all(|q| k_kb.not_names.contains_key(ctx.t(q))) || !single && k_kb.not_names.contains_key(core) {
        return;
    }
    if single && ctx.toks[k].kind == TokenKind::Word && core.contains('-') {
        // "Belarusian-Polish": a compound of nationality adjectives.
        let parts: Vec<&str> = core.split('-').collect();
        if parts.iter().all(|p| demonym_of(k_kb.lookup(p)).is_some()) {
            return;
        }
    }
    let last_word = ctx.t(core_end - 1);
    if NON_ACTOR_HEADS.contains(last_word) {
        return;
    }
    // "US$700": a currency prefix, not a name.
    if ctx.t(core_end) == "$" && ctx.toks.get(core_end).is_some_and(|t| t.start == ctx.toks[core_end - 1].end) {
        return;
    }
    // Gazetteer: the whole core is a known name.
    if !had_title {
        if let Some(r) = choose_reading(ctx, k, k_kb.lookup(core)) {
            if matches!(r, Named::Demonym(_)) {
                return;
            }
            // A state's name before a common noun modifies it ("US stocks", "UK officials"): an
            // adjective use, linked like a nationality adjective, not counted as a name.
            if let Named::Country(c) = r {
                let next_word = ctx.t(core_end);
                let modifier = ctx.toks.get(core_end).is_some_and(|t| t.kind == TokenKind::Word)
                    && next_word.starts_with(char::is_lowercase)
                    && !VERBS_AFTER_NAME.contains(&next_word)
                    && !next_word.ends_with("ed");
                if modifier && demonym_start.is_none() {
                    found.demonyms.push(DemonymMention { span: ctx.span(k, core_end), country: c, sentence: si });
                    return;
                }
            }
            if let Some(mut h) = gazetteer_hit(ctx, si, k, core_end, r) {
                if let Some(d) = demonym_start {
                    // "Russian TASS" keeps the outlet; the adjective is a reference of its own.
                    let _ = d;
                }
                h.country = h.country.or(country.clone());
                push_hit(found, h);
                return;
            }
        }
    }
    // A known name inside a longer run ("Lithuania Latvia") is taken on its own when the run has
    // no organisation head word.
    let org_word = (k..core_end).rev().find_map(|q| k_kb.org_words.get(ctx.t(q)).map(|w| (q, w)));
    if !had_title && org_word.is_none() && !single {
        if let Some((m, readings)) = gazetteer_at(ctx, k, core_end) {
            if m < core_end && best_reading(readings).is_some_and(|r| !matches!(r, Named::Demonym(_))) {
                if let Some(h) = choose_reading(ctx, k, readings).and_then(|r| gazetteer_hit(ctx, si, k, m, r)) {
                    push_hit(found, h);
                }
                process_run(ctx, doc, si, m, core_end, false, title_case, found);
                return;
            }
        }
    }
    let first_name = k_kb.first_names.get(ctx.t(k)).copied();
    let next = ctx.t(j);
    let next2 = ctx.t(j + 1);
    // The person cues are closures: organisations and headline runs return before asking them, and
    // a name with a title or a known first name never needs them.
    let person_cue_after = || PERSON_CUES_AFTER.contains(&next) || (next == "," && (next2.parse::<u32>().is_ok() || next2 == "who"));
    // An age or a relative "who" marks even a lone surname as a person: "Green, 58, …".
    let strong_person_cue = || next == "," && (next2.parse::<u32>().is_ok_and(|n| (14..110).contains(&n)) || next2 == "who");
    let said_before = || i > 0 && matches!(ctx.t(i - 1), "said" | "says" | "added" | "explained" | "quipped" | "noted" | "wrote");
    // "chief executive Noel Forgeard", "spokeswoman Ana Ruiz": a lower-case title right before.
    let prev_word = if i > 0 { ctx.t(i - 1) } else { "" };
    let title_before = || prev_word.starts_with(char::is_lowercase) && k_kb.title_forms.contains_key(prev_word) && core_end - k <= 4;
    if let Some((_, ow)) = org_word.filter(|_| !had_title) {
        let kind = if ow.entity_type.eq_ignore_ascii_case("LOC") {
            EntityType::Loc
        } else if ow.sector.as_deref() == Some("MED") {
            EntityType::Media
        } else {
            EntityType::Org
        };
        // Countries named inside the organisation's name ("Bank of England").
        let mut inner_country = None;
        for q in k..core_end {
            if let Some((_, readings)) = gazetteer_at(ctx, q, core_end) {
                let state = readings.iter().copied().find(|r| matches!(r, Named::Country(_) | Named::Capital(_) | Named::Demonym(_)));
                if let Some((Some(c), _, _)) = state.map(|r| k_kb.actor_of(r)) {
                    inner_country = Some(c);
                    break;
                }
            }
        }
        let name_start = demonym_start.unwrap_or(k);
        let name = Span::new(ctx.toks[name_start].start, core_span.end);
        push_hit(
            found,
            NameHit {
                span: with_article(ctx, name_start, name),
                name,
                kind,
                referent: if kind == EntityType::Loc { Referent::Place(core.to_string()) } else { Referent::Org },
                mention_kind: MentionKind::Name,
                country: country.or(inner_country),
                sector: ow.sector.clone(),
                code: None,
                roles: vec![],
                gender: None,
                sentence: si,
                weak: false,
                reason: "organisation head word",
            },
        );
        return;
    }
    if title_case && first_name.is_none() && !had_title {
        return;
    }
    // In a title-case headline a name ends where ordinary words resume: "Jane Doe Is Right".
    if title_case && first_name.is_some() {
        if let Some(p) = (k + 2..core_end).find(|&q| ctx.occurs_in_lower_case(&lowercase(ctx.t(q))) || is_common_capitalised(ctx.t(q))) {
            process_run(ctx, doc, si, k, p, false, title_case, found);
            return;
        }
    }
    let acronym = single && is_acronym(core);
    // "in Cupertino, California", "in Milton, Ont.": a name before a known place is a place,
    // even one that is also a first name.
    let lookup_place = |w: &str| k_kb.lookup(w).iter().any(|r| matches!(r, Named::Country(_) | Named::Place(_)));
    let place = matches!(prev_word, "in" | "near" | "outside")
        && next == ","
        && (lookup_place(next2) || ctx.t(j + 2) == "." && lookup_place(&format!("{next2}.")));
    let person = !place
        && (had_title
            || first_name.is_some()
            || title_before()
            || (strong_person_cue() && !acronym)
            || ((person_cue_after() || said_before()) && !acronym && core_end - k <= 4 && !single));
    if person {
        // The mention keeps a capitalised title in front ("Prime Minister Jan Novak"); the name does not.
        let span = if had_title { Span::new(ctx.toks[prefix_start].start, core_span.end) } else { core_span };
        let mut hit = NameHit {
            span,
            name: core_span,
            kind: EntityType::Person,
            referent: Referent::Person,
            mention_kind: MentionKind::Name,
            country,
            sector,
            code: None,
            roles,
            gender: gender.or(first_name.flatten()),
            sentence: si,
            weak: false,
            reason: if had_title {
                "name after a title"
            } else if first_name.is_some() {
                "known first name"
            } else if title_before() {
                "name after a lower-case title"
            } else {
                "speech verb after a name"
            },
        };
        roles::describe(doc, ctx.toks, k, j, &mut hit, &mut found.consumed);
        push_hit(found, hit);
        return;
    }
    // A lone capitalised word at the start of a sentence that the text never capitalises elsewhere
    // is an ordinary word ("Dictators, …").
    if single && at_sentence_start && k == i && !ctx.capitalised_inside_sentence(core) {
        return;
    }
    if single && ctx.occurs_in_lower_case(&lowercase(core)) && !acronym {
        return;
    }
    let name_start = demonym_start.unwrap_or(k);
    let name = Span::new(ctx.toks[name_start].start, core_span.end);
    push_hit(
        found,
        NameHit {
            span: if place || !single || acronym { with_article(ctx, name_start, name) } else { name },
            name,
            kind: if place { EntityType::Gpe } else { EntityType::Org },
            referent: if place { Referent::Place(core.to_string()) } else { Referent::Org },
            mention_kind: MentionKind::Name,
            country,
            sector: None,
            code: None,
            roles: vec![],
            gender: None,
            sentence: si,
            weak: !acronym,
            reason: if place { "unknown name after a locative preposition" } else if acronym { "acronym" } else { "unknown capitalised name" },
        },
    );
}

#[cfg(test)]
mod lookup_tests {
    use super::*;
    use newsgraph_doc::Stage;

    /// Both the text search and the token scan, for `w` and two tests (any token; a token not
    /// opening its sentence), on `text` as the segmenter reads it.
    fn both_ways(text: &str, w: &str) -> [(bool, bool); 2] {
        let mut doc = Doc::new("t", text);
        newsgraph_segment::Segmenter.annotate(&mut doc);
        let ctx = Ctx { text: &doc.text, toks: &doc.tokens, doc: &doc, words: doc.tokens.iter().map(|t| t.text(&doc.text)).collect() };
        let inside = |i: usize, first: usize| i > first;
        [
            (ctx.any_word_spelled(w, |_, _| true), ctx.any_word_spelled_by_scan(w, |_, _| true)),
            (ctx.any_word_spelled(w, inside), ctx.any_word_spelled_by_scan(w, inside)),
        ]
    }

    proptest::proptest! {
        #[test]
        fn searching_the_text_finds_the_tokens_the_scan_finds(
            words in proptest::collection::vec("(Aa|aa|Lee|lee|a|Aaa|Lee's|\\.|,|“|”|ö|Öl)", 0..40),
            seps in proptest::collection::vec("( |  |\n\n|)", 40),
            w in "(Aa|aa|Lee|lee|a|Aaa|ö|Öl|\\.)",
        ) {
            let text: String = words.iter().zip(&seps).map(|(word, sep)| format!("{word}{sep}")).collect();
            for (searched, scanned) in both_ways(&text, &w) {
                proptest::prop_assert_eq!(searched, scanned);
            }
        }
    }

    #[test]
    fn a_word_is_found_inside_a_sentence_only_where_written_there() {
        let text = "Lee met Aa. Aa left. Then lee spoke of Lee.";
        assert_eq!(both_ways(text, "Aa"), [(true, true), (true, true)]);
        assert_eq!(both_ways(text, "Then"), [(true, true), (false, false)]);
        assert_eq!(both_ways(text, "lee"), [(true, true), (true, true)]);
        assert_eq!(both_ways(text, "Le"), [(false, false), (false, false)]);
    }

    proptest::proptest! {
        #[test]
        fn the_lower_case_head_is_that_of_the_lower_cased_text(t in "(A|b|É|é|Σ|ς|İ|\u{212A}|Ł|ß|ẞ|Ö|x|'|’){0,6}") {
            let lower = t.to_lowercase();
            let expected = lower.as_bytes().first_chunk::<2>().copied();
            proptest::prop_assert_eq!(lowercase_head(&t), expected);
        }
    }

    /// Words around the title forms: forms of the knowledge base as listed, capitalised and in
    /// capitals (so that they run into one another and into names), accented words, stops.
    fn title_words() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let mut forms: Vec<String> = newsgraph_knowledge::kb().title_forms.keys().cloned().collect();
        forms.sort();
        let n = forms.len();
        let form = move |i: usize| forms[i].clone();
        let (f1, f2) = (form.clone(), form.clone());
        prop_oneof![
            (0..n).prop_map(form),
            (0..n).prop_map(move |i| f1(i).to_uppercase()),
            (0..n).prop_map(move |i| f2(i).char_indices().map(|(b, c)| if b == 0 { c.to_uppercase().next().unwrap_or(c) } else { c }).collect()),
            "(President|Minister|of|Foreign|Affairs|Président|STAATSSEKRETÄR|Chargé|Tomáš|Ö|Sen|\\.|Mr|x)",
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// The walk of the title forms' tree finds, from every token, the token after the
        /// longest form that the lookups of every token-ending prefix find.
        #[test]
        fn titles_found_by_walking_the_forms_equal_prefix_lookups(
            words in proptest::collection::vec(title_words(), 0..10),
            seps in proptest::collection::vec("( |  |-|)", 10),
        ) {
            let text: String = words.iter().zip(&seps).map(|(word, sep)| format!("{word}{sep}")).collect();
            let mut doc = Doc::new("t", &text);
            newsgraph_segment::Segmenter.annotate(&mut doc);
            let ctx = Ctx { text: &doc.text, toks: &doc.tokens, doc: &doc, words: doc.tokens.iter().map(|t| t.text(&doc.text)).collect() };
            for k in 0..doc.tokens.len() {
                for end in k..=doc.tokens.len() {
                    proptest::prop_assert_eq!(title_at(&ctx, k, end), title_at_by_lookups(&ctx, k, end), "{} {}", k, end);
                }
            }
        }
    }

    #[test]
    fn a_title_before_an_accented_name_is_peeled() {
        let mut doc = Doc::new("t", "Yesterday Foreign Minister Tomáš Novák met Senator Zoë Hall in Prague.");
        newsgraph_segment::Segmenter.annotate(&mut doc);
        let found = find_names(&doc);
        let people: Vec<(&str, &[String])> =
            found.hits.iter().filter(|h| h.kind == EntityType::Person).map(|h| (doc.slice(h.name), h.roles.as_slice())).collect();
        assert_eq!(people, [("Tomáš Novák", &["Foreign Minister".to_string()][..]), ("Zoë Hall", &["Senator".to_string()][..])]);
    }

    #[test]
    fn accented_words_are_told_apart_from_titles_by_their_lower_case() {
        assert_eq!(lowercase_head("Łukasz"), Some([0xC5, 0x82]));
        assert_eq!(lowercase_head("\u{212A}"), None, "the Kelvin sign lower-cases to one byte");
        assert!(may_start_title("Président"), "starts like \"president\"");
        assert!(!may_start_title("Ζωή"));
    }

    #[test]
    fn non_actor_heads_are_found_by_exact_form() {
        assert!(NON_ACTOR_HEADS.words().iter().all(|w| NON_ACTOR_HEADS.contains(w)));
        assert!(!NON_ACTOR_HEADS.contains("treaty"));
        assert!(!NON_ACTOR_HEADS.contains("Ministry"));
    }
}
