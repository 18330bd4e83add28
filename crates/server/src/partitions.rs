//! `sekisho partitions …` and the server's hourly partition maintenance: the history tables'
//! months are created ahead and, when a retention is set, the expired months dropped whole
//! (docs/OPERATIONS.md, "Partitioned history"). Both run on the schema owner's connection: they
//! are DDL, which the application's role may not do.

use clap::Subcommand;
use sekisho_store::partitions;

use crate::database::Database;
use crate::settings::Settings;

#[derive(Debug, Subcommand)]
pub enum PartitionsCommand {
    /// Create the partitions of the previous, the current and the months ahead that do not exist
    /// yet.
    Ensure {
        /// Months after the current one (0–24; default SEKISHO_PARTITION_MONTHS_AHEAD).
        #[arg(long)]
        months_ahead: Option<i32>,
    },
    /// List every partition of the history tables with its month and estimated rows.
    List,
    /// Drop every month that ended at least the retention ago (and the default partitions' rows
    /// older than it); younger months are kept whole.
    DropExpired {
        /// Months to keep (at least 1; default SEKISHO_HISTORY_RETENTION_MONTHS, which must then
        /// be set).
        #[arg(long)]
        retention_months: Option<i32>,
    },
}

pub async fn run(command: PartitionsCommand, settings: Settings) -> anyhow::Result<()> {
    let database = Database::prepare(&settings).await?;
    let mut conn = sekisho_store::connect::establish(&database.owner_url).await?;
    let output = match command {
        PartitionsCommand::Ensure { months_ahead } => {
            let months = months_ahead.unwrap_or(settings.partition_months_ahead);
            serde_json::json!({ "created": partitions::ensure(&mut conn, months).await? })
        }
        PartitionsCommand::List => {
            serde_json::json!({ "partitions": partitions::list(&mut conn).await? })
        }
        PartitionsCommand::DropExpired { retention_months } => {
            let months = retention_months.unwrap_or(settings.history_retention_months);
            anyhow::ensure!(
                months >= partitions::MIN_RETENTION_MONTHS,
                "a retention of at least {} month is needed (--retention-months or \
                 SEKISHO_HISTORY_RETENTION_MONTHS)",
                partitions::MIN_RETENTION_MONTHS
            );
            serde_json::json!({ "removed": partitions::drop_expired(&mut conn, months).await? })
        }
    };
    println!("{}", serde_json::to_string_pretty(&output)?);
    drop(conn);
    drop(database);
    Ok(())
}

/// One round of the server's maintenance: the months ahead, then the retention if one is set.
pub async fn maintain(
    owner_url: &str,
    months_ahead: i32,
    retention_months: i32,
) -> anyhow::Result<()> {
    let mut conn = sekisho_store::connect::establish(owner_url).await?;
    let created = partitions::ensure(&mut conn, months_ahead).await?;
    if !created.is_empty() {
        tracing::info!(partitions = ?created.iter().map(|c| &c.partition).collect::<Vec<_>>(), "history partitions created");
    }
    if retention_months > 0 {
        for removed in partitions::drop_expired(&mut conn, retention_months).await? {
            tracing::info!(
                partition = %removed.partition,
                rows = removed.rows_removed,
                "expired history removed"
            );
        }
    }
    Ok(())
}
