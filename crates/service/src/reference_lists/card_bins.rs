//! Issuer data per card BIN (the first 6 to 8 digits).
//!
//! A re-import replaces what changed (a BIN moving to another issuer) and counts only those rows
//! as imported; within one batch the last line of a BIN wins.

use super::input::{self, Columns, Input, InputError};
use super::problem::{LineErrorCode, Problem};
use super::sink::{Reader, Sink, read_records};
use super::target::Target;

const COLUMNS: [&str; 5] = ["bin", "brand", "issuer_country", "card_type", "issuer"];
const REQUIRED: [&str; 2] = ["bin", "brand"];
const MAX_TEXT_CHARS: usize = 200;

pub fn target() -> Target {
    Target {
        columns: &COLUMNS,
        merge: "INSERT INTO card_bins (bin, brand, issuer_country, card_type, issuer, source) \
                SELECT DISTINCT ON (bin) bin, brand, issuer_country, card_type, issuer, $1 \
                FROM {stage} ORDER BY bin, line DESC \
                ON CONFLICT (bin) DO UPDATE SET brand = EXCLUDED.brand, \
                    issuer_country = EXCLUDED.issuer_country, card_type = EXCLUDED.card_type, \
                    issuer = EXCLUDED.issuer, source = EXCLUDED.source \
                WHERE (card_bins.brand, card_bins.issuer_country, card_bins.card_type, card_bins.issuer) \
                    IS DISTINCT FROM \
                    (EXCLUDED.brand, EXCLUDED.issuer_country, EXCLUDED.card_type, EXCLUDED.issuer)",
        params: Vec::new(),
    }
}

pub fn open(input: &Input) -> Result<Reader, InputError> {
    let mut reader = input::open(input)?;
    let header = input::header(&mut reader)?;
    let columns = Columns::from_header(&header, &COLUMNS, &REQUIRED)?;
    Ok(Box::new(move |sink: &mut Sink| {
        read_records(reader, sink, |record| parse(&columns, record))
    }))
}

fn parse(columns: &Columns, record: &csv::ByteRecord) -> Result<Vec<Option<String>>, Problem> {
    columns.check_width(record)?;
    let bin = input::required(columns.get(record, "bin")?, "bin")?;
    if !(6..=8).contains(&bin.len()) || !bin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::new(
            LineErrorCode::InvalidBin,
            "bin: must have 6 to 8 digits",
        ));
    }
    let brand = input::required(columns.get(record, "brand")?, "brand")?.to_lowercase();
    let country = match columns.get(record, "issuer_country")? {
        Some(code) if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(code.to_ascii_uppercase())
        }
        Some(_) => {
            return Err(Problem::new(
                LineErrorCode::InvalidCountry,
                "issuer_country: must be a two-letter ISO 3166-1 code or empty",
            ));
        }
        None => None,
    };
    let card_type = columns.get(record, "card_type")?.map(str::to_lowercase);
    let issuer = columns.get(record, "issuer")?.map(str::to_owned);
    input::at_most(Some(&brand), "brand", MAX_TEXT_CHARS)?;
    input::at_most(card_type.as_deref(), "card_type", MAX_TEXT_CHARS)?;
    input::at_most(issuer.as_deref(), "issuer", MAX_TEXT_CHARS)?;
    Ok(vec![
        Some(bin.to_owned()),
        Some(brand),
        country,
        card_type,
        issuer,
    ])
}
