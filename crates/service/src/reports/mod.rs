//! Consortium reports: filing and retracting them (`filing`, every filing path comes through
//! `filing::file`), and the reports an order's outcome or review files on its own
//! (`from_orders`).

pub mod bulk;
pub mod filing;
pub mod from_orders;
