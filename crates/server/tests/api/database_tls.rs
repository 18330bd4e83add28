//! TLS to PostgreSQL with libpq's `sslmode` and `sslrootcert` honoured, against a private
//! cluster with `ssl = on` and certificates made here (openssl CLI): before, every connection
//! was `NoTls`, so `sslmode=require` could not connect at all.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use diesel::QueryableByName;
use diesel::sql_types::Bool;
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};
use sekisho_store::connect::{DatabaseTarget, TlsMode};
use sekisho_test_support::{TestApp, TestDatabase};

use crate::private_cluster::PrivateCluster;

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the openssl CLI");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A CA, a server certificate it signs for 127.0.0.1 only, and an unrelated CA.
fn make_certificates(dir: &Path) {
    for ca in ["ca", "other-ca"] {
        openssl(
            dir,
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                &format!("/CN=sekisho test {ca}"),
                "-keyout",
                &format!("{ca}.key"),
                "-out",
                &format!("{ca}.crt"),
            ],
        );
    }
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    );
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "server.ext",
            "-out",
            "server.crt",
        ],
    );
}

#[derive(QueryableByName)]
struct Encrypted {
    #[diesel(sql_type = Bool)]
    ssl: bool,
}

/// Whether a session to `url` is encrypted; `None` when it was refused (or failed).
async fn connects_encrypted(url: &str) -> Option<bool> {
    let target = DatabaseTarget::parse(url, Duration::from_secs(10)).ok()?;
    let mut conn = target.establish().await.ok()?;
    let row: Encrypted =
        diesel::sql_query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .get_result(&mut conn)
            .await
            .ok()?;
    Some(row.ssl)
}

#[tokio::test]
async fn sslmode_and_sslrootcert_are_honoured() {
    let private = PrivateCluster::start("tls").await;
    let base = private.cluster.superuser_url("postgres");
    // No TLS on the server yet: require must refuse to go on in plain text, prefer falls back.
    assert!(
        connects_encrypted(&format!("{base}?sslmode=require"))
            .await
            .is_none()
    );
    assert_eq!(
        connects_encrypted(&format!("{base}?sslmode=prefer")).await,
        Some(false)
    );

    let certs = private.dir.join("certs");
    std::fs::create_dir_all(&certs).unwrap();
    make_certificates(&certs);
    let pgdata = private.cluster.data_directory();
    let owner = std::fs::metadata(pgdata).unwrap();
    for file in ["server.crt", "server.key"] {
        let target = pgdata.join(file);
        std::fs::copy(certs.join(file), &target).unwrap();
        std::os::unix::fs::chown(&target, Some(owner.uid()), Some(owner.gid())).unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut admin = sekisho_store::connect::establish(&base).await.unwrap();
    admin
        .batch_execute("ALTER SYSTEM SET ssl = on")
        .await
        .unwrap();
    admin
        .batch_execute("SELECT pg_reload_conf()")
        .await
        .unwrap();
    drop(admin);
    let mut waited = Duration::ZERO;
    while connects_encrypted(&format!("{base}?sslmode=require")).await != Some(true) {
        assert!(
            waited < Duration::from_secs(10),
            "the server did not turn TLS on"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    }

    let root = certs.join("ca.crt").display().to_string();
    let other = certs.join("other-ca.crt").display().to_string();
    assert_eq!(
        connects_encrypted(&format!("{base}?sslmode=prefer")).await,
        Some(true)
    );
    assert_eq!(
        connects_encrypted(&format!("{base}?sslmode=verify-full&sslrootcert={root}")).await,
        Some(true)
    );
    assert_eq!(
        connects_encrypted(&format!("{base}?sslmode=verify-ca&sslrootcert={root}")).await,
        Some(true)
    );
    assert!(
        connects_encrypted(&format!("{base}?sslmode=verify-full&sslrootcert={other}"))
            .await
            .is_none(),
        "a certificate from another CA is refused"
    );
    assert!(
        connects_encrypted(&format!("{base}?sslmode=verify-ca&sslrootcert={other}"))
            .await
            .is_none()
    );
    // libpq: require with a root named checks the chain.
    assert!(
        connects_encrypted(&format!("{base}?sslmode=require&sslrootcert={other}"))
            .await
            .is_none()
    );
    // The certificate names 127.0.0.1, not `localhost`: verify-full checks the name, verify-ca
    // does not.
    let by_name = base.replace("127.0.0.1", "localhost");
    assert!(
        connects_encrypted(&format!("{by_name}?sslmode=verify-full&sslrootcert={root}"))
            .await
            .is_none()
    );
    assert_eq!(
        connects_encrypted(&format!("{by_name}?sslmode=verify-ca&sslrootcert={root}")).await,
        Some(true)
    );
    assert_eq!(
        DatabaseTarget::parse(
            &format!("{base}?sslmode=require&sslrootcert={root}"),
            Duration::from_secs(1)
        )
        .unwrap()
        .tls_mode(),
        TlsMode::VerifyCa
    );

    // The whole service over verify-full: migrations, the pool, the cache listener, /readyz.
    let suffix = format!("?sslmode=verify-full&sslrootcert={root}");
    let database = TestDatabase::in_cluster(&private.cluster, &suffix).await;
    let app = TestApp::spawn_on(database, |_| {}).await;
    assert_eq!(app.get("/readyz", "").await.status(), 200);
    // Through the pool: the admin API creates a tenant and its key.
    app.create_tenant("TLS Shop").await;
    // pg_stat_ssl hides other roles' sessions from sekisho_app: ask as the superuser.
    #[derive(QueryableByName)]
    struct Sessions {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        plain: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        encrypted: i64,
    }
    let _warm = app.pool.get().await.unwrap();
    let mut admin = sekisho_store::connect::establish(&base).await.unwrap();
    let sessions: Sessions = diesel::sql_query(
        "SELECT count(*) FILTER (WHERE NOT s.ssl) AS plain, count(*) FILTER (WHERE s.ssl) AS encrypted \
         FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) \
         WHERE a.application_name IN ('sekisho', 'sekisho-cache')",
    )
    .get_result(&mut admin)
    .await
    .unwrap();
    assert_eq!(sessions.plain, 0, "no plain-text session of the service");
    assert!(
        sessions.encrypted >= 2,
        "the pool and the cache listener are encrypted"
    );
    drop(_warm);
    drop(app);
}
