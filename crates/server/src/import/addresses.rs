//! `sekisho import addresses`: the vacant-room and forwarder lists.
//!
//! Addresses are normalised exactly as checkout addresses are (`RawAddress::keys`, with 名寄せ
//! for Japan) and stored only as fingerprints under the consortium key, so that scoring finds a
//! list entry by the same fingerprint it computes for an order. A vacant room is one delivery
//! point; a forwarder is a whole building, since each of its customers gets a room of their own.

use std::path::Path;

use sekisho_domain::identifiers::{ConsortiumKey, IdentifierKind, RawAddress};

use super::AddressList;
use super::csv_file::{self, Columns};
use super::reference::{List, Reader, Sink, read_records};

const COLUMNS: [&str; 7] = [
    "country",
    "postal_code",
    "region",
    "locality",
    "line1",
    "line2",
    "label",
];
const REQUIRED: [&str; 1] = ["line1"];
const MAX_LABEL_CHARS: usize = 200;

impl AddressList {
    fn as_str(self) -> &'static str {
        match self {
            Self::VacantRoom => "vacant_room",
            Self::Forwarder => "forwarder",
        }
    }

    /// Which of an address's two keys the list is about.
    pub fn kind(self) -> IdentifierKind {
        match self {
            Self::VacantRoom => IdentifierKind::AddressDeliveryPoint,
            Self::Forwarder => IdentifierKind::AddressBuilding,
        }
    }
}

pub fn list(list: AddressList, source: String) -> List {
    List {
        action: "import.addresses",
        columns: &["fingerprint", "label"],
        merge: "INSERT INTO reference_addresses (list, kind, fingerprint, label, source) \
                SELECT $2, $3, decode(fingerprint, 'hex'), label, $1 FROM import_stage \
                ON CONFLICT (list, kind, fingerprint) DO NOTHING",
        source,
        params: vec![list.as_str().to_owned(), list.kind().as_str().to_owned()],
    }
}

pub fn open(path: &Path, list: AddressList, key: ConsortiumKey) -> anyhow::Result<Reader> {
    let mut reader = csv_file::open(path)?;
    let header = csv_file::header(&mut reader, path)?;
    let columns = Columns::from_header(&header, &COLUMNS, &REQUIRED)?;
    Ok(Box::new(move |sink: &mut Sink| {
        read_records(reader, sink, |record| parse(&columns, record, list, &key))
    }))
}

fn parse(
    columns: &Columns,
    record: &csv::ByteRecord,
    list: AddressList,
    key: &ConsortiumKey,
) -> Result<Vec<Option<String>>, String> {
    columns.check_width(record)?;
    let part = |name: &str| -> Result<String, String> {
        Ok(columns.get(record, name)?.unwrap_or_default().to_owned())
    };
    let address = RawAddress {
        country: part("country")?,
        postal_code: part("postal_code")?,
        region: part("region")?,
        locality: part("locality")?,
        line1: part("line1")?,
        line2: part("line2")?,
        level: Default::default(),
    };
    let label = columns.get(record, "label")?.map(str::to_owned);
    if label
        .as_ref()
        .is_some_and(|l| l.chars().count() > MAX_LABEL_CHARS)
    {
        return Err(format!(
            "label: must have at most {MAX_LABEL_CHARS} characters"
        ));
    }
    let keys = address.keys().map_err(|error| {
        let column = error.field.trim_start_matches("address.");
        format!("{column}: {}", error.message)
    })?;
    // One fingerprint per row: the delivery point whatever the building's name (what orders
    // store), or the building.
    let identifier = match list.kind() {
        IdentifierKind::AddressBuilding => keys.building_identifier(),
        _ => keys.point_identifier(),
    };
    Ok(vec![Some(identifier.fingerprint(key).to_hex()), label])
}
