//! `sekisho import reports`: a tenant's fraud reports, and their identifiers' fingerprints for
//! the consortium.
//!
//! The pipeline: this thread reads records in chunks; workers (one per core) parse, normalise
//! and fingerprint them (the costly part: phone numbers, addresses, HMACs); the async side
//! copies each batch into two staging tables and merges them in one statement per batch:
//!
//! ```text
//! fraud_reports       ← import_reports   ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
//! consortium_entries  ← import_entries   of the reports just inserted
//! contributor_records += reports inserted
//! ```
//!
//! A report whose idempotency key is already there (a re-run, a duplicate line) inserts nothing,
//! and neither do its entries.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Context;
use csv::ByteRecord;
use sekisho_domain::identifiers::ConsortiumKey;
use tokio::sync::mpsc;
use tokio_postgres::Client;
use tokio_postgres::types::{ToSql, Type};
use uuid::Uuid;

use super::csv_file::{self, Columns, CsvReader};
use super::postgres;
use super::report_row::{self, StagedEntry, StagedReport};
use super::summary::{LineError, Progress, Summary, Tally};
use crate::database::Database;
use crate::settings::Settings;

/// Reports per transaction (with 5 to 10 identifiers each).
const BATCH_ROWS: usize = 20_000;

const STAGING: &str = "\
    CREATE TEMP TABLE import_reports (id uuid, category text, amount_minor int8, currency text, \
        occurred_at timestamptz, order_id text, idempotency_key text, summary text) \
        ON COMMIT DELETE ROWS; \
    CREATE TEMP TABLE import_entries (report_id uuid, kind text, fingerprint bytea) \
        ON COMMIT DELETE ROWS";

const COPY_REPORTS: &str = "COPY import_reports (id, category, amount_minor, currency, \
    occurred_at, order_id, idempotency_key, summary) FROM STDIN (FORMAT binary)";
const REPORT_TYPES: [Type; 8] = [
    Type::UUID,
    Type::TEXT,
    Type::INT8,
    Type::TEXT,
    Type::TIMESTAMPTZ,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
];
const COPY_ENTRIES: &str =
    "COPY import_entries (report_id, kind, fingerprint) FROM STDIN (FORMAT binary)";
const ENTRY_TYPES: [Type; 3] = [Type::UUID, Type::TEXT, Type::BYTEA];

/// `$1` tenant, `$2` whether it shares its entries. Entries are inserted in the same statement
/// as their reports (their foreign keys are checked at its end), in fingerprint order: the
/// primary key starts with the fingerprint, so sorted inserts walk its pages once, in order,
/// instead of hitting random ones.
const MERGE: &str = "\
    WITH inserted AS ( \
        INSERT INTO fraud_reports (tenant_id, id, category, amount_minor, currency, occurred_at, \
            order_id, created_by, source, idempotency_key, summary) \
        SELECT $1, id, category, amount_minor, currency, occurred_at, order_id, 'import', \
            'import', idempotency_key, summary::jsonb \
        FROM import_reports \
        ON CONFLICT (tenant_id, idempotency_key) DO NOTHING \
        RETURNING id, category, reported_at \
    ), entries AS ( \
        INSERT INTO consortium_entries (fingerprint, kind, tenant_id, report_id, category, \
            reported_at, shared) \
        SELECT e.fingerprint, e.kind, $1, e.report_id, i.category, i.reported_at, $2 \
        FROM import_entries e JOIN inserted i ON i.id = e.report_id \
        ORDER BY e.fingerprint \
        ON CONFLICT DO NOTHING \
        RETURNING 1 \
    ) \
    SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM entries)";

const CONTRIBUTION: &str = "\
    INSERT INTO contributor_records (tenant_id, reports) VALUES ($1, $2) \
    ON CONFLICT (tenant_id) DO UPDATE \
    SET reports = contributor_records.reports + $2, updated_at = now()";

/// Parsed and fingerprinted lines, ready for one transaction.
#[derive(Debug, Default)]
struct Batch {
    reports: Vec<StagedReport>,
    entries: Vec<StagedEntry>,
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
    let mut reader = csv_file::open(file)?;
    let header = csv_file::header(&mut reader, file)?;
    let columns = Columns::from_header(&header, &report_row::COLUMNS, &report_row::REQUIRED)?;
    let key = crate::consortium_key::load(settings)?;
    let database = Database::prepare(settings).await?;
    let mut client = postgres::connect(&database.owner_url).await?;
    let shared = postgres::tenant_contributes(&mut client, tenant_id).await?;
    client
        .batch_execute(STAGING)
        .await
        .context("creating the staging tables")?;
    // The staging tables are never analysed; a nested loop over them would be quadratic.
    client.batch_execute("SET enable_nestloop = off").await?;

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
        tally.add(write(&mut client, tenant_id, shared, batch).await?);
    }
    reading.await.context("the reader thread failed")??;
    progress.finish();

    let summary = tally.into_summary(file, started, true);
    postgres::audit(
        &mut client,
        Some(tenant_id),
        "import.reports",
        &summary.file,
        summary.audit_details(),
    )
    .await?;
    drop(client);
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
            let Some(next) = csv_file::next_record(&mut reader, &mut record)? else {
                done = true;
                break;
            };
            rows += 1;
            if rows.is_multiple_of(4096) {
                progress.advance_to(csv_file::byte_of(&record), rows);
            }
            match next {
                Ok(_) => chunk.records.push(record),
                Err(error) => chunk.unreadable.push(error),
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
        match report_row::parse_line(
            shared.columns,
            record,
            shared.tenant_id,
            shared.key,
            &mut batch.entries,
        ) {
            Ok(report) => batch.reports.push(report),
            Err(message) => {
                let error = LineError {
                    code: None,
                    line: csv_file::line_of(record),
                    message,
                };
                shared.progress.report(&error);
                batch.tally.reject(error);
            }
        }
    }
    batch
}

/// One batch, one transaction.
async fn write(
    client: &mut Client,
    tenant_id: Uuid,
    shared: bool,
    batch: Batch,
) -> anyhow::Result<Tally> {
    let mut tally = batch.tally;
    if batch.reports.is_empty() {
        return Ok(tally);
    }
    let transaction = postgres::begin(client).await?;
    postgres::copy_rows(
        &transaction,
        COPY_REPORTS,
        &REPORT_TYPES,
        &batch.reports,
        |r| {
            vec![
                &r.id as &(dyn ToSql + Sync),
                &r.category,
                &r.amount_minor,
                &r.currency,
                &r.occurred_at,
                &r.order_id,
                &r.idempotency_key,
                &r.summary,
            ]
        },
    )
    .await
    .context("copying reports into the staging table")?;
    postgres::copy_rows(
        &transaction,
        COPY_ENTRIES,
        &ENTRY_TYPES,
        &batch.entries,
        |e| vec![&e.report_id as &(dyn ToSql + Sync), &e.kind, &e.fingerprint],
    )
    .await
    .context("copying identifiers into the staging table")?;
    let counts = transaction
        .query_one(MERGE, &[&tenant_id, &shared])
        .await
        .context("merging the batch")?;
    let reports: i64 = counts.try_get(0)?;
    let entries: i64 = counts.try_get(1)?;
    if reports > 0 {
        transaction
            .execute(CONTRIBUTION, &[&tenant_id, &reports])
            .await
            .context("counting the contribution")?;
    }
    transaction.commit().await?;
    let inserted = u64::try_from(reports).unwrap_or_default();
    tally.imported += inserted;
    tally.unchanged += (batch.reports.len() as u64).saturating_sub(inserted);
    tally.identifiers += u64::try_from(entries).unwrap_or_default();
    Ok(tally)
}
