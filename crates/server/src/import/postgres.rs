//! The importers' connection: one plain `tokio-postgres` session as the schema owner, because
//! COPY is what makes millions of rows a matter of minutes and the pool's diesel connections
//! cannot stream it.
//!
//! Every write runs in the platform scope (row-level security is forced even for the owner when
//! it is not a superuser) and every batch in its own transaction, so that an interrupted import
//! keeps what it acknowledged and a re-run skips it.

use std::pin::pin;

use anyhow::Context;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, Transaction};
use uuid::Uuid;

use crate::accounts::CLI_ACTOR;

/// Connects as the owner. The connection task ends when the client is dropped.
pub async fn connect(owner_url: &str) -> anyhow::Result<Client> {
    // The URL's sslmode is honoured, as for every other connection.
    let (client, connection) = sekisho_store::connect::DatabaseTarget::parse(
        owner_url,
        std::time::Duration::from_secs(30),
    )
    .context("the database URL")?
    .connect_raw()
    .await
    .context("connecting to PostgreSQL for the import")?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::error!(%error, "import connection failed");
        }
    });
    // Staging tables live in memory up to this size instead of spilling to temporary files; it
    // must be set before the session's first temporary table.
    client
        .batch_execute("SET temp_buffers = '256MB'")
        .await
        .context("configuring the import session")?;
    Ok(client)
}

/// Begins a batch's transaction in the platform scope.
pub async fn begin(client: &mut Client) -> anyhow::Result<Transaction<'_>> {
    let transaction = client.transaction().await?;
    transaction
        .execute("SELECT set_config('app.scope', 'platform', true)", &[])
        .await?;
    Ok(transaction)
}

/// Streams rows into a staging table with binary COPY.
pub async fn copy_rows<R>(
    transaction: &Transaction<'_>,
    statement: &str,
    types: &[Type],
    rows: &[R],
    columns: impl for<'r> Fn(&'r R) -> Vec<&'r (dyn ToSql + Sync)>,
) -> anyhow::Result<u64> {
    let sink = transaction.copy_in(statement).await?;
    let mut writer = pin!(BinaryCopyInWriter::new(sink, types));
    for row in rows {
        writer.as_mut().write(&columns(row)).await?;
    }
    Ok(writer.finish().await?)
}

/// Whether the tenant exists and shares its reports with the consortium.
pub async fn tenant_contributes(client: &mut Client, tenant_id: Uuid) -> anyhow::Result<bool> {
    let transaction = begin(client).await?;
    let row = transaction
        .query_opt(
            "SELECT contributes FROM tenants WHERE id = $1",
            &[&tenant_id],
        )
        .await
        .context("looking up the tenant")?;
    transaction.commit().await?;
    match row {
        Some(row) => Ok(row.try_get(0)?),
        None => anyhow::bail!("tenant {tenant_id} does not exist"),
    }
}

/// Records the import in the audit log, in a transaction of its own after the last batch.
pub async fn audit(
    client: &mut Client,
    tenant_id: Option<Uuid>,
    action: &str,
    target: &str,
    details: serde_json::Value,
) -> anyhow::Result<()> {
    let transaction = begin(client).await?;
    transaction
        .execute(
            "INSERT INTO audit_log (tenant_id, actor, action, target, details) \
             VALUES ($1, $2, $3, $4, $5)",
            &[&tenant_id, &CLI_ACTOR, &action, &target, &details],
        )
        .await
        .context("writing the audit log")?;
    transaction.commit().await?;
    Ok(())
}
