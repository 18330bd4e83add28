//! What an import tells its operator: a JSON summary on stdout at the end, every rejected line on
//! stderr as it is found, and a progress bar on stderr while it runs (drawn only on a terminal).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use sekisho_service::lines::{LineError, LineErrorCode};
use serde::Serialize;

/// How many line errors the summary lists; stderr shows them all.
pub const ERRORS_IN_SUMMARY: usize = 100;

/// The counts of one batch or of the whole file, plus the first errors by line number.
#[derive(Debug, Default)]
pub struct Tally {
    pub rows: u64,
    pub imported: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub identifiers: u64,
    errors: BTreeMap<u64, (LineErrorCode, String)>,
}

impl Tally {
    pub fn reject(&mut self, error: LineError) {
        self.rejected += 1;
        self.errors.insert(error.line, (error.code, error.message));
        // Batches may finish out of order (parallel workers): keep the lowest line numbers.
        if self.errors.len() > ERRORS_IN_SUMMARY {
            self.errors.pop_last();
        }
    }

    pub fn add(&mut self, other: Tally) {
        self.rows += other.rows;
        self.imported += other.imported;
        self.unchanged += other.unchanged;
        self.rejected += other.rejected;
        self.identifiers += other.identifiers;
        for (line, error) in other.errors {
            self.errors.insert(line, error);
            if self.errors.len() > ERRORS_IN_SUMMARY {
                self.errors.pop_last();
            }
        }
    }

    pub fn into_summary(self, file: &Path, started: Instant, with_identifiers: bool) -> Summary {
        let seconds = started.elapsed().as_secs_f64();
        let rows_per_second = if seconds > 0.0 {
            (self.rows as f64 / seconds).round()
        } else {
            0.0
        };
        Summary {
            file: file.display().to_string(),
            rows: self.rows,
            imported: self.imported,
            unchanged: self.unchanged,
            rejected: self.rejected,
            identifiers: with_identifiers.then_some(self.identifiers),
            errors: self
                .errors
                .into_iter()
                .map(|(line, (code, message))| LineError {
                    line,
                    code,
                    message,
                })
                .collect(),
            seconds: (seconds * 1000.0).round() / 1000.0,
            rows_per_second,
        }
    }
}

/// The JSON printed on stdout when an import ends.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub file: String,
    /// Data lines read (the header not counted): imported + unchanged + rejected.
    pub rows: u64,
    /// Rows that added (or, for card BINs and IP countries, changed) a row.
    pub imported: u64,
    /// Rows already present: a re-run of the same file counts every good row here.
    pub unchanged: u64,
    pub rejected: u64,
    /// Reports only: consortium entries (fingerprints) added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifiers: Option<u64>,
    /// The first rejected lines, by line number, each with its stable code (`invalid_bin`,
    /// `invalid_amount`, …) and a message that names the column, never the value.
    pub errors: Vec<LineError>,
    pub seconds: f64,
    pub rows_per_second: f64,
}

impl Summary {
    pub fn audit_details(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.file,
            "rows": self.rows,
            "imported": self.imported,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "identifiers": self.identifiers,
        })
    }
}

/// The progress bar over the file's bytes, and the place where line errors are printed (above
/// the bar, so that it is not torn). Cheap to clone into reader threads.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
    file: String,
}

impl Progress {
    pub fn new(file: &Path) -> Progress {
        let total = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] [{bar:32}] {bytes}/{total_bytes} {msg} (eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        Progress {
            bar: ProgressBar::new(total).with_style(style),
            file: file.display().to_string(),
        }
    }

    pub fn advance_to(&self, byte: u64, rows: u64) {
        self.bar.set_position(byte);
        self.bar.set_message(format!("{rows} rows"));
    }

    pub fn report(&self, error: &LineError) {
        self.bar.suspend(|| {
            eprintln!("{}:{}: {}", self.file, error.line, error.message);
        });
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
