//! Reading the CSV files: a header that names the columns, records with their line numbers, and
//! fields taken by column name.
//!
//! Records are read as bytes and checked field by field, so that one bad line (invalid UTF-8, a
//! NUL byte PostgreSQL would refuse, a wrong number of fields) is reported and skipped instead of
//! ending the import.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use anyhow::Context;
use csv::{ByteRecord, ReaderBuilder};

use super::summary::LineError;

pub type CsvReader = csv::Reader<BufReader<File>>;

/// Opens `path` as comma-separated values. Headers are handled here, not by the csv crate, so
/// that headerless lists (IP country ranges) can be recognised.
pub fn open(path: &Path) -> anyhow::Result<CsvReader> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    Ok(ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(BufReader::with_capacity(1 << 20, file)))
}

/// The next record and the line it starts on (1-based). `Ok(None)` at the end of the file; a
/// malformed record is a line error, a failing disk is fatal.
pub fn next_record(
    reader: &mut CsvReader,
    record: &mut ByteRecord,
) -> anyhow::Result<Option<Result<u64, LineError>>> {
    match reader.read_byte_record(record) {
        Ok(false) => Ok(None),
        Ok(true) => Ok(Some(Ok(line_of(record)))),
        Err(error) => match error.kind() {
            csv::ErrorKind::Io(_) => Err(error).context("reading the file"),
            _ => Ok(Some(Err(LineError {
                code: None,
                line: error.position().map_or(0, csv::Position::line),
                message: "is not valid CSV".to_owned(),
            }))),
        },
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
) -> Result<Option<&'r str>, String> {
    let Some(bytes) = record.get(index) else {
        return Ok(None);
    };
    let value = std::str::from_utf8(bytes).map_err(|_| format!("{name}: is not valid UTF-8"))?;
    if value.contains('\0') {
        return Err(format!("{name}: contains a NUL character"));
    }
    let value = value.trim_start_matches('\u{feff}').trim();
    Ok((!value.is_empty()).then_some(value))
}

/// The columns a header names, by position.
#[derive(Debug)]
pub struct Columns {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Columns {
    /// Reads the header: every name must be one of `known` (case-insensitive, at most once) and
    /// every `required` one must be present.
    pub fn from_header(
        record: &ByteRecord,
        known: &[&str],
        required: &[&str],
    ) -> anyhow::Result<Columns> {
        let columns = Self::names(record)?;
        for name in &columns.names {
            anyhow::ensure!(
                known.contains(&name.as_str()),
                "unknown column `{name}` in the header (expected some of: {})",
                known.join(",")
            );
        }
        for name in required {
            anyhow::ensure!(
                columns.index.contains_key(*name),
                "the header lacks the required column `{name}` (columns: {})",
                known.join(",")
            );
        }
        Ok(columns)
    }

    /// The header's names, lower case, without checking them against a list.
    pub fn names(record: &ByteRecord) -> anyhow::Result<Columns> {
        let mut names = Vec::with_capacity(record.len());
        let mut index = HashMap::new();
        for (position, raw) in record.iter().enumerate() {
            let name = std::str::from_utf8(raw)
                .context("the header is not valid UTF-8")?
                .trim_start_matches('\u{feff}')
                .trim()
                .to_ascii_lowercase();
            anyhow::ensure!(
                index.insert(name.clone(), position).is_none(),
                "column `{name}` appears twice in the header"
            );
            names.push(name);
        }
        Ok(Columns { names, index })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Refuses a record whose field count differs from the header's.
    pub fn check_width(&self, record: &ByteRecord) -> Result<(), String> {
        if record.len() == self.len() {
            Ok(())
        } else {
            Err(format!(
                "has {} fields, the header has {}",
                record.len(),
                self.len()
            ))
        }
    }

    /// The named field as trimmed text; `None` when the column is absent or the field empty.
    pub fn get<'r>(&self, record: &'r ByteRecord, name: &str) -> Result<Option<&'r str>, String> {
        match self.position(name) {
            Some(index) => text(record, index, name),
            None => Ok(None),
        }
    }
}

/// Reads the first record as the header. A file without one cannot be imported at all.
pub fn header(reader: &mut CsvReader, path: &Path) -> anyhow::Result<ByteRecord> {
    let mut record = ByteRecord::new();
    anyhow::ensure!(
        reader
            .read_byte_record(&mut record)
            .with_context(|| format!("reading the header of {}", path.display()))?,
        "{} is empty: a header line is required",
        path.display()
    );
    Ok(record)
}
