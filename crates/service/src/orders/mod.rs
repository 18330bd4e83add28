//! Order flows: the request as merchants send it (`request`), validated and normalised
//! (`prepare`), the facts gathered from PostgreSQL for it (`facts`), the tenant's policy
//! (`policy`), the alerts of other channels that orders and payments read (`alerts`), and the
//! scoring flow itself (`scoring`).

pub mod alerts;
pub mod customer;
pub mod facts;
pub mod group_commit;
pub mod outcomes;
pub mod policy;
pub mod prepare;
pub mod related;
pub mod request;
pub mod review;
pub mod scoring;
pub mod search;
pub mod usual_amounts;
pub mod velocity_reads;
pub mod view;
