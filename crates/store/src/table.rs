//! Query results as a small table of JSON values, written as an aligned table, JSON or CSV.

use serde_json::{Map, Value};
use std::io::{self, Write};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// A cell as plain text (strings unquoted, null empty).
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Read a SQLite value into JSON.
pub fn sql_value(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(format!("<{} bytes>", b.len())),
    }
}

fn clip(s: &str, max: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let mut c: String = s.chars().take(max.saturating_sub(1)).collect();
        c.push('…');
        c
    }
}

impl Table {
    pub fn new(columns: &[&str]) -> Self {
        Table { columns: columns.iter().map(|c| c.to_string()).collect(), rows: Vec::new() }
    }

    /// Each row as a JSON object keyed by column name.
    pub fn objects(&self) -> Vec<Map<String, Value>> {
        self.rows.iter().map(|r| self.columns.iter().cloned().zip(r.iter().cloned()).collect()).collect()
    }

    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let objs: Vec<Value> = self.objects().into_iter().map(Value::Object).collect();
        serde_json::to_writer_pretty(&mut *out, &objs)?;
        writeln!(out)
    }

    pub fn write_jsonl(&self, out: &mut dyn Write) -> io::Result<()> {
        for o in self.objects() {
            serde_json::to_writer(&mut *out, &o)?;
            writeln!(out)?;
        }
        Ok(())
    }

    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.columns)?;
        for r in &self.rows {
            w.write_record(r.iter().map(cell_text))?;
        }
        w.flush()
    }

    /// Aligned columns for a terminal; long cells are clipped.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        const MAX: usize = 60;
        let cells: Vec<Vec<String>> = self.rows.iter().map(|r| r.iter().map(|v| clip(&cell_text(v), MAX)).collect()).collect();
        let mut widths: Vec<usize> = self.columns.iter().map(|c| c.chars().count()).collect();
        for r in &cells {
            for (i, c) in r.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(c.chars().count());
                }
            }
        }
        let line = |out: &mut dyn Write, vals: &[String]| -> io::Result<()> {
            let parts: Vec<String> = vals.iter().zip(&widths).map(|(v, w)| format!("{v:<w$}", w = *w)).collect();
            writeln!(out, "{}", parts.join("  ").trim_end())
        };
        line(out, &self.columns)?;
        line(out, &widths.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>())?;
        for r in &cells {
            line(out, r)?;
        }
        writeln!(out, "({} rows)", self.rows.len())
    }
}
