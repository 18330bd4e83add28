//! Linked orders (名寄せ): the tenant's orders that share a card, phone, email, delivery point,
//! building, device, account or IP with one order, up to two hops, each link saying which
//! identifiers join its two orders. Fan-out is bounded at every step so that an identifier shared
//! by thousands of orders (a forwarder's address, a carrier's NAT) costs what a rare one does;
//! the answer says when a limit cut it short.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use sekisho_domain::OrderDecision;
use sekisho_store::orders::Order;
use sekisho_store::related;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::ServiceError;

/// The identifier kinds that link orders (as stored in `order_identifiers`).
pub const LINKING_KINDS: &[&str] = &[
    "card",
    "phone",
    "email",
    "address_delivery_point",
    "address_building",
    "device_id",
    "account",
    "ip",
];
/// Orders followed from each identifier of the order asked about.
pub const FIRST_HOP_PER_IDENTIFIER: i64 = 25;
/// Orders of the first hop whose identifiers are followed again (depth 2).
pub const SECOND_HOP_FROM: usize = 25;
/// Orders followed from each identifier in the second hop.
pub const SECOND_HOP_PER_IDENTIFIER: i64 = 10;
/// Orders in one answer at most, the order asked about included.
pub const MAX_NODES: usize = 150;

/// One order of the graph.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelatedNode {
    pub order_id: Uuid,
    pub merchant_order_id: String,
    pub decision: OrderDecision,
    pub score: i16,
    /// accepted | in_review | held | rejected
    pub status: String,
    /// The reviewer's decision, when reviewed: accept | reject | hold.
    pub review_decision: Option<String>,
    /// What happened afterwards, the strongest first: chargeback | refunded | delivered |
    /// authorization result (approved, declined…); `null` when nothing was reported.
    pub outcome: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    pub scored_at: DateTime<Utc>,
    /// 0 for the order asked about, then the hop it was found at.
    pub depth: u8,
}

/// Two orders that share identifiers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelatedLink {
    pub from: Uuid,
    pub to: Uuid,
    /// card | phone | email | address_delivery_point | address_building | device_id | account | ip
    pub kinds: Vec<String>,
}

/// `GET /v1/orders/{id}/related`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelatedOrders {
    pub nodes: Vec<RelatedNode>,
    pub links: Vec<RelatedLink>,
    /// A bound cut the graph short (an identifier shared by more orders than are followed).
    pub truncated: bool,
    /// Identifier kinds held by more orders than were followed (e.g. a forwarder's address).
    pub widely_shared: Vec<String>,
}

fn outcome(order: &Order) -> Option<String> {
    if order.chargeback_at.is_some() {
        Some("chargeback".to_owned())
    } else if order.refunded_at.is_some() {
        Some("refunded".to_owned())
    } else if order.delivered_at.is_some() {
        Some("delivered".to_owned())
    } else {
        order.authorization_result.clone()
    }
}

type Identifier = (String, Vec<u8>);

/// Follows one hop: the neighbours of `from` (each identifier bounded), not already known.
async fn hop(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    from: &BTreeSet<Identifier>,
    known: &[Uuid],
    per_identifier: i64,
    widely_shared: &mut BTreeSet<String>,
) -> Result<Vec<Uuid>, ServiceError> {
    if from.is_empty() {
        return Ok(Vec::new());
    }
    let (kinds, fingerprints): (Vec<String>, Vec<Vec<u8>>) = from.iter().cloned().unzip();
    let found = related::neighbours(
        conn,
        tenant_id,
        &kinds,
        &fingerprints,
        known,
        per_identifier,
    )
    .await?;
    let mut per: HashMap<Identifier, i64> = HashMap::new();
    let mut ids = Vec::new();
    for neighbour in found {
        let count = per
            .entry((neighbour.kind.clone(), neighbour.fingerprint))
            .or_default();
        *count += 1;
        if *count >= per_identifier {
            widely_shared.insert(neighbour.kind);
        }
        if !ids.contains(&neighbour.order_id) {
            ids.push(neighbour.order_id);
        }
    }
    Ok(ids)
}

/// The graph around `root` (an order of `tenant_id`), `depth` 1 or 2.
pub async fn graph(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    root: &Order,
    depth: u8,
) -> Result<RelatedOrders, ServiceError> {
    let mut widely_shared = BTreeSet::new();
    let mut truncated = false;
    let mut depth_of: BTreeMap<Uuid, u8> = BTreeMap::from([(root.id, 0)]);
    let mut order_of_discovery = vec![root.id];
    let mut identifiers: Vec<(Uuid, String, Vec<u8>)> =
        related::identifiers_of(conn, tenant_id, &[root.id], LINKING_KINDS).await?;
    let mut followed: BTreeSet<Identifier> = identifiers
        .iter()
        .map(|(_, kind, fp)| (kind.clone(), fp.clone()))
        .collect();

    let first = hop(
        conn,
        tenant_id,
        &followed,
        &order_of_discovery,
        FIRST_HOP_PER_IDENTIFIER,
        &mut widely_shared,
    )
    .await?;
    for id in first {
        if order_of_discovery.len() >= MAX_NODES {
            truncated = true;
            break;
        }
        depth_of.insert(id, 1);
        order_of_discovery.push(id);
    }
    let first_hop: Vec<Uuid> = order_of_discovery.iter().skip(1).copied().collect();
    let first_identifiers =
        related::identifiers_of(conn, tenant_id, &first_hop, LINKING_KINDS).await?;

    if depth >= 2 && order_of_discovery.len() < MAX_NODES {
        if first_hop.len() > SECOND_HOP_FROM {
            truncated = true;
        }
        let expand: BTreeSet<Uuid> = first_hop.iter().take(SECOND_HOP_FROM).copied().collect();
        let next: BTreeSet<Identifier> = first_identifiers
            .iter()
            .filter(|(order, _, _)| expand.contains(order))
            .map(|(_, kind, fp)| (kind.clone(), fp.clone()))
            .filter(|identifier| !followed.contains(identifier))
            .collect();
        let second = hop(
            conn,
            tenant_id,
            &next,
            &order_of_discovery,
            SECOND_HOP_PER_IDENTIFIER,
            &mut widely_shared,
        )
        .await?;
        followed.extend(next);
        for id in second {
            if order_of_discovery.len() >= MAX_NODES {
                truncated = true;
                break;
            }
            depth_of.insert(id, 2);
            order_of_discovery.push(id);
        }
    }
    identifiers.extend(first_identifiers);
    let second_hop: Vec<Uuid> = depth_of
        .iter()
        .filter(|(_, d)| **d == 2)
        .map(|(id, _)| *id)
        .collect();
    if !second_hop.is_empty() {
        identifiers
            .extend(related::identifiers_of(conn, tenant_id, &second_hop, LINKING_KINDS).await?);
    }
    truncated |= !widely_shared.is_empty();

    // Links: each identifier held by several nodes joins them to the one found first (a star,
    // not every pair, so a group of n costs n − 1 links).
    let rank: HashMap<Uuid, usize> = order_of_discovery
        .iter()
        .enumerate()
        .map(|(rank, id)| (*id, rank))
        .collect();
    let mut holders: BTreeMap<Identifier, Vec<Uuid>> = BTreeMap::new();
    for (order, kind, fp) in identifiers {
        if rank.contains_key(&order) {
            holders.entry((kind, fp)).or_default().push(order);
        }
    }
    let mut joined: BTreeMap<(Uuid, Uuid), BTreeSet<String>> = BTreeMap::new();
    for ((kind, _), mut orders) in holders {
        orders.sort_by_key(|id| rank.get(id).copied().unwrap_or(usize::MAX));
        orders.dedup();
        let Some((hub, rest)) = orders.split_first() else {
            continue;
        };
        for other in rest {
            joined
                .entry((*hub, *other))
                .or_default()
                .insert(kind.clone());
        }
    }
    let loaded = related::orders_by_id(conn, tenant_id, &order_of_discovery).await?;
    let mut nodes: Vec<RelatedNode> = loaded
        .iter()
        .map(|order| RelatedNode {
            order_id: order.id,
            merchant_order_id: order.merchant_order_id.clone(),
            decision: order.decision,
            score: order.score,
            status: order.status.as_str().to_owned(),
            review_decision: order.review_decision.clone(),
            outcome: outcome(order),
            amount_minor: order.amount_minor,
            currency: order.currency.clone(),
            scored_at: order.scored_at,
            depth: depth_of.get(&order.id).copied().unwrap_or(0),
        })
        .collect();
    nodes.sort_by_key(|node| rank.get(&node.order_id).copied().unwrap_or(usize::MAX));
    Ok(RelatedOrders {
        nodes,
        links: joined
            .into_iter()
            .map(|((from, to), kinds)| RelatedLink {
                from,
                to,
                kinds: kinds.into_iter().collect(),
            })
            .collect(),
        truncated,
        widely_shared: widely_shared.into_iter().collect(),
    })
}
