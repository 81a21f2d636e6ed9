//! One error type for handlers. Pages for error statuses are rendered by
//! [`crate::web::middleware::error_pages`] in the visitor's language.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

/// What can go wrong in a handler.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing does not exist, or the visitor may not know it exists.
    #[error("not found")]
    NotFound,
    /// The page needs a signed-in person; carries the path to return to.
    #[error("sign-in required")]
    SignInRequired(String),
    /// The thing moved on (e.g. a submitted draft): go to this local path instead.
    #[error("see other")]
    Redirect(String),
    /// Signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// The request was malformed.
    #[error("bad request")]
    BadRequest,
    /// A form field held a control character (NUL …) that no person types (422).
    #[error("control characters in a form")]
    ControlCharacters,
    /// Too much work waiting (password hashing, card renders): 503 with `Retry-After`; nothing
    /// was done.
    #[error("busy")]
    Busy,
    /// Anything unexpected: logged with its cause chain, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<crate::db::DbError> for AppError {
    fn from(e: crate::db::DbError) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<crate::cases::CaseError> for AppError {
    fn from(e: crate::cases::CaseError) -> Self {
        match e {
            crate::cases::CaseError::NotFound => AppError::NotFound,
            crate::cases::CaseError::Db(e) => AppError::Internal(e.into()),
            crate::cases::CaseError::Unreadable => {
                AppError::Internal(anyhow::anyhow!("unreadable stored data"))
            }
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<actix_session::SessionInsertError> for AppError {
    fn from(e: actix_session::SessionInsertError) -> Self {
        AppError::Internal(anyhow::anyhow!("session: {e}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::SignInRequired(_) | AppError::Redirect(_) => StatusCode::SEE_OTHER,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::ControlCharacters => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A bare status; the error-page middleware fills in a localised page.
    fn error_response(&self) -> HttpResponse {
        if let AppError::SignInRequired(next) = self {
            let target = format!("/login?next={}", form_urlencoded_component(next));
            return HttpResponse::SeeOther()
                .insert_header((actix_web::http::header::LOCATION, target))
                .finish();
        }
        if let AppError::Redirect(to) = self {
            return HttpResponse::SeeOther()
                .insert_header((actix_web::http::header::LOCATION, to.as_str()))
                .finish();
        }
        if let AppError::Busy = self {
            return HttpResponse::ServiceUnavailable()
                .insert_header((actix_web::http::header::RETRY_AFTER, BUSY_RETRY_AFTER))
                .finish();
        }
        HttpResponse::build(self.status_code()).finish()
    }
}

/// Seconds a client is asked to wait when the server is busy.
const BUSY_RETRY_AFTER: u32 = 5;

impl From<crate::web::conclusion_reads::ReadError> for AppError {
    fn from(e: crate::web::conclusion_reads::ReadError) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<crate::rate_limit::LimitError> for AppError {
    fn from(e: crate::rate_limit::LimitError) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<crate::auth::HashError> for AppError {
    fn from(e: crate::auth::HashError) -> Self {
        match e {
            crate::auth::HashError::Busy => AppError::Busy,
            crate::auth::HashError::Failed(e) => AppError::Internal(e),
        }
    }
}

/// Result of a handler.
pub type AppResult<T = HttpResponse> = Result<T, AppError>;

fn form_urlencoded_component(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|encoded| encoded.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}
