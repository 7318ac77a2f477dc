//! `newsgraph serve`: a JSON API and a web UI over a corpus database, plus live extraction.
//!
//! Design: one axum router ([`router`]) answers three kinds of requests. `/api/*` are read-only
//! questions to the corpus, each a thin wrapper over a query function of `newsgraph-store`
//! (`query` for what the CLI asks, `browse` for records and chart data), so no SQL is written
//! twice; answers are paged (`limit`/`offset`, capped at [`MAX_PAGE`]). `POST /extract` runs the
//! standard pipeline over one article sent as JSON and answers the `extract` JSON without storing
//! anything. Everything else is the UI: a few static files compiled into the binary ([`assets`])
//! that draw pages with plain JS from the API, so the server works offline and ships as one file.
//!
//! Each API request opens its own read-only SQLite connection on a blocking thread (opening is
//! cheap, and SQLite readers in WAL mode never block an ingest writing the same file); a query
//! running past [`QUERY_TIMEOUT`] is interrupted through SQLite's interrupt handle. Bodies are
//! capped at [`MAX_BODY_BYTES`], whole requests at [`REQUEST_TIMEOUT`], and every failure reaches
//! the client as `{"error": "...", "status": N}` — details of internal errors go to stderr only.

pub mod api;
pub mod assets;
pub mod error;

use anyhow::{Context, Result};
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use error::ApiError;
use newsgraph_pipeline::Pipeline;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The most rows one page of any list may hold.
pub const MAX_PAGE: usize = 500;
/// Rows per page when the client does not say.
pub const DEFAULT_PAGE: usize = 50;
/// Largest request body accepted (an article to extract).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// A database query is interrupted after this long.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(10);
/// A whole request (including extraction) is answered with an error after this long.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Extractions running at once; more wait their turn (extraction is CPU-bound).
pub const MAX_EXTRACTIONS: usize = 4;

/// What every handler shares.
pub struct AppState {
    pub db: PathBuf,
    pub pipeline: Pipeline,
    pub extract_slots: tokio::sync::Semaphore,
}

/// The whole application: API, extraction, OpenAPI description and UI.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/stats", get(api::stats))
        .route("/api/documents", get(api::documents))
        .route("/api/documents/{key}", get(api::document))
        .route("/api/quotes", get(api::quotes))
        .route("/api/events", get(api::events))
        .route("/api/event-counts", get(api::event_counts))
        .route("/api/timeline", get(api::timeline))
        .route("/api/network", get(api::network))
        .route("/api/entities", get(api::entities))
        .route("/api/entities/{id}", get(api::entity))
        .route("/api/search", get(api::search))
        .route("/extract", post(api::extract))
        .route("/openapi.json", get(assets::openapi))
        .route("/", get(assets::index))
        .route("/app.js", get(assets::app_js))
        .route("/app.css", get(assets::app_css))
        .route("/favicon.svg", get(assets::favicon))
        .fallback(|req: Request| async move { ApiError::new(404, format!("no such page: {}", req.uri().path())) })
        .method_not_allowed_fallback(|req: Request| async move { ApiError::new(405, format!("method {} not allowed on {}", req.method(), req.uri().path())) })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

/// Every response: bounded in time, and marked so browsers neither sniff types nor load
/// anything from elsewhere.
async fn guard(req: Request, next: Next) -> Response {
    let mut resp = match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::new(503, "the request took too long and was abandoned").into_response(),
    };
    let h = resp.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"),
    );
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    resp
}

/// Check the database once, so a wrong path fails at start rather than on every request.
pub fn state(db: &Path) -> Result<Arc<AppState>> {
    newsgraph_store::Store::open_read_only(db)?;
    Ok(Arc::new(AppState {
        db: db.to_path_buf(),
        pipeline: Pipeline::standard(),
        extract_slots: tokio::sync::Semaphore::new(MAX_EXTRACTIONS),
    }))
}

/// Serve until the process is stopped (Ctrl-C ends it cleanly). Calls `ready` with the bound
/// address once the listener is up (port 0 picks a free one).
pub fn run(db: &Path, addr: &str, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let state = state(db)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        ready(listener.local_addr()?);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("server failed")
    })
}

/// Start a server on a background thread (tests, embedding) and return its address.
pub fn spawn(db: &Path, addr: &str) -> Result<SocketAddr> {
    let (tx, rx) = std::sync::mpsc::channel();
    let db = db.to_path_buf();
    let addr = addr.to_string();
    let err_tx = tx.clone();
    std::thread::spawn(move || {
        if let Err(e) = run(&db, &addr, |a| {
            let _ = tx.send(Ok(a));
        }) {
            let _ = err_tx.send(Err(e));
        }
    });
    rx.recv().context("the server thread stopped before listening")?
}
