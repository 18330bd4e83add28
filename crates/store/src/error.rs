//! What can go wrong in the store, in terms callers can act on.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the row; the name says which one.
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    /// The database cannot be reached or the pool has no connection to give.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A stored value is outside its vocabulary (written by hand, or by a newer version):
    /// nothing is guessed; the caller logs it and answers 500 `unknown_stored_value`.
    #[error("{0}")]
    UnknownValue(crate::vocabulary::UnknownStoredValue),
    #[error("database error: {0}")]
    Query(DieselError),
}

impl From<DieselError> for StoreError {
    fn from(error: DieselError) -> Self {
        match error {
            DieselError::NotFound => StoreError::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                StoreError::Conflict {
                    constraint: info.constraint_name().unwrap_or("unique").to_owned(),
                }
            }
            DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                StoreError::Unavailable(info.message().to_owned())
            }
            // No SQLSTATE: the connection is gone (the server was killed or restarted).
            DieselError::DatabaseError(DatabaseErrorKind::UnableToSendCommand, info) => {
                StoreError::Unavailable(info.message().to_owned())
            }
            // statement_timeout fired: the database is too slow to answer, not the query wrong.
            DieselError::DatabaseError(DatabaseErrorKind::Unknown, info)
                if info.message().contains("statement timeout") =>
            {
                StoreError::Unavailable(info.message().to_owned())
            }
            DieselError::BrokenTransactionManager => {
                StoreError::Unavailable("broken transaction manager".to_owned())
            }
            DieselError::DeserializationError(error) => {
                match crate::vocabulary::unknown_value(&*error) {
                    Some(unknown) => StoreError::UnknownValue(unknown),
                    None => StoreError::Query(DieselError::DeserializationError(error)),
                }
            }
            other => StoreError::Query(other),
        }
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for StoreError {
    fn from(error: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        StoreError::Unavailable(error.to_string())
    }
}
