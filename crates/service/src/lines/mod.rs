//! Line-oriented imports, shared by the reference lists (`crate::reference_lists`) and the
//! fraud-report import (`crate::reports::rows`): the input (a file or a request body) read as
//! CSV records with their line numbers, fields taken by column name, and the refused line's
//! stable code ([`problem::LineErrorCode`]) and message, which never hold the refused value.

pub mod input;
pub mod problem;

pub use input::{Columns, CsvReader, Input, InputError};
pub use problem::{LineError, LineErrorCode, Problem};
