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

/// What a committed earlier use of the key left behind, without claiming it: `None` when the
/// key is free or claimed by a transaction still running.
pub async fn find(
    conn: &mut AsyncPgConnection,
    request: KeyedRequest<'_>,
) -> Result<Option<StoredClaim>, StoreError> {
    Ok(idempotency_keys::table
        .filter(idempotency_keys::tenant_id.eq(request.tenant_id))
        .filter(idempotency_keys::operation.eq(request.operation))
        .filter(idempotency_keys::key.eq(request.key))
        .select(StoredClaim::as_select())
        .first(conn)
        .await
        .optional()?)
}

#[derive(Debug, QueryableByName)]
struct ClaimedKey {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    tenant_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Text)]
    operation: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    key: String,
}

/// [`claim`] for many keys in one statement (group commit); no two of `requests` share a key.
/// Answers in the order of `requests`.
pub async fn claim_many(
    conn: &mut AsyncPgConnection,
    requests: &[KeyedRequest<'_>],
) -> Result<Vec<Claim>, StoreError> {
    use diesel::sql_types::{Array, Bytea, Text, Uuid as SqlUuid};
    if requests.is_empty() {
        return Ok(Vec::new());
    }
    let tenants: Vec<Uuid> = requests.iter().map(|r| r.tenant_id).collect();
    let operations: Vec<&str> = requests.iter().map(|r| r.operation).collect();
    let keys: Vec<&str> = requests.iter().map(|r| r.key).collect();
    let hashes: Vec<&[u8]> = requests.iter().map(|r| r.request_hash).collect();
    let claimed: Vec<ClaimedKey> = crate::prepared::sql(
        "INSERT INTO idempotency_keys (tenant_id, operation, key, request_hash) \
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[]) \
         ON CONFLICT DO NOTHING RETURNING tenant_id, operation, key",
    )
    .bind::<Array<SqlUuid>, _>(tenants)
    .bind::<Array<Text>, _>(operations)
    .bind::<Array<Text>, _>(keys)
    .bind::<Array<Bytea>, _>(hashes)
    .load(conn)
    .await?;
    let is_claimed = |request: &KeyedRequest<'_>| {
        claimed.iter().any(|c| {
            c.tenant_id == request.tenant_id
                && c.operation == request.operation
                && c.key == request.key
        })
    };
    let mut answers = Vec::with_capacity(requests.len());
    for request in requests {
        if is_claimed(request) {
            answers.push(Claim::Claimed);
            continue;
        }
        // Read committed: this statement sees the row the conflicting transaction committed.
        let stored = find(conn, *request).await?.ok_or(StoreError::NotFound)?;
        answers.push(Claim::Used(stored));
    }
    Ok(answers)
}

/// [`record`] for many claimed keys in one statement.
pub async fn record_many(
    conn: &mut AsyncPgConnection,
    responses: &[(KeyedRequest<'_>, i16, &[u8])],
) -> Result<(), StoreError> {
    use diesel::sql_types::{Array, Bytea, Int2, Text, Uuid as SqlUuid};
    if responses.is_empty() {
        return Ok(());
    }
    let tenants: Vec<Uuid> = responses.iter().map(|(r, _, _)| r.tenant_id).collect();
    let operations: Vec<&str> = responses.iter().map(|(r, _, _)| r.operation).collect();
    let keys: Vec<&str> = responses.iter().map(|(r, _, _)| r.key).collect();
    let statuses: Vec<i16> = responses.iter().map(|(_, s, _)| *s).collect();
    let bodies: Vec<&[u8]> = responses.iter().map(|(_, _, b)| *b).collect();
    let updated = crate::prepared::sql(
        "UPDATE idempotency_keys k SET response_status = u.status, response_body = u.body \
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int2[], $5::bytea[]) \
             AS u(tenant_id, operation, key, status, body) \
         WHERE k.tenant_id = u.tenant_id AND k.operation = u.operation AND k.key = u.key",
    )
    .bind::<Array<SqlUuid>, _>(tenants)
    .bind::<Array<Text>, _>(operations)
    .bind::<Array<Text>, _>(keys)
    .bind::<Array<Int2>, _>(statuses)
    .bind::<Array<Bytea>, _>(bodies)
    .execute(conn)
    .await?;
    if updated == responses.len() {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}
