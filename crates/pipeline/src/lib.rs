//! The pipeline: reading articles, running the stages in order, and the `extract` output.
//!
//! Design: [`input`] turns files, JSONL lines and stdin into [`Article`]s or [`InputError`]s that
//! name the input (file and line) and the reason, so one bad record never stops a batch.
//! [`Pipeline`] holds the stages as trait objects in their fixed order (segment → entities →
//! time → quotes → events) and runs them over one `Doc`; [`render`] writes a finished `Doc` as
//! JSON or as a report for a terminal. Parallelism lives in the caller (the CLI), which maps
//! batches of articles over a thread pool and writes results in input order.

pub mod input;
pub mod render;

pub use input::{Article, InputError, InputFormat};
use newsgraph_doc::{DateSource, Doc, Stage};

/// The stages in their fixed order.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Default for Pipeline {
    fn default() -> Self {
        Self::standard()
    }
}

impl Pipeline {
    /// Every stage newsgraph has.
    pub fn standard() -> Self {
        Pipeline {
            stages: vec![
                Box::new(newsgraph_segment::Segmenter),
                Box::new(newsgraph_entities::EntityStage::default()),
                Box::new(newsgraph_time::TimeStage::default()),
                Box::new(newsgraph_quotes::QuoteStage::default()),
                Box::new(newsgraph_events::EventStage::default()),
            ],
        }
    }

    /// Only the stages up to and including `last` (by name), for benchmarks and debugging.
    pub fn up_to(last: &str) -> Self {
        let mut p = Self::standard();
        if let Some(i) = p.stages.iter().position(|s| s.name() == last) {
            p.stages.truncate(i + 1);
        }
        p
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Run every stage over `doc`.
    pub fn run(&self, doc: &mut Doc) {
        for stage in &self.stages {
            stage.annotate(doc);
        }
    }

    /// Build a `Doc` from an article and run the pipeline over it.
    pub fn process(&self, article: Article) -> Doc {
        let mut doc = article.into_doc();
        self.run(&mut doc);
        doc
    }

    /// Convenience for tests and tools: annotate a text with an optional reference date.
    pub fn annotate_text(&self, text: &str, date: Option<chrono::NaiveDate>) -> Doc {
        let mut doc = Doc::new("text", text);
        if let Some(d) = date {
            doc.date = Some(d);
            doc.date_source = DateSource::Option;
        }
        self.run(&mut doc);
        doc
    }
}
