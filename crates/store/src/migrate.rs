//! Schema migrations (embedded from `migrations/`) and the database bootstrap that an embedded
//! or test cluster needs before the application can connect.

use diesel::migration::MigrationSource;
use diesel::sql_types::{Bool, Text};
use diesel::{QueryableByName, sql_query};
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::StoreError;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// The login role the embedded cluster gives the application; it can only become sekisho_app.
pub const APP_LOGIN_ROLE: &str = "sekisho_api";

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("cannot connect to run migrations: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("migration failed: {0}")]
    Run(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Connection(#[from] crate::connect::ConnectError),
}

/// The session-level advisory lock migrations run under ("SEKISHO" in ASCII): replicas of a new
/// release may start together, and then one migrates while the others wait and find nothing
/// pending, instead of racing to apply the same migration.
const MIGRATION_LOCK: i64 = 0x53_454b_4953_484f;

/// Applies pending migrations as the owner; returns the versions applied.
pub async fn run_pending(owner_url: &str) -> Result<Vec<String>, MigrationError> {
    let mut conn = connect(owner_url).await?;
    // Released when this connection closes, after the last migration.
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
        .await
        .map_err(StoreError::from)?;
    // diesel's harness is synchronous; on a blocking thread it may block on the async
    // connection whatever flavour of runtime the caller uses.
    tokio::task::spawn_blocking(move || {
        let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::from(conn);
        let applied = conn
            .run_pending_migrations(MIGRATIONS)
            .map_err(|error| MigrationError::Run(error.to_string()))?;
        Ok(applied.iter().map(ToString::to_string).collect())
    })
    .await
    .map_err(|error| MigrationError::Run(error.to_string()))?
}

/// Reverts every migration (for the down-migration test and `sekisho migrate --revert-all`).
pub async fn revert_all(owner_url: &str) -> Result<usize, MigrationError> {
    let conn = connect(owner_url).await?;
    tokio::task::spawn_blocking(move || {
        let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::from(conn);
        let reverted = conn
            .revert_all_migrations(MIGRATIONS)
            .map_err(|error| MigrationError::Run(error.to_string()))?;
        Ok(reverted.len())
    })
    .await
    .map_err(|error| MigrationError::Run(error.to_string()))?
}

/// Whether `version` (e.g. `2026-12-02-910001`, dashes optional) is one of this release's
/// migrations: a rollback names the newest migration of the release it returns to, and a
/// mistyped version must not revert everything after it.
pub fn is_known_version(version: &str) -> Result<bool, MigrationError> {
    let version = version.replace('-', "");
    let migrations = MigrationSource::<diesel::pg::Pg>::migrations(&MIGRATIONS)
        .map_err(|error| MigrationError::Run(error.to_string()))?;
    Ok(migrations
        .iter()
        .any(|migration| migration.name().version().to_string().replace('-', "") == version))
}

/// Reverts the migrations applied after `version` (e.g. `2026-12-02-910001`), newest first,
/// under the migration lock; returns how many. `sekisho migrate --revert-after` runs it to roll
/// back a release, and the migration tests to apply a migration to a database that already
/// holds data of the schema before it.
pub async fn revert_after(owner_url: &str, version: &str) -> Result<usize, MigrationError> {
    let mut conn = connect(owner_url).await?;
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
        .await
        .map_err(StoreError::from)?;
    let version = version.replace('-', "");
    tokio::task::spawn_blocking(move || {
        let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::from(conn);
        let mut reverted = 0;
        loop {
            let applied = conn
                .applied_migrations()
                .map_err(|error| MigrationError::Run(error.to_string()))?;
            let newest = applied.iter().map(ToString::to_string).max();
            match newest {
                Some(newest) if newest.replace('-', "") > version => {
                    conn.revert_last_migration(MIGRATIONS)
                        .map_err(|error| MigrationError::Run(error.to_string()))?;
                    reverted += 1;
                }
                _ => return Ok(reverted),
            }
        }
    })
    .await
    .map_err(|error| MigrationError::Run(error.to_string()))?
}

/// Connects with the URL's TLS settings (`sslmode`, `sslrootcert`), like the pool.
async fn connect(url: &str) -> Result<AsyncPgConnection, MigrationError> {
    Ok(crate::connect::establish(url).await?)
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    exists: bool,
}

/// Creates `database` unless it exists, connecting as a superuser to the maintenance database.
pub async fn ensure_database(maintenance_url: &str, database: &str) -> Result<(), MigrationError> {
    let mut conn = connect(maintenance_url).await?;
    let found: Exists =
        sql_query("SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1) AS exists")
            .bind::<Text, _>(database)
            .get_result(&mut conn)
            .await
            .map_err(StoreError::from)?;
    if !found.exists {
        conn.batch_execute(&format!("CREATE DATABASE {}", quote_ident(database)))
            .await
            .map_err(StoreError::from)?;
    }
    Ok(())
}

/// Makes sure the application's login role exists with `password` and may become sekisho_app.
/// Run after the migrations, which create sekisho_app.
pub async fn ensure_app_login(owner_url: &str, password: &str) -> Result<(), MigrationError> {
    let mut conn = connect(owner_url).await?;
    let found: Exists =
        sql_query("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1) AS exists")
            .bind::<Text, _>(APP_LOGIN_ROLE)
            .get_result(&mut conn)
            .await
            .map_err(StoreError::from)?;
    let verb = if found.exists { "ALTER" } else { "CREATE" };
    let statement = format!(
        "{verb} ROLE {APP_LOGIN_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE \
         PASSWORD {}; GRANT sekisho_app TO {APP_LOGIN_ROLE}",
        quote_literal(password)
    );
    conn.batch_execute(&statement)
        .await
        .map_err(StoreError::from)?;
    Ok(())
}

/// Refreshes the planner's statistics (as the owner: only a table's owner may analyse it).
pub async fn analyze(owner_url: &str) -> Result<(), MigrationError> {
    let mut conn = connect(owner_url).await?;
    conn.batch_execute("ANALYZE")
        .await
        .map_err(StoreError::from)?;
    Ok(())
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}
