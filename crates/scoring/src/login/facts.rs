//! What the API counted about a login and its sources (PostgreSQL, so that the counts hold
//! across replicas).

/// Logins from one source (IP or device) in one window, the scored one included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceWindow {
    pub attempts: i64,
    pub successes: i64,
    pub accounts: i64,
}

impl SourceWindow {
    pub fn success_rate(&self) -> f64 {
        if self.attempts <= 0 {
            1.0
        } else {
            self.successes as f64 / self.attempts as f64
        }
    }
}

/// What PostgreSQL knows about the login's account, IP and device; every count includes the
/// login being scored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoginVelocity {
    pub account_failures_10m: i64,
    pub account_failures_1h: i64,
    /// Logins of the account in the last `rate_window_secs`.
    pub account_recent: i64,
    pub ip_1h: SourceWindow,
    pub ip_24h: SourceWindow,
    /// Logins from the IP in the last `rate_window_secs`.
    pub ip_recent: i64,
    /// `None` when the login carries no device id.
    pub device_1h: Option<SourceWindow>,
    pub device_24h: Option<SourceWindow>,
    /// The account logged in successfully before (from any device).
    pub account_has_successes: bool,
    /// The account logged in successfully before from this device.
    pub device_known: bool,
    /// The account logged in successfully before from this IP's network (its usual network).
    pub network_known: bool,
}

/// Everything a login is scored from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoginFacts {
    /// Whether the credential was right.
    pub success: bool,
    pub user_agent: Option<String>,
    pub velocity: LoginVelocity,
    /// `tor`, `proxy`, `vpn`, `datacenter` from the reference lists.
    pub ip_tags: Vec<String>,
    /// ISO alpha-2, when the country list covers the IP.
    pub ip_country: Option<String>,
    /// The device tag saw browser automation on this device.
    pub automated_device: bool,
}
