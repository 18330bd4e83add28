//! Typed, layered configuration: defaults, then a TOML file (`--config`, `SEKISHO_CONFIG`, or
//! `./sekisho.toml` when present), then `SEKISHO_*` environment variables. Every setting is
//! documented here and in docs/CONFIGURATION.md. What the subsystems get from it (the pool's
//! options, the card-testing policy, trusted proxies, enrichment), checked, is in `checked`.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use sekisho_outbound::enrichment::Check;
use sekisho_scoring::card_testing::CardTestingPolicy;
use sekisho_scoring::login::LoginPolicy;
use serde::{Deserialize, Serialize};

mod checked;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct Settings {
    /// `SEKISHO_LISTEN`: address and port the API and dashboard listen on.
    pub listen: SocketAddr,
    /// `SEKISHO_DATABASE_URL`: PostgreSQL for the application. Unset: the embedded cluster under
    /// `data_dir` is started and used.
    pub database_url: Option<String>,
    /// `SEKISHO_MIGRATION_DATABASE_URL`: the schema owner's URL for migrations (defaults to
    /// `database_url`). Needs CREATEROLE or superuser on first migration.
    pub migration_database_url: Option<String>,
    /// `SEKISHO_READ_DATABASE_URL`: a streaming standby for read-only work (analytics, backtests),
    /// as the application's role. Unset: that work reads the primary too.
    pub read_database_url: Option<String>,
    /// `SEKISHO_DATA_DIR`: the embedded cluster, its credentials and generated secrets.
    pub data_dir: PathBuf,
    /// `SEKISHO_PG_BIN_DIR`: where `initdb`, `pg_ctl` and `postgres` are (found on PATH or in
    /// /usr/lib/postgresql/*/bin when unset).
    pub pg_bin_dir: Option<PathBuf>,
    /// `SEKISHO_ADMIN_EMAIL` / `SEKISHO_ADMIN_PASSWORD`: a platform admin made sure of at start.
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
    /// `SEKISHO_JWT_SECRET`: signs session tokens (at least 32 bytes). Required with an external
    /// database; the embedded mode generates one in `data_dir`.
    pub jwt_secret: Option<String>,
    /// `SEKISHO_JWT_TTL_SECS`: session token lifetime.
    pub jwt_ttl_secs: u64,
    /// `SEKISHO_LOG_FORMAT`: `text` or `json`. Filter with `RUST_LOG` (default `info`).
    pub log_format: LogFormat,
    /// `SEKISHO_WORKERS`: HTTP worker threads (default: one per core).
    pub workers: Option<usize>,
    /// `SEKISHO_POOL_SIZE`: database connections in the pool.
    pub pool_size: usize,
    /// `SEKISHO_REQUEST_TIMEOUT_MS`: every request answers within this; one that could not
    /// (a database that stopped answering) gets `503 database_unavailable`.
    pub request_timeout_ms: u64,
    /// `SEKISHO_DB_STATEMENT_TIMEOUT_MS`: PostgreSQL cancels any statement running longer
    /// (`statement_timeout`, set on every pooled connection); the request gets 503.
    pub db_statement_timeout_ms: u64,
    /// `SEKISHO_BATCH_STATEMENT_TIMEOUT_MS`: the same for the operator's batch commands
    /// (`sekisho import …`, `sekisho reseal`), whose one transaction files tens of thousands of
    /// rows: a request's deadline would cancel them on a large import.
    pub batch_statement_timeout_ms: u64,
    /// `SEKISHO_POOL_TIMEOUT_MS`: how long a request waits for a free pooled connection.
    pub pool_timeout_ms: u64,
    /// `SEKISHO_DB_CONNECT_TIMEOUT_MS`: opening one database connection (TCP, TLS,
    /// authentication) must finish within this.
    pub db_connect_timeout_ms: u64,
    /// `SEKISHO_METRICS_TOKEN`: `/metrics` then needs `Authorization: Bearer <token>`. Unset,
    /// `/metrics` answers only to peers on this machine.
    pub metrics_token: Option<String>,
    /// `SEKISHO_WEBHOOK_TESTS_PER_TENANT_PER_MINUTE`: webhook test events one tenant may send.
    pub webhook_tests_per_tenant_per_minute: u32,
    /// `SEKISHO_LOGIN_PER_ACCOUNT_AND_IP_PER_MINUTE` / `SEKISHO_LOGIN_PER_IP_PER_MINUTE` /
    /// `SEKISHO_LOGIN_PER_ACCOUNT_PER_MINUTE`: staff sign-in attempts allowed per minute before
    /// 429, against one account from one client IP, from one IP, and against one account from
    /// anywhere (the ceiling, well above the first, so that an attacker at one address cannot
    /// lock the owner out).
    pub login_per_account_and_ip_per_minute: u32,
    pub login_per_account_per_minute: u32,
    pub login_per_ip_per_minute: u32,
    /// `SEKISHO_SESSION_MAX_HOURS`: a dashboard session ends this long after sign-in, however
    /// often it is refreshed (each token lasts `SEKISHO_JWT_TTL_SECS`).
    pub session_max_hours: u64,
    /// `SEKISHO_API_KEY_REQUESTS_PER_SECOND`: requests per second each API key may send when its
    /// tenant has no rate of its own (a platform admin sets one per tenant).
    pub api_key_requests_per_second: u32,
    /// `SEKISHO_REPLICAS`: how many replicas serve the API behind the load balancer; each
    /// enforces 1/`replicas` of every key's rate (docs/OPERATIONS.md).
    pub replicas: u32,
    /// `SEKISHO_MAX_BODY_BYTES`: largest JSON request body.
    pub max_body_bytes: usize,
    /// `SEKISHO_MAX_REFERENCE_LIST_BYTES`: largest reference list uploaded over HTTP.
    pub max_reference_list_bytes: usize,
    /// `SEKISHO_TRUSTED_PROXIES`: the networks of the operator's own reverse proxies, e.g.
    /// `["10.0.0.0/8","127.0.0.1"]`. Only a peer in them may name the client in a forwarded
    /// header, and the client is the rightmost hop outside them. Empty (default): the TCP peer
    /// is the client and forwarded headers are ignored.
    pub trusted_proxies: Vec<String>,
    /// `SEKISHO_FORWARDED_HEADER`: which header those proxies append to, `x-forwarded-for`
    /// (default) or `forwarded` (RFC 7239).
    pub forwarded_header: String,
    /// `SEKISHO_TRUST_FORWARDED_FOR`: the older switch, kept for existing configurations. On
    /// with `trusted_proxies` empty it means "trust proxies on this machine only" (127.0.0.0/8
    /// and ::1); with `trusted_proxies` set it changes nothing.
    pub trust_forwarded_for: bool,
    /// `SEKISHO_SHUTDOWN_TIMEOUT_SECS`: how long in-flight requests get on SIGINT/SIGTERM.
    pub shutdown_timeout_secs: u64,
    /// `SEKISHO_CONSORTIUM_KEY`: the consortium's HMAC key, hex (at least 32 bytes). Or
    /// `SEKISHO_CONSORTIUM_KEY_FILE`: a file holding it. Required with an external database; the
    /// embedded mode generates one in `data_dir`. Changing it orphans every fingerprint.
    pub consortium_key: Option<String>,
    pub consortium_key_file: Option<PathBuf>,
    /// `SEKISHO_CUSTOMER_DATA_KEY`: seals each tenant's own customer data at rest (32 bytes as 64
    /// hex digits). Or `SEKISHO_CUSTOMER_DATA_KEY_FILE`: a file holding it. Required with an
    /// external database; the embedded mode generates one in `data_dir`. Losing it loses every
    /// stored customer's details (scoring is unaffected).
    pub customer_data_key: Option<String>,
    pub customer_data_key_file: Option<PathBuf>,
    /// `SEKISHO_CUSTOMER_DATA_PREVIOUS_KEY` (or `SEKISHO_CUSTOMER_DATA_PREVIOUS_KEY_FILE`): during
    /// a rotation, the key being replaced. It still opens what it sealed; nothing new is sealed
    /// with it. Remove it once `sekisho customer-data reseal` reports nothing unreadable.
    pub customer_data_previous_key: Option<String>,
    pub customer_data_previous_key_file: Option<PathBuf>,
    /// `SEKISHO_CUSTOMER_DATA_PURGE_MINUTES`: how often the server clears the customer data of
    /// orders older than their tenant's retention period.
    pub customer_data_purge_minutes: u64,
    /// `SEKISHO_PARTITION_MONTHS_AHEAD`: how many months after the current one the server keeps
    /// the history tables' partitions created (0–24).
    pub partition_months_ahead: i32,
    /// `SEKISHO_HISTORY_RETENTION_MONTHS`: whole months of history older than this are dropped
    /// (0, the default: kept forever).
    pub history_retention_months: i32,
    /// `SEKISHO_REVIEW_UNDO_MINUTES`: how long after a review decision its reviewer (or an owner)
    /// may undo it; undoing a reject retracts the consortium report it filed.
    pub review_undo_minutes: u64,
    /// `SEKISHO_CONSORTIUM_QUORUM`: distinct reporting tenants before a match may block on its
    /// own; below it a match is a weak signal.
    pub consortium_quorum: u32,
    /// `SEKISHO_HALF_LIFE_DAYS`: per identifier kind, days after which a report weighs half, e.g.
    /// `{ip=30,card=365}` (kinds not named keep their defaults).
    pub half_life_days: BTreeMap<String, f64>,
    /// `SEKISHO_REPORTS_PER_TENANT_PER_HOUR`: fraud reports one tenant may submit through the API
    /// per hour (bulk imports are not limited).
    pub reports_per_tenant_per_hour: u32,
    /// `SEKISHO_ENRICHMENT_PROVIDERS`: HTTP enrichment providers, each
    /// `{name, url, checks, budget_ms}` with checks among `phone_line`, `address_existence`,
    /// `ip_intelligence` and `budget_ms` optional. In the file a TOML array of tables
    /// (`[[enrichment_providers]]`); in the environment an inline list, e.g.
    /// `[{name="carrier",url="http://10.0.0.5/v1/check",checks=["phone_line"],budget_ms=120}]`.
    pub enrichment_providers: Vec<EnrichmentProviderSettings>,
    /// `SEKISHO_ENRICHMENT_BUDGET_MS`: the time budget of a provider that names none.
    pub enrichment_budget_ms: u64,
    /// `SEKISHO_ENRICHMENT_CACHE_TTL_SECS` / `SEKISHO_ENRICHMENT_CACHE_CAPACITY`: how long and
    /// how many provider answers are reused.
    pub enrichment_cache_ttl_secs: u64,
    pub enrichment_cache_capacity: u64,
    /// `SEKISHO_ENRICHMENT_BREAKER_FAILURES` / `SEKISHO_ENRICHMENT_BREAKER_COOL_DOWN_SECS`:
    /// failures (errors or timeouts) in a row after which a provider is skipped, and for how long.
    pub enrichment_breaker_failures: u32,
    pub enrichment_breaker_cool_down_secs: u64,
    /// `SEKISHO_CARD_TESTING_THRESHOLDS`: declines above which a source is caught testing cards,
    /// per source and window, e.g. `{ip_1h=10,account_24h=20,tenant_1h=80}` (sources `ip`,
    /// `device`, `account`, `bin`, `tenant`; windows `1h`, `24h`; names not given keep their
    /// defaults, see docs/LOGINS-AND-PAYMENTS.md).
    pub card_testing_thresholds: BTreeMap<String, i64>,
    /// `SEKISHO_LOGIN_POLICY`: login scoring thresholds, any of them, e.g.
    /// `{account_failures_10m=3,deny_at=70,home_country="JP"}` (docs/LOGINS-AND-PAYMENTS.md
    /// lists every field; the others keep their defaults).
    pub login_policy: LoginPolicy,
    /// `SEKISHO_DEVICE_TAG_PER_IP_PER_MINUTE`: device-tag reports one IP may send a minute.
    pub device_tag_per_ip_per_minute: u32,
    /// `SEKISHO_CARD_TESTING_FAILURE_RATE`: and the decline rate in that window must reach this.
    pub card_testing_failure_rate: f64,
    /// `SEKISHO_CARD_TESTING_ALERT_HOURS`: how long a caught source stays rejected.
    pub card_testing_alert_hours: u64,
    /// `SEKISHO_CARD_TESTING_RISKY_SOURCE_FAILURES`: under a tenant-wide alert, attempts from a
    /// source with this many declines in the last hour are rejected.
    pub card_testing_risky_source_failures: i64,
    /// `SEKISHO_CARD_TESTING_EXTREME_FAILURE_RATE`: under a tenant-wide alert, every attempt is
    /// rejected while the tenant's decline rate is at least this.
    pub card_testing_extreme_failure_rate: f64,
    /// `SEKISHO_ALLOW_INSECURE_WEBHOOKS`: let webhooks use plain `http://` to this machine
    /// (127.0.0.1, [::1], localhost) and skip the public-address check. Local development only.
    pub allow_insecure_webhooks: bool,
    /// `SEKISHO_WEB_DIR`: the built dashboard (`npm run build` in `web/`), served at `/`. When it
    /// holds no `index.html`, `/` answers a page saying how to build it.
    pub web_dir: PathBuf,
}

/// One HTTP enrichment provider (see docs/ENRICHMENT.md).
#[derive(Clone, Serialize, Deserialize)]
pub struct EnrichmentProviderSettings {
    pub name: String,
    /// May carry a credential; never logged.
    pub url: String,
    pub checks: Vec<Check>,
    pub budget_ms: Option<u64>,
    /// The operator's own provider inside its private network (e.g. `http://10.0.0.5/…`):
    /// its address is not checked. Otherwise it must be public, when configured and when
    /// connecting.
    #[serde(default)]
    pub private_network: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: None,
            migration_database_url: None,
            read_database_url: None,
            data_dir: PathBuf::from("./.sekisho"),
            pg_bin_dir: None,
            admin_email: None,
            admin_password: None,
            jwt_secret: None,
            jwt_ttl_secs: 15 * 60,
            log_format: LogFormat::Text,
            workers: None,
            pool_size: 16,
            request_timeout_ms: 10_000,
            db_statement_timeout_ms: 5_000,
            batch_statement_timeout_ms: 600_000,
            pool_timeout_ms: 2_000,
            db_connect_timeout_ms: 5_000,
            metrics_token: None,
            webhook_tests_per_tenant_per_minute: 10,
            login_per_account_and_ip_per_minute: 10,
            login_per_account_per_minute: 100,
            login_per_ip_per_minute: 60,
            session_max_hours: 12,
            api_key_requests_per_second: 10_000,
            replicas: 1,
            max_body_bytes: 256 * 1024,
            max_reference_list_bytes: 32 * 1024 * 1024,
            trusted_proxies: Vec::new(),
            forwarded_header: "x-forwarded-for".to_owned(),
            trust_forwarded_for: false,
            shutdown_timeout_secs: 30,
            consortium_key: None,
            consortium_key_file: None,
            consortium_quorum: 2,
            customer_data_key: None,
            customer_data_key_file: None,
            customer_data_previous_key: None,
            customer_data_previous_key_file: None,
            customer_data_purge_minutes: 60,
            partition_months_ahead: sekisho_store::partitions::DEFAULT_MONTHS_AHEAD,
            history_retention_months: 0,
            review_undo_minutes: 10,
            half_life_days: BTreeMap::new(),
            reports_per_tenant_per_hour: 1000,
            enrichment_providers: Vec::new(),
            enrichment_budget_ms: 150,
            enrichment_cache_ttl_secs: 600,
            enrichment_cache_capacity: 100_000,
            enrichment_breaker_failures: 5,
            enrichment_breaker_cool_down_secs: 30,
            card_testing_thresholds: BTreeMap::new(),
            login_policy: LoginPolicy::default(),
            device_tag_per_ip_per_minute: 120,
            card_testing_failure_rate: CardTestingPolicy::default().min_failure_rate,
            card_testing_alert_hours: 24,
            card_testing_risky_source_failures: CardTestingPolicy::default().risky_source_failures,
            card_testing_extreme_failure_rate: CardTestingPolicy::default().extreme_failure_rate,
            allow_insecure_webhooks: false,
            web_dir: PathBuf::from("web/dist"),
        }
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redacted = |value: &Option<String>| value.as_ref().map(|_| "***");
        f.debug_struct("Settings")
            .field("listen", &self.listen)
            .field("database_url", &redacted(&self.database_url))
            .field(
                "migration_database_url",
                &redacted(&self.migration_database_url),
            )
            .field("read_database_url", &redacted(&self.read_database_url))
            .field("data_dir", &self.data_dir)
            .field("admin_email", &self.admin_email)
            .field("jwt_secret", &redacted(&self.jwt_secret))
            .field("consortium_key", &redacted(&self.consortium_key))
            .field("customer_data_key", &redacted(&self.customer_data_key))
            .field(
                "customer_data_previous_key",
                &redacted(&self.customer_data_previous_key),
            )
            .field("metrics_token", &redacted(&self.metrics_token))
            .field("log_format", &self.log_format)
            .field("pool_size", &self.pool_size)
            .field("web_dir", &self.web_dir)
            .field(
                "enrichment_providers",
                &self
                    .enrichment_providers
                    .iter()
                    .map(|provider| &provider.name)
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Settings {
    /// Loads the layers; `file` overrides the default `./sekisho.toml`.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Settings> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("SEKISHO_CONFIG").map(PathBuf::from));
        match file {
            Some(path) => {
                anyhow::ensure!(path.is_file(), "config file {} not found", path.display());
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("sekisho.toml")),
        }
        figment
            .merge(Env::prefixed("SEKISHO_").ignore(&["CONFIG"]))
            .extract()
            .context("invalid configuration")
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use figment::value::Value;
    use sekisho_api::client_address::{ForwardedHeader, TrustedProxies};

    use super::*;

    fn from_toml(toml: &str) -> Settings {
        Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::string(toml))
            .extract()
            .unwrap()
    }

    #[test]
    fn login_thresholds_override_one_by_one_and_refuse_unknown_names() {
        let settings = from_toml("[login_policy]\naccount_failures_10m = 3\ndeny_at = 70\n");
        assert_eq!(settings.login_policy.account_failures_10m, 3);
        assert_eq!(settings.login_policy.deny_at, 70);
        assert_eq!(
            settings.login_policy.account_failures_1h,
            LoginPolicy::default().account_failures_1h,
            "the others keep their defaults"
        );
        let unknown: Result<Settings, _> = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::string("[login_policy]\nbrute_force = 1\n"))
            .extract();
        assert!(unknown.is_err());
        let env = from_toml("device_tag_per_ip_per_minute = 30\n");
        assert_eq!(env.device_tag_per_ip_per_minute, 30);
    }

    #[test]
    fn enrichment_providers_from_the_file() {
        let settings = from_toml(
            r#"
            enrichment_budget_ms = 120

            [[enrichment_providers]]
            name = "carrier"
            url = "http://10.0.0.5/v1/check"
            checks = ["phone_line"]
            budget_ms = 80

            [[enrichment_providers]]
            name = "ipinfo"
            url = "http://10.0.0.6/v1/check"
            checks = ["ip_intelligence", "address_existence"]
            "#,
        );
        let enrichment = settings.enrichment().unwrap();
        assert_eq!(enrichment.default_budget, Duration::from_millis(120));
        let [carrier, ipinfo] = enrichment.providers.as_slice() else {
            panic!("two providers: {:?}", enrichment.providers);
        };
        assert_eq!(carrier.checks, [Check::PhoneLine]);
        assert_eq!(carrier.budget, Some(Duration::from_millis(80)));
        assert_eq!(
            ipinfo.checks,
            [Check::IpIntelligence, Check::AddressExistence]
        );
        assert_eq!(ipinfo.budget, None);
    }

    #[test]
    fn enrichment_providers_from_the_environment_form() {
        // How figment reads SEKISHO_ENRICHMENT_PROVIDERS.
        let value: Value = r#"[{name="carrier",url="http://10.0.0.5/v1/check",checks=["phone_line"],budget_ms=120}]"#
            .parse()
            .unwrap();
        let providers: Vec<EnrichmentProviderSettings> = value.deserialize().unwrap();
        assert_eq!(providers.len(), 1);
        assert_eq!(providers[0].name, "carrier");
        assert_eq!(providers[0].checks, [Check::PhoneLine]);
        assert_eq!(providers[0].budget_ms, Some(120));
    }

    #[test]
    fn card_testing_thresholds_override_the_defaults_and_are_checked() {
        let policy = from_toml(
            "card_testing_failure_rate = 0.9\ncard_testing_alert_hours = 6\n\
             [card_testing_thresholds]\nip_1h = 5\naccount_24h = 30",
        )
        .card_testing()
        .unwrap();
        assert_eq!(policy.ip.failures_1h, 5);
        assert_eq!(policy.ip.failures_24h, 20);
        assert_eq!(policy.account.failures_24h, 30);
        assert_eq!(policy.tenant.failures_1h, 80);
        assert_eq!(policy.min_failure_rate, 0.9);
        assert_eq!(policy.alert_ttl_secs, 6 * 3600);
        assert_eq!(
            Settings::default().card_testing().unwrap(),
            CardTestingPolicy::default()
        );
        for toml in [
            "[card_testing_thresholds]\ncard_1h = 5",
            "[card_testing_thresholds]\nip_2h = 5",
            "[card_testing_thresholds]\nip_1h = 0",
            "card_testing_failure_rate = 1.5",
            "card_testing_alert_hours = 0",
        ] {
            assert!(from_toml(toml).card_testing().is_err(), "{toml}");
        }
    }

    #[test]
    fn forwarded_headers_are_off_unless_proxies_are_named() {
        assert!(Settings::default().trusted_proxies().unwrap().is_empty());
        let legacy = from_toml("trust_forwarded_for = true")
            .trusted_proxies()
            .unwrap();
        assert_eq!(
            legacy,
            TrustedProxies::loopback(ForwardedHeader::XForwardedFor)
        );
        let named = from_toml(
            "trust_forwarded_for = true\ntrusted_proxies = [\"10.0.0.0/8\"]\nforwarded_header = \"forwarded\"",
        )
        .trusted_proxies()
        .unwrap();
        assert_eq!(named.networks().len(), 1);
        assert!(
            from_toml("trusted_proxies = [\"everyone\"]")
                .trusted_proxies()
                .is_err()
        );
        assert!(
            from_toml("forwarded_header = \"x-real-ip\"")
                .trusted_proxies()
                .is_err()
        );
    }

    #[test]
    fn database_time_limits_have_bounded_defaults_and_names() {
        let options = Settings::default().pool_options().unwrap();
        assert_eq!(options.wait_timeout, Duration::from_millis(2_000));
        assert_eq!(options.statement_timeout, Duration::from_millis(5_000));
        let tuned = from_toml(
            "pool_timeout_ms = 300\ndb_statement_timeout_ms = 700\ndb_connect_timeout_ms = 900",
        )
        .pool_options()
        .unwrap();
        assert_eq!(tuned.wait_timeout, Duration::from_millis(300));
        assert_eq!(tuned.statement_timeout, Duration::from_millis(700));
        assert_eq!(tuned.connect_timeout, Duration::from_millis(900));
        assert!(from_toml("request_timeout_ms = 0").pool_options().is_err());
    }

    #[test]
    fn batch_commands_keep_the_pool_limits_with_a_longer_statement_timeout() {
        let batch = from_toml("pool_timeout_ms = 300\ndb_statement_timeout_ms = 700")
            .batch_pool_options()
            .unwrap();
        assert_eq!(batch.wait_timeout, Duration::from_millis(300));
        assert_eq!(batch.statement_timeout, Duration::from_millis(600_000));
        let tuned = from_toml("batch_statement_timeout_ms = 90000")
            .batch_pool_options()
            .unwrap();
        assert_eq!(tuned.statement_timeout, Duration::from_millis(90_000));
        assert!(
            from_toml("batch_statement_timeout_ms = 0")
                .batch_pool_options()
                .is_err()
        );
    }

    #[test]
    fn the_shipped_config_trusts_no_forwarded_header() {
        let shipped = include_str!("../../../../deploy/sekisho.toml");
        let settings = from_toml(shipped);
        assert!(!settings.trust_forwarded_for);
        assert!(settings.trusted_proxies().unwrap().is_empty());
    }

    #[test]
    fn enrichment_settings_are_checked() {
        let defaults = Settings::default().enrichment().unwrap();
        assert_eq!(defaults.default_budget, Duration::from_millis(150));
        assert!(defaults.providers.is_empty());
        for toml in [
            "enrichment_budget_ms = 0",
            "enrichment_budget_ms = 60000",
            "[[enrichment_providers]]\nname = \"a\"\nurl = \"http://x/\"\nchecks = []",
            "[[enrichment_providers]]\nname = \"a\"\nurl = \"http://x/\"\nchecks = [\"phone_line\"]\nbudget_ms = 0",
        ] {
            assert!(from_toml(toml).enrichment().is_err(), "{toml}");
        }
    }
}
