//! `sekisho webhooks listen`: receives webhook deliveries on this machine, checks each one's
//! signature and prints it as a JSON line, so that an integrator sees a signed event within a
//! minute. With `--register` it also registers itself as an endpoint of a (development) Sekisho,
//! sends a test event if asked, and removes the endpoint again when it stops.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use anyhow::{Context, bail};
use sekisho_outbound::webhooks::signature::{SIGNATURE_HEADER, WebhookSecret};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// Deliveries older than this are refused as replays (the receivers' advice in docs/WEBHOOKS.md).
const TOLERANCE_SECS: i64 = 300;
const MAX_BODY_BYTES: usize = 1 << 20;

#[derive(Debug, clap::Args)]
pub struct ListenArgs {
    /// Where to receive deliveries.
    #[arg(long, default_value = "127.0.0.1:9000")]
    listen: SocketAddr,
    /// The endpoint's signing secret (`whsec_…`), for an endpoint registered already.
    #[arg(long, env = "SEKISHO_WEBHOOK_SECRET", hide_env_values = true)]
    secret: Option<String>,
    /// Register this listener as an endpoint of the Sekisho at this URL (it must allow insecure
    /// webhooks: development only) and remove it again on exit.
    #[arg(long, value_name = "URL", conflicts_with = "secret")]
    register: Option<String>,
    /// The owner who registers it.
    #[arg(long, requires = "register")]
    email: Option<String>,
    /// That owner's password.
    #[arg(
        long,
        requires = "register",
        env = "SEKISHO_WEBHOOK_OWNER_PASSWORD",
        hide_env_values = true
    )]
    password: Option<String>,
    /// Event types to subscribe to when registering (default: every event).
    #[arg(long = "event", requires = "register")]
    events: Vec<String>,
    /// Once registered, ask Sekisho to send a test event.
    #[arg(long, requires = "register")]
    test: bool,
    /// Stop after this many verified deliveries.
    #[arg(long)]
    count: Option<u64>,
}

struct Receiver {
    secret: WebhookSecret,
    verified: AtomicU64,
    done: mpsc::UnboundedSender<()>,
    count: Option<u64>,
}

/// One delivery as printed: whether its signature held, and the event it carried.
fn describe(verified: bool, body: &[u8]) -> Value {
    let event: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    json!({
        "verified": verified,
        "id": event.get("id"),
        "type": event.get("type"),
        "created_at": event.get("created_at"),
        "data": event.get("data"),
    })
}

async fn receive(
    request: HttpRequest,
    body: web::Bytes,
    receiver: web::Data<Receiver>,
) -> HttpResponse {
    let header = request
        .headers()
        .get(SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let now = chrono::Utc::now().timestamp();
    let verified = receiver.secret.verify(header, &body, now, TOLERANCE_SECS);
    println!("{}", describe(verified, &body));
    if !verified {
        // Sekisho retries a refused delivery; a wrong secret shows here at once.
        return HttpResponse::BadRequest().body("signature does not verify");
    }
    let seen = receiver.verified.fetch_add(1, Ordering::SeqCst) + 1;
    if receiver.count.is_some_and(|count| seen >= count) {
        receiver.done.send(()).ok();
    }
    HttpResponse::Ok().finish()
}

#[derive(Deserialize)]
struct SignedIn {
    access_token: String,
}

#[derive(Deserialize)]
struct Registered {
    id: String,
    secret: String,
}

/// A registration made for this listener, removed again on exit.
struct Registration {
    client: reqwest::Client,
    base: String,
    token: String,
    id: String,
}

impl Registration {
    async fn create(
        base: &str,
        email: &str,
        password: &str,
        url: &str,
        events: &[String],
    ) -> anyhow::Result<(Registration, String)> {
        let base = base.trim_end_matches('/').to_owned();
        let client = reqwest::Client::new();
        let signed_in = client
            .post(format!("{base}/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .context("reaching Sekisho")?;
        if !signed_in.status().is_success() {
            bail!(
                "signing in as the owner failed: HTTP {}",
                signed_in.status()
            );
        }
        let token = signed_in.json::<SignedIn>().await?.access_token;
        let created = client
            .post(format!("{base}/v1/webhooks"))
            .bearer_auth(&token)
            .json(&json!({"url": url, "events": events}))
            .send()
            .await?;
        if !created.status().is_success() {
            let status = created.status();
            let answer: Value = created.json().await.unwrap_or(Value::Null);
            bail!(
                "registering {url} failed: HTTP {status} {} (a plain http:// endpoint needs \
                 SEKISHO_ALLOW_INSECURE_WEBHOOKS=true on that server, as scripts/start sets)",
                answer["error"]["code"]
            );
        }
        let registered: Registered = created.json().await?;
        let registration = Registration {
            client,
            base,
            token,
            id: registered.id,
        };
        Ok((registration, registered.secret))
    }

    async fn send_test(&self) -> anyhow::Result<()> {
        let sent = self
            .client
            .post(format!("{}/v1/webhooks/{}/test", self.base, self.id))
            .bearer_auth(&self.token)
            .send()
            .await?;
        if !sent.status().is_success() {
            bail!("the test event was refused: HTTP {}", sent.status());
        }
        Ok(())
    }

    async fn remove(self) {
        let removed = self
            .client
            .delete(format!("{}/v1/webhooks/{}", self.base, self.id))
            .bearer_auth(&self.token)
            .send()
            .await;
        if !removed.is_ok_and(|r| r.status().is_success()) {
            eprintln!(
                "could not remove endpoint {}; delete it in the dashboard",
                self.id
            );
        }
    }
}

pub async fn run(args: ListenArgs) -> anyhow::Result<()> {
    let listener = std::net::TcpListener::bind(args.listen)
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = listener.local_addr()?;
    let url = format!("http://{address}/");
    let (registration, secret) = match (&args.register, &args.secret) {
        (Some(base), _) => {
            let (Some(email), Some(password)) = (&args.email, &args.password) else {
                bail!("--register needs --email and --password (an owner of the tenant)");
            };
            let (registration, secret) =
                Registration::create(base, email, password, &url, &args.events).await?;
            (Some(registration), secret)
        }
        (None, Some(secret)) => (None, secret.clone()),
        (None, None) => bail!("give --secret (an endpoint's whsec_… secret) or --register URL"),
    };
    let secret = WebhookSecret::parse(&secret)
        .map_err(|message| anyhow::anyhow!("the secret: {message}"))?;
    let (done, mut finished) = mpsc::unbounded_channel();
    let receiver = web::Data::new(Receiver {
        secret,
        verified: AtomicU64::new(0),
        done,
        count: args.count,
    });
    let server = HttpServer::new({
        let receiver = receiver.clone();
        move || {
            App::new()
                .app_data(receiver.clone())
                .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
                .default_service(web::post().to(receive))
        }
    })
    .workers(1)
    .disable_signals()
    .listen(listener)?
    .run();
    let handle = server.handle();
    let serving = tokio::spawn(server);
    eprintln!("listening for webhook deliveries on {url}");
    if let Some(registration) = &registration {
        eprintln!(
            "registered as endpoint {} (removed on exit)",
            registration.id
        );
        if args.test {
            registration.send_test().await?;
            eprintln!("asked for a test event");
        }
    }
    tokio::select! {
        _ = finished.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    handle.stop(true).await;
    serving.await.ok();
    if let Some(registration) = registration {
        registration.remove().await;
    }
    Ok(())
}
