//! Where a tenant may ask Sekisho to send its events: `https://` to a public host. Plain
//! `http://` only to this machine (`127.0.0.1`, `[::1]`, `localhost`), and only when the operator
//! turned `allow_insecure_webhooks` on (tests, local development).
//!
//! A tenant must not be able to aim Sekisho's requests at its private network: addresses written
//! in the URL are checked here, and names are checked when they are resolved (`PublicResolver`).

use std::net::{IpAddr, SocketAddr};

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

const MAX_URL_CHARS: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointUrl(Url);

impl EndpointUrl {
    pub fn parse(raw: &str, allow_insecure: bool) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.chars().count() > MAX_URL_CHARS {
            return Err(format!("must have at most {MAX_URL_CHARS} characters"));
        }
        let url = Url::parse(raw).map_err(|error| format!("not a URL: {error}"))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err("must not carry credentials; verify the signature instead".into());
        }
        if url.fragment().is_some() {
            return Err("must not have a fragment".into());
        }
        let local = is_this_machine(&url);
        match url.scheme() {
            "https" => {}
            "http" if allow_insecure && local => {}
            "http" if allow_insecure => {
                return Err("plain http is only allowed to 127.0.0.1, [::1] or localhost".into());
            }
            _ => return Err("must be an https:// URL".into()),
        }
        if !(allow_insecure && local) {
            if host_ip(&url).is_some_and(|ip| !is_public(ip)) {
                return Err("must not point at a private, loopback or reserved address".into());
            }
            if url
                .host_str()
                .is_none_or(|host| host.eq_ignore_ascii_case("localhost"))
            {
                return Err("must name a public host".into());
            }
        }
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub fn url(&self) -> &Url {
        &self.0
    }

    /// The host alone, for logs (the path or query may carry a token of the tenant's).
    pub fn host(&self) -> &str {
        self.0.host_str().unwrap_or_default()
    }
}

fn is_this_machine(url: &Url) -> bool {
    match host_ip(url) {
        Some(ip) => ip.is_loopback(),
        None => url
            .host_str()
            .is_some_and(|host| host.eq_ignore_ascii_case("localhost")),
    }
}

/// The address a URL names directly, if it names one rather than a host name.
fn host_ip(url: &Url) -> Option<IpAddr> {
    let host = url.host_str()?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.parse().ok()
}

/// Whether an address is on the public internet (not loopback, private, link-local, carrier
/// NAT, multicast or unspecified).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => {
            let [a, b, ..] = ip.octets();
            !(ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || ip.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(ip) => {
            if let Some(v4) = ip.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = ip.segments().first().copied().unwrap_or_default();
            !(ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

/// Resolves names as the system does, then keeps only public addresses: a name that points into
/// a private network (or is rebound to one) cannot be delivered to.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicResolver;

impl Resolve for PublicResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let public: Vec<SocketAddr> = found.filter(|addr| is_public(addr.ip())).collect();
            if public.is_empty() {
                return Err("the host has no public address".into());
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_to_public_hosts_only() {
        assert!(EndpointUrl::parse("https://hooks.example.jp/sekisho?t=1", false).is_ok());
        for refused in [
            "http://hooks.example.jp/",
            "ftp://hooks.example.jp/",
            "https://user:pw@hooks.example.jp/",
            "https://10.0.0.5/hook",
            "https://127.0.0.1/hook",
            "https://[::1]/hook",
            "https://169.254.169.254/latest",
            "https://localhost/hook",
            "http://127.0.0.1:9000/hook",
            "not a url",
        ] {
            assert!(EndpointUrl::parse(refused, false).is_err(), "{refused}");
        }
    }

    #[test]
    fn plain_http_to_this_machine_when_allowed() {
        for allowed in [
            "http://127.0.0.1:9000/hook",
            "http://localhost:9000/hook",
            "http://[::1]:9000/",
            "https://127.0.0.1/hook",
        ] {
            assert!(EndpointUrl::parse(allowed, true).is_ok(), "{allowed}");
        }
        assert!(EndpointUrl::parse("http://hooks.example.jp/", true).is_err());
        assert!(EndpointUrl::parse("http://10.0.0.5/", true).is_err());
    }

    #[test]
    fn public_addresses() {
        for public in ["203.0.113.9", "8.8.8.8", "2001:db8::1", "::ffff:8.8.8.8"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
        for private in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "127.0.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
    }
}
