//! The entities stage: who and what the text names, clustered into entities and coded as actors.
//!
//! Design: rules and gazetteers, no statistical model (none is available offline, and rules are
//! explainable). Four steps, one file each:
//! 1. [`recognize`] walks each sentence's tokens for capitalised runs (with inner connectors such as
//!    "of" in "Federal Republic of Germany"), peels titles and nationality adjectives off their
//!    front ("Lithuanian Foreign Minister …" → role + country), and classifies what is left with the
//!    gazetteers in `data/` (countries, capitals, seats, international bodies, outlets, places),
//!    organisation head words, first names and context cues. Each result is a [`recognize::NameHit`].
//! 2. [`roles`] reads the descriptions around a person's name: a lower-case title phrase before it
//!    ("the press secretary of the Belarusian leader …") and an apposition after it
//!    ("…, a spokeswoman for the Russian Foreign Ministry").
//! 3. [`cluster`] groups hits into entities within the document: one entity per state (its name,
//!    capital used as government, seat), per international body, per outlet; people by full name,
//!    surname, spelling variant and handle; organisations by name, shorter form and acronym.
//! 4. [`references`] links the rest — nationality adjectives, descriptions ("the Russian leader",
//!    "the republic") and pronouns — to those entities, each with the reason for the link.
//!
//! Names go to `Entity::mentions`, everything else to `Entity::references`.

pub mod cluster;
pub mod recognize;
pub mod references;
pub mod roles;
mod words;

use newsgraph_doc::{Doc, Stage};

/// The entities stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct EntityStage;

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn annotate(&self, doc: &mut Doc) {
        let mut found = recognize::find_names(doc);
        let hits = std::mem::take(&mut found.hits);
        let mut entities = cluster::cluster(doc, hits);
        references::link(doc, &found, &mut entities);
        entities.retain(|e| !e.mentions.is_empty() || !e.references.is_empty());
        for (i, e) in entities.iter_mut().enumerate() {
            e.id = newsgraph_doc::numbered_id('E', i + 1);
            e.mentions.sort_by_key(|m| m.start);
            e.references.sort_by_key(|m| m.start);
        }
        doc.entities = entities;
    }
}
