//! One line of a reports file (`sekisho import reports`), from CSV fields to what
//! [`super::bulk::file_batch`] files: the report (with its masked summary and idempotency key)
//! and the fingerprints of its normalised identifiers. A refused line is a [`Problem`] with the
//! stable code of its first bad field and every bad field in its message, as the reference
//! lists' lines (`crate::lines`).
//!
//! Pure apart from the report id (a UUIDv7, so that one import's reports sit together in the
//! primary-key index): no I/O, easy to test. Raw identifiers live only on the stack of
//! [`parse_line`]; what leaves it is masked or fingerprinted, and no message holds a value.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use csv::ByteRecord;
use sekisho_domain::identifiers::{
    CardDetails, ConsortiumKey, IdentifierError, NormalizedIdentifier, RawAddress, RawCard,
    RawIdentifiers,
};
use sekisho_domain::{FraudCategory, Money};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::bulk::{BulkEntry, BulkReport};
use crate::lines::{Columns, LineErrorCode, Problem};

/// Every column a reports file may have, in the documented order.
pub const COLUMNS: [&str; 21] = [
    "category",
    "amount",
    "currency",
    "occurred_at",
    "order_id",
    "email",
    "phone",
    "country",
    "postal_code",
    "region",
    "locality",
    "line1",
    "line2",
    "ip",
    "card",
    "device_id",
    "name",
    // A card known only by its payment provider's token (docs/API.md, "The card object").
    "card_bin",
    "card_last4",
    "card_fingerprint",
    "card_provider",
];
pub const REQUIRED: [&str; 3] = ["category", "amount", "occurred_at"];

/// The currency when the column is absent or empty: the service is for Japanese shops.
const DEFAULT_CURRENCY: &str = "JPY";
/// Date-only `occurred_at` values are days in Japan (JST, UTC+9), as merchants' exports write
/// them.
const JST_SECONDS: i32 = 9 * 3600;
const MAX_ORDER_ID_CHARS: usize = 200;

/// Every refused field of one line, in the order found.
#[derive(Debug, Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, code: LineErrorCode, message: impl Into<String>) {
        self.0.push(Problem::new(code, message));
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The line's problem: the first field's code, every field's message.
    fn into_problem(self) -> Problem {
        let code = self
            .0
            .first()
            .map_or(LineErrorCode::InvalidCsv, |problem| problem.code);
        let messages: Vec<String> = self.0.into_iter().map(|problem| problem.message).collect();
        Problem::new(code, messages.join("; "))
    }
}

/// Parses one record (its fingerprinted identifiers are appended to `entries`); on failure,
/// every bad field of the line in one problem.
pub fn parse_line(
    columns: &Columns,
    record: &ByteRecord,
    tenant_id: Uuid,
    key: &ConsortiumKey,
    entries: &mut Vec<BulkEntry>,
) -> Result<BulkReport, Problem> {
    columns.check_width(record)?;
    let mut problems = Problems::default();
    let mut field = |name: &str| match columns.get(record, name) {
        Ok(value) => value,
        Err(problem) => {
            problems.0.push(problem);
            None
        }
    };
    let category = field("category");
    let amount = field("amount");
    let currency = field("currency");
    let occurred_at = field("occurred_at");
    let order_id = field("order_id");
    let raw = RawIdentifiers {
        email: field("email").map(str::to_owned),
        phone: field("phone").map(str::to_owned),
        address: raw_address(&mut field),
        ip: field("ip").map(str::to_owned),
        card: card(&mut field),
        device_id: field("device_id").map(str::to_owned),
        name: field("name").map(str::to_owned),
    };

    let category = match category {
        Some(value) => FraudCategory::parse(value)
            .map(FraudCategory::as_str)
            .or_else(|| {
                let names: Vec<&str> = FraudCategory::ALL.iter().map(|c| c.as_str()).collect();
                problems.push(
                    LineErrorCode::InvalidCategory,
                    format!("category: must be one of {}", names.join(", ")),
                );
                None
            }),
        None => {
            problems.push(LineErrorCode::MissingField, "category: is required");
            None
        }
    };
    let money = match amount {
        Some(amount) => Money::parse(amount, currency.unwrap_or(DEFAULT_CURRENCY))
            .map_err(|error| {
                problems.push(LineErrorCode::InvalidAmount, format!("amount: {}", error.0));
            })
            .ok(),
        None => {
            problems.push(LineErrorCode::MissingField, "amount: is required");
            None
        }
    };
    let occurred_at = match occurred_at {
        Some(value) => parse_time(value)
            .ok_or_else(|| {
                problems.push(
                    LineErrorCode::InvalidTime,
                    "occurred_at: must be an RFC 3339 time or a date (YYYY-MM-DD)",
                );
            })
            .ok(),
        None => {
            problems.push(LineErrorCode::MissingField, "occurred_at: is required");
            None
        }
    };
    if order_id.is_some_and(|id| {
        id.chars().count() > MAX_ORDER_ID_CHARS || id.chars().any(char::is_control)
    }) {
        problems.push(
            LineErrorCode::InvalidOrderId,
            "order_id: must have at most 200 characters and no control characters",
        );
    }
    let parsed = raw
        .parse()
        .map_err(|errors| problems.0.extend(errors.iter().map(describe)))
        .ok();
    let identifiers = parsed
        .as_ref()
        .map(|parsed| parsed.to_identifiers())
        .unwrap_or_default();
    if parsed.is_some() && identifiers.is_empty() {
        problems.push(
            LineErrorCode::NoIdentifier,
            "at least one identifier is required (email, phone, address, ip, card, device_id or name)",
        );
    }
    let (Some(category), Some(money), Some(occurred_at), Some(parsed), true) =
        (category, money, occurred_at, parsed, problems.is_empty())
    else {
        return Err(problems.into_problem());
    };

    let order_id = order_id.map(str::to_owned);
    let currency = money.code();
    let idempotency_key = idempotency_key(
        tenant_id,
        category,
        money.minor,
        &currency,
        occurred_at,
        order_id.as_deref(),
        &identifiers,
    );
    let id = Uuid::now_v7();
    entries.extend(identifiers.iter().map(|identifier| BulkEntry {
        report_id: id,
        kind: identifier.kind().as_str(),
        fingerprint: *identifier.fingerprint(key).as_bytes(),
        network: crate::consortium::network(identifier),
    }));
    let summary = serde_json::to_string(&parsed.masked()).map_err(|_| {
        Problem::new(
            LineErrorCode::InvalidIdentifier,
            "identifiers: could not be summarised",
        )
    })?;
    Ok(BulkReport {
        id,
        category,
        amount_minor: money.minor,
        currency,
        occurred_at,
        order_id,
        idempotency_key,
        summary,
    })
}

/// The address columns, when any part of a street address is given (a country alone is not an
/// address).
fn raw_address<'r>(field: &mut impl FnMut(&str) -> Option<&'r str>) -> Option<RawAddress> {
    let mut part = |name: &str| field(name).unwrap_or_default().to_owned();
    let address = RawAddress {
        country: part("country"),
        postal_code: part("postal_code"),
        region: part("region"),
        locality: part("locality"),
        line1: part("line1"),
        line2: part("line2"),
        level: Default::default(),
    };
    let given = [
        &address.postal_code,
        &address.region,
        &address.locality,
        &address.line1,
        &address.line2,
    ]
    .iter()
    .any(|part| !part.is_empty());
    given.then_some(address)
}

/// `identifiers.address.postal_code: …` → `postal_code: …`: errors name the CSV column; the
/// code says which kind of identifier was refused.
fn describe(error: &IdentifierError) -> Problem {
    let field = error.field.trim_start_matches("identifiers.");
    let code = if field.starts_with("address") {
        LineErrorCode::InvalidAddress
    } else if field == "ip" {
        LineErrorCode::InvalidIp
    } else {
        LineErrorCode::InvalidIdentifier
    };
    let column = field
        .trim_start_matches("address.")
        .replacen("card.", "card_", 1);
    Problem::new(code, format!("{column}: {}", error.message))
}

/// `card` is a card number (as the API's bare string); without it, the `card_*` columns are the
/// token form of the card object.
fn card<'a>(field: &mut impl FnMut(&str) -> Option<&'a str>) -> Option<RawCard> {
    if let Some(number) = field("card") {
        return Some(RawCard::from(number));
    }
    let mut part = |name: &str| field(name).map(str::to_owned);
    let details = CardDetails {
        bin: part("card_bin"),
        last4: part("card_last4"),
        fingerprint: part("card_fingerprint"),
        provider: part("card_provider"),
        ..CardDetails::default()
    };
    (details != CardDetails::default()).then_some(RawCard::Details(details))
}

/// RFC 3339, or a date taken as midnight in Japan.
pub fn parse_time(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(time) = DateTime::parse_from_rfc3339(value) {
        return Some(time.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?;
    let jst = FixedOffset::east_opt(JST_SECONDS)?;
    jst.from_local_datetime(&date.and_time(NaiveTime::MIN))
        .single()
        .map(|time| time.with_timezone(&Utc))
}

/// Hex SHA-256 of the tenant and the report's normalised content: the same report written
/// differently (full-width digits, another phone notation, another column order) gets the same
/// key, so that importing a file twice adds nothing.
fn idempotency_key(
    tenant_id: Uuid,
    category: &str,
    amount_minor: i64,
    currency: &str,
    occurred_at: DateTime<Utc>,
    order_id: Option<&str>,
    identifiers: &[NormalizedIdentifier],
) -> String {
    // Unit separator between fields, record separator between identifiers: no normalised
    // value contains either, so no two different reports can give the same input.
    let mut digest = Sha256::new();
    digest.update(b"sekisho-import-report-v1\x1e");
    digest.update(tenant_id.as_bytes());
    for part in [
        category,
        &amount_minor.to_string(),
        currency,
        &occurred_at.timestamp_micros().to_string(),
        order_id.map_or("\x1d", |id| id),
    ] {
        digest.update(b"\x1f");
        digest.update(part.as_bytes());
    }
    for identifier in identifiers {
        digest.update(b"\x1e");
        digest.update(identifier.kind().as_str().as_bytes());
        digest.update(b"\x1f");
        digest.update(identifier.value().as_bytes());
    }
    hex::encode(digest.finalize())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn columns(header: &[&str]) -> Columns {
        Columns::from_header(&ByteRecord::from(header.to_vec()), &COLUMNS, &REQUIRED).unwrap()
    }

    fn key() -> ConsortiumKey {
        ConsortiumKey::from_bytes(&[7; 32]).unwrap()
    }

    fn parse_coded(
        header: &[&str],
        fields: &[&str],
    ) -> Result<(BulkReport, Vec<BulkEntry>), Problem> {
        let mut entries = Vec::new();
        let record = ByteRecord::from(fields.to_vec());
        parse_line(&columns(header), &record, Uuid::nil(), &key(), &mut entries)
            .map(|report| (report, entries))
    }

    fn parse(header: &[&str], fields: &[&str]) -> Result<(BulkReport, Vec<BulkEntry>), String> {
        parse_coded(header, fields).map_err(|problem| problem.message)
    }

    #[test]
    fn a_good_line_is_staged_masked_and_fingerprinted() {
        let (report, entries) = parse(
            &[
                "category",
                "amount",
                "occurred_at",
                "email",
                "phone",
                "card",
            ],
            &[
                "chargeback",
                "12800",
                "2026-11-01",
                "Taro@Example.jp",
                "090-1234-5678",
                "4111 1111 1111 1111",
            ],
        )
        .unwrap();
        assert_eq!(report.category, "chargeback");
        assert_eq!(report.amount_minor, 12800);
        assert_eq!(report.currency, "JPY");
        assert_eq!(report.occurred_at.to_rfc3339(), "2026-10-31T15:00:00+00:00");
        let kinds: Vec<&str> = entries.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["email", "email_domain", "phone", "card"]);
        for secret in ["taro", "12345678", "4111111111111111"] {
            assert!(!report.summary.contains(secret), "{}", report.summary);
        }
    }

    #[test]
    fn a_card_known_by_its_token_is_fingerprinted_not_kept() {
        let (report, entries) = parse(
            &[
                "category",
                "amount",
                "occurred_at",
                "card_bin",
                "card_last4",
                "card_fingerprint",
                "card_provider",
            ],
            &[
                "chargeback",
                "500",
                "2026-11-01",
                "453201",
                "0366",
                "Xt5EWLLDS7FJjR1c",
                "Stripe",
            ],
        )
        .unwrap();
        let kinds: Vec<&str> = entries.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["card"]);
        assert!(
            report.summary.contains("453201…0366 (stripe token)"),
            "{}",
            report.summary
        );
        assert!(!report.summary.contains("Xt5EWLLDS7FJjR1c"));
        let missing_provider = parse(
            &["category", "amount", "occurred_at", "card_fingerprint"],
            &["chargeback", "500", "2026-11-01", "Xt5EWLLDS7FJjR1c"],
        )
        .unwrap_err();
        assert!(
            missing_provider.starts_with("card_provider: "),
            "{missing_provider}"
        );
    }

    #[test]
    fn notation_does_not_change_the_idempotency_key() {
        let header = ["category", "amount", "occurred_at", "phone"];
        let (a, _) = parse(
            &header,
            &[
                "unpaid",
                "100",
                "2026-11-01T00:00:00+09:00",
                "090-1234-5678",
            ],
        )
        .unwrap();
        let (b, _) = parse(
            &header,
            &["unpaid", "100.0", "2026-11-01", "０９０１２３４５６７８"],
        )
        .unwrap();
        let (c, _) = parse(&header, &["unpaid", "101", "2026-11-01", "09012345678"]).unwrap();
        assert_eq!(a.idempotency_key, b.idempotency_key);
        assert_ne!(a.idempotency_key, c.idempotency_key);
    }

    #[test]
    fn every_bad_field_is_named_without_its_value() {
        let error = parse(
            &["category", "amount", "occurred_at", "phone", "card"],
            &["stolen", "-5", "yesterday", "12", "4111111111111112"],
        )
        .unwrap_err();
        assert_eq!(
            error,
            "category: must be one of chargeback, unpaid, resale, card_testing, account_takeover, other; \
             amount: '-5' is not a non-negative amount; \
             occurred_at: must be an RFC 3339 time or a date (YYYY-MM-DD); \
             phone: is not a valid phone number; \
             card: is not a valid card number (check digit)"
        );
    }

    #[test]
    fn a_refused_line_has_the_code_of_its_first_bad_field() {
        let header = ["category", "amount", "occurred_at", "phone", "ip"];
        let code = |fields: &[&str]| parse_coded(&header, fields).unwrap_err().code;
        assert_eq!(
            code(&["stolen", "-5", "x", "", ""]),
            LineErrorCode::InvalidCategory
        );
        assert_eq!(
            code(&["other", "-5", "x", "", ""]),
            LineErrorCode::InvalidAmount
        );
        assert_eq!(
            code(&["other", "1", "x", "", ""]),
            LineErrorCode::InvalidTime
        );
        assert_eq!(
            code(&["other", "", "2026-11-01", "", ""]),
            LineErrorCode::MissingField
        );
        assert_eq!(
            code(&["other", "1", "2026-11-01", "12", ""]),
            LineErrorCode::InvalidIdentifier
        );
        assert_eq!(
            code(&["other", "1", "2026-11-01", "", "300.1.2.3"]),
            LineErrorCode::InvalidIp
        );
        assert_eq!(
            code(&["other", "1", "2026-11-01", "", ""]),
            LineErrorCode::NoIdentifier
        );
        assert_eq!(code(&["other", "1"]), LineErrorCode::WrongFieldCount);
    }

    #[test]
    fn a_line_needs_an_identifier_and_the_header_width() {
        let header = ["category", "amount", "occurred_at", "email"];
        assert_eq!(
            parse(&header, &["other", "1", "2026-11-01", ""]).unwrap_err(),
            "at least one identifier is required (email, phone, address, ip, card, device_id or name)"
        );
        assert_eq!(
            parse(&header, &["other", "1"]).unwrap_err(),
            "has 2 fields, the header has 4"
        );
    }
}
