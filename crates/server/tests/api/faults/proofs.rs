//! What a run must show: fast failure during the outage, recovery after it, every acknowledged
//! write durable, and no personal data in any log or dump.

use super::*;

/// During an outage every request is answered, with 503, within `bound`.
pub(super) fn assert_fails_fast(window: &[Sent], what: &str, bound: Duration) {
    assert!(
        window.len() >= WORKERS,
        "too few requests during the {what}: {}",
        window.len()
    );
    let slow: Vec<_> = window.iter().filter(|s| s.took > bound).collect();
    assert!(
        slow.is_empty(),
        "{} of {} requests took longer than {bound:?} during the {what}: {:?}",
        slow.len(),
        window.len(),
        slow.iter().take(5).collect::<Vec<_>>()
    );
    let wrong: Vec<_> = window
        .iter()
        .filter(|s| s.status != 503 && !(200..300).contains(&s.status))
        .collect();
    assert!(
        wrong.is_empty(),
        "during the {what} requests must get 503 (or succeed), got: {:?}",
        wrong.iter().take(5).collect::<Vec<_>>()
    );
    assert!(
        window.iter().filter(|s| s.status == 503).count() >= WORKERS,
        "the {what} was not noticed: {window:?}"
    );
}

pub(super) fn assert_resumed(window: &[Sent], what: &str) {
    let ok = window
        .iter()
        .filter(|s| (200..300).contains(&s.status))
        .count();
    let failed: Vec<_> = window
        .iter()
        .filter(|s| !(200..300).contains(&s.status))
        .take(10)
        .collect();
    assert!(
        ok >= 20,
        "only {ok} acknowledged after the {what}: {failed:?}"
    );
    assert!(
        failed.is_empty(),
        "failures after the {what} recovered: {failed:?}"
    );
}

#[derive(diesel::QueryableByName)]
pub(super) struct Count {
    #[diesel(sql_type = Int8)]
    pub(super) n: i64,
}

/// Every acknowledged write is in the database; returns how many were checked.
pub(super) async fn assert_durable(cluster: &PrivateCluster, log: &[Sent]) -> usize {
    use diesel_async::RunQueryDsl;
    let mut conn = AsyncPgConnection::establish(&cluster.superuser_url("sekisho"))
        .await
        .unwrap();
    let mut checked = 0;
    for (write, sql) in [
        (
            Write::Order,
            "SELECT count(*) AS n FROM orders WHERE id = ANY",
        ),
        (
            Write::Report,
            "SELECT count(*) AS n FROM fraud_reports WHERE id = ANY",
        ),
        (
            Write::Attempt,
            "SELECT count(*) AS n FROM payment_attempts WHERE id = ANY",
        ),
        (
            Write::Outcome,
            "SELECT count(*) AS n FROM orders WHERE authorization_result IS NOT NULL AND id = ANY",
        ),
    ] {
        let mut ids: Vec<String> = log
            .iter()
            .filter(|s| s.write == write && (200..300).contains(&s.status))
            .map(|s| s.id.clone().expect("an acknowledgement carries its id"))
            .collect();
        ids.sort();
        ids.dedup();
        assert!(!ids.is_empty(), "no {write:?} was acknowledged at all");
        for id in &ids {
            uuid::Uuid::parse_str(id).expect("ids are UUIDs");
        }
        let array = format!("('{{{}}}'::uuid[])", ids.join(","));
        let found = diesel::sql_query(format!("{sql} {array}"))
            .get_result::<Count>(&mut conn)
            .await
            .unwrap()
            .n;
        assert_eq!(
            found,
            ids.len() as i64,
            "acknowledged {write:?}s missing after the faults"
        );
        checked += ids.len();
    }
    checked
}

pub(super) fn pg_dump(cluster: &PrivateCluster) -> String {
    let bin = sekisho_embedded_pg::locate_binaries(None)
        .ok()
        .map(|dir| dir.join("pg_dump"))
        .filter(|path| path.is_file())
        .unwrap_or_else(|| "pg_dump".into());
    let output = Command::new(bin)
        .arg("--data-only")
        .arg(cluster.superuser_url("sekisho"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// No card number, email or phone the load sent is in the server's log, PostgreSQL's log or a
/// dump of the database.
pub(super) fn assert_private(server_log: &str, cluster: &PrivateCluster) {
    let dump = pg_dump(cluster);
    let pg_log = cluster.log();
    assert!(
        server_log.contains("sekisho listening"),
        "the server's own log"
    );
    assert!(
        dump.contains("COPY public.orders"),
        "a dump with the orders"
    );
    let digits: String = PHONE.chars().filter(char::is_ascii_digit).collect();
    for secret in [
        CARD,
        EMAIL,
        "fault.proof.5521",
        PHONE,
        digits.as_str(),
        "+819055210147",
    ] {
        for (name, text) in [
            ("server log", server_log),
            ("PostgreSQL log", &pg_log),
            ("pg_dump", &dump),
        ] {
            assert!(
                !text.contains(secret),
                "the {name} contains a value that was sent: {secret}"
            );
        }
    }
}
