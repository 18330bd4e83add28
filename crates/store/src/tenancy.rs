//! Whose rows a transaction may touch, entered in one place.
//!
//! Row-level security reads two transaction-local settings (`app.tenant_id`, `app.scope`), so they
//! vanish at commit and can never leak to the next borrower of a pooled connection. The only ways
//! to get a transaction are the functions here:
//!
//! - [`in_tenant`]: one tenant's rows (every merchant-facing flow);
//! - [`in_platform`]: every tenant's rows (authentication lookups, platform-admin paths, which
//!   are audited where they read tenants' data);
//! - [`platform_within`]: a platform-scope step *inside* a tenant transaction (finding other
//!   members' orders that match a new report). It runs in a savepoint and turns the platform
//!   scope off again before it returns, so later writes in the tenant transaction stay under the
//!   tenant guard.
//!
//! Each takes a pool (a connection is borrowed for the transaction) or a connection.

use std::future::Future;

use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::pool::{Pool, PooledConnection};

/// The body of a scoped transaction: an async closure over the connection whose future is `Send`
/// (the bound diesel-async's own `transaction` asks for, which it does not export).
pub trait TransactionBody<'r, R, E>:
    AsyncFnOnce(&'r mut AsyncPgConnection) -> Result<R, E>
    + FnOnce(&'r mut AsyncPgConnection) -> <Self as TransactionBody<'r, R, E>>::Fut
{
    type Fut: Future<Output = Result<R, E>> + Send;
}

impl<'r, F, Fut, R, E> TransactionBody<'r, R, E> for F
where
    F: AsyncFnOnce(&'r mut AsyncPgConnection) -> Result<R, E>
        + FnOnce(&'r mut AsyncPgConnection) -> Fut,
    Fut: Future<Output = Result<R, E>> + Send,
{
    type Fut = Fut;
}

/// Where a scoped transaction gets its connection: a pool (borrowed for the transaction) or a
/// connection the caller already holds.
pub trait ConnectionSource: Send {
    type Connection: std::ops::DerefMut<Target = AsyncPgConnection> + Send;
    /// Borrowing can fail with `StoreError::Unavailable` for a pool; never for a held connection.
    fn connection(self) -> impl Future<Output = Result<Self::Connection, StoreError>> + Send;
}

impl ConnectionSource for &Pool {
    type Connection = PooledConnection;
    async fn connection(self) -> Result<PooledConnection, StoreError> {
        crate::pool::get(self).await
    }
}

/// A held connection, as `&mut *conn` gives it.
#[allow(missing_debug_implementations)]
pub struct Held<'a>(&'a mut AsyncPgConnection);

impl std::ops::Deref for Held<'_> {
    type Target = AsyncPgConnection;
    fn deref(&self) -> &AsyncPgConnection {
        self.0
    }
}

impl std::ops::DerefMut for Held<'_> {
    fn deref_mut(&mut self) -> &mut AsyncPgConnection {
        self.0
    }
}

impl<'a> ConnectionSource for &'a mut AsyncPgConnection {
    type Connection = Held<'a>;
    async fn connection(self) -> Result<Held<'a>, StoreError> {
        Ok(Held(self))
    }
}

impl<'a> ConnectionSource for &'a mut PooledConnection {
    type Connection = Held<'a>;
    async fn connection(self) -> Result<Held<'a>, StoreError> {
        Ok(Held(self))
    }
}

/// Runs `body` in a transaction limited to one tenant's rows, committed when it returns `Ok`.
pub async fn in_tenant<R, E, S, F>(source: S, tenant_id: Uuid, body: F) -> Result<R, E>
where
    S: ConnectionSource,
    for<'r> F: TransactionBody<'r, R, E> + Send,
    E: From<StoreError> + Send,
    R: Send,
{
    let mut conn = source.connection().await?;
    conn.transaction::<R, Scoped<E>, _>(async move |conn| {
        set_tenant(conn, tenant_id).await?;
        body(conn).await.map_err(Scoped::Body)
    })
    .await
    .map_err(Scoped::into_error)
}

/// Runs `body` in a transaction open to every tenant's rows: authentication lookups and
/// platform-admin paths only (audited where they read tenants' data).
pub async fn in_platform<R, E, S, F>(source: S, body: F) -> Result<R, E>
where
    S: ConnectionSource,
    for<'r> F: TransactionBody<'r, R, E> + Send,
    E: From<StoreError> + Send,
    R: Send,
{
    let mut conn = source.connection().await?;
    conn.transaction::<R, Scoped<E>, _>(async move |conn| {
        set_platform_scope(conn).await?;
        body(conn).await.map_err(Scoped::Body)
    })
    .await
    .map_err(Scoped::into_error)
}

/// Runs a platform-scope step inside the caller's (tenant) transaction, in a savepoint, and
/// closes the platform scope again before returning: statements after it see only the tenant's
/// rows. On an error the savepoint is rolled back, which restores the scope as well.
pub async fn platform_within<R, E, F>(conn: &mut AsyncPgConnection, body: F) -> Result<R, E>
where
    for<'r> F: TransactionBody<'r, R, E> + Send,
    E: From<StoreError> + Send,
    R: Send,
{
    conn.transaction::<R, Scoped<E>, _>(async move |conn| {
        set_platform_scope(conn).await?;
        let result = body(conn).await.map_err(Scoped::Body)?;
        close_platform_scope(conn).await?;
        Ok(result)
    })
    .await
    .map_err(Scoped::into_error)
}

/// A scoped transaction's failure: the database's own (entering the scope, committing, rolling
/// back), or the body's. Callers see one error type, which needs no diesel: only
/// `From<StoreError>`.
enum Scoped<E> {
    Database(diesel::result::Error),
    Body(E),
}

impl<E> From<diesel::result::Error> for Scoped<E> {
    fn from(error: diesel::result::Error) -> Self {
        Scoped::Database(error)
    }
}

impl<E: From<StoreError>> Scoped<E> {
    fn into_error(self) -> E {
        match self {
            Scoped::Database(error) => StoreError::from(error).into(),
            Scoped::Body(error) => error,
        }
    }
}

/// Limits the current transaction to one tenant's rows.
async fn set_tenant(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query("SELECT set_config('app.tenant_id', $1, true)")
        .bind::<Text, _>(tenant_id.to_string())
        .execute(conn)
        .await
        .map(|_| ())
}

/// Opens every tenant's rows to the current transaction.
async fn set_platform_scope(conn: &mut AsyncPgConnection) -> Result<(), diesel::result::Error> {
    diesel::sql_query("SELECT set_config('app.scope', 'platform', true)")
        .execute(conn)
        .await
        .map(|_| ())
}

/// Ends the platform scope for the rest of the current transaction.
async fn close_platform_scope(conn: &mut AsyncPgConnection) -> Result<(), diesel::result::Error> {
    diesel::sql_query("SELECT set_config('app.scope', '', true)")
        .execute(conn)
        .await
        .map(|_| ())
}
