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

/// Why an endpoint URL is refused, in words that complete "the URL …" (never the URL itself).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointUrlError {
    #[error("must have at most {MAX_URL_CHARS} characters")]
    TooLong,
    #[error("not a URL: {0}")]
    NotAUrl(#[from] url::ParseError),
    #[error("must not carry credentials; verify the signature instead")]
    Credentials,
    #[error("must not have a fragment")]
    Fragment,
    #[error("plain http is only allowed to 127.0.0.1, [::1] or localhost")]
    InsecureNotLocal,
    #[error("must be an https:// URL")]
    NotHttps,
    #[error("must not point at a private, loopback or reserved address")]
    PrivateAddress,
    #[error("must name a public host")]
    NotPublicHost,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointUrl(Url);

impl EndpointUrl {
    pub fn parse(raw: &str, allow_insecure: bool) -> Result<Self, EndpointUrlError> {
        let raw = raw.trim();
        if raw.chars().count() > MAX_URL_CHARS {
            return Err(EndpointUrlError::TooLong);
        }
        let url = Url::parse(raw)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(EndpointUrlError::Credentials);
        }
        if url.fragment().is_some() {
            return Err(EndpointUrlError::Fragment);
        }
        let local = is_this_machine(&url);
        match url.scheme() {
            "https" => {}
            "http" if allow_insecure && local => {}
            "http" if allow_insecure => {
                return Err(EndpointUrlError::InsecureNotLocal);
            }
            _ => return Err(EndpointUrlError::NotHttps),
        }
        if !(allow_insecure && local) {
            if host_ip(&url).is_some_and(|ip| !is_public(ip)) {
                return Err(EndpointUrlError::PrivateAddress);
            }
            if url
                .host_str()
                .is_none_or(|host| host.eq_ignore_ascii_case("localhost"))
            {
                return Err(EndpointUrlError::NotPublicHost);
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

/// The address a URL names directly, if it names one rather than a host name. The URL parser
/// (WHATWG rules) has already turned every IPv4 spelling into one address: `2130706433`,
/// `0x7f.1`, `017700000001` and `127.1` all arrive here as 127.0.0.1.
fn host_ip(url: &Url) -> Option<IpAddr> {
    let host = url.host_str()?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.parse().ok()
}

/// IANA's IPv4 Special-Purpose Address Registry (RFC 6890 and later), plus multicast and the
/// limited broadcast: none of these is a place a tenant's events or a member's personal data
/// should go, even the few the registry marks "globally reachable" (anycast services).
const SPECIAL_IPV4: &[(u32, u8)] = &[
    (0x0000_0000, 8),  // 0.0.0.0/8 "this network"
    (0x0a00_0000, 8),  // 10.0.0.0/8 private
    (0x6440_0000, 10), // 100.64.0.0/10 shared (carrier-grade NAT)
    (0x7f00_0000, 8),  // 127.0.0.0/8 loopback
    (0xa9fe_0000, 16), // 169.254.0.0/16 link-local
    (0xac10_0000, 12), // 172.16.0.0/12 private
    (0xc000_0000, 24), // 192.0.0.0/24 IETF protocol assignments (DS-Lite, NAT64 discovery…)
    (0xc000_0200, 24), // 192.0.2.0/24 TEST-NET-1
    (0xc01f_c400, 24), // 192.31.196.0/24 AS112-v4
    (0xc034_c100, 24), // 192.52.193.0/24 AMT
    (0xc058_6300, 24), // 192.88.99.0/24 deprecated 6to4 relay anycast
    (0xc0a8_0000, 16), // 192.168.0.0/16 private
    (0xc0af_3000, 24), // 192.175.48.0/24 direct delegation AS112
    (0xc612_0000, 15), // 198.18.0.0/15 benchmarking
    (0xc633_6400, 24), // 198.51.100.0/24 TEST-NET-2
    (0xcb00_7100, 24), // 203.0.113.0/24 TEST-NET-3
    (0xe000_0000, 4),  // 224.0.0.0/4 multicast
    (0xf000_0000, 4),  // 240.0.0.0/4 reserved, 255.255.255.255 broadcast included
];

/// IANA's IPv6 Special-Purpose Address Registry, within global unicast (2000::/3); everything
/// outside 2000::/3 (loopback, unspecified, IPv4-compatible `::a.b.c.d`, discard-only 100::/64,
/// SRv6 5f00::/16, unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast)
/// is refused before this list is read. IPv4-mapped addresses are judged by their IPv4 address.
const SPECIAL_IPV6: &[(u128, u8)] = &[
    (0x2001_0000 << 96, 23),      // 2001::/23 IETF protocol assignments (Teredo…)
    (0x2001_0db8 << 96, 32),      // 2001:db8::/32 documentation
    (0x2002 << 112, 16),          // 2002::/16 6to4 (carries an IPv4 address)
    (0x2620_004f_8000 << 80, 48), // 2620:4f:8000::/48 direct delegation AS112
    (0x3fff << 112, 20),          // 3fff::/20 documentation
];

fn in_prefix<const BITS: u32>(address: u128, network: u128, length: u8) -> bool {
    let length = u32::from(length);
    if length == 0 {
        return true;
    }
    let shift = BITS - length;
    (address >> shift) == (network >> shift)
}

/// Whether an address is an ordinary public one: in no special-purpose range of IANA's
/// registries, in any of its encodings (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96 and
/// 64:ff9b:1::/48, 6to4 and Teredo are refused or judged by the IPv4 address they carry).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => {
            let address = u32::from(ip);
            !SPECIAL_IPV4.iter().any(|&(network, length)| {
                in_prefix::<32>(u128::from(address), u128::from(network), length)
            })
        }
        IpAddr::V6(ip) => {
            if let Some(v4) = ip.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let address = u128::from(ip);
            // Global unicast is 2000::/3; NAT64 (64:ff9b::/96, 64:ff9b:1::/48) lies outside it.
            if !in_prefix::<128>(address, 0x2000 << 112, 3) {
                return false;
            }
            !SPECIAL_IPV6
                .iter()
                .any(|&(network, length)| in_prefix::<128>(address, network, length))
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
        for public in [
            "8.8.8.8",
            "1.1.1.1",
            "192.0.1.1",
            "198.20.0.1",
            "2a00:1450:4001::1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn every_special_purpose_range_is_refused() {
        for special in [
            "0.1.2.3",
            "10.1.2.3",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "127.255.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.1",
            "192.0.0.170",
            "192.0.2.1",
            "192.31.196.1",
            "192.52.193.1",
            "192.88.99.1",
            "192.168.1.1",
            "192.175.48.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.1",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::127.0.0.1",
            "::8.8.8.8",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "64:ff9b::808:808",
            "64:ff9b:1::1",
            "100::1",
            "2001::1",
            "2001:2::1",
            "2001:20::1",
            "2001:db8::1",
            "2002:7f00:1::1",
            "2002:808:808::1",
            "2620:4f:8000::1",
            "3fff::1",
            "5f00::1",
            "fc00::1",
            "fd00::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
        ] {
            assert!(!is_public(special.parse().unwrap()), "{special}");
        }
    }

    #[test]
    fn every_encoding_of_a_special_address_in_a_url_is_refused() {
        for refused in [
            "https://2130706433/",
            "https://0x7f000001/",
            "https://0x7f.1/",
            "https://017700000001/",
            "https://0177.0.0.1/",
            "https://127.1/",
            "https://10.1/",
            "https://0xa9.0xfe.0xa9.0xfe/",
            "https://3232235777/",
            "https://[::127.0.0.1]/",
            "https://[::a00:1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:7f00:1]/",
            "https://[64:ff9b::10.0.0.1]/",
            "https://[2002:c0a8:101::1]/",
            "https://[fec0::1]/",
            "https://192.0.0.8/",
            "https://198.18.0.1/",
            "https://[2001:db8::1]/",
            "https://localhost./hook",
        ] {
            let outcome = EndpointUrl::parse(refused, false);
            // `localhost.` is a name: refused when resolved (PublicResolver), not here.
            if refused.contains("localhost.") {
                continue;
            }
            assert!(outcome.is_err(), "{refused}");
        }
        assert!(
            EndpointUrl::parse("https://134744072/", false).is_ok(),
            "8.8.8.8 as a number"
        );
    }

    #[tokio::test]
    async fn names_that_resolve_to_special_addresses_are_refused_at_connect_time() {
        let resolve = |name: &str| PublicResolver.resolve(name.parse().unwrap());
        assert!(resolve("localhost").await.is_err());
        assert!(resolve("127.0.0.1").await.is_err());
        assert!(resolve("localhost.").await.is_err());
    }
}
