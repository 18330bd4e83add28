//! `sekisho serve`: migrate, make sure of the admin (and the demo), then serve until SIGINT or
//! SIGTERM, letting in-flight requests finish and stopping the embedded cluster last.

use std::time::Duration;

use anyhow::Context;
use sekisho_api::{ApiSettings, AppState};
use sekisho_scoring::consortium::{HalfLives, MatchPolicy};

use crate::database::{Database, hex_secret};
use crate::settings::Settings;
use crate::{accounts, consortium_key, customer_data_key, demo, secrets};

const MIN_JWT_SECRET_BYTES: usize = 32;

pub async fn run(settings: Settings, load_demo: bool) -> anyhow::Result<()> {
    crate::database::ensure_data_dir(&settings.data_dir)?;
    let api_settings = api_settings(&settings)?;
    let database = Database::prepare(&settings).await?;
    let pool = sekisho_store::pool::connect(&database.app_url, &settings.pool_options()?)?;
    // The history's months ahead exist before the first request (and the expired ones go).
    let (months_ahead, retention_months) = (
        settings.partition_months_ahead,
        settings.history_retention_months,
    );
    // Not fatal: without its month a row lands in the default partition, and the hourly run
    // tries again.
    if let Err(error) =
        crate::partitions::maintain(&database.owner_url, months_ahead, retention_months).await
    {
        tracing::warn!(error = %format!("{error:#}"), "could not maintain the history partitions");
    }
    // The counter tables' weeks likewise (their expiry is the velocity pruning below).
    if let Err(error) = crate::partitions::ensure_counter_weeks(&database.owner_url).await {
        tracing::warn!(error = %format!("{error:#}"), "could not create the counter partitions");
    }

    let admin = match (&settings.admin_email, &settings.admin_password) {
        (Some(email), Some(password)) => Some((email.clone(), password.clone())),
        _ if load_demo => Some((
            demo::DEMO_ADMIN_EMAIL.to_owned(),
            demo::DEMO_PASSWORD.to_owned(),
        )),
        _ => None,
    };
    if let Some((email, password)) = &admin {
        accounts::ensure_admin(&pool, email, password).await?;
        tracing::info!(admin.email = %email, "platform admin ready");
    }
    sekisho_service::consortium::seed_warninglist(&pool, &api_settings.consortium.key)
        .await
        .context("seeding the warninglist")?;
    if load_demo {
        // The sample reference lists go in through the importer, on the database just prepared
        // (the owner's URL, so that no second embedded cluster is started).
        let mut import_settings = settings.clone();
        if Database::is_embedded(&settings)
            && settings.consortium_key.is_none()
            && settings.consortium_key_file.is_none()
        {
            import_settings.consortium_key_file = Some(settings.data_dir.join("consortium.key"));
        }
        import_settings.database_url = Some(database.owner_url.clone());
        import_settings.migration_database_url = Some(database.owner_url.clone());
        demo::lists::load(&import_settings, &settings.data_dir.join("demo-lists"))
            .await
            .context("loading the demo reference lists")?;
        demo::load(&pool, &api_settings)
            .await
            .context("loading the demo data")?;
        // The demo arrives in bulk; fresh planner statistics keep the first requests from
        // picking plans made for empty tables (autovacuum would get there, minutes later).
        sekisho_store::migrate::analyze(&database.owner_url)
            .await
            .context("analysing the demo data")?;
    }

    // Read-only work may go to a standby; writes and the caches' notifications stay on the primary.
    let read_pool = match &settings.read_database_url {
        Some(url) => sekisho_store::pool::connect(url, &settings.pool_options()?)?,
        None => pool.clone(),
    };
    let state = AppState::new(pool.clone(), api_settings)?.with_read_pool(read_pool);
    // Keeps the caches of API keys, participation and policies in step with the database.
    let cache_listener =
        sekisho_service::caches::Listener::start(&database.app_url, state.caches.clone())
            .context("starting the cache listener")?;
    // Builds the in-memory consortium filter and keeps it fresh (lookups use SQL meanwhile).
    let consortium_listener = sekisho_service::consortium_filter::Listener::start(
        &database.app_url,
        state.consortium_filter.clone(),
    )
    .context("starting the consortium filter listener")?;
    let webhooks = sekisho_outbound::webhooks::Dispatcher::start(
        pool.clone(),
        &state.settings.webhooks,
        state.settings.allow_insecure_webhooks,
    )?;
    let (logins, reports) = (state.login_limiter.clone(), state.report_limiter.clone());
    let device_tag = state.device_tag_limiter.clone();
    let api_keys = state.api_key_limiter.clone();
    let webhook_tests = state.webhook_test_limiter.clone();
    let pruning = tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            logins.prune();
            reports.prune();
            device_tag.prune();
            api_keys.prune();
            webhook_tests.prune();
        }
    });
    // Velocity buckets no window reaches any more (counters are derived data): the counter
    // tables' weeks ahead are created and the expired weeks dropped, on the owner's connection
    // (DDL). The history's partitions too: the months ahead, and the retention
    // (docs/OPERATIONS.md).
    let owner_url = database.owner_url.clone();
    let velocity_pruning = tokio::spawn(async move {
        let mut hourly = tokio::time::interval(Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            if let Err(error) = crate::partitions::maintain_counters(&owner_url).await {
                tracing::warn!(error = %format!("{error:#}"), "could not prune the velocity counters");
            }
            if let Err(error) =
                crate::partitions::maintain(&owner_url, months_ahead, retention_months).await
            {
                tracing::warn!(error = %format!("{error:#}"), "could not maintain the history partitions");
            }
        }
    });

    // Customer data older than each tenant's retention period is cleared (docs/OPERATIONS.md).
    let purge_pool = pool.clone();
    let purge_every = Duration::from_secs(settings.customer_data_purge_minutes.max(1) * 60);
    let customer_data_purge = tokio::spawn(async move {
        let mut every = tokio::time::interval(purge_every);
        loop {
            every.tick().await;
            match sekisho_service::customer_data::purge_expired(&purge_pool).await {
                Ok(0) => {}
                Ok(cleared) => tracing::info!(cleared, "expired customer data purged"),
                Err(error) => tracing::warn!(%error, "could not purge expired customer data"),
            }
        }
    });

    let mut server = actix_web::HttpServer::new(move || sekisho_api::app(state.clone()))
        .shutdown_timeout(settings.shutdown_timeout_secs);
    if let Some(workers) = settings.workers {
        server = server.workers(workers);
    }
    let server = server
        .bind(settings.listen)
        .with_context(|| format!("binding {}", settings.listen))?;
    let addresses = server.addrs();
    let server = server.run();
    for address in &addresses {
        tracing::info!(%address, "sekisho listening");
    }
    if load_demo {
        let base = addresses
            .first()
            .map(|a| format!("http://{a}"))
            .unwrap_or_default();
        let admin_email = admin.map(|(email, _)| email).unwrap_or_default();
        println!("{}", demo::logins(&base, &admin_email));
    }
    server.await.context("serving")?;
    tracing::info!("HTTP server stopped");
    pruning.abort();
    velocity_pruning.abort();
    customer_data_purge.abort();
    webhooks.stop().await;
    tracing::info!("webhook dispatcher stopped");
    cache_listener.stop().await;
    consortium_listener.stop().await;
    pool.close();
    drop(database);
    Ok(())
}

fn api_settings(settings: &Settings) -> anyhow::Result<ApiSettings> {
    let secret = match &settings.jwt_secret {
        Some(secret) => secret.clone(),
        None if Database::is_embedded(settings) => {
            secrets::load_or_create(&settings.data_dir.join("jwt.secret"), || hex_secret(32))?
        }
        None => anyhow::bail!(
            "SEKISHO_JWT_SECRET is required when SEKISHO_DATABASE_URL is set (at least \
             {MIN_JWT_SECRET_BYTES} bytes; e.g. `openssl rand -hex 32`)"
        ),
    };
    anyhow::ensure!(
        secret.len() >= MIN_JWT_SECRET_BYTES,
        "SEKISHO_JWT_SECRET must have at least {MIN_JWT_SECRET_BYTES} bytes"
    );
    let mut api = ApiSettings::new(secret.into_bytes(), consortium_key::load(settings)?);
    api.consortium.policy = MatchPolicy {
        quorum: settings.consortium_quorum.max(1),
        half_lives: HalfLives::with_overrides(
            settings
                .half_life_days
                .iter()
                .map(|(kind, days)| (kind.as_str(), *days)),
        )
        .map_err(|error| anyhow::anyhow!("SEKISHO_HALF_LIFE_DAYS: {error}"))?,
    };
    api.customer_data_key = Some(std::sync::Arc::new(customer_data_key::load(settings)?));
    api.review_undo_window = Duration::from_secs(settings.review_undo_minutes.saturating_mul(60));
    api.consortium.reports_per_tenant_per_hour = settings.reports_per_tenant_per_hour;
    api.jwt_ttl = Duration::from_secs(settings.jwt_ttl_secs);
    api.login_per_account_per_minute = settings.login_per_account_per_minute;
    api.login_per_ip_per_minute = settings.login_per_ip_per_minute;
    api.login_per_account_and_ip_per_minute = settings.login_per_account_and_ip_per_minute;
    anyhow::ensure!(
        settings.session_max_hours >= 1,
        "SEKISHO_SESSION_MAX_HOURS must be at least 1"
    );
    api.session_max_age = Duration::from_secs(settings.session_max_hours.saturating_mul(3600));
    anyhow::ensure!(
        settings.api_key_requests_per_second >= 1 && settings.replicas >= 1,
        "SEKISHO_API_KEY_REQUESTS_PER_SECOND and SEKISHO_REPLICAS must be at least 1"
    );
    api.api_key_requests_per_second = settings.api_key_requests_per_second;
    api.replicas = settings.replicas;
    api.max_body_bytes = settings.max_body_bytes;
    api.max_reference_list_bytes = settings.max_reference_list_bytes;
    api.trusted_proxies = settings.trusted_proxies()?;
    api.request_timeout = Duration::from_millis(settings.request_timeout_ms.max(1));
    api.metrics_token = settings
        .metrics_token
        .clone()
        .filter(|token| !token.is_empty());
    api.webhooks.tests_per_tenant_per_minute = settings.webhook_tests_per_tenant_per_minute;
    api.allow_insecure_webhooks = settings.allow_insecure_webhooks;
    api.web_dir = Some(settings.web_dir.clone());
    api.enrichment = settings.enrichment()?;
    api.card_testing = settings.card_testing()?;
    anyhow::ensure!(
        settings.login_policy.challenge_at <= settings.login_policy.deny_at,
        "SEKISHO_LOGIN_POLICY: challenge_at must not exceed deny_at"
    );
    api.logins = settings.login_policy.clone();
    api.device_tag_per_ip_per_minute = settings.device_tag_per_ip_per_minute;
    Ok(api)
}
