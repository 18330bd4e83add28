//! The common path of the reference lists: a reader thread turns lines into rows of text, a
//! writer copies each batch into a staging table and merges it into the list's table.
//!
//! Reference lists are small next to reports (a few million rows at most), so rows are plain
//! text and PostgreSQL casts them (`::cidr`, `::inet`) while merging.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use tokio::sync::mpsc;
use tokio_postgres::types::{ToSql, Type};

use super::postgres;
use super::summary::{LineError, Progress, Summary, Tally};
use crate::database::Database;
use crate::settings::Settings;

/// Rows per transaction.
const BATCH_ROWS: usize = 50_000;

/// One good line: its number and its values in the order of [`List::columns`].
#[derive(Debug)]
pub struct StagedRow {
    pub line: i64,
    pub values: Vec<Option<String>>,
}

/// Where a list's rows go.
#[derive(Debug)]
pub struct List {
    /// Audit action, e.g. `import.card_bins`.
    pub action: &'static str,
    /// Staging columns (all text), after the line number.
    pub columns: &'static [&'static str],
    /// Merges `import_stage` into the list's table; returns the affected row count. `$1` is the
    /// source name, then `params`.
    pub merge: &'static str,
    pub source: String,
    pub params: Vec<String>,
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
    progress: Progress,
    current: Batch,
    lines: u64,
}

/// The file's reader, opened (and its header checked) before any database work.
pub type Reader = Box<dyn FnOnce(&mut Sink) -> anyhow::Result<()> + Send>;

impl Sink {
    pub fn accept(&mut self, line: u64, values: Vec<Option<String>>) -> anyhow::Result<()> {
        self.current.tally.rows += 1;
        self.current.rows.push(StagedRow {
            line: i64::try_from(line).unwrap_or(i64::MAX),
            values,
        });
        self.after_line()
    }

    pub fn reject(&mut self, line: u64, message: String) -> anyhow::Result<()> {
        let error = LineError { line, message };
        self.progress.report(&error);
        self.current.tally.rows += 1;
        self.current.tally.reject(error);
        self.after_line()
    }

    /// Moves the progress bar to `byte` of the file (every few thousand lines).
    pub fn at_byte(&self, byte: u64) {
        if self.lines.is_multiple_of(4096) {
            self.progress.advance_to(byte, self.lines);
        }
    }

    fn after_line(&mut self) -> anyhow::Result<()> {
        self.lines += 1;
        if self.current.rows.len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        let batch = std::mem::take(&mut self.current);
        self.sender
            .blocking_send(batch)
            .map_err(|_| anyhow::anyhow!("the import writer stopped"))
    }
}

/// Imports the file into `list` and returns the summary.
pub async fn run(
    settings: &Settings,
    file: &Path,
    list: List,
    reader: Reader,
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let database = Database::prepare(settings).await?;
    let mut client = postgres::connect(&database.owner_url).await?;
    let staging: Vec<String> = list.columns.iter().map(|c| format!("{c} text")).collect();
    client
        .batch_execute(&format!(
            "CREATE TEMP TABLE import_stage (line int8, {}) ON COMMIT DELETE ROWS",
            staging.join(", ")
        ))
        .await
        .context("creating the staging table")?;

    let progress = Progress::new(file);
    let (sender, mut batches) = mpsc::channel(2);
    let mut sink = Sink {
        sender,
        progress: progress.clone(),
        current: Batch::default(),
        lines: 0,
    };
    let reading = tokio::task::spawn_blocking(move || {
        reader(&mut sink)?;
        sink.flush()
    });
    let mut tally = Tally::default();
    while let Some(batch) = batches.recv().await {
        tally.add(write(&mut client, &list, batch).await?);
    }
    reading.await.context("the reader thread failed")??;
    progress.finish();

    let summary = tally.into_summary(file, started, false);
    postgres::audit(
        &mut client,
        None,
        list.action,
        &list.source,
        summary.audit_details(),
    )
    .await?;
    drop(client);
    drop(database);
    Ok(summary)
}

/// One batch in one transaction: COPY into the staging table, then the list's merge.
async fn write(
    client: &mut tokio_postgres::Client,
    list: &List,
    batch: Batch,
) -> anyhow::Result<Tally> {
    let mut tally = batch.tally;
    if batch.rows.is_empty() {
        return Ok(tally);
    }
    let transaction = postgres::begin(client).await?;
    let mut types = vec![Type::INT8];
    types.extend(list.columns.iter().map(|_| Type::TEXT));
    let copy = format!(
        "COPY import_stage (line, {}) FROM STDIN (FORMAT binary)",
        list.columns.join(", ")
    );
    postgres::copy_rows(&transaction, &copy, &types, &batch.rows, |row| {
        let mut values: Vec<&(dyn ToSql + Sync)> = vec![&row.line];
        values.extend(row.values.iter().map(|v| v as &(dyn ToSql + Sync)));
        values
    })
    .await
    .context("copying the batch into the staging table")?;
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&list.source];
    params.extend(list.params.iter().map(|p| p as &(dyn ToSql + Sync)));
    let affected = transaction
        .execute(list.merge, &params)
        .await
        .context("merging the batch")?;
    transaction.commit().await?;
    let staged = batch.rows.len() as u64;
    tally.imported += affected;
    tally.unchanged += staged.saturating_sub(affected);
    Ok(tally)
}

/// Reads the records after the header, each through `parse`, into the sink.
pub fn read_records(
    mut reader: super::csv_file::CsvReader,
    sink: &mut Sink,
    mut parse: impl FnMut(&csv::ByteRecord) -> Result<Vec<Option<String>>, String>,
) -> anyhow::Result<()> {
    let mut record = csv::ByteRecord::new();
    while let Some(next) = super::csv_file::next_record(&mut reader, &mut record)? {
        match next {
            Ok(line) => {
                sink.at_byte(super::csv_file::byte_of(&record));
                match parse(&record) {
                    Ok(values) => sink.accept(line, values)?,
                    Err(message) => sink.reject(line, message)?,
                }
            }
            Err(error) => sink.reject(error.line, error.message)?,
        }
    }
    Ok(())
}
