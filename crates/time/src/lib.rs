//! The time stage (to be built).

use newsgraph_doc::{Doc, Stage};

#[derive(Debug, Default)]
pub struct TimeStage;

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "time"
    }

    fn annotate(&self, _doc: &mut Doc) {}
}
