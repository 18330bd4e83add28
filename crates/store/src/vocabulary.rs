//! The domain's vocabularies in the database. `domain` knows no diesel, and the orphan rule keeps
//! the store from implementing diesel's traits for the domain's enums, so two wrappers carry
//! them: [`Checked`] for a word kept as `text` (any `T: FromStr + Display`, e.g. a decision) and
//! [`CheckedJson`] for a value kept as `jsonb` (e.g. a list of reasons). Row types name the
//! domain type and read it through the wrapper (`#[diesel(deserialize_as = Checked<T>)]`).
//!
//! A stored value outside its vocabulary is never guessed at: reading it fails with
//! [`UnknownStoredValue`], which `StoreError` reports as `UnknownValue` (a logged error and a
//! 500 `unknown_stored_value` at the API).

use std::fmt::{self, Debug, Display};
use std::io::Write;
use std::str::FromStr;

use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{Jsonb, Text};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A word of a vocabulary kept as text, checked when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Checked<T>(pub T);

/// A typed value kept as JSON, checked when read.
#[derive(Debug, Clone, PartialEq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Jsonb)]
pub struct CheckedJson<T>(pub T);

/// A stored value that is not one of its vocabulary's words (or JSON of the wrong shape). It
/// names the vocabulary (`OrderDecision`, `Vec<Reason>`), never the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStoredValue {
    pub vocabulary: String,
}

impl UnknownStoredValue {
    fn of<T>() -> Self {
        // `alloc::vec::Vec<sekisho_domain::reasons::Reason>` → `Vec<Reason>`.
        let mut vocabulary = String::new();
        let mut segment = String::new();
        for c in std::any::type_name::<T>().chars() {
            if c.is_alphanumeric() || c == '_' || c == ':' {
                segment.push(c);
            } else {
                vocabulary.push_str(segment.rsplit("::").next().unwrap_or_default());
                segment.clear();
                vocabulary.push(c);
            }
        }
        vocabulary.push_str(segment.rsplit("::").next().unwrap_or_default());
        Self { vocabulary }
    }
}

impl Display for UnknownStoredValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a stored {} is not one this version knows",
            self.vocabulary
        )
    }
}

impl std::error::Error for UnknownStoredValue {}

impl<T: FromStr> FromSql<Text, Pg> for Checked<T> {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, Pg>>::from_sql(value)?;
        text.parse()
            .map(Checked)
            .map_err(|_| UnknownStoredValue::of::<T>().into())
    }
}

impl<T: Display + Debug> ToSql<Text, Pg> for Checked<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        write!(out, "{}", self.0)?;
        Ok(IsNull::No)
    }
}

impl<T: DeserializeOwned> FromSql<Jsonb, Pg> for CheckedJson<T> {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        let json = <serde_json::Value as FromSql<Jsonb, Pg>>::from_sql(value)?;
        serde_json::from_value(json)
            .map(CheckedJson)
            .map_err(|_| UnknownStoredValue::of::<T>().into())
    }
}

impl<T: Serialize + Debug> ToSql<Jsonb, Pg> for CheckedJson<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        // jsonb's binary format: a version byte, then the text.
        out.write_all(&[1])?;
        serde_json::to_writer(out, &self.0)?;
        Ok(IsNull::No)
    }
}

impl<T> From<T> for Checked<T> {
    fn from(value: T) -> Self {
        Checked(value)
    }
}

impl<T> From<T> for CheckedJson<T> {
    fn from(value: T) -> Self {
        CheckedJson(value)
    }
}

/// Unwraps the value read. Diesel's `deserialize_as` calls `.try_into()` on what it read and
/// takes an inherent method first; the trait cannot be implemented here (`impl From<Checked<T>>
/// for T` is an orphan, and `Into` would overlap the standard blanket impl).
macro_rules! unwrap_for_diesel {
    ($wrapper:ident) => {
        impl<T> $wrapper<T> {
            #[allow(clippy::should_implement_trait)]
            pub fn try_into(self) -> Result<T, std::convert::Infallible> {
                Ok(self.0)
            }

            pub fn into_inner(self) -> T {
                self.0
            }
        }
    };
}
unwrap_for_diesel!(Checked);
unwrap_for_diesel!(CheckedJson);

/// The vocabulary a failed read names, when the failure is a stored value outside it.
pub(crate) fn unknown_value(
    error: &(dyn std::error::Error + 'static),
) -> Option<UnknownStoredValue> {
    if let Some(unknown) = error.downcast_ref::<UnknownStoredValue>() {
        return Some(unknown.clone());
    }
    error
        .downcast_ref::<diesel::result::DeserializeFieldError>()
        .and_then(|field| field.error.downcast_ref::<UnknownStoredValue>())
        .cloned()
}
