//! RSS 2.0 and Atom feeds (via feed-rs): every item with content or a description becomes an
//! article; the HTML of the content is reduced to paragraphs. Items with neither are skipped.

use crate::html::fragment_text;
use crate::{check_text, input_error, non_empty, ArticleReader, Record};
use newsgraph_doc::DateSource;
use newsgraph_pipeline::{Article, InputError};
use std::io::BufRead;

#[derive(Debug, Default, Clone, Copy)]
pub struct FeedReader;

impl ArticleReader for FeedReader {
    fn read(&self, name: &str, data: &mut dyn BufRead, emit: &mut dyn FnMut(Result<Record, InputError>)) {
        let feed = match feed_rs::parser::parse(data) {
            Ok(f) => f,
            Err(e) => return emit(Err(input_error(name, format!("not an RSS or Atom feed: {e}")))),
        };
        let site = feed.title.as_ref().and_then(|t| non_empty(Some(t.content.clone())));
        for (i, entry) in feed.entries.into_iter().enumerate() {
            let at = format!("{name}#item{}", i + 1);
            let body = entry.content.as_ref().and_then(|c| c.body.clone()).filter(|b| !b.trim().is_empty()).or_else(|| entry.summary.as_ref().map(|s| s.content.clone()));
            let Some(body) = body.filter(|b| !b.trim().is_empty()) else {
                continue;
            };
            let text = fragment_text(&body);
            if let Err(reason) = check_text(&text) {
                emit(Err(input_error(at, reason)));
                continue;
            }
            let url = entry.links.first().map(|l| l.href.clone()).filter(|u| !u.is_empty());
            let date = entry.published.or(entry.updated).map(|d| d.date_naive());
            let id = non_empty(Some(entry.id.clone())).or_else(|| url.clone()).unwrap_or_else(|| at.clone());
            let author = (!entry.authors.is_empty()).then(|| entry.authors.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join(", "));
            let article = Article {
                id,
                text,
                title: entry.title.as_ref().and_then(|t| non_empty(Some(fragment_text(&t.content)))),
                date,
                date_source: DateSource::Metadata,
                url,
            };
            emit(Ok(Record { article, source: at, author: non_empty(author), site: site.clone() }));
        }
    }
}
