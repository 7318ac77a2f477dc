//! Readers on real-world-shaped inputs written here: a news page with furniture, a WARC archive
//! (plain and gzip, whole and truncated), RSS and Atom feeds, and broken inputs.

use flate2::write::GzEncoder;
use flate2::Compression;
use newsgraph_ingest::{read_file, text::TextReader, InputError, Record};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour strike ends after nine days | The Coastal Ledger</title>
<meta property="og:title" content="Harbour strike ends after nine days">
<meta property="og:site_name" content="The Coastal Ledger">
<meta property="article:published_time" content="2023-04-12T09:30:00+02:00">
<link rel="canonical" href="https://ledger.example.com/2023/04/harbour-strike-ends">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Ledger"},
 {"@type":"NewsArticle","headline":"Harbour strike ends after nine days","datePublished":"2023-04-12T09:30:00+02:00",
  "author":[{"@type":"Person","name":"Mara Okafor"}],"publisher":{"@type":"Organization","name":"The Coastal Ledger"}}]}
</script>
<script>var tracking = "do not read me";</script>
</head><body>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<div class="share-bar"><p>Share this story on every social network you can think of today</p></div>
<main><article>
<h1>Harbour strike ends after nine days</h1>
<p class="byline">By Mara Okafor</p>
<p>Dock workers in the northern port voted on Tuesday to return to work, ending a strike that had left container ships waiting offshore.</p>
<p>The union said the new contract raises wages by six percent over two years and limits night shifts.</p>
<blockquote><p>"We got most of what we asked for," said the union's chair, Teodor Brandt.</p></blockquote>
<h2>Backlog will take weeks</h2>
<p>Port managers expect the backlog of roughly forty vessels to clear by the end of the month.</p>
<figure><img src="x.jpg"><figcaption>Cranes stood idle for more than a week.</figcaption></figure>
</article>
<aside class="related"><p>Related: Ferry fares rise again as fuel costs climb across the region</p></aside>
</main>
<div id="comments"><p>First comment: this strike was long overdue in my opinion, honestly.</p></div>
<footer><p>© The Coastal Ledger. All rights reserved. Contact us for licensing.</p></footer>
</body></html>"#;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("newsgraph-ingest-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn read(path: &Path) -> (Vec<Record>, Vec<InputError>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    read_file(path, &TextReader::default(), &AtomicU64::new(0), &mut |r| match r {
        Ok(r) => ok.push(r),
        Err(e) => bad.push(e),
    });
    (ok, bad)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn warc_record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-04-13T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(ctype: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn page(title: &str, para: &str) -> String {
    format!("<html><head><title>{title}</title><meta name=\"date\" content=\"2023-05-02\"></head><body><div class=\"story\"><p>{para}</p><p>{para} It was the second time this year.</p></div></body></html>")
}

#[test]
fn html_page_yields_body_and_metadata_without_furniture() {
    let d = dir("html");
    let p = d.join("strike.html");
    std::fs::write(&p, PAGE).unwrap();
    let (ok, bad) = read(&p);
    assert!(bad.is_empty(), "{bad:?}");
    let r = &ok[0];
    assert_eq!(r.article.title.as_deref(), Some("Harbour strike ends after nine days"));
    assert_eq!(r.article.date, chrono::NaiveDate::from_ymd_opt(2023, 4, 12));
    assert_eq!(r.article.url.as_deref(), Some("https://ledger.example.com/2023/04/harbour-strike-ends"));
    assert_eq!(r.author.as_deref(), Some("Mara Okafor"));
    assert_eq!(r.site.as_deref(), Some("The Coastal Ledger"));
    let t = &r.article.text;
    assert!(t.starts_with("By Mara Okafor\n\nDock workers in the northern port"), "{t}");
    assert!(t.contains("\n\n\"We got most of what we asked for,\" said the union's chair, Teodor Brandt.\n\nBacklog will take weeks\n\n"), "{t}");
    for furniture in ["Home", "Share this story", "Related:", "First comment", "All rights reserved", "do not read me", "Cranes stood idle"] {
        assert!(!t.contains(furniture), "{furniture} leaked into {t}");
    }
}

#[test]
fn warc_archives_plain_and_gzip_per_record() {
    let d = dir("warc");
    let r1 = warc_record("response", "https://news.example.net/a", &http("text/html; charset=utf-8", &page("Bridge reopens", "The old river bridge reopened to traffic on Monday after repairs.")));
    let req = warc_record("request", "https://news.example.net/a", b"GET /a HTTP/1.1\r\nHost: news.example.net\r\n\r\n");
    let img = warc_record("response", "https://news.example.net/logo.png", &http("image/png", "PNGDATA"));
    let r2 = warc_record("response", "https://news.example.net/b", &http("text/html", &page("Library expands", "The city library opened a new wing for children and teenagers.")));
    let plain: Vec<u8> = [r1.clone(), req.clone(), img.clone(), r2.clone()].concat();
    let p = d.join("crawl.warc");
    std::fs::write(&p, &plain).unwrap();
    let (ok, bad) = read(&p);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ok.len(), 2);
    assert_eq!(ok[0].article.url.as_deref(), Some("https://news.example.net/a"));
    assert_eq!(ok[0].article.title.as_deref(), Some("Bridge reopens"));
    assert!(ok[1].article.text.starts_with("The city library opened"));
    assert_eq!(ok[1].source, format!("{}@{} (https://news.example.net/b)", p.display(), r1.len() + req.len() + img.len()));

    // Gzip, one member per record; then the same archive cut short inside its last member.
    let members: Vec<Vec<u8>> = [r1, req, img, r2].iter().map(|r| gzip(r)).collect();
    let gz: Vec<u8> = members.concat();
    let pg = d.join("crawl.warc.gz");
    std::fs::write(&pg, &gz).unwrap();
    let (ok, bad) = read(&pg);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ok.len(), 2);
    let last_at = gz.len() - members[3].len();
    assert_eq!(ok[1].source, format!("{}@{last_at} (https://news.example.net/b)", pg.display()));
    let pt = d.join("cut.warc.gz");
    std::fs::write(&pt, &gz[..gz.len() - 20]).unwrap();
    let (ok, bad) = read(&pt);
    assert_eq!(ok.len(), 1);
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].input, format!("{}@{last_at}", pt.display()));
    assert!(bad[0].reason.contains("gzip"), "{}", bad[0].reason);
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Valley Gazette</title><link>https://gazette.example.org</link><description>Local news</description>
<item><title>Council approves budget</title><link>https://gazette.example.org/budget</link>
<pubDate>Tue, 07 Mar 2023 10:00:00 GMT</pubDate><author>desk@gazette.example.org (Ines Palm)</author>
<description>&lt;p&gt;The council approved next year's budget by seven votes to two.&lt;/p&gt;&lt;p&gt;Spending on roads rises.&lt;/p&gt;</description></item>
<item><title>Photo of the day</title><link>https://gazette.example.org/photo</link></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>North Wire</title><id>urn:nw</id><updated>2023-06-01T00:00:00Z</updated>
<entry><title>Ferry service resumes</title><id>urn:nw:1</id><link href="https://wire.example.com/ferry"/>
<published>2023-05-30T08:00:00Z</published><updated>2023-05-31T08:00:00Z</updated><author><name>Olli Berg</name></author>
<content type="html">&lt;p&gt;The island ferry resumed its daily crossings after the storm passed.&lt;/p&gt;</content></entry>
</feed>"#;

#[test]
fn rss_and_atom_items_become_articles() {
    let d = dir("feeds");
    let p = d.join("gazette.rss");
    std::fs::write(&p, RSS).unwrap();
    let (ok, bad) = read(&p);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ok.len(), 1, "the item without content or description is skipped");
    assert_eq!(ok[0].article.text, "The council approved next year's budget by seven votes to two.\n\nSpending on roads rises.");
    assert_eq!(ok[0].article.url.as_deref(), Some("https://gazette.example.org/budget"));
    assert_eq!(ok[0].article.date, chrono::NaiveDate::from_ymd_opt(2023, 3, 7));
    assert_eq!(ok[0].site.as_deref(), Some("Valley Gazette"));

    // Atom, gzip-compressed, under a name that says nothing: sniffed.
    let pa = d.join("wire.gz");
    std::fs::write(&pa, gzip(ATOM.as_bytes())).unwrap();
    let (ok, bad) = read(&pa);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ok[0].article.title.as_deref(), Some("Ferry service resumes"));
    assert_eq!(ok[0].article.date, chrono::NaiveDate::from_ymd_opt(2023, 5, 30));
    assert_eq!(ok[0].author.as_deref(), Some("Olli Berg"));
    assert_eq!(ok[0].article.id, "urn:nw:1");
}

#[test]
fn broken_inputs_are_errors_naming_the_input() {
    let d = dir("broken");
    let feed = d.join("news.rss");
    std::fs::write(&feed, "this is not xml at all {").unwrap();
    let (ok, bad) = read(&feed);
    assert!(ok.is_empty());
    assert_eq!(bad[0].input, feed.display().to_string());
    assert!(bad[0].reason.starts_with("not an RSS or Atom feed"));

    let html = d.join("empty.html");
    std::fs::write(&html, "<html><body><nav><p>Home | World | Sport | Weather and more links</p></nav><div><span>").unwrap();
    let (ok, bad) = read(&html);
    assert!(ok.is_empty());
    assert!(bad[0].reason.contains("no article body"), "{}", bad[0].reason);

    let missing = d.join("nope.txt");
    let (_, bad) = read(&missing);
    assert!(bad[0].reason.starts_with("cannot read"));

    let gz = d.join("bad.jsonl.gz");
    let mut data = gzip(b"{\"id\":\"x\",\"text\":\"A whole line.\"}\n{\"id\":\"y\",\"text\":\"Another line that will be cut.\"}\n");
    data.truncate(data.len() - 12);
    std::fs::write(&gz, data).unwrap();
    let (_, bad) = read(&gz);
    assert!(!bad.is_empty());
    assert!(bad.iter().all(|e| e.input.starts_with(&gz.display().to_string())));
}
