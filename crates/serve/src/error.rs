//! Errors as clients see them: `{"error": "...", "status": N}` with the same status on the
//! response. Internal causes are logged to stderr and never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into() }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, message)
    }
    /// A failure that is ours, not the client's: log the cause, send a generic message.
    pub fn internal(context: &str, cause: impl std::fmt::Display) -> Self {
        eprintln!("newsgraph serve: {context}: {cause}");
        Self::new(500, format!("internal error ({context})"))
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
            return ApiError::new(503, "the query took too long and was stopped");
        }
        ApiError::internal("database query failed", e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(serde_json::json!({"error": self.message, "status": status.as_u16()}))).into_response()
    }
}
