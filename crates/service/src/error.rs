//! What a flow can refuse or fail with, by kind; the HTTP layer maps each kind to its error code.

use sekisho_store::StoreError;

/// One refused field of a command, a body or a query, as a dotted path (`identifiers.phone`);
/// the message names the rule, never the value. Every refusal by field, wherever it is found,
/// leaves the server as a list of these (`error.fields`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The offending field, as a dotted path (`identifiers.phone`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Collects every refused field of a request before answering, so that a client learns of all
/// its mistakes at once.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// A refusal already made (by a parser that names its own field).
    pub fn add(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing was refused; the refusals otherwise.
    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }

    /// The refusals as a flow's error (call when not [`FieldErrors::is_empty`]).
    pub fn into_error(self) -> ServiceError {
        ServiceError::Validation(self.0)
    }
}

impl Extend<FieldError> for FieldErrors {
    fn extend<I: IntoIterator<Item = FieldError>>(&mut self, errors: I) {
        self.0.extend(errors);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The command was refused for its content, field by field.
    #[error("validation failed: {}", described(.0))]
    Validation(Vec<FieldError>),
    /// The thing the command names does not exist (for this tenant).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The command conflicts with the state it names (e.g. the undo window has passed).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The caller may not do this to this thing (e.g. undo another reviewer's decision).
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// An `Idempotency-Key` already used for another request.
    #[error("idempotency key used for another request")]
    IdempotencyKeyReused,
    /// A bug or an impossible state; the cause is logged where it was found.
    #[error("internal error: {0}")]
    Internal(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `field: message; …` (the messages name rules, never values).
fn described(fields: &[FieldError]) -> String {
    fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl ServiceError {
    /// One refused field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }
}

impl From<diesel::result::Error> for ServiceError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Store(error.into())
    }
}
