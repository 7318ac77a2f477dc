//! What a suite returns: the scorer's measure lines, its SUMMARY figures, and every miss with its
//! evidence, grouped into error classes.

use serde_json::{json, Value};

/// One error: a gold item not (fully) found or a prediction without gold, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub class: String,
    /// The document id as given to the extractor.
    pub doc: String,
    /// Character span in the record's text (gold offsets count characters).
    pub chars: Option<(i64, i64)>,
    /// The same span in UTF-8 bytes (newsgraph's offsets).
    pub bytes: Option<(usize, usize)>,
    /// The gold text (quote, name, time expression, sentence) and what gold says about it.
    pub gold: String,
    /// What was predicted there (text, speaker, type, value), or empty.
    pub predicted: String,
}

/// The result of scoring one file with one suite.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub suite: String,
    pub file: String,
    pub records: usize,
    /// The measure lines, worded as the reference scorer prints them.
    pub lines: Vec<String>,
    /// SUMMARY figures in the scorer's key order.
    pub summary: Vec<(String, f64)>,
    /// Every error class of the suite, in a fixed order, so that empty classes show too.
    pub class_order: Vec<String>,
    pub misses: Vec<Miss>,
    /// Records the extractor refused (with the reason); they count as having no predictions.
    pub failures: Vec<String>,
}

impl Report {
    pub fn new(suite: &str, classes: &[&str]) -> Self {
        Report { suite: suite.into(), class_order: classes.iter().map(|c| c.to_string()).collect(), ..Default::default() }
    }

    pub fn miss(&mut self, class: &str, doc: &str, chars: Option<(i64, i64)>, bytes: Option<(usize, usize)>, gold: String, predicted: String) {
        debug_assert!(self.class_order.iter().any(|c| c == class), "unknown class {class}");
        self.misses.push(Miss { class: class.into(), doc: doc.into(), chars, bytes, gold, predicted });
    }

    /// `SUMMARY key=value …` with three decimals, exactly as the reference scorers print it.
    pub fn summary_line(&self) -> String {
        let figures: Vec<String> = self.summary.iter().map(|(k, v)| format!("{k}={v:.3}")).collect();
        format!("SUMMARY {}", figures.join(" "))
    }

    /// Number of misses of each class, in class order.
    pub fn class_counts(&self) -> Vec<(String, usize)> {
        self.class_order.iter().map(|c| (c.clone(), self.misses.iter().filter(|m| &m.class == c).count())).collect()
    }

    /// The report for people: measures, error classes, optionally every miss, SUMMARY last.
    pub fn text(&self, with_errors: bool) -> String {
        let mut o = format!("== {} — {} ({} records)\n", self.suite, self.file, self.records);
        for f in &self.failures {
            o.push_str(&format!("extractor refused: {f}\n"));
        }
        for l in &self.lines {
            o.push_str(l);
            o.push('\n');
        }
        o.push_str("errors by class:\n");
        for (c, n) in self.class_counts() {
            o.push_str(&format!("  {c:<32} {n:>6}\n"));
        }
        if with_errors {
            o.push_str("errors:\n");
            for m in &self.misses {
                let at = match (m.chars, m.bytes) {
                    (Some((a, b)), Some((x, y))) => format!("chars {a}-{b} bytes {x}-{y}"),
                    (Some((a, b)), None) => format!("chars {a}-{b}"),
                    _ => "-".into(),
                };
                o.push_str(&format!("  [{}] {} {}\n", m.class, m.doc, at));
                if !m.gold.is_empty() {
                    o.push_str(&format!("      gold: {}\n", clip(&m.gold, 160)));
                }
                if !m.predicted.is_empty() {
                    o.push_str(&format!("      pred: {}\n", clip(&m.predicted, 160)));
                }
            }
        }
        o.push_str(&self.summary_line());
        o.push('\n');
        o
    }

    /// The report as one JSON object.
    pub fn json(&self, with_errors: bool) -> Value {
        let summary: serde_json::Map<String, Value> = self.summary.iter().map(|(k, v)| (k.clone(), json!(round3(*v)))).collect();
        let classes: serde_json::Map<String, Value> = self.class_counts().into_iter().map(|(c, n)| (c, json!(n))).collect();
        let mut v = json!({
            "suite": self.suite,
            "file": self.file,
            "records": self.records,
            "lines": self.lines,
            "summary": summary,
            "summary_line": self.summary_line(),
            "error_classes": classes,
            "failures": self.failures,
        });
        if with_errors {
            v["errors"] = Value::Array(
                self.misses
                    .iter()
                    .map(|m| {
                        json!({
                            "class": m.class, "doc": m.doc,
                            "chars": m.chars.map(|(a, b)| vec![a, b]),
                            "bytes": m.bytes.map(|(a, b)| vec![a, b]),
                            "gold": m.gold, "predicted": m.predicted,
                        })
                    })
                    .collect(),
            );
        }
        v
    }
}

/// The figure as printed with three decimals, as a number.
fn round3(v: f64) -> f64 {
    format!("{v:.3}").parse().unwrap_or(v)
}

/// One line of at most `max` characters, whitespace collapsed.
pub fn clip(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_has_three_decimals_in_key_order() {
        let mut r = Report::new("quotes", &["spurious quote"]);
        r.summary = vec![("recall".into(), 2.0 / 3.0), ("precision".into(), 0.5625), ("f1".into(), 0.0)];
        assert_eq!(r.summary_line(), "SUMMARY recall=0.667 precision=0.562 f1=0.000");
        r.miss("spurious quote", "d1", Some((1, 2)), Some((1, 2)), String::new(), "x".into());
        assert_eq!(r.class_counts(), vec![("spurious quote".to_string(), 1)]);
        assert!(r.text(false).ends_with("SUMMARY recall=0.667 precision=0.562 f1=0.000\n"));
        assert_eq!(r.json(true)["summary"]["recall"], json!(0.667));
    }
}
