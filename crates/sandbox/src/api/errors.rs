//! Fortnox's error answers, each in the shape it was recorded in
//! (docs/fortnox.md §5 and §16): a refused token is a bare
//! `{"message":"unauthorized"}`; a record that does not exist is a 404
//! whose `ErrorInformation` has capitalised keys; validation and other
//! refusals use lower-case keys.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::http_util::json;

/// An API refusal, before it is written out.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: u32,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: u32, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into() }
    }

    pub fn bad_request(code: u32, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn forbidden(code: u32, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, code, message)
    }

    pub fn not_found(code: u32, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    /// The published generic "a parameter is invalid".
    pub fn invalid_parameter(status: StatusCode) -> ApiError {
        ApiError::new(status, 2000588, "Ogiltig parameter i anropet.")
    }

    /// `odd`: the code as a string in capitalised keys, as some answers
    /// have been seen to send (a fault tests turn on).
    pub fn into_response(self, odd: bool) -> Response {
        let body = if odd {
            json!({ "ErrorInformation": { "Error": 1, "Message": self.message, "Code": self.code.to_string() } })
        } else if self.status == StatusCode::NOT_FOUND {
            json!({ "ErrorInformation": { "Error": 1, "Message": self.message, "Code": self.code } })
        } else {
            json!({ "ErrorInformation": { "error": 1, "message": self.message, "code": self.code } })
        };
        json(self.status, &body)
    }
}

/// An invalid, expired or missing access token.
pub fn unauthorized() -> Response {
    json(StatusCode::UNAUTHORIZED, &json!({ "message": "unauthorized" }))
}

/// Over the rate limit. Fortnox publishes only the status; the body and
/// any `Retry-After` are UNCONFIRMED (docs/fortnox.md §17), so the header
/// is sent only when the sandbox is told to.
pub fn too_many_requests(retry_after_secs: Option<u64>) -> Response {
    let mut response = json(StatusCode::TOO_MANY_REQUESTS, &json!({ "message": "Too Many Requests" }));
    if let Some(secs) = retry_after_secs
        && let Ok(value) = HeaderValue::from_str(&secs.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response.into_response()
}
