//! The use-case layer's errors in the HTTP error table: each kind to its code, logged here (once)
//! when it is the server's fault.

use sekisho_service::ServiceError;

use crate::error::{ApiError, ErrorCode};

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Validation(fields) => ApiError::validation(fields),
            ServiceError::NotFound(what) => ApiError::not_found(what),
            ServiceError::Conflict(why) => ApiError::new(ErrorCode::Conflict, why),
            ServiceError::Forbidden(why) => ApiError::new(ErrorCode::Forbidden, why),
            ServiceError::IdempotencyKeyReused => ApiError::new(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for another request; use a new key for a new \
                 request",
            ),
            ServiceError::Internal(what) => {
                tracing::error!(error = what, "internal error");
                ApiError::internal()
            }
            ServiceError::Store(error) => error.into(),
        }
    }
}
