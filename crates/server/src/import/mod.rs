//! `sekisho import`: bulk loading of fraud reports and of the reference lists that scoring reads
//! (IP reputation and countries, card BINs, vacant-room and forwarder addresses).
//!
//! The reference lists are imported by the service's flow
//! (`sekisho_service::reference_lists`), the same one the platform admins' upload calls; this
//! module gives it the file and draws its progress. Reports are read here in parallel, parsed by
//! the service's rows (`sekisho_service::reports::rows`) and filed by its bulk filing (see
//! `reports`); both kinds read their CSV through `sekisho_service::lines`. Bad lines are reported by number and skipped; each
//! batch is its own transaction; conflicts make a re-run of the same file a no-op. The summary is
//! JSON on stdout; see docs/IMPORT.md.

mod lists;
mod reports;
pub mod summary;

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use sekisho_service::reference_lists::ReferenceList;
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
    fn list(self) -> ReferenceList {
        match self {
            Self::Tor => ReferenceList::Tor,
            Self::Proxy => ReferenceList::Proxy,
            Self::Vpn => ReferenceList::Vpn,
            Self::Datacenter => ReferenceList::Datacenter,
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

impl AddressList {
    fn list(self) -> ReferenceList {
        match self {
            Self::VacantRoom => ReferenceList::VacantRoom,
            Self::Forwarder => ReferenceList::Forwarder,
        }
    }
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
            let source = source_name(source, &file);
            lists::run(&settings, &file, tag.list(), source).await?
        }
        ImportCommand::IpCountries { file, source } => {
            let source = source_name(source, &file);
            lists::run(&settings, &file, ReferenceList::IpCountries, source).await?
        }
        ImportCommand::CardBins { file, source } => {
            let source = source_name(source, &file);
            lists::run(&settings, &file, ReferenceList::CardBins, source).await?
        }
        ImportCommand::Addresses { file, list, source } => {
            let source = source_name(source, &file);
            lists::run(&settings, &file, list.list(), source).await?
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
