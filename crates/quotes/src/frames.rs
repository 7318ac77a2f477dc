//! Attribution frames: the words around a statement that name its speaker, its cue and the
//! channels it came through ("…,” Novak told Reuters.", "According to X, …", "A quoted B as
//! saying").

use crate::lexicon::{CueRole, VerbKind};
use crate::phrases::MAX_DESCRIPTION_WORDS;
use crate::phrases::{Ctx, Phrase, PhraseKind};
use newsgraph_doc::{EntityRef, EntityType};
use newsgraph_knowledge::{kb, Named};

/// Where a speaker comes from before resolution.
#[derive(Debug, Clone)]
pub enum SpeakerSource {
    Phrase(Phrase),
    /// Already resolved (an embedded post's author, a platform name).
    Fixed(EntityRef),
    /// Same speaker as the neighbouring statement (a quotation standing alone).
    Inherit,
}

/// A frame's findings.
#[derive(Debug, Clone)]
pub struct Attribution {
    pub speaker: SpeakerSource,
    /// Token range of the cue (verb or phrase); none for a signature or a colon.
    pub cue: Option<(usize, usize)>,
    pub via: Vec<SpeakerSource>,
}


impl Ctx<'_> {
    /// Is the phrase a news outlet (a MEDIA entity or a known outlet name)?
    pub fn is_outlet(&self, p: &Phrase) -> bool {
        if let PhraseKind::Mention(ei) = p.kind {
            if self.doc.entities[ei].kind == EntityType::Media {
                return true;
            }
        }
        let text = self.doc.slice(self.span(p.start, p.end));
        let text = text.strip_prefix("the ").unwrap_or(text);
        kb().lookup(text).iter().any(|n| matches!(n, Named::Outlet(_)))
    }

    pub fn is_person_phrase(&self, p: &Phrase) -> bool {
        match p.kind {
            PhraseKind::Mention(ei) => self.doc.entities[ei].kind == EntityType::Person,
            PhraseKind::Pronoun => matches!(self.low(p.start), "he" | "she" | "i"),
            PhraseKind::Name => !self.is_outlet(p),
            PhraseKind::Nominal(..) => false,
        }
    }

    /// "A quoted B as saying" at token `q` ("quoted"): (speaker, channel, end of the frame).
    pub fn quoted_as(&self, q: usize, lo: usize, hi: usize) -> Option<(Phrase, Option<Phrase>, usize)> {
        // The passive: "he was quoted as saying (by Reuters)": the subject speaks.
        if self.low(q + 1) == "as" && q > lo && matches!(self.low(q - 1), "was" | "were" | "is" | "are" | "been" | "being") {
            let speaker = self.subject_before(q - 1, lo)?;
            let end = (q + 3).min(hi);
            // "… as saying by a radio station that …": the channel, then the content.
            let channel = if self.low(end) == "by" { self.phrase_starting_at(end + 1, hi) } else { None };
            let end = channel.map_or(end, |c| c.end);
            return Some((speaker, channel, end));
        }
        let obj = self.phrase_starting_at(q + 1, hi)?;
        if self.low(obj.end) != "as" {
            return None;
        }
        let agent = self.subject_before(q, lo);
        let end = (obj.end + 2).min(hi);
        match agent {
            // The reversed, mistranslated form: "Eismont quoted BelTA as saying".
            Some(a) if self.is_person_phrase(&a) && self.is_outlet(&obj) => Some((a, Some(obj), end)),
            a => Some((obj, a, end)),
        }
    }

    /// Channels named between tokens `lo` and `hi` ("told Reuters", "in an interview with RT",
    /// "on his Twitter page", "TASS reported").
    pub fn channels(&self, lo: usize, hi: usize) -> Vec<SpeakerSource> {
        let mut out = Vec::new();
        let mut k = lo;
        while k < hi {
            let Some((cue, len)) = self.cue_at(k, hi) else {
                k += 1;
                continue;
            };
            match cue.role {
                CueRole::Channel => {
                    if let Some(obj) = self.phrase_starting_at(k + len, hi) {
                        let hearer_only = matches!(self.low(k), "told" | "speaking");
                        if !hearer_only || self.is_outlet(&obj) {
                            out.push(SpeakerSource::Phrase(obj));
                        }
                        k = obj.end;
                        continue;
                    }
                }
                CueRole::Platform => {
                    if let Some(p) = (k..k + len).find(|&i| self.is_cap(i) || matches!(self.low(i), "twitter" | "facebook" | "telegram" | "instagram")) {
                        let span = self.span(p, p + 1);
                        let name = self.text(p);
                        let mut cap = name.to_string();
                        if let Some(f) = cap.get(0..1) {
                            cap = f.to_uppercase() + cap.get(1..).unwrap_or("");
                        }
                        out.push(SpeakerSource::Fixed(EntityRef { entity: None, name: cap, start: span.start, end: span.end }));
                    }
                }
                CueRole::Reporting => {
                    let agent = if self.low(k + 1) == "by" {
                        self.phrase_starting_at(k + len, hi)
                    } else {
                        self.subject_before(k, lo)
                    };
                    if let Some(a) = agent.filter(|a| self.is_outlet(a)) {
                        out.push(SpeakerSource::Phrase(a));
                    }
                }
                _ => {}
            }
            k += len;
        }
        out
    }

    /// An attribution after a quotation's closing mark: "…,” said Novak", "…,” she said",
    /// "…,” the ministry said in a statement", "…,” AGENCY quoted him as saying".
    pub fn frame_after(&self, a: usize, hi: usize) -> Option<Attribution> {
        // A signature after the quotation: "“…” ― Karen Smith".
        if matches!(self.text(a), "―" | "—" | "–" | "-" | "--") {
            if let Some(sp) = self.phrase_starting_at(a + 1, hi) {
                let ends = sp.end >= hi || matches!(self.text(sp.end), "," | "." | "(" | ";") || self.kind(sp.end) == Some(newsgraph_doc::TokenKind::Quote);
                if matches!(sp.kind, PhraseKind::Name | PhraseKind::Mention(_)) && ends {
                    return Some(Attribution { speaker: SpeakerSource::Phrase(sp), cue: None, via: Vec::new() });
                }
            }
        }
        let mut a = a;
        while a < hi && (matches!(self.text(a), "," | "—" | "–" | "-") || self.kind(a) == Some(newsgraph_doc::TokenKind::Quote)) {
            a += 1;
        }
        // The frame ends at the sentence end.
        let mut end = a;
        let mut depth = 0usize;
        while end < hi && (depth > 0 || !self.is_terminal(end)) && self.kind(end) != Some(newsgraph_doc::TokenKind::Quote) {
            // Stops inside a parenthesis ("(D-Mass.)") do not end the frame.
            match self.text(end) {
                "(" => depth += 1,
                ")" => depth = depth.saturating_sub(1),
                _ => {}
            }
            end += 1;
        }
        if end <= a {
            return None;
        }
        let limit = end.min(a + 30);
        for k in a..limit {
            if let Some((cue, len)) = self.cue_at(k, end) {
                if cue.role == CueRole::QuotedAs {
                    if let Some((speaker, channel, _)) = self.quoted_as(k, a, end) {
                        let mut via: Vec<SpeakerSource> = channel.into_iter().map(SpeakerSource::Phrase).collect();
                        via.extend(self.channels(k + len, end));
                        return Some(Attribution { speaker: SpeakerSource::Phrase(speaker), cue: Some((k, k + len)), via });
                    }
                }
                if cue.role == CueRole::SourceFollows && k == a {
                    if let Some(sp) = self.phrase_starting_at(k + len, end) {
                        return Some(Attribution { speaker: SpeakerSource::Phrase(sp), cue: Some((k, k + len)), via: self.channels(sp.end, end) });
                    }
                }
            }
            let Some((verb, len)) = self.verb_at(k, end) else { continue };
            // An infinitive, or a belief ("…,” she thinks) is no attribution of the words.
            if self.low(k.saturating_sub(1)) == "to" || verb.kind == VerbKind::Belief {
                continue;
            }
            let speaker = if k == a { self.phrase_starting_at(k + len, end) } else { self.subject_before(k, a) };
            let Some(sp) = speaker else {
                if k == a {
                    return None;
                }
                continue;
            };
            // The subject must open the frame (or sit right after a title or adverb, or a
            // description with no verb or comma in it: "Harbour Point College maritime historian
            // Ann Lee said").
            let description = sp.start <= a + MAX_DESCRIPTION_WORDS && (a..sp.start).all(|t| self.is_word(t) && self.verb_at(t, end).is_none());
            if k != a && sp.start > a + 5 && !description {
                return None;
            }
            let via = self.channels(k, end);
            return Some(Attribution { speaker: SpeakerSource::Phrase(sp), cue: Some((k, k + len)), via });
        }
        None
    }

    /// An attribution before a quotation's opening mark at `open`, not reaching before `lo`:
    /// "Novak said: “…", "She told reporters, “…", "According to X, “…".
    pub fn frame_before(&self, lo: usize, open: usize) -> Option<Attribution> {
        let floor = lo.max(open.saturating_sub(30));
        let mut k = open;
        // The sentence holding the frame starts after the last terminal before the mark.
        let mut start = floor;
        while k > floor {
            k -= 1;
            if self.is_terminal(k) || self.kind(k) == Some(newsgraph_doc::TokenKind::Quote) {
                start = k + 1;
                break;
            }
        }
        if start >= open {
            return None;
        }
        let gap_ok = |from: usize| {
            from >= open || matches!(self.text(open - 1), ":" | "," | "—") || (from + 1 == open && self.low(from) == "that")
        };
        let mut j = open;
        while j > start {
            j -= 1;
            if let Some((cue, len)) = self.cue_at(j, open) {
                match cue.role {
                    CueRole::SourceFollows => {
                        if let Some(sp) = self.phrase_starting_at(j + len, open) {
                            if gap_ok(sp.end) {
                                return Some(Attribution { speaker: SpeakerSource::Phrase(sp), cue: Some((j, j + len)), via: self.channels(sp.end, open) });
                            }
                        }
                    }
                    CueRole::QuotedAs => {
                        if let Some((speaker, channel, fend)) = self.quoted_as(j, start, open) {
                            let mut via: Vec<SpeakerSource> = channel.into_iter().map(SpeakerSource::Phrase).collect();
                            via.extend(self.channels(fend, open));
                            return Some(Attribution { speaker: SpeakerSource::Phrase(speaker), cue: Some((j, j + len)), via });
                        }
                    }
                    _ => {}
                }
            }
            let Some((_, len)) = self.verb_at(j, open) else { continue };
            if !gap_ok(j + len) {
                if open - (j + len) > 14 {
                    return None;
                }
                continue;
            }
            if matches!(self.low(j.saturating_sub(1)), "was" | "were" | "be" | "been" | "being" | "to") {
                continue;
            }
            // "…, saying: “…”": the subject of the main clause speaks.
            let participle = self.low(j).ends_with("ing") && j > start && self.is_punct(j - 1, ",");
            // Inverted after a comma, the name running up to the quotation: "Instead of the
            // usual rules, asks columnist Ann Lee, “…”".
            let inverted = (j > start && self.is_punct(j - 1, ","))
                .then(|| self.phrase_starting_at(j + len, open))
                .flatten()
                .filter(|p| matches!(p.kind, PhraseKind::Name | PhraseKind::Mention(_)) && p.end + 1 >= open);
            let speaker = if participle {
                self.phrase_starting_at(start, j)
            } else if inverted.is_some() {
                inverted
            } else {
                self.subject_before(j, start).or_else(|| {
                    // Inverted: "said Novak: “…”" right at the frame's start or after a comma.
                    (j == start || self.is_punct(j - 1, ",")).then(|| self.phrase_starting_at(j + len, open)).flatten()
                })
            };
            let sp = speaker?;
            let via = self.channels(start, open);
            return Some(Attribution { speaker: SpeakerSource::Phrase(sp), cue: Some((j, j + len)), via });
        }
        // No verb, but a colon: "Martell, the addictions doctor, is more blunt: “…”".
        if self.is_punct(open - 1, ":") {
            let sp = self.phrase_starting_at(start, open - 1)?;
            let person = match sp.kind {
                PhraseKind::Mention(ei) => self.doc.entities[ei].kind == EntityType::Person,
                PhraseKind::Pronoun => matches!(self.low(sp.start), "he" | "she" | "they"),
                _ => false,
            };
            if person && sp.start == start {
                return Some(Attribution { speaker: SpeakerSource::Phrase(sp), cue: None, via: Vec::new() });
            }
        }
        None
    }
}
