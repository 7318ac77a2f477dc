//! The entities stage (to be built).

use newsgraph_doc::{Doc, Stage};

#[derive(Debug, Default)]
pub struct EntityStage;

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn annotate(&self, _doc: &mut Doc) {}
}
