//! The API handlers: parse and check parameters, call one store query on a blocking thread,
//! answer JSON. Lists come as pages: `{"items": [...], "limit", "offset", "next_offset"}`, where
//! `next_offset` is null on the last page.

use crate::error::ApiError;
use crate::{AppState, DEFAULT_PAGE, MAX_PAGE, QUERY_TIMEOUT};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use newsgraph_pipeline::input::Reader;
use newsgraph_store::query::Range;
use newsgraph_store::{browse, query, Store, Table};
use rusqlite::Connection;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

type Params = HashMap<String, String>;
type ApiResult = Result<Response, ApiError>;

/// Query parameters, or a 400 naming what was wrong with them.
fn params(q: Result<Query<Params>, QueryRejection>) -> Result<Params, ApiError> {
    q.map(|Query(p)| p).map_err(|e| ApiError::bad_request(format!("bad query string: {}", e.body_text())))
}

/// A parameter's value, trimmed; empty counts as absent.
fn opt(p: &Params, name: &str) -> Option<String> {
    p.get(name).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn required(p: &Params, name: &str) -> Result<String, ApiError> {
    opt(p, name).ok_or_else(|| ApiError::bad_request(format!("parameter '{name}' is required")))
}

fn number(p: &Params, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
    match opt(p, name) {
        None => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            Ok(_) => Err(ApiError::bad_request(format!("parameter '{name}' is at most {max}"))),
            Err(_) => Err(ApiError::bad_request(format!("parameter '{name}' must be a non-negative integer, not {s:?}"))),
        },
    }
}

/// A date bound: YYYY, YYYY-MM or YYYY-MM-DD (dates compare as text in the store).
fn date(p: &Params, name: &str) -> Result<Option<String>, ApiError> {
    let Some(s) = opt(p, name) else { return Ok(None) };
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let ok = match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    };
    if ok {
        Ok(Some(s))
    } else {
        Err(ApiError::bad_request(format!("parameter '{name}' must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not {s:?}")))
    }
}

/// The paging and date parameters. The store is asked for one row more than a page, to know
/// whether another page follows.
struct Paging {
    limit: usize,
    offset: usize,
    range: Range,
}

fn paging(p: &Params) -> Result<Paging, ApiError> {
    let limit = number(p, "limit", DEFAULT_PAGE, MAX_PAGE)?.max(1);
    let offset = number(p, "offset", 0, 10_000_000)?;
    let range = Range { from: date(p, "from")?, to: date(p, "to")?, limit: Some(limit + 1), offset: Some(offset) };
    Ok(Paging { limit, offset, range })
}

fn page_json(t: Table, pg: &Paging) -> Value {
    let mut items: Vec<Value> = t.objects().into_iter().map(Value::Object).collect();
    let more = items.len() > pg.limit;
    items.truncate(pg.limit);
    json!({"items": items, "limit": pg.limit, "offset": pg.offset, "next_offset": if more { Some(pg.offset + pg.limit) } else { None }})
}

fn page(t: Table, pg: &Paging) -> Response {
    Json(page_json(t, pg)).into_response()
}

/// Run a store query on a blocking thread with its own read-only connection, interrupting it
/// when it runs too long.
async fn with_db<T: Send + 'static>(state: &AppState, f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static) -> Result<T, ApiError> {
    let db = state.db.clone();
    let (handle_tx, handle_rx) = tokio::sync::oneshot::channel();
    let task = tokio::task::spawn_blocking(move || -> Result<T, ApiError> {
        let store = Store::open_read_only(&db).map_err(|e| ApiError::internal("cannot open the database", format!("{e:#}")))?;
        let _ = handle_tx.send(store.conn.get_interrupt_handle());
        Ok(f(&store.conn)?)
    });
    match tokio::time::timeout(QUERY_TIMEOUT, task).await {
        Ok(Ok(r)) => r,
        Ok(Err(join)) => Err(ApiError::internal("query thread failed", join)),
        Err(_) => {
            if let Ok(h) = handle_rx.await {
                h.interrupt();
            }
            Err(ApiError::new(503, "the query took too long and was stopped"))
        }
    }
}

pub async fn stats(State(st): State<Arc<AppState>>) -> ApiResult {
    let t = with_db(&st, query::stats).await?;
    let obj: Map<String, Value> = t.rows.into_iter().filter_map(|r| Some((r.first()?.as_str()?.to_string(), r.get(1)?.clone()))).collect();
    Ok(Json(Value::Object(obj)).into_response())
}

pub async fn documents(State(st): State<Arc<AppState>>, q: Result<Query<Params>, QueryRejection>) -> ApiResult {
    let p = params(q)?;
    let pg = paging(&p)?;
    let range = pg.range.clone();
    let t = with_db(&st, move |c| browse::documents(c, &range)).await?;
    Ok(page(t, &pg))
}

pub async fn document(State(st): State<Arc<AppState>>, Path(key): Path<String>) -> ApiResult {
    let k = key.clone();
    match with_db(&st, move |c| browse::document(c, &k)).await? {
        Some(doc) => Ok(Json(doc).into_response()),
        None => Err(ApiError::not_found(format!("no document with key {key:?}"))),
    }
}

pub async fn quotes(State(st): State<Arc<AppState>>, q: Result<Query<Params>, QueryRejection>) -> ApiResult {
    let p = params(q)?;
    let pg = paging(&p)?;
    let (speaker, about, range) = (opt(&p, "speaker"), opt(&p, "about"), pg.range.clone());
    let t = with_db(&st, move |c| query::quotes(c, speaker.as_deref(), about.as_deref(), &range)).await?;
    Ok(page(t, &pg))
}

pub async fn events(State(st): State<Arc<AppState>>, q: Result<Query<Params>, QueryRejection>) -> ApiResult {
    let p = params(q)?;
    let pg = paging(&p)?;
    let (actor, target, kind, range) = (opt(&p, "actor"), opt(&p, "target"), opt(&p, "type"), pg.range.clone());
    let t = with_db(&st, move |c| query::events(c, actor.as_deref(), target.as_deref(), kind.as_deref(), &range)).await?;
    Ok(page(t, &pg))
}

pub async fn event_counts(State(st): State<Arc<AppState>>, q: Result<Query<Params>, QueryRejection>) -> ApiResult {
    let p = params(q)?;
    // Chart data is one page, up to the maximum.
    let limit = number(&p, "limit", MAX_PAGE * 10, MAX_PAGE * 10)?.max(1);
    let precision = match opt(&p, "by").as_deref() {
        None | Some("day") => 10,
        Some("month") => 7,
        Some("year") => 4,
        Some(other) => return Err(ApiError::bad_request(format!("parameter 'by' is day, month or year, not {other:?}"))),
    };
    let (actor, kind) = (opt(&p, "actor"), opt(&p, "type"));
    let range = Range { from: date(&p, "from")?, to: date(&p, "to")?, limit: Some(limit), offset: None };
    let t = with_db(&st, move |c| browse::event_counts(c, actor.as_deref(), kind.as_deref(), precision, &range)).await?;
    let items: Vec<Value> = t.objects().into_iter().map(Value::Object).collect();
    Ok(Json(json!({"items": items})).into_response())
}

pub async fn timeline(State(st): State<Arc<AppState>>, q: Result<Query<Params>, QueryRejection>) -> ApiResult {
    let p = params(q)?;
    let pg = paging(&p)?;
    let name = required(&p, "name")?;
    let range = pg.range.clone();
    let t = with_db(&st, move |c| query::timeline(c, &name, &range)).await?;
    Ok(page(t, &pg))
}

pub async fn network(State(st): State<Arc<AppState>>, q: Result<Query<Params>, QueryRejection>) -> ApiResult {
    let p = params(q)?;
    let pg = paging(&p)?;
    let range = pg.range.clone();
    let t = with_db(&st, move |c| query::network(c, &range)).await?;
    Ok(page(t, &pg))
}

pub async fn entities(State(st): State<Arc<AppState>>, q: Result<Query<Params>, QueryRejection>) -> ApiResult {
    let p = params(q)?;
    let pg = paging(&p)?;
    let range = pg.range.clone();
    let t = if let Some(needle) = opt(&p, "q") {
        with_db(&st, move |c| browse::find_entities(c, &needle, &range)).await?
    } else {
        let (country, sector, kind, name) = (opt(&p, "country"), opt(&p, "sector"), opt(&p, "type"), opt(&p, "name"));
        with_db(&st, move |c| query::entities(c, country.as_deref(), sector.as_deref(), kind.as_deref(), name.as_deref(), &range)).await?
    };
    Ok(page(t, &pg))
}

pub async fn entity(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> ApiResult {
    let id: i64 = id.parse().map_err(|_| ApiError::bad_request(format!("entity id must be an integer, not {id:?}")))?;
    match with_db(&st, move |c| browse::entity(c, id)).await? {
        Some(e) => Ok(Json(e).into_response()),
        None => Err(ApiError::not_found(format!("no entity with id {id}"))),
    }
}

pub async fn search(State(st): State<Arc<AppState>>, q: Result<Query<Params>, QueryRejection>) -> ApiResult {
    let p = params(q)?;
    let pg = paging(&p)?;
    let text = required(&p, "q")?;
    if text.len() > 1000 {
        return Err(ApiError::bad_request("parameter 'q' is at most 1000 bytes"));
    }
    let range = pg.range.clone();
    let t = match opt(&p, "in").as_deref() {
        None | Some("articles") => with_db(&st, move |c| query::search(c, &text, &range)).await?,
        Some("quotes") => with_db(&st, move |c| query::search_quotes(c, &text, &range)).await?,
        Some(other) => return Err(ApiError::bad_request(format!("parameter 'in' is articles or quotes, not {other:?}"))),
    };
    Ok(page(t, &pg))
}

/// `POST /extract`: one article as `{text, title?, date?, url?, id?}`, answered with the
/// `extract` JSON. Nothing is stored.
pub async fn extract(State(st): State<Arc<AppState>>, body: Result<Bytes, BytesRejection>) -> ApiResult {
    let body = body.map_err(|e| ApiError::new(e.status().as_u16(), e.body_text()))?;
    let record: Value = serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("the body is not JSON: {e}")))?;
    let Value::Object(mut record) = record else {
        return Err(ApiError::bad_request("the body must be a JSON object {\"text\": ..., \"title\"?, \"date\"?, \"url\"?}"));
    };
    for field in ["title", "date", "url"] {
        if record.get(field).is_some_and(|v| !v.is_string() && !v.is_null()) {
            return Err(ApiError::bad_request(format!("\"{field}\" must be a string")));
        }
    }
    if !record.get("text").is_some_and(Value::is_string) {
        return Err(ApiError::bad_request("\"text\" is required and must be a string"));
    }
    record.entry("id").or_insert_with(|| Value::from("request"));
    // One line of JSONL, read by the same reader as `newsgraph extract`, so the checks match.
    let line = Value::Object(record).to_string();
    let reader = Reader { max_doc_bytes: crate::MAX_BODY_BYTES, ..Reader::default() };
    let article = match reader.read_jsonl("request", line.as_bytes()).into_iter().next() {
        Some(Ok(a)) => a,
        Some(Err(e)) => return Err(ApiError::bad_request(e.reason)),
        None => return Err(ApiError::bad_request("empty request")),
    };
    let _slot = st.extract_slots.acquire().await.map_err(|e| ApiError::internal("extraction slots closed", e))?;
    let state = st.clone();
    let json = tokio::task::spawn_blocking(move || state.pipeline.process(article).to_json())
        .await
        .map_err(|e| ApiError::internal("extraction failed", e))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Params {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn dates_take_year_month_or_day_only() {
        assert_eq!(date(&p(&[("from", "2023")]), "from").unwrap().as_deref(), Some("2023"));
        assert_eq!(date(&p(&[("from", "2023-04")]), "from").unwrap().as_deref(), Some("2023-04"));
        assert_eq!(date(&p(&[("from", " 2023-04-02 ")]), "from").unwrap().as_deref(), Some("2023-04-02"));
        assert_eq!(date(&p(&[("from", "")]), "from").unwrap(), None);
        assert!(date(&p(&[("from", "2023-4-2")]), "from").is_err());
        assert!(date(&p(&[("from", "20230402")]), "from").is_err());
        assert!(date(&p(&[("from", "2023-04-02'")]), "from").is_err());
    }

    #[test]
    fn paging_caps_the_page_and_asks_for_one_row_more() {
        let pg = paging(&p(&[("limit", "10"), ("offset", "30")])).unwrap();
        assert_eq!((pg.limit, pg.offset, pg.range.limit, pg.range.offset), (10, 30, Some(11), Some(30)));
        let pg = paging(&p(&[])).unwrap();
        assert_eq!(pg.limit, DEFAULT_PAGE);
        assert_eq!(paging(&p(&[("limit", "0")])).unwrap().limit, 1);
        let e = paging(&p(&[("limit", "501")])).err().unwrap();
        assert_eq!((e.status, e.message.as_str()), (400, "parameter 'limit' is at most 500"));
        assert!(paging(&p(&[("offset", "x")])).is_err());
    }

    #[test]
    fn a_page_says_whether_another_follows() {
        let mut t = Table::new(&["n"]);
        t.rows = (0..3).map(|i| vec![Value::from(i)]).collect();
        let pg = Paging { limit: 2, offset: 4, range: Range::default() };
        let v = page_json(t.clone(), &pg);
        assert_eq!(v["items"], json!([{"n": 0}, {"n": 1}]));
        assert_eq!(v["next_offset"], 6);
        let pg = Paging { limit: 3, offset: 4, range: Range::default() };
        assert!(page_json(t, &pg)["next_offset"].is_null());
    }
}
