//! The review queue and order search: the filters a reviewer or an analyst combines, in one
//! query on `orders` (and `order_identifiers` for the identifier filters).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::Order;
use crate::StoreError;
use crate::schema::{order_identifiers, orders};

/// The review queue and order search.
#[derive(Debug, Clone)]
pub struct OrderFilter {
    pub statuses: Vec<String>,
    pub decision: Option<String>,
    /// Merchant order id prefix.
    pub merchant_order_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Oldest first (the review queue) rather than newest first.
    pub oldest_first: bool,
    /// Test-mode orders (`false`) or live ones (`true`, the default).
    pub livemode: bool,
    /// Another order than by time, when given (the review queue's sort).
    pub sort: Option<OrderSort>,
    /// Orders holding every one of these identifiers (kind, fingerprint), from
    /// `order_identifiers`: the same fingerprints scoring stored, so every notation of one
    /// value finds the same orders.
    pub identifiers: Vec<(String, Vec<u8>)>,
    /// The card's BIN starts with this (from the `card.bin` signal).
    pub card_bin: Option<String>,
    /// The card's last four digits (from the masked card of the summary).
    pub card_last4: Option<String>,
    /// `amount_minor` at least / at most.
    pub min_amount_minor: Option<i64>,
    pub max_amount_minor: Option<i64>,
    /// Orders with a reason of this code.
    pub reason: Option<String>,
}

impl Default for OrderFilter {
    fn default() -> Self {
        Self {
            statuses: Vec::new(),
            decision: None,
            merchant_order_id: None,
            from: None,
            to: None,
            oldest_first: false,
            livemode: true,
            sort: None,
            identifiers: Vec::new(),
            card_bin: None,
            card_last4: None,
            min_amount_minor: None,
            max_amount_minor: None,
            reason: None,
        }
    }
}

/// How a search or the review queue is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderSort {
    /// Highest score first.
    Score,
    /// Largest amount first.
    Amount,
    /// Waited longest first.
    Oldest,
    /// Newest first.
    Newest,
}

fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl Order {
    pub async fn search(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        filter: &OrderFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Order>, StoreError> {
        let mut query = orders::table
            .filter(orders::tenant_id.eq(tenant_id))
            .filter(orders::livemode.eq(filter.livemode))
            .select(Order::as_select())
            .limit(limit)
            .offset(offset)
            .into_boxed();
        if !filter.statuses.is_empty() {
            query = query.filter(orders::status.eq_any(filter.statuses.clone()));
        }
        if let Some(decision) = &filter.decision {
            query = query.filter(orders::decision.eq(decision.clone()));
        }
        if let Some(prefix) = &filter.merchant_order_id {
            let escaped = like_escaped(prefix);
            query = query.filter(orders::merchant_order_id.like(format!("{escaped}%")));
        }
        if let Some(from) = filter.from {
            query = query.filter(orders::scored_at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(orders::scored_at.lt(to));
        }
        for (kind, fingerprint) in &filter.identifiers {
            query = query.filter(
                orders::id.eq_any(
                    order_identifiers::table
                        .filter(order_identifiers::tenant_id.eq(tenant_id))
                        .filter(order_identifiers::kind.eq(kind.clone()))
                        .filter(order_identifiers::fingerprint.eq(fingerprint.clone()))
                        .select(order_identifiers::order_id),
                ),
            );
        }
        if let Some(bin) = &filter.card_bin {
            query = query.filter(
                orders::signals
                    .retrieve_as_text("card.bin")
                    .like(format!("{}%", like_escaped(bin))),
            );
        }
        if let Some(last4) = &filter.card_last4 {
            query = query.filter(
                orders::summary
                    .retrieve_as_text("card")
                    .like(format!("%{}", like_escaped(last4))),
            );
        }
        if let Some(min) = filter.min_amount_minor {
            query = query.filter(orders::amount_minor.ge(min));
        }
        if let Some(max) = filter.max_amount_minor {
            query = query.filter(orders::amount_minor.le(max));
        }
        if let Some(code) = &filter.reason {
            query = query.filter(orders::reasons.contains(serde_json::json!([{ "code": code }])));
        }
        let sort = filter.sort.unwrap_or(if filter.oldest_first {
            OrderSort::Oldest
        } else {
            OrderSort::Newest
        });
        query = match sort {
            OrderSort::Oldest => query.order((orders::scored_at.asc(), orders::id.asc())),
            OrderSort::Newest => query.order((orders::scored_at.desc(), orders::id.desc())),
            OrderSort::Score => query.order((
                orders::score.desc(),
                orders::scored_at.asc(),
                orders::id.asc(),
            )),
            OrderSort::Amount => query.order((
                orders::amount_minor.desc(),
                orders::scored_at.asc(),
                orders::id.asc(),
            )),
        };
        Ok(query.load(conn).await?)
    }

    pub async fn count(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        statuses: &[&str],
        livemode: bool,
    ) -> Result<i64, StoreError> {
        Ok(orders::table
            .filter(orders::tenant_id.eq(tenant_id))
            .filter(orders::livemode.eq(livemode))
            .filter(orders::status.eq_any(statuses))
            .count()
            .get_result(conn)
            .await?)
    }
}
