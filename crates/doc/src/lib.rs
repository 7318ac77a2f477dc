//! The `Doc` model shared by every stage of newsgraph.
//!
//! Design: one [`Doc`] owns the original text, untouched. Every annotation — block, sentence,
//! token, entity mention, time expression, quote, event — is a [`Span`] of UTF-8 byte offsets into
//! that text, in the manner of spaCy's `Doc`/`Span` and the aligned offsets of Hugging Face
//! tokenizers. Stages run in a fixed order (segment → entities → time → quotes → events); each one
//! implements the small [`Stage`] trait and only adds to the `Doc`, so a later stage can always read
//! what an earlier one found and every output record can point back at its evidence.
//!
//! The structs here serialise directly into the versioned output schema (`newsgraph/1`, see
//! `docs/schema.md`), so the model and the schema cannot drift apart.

mod folded;
mod json;
mod model;
mod output;
mod span;

pub use folded::{fold_word, FoldedTokens};
pub use model::*;
pub use output::{iso_date, numbered_id, push_digits, DocumentMeta, Output, SCHEMA_VERSION};
pub use span::Span;

/// One step of the pipeline. A stage reads what earlier stages put on the `Doc` and adds its own
/// annotations. It must never panic on any input text and must stay linear-ish in the text size.
pub trait Stage: Send + Sync {
    /// Short stable name, used in logs and benchmarks.
    fn name(&self) -> &'static str;
    /// Add this stage's annotations to `doc`.
    fn annotate(&self, doc: &mut Doc);
}
