//! Idempotency-Key claims: the first request under a key claims it inside its own transaction
//! and stores its response there; a duplicate waits for that transaction (the primary key's row
//! lock) and then finds the stored response. See `migrations/…_idempotency_keys/up.sql`.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::idempotency_keys;

/// Who asked for what under which key.
#[derive(Debug, Clone, Copy)]
pub struct KeyedRequest<'a> {
    pub tenant_id: Uuid,
    pub operation: &'a str,
    pub key: &'a str,
    /// SHA-256 of the request (method, path, body).
    pub request_hash: &'a [u8],
}

/// What the key's earlier use left behind.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
pub struct StoredClaim {
    pub request_hash: Vec<u8>,
    pub response_status: Option<i16>,
    pub response_body: Option<Vec<u8>>,
}

/// The outcome of claiming a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This transaction holds the key: do the work, then [`record`] the response.
    Claimed,
    /// The key was used by a committed request.
    Used(StoredClaim),
}

/// Claims the key, waiting for a concurrent transaction that holds it to finish first.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    request: KeyedRequest<'_>,
) -> Result<Claim, StoreError> {
    let inserted = crate::prepared::sql(
        "INSERT INTO idempotency_keys (tenant_id, operation, key, request_hash) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind::<diesel::sql_types::Uuid, _>(request.tenant_id)
    .bind::<diesel::sql_types::Text, _>(request.operation)
    .bind::<diesel::sql_types::Text, _>(request.key)
    .bind::<diesel::sql_types::Bytea, _>(request.request_hash)
    .execute(conn)
    .await?;
    if inserted == 1 {
        return Ok(Claim::Claimed);
    }
    // Read committed: this statement sees the row the conflicting transaction committed.
    let stored = idempotency_keys::table
        .filter(idempotency_keys::tenant_id.eq(request.tenant_id))
        .filter(idempotency_keys::operation.eq(request.operation))
        .filter(idempotency_keys::key.eq(request.key))
        .select(StoredClaim::as_select())
        .first(conn)
        .await?;
    Ok(Claim::Used(stored))
}

/// Stores the response of the request that claimed the key, in the same transaction.
pub async fn record(
    conn: &mut AsyncPgConnection,
    request: KeyedRequest<'_>,
    status: i16,
    body: &[u8],
) -> Result<(), StoreError> {
    let updated = crate::prepared::sql(
        "UPDATE idempotency_keys SET response_status = $4, response_body = $5 \
         WHERE tenant_id = $1 AND operation = $2 AND key = $3",
    )
    .bind::<diesel::sql_types::Uuid, _>(request.tenant_id)
    .bind::<diesel::sql_types::Text, _>(request.operation)
    .bind::<diesel::sql_types::Text, _>(request.key)
    .bind::<diesel::sql_types::Int2, _>(status)
    .bind::<diesel::sql_types::Bytea, _>(body)
    .execute(conn)
    .await?;
    if updated == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}
