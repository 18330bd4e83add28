//! `sekisho import`: bulk loading of fraud reports and of the reference lists that scoring reads
//! (IP reputation and countries, card BINs, vacant-room and forwarder addresses).
//!
//! Every importer works the same way: the file is read and checked on a blocking thread (bad
//! lines are reported by number and skipped), good rows go to PostgreSQL in batches through
//! binary COPY into a temporary staging table and one `INSERT … SELECT … ON CONFLICT` per batch,
//! each batch in its own transaction. Conflicts make a re-run of the same file a no-op. The
//! summary is JSON on stdout; see docs/IMPORT.md.

mod addresses;
mod card_bins;
mod csv_file;
mod ip_countries;
mod ip_reputation;
mod network;
mod postgres;
mod reference;
mod report_row;
mod reports;
pub mod summary;

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use uuid::Uuid;

use crate::settings::Settings;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A tenant's confirmed fraud reports (CSV); their identifiers join the consortium as
    /// fingerprints.
    Reports {
        file: PathBuf,
        /// The reporting tenant.
        #[arg(long)]
        tenant: Uuid,
    },
    /// Networks of one kind (Tor exits, proxies, VPNs, data centres): one IP or CIDR per line, or
    /// a CSV with a `range` column.
    IpReputation {
        file: PathBuf,
        #[arg(long, value_enum)]
        tag: IpTag,
        /// Where the list came from (default: the file's name).
        #[arg(long)]
        source: Option<String>,
    },
    /// The country of IP ranges: CSV `start,end,country` or `range,country` (header optional).
    IpCountries {
        file: PathBuf,
        #[arg(long)]
        source: Option<String>,
    },
    /// Card BINs: CSV `bin,brand,issuer_country,card_type,issuer`. A re-import updates changed
    /// rows.
    CardBins {
        file: PathBuf,
        #[arg(long)]
        source: Option<String>,
    },
    /// Addresses of one list: CSV `country,postal_code,region,locality,line1,line2,label`.
    Addresses {
        file: PathBuf,
        #[arg(long, value_enum)]
        list: AddressList,
        #[arg(long)]
        source: Option<String>,
    },
}

/// The tags `ip_reputation.tag` allows.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum IpTag {
    Tor,
    Proxy,
    Vpn,
    Datacenter,
}

impl IpTag {
    fn as_str(self) -> &'static str {
        match self {
            Self::Tor => "tor",
            Self::Proxy => "proxy",
            Self::Vpn => "vpn",
            Self::Datacenter => "datacenter",
        }
    }
}

/// The lists `reference_addresses.list` allows.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AddressList {
    /// Rooms known to be empty (parcels to them are resold or dropped): keyed per room.
    #[value(name = "vacant_room")]
    VacantRoom,
    /// Forwarding and reshipping services: keyed per building, since every customer gets a room.
    #[value(name = "forwarder")]
    Forwarder,
}

/// Runs one import and prints its summary as JSON on stdout.
pub async fn run(command: ImportCommand, settings: Settings) -> anyhow::Result<()> {
    let summary = import(command, &settings).await?;
    println!("{}", serde_json::to_string_pretty(&summary)?);
    Ok(())
}

/// Runs one import and returns its summary (`serve --demo` loads its sample lists with it).
pub async fn import(
    command: ImportCommand,
    settings: &Settings,
) -> anyhow::Result<summary::Summary> {
    let settings = settings.clone();
    if crate::database::Database::is_embedded(&settings) {
        // The embedded cluster and a generated consortium key live there.
        crate::database::ensure_data_dir(&settings.data_dir)?;
    }
    let summary = match command {
        ImportCommand::Reports { file, tenant } => reports::run(&settings, &file, tenant).await?,
        ImportCommand::IpReputation { file, tag, source } => {
            let reader = ip_reputation::open(&file)?;
            let source = source_name(source, &file);
            let list = ip_reputation::list(tag.as_str(), source);
            reference::run(&settings, &file, list, reader).await?
        }
        ImportCommand::IpCountries { file, source } => {
            let reader = ip_countries::open(&file)?;
            let list = ip_countries::list(source_name(source, &file));
            reference::run(&settings, &file, list, reader).await?
        }
        ImportCommand::CardBins { file, source } => {
            let reader = card_bins::open(&file)?;
            let list = card_bins::list(source_name(source, &file));
            reference::run(&settings, &file, list, reader).await?
        }
        ImportCommand::Addresses { file, list, source } => {
            let key = crate::consortium_key::load(&settings)?;
            let reader = addresses::open(&file, list, key)?;
            let list = addresses::list(list, source_name(source, &file));
            reference::run(&settings, &file, list, reader).await?
        }
    };
    Ok(summary)
}

/// `--source`, else the file's name (without its directory).
fn source_name(source: Option<String>, file: &std::path::Path) -> String {
    source.unwrap_or_else(|| {
        file.file_name().map_or_else(
            || file.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        )
    })
}
