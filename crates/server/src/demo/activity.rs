//! Ninety days of believable activity for each demo tenant, generated inside PostgreSQL in a few
//! statements (seeded, so every machine gets the same figures): scored orders with reviews and
//! outcomes, card authorisation attempts, and the monthly chargebacks of a tenant heading for
//! the fraud-prone-merchant threshold.
//!
//! The story the dashboards tell: Sakura Mart adopted Sekisho 60 days ago (fraudulent attempts
//! stopped before the issuer, approval up ~0.6 points) and opened foreign cards 30 days ago under
//! its protection (approval up a further ~3 points); Tanuki Electronics has been over ¥500,000 of
//! fraud for two months and is on course for a third.

use chrono::{Datelike, Duration, TimeZone, Utc};
use chrono_tz::Asia::Tokyo;
use diesel::sql_types::{Double, Int4, Jsonb, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use sekisho_scoring::reasons::{Reason, ReasonCode};
use sekisho_store::tenancy;
use serde_json::json;
use uuid::Uuid;

/// How one tenant's traffic looks.
pub struct Traffic {
    pub seed: f64,
    pub order_prefix: &'static str,
    pub orders_per_day: i32,
    pub attempts_per_day: i32,
    /// Approval rate of attempts that reach the issuer, before and after adopting Sekisho.
    pub approval_before: f64,
    pub approval_after: f64,
    /// Days ago Sekisho started stopping fraudulent attempts (0: from the start).
    pub adopted_days_ago: i32,
    /// Days ago foreign cards were accepted (0: never), and their approval rate.
    pub foreign_days_ago: i32,
    pub approval_foreign: f64,
}

fn reasons(codes: &[(ReasonCode, serde_json::Value)]) -> serde_json::Value {
    let reasons: Vec<Reason> = codes
        .iter()
        .map(|(code, detail)| Reason::new(*code, detail.clone()))
        .collect();
    serde_json::to_value(reasons).unwrap_or_default()
}

async fn orders(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    reviewer: &str,
    traffic: &Traffic,
) -> Result<(), diesel::result::Error> {
    let resale = reasons(&[
        (
            ReasonCode::VelocityNamesPerAddress,
            json!({ "count": 4, "threshold": 3, "window": "names_per_address_30d" }),
        ),
        (
            ReasonCode::RiskyItems,
            json!({ "categories": ["game_console"] }),
        ),
    ]);
    let consortium = reasons(&[
        (
            ReasonCode::ConsortiumPhone,
            json!({ "kind": "phone", "reporters": 1, "own": false, "categories": ["chargeback"], "weight": 0.92, "quorum_met": false }),
        ),
        (ReasonCode::IpPhone, serde_json::Value::Null),
    ]);
    let rejected = reasons(&[
        (
            ReasonCode::ConsortiumCard,
            json!({ "kind": "card", "reporters": 3, "own": false, "categories": ["chargeback", "card_testing"], "weight": 0.99, "quorum_met": true }),
        ),
        (
            ReasonCode::VelocityCardsPerIp,
            json!({ "count": 5, "threshold": 3, "window": "cards_per_ip_1h" }),
        ),
        (ReasonCode::DatacenterIp, serde_json::Value::Null),
    ]);
    diesel::sql_query(
        "WITH base AS ( \
             SELECT day, n, random() AS r_dec, random() AS r_amt, random() AS r_time, random() AS r_out \
             FROM generate_series(0, 89) AS day, generate_series(1, $3) AS n \
         ), shaped AS ( \
             SELECT *, CASE WHEN r_dec < 0.02 THEN 'reject' WHEN r_dec < 0.08 THEN 'review' ELSE 'accept' END AS decision, \
                    now() - make_interval(days => day, secs => (r_time * 86000)::int) AS at FROM base \
         ), decided AS ( \
             SELECT *, CASE \
                 WHEN decision = 'accept' THEN 'accepted' WHEN decision = 'reject' THEN 'rejected' \
                 WHEN day <= 1 THEN 'in_review' WHEN r_out < 0.62 THEN 'accepted' ELSE 'rejected' END AS status \
             FROM shaped \
         ) \
         INSERT INTO orders (tenant_id, id, merchant_order_id, ordered_at, amount_minor, currency, payment_method, \
             account_id, decision, score, reasons, three_ds, policy_version, shadow_rules, signals, summary, status, \
             review_decision, reviewed_by, reviewed_at, chargeback_at, delivered_at, authorization_result, scored_at) \
         SELECT $1, sekisho_uuid_v7(at), $4 || '-' || to_char(now() - make_interval(days => day), 'YYYYMMDD') || '-' || lpad(n::text, 4, '0'), at, \
             (1500 + floor(r_amt * 20000))::bigint, 'JPY', CASE WHEN r_amt < 0.15 THEN 'deferred' ELSE 'card' END, \
             'cust-' || floor(r_amt * 4000)::int, decision, \
             CASE decision WHEN 'accept' THEN (r_dec * 30)::int WHEN 'review' THEN 42 + (r_amt * 30)::int ELSE 85 + (r_amt * 15)::int END, \
             CASE decision WHEN 'accept' THEN '[]'::jsonb WHEN 'review' THEN (CASE WHEN r_amt < 0.5 THEN $5 ELSE $6 END) ELSE $7 END, \
             CASE decision WHEN 'accept' THEN 'frictionless' WHEN 'review' THEN 'challenge' ELSE 'none' END, \
             0, '[]'::jsonb, \
             jsonb_build_object('order.amount', (1500 + floor(r_amt * 20000))::bigint, 'order.currency', 'JPY', \
                 'score.base', CASE decision WHEN 'accept' THEN (r_dec * 30)::int WHEN 'review' THEN 42 + (r_amt * 30)::int ELSE 85 + (r_amt * 15)::int END), \
             jsonb_build_object('items', jsonb_build_array(jsonb_build_object('quantity', 1 + (r_out * 2)::int, \
                 'category', CASE WHEN decision = 'review' AND r_amt >= 0.5 THEN 'game_console' ELSE 'general' END))), \
             status, \
             CASE WHEN decision = 'review' AND status <> 'in_review' THEN (CASE status WHEN 'accepted' THEN 'accept' ELSE 'reject' END) END, \
             CASE WHEN decision = 'review' AND status <> 'in_review' THEN $2 END, \
             CASE WHEN decision = 'review' AND status <> 'in_review' THEN at + make_interval(mins => 20 + (r_out * 300)::int) END, \
             CASE WHEN decision = 'accept' AND r_out < 0.006 AND day > 20 THEN at + interval '20 days' END, \
             CASE WHEN status = 'accepted' AND r_out > 0.08 AND day > 2 THEN at + interval '2 days' END, \
             CASE WHEN status = 'accepted' THEN 'approved' END, \
             at \
         FROM decided",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Text, _>(reviewer)
    .bind::<Int4, _>(traffic.orders_per_day)
    .bind::<Text, _>(traffic.order_prefix)
    .bind::<Jsonb, _>(resale)
    .bind::<Jsonb, _>(consortium)
    .bind::<Jsonb, _>(rejected)
    .execute(conn)
    .await?;
    Ok(())
}

async fn attempts(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    traffic: &Traffic,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "WITH base AS ( \
             SELECT day, random() AS r_foreign, random() AS r_brand, random() AS r_stop, random() AS r_ok, \
                    random() AS r_amount, random() AS r_time, random() AS r_3ds \
             FROM generate_series(0, 89) AS day, generate_series(1, $2) AS n \
         ), shaped AS ( \
             SELECT *, ($7 > 0 AND day < $7 AND r_foreign < 0.22) AS foreign_card, \
                    (day < $6 AND r_stop < 0.04) AS stopped FROM base \
         ) \
         INSERT INTO payment_attempts (tenant_id, id, bin, last4, brand, issuer_country, amount_minor, currency, \
             result, decline_code, three_ds_status, three_ds_flow, decision, score, reasons, attempted_at) \
         SELECT $1, gen_random_uuid(), \
             CASE WHEN foreign_card THEN (CASE WHEN r_brand < 0.6 THEN '41111234' ELSE '52001234' END) \
                  ELSE (CASE WHEN r_brand < 0.5 THEN '35281234' WHEN r_brand < 0.8 THEN '45390012' ELSE '54023456' END) END, \
             lpad((floor(r_amount * 10000))::int::text, 4, '0'), \
             CASE WHEN foreign_card THEN (CASE WHEN r_brand < 0.6 THEN 'visa' ELSE 'mastercard' END) \
                  ELSE (CASE WHEN r_brand < 0.5 THEN 'jcb' WHEN r_brand < 0.8 THEN 'visa' ELSE 'mastercard' END) END, \
             CASE WHEN foreign_card THEN (CASE WHEN r_brand < 0.6 THEN 'US' ELSE 'GB' END) ELSE 'JP' END, \
             (800 + floor(r_amount * 25000))::bigint, 'JPY', \
             CASE WHEN stopped THEN 'declined' \
                  WHEN r_ok < (CASE WHEN foreign_card THEN $5 WHEN day < $6 THEN $4 ELSE $3 END) THEN 'approved' \
                  ELSE 'declined' END, \
             CASE WHEN stopped OR r_ok >= (CASE WHEN foreign_card THEN $5 WHEN day < $6 THEN $4 ELSE $3 END) \
                  THEN (CASE WHEN r_amount < 0.5 THEN '05' ELSE '51' END) END, \
             CASE WHEN r_3ds < 0.7 THEN 'authenticated' ELSE 'attempted' END, \
             CASE WHEN r_3ds < 0.55 THEN 'frictionless' WHEN r_3ds < 0.7 THEN 'challenge' END, \
             CASE WHEN stopped THEN 'reject' ELSE 'accept' END, \
             CASE WHEN stopped THEN 92 ELSE (r_amount * 30)::int END, '[]'::jsonb, \
             now() - make_interval(days => day, secs => (r_time * 86000)::int) \
         FROM shaped",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Int4, _>(traffic.attempts_per_day)
    .bind::<Double, _>(traffic.approval_before)
    .bind::<Double, _>(traffic.approval_after)
    .bind::<Double, _>(traffic.approval_foreign)
    .bind::<Int4, _>(traffic.adopted_days_ago)
    .bind::<Int4, _>(traffic.foreign_days_ago)
    .execute(conn)
    .await?;
    Ok(())
}

/// Loads the tenant's 90 days in one transaction.
/// A few test-mode orders (docs/TESTING.md), as the demo's test key would have scored them
/// with the test values: the dashboard's test/live switch has something to show, and none of
/// them reaches the live lists or analytics.
async fn test_orders(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    traffic: &Traffic,
) -> Result<(), diesel::result::Error> {
    let consortium = reasons(&[(
        ReasonCode::ConsortiumCard,
        json!({ "kind": "card", "reporters": 3, "own": false, "categories": ["chargeback"], "weight": 1.0, "quorum_met": true }),
    )]);
    let tor = reasons(&[(ReasonCode::TorIp, serde_json::Value::Null)]);
    diesel::sql_query(
        "INSERT INTO orders (tenant_id, id, merchant_order_id, ordered_at, amount_minor, currency, \
             payment_method, decision, score, reasons, three_ds, policy_version, shadow_rules, \
             signals, summary, status, scored_at, livemode) \
         SELECT $1, sekisho_uuid_v7(now() - make_interval(mins => t.n * 7)), $2 || '-TEST-' || t.n, now() - make_interval(mins => t.n * 7), \
             t.amount, 'JPY', 'card', t.decision, t.score, t.reasons, t.three_ds, 0, '[]'::jsonb, \
             jsonb_build_object('order.amount', t.amount), jsonb_build_object('email', t.email), \
             t.status, now() - make_interval(mins => t.n * 7), false \
         FROM (VALUES \
             (1, 4800, 'accept', 0, '[]'::jsonb, 'frictionless', 'accepted', 'force-accept@test.sekisho.jp'), \
             (2, 12800, 'review', 50, '[]'::jsonb, 'challenge', 'in_review', 'force-review@test.sekisho.jp'), \
             (3, 29800, 'reject', 95, $3, 'none', 'rejected', 'consortium-match@test.sekisho.jp'), \
             (4, 9800, 'review', 45, $4, 'challenge', 'in_review', 'hanako@example.jp') \
         ) AS t(n, amount, decision, score, reasons, three_ds, status, email)",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Text, _>(traffic.order_prefix)
    .bind::<Jsonb, _>(consortium)
    .bind::<Jsonb, _>(tor)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn load(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    reviewer: &str,
    traffic: &Traffic,
) -> Result<(), sekisho_store::StoreError> {
    tenancy::in_tenant::<_, sekisho_store::StoreError, _, _>(&mut *conn, tenant_id, async |conn| {
        diesel::sql_query("SELECT setseed($1)")
            .bind::<Double, _>(traffic.seed)
            .execute(conn)
            .await?;
        orders(conn, tenant_id, reviewer, traffic).await?;
        test_orders(conn, tenant_id, traffic).await?;
        Ok(attempts(conn, tenant_id, traffic).await?)
    })
    .await
}

/// Noon on the 10th of the month `months_ago` months back, Japan time.
pub fn in_month(months_ago: u32) -> chrono::DateTime<Utc> {
    let now = Utc::now().with_timezone(&Tokyo);
    let mut year = now.year();
    let mut month = i64::from(now.month()) - i64::from(months_ago);
    while month <= 0 {
        month += 12;
        year -= 1;
    }
    let day = if months_ago == 0 {
        now.day().clamp(1, 10)
    } else {
        10
    };
    Tokyo
        .with_ymd_and_hms(year, u32::try_from(month).unwrap_or(1), day, 12, 0, 0)
        .single()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| Utc::now() - Duration::days(30 * i64::from(months_ago)))
        .min(Utc::now())
}
