//! Sekisho's use cases, between the HTTP interface (`sekisho-api`) and the store.
//!
//! One module per flow; each flow is a function from a typed command to a typed result that
//! owns its transaction (entered through `sekisho_store::tenancy`, the only way to one). Every
//! entry point — the HTTP handlers, the importer, jobs — calls these functions, so that every
//! write path does the same things. Nothing here knows HTTP: errors are [`ServiceError`], which
//! the HTTP layer maps to its error table, and retries are made safe by [`idempotency`], which
//! stores the caller's serialised answer in the flow's own transaction.

pub mod alerts;
pub mod api_key_secrets;
pub mod batches;
pub mod caches;
pub mod consortium;
pub mod consortium_filter;
pub mod customer_data;
pub mod disposable_email;
pub mod error;
pub mod idempotency;
pub mod lines;
pub mod lists;
pub mod logins;
pub mod notification_session;
pub mod onboarding;
pub mod orders;
pub mod passwords;
pub mod payments;
pub mod platform_reads;
pub mod reference_lists;
pub mod reports;
pub mod test_mode;
pub mod webhook_events;
pub mod webhooks;

pub use error::{FieldError, FieldErrors, ServiceError};
