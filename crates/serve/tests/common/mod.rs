//! Shared by the API and browser tests: a small corpus of articles written for these tests,
//! ingested through the real pipeline and store; a server on a free loopback port; and a
//! minimal HTTP/1.0 client (one request per connection, so no chunked bodies to decode).

#![allow(dead_code)]

use newsgraph_pipeline::input::Reader;
use newsgraph_pipeline::Pipeline;
use newsgraph_store::{DocMeta, Store};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Three short articles: a Polish–German dispute over harbour fees, a ferry deal, and Lithuania
/// protesting Russian drills. They give quotes with speakers, events between states, dates.
pub const CORPUS: &str = include_str!("corpus.jsonl");

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsgraph-serve-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Ingest the corpus into a new database and return its path.
pub fn corpus_db(name: &str) -> PathBuf {
    let path = temp_dir(name).join("corpus.db");
    let pipeline = Pipeline::standard();
    let docs: Vec<_> = Reader::default()
        .read_jsonl("corpus.jsonl", CORPUS.as_bytes())
        .into_iter()
        .map(|a| {
            let a = a.expect("test corpus records are valid");
            (pipeline.process(a), DocMeta { source: "corpus.jsonl".into(), ..Default::default() })
        })
        .collect();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.write_batch(&docs).unwrap().stored, 3);
    drop(store);
    path
}

/// One server over one corpus for every test in a binary.
pub fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let db = corpus_db("shared");
        newsgraph_serve::spawn(&db, "127.0.0.1:0").unwrap()
    })
}

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

pub fn request(method: &str, path: &str, body: Option<&[u8]>) -> Reply {
    let addr = server();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(60))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.0\r\nHost: {addr}\r\n").into_bytes();
    if let Some(b) = body {
        req.extend_from_slice(format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n", b.len()).as_bytes());
        req.extend_from_slice(b);
    } else {
        req.extend_from_slice(b"\r\n");
    }
    // The server may answer and close before reading a too-large body: ignore write errors.
    let _ = s.write_all(&req);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply { status, headers: head.to_string(), body: body.to_string() }
}

pub fn get(path: &str) -> Reply {
    request("GET", path, None)
}

pub fn post(path: &str, body: &str) -> Reply {
    request("POST", path, Some(body.as_bytes()))
}
