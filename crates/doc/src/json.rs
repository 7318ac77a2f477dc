//! The output schema written straight into a byte buffer.
//!
//! `serde_json` through the derived `Serialize` impls cost about a tenth of `extract`: a call per
//! field through the serializer's state machine, and an escape-table lookup for every byte of the
//! strings, which are most of the output (mention, quote and timex texts, reasons). Here each
//! struct writes its fields in the order the derives declare them, and strings are copied in runs
//! found eight bytes at a time. The bytes are those of `serde_json::to_string(&Output::new(doc))`
//! (compact form, the same escapes); the tests compare the two on documents with every kind of
//! field and string.

use crate::output::SCHEMA_VERSION;
use crate::{Actor, Block, Doc, Entity, EntityRef, Event, Mention, PostSignature, Quote, Sentence, TextSpan, Timex};

/// Bytes a JSON string must escape: `"`, `\` and the control characters below 0x20.
#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any of the eight bytes of `word` needs an escape (SWAR: a byte below 0x20, or equal
/// to `"` or `\`).
#[inline]
fn any_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A zero byte of `x` sets its high bit in `has_zero(x)` (and may set others only above a
    // true zero byte, so the test "any byte" stays exact).
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    below_space | has_zero(word ^ (ONES * b'"' as u64)) | has_zero(word ^ (ONES * b'\\' as u64)) != 0
}

/// The eight bytes of `chunk` (eight long) as one little-endian word.
#[inline]
fn word_at(chunk: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&chunk[..8]);
    u64::from_le_bytes(word)
}

/// The longest string [`short_string`] writes.
const SHORT_STRING: usize = 24;

/// `s` as a JSON string when it is at most [`SHORT_STRING`] bytes long and has nothing to escape
/// (most strings of the output: ids, kinds, names, reasons); false, with nothing written,
/// otherwise. The string is read as whole words and written, between its quotes, as one copy of
/// a fixed-size buffer cut back to its length: a copy of a variable length is a call to
/// `memcpy`, which for a few bytes costs more than the rest of the writing.
#[inline(always)]
fn short_string(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let n = bytes.len();
    if n > SHORT_STRING {
        return false;
    }
    // The opening quote, the string, the closing quote, and room for the last word's copy.
    let mut buf = [0u8; SHORT_STRING + 2];
    buf[0] = b'"';
    if n >= 8 {
        // Whole words from the start, and the last word (overlapping the one before it).
        let mut at = 0;
        loop {
            let last = at + 8 >= n;
            if last {
                at = n - 8;
            }
            let word = word_at(&bytes[at..at + 8]);
            if any_escape(word) {
                return false;
            }
            buf[1 + at..9 + at].copy_from_slice(&word.to_le_bytes());
            if last {
                break;
            }
            at += 8;
        }
    } else if n >= 4 {
        // The two overlapping halves, tested as one word.
        let half = |at: usize| {
            let mut half = [0u8; 4];
            half.copy_from_slice(&bytes[at..at + 4]);
            half
        };
        let (first, last) = (half(0), half(n - 4));
        if any_escape(u64::from(u32::from_le_bytes(first)) | u64::from(u32::from_le_bytes(last)) << 32) {
            return false;
        }
        buf[1..5].copy_from_slice(&first);
        buf[n - 3..n + 1].copy_from_slice(&last);
    } else {
        for (slot, &b) in buf[1..].iter_mut().zip(bytes) {
            if needs_escape(b) {
                return false;
            }
            *slot = b;
        }
    }
    buf[n + 1] = b'"';
    let len = out.len();
    out.extend_from_slice(&buf);
    out.truncate(len + n + 2);
    true
}

/// `s` as a JSON string, escaped as serde_json escapes it. Inlined at each field: most strings
/// are short ones, and a call that also holds the long strings' loop saved and restored about
/// twenty instructions' worth of registers around each of them. (`always`: the compiler
/// declined a plain `#[inline]`, and the extra call made the output cost more, not less.)
#[inline(always)]
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    if !short_string(out, s.as_bytes()) {
        long_string(out, s);
    }
}

/// `s` as a JSON string: what [`string`] writes for strings [`short_string`] does not.
#[inline(never)]
fn long_string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i..i + 8) {
            Some(chunk) => {
                if !any_escape(word_at(chunk)) {
                    i += 8;
                    continue;
                }
            }
            // The last few bytes: read as the last eight of the string (those before `i` were
            // read already, and a byte escaped there sends the reading one byte at a time).
            // Cheaper than copying them into a padded word, or testing them one by one. (A
            // string shorter than eight bytes that gets here has a byte to escape: `short_string`
            // wrote every other.)
            None => {
                if let Some(last8) = bytes.len().checked_sub(8) {
                    if !any_escape(word_at(&bytes[last8..])) {
                        i = bytes.len();
                        continue;
                    }
                }
            }
        }
        let b = bytes[i];
        if !needs_escape(b) {
            i += 1;
            continue;
        }
        out.extend_from_slice(&bytes[run_start..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 0xf) as usize]);
            }
        }
        i += 1;
        run_start = i;
    }
    out.extend_from_slice(&bytes[run_start..]);
    out.push(b'"');
}

/// "00", "01" … "99": numbers are written two digits at a time.
const TWO_DIGITS: [u8; 200] = {
    let mut table = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        table[2 * i] = b'0' + (i / 10) as u8;
        table[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    table
};

/// The two digits of `n` (below 100).
#[inline]
fn pair(n: usize) -> [u8; 2] {
    [TWO_DIGITS[n * 2], TWO_DIGITS[n * 2 + 1]]
}

/// `n` in decimal. Inlined at each field for numbers below 10,000 (indices and most offsets),
/// like [`string`]: the call cost about as much as the writing.
#[inline(always)]
fn number(out: &mut Vec<u8>, n: usize) {
    // Nearly every number is a byte offset or an index below 100,000: those are written as one
    // fixed-size array each, without the digit buffer and the copy of a variable-length slice.
    match n {
        0..=9 => out.push(b'0' + n as u8),
        10..=99 => out.extend_from_slice(&pair(n)),
        100..=999 => {
            let [a, b] = pair(n % 100);
            out.extend_from_slice(&[b'0' + (n / 100) as u8, a, b]);
        }
        1_000..=9_999 => {
            let ([a, b], [c, d]) = (pair(n / 100), pair(n % 100));
            out.extend_from_slice(&[a, b, c, d]);
        }
        _ => long_number(out, n),
    }
}

/// `n` (10,000 or more) in decimal: what [`number`] writes for larger numbers.
#[inline(never)]
fn long_number(out: &mut Vec<u8>, n: usize) {
    if n <= 99_999 {
        let ([b, c], [d, e]) = (pair(n / 100 % 100), pair(n % 100));
        return out.extend_from_slice(&[b'0' + (n / 10_000) as u8, b, c, d, e]);
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    while n >= 100 {
        let pair = (n % 100) * 2;
        n /= 100;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&TWO_DIGITS[pair..pair + 2]);
    }
    if n >= 10 {
        at -= 2;
        digits[at..at + 2].copy_from_slice(&TWO_DIGITS[n * 2..n * 2 + 2]);
    } else {
        at -= 1;
        digits[at] = b'0' + n as u8;
    }
    out.extend_from_slice(&digits[at..]);
}

fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// `{"name":` opening an object, and `,"name":` for the fields after the first: one copy of a
/// literal per field (field names are fixed ASCII without characters to escape).
macro_rules! first_key {
    ($out:expr, $name:literal) => {
        $out.extend_from_slice(concat!("{\"", $name, "\":").as_bytes())
    };
}
macro_rules! key {
    ($out:expr, $name:literal) => {
        $out.extend_from_slice(concat!(",\"", $name, "\":").as_bytes())
    };
}

fn array<T>(out: &mut Vec<u8>, items: &[T], write: impl Fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

fn opt<T>(out: &mut Vec<u8>, item: Option<&T>, write: impl Fn(&mut Vec<u8>, &T)) {
    match item {
        Some(item) => write(out, item),
        None => out.extend_from_slice(b"null"),
    }
}

fn post_signature(out: &mut Vec<u8>, p: &PostSignature) {
    first_key!(out, "author");
    string(out, &p.author);
    key!(out, "handle");
    opt_string(out, p.handle.as_deref());
    key!(out, "date");
    opt_string(out, p.date.as_deref());
    key!(out, "start");
    number(out, p.start);
    key!(out, "end");
    number(out, p.end);
    out.push(b'}');
}

fn block(out: &mut Vec<u8>, b: &Block) {
    first_key!(out, "start");
    number(out, b.start);
    key!(out, "end");
    number(out, b.end);
    key!(out, "role");
    string(out, b.role.as_str());
    key!(out, "reason");
    string(out, b.reason);
    if let Some(post) = &b.post {
        key!(out, "post");
        post_signature(out, post);
    }
    out.push(b'}');
}

fn sentence(out: &mut Vec<u8>, s: &Sentence) {
    first_key!(out, "start");
    number(out, s.start);
    key!(out, "end");
    number(out, s.end);
    key!(out, "block");
    number(out, s.block);
    out.push(b'}');
}

fn mention(out: &mut Vec<u8>, m: &Mention) {
    first_key!(out, "start");
    number(out, m.start);
    key!(out, "end");
    number(out, m.end);
    key!(out, "text");
    string(out, &m.text);
    key!(out, "kind");
    string(out, m.kind.as_str());
    key!(out, "reason");
    string(out, &m.reason);
    out.push(b'}');
}

fn entity(out: &mut Vec<u8>, e: &Entity) {
    first_key!(out, "id");
    string(out, &e.id);
    key!(out, "name");
    string(out, &e.name);
    key!(out, "type");
    string(out, e.kind.as_str());
    key!(out, "country");
    opt_string(out, e.country.as_deref());
    key!(out, "sector");
    opt_string(out, e.sector.as_deref());
    if let Some(code) = &e.code {
        key!(out, "code");
        string(out, code);
    }
    key!(out, "roles");
    array(out, &e.roles, |out, r| string(out, r));
    if let Some(g) = e.gender {
        key!(out, "gender");
        string(out, g.as_str());
    }
    key!(out, "mentions");
    array(out, &e.mentions, mention);
    key!(out, "references");
    array(out, &e.references, mention);
    out.push(b'}');
}

fn entity_ref(out: &mut Vec<u8>, r: &EntityRef) {
    first_key!(out, "entity");
    opt_string(out, r.entity.as_deref());
    key!(out, "name");
    string(out, &r.name);
    key!(out, "start");
    number(out, r.start);
    key!(out, "end");
    number(out, r.end);
    out.push(b'}');
}

fn text_span(out: &mut Vec<u8>, t: &TextSpan) {
    first_key!(out, "text");
    string(out, &t.text);
    key!(out, "start");
    number(out, t.start);
    key!(out, "end");
    number(out, t.end);
    out.push(b'}');
}

fn quote(out: &mut Vec<u8>, q: &Quote) {
    first_key!(out, "id");
    string(out, &q.id);
    key!(out, "kind");
    string(out, q.kind.as_str());
    key!(out, "text");
    string(out, &q.text);
    key!(out, "start");
    number(out, q.start);
    key!(out, "end");
    number(out, q.end);
    key!(out, "speaker");
    opt(out, q.speaker.as_ref(), entity_ref);
    if !q.co_speakers.is_empty() {
        key!(out, "co_speakers");
        array(out, &q.co_speakers, entity_ref);
    }
    key!(out, "cue");
    opt(out, q.cue.as_ref(), text_span);
    key!(out, "via");
    array(out, &q.via, entity_ref);
    key!(out, "block");
    number(out, q.block);
    if let Some(date) = &q.date {
        key!(out, "date");
        string(out, date);
    }
    out.push(b'}');
}

fn timex(out: &mut Vec<u8>, t: &Timex) {
    first_key!(out, "id");
    string(out, &t.id);
    key!(out, "text");
    string(out, &t.text);
    key!(out, "start");
    number(out, t.start);
    key!(out, "end");
    number(out, t.end);
    key!(out, "type");
    string(out, t.kind.as_str());
    key!(out, "value");
    string(out, &t.value);
    key!(out, "anchor");
    opt_string(out, t.anchor.as_deref());
    out.push(b'}');
}

fn actor(out: &mut Vec<u8>, a: &Actor) {
    first_key!(out, "entity");
    opt_string(out, a.entity.as_deref());
    key!(out, "name");
    string(out, &a.name);
    key!(out, "country");
    opt_string(out, a.country.as_deref());
    key!(out, "sector");
    opt_string(out, a.sector.as_deref());
    out.push(b'}');
}

fn event(out: &mut Vec<u8>, e: &Event) {
    first_key!(out, "id");
    string(out, &e.id);
    key!(out, "type");
    string(out, &e.kind);
    key!(out, "mode");
    opt_string(out, e.mode.as_deref());
    key!(out, "cameo");
    string(out, &e.cameo);
    key!(out, "source");
    opt(out, e.source.as_ref(), actor);
    key!(out, "target");
    opt(out, e.target.as_ref(), actor);
    key!(out, "date");
    opt_string(out, e.date.as_deref());
    key!(out, "date_precision");
    string(out, &e.date_precision);
    key!(out, "negated");
    boolean(out, e.negated);
    key!(out, "hypothetical");
    boolean(out, e.hypothetical);
    key!(out, "trigger");
    text_span(out, &e.trigger);
    key!(out, "start");
    number(out, e.start);
    key!(out, "end");
    number(out, e.end);
    key!(out, "rule");
    string(out, &e.rule);
    if let Some(q) = &e.quote {
        key!(out, "quote");
        string(out, q);
    }
    out.push(b'}');
}

/// Append `doc` as one JSON object of the output schema (what [`crate::Output`] serialises to).
pub(crate) fn document(out: &mut Vec<u8>, doc: &Doc) {
    first_key!(out, "schema");
    string(out, SCHEMA_VERSION);
    key!(out, "id");
    string(out, &doc.id);
    key!(out, "document");
    first_key!(out, "title");
    opt_string(out, doc.title.as_deref());
    key!(out, "date");
    match doc.date {
        Some(d) => string(out, &crate::iso_date(d)),
        None => out.extend_from_slice(b"null"),
    }
    key!(out, "date_source");
    string(out, doc.date_source.as_str());
    if let Some(url) = &doc.url {
        key!(out, "url");
        string(out, url);
    }
    key!(out, "length");
    number(out, doc.text.len());
    out.push(b'}');
    key!(out, "blocks");
    array(out, &doc.blocks, block);
    key!(out, "sentences");
    array(out, &doc.sentences, sentence);
    key!(out, "entities");
    array(out, &doc.entities, entity);
    key!(out, "quotes");
    array(out, &doc.quotes, quote);
    key!(out, "timexes");
    array(out, &doc.timexes, timex);
    key!(out, "events");
    array(out, &doc.events, event);
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BlockRole, DateSource, EntityType, Gender, MentionKind, Output, QuoteKind, TimexType, Token, TokenKind};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn serde_form(doc: &Doc) -> String {
        serde_json::to_string(&Output::new(doc)).expect("serialises")
    }

    fn mention(text: &str, kind: MentionKind) -> Mention {
        Mention { start: 3, end: 3 + text.len(), text: text.to_string(), kind, reason: format!("reason for {text}") }
    }

    /// A document with every field, every enum value and both sides of every optional field.
    fn full_doc(s: &str) -> Doc {
        let mut doc = Doc::new(format!("id {s}"), format!("{s} and more text"));
        doc.title = Some(s.to_string());
        doc.url = Some(format!("https://example.org/{s}"));
        doc.date = NaiveDate::from_ymd_opt(2021, 3, 9);
        doc.date_source = DateSource::Metadata;
        let roles = [
            BlockRole::Title,
            BlockRole::Body,
            BlockRole::Heading,
            BlockRole::Caption,
            BlockRole::Credit,
            BlockRole::EmbeddedPost,
            BlockRole::Byline,
            BlockRole::Dateline,
        ];
        doc.blocks = roles
            .iter()
            .enumerate()
            .map(|(i, &role)| Block {
                start: i,
                end: i * 1000 + 1,
                role,
                reason: "a reason",
                post: (i % 3 == 0).then(|| PostSignature {
                    author: s.to_string(),
                    handle: (i == 3).then(|| "@someone".to_string()),
                    date: (i == 0).then(|| "2020-01-02".to_string()),
                    start: i,
                    end: usize::MAX,
                }),
                sentences: 0..0,
            })
            .collect();
        doc.sentences = vec![Sentence { start: 0, end: 10, block: 0, tokens: 0..1 }];
        doc.tokens = vec![Token { start: 0, end: 1, kind: TokenKind::Word }];
        let kinds = [MentionKind::Name, MentionKind::Handle, MentionKind::Nominal, MentionKind::Pronoun, MentionKind::Metonym, MentionKind::Demonym];
        let types = [EntityType::Person, EntityType::Org, EntityType::Media, EntityType::Gpe, EntityType::Loc];
        doc.entities = types
            .iter()
            .enumerate()
            .map(|(i, &kind)| Entity {
                id: format!("E{i}"),
                name: s.to_string(),
                kind,
                country: (i % 2 == 0).then(|| "LTU".to_string()),
                sector: (i % 2 == 1).then(|| "GOV".to_string()),
                code: (i == 2).then(|| "EU".to_string()),
                roles: (0..i).map(|r| format!("role {r} {s}")).collect(),
                gender: match i {
                    0 => Some(Gender::Male),
                    1 => Some(Gender::Female),
                    _ => None,
                },
                mentions: kinds.iter().map(|&k| mention(s, k)).collect(),
                references: if i == 4 { Vec::new() } else { vec![mention("he", MentionKind::Pronoun)] },
            })
            .collect();
        let entity_ref = |entity: Option<&str>| EntityRef { entity: entity.map(str::to_string), name: s.to_string(), start: 1, end: 2 };
        doc.quotes = [QuoteKind::Direct, QuoteKind::Partial, QuoteKind::Indirect]
            .iter()
            .enumerate()
            .map(|(i, &kind)| Quote {
                id: format!("Q{i}"),
                kind,
                text: s.to_string(),
                start: i,
                end: i + 5,
                speaker: (i != 1).then(|| entity_ref(if i == 0 { Some("E0") } else { None })),
                // Empty (and so left out) on all but the first.
                co_speakers: (0..usize::from(i == 0) * 2).map(|_| entity_ref(Some("E2"))).collect(),
                cue: (i != 2).then(|| TextSpan { text: "said".to_string(), start: 0, end: 4 }),
                via: (0..i).map(|_| entity_ref(Some("E1"))).collect(),
                block: i,
                date: (i == 2).then(|| "2021-05-06".to_string()),
            })
            .collect();
        doc.timexes = [TimexType::Date, TimexType::Time, TimexType::Duration, TimexType::Set]
            .iter()
            .enumerate()
            .map(|(i, &kind)| Timex {
                id: format!("T{i}"),
                text: s.to_string(),
                start: i,
                end: i + 1,
                kind,
                value: "2021-W45".to_string(),
                anchor: (i % 2 == 0).then(|| "2021-11-17".to_string()),
            })
            .collect();
        let actor = |with: bool| Actor {
            entity: with.then(|| "E2".to_string()),
            name: s.to_string(),
            country: with.then(|| "POL".to_string()),
            sector: (!with).then(|| "MIL".to_string()),
        };
        doc.events = (0..2)
            .map(|i| Event {
                id: format!("V{i}"),
                kind: "ACCUSE".to_string(),
                mode: (i == 0).then(|| "verbal".to_string()),
                cameo: "112".to_string(),
                source: (i == 0).then(|| actor(true)),
                target: Some(actor(i == 0)),
                date: (i == 1).then(|| "2021".to_string()),
                date_precision: "year".to_string(),
                negated: i == 0,
                hypothetical: i == 1,
                trigger: TextSpan { text: s.to_string(), start: 7, end: 9 },
                start: 0,
                end: 12,
                rule: format!("rule {s}"),
                quote: (i == 1).then(|| "Q2".to_string()),
            })
            .collect();
        doc
    }

    #[test]
    fn every_field_as_serde_writes_it() {
        for s in ["", "plain", "quote \" back\\slash", "tab\tnew\nline\r\u{8}\u{c}\u{1}\u{1f}\u{7f}", "é “curly” — ✓ 😀", "12345678\"1234567"] {
            let doc = full_doc(s);
            assert_eq!(doc.to_json(), serde_form(&doc), "{s:?}");
        }
        let mut doc = Doc::new("bare", "text");
        assert_eq!(doc.to_json(), serde_form(&doc));
        doc.date_source = DateSource::Inferred;
        assert_eq!(doc.to_json(), serde_form(&doc));
        for source in [DateSource::Option, DateSource::None] {
            doc.date_source = source;
            assert_eq!(doc.to_json(), serde_form(&doc));
        }
    }

    #[test]
    fn strings_escaped_as_serde_escapes_them() {
        let mut out = Vec::new();
        string(&mut out, "a\"b\\c\nd\u{0}e\u{1b}f");
        assert_eq!(String::from_utf8(out).unwrap(), r#""a\"b\\c\nd\u0000e\u001bf""#);
    }

    /// Around the short strings' limit, every length, plain or with one byte to escape (or a
    /// character of several bytes) at every place, and written after other output.
    #[test]
    fn short_and_longer_strings_as_serde_writes_them() {
        for n in 0..=SHORT_STRING + 3 {
            for odd in [None, Some('"'), Some('\\'), Some('\n'), Some('\u{1}'), Some('é'), Some('✓')] {
                for at in 0..n.max(1) {
                    let s: String = (0..n).map(|k| if Some(k) == odd.map(|_| at) { odd.unwrap_or('x') } else { char::from(b'a' + (k % 26) as u8) }).collect();
                    let mut out = b"[1,".to_vec();
                    string(&mut out, &s);
                    assert_eq!(String::from_utf8(out).unwrap(), format!("[1,{}", serde_json::to_string(&s).unwrap()), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn numbers_as_serde_writes_them() {
        for n in (0..=100_000).chain([usize::MAX, usize::MAX / 7, 1 << 40, 10_000_000_000]) {
            let mut out = Vec::new();
            number(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    proptest! {
        #[test]
        fn any_number_as_std_writes_it(n in any::<usize>(), small in 0usize..2_000_000) {
            for n in [n, small] {
                let mut out = Vec::new();
                number(&mut out, n);
                prop_assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
            }
        }

        /// Any string, as long runs and short ones, at every alignment.
        #[test]
        fn any_string_as_serde_writes_it(s in "(\\PC|[\\x00-\\x1f\"\\\\]){0,40}", pad in 0usize..9) {
            let s = format!("{}{s}", "x".repeat(pad));
            let mut out = Vec::new();
            string(&mut out, &s);
            prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&s).unwrap());
        }
    }
}
