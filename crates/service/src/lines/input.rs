//! What a line import reads: a file (the CLI) or a request body held in memory (the HTTP upload),
//! as CSV records with their line numbers and fields taken by column name.
//!
//! Records are read as bytes and checked field by field, so that one bad line (invalid UTF-8, a
//! NUL byte PostgreSQL would refuse, a wrong number of fields) is reported and skipped instead of
//! ending the import.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

use csv::{ByteRecord, ReaderBuilder};

use super::problem::{LineErrorCode, Problem};
use crate::ServiceError;

/// The bytes of one list. Opened more than once when the format must be sniffed first.
#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    Bytes(Arc<[u8]>),
}

/// Why an input cannot be imported at all (as opposed to a refused line).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("reading the input: {0}")]
    Io(#[from] std::io::Error),
    /// The header is missing or wrong; the message names columns, never data.
    #[error("{0}")]
    Header(String),
}

impl From<InputError> for ServiceError {
    fn from(error: InputError) -> Self {
        match error {
            InputError::Header(message) => ServiceError::field("header", message),
            InputError::Io(error) => {
                tracing::error!(%error, "reading an import's input failed");
                ServiceError::Internal("reading the input failed")
            }
        }
    }
}

impl Input {
    pub fn open(&self) -> Result<Box<dyn Read + Send>, InputError> {
        Ok(match self {
            Input::File(path) => Box::new(BufReader::with_capacity(1 << 20, File::open(path)?)),
            Input::Bytes(bytes) => Box::new(std::io::Cursor::new(Arc::clone(bytes))),
        })
    }

    /// The size in bytes, for a progress bar.
    pub fn len(&self) -> u64 {
        match self {
            Input::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            Input::Bytes(bytes) => bytes.len() as u64,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub type CsvReader = csv::Reader<Box<dyn Read + Send>>;

/// Opens the input as comma-separated values. Headers are handled here, not by the csv crate, so
/// that headerless lists (IP country ranges) can be recognised.
pub fn open(input: &Input) -> Result<CsvReader, InputError> {
    Ok(ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(input.open()?))
}

/// A record's line (1-based), or the line and problem of one the CSV reader could not read.
pub type Next = Result<u64, (u64, Problem)>;

/// The next record and the line it starts on (1-based). `Ok(None)` at the end; a malformed
/// record is a line error, a failing disk is fatal.
pub fn next_record(
    reader: &mut CsvReader,
    record: &mut ByteRecord,
) -> Result<Option<Next>, InputError> {
    match reader.read_byte_record(record) {
        Ok(false) => Ok(None),
        Ok(true) => Ok(Some(Ok(line_of(record)))),
        Err(error) => {
            let line = error.position().map_or(0, csv::Position::line);
            match error.into_kind() {
                csv::ErrorKind::Io(error) => Err(InputError::Io(error)),
                _ => Ok(Some(Err((
                    line,
                    Problem::new(LineErrorCode::InvalidCsv, "is not valid CSV"),
                )))),
            }
        }
    }
}

pub fn line_of(record: &ByteRecord) -> u64 {
    record.position().map_or(0, csv::Position::line)
}

pub fn byte_of(record: &ByteRecord) -> u64 {
    record.position().map_or(0, csv::Position::byte)
}

/// One field as text: trimmed, `None` when empty. Invalid UTF-8 and NUL bytes are refused with
/// the column's name.
pub fn text<'r>(
    record: &'r ByteRecord,
    index: usize,
    name: &str,
) -> Result<Option<&'r str>, Problem> {
    let Some(bytes) = record.get(index) else {
        return Ok(None);
    };
    let value = std::str::from_utf8(bytes).map_err(|_| {
        Problem::new(
            LineErrorCode::InvalidUtf8,
            format!("{name}: is not valid UTF-8"),
        )
    })?;
    if value.contains('\0') {
        return Err(Problem::new(
            LineErrorCode::NulCharacter,
            format!("{name}: contains a NUL character"),
        ));
    }
    let value = value.trim_start_matches('\u{feff}').trim();
    Ok((!value.is_empty()).then_some(value))
}

/// A required field.
pub fn required<'r>(value: Option<&'r str>, name: &str) -> Result<&'r str, Problem> {
    value.ok_or_else(|| Problem::new(LineErrorCode::MissingField, format!("{name}: is required")))
}

/// Refuses text longer than `max` characters.
pub fn at_most(value: Option<&str>, name: &str, max: usize) -> Result<(), Problem> {
    if value.is_some_and(|v| v.chars().count() > max) {
        return Err(Problem::new(
            LineErrorCode::TooLong,
            format!("{name}: must have at most {max} characters"),
        ));
    }
    Ok(())
}

/// The columns a header names, by position.
#[derive(Debug)]
pub struct Columns {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Columns {
    /// Reads the header: every name must be one of `known` (case-insensitive, at most once) and
    /// every `required` one must be present. Messages name the expected columns only: an
    /// unexpected "header" may be a data line.
    pub fn from_header(
        record: &ByteRecord,
        known: &[&str],
        required: &[&str],
    ) -> Result<Columns, InputError> {
        let columns = Self::names(record)?;
        if columns
            .names
            .iter()
            .any(|name| !known.contains(&name.as_str()))
        {
            return Err(InputError::Header(format!(
                "the header has an unknown column (expected some of: {})",
                known.join(",")
            )));
        }
        for name in required {
            if !columns.index.contains_key(*name) {
                return Err(InputError::Header(format!(
                    "the header lacks the required column `{name}` (columns: {})",
                    known.join(",")
                )));
            }
        }
        Ok(columns)
    }

    /// As [`Columns::from_header`], for files whose header is required (reports): an unknown
    /// column is named when it looks like a column name (ASCII letters, digits and `_`, a
    /// letter first, as a misspelt `emial`), so that the operator sees which; anything else
    /// might be a data line and is not echoed.
    pub fn from_required_header(
        record: &ByteRecord,
        known: &[&str],
        required: &[&str],
    ) -> Result<Columns, InputError> {
        let columns = Self::names(record)?;
        if let Some(name) = columns
            .names
            .iter()
            .find(|name| !known.contains(&name.as_str()))
            .filter(|name| looks_like_a_column(name))
        {
            return Err(InputError::Header(format!(
                "unknown column `{name}` in the header (expected some of: {})",
                known.join(",")
            )));
        }
        Self::from_header(record, known, required)
    }

    /// The header's names, lower case, without checking them against a list.
    pub fn names(record: &ByteRecord) -> Result<Columns, InputError> {
        let mut names = Vec::with_capacity(record.len());
        let mut index = HashMap::new();
        for (position, raw) in record.iter().enumerate() {
            let name = std::str::from_utf8(raw)
                .map_err(|_| InputError::Header("the header is not valid UTF-8".to_owned()))?
                .trim_start_matches('\u{feff}')
                .trim()
                .to_ascii_lowercase();
            if index.insert(name.clone(), position).is_some() {
                return Err(InputError::Header(
                    "a column appears twice in the header".to_owned(),
                ));
            }
            names.push(name);
        }
        Ok(Columns { names, index })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Refuses a record whose field count differs from the header's.
    pub fn check_width(&self, record: &ByteRecord) -> Result<(), Problem> {
        if record.len() == self.len() {
            Ok(())
        } else {
            Err(Problem::new(
                LineErrorCode::WrongFieldCount,
                format!("has {} fields, the header has {}", record.len(), self.len()),
            ))
        }
    }

    /// The named field as trimmed text; `None` when the column is absent or the field empty.
    pub fn get<'r>(&self, record: &'r ByteRecord, name: &str) -> Result<Option<&'r str>, Problem> {
        match self.position(name) {
            Some(index) => text(record, index, name),
            None => Ok(None),
        }
    }
}

/// A header name that cannot be a value of a data line worth hiding: short, ASCII, a letter
/// first, then letters, digits and `_`.
fn looks_like_a_column(name: &str) -> bool {
    name.len() <= 32
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Reads the first record as the header. An input without one cannot be imported at all.
pub fn header(reader: &mut CsvReader) -> Result<ByteRecord, InputError> {
    let mut record = ByteRecord::new();
    let read = reader
        .read_byte_record(&mut record)
        .map_err(|error| match error.into_kind() {
            csv::ErrorKind::Io(error) => InputError::Io(error),
            _ => InputError::Header("the header is not valid CSV".to_owned()),
        })?;
    if !read {
        return Err(InputError::Header(
            "the file is empty: a header line is required".to_owned(),
        ));
    }
    Ok(record)
}
