//! `serve --demo`: a believable data set to explore the product with. Loading is idempotent: a
//! tenant that already exists is left as it is.
//!
//! The demo's API keys are derived from the tenant names, so that they are the same on every
//! machine and can be written in the README; they are public, so never run `--demo` on a server
//! that holds real data.

mod activity;
pub mod lists;
pub mod stories;

use activity::Traffic;
use chrono::{Duration, Utc};
use diesel_async::AsyncPgConnection;
use sekisho_domain::identifiers::ConsortiumKey;
use sekisho_domain::{DisplayName, Role};
use sekisho_service::ServiceError;
use sekisho_service::consortium::candidates;
use sekisho_service::onboarding::{self, StaffMember, staff};
use sekisho_service::reports::filing::{self as fraud_reports, CreateFraudReport, file};
use sekisho_store::api_keys::{ApiKey, NewApiKey};
use sekisho_store::tenancy;
use sekisho_store::tenants::Tenant;
use sekisho_store::{Pool, pool};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const DEMO_PASSWORD: &str = "sekisho-demo-2026";
pub const DEMO_ADMIN_EMAIL: &str = "admin@sekisho.example";

pub struct DemoTenant {
    pub name: &'static str,
    /// The local part of the staff emails: owner@<slug>.example and so on.
    pub slug: &'static str,
    /// Confirmed fraud this tenant has contributed: (when, report body).
    pub reports: fn() -> Vec<(When, serde_json::Value)>,
    pub traffic: Traffic,
}

/// When a demo report happened.
#[derive(Debug, Clone, Copy)]
pub enum When {
    DaysAgo(i64),
    /// In the calendar month this many months back (Japan time).
    MonthsAgo(u32),
}

impl When {
    fn at(self) -> chrono::DateTime<Utc> {
        match self {
            When::DaysAgo(days) => Utc::now() - Duration::days(days),
            When::MonthsAgo(months) => activity::in_month(months),
        }
    }
}

/// One resale ring seen by all three shops under different notations, a deferred-payment
/// non-payer and a card-testing source: enough for lookups to find something.
fn sakura_reports() -> Vec<(When, serde_json::Value)> {
    vec![(
        When::DaysAgo(21),
        json!({
            "category": "chargeback", "amount": 38000, "currency": "JPY", "order_id": "SK-20261105-0042",
            "identifiers": {
                "email": "sato.kenji+sale@example-mail.jp", "phone": "080-1111-2222",
                "address": { "postal_code": "530-0001", "region": "大阪府", "locality": "大阪市北区",
                             "line1": "梅田1丁目2番3号", "line2": "グランドメゾン梅田 1203号室" },
                "card": "4532015112830366", "ip": "203.0.113.45", "device_id": "dev-demo-4f9a", "name": "佐藤 健二"
            }
        }),
    )]
}

fn kitsune_reports() -> Vec<(When, serde_json::Value)> {
    vec![
        (
            When::DaysAgo(9),
            json!({
                "category": "resale", "amount": 52800, "currency": "JPY", "order_id": "KB-88120",
                "identifiers": {
                    "email": "satokenji@example-mail.jp", "phone": "+81 80 1111 2222",
                    "address": { "postal_code": "5300001", "line1": "大阪市北区梅田一丁目二番三号", "line2": "グランドメゾン梅田1203" },
                    "name": "サトウ ケンジ"
                }
            }),
        ),
        (
            When::DaysAgo(40),
            json!({
                "category": "unpaid", "amount": 12800, "currency": "JPY", "order_id": "KB-77031",
                "identifiers": { "phone": "050-3000-1234", "email": "no.pay@throwaway-mail.example",
                                 "address": { "postal_code": "160-0023", "line1": "東京都新宿区西新宿7-10-1", "line2": "ウィークリー西新宿 402" } }
            }),
        ),
    ]
}

fn tanuki_reports() -> Vec<(When, serde_json::Value)> {
    let chargeback = |amount: i64, card: &str, email: &str| {
        json!({
            "category": "chargeback", "amount": amount, "currency": "JPY",
            "identifiers": { "card": card, "email": email, "ip": "198.51.100.77" }
        })
    };
    vec![
        (
            When::DaysAgo(3),
            json!({
                "category": "card_testing", "amount": 0, "currency": "JPY",
                "identifiers": { "ip": "198.51.100.77", "device_id": "dev-demo-bot-01", "card": "5425233430109903" }
            }),
        ),
        // Over ¥500,000 two months running, and on course for a third: the exposure warning.
        (
            When::MonthsAgo(2),
            chargeback(
                398_000,
                "4716108394713562",
                "gadget.buyer1@throwaway-mail.example",
            ),
        ),
        (
            When::MonthsAgo(2),
            chargeback(
                242_000,
                "4485040256362155",
                "gadget.buyer2@throwaway-mail.example",
            ),
        ),
        (
            When::MonthsAgo(1),
            chargeback(
                318_000,
                "4929420147138549",
                "gadget.buyer3@throwaway-mail.example",
            ),
        ),
        (
            When::MonthsAgo(1),
            chargeback(
                244_000,
                "4556737586899855",
                "gadget.buyer4@throwaway-mail.example",
            ),
        ),
        (
            When::MonthsAgo(0),
            chargeback(
                326_000,
                "4532015112830366",
                "gadget.buyer5@throwaway-mail.example",
            ),
        ),
    ]
}

pub const TENANTS: &[DemoTenant] = &[
    DemoTenant {
        name: "さくらマート (Sakura Mart)",
        slug: "sakura-mart",
        reports: sakura_reports,
        traffic: Traffic {
            seed: 0.11,
            order_prefix: "SK",
            orders_per_day: 40,
            attempts_per_day: 60,
            approval_before: 0.902,
            approval_after: 0.908,
            adopted_days_ago: 60,
            foreign_days_ago: 30,
            approval_foreign: 0.93,
        },
    },
    DemoTenant {
        name: "きつね書房 (Kitsune Books)",
        slug: "kitsune-books",
        reports: kitsune_reports,
        traffic: Traffic {
            seed: 0.22,
            order_prefix: "KB",
            orders_per_day: 15,
            attempts_per_day: 20,
            approval_before: 0.93,
            approval_after: 0.93,
            adopted_days_ago: 90,
            foreign_days_ago: 0,
            approval_foreign: 0.9,
        },
    },
    DemoTenant {
        name: "たぬき電機 (Tanuki Electronics)",
        slug: "tanuki-electronics",
        reports: tanuki_reports,
        traffic: Traffic {
            seed: 0.33,
            order_prefix: "TE",
            orders_per_day: 25,
            attempts_per_day: 35,
            approval_before: 0.86,
            approval_after: 0.87,
            adopted_days_ago: 20,
            foreign_days_ago: 0,
            approval_foreign: 0.9,
        },
    },
];

/// The demo tenant's fixed API key.
pub fn demo_key(tenant: &DemoTenant) -> String {
    let digest = Sha256::digest(format!("sekisho-demo:{}", tenant.slug).as_bytes());
    format!("sk_live_demo{}", &hex::encode(digest)[..40])
}

/// The demo tenant's fixed test-mode key (docs/TESTING.md).
pub fn demo_test_key(tenant: &DemoTenant) -> String {
    let digest = Sha256::digest(format!("sekisho-demo-test:{}", tenant.slug).as_bytes());
    format!("sk_test_demo{}", &hex::encode(digest)[..40])
}

pub fn staff_email(role: Role, tenant: &DemoTenant) -> String {
    format!("{}@{}.example", role.as_str(), tenant.slug)
}

/// Loads the demo data set unless it is there already.
pub async fn load(pool: &Pool, settings: &sekisho_api::ApiSettings) -> anyhow::Result<()> {
    let key = &settings.consortium.key;
    let existing: Vec<String> = crate::accounts::list_tenants(pool)
        .await?
        .into_iter()
        .map(|tenant| tenant.name)
        .collect();
    for tenant in TENANTS {
        if existing.iter().any(|name| name == tenant.name) {
            continue;
        }
        load_tenant(pool, settings, key, tenant).await?;
        tracing::info!(tenant = tenant.name, "demo tenant loaded");
    }
    Ok(())
}

async fn load_tenant(
    pool: &Pool,
    settings: &sekisho_api::ApiSettings,
    key: &ConsortiumKey,
    demo: &DemoTenant,
) -> anyhow::Result<Tenant> {
    let name = DisplayName::parse(demo.name).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut staff = Vec::new();
    for role in Role::ALL.iter().copied() {
        staff.push(
            StaffMember::prepare(&staff_email(role, demo), DEMO_PASSWORD, role)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        );
    }
    let api_key = demo_key(demo);
    let key_hash: [u8; 32] = Sha256::digest(api_key.as_bytes()).into();
    let test_key = demo_test_key(demo);
    let test_key_hash: [u8; 32] = Sha256::digest(test_key.as_bytes()).into();
    let mut conn = pool::get(pool).await?;
    let (tenant, reviewer) =
        tenancy::in_platform::<_, ServiceError, _, _>(&mut conn, async |conn| {
            let tenant = onboarding::create_tenant(conn, &name, "demo").await?;
            let mut reviewer = String::new();
            for user in &staff {
                let created = staff::add(conn, tenant.id, user, "demo").await?;
                if created.role == Role::Reviewer.as_str() {
                    reviewer = format!("user:{}", created.id);
                }
            }
            // Fixed keys (derived from the tenant's slug, so that the printed demo keys never
            // change), so not issued through onboarding's random secrets.
            for (name, key, hash, livemode) in [
                ("demo checkout", &api_key, &key_hash, true),
                (
                    "demo checkout (test mode)",
                    &test_key,
                    &test_key_hash,
                    false,
                ),
            ] {
                ApiKey::create(
                    conn,
                    &NewApiKey {
                        tenant_id: tenant.id,
                        id: Uuid::now_v7(),
                        name,
                        prefix: &key[..16],
                        secret_hash: hash,
                        created_by: "demo",
                        livemode,
                    },
                )
                .await?;
            }
            Ok((tenant, reviewer))
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    file_reports(&mut conn, key, tenant.id, demo).await?;
    activity::load(&mut conn, tenant.id, &reviewer, &demo.traffic)
        .await
        .map_err(|e| anyhow::anyhow!("demo activity: {e}"))?;
    drop(conn);
    stories::load(pool, settings, tenant.id, &reviewer).await?;
    Ok(tenant)
}

async fn file_reports(
    conn: &mut AsyncPgConnection,
    key: &ConsortiumKey,
    tenant_id: Uuid,
    demo: &DemoTenant,
) -> anyhow::Result<()> {
    for (index, (when, mut body)) in (demo.reports)().into_iter().enumerate() {
        body["occurred_at"] = json!(when.at());
        let request: CreateFraudReport = serde_json::from_value(body)?;
        let (report, parsed) = fraud_reports::prepare(
            &request,
            tenant_id,
            "demo".to_owned(),
            Some(format!("demo-{index}")),
        )
        .map_err(|e| anyhow::anyhow!("demo report: {e}"))?;
        let candidates = candidates(key, &parsed);
        // Loaded before the server starts: its filter is built from the database.
        let unused = sekisho_service::consortium_filter::ConsortiumFilter::new();
        tenancy::in_tenant::<_, sekisho_service::ServiceError, _, _>(
            &mut *conn,
            tenant_id,
            async |conn| file(conn, &unused, &report, candidates).await,
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo report: {e}"))?;
    }
    Ok(())
}

/// What `serve --demo` prints so that a newcomer can sign in at once.
pub fn logins(base_url: &str, admin_email: &str) -> String {
    let mut out = format!(
        "\nSekisho demo is up at {base_url}\n  API docs:        {base_url}/docs/\n  \
         Platform admin:  {admin_email} / {DEMO_PASSWORD}\n"
    );
    for tenant in TENANTS {
        out.push_str(&format!("  {}\n", tenant.name));
        for role in Role::ALL.iter().copied() {
            out.push_str(&format!(
                "    {:<9} {} / {DEMO_PASSWORD}\n",
                role.as_str(),
                staff_email(role, tenant)
            ));
        }
        out.push_str(&format!("    API key   {}\n", demo_key(tenant)));
        out.push_str(&format!("    test key  {}\n", demo_test_key(tenant)));
    }
    out
}
