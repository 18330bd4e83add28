//! `sekisho`: the one binary. `serve` runs the API (and the embedded PostgreSQL unless a
//! database URL is configured); `migrate`, `openapi` and `admin` are the operator's tools.

mod accounts;
mod consortium_key;
mod customer_data_key;
mod database;
mod demo;
mod import;
mod logging;
mod partitions;
mod secrets;
mod serve;
mod settings;
#[cfg(test)]
mod settings_docs;
mod webhooks_listen;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::database::Database;
use crate::settings::Settings;

// Many small allocations per request (JSON, fingerprints, SQL parameters) across worker threads:
// mimalloc's per-thread heaps cost less than glibc's arenas (docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "sekisho",
    version,
    about = "Fraud detection and a consortium negative database for e-commerce"
)]
struct Cli {
    /// TOML configuration file (default: ./sekisho.toml when present; env SEKISHO_CONFIG).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the API and dashboard (migrating first).
    Serve {
        /// Load the demo data set and print its logins.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        /// Instead, revert the migrations applied after VERSION (the newest migration of the
        /// release being rolled back to, e.g. 2026-12-04-990301), newest first. Run it with
        /// the newer release's binary, which holds their down migrations (JSON on stdout).
        #[arg(long, value_name = "VERSION")]
        revert_after: Option<String>,
    },
    /// Write the OpenAPI document the server serves.
    Openapi {
        #[arg(long, default_value = "openapi/openapi.json")]
        output: PathBuf,
        /// Fail instead of writing when the file differs.
        #[arg(long)]
        check: bool,
    },
    /// Platform administration from the shell (JSON output).
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Bulk CSV import of fraud reports and reference lists (JSON summary on stdout).
    Import {
        #[command(subcommand)]
        command: import::ImportCommand,
    },
    /// The tenants' own customer data: `reseal` finishes a rotation of the data key.
    CustomerData {
        #[command(subcommand)]
        command: CustomerDataCommand,
    },
    /// The monthly partitions of the history tables and the weekly ones of the velocity counters:
    /// `ensure`, `list`, `drop-expired` (JSON).
    Partitions {
        #[command(subcommand)]
        command: partitions::PartitionsCommand,
    },
    /// Webhook tools for development.
    Webhooks {
        #[command(subcommand)]
        command: WebhooksCommand,
    },
}

#[derive(Debug, Subcommand)]
enum CustomerDataCommand {
    /// Re-seal everything the previous key (`SEKISHO_CUSTOMER_DATA_PREVIOUS_KEY`) sealed with the
    /// current one, in bounded batches (JSON summary on stdout). Safe to re-run and to run while
    /// the server serves.
    Reseal {
        /// Rows per transaction (1–10000).
        #[arg(long, default_value_t = 500)]
        batch: i64,
    },
}

#[derive(Debug, Subcommand)]
enum WebhooksCommand {
    /// Receive deliveries on this machine, verify their signatures and print them (one JSON line
    /// each); `--register` makes it an endpoint of a development Sekisho for as long as it runs.
    Listen(webhooks_listen::ListenArgs),
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create a platform admin, or reset its password.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// The password (or env SEKISHO_ADMIN_PASSWORD).
        #[arg(long, env = "SEKISHO_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Create a tenant with its first API key and, optionally, its first owner.
    CreateTenant {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "default")]
        key_name: String,
        #[arg(long, requires = "owner_password")]
        owner_email: Option<String>,
        #[arg(long, requires = "owner_email")]
        owner_password: Option<String>,
    },
    /// List tenants.
    ListTenants,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("sekisho: {error:#}");
            return std::process::ExitCode::from(2);
        }
    };
    logging::init(settings.log_format);
    match run(cli.command, settings).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("sekisho: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo } => serve::run(settings, demo).await,
        Command::Migrate { revert_after: None } => {
            Database::prepare(&settings).await?;
            println!("{}", serde_json::json!({ "migrated": true }));
            Ok(())
        }
        Command::Migrate {
            revert_after: Some(version),
        } => revert_migrations(&settings, &version).await,
        Command::Openapi { output, check } => write_openapi(&output, check),
        Command::Admin { command } => admin(command, settings).await,
        Command::Import { command } => import::run(command, settings).await,
        Command::CustomerData {
            command: CustomerDataCommand::Reseal { batch },
        } => reseal(&settings, batch).await,
        Command::Partitions { command } => partitions::run(command, settings).await,
        Command::Webhooks {
            command: WebhooksCommand::Listen(args),
        } => webhooks_listen::run(args).await,
    }
}

async fn revert_migrations(settings: &Settings, version: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        sekisho_store::migrate::is_known_version(version)?,
        "--revert-after names no migration of this release (see migrations/ for the versions)"
    );
    let database = Database::connect(settings).await?;
    let reverted = sekisho_store::migrate::revert_after(&database.owner_url, version)
        .await
        .context("reverting migrations")?;
    println!("{}", serde_json::json!({ "reverted": reverted }));
    Ok(())
}

async fn reseal(settings: &Settings, batch: i64) -> anyhow::Result<()> {
    let key = customer_data_key::load(settings)?;
    if !key.has_previous() {
        tracing::warn!("no previous customer data key is configured: only counting");
    }
    let database = Database::prepare(settings).await?;
    let pool = sekisho_store::pool::connect(&database.app_url, &settings.batch_pool_options()?)?;
    let summary = sekisho_service::customer_data::reseal(&pool, &key, batch).await?;
    println!("{}", serde_json::to_string_pretty(&summary)?);
    anyhow::ensure!(
        summary.unreadable == 0,
        "{} sealed values open with neither key (their ids are in the log)",
        summary.unreadable
    );
    Ok(())
}

fn write_openapi(output: &std::path::Path, check: bool) -> anyhow::Result<()> {
    let document = sekisho_api::openapi_document()
        .to_pretty_json()
        .context("rendering the OpenAPI document")?
        + "\n";
    if check {
        let committed = std::fs::read_to_string(output)
            .with_context(|| format!("reading {}", output.display()))?;
        anyhow::ensure!(
            committed == document,
            "{} differs from the served document; run `sekisho openapi`",
            output.display()
        );
        return Ok(());
    }
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(output, document).with_context(|| format!("writing {}", output.display()))?;
    eprintln!("wrote {}", output.display());
    Ok(())
}

async fn admin(command: AdminCommand, settings: Settings) -> anyhow::Result<()> {
    let database = Database::prepare(&settings).await?;
    let pool = sekisho_store::pool::connect(&database.app_url, &Default::default())?;
    let output = match command {
        AdminCommand::CreateAdmin { email, password } => {
            let admin = accounts::ensure_admin(&pool, &email, &password).await?;
            serde_json::json!({ "id": admin.id, "email": admin.email })
        }
        AdminCommand::CreateTenant {
            name,
            key_name,
            owner_email,
            owner_password,
        } => {
            let owner = owner_email.zip(owner_password);
            serde_json::to_value(accounts::onboard(&pool, &name, &key_name, owner).await?)?
        }
        AdminCommand::ListTenants => {
            let tenants = accounts::list_tenants(&pool).await?;
            serde_json::Value::Array(
                tenants
                    .into_iter()
                    .map(|t| serde_json::json!({ "id": t.id, "name": t.name, "created_at": t.created_at }))
                    .collect(),
            )
        }
    };
    println!("{}", serde_json::to_string_pretty(&output)?);
    pool.close();
    drop(database);
    Ok(())
}
