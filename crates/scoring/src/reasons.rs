//! The reason-code catalogue, declared once in `sekisho_domain::reasons` (so that the store can
//! read reasons back typed) and re-exported here, where the scoring core gives them.

pub use sekisho_domain::reasons::{Reason, ReasonCode, documented_rows};
