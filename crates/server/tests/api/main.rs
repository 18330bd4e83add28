//! End-to-end tests of the API: real HTTP against the real application on a real port, over a
//! fresh PostgreSQL database per test. One test binary, so that it links once.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod activity_lists;
mod addresses;
mod admin;
mod analytics;
mod attempt_counters;
mod auth;
mod cache;
mod card_object;
mod cli;
mod client_address;
mod consortium;
mod consortium_filter;
mod consortium_summaries;
mod counter_partitions;
mod customer_data;
mod database_timeouts;
mod database_tls;
mod device_tag;
mod docs_examples;
mod errors;
mod faults;
mod history_tables;
mod idempotency;
mod import;
mod input;
mod isolation;
mod limits;
mod list_entries;
mod logged_server;
mod logins;
mod migrations;
mod order_partitions;
mod order_search;
mod orders;
mod pagination;
mod partitions;
mod payments;
mod policy;
mod privacy;
mod private_cluster;
mod read_database;
mod redaction;
mod reference_lists;
mod related_orders;
mod replicas;
mod review_undo;
mod roles;
mod scenarios;
mod schema_rules;
mod sessions;
mod stored_vocabularies;
mod system;
mod team;
mod tenant_isolation;
mod tenant_retention;
mod test_mode;
mod tuning;
mod velocity_counters;
mod webhook_events;
mod webhooks;
mod webhooks_listen;
