//! Orders linked through shared identifiers (名寄せ): one hop at a time over
//! `order_identifiers`, each identifier's neighbours bounded, always inside one tenant (the
//! tenant in every WHERE clause, and RLS under it).

use diesel::prelude::*;
use diesel::sql_types::{Array, Bytea, Int8, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::orders::Order;
use crate::schema::{order_identifiers, orders};

/// One order sharing one identifier.
#[derive(Debug, Clone, QueryableByName)]
pub struct Neighbour {
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Bytea)]
    pub fingerprint: Vec<u8>,
    #[diesel(sql_type = SqlUuid)]
    pub order_id: Uuid,
}

/// For each (kind, fingerprint), up to `per_identifier` of the tenant's orders holding it, other
/// than `known`. A forwarder's address held by 10,000 orders costs `per_identifier` rows: the
/// LIMIT stops the index scan.
pub async fn neighbours(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    kinds: &[String],
    fingerprints: &[Vec<u8>],
    known: &[Uuid],
    per_identifier: i64,
) -> Result<Vec<Neighbour>, StoreError> {
    Ok(diesel::sql_query(
        "SELECT s.kind, s.fingerprint, n.order_id \
         FROM unnest($2::text[], $3::bytea[]) AS s(kind, fingerprint) \
         CROSS JOIN LATERAL ( \
             SELECT i.order_id FROM order_identifiers i \
             WHERE i.fingerprint = s.fingerprint AND i.kind = s.kind AND i.tenant_id = $1 \
               AND i.order_id <> ALL($4::uuid[]) \
             LIMIT $5 \
         ) AS n",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Array<Text>, _>(kinds)
    .bind::<Array<Bytea>, _>(fingerprints)
    .bind::<Array<SqlUuid>, _>(known)
    .bind::<Int8, _>(per_identifier)
    .load(conn)
    .await?)
}

/// The identifiers of these orders, of these kinds: (order, kind, fingerprint).
pub async fn identifiers_of(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    order_ids: &[Uuid],
    kinds: &[&str],
) -> Result<Vec<(Uuid, String, Vec<u8>)>, StoreError> {
    Ok(order_identifiers::table
        .filter(order_identifiers::tenant_id.eq(tenant_id))
        .filter(order_identifiers::order_id.eq_any(order_ids))
        .filter(order_identifiers::kind.eq_any(kinds))
        .select((
            order_identifiers::order_id,
            order_identifiers::kind,
            order_identifiers::fingerprint,
        ))
        .load(conn)
        .await?)
}

/// The tenant's orders with these ids.
pub async fn orders_by_id(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Order>, StoreError> {
    Ok(orders::table
        .filter(orders::tenant_id.eq(tenant_id))
        .filter(orders::id.eq_any(ids))
        .select(Order::as_select())
        .load(conn)
        .await?)
}
