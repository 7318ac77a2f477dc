//! Parquet export with the parquet crate's low-level column writers (no Arrow: a fraction of
//! the build). Every column is OPTIONAL: text as UTF8 byte arrays, integers as INT64, flags as
//! BOOLEAN; Snappy-compressed; rows go out in row groups so memory stays flat on big tables.
//! The files read in DuckDB, pandas/pyarrow and Spark.

use crate::export::{for_each_row, ColumnKind, ExportTable};
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use rusqlite::Connection;
use serde_json::Value;
use std::io::Write;
use std::sync::Arc;

/// Rows per row group.
const ROW_GROUP: usize = 50_000;

fn schema(table: &ExportTable) -> String {
    let mut s = format!("message {} {{\n", table.name);
    for (name, kind) in table.columns {
        let (t, logical) = match kind {
            ColumnKind::Text => ("BYTE_ARRAY", " (UTF8)"),
            ColumnKind::Int => ("INT64", ""),
            ColumnKind::Bool => ("BOOLEAN", ""),
        };
        s.push_str(&format!("  OPTIONAL {t} {name}{logical};\n"));
    }
    s.push('}');
    s
}

/// One column of a row group being gathered.
enum Column {
    Text(Vec<ByteArray>, Vec<i16>),
    Int(Vec<i64>, Vec<i16>),
    Bool(Vec<bool>, Vec<i16>),
}

impl Column {
    fn new(kind: ColumnKind) -> Self {
        match kind {
            ColumnKind::Text => Column::Text(Vec::new(), Vec::new()),
            ColumnKind::Int => Column::Int(Vec::new(), Vec::new()),
            ColumnKind::Bool => Column::Bool(Vec::new(), Vec::new()),
        }
    }

    /// Add a value; a missing one is a definition level of 0.
    fn push(&mut self, v: Value) {
        match self {
            Column::Text(vals, defs) => match v {
                Value::Null => defs.push(0),
                Value::String(s) => {
                    vals.push(ByteArray::from(s.into_bytes()));
                    defs.push(1);
                }
                other => {
                    vals.push(ByteArray::from(other.to_string().into_bytes()));
                    defs.push(1);
                }
            },
            Column::Int(vals, defs) => match v.as_i64() {
                Some(i) => {
                    vals.push(i);
                    defs.push(1);
                }
                None => defs.push(0),
            },
            Column::Bool(vals, defs) => match v.as_bool().or_else(|| v.as_i64().map(|i| i != 0)) {
                Some(b) => {
                    vals.push(b);
                    defs.push(1);
                }
                None => defs.push(0),
            },
        }
    }

    fn len(&self) -> usize {
        match self {
            Column::Text(_, d) | Column::Int(_, d) | Column::Bool(_, d) => d.len(),
        }
    }
}

fn flush<W: Write + Send>(writer: &mut SerializedFileWriter<W>, columns: &mut [Column], kinds: &[ColumnKind]) -> anyhow::Result<()> {
    if columns.first().is_none_or(|c| c.len() == 0) {
        return Ok(());
    }
    let mut group = writer.next_row_group()?;
    for column in columns.iter_mut() {
        let Some(mut w) = group.next_column()? else {
            anyhow::bail!("Parquet schema has fewer columns than the table");
        };
        match column {
            Column::Text(v, d) => {
                w.typed::<ByteArrayType>().write_batch(v, Some(d), None)?;
            }
            Column::Int(v, d) => {
                w.typed::<Int64Type>().write_batch(v, Some(d), None)?;
            }
            Column::Bool(v, d) => {
                w.typed::<BoolType>().write_batch(v, Some(d), None)?;
            }
        }
        w.close()?;
    }
    group.close()?;
    for (c, k) in columns.iter_mut().zip(kinds) {
        *c = Column::new(*k);
    }
    Ok(())
}

/// Write the whole table as one Parquet file to `out`; returns the row count.
pub fn export_parquet(conn: &Connection, table: &ExportTable, out: Box<dyn Write + Send>) -> anyhow::Result<usize> {
    let schema = Arc::new(parse_message_type(&schema(table))?);
    let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).set_created_by("newsgraph".into()).build());
    let mut writer = SerializedFileWriter::new(out, schema, props)?;
    let kinds: Vec<ColumnKind> = table.columns.iter().map(|(_, k)| *k).collect();
    let mut columns: Vec<Column> = kinds.iter().map(|k| Column::new(*k)).collect();
    let mut pending: Option<anyhow::Error> = None;
    let n = for_each_row(conn, table, |vals| {
        for (c, v) in columns.iter_mut().zip(vals) {
            c.push(v);
        }
        if columns[0].len() >= ROW_GROUP {
            if let Err(e) = flush(&mut writer, &mut columns, &kinds) {
                pending = Some(e);
                return Err(std::io::Error::other("Parquet row group could not be written"));
            }
        }
        Ok(())
    });
    if let Some(e) = pending {
        return Err(e);
    }
    let n = n?;
    flush(&mut writer, &mut columns, &kinds)?;
    let mut inner = writer.into_inner()?;
    inner.flush()?;
    Ok(n)
}
