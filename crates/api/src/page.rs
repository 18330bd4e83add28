//! One pagination convention for every list that pages: `limit` and an opaque `cursor` in,
//! `items` and `next_cursor` out (absent on the last page). A client passes `next_cursor` back
//! as `cursor` and never reads it: what it holds (a row's position, or how many rows came
//! before) is the server's to change.
//!
//! Older parameters keep working beside `cursor`: `offset` on the lists that had it (the tenant
//! list among them), `before_id` on the audit log, and the plain cursors the fraud-report and
//! webhook-delivery lists gave before.

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

use crate::error::ApiError;

/// Where the next page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// After this many rows: lists whose order is not a key (queues sorted by score, amount, …).
    Offset(i64),
    /// After this row of a list ordered newest first by (time, id).
    AfterTimed { at: DateTime<Utc>, id: Uuid },
    /// After this row of a list ordered by its (time-ordered) id.
    AfterId(Uuid),
    /// Before this row of a list ordered newest first by a numeric id (the audit log).
    BeforeNumber(i64),
}

const OFFSET: &str = "o";
const TIMED: &str = "t";
const ID: &str = "i";
const NUMBER: &str = "n";

impl Position {
    /// The opaque form a page's `next_cursor` carries.
    pub fn cursor(self) -> String {
        let text = match self {
            Position::Offset(rows) => format!("{OFFSET}:{rows}"),
            Position::AfterTimed { at, id } => format!(
                "{TIMED}:{}~{id}",
                at.to_rfc3339_opts(SecondsFormat::Micros, true)
            ),
            Position::AfterId(id) => format!("{ID}:{id}"),
            Position::BeforeNumber(id) => format!("{NUMBER}:{id}"),
        };
        hex::encode(text)
    }

    /// Reads a cursor this API gave (or one of the older plain forms).
    pub fn parse(raw: &str) -> Result<Position, ApiError> {
        let text = hex::decode(raw)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let position = match text.as_deref().and_then(|text| text.split_once(':')) {
            Some((OFFSET, rows)) => rows
                .parse::<i64>()
                .ok()
                .filter(|rows| *rows >= 0)
                .map(Position::Offset),
            Some((TIMED, rest)) => timed(rest),
            Some((ID, id)) => id.parse().ok().map(Position::AfterId),
            Some((NUMBER, id)) => id.parse().ok().map(Position::BeforeNumber),
            // The plain forms given before the convention: `<time>~<id>` and a bare id.
            _ => timed(raw).or_else(|| raw.parse().ok().map(Position::AfterId)),
        };
        position.ok_or_else(|| ApiError::query_field("cursor", "is not one this API gave"))
    }
}

fn timed(text: &str) -> Option<Position> {
    let (at, id) = text.split_once('~')?;
    Some(Position::AfterTimed {
        at: DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc),
        id: id.parse().ok()?,
    })
}

/// A list's bounds on `limit`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub default: i64,
    pub max: i64,
}

/// Most lists: 1–200, 50 unless asked.
pub const LIMITS: Limits = Limits {
    default: 50,
    max: 200,
};

impl Limits {
    pub fn of(self, requested: Option<i64>) -> i64 {
        requested.unwrap_or(self.default).clamp(1, self.max)
    }
}

/// The rows to skip on an offset-ordered list: from `cursor`, else from the older `offset`.
pub fn offset(cursor: Option<&str>, offset: Option<i64>) -> Result<i64, ApiError> {
    match cursor.map(Position::parse).transpose()? {
        Some(Position::Offset(rows)) => Ok(rows),
        Some(_) => Err(not_this_list()),
        None => Ok(offset.unwrap_or(0).max(0)),
    }
}

fn not_this_list() -> ApiError {
    ApiError::query_field("cursor", "is not one this list gave")
}

/// Where a list ordered newest first by (time, id) resumes: after this row.
pub fn after_timed(cursor: Option<&str>) -> Result<Option<(DateTime<Utc>, Uuid)>, ApiError> {
    match cursor.map(Position::parse).transpose()? {
        Some(Position::AfterTimed { at, id }) => Ok(Some((at, id))),
        Some(_) => Err(not_this_list()),
        None => Ok(None),
    }
}

/// Where a list ordered by its (time-ordered) id resumes: after this id.
pub fn after_id(cursor: Option<&str>) -> Result<Option<Uuid>, ApiError> {
    match cursor.map(Position::parse).transpose()? {
        Some(Position::AfterId(id)) => Ok(Some(id)),
        Some(_) => Err(not_this_list()),
        None => Ok(None),
    }
}

/// Where a list ordered newest first by a numeric id resumes: before this id, from `cursor`,
/// else from the older plain parameter (`before_id`).
pub fn before_number(cursor: Option<&str>, plain: Option<i64>) -> Result<Option<i64>, ApiError> {
    match cursor.map(Position::parse).transpose()? {
        Some(Position::BeforeNumber(id)) => Ok(Some(id)),
        Some(_) => Err(not_this_list()),
        None => Ok(plain),
    }
}

/// Keeps the first `limit` of `rows` (read with `limit + 1`, so that one more says there is a
/// next page) and the position after the last one kept.
pub fn split<T>(
    mut rows: Vec<T>,
    limit: i64,
    position_after: impl FnOnce(&T) -> Position,
) -> (Vec<T>, Option<String>) {
    let kept = usize::try_from(limit).unwrap_or(usize::MAX);
    let more = rows.len() > kept;
    rows.truncate(kept);
    let next = if more {
        rows.last().map(|last| position_after(last).cursor())
    } else {
        None
    };
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_as_the_positions_they_came_from() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T08:15:00.123456Z")
            .unwrap()
            .with_timezone(&Utc);
        let id = Uuid::now_v7();
        for position in [
            Position::Offset(150),
            Position::AfterTimed { at, id },
            Position::AfterId(id),
            Position::BeforeNumber(42),
        ] {
            assert_eq!(Position::parse(&position.cursor()).unwrap(), position);
        }
    }

    #[test]
    fn the_older_plain_cursors_still_read_and_anything_else_is_refused() {
        let id = Uuid::now_v7();
        assert_eq!(
            Position::parse(&id.to_string()).unwrap(),
            Position::AfterId(id)
        );
        assert!(matches!(
            Position::parse(&format!("2026-11-30T08:15:00.000001Z~{id}")).unwrap(),
            Position::AfterTimed { .. }
        ));
        for refused in ["", "nonsense", "6f3a", &hex::encode("o:-3")] {
            let error = Position::parse(refused).unwrap_err();
            assert_eq!(error.fields[0].field, "cursor");
        }
    }

    #[test]
    fn a_page_says_whether_another_follows() {
        let (rows, next) = split(vec![1, 2, 3], 2, |row| Position::Offset(*row));
        assert_eq!(rows, [1, 2]);
        assert_eq!(next, Some(Position::Offset(2).cursor()));
        assert_eq!(split(vec![1, 2], 2, |row| Position::Offset(*row)).1, None);
        assert_eq!(offset(None, Some(40)).unwrap(), 40);
        let cursor = Position::Offset(7).cursor();
        assert_eq!(offset(Some(&cursor), Some(40)).unwrap(), 7);
        let before = Position::BeforeNumber(9).cursor();
        assert_eq!(before_number(Some(&before), Some(40)).unwrap(), Some(9));
        assert_eq!(before_number(None, Some(40)).unwrap(), Some(40));
        assert!(before_number(Some(&cursor), None).is_err());
    }
}
