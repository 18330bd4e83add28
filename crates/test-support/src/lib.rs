//! The test harness: one private PostgreSQL cluster shared by every test process of a run (and
//! kept for the next run), a template database migrated once per migration set, a fresh database
//! per test cloned from it and dropped afterwards, and the real application on a real port.

mod cards;
mod cluster;
mod database;
mod http;

pub use cards::luhn_completed;
pub use cluster::shared_cluster;
pub use database::TestDatabase;
pub use http::{
    ADMIN_EMAIL, PASSWORD, Staff, TEST_CONSORTIUM_KEY, TEST_CONSORTIUM_KEY_HEX,
    TEST_CUSTOMER_DATA_KEY, TEST_CUSTOMER_DATA_KEY_HEX, TEST_JWT_SECRET, TestApp, TestTenant,
    error_code,
};
