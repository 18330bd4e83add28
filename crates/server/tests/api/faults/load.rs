//! The load loop: workers writing orders, reports, attempts and outcomes, and the log of what
//! each request got back.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Write {
    Order,
    Report,
    Attempt,
    Outcome,
}

/// One request of the load loop: what it was, when, how long it took and what came back
/// (status 0: no answer within the client's timeout, or no connection).
#[derive(Debug, Clone)]
pub(super) struct Sent {
    pub(super) write: Write,
    pub(super) at: Duration,
    pub(super) took: Duration,
    pub(super) status: u16,
    /// The id the acknowledgement carried (Sekisho's order id for orders and outcomes).
    pub(super) id: Option<String>,
}

pub(super) struct Load {
    pub(super) stop: Arc<AtomicBool>,
    pub(super) log: Arc<Mutex<Vec<Sent>>>,
    pub(super) epoch: Instant,
    pub(super) tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    pub(super) fn start(base: &str, key: &str) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let epoch = Instant::now();
        let client = reqwest::Client::builder()
            .timeout(CLIENT_TIMEOUT)
            // Below the server's 5 s keep-alive, so that an idle connection the server is
            // closing is never picked for the next request (a client-side race, not a failure).
            .pool_idle_timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let tasks = (0..WORKERS)
            .map(|worker| {
                let (stop, log, client) = (stop.clone(), log.clone(), client.clone());
                let (base, key) = (base.to_owned(), key.to_owned());
                tokio::spawn(async move {
                    let mut acked_orders: Vec<String> = Vec::new();
                    for n in 0..MAX_REQUESTS_PER_WORKER {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let write = match (n % 4, acked_orders.last()) {
                            (0, _) | (3, None) => Write::Order,
                            (1, _) => Write::Report,
                            (2, _) => Write::Attempt,
                            _ => Write::Outcome,
                        };
                        let (path, body) = request(write, worker, n, acked_orders.last());
                        let started = Instant::now();
                        let response = client
                            .post(format!("{base}{path}"))
                            .bearer_auth(&key)
                            .json(&body)
                            .send()
                            .await;
                        let (status, answer) = match response {
                            Ok(response) => {
                                let status = response.status().as_u16();
                                (
                                    status,
                                    response.json::<Value>().await.unwrap_or(Value::Null),
                                )
                            }
                            Err(_) => (0, Value::Null),
                        };
                        let id = match write {
                            Write::Order | Write::Outcome => answer["order_id"]
                                .as_str()
                                .or(answer["order"]["order_id"].as_str()),
                            Write::Report | Write::Attempt => answer["id"].as_str(),
                        }
                        .map(str::to_owned);
                        if write == Write::Order && (200..300).contains(&status) {
                            acked_orders.extend(id.clone());
                        }
                        log.lock().unwrap().push(Sent {
                            write,
                            at: started - epoch,
                            took: started.elapsed(),
                            status,
                            id,
                        });
                        // Bounded rate: failing fast must not become a busy loop.
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                })
            })
            .collect();
        Load {
            stop,
            log,
            epoch,
            tasks,
        }
    }

    pub(super) fn now(&self) -> Duration {
        self.epoch.elapsed()
    }

    pub(super) fn between(&self, from: Duration, to: Duration) -> Vec<Sent> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.at >= from && s.at < to)
            .cloned()
            .collect()
    }

    pub(super) async fn finish(self) -> Vec<Sent> {
        self.stop.store(true, Ordering::Relaxed);
        for task in self.tasks {
            task.await.unwrap();
        }
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

pub(super) fn request(
    write: Write,
    worker: usize,
    n: usize,
    order: Option<&String>,
) -> (String, Value) {
    let customer =
        json!({ "account_id": format!("fault-{worker}"), "email": EMAIL, "phone": PHONE });
    match write {
        Write::Order => (
            "/v1/orders/score".to_owned(),
            json!({ "order_id": format!("F-{worker}-{n}"), "amount": 1000 + n, "currency": "JPY",
                    "payment_method": "card", "customer": customer,
                    "card": { "number": CARD }, "device": { "ip": "203.0.113.50" } }),
        ),
        Write::Report => (
            "/v1/fraud-reports".to_owned(),
            json!({ "category": "chargeback", "amount": 5000 + n, "currency": "JPY",
                    "occurred_at": "2026-11-01T00:00:00Z",
                    "identifiers": { "card": CARD, "email": EMAIL, "phone": PHONE } }),
        ),
        Write::Attempt => (
            "/v1/payments/attempts".to_owned(),
            json!({ "card": { "number": CARD }, "amount": 300 + n, "currency": "JPY",
                    "result": "approved", "ip": "203.0.113.51" }),
        ),
        Write::Outcome => (
            format!(
                "/v1/orders/{}/outcomes",
                order.map_or("none", String::as_str)
            ),
            json!({ "type": "authorization", "result": "approved" }),
        ),
    }
}

/// The load's log from `from` on, once it holds `count` acknowledgements (at most 60 s).
pub(super) async fn acknowledged_from(load: &Load, from: Duration, count: usize) -> Vec<Sent> {
    let started = Instant::now();
    loop {
        let window = load.between(from, load.now());
        let acked = window
            .iter()
            .filter(|s| (200..300).contains(&s.status))
            .count();
        if acked >= count || started.elapsed() > Duration::from_secs(60) {
            return window;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
