//! Handling a tenant's attack alerts (card testing, login attacks): listing them, and staff or
//! the tenant's systems acknowledging (seen, handled) or resolving (closed) one, which ends its
//! effect on the source's attempts, orders and payments at once. Each handling is audited.

use chrono::{DateTime, Utc};
use sekisho_scoring::attacks::AlertKind;
use sekisho_scoring::card_testing::SourceKind;
use sekisho_store::alerts::Alert;
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::{Pool, StoreError, tenancy};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::ServiceError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// In force: it acts on the source's attempts, orders and payments.
    Open,
    /// Seen and handled by staff: no longer in force.
    Acknowledged,
    /// Closed by staff: no longer in force.
    Resolved,
    /// Its lifetime ended.
    Expired,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    pub id: Uuid,
    pub kind: AlertKind,
    pub source_kind: SourceKind,
    /// The IP or BIN as it is, a device or account id masked, `all attempts` for the tenant.
    pub source: String,
    /// The window whose counts crossed the thresholds: `10m`, `1h` or `24h`.
    #[schema(example = "1h")]
    pub window: String,
    pub failures: i32,
    pub attempts: i32,
    /// Failures ÷ attempts in the window, 0–1.
    pub failure_rate: f64,
    pub detected_at: DateTime<Utc>,
    /// In force until then, unless acknowledged or resolved first.
    pub active_until: DateTime<Utc>,
    /// Still in force (open and not expired).
    pub active: bool,
    pub status: AlertStatus,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlertList {
    pub items: Vec<AlertView>,
}

fn window_name(secs: i32) -> String {
    match secs {
        600 => "10m".into(),
        3600 => "1h".into(),
        86_400 => "24h".into(),
        other => format!("{other}s"),
    }
}

/// The alert as the API shows it; `None` for a kind or source this version does not know.
pub fn view(alert: Alert, now: DateTime<Utc>) -> Option<AlertView> {
    let active = alert.in_force_at(now);
    let status = if alert.resolved_at.is_some() {
        AlertStatus::Resolved
    } else if alert.acknowledged_at.is_some() {
        AlertStatus::Acknowledged
    } else if active {
        AlertStatus::Open
    } else {
        AlertStatus::Expired
    };
    Some(AlertView {
        id: alert.id,
        kind: AlertKind::parse(&alert.kind)?,
        source_kind: SourceKind::parse(&alert.source_kind)?,
        source: alert.display,
        window: window_name(alert.window_secs),
        failures: alert.failures,
        attempts: alert.attempts,
        failure_rate: alert.failure_rate,
        detected_at: alert.detected_at,
        active_until: alert.active_until,
        active,
        status,
        acknowledged_at: alert.acknowledged_at,
        acknowledged_by: alert.acknowledged_by,
        resolved_at: alert.resolved_at,
        resolved_by: alert.resolved_by,
    })
}

/// What staff do with an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    /// Seen and handled; acknowledging twice keeps the first time.
    Acknowledge,
    /// The attack is over or was a false alarm.
    Resolve,
}

impl Handling {
    fn action(self) -> &'static str {
        match self {
            Handling::Acknowledge => "alert.acknowledge",
            Handling::Resolve => "alert.resolve",
        }
    }
}

/// The tenant's alerts, newest first (`active_at`: only those in force then).
pub async fn list(
    pool: &Pool,
    tenant_id: Uuid,
    active_at: Option<DateTime<Utc>>,
    limit: i64,
    livemode: bool,
) -> Result<Vec<AlertView>, ServiceError> {
    let now = Utc::now();
    let alerts = tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        Ok(Alert::list(conn, tenant_id, active_at, limit, livemode).await?)
    })
    .await?;
    Ok(alerts
        .into_iter()
        .filter_map(|alert| view(alert, now))
        .collect())
}

/// Acknowledges or resolves one of the tenant's alerts, with its audit entry in the same
/// transaction; another tenant's alert is not found.
pub async fn handle(
    pool: &Pool,
    tenant_id: Uuid,
    actor: &str,
    id: Uuid,
    handling: Handling,
) -> Result<AlertView, ServiceError> {
    let now = Utc::now();
    let alert = tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        let marked = match handling {
            Handling::Acknowledge => Alert::acknowledge(conn, tenant_id, id, actor, now).await,
            Handling::Resolve => Alert::resolve(conn, tenant_id, id, actor, now).await,
        };
        let alert = marked.map_err(|error| match error {
            StoreError::NotFound => ServiceError::NotFound("alert"),
            other => other.into(),
        })?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(tenant_id),
                actor,
                action: handling.action(),
                target: Some(&id.to_string()),
                details: serde_json::json!({ "kind": alert.kind, "source_kind": alert.source_kind }),
            },
        )
        .await?;
        Ok(alert)
    })
    .await?;
    tracing::info!(tenant.id = %tenant_id, alert.id = %id, ?handling, "alert handled");
    view(alert, now).ok_or_else(|| {
        tracing::error!(alert.id = %id, "a handled alert has a kind or source this version does not know");
        ServiceError::Internal("an alert of an unknown kind")
    })
}
