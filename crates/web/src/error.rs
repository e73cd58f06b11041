//! One error type for handlers. A handler returns the kind of error; the `render_errors` layer turns
//! it into a Dutch (or English) page for the UI, or an `application/problem+json` body (RFC 9457)
//! under `/api/`, so every error looks the same wherever it comes from.

use crate::i18n::Tr;
use crate::page::lang_of;
use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    MalformedKey,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    TooLarge,
    Csrf,
    Conflict,
    Validation,
    Internal,
}

impl ErrorKind {
    fn status(self) -> StatusCode {
        match self {
            ErrorKind::BadRequest | ErrorKind::Csrf => StatusCode::BAD_REQUEST,
            ErrorKind::Unauthorized | ErrorKind::MalformedKey => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Validation => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn slug(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad-request",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::MalformedKey => "malformed-api-key",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not-found",
            ErrorKind::MethodNotAllowed => "method-not-allowed",
            ErrorKind::TooLarge => "too-large",
            ErrorKind::Csrf => "csrf",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Validation => "validation",
            ErrorKind::Internal => "internal",
        }
    }

    fn page_key(self) -> &'static str {
        match self {
            ErrorKind::BadRequest | ErrorKind::Validation => "error-400",
            ErrorKind::Unauthorized | ErrorKind::MalformedKey | ErrorKind::Forbidden => "error-403",
            ErrorKind::NotFound => "error-404",
            ErrorKind::MethodNotAllowed => "error-405",
            ErrorKind::TooLarge => "error-413",
            ErrorKind::Csrf => "error-csrf",
            ErrorKind::Conflict => "err-conflict",
            ErrorKind::Internal => "error-500",
        }
    }

    fn problem_key(self) -> &'static str {
        match self {
            ErrorKind::Unauthorized => "problem-unauthorized",
            ErrorKind::MalformedKey => "problem-malformed-key",
            ErrorKind::Forbidden => "problem-forbidden",
            ErrorKind::NotFound => "problem-not-found",
            ErrorKind::Conflict => "problem-conflict",
            ErrorKind::Validation | ErrorKind::BadRequest | ErrorKind::Csrf | ErrorKind::TooLarge | ErrorKind::MethodNotAllowed => {
                "problem-validation"
            }
            ErrorKind::Internal => "problem-internal",
        }
    }

    fn from_status(status: StatusCode) -> ErrorKind {
        match status.as_u16() {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            405 => ErrorKind::MethodNotAllowed,
            409 => ErrorKind::Conflict,
            413 => ErrorKind::TooLarge,
            422 => ErrorKind::Validation,
            400..=499 => ErrorKind::BadRequest,
            _ => ErrorKind::Internal,
        }
    }
}

/// A field-level problem: which input, and what is wrong with it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// RFC 9457 problem details.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Stable identifier of the kind of problem.
    #[serde(rename = "type")]
    #[schema(example = "/api/v1/problems/validation")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// What a handler returns on failure.
#[derive(Debug)]
pub struct WebError {
    pub kind: ErrorKind,
    pub errors: Vec<FieldError>,
    pub detail: Option<String>,
}

impl WebError {
    pub fn new(kind: ErrorKind) -> WebError {
        WebError { kind, errors: Vec::new(), detail: None }
    }
    pub fn validation(errors: Vec<FieldError>) -> WebError {
        WebError { kind: ErrorKind::Validation, errors, detail: None }
    }
}

/// Carried on the response to the `render_errors` layer.
#[derive(Debug, Clone)]
struct PendingError {
    kind: ErrorKind,
    errors: Vec<FieldError>,
    detail: Option<String>,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut r = self.kind.status().into_response();
        r.extensions_mut().insert(PendingError { kind: self.kind, errors: self.errors, detail: self.detail });
        r
    }
}

impl From<eenplan_store::StoreError> for WebError {
    fn from(e: eenplan_store::StoreError) -> WebError {
        if let eenplan_store::StoreError::NotFound(_) = e {
            return WebError::new(ErrorKind::NotFound);
        }
        tracing::error!(error = %e, "store error");
        WebError::new(ErrorKind::Internal)
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> WebError {
        tracing::error!(error = %e, "template error");
        WebError::new(ErrorKind::Internal)
    }
}

pub type WebResult<T = Response> = Result<T, WebError>;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: crate::page::Page,
    message: String,
}

pub fn problem(tr: Tr, kind: ErrorKind, errors: Vec<FieldError>, detail: Option<String>) -> Response {
    let body = Problem {
        kind: format!("/api/v1/problems/{}", kind.slug()),
        title: tr.t(kind.problem_key()),
        status: kind.status().as_u16(),
        detail,
        errors,
    };
    let mut r = (kind.status(), axum::Json(body)).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    r
}

/// Renders every error response of the app, handler-made or framework-made (404, 405, 413).
pub async fn render_errors(req: Request, next: Next) -> Response {
    let tr = Tr::new(lang_of(req.headers()));
    let is_api = req.uri().path().starts_with("/api/");
    let ctx = crate::page::Ctx {
        caller: req.extensions().get::<crate::page::Caller>().cloned().unwrap_or_default(),
        tr,
        path: req.uri().path().to_string(),
        csrf_cookie: None,
        flash: None,
    };
    let mut res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let pending = res.extensions_mut().remove::<PendingError>();
    let has_body_type =
        res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| {
            ct.starts_with("text/html") || ct.starts_with("application/problem+json") || ct.starts_with("application/json")
        });
    if pending.is_none() && has_body_type {
        return res;
    }
    let p = pending.unwrap_or(PendingError { kind: ErrorKind::from_status(status), errors: Vec::new(), detail: None });
    if is_api {
        return problem(tr, p.kind, p.errors, p.detail);
    }
    let page = ErrorPage { page: ctx.page("error-title"), message: tr.t(p.kind.page_key()) };
    match page.render() {
        Ok(html) => (p.kind.status(), Html(html)).into_response(),
        Err(_) => (p.kind.status(), tr.t(p.kind.page_key())).into_response(),
    }
}
