//! Consortium reports: filing and retracting them (`filing`, every filing path comes through
//! `filing::file`), the reports an order's outcome or review files on its own (`from_orders`),
//! and the import's lines (`rows`) filed in batches (`bulk`).

pub mod bulk;
pub mod filing;
pub mod from_orders;
pub mod rows;
