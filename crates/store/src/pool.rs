//! The connection pool the application serves from.

use std::time::Duration;

use diesel_async::pooled_connection::deadpool::{Object, Pool as DeadPool};
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures_util::FutureExt;

use crate::StoreError;

pub type Pool = DeadPool<AsyncPgConnection>;
pub type PooledConnection = Object<AsyncPgConnection>;

#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_size: usize,
    /// How long a request may wait for a free connection before it is told the database is
    /// unavailable.
    pub wait_timeout: Duration,
    /// Upper bound for any one statement, so that a runaway query cannot pin a connection.
    pub statement_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 16,
            wait_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(30),
        }
    }
}

/// A pool whose every connection acts as `sekisho_app`, so that row-level security applies
/// whatever login role the URL names.
pub fn connect(url: &str, options: &PoolOptions) -> Result<Pool, StoreError> {
    let statement_timeout_ms = options.statement_timeout.as_millis();
    let mut config = ManagerConfig::default();
    config.custom_setup = Box::new(move |url| {
        let url = url.to_owned();
        async move {
            let mut connection = AsyncPgConnection::establish(&url).await?;
            let setup = format!(
                "SET ROLE sekisho_app; SET application_name = 'sekisho'; \
                 SET statement_timeout = {statement_timeout_ms}"
            );
            connection
                .batch_execute(&setup)
                .await
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(connection)
        }
        .boxed()
    });
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, config);
    DeadPool::builder(manager)
        .max_size(options.max_size)
        .wait_timeout(Some(options.wait_timeout))
        .create_timeout(Some(options.wait_timeout))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .map_err(|error| StoreError::Unavailable(error.to_string()))
}

/// Borrows a connection, mapping pool exhaustion and connection failure to `Unavailable`.
pub async fn get(pool: &Pool) -> Result<PooledConnection, StoreError> {
    Ok(pool.get().await?)
}
