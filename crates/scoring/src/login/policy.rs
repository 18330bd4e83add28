//! Where login signals turn suspicious: the tenant's thresholds and their defaults.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where login signals turn suspicious. Every count threshold is "more than": a signal fires
/// when the count (which includes the login being scored) exceeds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LoginPolicy {
    /// Brute force: failed logins of one account in 10 minutes (default 5)…
    pub account_failures_10m: i64,
    /// …or in one hour (default 10).
    pub account_failures_1h: i64,
    /// Credential stuffing: distinct accounts tried from one IP or device in one hour (default
    /// 10)…
    pub stuffing_accounts_1h: i64,
    /// …or in 24 hours (default 20)…
    pub stuffing_accounts_24h: i64,
    /// …or login checks from one IP or device in one hour (default 100)…
    pub stuffing_attempts_1h: i64,
    /// …each only while the source's success rate in that window is at most this (default 0.2).
    pub stuffing_max_success_rate: f64,
    /// Impossible rates are counted over this many seconds (default 10)…
    pub rate_window_secs: i64,
    /// …as more than this many logins from one IP (default 30, three a second)…
    pub rate_max_per_ip: i64,
    /// …or more than this many logins of one account (default 5).
    pub rate_max_per_account: i64,
    /// One device used by more than this many accounts in 24 hours (default 3).
    pub device_accounts_24h: i64,
    /// Logins from an IP located elsewhere are `overseas_ip` (ISO alpha-2, default JP).
    pub home_country: String,
    /// Scores at or above this are challenged (default 40)…
    pub challenge_at: i32,
    /// …and at or above this denied (default 80).
    pub deny_at: i32,
    /// Brute force denies whatever the score (default true).
    pub brute_force_denies: bool,
    /// Credential stuffing denies whatever the score (default true).
    pub credential_stuffing_denies: bool,
    /// How long a login attack (an alert) counts against the source's orders and payments, in
    /// seconds (default 24 h), unless staff acknowledge or resolve it first.
    pub alert_ttl_secs: i64,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        Self {
            account_failures_10m: 5,
            account_failures_1h: 10,
            stuffing_accounts_1h: 10,
            stuffing_accounts_24h: 20,
            stuffing_attempts_1h: 100,
            stuffing_max_success_rate: 0.2,
            rate_window_secs: 10,
            rate_max_per_ip: 30,
            rate_max_per_account: 5,
            device_accounts_24h: 3,
            home_country: "JP".into(),
            challenge_at: 40,
            deny_at: 80,
            brute_force_denies: true,
            credential_stuffing_denies: true,
            alert_ttl_secs: 24 * 3600,
        }
    }
}
