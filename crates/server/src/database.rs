//! Getting a migrated database to serve from: the operator's PostgreSQL when a URL is set, else
//! the embedded cluster under the data directory (started, reused, stopped with the process).

use std::path::Path;

use anyhow::Context;
use rand::Rng;
use sekisho_embedded_pg::{Cluster, ClusterOptions};
use sekisho_store::migrate;

use crate::secrets;
use crate::settings::Settings;

const DATABASE_NAME: &str = "sekisho";

pub struct Database {
    /// Where the application connects (it becomes sekisho_app on every connection).
    pub app_url: String,
    /// The schema owner, for migrations and bootstrap.
    pub owner_url: String,
    /// Held so that the embedded cluster stops when the process is done with it.
    pub cluster: Option<Cluster>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("embedded", &self.cluster.is_some())
            .finish_non_exhaustive()
    }
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_ref().filter(|v| !v.trim().is_empty()).cloned()
}

impl Database {
    pub fn is_embedded(settings: &Settings) -> bool {
        non_empty(&settings.database_url).is_none()
    }

    /// Where the database is (starting the embedded cluster if needed), without migrating; the
    /// embedded cluster's application URL is left empty until [`Database::prepare`] sets it up.
    pub async fn connect(settings: &Settings) -> anyhow::Result<Database> {
        Ok(match non_empty(&settings.database_url) {
            Some(app_url) => Database {
                owner_url: non_empty(&settings.migration_database_url)
                    .unwrap_or_else(|| app_url.clone()),
                app_url,
                cluster: None,
            },
            None => Self::embedded(settings).await?,
        })
    }

    /// Connects (starting the embedded cluster if needed) and applies pending migrations.
    pub async fn prepare(settings: &Settings) -> anyhow::Result<Database> {
        let database = Self::connect(settings).await?;
        let applied = migrate::run_pending(&database.owner_url)
            .await
            .context("running migrations")?;
        if !applied.is_empty() {
            tracing::info!(migrations = ?applied, "migrations applied");
        }
        if let Some(cluster) = &database.cluster {
            let password =
                secrets::load_or_create(&settings.data_dir.join("app-role.password"), || {
                    hex_secret(24)
                })?;
            migrate::ensure_app_login(&database.owner_url, &password)
                .await
                .context("creating the application's login role")?;
            return Ok(Database {
                app_url: format!(
                    "postgres://{}:{password}@127.0.0.1:{}/{DATABASE_NAME}",
                    migrate::APP_LOGIN_ROLE,
                    cluster.port()
                ),
                ..database
            });
        }
        Ok(database)
    }

    async fn embedded(settings: &Settings) -> anyhow::Result<Database> {
        let options = ClusterOptions {
            dir: settings.data_dir.join("postgres"),
            bin_dir: settings.pg_bin_dir.clone(),
            durable: true,
            stop_on_drop: true,
        };
        let cluster = tokio::task::spawn_blocking(move || Cluster::start(&options))
            .await?
            .context("starting the embedded PostgreSQL")?;
        migrate::ensure_database(&cluster.superuser_url("postgres"), DATABASE_NAME)
            .await
            .context("creating the sekisho database")?;
        Ok(Database {
            owner_url: cluster.superuser_url(DATABASE_NAME),
            app_url: String::new(),
            cluster: Some(cluster),
        })
    }
}

pub fn hex_secret(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill(buffer.as_mut_slice());
    hex::encode(buffer)
}

/// The data directory, created if missing.
pub fn ensure_data_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}
