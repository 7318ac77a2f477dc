//! Direct quotations: text in quotation marks with a speaker named around it.

use crate::frames::SpeakerSource;
use crate::marks::{block_tokens, Marked};
use crate::phrases::Ctx;
use crate::{Candidate, QuoteFinder};
use newsgraph_doc::{QuoteKind, TokenKind};

/// A lead-in before a colon that hands a quotation on to the previous speaker ("Then, with a
/// shrug:") is a few tokens, none of them a name.
const MAX_LEAD_IN_TOKENS: usize = 8;
/// A quotation with no cue shorter than this many words is a scare quote or a name.
const MIN_UNCUED_WORDS: usize = 4;

pub struct DirectQuotes;

impl QuoteFinder for DirectQuotes {
    fn find(&self, ctx: &Ctx, marked: &[Marked], out: &mut Vec<Candidate>) {
        for (k, m) in marked.iter().enumerate() {
            let blocks = block_tokens(ctx.doc, m.block);
            let prev_close = if k > 0 && marked[k - 1].block == m.block { marked[k - 1].inner_end_tok + 1 } else { blocks.start };
            let lo = prev_close.max(blocks.start).min(m.open_tok);
            // The after-frame lives in the block where the quotation ends.
            let after = m.close_tok.map(|c| {
                let end_block = ctx.doc.block_at(ctx.doc.tokens[c].start).unwrap_or(m.block);
                let bt = block_tokens(ctx.doc, end_block);
                let next_open = marked.get(k + 1).filter(|n| n.block == end_block).map_or(bt.end, |n| n.open_tok);
                (c + 1, next_open.max(c + 1))
            });
            let before = ctx.frame_before(lo, m.open_tok);
            // A quotation closed by a full stop ends its sentence: a frame after it must follow
            // at once ("“We are done.” Lee said."), not be the next sentence's verb ("“….” At the
            // archive he found a mentor").
            let full_stop = m.inner_end_tok > m.open_tok + 1 && ctx.text(m.inner_end_tok - 1) == ".";
            let after_attr = after.and_then(|(a, hi)| ctx.frame_after(a, hi)).filter(|a| !full_stop || frame_right_after(a, m));
            // Is the quotation a sentence of its own (nothing but punctuation before it)?
            let mut s = m.open_tok;
            let mut alone = true;
            while s > lo {
                s -= 1;
                if ctx.is_terminal(s) || ctx.kind(s) == Some(TokenKind::Quote) {
                    break;
                }
                if matches!(ctx.kind(s), Some(TokenKind::Word | TokenKind::Number | TokenKind::Handle)) {
                    alone = false;
                    break;
                }
            }
            // Mid-sentence quotation without its own cue in front: quoted words inside a
            // sentence ("called it “a disgrace”"), left to reported speech as a partial quote.
            let inner_first = ctx.text(m.open_tok + 1);
            let starts_clause = inner_first.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()) || inner_first == "...";
            let attr = match (&before, &after_attr) {
                (_, Some(a)) if alone || (starts_clause && before.is_none() && m.words >= MIN_UNCUED_WORDS) => Some(a.clone()),
                // "A and B discussed “…,” said a statement": the comma closing the quotation
                // hands it to the frame after.
                (Some(_), Some(a)) if ends_with_comma(ctx, m) && frame_right_after(a, m) => Some(a.clone()),
                (Some(b), _) => Some(b.clone()),
                (None, Some(a)) if m.words >= 8 && ends_with_comma(ctx, m) => Some(a.clone()),
                _ => None,
            };
            let (speaker, cue, via) = match attr {
                Some(a) => (a.speaker, a.cue, a.via),
                None => {
                    // "Then, with a shrug: “…”": a short lead-in and a colon continue the speaker.
                    let lead = (lo..m.open_tok).rev().find(|&k| ctx.is_terminal(k)).map_or(lo, |k| k + 1);
                    let lead_in = m.open_tok > lead
                        && ctx.is_punct(m.open_tok - 1, ":")
                        && m.open_tok - lead <= MAX_LEAD_IN_TOKENS
                        && (lead + 1..m.open_tok).all(|k| !ctx.is_cap(k));
                    if !(alone || lead_in) || m.words < MIN_UNCUED_WORDS || m.single || title_case(ctx, m) {
                        continue;
                    }
                    (SpeakerSource::Inherit, None, Vec::new())
                }
            };
            out.push(Candidate {
                kind: QuoteKind::Direct,
                start: m.start,
                end: m.end,
                speaker,
                cue,
                via,
                block: m.block,
                date: None,
            });
        }
    }
}

/// How far after the closing mark an attribution's cue may start to be the quotation's own
/// frame ("…,” said a statement", "…,” the mayor told reporters"), not a later clause ("…,”
/// when Lee blasted him").
const OWN_FRAME_REACH: usize = 4;

fn frame_right_after(a: &crate::frames::Attribution, m: &Marked) -> bool {
    match (a.cue, m.close_tok) {
        (Some((cue_start, _)), Some(close)) => cue_start <= close + OWN_FRAME_REACH,
        // A signature ("“…” ― Ann Lee") has no cue and always follows the closing mark.
        (None, Some(_)) => true,
        _ => false,
    }
}

/// "…, ”" — the quotation ends in a comma, the mark of a quote followed by its attribution.
fn ends_with_comma(ctx: &Ctx, m: &Marked) -> bool {
    m.inner_end_tok > 0 && ctx.text(m.inner_end_tok - 1) == ","
}

/// "“The Kid Who Would Be King”": every word capitalised and no sentence punctuation, a title.
fn title_case(ctx: &Ctx, m: &Marked) -> bool {
    let inner = (m.open_tok + 1)..m.inner_end_tok;
    let mut words = 0;
    for k in inner {
        match ctx.kind(k) {
            Some(TokenKind::Word) => {
                words += 1;
                let small = matches!(ctx.low(k), "a" | "an" | "the" | "of" | "and" | "in" | "on" | "to" | "for" | "at" | "by" | "with");
                if !ctx.is_cap(k) && !small {
                    return false;
                }
            }
            Some(TokenKind::Punct) if matches!(ctx.text(k), "." | "," | "!" | "?" | ";" | ":") => return false,
            _ => {}
        }
    }
    words > 0
}
