//! Webhook delivery. The flows write events as pending deliveries in the transaction that causes
//! them (`sekisho_service::webhook_events`); the [`Dispatcher`] sends them afterwards, signed
//! with the endpoint's secret ([`signature`]), retried with backoff and logged for the tenant to
//! read. [`endpoint_url`] decides which addresses may be called. See docs/WEBHOOKS.md.

pub mod dispatcher;
pub mod endpoint_url;
pub mod settings;
pub mod signature;

pub use dispatcher::Dispatcher;
pub use settings::WebhookSettings;
