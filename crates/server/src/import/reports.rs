//! `sekisho import reports`: a tenant's fraud reports, and their identifiers' fingerprints for
//! the consortium, filed through the service's bulk filing (`sekisho_service::reports::bulk`),
//! so that imported reports do what filed ones do: consortium entries, the contribution count,
//! the consortium summaries and the `order.consortium_match` webhooks to other members.
//!
//! The pipeline: this thread reads records in chunks; workers (one per core) parse, normalise
//! and fingerprint them (the costly part: phone numbers, addresses, HMACs); the async side files
//! each batch in one transaction. A report whose idempotency key is already there (a re-run, a
//! duplicate line) files nothing, and neither do its entries.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Context;
use csv::ByteRecord;
use sekisho_domain::identifiers::ConsortiumKey;
use sekisho_service::lines::{Columns, CsvReader, Input, InputError, LineError, input};
use sekisho_service::reports::bulk::{self, BulkEntry, BulkReport};
use sekisho_service::reports::rows;
use sekisho_store::Pool;
use tokio::sync::mpsc;
use uuid::Uuid;

use super::summary::{Progress, Summary, Tally};
use crate::database::Database;
use crate::settings::Settings;

/// Reports per transaction (with 5 to 10 identifiers each).
const BATCH_ROWS: usize = 20_000;

/// Parsed and fingerprinted lines, ready for one transaction.
#[derive(Debug, Default)]
struct Batch {
    reports: Vec<BulkReport>,
    entries: Vec<BulkEntry>,
    tally: Tally,
}

/// Records as read, and the lines the CSV reader itself could not make sense of.
#[derive(Debug, Default)]
struct Chunk {
    records: Vec<ByteRecord>,
    unreadable: Vec<LineError>,
}

/// What the workers share.
struct Shared<'a> {
    columns: &'a Columns,
    tenant_id: Uuid,
    key: &'a ConsortiumKey,
    progress: &'a Progress,
}

pub async fn run(settings: &Settings, file: &Path, tenant_id: Uuid) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let in_file = |error: InputError| match error {
        InputError::Io(error) => {
            anyhow::Error::new(error).context(format!("reading {}", file.display()))
        }
        InputError::Header(message) => anyhow::anyhow!("{}: {message}", file.display()),
    };
    let mut reader = input::open(&Input::File(file.to_path_buf())).map_err(in_file)?;
    let header = input::header(&mut reader).map_err(in_file)?;
    let columns =
        Columns::from_required_header(&header, &rows::COLUMNS, &rows::REQUIRED).map_err(in_file)?;
    let key = crate::consortium_key::load(settings)?;
    let database = Database::prepare(settings).await?;
    let pool = sekisho_store::pool::connect(&database.app_url, &settings.batch_pool_options()?)?;
    bulk::check_tenant(&pool, tenant_id)
        .await
        .map_err(|error| match error {
            sekisho_service::ServiceError::NotFound(_) => {
                anyhow::anyhow!("tenant {tenant_id} does not exist")
            }
            other => anyhow::Error::new(other).context("looking up the tenant"),
        })?;

    let progress = Progress::new(file);
    let (sender, mut batches) = mpsc::channel::<Batch>(2);
    let reading = {
        let progress = progress.clone();
        tokio::task::spawn_blocking(move || {
            let shared = Shared {
                columns: &columns,
                tenant_id,
                key: &key,
                progress: &progress,
            };
            read(reader, &shared, &sender)
        })
    };
    let mut tally = Tally::default();
    while let Some(batch) = batches.recv().await {
        tally.add(write(&pool, tenant_id, batch).await?);
    }
    reading.await.context("the reader thread failed")??;
    progress.finish();

    let summary = tally.into_summary(file, started, true);
    bulk::audit_import(
        &pool,
        tenant_id,
        crate::accounts::CLI_ACTOR,
        &summary.file,
        summary.audit_details(),
    )
    .await
    .context("writing the audit log")?;
    drop(pool);
    drop(database);
    Ok(summary)
}

/// Reads chunks on this thread and hands them to workers.
fn read(
    reader: CsvReader,
    shared: &Shared<'_>,
    sender: &mpsc::Sender<Batch>,
) -> anyhow::Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let (chunks, queue) = std::sync::mpsc::sync_channel::<Chunk>(workers);
    let queue = Arc::new(Mutex::new(queue));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let queue = Arc::clone(&queue);
            scope.spawn(move || {
                loop {
                    let chunk = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    let Ok(chunk) = chunk else { return };
                    if sender.blocking_send(normalise(chunk, shared)).is_err() {
                        return;
                    }
                }
            });
        }
        // Only the workers hold the queue: when a failed write stops them, the reader's next
        // send fails instead of waiting forever for a worker.
        drop(queue);
        let result = read_chunks(reader, shared.progress, &chunks);
        drop(chunks);
        result
    })
}

fn read_chunks(
    mut reader: CsvReader,
    progress: &Progress,
    chunks: &std::sync::mpsc::SyncSender<Chunk>,
) -> anyhow::Result<()> {
    let mut rows = 0u64;
    let mut done = false;
    while !done {
        let mut chunk = Chunk::default();
        while chunk.records.len() < BATCH_ROWS {
            let mut record = ByteRecord::new();
            let Some(next) = input::next_record(&mut reader, &mut record)? else {
                done = true;
                break;
            };
            rows += 1;
            if rows.is_multiple_of(4096) {
                progress.advance_to(input::byte_of(&record), rows);
            }
            match next {
                Ok(_) => chunk.records.push(record),
                Err((line, problem)) => chunk.unreadable.push(LineError {
                    line,
                    code: problem.code,
                    message: problem.message,
                }),
            }
        }
        let empty = chunk.records.is_empty() && chunk.unreadable.is_empty();
        if !empty && chunks.send(chunk).is_err() {
            // The workers stopped because the writer did; its error is the one to report.
            return Ok(());
        }
    }
    Ok(())
}

fn normalise(chunk: Chunk, shared: &Shared<'_>) -> Batch {
    let mut batch = Batch {
        reports: Vec::with_capacity(chunk.records.len()),
        entries: Vec::with_capacity(chunk.records.len() * 8),
        tally: Tally::default(),
    };
    for error in chunk.unreadable {
        shared.progress.report(&error);
        batch.tally.rows += 1;
        batch.tally.reject(error);
    }
    for record in &chunk.records {
        batch.tally.rows += 1;
        match rows::parse_line(
            shared.columns,
            record,
            shared.tenant_id,
            shared.key,
            &mut batch.entries,
        ) {
            Ok(report) => batch.reports.push(report),
            Err(problem) => {
                let error = LineError {
                    line: input::line_of(record),
                    code: problem.code,
                    message: problem.message,
                };
                shared.progress.report(&error);
                batch.tally.reject(error);
            }
        }
    }
    batch
}

/// One batch, one transaction (the service's).
async fn write(pool: &Pool, tenant_id: Uuid, batch: Batch) -> anyhow::Result<Tally> {
    let mut tally = batch.tally;
    if batch.reports.is_empty() {
        return Ok(tally);
    }
    let staged = batch.reports.len() as u64;
    let filed = bulk::file_batch(pool, tenant_id, batch.reports, batch.entries)
        .await
        .context("filing the batch")?;
    tally.imported += filed.reports;
    tally.unchanged += staged.saturating_sub(filed.reports);
    tally.identifiers += filed.entries;
    Ok(tally)
}
