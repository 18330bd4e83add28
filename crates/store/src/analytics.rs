//! Aggregates behind the dashboards. Calendar days and months are Japan's (Asia/Tokyo): the card
//! industry counts a merchant's monthly fraud in local months.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Double, Int4, Int8, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::fraud_thresholds;

pub const TIME_ZONE: &str = "Asia/Tokyo";

/// One month of the fraud-prone-merchant (不正顕在化加盟店) figure and what lies outside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, QueryableByName)]
pub struct MonthlyFraud {
    /// `YYYY-MM`.
    #[diesel(sql_type = Text)]
    pub month: String,
    /// Card fraud actually charged, each loss once: `chargebacks_minor + manual_reports_minor`.
    #[diesel(sql_type = Int8)]
    pub card_fraud_minor: i64,
    /// Losses counted in `card_fraud_minor`.
    #[diesel(sql_type = Int8)]
    pub card_fraud_losses: i64,
    /// Chargebacks on card orders that were charged.
    #[diesel(sql_type = Int8)]
    pub chargebacks_minor: i64,
    #[diesel(sql_type = Int8)]
    pub chargebacks: i64,
    /// Card-fraud reports on charged card orders without a chargeback, or on orders Sekisho
    /// never scored (one per order).
    #[diesel(sql_type = Int8)]
    pub manual_reports_minor: i64,
    #[diesel(sql_type = Int8)]
    pub manual_reports: i64,
    /// Outside the figure: unpaid deferred payments (後払い未払い).
    #[diesel(sql_type = Int8)]
    pub unpaid_minor: i64,
    #[diesel(sql_type = Int8)]
    pub unpaid: i64,
    /// Outside the figure: fraud on orders that were never charged (declined, or rejected
    /// before a charge).
    #[diesel(sql_type = Int8)]
    pub never_charged_minor: i64,
    #[diesel(sql_type = Int8)]
    pub never_charged: i64,
    /// Outside the figure: losses on other payment methods, and resale or other reports not
    /// tied to a charged card order.
    #[diesel(sql_type = Int8)]
    pub other_minor: i64,
    #[diesel(sql_type = Int8)]
    pub other: i64,
}

/// Report categories that are card fraud when they concern a card order that was charged.
const CARD_FRAUD_LINKED: &str = "'chargeback', 'card_testing', 'account_takeover', 'other'";
/// Report categories that are card fraud on their own (the report names no order Sekisho knows).
const CARD_FRAUD_UNLINKED: &str = "'chargeback', 'card_testing', 'account_takeover'";

/// Every loss of one tenant in one currency since a time, one row per loss: `(at, amount_minor,
/// source)` with `source` one of `chargebacks`, `manual_reports` (the two that make the
/// figure), `unpaid`, `never_charged`, `other`. The arguments are SQL expressions, so that the
/// tenant's view and the platform's cross-tenant view run the very same rules.
///
/// - A loss tied to an order Sekisho scored is counted once per order, whatever reports and
///   outcomes say about it: the order's chargeback (its amount), else its largest report.
/// - An order paid otherwise than by card is not card fraud (deferred payment: `unpaid`).
/// - A card order never charged (authorisation declined; or no authorisation reported, no
///   chargeback and the order rejected) lost nothing to card fraud: `never_charged`.
/// - A report naming no known order counts once per merchant order id.
pub fn losses_sql(tenant: &str, currency: &str, since: &str) -> String {
    format!(
        "(SELECT o.ordered_at AS at, \
                 CASE WHEN o.chargeback_at IS NOT NULL THEN o.amount_minor \
                      ELSE coalesce(lr.amount_minor, 0) END AS amount_minor, \
                 CASE WHEN o.payment_method = 'deferred' THEN 'unpaid' \
                      WHEN o.payment_method <> 'card' THEN 'other' \
                      WHEN o.authorization_result = 'declined' \
                        OR (o.authorization_result IS NULL AND o.chargeback_at IS NULL \
                            AND coalesce(o.review_decision, o.decision) = 'reject') \
                        THEN 'never_charged' \
                      WHEN o.chargeback_at IS NOT NULL THEN 'chargebacks' \
                      WHEN lr.card_fraud THEN 'manual_reports' \
                      WHEN lr.unpaid THEN 'unpaid' \
                      ELSE 'other' END AS source \
          FROM orders o \
          LEFT JOIN LATERAL ( \
              SELECT max(r.amount_minor) AS amount_minor, \
                     bool_or(r.category IN ({CARD_FRAUD_LINKED})) AS card_fraud, \
                     bool_or(r.category = 'unpaid') AS unpaid \
              FROM fraud_reports r \
              WHERE r.tenant_id = o.tenant_id AND r.livemode AND r.order_id = o.merchant_order_id \
                AND r.currency = o.currency AND r.retracted_at IS NULL) lr ON true \
          WHERE o.tenant_id = {tenant} AND o.livemode AND o.currency = {currency} AND o.ordered_at >= {since} \
            AND o.id IN ( \
                SELECT c.id FROM orders c \
                WHERE c.tenant_id = {tenant} AND c.livemode AND c.chargeback_at IS NOT NULL \
                  AND c.ordered_at >= {since} \
                UNION \
                SELECT c.id FROM fraud_reports r \
                JOIN orders c ON c.tenant_id = r.tenant_id AND c.livemode AND c.merchant_order_id = r.order_id \
                WHERE r.tenant_id = {tenant} AND r.livemode AND r.retracted_at IS NULL)) \
         UNION ALL \
         (SELECT DISTINCT ON (coalesce(r.order_id, r.id::text)) r.occurred_at AS at, \
                 r.amount_minor, \
                 CASE WHEN r.category IN ({CARD_FRAUD_UNLINKED}) THEN 'manual_reports' \
                      WHEN r.category = 'unpaid' THEN 'unpaid' \
                      ELSE 'other' END AS source \
          FROM fraud_reports r \
          WHERE r.tenant_id = {tenant} AND r.livemode AND r.currency = {currency} AND r.retracted_at IS NULL \
            AND r.occurred_at >= {since} \
            AND NOT EXISTS (SELECT 1 FROM orders o \
                            WHERE o.tenant_id = r.tenant_id AND o.livemode AND o.merchant_order_id = r.order_id) \
          ORDER BY coalesce(r.order_id, r.id::text), \
                   (r.category IN ({CARD_FRAUD_UNLINKED})) DESC, r.reported_at)"
    )
}

/// The figure and what lies outside it, per month, oldest first, the current month last,
/// months without losses included.
pub async fn monthly_fraud(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    currency: &str,
    months: i32,
) -> Result<Vec<MonthlyFraud>, StoreError> {
    let since = "((date_trunc('month', now() AT TIME ZONE 'Asia/Tokyo') \
                   - make_interval(months => $3 - 1)) AT TIME ZONE 'Asia/Tokyo')";
    let losses = losses_sql("$1", "$2", since);
    let part = |source: &str| {
        format!(
            "coalesce(sum(l.amount_minor) FILTER (WHERE l.source = '{source}'), 0)::bigint \
               AS {source}_minor, \
             count(l.source) FILTER (WHERE l.source = '{source}') AS {source}"
        )
    };
    let sql = format!(
        "WITH months AS ( \
             SELECT generate_series( \
                 date_trunc('month', now() AT TIME ZONE 'Asia/Tokyo') - make_interval(months => $3 - 1), \
                 date_trunc('month', now() AT TIME ZONE 'Asia/Tokyo'), interval '1 month') AS month \
         ), losses AS ({losses}) \
         SELECT to_char(m.month, 'YYYY-MM') AS month, \
                coalesce(sum(l.amount_minor) FILTER \
                    (WHERE l.source IN ('chargebacks', 'manual_reports')), 0)::bigint \
                  AS card_fraud_minor, \
                count(l.source) FILTER (WHERE l.source IN ('chargebacks', 'manual_reports')) \
                  AS card_fraud_losses, \
                {}, {}, {}, {}, {} \
         FROM months m \
         LEFT JOIN losses l ON date_trunc('month', l.at AT TIME ZONE 'Asia/Tokyo') = m.month \
         GROUP BY m.month ORDER BY m.month",
        part("chargebacks"),
        part("manual_reports"),
        part("unpaid"),
        part("never_charged"),
        part("other"),
    );
    Ok(diesel::sql_query(sql)
        .bind::<SqlUuid, _>(tenant_id)
        .bind::<Text, _>(currency)
        .bind::<Int4, _>(months)
        .load(conn)
        .await?)
}

pub async fn fraud_threshold(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    currency: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(fraud_thresholds::table
        .find((tenant_id, currency))
        .select(fraud_thresholds::monthly_minor)
        .first(conn)
        .await
        .optional()?)
}

pub async fn set_fraud_threshold(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    currency: &str,
    monthly_minor: i64,
    updated_by: &str,
) -> Result<(), StoreError> {
    diesel::insert_into(fraud_thresholds::table)
        .values((
            fraud_thresholds::tenant_id.eq(tenant_id),
            fraud_thresholds::currency.eq(currency),
            fraud_thresholds::monthly_minor.eq(monthly_minor),
            fraud_thresholds::updated_by.eq(updated_by),
        ))
        .on_conflict((fraud_thresholds::tenant_id, fraud_thresholds::currency))
        .do_update()
        .set((
            fraud_thresholds::monthly_minor.eq(monthly_minor),
            fraud_thresholds::updated_by.eq(updated_by),
            fraud_thresholds::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, QueryableByName)]
pub struct Workload {
    #[diesel(sql_type = Int8)]
    pub orders: i64,
    #[diesel(sql_type = Int8)]
    pub decided_automatically: i64,
    #[diesel(sql_type = Int8)]
    pub queue_size: i64,
    #[diesel(sql_type = Nullable<Int8>)]
    pub oldest_waiting_seconds: Option<i64>,
    #[diesel(sql_type = Nullable<Int8>)]
    pub median_seconds_to_decision: Option<i64>,
}

pub async fn workload(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    livemode: bool,
) -> Result<Workload, StoreError> {
    Ok(diesel::sql_query(
        "SELECT \
           (SELECT count(*) FROM orders WHERE tenant_id = $1 AND livemode = $4 AND scored_at >= $2 AND scored_at < $3) AS orders, \
           (SELECT count(*) FROM orders WHERE tenant_id = $1 AND livemode = $4 AND scored_at >= $2 AND scored_at < $3 \
              AND decision <> 'review') AS decided_automatically, \
           (SELECT count(*) FROM orders WHERE tenant_id = $1 AND livemode = $4 AND status IN ('in_review', 'held')) AS queue_size, \
           (SELECT extract(epoch FROM now() - min(scored_at))::bigint FROM orders \
              WHERE tenant_id = $1 AND livemode = $4 AND status IN ('in_review', 'held')) AS oldest_waiting_seconds, \
           (SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM reviewed_at - scored_at)))::bigint \
              FROM orders WHERE tenant_id = $1 AND livemode = $4 AND reviewed_at >= $2 AND reviewed_at < $3) AS median_seconds_to_decision",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Bool, _>(livemode)
    .get_result(conn)
    .await?)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ReviewerCounts {
    #[diesel(sql_type = Text)]
    pub reviewer: String,
    #[diesel(sql_type = Int8)]
    pub accept: i64,
    #[diesel(sql_type = Int8)]
    pub reject: i64,
    #[diesel(sql_type = Int8)]
    pub hold: i64,
}

/// Decisions per reviewer, named by email where the reviewer is one of the tenant's users.
pub async fn decisions_by_reviewer(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    livemode: bool,
) -> Result<Vec<ReviewerCounts>, StoreError> {
    Ok(diesel::sql_query(
        "SELECT coalesce(u.email, o.reviewed_by) AS reviewer, \
                count(*) FILTER (WHERE o.review_decision = 'accept') AS accept, \
                count(*) FILTER (WHERE o.review_decision = 'reject') AS reject, \
                count(*) FILTER (WHERE o.review_decision = 'hold') AS hold \
         FROM orders o LEFT JOIN users u ON u.tenant_id = o.tenant_id AND 'user:' || u.id = o.reviewed_by \
         WHERE o.tenant_id = $1 AND o.livemode = $4 AND o.reviewed_at >= $2 AND o.reviewed_at < $3 \
         GROUP BY 1 ORDER BY 1",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Bool, _>(livemode)
    .load(conn)
    .await?)
}

/// Decisions against later outcomes, over orders whose outcome is known: fraud (charged back or
/// rejected as fraud in review) or good (delivered, authorised or accepted in review).
#[derive(Debug, Clone, Copy, QueryableByName)]
pub struct Confusion {
    #[diesel(sql_type = Int8)]
    pub true_positives: i64,
    #[diesel(sql_type = Int8)]
    pub false_positives: i64,
    #[diesel(sql_type = Int8)]
    pub true_negatives: i64,
    #[diesel(sql_type = Int8)]
    pub false_negatives: i64,
}

pub async fn confusion(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    livemode: bool,
) -> Result<Confusion, StoreError> {
    Ok(diesel::sql_query(
        "SELECT count(*) FILTER (WHERE flagged AND fraud) AS true_positives, \
                count(*) FILTER (WHERE flagged AND NOT fraud) AS false_positives, \
                count(*) FILTER (WHERE NOT flagged AND NOT fraud) AS true_negatives, \
                count(*) FILTER (WHERE NOT flagged AND fraud) AS false_negatives \
         FROM ( \
             SELECT decision <> 'accept' AS flagged, \
                    (chargeback_at IS NOT NULL OR coalesce(review_decision = 'reject', false)) AS fraud, \
                    (delivered_at IS NOT NULL OR coalesce(authorization_result = 'approved', false) \
                      OR coalesce(review_decision = 'accept', false)) AS good \
             FROM orders WHERE tenant_id = $1 AND livemode = $4 AND scored_at >= $2 AND scored_at < $3 \
         ) o WHERE fraud OR good",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Bool, _>(livemode)
    .get_result(conn)
    .await?)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct KindCount {
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Int8)]
    pub orders: i64,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ConsortiumUse {
    #[diesel(sql_type = Int8)]
    pub reports_contributed: i64,
    #[diesel(sql_type = Int8)]
    pub matched_orders: i64,
    #[diesel(sql_type = Int8)]
    pub matched_by_others_reports: i64,
    #[diesel(sql_type = Int8)]
    pub stopped_only_by_consortium: i64,
}

/// What the consortium did for the tenant. "Stopped only by the consortium": flagged orders whose
/// score without the consortium's points stays under `review_at`.
pub async fn consortium_use(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    review_at: i32,
    livemode: bool,
) -> Result<(ConsortiumUse, Vec<KindCount>), StoreError> {
    let totals: ConsortiumUse = diesel::sql_query(
        "WITH matched AS ( \
             SELECT o.id, o.score, o.decision, \
                    sum((r->>'points')::int) AS consortium_points, \
                    bool_or(coalesce((r->'detail'->>'own')::boolean, false) = false) AS from_others \
             FROM orders o, jsonb_array_elements(o.reasons) r \
             WHERE o.tenant_id = $1 AND o.livemode = $5 AND o.scored_at >= $2 AND o.scored_at < $3 \
               AND r->>'code' LIKE 'consortium\\_%' \
             GROUP BY o.id, o.score, o.decision \
         ) \
         SELECT (SELECT count(*) FROM fraud_reports WHERE tenant_id = $1 AND livemode = $5 AND reported_at >= $2 \
                   AND reported_at < $3 AND retracted_at IS NULL) AS reports_contributed, \
                (SELECT count(*) FROM matched) AS matched_orders, \
                (SELECT count(*) FROM matched WHERE from_others) AS matched_by_others_reports, \
                (SELECT count(*) FROM matched WHERE decision <> 'accept' \
                   AND score - consortium_points < $4) AS stopped_only_by_consortium",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Int4, _>(review_at)
    .bind::<Bool, _>(livemode)
    .get_result(conn)
    .await?;
    let kinds: Vec<KindCount> = diesel::sql_query(
        "SELECT substr(r->>'code', 12) AS kind, count(DISTINCT o.id) AS orders \
         FROM orders o, jsonb_array_elements(o.reasons) r \
         WHERE o.tenant_id = $1 AND o.livemode = $4 AND o.scored_at >= $2 AND o.scored_at < $3 \
           AND r->>'code' LIKE 'consortium\\_%' \
         GROUP BY 1 ORDER BY 2 DESC, 1",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Bool, _>(livemode)
    .load(conn)
    .await?;
    Ok((totals, kinds))
}

#[derive(Debug, Clone, QueryableByName)]
pub struct DecisionCounts {
    #[diesel(sql_type = Int8)]
    pub accept: i64,
    #[diesel(sql_type = Int8)]
    pub review: i64,
    #[diesel(sql_type = Int8)]
    pub reject: i64,
}

/// Decisions made today, Japan time.
pub async fn decisions_today(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    livemode: bool,
) -> Result<DecisionCounts, StoreError> {
    Ok(diesel::sql_query(
        "SELECT count(*) FILTER (WHERE decision = 'accept') AS accept, \
                count(*) FILTER (WHERE decision = 'review') AS review, \
                count(*) FILTER (WHERE decision = 'reject') AS reject \
         FROM orders WHERE tenant_id = $1 AND livemode = $2 \
           AND scored_at >= (date_trunc('day', now() AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo')",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Bool, _>(livemode)
    .get_result(conn)
    .await?)
}

/// One group of card authorisation attempts.
#[derive(Debug, Clone, QueryableByName)]
pub struct ApprovalRow {
    #[diesel(sql_type = Text)]
    pub key: String,
    #[diesel(sql_type = Int8)]
    pub attempts: i64,
    #[diesel(sql_type = Int8)]
    pub approved: i64,
    #[diesel(sql_type = Int8)]
    pub stopped: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalGrouping {
    Day,
    Week,
    Brand,
    IssuerCountry,
    ThreeDs,
    Decision,
    Total,
    Tenant,
}

impl ApprovalGrouping {
    fn key_sql(self, home_country: &str) -> String {
        match self {
            ApprovalGrouping::Day => "to_char(a.attempted_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD')".into(),
            ApprovalGrouping::Week => "to_char(date_trunc('week', a.attempted_at AT TIME ZONE 'Asia/Tokyo'), 'YYYY-MM-DD')".into(),
            ApprovalGrouping::Brand => "coalesce(a.brand, 'unknown')".into(),
            ApprovalGrouping::IssuerCountry => format!(
                "CASE WHEN a.issuer_country IS NULL THEN 'unknown' WHEN a.issuer_country = '{}' \
                 THEN 'domestic' ELSE 'foreign' END",
                home_country.replace('\'', "")
            ),
            ApprovalGrouping::ThreeDs => "coalesce(a.three_ds_flow, a.three_ds_status, 'none')".into(),
            ApprovalGrouping::Decision => "a.decision".into(),
            ApprovalGrouping::Total => "'total'".into(),
            ApprovalGrouping::Tenant => "a.tenant_id::text".into(),
        }
    }
}

/// Approved ÷ attempted card authorisations, grouped; `stopped` counts the attempts Sekisho
/// rejected, which a merchant following the decision never sends to the issuer. With
/// `tenant_id` `None` (platform scope) across every tenant.
pub async fn approval_rates(
    conn: &mut AsyncPgConnection,
    tenant_id: Option<Uuid>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    grouping: ApprovalGrouping,
    home_country: &str,
    livemode: bool,
) -> Result<Vec<ApprovalRow>, StoreError> {
    let key = grouping.key_sql(home_country);
    let sql = format!(
        "SELECT {key} AS key, count(*) FILTER (WHERE a.decision <> 'reject') AS attempts, \
                count(*) FILTER (WHERE a.result = 'approved' AND a.decision <> 'reject') AS approved, \
                count(*) FILTER (WHERE a.decision = 'reject') AS stopped \
         FROM payment_attempts a \
         WHERE ($1::uuid IS NULL OR a.tenant_id = $1) AND a.livemode = $4 AND a.attempted_at >= $2 AND a.attempted_at < $3 \
         GROUP BY 1 ORDER BY 1"
    );
    Ok(diesel::sql_query(sql)
        .bind::<Nullable<SqlUuid>, _>(tenant_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .bind::<Bool, _>(livemode)
        .load(conn)
        .await?)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct TenantSummary {
    #[diesel(sql_type = SqlUuid)]
    pub tenant_id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Int8)]
    pub orders_30d: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub approval_rate_30d: Option<f64>,
    #[diesel(sql_type = Int8)]
    pub fraud_this_month_minor: i64,
    #[diesel(sql_type = Int8)]
    pub fraud_last_month_minor: i64,
    #[diesel(sql_type = Int8)]
    pub fraud_two_months_ago_minor: i64,
    #[diesel(sql_type = Int8)]
    pub reports_contributed: i64,
}

/// Every tenant's headline figures (JPY card fraud, by the same rules as `monthly_fraud`).
/// Needs the platform scope.
pub async fn tenant_summaries(
    conn: &mut AsyncPgConnection,
) -> Result<Vec<TenantSummary>, StoreError> {
    let losses = losses_sql(
        "t.id",
        "'JPY'",
        "((m.start - interval '2 months') AT TIME ZONE 'Asia/Tokyo')",
    );
    let month = |offset: &str, name: &str| {
        format!(
            "coalesce(sum(l.amount_minor) FILTER (WHERE date_trunc('month', l.at AT TIME ZONE \
               'Asia/Tokyo') = m.start - interval '{offset}'), 0)::bigint AS {name}"
        )
    };
    let sql = format!(
        "WITH month AS (SELECT date_trunc('month', now() AT TIME ZONE 'Asia/Tokyo') AS start) \
         SELECT t.id AS tenant_id, t.name, \
           (SELECT count(*) FROM orders o WHERE o.tenant_id = t.id AND o.livemode AND o.scored_at > now() - interval '30 days') AS orders_30d, \
           (SELECT count(*) FILTER (WHERE a.result = 'approved' AND a.decision <> 'reject')::float8 \
                   / nullif(count(*) FILTER (WHERE a.decision <> 'reject'), 0) \
              FROM payment_attempts a WHERE a.tenant_id = t.id AND a.livemode AND a.attempted_at > now() - interval '30 days') AS approval_rate_30d, \
           f.fraud_this_month_minor, f.fraud_last_month_minor, f.fraud_two_months_ago_minor, \
           coalesce((SELECT c.reports FROM contributor_records c WHERE c.tenant_id = t.id), 0) AS reports_contributed \
         FROM tenants t CROSS JOIN month m \
         LEFT JOIN LATERAL ( \
             SELECT {}, {}, {} \
             FROM ({losses}) l WHERE l.source IN ('chargebacks', 'manual_reports')) f ON true \
         ORDER BY t.created_at",
        month("0 months", "fraud_this_month_minor"),
        month("1 month", "fraud_last_month_minor"),
        month("2 months", "fraud_two_months_ago_minor"),
    );
    Ok(diesel::sql_query(sql).load(conn).await?)
}
