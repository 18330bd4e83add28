//! The customer behind an order, as the tenant's own staff may see it: unmasked for owners and
//! reviewers (each view audited), masked for analysts, and for API keys only when the tenant has
//! turned that on (audited too). The data is opened with the data key; nothing of it crosses
//! tenants (the blob is bound to its tenant and order, and read under the tenant's RLS).

use diesel_async::AsyncPgConnection;
use sekisho_domain::Role;
use sekisho_domain::customer_data::{CustomerDataKey, CustomerRecord};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::customer_data::{self, CustomerDataSettings};
use sekisho_store::orders::Order;
use serde_json::json;
use uuid::Uuid;

use crate::ServiceError;

/// Who is reading the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Staff(Role),
    ApiKey,
}

/// What the reader may see of the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Unmasked,
    Masked,
    None,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Unmasked => "unmasked",
            Access::Masked => "masked",
            Access::None => "none",
        }
    }
}

/// The audit action of an unmasked view.
pub const VIEWED: &str = "customer_data.viewed";

async fn access(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    reader: Reader,
) -> Result<Access, ServiceError> {
    Ok(match reader {
        Reader::Staff(Role::Owner | Role::Reviewer) => Access::Unmasked,
        Reader::Staff(Role::Analyst) => Access::Masked,
        Reader::ApiKey => {
            if CustomerDataSettings::find(conn, tenant_id)
                .await?
                .api_keys_read
            {
                Access::Unmasked
            } else {
                Access::None
            }
        }
    })
}

/// The order's customer for this reader (`None`: not for this reader, none sent, or purged),
/// with the access it was read under. An unmasked read is written to the audit log in the
/// caller's transaction, so that the view and its record commit together.
pub async fn read(
    conn: &mut AsyncPgConnection,
    key: Option<&CustomerDataKey>,
    order: &Order,
    reader: Reader,
    actor: &str,
) -> Result<(Option<CustomerRecord>, Access), ServiceError> {
    let access = access(conn, order.tenant_id, reader).await?;
    let Some(key) = key.filter(|_| access != Access::None) else {
        return Ok((None, Access::None));
    };
    let Some(sealed) = customer_data::sealed(conn, order.tenant_id, order.id).await? else {
        return Ok((None, access));
    };
    let record = match key.open(
        &sealed,
        order.tenant_id.as_bytes(),
        &order.merchant_order_id,
    ) {
        Ok(record) => record,
        Err(error) => {
            // A different key than the one that sealed it: the order stays readable without it.
            tracing::warn!(tenant.id = %order.tenant_id, order.id = %order.id, %error, "customer data does not open");
            return Ok((None, access));
        }
    };
    if access == Access::Masked {
        return Ok((Some(record.masked()), access));
    }
    let order_id = order.id.to_string();
    AuditEntry::record(
        conn,
        &NewAuditEntry {
            tenant_id: Some(order.tenant_id),
            actor,
            action: VIEWED,
            target: Some(&order_id),
            details: json!({ "merchant_order_id": order.merchant_order_id }),
        },
    )
    .await?;
    Ok((Some(record), access))
}
