//! Order scoring as the API does it: the request as merchants send it (`request`), the facts
//! gathered from PostgreSQL for it (`facts`), the tenant's policy (`policy`), and what follows a
//! decision: reviews and outcomes that become consortium reports (`reporting`).

pub mod facts;
pub mod policy;
pub mod prepare;
pub mod reporting;
pub mod usual_amounts;

/// The request types live with the flows (`sekisho_service::orders::request`).
pub use sekisho_service::orders::request;
