//! The country of each IP range, from the free geolocation lists.
//!
//! Rows are `start,end,country` (DB-IP lite; IP2Location lite with IPv4 as decimal numbers and
//! the country's name as a fourth column) or `range,country` with a CIDR range. The lists ship
//! without a header, so one is optional: a first line that starts with an address is data.

use std::net::IpAddr;

use csv::ByteRecord;

use super::input::{self, Columns, Input, InputError};
use super::network::{first_address, last_address, network_problem, parse_ip, parse_network};
use super::problem::{LineErrorCode, Problem};
use super::sink::{Reader, Sink, read_records};
use super::target::Target;

pub fn target() -> Target {
    Target {
        columns: &["ip_from", "ip_to", "country"],
        merge: "INSERT INTO ip_countries (ip_from, ip_to, country, source) \
                SELECT DISTINCT ON (ip_from::inet) ip_from::inet, ip_to::inet, country, $1 \
                FROM {stage} ORDER BY ip_from::inet, line DESC \
                ON CONFLICT (ip_from) DO UPDATE SET ip_to = EXCLUDED.ip_to, \
                    country = EXCLUDED.country, source = EXCLUDED.source \
                WHERE (ip_countries.ip_to, ip_countries.country) \
                    IS DISTINCT FROM (EXCLUDED.ip_to, EXCLUDED.country)",
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

pub fn open(input: &Input) -> Result<Reader, InputError> {
    let mut reader = input::open(input)?;
    let first = input::header(&mut reader)?;
    let starts_with_address = input::text(&first, 0, "start")
        .ok()
        .flatten()
        .is_some_and(|field| parse_ip(field).is_some() || parse_network(field).is_ok());
    if starts_with_address {
        // No header: the layout follows from the width, extra columns (a country's name) are
        // ignored.
        let (layout, width) = if first.len() >= 3 {
            (
                Layout::Span {
                    start: 0,
                    end: 1,
                    country: 2,
                },
                3,
            )
        } else {
            (
                Layout::Range {
                    range: 0,
                    country: 1,
                },
                2,
            )
        };
        return Ok(Box::new(move |sink: &mut Sink| {
            let line = input::line_of(&first);
            match parse(layout, width, None, &first) {
                Ok(values) => sink.accept(line, values)?,
                Err(problem) => sink.reject(line, problem)?,
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

fn header_layout(columns: &Columns) -> Result<Layout, InputError> {
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
        _ => return Err(InputError::Header(expected.to_owned())),
    };
    let used = match layout {
        Layout::Span { .. } => 3,
        Layout::Range { .. } => 2,
    };
    if columns.len() != used {
        return Err(InputError::Header(format!("{expected} (no other columns)")));
    }
    Ok(layout)
}

/// With a header the width must match it; without one, `min_width` fields at least.
fn parse(
    layout: Layout,
    min_width: usize,
    columns: Option<&Columns>,
    record: &ByteRecord,
) -> Result<Vec<Option<String>>, Problem> {
    match columns {
        Some(columns) => columns.check_width(record)?,
        None if record.len() < min_width => {
            return Err(Problem::new(
                LineErrorCode::WrongFieldCount,
                format!("has {} fields, expected {min_width}", record.len()),
            ));
        }
        None => {}
    }
    let field = |index: usize, name: &str| input::required(input::text(record, index, name)?, name);
    let not_ip = |name: &str| {
        Problem::new(
            LineErrorCode::InvalidIp,
            format!("{name}: is not an IP address"),
        )
    };
    let (from, to, country) = match layout {
        Layout::Span {
            start,
            end,
            country,
        } => {
            let from = parse_ip(field(start, "start")?).ok_or_else(|| not_ip("start"))?;
            let to = parse_ip(field(end, "end")?).ok_or_else(|| not_ip("end"))?;
            if from.is_ipv4() != to.is_ipv4() {
                return Err(Problem::new(
                    LineErrorCode::InvalidRange,
                    "start and end: are of different IP versions",
                ));
            }
            if from > to {
                return Err(Problem::new(
                    LineErrorCode::InvalidRange,
                    "start: is after end",
                ));
            }
            (from, to, country)
        }
        Layout::Range { range, country } => {
            let (address, length) = parse_network(field(range, "range")?)
                .map_err(|reason| network_problem("range", reason))?;
            (
                first_address(address, length),
                last_address(address, length),
                country,
            )
        }
    };
    let country = field(country, "country")?;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Problem::new(
            LineErrorCode::InvalidCountry,
            "country: must be a two-letter ISO 3166-1 code",
        ));
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
