//! A generator of synthetic but varied news articles for benchmarks: paragraph templates with
//! slots for states, capitals, people, titles, numbers and dates, filled from small lists by a
//! seeded generator, so every run of a benchmark sees the same corpus. The text is invented here
//! and deliberately mixes what real copy has: curly and straight quotes, reported speech,
//! captions with bullets, credit lines, embedded posts, headings, non-ASCII names.

#![allow(dead_code)]

/// A tiny deterministic generator (SplitMix64): benchmarks must not depend on a random source.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// (state, demonym, capital)
const STATES: &[(&str, &str, &str)] = &[
    ("Estonia", "Estonian", "Tallinn"),
    ("Latvia", "Latvian", "Riga"),
    ("Lithuania", "Lithuanian", "Vilnius"),
    ("Poland", "Polish", "Warsaw"),
    ("Finland", "Finnish", "Helsinki"),
    ("Sweden", "Swedish", "Stockholm"),
    ("Germany", "German", "Berlin"),
    ("Hungary", "Hungarian", "Budapest"),
    ("Romania", "Romanian", "Bucharest"),
    ("Moldova", "Moldovan", "Chișinău"),
    ("Georgia", "Georgian", "Tbilisi"),
    ("Turkey", "Turkish", "Ankara"),
    ("Greece", "Greek", "Athens"),
    ("Serbia", "Serbian", "Belgrade"),
    ("Norway", "Norwegian", "Oslo"),
    ("Ukraine", "Ukrainian", "Kyiv"),
];

const FIRST: &[&str] = &["Anna", "Mart", "Jānis", "Ewa", "Tomas", "Ingrid", "Mehmet", "Eleni", "Dragan", "Katarzyna", "Olena", "Mikko", "Ülle", "Zoltán", "Ioana", "Nino"];
const LAST: &[&str] = &["Kask", "Bērziņš", "Nowak", "Petrauskas", "Lindqvist", "Yılmaz", "Papadaki", "Jovanović", "Kowalczyk", "Shevchenko", "Virtanen", "Tamm", "Szabó", "Popescu", "Beridze", "Hansen"];
const TITLES: &[&str] = &["Prime Minister", "Foreign Minister", "Defence Minister", "President", "Economy Minister", "Interior Minister", "Agriculture Minister"];
const BODIES: &[&str] = &["Foreign Ministry", "Ministry of Defence", "Ministry of Economy", "border guard service", "customs board", "national rail company"];
const TOPICS: &[&str] = &["grain transit", "electricity prices", "a rail freight tariff", "fishing quotas", "a new border fence", "gas storage", "visa rules for lorry drivers", "river pollution", "airspace violations", "a pipeline project"];
const VERBS: &[&str] = &["accused", "criticised", "urged", "thanked", "warned", "praised", "called on", "threatened"];
const SAY: &[&str] = &["said", "told reporters", "said in a statement", "told a news conference", "wrote on social media"];
const MONTHS: &[&str] = &["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const AGENCIES: &[&str] = &["Reuters", "the Baltic News Service", "PAP", "LETA", "Anadolu", "ERR"];
const WHEN: &[&str] = &["last week", "on {day}", "earlier this month", "on {month} {d}", "in {month}", "two days ago", "next year", "since {year}"];

fn person(r: &mut Rng) -> String {
    format!("{} {}", r.pick(FIRST), r.pick(LAST))
}

fn when(r: &mut Rng) -> String {
    r.pick(WHEN)
        .replace("{day}", r.pick(DAYS))
        .replace("{month}", r.pick(MONTHS))
        .replace("{d}", &(1 + r.below(28)).to_string())
        .replace("{year}", &(1991 + r.below(33)).to_string())
}

fn quoted(r: &mut Rng, s: &str) -> String {
    match r.below(3) {
        0 => format!("“{s}”"),
        1 => format!("\"{s}\""),
        _ => format!("‘{s}’"),
    }
}

/// One paragraph of one of a dozen shapes.
fn paragraph(r: &mut Rng, a: (&str, &str, &str), b: (&str, &str, &str), speaker: &str, topic: &str) -> String {
    let (sa, da, ca) = a;
    let (sb, db, cb) = b;
    match r.below(12) {
        0 => format!("{da} {} {speaker} {} {sb} {} of failing to keep its promises on {topic}, and said {ca} would raise the matter with the European Commission.", r.pick(TITLES), r.pick(VERBS), when(r)),
        1 => {
            let months = 2 + r.below(20);
            let q = quoted(r, &format!("We have been patient for {months} months, but patience has limits"));
            format!("{q}, {speaker} {}. {} added that talks with {cb} would continue {}.", r.pick(SAY), if r.below(2) == 0 { "She" } else { "He" }, when(r))
        }
        2 => format!("According to the {db} {}, about {},{:03} tonnes of goods crossed the border {}, {} percent fewer than a year earlier.", r.pick(BODIES), 1 + r.below(90), r.below(1000), when(r), 3 + r.below(40)),
        3 => {
            let (who, body, agency) = (person(r), r.pick(BODIES), r.pick(AGENCIES));
            format!("{cb} rejected the claims. {who}, a spokeswoman for the {db} {body}, told {agency} that the figures were {}.", quoted(r, "simply wrong"))
        }
        4 => format!("As {speaker} noted in an interview {}, the dispute over {topic} has dragged on since {}. {} did not say when it might end.", when(r), 2000 + r.below(24), if r.below(2) == 0 { "She" } else { "He" }),
        5 => format!("{}, the agency quoted him as saying.", quoted(r, &format!("There will be no deal on {topic} without {sa}"))),
        6 => format!("  • Lorries wait at a checkpoint on the {da}-{db} border on {} {}, {}.", r.pick(MONTHS), 1 + r.below(28), 2015 + r.below(10)),
        7 => format!("Photo: {} / {}", person(r), r.pick(AGENCIES)),
        8 => {
            let handle = format!("@{}{}", r.pick(LAST).chars().filter(char::is_ascii_alphabetic).collect::<String>(), r.below(100));
            format!(
                "Our position on {topic} has not changed. We expect {sb} to respect the agreement. #{sa} #{sb}\n\n- {speaker} ({handle}) {} {}, {}",
                r.pick(MONTHS),
                1 + r.below(28),
                2018 + r.below(7)
            )
        }
        9 => "What happens next".to_string(),
        10 => format!("{db} officials said {} that {ca} had offered to hold talks in {cb} on {} {}, but {} had not yet replied. Analysts said the two governments were unlikely to reach agreement before the summer, given the pressure from farmers, hauliers and local councils on both sides of the border.", when(r), r.pick(MONTHS), 1 + r.below(28), sa),
        _ => format!("The {da} government has {} {sb} over {topic} several times this year. In {}, {} met {} {} in {} to discuss the issue, {} reported, but the meeting ended without a joint statement.", r.pick(VERBS), r.pick(MONTHS), speaker, r.pick(TITLES), person(r), cb, r.pick(AGENCIES)),
    }
}

/// One article: a title line, then 8–20 paragraphs; roughly 1.5–5 KB.
pub fn article(r: &mut Rng) -> (String, String) {
    let a = STATES[r.below(STATES.len())];
    let mut b = STATES[r.below(STATES.len())];
    if a.0 == b.0 {
        b = STATES[(r.below(STATES.len() - 1) + 1 + STATES.iter().position(|s| s.0 == a.0).unwrap_or(0)) % STATES.len()];
    }
    let topic = r.pick(TOPICS);
    let speaker = person(r);
    let title = format!("{} and {} at odds over {topic}", a.0, b.0);
    let mut text = format!("{title}\n\n");
    let n = 8 + r.below(13);
    for i in 0..n {
        text.push_str(&paragraph(r, a, b, &speaker, topic));
        if i + 1 < n {
            text.push_str("\n\n");
        }
    }
    (title, text)
}

/// Article number `i` as one JSONL record (`id`, `title`, `date`, `text`), without the newline.
pub fn record(i: usize, r: &mut Rng) -> String {
    let (title, text) = article(r);
    let date = format!("2024-{:02}-{:02}", 1 + r.below(12), 1 + r.below(28));
    serde_json::json!({ "id": format!("gen-{i}"), "title": title, "date": date, "text": text }).to_string()
}

/// `n` article texts.
pub fn texts(n: usize, seed: u64) -> Vec<String> {
    let mut r = Rng::new(seed);
    (0..n).map(|_| article(&mut r).1).collect()
}
