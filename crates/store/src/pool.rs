//! The connection pool the application serves from. Every wait is bounded: borrowing a
//! connection (`wait_timeout`), opening one (`connect_timeout`, TLS and authentication
//! included), checking a returned one (`wait_timeout`) and, on the server, every statement
//! (`statement_timeout`). A database that stops answering altogether (frozen, partitioned) is
//! bounded by the HTTP layer's per-request deadline and the connections' TCP keepalives.

use std::sync::Arc;
use std::time::Duration;

use diesel_async::pooled_connection::deadpool::{Object, Pool as DeadPool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::{AsyncPgConnection, SimpleAsyncConnection};
use futures_util::FutureExt;

use crate::StoreError;
use crate::connect::DatabaseTarget;

pub type Pool = DeadPool<AsyncPgConnection>;
pub type PooledConnection = Object<AsyncPgConnection>;

#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_size: usize,
    /// How long a request may wait for a free connection before it is told the database is
    /// unavailable (`SEKISHO_POOL_TIMEOUT_MS`).
    pub wait_timeout: Duration,
    /// Upper bound for any one statement, so that a runaway query cannot pin a connection
    /// (`SEKISHO_DB_STATEMENT_TIMEOUT_MS`; set on every connection).
    pub statement_timeout: Duration,
    /// Upper bound for opening one connection, TLS and authentication included
    /// (`SEKISHO_DB_CONNECT_TIMEOUT_MS`).
    pub connect_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 16,
            wait_timeout: Duration::from_secs(2),
            statement_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// A pool whose every connection acts as `sekisho_app`, so that row-level security applies
/// whatever login role the URL names.
pub fn connect(url: &str, options: &PoolOptions) -> Result<Pool, StoreError> {
    let target = DatabaseTarget::parse(url, options.connect_timeout)
        .map_err(|error| StoreError::Unavailable(error.to_string()))?
        .with_application_name("sekisho");
    let target = Arc::new(target);
    let statement_timeout_ms = options.statement_timeout.as_millis();
    let connect_timeout = options.connect_timeout;
    let mut config = ManagerConfig::default();
    // No `SELECT 1` per checkout (a round trip on every request): a connection whose socket
    // closed is already known as broken (`is_broken`) and replaced, and one that breaks in use
    // fails that request fast, as any statement would.
    config.recycling_method = RecyclingMethod::Fast;
    config.custom_setup = Box::new(move |_url| {
        let target = target.clone();
        async move {
            let mut connection = target.establish().await?;
            // An open transaction whose client went quiet must not hold its locks for ever.
            let idle_ms = statement_timeout_ms.saturating_mul(2);
            let setup = format!(
                "SET ROLE sekisho_app; SET statement_timeout = {statement_timeout_ms}; \
                 SET idle_in_transaction_session_timeout = {idle_ms}"
            );
            let setting_up = connection.batch_execute(&setup);
            tokio::time::timeout(connect_timeout, setting_up)
                .await
                .map_err(|_| {
                    diesel::ConnectionError::BadConnection("connection setup timed out".into())
                })?
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(connection)
        }
        .boxed()
    });
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, config);
    DeadPool::builder(manager)
        .max_size(options.max_size)
        .wait_timeout(Some(options.wait_timeout))
        // Opening includes the TLS handshake, authentication and the setup statements.
        .create_timeout(Some(options.connect_timeout.saturating_mul(2)))
        .recycle_timeout(Some(options.wait_timeout))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .map_err(|error| StoreError::Unavailable(error.to_string()))
}

/// Borrows a connection, mapping pool exhaustion and connection failure to `Unavailable`.
pub async fn get(pool: &Pool) -> Result<PooledConnection, StoreError> {
    Ok(pool.get().await?)
}

/// Borrows a connection and runs `SELECT 1` on it: is the database there and answering?
pub async fn ping(pool: &Pool) -> Result<(), StoreError> {
    use diesel_async::RunQueryDsl;
    let mut conn = get(pool).await?;
    diesel::sql_query("SELECT 1").execute(&mut conn).await?;
    Ok(())
}
