//! Parquet documents tables: the `documents` output of `newsgraph export --format parquet` or of
//! the Spark job (spark/newsgraph_spark.py), read back as articles so that a corpus processed
//! elsewhere can be browsed in the embedded store. Columns are found by name (`story_id`,
//! `text`, `title`, `url`, `story_date`, `date_source`, `author`, `publisher`, `source`); a
//! `story_date` missing from the file is taken from a Hive-style `story_date=YYYY-MM-DD` folder,
//! which is how partitioned output stores it. Parquet needs its footer first, so a file is read
//! whole into memory (one part file of a partitioned table, not the table).

use crate::{check_text, input_error, non_empty, ArticleReader, Record};
use newsgraph_doc::DateSource;
use newsgraph_pipeline::input::parse_date;
use newsgraph_pipeline::{Article, InputError};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use std::collections::HashMap;
use std::io::BufRead;

#[derive(Debug, Default, Clone, Copy)]
pub struct ParquetReader;

/// The date of a Hive-style partition folder in the path (`…/story_date=2023-01-17/part-….parquet`).
fn partition_date(name: &str) -> Option<String> {
    name.split(['/', '\\']).find_map(|part| part.strip_prefix("story_date=")).filter(|d| *d != "__HIVE_DEFAULT_PARTITION__").map(str::to_string)
}

fn text_of(field: &Field) -> Option<String> {
    match field {
        Field::Str(s) => Some(s.clone()),
        Field::Null => None,
        other => Some(other.to_string()),
    }
}

impl ArticleReader for ParquetReader {
    fn read(&self, name: &str, data: &mut dyn BufRead, emit: &mut dyn FnMut(Result<Record, InputError>)) {
        let mut bytes = Vec::new();
        if let Err(e) = data.read_to_end(&mut bytes) {
            return emit(Err(input_error(name, format!("cannot read: {e}"))));
        }
        let reader = match SerializedFileReader::new(bytes::Bytes::from(bytes)) {
            Ok(r) => r,
            Err(e) => return emit(Err(input_error(name, format!("not a Parquet file: {e}")))),
        };
        let columns: Vec<String> = reader.metadata().file_metadata().schema_descr().columns().iter().map(|c| c.name().to_string()).collect();
        if !columns.iter().any(|c| c == "text") {
            return emit(Err(input_error(name, "Parquet file has no \"text\" column (only documents tables hold articles)")));
        }
        let folder_date = partition_date(name);
        let rows = match reader.get_row_iter(None) {
            Ok(r) => r,
            Err(e) => return emit(Err(input_error(name, format!("cannot read rows: {e}")))),
        };
        for (i, row) in rows.enumerate() {
            let input = format!("{name}#{}", i + 1);
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    emit(Err(input_error(&input, format!("cannot read row: {e}"))));
                    continue;
                }
            };
            let mut cells: HashMap<&str, Option<String>> = HashMap::new();
            for (col, field) in row.get_column_iter() {
                cells.insert(col.as_str(), text_of(field));
            }
            let cell = |c: &str| cells.get(c).cloned().flatten();
            let Some(text) = cell("text") else {
                emit(Err(input_error(&input, "row has no text")));
                continue;
            };
            if let Err(reason) = check_text(&text) {
                emit(Err(input_error(&input, reason)));
                continue;
            }
            let date_text = cell("story_date").or_else(|| folder_date.clone());
            let date = date_text.as_deref().and_then(parse_date);
            let date_source = cell("date_source").and_then(|s| serde_json::from_value::<DateSource>(serde_json::Value::String(s)).ok()).unwrap_or(DateSource::Metadata);
            let article = Article { id: cell("story_id").unwrap_or_else(|| input.clone()), text, title: non_empty(cell("title")), date, date_source, url: non_empty(cell("url")) };
            // The article's original source (file:line of the first run) says more than a row number.
            let source = cell("source").unwrap_or(input);
            emit(Ok(Record { article, source, author: non_empty(cell("author")), site: non_empty(cell("publisher")) }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_folders_give_the_date() {
        assert_eq!(partition_date("out/documents/story_date=2023-01-17/part-0.parquet").as_deref(), Some("2023-01-17"));
        assert_eq!(partition_date("out/documents/story_date=__HIVE_DEFAULT_PARTITION__/part-0.parquet"), None);
        assert_eq!(partition_date("docs.parquet"), None);
    }

    #[test]
    fn non_parquet_bytes_are_an_error() {
        let mut out = Vec::new();
        ParquetReader.read("x.parquet", &mut &b"PAR1 but not really"[..], &mut |r| out.push(r));
        assert_eq!(out.len(), 1);
        assert!(out[0].as_ref().unwrap_err().reason.starts_with("not a Parquet file"));
    }
}
