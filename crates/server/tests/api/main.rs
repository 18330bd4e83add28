//! End-to-end tests of the API: real HTTP against the real application on a real port, over a
//! fresh PostgreSQL database per test. One test binary, so that it links once.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod addresses;
mod admin;
mod analytics;
mod auth;
mod cache;
mod cli;
mod consortium;
mod device_tag;
mod errors;
mod import;
mod isolation;
mod logins;
mod migrations;
mod orders;
mod payments;
mod privacy;
mod replicas;
mod system;
mod webhooks;
