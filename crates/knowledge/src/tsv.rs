//! A tiny TSV reader for the files under `data/`: `#` lines are comments, the first other line
//! names the columns, cells are split on tabs, and lists inside a cell on `|`.

use std::rc::Rc;

/// One data row, cells by column name.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// The file's column names, shared by its rows.
    columns: Rc<[&'a str]>,
    /// The cells of all the file's rows, one after another: a row is a range of them, so that
    /// parsing allocates once per file instead of once per row (start-up reads some 8,000 rows).
    all_cells: Rc<[&'a str]>,
    /// Where the row's cells start in `all_cells`, and how many it has (a short line has fewer
    /// cells than columns).
    first_cell: usize,
    cell_count: usize,
}

impl<'a> Row<'a> {
    /// The trimmed cell of `column`, or "" when absent.
    pub fn get(&self, column: &str) -> &'a str {
        // The last column of that name the row has a cell for, as a map from names to cells
        // would keep. A file has a few columns: comparing names costs less than hashing them into
        // a map for every row.
        let named = self.columns.get(..self.cell_count).unwrap_or(&[]);
        let cell = named.iter().rposition(|c| *c == column).and_then(|i| self.all_cells.get(self.first_cell + i));
        cell.map(|s| trim(s)).unwrap_or("")
    }
    /// The cell as an optional value ("" → None).
    pub fn opt(&self, column: &str) -> Option<&'a str> {
        Some(self.get(column)).filter(|s| !s.is_empty())
    }
    /// The cell as a `|`-separated list, empty items dropped.
    pub fn list(&self, column: &str) -> Vec<&'a str> {
        self.get(column).split('|').map(trim).filter(|s| !s.is_empty()).collect()
    }
}

/// `str::trim`, answered without decoding for the usual cell or word, which starts and ends
/// with a printable ASCII character (no white space to trim).
#[inline]
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Parse a whole TSV file.
pub fn parse_tsv(source: &str) -> Vec<Row<'_>> {
    let mut columns: Option<Rc<[&str]>> = None;
    let mut all_cells: Vec<&str> = Vec::new();
    // (first cell, cell count) of each data row.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    // The lines as `str::lines` gives them, less its removal of one "\r" before a "\n", which
    // the trimming of every "\r" at the line's end does anyway. Lines and cells are found by a
    // loop over the bytes: most are short, and a `split` would set up a search for each.
    let mut rest = source;
    while !rest.is_empty() {
        let (line, after) = match rest.bytes().position(|b| b == b'\n') {
            Some(end) => (rest.get(..end).unwrap_or(""), rest.get(end + 1..).unwrap_or("")),
            None => (rest, ""),
        };
        rest = after;
        let line = line.trim_end_matches('\r');
        let content = trim(line);
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        match &columns {
            None => {
                let names: Rc<[&str]> = line.split('\t').map(trim).collect();
                // Sized for a full row per line left: grown by doubling instead, the lists of a
                // file of thousands of rows were copied a dozen times.
                let lines_left = rest.bytes().filter(|&b| b == b'\n').count() + 1;
                all_cells.reserve(lines_left * names.len());
                ranges.reserve(lines_left);
                columns = Some(names);
            }
            Some(names) => {
                let first = all_cells.len();
                push_cells(line, names.len(), &mut all_cells);
                ranges.push((first, all_cells.len() - first));
            }
        }
    }
    let Some(columns) = columns else { return Vec::new() };
    let all_cells: Rc<[&str]> = all_cells.into();
    ranges
        .into_iter()
        .map(|(first_cell, cell_count)| Row { columns: Rc::clone(&columns), all_cells: Rc::clone(&all_cells), first_cell, cell_count })
        .collect()
}

/// The first `limit` tab-separated cells of `line`, as `line.split('\t').take(limit)`.
fn push_cells<'a>(line: &'a str, limit: usize, cells: &mut Vec<&'a str>) {
    let mut taken = 0;
    let mut from = 0;
    for (at, &b) in line.as_bytes().iter().enumerate() {
        if taken == limit {
            return;
        }
        if b == b'\t' {
            cells.push(line.get(from..at).unwrap_or(""));
            taken += 1;
            from = at + 1;
        }
    }
    if taken < limit {
        cells.push(line.get(from..).unwrap_or(""));
    }
}

/// `parse_tsv` as first written, a `Vec` of cells per row, through `str::lines` and `str::trim`
/// (the reference of a property test): each row's (column, cell) pairs.
#[cfg(test)]
fn parse_tsv_by_lines(source: &str) -> Vec<Vec<(String, String)>> {
    let mut columns: Option<Vec<&str>> = None;
    let mut rows = Vec::new();
    for line in source.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match &columns {
            None => columns = Some(line.split('\t').map(str::trim).collect()),
            Some(names) => {
                let cells: Vec<&str> = line.split('\t').take(names.len()).collect();
                // A map from names to cells keeps the last cell of a repeated name.
                let mut row: Vec<(String, String)> = Vec::new();
                for (name, cell) in names.iter().zip(&cells) {
                    row.retain(|(n, _)| n != name);
                    row.push((name.to_string(), cell.trim().to_string()));
                }
                rows.push(row);
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

    proptest::proptest! {
        /// The ends tested by hand trim what `str::trim` trims, on any text (the time stage's
        /// lexicon trims the words it is asked about with it too).
        #[test]
        fn trim_trims_as_str_trim_does(word in "(\\PC|\\s|[\\x00-\\x20a.]){0,8}") {
            proptest::prop_assert_eq!(super::trim(&word), word.trim());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Over lines of tabs, stops, "#", returns, ASCII and Unicode white space and short words
        /// (blank lines, comments after spaces, repeated and missing columns), every row's cells
        /// read by name equal those of the parse through `str::lines` and `str::trim`.
        #[test]
        fn cells_equal_those_of_a_parse_by_lines(source in "([abc]{0,3}|\t|\n|\r|#| |\u{A0}|\u{2003}|é|\\|){0,40}") {
            let rows = parse_tsv(&source);
            let expected = parse_tsv_by_lines(&source);
            proptest::prop_assert_eq!(rows.len(), expected.len());
            for (row, cells) in rows.iter().zip(&expected) {
                for (name, cell) in cells {
                    proptest::prop_assert_eq!(row.get(name), cell.as_str());
                }
                proptest::prop_assert_eq!(row.get("no such column"), "");
            }
        }
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
