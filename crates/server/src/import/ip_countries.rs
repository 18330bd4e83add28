//! `sekisho import ip-countries`: the country of each IP range, from the free geolocation lists.
//!
//! Rows are `start,end,country` (DB-IP lite; IP2Location lite with IPv4 as decimal numbers and
//! the country's name as a fourth column) or `range,country` with a CIDR range. The lists ship
//! without a header, so one is optional: a first line that starts with an address is data.

use std::net::IpAddr;
use std::path::Path;

use csv::ByteRecord;

use super::csv_file::{self, Columns};
use super::network::{first_address, last_address, parse_ip, parse_network};
use super::reference::{List, Reader, Sink, read_records};

pub fn list(source: String) -> List {
    List {
        action: "import.ip_countries",
        columns: &["ip_from", "ip_to", "country"],
        merge: "INSERT INTO ip_countries (ip_from, ip_to, country, source) \
                SELECT DISTINCT ON (ip_from::inet) ip_from::inet, ip_to::inet, country, $1 \
                FROM import_stage ORDER BY ip_from::inet, line DESC \
                ON CONFLICT (ip_from) DO UPDATE SET ip_to = EXCLUDED.ip_to, \
                    country = EXCLUDED.country, source = EXCLUDED.source \
                WHERE (ip_countries.ip_to, ip_countries.country) \
                    IS DISTINCT FROM (EXCLUDED.ip_to, EXCLUDED.country)",
        source,
        params: Vec::new(),
    }
}

/// Which field holds what.
#[derive(Debug, Clone, Copy)]
enum Layout {
    Span {
        start: usize,
        end: usize,
        country: usize,
    },
    Range {
        range: usize,
        country: usize,
    },
}

pub fn open(path: &Path) -> anyhow::Result<Reader> {
    let mut reader = csv_file::open(path)?;
    let first = csv_file::header(&mut reader, path)?;
    let starts_with_address = csv_file::text(&first, 0, "start")
        .ok()
        .flatten()
        .is_some_and(|field| parse_ip(field).is_some() || parse_network(field).is_ok());
    if starts_with_address {
        // No header: the layout follows from the width, extra columns (a country's name) are
        // ignored.
        let layout = if first.len() >= 3 {
            Layout::Span {
                start: 0,
                end: 1,
                country: 2,
            }
        } else {
            Layout::Range {
                range: 0,
                country: 1,
            }
        };
        let width = if first.len() >= 3 { 3 } else { 2 };
        return Ok(Box::new(move |sink: &mut Sink| {
            let line = csv_file::line_of(&first);
            match parse(layout, width, None, &first) {
                Ok(values) => sink.accept(line, values)?,
                Err(message) => sink.reject(line, message)?,
            }
            read_records(reader, sink, |record| parse(layout, width, None, record))
        }));
    }
    let columns = Columns::names(&first)?;
    let layout = header_layout(&columns)?;
    Ok(Box::new(move |sink: &mut Sink| {
        read_records(reader, sink, |record| {
            parse(layout, 0, Some(&columns), record)
        })
    }))
}

fn header_layout(columns: &Columns) -> anyhow::Result<Layout> {
    let find = |names: &[&str]| names.iter().find_map(|name| columns.position(name));
    let start = find(&["start", "ip_from"]);
    let end = find(&["end", "ip_to"]);
    let range = find(&["range"]);
    let country = find(&["country"]);
    let expected = "the header must be `start,end,country` or `range,country`";
    let layout = match (start, end, range, country) {
        (Some(start), Some(end), None, Some(country)) => Layout::Span {
            start,
            end,
            country,
        },
        (None, None, Some(range), Some(country)) => Layout::Range { range, country },
        _ => anyhow::bail!("{expected}"),
    };
    let used = match layout {
        Layout::Span { .. } => 3,
        Layout::Range { .. } => 2,
    };
    anyhow::ensure!(columns.len() == used, "{expected} (no other columns)");
    Ok(layout)
}

/// With a header the width must match it; without one, `min_width` fields at least.
fn parse(
    layout: Layout,
    min_width: usize,
    columns: Option<&Columns>,
    record: &ByteRecord,
) -> Result<Vec<Option<String>>, String> {
    match columns {
        Some(columns) => columns.check_width(record)?,
        None if record.len() < min_width => {
            return Err(format!("has {} fields, expected {min_width}", record.len()));
        }
        None => {}
    }
    let field = |index: usize, name: &str| {
        csv_file::text(record, index, name)?.ok_or_else(|| format!("{name}: is required"))
    };
    let (from, to, country) = match layout {
        Layout::Span {
            start,
            end,
            country,
        } => {
            let from = parse_ip(field(start, "start")?).ok_or("start: is not an IP address")?;
            let to = parse_ip(field(end, "end")?).ok_or("end: is not an IP address")?;
            if from.is_ipv4() != to.is_ipv4() {
                return Err("start and end: are of different IP versions".to_owned());
            }
            if from > to {
                return Err("start: is after end".to_owned());
            }
            (from, to, country)
        }
        Layout::Range { range, country } => {
            let (address, length) = parse_network(field(range, "range")?)
                .map_err(|reason| format!("range: {reason}"))?;
            (
                first_address(address, length),
                last_address(address, length),
                country,
            )
        }
    };
    let country = field(country, "country")?;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err("country: must be a two-letter ISO 3166-1 code".to_owned());
    }
    Ok(vec![
        Some(text(from)),
        Some(text(to)),
        Some(country.to_ascii_uppercase()),
    ])
}

fn text(ip: IpAddr) -> String {
    ip.to_string()
}
