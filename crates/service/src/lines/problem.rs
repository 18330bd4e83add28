//! A refused line of an import: its number and a stable code, plus a message that names the column and the
//! rule. Neither ever holds the refused value: a line may carry an address or a card number.

use serde::Serialize;
use utoipa::ToSchema;

/// Why a line was refused. Stable: the dashboard translates them and scripts match them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LineErrorCode {
    /// The CSV reader could not make sense of the line (an unclosed quote).
    InvalidCsv,
    InvalidUtf8,
    NulCharacter,
    /// More or fewer fields than the header.
    WrongFieldCount,
    /// A required field is empty.
    MissingField,
    /// A field is longer than its column allows.
    TooLong,
    /// Not 6 to 8 digits.
    InvalidBin,
    /// Not a two-letter ISO 3166-1 code.
    InvalidCountry,
    /// Not an IP address (or, for ranges, not a CIDR network).
    InvalidIp,
    /// A CIDR network whose prefix length is wrong or which has host bits set.
    InvalidNetwork,
    /// A start and an end of different IP versions, or a start after the end.
    InvalidRange,
    /// An address that cannot be normalised (no street line, an unknown country …).
    InvalidAddress,
    /// Reports: a category that is not one of the catalogue's.
    InvalidCategory,
    /// Reports: an amount that is negative, not a number, or has too many decimals for its
    /// currency (or an unknown currency).
    InvalidAmount,
    /// Reports: an `occurred_at` that is neither an RFC 3339 time nor a date.
    InvalidTime,
    /// Reports: an order id that is too long or holds control characters.
    InvalidOrderId,
    /// Reports: an identifier (email, phone, card, device, name) that cannot be normalised.
    InvalidIdentifier,
    /// Reports: a line without any identifier to share.
    NoIdentifier,
}

impl LineErrorCode {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One line's problem, before its line number is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: LineErrorCode,
    pub message: String,
}

impl Problem {
    pub fn new(code: LineErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// One refused line, as the summary lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LineError {
    /// 1-based line number in the uploaded file (the header is line 1).
    pub line: u64,
    pub code: LineErrorCode,
    /// The column and the rule (`bin: must have 6 to 8 digits`), never the value.
    pub message: String,
}
