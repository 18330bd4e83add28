//! `sekisho import card-bins`: issuer data per card BIN (the first 6 to 8 digits).
//!
//! A re-import replaces what changed (a BIN moving to another issuer) and counts only those rows
//! as imported; within one file the last line of a BIN wins.

use std::path::Path;

use super::csv_file::{self, Columns};
use super::reference::{List, Reader, Sink, read_records};

const COLUMNS: [&str; 5] = ["bin", "brand", "issuer_country", "card_type", "issuer"];
const REQUIRED: [&str; 2] = ["bin", "brand"];
const MAX_TEXT_CHARS: usize = 200;

pub fn list(source: String) -> List {
    List {
        action: "import.card_bins",
        columns: &COLUMNS,
        merge: "INSERT INTO card_bins (bin, brand, issuer_country, card_type, issuer, source) \
                SELECT DISTINCT ON (bin) bin, brand, issuer_country, card_type, issuer, $1 \
                FROM import_stage ORDER BY bin, line DESC \
                ON CONFLICT (bin) DO UPDATE SET brand = EXCLUDED.brand, \
                    issuer_country = EXCLUDED.issuer_country, card_type = EXCLUDED.card_type, \
                    issuer = EXCLUDED.issuer, source = EXCLUDED.source \
                WHERE (card_bins.brand, card_bins.issuer_country, card_bins.card_type, card_bins.issuer) \
                    IS DISTINCT FROM \
                    (EXCLUDED.brand, EXCLUDED.issuer_country, EXCLUDED.card_type, EXCLUDED.issuer)",
        source,
        params: Vec::new(),
    }
}

pub fn open(path: &Path) -> anyhow::Result<Reader> {
    let mut reader = csv_file::open(path)?;
    let header = csv_file::header(&mut reader, path)?;
    let columns = Columns::from_header(&header, &COLUMNS, &REQUIRED)?;
    Ok(Box::new(move |sink: &mut Sink| {
        read_records(reader, sink, |record| parse(&columns, record))
    }))
}

fn parse(columns: &Columns, record: &csv::ByteRecord) -> Result<Vec<Option<String>>, String> {
    columns.check_width(record)?;
    let bin = columns.get(record, "bin")?.unwrap_or_default();
    if !(6..=8).contains(&bin.len()) || !bin.bytes().all(|b| b.is_ascii_digit()) {
        return Err("bin: must have 6 to 8 digits".to_owned());
    }
    let brand = columns
        .get(record, "brand")?
        .ok_or_else(|| "brand: is required".to_owned())?
        .to_lowercase();
    let country = match columns.get(record, "issuer_country")? {
        Some(code) if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(code.to_ascii_uppercase())
        }
        Some(_) => {
            return Err("issuer_country: must be a two-letter ISO 3166-1 code or empty".to_owned());
        }
        None => None,
    };
    let card_type = columns.get(record, "card_type")?.map(str::to_lowercase);
    let issuer = columns.get(record, "issuer")?.map(str::to_owned);
    for (name, value) in [
        ("brand", Some(&brand)),
        ("card_type", card_type.as_ref()),
        ("issuer", issuer.as_ref()),
    ] {
        if value.is_some_and(|v| v.chars().count() > MAX_TEXT_CHARS) {
            return Err(format!(
                "{name}: must have at most {MAX_TEXT_CHARS} characters"
            ));
        }
    }
    Ok(vec![
        Some(bin.to_owned()),
        Some(brand),
        country,
        card_type,
        issuer,
    ])
}
