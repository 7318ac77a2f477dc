//! The UI's files and the OpenAPI description, compiled into the binary so the server needs
//! nothing beside it and loads nothing from elsewhere.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");
const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");
/// Hand-written OpenAPI 3 description of the API; a test checks it against the router.
pub const OPENAPI_JSON: &str = include_str!("../assets/openapi.json");

fn file(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

pub async fn index() -> Response {
    file("text/html; charset=utf-8", INDEX_HTML)
}
pub async fn app_js() -> Response {
    file("text/javascript; charset=utf-8", APP_JS)
}
pub async fn app_css() -> Response {
    file("text/css; charset=utf-8", APP_CSS)
}
pub async fn favicon() -> Response {
    file("image/svg+xml", FAVICON_SVG)
}
pub async fn openapi() -> Response {
    file("application/json", OPENAPI_JSON)
}
