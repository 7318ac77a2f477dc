//! Plain text: the whole file is one article (its first line may be a title; segmentation decides).

use crate::{check_text, input_error, ArticleReader, Record};
use newsgraph_doc::DateSource;
use newsgraph_pipeline::{Article, InputError};
use std::io::BufRead;

#[derive(Debug, Default, Clone)]
pub struct TextReader {
    /// Publication date for every text (`--date`).
    pub date: Option<chrono::NaiveDate>,
}

impl ArticleReader for TextReader {
    fn read(&self, name: &str, data: &mut dyn BufRead, emit: &mut dyn FnMut(Result<Record, InputError>)) {
        let mut bytes = Vec::new();
        if let Err(e) = data.read_to_end(&mut bytes) {
            return emit(Err(input_error(name, format!("cannot read: {e}"))));
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => return emit(Err(input_error(name, format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())))),
        };
        if let Err(reason) = check_text(&text) {
            return emit(Err(input_error(name, reason)));
        }
        let article = Article { id: name.to_string(), text, date: self.date, date_source: DateSource::Option, ..Default::default() };
        emit(Ok(Record { article, source: name.to_string(), ..Default::default() }));
    }
}
