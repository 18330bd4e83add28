//! The velocity reads of concurrent orders, answered together: one statement
//! (`sekisho_orders_velocity`) for every order scored meanwhile, of any tenant, instead of one
//! per order. The read's query is the smaller part of its cost; setting its plan up (every scan
//! and every counter partition it may reach) is the larger, and a batch pays it once
//! (docs/BENCHMARKS.md, "Velocity reads batched").
//!
//! - The readers run beside the scoring request's own read transaction, so an order waits for
//!   the slower of the two, not for both.
//! - The batch mixes tenants, so it runs in platform scope; every counter it reads is matched on
//!   the tenant its order's request was authenticated for, set by the scoring flow.
//! - A failed batch is read again order by order, unless the database is unavailable (then
//!   every order of the batch gets that answer at once, not one pool timeout each).

use std::sync::Arc;

use sekisho_store::velocity::{self, OrderVelocity, VelocityCount, VelocityQuery};
use sekisho_store::{Pool, StoreError, tenancy};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::ServiceError;
use crate::batches::{self, BatchSettings};

/// Two readers on a small machine: one reads while the other gathers. A batch reads at most 64
/// orders (768 questions).
fn settings() -> BatchSettings {
    BatchSettings {
        thread: "sekisho-velocity-reader",
        loops: batches::loops_for_this_machine(),
        max_batch: 64,
        queue: 4096,
    }
}

struct Pending {
    tenant_id: Uuid,
    merchant_order_id: String,
    queries: Vec<VelocityQuery>,
    done: oneshot::Sender<Result<Vec<VelocityCount>, ServiceError>>,
}

/// The process's velocity reader: [`VelocityReader::read`] queues an order's questions and
/// waits for the batch that answers them.
#[derive(Debug, Clone)]
pub struct VelocityReader {
    queue: mpsc::Sender<Pending>,
}

impl VelocityReader {
    /// Starts the readers on a thread of their own; they stop when the last handle is dropped.
    pub fn start(pool: Pool) -> std::io::Result<Arc<Self>> {
        let queue = batches::start(settings(), move |batch| {
            let pool = pool.clone();
            async move { read_batch(&pool, batch).await }
        })?;
        Ok(Arc::new(Self { queue }))
    }

    /// Answers one order's questions with the next batch (`sekisho_store::velocity::read_batch`).
    pub async fn read(
        &self,
        tenant_id: Uuid,
        merchant_order_id: &str,
        queries: Vec<VelocityQuery>,
    ) -> Result<Vec<VelocityCount>, ServiceError> {
        if queries.is_empty() {
            return Ok(Vec::new());
        }
        let (done, answer) = oneshot::channel();
        self.queue
            .send(Pending {
                tenant_id,
                merchant_order_id: merchant_order_id.to_owned(),
                queries,
                done,
            })
            .await
            .map_err(|_| ServiceError::Internal("the velocity reader has stopped"))?;
        answer
            .await
            .map_err(|_| ServiceError::Internal("the velocity reader dropped a read"))?
    }
}

async fn read_batch(pool: &Pool, batch: Vec<Pending>) {
    match read_together(pool, &batch).await {
        Ok(answers) => {
            for (pending, answer) in batch.into_iter().zip(answers) {
                // A request that gave up (its deadline) no longer waits: nothing to tell it.
                let _ = pending.done.send(Ok(answer));
            }
        }
        Err(StoreError::Unavailable(message)) => {
            for pending in batch {
                let unavailable = StoreError::Unavailable(message.clone());
                let _ = pending.done.send(Err(unavailable.into()));
            }
        }
        Err(error) if batch.len() == 1 => {
            if let Some(pending) = batch.into_iter().next() {
                let _ = pending.done.send(Err(error.into()));
            }
        }
        Err(error) => {
            tracing::warn!(orders = batch.len(), %error, "a velocity batch failed; reading its orders one by one");
            for pending in batch {
                let answer = read_together(pool, std::slice::from_ref(&pending))
                    .await
                    .map_err(ServiceError::from)
                    .and_then(|mut answers| {
                        answers
                            .pop()
                            .ok_or(ServiceError::Internal("a velocity read had no answer"))
                    });
                let _ = pending.done.send(answer);
            }
        }
    }
}

async fn read_together(
    pool: &Pool,
    batch: &[Pending],
) -> Result<Vec<Vec<VelocityCount>>, StoreError> {
    let orders: Vec<OrderVelocity<'_>> = batch
        .iter()
        .map(|pending| OrderVelocity {
            tenant_id: pending.tenant_id,
            merchant_order_id: &pending.merchant_order_id,
            queries: &pending.queries,
        })
        .collect();
    tenancy::in_platform_hot::<_, StoreError, _, _>(pool, async |conn| {
        velocity::read_batch(conn, &orders).await
    })
    .await
}
