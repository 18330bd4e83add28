//! Between the reader thread and the writer: good lines are gathered into batches, refused lines
//! are counted (the first of them kept for the summary) and reported to the caller's observer.

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio::sync::mpsc;

use super::input::{self, CsvReader, InputError};
use super::problem::{LineError, LineErrorCode, Problem};

/// Rows per transaction.
pub const BATCH_ROWS: usize = 50_000;

/// How many refused lines a summary lists (the observer hears of them all).
pub const ERRORS_IN_SUMMARY: usize = 100;

/// Hears of an import while it runs: the CLI draws a progress bar and prints refused lines.
pub trait Observer: Send + Sync {
    /// The reader has reached `byte` of the input after `lines` lines.
    fn advanced(&self, _byte: u64, _lines: u64) {}
    fn refused(&self, _error: &LineError) {}
}

/// Hears nothing (the HTTP upload answers with the summary only).
#[derive(Debug, Default)]
pub struct Quiet;

impl Observer for Quiet {}

/// One good line: its number and its values in the order of the target's columns.
#[derive(Debug)]
pub struct StagedRow {
    pub line: i64,
    pub values: Vec<Option<String>>,
}

/// The counts of one batch or of the whole input, plus the first errors by line number.
#[derive(Debug, Default)]
pub struct Tally {
    pub rows: u64,
    pub imported: u64,
    pub unchanged: u64,
    pub rejected: u64,
    errors: BTreeMap<u64, (LineErrorCode, String)>,
}

impl Tally {
    pub fn reject(&mut self, error: LineError) {
        self.rejected += 1;
        self.keep(error.line, error.code, error.message);
    }

    fn keep(&mut self, line: u64, code: LineErrorCode, message: String) {
        self.errors.insert(line, (code, message));
        if self.errors.len() > ERRORS_IN_SUMMARY {
            self.errors.pop_last();
        }
    }

    pub fn add(&mut self, other: Tally) {
        self.rows += other.rows;
        self.imported += other.imported;
        self.unchanged += other.unchanged;
        self.rejected += other.rejected;
        for (line, (code, message)) in other.errors {
            self.keep(line, code, message);
        }
    }

    /// The first refused lines, by line number.
    pub fn errors(&self) -> Vec<LineError> {
        self.errors
            .iter()
            .map(|(line, (code, message))| LineError {
                line: *line,
                code: *code,
                message: message.clone(),
            })
            .collect()
    }
}

/// A batch of good rows and the tally of its lines.
#[derive(Debug, Default)]
pub struct Batch {
    pub rows: Vec<StagedRow>,
    pub tally: Tally,
}

/// What a list's reader fills: batches are sent as they fill up.
pub struct Sink {
    sender: mpsc::Sender<Batch>,
    observer: Arc<dyn Observer>,
    current: Batch,
    lines: u64,
}

/// The input's reader, opened (and its header checked) before any database work.
pub type Reader = Box<dyn FnOnce(&mut Sink) -> Result<(), InputError> + Send>;

impl Sink {
    pub fn new(sender: mpsc::Sender<Batch>, observer: Arc<dyn Observer>) -> Sink {
        Sink {
            sender,
            observer,
            current: Batch::default(),
            lines: 0,
        }
    }

    pub fn accept(&mut self, line: u64, values: Vec<Option<String>>) -> Result<(), InputError> {
        self.current.tally.rows += 1;
        self.current.rows.push(StagedRow {
            line: i64::try_from(line).unwrap_or(i64::MAX),
            values,
        });
        self.after_line()
    }

    pub fn reject(&mut self, line: u64, problem: Problem) -> Result<(), InputError> {
        let error = LineError {
            line,
            code: problem.code,
            message: problem.message,
        };
        self.observer.refused(&error);
        self.current.tally.rows += 1;
        self.current.tally.reject(error);
        self.after_line()
    }

    /// Tells the observer where the reader is (every few thousand lines).
    pub fn at_byte(&self, byte: u64) {
        if self.lines.is_multiple_of(4096) {
            self.observer.advanced(byte, self.lines);
        }
    }

    fn after_line(&mut self) -> Result<(), InputError> {
        self.lines += 1;
        if self.current.rows.len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<(), InputError> {
        let batch = std::mem::take(&mut self.current);
        // A stopped writer has its own error, which is the one the flow reports.
        self.sender
            .blocking_send(batch)
            .map_err(|_| InputError::Io(std::io::Error::other("the import writer stopped")))
    }
}

/// Reads the records after the header, each through `parse`, into the sink.
pub fn read_records(
    mut reader: CsvReader,
    sink: &mut Sink,
    mut parse: impl FnMut(&csv::ByteRecord) -> Result<Vec<Option<String>>, Problem>,
) -> Result<(), InputError> {
    let mut record = csv::ByteRecord::new();
    while let Some(next) = input::next_record(&mut reader, &mut record)? {
        match next {
            Ok(line) => {
                sink.at_byte(input::byte_of(&record));
                match parse(&record) {
                    Ok(values) => sink.accept(line, values)?,
                    Err(problem) => sink.reject(line, problem)?,
                }
            }
            Err((line, problem)) => sink.reject(line, problem)?,
        }
    }
    Ok(())
}
