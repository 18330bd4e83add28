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
//!
//! [`in_tenant_hot`] and [`in_platform_hot`] are the same scopes for the scoring paths and their
//! writers, whose statements are written for generic plans (full keys, arrays unnested): they
//! also make PostgreSQL keep one generic plan per statement and connection. Left to choose, it
//! replans a statement that unnests an array parameter on every call (a custom plan knows the
//! array's length, so it always looks cheaper than the generic one), and replans a foreign-key
//! check against the partitioned `orders` on every inserted row (a custom plan prunes the
//! partitions): together more than a third of PostgreSQL's time per scored order
//! (docs/BENCHMARKS.md). Flows whose statements have optional filters (`$1 IS NULL OR …`) need
//! custom plans and keep the plain scopes.

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
    scoped(source, Scope::Tenant(tenant_id), Plans::Chosen, body).await
}

/// [`in_tenant`] with generic plans: for the scoring paths (see the module's documentation).
pub async fn in_tenant_hot<R, E, S, F>(source: S, tenant_id: Uuid, body: F) -> Result<R, E>
where
    S: ConnectionSource,
    for<'r> F: TransactionBody<'r, R, E> + Send,
    E: From<StoreError> + Send,
    R: Send,
{
    scoped(source, Scope::Tenant(tenant_id), Plans::Generic, body).await
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
    scoped(source, Scope::Platform, Plans::Chosen, body).await
}

/// [`in_platform`] with generic plans: for the scoring paths' writers (see the module's
/// documentation).
pub async fn in_platform_hot<R, E, S, F>(source: S, body: F) -> Result<R, E>
where
    S: ConnectionSource,
    for<'r> F: TransactionBody<'r, R, E> + Send,
    E: From<StoreError> + Send,
    R: Send,
{
    scoped(source, Scope::Platform, Plans::Generic, body).await
}

#[derive(Clone, Copy)]
enum Scope {
    Tenant(Uuid),
    Platform,
}

/// How PostgreSQL plans the transaction's prepared statements.
#[derive(Clone, Copy)]
enum Plans {
    /// Its own choice between custom and generic plans.
    Chosen,
    /// One generic plan per statement and connection.
    Generic,
}

async fn scoped<R, E, S, F>(source: S, scope: Scope, plans: Plans, body: F) -> Result<R, E>
where
    S: ConnectionSource,
    for<'r> F: TransactionBody<'r, R, E> + Send,
    E: From<StoreError> + Send,
    R: Send,
{
    let mut conn = source.connection().await?;
    conn.transaction::<R, Scoped<E>, _>(async move |conn| {
        enter(conn, scope, plans).await?;
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
        enter(conn, Scope::Platform, Plans::Chosen).await?;
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

/// Limits the current transaction to one tenant's rows, or opens every tenant's, in one
/// statement with the plan setting (every setting transaction-local).
async fn enter(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    plans: Plans,
) -> Result<(), diesel::result::Error> {
    const GENERIC: &str = ", set_config('plan_cache_mode', 'force_generic_plan', true)";
    let generic = match plans {
        Plans::Chosen => "",
        Plans::Generic => GENERIC,
    };
    match scope {
        Scope::Tenant(tenant_id) => {
            diesel::sql_query(format!(
                "SELECT set_config('app.tenant_id', $1, true){generic}"
            ))
            .bind::<Text, _>(tenant_id.to_string())
            .execute(conn)
            .await
        }
        Scope::Platform => {
            diesel::sql_query(format!(
                "SELECT set_config('app.scope', 'platform', true){generic}"
            ))
            .execute(conn)
            .await
        }
    }
    .map(|_| ())
}

/// Ends the platform scope for the rest of the current transaction.
async fn close_platform_scope(conn: &mut AsyncPgConnection) -> Result<(), diesel::result::Error> {
    diesel::sql_query("SELECT set_config('app.scope', '', true)")
        .execute(conn)
        .await
        .map(|_| ())
}
