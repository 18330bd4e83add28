//! Every connection Sekisho opens to PostgreSQL (the pool, the listeners, migrations) is made
//! here, so that all of them honour the URL's `sslmode` and `sslrootcert` the way libpq does,
//! and none of them can wait for ever: the whole establishment (TCP, TLS, authentication) has a
//! deadline, and TCP keepalives notice a peer that vanished without closing.
//!
//! `sslmode`: `disable` (plain), `prefer` (the default, as in libpq: TLS when the server offers
//! it, certificate unchecked), `require` (TLS, certificate unchecked unless `sslrootcert` is
//! given, then as `verify-ca`), `verify-ca` (the chain must lead to `sslrootcert`), `verify-full`
//! (that, and the certificate must name the host). `sslrootcert` is a PEM file, or `system` for
//! the operating system's roots; without it `verify-*` read `~/.postgresql/root.crt` as libpq
//! does. Client certificates (`sslcert`, `sslkey`) are not supported and are refused.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use diesel_async::AsyncPgConnection;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres::config::SslMode;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres_rustls::MakeRustlsConnect;

/// TCP keepalive: probe after this much silence, then every `KEEPALIVE_INTERVAL`, and give up
/// after `KEEPALIVE_RETRIES` unanswered probes (about 30 s for a host that vanished).
const KEEPALIVE_IDLE: Duration = Duration::from_secs(15);
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(5);
const KEEPALIVE_RETRIES: u32 = 3;
/// Data sent but not acknowledged for this long ends the connection (Linux `TCP_USER_TIMEOUT`).
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The URL or its TLS settings are unusable; the message never repeats the URL.
    #[error("database URL: {0}")]
    Config(String),
    #[error("could not connect to the database: {0}")]
    Connect(#[from] tokio_postgres::Error),
    #[error("could not set the connection up: {0}")]
    Setup(#[from] diesel::ConnectionError),
    #[error("the database did not answer within {0} ms")]
    Timeout(u128),
}

impl From<ConnectError> for diesel::ConnectionError {
    fn from(error: ConnectError) -> Self {
        match error {
            ConnectError::Setup(error) => error,
            other => diesel::ConnectionError::BadConnection(other.to_string()),
        }
    }
}

/// How the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl TlsMode {
    fn parse(value: &str) -> Result<Self, ConnectError> {
        Ok(match value {
            "disable" => TlsMode::Disable,
            // libpq's `allow` (plain first, TLS if refused) is closest to `prefer` here.
            "allow" | "prefer" => TlsMode::Prefer,
            "require" => TlsMode::Require,
            "verify-ca" => TlsMode::VerifyCa,
            "verify-full" => TlsMode::VerifyFull,
            _ => {
                return Err(ConnectError::Config(
                    "sslmode must be disable, allow, prefer, require, verify-ca or verify-full"
                        .into(),
                ));
            }
        })
    }
}

/// A parsed database URL with its TLS settings, ready to connect any number of times.
#[derive(Clone)]
pub struct DatabaseTarget {
    config: tokio_postgres::Config,
    tls: MakeRustlsConnect,
    mode: TlsMode,
    connect_timeout: Duration,
}

impl std::fmt::Debug for DatabaseTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseTarget")
            .field("hosts", &self.config.get_hosts().len())
            .field("tls", &self.mode)
            .finish_non_exhaustive()
    }
}

impl DatabaseTarget {
    /// Parses a `postgres://` URL (or libpq key=value string); `connect_timeout` bounds each
    /// whole connection establishment.
    pub fn parse(url: &str, connect_timeout: Duration) -> Result<Self, ConnectError> {
        let (rest, ssl) = split_ssl_parameters(url)?;
        let mut config: tokio_postgres::Config = rest
            .parse()
            .map_err(|error: tokio_postgres::Error| ConnectError::Config(error.to_string()))?;
        let mode = TlsMode::parse(ssl.mode.as_deref().unwrap_or("prefer"))?;
        // libpq: `require` with a root certificate named checks the chain like `verify-ca`.
        let mode = match (mode, &ssl.root_cert) {
            (TlsMode::Require, Some(_)) => TlsMode::VerifyCa,
            (mode, _) => mode,
        };
        config.ssl_mode(match mode {
            TlsMode::Disable => SslMode::Disable,
            TlsMode::Prefer => SslMode::Prefer,
            TlsMode::Require | TlsMode::VerifyCa | TlsMode::VerifyFull => SslMode::Require,
        });
        config
            .connect_timeout(connect_timeout)
            .keepalives(true)
            .keepalives_idle(KEEPALIVE_IDLE)
            .keepalives_interval(KEEPALIVE_INTERVAL)
            .keepalives_retries(KEEPALIVE_RETRIES)
            .tcp_user_timeout(TCP_USER_TIMEOUT);
        let tls = MakeRustlsConnect::new(client_config(mode, ssl.root_cert.as_deref())?);
        Ok(Self {
            config,
            tls,
            mode,
            connect_timeout,
        })
    }

    pub fn tls_mode(&self) -> TlsMode {
        self.mode
    }

    /// Names the connection in `pg_stat_activity`.
    pub fn with_application_name(mut self, name: &str) -> Self {
        self.config.application_name(name);
        self
    }

    /// A raw tokio-postgres session (for LISTEN); the caller drives the connection.
    pub async fn connect_raw(
        &self,
    ) -> Result<
        (
            tokio_postgres::Client,
            tokio_postgres::Connection<
                tokio_postgres::Socket,
                <MakeRustlsConnect as MakeTlsConnect<tokio_postgres::Socket>>::Stream,
            >,
        ),
        ConnectError,
    > {
        tokio::time::timeout(self.connect_timeout, self.config.connect(self.tls.clone()))
            .await
            .map_err(|_| ConnectError::Timeout(self.connect_timeout.as_millis()))?
            .map_err(ConnectError::from)
    }

    /// A diesel-async connection.
    pub async fn establish(&self) -> Result<AsyncPgConnection, ConnectError> {
        let connecting = async {
            let (client, connection) = self.config.connect(self.tls.clone()).await?;
            Ok::<_, ConnectError>(
                AsyncPgConnection::try_from_client_and_connection(client, connection).await?,
            )
        };
        tokio::time::timeout(self.connect_timeout, connecting)
            .await
            .map_err(|_| ConnectError::Timeout(self.connect_timeout.as_millis()))?
    }
}

/// Connects once, for migrations and other one-off work (30 s to connect).
pub async fn establish(url: &str) -> Result<AsyncPgConnection, ConnectError> {
    DatabaseTarget::parse(url, Duration::from_secs(30))?
        .establish()
        .await
}

#[derive(Default)]
struct SslParameters {
    mode: Option<String>,
    root_cert: Option<String>,
}

/// Takes `sslmode` and `sslrootcert` out of the URL (tokio-postgres knows only three modes and
/// no root certificate), returning the rest unchanged.
fn split_ssl_parameters(url: &str) -> Result<(String, SslParameters), ConnectError> {
    let mut ssl = SslParameters::default();
    let mut take = |name: &str, value: String| -> Result<bool, ConnectError> {
        match name {
            "sslmode" => ssl.mode = Some(value),
            "sslrootcert" => ssl.root_cert = Some(value),
            "sslcert" | "sslkey" | "sslpassword" => {
                return Err(ConnectError::Config(
                    "client certificates (sslcert, sslkey) are not supported".into(),
                ));
            }
            _ => return Ok(false),
        }
        Ok(true)
    };
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let Some((base, query)) = url.split_once('?') else {
            return Ok((url.to_owned(), ssl));
        };
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !take(name, percent_decode(value))? {
                kept.push(pair);
            }
        }
        let rest = if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        return Ok((rest, ssl));
    }
    let mut kept = Vec::new();
    for token in url.split_whitespace() {
        let (name, value) = token.split_once('=').unwrap_or((token, ""));
        if !take(name.trim(), value.trim_matches('\'').to_owned())? {
            kept.push(token);
        }
    }
    Ok((kept.join(" "), ssl))
}

fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                index += 3;
            }
            _ => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

fn client_config(mode: TlsMode, root_cert: Option<&str>) -> Result<ClientConfig, ConnectError> {
    let provider = provider();
    let verifier: Arc<dyn ServerCertVerifier> = match mode {
        TlsMode::Disable | TlsMode::Prefer | TlsMode::Require => Arc::new(Unchecked {
            algorithms: provider.signature_verification_algorithms,
        }),
        TlsMode::VerifyCa | TlsMode::VerifyFull => {
            let roots = Arc::new(root_store(root_cert)?);
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                .build()
                .map_err(|error| ConnectError::Config(format!("sslrootcert: {error}")))?;
            if mode == TlsMode::VerifyFull {
                webpki
            } else {
                Arc::new(AnyName(webpki))
            }
        }
    };
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| ConnectError::Config(error.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

fn root_store(root_cert: Option<&str>) -> Result<RootCertStore, ConnectError> {
    let mut roots = RootCertStore::empty();
    if root_cert == Some("system") {
        let found = rustls_native_certs::load_native_certs();
        let (added, _) = roots.add_parsable_certificates(found.certs);
        if added == 0 {
            return Err(ConnectError::Config(
                "sslrootcert=system: the system has no root certificates".into(),
            ));
        }
        return Ok(roots);
    }
    let path = match root_cert {
        Some(path) => PathBuf::from(path),
        None => std::env::var_os("HOME")
            .map(|home| PathBuf::from(home).join(".postgresql/root.crt"))
            .ok_or_else(|| {
                ConnectError::Config("verify-ca and verify-full need sslrootcert".into())
            })?,
    };
    let unreadable =
        |detail: String| ConnectError::Config(format!("sslrootcert {}: {detail}", path.display()));
    for certificate in
        CertificateDer::pem_file_iter(&path).map_err(|error| unreadable(error.to_string()))?
    {
        let certificate = certificate.map_err(|error| unreadable(error.to_string()))?;
        roots
            .add(certificate)
            .map_err(|error| unreadable(error.to_string()))?;
    }
    if roots.is_empty() {
        return Err(unreadable("holds no certificate".into()));
    }
    Ok(roots)
}

/// `prefer` and `require` without a root: encrypted, but the certificate is not checked (as in
/// libpq). The handshake's signatures are still verified.
#[derive(Debug)]
struct Unchecked {
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain must lead to a trusted root; the name in it does not matter.
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // The chain is checked before the name, so a name error means the chain was good.
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn ssl_parameters_come_out_of_the_url() {
        let (rest, ssl) = split_ssl_parameters(
            "postgres://u:p@db:5432/x?sslmode=verify-full&application_name=a&sslrootcert=%2Fetc%2Froot.pem",
        )
        .unwrap();
        assert_eq!(rest, "postgres://u:p@db:5432/x?application_name=a");
        assert_eq!(ssl.mode.as_deref(), Some("verify-full"));
        assert_eq!(ssl.root_cert.as_deref(), Some("/etc/root.pem"));
        let (rest, ssl) = split_ssl_parameters("host=db user=u sslmode=require dbname=x").unwrap();
        assert_eq!(rest, "host=db user=u dbname=x");
        assert_eq!(ssl.mode.as_deref(), Some("require"));
        assert!(split_ssl_parameters("postgres://db/x?sslcert=/a.pem").is_err());
    }

    #[test]
    fn modes_follow_libpq() {
        let parse = |url: &str| DatabaseTarget::parse(url, Duration::from_secs(1));
        assert_eq!(
            parse("postgres://u@db/x").unwrap().tls_mode(),
            TlsMode::Prefer
        );
        assert_eq!(
            parse("postgres://u@db/x?sslmode=disable")
                .unwrap()
                .tls_mode(),
            TlsMode::Disable
        );
        assert_eq!(
            parse("postgres://u@db/x?sslmode=require")
                .unwrap()
                .tls_mode(),
            TlsMode::Require
        );
        assert!(parse("postgres://u@db/x?sslmode=sometimes").is_err());
        // verify-* need a readable root.
        assert!(
            parse("postgres://u@db/x?sslmode=verify-full&sslrootcert=/nonexistent.pem").is_err()
        );
        let error = parse("postgres://u:secret-pw@db/x?sslmode=verify-ca&sslrootcert=/none")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("secret-pw"), "{error}");
    }
}
