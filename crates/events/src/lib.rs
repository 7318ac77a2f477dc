//! The events stage (to be built).

use newsgraph_doc::{Doc, Stage};

#[derive(Debug, Default)]
pub struct EventStage;

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }

    fn annotate(&self, _doc: &mut Doc) {}
}
