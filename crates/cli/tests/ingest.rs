//! `newsgraph ingest` end to end: a generated corpus of thousands of articles in mixed formats,
//! ingested twice (the second run adds nothing), killed midway and resumed, then queried and
//! exported.

mod common;

use common::*;
use newsgraph_store::Store;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let s = Store::open_read_only(db).unwrap();
    s.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn ingest(args: &[&str]) -> (bool, String) {
    let out = Command::new(bin()).arg("ingest").arg("--quiet").args(args).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn mixed_corpus_ingests_once_and_dedups() {
    let d = temp_dir("mixed");
    let input = d.join("in");
    std::fs::create_dir_all(input.join("wire/2022")).unwrap();
    // 2,500 articles in one JSONL file, 500 more gzip-compressed, 40 as plain-text files.
    write_jsonl(&input.join("wire/batch1.jsonl"), 0, 2500);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for i in 2500..3000 {
        writeln!(gz, "{}", jsonl_line(&article(i))).unwrap();
    }
    std::fs::write(input.join("wire/2022/batch2.jsonl.gz"), gz.finish().unwrap()).unwrap();
    for i in 3000..3040 {
        std::fs::write(input.join(format!("wire/2022/story{i}.txt")), article(i).text).unwrap();
    }
    // Duplicates: the same text re-spaced under a new URL, and a new text under a known URL.
    let mut a = article(7);
    a.id = "copy-of-7".into();
    a.url = "https://news.example.com/copy".into();
    a.text = a.text.replace("\n\n", "\n \n");
    let mut b = article(100_000);
    b.url = format!("{}?utm_medium=x", article(12).url.replace("https://", "https://www."));
    std::fs::write(input.join("dups.jsonl"), format!("{}\n{}\n", jsonl_line(&a), jsonl_line(&b))).unwrap();

    let db = d.join("corpus.db");
    let dbs = db.to_str().unwrap();
    let (ok, summary) = ingest(&[input.to_str().unwrap(), "--db", dbs]);
    assert!(ok, "{summary}");
    assert!(summary.contains("3042 articles read, 3040 stored, 2 duplicates, 0 failed"), "{summary}");
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 3040);
    assert_eq!(count(&db, "SELECT count(*) FROM documents_fts"), 3040);
    assert_eq!(count(&db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM documents WHERE source LIKE '%batch2.jsonl.gz:%'"), 500);
    assert_eq!(count(&db, "SELECT count(*) FROM documents WHERE source LIKE '%.txt'"), 40);

    // Second run over the same inputs: nothing new.
    let (ok, summary) = ingest(&[input.to_str().unwrap(), "--db", dbs]);
    assert!(ok, "{summary}");
    assert!(summary.contains("3042 articles read, 0 stored, 3042 duplicates"), "{summary}");
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 3040);

    // Queries and exports over the binary.
    let out = Command::new(bin()).args(["query", "stats", "--db", dbs, "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats[1]["metric"], "documents");
    assert_eq!(stats[1]["value"], 3040);
    let out = Command::new(bin()).args(["query", "search", "fishing quotas", "--db", dbs, "--format", "csv", "--limit", "5"]).output().unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("document,date,title,snippet,score\n"));
    assert_eq!(csv.lines().count(), 6);
    let out_file = d.join("docs.csv");
    let out = Command::new(bin()).args(["export", "--db", dbs, "--format", "csv", "--table", "documents", "--output", out_file.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut rdr = csv_rows(&std::fs::read_to_string(&out_file).unwrap());
    assert_eq!(rdr.remove(0)[0], "story_id");
    assert_eq!(rdr.len(), 3040);
}

fn csv_rows(s: &str) -> Vec<Vec<String>> {
    // Minimal reader for the test: the export quotes fields with commas, quotes or newlines.
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

#[test]
fn one_and_two_extraction_threads_store_the_same_corpus() {
    let d = temp_dir("threads");
    let input = d.join("in.jsonl");
    write_jsonl(&input, 0, 300);
    // A re-spaced copy: caught by the content hash the reading thread computed.
    let mut copy = article(5);
    copy.id = "copy-of-5".into();
    copy.url = "https://news.example.com/copy-of-5".into();
    copy.text = copy.text.replace("\n\n", "\n \n");
    std::fs::OpenOptions::new().append(true).open(&input).unwrap().write_all(format!("{}\n", jsonl_line(&copy)).as_bytes()).unwrap();
    let dump = |threads: &str| -> Vec<String> {
        let db = d.join(format!("corpus-{threads}.db"));
        let (ok, summary) = ingest(&["--threads", threads, "--batch", "64", input.to_str().unwrap(), "--db", db.to_str().unwrap()]);
        assert!(ok, "{summary}");
        assert!(summary.contains("301 articles read, 300 stored, 1 duplicates"), "{summary}");
        let s = Store::open_read_only(&db).unwrap();
        let mut st = s
            .conn
            .prepare(
                "SELECT 'd|' || doc_key || '|' || content_hash FROM documents \
                 UNION ALL SELECT 'e|' || id || '|' || name || '|' || documents || '|' || mentions FROM corpus_entities \
                 UNION ALL SELECT 'a|' || entity_id || '|' || alias || '|' || count FROM entity_aliases ORDER BY 1",
            )
            .unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let one = dump("1");
    assert!(one.iter().filter(|r| r.starts_with("e|")).count() > 10, "{one:?}");
    assert_eq!(one, dump("2"));
}

#[test]
fn killed_ingest_loses_nothing_committed_and_resumes() {
    let d = temp_dir("kill");
    let input = d.join("big.jsonl");
    write_jsonl(&input, 0, 6000);
    let db = d.join("corpus.db");
    let dbs = db.to_str().unwrap();
    let mut child = Command::new(bin())
        .args(["ingest", "--quiet", "--threads", "1", "--batch", "16", input.to_str().unwrap(), "--db", dbs])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first commits, then kill it without warning.
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let n = Store::open_read_only(&db).ok().and_then(|s| s.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0)).ok()).unwrap_or(0);
        if n >= 32 || start.elapsed() > Duration::from_secs(60) || child.try_wait().unwrap().is_some() {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let partial = count(&db, "SELECT count(*) FROM documents");
    eprintln!("killed after {partial} of 6000 articles were committed");
    assert!(partial > 0);
    // Whole articles only: every stored document has its blocks. The search index (its own
    // file, written after the corpus) may lag behind, but holds no row the corpus lacks.
    assert_eq!(count(&db, "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_annotations a WHERE a.doc_id = d.id AND json_array_length(a.blocks) > 0)"), 0);
    assert!(count(&db, "SELECT count(*) FROM documents_fts") <= partial);
    assert_eq!(count(&db, "SELECT count(*) FROM documents_fts f WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = f.rowid)"), 0);
    // Every reference points at a stored row (the writer does not check them row by row).
    assert_eq!(count(&db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);

    let (ok, summary) = ingest(&[input.to_str().unwrap(), "--db", dbs]);
    assert!(ok, "{summary}");
    assert!(summary.contains(&format!("6000 articles read, {} stored, {partial} duplicates", 6000 - partial)), "{summary}");
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 6000);
    let s = Store::open_read_only(&db).unwrap();
    let check: String = s.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    assert_eq!(count(&db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    // The resumed run indexed what the killed one had not.
    assert_eq!(count(&db, "SELECT count(*) FROM documents_fts"), 6000);
    assert_eq!(newsgraph_store::search::behind(&s.conn).unwrap(), (0, 0));
    // The ranking cache agrees with FTS5 after the kill and the resumed run.
    for fts in ["documents_fts", "quotes_fts"] {
        assert_eq!(newsgraph_store::rank::length_mismatches(&s.conn, fts).unwrap(), 0, "{fts}");
    }
}

#[test]
fn failed_inputs_are_reported_and_the_rest_stored() {
    let d = temp_dir("failures");
    let input = d.join("in");
    std::fs::create_dir_all(&input).unwrap();
    write_jsonl(&input.join("good.jsonl"), 0, 20);
    std::fs::write(input.join("broken.rss"), "<<< not a feed").unwrap();
    std::fs::write(input.join("bad.jsonl"), "{\"id\":\"x\"}\nnot json\n").unwrap();
    let db = d.join("corpus.db");
    let (ok, summary) = ingest(&[input.to_str().unwrap(), d.join("missing.txt").to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(!ok);
    assert!(summary.contains("broken.rss: not an RSS or Atom feed"), "{summary}");
    assert!(summary.contains("bad.jsonl:2: not a JSON object"), "{summary}");
    assert!(summary.contains("missing.txt: cannot read"), "{summary}");
    assert!(summary.contains("20 articles read, 20 stored, 0 duplicates, 4 failed"), "{summary}");
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 20);
}

#[test]
#[cfg(target_os = "linux")]
fn thread_times_report_each_kind_of_thread() {
    let d = temp_dir("thread-times");
    let input = d.join("in.jsonl");
    write_jsonl(&input, 0, 400);
    let db = d.join("corpus.db");
    let (ok, summary) = ingest(&["--thread-times", "--batch", "64", input.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(ok, "{summary}");
    let line = summary.lines().find_map(|l| l.strip_prefix("newsgraph: CPU time by thread: ")).unwrap_or_else(|| panic!("no thread times in {summary}"));
    // `kind 1.23 s`, the six kinds in order, then the total.
    let times: Vec<(&str, f64)> = line
        .split(", ")
        .map(|part| {
            let (kind, seconds) = part.strip_suffix(" s").and_then(|p| p.rsplit_once(' ')).unwrap_or_else(|| panic!("{part:?} in {line}"));
            (kind, seconds.parse().unwrap_or_else(|_| panic!("{part:?} in {line}")))
        })
        .collect();
    let kinds: Vec<&str> = times.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, ["extraction", "writer", "search index", "checkpoints", "freeing", "reading", "total"]);
    // 400 articles take measurable CPU time to extract and to store.
    assert!(times[0].1 > 0.0 && times[1].1 > 0.0, "{line}");
    let parts: f64 = times[..6].iter().map(|(_, t)| t).sum();
    // Each figure is rounded to hundredths: seven roundings apart at most.
    assert!((parts - times[6].1).abs() < 0.04, "{line}");
    // The I/O line: `kind wrote 1.2 MB in 34 calls and read 5.6 MB; …`. The writer wrote the WAL,
    // and the reading thread read the whole input at least.
    let line = summary.lines().find_map(|l| l.strip_prefix("newsgraph: I/O by thread: ")).unwrap_or_else(|| panic!("no I/O figures in {summary}"));
    let io: Vec<(&str, f64, u64, f64)> = line
        .split("; ")
        .map(|part| {
            let parse = || -> Option<(&str, f64, u64, f64)> {
                let (kind, rest) = part.split_once(" wrote ")?;
                let (written, rest) = rest.split_once(" MB in ")?;
                let (calls, read) = rest.split_once(" calls and read ")?;
                Some((kind, written.parse().ok()?, calls.parse().ok()?, read.strip_suffix(" MB")?.parse().ok()?))
            };
            parse().unwrap_or_else(|| panic!("{part:?} in {line}"))
        })
        .collect();
    let of = |kind: &str| io.iter().find(|(k, ..)| *k == kind).copied().unwrap_or_else(|| panic!("no {kind} in {line}"));
    let (_, written, calls, _) = of("writer");
    assert!(written > 0.0 && calls > 0, "{line}");
    let input_mb = std::fs::metadata(&input).unwrap().len() as f64 / 1e6;
    assert!(of("reading").3 >= input_mb - 0.05, "{line} (input {input_mb:.2} MB)");
    // Without the option the line is not there.
    let (ok, summary) = ingest(&[input.to_str().unwrap(), "--db", d.join("other.db").to_str().unwrap()]);
    assert!(ok && !summary.contains("CPU time by thread") && !summary.contains("I/O by thread"), "{summary}");
}
