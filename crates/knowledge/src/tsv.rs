//! A tiny TSV reader for the files under `data/`: `#` lines are comments, the first other line
//! names the columns, cells are split on tabs, and lists inside a cell on `|`.

use foldhash::HashMap;

/// One data row, cells by column name.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    cells: HashMap<&'a str, &'a str>,
}

impl<'a> Row<'a> {
    /// The trimmed cell of `column`, or "" when absent.
    pub fn get(&self, column: &str) -> &'a str {
        self.cells.get(column).map(|s| s.trim()).unwrap_or("")
    }
    /// The cell as an optional value ("" → None).
    pub fn opt(&self, column: &str) -> Option<&'a str> {
        Some(self.get(column)).filter(|s| !s.is_empty())
    }
    /// The cell as a `|`-separated list, empty items dropped.
    pub fn list(&self, column: &str) -> Vec<&'a str> {
        self.get(column).split('|').map(str::trim).filter(|s| !s.is_empty()).collect()
    }
}

/// Parse a whole TSV file.
pub fn parse_tsv(source: &str) -> Vec<Row<'_>> {
    let mut header: Option<Vec<&str>> = None;
    let mut rows = Vec::new();
    for line in source.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match &header {
            None => header = Some(line.split('\t').map(str::trim).collect()),
            Some(cols) => {
                let cells = cols.iter().copied().zip(line.split('\t')).collect();
                rows.push(Row { cells });
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_header_comments_and_lists() {
        let rows = parse_tsv("# comment\nname\taliases\nLatvia\tLettland | Latvija\nEstonia\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get("name"), "Latvia");
        assert_eq!(rows[0].list("aliases"), vec!["Lettland", "Latvija"]);
        assert_eq!(rows[1].opt("aliases"), None);
        assert_eq!(rows[1].get("missing"), "");
    }
}
