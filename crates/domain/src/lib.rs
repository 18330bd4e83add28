//! Sekisho's business vocabulary, free of I/O: who may do what (roles), the values accounts are
//! made of, and (in `identifiers`) the normalisation that turns every notation of a customer's
//! address, phone, email, IP, card, device or name into one canonical key.
//!
//! Values here are newtypes built only through `parse`, so an invalid one cannot exist.

pub mod account;
pub mod identifiers;
pub mod money;
pub mod role;

pub use account::{AccountEmail, DisplayName, Password, ValueError};
pub use money::Money;
pub use role::Role;
