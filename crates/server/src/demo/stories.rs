//! Orders the demo scores through the real flow (so they carry identifiers, fingerprints and the
//! customer's own data): three rejected orders to one flat, then a "new customer" to the same
//! flat waiting for review, whose linked-orders graph, customer details and search by phone the
//! dashboard shows.

use std::sync::Arc;

use sekisho_api::ApiSettings;
use sekisho_outbound::OrderChecks;
use sekisho_outbound::enrichment::Enrichment;
use sekisho_service::caches::Caches;
use sekisho_service::consortium_filter::ConsortiumFilter;
use sekisho_service::orders::group_commit::OrderWriter;
use sekisho_service::orders::request::ScoreOrderRequest;
use sekisho_service::orders::scoring::{self, OrderScoring};
use sekisho_service::orders::usual_amounts::UsualAmounts;
use sekisho_service::orders::velocity_reads::VelocityReader;
use sekisho_store::{Pool, tenancy};
use serde_json::{Value, json};
use uuid::Uuid;

/// The flat the ring ships to, and the phone of the new customer (found by either notation).
pub const SHARED_FLAT: &str = "メゾン西新宿 402";
pub const NEW_CUSTOMER_ORDER: &str = "DEMO-NEW-0001";
pub const NEW_CUSTOMER_PHONE: &str = "090-1234-5678";

fn order(id: &str, name: &str, kana: &str, phone: &str, email: &str, card: &str) -> Value {
    json!({
        "order_id": id,
        "amount": 64800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": {
            "account_id": format!("acct-{id}"), "email": email, "phone": phone,
            "name": name, "name_kana": kana
        },
        "billing_address": {
            "postal_code": "160-0023", "region": "東京都", "locality": "新宿区",
            "line1": "西新宿1-2-3", "line2": SHARED_FLAT, "name": name, "phone": phone
        },
        "shipping_address": {
            "postal_code": "160-0023", "region": "東京都", "locality": "新宿区",
            "line1": "西新宿一丁目2番3号", "line2": SHARED_FLAT, "name": name
        },
        "card": { "number": card, "expiry": "11/28" },
        "device": { "ip": "203.0.113.77", "device_id": format!("dev-{id}"), "user_agent": "Mozilla/5.0" },
        "items": [{ "sku": "GC-1", "name": "ゲーム機", "quantity": 2, "unit_price": 32400, "category": "game_console" }]
    })
}

fn ring() -> Vec<Value> {
    vec![
        order(
            "DEMO-FLAT-0001",
            "佐藤 一郎",
            "サトウ イチロウ",
            "080-2000-0001",
            "ichiro.sato@example-mail.jp",
            "4556 7375 8689 9855",
        ),
        order(
            "DEMO-FLAT-0002",
            "高橋 次郎",
            "タカハシ ジロウ",
            "080-2000-0002",
            "jiro.takahashi@example-mail.jp",
            "4111 1111 1111 1111",
        ),
        order(
            "DEMO-FLAT-0003",
            "伊藤 三郎",
            "イトウ サブロウ",
            "080-2000-0003",
            "saburo.ito@example-mail.jp",
            "5555 5555 5555 4444",
        ),
    ]
}

fn new_customer() -> Value {
    order(
        NEW_CUSTOMER_ORDER,
        "山田 花子",
        "ヤマダ ハナコ",
        NEW_CUSTOMER_PHONE,
        "hanako.yamada@example-mail.jp",
        "3530 1113 3330 0000",
    )
}

/// Scores the stories for one tenant; the ring's orders end rejected by `reviewer`.
pub async fn load(
    pool: &Pool,
    settings: &ApiSettings,
    tenant_id: Uuid,
    reviewer: &str,
) -> anyhow::Result<()> {
    let caches = Caches::new();
    let checks = OrderChecks(Arc::new(Enrichment::new(&settings.enrichment)));
    // Loaded before the server starts: this filter is never built, so lookups go to SQL.
    let filter = ConsortiumFilter::new();
    let usual_amounts = Arc::new(UsualAmounts::default());
    let writer = OrderWriter::start(pool.clone())?;
    let velocity = VelocityReader::start(pool.clone())?;
    let with = || OrderScoring {
        pool,
        key: &settings.consortium.key,
        filter: &filter,
        reference: &caches,
        match_policy: &settings.consortium.policy,
        signals: &settings.orders,
        tenants: &caches,
        external: &checks,
        usual_amounts: &usual_amounts,
        customer_data: settings.customer_data_key.as_deref(),
        livemode: true,
        writer: &writer,
        velocity: &velocity,
    };
    for body in ring().into_iter().chain([new_customer()]) {
        let request: ScoreOrderRequest = serde_json::from_value(body)?;
        scoring::score(with(), tenant_id, &request, None)
            .await
            .map_err(|e| anyhow::anyhow!("demo story order: {e}"))?;
    }
    // The ring was rejected by the shop's reviewer (one with a chargeback since); the new
    // customer waits for review, whatever the score said (the story needs a decision to make).
    tenancy::in_tenant::<_, sekisho_store::StoreError, _, _>(pool, tenant_id, async |conn| {
        use diesel_async::RunQueryDsl;
        diesel::sql_query(
            "UPDATE orders SET status = 'rejected', decision = 'review', review_decision = 'reject', \
                 reviewed_by = $2, reviewed_at = now() - interval '3 days', \
                 review_note = '同一住所に別名義の注文が集中（転売の疑い）', \
                 chargeback_at = CASE WHEN merchant_order_id = 'DEMO-FLAT-0001' THEN now() - interval '1 day' END \
             WHERE tenant_id = $1 AND merchant_order_id LIKE 'DEMO-FLAT-%'",
        )
        .bind::<diesel::sql_types::Uuid, _>(tenant_id)
        .bind::<diesel::sql_types::Text, _>(reviewer)
        .execute(conn)
        .await?;
        diesel::sql_query(
            "UPDATE orders SET status = 'in_review', decision = 'review', \
                 score = least(greatest(score, 45), 69), three_ds = 'challenge' \
             WHERE tenant_id = $1 AND merchant_order_id = $2 AND status <> 'in_review'",
        )
        .bind::<diesel::sql_types::Uuid, _>(tenant_id)
        .bind::<diesel::sql_types::Text, _>(NEW_CUSTOMER_ORDER)
        .execute(conn)
        .await?;
        Ok(())
    })
    .await?;
    Ok(())
}
