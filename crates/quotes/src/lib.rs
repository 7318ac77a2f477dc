//! The quotes stage (to be built).

use newsgraph_doc::{Doc, Stage};

#[derive(Debug, Default)]
pub struct QuoteStage;

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn annotate(&self, _doc: &mut Doc) {}
}
