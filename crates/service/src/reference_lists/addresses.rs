//! The vacant-room and forwarder lists.
//!
//! Addresses are normalised exactly as checkout addresses are (`RawAddress::keys`, with 名寄せ
//! for Japan) and stored only as fingerprints under the consortium key, so that scoring finds a
//! list entry by the same fingerprint it computes for an order. A vacant room is one delivery
//! point; a forwarder is a whole building, since each of its customers gets a room of their own.

use sekisho_domain::identifiers::{ConsortiumKey, IdentifierKind, RawAddress};

use super::input::{self, Columns, Input, InputError};
use super::problem::{LineErrorCode, Problem};
use super::sink::{Reader, Sink, read_records};
use super::target::Target;

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

pub fn target(list: &'static str, kind: IdentifierKind) -> Target {
    Target {
        columns: &["fingerprint", "label"],
        merge: "INSERT INTO reference_addresses (list, kind, fingerprint, label, source) \
                SELECT $2, $3, decode(fingerprint, 'hex'), label, $1 FROM {stage} \
                ON CONFLICT (list, kind, fingerprint) DO NOTHING",
        params: vec![list.to_owned(), kind.as_str().to_owned()],
    }
}

pub fn open(input: &Input, kind: IdentifierKind, key: ConsortiumKey) -> Result<Reader, InputError> {
    let mut reader = input::open(input)?;
    let header = input::header(&mut reader)?;
    let columns = Columns::from_header(&header, &COLUMNS, &REQUIRED)?;
    Ok(Box::new(move |sink: &mut Sink| {
        read_records(reader, sink, |record| parse(&columns, record, kind, &key))
    }))
}

fn parse(
    columns: &Columns,
    record: &csv::ByteRecord,
    kind: IdentifierKind,
    key: &ConsortiumKey,
) -> Result<Vec<Option<String>>, Problem> {
    columns.check_width(record)?;
    let part = |name: &str| -> Result<String, Problem> {
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
    input::at_most(label.as_deref(), "label", MAX_LABEL_CHARS)?;
    let keys = address.keys().map_err(|error| {
        let column = error.field.trim_start_matches("address.");
        Problem::new(
            LineErrorCode::InvalidAddress,
            format!("{column}: {}", error.message),
        )
    })?;
    // One fingerprint per row: the delivery point whatever the building's name (what orders
    // store), or the building.
    let identifier = match kind {
        IdentifierKind::AddressBuilding => keys.building_identifier(),
        _ => keys.point_identifier(),
    };
    Ok(vec![Some(identifier.fingerprint(key).to_hex()), label])
}
