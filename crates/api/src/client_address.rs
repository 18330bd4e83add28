//! Who the client is: the TCP peer, unless the peer is one of the operator's own proxies, in
//! which case the forwarded chain is read from the right and the first hop that is not one of
//! those proxies is the client. Everything left of that hop was written by the client and is
//! ignored, so a client cannot choose its own address by sending `X-Forwarded-For`.
//!
//! The middleware (`resolve`) runs before anything else: it stores the address in the request's
//! extensions (read through `auth::caller::client_ip`) and rewrites the forwarded headers so that
//! actix's `ConnectionInfo` (and so the request log's `http.client_ip`) names the same address.
//! From a peer that is not a trusted proxy, every forwarded header is removed.

use std::net::IpAddr;
use std::str::FromStr;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use ipnet::IpNet;

use crate::state::AppState;

/// Which header the trusted proxies append the client's address to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2` (nginx, HAProxy, Envoy, cloud load balancers).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for="[2001:db8::1]:4711"`.
    Forwarded,
}

/// Why the operator's proxy settings are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProxySettingError {
    #[error("must be `x-forwarded-for` or `forwarded`")]
    UnknownHeader,
    /// Counted from 1, as the operator wrote them.
    #[error("entry {0} is not an IP network (CIDR)")]
    NotANetwork(usize),
}

impl FromStr for ForwardedHeader {
    type Err = ProxySettingError;

    fn from_str(value: &str) -> Result<Self, ProxySettingError> {
        match value.to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(ForwardedHeader::XForwardedFor),
            "forwarded" => Ok(ForwardedHeader::Forwarded),
            _ => Err(ProxySettingError::UnknownHeader),
        }
    }
}

/// The operator's proxies, whose forwarded headers are believed. Empty (the default): no
/// forwarded header is believed, the peer is the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<IpNet>,
    header: ForwardedHeader,
}

impl TrustedProxies {
    pub fn new(networks: Vec<IpNet>, header: ForwardedHeader) -> Self {
        Self { networks, header }
    }

    /// Parses networks such as `10.0.0.0/8`, `2001:db8::/32` or a single address.
    pub fn parse(networks: &[String], header: ForwardedHeader) -> Result<Self, ProxySettingError> {
        let networks = networks
            .iter()
            .enumerate()
            .map(|(index, network)| {
                let network = network.trim();
                network
                    .parse::<IpNet>()
                    .or_else(|_| network.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| ProxySettingError::NotANetwork(index + 1))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { networks, header })
    }

    /// What the older `trust_forwarded_for = true` alone means: proxies on this machine.
    pub fn loopback(header: ForwardedHeader) -> Self {
        let networks = ["127.0.0.0/8", "::1/128"]
            .iter()
            .filter_map(|network| network.parse().ok())
            .collect();
        Self { networks, header }
    }

    pub fn is_empty(&self) -> bool {
        self.networks.is_empty()
    }

    pub fn networks(&self) -> &[IpNet] {
        &self.networks
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.networks.iter().any(|network| network.contains(&ip))
    }

    /// The client's address given the peer and the forwarded header's values (in order).
    pub fn client<'a>(&self, peer: IpAddr, forwarded: impl Iterator<Item = &'a str>) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let parsed = match self.header {
                ForwardedHeader::XForwardedFor => parse_address(hop),
                ForwardedHeader::Forwarded => forwarded_for(hop).and_then(parse_address),
            };
            // A hop that is not an address (garbage, `unknown`, an obfuscated name) ends the
            // chain: the last trusted hop handed it to us, so that hop is all we know.
            let Some(hop) = parsed.map(|ip| ip.to_canonical()) else {
                break;
            };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        client
    }
}

/// The `for=` parameter of one `Forwarded` element.
fn forwarded_for(element: &str) -> Option<&str> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("for")
            .then(|| value.trim().trim_matches('"'))
    })
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn parse_address(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        let (inside, _) = rest.split_once(']')?;
        return inside.parse().ok();
    }
    let (host, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// The resolved client address, stored in the request's extensions by `resolve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

const FORWARDED_HEADERS: [&str; 5] = [
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-real-ip",
];

/// Middleware: resolves the client address once per request, before anything reads it.
pub async fn resolve(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let proxies = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.settings.trusted_proxies.clone())
        .unwrap_or_default();
    settle(&mut req, &proxies);
    next.call(req).await
}

/// Stores the client address and leaves only the forwarded headers that can be believed, with
/// `X-Forwarded-For` naming the resolved client (what `ConnectionInfo` and the log then show).
fn settle(req: &mut ServiceRequest, proxies: &TrustedProxies) {
    let Some(peer) = req.peer_addr().map(|addr| addr.ip()) else {
        return;
    };
    let header = match proxies.header {
        ForwardedHeader::XForwardedFor => "x-forwarded-for",
        ForwardedHeader::Forwarded => "forwarded",
    };
    let values: Vec<String> = req
        .headers()
        .get_all(header)
        .filter_map(|value| value.to_str().ok().map(str::to_owned))
        .collect();
    let client = proxies.client(peer, values.iter().map(String::as_str));
    let from_proxy = proxies.trusts(peer.to_canonical());
    let headers = req.headers_mut();
    for name in FORWARDED_HEADERS {
        // A trusted proxy's scheme and host are kept; nobody else's forwarded header is.
        let names_the_client = matches!(name, "forwarded" | "x-forwarded-for" | "x-real-ip");
        if !from_proxy || names_the_client {
            headers.remove(name);
        }
    }
    if from_proxy && let Ok(value) = HeaderValue::from_str(&client.to_string()) {
        headers.insert(HeaderName::from_static("x-forwarded-for"), value);
    }
    req.extensions_mut().insert(ClientAddress(client));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies(networks: &[&str]) -> TrustedProxies {
        let networks: Vec<String> = networks.iter().map(|n| (*n).to_owned()).collect();
        TrustedProxies::parse(&networks, ForwardedHeader::XForwardedFor).unwrap()
    }

    #[test]
    fn no_trusted_proxy_means_the_peer() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("127.0.0.1"), ["203.0.113.9"].into_iter()),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn an_untrusted_peer_cannot_forward() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            trusted.client(ip("198.51.100.4"), ["203.0.113.9"].into_iter()),
            ip("198.51.100.4")
        );
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let trusted = proxies(&["10.0.0.0/8", "127.0.0.1"]);
        // The client wrote "1.2.3.4, 5.6.7.8"; its real address was appended by the edge proxy
        // (10.0.0.2), which the inner proxy (10.0.0.3) appended in turn.
        let chain = ["1.2.3.4, 5.6.7.8", "198.51.100.7, 10.0.0.2", "10.0.0.3"];
        assert_eq!(
            trusted.client(ip("127.0.0.1"), chain.into_iter()),
            ip("198.51.100.7")
        );
        // Only trusted hops: the leftmost of them.
        assert_eq!(
            trusted.client(ip("127.0.0.1"), ["10.0.0.9, 10.0.0.2"].into_iter()),
            ip("10.0.0.9")
        );
        // No header at all: the proxy itself.
        assert_eq!(
            trusted.client(ip("10.0.0.3"), std::iter::empty()),
            ip("10.0.0.3")
        );
        // Garbage stops the walk at the last hop that could be read.
        assert_eq!(
            trusted.client(
                ip("127.0.0.1"),
                ["198.51.100.7, nonsense, 10.0.0.2"].into_iter()
            ),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn ports_brackets_and_mapped_addresses() {
        let trusted = proxies(&["::1", "10.0.0.0/8"]);
        assert_eq!(
            trusted.client(ip("::1"), ["[2001:db8::5]:4711"].into_iter()),
            ip("2001:db8::5")
        );
        assert_eq!(
            trusted.client(ip("::ffff:10.0.0.3"), ["198.51.100.7:443"].into_iter()),
            ip("198.51.100.7")
        );
        assert_eq!(
            trusted.client(ip("10.0.0.3"), ["::ffff:198.51.100.7"].into_iter()),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn the_forwarded_header() {
        let trusted =
            TrustedProxies::parse(&["10.0.0.0/8".to_owned()], ForwardedHeader::Forwarded).unwrap();
        let chain = [r#"for=1.2.3.4, for="[2001:db8::7]:4711";proto=https, for=10.0.0.2"#];
        assert_eq!(
            trusted.client(ip("10.0.0.3"), chain.into_iter()),
            ip("2001:db8::7")
        );
        assert_eq!(
            trusted.client(ip("10.0.0.3"), ["for=unknown"].into_iter()),
            ip("10.0.0.3")
        );
    }

    #[test]
    fn the_request_log_sees_the_resolved_address() {
        use actix_web::test::TestRequest;
        let request = |proxies: &TrustedProxies| {
            let mut req = TestRequest::default()
                .peer_addr("127.0.0.1:5000".parse().unwrap())
                .insert_header(("x-forwarded-for", "6.6.6.6, 198.51.100.7"))
                .insert_header(("forwarded", "for=6.6.6.6"))
                .insert_header(("x-forwarded-host", "evil.example"))
                .to_srv_request();
            settle(&mut req, proxies);
            let info = req.connection_info().clone();
            let stored = req.extensions().get::<ClientAddress>().copied();
            (
                info.realip_remote_addr().map(str::to_owned),
                info.host().to_owned(),
                stored,
            )
        };
        // Not a trusted peer: the log shows the peer, and no forwarded header survives.
        let (logged, host, stored) = request(&TrustedProxies::default());
        assert_eq!(logged.as_deref(), Some("127.0.0.1"));
        assert_ne!(host, "evil.example");
        assert_eq!(stored, Some(ClientAddress(ip("127.0.0.1"))));
        // Through a trusted proxy: the rightmost untrusted hop.
        let (logged, _, stored) = request(&proxies(&["127.0.0.1"]));
        assert_eq!(logged.as_deref(), Some("198.51.100.7"));
        assert_eq!(stored, Some(ClientAddress(ip("198.51.100.7"))));
    }

    #[test]
    fn settings_are_checked() {
        assert!(
            TrustedProxies::parse(&["10.0.0.0/33".to_owned()], ForwardedHeader::default()).is_err()
        );
        assert!(
            TrustedProxies::parse(&["proxy.local".to_owned()], ForwardedHeader::default()).is_err()
        );
        assert!("forwarded".parse::<ForwardedHeader>().is_ok());
        assert!("x-real-ip".parse::<ForwardedHeader>().is_err());
        assert!(TrustedProxies::loopback(ForwardedHeader::default()).trusts(ip("127.0.0.5")));
    }
}
