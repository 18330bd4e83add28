//! What the API gathered about an order (its facts), and the service settings that weigh
//! them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use sekisho_domain::identifiers::IdentifierKind;

use crate::attacks::AttackAlert;
use crate::consortium::KindMatch;
use crate::reasons::Reason;

/// Velocity counts, each including the order being scored. The name (`cards_per_ip_1h`) is
/// the signal's (`velocity.cards_per_ip_1h`) and the velocity query's.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
pub enum Velocity {
    #[strum(serialize = "cards_per_ip_1h")]
    CardsPerIp1h,
    #[strum(serialize = "cards_per_ip_24h")]
    CardsPerIp24h,
    #[strum(serialize = "cards_per_device_1h")]
    CardsPerDevice1h,
    #[strum(serialize = "cards_per_device_24h")]
    CardsPerDevice24h,
    #[strum(serialize = "orders_per_card_1h")]
    OrdersPerCard1h,
    #[strum(serialize = "orders_per_card_24h")]
    OrdersPerCard24h,
    #[strum(serialize = "orders_per_account_1h")]
    OrdersPerAccount1h,
    #[strum(serialize = "orders_per_account_24h")]
    OrdersPerAccount24h,
    #[strum(serialize = "names_per_address_24h")]
    NamesPerAddress24h,
    #[strum(serialize = "names_per_address_30d")]
    NamesPerAddress30d,
    #[strum(serialize = "accounts_per_address_30d")]
    AccountsPerAddress30d,
    #[strum(serialize = "cards_per_address_30d")]
    CardsPerAddress30d,
}

sekisho_domain::vocabulary!(Velocity);

impl Velocity {
    /// The metric's name, as signals and the velocity query carry it.
    pub fn name(self) -> &'static str {
        self.as_str()
    }
}

#[derive(Debug, Clone, Default)]
pub struct CardFacts {
    pub bin: String,
    pub brand: String,
    pub issuer_country: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct IpFacts {
    pub tags: Vec<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct OrderFacts {
    pub amount_minor: i64,
    pub currency: String,
    pub payment_method: String,
    /// The tenant's median order in this currency (its latest 10,000 within 90 days), with how
    /// many orders it is of.
    pub usual_amount: Option<(i64, i64)>,
    pub categories: Vec<String>,
    pub max_quantity: i64,
    pub consortium: Vec<KindMatch>,
    pub blocklisted: Vec<IdentifierKind>,
    pub allowlisted: Vec<IdentifierKind>,
    pub velocity: Vec<(Velocity, i64)>,
    pub ip: Option<IpFacts>,
    pub card: Option<CardFacts>,
    /// `vacant_room`, `forwarder`.
    pub address_lists: Vec<String>,
    /// `Some(None)`: a phone was given but is invalid; `Some(Some(type))`: its type.
    pub phone_type: Option<Option<String>>,
    pub email_domain: Option<String>,
    pub disposable_email: bool,
    pub name_kana_mismatch: bool,
    pub billing_country: Option<String>,
    pub shipping_country: Option<String>,
    pub shipping_differs: bool,
    /// authenticated | attempted | failed | not_enrolled | challenge_passed | unavailable
    pub three_ds_status: Option<String>,
    pub device_automation: bool,
    /// Alerts in force (card testing, login attacks) for the order's IP, network, device,
    /// account or BIN.
    pub attack_alerts: Vec<AttackAlert>,
    /// Reasons found elsewhere (external checks), appended as they are.
    pub extra_reasons: Vec<Reason>,
}

/// Where the order signals cross from normal to suspicious; tenants tune them with rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OrderSettings {
    pub home_country: String,
    pub cards_per_ip_1h: i64,
    pub cards_per_device_1h: i64,
    pub orders_per_card_1h: i64,
    pub orders_per_account_1h: i64,
    pub names_per_address_30d: i64,
    pub accounts_per_address_30d: i64,
    pub cards_per_address_30d: i64,
    /// Flag an order above this multiple of the usual order...
    pub unusual_amount_ratio: f64,
    /// ...once the tenant has at least this many orders in the currency.
    pub usual_amount_min_orders: i64,
    pub high_quantity: i64,
    pub risky_categories: Vec<String>,
}

impl Default for OrderSettings {
    fn default() -> Self {
        Self {
            home_country: "JP".into(),
            cards_per_ip_1h: 3,
            cards_per_device_1h: 3,
            orders_per_card_1h: 5,
            orders_per_account_1h: 5,
            names_per_address_30d: 3,
            accounts_per_address_30d: 3,
            cards_per_address_30d: 3,
            unusual_amount_ratio: 5.0,
            usual_amount_min_orders: 20,
            high_quantity: 5,
            risky_categories: [
                "gift_card",
                "prepaid_card",
                "game_console",
                "trading_card",
                "smartphone",
                "luxury",
                "ticket",
                "sneakers",
                "cosmetics",
                "electronics",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        }
    }
}
