//! HTML pages: the article's main text with navigation, sharing widgets, comments and other
//! boilerplate removed, plus title, publication date, author, site and canonical URL from
//! `<meta>` tags, Open Graph and JSON-LD (`NewsArticle` and kin).
//!
//! Main text, in the manner of readability: every substantial `<p>` outside boilerplate scores
//! its parent with its length and its grandparent with half; the best-scoring element is the
//! article body, and its paragraphs, headings, quotes and list items (outside boilerplate) are the
//! text, one block per paragraph. A page without such paragraphs falls back to JSON-LD
//! `articleBody`, then to nothing (an error: no article text).

use crate::{check_text, input_error, non_empty, ArticleReader, Record};
use chrono::NaiveDate;
use newsgraph_doc::DateSource;
use newsgraph_pipeline::input::parse_date;
use newsgraph_pipeline::{Article, InputError};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::collections::HashMap;
use std::io::BufRead;

/// What a page yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: Option<String>,
    pub text: String,
    pub date: Option<NaiveDate>,
    pub author: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
}

const BOILERPLATE_TAGS: &[&str] = &["nav", "header", "footer", "aside", "form", "script", "style", "noscript", "button", "figure", "iframe", "svg", "select", "template"];
/// Class or id fragments of page furniture.
const BOILERPLATE_NAMES: &[&str] = &[
    "comment", "share", "social", "related", "promo", "newsletter", "sidebar", "menu", "cookie", "advert", "subscribe", "breadcrumb", "footer", "navbar",
    "masthead", "paywall", "recommend", "popular", "trending", "banner", "signup", "most-read",
];
const BLOCK_TAGS: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li"];
/// Paragraphs shorter than this do not vote for the body container (bylines, labels).
const MIN_VOTING_CHARS: usize = 25;

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("selectors here are constant and valid")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_boilerplate_element(e: &ElementRef) -> bool {
    let v = e.value();
    if BOILERPLATE_TAGS.contains(&v.name()) {
        return true;
    }
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    let mut names = String::new();
    for c in v.classes() {
        names.push_str(c);
        names.push(' ');
    }
    if let Some(id) = v.id() {
        names.push_str(id);
    }
    if names.is_empty() {
        return false;
    }
    let names = names.to_lowercase();
    BOILERPLATE_NAMES.iter().any(|b| names.contains(b))
}

/// Is this element, or any ancestor, page furniture?
fn in_boilerplate(e: &ElementRef) -> bool {
    if is_boilerplate_element(e) {
        return true;
    }
    e.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() != "body" && a.value().name() != "html" && is_boilerplate_element(&a))
}

/// The text of a page's body: block elements, one paragraph each, separated by blank lines.
fn main_text(doc: &Html) -> String {
    let blocks = selector(&BLOCK_TAGS.join(", "));
    let paragraphs = selector("p");
    // Scores in first-seen order, so ties go to the earlier container on every run.
    let mut order = Vec::new();
    let mut scores = HashMap::new();
    for p in doc.select(&paragraphs) {
        let len = collapse(&p.text().collect::<String>()).chars().count();
        if len < MIN_VOTING_CHARS || in_boilerplate(&p) {
            continue;
        }
        let mut up = p.ancestors().filter_map(ElementRef::wrap);
        for (node, share) in [(up.next(), len), (up.next(), len / 2)] {
            if let Some(node) = node {
                let score = scores.entry(node.id()).or_insert_with(|| {
                    order.push(node.id());
                    0usize
                });
                *score += share;
            }
        }
    }
    let mut best = None;
    let mut best_score = 0;
    for id in order {
        let s = scores.get(&id).copied().unwrap_or(0);
        if s > best_score {
            best = Some(id);
            best_score = s;
        }
    }
    let Some(best) = best else {
        return String::new();
    };
    let Some(container) = doc.tree.get(best).and_then(ElementRef::wrap) else {
        return String::new();
    };
    let mut out: Vec<String> = Vec::new();
    for b in container.select(&blocks) {
        // A block inside another block (a <p> in a <blockquote>) is read with its outer block.
        let nested = b.ancestors().take_while(|a| a.id() != best).filter_map(ElementRef::wrap).any(|a| BLOCK_TAGS.contains(&a.value().name()));
        if nested || in_boilerplate(&b) {
            continue;
        }
        let t = collapse(&b.text().collect::<String>());
        if !t.is_empty() {
            out.push(t);
        }
    }
    out.join("\n\n")
}

/// Text of an HTML fragment (a feed item's content): its block elements as paragraphs, or its
/// whole text when it has none.
pub fn fragment_text(fragment: &str) -> String {
    let doc = Html::parse_fragment(fragment);
    let blocks = selector(&BLOCK_TAGS.join(", "));
    let mut out: Vec<String> = Vec::new();
    for b in doc.select(&blocks) {
        let nested = b.ancestors().filter_map(ElementRef::wrap).any(|a| BLOCK_TAGS.contains(&a.value().name()));
        if nested || in_boilerplate(&b) {
            continue;
        }
        let t = collapse(&b.text().collect::<String>());
        if !t.is_empty() {
            out.push(t);
        }
    }
    if out.is_empty() {
        collapse(&doc.root_element().text().collect::<String>())
    } else {
        out.join("\n\n")
    }
}

/// JSON-LD objects that describe an article.
fn json_ld_articles(doc: &Html) -> Vec<Value> {
    fn is_article(v: &Value) -> bool {
        let t = |s: &str| s.ends_with("Article") || s == "BlogPosting" || s == "Report";
        match v.get("@type") {
            Some(Value::String(s)) => t(s),
            Some(Value::Array(a)) => a.iter().any(|x| x.as_str().is_some_and(t)),
            _ => false,
        }
    }
    fn walk(v: &Value, out: &mut Vec<Value>, depth: usize) {
        if depth > 6 {
            return;
        }
        match v {
            Value::Array(a) => a.iter().for_each(|x| walk(x, out, depth + 1)),
            Value::Object(o) => {
                if is_article(v) {
                    out.push(v.clone());
                }
                if let Some(g) = o.get("@graph") {
                    walk(g, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in doc.select(&selector("script[type=\"application/ld+json\"]")) {
        let raw: String = s.text().collect();
        if let Ok(v) = serde_json::from_str::<Value>(raw.trim()) {
            walk(&v, &mut out, 0);
        }
    }
    out
}

/// A person or organisation value of JSON-LD: a string, `{name}`, or a list of those.
fn ld_name(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => non_empty(Some(s.clone())),
        Value::Object(o) => ld_name(o.get("name")),
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(|x| ld_name(Some(x))).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn ld_str(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => non_empty(Some(s.clone())),
        Value::Object(o) => ld_str(o.get("@id").or_else(|| o.get("url"))),
        _ => None,
    }
}

/// Extract the article of an HTML page.
pub fn extract(html: &str) -> Extracted {
    let doc = Html::parse_document(html);
    let mut meta: HashMap<String, String> = HashMap::new();
    for m in doc.select(&selector("meta")) {
        let v = m.value();
        let key = v.attr("property").or_else(|| v.attr("name")).or_else(|| v.attr("itemprop"));
        if let (Some(k), Some(c)) = (key, v.attr("content")) {
            let c = collapse(c);
            if !c.is_empty() {
                meta.entry(k.to_lowercase()).or_insert(c);
            }
        }
    }
    let get = |keys: &[&str]| keys.iter().find_map(|k| meta.get(*k).cloned());
    let ld = json_ld_articles(&doc);
    let ld_get = |f: &dyn Fn(&Value) -> Option<String>| ld.iter().find_map(f);

    let title = get(&["og:title", "twitter:title", "headline"])
        .or_else(|| ld_get(&|v| ld_str(v.get("headline"))))
        .or_else(|| doc.select(&selector("title")).next().and_then(|t| non_empty(Some(t.text().collect()))))
        .or_else(|| doc.select(&selector("h1")).next().and_then(|t| non_empty(Some(t.text().collect()))));
    let date_text = get(&[
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "parsely-pub-date",
        "sailthru.date",
    ])
    .or_else(|| ld_get(&|v| ld_str(v.get("datePublished"))))
    .or_else(|| doc.select(&selector("time[datetime]")).next().and_then(|t| t.value().attr("datetime").map(str::to_string)))
    .or_else(|| get(&["article:modified_time"]).or_else(|| ld_get(&|v| ld_str(v.get("dateModified")))));
    let date = date_text.as_deref().and_then(parse_date);
    let author = ld_get(&|v| ld_name(v.get("author")))
        .or_else(|| get(&["author", "article:author", "byl", "sailthru.author", "parsely-author"]).filter(|a| !a.starts_with("http")))
        .map(|a| a.strip_prefix("By ").or_else(|| a.strip_prefix("by ")).unwrap_or(&a).to_string());
    let site = get(&["og:site_name", "application-name"]).or_else(|| ld_get(&|v| ld_name(v.get("publisher"))));
    let url = doc
        .select(&selector("link[rel=\"canonical\"]"))
        .next()
        .and_then(|l| non_empty(l.value().attr("href").map(str::to_string)))
        .or_else(|| get(&["og:url"]))
        .or_else(|| ld_get(&|v| ld_str(v.get("url")).or_else(|| ld_str(v.get("mainEntityOfPage")))))
        .filter(|u| u.starts_with("http"));

    let mut text = main_text(&doc);
    if let Some(body) = ld_get(&|v| ld_str(v.get("articleBody"))) {
        if body.len() > text.len() * 2 {
            text = body;
        }
    }
    // The headline usually sits above the body; when it was read as the first block, drop it
    // (the title is kept apart).
    if let Some(t) = &title {
        if let Some(rest) = text.strip_prefix(t.as_str()) {
            if rest.starts_with("\n\n") {
                text = rest.trim_start().to_string();
            }
        }
    }
    Extracted { title, text, date, author, site, url }
}

/// Bytes of a page as text: UTF-8, or Latin-1 when it is not (every byte is a Latin-1 char).
pub fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// One page into a record. `url_hint` is where it was fetched from (a WARC record's target).
pub fn page_record(input: &str, bytes: &[u8], url_hint: Option<&str>) -> Result<Record, InputError> {
    if bytes.iter().take(4096).filter(|&&b| b == 0).count() > 0 {
        return Err(input_error(input, "binary data, not an HTML page"));
    }
    let x = extract(&decode(bytes));
    check_text(&x.text).map_err(|r| input_error(input, format!("{r} (no article body found in the HTML)")))?;
    let url = x.url.or_else(|| url_hint.map(str::to_string));
    let article = Article {
        id: url.clone().unwrap_or_else(|| input.to_string()),
        text: x.text,
        title: x.title,
        date: x.date,
        date_source: DateSource::Metadata,
        url,
    };
    Ok(Record { article, source: input.to_string(), author: x.author, site: x.site })
}

#[derive(Debug, Default, Clone, Copy)]
pub struct HtmlReader;

impl ArticleReader for HtmlReader {
    fn read(&self, name: &str, data: &mut dyn BufRead, emit: &mut dyn FnMut(Result<Record, InputError>)) {
        let mut bytes = Vec::new();
        if let Err(e) = data.read_to_end(&mut bytes) {
            return emit(Err(input_error(name, format!("cannot read: {e}"))));
        }
        emit(page_record(name, &bytes, None));
    }
}
