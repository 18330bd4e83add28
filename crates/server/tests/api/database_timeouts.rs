//! A database that stops answering: every request still answers, 503 within the deadline, and
//! the service comes back by itself when the database does. Before the bounded waits, with a
//! warm pool and the database frozen, 6 of 6 requests got no answer within 60 s.

use std::time::{Duration, Instant};

use sekisho_store::PoolOptions;
use sekisho_test_support::{TestApp, TestDatabase, error_code};

use crate::private_cluster::PrivateCluster;

const DEADLINE: Duration = Duration::from_millis(2_000);
/// Scheduling on a shared 2-core machine; the deadline itself is what is being tested.
const SLACK: Duration = Duration::from_millis(1_500);

#[tokio::test]
async fn a_frozen_database_gives_503_within_the_deadline_and_the_service_resumes() {
    let private = PrivateCluster::start("freeze").await;
    let database = TestDatabase::in_cluster(&private.cluster, "").await;
    let pool = PoolOptions {
        max_size: 4,
        wait_timeout: Duration::from_millis(500),
        statement_timeout: Duration::from_millis(1_000),
        connect_timeout: Duration::from_millis(1_000),
    };
    let app = TestApp::spawn_with_pool(database, &pool, |settings| {
        settings.request_timeout = DEADLINE;
    })
    .await;
    let admin = app.admin_token().await;
    // Warm: the pool holds open connections to the soon-frozen server.
    for _ in 0..4 {
        assert_eq!(app.get("/admin/v1/tenants", &admin).await.status(), 200);
    }
    assert_eq!(app.get("/readyz", "").await.status(), 200);

    let frozen = private.freeze();
    let started = Instant::now();
    let requests = (0..6).map(|n| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let started = Instant::now();
            let response = if n == 0 {
                app.get("/readyz", "").await
            } else {
                app.get("/admin/v1/tenants", &admin).await
            };
            (response, started.elapsed())
        }
    });
    let answers = futures_util::future::join_all(requests).await;
    for (response, took) in answers {
        assert_eq!(response.status(), 503, "answered after {took:?}");
        assert!(took <= DEADLINE + SLACK, "took {took:?}");
        assert_eq!(error_code(response).await, "database_unavailable");
    }
    eprintln!(
        "6 requests against a frozen database answered within {:?}",
        started.elapsed()
    );

    frozen.thaw();
    let resumed = Instant::now();
    loop {
        let ok = app.get("/admin/v1/tenants", &admin).await.status() == 200
            && app.get("/readyz", "").await.status() == 200;
        if ok {
            break;
        }
        assert!(
            resumed.elapsed() < Duration::from_secs(20),
            "the service did not resume by itself"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("resumed {:?} after the database", resumed.elapsed());
    drop(app);
}
