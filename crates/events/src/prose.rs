//! Events read from prose sentences by trigger patterns.
//!
//! For each sentence of a prose block: find the triggers, join an intention, refusal or request
//! verb to the trigger of its complement ("threatened to break off talks" is one THREATEN event),
//! read negation and modality from the words before the trigger, then take the source from the
//! subject side and the target from the object side of the trigger's clause.

use crate::actors::ActorMention;
use crate::dating::date_event;
use crate::lexicon::{CueClass, Frame, Lexicon, Pos, Shift};
use std::borrow::Cow;
use crate::sentence::{SentenceView, TriggerMatch};
use crate::{Context, EventFinder};
use newsgraph_doc::{Doc, Event, TextSpan};

/// The trigger-pattern reader.
#[derive(Debug, Default)]
pub struct PatternFinder;

/// How far after an intention verb its complement's trigger may start, in tokens.
const COMPLEMENT_REACH: usize = 8;
/// How many actor mentions on each side of a trigger are considered.
const ACTOR_REACH: usize = 24;
/// How many words before a noun trigger its light verb may stand ("staged a 24-hour hunger strike").
const LIGHT_VERB_REACH: usize = 6;
/// How many words before a trigger are read for negation and modality.
const MODALITY_WINDOW: usize = 4;

struct Reading {
    kind: String,
    mode: Option<String>,
    cameo: String,
    negated: bool,
    hypothetical: bool,
}

impl EventFinder for PatternFinder {
    fn find(&self, doc: &Doc, ctx: &Context, out: &mut Vec<Event>) {
        let folded = doc.folded_tokens();
        // One view, refilled for each sentence, and one set of working buffers: allocated once
        // per document rather than once per sentence.
        let mut view = SentenceView::default();
        let mut buffers = SentenceBuffers::default();
        for si in 0..doc.sentences.len() {
            let s = &doc.sentences[si];
            if !doc.blocks.get(s.block).is_some_and(|b| b.role.is_prose()) {
                continue;
            }
            // A sentence without a word that starts some pattern holds no trigger, and so no
            // event: it is passed over before its view (clauses, cues, capitals) is built.
            let first = s.tokens.start;
            let count = doc.sentence_tokens(si).len();
            let Some(first_start) = (0..count).find(|&k| ctx.lex.patterns_starting(folded.get(first + k)).is_some()) else {
                continue;
            };
            view.fill_words(doc, &folded, si);
            if view.is_empty() {
                continue;
            }
            read_sentence(doc, ctx, si, &mut view, &mut buffers, first_start, out);
        }
    }
}

/// Working lists of `read_sentence`, emptied and refilled for each sentence.
#[derive(Default)]
struct SentenceBuffers<'c> {
    actor_ends: Vec<usize>,
    triggers: Vec<TriggerMatch>,
    consumed: Vec<bool>,
    first_verb: Vec<Option<usize>>,
    emitted_in_clause: Vec<bool>,
    found: Vec<(Event, bool)>,
    /// The actors read for one trigger: before it, after it, before it in its clause, and the
    /// source–target pairs made of them.
    before: Vec<&'c ActorMention<'c>>,
    after: Vec<&'c ActorMention<'c>>,
    in_clause: Vec<&'c ActorMention<'c>>,
    pairs: Vec<(Option<&'c ActorMention<'c>>, Option<&'c ActorMention<'c>>)>,
}

fn is_cooperative(lex: &Lexicon, kind: &str) -> bool {
    lex.shifts.get(kind).is_some_and(|s| s.intent_type == "AGREE")
}

/// Type, mode and CAMEO code of a head verb joined with its complement's trigger.
fn with_complement(lex: &Lexicon, head: &str, base: (&str, Option<&String>, &str), complement: &str) -> (String, Option<String>, String) {
    let own = (base.0.to_string(), base.1.cloned(), base.2.to_string());
    let Some(shift) = lex.shifts.get(complement) else { return own };
    let or_base = |cameo: &str| if cameo.is_empty() { base.2.to_string() } else { cameo.to_string() };
    match head {
        "AGREE" if complement == "AGREE" => own,
        "AGREE" => (shift.intent_type.clone(), shift.intent_mode.clone(), or_base(&shift.intent_cameo)),
        "THREATEN" if shift.intent_type == "THREATEN" => ("THREATEN".into(), shift.intent_mode.clone(), or_base(&shift.intent_cameo)),
        "THREATEN" => own,
        "REJECT" => ("REJECT".into(), shift.refusal_mode.clone(), or_base(&shift.refusal_cameo)),
        "REQUEST" => ("REQUEST".into(), shift.request_mode.clone(), or_base(&shift.request_cameo)),
        _ if shift.intent_type == "AGREE" => ("AGREE".into(), shift.intent_mode.clone(), or_base(&shift.intent_cameo)),
        _ => own,
    }
}

/// The trigger of an intention verb's complement: the next trigger in the clause, reached
/// through "to" or "that" (or directly after a modal like "must").
fn complement_of(view: &SentenceView, triggers: &[TriggerMatch], at: usize, frame: Frame) -> Option<usize> {
    let head = triggers[at];
    let next = at + 1;
    let cand = triggers.get(next)?;
    if view.clause[cand.first] != view.clause[head.first] || cand.first > head.last + COMPLEMENT_REACH {
        return None;
    }
    let between = &view.words[head.last + 1..cand.first];
    let linked = frame == Frame::Obligation && between.len() <= 2
        || between.iter().any(|&w| w == "to" || w == "that")
        || matches!(view.words[head.last], "to" | "that")
        || between.is_empty();
    linked.then_some(next)
}

fn is_participle(word: &str, lemma: &str) -> bool {
    word != lemma && !word.ends_with("ing") && !word.ends_with('s')
}

/// Byte offset where a trailing reporting clause starts (", officials said"), or `limit`.
fn reporting_limit(view: &SentenceView, lex: &Lexicon, from: usize, to: usize) -> usize {
    for i in from..to {
        if view.words[i] == "," && (i + 1..(i + 7).min(to)).any(|j| lex.is_cue(&view.words[j], CueClass::Report)) {
            return i;
        }
    }
    to
}

/// The events of sentence `si`, whose view holds its words (`fill_words`); no pattern starts
/// before its token `first_start`.
fn read_sentence<'a, 'c>(doc: &'a Doc, ctx: &'c Context<'c>, si: usize, view: &mut SentenceView<'a>, buffers: &mut SentenceBuffers<'c>, first_start: usize, out: &mut Vec<Event>) {
    let lex = ctx.lex;
    let s = &doc.sentences[si];
    let from = ctx.actors.partition_point(|a| a.start < s.start);
    let to = ctx.actors.partition_point(|a| a.start < s.end);
    let actors = &ctx.actors[from..to];
    let SentenceBuffers { actor_ends: ends, triggers, consumed, first_verb, emitted_in_clause, found, before, after, in_clause, pairs } = buffers;
    // A sentence holds a few actors: their sorted ends, searched, cost less than a hash set.
    ends.clear();
    ends.extend(actors.iter().map(|a| a.end));
    ends.sort_unstable();
    view.triggers_into(lex, ends, first_start, triggers);
    if triggers.is_empty() {
        return;
    }
    let triggers: &[TriggerMatch] = triggers;
    // Clauses are read only now that the sentence has a trigger.
    view.fill_clauses(lex);
    let view: &SentenceView = view;
    // Events of this sentence, each marked when it is background (in a relative, conditional or
    // temporal clause, or a noun after a preposition): those are kept only when the sentence
    // has no main event.
    found.clear();
    consumed.clear();
    consumed.resize(triggers.len(), false);
    // The first verb trigger of each clause: a noun trigger after it is its object ("rejected a
    // request"), not an event of its own.
    let clauses = view.clause.last().map_or(1, |c| c + 1);
    first_verb.clear();
    first_verb.resize(clauses, None);
    for t in triggers {
        let c = view.clause[t.first];
        if lex.patterns[t.pattern].pos == Pos::Verb && first_verb[c].is_none() {
            first_verb[c] = Some(t.first);
        }
    }
    emitted_in_clause.clear();
    emitted_in_clause.resize(clauses, false);
    for ti in 0..triggers.len() {
        if consumed[ti] {
            continue;
        }
        let t = triggers[ti];
        let pat = &lex.patterns[t.pattern];
        let clause = view.clause[t.first];
        let (cs, ce) = view.clause_range(clause);
        if pat.pos == Pos::Noun && first_verb[clause].is_some_and(|v| v < t.first) {
            continue;
        }
        // A noun trigger reports an event only after a light verb ("held talks"); otherwise
        // it is only mentioned ("the dialogue with …").
        if pat.pos == Pos::Noun && !(t.first.saturating_sub(LIGHT_VERB_REACH).max(cs)..t.first).any(|j| lex.is_cue(&view.words[j], CueClass::Light)) {
            continue;
        }
        // A purpose infinitive after an event of the clause ("telephoned X to discuss …").
        if emitted_in_clause[clause] && t.first >= 1 && (view.words[t.first - 1] == "to" || t.first >= 2 && view.words[t.first - 2] == "to") {
            continue;
        }
        let complement = match pat.frame {
            Frame::Intent | Frame::Complement | Frame::Obligation => complement_of(view, triggers, ti, pat.frame),
            _ => None,
        };
        if complement.is_none() && matches!(pat.frame, Frame::Complement | Frame::Obligation) {
            continue;
        }
        let (mut kind, mut mode, mut cameo) = (pat.kind.clone(), pat.mode.clone(), pat.cameo.clone());
        let mut last = t.last;
        let mut rule = pat.rule.clone();
        if let Some(ci) = complement {
            consumed[ci] = true;
            let c = triggers[ci];
            let cp = &lex.patterns[c.pattern];
            let joined = with_complement(lex, &pat.kind, (&pat.kind, pat.mode.as_ref(), &pat.cameo), &cp.kind);
            (kind, mode, cameo) = joined;
            last = c.last;
            rule = format!("{}+{}", pat.rule, cp.rule);
        }
        let background = view.subordinate.get(clause).copied().unwrap_or(false) || {
            let nominal = pat.pos == Pos::Noun || view.words[t.first].ends_with("ing");
            nominal && (t.first.saturating_sub(3)..t.first).any(|j| lex.is_cue(&view.words[j], CueClass::Preposition)) && !view.words[t.first.saturating_sub(3)..t.first].iter().any(|&w| w == ",")
        };
        let reading = modality(view, lex, cs, t, complement.map(|ci| triggers[ci]), Reading { kind, mode, cameo, negated: false, hypothetical: false }, pat.frame, &pat.kind);
        let (Some(first_tok), Some(last_tok)) = (view.tokens.get(t.first), view.tokens.get(last)) else { continue };
        let (trig_start, trig_end) = (first_tok.start, last_tok.end);
        let clause_start = view.tokens.get(cs).map_or(s.start, |x| x.start);
        let clause_end = view.tokens.get(ce.saturating_sub(1)).map_or(s.end, |x| x.end);
        let limit_tok = reporting_limit(view, lex, t.last + 1, ce);
        let object_end = view.tokens.get(limit_tok).map_or(clause_end, |x| x.start);

        let passive = t.first >= 1
            && pat.frame != Frame::Complement
            && lex.is_cue(&view.words[t.first - 1], CueClass::Passive)
            && is_participle(&view.words[t.first], match pat.elements.first() { Some(crate::lexicon::Element::Word(w)) => w, _ => "" })
            && view.words.get(t.last + 1).copied() != Some("to")
            // "were engaged in", "is opposed to": a state, not a passive act.
            && !matches!(pat.elements.get(1), Some(crate::lexicon::Element::Word(w)) if matches!(w.as_str(), "in" | "to" | "with" | "on"));

        // Actors are in text order without nesting: those before the trigger are a prefix (only
        // the nearest few matter), those after it a slice.
        let k = actors.partition_point(|a| a.start < trig_start);
        before.clear();
        before.extend(actors[k.saturating_sub(ACTOR_REACH)..k].iter().filter(|a| a.end <= trig_start));
        let (a0, a1) = (actors.partition_point(|a| a.start < first_tok.end), actors.partition_point(|a| a.start < object_end));
        after.clear();
        after.extend(actors[a0..a1.max(a0)].iter().take(ACTOR_REACH));

        in_clause.clear();
        in_clause.extend(before.iter().copied().filter(|a| a.start >= clause_start));
        let subject = in_clause
            .iter()
            .rev()
            .find(|a| subject_position(doc, lex, a))
            .copied()
            .or_else(|| before.iter().rev().find(|a| a.start < clause_start && subject_position(doc, lex, a)).copied())
            .or_else(|| before.last().copied());
        // "we will help": a first-person subject nearer than any actor is the speaker of the
        // quote around it (filled in afterwards), not the last actor named.
        let first_person = (cs..t.first).rev().find(|&j| matches!(view.words[j], "we" | "i")).and_then(|j| view.tokens.get(j));
        let subject = match (subject, first_person) {
            (Some(s), Some(p)) if p.start >= s.end => None,
            (s, _) => s,
        };
        let compound = subject.map(|s| compound_of(doc, lex, &before, s)).unwrap_or_default();
        let object = pick_object(doc, lex, &after, &pat.preps, subject, pat.frame == Frame::Mutual);

        pairs.clear();
        if passive {
            let agent = after.iter().copied().find(|a| preceding_word(doc, a.start) == "by");
            pairs.push((agent, subject.or(object.filter(|o| !agent.is_some_and(|a| std::ptr::eq(*o, a))))));
        } else if pat.frame == Frame::Obligation {
            let others: Vec<&ActorMention> = before.iter().copied().filter(|a| subject.is_some_and(|s| !s.same_actor(a)) && !compound.iter().any(|c| c.same_actor(a))).collect();
            let speaker = nearest_subject(doc, lex, &others);
            for target in if compound.is_empty() { vec![None] } else { compound.iter().map(|c| Some(*c)).collect() } {
                pairs.push((speaker, target));
            }
        } else if compound.is_empty() {
            pairs.push((None, object));
        } else {
            for (k, src) in compound.iter().enumerate() {
                let target = match object.filter(|o| !o.same_actor(src)) {
                    Some(o) => Some(o),
                    None if pat.frame == Frame::Mutual && compound.len() > 1 => compound.iter().enumerate().find(|(j, _)| *j != k).map(|(_, c)| *c),
                    None => None,
                };
                pairs.push((Some(*src), target));
            }
        }
        let target_allowed = pat.frame != Frame::Sv;
        let date = date_event(doc, &ctx.dates, si, clause_start, clause_end, trig_start);
        let (mut reading, mut rule, pair_count) = (reading, rule, pairs.len());
        for (k, (src, tgt)) in pairs.drain(..).enumerate() {
            // Most triggers give one pair: the last one takes the strings the others copy.
            let last = k + 1 == pair_count;
            found.push((Event {
                id: String::new(),
                kind: moved_if(last, &mut reading.kind),
                mode: moved_if(last, &mut reading.mode),
                cameo: moved_if(last, &mut reading.cameo),
                source: src.map(|a| a.actor.to_actor()),
                target: if target_allowed { tgt.map(|a| a.actor.to_actor()) } else { None },
                date: date.date.clone(),
                date_precision: date.precision.to_string(),
                negated: reading.negated,
                hypothetical: reading.hypothetical,
                trigger: TextSpan { text: doc.text.get(trig_start..trig_end).unwrap_or("").to_string(), start: trig_start, end: trig_end },
                start: clause_start,
                end: clause_end,
                rule: moved_if(last, &mut rule),
                quote: None,
            }, background));
        }
        emitted_in_clause[clause] = true;
    }
    let has_main = found.iter().any(|(_, bg)| !bg);
    out.extend(found.drain(..).filter(|(_, bg)| !has_main || !bg).map(|(e, _)| e));
}

/// The value itself when `last` (leaving its default behind), else a copy.
fn moved_if<T: Clone + Default>(last: bool, value: &mut T) -> T {
    if last { std::mem::take(value) } else { value.clone() }
}

/// Negation, refusal, futurity and modality from the words before the trigger (and between an
/// intention verb and its complement).
#[allow(clippy::too_many_arguments)]
fn modality(view: &SentenceView, lex: &Lexicon, clause_start: usize, t: TriggerMatch, complement: Option<TriggerMatch>, mut r: Reading, frame: Frame, head_kind: &str) -> Reading {
    let from = t.first.saturating_sub(MODALITY_WINDOW).max(clause_start);
    let mut cues = view.cues_in(lex, from, t.first);
    if let Some(c) = complement {
        cues.extend(view.cues_in(lex, t.last + 1, c.first));
    }
    let has = |class: CueClass| cues.iter().any(|(_, c)| *c == class);
    let negated = has(CueClass::Negation);
    let future = has(CueClass::Future);
    // "vowed not to return", "will not meet": declining the act.
    let negated_complement = complement.is_some() && cues.iter().any(|(i, c)| *c == CueClass::Negation && *i > t.last);
    let refusal = has(CueClass::Refusal) || (negated && future) || negated_complement;
    let modal = has(CueClass::Modal);
    // Borrowed, not cloned: a type without shifts reads as the empty one.
    let no_shift = Shift::default();
    let shift = lex.shifts.get(&r.kind).unwrap_or(&no_shift);
    if refusal && is_cooperative(lex, &r.kind) {
        r.kind = "REJECT".into();
        r.mode = shift.refusal_mode.clone();
        if !shift.refusal_cameo.is_empty() {
            r.cameo = shift.refusal_cameo.clone();
        }
        return r;
    }
    r.negated = negated;
    // PLOVER: cooperative acts announced for the future are AGREE, hostile ones THREATEN.
    let joined = complement.is_some() || frame == Frame::Intent;
    if future && !joined && !negated && !shift.intent_type.is_empty() && shift.intent_type != r.kind {
        r.kind = shift.intent_type.clone();
        r.mode = shift.intent_mode.clone();
        if !shift.intent_cameo.is_empty() {
            r.cameo = shift.intent_cameo.clone();
        }
    }
    r.hypothetical = future || modal || (head_kind == "THREATEN" && complement.is_some());
    r
}

/// The lower-cased word before `offset`: borrowed from the text when it is already lower case
/// (nearly always: "in", "by", "with"), which is asked for every actor near a trigger.
fn preceding_word(doc: &Doc, offset: usize) -> Cow<'_, str> {
    let i = doc.token_at_or_after(offset);
    if i == 0 {
        return Cow::Borrowed("");
    }
    let word = doc.tokens.get(i - 1).map_or("", |t| t.text(&doc.text));
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// Whether an actor stands where a subject can: not after a preposition ("in Riga", "like
/// Lithuania", "bordering on Belarus", "by the police").
fn subject_position(doc: &Doc, lex: &Lexicon, a: &ActorMention) -> bool {
    let w = preceding_word(doc, a.start);
    !(lex.is_cue(&w, CueClass::Location) || lex.is_cue(&w, CueClass::Aside) || lex.is_cue(&w, CueClass::Preposition))
}

/// The nearest actor before the trigger in subject position: in the clause first, then earlier
/// in the sentence; failing both, the nearest actor at all.
fn nearest_subject<'a>(doc: &Doc, lex: &Lexicon, before: &[&'a ActorMention<'a>]) -> Option<&'a ActorMention<'a>> {
    before.iter().rev().find(|a| subject_position(doc, lex, a)).or(before.last()).copied()
}

/// The members of a compound subject ending at `last` ("Poland and Lithuania", "Latvia,
/// Estonia and Finland", "the Polish side, together with Riga"), in text order. The link next
/// to `last` must be a conjunction; earlier ones may be bare commas.
fn compound_of<'a>(doc: &Doc, lex: &Lexicon, before: &[&'a ActorMention<'a>], last: &'a ActorMention<'a>) -> Vec<&'a ActorMention<'a>> {
    let mut members = vec![last];
    let Some(mut i) = before.iter().position(|a| std::ptr::eq(*a, last)) else { return members };
    let mut first_link = true;
    while i > 0 {
        let prev = before[i - 1];
        let cur = before[i];
        let Some(gap) = doc.text.get(prev.end..cur.start).map(str::to_lowercase) else { break };
        let words: Vec<&str> = gap.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
        let accompanied = words.iter().any(|w| matches!(*w, "together" | "along"));
        let conjunction = accompanied || words.iter().any(|w| matches!(*w, "and" | "&"));
        let joined = words.iter().all(|w| {
            matches!(*w, "and" | "the" | "both" | "&" | "as" | "well")
                || accompanied && matches!(*w, "together" | "along" | "with")
                || lex.actor_noun_sector(w).is_some()
        });
        if !joined || (first_link && !conjunction) || prev.end > cur.start {
            break;
        }
        first_link = false;
        if !members.iter().any(|m| m.same_actor(prev)) {
            members.insert(0, prev);
        }
        i -= 1;
    }
    members
}

/// The target: the first actor after the trigger introduced by one of the pattern's
/// prepositions, else the first actor after it; never the subject itself.
/// For mutual acts (meetings, talks) a place after "in" or "at" is where they happened, not
/// the other party.
fn pick_object<'a>(doc: &Doc, lex: &Lexicon, after: &[&'a ActorMention<'a>], preps: &[String], subject: Option<&ActorMention>, mutual: bool) -> Option<&'a ActorMention<'a>> {
    let usable = |a: &&&'a ActorMention| {
        let w = preceding_word(doc, a.start);
        !subject.is_some_and(|s| s.same_actor(a)) && !(mutual && lex.is_cue(&w, CueClass::Location) && !preps.iter().any(|p| *p == *w))
    };
    if !preps.is_empty() {
        let by_prep = after.iter().filter(usable).find(|a| {
            let w = preceding_word(doc, a.start);
            preps.iter().any(|p| *p == *w) || {
                // "against the republic", "with its neighbour"
                let i = doc.token_at_or_after(a.start);
                i >= 2 && doc.tokens.get(i - 2).is_some_and(|t| preps.contains(&t.text(&doc.text).to_lowercase()))
            }
        });
        if let Some(a) = by_prep {
            return Some(a);
        }
    }
    after.iter().find(usable).copied()
}


#[cfg(test)]
mod tests {
    use super::moved_if;

    #[test]
    fn moved_if_copies_until_the_last_use() {
        let mut kind = "ACCUSE".to_string();
        assert_eq!(moved_if(false, &mut kind), "ACCUSE");
        assert_eq!(kind, "ACCUSE");
        assert_eq!(moved_if(true, &mut kind), "ACCUSE");
        assert_eq!(kind, "");
    }
}
