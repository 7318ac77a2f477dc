//! The web UI in headless Chromium: each page is loaded from a real server over the test corpus,
//! its DOM (after the page's scripts ran) is checked for what a person would see, and a
//! screenshot is taken into the test's temp dir (or into $NEWSGRAPH_SCREENSHOTS when set, which
//! is how docs/screenshots is made).
//!
//! Without Chromium the test is skipped with a message, except in CI (CI=true), where it fails.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("sh").arg("-c").arg(format!("command -v {name}")).output() {
            let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if out.status.success() && !p.is_empty() {
                return Some(PathBuf::from(p));
            }
        }
    }
    None
}

fn base_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1280,900",
        // Lets the page's fetches and drawing finish before the dump or the screenshot.
        "--virtual-time-budget=15000",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

struct Browser {
    exe: PathBuf,
    dir: PathBuf,
    shots: PathBuf,
}

impl Browser {
    fn run(&self, extra: &[String], url: &str) -> std::process::Output {
        let profile = self.dir.join("profile");
        Command::new(&self.exe).args(base_args(&profile)).args(extra).arg(url).output().expect("chromium runs")
    }

    /// The DOM after scripts ran.
    fn dom(&self, url: &str) -> String {
        let out = self.run(&["--dump-dom".to_string()], url);
        let dom = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(dom.contains("</html>"), "no DOM from chromium for {url}: {}", String::from_utf8_lossy(&out.stderr));
        dom
    }

    fn screenshot(&self, url: &str, name: &str, height: u32) -> PathBuf {
        let file = self.shots.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&file);
        let out = self.run(&[format!("--screenshot={}", file.display()), format!("--window-size=1280,{height}")], url);
        assert!(file.exists(), "no screenshot for {url}: {}", String::from_utf8_lossy(&out.stderr));
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{} is not a PNG", file.display());
        assert!(bytes.len() > 10_000, "{} is suspiciously small ({} bytes)", file.display(), bytes.len());
        file
    }
}

fn browser() -> Option<Browser> {
    let Some(exe) = chromium() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("chromium is required in CI (.ci/run installs it)");
        }
        eprintln!("SKIPPED: chromium not found; install it (apt-get install chromium) to run the browser tests");
        return None;
    };
    let dir = temp_dir("browser");
    let shots = std::env::var_os("NEWSGRAPH_SCREENSHOTS").map(PathBuf::from).unwrap_or_else(|| dir.join("shots"));
    std::fs::create_dir_all(&shots).unwrap();
    Some(Browser { exe, dir, shots })
}

/// Is some span whose whole text is `text` marked with the class `class`?
fn has_class(dom: &str, text: &str, class: &str) -> bool {
    let close = format!(">{text}</span>");
    dom.match_indices(&close).any(|(i, _)| {
        let open = dom[..i].rfind("<span").unwrap_or(0);
        let tag = &dom[open..i];
        tag.split("class=\"").nth(1).and_then(|c| c.split('"').next()).is_some_and(|c| c.split(' ').any(|k| k == class))
    })
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

// One test drives every page in turn: Chromium runs are heavy, and sharing one profile
// directory between parallel runs would make them fight over its lock.
#[test]
fn pages_show_what_a_person_expects() {
    let Some(b) = browser() else { return };
    let base = format!("http://{}", server());

    // Home: corpus counts and the latest articles.
    let dom = b.dom(&format!("{base}/#/"));
    assert!(dom.contains("Latest articles"), "{dom}");
    assert!(dom.contains("Lithuania protests Russian drills"), "{dom}");
    b.screenshot(&format!("{base}/#/"), "home", 900);

    // Search: articles with the match marked, quotes, entities.
    let url = format!("{base}/#/search?q=ferry");
    let dom = b.dom(&url);
    assert!(dom.contains("<mark>ferry</mark>"), "{dom}");
    assert!(dom.contains("Germany and Poland sign ferry deal"));
    b.screenshot(&url, "search", 900);

    // Article view: the quote highlighted with its speaker, entities, time, event trigger.
    let url = format!("{base}/#/doc/harbour-1");
    let dom = b.dom(&url);
    assert!(dom.contains(r#"class="seg q qs""#) || dom.contains("seg q"), "no highlighted quote: {dom}");
    assert!(dom.contains("— Marta Zielinska</a>"), "no speaker tag on the quote: {dom}");
    assert!(dom.contains("We will not accept these new charges"));
    assert!(count(&dom, "seg m") >= 3, "entity mentions not highlighted: {dom}");
    assert!(has_class(&dom, "Tuesday", "t"), "time expression not highlighted: {dom}");
    assert!(has_class(&dom, "accused", "v"), "event trigger not highlighted: {dom}");
    // A link can open one record: the event's detail with its evidence, marked in the text.
    let url = format!("{base}/#/doc/harbour-1?show=event:0");
    let dom = b.dom(&url);
    assert!(dom.contains("<h2>Event ACCUSE</h2>"), "{dom}");
    assert!(dom.contains("<dt>evidence</dt><dd>Polish Foreign Minister Marta Zielinska accused Germany on Tuesday of raising harbour fees without warning.</dd>"), "{dom}");
    assert!(count(&dom, " sel\"") >= 3, "evidence not marked in the text: {dom}");
    b.screenshot(&url, "article", 1000);

    // Entity page: roles, aliases, what she said, her timeline.
    let id = get("/api/entities?q=zielinska").json()["items"][0]["id"].as_i64().unwrap();
    let url = format!("{base}/#/entity/{id}");
    let dom = b.dom(&url);
    assert!(dom.contains("Foreign Minister (1)"), "{dom}");
    assert!(dom.contains("What Marta Zielinska said"));
    assert!(dom.contains("We will not accept these new charges"));
    assert!(dom.contains(r#"class="point""#), "no timeline points on the entity page: {dom}");
    b.screenshot(&url, "entity", 1300);

    // Timeline chart: points by type over time, filtered by actor.
    let dom = b.dom(&format!("{base}/#/timeline?by=day"));
    assert!(count(&dom, r#"class="point""#) >= 6, "too few timeline points: {dom}");
    assert!(dom.contains(r#"data-type="ACCUSE""#) && dom.contains(r#"data-type="THREATEN""#));
    let url = format!("{base}/#/timeline?actor=Lithuania");
    let dom = b.dom(&url);
    assert!(count(&dom, r#"class="point""#) >= 1);
    assert!(!dom.contains(r#"data-period="2023-04-02""#), "the actor filter let another actor's events in: {dom}");
    b.screenshot(&format!("{base}/#/timeline"), "timeline", 700);

    // Network: states as nodes (people grouped into their state), events as typed edges.
    let url = format!("{base}/#/network");
    let dom = b.dom(&url);
    assert!(dom.contains(r#"data-name="RUS""#) && dom.contains(r#"data-name="LTU""#) && dom.contains(r#"data-name="POL""#), "{dom}");
    assert!(dom.contains(">Russia (RUS)</text>"), "{dom}");
    assert!(!dom.contains(r#"data-name="Marta Zielinska""#), "a person drawn as a node of the state network: {dom}");
    assert!(count(&dom, r#"class="edge""#) >= 3, "{dom}");
    b.screenshot(&url, "network", 800);
    // Or every actor as named.
    let dom = b.dom(&format!("{base}/#/network?group=actor"));
    assert!(dom.contains(r#"data-name="Marta Zielinska""#) && dom.contains(r#"data-name="Russia""#), "{dom}");

    // Paste an article: extraction runs live and the result is drawn like a stored article.
    let text = "Norway criticised Sweden on Monday over the closure of a shared ferry quay.\n\n\"The closure hurts both towns,\" said Ingrid Solberg, the Norwegian trade minister.";
    let url = format!(
        "{base}/#/extract?title={}&date=2024-06-03&text={}",
        urlencode("Quay closure"),
        urlencode(text)
    );
    let dom = b.dom(&url);
    assert!(dom.contains("extracted live, not stored"), "{dom}");
    assert!(dom.contains("— Ingrid Solberg</span>"), "no speaker on the live quote: {dom}");
    assert!(has_class(&dom, "Monday", "t"), "{dom}");
    b.screenshot(&url, "extract", 1000);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
