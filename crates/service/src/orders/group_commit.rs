//! Group commit (DESIGN §3): the orders that concurrent requests scored are stored together by
//! one writer, in one transaction and a handful of statements, and each request waits for the
//! commit that holds its own order before it answers. A busy moment costs one commit (one WAL
//! flush) for many orders instead of one each, and a key shared by many orders of the batch (a
//! forwarder's address) has its counters written once per batch.
//!
//! - **A few writers per process**, on a thread of their own, taking turns at one queue
//!   ([`crate::batches`]): while one writes its batch, the next gathers the orders that arrive
//!   meanwhile, so a batch is as large as the load makes it and a lone order is written at once.
//!   Every statement of a batch locks its rows in key order, and every batch runs its statements
//!   in the same order, so concurrent batches (of this process or of another replica) wait for
//!   each other but cannot deadlock. That holds for one pass over the tables only: a batch holding a second scoring of
//!   an order, or a second use of a key, is written as one transaction per round (the benchmark
//!   saw two writers deadlock when a later round went back to tables it had passed, stalling
//!   their batch for the one-second deadlock timeout).
//! - **Idempotency-Key.** A key is claimed in the writer's transaction, so exactly one order is
//!   stored per key: a duplicate that was scored at the same time gets the first answer (the
//!   claim waits for a replica's transaction holding it, then finds its answer).
//! - **One failure, one answer.** When a batch fails, each of its orders is written again alone,
//!   so that only the one that cannot be stored fails.
//! - **Tenancy.** The batch mixes tenants, so it runs in platform scope: every row it writes
//!   carries the tenant id its request was authenticated for, set by the scoring flow.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sekisho_store::idempotency::{self as store_keys, Claim, KeyedRequest};
use sekisho_store::orders::{NewOrder, Order, OrderIdentifier, StoredOrder};
use sekisho_store::velocity::{self, OrderIdentifiers};
use sekisho_store::{Pool, tenancy};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::ServiceError;
use crate::batches::{self, BatchSettings};
use crate::idempotency::{self, RetryKey, StoredReply};
use crate::orders::scoring::OrderAssessment;

/// How the writers run: two keep both of PostgreSQL's cores busy on a small machine (one
/// writes while the other waits for its commit); more than four only add lock waits on busy
/// keys. A transaction stores at most 64 orders.
fn settings() -> BatchSettings {
    BatchSettings {
        thread: "sekisho-order-writer",
        loops: batches::loops_for_this_machine(),
        max_batch: 64,
        queue: 4096,
    }
}
/// The answer status of a stored order.
const STORED: u16 = 200;

/// One scored order to store.
#[derive(Debug)]
pub struct OrderWrite {
    pub order: NewOrder,
    pub identifiers: Vec<OrderIdentifier>,
    /// When the identifiers were seen (the counters' buckets).
    pub at: DateTime<Utc>,
    pub retry: Option<RetryKey>,
}

/// What storing one order came to.
#[derive(Debug)]
pub enum Written {
    /// Stored and committed: the assessment as stored, and the answer sent (and kept under the
    /// caller's key, when there is one).
    Stored {
        outcome: Box<OrderAssessment>,
        reply: StoredReply,
    },
    /// A request with the same Idempotency-Key was answered first: its answer, nothing stored.
    Replayed(StoredReply),
}

struct Pending {
    write: OrderWrite,
    done: oneshot::Sender<Result<Written, ServiceError>>,
}

/// The process's order writer: [`OrderWriter::store`] queues an order and waits for its commit.
#[derive(Debug, Clone)]
pub struct OrderWriter {
    queue: mpsc::Sender<Pending>,
}

impl OrderWriter {
    /// Starts the writer on a thread of its own; it stops when the last handle is dropped.
    pub fn start(pool: Pool) -> std::io::Result<Arc<Self>> {
        let queue = batches::start(settings(), move |batch| {
            let pool = pool.clone();
            async move { write_batch(&pool, batch).await }
        })?;
        Ok(Arc::new(Self { queue }))
    }

    /// Stores the order with the next batch and answers once that batch has committed.
    pub async fn store(&self, write: OrderWrite) -> Result<Written, ServiceError> {
        let (done, answer) = oneshot::channel();
        self.queue
            .send(Pending { write, done })
            .await
            .map_err(|_| ServiceError::Internal("the order writer has stopped"))?;
        answer
            .await
            .map_err(|_| ServiceError::Internal("the order writer dropped an order"))?
    }
}

async fn write_batch(pool: &Pool, batch: Vec<Pending>) {
    // One transaction per round: a later round in the same transaction would lock rows of the
    // tables it had already passed, out of key order, and two writers could deadlock.
    let plan = {
        let writes: Vec<&OrderWrite> = batch.iter().map(|p| &p.write).collect();
        rounds(&writes)
    };
    let mut pending: Vec<Option<Pending>> = batch.into_iter().map(Some).collect();
    for round in plan {
        let round: Vec<Pending> = round
            .into_iter()
            .filter_map(|i| pending[i].take())
            .collect();
        write_round(pool, round).await;
    }
}

async fn write_round(pool: &Pool, round: Vec<Pending>) {
    let writes: Vec<&OrderWrite> = round.iter().map(|p| &p.write).collect();
    match store_together(pool, &writes).await {
        Ok(results) => {
            for (pending, result) in round.into_iter().zip(results) {
                // A request that gave up (its deadline) no longer waits: nothing to tell it.
                let _ = pending.done.send(result);
            }
        }
        Err(error) if round.len() == 1 => {
            if let Some(pending) = round.into_iter().next() {
                let _ = pending.done.send(Err(error));
            }
        }
        Err(error) => {
            tracing::warn!(orders = round.len(), %error, "an order batch failed; storing its orders one by one");
            for pending in round {
                let result = match store_together(pool, &[&pending.write]).await {
                    Ok(mut results) => results
                        .pop()
                        .unwrap_or(Err(ServiceError::Internal("an order write had no result"))),
                    Err(error) => Err(error),
                };
                let _ = pending.done.send(result);
            }
        }
    }
}

/// The identity of a stored order: what a second scoring of it in one batch shares.
fn order_key(order: &NewOrder) -> (Uuid, bool, &str) {
    (
        order.tenant_id,
        order.livemode,
        order.merchant_order_id.as_str(),
    )
}

/// The batch as transactions can take it: rounds in which no merchant order and no
/// Idempotency-Key appears twice (a later round sees what the earlier ones committed), in the
/// batch's order.
fn rounds(writes: &[&OrderWrite]) -> Vec<Vec<usize>> {
    let mut rounds: Vec<Vec<usize>> = Vec::new();
    for (index, write) in writes.iter().enumerate() {
        let clashes = |round: &Vec<usize>| {
            round.iter().any(|&other| {
                let other = writes[other];
                order_key(&other.order) == order_key(&write.order)
                    || match (&other.retry, &write.retry) {
                        (Some(a), Some(b)) => {
                            other.order.tenant_id == write.order.tenant_id
                                && a.operation == b.operation
                                && a.key == b.key
                        }
                        _ => false,
                    }
            })
        };
        // After the last round holding a clash, so that a retry follows its first use.
        let after = rounds.iter().rposition(clashes).map_or(0, |last| last + 1);
        match rounds.get_mut(after) {
            Some(round) => round.push(index),
            None => rounds.push(vec![index]),
        }
    }
    rounds
}

/// Stores one round's writes in one transaction; the outer error fails them all.
async fn store_together(
    pool: &Pool,
    writes: &[&OrderWrite],
) -> Result<Vec<Result<Written, ServiceError>>, ServiceError> {
    tenancy::in_platform_hot::<_, ServiceError, _, _>(pool, async |conn| {
        let mut results: Vec<Option<Result<Written, ServiceError>>> =
            writes.iter().map(|_| None).collect();
        // Claim the keys first: an order whose key was used is not stored.
        let mut keyed: Vec<(usize, KeyedRequest<'_>)> = (0..writes.len())
            .filter_map(|i| {
                let write = writes[i];
                write
                    .retry
                    .as_ref()
                    .map(|retry| (i, retry.keyed(write.order.tenant_id)))
            })
            .collect();
        // In key order, like every statement of the batch (see the module documentation).
        keyed.sort_by(|(_, a), (_, b)| {
            (a.tenant_id, a.operation, a.key).cmp(&(b.tenant_id, b.operation, b.key))
        });
        let requests: Vec<KeyedRequest<'_>> = keyed.iter().map(|(_, r)| *r).collect();
        let claims = store_keys::claim_many(conn, &requests).await?;
        let mut storing: Vec<usize> = (0..writes.len())
            .filter(|&i| writes[i].retry.is_none())
            .collect();
        for ((i, request), claim) in keyed.iter().zip(claims) {
            match claim {
                Claim::Claimed => storing.push(*i),
                Claim::Used(stored) => {
                    results[*i] =
                        Some(idempotency::replay(*request, stored).map(Written::Replayed));
                }
            }
        }
        storing.sort_unstable_by(|&a, &b| {
            order_key(&writes[a].order).cmp(&order_key(&writes[b].order))
        });

        let news: Vec<&NewOrder> = storing.iter().map(|&i| &writes[i].order).collect();
        let stored = Order::upsert_many(conn, &news).await?;
        let mut placed: Vec<(usize, StoredOrder)> = Vec::with_capacity(storing.len());
        for &i in &storing {
            let wanted = order_key(&writes[i].order);
            let order = stored
                .iter()
                .find(|o| (o.tenant_id, o.livemode, o.merchant_order_id.as_str()) == wanted)
                .cloned()
                .ok_or(ServiceError::Internal("a stored order did not come back"))?;
            placed.push((i, order));
        }
        let identifiers: Vec<OrderIdentifiers<'_>> = placed
            .iter()
            .map(|(i, order)| OrderIdentifiers {
                tenant_id: order.tenant_id,
                order_id: order.id,
                at: writes[*i].at,
                first: order.first,
                identifiers: &writes[*i].identifiers,
            })
            .collect();
        velocity::store_identifiers_batch(conn, &identifiers).await?;

        let mut replies: Vec<(usize, OrderAssessment, StoredReply)> =
            Vec::with_capacity(placed.len());
        for (i, order) in &placed {
            let outcome = OrderAssessment::stored(&writes[*i].order, order);
            let reply = StoredReply::new(STORED, &outcome)?;
            replies.push((*i, outcome, reply));
        }
        let recorded: Vec<(KeyedRequest<'_>, i16, &[u8])> = replies
            .iter()
            .filter_map(|(i, _, reply)| {
                let write = writes[*i];
                write.retry.as_ref().map(|retry| {
                    (
                        retry.keyed(write.order.tenant_id),
                        i16::try_from(STORED).unwrap_or(200),
                        reply.body.as_slice(),
                    )
                })
            })
            .collect();
        store_keys::record_many(conn, &recorded).await?;
        for (i, outcome, reply) in replies {
            results[i] = Some(Ok(Written::Stored {
                outcome: Box::new(outcome),
                reply,
            }));
        }
        Ok(results
            .into_iter()
            .map(|r| r.unwrap_or(Err(ServiceError::Internal("an order write had no result"))))
            .collect())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(tenant: u128, order_id: &str, key: Option<&str>) -> OrderWrite {
        let order = NewOrder {
            tenant_id: Uuid::from_u128(tenant),
            id: Uuid::now_v7(),
            merchant_order_id: order_id.into(),
            ordered_at: Utc::now(),
            amount_minor: 1,
            currency: "JPY".into(),
            payment_method: "card".into(),
            account_id: None,
            decision: sekisho_scoring::OrderDecision::Accept,
            score: 0,
            reasons: Vec::new(),
            three_ds: sekisho_scoring::order::ThreeDsRecommendation::None,
            policy_version: 1,
            shadow_rules: Vec::new(),
            signals: serde_json::Value::Null,
            summary: serde_json::Value::Null,
            status: sekisho_domain::OrderStatus::Accepted,
            idempotency_key: None,
            livemode: true,
            customer_data: None,
        };
        OrderWrite {
            order,
            identifiers: Vec::new(),
            at: Utc::now(),
            retry: key.map(|key| RetryKey {
                operation: "POST /v1/orders/score".into(),
                key: key.into(),
                request_hash: vec![1],
            }),
        }
    }

    #[test]
    fn a_second_scoring_of_one_order_or_key_waits_for_a_later_round() {
        let writes = [
            write(1, "A", None),
            write(1, "B", Some("k")),
            write(1, "A", None),
            write(2, "A", None),
            write(1, "C", Some("k")),
            write(1, "A", None),
            write(2, "D", Some("k")),
        ];
        let refs: Vec<&OrderWrite> = writes.iter().collect();
        assert_eq!(rounds(&refs), vec![vec![0, 1, 3, 6], vec![2, 4], vec![5]]);
    }
}
