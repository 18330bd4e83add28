//! Importing a reference list (vacant rooms and forwarders, Tor / proxy / VPN / data-centre
//! networks, card BINs, IP countries): the one write path of these lists, called by
//! `sekisho import …` with a file and by the platform admins' upload with a request body.
//!
//! The input is read and checked on a blocking thread (bad lines are counted by number with a
//! stable code and skipped), good rows go to PostgreSQL in batches of [`sink::BATCH_ROWS`], each
//! batch in its own platform-scope transaction, so that an interrupted import keeps what it
//! acknowledged. Conflicts make a re-run of the same list a no-op. One audit entry at the end.

mod addresses;
mod card_bins;
mod ip_countries;
mod ip_reputation;
pub mod network;
pub mod sink;
mod target;

use std::sync::Arc;

use sekisho_domain::identifiers::{ConsortiumKey, IdentifierKind};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::{Pool, tenancy};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use utoipa::ToSchema;

pub use crate::lines::{Input, LineError, LineErrorCode, input, problem};
pub use sink::{Observer, Quiet};

use crate::ServiceError;

/// The lists Sekisho knows, as the upload's path and the dashboard name them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ReferenceList {
    /// Rooms known to be empty (parcels to them are resold or dropped): keyed per room.
    VacantRoom,
    /// Forwarding and reshipping services: keyed per building, since every customer gets a room.
    Forwarder,
    Tor,
    Proxy,
    Vpn,
    Datacenter,
    CardBins,
    IpCountries,
}

impl ReferenceList {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The audit action, as the CLI has always written it.
    fn action(self) -> &'static str {
        match self {
            Self::VacantRoom | Self::Forwarder => "import.addresses",
            Self::Tor | Self::Proxy | Self::Vpn | Self::Datacenter => "import.ip_reputation",
            Self::CardBins => "import.card_bins",
            Self::IpCountries => "import.ip_countries",
        }
    }

    /// Which of an address's two keys an address list is about.
    pub fn address_kind(self) -> Option<IdentifierKind> {
        match self {
            Self::VacantRoom => Some(IdentifierKind::AddressDeliveryPoint),
            Self::Forwarder => Some(IdentifierKind::AddressBuilding),
            _ => None,
        }
    }

    fn open(
        self,
        input: &Input,
        key: &ConsortiumKey,
    ) -> Result<(sink::Reader, target::Target), input::InputError> {
        Ok(match self {
            Self::VacantRoom | Self::Forwarder => {
                let kind = self
                    .address_kind()
                    .unwrap_or(IdentifierKind::AddressDeliveryPoint);
                (
                    addresses::open(input, kind, key.clone())?,
                    addresses::target(self.as_str(), kind),
                )
            }
            Self::Tor | Self::Proxy | Self::Vpn | Self::Datacenter => (
                ip_reputation::open(input)?,
                ip_reputation::target(self.as_str()),
            ),
            Self::CardBins => (card_bins::open(input)?, card_bins::target()),
            Self::IpCountries => (ip_countries::open(input)?, ip_countries::target()),
        })
    }
}

/// One import: which list, from what, and who asks (for the audit log).
#[derive(Debug, Clone)]
pub struct ImportList {
    pub list: ReferenceList,
    pub input: Input,
    /// Where the list came from (a feed's name, a file's name); stored with every row.
    pub source: String,
    pub actor: String,
}

const MAX_SOURCE_CHARS: usize = 200;

/// What an import did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportSummary {
    pub list: ReferenceList,
    pub source: String,
    /// Data lines read (the header not counted): imported + unchanged + rejected.
    pub rows: u64,
    /// Rows that added (or, for card BINs and IP countries, changed) a row.
    pub imported: u64,
    /// Rows already present: a re-run of the same list counts every good row here.
    pub unchanged: u64,
    pub rejected: u64,
    /// The first refused lines (at most 100), by line number.
    pub errors: Vec<LineError>,
}

/// Imports one list and records it in the audit log. A wrong header refuses the whole input
/// (`Validation` on `header`); a wrong line is counted and skipped.
pub async fn import_list(
    pool: &Pool,
    key: &ConsortiumKey,
    command: ImportList,
    observer: Arc<dyn Observer>,
) -> Result<ImportSummary, ServiceError> {
    let source = command.source.trim().to_owned();
    if source.is_empty() || source.chars().count() > MAX_SOURCE_CHARS {
        return Err(ServiceError::field(
            "source",
            format!("must have 1 to {MAX_SOURCE_CHARS} characters"),
        ));
    }
    let (reader, target) = command.list.open(&command.input, key)?;
    let (sender, mut batches) = mpsc::channel(2);
    let mut sink = sink::Sink::new(sender, observer);
    let reading = tokio::task::spawn_blocking(move || {
        reader(&mut sink)?;
        sink.flush()
    });
    let mut tally = sink::Tally::default();
    let mut written = Ok(());
    while let Some(mut batch) = batches.recv().await {
        if batch.rows.is_empty() {
            tally.add(batch.tally);
            continue;
        }
        let target = &target;
        let source = &source;
        let rows = &batch.rows;
        let result = tenancy::in_platform::<_, ServiceError, _, _>(pool, async |conn| {
            target.write(conn, source, rows).await
        })
        .await;
        match result {
            Ok(affected) => {
                let staged = batch.rows.len() as u64;
                batch.tally.imported += affected;
                batch.tally.unchanged += staged.saturating_sub(affected);
                tally.add(batch.tally);
            }
            Err(error) => {
                // Dropping the receiver stops the reader; its "writer stopped" is not the cause.
                written = Err(error);
                break;
            }
        }
    }
    drop(batches);
    let read = reading.await;
    written?;
    match read {
        Ok(result) => result?,
        Err(error) => {
            tracing::error!(%error, "the reference-list reader panicked");
            return Err(ServiceError::Internal("the reference-list reader failed"));
        }
    }

    let summary = ImportSummary {
        list: command.list,
        source,
        rows: tally.rows,
        imported: tally.imported,
        unchanged: tally.unchanged,
        rejected: tally.rejected,
        errors: tally.errors(),
    };
    let details = serde_json::json!({
        "list": summary.list,
        "rows": summary.rows,
        "imported": summary.imported,
        "unchanged": summary.unchanged,
        "rejected": summary.rejected,
    });
    tenancy::in_platform::<_, ServiceError, _, _>(pool, async |conn| {
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: None,
                actor: &command.actor,
                action: command.list.action(),
                target: Some(&summary.source),
                details,
            },
        )
        .await?;
        Ok(())
    })
    .await?;
    tracing::info!(
        list = summary.list.as_str(),
        rows = summary.rows,
        imported = summary.imported,
        rejected = summary.rejected,
        "reference list imported"
    );
    Ok(summary)
}
