//! Statements as events: a reported quote whose words accuse is an ACCUSE event of its speaker,
//! one that denies is a REJECT event (quotes come from the quotes stage).

use crate::dating::date_event;
use crate::{Context, EventFinder};
use newsgraph_doc::{Doc, Event, TextSpan};

/// The statement reader.
#[derive(Debug, Default)]
pub struct StatementFinder;

/// Lower-cased words of `text` with their byte offsets (relative to `text`).
fn words_with_offsets(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, text[s..i].to_lowercase().replace('’', "'")));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len(), text[s..].to_lowercase().replace('’', "'")));
    }
    out
}

impl EventFinder for StatementFinder {
    fn find(&self, doc: &Doc, ctx: &Context, out: &mut Vec<Event>) {
        for q in &doc.quotes {
            if !doc.blocks.get(q.block).is_some_and(|b| b.role.is_prose()) {
                continue;
            }
            let Some(speaker) = q.speaker.as_ref() else { continue };
            let Some(entity) = speaker.entity.as_deref().and_then(|id| doc.entity(id)) else { continue };
            let Some(text) = doc.text.get(q.start..q.end) else { continue };
            // An event already read from this statement's words or its cue verb wins.
            let cue_span = q.cue.as_ref().map(|c| (c.start, c.end));
            if out.iter().any(|e| (e.trigger.start >= q.start && e.trigger.end <= q.end) || cue_span.is_some_and(|(a, b)| e.trigger.start < b && a < e.trigger.end)) {
                continue;
            }
            let words = words_with_offsets(text);
            let found = words.iter().enumerate().find_map(|(i, _)| {
                ctx.lex.statement_cues.iter().find(|c| c.words.iter().enumerate().all(|(k, w)| words.get(i + k).is_some_and(|x| &x.2 == w))).map(|c| (i, c))
            });
            let Some((i, cue)) = found else { continue };
            let (cs, ce) = (q.start + words[i].0, q.start + words[i + cue.words.len() - 1].1);
            let source = ctx.actors.iter().find(|a| a.actor.entity.as_deref() == Some(entity.id.as_str())).map(|a| a.actor.clone()).unwrap_or_else(|| newsgraph_doc::Actor {
                entity: Some(entity.id.clone()),
                name: entity.name.clone(),
                country: entity.country.clone(),
                sector: entity.sector.clone(),
            });
            let target = ctx
                .actors
                .iter()
                .filter(|a| a.start >= q.start && a.end <= q.end && a.actor.entity.as_deref() != Some(entity.id.as_str()))
                .min_by_key(|a| a.start.abs_diff(cs))
                .map(|a| a.actor.clone());
            let sentence = doc.sentence_at(q.start).unwrap_or(0);
            let date = match q.date.clone() {
                Some(d) => crate::dating::EventDate { date: Some(d), precision: "day" },
                None => date_event(doc, sentence, q.start, q.end, cs),
            };
            out.push(Event {
                id: String::new(),
                kind: cue.kind.clone(),
                mode: cue.mode.clone(),
                cameo: cue.cameo.clone(),
                source: Some(source),
                target,
                date: date.date,
                date_precision: date.precision.to_string(),
                negated: false,
                hypothetical: false,
                trigger: TextSpan { text: doc.text.get(cs..ce).unwrap_or("").to_string(), start: cs, end: ce },
                start: q.start,
                end: q.end,
                rule: format!("statement-{}", cue.words.join("-")),
                quote: Some(q.id.clone()),
            });
        }
    }
}
