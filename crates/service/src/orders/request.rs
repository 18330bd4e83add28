//! `POST /v1/orders/score` as a checkout sends it (DESIGN §4).

use chrono::{DateTime, Utc};
use sekisho_domain::identifiers::CardDetails;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The merchant's own account id for the customer.
    pub account_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
    /// The name's reading in kana (フリガナ).
    pub name_kana: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// ISO 3166-1 alpha-2; JP when absent.
    pub country: Option<String>,
    pub postal_code: Option<String>,
    /// Prefecture, state or province.
    pub region: Option<String>,
    pub locality: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Device {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The device tag's token, or the merchant's own device id.
    pub device_id: Option<String>,
    pub accept_language: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub sku: Option<String>,
    pub name: Option<String>,
    pub quantity: i64,
    #[schema(value_type = f64)]
    pub unit_price: Option<serde_json::Number>,
    /// e.g. `game_console`, `gift_card`, `books`.
    pub category: Option<String>,
}

pub use sekisho_domain::ThreeDsStatus;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreeDs {
    pub status: ThreeDsStatus,
    /// `frictionless` or `challenge`.
    pub flow: Option<String>,
    pub eci: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreOrderRequest {
    /// The merchant's order id; scoring it again re-scores the same order.
    pub order_id: String,
    /// When the order was placed (default: now).
    pub ordered_at: Option<DateTime<Utc>>,
    #[schema(value_type = f64, example = 12800)]
    pub amount: serde_json::Number,
    #[schema(example = "JPY")]
    pub currency: String,
    /// `card`, `deferred` (後払い), `bank_transfer`, `convenience_store`, `cod`, `carrier`,
    /// `wallet`, `other`.
    pub payment_method: String,
    #[serde(default)]
    pub customer: Customer,
    pub billing_address: Option<Address>,
    pub shipping_address: Option<Address>,
    /// The same card object as payment attempts, fraud reports and lookups take.
    pub card: Option<CardDetails>,
    #[serde(default)]
    pub device: Device,
    #[serde(default)]
    pub items: Vec<Item>,
    pub three_ds: Option<ThreeDs>,
}

pub const PAYMENT_METHODS: &[&str] = &[
    "card",
    "deferred",
    "bank_transfer",
    "convenience_store",
    "cod",
    "carrier",
    "wallet",
    "other",
];
