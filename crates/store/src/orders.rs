//! Scored orders: the decision with its reasons and signals, the order's identifier
//! fingerprints (for velocity), reviews and outcomes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{
    Array, Bool, Bytea, Int2, Int4, Int8, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use sekisho_domain::{OrderDecision, OrderStatus, Reason, RuleHit, ThreeDsRecommendation};

use crate::StoreError;
use crate::schema::{order_events, order_identifiers, orders};
use crate::vocabulary::{Checked, CheckedJson};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = orders)]
pub struct Order {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub merchant_order_id: String,
    pub ordered_at: DateTime<Utc>,
    pub amount_minor: i64,
    pub currency: String,
    pub payment_method: String,
    pub account_id: Option<String>,
    #[diesel(deserialize_as = Checked<OrderDecision>)]
    pub decision: OrderDecision,
    pub score: i16,
    #[diesel(deserialize_as = CheckedJson<Vec<Reason>>)]
    pub reasons: Vec<Reason>,
    #[diesel(deserialize_as = Checked<ThreeDsRecommendation>)]
    pub three_ds: ThreeDsRecommendation,
    pub policy_version: i32,
    #[diesel(deserialize_as = CheckedJson<Vec<RuleHit>>)]
    pub shadow_rules: Vec<RuleHit>,
    pub signals: serde_json::Value,
    pub summary: serde_json::Value,
    #[diesel(deserialize_as = Checked<OrderStatus>)]
    pub status: OrderStatus,
    pub review_decision: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_note: Option<String>,
    pub authorization_result: Option<String>,
    pub chargeback_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub idempotency_key: Option<String>,
    pub scored_at: DateTime<Utc>,
    pub times_scored: i32,
    /// `false` for an order scored with a test key: never in live lists, analytics or
    /// velocity (docs/TESTING.md).
    pub livemode: bool,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = orders)]
pub struct NewOrder {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub merchant_order_id: String,
    pub ordered_at: DateTime<Utc>,
    pub amount_minor: i64,
    pub currency: String,
    pub payment_method: String,
    pub account_id: Option<String>,
    #[diesel(serialize_as = Checked<OrderDecision>)]
    pub decision: OrderDecision,
    pub score: i16,
    #[diesel(serialize_as = CheckedJson<Vec<Reason>>)]
    pub reasons: Vec<Reason>,
    #[diesel(serialize_as = Checked<ThreeDsRecommendation>)]
    pub three_ds: ThreeDsRecommendation,
    pub policy_version: i32,
    #[diesel(serialize_as = CheckedJson<Vec<RuleHit>>)]
    pub shadow_rules: Vec<RuleHit>,
    pub signals: serde_json::Value,
    pub summary: serde_json::Value,
    #[diesel(serialize_as = Checked<OrderStatus>)]
    pub status: OrderStatus,
    pub idempotency_key: Option<String>,
    pub livemode: bool,
    /// The customer's own data, sealed under the data key (`sekisho_domain::customer_data`).
    pub customer_data: Option<Vec<u8>>,
}

/// What storing an order answers beside what the caller sent: the order's id (its first one, for
/// a merchant order scored before) and when it was scored.
#[derive(Debug, Clone, QueryableByName)]
pub struct StoredOrder {
    #[diesel(sql_type = SqlUuid)]
    pub tenant_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub merchant_order_id: String,
    #[diesel(sql_type = Bool)]
    pub livemode: bool,
    #[diesel(sql_type = Timestamptz)]
    pub scored_at: DateTime<Utc>,
    /// Stored for the first time by this statement: the order has no identifiers yet.
    #[diesel(sql_type = Bool)]
    pub first: bool,
}

/// One identifier of an order, fingerprinted.
#[derive(Debug, Clone)]
pub struct OrderIdentifier {
    pub kind: String,
    pub fingerprint: Vec<u8>,
}

pub use crate::velocity::{VelocityCount, VelocityQuery};

mod search;
pub use search::{OrderFilter, OrderSort};

impl Order {
    pub async fn find_by_idempotency_key(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        key: &str,
    ) -> Result<Option<Order>, StoreError> {
        Ok(orders::table
            .filter(orders::tenant_id.eq(tenant_id))
            .filter(orders::idempotency_key.eq(key))
            .select(Order::as_select())
            .first(conn)
            .await
            .optional()?)
    }

    pub async fn find(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<Order, StoreError> {
        Ok(orders::table
            .find((tenant_id, id))
            .select(Order::as_select())
            .first(conn)
            .await?)
    }

    /// Finds an order by Sekisho's id or by the merchant's order id, among the orders of one
    /// mode (`Some(livemode)`), or, with `None`, a live order by merchant id or any by id.
    pub async fn find_by_any_id(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: &str,
        livemode: Option<bool>,
    ) -> Result<Order, StoreError> {
        let by_merchant_id = orders::table
            .filter(orders::tenant_id.eq(tenant_id))
            .filter(orders::merchant_order_id.eq(id))
            .filter(orders::livemode.eq(livemode.unwrap_or(true)))
            .select(Order::as_select())
            .first(conn)
            .await
            .optional()?;
        match (by_merchant_id, id.parse::<Uuid>()) {
            (Some(order), _) => Ok(order),
            (None, Ok(uuid)) => {
                let order = Self::find(conn, tenant_id, uuid).await?;
                match livemode {
                    Some(mode) if mode != order.livemode => Err(StoreError::NotFound),
                    _ => Ok(order),
                }
            }
            (None, Err(_)) => Err(StoreError::NotFound),
        }
    }

    /// Stores a new assessment; scoring the same merchant order again replaces the assessment
    /// (and clears a pending review) but keeps Sekisho's id.
    pub async fn upsert(
        conn: &mut AsyncPgConnection,
        new: &NewOrder,
    ) -> Result<StoredOrder, StoreError> {
        Self::upsert_many(conn, &[new])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// [`Order::upsert`] for many orders in one statement planned once per connection (group
    /// commit): the merchant keys are claimed, which gives an order scored before its first id,
    /// and the orders are written under those ids. No two of `news` share a merchant order id
    /// (tenant, mode, id); rows come back in no particular order, with only what the caller
    /// does not hold already.
    pub async fn upsert_many(
        conn: &mut AsyncPgConnection,
        news: &[&NewOrder],
    ) -> Result<Vec<StoredOrder>, StoreError> {
        if news.is_empty() {
            return Ok(Vec::new());
        }
        let tenants: Vec<Uuid> = news.iter().map(|n| n.tenant_id).collect();
        let ids: Vec<Uuid> = news.iter().map(|n| n.id).collect();
        let merchant_ids: Vec<&str> = news.iter().map(|n| n.merchant_order_id.as_str()).collect();
        let modes: Vec<bool> = news.iter().map(|n| n.livemode).collect();
        let ordered_at: Vec<DateTime<Utc>> = news.iter().map(|n| n.ordered_at).collect();
        let amounts: Vec<i64> = news.iter().map(|n| n.amount_minor).collect();
        let currencies: Vec<&str> = news.iter().map(|n| n.currency.as_str()).collect();
        let methods: Vec<&str> = news.iter().map(|n| n.payment_method.as_str()).collect();
        let accounts: Vec<Option<&str>> = news.iter().map(|n| n.account_id.as_deref()).collect();
        let decisions: Vec<Checked<&OrderDecision>> =
            news.iter().map(|n| Checked::from(&n.decision)).collect();
        let scores: Vec<i16> = news.iter().map(|n| n.score).collect();
        let reasons: Vec<CheckedJson<&Vec<Reason>>> =
            news.iter().map(|n| CheckedJson::from(&n.reasons)).collect();
        let three_ds: Vec<Checked<&ThreeDsRecommendation>> =
            news.iter().map(|n| Checked::from(&n.three_ds)).collect();
        let versions: Vec<i32> = news.iter().map(|n| n.policy_version).collect();
        let shadow: Vec<CheckedJson<&Vec<RuleHit>>> = news
            .iter()
            .map(|n| CheckedJson::from(&n.shadow_rules))
            .collect();
        let signals: Vec<&serde_json::Value> = news.iter().map(|n| &n.signals).collect();
        let summaries: Vec<&serde_json::Value> = news.iter().map(|n| &n.summary).collect();
        let statuses: Vec<Checked<&OrderStatus>> =
            news.iter().map(|n| Checked::from(&n.status)).collect();
        let keys: Vec<Option<&str>> = news.iter().map(|n| n.idempotency_key.as_deref()).collect();
        let sealed: Vec<Option<&[u8]>> = news.iter().map(|n| n.customer_data.as_deref()).collect();
        Ok(crate::prepared::sql(
            // `orders` is partitioned by id (migration 2026-12-02-950001), so the merchant key's
            // uniqueness lives in `order_keys`: a key another transaction is claiming waits for
            // it, and keys (then orders) are taken in a stable order so that two batches cannot
            // deadlock.
            "WITH claimed AS ( \
                 INSERT INTO order_keys AS k (tenant_id, merchant_order_id, livemode, order_id) \
                 SELECT * FROM unnest($1::uuid[], $3::text[], $4::bool[], $2::uuid[]) \
                 ORDER BY 1, 2, 3 \
                 ON CONFLICT (tenant_id, merchant_order_id, livemode) \
                 DO UPDATE SET order_id = k.order_id \
                 RETURNING k.tenant_id, k.merchant_order_id, k.livemode, k.order_id \
             ) \
             INSERT INTO orders AS o (tenant_id, id, merchant_order_id, ordered_at, amount_minor, \
                 currency, payment_method, account_id, decision, score, reasons, three_ds, \
                 policy_version, shadow_rules, signals, summary, status, idempotency_key, \
                 livemode, customer_data) \
             SELECT g.tenant_id, c.order_id, g.merchant_order_id, g.ordered_at, g.amount_minor, \
                 g.currency, g.payment_method, g.account_id, g.decision, g.score, g.reasons, \
                 g.three_ds, g.policy_version, g.shadow_rules, g.signals, g.summary, g.status, \
                 g.idempotency_key, g.livemode, g.customer_data \
             FROM unnest($1::uuid[], $3::text[], $4::bool[], $5::timestamptz[], $6::int8[], \
                 $7::text[], $8::text[], $9::text[], $10::text[], $11::int2[], $12::jsonb[], \
                 $13::text[], $14::int4[], $15::jsonb[], $16::jsonb[], $17::jsonb[], \
                 $18::text[], $19::text[], $20::bytea[]) \
                 AS g(tenant_id, merchant_order_id, livemode, ordered_at, amount_minor, \
                      currency, payment_method, account_id, decision, score, reasons, three_ds, \
                      policy_version, shadow_rules, signals, summary, status, idempotency_key, \
                      customer_data) \
             JOIN claimed c ON c.tenant_id = g.tenant_id \
                 AND c.merchant_order_id = g.merchant_order_id AND c.livemode = g.livemode \
             ORDER BY 1, 2 \
             ON CONFLICT (tenant_id, id) DO UPDATE SET \
                 ordered_at = excluded.ordered_at, amount_minor = excluded.amount_minor, \
                 currency = excluded.currency, payment_method = excluded.payment_method, \
                 account_id = excluded.account_id, decision = excluded.decision, \
                 score = excluded.score, reasons = excluded.reasons, \
                 three_ds = excluded.three_ds, policy_version = excluded.policy_version, \
                 shadow_rules = excluded.shadow_rules, signals = excluded.signals, \
                 summary = excluded.summary, status = excluded.status, \
                 customer_data = excluded.customer_data, scored_at = now(), \
                 times_scored = o.times_scored + 1 \
             RETURNING o.tenant_id, o.id, o.merchant_order_id, o.livemode, o.scored_at, \
                 o.times_scored = 1 AS first",
        )
        .bind::<Array<SqlUuid>, _>(tenants)
        .bind::<Array<SqlUuid>, _>(ids)
        .bind::<Array<Text>, _>(merchant_ids)
        .bind::<Array<Bool>, _>(modes)
        .bind::<Array<Timestamptz>, _>(ordered_at)
        .bind::<Array<Int8>, _>(amounts)
        .bind::<Array<Text>, _>(currencies)
        .bind::<Array<Text>, _>(methods)
        .bind::<Array<Nullable<Text>>, _>(accounts)
        .bind::<Array<Text>, _>(decisions)
        .bind::<Array<Int2>, _>(scores)
        .bind::<Array<Jsonb>, _>(reasons)
        .bind::<Array<Text>, _>(three_ds)
        .bind::<Array<Int4>, _>(versions)
        .bind::<Array<Jsonb>, _>(shadow)
        .bind::<Array<Jsonb>, _>(signals)
        .bind::<Array<Jsonb>, _>(summaries)
        .bind::<Array<Text>, _>(statuses)
        .bind::<Array<Nullable<Text>>, _>(keys)
        .bind::<Array<Nullable<Bytea>>, _>(sealed)
        .load(conn)
        .await?)
    }

    /// Replaces the order's identifier fingerprints and moves the velocity counters by the
    /// difference from its earlier ones: a batch of one for `velocity::store_identifiers_batch`.
    pub async fn set_identifiers(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        order_id: Uuid,
        at: DateTime<Utc>,
        identifiers: &[OrderIdentifier],
    ) -> Result<(), StoreError> {
        let order = crate::velocity::OrderIdentifiers {
            tenant_id,
            order_id,
            at,
            first: false,
            identifiers,
        };
        crate::velocity::store_identifiers_batch(conn, &[order]).await
    }
}

impl Order {
    /// Records a reviewer's decision; `NotFound` unless the order is waiting for review.
    pub async fn review(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
        decision: &str,
        status: &str,
        reviewer: &str,
        note: Option<&str>,
    ) -> Result<Order, StoreError> {
        Ok(diesel::update(
            orders::table
                .find((tenant_id, id))
                .filter(orders::status.eq_any(["in_review", "held"])),
        )
        .set((
            orders::review_decision.eq(decision),
            orders::status.eq(status),
            orders::reviewed_by.eq(reviewer),
            orders::reviewed_at.eq(diesel::dsl::now),
            orders::review_note.eq(note),
        ))
        .returning(Order::as_returning())
        .get_result(conn)
        .await?)
    }

    /// Takes back a review decision made at or after `decided_after`: the order waits for
    /// review again. `NotFound` unless such a decision stands.
    pub async fn undo_review(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
        decided_after: DateTime<Utc>,
    ) -> Result<Order, StoreError> {
        Ok(diesel::update(
            orders::table
                .find((tenant_id, id))
                .filter(orders::review_decision.is_not_null())
                .filter(orders::reviewed_at.ge(decided_after)),
        )
        .set((
            orders::review_decision.eq(None::<String>),
            orders::status.eq("in_review"),
            orders::reviewed_by.eq(None::<String>),
            orders::reviewed_at.eq(None::<DateTime<Utc>>),
            orders::review_note.eq(None::<String>),
        ))
        .returning(Order::as_returning())
        .get_result(conn)
        .await?)
    }

    /// Sets one outcome column (authorization result, chargeback, refund, delivery).
    pub async fn record_outcome(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
        outcome: &Outcome,
    ) -> Result<Order, StoreError> {
        let target = orders::table.find((tenant_id, id));
        let query = match outcome {
            Outcome::Authorization(result) => {
                diesel::update(target)
                    .set(orders::authorization_result.eq(Some(result.clone())))
                    .returning(Order::as_returning())
                    .get_result(conn)
                    .await
            }
            Outcome::Chargeback(at) => {
                diesel::update(target)
                    .set(orders::chargeback_at.eq(Some(*at)))
                    .returning(Order::as_returning())
                    .get_result(conn)
                    .await
            }
            Outcome::ChargebackReversed => {
                diesel::update(target)
                    .set(orders::chargeback_at.eq(None::<DateTime<Utc>>))
                    .returning(Order::as_returning())
                    .get_result(conn)
                    .await
            }
            Outcome::Refund(at) => {
                diesel::update(target)
                    .set(orders::refunded_at.eq(Some(*at)))
                    .returning(Order::as_returning())
                    .get_result(conn)
                    .await
            }
            Outcome::Delivery(at) => {
                diesel::update(target)
                    .set(orders::delivered_at.eq(Some(*at)))
                    .returning(Order::as_returning())
                    .get_result(conn)
                    .await
            }
        };
        Ok(query?)
    }

    pub async fn identifiers(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<Vec<OrderIdentifier>, StoreError> {
        let rows: Vec<(String, Vec<u8>)> = order_identifiers::table
            .filter(order_identifiers::tenant_id.eq(tenant_id))
            .filter(order_identifiers::order_id.eq(id))
            .select((order_identifiers::kind, order_identifiers::fingerprint))
            .load(conn)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(kind, fingerprint)| OrderIdentifier { kind, fingerprint })
            .collect())
    }

    /// The tenant's median order amount in `currency` over its latest 10,000 live orders of the
    /// last 90 days, and how many orders that is. Bounded, so that its cost does not grow with
    /// the tenant: over all of 90 days, a tenant with a million orders took longer than the
    /// statement timeout, and every order of a freshly started server waited for it in vain.
    pub async fn usual_amount(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        currency: &str,
    ) -> Result<Option<(i64, i64)>, StoreError> {
        #[derive(QueryableByName)]
        struct Usual {
            #[diesel(sql_type = Nullable<Int8>)]
            median: Option<i64>,
            #[diesel(sql_type = Int8)]
            orders: i64,
        }
        let usual: Usual = diesel::sql_query(
            "SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY amount_minor))::bigint AS median, \
                    count(*) AS orders \
             FROM (SELECT amount_minor FROM orders \
                   WHERE tenant_id = $1 AND livemode AND scored_at > now() - interval '90 days' \
                     AND currency = $2 \
                   ORDER BY scored_at DESC LIMIT 10000) AS latest",
        )
        .bind::<SqlUuid, _>(tenant_id)
        .bind::<Text, _>(currency)
        .get_result(conn)
        .await?;
        Ok(usual.median.map(|median| (median, usual.orders)))
    }
}

#[derive(Debug, Clone)]
pub enum Outcome {
    Authorization(String),
    Chargeback(DateTime<Utc>),
    ChargebackReversed,
    Refund(DateTime<Utc>),
    Delivery(DateTime<Utc>),
}

/// An order's history: reviews and outcomes.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = order_events)]
pub struct OrderEvent {
    pub id: i64,
    pub order_id: Uuid,
    pub event_type: String,
    pub details: serde_json::Value,
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl OrderEvent {
    pub async fn record(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        order_id: Uuid,
        event_type: &str,
        details: serde_json::Value,
        actor: &str,
    ) -> Result<(), StoreError> {
        diesel::insert_into(order_events::table)
            .values((
                order_events::tenant_id.eq(tenant_id),
                order_events::order_id.eq(order_id),
                order_events::event_type.eq(event_type),
                order_events::details.eq(details),
                order_events::actor.eq(actor),
            ))
            .execute(conn)
            .await?;
        Ok(())
    }

    pub async fn list(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        order_id: Uuid,
    ) -> Result<Vec<OrderEvent>, StoreError> {
        Ok(order_events::table
            .filter(order_events::tenant_id.eq(tenant_id))
            .filter(order_events::order_id.eq(order_id))
            .select(OrderEvent::as_select())
            .order(order_events::id.asc())
            .load(conn)
            .await?)
    }
}

/// For the backtest: every stored order's signals and reasons in a period, oldest first.
#[derive(Debug, Clone, QueryableByName)]
pub struct Replayable {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub merchant_order_id: String,
    #[diesel(sql_type = Text)]
    pub decision: Checked<OrderDecision>,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub signals: serde_json::Value,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub reasons: CheckedJson<Vec<Reason>>,
    #[diesel(sql_type = Bool)]
    pub confirmed_fraud: bool,
}

pub async fn replayable(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Replayable>, StoreError> {
    Ok(diesel::sql_query(
        "SELECT id, merchant_order_id, decision, signals, reasons, \
                (chargeback_at IS NOT NULL OR coalesce(review_decision = 'reject', false)) AS confirmed_fraud \
         FROM orders WHERE tenant_id = $1 AND livemode AND scored_at >= $2 ORDER BY scored_at DESC LIMIT $3",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<diesel::sql_types::Timestamptz, _>(since)
    .bind::<Int8, _>(limit)
    .load(conn)
    .await?)
}

/// How many of the tenant's live orders scored since `since` each passive (shadow) rule
/// matched, by rule id (with the rule's latest name), from what the orders recorded.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct ShadowHits {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Int8)]
    pub hits: i64,
}

pub async fn shadow_hits(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    since: DateTime<Utc>,
) -> Result<Vec<ShadowHits>, StoreError> {
    Ok(crate::prepared::sql(
        "SELECT r.hit->>'id' AS id, max(r.hit->>'name') AS name, count(*) AS hits \
         FROM orders o CROSS JOIN LATERAL jsonb_array_elements(o.shadow_rules) AS r(hit) \
         WHERE o.tenant_id = $1 AND o.livemode AND o.scored_at >= $2 \
           AND jsonb_array_length(o.shadow_rules) > 0 \
         GROUP BY 1 ORDER BY 1",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<diesel::sql_types::Timestamptz, _>(since)
    .load(conn)
    .await?)
}
