//! Scoring an order (自動判定): validate and normalise it, read every fact in one tenant
//! transaction while the outside checks run and the velocity reader answers its velocity with
//! the other orders scored meanwhile, assess it with the pure core, store the order, its signals
//! and its fingerprints, and answer — the answer stored under the caller's Idempotency-Key in
//! the same transaction.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use sekisho_domain::OrderStatus;
use sekisho_domain::customer_data::CustomerDataKey;
use sekisho_domain::identifiers::ConsortiumKey;
use sekisho_scoring::OrderDecision;
use sekisho_scoring::consortium::MatchPolicy;
use sekisho_scoring::order::{
    OrderFacts, OrderSettings, ThreeDsRecommendation, assess, signals_and_reasons,
};
use sekisho_scoring::policy::{Policy, RuleHit};
use sekisho_scoring::reasons::Reason;
use sekisho_store::orders::{NewOrder, Order, StoredOrder};
use sekisho_store::{Pool, tenancy};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::ServiceError;
use crate::caches::Caches;
use crate::consortium_filter::ConsortiumFilter;
use crate::idempotency::{self, Answer, RetryKey, StoredReply};
use crate::orders::facts::{self, PreparedOrder};
use crate::orders::group_commit::{OrderWrite, OrderWriter, Written};
use crate::orders::request::ScoreOrderRequest;
use crate::orders::usual_amounts::{Cached, UsualAmounts};
use crate::orders::velocity_reads::VelocityReader;

/// Sekisho's answer for one order.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderAssessment {
    /// Sekisho's id of the order.
    pub order_id: Uuid,
    /// The merchant's order id.
    pub merchant_order_id: String,
    pub decision: OrderDecision,
    /// 0–100.
    pub score: i16,
    /// Why, strongest first.
    pub reasons: Vec<Reason>,
    /// The 3-D Secure recommendation for risk-based authentication.
    pub three_ds: ThreeDsRecommendation,
    /// The policy version that decided.
    pub policy_version: i32,
    /// Passive (shadow) rules that matched: recorded, not applied.
    pub shadow_rules: Vec<RuleHit>,
    pub scored_at: DateTime<Utc>,
    /// `false` for an order scored with a test key (docs/TESTING.md).
    pub livemode: bool,
}

impl From<&Order> for OrderAssessment {
    fn from(order: &Order) -> Self {
        Self {
            order_id: order.id,
            merchant_order_id: order.merchant_order_id.clone(),
            decision: order.decision,
            score: order.score,
            reasons: order.reasons.clone(),
            three_ds: order.three_ds,
            policy_version: order.policy_version,
            shadow_rules: order.shadow_rules.clone(),
            scored_at: order.scored_at,
            livemode: order.livemode,
        }
    }
}

const USUAL_AMOUNT_TTL: Duration = Duration::from_secs(600);

impl OrderAssessment {
    /// The answer for an order just stored: what was scored, under the id and time storing it
    /// gave (the first id of a merchant order scored before).
    pub fn stored(new: &NewOrder, stored: &StoredOrder) -> Self {
        Self {
            order_id: stored.id,
            merchant_order_id: stored.merchant_order_id.clone(),
            decision: new.decision,
            score: new.score,
            reasons: new.reasons.clone(),
            three_ds: new.three_ds,
            policy_version: new.policy_version,
            shadow_rules: new.shadow_rules.clone(),
            scored_at: stored.scored_at,
            livemode: stored.livemode,
        }
    }
}

/// A tenant's settings as the process caches them (the HTTP crate's `cache::Caches`, kept
/// fresh by LISTEN/NOTIFY); read with the flow's connection on a miss.
pub trait TenantSettings: Send + Sync {
    /// Whether the tenant uses other members' reports.
    fn consumes_consortium(
        &self,
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> impl Future<Output = Result<bool, ServiceError>> + Send;
    /// The tenant's current policy.
    fn policy(
        &self,
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> impl Future<Output = Result<Arc<Policy>, ServiceError>> + Send;
}

/// What the outside checks (phone line, address, IP intelligence) found for an order.
#[derive(Debug, Clone, Default)]
pub struct ExternalFindings {
    pub reasons: Vec<Reason>,
    pub ip_tags: Vec<String>,
}

/// Outside checks still running; `None` when they could not finish (logged where they ran).
pub type PendingChecks = Pin<Box<dyn Future<Output = Option<ExternalFindings>> + Send>>;

/// Outbound checks of an order, each under its own time budget (`sekisho_outbound::enrichment`).
pub trait ExternalChecks: Send + Sync {
    /// Starts the checks; they run while the database is read.
    fn start(&self, order: &PreparedOrder) -> PendingChecks;
}

/// What scoring an order needs besides the order itself.
pub struct OrderScoring<'a, T, X> {
    pub pool: &'a Pool,
    pub key: &'a ConsortiumKey,
    /// The in-memory consortium filter: clean identifiers cost no database read.
    pub filter: &'a ConsortiumFilter,
    /// What the reference lists say about IPs, BINs and addresses, cached.
    pub reference: &'a Caches,
    pub match_policy: &'a MatchPolicy,
    pub signals: &'a OrderSettings,
    pub tenants: &'a T,
    pub external: &'a X,
    pub usual_amounts: &'a Arc<UsualAmounts>,
    /// `false` for a test key's order: stored, counted and matched apart from live data, and
    /// the test values of `test_mode` apply.
    pub livemode: bool,
    /// Seals the customer's own data; `None`: it is not kept.
    pub customer_data: Option<&'a CustomerDataKey>,
    /// Stores the order with the others scored at the same time (group commit).
    pub writer: &'a OrderWriter,
    /// Reads the order's velocity with the others scored at the same time.
    pub velocity: &'a VelocityReader,
}

/// What the read transaction found: an answer given before under the caller's key, or the facts.
enum Read {
    Answered(StoredReply),
    Facts {
        facts: Box<OrderFacts>,
        policy: Arc<Policy>,
        usual: Option<(i64, i64)>,
    },
}

/// Scores one order and stores it (re-scoring a merchant order id scored before).
pub async fn score<T: TenantSettings, X: ExternalChecks>(
    with: OrderScoring<'_, T, X>,
    tenant_id: Uuid,
    request: &ScoreOrderRequest,
    retry: Option<&RetryKey>,
) -> Result<Answer<OrderAssessment>, ServiceError> {
    let prepared = facts::prepare(request)?;
    let merchant_order_id = request.order_id.trim().to_owned();
    let currency = prepared.money.code();
    // Sealed once, before the transaction: one more column in the same insert.
    let customer_data = match with.customer_data {
        Some(key) if !prepared.customer.is_empty() => Some(
            key.seal(&prepared.customer, tenant_id.as_bytes(), &merchant_order_id)
                .map_err(|_| ServiceError::Internal("the customer data could not be sealed"))?,
        ),
        _ => None,
    };
    // An expired value keeps serving while one background refresh reads it again.
    let cached_usual = match with
        .usual_amounts
        .lookup(tenant_id, &currency, USUAL_AMOUNT_TTL)
    {
        Cached::Fresh(usual) => Some(usual),
        Cached::Stale { usual, refresh } => {
            if refresh {
                with.usual_amounts.refresh_in_background(
                    with.pool.clone(),
                    tenant_id,
                    currency.clone(),
                );
            }
            Some(usual)
        }
        Cached::Missing => None,
    };
    // External checks run while the database is read; each is bounded by its own budget.
    let external = with.external.start(&prepared);
    let identified = facts::identify(with.key, tenant_id, &prepared, with.livemode);
    // Velocity is read with the other orders scored meanwhile, beside the read transaction.
    let velocity = with.velocity.read(
        tenant_id,
        &merchant_order_id,
        facts::velocity_questions(&identified.kept),
    );
    // The reads: one tenant transaction, read only. The write goes to the writer, which stores
    // this order with the other orders scored meanwhile and answers after their commit.
    let read =
        tenancy::in_tenant_hot::<_, ServiceError, _, _>(with.pool, tenant_id, async |conn| {
            if let Some(replay) = idempotency::answered(conn, tenant_id, retry).await? {
                return Ok(Read::Answered(replay));
            }
            let consumes = with.tenants.consumes_consortium(conn, tenant_id).await?;
            let usual = match cached_usual {
                Some(usual) => usual,
                None => Order::usual_amount(conn, tenant_id, &currency).await?,
            };
            let gathered = facts::gather(
                conn,
                with.key,
                with.filter,
                with.reference,
                with.match_policy,
                tenant_id,
                consumes,
                &prepared,
                &identified,
                usual,
                with.livemode,
            )
            .await?;
            let policy = with.tenants.policy(conn, tenant_id).await?;
            Ok(Read::Facts {
                facts: Box::new(gathered),
                policy,
                usual,
            })
        });
    let (read, velocity) = futures_util::try_join!(read, velocity)?;
    let (mut order_facts, policy, usual) = match read {
        Read::Answered(replay) => {
            tracing::info!(tenant.id = %tenant_id, "order score replayed");
            return Ok(Answer::Replayed(replay));
        }
        Read::Facts {
            facts,
            policy,
            usual,
        } => (*facts, policy, usual),
    };
    order_facts.velocity = facts::velocity_facts(velocity);
    if let Some(found) = external.await {
        order_facts.extra_reasons.extend(found.reasons);
        if let Some(ip) = order_facts.ip.as_mut() {
            for tag in found.ip_tags {
                if !ip.tags.contains(&tag) {
                    ip.tags.push(tag);
                }
            }
        }
    }
    let (signals, reasons) = signals_and_reasons(&order_facts, with.signals);
    let (mut assessment, signals) = assess(signals, reasons, &policy, prepared.three_ds.is_some());
    if !with.livemode {
        crate::test_mode::force_decision(&prepared.parsed, &mut assessment);
    }
    let unserialisable = |_| ServiceError::Internal("an order's assessment did not serialise");
    let order = NewOrder {
        tenant_id,
        id: Uuid::now_v7(),
        merchant_order_id: merchant_order_id.clone(),
        ordered_at: prepared.ordered_at,
        amount_minor: prepared.money.minor,
        currency: currency.clone(),
        payment_method: prepared.payment_method.clone(),
        account_id: prepared.account_id.clone(),
        decision: assessment.decision,
        score: i16::from(assessment.score),
        reasons: assessment.reasons.clone(),
        three_ds: assessment.three_ds,
        policy_version: policy.version,
        shadow_rules: assessment.shadow.clone(),
        signals: serde_json::to_value(&signals).map_err(unserialisable)?,
        summary: prepared.summary.clone(),
        status: OrderStatus::after_scoring(assessment.decision),
        idempotency_key: None,
        livemode: with.livemode,
        customer_data,
    };
    let written = with
        .writer
        .store(OrderWrite {
            order,
            identifiers: identified.kept,
            at: Utc::now(),
            retry: retry.cloned(),
        })
        .await?;
    // Only a value read now is put back; a cached one is the cache's own.
    let answer = match written {
        Written::Stored { outcome, reply } => Answer::Done {
            reply,
            outcome: *outcome,
        },
        Written::Replayed(reply) => Answer::Replayed(reply),
    };
    let usual = cached_usual.is_none().then_some(usual);
    match (&answer, usual) {
        (Answer::Done { outcome, .. }, read_now) => {
            if let Some(usual) = read_now {
                with.usual_amounts.put(tenant_id, &currency, usual);
            }
            tracing::info!(tenant.id = %tenant_id, order.id = %outcome.order_id, decision = %outcome.decision.as_str(), score = outcome.score, "order scored");
        }
        _ => tracing::info!(tenant.id = %tenant_id, "order score replayed"),
    }
    Ok(answer)
}
