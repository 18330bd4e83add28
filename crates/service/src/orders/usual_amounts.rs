//! The tenants' usual order values, cached per process for a few minutes: a median over 90 days
//! moves slowly, and recomputing it for every order would cost a scan per request.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

type Usual = Option<(i64, i64)>;

#[derive(Debug, Default)]
pub struct UsualAmounts {
    entries: Mutex<HashMap<(Uuid, String), (Instant, Usual)>>,
}

impl UsualAmounts {
    /// The cached value if it is younger than `ttl`; `None` when it must be read again.
    pub fn get(&self, tenant_id: Uuid, currency: &str, ttl: Duration) -> Option<Usual> {
        let entries = self.entries.lock().ok()?;
        let (at, usual) = entries.get(&(tenant_id, currency.to_owned()))?;
        (at.elapsed() < ttl).then_some(*usual)
    }

    pub fn put(&self, tenant_id: Uuid, currency: &str, usual: Usual) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert((tenant_id, currency.to_owned()), (Instant::now(), usual));
        }
    }
}
