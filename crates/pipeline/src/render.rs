//! Writing a finished `Doc`: JSON (the schema) or a report for people at a terminal.

use newsgraph_doc::{BlockRole, Doc};
use std::fmt::Write;

/// The document as one line of JSON (schema `newsgraph/1`).
pub fn json(doc: &Doc) -> String {
    doc.to_json()
}

/// The document as one line of JSON appended to `out` (no newline): [`json`] without the copy
/// into a `String`.
pub fn json_into(doc: &Doc, out: &mut Vec<u8>) {
    doc.write_json(out);
}

fn clip(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// A human-readable report of everything found.
pub fn pretty(doc: &Doc) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "━━ {} ━━", doc.id);
    if let Some(t) = &doc.title {
        let _ = writeln!(o, "title: {}", clip(t, 100));
    }
    let _ = writeln!(
        o,
        "date:  {} ({})",
        doc.date.map(|d| d.to_string()).unwrap_or_else(|| "unknown".into()),
        serde_json::to_value(doc.date_source).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    );
    let count = |r: BlockRole| doc.blocks.iter().filter(|b| b.role == r).count();
    let _ = writeln!(
        o,
        "text:  {} bytes, {} blocks ({} body, {} headings, {} captions, {} credits, {} embedded posts), {} sentences",
        doc.text.len(),
        doc.blocks.len(),
        count(BlockRole::Body),
        count(BlockRole::Heading),
        count(BlockRole::Caption),
        count(BlockRole::Credit),
        count(BlockRole::EmbeddedPost),
        doc.sentences.len()
    );
    if !doc.entities.is_empty() {
        let _ = writeln!(o, "\nENTITIES");
        for e in &doc.entities {
            let code = format!("{}{}", e.country.as_deref().unwrap_or("---"), e.sector.as_deref().unwrap_or(""));
            let roles = if e.roles.is_empty() { String::new() } else { format!(" — {}", clip(&e.roles.join("; "), 80)) };
            let refs = if e.references.is_empty() { String::new() } else { format!(", {} references", e.references.len()) };
            let _ = writeln!(
                o,
                "  {:<4} {:<6} {:<9} {}{}  ({} mentions{})",
                e.id,
                format!("{:?}", e.kind).to_uppercase(),
                code,
                e.name,
                roles,
                e.mentions.len(),
                refs
            );
        }
    }
    if !doc.quotes.is_empty() {
        let _ = writeln!(o, "\nQUOTES");
        for q in &doc.quotes {
            let mut who = q.speaker.as_ref().map(|s| s.name.clone()).unwrap_or_else(|| "?".into());
            for co in &q.co_speakers {
                who.push_str(" + ");
                who.push_str(&co.name);
            }
            let via: Vec<&str> = q.via.iter().map(|v| v.name.as_str()).collect();
            let via = if via.is_empty() { String::new() } else { format!(" via {}", via.join(", ")) };
            let _ = writeln!(o, "  {:<4} {:<8} {}{}: {}", q.id, format!("{:?}", q.kind).to_lowercase(), who, via, clip(&q.text, 110));
        }
    }
    if !doc.timexes.is_empty() {
        let _ = writeln!(o, "\nTIME");
        for t in &doc.timexes {
            let _ = writeln!(o, "  {:<4} {:<9} {:<12} {}", t.id, format!("{:?}", t.kind).to_uppercase(), t.value, clip(&t.text, 60));
        }
    }
    if !doc.events.is_empty() {
        let _ = writeln!(o, "\nEVENTS");
        for e in &doc.events {
            let actor = |a: &Option<newsgraph_doc::Actor>| {
                a.as_ref()
                    .map(|a| format!("{} [{}{}]", a.name, a.country.as_deref().unwrap_or("---"), a.sector.as_deref().unwrap_or("")))
                    .unwrap_or_else(|| "-".into())
            };
            let flags = format!("{}{}", if e.negated { " NOT" } else { "" }, if e.hypothetical { " MAYBE" } else { "" });
            let _ = writeln!(
                o,
                "  {:<4} {:<9}{} {} → {}  {} ({})  “{}”",
                e.id,
                e.kind,
                flags,
                actor(&e.source),
                actor(&e.target),
                e.date.as_deref().unwrap_or("undated"),
                e.cameo,
                clip(&e.trigger.text, 40)
            );
        }
    }
    o
}
