//! `newsgraph serve` as a person starts it: a corpus ingested with the CLI, the server on a free
//! loopback port, a question over HTTP, then the process stopped.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn http_get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_answers_over_loopback_and_refuses_a_missing_database() {
    let d = temp_dir("serve");
    write_jsonl(&d.join("in.jsonl"), 0, 20);
    let db = d.join("corpus.db");
    let ok = Command::new(bin()).args(["ingest", "--quiet", "--db"]).arg(&db).arg(d.join("in.jsonl")).status().unwrap();
    assert!(ok.success());

    let mut child = Command::new(bin()).args(["serve", "--addr", "127.0.0.1:0", "--db"]).arg(&db).stderr(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
    // "newsgraph: serving … on http://127.0.0.1:PORT/ …"
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).map(str::to_string);
    let reply = addr.as_deref().map(|a| http_get(a, "/api/stats"));
    let _ = child.kill();
    let _ = child.wait();
    let addr = addr.unwrap_or_else(|| panic!("no address in {line:?}"));
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let reply = reply.unwrap();
    assert!(reply.starts_with("HTTP/1.0 200") || reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("\"documents\":20"), "{reply}");

    let out = Command::new(bin()).args(["serve", "--addr", "127.0.0.1:0", "--db"]).arg(d.join("missing.db")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database at"), "{}", String::from_utf8_lossy(&out.stderr));
}
