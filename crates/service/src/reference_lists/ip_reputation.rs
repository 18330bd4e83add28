//! Networks of one tag (tor, proxy, vpn, datacenter).
//!
//! Two formats: the plain lists that feeds publish (one IP or CIDR per line, blank lines and `#`
//! comments skipped), or a CSV whose header has a `range` column (other columns are ignored).

use std::io::{BufRead, BufReader};

use super::input::{self, Columns, Input, InputError};
use super::network::{cidr_text, network_problem, parse_network};
use super::problem::{LineErrorCode, Problem};
use super::sink::{Reader, Sink, read_records};
use super::target::Target;

pub fn target(tag: &'static str) -> Target {
    Target {
        columns: &["range"],
        merge: "INSERT INTO ip_reputation (range, tag, source) \
                SELECT range::cidr, $2, $1 FROM {stage} \
                ON CONFLICT (range, tag) DO NOTHING",
        params: vec![tag.to_owned()],
    }
}

/// Opens the input and tells the formats apart by its first line that is not blank or a comment.
pub fn open(input: &Input) -> Result<Reader, InputError> {
    let mut first = None;
    let mut lines = BufReader::new(input.open()?);
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        if lines.read_until(b'\n', &mut buffer)? == 0 {
            break;
        }
        let text = String::from_utf8_lossy(&buffer);
        let content = strip_comment(text.trim_start_matches('\u{feff}'));
        if !content.is_empty() {
            first = Some(content.to_ascii_lowercase());
            break;
        }
    }
    let is_csv = first.is_some_and(|line| line.split(',').any(|name| name.trim() == "range"));
    if is_csv {
        let mut reader = input::open(input)?;
        let header = input::header(&mut reader)?;
        let columns = Columns::names(&header)?;
        Ok(Box::new(move |sink: &mut Sink| {
            read_records(reader, sink, |record| parse_csv(&columns, record))
        }))
    } else {
        let input = input.clone();
        Ok(Box::new(move |sink: &mut Sink| read_plain(&input, sink)))
    }
}

fn strip_comment(line: &str) -> &str {
    line.split_once('#')
        .map_or(line, |(content, _)| content)
        .trim()
}

fn read_plain(input: &Input, sink: &mut Sink) -> Result<(), InputError> {
    let mut reader = BufReader::with_capacity(1 << 20, input.open()?);
    let mut buffer = Vec::new();
    let (mut line, mut byte) = (0u64, 0u64);
    loop {
        buffer.clear();
        let read = reader.read_until(b'\n', &mut buffer)?;
        if read == 0 {
            return Ok(());
        }
        line += 1;
        byte += read as u64;
        sink.at_byte(byte);
        let Ok(text) = std::str::from_utf8(&buffer) else {
            sink.reject(
                line,
                Problem::new(LineErrorCode::InvalidUtf8, "is not valid UTF-8"),
            )?;
            continue;
        };
        let content = strip_comment(text.trim_start_matches('\u{feff}'));
        if content.is_empty() {
            continue;
        }
        match parse_network(content) {
            Ok(network) => sink.accept(line, vec![Some(cidr_text(network))])?,
            Err(reason) => sink.reject(line, network_problem("range", reason))?,
        }
    }
}

fn parse_csv(columns: &Columns, record: &csv::ByteRecord) -> Result<Vec<Option<String>>, Problem> {
    columns.check_width(record)?;
    let range = input::required(columns.get(record, "range")?, "range")?;
    let network = parse_network(range).map_err(|reason| network_problem("range", reason))?;
    Ok(vec![Some(cidr_text(network))])
}
