//! Sekisho's PostgreSQL store.
//!
//! One module per aggregate with plain async functions that take the connection, so that callers
//! own transactions (the crates.io way). Tenant isolation is enforced by PostgreSQL itself: the
//! pool's connections act as `sekisho_app` under forced row-level security, and
//! [`tenancy::in_tenant`] sets the tenant for one transaction.

pub mod activity;
pub mod alerts;
pub mod analytics;
pub mod api_keys;
pub mod audit;
pub mod connect;
pub mod consortium;
pub mod customer_data;
pub mod devices;
pub mod disputes;
pub mod error;
pub mod fraud_reports;
pub mod idempotency;
pub mod lists;
pub mod logins;
pub mod migrate;
pub mod orders;
pub mod partitions;
pub mod payments;
pub mod platform_admins;
pub mod policies;
pub mod pool;
pub mod prepared;
pub mod reference;
pub mod related;
pub mod report_import;
pub mod schema;
pub mod sessions;
pub mod tenancy;
pub mod tenants;
pub mod test_entries;
pub mod users;
pub mod velocity;
pub mod vocabulary;
pub mod warninglist;
pub mod webhooks;

pub use diesel_async::AsyncPgConnection;

/// A connection queries can run on: `&mut AsyncPgConnection` as usual, or `&mut &AsyncPgConnection`
/// to pipeline independent reads (diesel-async sends them together when their futures are
/// polled concurrently, so several reads cost one round trip).
pub trait Db: diesel_async::AsyncConnectionCore<Backend = diesel::pg::Pg> {}
impl<T: diesel_async::AsyncConnectionCore<Backend = diesel::pg::Pg>> Db for T {}
pub use error::StoreError;
pub use pool::{Pool, PoolOptions};
