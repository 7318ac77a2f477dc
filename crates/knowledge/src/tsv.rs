//! A tiny TSV reader for the files under `data/`: `#` lines are comments, the first other line
//! names the columns, cells are split on tabs, and lists inside a cell on `|`.

use std::rc::Rc;

/// One data row, cells by column name.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// The file's column names, shared by its rows.
    columns: Rc<[&'a str]>,
    /// The row's cells in column order; a short line has fewer cells than columns.
    cells: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// The trimmed cell of `column`, or "" when absent.
    pub fn get(&self, column: &str) -> &'a str {
        // The last column of that name the row has a cell for, as a map from names to cells
        // would keep. A file has a few columns: comparing names costs less than hashing them into
        // a map for every row.
        let named = self.columns.get(..self.cells.len()).unwrap_or(&[]);
        let cell = named.iter().rposition(|c| *c == column).and_then(|i| self.cells.get(i));
        cell.map(|s| s.trim()).unwrap_or("")
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
    let mut columns: Option<Rc<[&str]>> = None;
    let mut rows = Vec::new();
    for line in source.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match &columns {
            None => columns = Some(line.split('\t').map(str::trim).collect()),
            Some(names) => {
                let cells = line.split('\t').take(names.len()).collect();
                rows.push(Row { columns: Rc::clone(names), cells });
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

    #[test]
    fn short_rows_extra_cells_and_repeated_columns() {
        let rows = parse_tsv("a\tb\ta\n1\t2\t3\textra\n4\n\n# note\n 5 \t\t 6 \r\n");
        assert_eq!(rows.len(), 3);
        // A repeated column name reads its last cell.
        assert_eq!((rows[0].get("a"), rows[0].get("b")), ("3", "2"));
        assert_eq!(rows[0].get("extra"), "");
        // A short row: its one cell is the first "a".
        assert_eq!((rows[1].get("a"), rows[1].opt("b")), ("4", None));
        assert_eq!((rows[2].get("a"), rows[2].get("b")), ("6", ""));
    }
}
