//! From a prepared order to the facts the scoring core needs: identifiers fingerprinted
//! ([`identify`]), then the consortium, the tenant's lists, the reference lists and the device
//! read inside the caller's tenant transaction, pipelined into one round trip (the filter, the
//! lists and the reference lists answer from memory when they can). Velocity is asked
//! ([`velocity_questions`]) of the velocity reader beside that transaction, never from inside
//! it: a transaction holding a pooled connection while it waits for a reader that needs one
//! could starve the pool.

use diesel_async::AsyncPgConnection;
use sekisho_domain::identifiers::{ConsortiumKey, IdentifierKind, NormalizedIdentifier, PhoneType};
use sekisho_scoring::consortium::MatchPolicy;
use sekisho_scoring::order::{CardFacts, IpFacts, OrderFacts, Velocity};
use sekisho_store::alerts::{Alert, AlertSources};
use sekisho_store::orders::{OrderIdentifier, VelocityCount, VelocityQuery};
use uuid::Uuid;

pub use crate::orders::alerts::attack_alerts;

use crate::ServiceError;
use crate::consortium;
pub use crate::orders::prepare::{PreparedOrder, prepare};

/// The account-id label of order identifiers: account ids are the tenant's own, never shared.
pub const ACCOUNT_KIND: &str = "account";

fn phone_type_name(phone_type: PhoneType) -> &'static str {
    match phone_type {
        PhoneType::Mobile => "mobile",
        PhoneType::FixedLine => "fixed_line",
        PhoneType::IpPhone => "ip_phone",
        PhoneType::TollFree => "toll_free",
        PhoneType::Other => "other",
    }
}

/// The identifiers shared with the consortium (and stored with the order), in normalised form.
///
/// An order stores one fingerprint per kind: the address gives its delivery point regardless of
/// the building's name ([`sekisho_domain::identifiers::AddressKeys::point`]) and its building
/// (for the reference lists of forwarders); lookups use [`probes`].
pub fn identifiers(prepared: &PreparedOrder) -> Vec<NormalizedIdentifier> {
    let mut identifiers: Vec<NormalizedIdentifier> = prepared
        .parsed
        .to_identifiers()
        .into_iter()
        .filter(|id| {
            !matches!(
                id.kind(),
                IdentifierKind::AddressDeliveryPoint | IdentifierKind::AddressBuilding
            )
        })
        .collect();
    if let Some(address) = &prepared.parsed.address {
        identifiers.push(address.point_identifier());
        identifiers.push(address.building_identifier());
    }
    if let Some(Some(phone)) = &prepared.phone {
        identifiers.push(phone.to_identifier());
    }
    identifiers
}

/// What the consortium and the tenant's lists are asked about the order: an address's
/// delivery-point probes and its building.
pub fn probes(prepared: &PreparedOrder) -> Vec<NormalizedIdentifier> {
    let mut identifiers = prepared.parsed.to_probes();
    if let Some(Some(phone)) = &prepared.phone {
        identifiers.push(phone.to_identifier());
    }
    identifiers
}

/// Every fingerprint stored with the order: the shared kinds plus the tenant's account id.
pub fn order_identifiers(
    key: &ConsortiumKey,
    tenant_id: Uuid,
    prepared: &PreparedOrder,
    shared: &[NormalizedIdentifier],
) -> Vec<OrderIdentifier> {
    let mut stored: Vec<OrderIdentifier> = shared
        .iter()
        .map(|identifier| OrderIdentifier {
            kind: identifier.kind().as_str().to_owned(),
            fingerprint: identifier.fingerprint(key).as_bytes().to_vec(),
        })
        .collect();
    if let Some(account) = &prepared.account_id {
        let fingerprint = key.fingerprint_labelled(ACCOUNT_KIND, &format!("{tenant_id}:{account}"));
        stored.push(OrderIdentifier {
            kind: ACCOUNT_KIND.to_owned(),
            fingerprint: fingerprint.as_bytes().to_vec(),
        });
    }
    stored
}

const HOUR: i32 = 3600;
const DAY: i32 = 24 * HOUR;

/// Every velocity question the scoring asks about an order carrying `stored` (its
/// [`Identified::kept`] identifiers).
pub fn velocity_questions(stored: &[OrderIdentifier]) -> Vec<VelocityQuery> {
    let find = |kind: &str| {
        stored
            .iter()
            .find(|i| i.kind == kind)
            .map(|i| i.fingerprint.clone())
    };
    let specs: [(Velocity, &str, Option<&str>, i32); 12] = [
        (Velocity::CardsPerIp1h, "ip", Some("card"), HOUR),
        (Velocity::CardsPerIp24h, "ip", Some("card"), DAY),
        (Velocity::CardsPerDevice1h, "device_id", Some("card"), HOUR),
        (Velocity::CardsPerDevice24h, "device_id", Some("card"), DAY),
        (Velocity::OrdersPerCard1h, "card", None, HOUR),
        (Velocity::OrdersPerCard24h, "card", None, DAY),
        (Velocity::OrdersPerAccount1h, ACCOUNT_KIND, None, HOUR),
        (Velocity::OrdersPerAccount24h, ACCOUNT_KIND, None, DAY),
        (
            Velocity::NamesPerAddress24h,
            "address_delivery_point",
            Some("name"),
            DAY,
        ),
        (
            Velocity::NamesPerAddress30d,
            "address_delivery_point",
            Some("name"),
            30 * DAY,
        ),
        (
            Velocity::AccountsPerAddress30d,
            "address_delivery_point",
            Some(ACCOUNT_KIND),
            30 * DAY,
        ),
        (
            Velocity::CardsPerAddress30d,
            "address_delivery_point",
            Some("card"),
            30 * DAY,
        ),
    ];
    specs
        .into_iter()
        .filter_map(|(metric, key_kind, counted_kind, window_secs)| {
            Some(VelocityQuery {
                metric: metric.name().to_owned(),
                key_kind: key_kind.to_owned(),
                key: find(key_kind)?,
                counted_kind: counted_kind.map(str::to_owned),
                counted: counted_kind.and_then(find),
                window_secs,
            })
        })
        .collect()
}

/// The velocity answers as the scoring core takes them.
pub fn velocity_facts(counts: Vec<VelocityCount>) -> Vec<(Velocity, i64)> {
    counts
        .into_iter()
        .filter_map(|count| Some((Velocity::parse(&count.metric)?, count.count)))
        .collect()
}

/// An order's fingerprints, taken once.
pub struct Identified {
    /// As the order carries them: what the consortium and the lists are asked about.
    pub stored: Vec<OrderIdentifier>,
    /// As the order is counted and stored with: a test order's are its own
    /// (docs/TESTING.md), never counted with live orders.
    pub kept: Vec<OrderIdentifier>,
}

/// Fingerprints the order's identifiers.
pub fn identify(
    key: &ConsortiumKey,
    tenant_id: Uuid,
    prepared: &PreparedOrder,
    livemode: bool,
) -> Identified {
    let shared = identifiers(prepared);
    let stored = order_identifiers(key, tenant_id, prepared, &shared);
    let kept = if livemode {
        stored.clone()
    } else {
        crate::test_mode::scoped_identifiers(&stored)
    };
    Identified { stored, kept }
}

/// Reads every fact for the order inside the caller's tenant transaction, but its velocity
/// (read beside it; `OrderFacts::velocity` is left empty).
#[allow(clippy::too_many_arguments)]
pub async fn gather(
    conn: &mut AsyncPgConnection,
    key: &ConsortiumKey,
    filter: &crate::consortium_filter::ConsortiumFilter,
    reference: &crate::caches::Caches,
    match_policy: &MatchPolicy,
    tenant_id: Uuid,
    consumes: bool,
    prepared: &PreparedOrder,
    identified: &Identified,
    usual_amount: Option<(i64, i64)>,
    livemode: bool,
) -> Result<OrderFacts, ServiceError> {
    let stored = &identified.stored;
    let probed = probes(prepared);
    let forced = if livemode {
        Vec::new()
    } else {
        crate::test_mode::consortium_kinds(&probed)
    };
    let candidates: Vec<_> = probed
        .iter()
        .map(|id| consortium::candidate(key, id))
        .collect();

    // The lists hold delivery points as recorded: asked with the probes, like the consortium.
    let mut kinds: Vec<&str> = candidates.iter().map(|c| c.kind.as_str()).collect();
    let mut fingerprints: Vec<&[u8]> = candidates
        .iter()
        .map(|c| c.fingerprint.as_slice())
        .collect();
    if let Some(account) = stored.iter().find(|i| i.kind == ACCOUNT_KIND) {
        kinds.push(account.kind.as_str());
        fingerprints.push(account.fingerprint.as_slice());
    }
    let address_ids: Vec<&OrderIdentifier> = stored
        .iter()
        .filter(|i| i.kind == "address_delivery_point" || i.kind == "address_building")
        .collect();
    let address_kinds: Vec<&str> = address_ids.iter().map(|i| i.kind.as_str()).collect();
    let address_fps: Vec<&[u8]> = address_ids
        .iter()
        .map(|i| i.fingerprint.as_slice())
        .collect();
    let ip_text = prepared.parsed.ip.as_ref().map(|ip| ip.canonical());
    let ip_prefix = prepared.parsed.ip.as_ref().map(|ip| ip.prefix());
    // Alerts name an account by the hex of the same keyed fingerprint as the order stores.
    let account_hex = stored
        .iter()
        .find(|i| i.kind == ACCOUNT_KIND)
        .map(|i| hex::encode(&i.fingerprint));
    let alert_sources = AlertSources {
        ip: ip_text.as_deref(),
        ip_prefix: ip_prefix.as_deref(),
        device_id: prepared.parsed.device_id.as_ref().map(|d| d.as_str()),
        account: account_hex.as_deref(),
        bin: prepared.card_bin.as_deref(),
        tenant: false,
        livemode,
    };
    let now = chrono::Utc::now();

    // Every read is independent of the others: pipelined on the one connection, they cost one
    // round trip instead of seven.
    let shared_conn: &AsyncPgConnection = conn;
    let (mut c1, mut c2, mut c3, mut c4, mut c5, mut c6, mut c7) = (
        shared_conn,
        shared_conn,
        shared_conn,
        shared_conn,
        shared_conn,
        shared_conn,
        shared_conn,
    );
    let (consortium_matches, list_hits, ip_found, bin_found, address_lists, device, alerts) = futures_util::try_join!(
        async {
            if livemode {
                consortium::lookup(
                    &mut c1,
                    filter,
                    match_policy,
                    tenant_id,
                    consumes,
                    &candidates,
                )
                .await
            } else {
                consortium::lookup_test(&mut c1, match_policy, tenant_id, &candidates, &forced)
                    .await
            }
        },
        async {
            reference
                .list_hits(&mut c2, tenant_id, &kinds, &fingerprints)
                .await
        },
        async {
            match &ip_text {
                Some(ip) => Ok::<_, ServiceError>(Some(reference.ip_facts(&mut c3, ip).await?)),
                None => Ok(None),
            }
        },
        async {
            match &prepared.card_bin {
                Some(bin) => Ok::<_, ServiceError>(reference.bin_facts(&mut c4, bin).await?),
                None => Ok(None),
            }
        },
        async {
            if address_kinds.is_empty() || prepared.shipping_keys.is_none() {
                return Ok::<_, ServiceError>(Vec::new());
            }
            reference
                .address_lists(&mut c5, &address_kinds, &address_fps)
                .await
        },
        async {
            match &prepared.parsed.device_id {
                Some(device) => Ok::<_, ServiceError>(
                    sekisho_store::devices::facts(&mut c6, tenant_id, device.as_str()).await?,
                ),
                None => Ok(None),
            }
        },
        async {
            Ok::<_, ServiceError>(Alert::in_force(&mut c7, tenant_id, &alert_sources, now).await?)
        },
    )?;

    let mut ip = ip_found.map(|found| IpFacts {
        tags: found.tags,
        country: found.country,
    });
    let mut alerts = attack_alerts(alerts);
    let card = prepared.card_bin.as_ref().map(|bin| {
        let guessed = prepared
            .parsed
            .card
            .as_ref()
            .map(|card| card.brand().as_str().to_owned());
        CardFacts {
            bin: bin.clone(),
            brand: bin_found
                .as_ref()
                .map(|f| f.brand.clone())
                .or(guessed)
                .unwrap_or_else(|| "unknown".into()),
            issuer_country: bin_found.as_ref().and_then(|f| f.issuer_country.clone()),
        }
    });
    let mut card = card;
    if !livemode {
        crate::test_mode::apply_to_order(
            ip_text.as_deref(),
            ip.as_mut(),
            card.as_mut(),
            &mut alerts,
        );
    }
    let tagged_automation = device.is_some_and(|facts| facts.automation);
    let device_automation = tagged_automation || prepared.automation_user_agent;
    let list_kinds = |list: &str| -> Vec<IdentifierKind> {
        list_hits
            .iter()
            .filter(|hit| hit.list == list)
            .filter_map(|hit| IdentifierKind::parse(&hit.kind).ok())
            .collect()
    };
    let email_domain = prepared
        .parsed
        .email
        .as_ref()
        .map(|e| e.domain().to_owned());
    let facts = OrderFacts {
        amount_minor: prepared.money.minor,
        currency: prepared.money.code(),
        payment_method: prepared.payment_method.clone(),
        usual_amount,
        categories: prepared.categories.clone(),
        max_quantity: prepared.max_quantity,
        consortium: consortium_matches,
        blocklisted: list_kinds("block"),
        allowlisted: list_kinds("allow"),
        velocity: Vec::new(),
        ip,
        card,
        address_lists,
        phone_type: prepared.phone.as_ref().map(|phone| {
            phone
                .as_ref()
                .map(|p| phone_type_name(p.phone_type()).to_owned())
        }),
        disposable_email: email_domain
            .as_deref()
            .is_some_and(crate::disposable_email::is_disposable),
        email_domain,
        name_kana_mismatch: prepared.name_kana_mismatch,
        billing_country: prepared.billing_country.clone(),
        shipping_country: prepared.shipping_country.clone(),
        shipping_differs: prepared
            .summary
            .get("shipping_differs")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
        three_ds_status: prepared.three_ds.clone(),
        device_automation,
        attack_alerts: alerts,
        extra_reasons: Vec::new(),
    };
    Ok(facts)
}
