//! Order flows: the request as merchants send it (`request`) and the alerts of other channels
//! that orders and payments read (`alerts`).

pub mod alerts;
pub mod request;
