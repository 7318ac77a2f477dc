//! The annotation types. Field names here are the output schema's names.

use crate::{FoldedTokens, Span};
use std::borrow::Cow;
use std::sync::OnceLock;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the document's reference date was obtained (`document.date_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// Given on the command line (`--date`).
    Option,
    /// Read from the input record's metadata (JSONL `date`, an HTML page's meta tags…).
    Metadata,
    /// Inferred from the text (the latest full date written in it).
    Inferred,
    /// Unknown: relative expressions stay unresolved.
    #[default]
    None,
}

impl DateSource {
    /// Its name in the JSON output (serde's), for writers that do without serde: the output's
    /// own JSON writer and the store.
    pub fn as_str(self) -> &'static str {
    match self {
        DateSource::Option => "option",
        DateSource::Metadata => "metadata",
        DateSource::Inferred => "inferred",
        DateSource::None => "none",
    }
    }
}

/// What a paragraph is. Later stages treat non-body blocks differently: a caption is no event,
/// a credit holds no quote, an embedded post is a statement by its own author on its own date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockRole {
    Title,
    Body,
    Heading,
    Caption,
    Credit,
    EmbeddedPost,
    Byline,
    Dateline,
}

impl BlockRole {
    /// Its name in the JSON output (serde's), for writers that do without serde: the output's
    /// own JSON writer and the store.
    pub fn as_str(self) -> &'static str {
    match self {
        BlockRole::Title => "title",
        BlockRole::Body => "body",
        BlockRole::Heading => "heading",
        BlockRole::Caption => "caption",
        BlockRole::Credit => "credit",
        BlockRole::EmbeddedPost => "embedded_post",
        BlockRole::Byline => "byline",
        BlockRole::Dateline => "dateline",
    }
    }
}

impl BlockRole {
    /// Blocks whose sentences describe events and carry statements.
    pub fn is_prose(self) -> bool {
        matches!(self, BlockRole::Body | BlockRole::EmbeddedPost)
    }
}

/// The author line of an embedded social-media post ("— Name (@handle) November 13, 2021").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostSignature {
    pub author: String,
    pub handle: Option<String>,
    /// ISO date of the post, when its signature line gives one.
    pub date: Option<String>,
    /// Where the signature line sits in the text.
    pub start: usize,
    pub end: usize,
}

/// A paragraph: text between blank lines (or single line breaks in one-line-per-paragraph copy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub role: BlockRole,
    /// Why the role was chosen (e.g. "short line without final punctuation").
    pub reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<PostSignature>,
    /// Index range of this block's sentences in `Doc::sentences`.
    #[serde(skip)]
    pub sentences: std::ops::Range<usize>,
}

impl Block {
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub block: usize,
    /// Index range of this sentence's tokens in `Doc::tokens`.
    #[serde(skip)]
    pub tokens: std::ops::Range<usize>,
}

impl Sentence {
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Word,
    Number,
    /// Any quotation mark: " “ ” „ « » ‘ ’ ' ‹ › 「 」.
    Quote,
    Punct,
    Url,
    Handle,
    Hashtag,
    Symbol,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
    // Called for nearly every token by every stage, from other crates: worth inlining there.
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Entity types of the output schema; extensible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Org,
    Media,
    /// States, cities and other political units.
    Gpe,
    /// Other places: regions, continents, rivers, borders.
    Loc,
}

impl EntityType {
    /// Its name in the JSON output (serde's), for writers that do without serde: the output's
    /// own JSON writer and the store.
    pub fn as_str(self) -> &'static str {
    match self {
        EntityType::Person => "PERSON",
        EntityType::Org => "ORG",
        EntityType::Media => "MEDIA",
        EntityType::Gpe => "GPE",
        EntityType::Loc => "LOC",
    }
    }
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A proper name ("Gabrielus Landsbergis", "Lithuania", "TASS").
    Name,
    /// A social-media handle ("@GLandsbergis").
    Handle,
    /// A description ("the Lithuanian minister", "the analyst", "the republic").
    Nominal,
    /// A pronoun ("he", "she", "they").
    Pronoun,
    /// A capital or seat standing for a government ("Warsaw calls for…").
    Metonym,
    /// An adjective of nationality used as an actor ("Polish side", "Hungarian officials").
    Demonym,
}

impl MentionKind {
    /// Its name in the JSON output (serde's), for writers that do without serde: the output's
    /// own JSON writer and the store.
    pub fn as_str(self) -> &'static str {
    match self {
        MentionKind::Name => "name",
        MentionKind::Handle => "handle",
        MentionKind::Nominal => "nominal",
        MentionKind::Pronoun => "pronoun",
        MentionKind::Metonym => "metonym",
        MentionKind::Demonym => "demonym",
    }
    }
}

impl MentionKind {
    /// Mentions that are proper names (the ones name-recognition scores count).
    pub fn is_proper(self) -> bool {
        matches!(self, MentionKind::Name | MentionKind::Metonym | MentionKind::Handle)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: MentionKind,
    /// Why this mention belongs to its entity ("exact name", "surname of E3", "nearest male person"…).
    pub reason: String,
}

impl Mention {
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// Its name in the JSON output (serde's), for writers that do without serde: the output's
    /// own JSON writer and the store.
    pub fn as_str(self) -> &'static str {
    match self {
        Gender::Male => "male",
        Gender::Female => "female",
    }
    }
}

/// One entity of the document with every mention of it, coded as an actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    /// Canonical name: the fullest proper name seen.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// ISO 3166-1 alpha-3, when known.
    pub country: Option<String>,
    /// PLOVER sector code (GOV, MIL, MED, IGO, …), when known.
    pub sector: Option<String>,
    /// Code of an international body (UN, EU, NATO…), when the entity is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Titles and roles ("Foreign Minister", "press secretary of the Belarusian leader").
    pub roles: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Proper-name mentions: names, surnames, handles, capitals standing for governments.
    pub mentions: Vec<Mention>,
    /// Other mentions linked to the entity: descriptions ("the Lithuanian minister"), pronouns and
    /// nationality adjectives, each with the reason for the link. Kept apart from `mentions` so
    /// that consumers counting names are not misled by "he".
    pub references: Vec<Mention>,
}

/// Actor sectors of people and bodies that hold office (government, military, legislature,
/// judiciary, police, international bodies).
const OFFICE_SECTORS: &[&str] = &["GOV", "MIL", "LEG", "JUD", "COP", "IGO"];

impl Entity {
    /// A capitalised name the entities stage typed as an organisation by default, with nothing
    /// known of it (no sector, country or actor code): often a person it could not type.
    pub fn is_untyped_org(&self) -> bool {
        self.kind == EntityType::Org && self.sector.is_none() && self.country.is_none() && self.code.is_none()
    }

    /// Does its sector make it an office holder? "The analyst" or "the expert" is none.
    pub fn holds_office(&self) -> bool {
        self.sector.as_deref().is_some_and(|s| OFFICE_SECTORS.contains(&s))
    }

    /// Names and references together, in text order.
    pub fn all_mentions(&self) -> impl Iterator<Item = &Mention> {
        let mut v: Vec<&Mention> = self.mentions.iter().chain(self.references.iter()).collect();
        v.sort_by_key(|m| m.start);
        v.into_iter()
    }
}

/// A reference to an entity through one of its mentions (a quote's speaker, a channel).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRef {
    /// The resolved entity's id, or null when the mention could not be resolved.
    pub entity: Option<String>,
    /// The resolved entity's canonical name (or the mention text when unresolved).
    pub name: String,
    /// The mention the attribution used ("he", "the analyst", "TASS").
    pub start: usize,
    pub end: usize,
}

/// A piece of text with its offsets (a cue verb, an event trigger).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Wholly inside quotation marks.
    Direct,
    /// Reported speech containing quoted words.
    Partial,
    /// Reported speech without quotation marks.
    Indirect,
}

impl QuoteKind {
    /// Its name in the JSON output (serde's), for writers that do without serde: the output's
    /// own JSON writer and the store.
    pub fn as_str(self) -> &'static str {
    match self {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Indirect => "indirect",
    }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    pub kind: QuoteKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub speaker: Option<EntityRef>,
    /// Others speaking jointly with `speaker`, in text order: the other signatories of a joint
    /// statement ("the joint statement of A, B and C"), the other conjuncts of "A and B said",
    /// the other party of "the parties discussed". Each points at its own mention.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_speakers: Vec<EntityRef>,
    pub cue: Option<TextSpan>,
    /// The channels it came through, nearest first (TASS, an interview with RT, a tweet).
    pub via: Vec<EntityRef>,
    /// Index of the block holding the quote's start.
    pub block: usize,
    /// ISO date of the statement when the text gives one (an embedded post's date line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    /// Its name in the JSON output (serde's), for writers that do without serde: the output's
    /// own JSON writer and the store.
    pub fn as_str(self) -> &'static str {
    match self {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    pub id: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TIMEX3 value: `2021-11-17`, `2021-11`, `2021-W46`, `P1W`, `PRESENT_REF`…
    pub value: String,
    /// The reference date a relative expression was resolved against, when it was relative.
    pub anchor: Option<String>,
}

/// An actor of an event: an entity coded by country and sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub entity: Option<String>,
    pub name: String,
    pub country: Option<String>,
    pub sector: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// PLOVER 2.0 event type (AGREE, CONSULT, … ASSAULT).
    #[serde(rename = "type")]
    pub kind: String,
    pub mode: Option<String>,
    pub cameo: String,
    pub source: Option<Actor>,
    pub target: Option<Actor>,
    /// ISO date (or TIMEX3 partial date) of the event.
    pub date: Option<String>,
    /// "day", "month", "year", "document" (fell back to the document date) or "none".
    pub date_precision: String,
    pub negated: bool,
    pub hypothetical: bool,
    pub trigger: TextSpan,
    /// The clause or sentence that is the evidence.
    pub start: usize,
    pub end: usize,
    /// Name of the pattern that produced the event.
    pub rule: String,
    /// The quote this event was read from, when it is a statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// A document and everything the stages found in it.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub id: String,
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The reference date for relative time expressions.
    pub date: Option<NaiveDate>,
    pub date_source: DateSource,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    pub entities: Vec<Entity>,
    pub timexes: Vec<Timex>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    /// The tokens folded for lexicon matching, built on first use (quotes and events both read
    /// them) together with the text and token buffers they were built from.
    folded: OnceLock<(FoldedSource, FoldedTokens)>,
}

/// Which text and tokens a cached [`FoldedTokens`] was built from: the buffers' addresses and
/// lengths, so a document whose text or token list was replaced or grown folds afresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FoldedSource {
    text: (usize, usize),
    tokens: (usize, usize),
}

impl FoldedSource {
    fn of(doc: &Doc) -> Self {
        FoldedSource {
            text: (doc.text.as_ptr() as usize, doc.text.len()),
            tokens: (doc.tokens.as_ptr() as usize, doc.tokens.len()),
        }
    }
}

impl Doc {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Doc { id: id.into(), text: text.into(), ..Default::default() }
    }

    /// Every token folded for matching (see [`FoldedTokens`]), built once per document and
    /// shared by the stages that need it. Built afresh (and not kept) when the text or the token
    /// list changed since the first call.
    pub fn folded_tokens(&self) -> Cow<'_, FoldedTokens> {
        let source = FoldedSource::of(self);
        let (cached_source, folded) = self.folded.get_or_init(|| (source, FoldedTokens::new(self)));
        if *cached_source == source {
            Cow::Borrowed(folded)
        } else {
            Cow::Owned(FoldedTokens::new(self))
        }
    }

    /// Frees what only the stages read while they annotate: the tokens, the sentences (whose
    /// token ranges point into them) and the folded tokens. The text and the other annotations
    /// stay: for a document that goes on to be stored, not analysed further.
    pub fn release_stage_buffers(&mut self) {
        self.tokens = Vec::new();
        self.sentences = Vec::new();
        self.folded = OnceLock::new();
    }

    /// The text of a span (empty when out of range or off a char boundary).
    #[inline]
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// Index of the sentence holding byte `offset`, by binary search.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        (i < self.sentences.len() && self.sentences[i].start <= offset).then_some(i)
    }

    /// Index of the block holding byte `offset`.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.end <= offset);
        (i < self.blocks.len() && self.blocks[i].start <= offset).then_some(i)
    }

    /// Is byte `offset` in a credit: a credit line, a byline, or the bracketed credit closing a
    /// caption ("(Ann Lee / CBC News)")? The people named there are nobody a later "she said"
    /// refers to; the people a caption describes may be.
    pub fn in_credit(&self, offset: usize) -> bool {
        let Some(block) = self.block_at(offset).and_then(|b| self.blocks.get(b)) else { return false };
        match block.role {
            BlockRole::Credit | BlockRole::Byline => true,
            BlockRole::Caption => self.text.get(block.start..block.end).and_then(|t| t.rfind('(')).is_some_and(|open| offset > block.start + open),
            _ => false,
        }
    }

    /// The tokens of a sentence.
    pub fn sentence_tokens(&self, sentence: usize) -> &[Token] {
        match self.sentences.get(sentence) {
            Some(s) => self.tokens.get(s.tokens.clone()).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Index of the first token starting at or after `offset`.
    pub fn token_at_or_after(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.start < offset)
    }

    /// The entity (index) and its mention whose span equals `span` or, failing that, overlaps
    /// it. Names are preferred to references at the same place.
    pub fn mention_at(&self, span: Span) -> Option<(usize, &Mention)> {
        let mut overlap = None;
        for (ei, e) in self.entities.iter().enumerate() {
            for m in e.mentions.iter().chain(e.references.iter()) {
                if m.start == span.start && m.end == span.end {
                    return Some((ei, m));
                }
                if overlap.is_none() && m.span().overlaps(span) {
                    overlap = Some((ei, m));
                }
            }
        }
        overlap
    }

    /// Entity by its id ("E3").
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// A reference to entity `ei` through the mention at `span`.
    pub fn entity_ref(&self, ei: usize, span: Span) -> EntityRef {
        let e = &self.entities[ei];
        EntityRef { entity: Some(e.id.clone()), name: e.name.clone(), start: span.start, end: span.end }
    }

    /// The date an annotation at `offset` is anchored to: an embedded post's own date, else
    /// the document date.
    pub fn reference_date_at(&self, offset: usize) -> Option<NaiveDate> {
        if let Some(b) = self.block_at(offset) {
            if let Some(post) = &self.blocks[b].post {
                if let Some(d) = post.date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
                    return Some(d);
                }
            }
        }
        self.date
    }
}

/// Every character newsgraph treats as a quotation mark (the segmenter's quote tokens, the quotes
/// stage's transcript labels).
pub fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '„' | '‟' | '«' | '»' | '‘' | '’' | '‚' | '‛' | '‹' | '›' | '「' | '」' | '『' | '』' | '＂'
    )
}
