//! Whose rows a transaction may touch. Row-level security reads these transaction-local settings,
//! so they vanish at commit and can never leak to the next borrower of a pooled connection.
//!
//! Use inside `conn.transaction(async |conn| { … })`, before any other statement.

use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// Limits the current transaction to one tenant's rows.
pub async fn set_tenant(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query("SELECT set_config('app.tenant_id', $1, true)")
        .bind::<Text, _>(tenant_id.to_string())
        .execute(conn)
        .await
        .map(|_| ())
}

/// Opens every tenant's rows to the current transaction: only for authentication lookups and
/// platform-admin paths, which are audited where they read tenants' data.
pub async fn set_platform_scope(conn: &mut AsyncPgConnection) -> Result<(), diesel::result::Error> {
    diesel::sql_query("SELECT set_config('app.scope', 'platform', true)")
        .execute(conn)
        .await
        .map(|_| ())
}
