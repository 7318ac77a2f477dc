//! A corpus generator for the tests: articles from templates, varied by a seeded generator so
//! every run writes the same corpus.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// xorshift64*: small, seeded, good enough to vary templates.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const GIVEN: &[&str] = &["Anna", "Marek", "Ilse", "Tomas", "Greta", "Pavel", "Leila", "Jonas", "Sofia", "Ruben", "Elif", "Dmitri", "Nora", "Viktor"];
const FAMILY: &[&str] = &["Halvorsen", "Kowalczyk", "Brandt", "Marin", "Okafor", "Lindqvist", "Petrenko", "Duarte", "Novak", "Sato", "Keller", "Abara"];
const ROLES: &[&str] = &["the foreign minister", "the mayor", "a union leader", "the defence minister", "an opposition deputy", "the central bank governor"];
const PLACES: &[&str] = &["Northport", "Valdheim", "Kessel", "Ostrava Bay", "the eastern provinces", "the capital", "the border region"];
const COUNTRIES: &[&str] = &["Freedonia", "Ruritania", "Latveria", "Genovia", "Sokovia", "Elbonia"];
const VERBS: &[&str] = &["accused", "criticised", "praised", "met", "warned", "thanked", "threatened", "called on"];
const TOPICS: &[&str] = &["grain exports", "the new pipeline", "border checks", "fishing quotas", "rail tariffs", "energy prices", "a prisoner exchange", "the water treaty"];
const OPENERS: &[&str] = &["On {day}", "Late on {day}", "Early on {day}", "Speaking on {day}", "In a statement on {day}"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// One generated article: (id, title, text, date, url).
pub struct Generated {
    pub id: String,
    pub title: String,
    pub text: String,
    pub date: String,
    pub url: String,
}

pub fn article(i: usize) -> Generated {
    let mut r = Rng::new(i as u64 + 1);
    let speaker = format!("{} {}", r.pick(GIVEN), r.pick(FAMILY));
    let surname = speaker.split(' ').nth(1).unwrap_or("").to_string();
    let other = format!("{} {}", r.pick(GIVEN), r.pick(FAMILY));
    let (c1, c2) = (r.pick(COUNTRIES), r.pick(COUNTRIES));
    let topic = r.pick(TOPICS);
    let verb = r.pick(VERBS);
    let opener = r.pick(OPENERS).replace("{day}", r.pick(DAYS));
    let month = 1 + r.below(12);
    let day = 1 + r.below(28);
    let date = format!("2022-{month:02}-{day:02}");
    let title = format!("{c1} {verb} {c2} over {topic} (report {i})");
    let mut paras = vec![
        format!("{opener}, {speaker}, {}, {verb} {c2} over {topic} in {}.", r.pick(ROLES), r.pick(PLACES)),
        format!("\"We will not accept delays on {topic},\" {surname} told reporters after talks with {other}. Officials in {c2} did not respond."),
    ];
    for _ in 0..r.below(4) {
        paras.push(format!(
            "{} said the dispute over {} had cost {} million in {}. Talks are expected to resume within {} weeks.",
            other,
            r.pick(TOPICS),
            10 + r.below(900),
            r.pick(PLACES),
            1 + r.below(8)
        ));
    }
    paras.push(format!("Report number {i} was filed from {}.", r.pick(PLACES)));
    Generated { id: format!("gen-{i}"), title, text: paras.join("\n\n"), date, url: format!("https://news.example.com/{month}/{i}") }
}

pub fn jsonl_line(a: &Generated) -> String {
    serde_json::json!({"id": a.id, "title": a.title, "text": a.text, "date": a.date, "url": a.url}).to_string()
}

/// Write `n` articles starting at `from` as one JSONL file.
pub fn write_jsonl(path: &Path, from: usize, n: usize) {
    let mut s = String::new();
    for i in from..from + n {
        s.push_str(&jsonl_line(&article(i)));
        s.push('\n');
    }
    std::fs::write(path, s).unwrap();
}

pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("newsgraph-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_newsgraph")
}
