//! Embedded social-media posts: the post's text is a direct quotation of its author, dated by
//! its signature line.

use crate::frames::SpeakerSource;
use crate::marks::Marked;
use crate::phrases::Ctx;
use crate::{Candidate, QuoteFinder};
use newsgraph_doc::{BlockRole, EntityRef, MentionKind, QuoteKind};

pub struct EmbeddedPosts;

impl QuoteFinder for EmbeddedPosts {
    fn find(&self, ctx: &Ctx, _marked: &[Marked], out: &mut Vec<Candidate>) {
        let doc = ctx.doc;
        for (bi, b) in doc.blocks.iter().enumerate() {
            let Some(post) = b.post.as_ref() else { continue };
            if b.role != BlockRole::EmbeddedPost || post.start == b.start {
                continue; // the signature line itself
            }
            let text = doc.text.get(b.start..b.end).unwrap_or("");
            let trimmed_start = b.start + (text.len() - text.trim_start().len());
            let trimmed_end = b.start + text.trim_end().len();
            if trimmed_end <= trimmed_start {
                continue;
            }
            out.push(Candidate {
                kind: QuoteKind::Direct,
                start: trimmed_start,
                end: trimmed_end,
                speaker: SpeakerSource::Fixed(author_ref(ctx, post)),
                cue: None,
                via: platform_of(ctx, post).into_iter().map(SpeakerSource::Fixed).collect(),
                block: bi,
                date: post.date.clone(),
            });
        }
    }
}

/// The platform a post came through, read from its signature: "— Name (@handle) date" is how
/// Twitter's embed signs a tweet (a Mastodon handle has a second "@" and names no platform we
/// can tell). Points at the handle.
fn platform_of(ctx: &Ctx, post: &newsgraph_doc::PostSignature) -> Option<EntityRef> {
    let handle = post.handle.as_deref()?;
    if handle.matches('@').count() != 1 {
        return None;
    }
    let sig = ctx.doc.text.get(post.start..post.end)?;
    let at = sig.find(&format!("({handle})"))? + 1;
    Some(EntityRef { entity: None, name: "Twitter".into(), start: post.start + at, end: post.start + at + handle.len() })
}

/// The post's author as an entity: by name, or by handle, else the name as written.
fn author_ref(ctx: &Ctx, post: &newsgraph_doc::PostSignature) -> EntityRef {
    let doc = ctx.doc;
    let sig = doc.text.get(post.start..post.end).unwrap_or("");
    let (start, end) = match sig.find(post.author.as_str()) {
        Some(i) => (post.start + i, post.start + i + post.author.len()),
        None => (post.start, post.end),
    };
    let handle = post.handle.as_deref().unwrap_or("\u{0}");
    let found = doc.entities.iter().position(|e| {
        e.name == post.author
            || e.mentions.iter().any(|m| (m.kind == MentionKind::Handle && m.text.eq_ignore_ascii_case(handle)) || m.text == post.author)
    });
    match found {
        Some(ei) => {
            let mut r = doc.entity_ref(ei, newsgraph_doc::Span::new(start, end));
            r.start = start;
            r.end = end;
            r
        }
        None => EntityRef { entity: None, name: post.author.clone(), start, end },
    }
}
