//! `sekisho partitions …` and the server's hourly partition maintenance: the history tables'
//! months are created ahead and, when a retention is set, the expired months dropped whole; the
//! counter tables' weeks are created ahead and those that ended 32 days ago dropped whole
//! (docs/OPERATIONS.md, "Partitioned history"); a tenant's own shorter retention is purged in
//! bounded rounds ("Per-tenant retention"). All run on the schema owner's connection: creating
//! and dropping partitions is DDL, which the application's role may not do.

use clap::Subcommand;
use sekisho_store::partitions;
use sekisho_store::partitions::counters;

use crate::database::Database;
use crate::settings::Settings;

#[derive(Debug, Subcommand)]
pub enum PartitionsCommand {
    /// Create the partitions of the previous, the current and the months ahead that do not exist
    /// yet, and the counter tables' weeks from last week to the weeks ahead.
    Ensure {
        /// Months after the current one (0–24; default SEKISHO_PARTITION_MONTHS_AHEAD).
        #[arg(long)]
        months_ahead: Option<i32>,
        /// Weeks after the current one for the counter tables (0–8; default 1).
        #[arg(long, default_value_t = counters::WEEKS_AHEAD)]
        counter_weeks_ahead: i32,
    },
    /// List every partition of the history tables with its month and estimated rows, and every
    /// partition of the counter tables with its week.
    List,
    /// Drop every month that ended at least the retention ago (and the default partitions' rows
    /// older than it); younger months are kept whole. The counter tables' weeks that ended 32 days
    /// ago or earlier go too (and their default partitions' older buckets).
    DropExpired {
        /// Months to keep (at least 1; default SEKISHO_HISTORY_RETENTION_MONTHS, which must then
        /// be set).
        #[arg(long)]
        retention_months: Option<i32>,
        /// Expire the counter tables only (their keep is fixed: no retention needed).
        #[arg(long)]
        counters_only: bool,
    },
    /// Set how many months of history one tenant keeps, shorter than the platform's retention
    /// (its older rows are then purged hourly), or with --clear the platform's retention alone.
    SetTenantRetention {
        #[arg(long)]
        tenant: uuid::Uuid,
        /// Months to keep (1–120).
        #[arg(long, required_unless_present = "clear", value_parser = clap::value_parser!(i32).range(1..=120))]
        months: Option<i32>,
        #[arg(long, conflicts_with = "months")]
        clear: bool,
    },
    /// Purge now what the tenants' own retentions no longer keep (the server does it hourly).
    PurgeTenants,
}

pub async fn run(command: PartitionsCommand, settings: Settings) -> anyhow::Result<()> {
    let database = Database::prepare(&settings).await?;
    let mut conn = sekisho_store::connect::establish(&database.owner_url).await?;
    let output = match command {
        PartitionsCommand::Ensure {
            months_ahead,
            counter_weeks_ahead,
        } => {
            let months = months_ahead.unwrap_or(settings.partition_months_ahead);
            serde_json::json!({
                "created": partitions::ensure(&mut conn, months).await?,
                "counters_created": counters::ensure(&mut conn, counter_weeks_ahead).await?,
            })
        }
        PartitionsCommand::List => serde_json::json!({
            "partitions": partitions::list(&mut conn).await?,
            "counter_partitions": counters::list(&mut conn).await?,
        }),
        PartitionsCommand::DropExpired {
            retention_months,
            counters_only,
        } => {
            let removed = if counters_only {
                Vec::new()
            } else {
                let months = retention_months.unwrap_or(settings.history_retention_months);
                anyhow::ensure!(
                    months >= partitions::MIN_RETENTION_MONTHS,
                    "a retention of at least {} month is needed (--retention-months or \
                     SEKISHO_HISTORY_RETENTION_MONTHS), or --counters-only",
                    partitions::MIN_RETENTION_MONTHS
                );
                partitions::drop_expired(&mut conn, months).await?
            };
            serde_json::json!({
                "removed": removed,
                "counters_removed": counters::drop_expired(&mut conn).await?,
            })
        }
        PartitionsCommand::SetTenantRetention {
            tenant,
            months,
            clear,
        } => {
            let months = if clear { None } else { months };
            partitions::set_tenant_retention(&mut conn, tenant, months)
                .await
                .map_err(|error| match error {
                    sekisho_store::StoreError::NotFound => anyhow::anyhow!("no tenant {tenant}"),
                    other => other.into(),
                })?;
            serde_json::json!({ "tenant_id": tenant, "history_retention_months": months })
        }
        PartitionsCommand::PurgeTenants => {
            serde_json::json!({ "purged": partitions::purge_tenants(&mut conn).await? })
        }
    };
    println!("{}", serde_json::to_string_pretty(&output)?);
    drop(conn);
    drop(database);
    Ok(())
}

/// One round of the server's maintenance: the months ahead, the retention if one is set, then
/// the tenants' own shorter retentions.
pub async fn maintain(
    owner_url: &str,
    months_ahead: i32,
    retention_months: i32,
) -> anyhow::Result<()> {
    let mut conn = sekisho_store::connect::establish(owner_url).await?;
    log_created(
        "history",
        &partitions::ensure(&mut conn, months_ahead).await?,
    );
    if retention_months > 0 {
        for removed in partitions::drop_expired(&mut conn, retention_months).await? {
            tracing::info!(
                partition = %removed.partition,
                rows = removed.rows_removed,
                "expired history removed"
            );
        }
    }
    for purged in partitions::purge_tenants(&mut conn).await? {
        tracing::info!(
            tenant_id = %purged.tenant_id,
            table = %purged.parent,
            rows = purged.rows_removed,
            "history past the tenant's retention purged"
        );
    }
    Ok(())
}

/// The counter tables' weeks from last week to [`counters::WEEKS_AHEAD`] weeks ahead (at start,
/// so that the first buckets land in their week).
pub async fn ensure_counter_weeks(owner_url: &str) -> anyhow::Result<()> {
    let mut conn = sekisho_store::connect::establish(owner_url).await?;
    log_created(
        "counter",
        &counters::ensure(&mut conn, counters::WEEKS_AHEAD).await?,
    );
    Ok(())
}

/// One round of the counter tables' hourly maintenance: the weeks ahead, then the expiry (whole
/// weeks that ended 32 days ago; counters are derived data, no retention to configure).
pub async fn maintain_counters(owner_url: &str) -> anyhow::Result<()> {
    let mut conn = sekisho_store::connect::establish(owner_url).await?;
    log_created(
        "counter",
        &counters::ensure(&mut conn, counters::WEEKS_AHEAD).await?,
    );
    for removed in counters::drop_expired(&mut conn).await? {
        tracing::info!(
            partition = %removed.partition,
            rows = removed.rows_removed,
            "expired velocity counters removed"
        );
    }
    Ok(())
}

/// `tables`: which partitions, "history" or "counter".
fn log_created(tables: &str, created: &[partitions::Created]) {
    if !created.is_empty() {
        tracing::info!(tables, partitions = ?created.iter().map(|c| &c.partition).collect::<Vec<_>>(), "partitions created");
    }
}
