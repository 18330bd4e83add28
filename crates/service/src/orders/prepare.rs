//! A score request checked and normalised before any database work: every field validated at
//! once (422 with the request's own field paths), identifiers normalised, the phone's type, the
//! name/kana check, items and a masked summary for the dashboard.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sekisho_domain::Money;
use sekisho_domain::customer_data::{CustomerAddress, CustomerRecord};
use sekisho_domain::identifiers::masked::mask_phone;
use sekisho_domain::identifiers::{
    AddressKeys, NormalizedPhone, ParsedIdentifiers, RawAddress, RawCard, RawIdentifiers,
    name::is_kana_only,
};
use serde_json::json;

use crate::orders::request::{Address, PAYMENT_METHODS, ScoreOrderRequest};
use crate::{FieldError, FieldErrors, ServiceError};

/// A request checked and normalised, before any database work.
pub struct PreparedOrder {
    pub money: Money,
    pub ordered_at: DateTime<Utc>,
    pub payment_method: String,
    pub account_id: Option<String>,
    pub parsed: ParsedIdentifiers,
    /// `None`: no phone; `Some(None)`: invalid; `Some(Some(type))`.
    pub phone: Option<Option<NormalizedPhone>>,
    pub billing_keys: Option<AddressKeys>,
    pub shipping_keys: Option<AddressKeys>,
    pub billing_country: Option<String>,
    pub shipping_country: Option<String>,
    pub name_kana_mismatch: bool,
    pub categories: Vec<String>,
    pub max_quantity: i64,
    pub card_bin: Option<String>,
    pub three_ds: Option<String>,
    pub summary: serde_json::Value,
    /// The customer as sent, for the tenant's own reviewers (sealed before it is stored).
    pub customer: CustomerRecord,
    /// The checkout's user agent is an automation tool (curl, HeadlessChrome, …).
    pub automation_user_agent: bool,
}

fn raw_address(address: &Address) -> RawAddress {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    RawAddress {
        country: text(&address.country),
        postal_code: text(&address.postal_code),
        region: text(&address.region),
        locality: text(&address.locality),
        line1: text(&address.line1),
        line2: text(&address.line2),
        level: Default::default(),
    }
}

fn country(address: &Address) -> String {
    address
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .unwrap_or("JP")
        .to_ascii_uppercase()
}

fn kept(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn customer_address(address: &Address) -> Option<CustomerAddress> {
    let kept = CustomerAddress {
        country: kept(&address.country),
        postal_code: kept(&address.postal_code),
        region: kept(&address.region),
        locality: kept(&address.locality),
        line1: kept(&address.line1),
        line2: kept(&address.line2),
        name: kept(&address.name),
        phone: kept(&address.phone),
    };
    (kept != CustomerAddress::default()).then_some(kept)
}

/// The customer's own data as the checkout sent it (never the card).
fn customer_record(request: &ScoreOrderRequest) -> CustomerRecord {
    CustomerRecord {
        name: kept(&request.customer.name),
        name_kana: kept(&request.customer.name_kana),
        email: kept(&request.customer.email),
        phone: kept(&request.customer.phone),
        billing_address: request.billing_address.as_ref().and_then(customer_address),
        shipping_address: request.shipping_address.as_ref().and_then(customer_address),
    }
}

/// Where an identifier came from in the request, for error paths.
fn request_path(identifier_field: &str) -> String {
    let rest = identifier_field
        .strip_prefix("identifiers.")
        .unwrap_or(identifier_field);
    let (head, tail) = rest.split_once('.').map_or((rest, ""), |(h, t)| (h, t));
    let mapped = match head {
        "email" => "customer.email",
        "name" => "customer.name",
        "address" => "shipping_address",
        "ip" => "device.ip",
        "card" => "card",
        "device_id" => "device.device_id",
        other => other,
    };
    if tail.is_empty() {
        mapped.to_owned()
    } else {
        format!("{mapped}.{tail}")
    }
}

/// Katakana folding of a kana reading; `None` when it is not kana at all.
fn folded_kana(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '・')
        .map(sekisho_domain::identifiers::name::hiragana_to_katakana)
        .collect()
}

/// The reading cannot be checked against kanji without a dictionary, so only what is certain
/// counts: a "reading" that is not kana, or a kana name whose reading differs.
fn name_kana_mismatch(name: Option<&str>, kana: Option<&str>) -> bool {
    let Some(kana) = kana.map(str::trim).filter(|k| !k.is_empty()) else {
        return false;
    };
    let kana_only = |s: &str| is_kana_only(&s.replace([' ', '　', '・'], ""));
    if !kana_only(kana) {
        return true;
    }
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) if kana_only(name) => folded_kana(name) != folded_kana(kana),
        _ => false,
    }
}

pub fn prepare(request: &ScoreOrderRequest) -> Result<PreparedOrder, ServiceError> {
    let mut fields = FieldErrors::default();
    let mut refuse = |field: &str, message: String| {
        fields.add(FieldError {
            field: field.to_owned(),
            message,
        })
    };
    let order_id = request.order_id.trim();
    if order_id.is_empty() || order_id.chars().count() > 200 {
        refuse("order_id", "must have 1 to 200 characters".into());
    }
    let money = Money::parse(&request.amount.to_string(), &request.currency)
        .map_err(|e| refuse("amount", e.0))
        .ok();
    if !PAYMENT_METHODS.contains(&request.payment_method.as_str()) {
        refuse(
            "payment_method",
            format!("must be one of {}", PAYMENT_METHODS.join(", ")),
        );
    }
    for (index, item) in request.items.iter().enumerate() {
        if !(1..=100_000).contains(&item.quantity) {
            refuse(
                &format!("items[{index}].quantity"),
                "must be 1 to 100000".into(),
            );
        }
    }
    let shipping = request.shipping_address.as_ref();
    let billing = request.billing_address.as_ref();
    let raw = RawIdentifiers {
        email: request.customer.email.clone(),
        phone: None,
        address: shipping.or(billing).map(raw_address),
        ip: request.device.ip.clone(),
        card: request.card.clone().map(RawCard::Details),
        device_id: request.device.device_id.clone(),
        name: request
            .customer
            .name
            .clone()
            .or_else(|| shipping.and_then(|a| a.name.clone())),
    };
    let parsed = match raw.parse() {
        Ok(parsed) => Some(parsed),
        Err(errors) => {
            for error in errors {
                refuse(&request_path(&error.field), error.message);
            }
            None
        }
    };
    let billing_keys = match (billing, shipping) {
        (Some(billing), Some(_)) => match raw_address(billing).keys() {
            Ok(keys) => Some(keys),
            Err(error) => {
                refuse(&format!("billing_{}", error.field), error.message);
                None
            }
        },
        _ => None,
    };
    // Checked with the rest of the card (6–8 digits) by `CardDetails::parse`.
    let bin = request
        .card
        .as_ref()
        .and_then(|card| card.bin.as_deref())
        .map(|bin| bin.trim().to_owned());
    let (Some(money), Some(parsed), true) = (money, parsed, fields.is_empty()) else {
        return Err(fields.into_error());
    };

    let phone_raw = request
        .customer
        .phone
        .clone()
        .or_else(|| shipping.and_then(|a| a.phone.clone()));
    let phone = phone_raw.map(|raw| NormalizedPhone::parse(&raw).ok());
    let shipping_keys = parsed.address.clone();
    let shipping_differs = matches!((&billing_keys, &shipping_keys),
        (Some(b), Some(s)) if b.delivery_point != s.delivery_point);
    let card_bin = parsed
        .card
        .as_ref()
        .map(|card| card.bin().to_owned())
        .or(bin.filter(|b| !b.is_empty()));
    let mut categories: BTreeSet<String> = BTreeSet::new();
    for item in &request.items {
        if let Some(category) = &item.category {
            categories.insert(category.trim().to_lowercase());
        }
    }
    let mut summary = serde_json::to_value(parsed.masked()).unwrap_or_default();
    summary["items"] = json!(request.items.iter().map(|item| json!({
        "sku": item.sku, "name": item.name, "quantity": item.quantity, "category": item.category,
    })).collect::<Vec<_>>());
    summary["shipping_differs"] = json!(shipping_differs);
    if let Some(Some(phone)) = &phone {
        summary["phone"] = json!(mask_phone(phone.e164()));
    }
    Ok(PreparedOrder {
        ordered_at: request.ordered_at.unwrap_or_else(Utc::now),
        payment_method: request.payment_method.clone(),
        account_id: request
            .customer
            .account_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned),
        name_kana_mismatch: name_kana_mismatch(
            request.customer.name.as_deref(),
            request.customer.name_kana.as_deref(),
        ),
        billing_country: billing.map(country),
        shipping_country: shipping.map(country),
        max_quantity: request.items.iter().map(|i| i.quantity).max().unwrap_or(0),
        categories: categories.into_iter().collect(),
        automation_user_agent: request.device.user_agent.as_deref().is_some_and(|agent| {
            sekisho_scoring::user_agent::AutomationUserAgents::shared().is_automation(agent)
        }),
        three_ds: request
            .three_ds
            .as_ref()
            .map(|t| t.status.as_str().to_owned()),
        card_bin,
        summary,
        customer: customer_record(request),
        billing_keys,
        shipping_keys,
        phone,
        parsed,
        money,
    })
}
