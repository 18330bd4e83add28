//! `sekisho import ip-reputation`: networks of one tag (tor, proxy, vpn, datacenter).
//!
//! Two formats: the plain lists that feeds publish (one IP or CIDR per line, blank lines and `#`
//! comments skipped), or a CSV whose header has a `range` column (other columns are ignored).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::csv_file::{self, Columns};
use super::network::{cidr_text, parse_network};
use super::reference::{List, Reader, Sink, read_records};

pub fn list(tag: &str, source: String) -> List {
    List {
        action: "import.ip_reputation",
        columns: &["range"],
        merge: "INSERT INTO ip_reputation (range, tag, source) \
                SELECT range::cidr, $2, $1 FROM import_stage \
                ON CONFLICT (range, tag) DO NOTHING",
        source,
        params: vec![tag.to_owned()],
    }
}

/// Opens the file and tells the formats apart by its first line that is not blank or a comment.
pub fn open(path: &Path) -> anyhow::Result<Reader> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut first = None;
    for line in BufReader::new(file).lines() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        let content = strip_comment(&line);
        if !content.is_empty() {
            first = Some(content.to_ascii_lowercase());
            break;
        }
    }
    let is_csv = first.is_some_and(|line| line.split(',').any(|name| name.trim() == "range"));
    let path = path.to_path_buf();
    if is_csv {
        let mut reader = csv_file::open(&path)?;
        let header = csv_file::header(&mut reader, &path)?;
        let columns = Columns::names(&header)?;
        Ok(Box::new(move |sink: &mut Sink| {
            read_records(reader, sink, |record| parse_csv(&columns, record))
        }))
    } else {
        Ok(Box::new(move |sink: &mut Sink| read_plain(&path, sink)))
    }
}

fn strip_comment(line: &str) -> &str {
    line.split_once('#')
        .map_or(line, |(content, _)| content)
        .trim()
}

fn read_plain(path: &PathBuf, sink: &mut Sink) -> anyhow::Result<()> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut buffer = Vec::new();
    let (mut line, mut byte) = (0u64, 0u64);
    loop {
        buffer.clear();
        let read = reader
            .read_until(b'\n', &mut buffer)
            .with_context(|| format!("reading {}", path.display()))?;
        if read == 0 {
            return Ok(());
        }
        line += 1;
        byte += read as u64;
        sink.at_byte(byte);
        let Ok(text) = std::str::from_utf8(&buffer) else {
            sink.reject(line, "is not valid UTF-8".to_owned())?;
            continue;
        };
        let content = strip_comment(text.trim_start_matches('\u{feff}'));
        if content.is_empty() {
            continue;
        }
        match parse_network(content) {
            Ok(network) => sink.accept(line, vec![Some(cidr_text(network))])?,
            Err(reason) => sink.reject(line, format!("range: {reason}"))?,
        }
    }
}

fn parse_csv(columns: &Columns, record: &csv::ByteRecord) -> Result<Vec<Option<String>>, String> {
    columns.check_width(record)?;
    let range = columns
        .get(record, "range")?
        .ok_or_else(|| "range: is required".to_owned())?;
    let network = parse_network(range).map_err(|reason| format!("range: {reason}"))?;
    Ok(vec![Some(cidr_text(network))])
}
