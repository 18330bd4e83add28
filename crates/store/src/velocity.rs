//! Order velocity from counters maintained as orders are stored (migration
//! `2026-12-01-700001_velocity_counters`), so that reading a metric costs O(buckets in its
//! window) whatever the history at the key: an address shared by 10,000 orders costs what a
//! fresh one does.
//!
//! - **Buckets.** Every counter is kept per (tenant, key kind, key fingerprint, bucket size,
//!   bucket start). A window is read from buckets of [`bucket_secs`] (5 minutes for windows up
//!   to an hour, 1 hour up to a day, 1 day beyond), rounded out to whole buckets: a 1 h window
//!   reads 13 five-minute buckets, 24 h 25 hourly ones, 30 d 31 daily ones.
//! - **Orders per key** (`velocity_counts`): a count per bucket.
//! - **Distinct values per key** (`velocity_values`, cards per IP, names per address, …): the
//!   exact set of values in each bucket, each with the number of orders that carried it, up to
//!   [`EXACT_LIMIT`] values per bucket; the values beyond go into a HyperLogLog sketch of the
//!   bucket (`velocity_sketches`, Cloudflare's `cardinality-estimator`, 2^10 registers: about
//!   3 % standard error, 660 bytes). A count is exact while no bucket of its window holds a
//!   sketch, whatever the window's total. A bucket with a sketch is marked among its values (an
//!   empty value counting no order, written by a trigger with the sketch: migration
//!   `2026-12-04-990051`), so that reads and the writer look sketches up only where one is.
//! - **Re-scoring** an order replaces its contribution (the counters move by the difference
//!   between its new and its earlier identifiers), exactly in the exact sets; a value that went
//!   into a sketch cannot be taken out again (the estimate stays an upper bound). A value taken
//!   back to zero is deleted by a trigger (migration `2026-12-04-990301`), so every row of an
//!   exact set but a marker counts an order and reads need the index's columns only.
//! - **Locking.** Writers lock counters in one order (counts, values, sketches; each by key),
//!   so concurrent orders on one busy address wait for each other but never deadlock.

use cardinality_estimator::CardinalityEstimator;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{
    Array, Bool, Bytea, Int4, Int8, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;

/// How many distinct values a bucket keeps exactly before it switches to a sketch.
pub const EXACT_LIMIT: i32 = 64;

/// The finest bucket: windows up to an hour are read from 13 of them rather than 61 one-minute
/// buckets (the read was the largest part of scoring's database time), at the cost of a window
/// rounded out by up to five minutes instead of one.
const FIVE_MINUTES: i32 = 300;
const HOUR: i32 = 3600;
const DAY: i32 = 24 * HOUR;

/// The bucket size a window of `window_secs` is read from.
pub fn bucket_secs(window_secs: i32) -> i32 {
    if window_secs <= HOUR {
        FIVE_MINUTES
    } else if window_secs <= DAY {
        HOUR
    } else {
        DAY
    }
}

/// One kind of counter kept for every stored order: for orders carrying `key_kind`, the orders
/// (`counted_kind` `None`) or the distinct values of `counted_kind`, in buckets of
/// `bucket_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tracked {
    pub key_kind: &'static str,
    pub counted_kind: Option<&'static str>,
    pub bucket_secs: i32,
}

const fn tracked(
    key_kind: &'static str,
    counted_kind: Option<&'static str>,
    bucket_secs: i32,
) -> Tracked {
    Tracked {
        key_kind,
        counted_kind,
        bucket_secs,
    }
}

/// Every counter kept, one per velocity metric the scoring reads (windows of 1 h, 24 h and 30 d
/// as [`bucket_secs`] maps them). A question about anything else is refused by [`read_batch`].
pub const TRACKED: &[Tracked] = &[
    tracked("ip", Some("card"), FIVE_MINUTES),
    tracked("ip", Some("card"), HOUR),
    tracked("device_id", Some("card"), FIVE_MINUTES),
    tracked("device_id", Some("card"), HOUR),
    tracked("card", None, FIVE_MINUTES),
    tracked("card", None, HOUR),
    tracked("account", None, FIVE_MINUTES),
    tracked("account", None, HOUR),
    tracked("address_delivery_point", Some("name"), HOUR),
    tracked("address_delivery_point", Some("name"), DAY),
    tracked("address_delivery_point", Some("account"), DAY),
    tracked("address_delivery_point", Some("card"), DAY),
];

/// One velocity question: among the tenant's orders in the window that share `key`, how many
/// distinct `counted` values (or orders, when `counted_kind` is `None`), counting this order.
#[derive(Debug, Clone)]
pub struct VelocityQuery {
    pub metric: String,
    pub key_kind: String,
    pub key: Vec<u8>,
    pub counted_kind: Option<String>,
    pub counted: Option<Vec<u8>>,
    pub window_secs: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VelocityCount {
    pub metric: String,
    pub count: i64,
}

/// A HyperLogLog sketch of one bucket's values beyond its exact set.
type Sketch = CardinalityEstimator<[u8], wyhash::WyHash, 10, 5>;

/// Values are keyed fingerprints (HMAC-SHA256): their first 8 bytes are already uniform.
fn value_hash(value: &[u8]) -> u64 {
    let mut first = [0u8; 8];
    for (slot, byte) in first.iter_mut().zip(value) {
        *slot = *byte;
    }
    u64::from_le_bytes(first)
}

/// A sketch as stored: the estimator's word, then its registers (little-endian), from the
/// crate's own serde form so that its invariants are checked on the way back.
fn encode(sketch: &Sketch) -> Result<Vec<u8>, StoreError> {
    let form =
        serde_json::to_value(sketch).map_err(|_| StoreError::Unavailable("sketch".into()))?;
    let word = form.get(0).and_then(serde_json::Value::as_u64).unwrap_or(0);
    let mut bytes = word.to_le_bytes().to_vec();
    if let Some(registers) = form.get(1).and_then(serde_json::Value::as_array) {
        for register in registers {
            let register = register
                .as_u64()
                .and_then(|r| u32::try_from(r).ok())
                .unwrap_or(0);
            bytes.extend_from_slice(&register.to_le_bytes());
        }
    }
    Ok(bytes)
}

/// The stored sketch back; a damaged one reads as empty (the counts are estimates there anyway).
fn decode(bytes: &[u8]) -> Sketch {
    let Some((word, registers)) = bytes.split_first_chunk::<8>() else {
        return Sketch::new();
    };
    let registers: Vec<u32> = registers
        .chunks_exact(4)
        .map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
        .collect();
    let registers = (!registers.is_empty()).then_some(registers);
    serde_json::from_value(serde_json::json!([u64::from_le_bytes(*word), registers]))
        .unwrap_or_else(|_| Sketch::new())
}

#[derive(Debug, QueryableByName)]
struct CounterRow {
    #[diesel(sql_type = Text)]
    metric: String,
    #[diesel(sql_type = Int8)]
    count: i64,
    #[diesel(sql_type = Nullable<Array<Bytea>>)]
    sketches: Option<Vec<Vec<u8>>>,
    #[diesel(sql_type = Nullable<Array<Bytea>>)]
    exact: Option<Vec<Vec<u8>>>,
}

impl CounterRow {
    fn count(self) -> VelocityCount {
        let count = match self.sketches {
            None => self.count,
            Some(sketches) => {
                let mut merged = Sketch::new();
                for stored in &sketches {
                    merged.merge(&decode(stored));
                }
                for value in self.exact.iter().flatten() {
                    merged.insert_hash(value_hash(value));
                }
                let estimate = i64::try_from(merged.estimate()).unwrap_or(i64::MAX);
                estimate.max(self.count)
            }
        };
        VelocityCount {
            metric: self.metric,
            count,
        }
    }
}

/// A question no counter answers: a programming error, never an input.
fn check_tracked(queries: &[VelocityQuery]) -> Result<Vec<i32>, StoreError> {
    let buckets: Vec<i32> = queries.iter().map(|q| bucket_secs(q.window_secs)).collect();
    for (query, bucket) in queries.iter().zip(&buckets) {
        let kept = TRACKED.iter().any(|t| {
            t.key_kind == query.key_kind
                && t.counted_kind == query.counted_kind.as_deref()
                && t.bucket_secs == *bucket
        });
        if !kept {
            return Err(StoreError::Unavailable(format!(
                "no velocity counter for {}",
                query.metric
            )));
        }
    }
    Ok(buckets)
}

/// One order's velocity questions in a batch read by [`read_batch`].
#[derive(Debug, Clone, Copy)]
pub struct OrderVelocity<'a> {
    pub tenant_id: Uuid,
    pub merchant_order_id: &'a str,
    pub queries: &'a [VelocityQuery],
}

#[derive(Debug, QueryableByName)]
struct BatchCounterRow {
    #[diesel(sql_type = Int4)]
    idx: i32,
    #[diesel(embed)]
    row: CounterRow,
}

/// Answers the velocity questions of many orders of any tenants in one statement, whose plan is
/// set up once for them all (run it in platform scope: each order's counters are matched on its
/// own tenant). Counts include the order being scored (its values are passed in), whether or not
/// it is stored yet, and never count an earlier scoring of the same merchant order twice. The
/// answers come back per order, in the orders' order, in no particular order within one.
pub async fn read_batch<C: crate::Db>(
    conn: &mut C,
    orders: &[OrderVelocity<'_>],
) -> Result<Vec<Vec<VelocityCount>>, StoreError> {
    let mut answers: Vec<Vec<VelocityCount>> = orders.iter().map(|_| Vec::new()).collect();
    let tenants: Vec<Uuid> = orders.iter().map(|o| o.tenant_id).collect();
    let merchant_order_ids: Vec<&str> = orders.iter().map(|o| o.merchant_order_id).collect();
    let mut idx: Vec<i32> = Vec::new();
    let mut buckets: Vec<i32> = Vec::new();
    for (position, order) in (1..).zip(orders) {
        buckets.extend(check_tracked(order.queries)?);
        idx.extend(order.queries.iter().map(|_| position));
    }
    if idx.is_empty() {
        return Ok(answers);
    }
    let queries = || orders.iter().flat_map(|o| o.queries);
    let metrics: Vec<&str> = queries().map(|q| q.metric.as_str()).collect();
    let key_kinds: Vec<&str> = queries().map(|q| q.key_kind.as_str()).collect();
    let keys: Vec<&[u8]> = queries().map(|q| q.key.as_slice()).collect();
    let counted_kinds: Vec<Option<&str>> = queries().map(|q| q.counted_kind.as_deref()).collect();
    let counted: Vec<Option<&[u8]>> = queries().map(|q| q.counted.as_deref()).collect();
    let windows: Vec<i32> = queries().map(|q| q.window_secs).collect();
    let rows: Vec<BatchCounterRow> = crate::prepared::sql(
        "SELECT idx, metric, count, sketches, exact \
         FROM sekisho_orders_velocity($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind::<Array<SqlUuid>, _>(tenants)
    .bind::<Array<Text>, _>(merchant_order_ids)
    .bind::<Array<Int4>, _>(idx)
    .bind::<Array<Text>, _>(metrics)
    .bind::<Array<Text>, _>(key_kinds)
    .bind::<Array<Bytea>, _>(keys)
    .bind::<Array<Nullable<Text>>, _>(counted_kinds)
    .bind::<Array<Nullable<Bytea>>, _>(counted)
    .bind::<Array<Int4>, _>(windows)
    .bind::<Array<Int4>, _>(buckets)
    .load(conn)
    .await?;
    for BatchCounterRow { idx, row } in rows {
        let answer = usize::try_from(idx)
            .ok()
            .and_then(|idx| idx.checked_sub(1))
            .and_then(|position| answers.get_mut(position))
            .ok_or_else(|| StoreError::Unavailable("a velocity answer for no order".into()))?;
        answer.push(row.count());
    }
    Ok(answers)
}

/// A value that found its bucket's exact set full.
#[derive(Debug, QueryableByName)]
struct Overflow {
    #[diesel(sql_type = Text)]
    key_kind: String,
    #[diesel(sql_type = Bytea)]
    key: Vec<u8>,
    #[diesel(sql_type = Text)]
    counted_kind: String,
    #[diesel(sql_type = Int4)]
    bucket_secs: i32,
    #[diesel(sql_type = Timestamptz)]
    bucket_start: DateTime<Utc>,
    #[diesel(sql_type = Bytea)]
    value: Vec<u8>,
}

/// One order of a batch written by [`store_identifiers_batch`].
#[derive(Debug, Clone, Copy)]
pub struct OrderIdentifiers<'a> {
    pub tenant_id: Uuid,
    pub order_id: Uuid,
    pub at: DateTime<Utc>,
    /// Stored for the first time in this transaction ([`crate::orders::StoredOrder::first`]):
    /// no earlier identifiers to look for. `false` is always correct, only slower.
    pub first: bool,
    pub identifiers: &'a [crate::orders::OrderIdentifier],
}

/// A value of a batch that found its bucket's exact set full.
#[derive(Debug, QueryableByName)]
struct TenantOverflow {
    #[diesel(sql_type = SqlUuid)]
    tenant_id: Uuid,
    #[diesel(embed)]
    overflow: Overflow,
}

/// Replaces the identifier fingerprints of many orders in one statement (group commit) and moves
/// the counters by the difference from their earlier ones, summed over the batch, so that a key
/// carried by many of its orders is written once. Each order appears at most once in `orders`.
pub async fn store_identifiers_batch(
    conn: &mut AsyncPgConnection,
    orders: &[OrderIdentifiers<'_>],
) -> Result<(), StoreError> {
    if orders.is_empty() {
        return Ok(());
    }
    let tenants: Vec<Uuid> = orders.iter().map(|o| o.tenant_id).collect();
    let ids: Vec<Uuid> = orders.iter().map(|o| o.order_id).collect();
    let ats: Vec<DateTime<Utc>> = orders.iter().map(|o| o.at).collect();
    let firsts: Vec<bool> = orders.iter().map(|o| o.first).collect();
    let mut idx: Vec<i32> = Vec::new();
    let mut kinds: Vec<&str> = Vec::new();
    let mut fingerprints: Vec<&[u8]> = Vec::new();
    for (position, order) in (1..).zip(orders) {
        for identifier in order.identifiers {
            idx.push(position);
            kinds.push(identifier.kind.as_str());
            fingerprints.push(identifier.fingerprint.as_slice());
        }
    }
    let tracked_keys: Vec<&str> = TRACKED.iter().map(|t| t.key_kind).collect();
    let tracked_counted: Vec<Option<&str>> = TRACKED.iter().map(|t| t.counted_kind).collect();
    let tracked_buckets: Vec<i32> = TRACKED.iter().map(|t| t.bucket_secs).collect();
    let overflow: Vec<TenantOverflow> = crate::prepared::sql(
        "SELECT tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start, value \
         FROM sekisho_store_orders_identifiers($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind::<Array<SqlUuid>, _>(tenants)
    .bind::<Array<SqlUuid>, _>(ids)
    .bind::<Array<Timestamptz>, _>(ats)
    .bind::<Array<Bool>, _>(firsts)
    .bind::<Array<Int4>, _>(idx)
    .bind::<Array<Text>, _>(kinds)
    .bind::<Array<Bytea>, _>(fingerprints)
    .bind::<Array<Text>, _>(tracked_keys)
    .bind::<Array<Nullable<Text>>, _>(tracked_counted)
    .bind::<Array<Int4>, _>(tracked_buckets)
    .bind::<Int4, _>(EXACT_LIMIT)
    .load(conn)
    .await?;
    // Rows come sorted by tenant: each tenant's sketches in one step, in key order.
    let mut rest = overflow.as_slice();
    while let Some(first) = rest.first() {
        let tenant_id = first.tenant_id;
        let split = rest
            .iter()
            .position(|o| o.tenant_id != tenant_id)
            .unwrap_or(rest.len());
        let (this, next) = rest.split_at(split);
        let values: Vec<&Overflow> = this.iter().map(|o| &o.overflow).collect();
        add_to_sketches(conn, tenant_id, &values).await?;
        rest = next;
    }
    Ok(())
}

#[derive(Debug, QueryableByName)]
struct LockedSketch {
    #[diesel(sql_type = Text)]
    key_kind: String,
    #[diesel(sql_type = Bytea)]
    key: Vec<u8>,
    #[diesel(sql_type = Text)]
    counted_kind: String,
    #[diesel(sql_type = Int4)]
    bucket_secs: i32,
    #[diesel(sql_type = Timestamptz)]
    bucket_start: DateTime<Utc>,
    #[diesel(sql_type = Bytea)]
    sketch: Vec<u8>,
    /// A new sketch starts from the bucket's exact set.
    #[diesel(sql_type = Nullable<Array<Bytea>>)]
    seed: Option<Vec<Vec<u8>>>,
}

/// Adds the values that overflowed to their buckets' sketches: the sketches are created or
/// locked in key order (one statement), merged here, and written back.
async fn add_to_sketches(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    overflow: &[&Overflow],
) -> Result<(), StoreError> {
    let key_kinds: Vec<&str> = overflow.iter().map(|o| o.key_kind.as_str()).collect();
    let keys: Vec<&[u8]> = overflow.iter().map(|o| o.key.as_slice()).collect();
    let counted_kinds: Vec<&str> = overflow.iter().map(|o| o.counted_kind.as_str()).collect();
    let buckets: Vec<i32> = overflow.iter().map(|o| o.bucket_secs).collect();
    let starts: Vec<DateTime<Utc>> = overflow.iter().map(|o| o.bucket_start).collect();
    let locked: Vec<LockedSketch> = crate::prepared::sql(
        "INSERT INTO velocity_sketches AS s \
             (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start, sketch) \
         SELECT DISTINCT $1::uuid, u.key_kind, u.key, u.counted_kind, u.bucket_secs, u.bucket_start, \
                '\\x'::bytea \
         FROM unnest($2::text[], $3::bytea[], $4::text[], $5::int[], $6::timestamptz[]) \
             AS u(key_kind, key, counted_kind, bucket_secs, bucket_start) \
         ORDER BY 2, 3, 4, 5, 6 \
         ON CONFLICT (tenant_id, key_kind, key, counted_kind, bucket_secs, bucket_start) \
         DO UPDATE SET sketch = s.sketch \
         RETURNING s.key_kind, s.key, s.counted_kind, s.bucket_secs, s.bucket_start, s.sketch, \
             CASE WHEN s.sketch = '\\x'::bytea THEN ( \
                 SELECT array_agg(v.value) FROM velocity_values v \
                 WHERE v.tenant_id = s.tenant_id AND v.key_kind = s.key_kind AND v.key = s.key \
                   AND v.counted_kind = s.counted_kind AND v.bucket_secs = s.bucket_secs \
                   AND v.bucket_start = s.bucket_start AND v.orders > 0) END AS seed",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Array<Text>, _>(&key_kinds)
    .bind::<Array<Bytea>, _>(&keys)
    .bind::<Array<Text>, _>(&counted_kinds)
    .bind::<Array<Int4>, _>(&buckets)
    .bind::<Array<Timestamptz>, _>(&starts)
    .load(conn)
    .await?;

    let mut written: Vec<(LockedSketch, Vec<u8>)> = Vec::with_capacity(locked.len());
    for found in locked {
        let mut sketch = if found.sketch.is_empty() {
            Sketch::new()
        } else {
            decode(&found.sketch)
        };
        for value in found.seed.iter().flatten() {
            sketch.insert_hash(value_hash(value));
        }
        for value in overflow.iter().filter(|o| {
            o.key_kind == found.key_kind
                && o.key == found.key
                && o.counted_kind == found.counted_kind
                && o.bucket_secs == found.bucket_secs
                && o.bucket_start == found.bucket_start
        }) {
            sketch.insert_hash(value_hash(&value.value));
        }
        let bytes = encode(&sketch)?;
        written.push((found, bytes));
    }
    let key_kinds: Vec<&str> = written.iter().map(|(s, _)| s.key_kind.as_str()).collect();
    let keys: Vec<&[u8]> = written.iter().map(|(s, _)| s.key.as_slice()).collect();
    let counted_kinds: Vec<&str> = written
        .iter()
        .map(|(s, _)| s.counted_kind.as_str())
        .collect();
    let buckets: Vec<i32> = written.iter().map(|(s, _)| s.bucket_secs).collect();
    let starts: Vec<DateTime<Utc>> = written.iter().map(|(s, _)| s.bucket_start).collect();
    let sketches: Vec<&[u8]> = written.iter().map(|(_, b)| b.as_slice()).collect();
    crate::prepared::sql(
        "UPDATE velocity_sketches s SET sketch = u.sketch \
         FROM unnest($2::text[], $3::bytea[], $4::text[], $5::int[], $6::timestamptz[], $7::bytea[]) \
             AS u(key_kind, key, counted_kind, bucket_secs, bucket_start, sketch) \
         WHERE s.tenant_id = $1 AND s.key_kind = u.key_kind AND s.key = u.key \
           AND s.counted_kind = u.counted_kind AND s.bucket_secs = u.bucket_secs \
           AND s.bucket_start = u.bucket_start",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Array<Text>, _>(&key_kinds)
    .bind::<Array<Bytea>, _>(&keys)
    .bind::<Array<Text>, _>(&counted_kinds)
    .bind::<Array<Int4>, _>(&buckets)
    .bind::<Array<Timestamptz>, _>(&starts)
    .bind::<Array<Bytea>, _>(&sketches)
    .execute(conn)
    .await?;
    Ok(())
}

/// Drops the buckets no window reaches any more (`sekisho_prune_velocity`: the whole weeks that
/// ended 32 days ago or earlier, and stragglers in the default partitions); returns how many rows
/// went, estimated for the dropped weeks. DDL: run it on the schema owner's connection
/// ([`crate::partitions::counters`]), not on the application's pool.
pub async fn prune(conn: &mut AsyncPgConnection) -> Result<i64, StoreError> {
    crate::partitions::counters::prune(conn).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(i: u32) -> Vec<u8> {
        let mut bytes = [0u8; 32];
        // Spread like a keyed fingerprint would be (splitmix64's finaliser).
        let mut mixed = u64::from(i).wrapping_add(0x9E37_79B9_7F4A_7C15);
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^= mixed >> 31;
        bytes[..8].copy_from_slice(&mixed.to_le_bytes());
        bytes.to_vec()
    }

    #[test]
    fn a_sketch_survives_storage_at_every_size() {
        for n in [0u32, 1, 2, 3, 40, 500, 5_000] {
            let mut sketch = Sketch::new();
            for i in 0..n {
                sketch.insert_hash(value_hash(&value(i)));
            }
            let stored = encode(&sketch).unwrap();
            assert!(
                stored.len() <= 8 + 4 * 170,
                "{n} values: {} bytes",
                stored.len()
            );
            let back = decode(&stored);
            assert_eq!(back.estimate(), sketch.estimate(), "{n} values");
        }
    }

    #[test]
    fn merged_sketches_estimate_the_union_within_a_few_percent() {
        let mut a = Sketch::new();
        let mut b = Sketch::new();
        for i in 0..3_000 {
            a.insert_hash(value_hash(&value(i)));
        }
        for i in 2_000..5_000 {
            b.insert_hash(value_hash(&value(i)));
        }
        a.merge(&decode(&encode(&b).unwrap()));
        let estimate = a.estimate() as f64;
        assert!((estimate - 5_000.0).abs() / 5_000.0 < 0.1, "{estimate}");
    }

    #[test]
    fn windows_map_to_tracked_bucket_sizes() {
        assert_eq!(bucket_secs(600), 300);
        assert_eq!(bucket_secs(3600), 300);
        assert_eq!(bucket_secs(86_400), 3600);
        assert_eq!(bucket_secs(30 * 86_400), 86_400);
    }
}
