//! What merchants look at every morning: approval rates, fraud exposure against the
//! fraud-prone-merchant threshold, review workload, accuracy, and what the consortium did for
//! them. Every endpoint also answers as CSV (`?format=csv`).

mod approval;
mod exposure;
mod operations;
mod tenants;

use actix_web::HttpResponse;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Asia::Tokyo;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;

pub use approval::{ApprovalRateReport, ApprovalRateRow};
pub use exposure::{ExposureMonth, FraudExposure};
pub use operations::{AccuracyReport, ConsortiumReport, Overview, WorkloadReport};
pub use tenants::TenantRow;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(approval::approval_rate)
        .service(exposure::fraud_exposure)
        .service(exposure::set_threshold)
        .service(operations::workload)
        .service(operations::accuracy)
        .service(operations::consortium)
        .service(operations::overview);
}

pub fn configure_admin(cfg: &mut ServiceConfig) {
    cfg.service(tenants::admin_tenants)
        .service(approval::admin_approval_rate);
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct Period {
    /// Start, inclusive: RFC 3339 or `YYYY-MM-DD` (Japan time). Default: 30 days ago.
    pub from: Option<String>,
    /// End, exclusive. Default: now.
    pub to: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
    /// The dashboard's test/live switch: `false` reads test-mode data (default `true`).
    pub livemode: Option<bool>,
}

/// The test/live switch alone.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ModeQuery {
    /// `false` reads test-mode data (default `true`).
    pub livemode: Option<bool>,
}

fn parse_time(raw: &str, field: &str) -> Result<DateTime<Utc>, ApiError> {
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Ok(at.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .and_then(|midnight| Tokyo.from_local_datetime(&midnight).single())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| ApiError::query_field(field, "is not a date (YYYY-MM-DD) or RFC 3339 time"))
}

impl Period {
    fn bounds(&self) -> Result<(DateTime<Utc>, DateTime<Utc>), ApiError> {
        let to = self
            .to
            .as_deref()
            .map(|t| parse_time(t, "to"))
            .transpose()?
            .unwrap_or_else(Utc::now);
        let from = self
            .from
            .as_deref()
            .map(|f| parse_time(f, "from"))
            .transpose()?
            .unwrap_or(to - Duration::days(30));
        if from >= to {
            return Err(ApiError::query_field("from", "must be before to"));
        }
        if to - from > Duration::days(731) {
            return Err(ApiError::query_field(
                "to",
                "a period spans at most two years",
            ));
        }
        Ok((from, to))
    }
}

fn wants_csv(format: Option<&str>) -> Result<bool, ApiError> {
    match format {
        None | Some("json") => Ok(false),
        Some("csv") => Ok(true),
        Some(_) => Err(ApiError::query_field("format", "is json or csv")),
    }
}

/// JSON, or the rows as CSV with a header line.
fn respond<T: Serialize, R: Serialize>(
    csv: bool,
    body: &T,
    rows: &[R],
    name: &str,
) -> Result<HttpResponse, ApiError> {
    if !csv {
        return Ok(HttpResponse::Ok().json(body));
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer
            .serialize(row)
            .map_err(|error| ApiError::internal_because("a CSV row did not serialise", error))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| ApiError::internal_because("the CSV did not finish", error.error()))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .body(bytes))
}

pub(super) fn rate(numerator: i64, denominator: i64) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        (numerator as f64 / denominator as f64 * 10_000.0).round() / 10_000.0
    }
}

pub(super) fn month_progress(now: DateTime<Utc>) -> f64 {
    let local = now.with_timezone(&Tokyo);
    let days_in_month = match local.month() {
        2 if NaiveDate::from_ymd_opt(local.year(), 2, 29).is_some() => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let seconds_today = f64::from(local.num_seconds_from_midnight());
    (f64::from(local.day() - 1) + seconds_today / 86_400.0) / f64::from(days_in_month)
}
