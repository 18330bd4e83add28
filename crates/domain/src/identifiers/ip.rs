//! IP addresses in canonical text, and the network prefix a customer's address moves within.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::text::nfkc;
use super::{IdentifierError, IdentifierKind, NormalizedIdentifier};

/// Prefix lengths of the `ip_prefix` key: a home or mobile customer keeps the /24 (IPv4) or the
/// /64 (IPv6, one subscriber's LAN) when the last bits change.
pub const IPV4_PREFIX_LEN: u8 = 24;
pub const IPV6_PREFIX_LEN: u8 = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NormalizedIp(IpAddr);

impl NormalizedIp {
    /// Accepts IPv4, IPv6 (also in brackets) and IPv4-mapped IPv6, which is folded to IPv4 since
    /// a dual-stack proxy reports one client either way.
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let folded = nfkc(raw.trim());
        let unbracketed = folded
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .unwrap_or(&folded);
        let ip: IpAddr = unbracketed
            .parse()
            .map_err(|_| IdentifierError::new("ip", "is not an IPv4 or IPv6 address"))?;
        Ok(Self(ip.to_canonical()))
    }

    pub fn addr(&self) -> IpAddr {
        self.0
    }

    /// RFC 5952 text for IPv6 (lower case, longest zero run compressed), dotted quad for IPv4.
    pub fn canonical(&self) -> String {
        self.0.to_string()
    }

    /// The network in CIDR notation, e.g. `203.0.113.0/24` or `2001:db8:1:2::/64`.
    pub fn prefix(&self) -> String {
        match self.0 {
            IpAddr::V4(v4) => {
                let mask = u32::MAX << (32 - u32::from(IPV4_PREFIX_LEN));
                format!("{}/{IPV4_PREFIX_LEN}", Ipv4Addr::from(v4.to_bits() & mask))
            }
            IpAddr::V6(v6) => {
                let mask = u128::MAX << (128 - u32::from(IPV6_PREFIX_LEN));
                format!("{}/{IPV6_PREFIX_LEN}", Ipv6Addr::from(v6.to_bits() & mask))
            }
        }
    }

    /// Two identifiers: the address itself and its prefix.
    pub fn to_identifiers(&self) -> [NormalizedIdentifier; 2] {
        [
            NormalizedIdentifier::new(IdentifierKind::Ip, self.canonical()),
            NormalizedIdentifier::new(IdentifierKind::IpPrefix, self.prefix()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> NormalizedIp {
        NormalizedIp::parse(raw).expect(raw)
    }

    #[test]
    fn ipv4_and_its_prefix() {
        let ip = parsed(" 203.0.113.77 ");
        assert_eq!(ip.canonical(), "203.0.113.77");
        assert_eq!(ip.prefix(), "203.0.113.0/24");
        assert_eq!(parsed("２０３．０．１１３．７７"), ip);
    }

    #[test]
    fn ipv6_is_canonical_and_prefixed_at_64() {
        let ip = parsed("2001:0DB8:0000:0001:0000:0000:0000:00FF");
        assert_eq!(ip.canonical(), "2001:db8:0:1::ff");
        assert_eq!(ip.prefix(), "2001:db8:0:1::/64");
        assert_eq!(parsed("[2001:db8:0:1::ff]"), ip);
    }

    #[test]
    fn ipv4_mapped_ipv6_is_ipv4() {
        assert_eq!(parsed("::ffff:192.0.2.1").canonical(), "192.0.2.1");
        assert_eq!(parsed("::ffff:c000:0201").prefix(), "192.0.2.0/24");
    }

    #[test]
    fn garbage_is_refused() {
        for bad in [
            "",
            "1.2.3",
            "256.0.0.1",
            "1.2.3.4/24",
            "fe80::1%eth0",
            "example.jp",
        ] {
            assert_eq!(NormalizedIp::parse(bad).expect_err(bad).field, "ip");
        }
    }

    #[test]
    fn identifiers_are_ip_and_prefix() {
        let [ip, prefix] = parsed("198.51.100.9").to_identifiers();
        assert_eq!(
            (ip.kind(), ip.value()),
            (IdentifierKind::Ip, "198.51.100.9")
        );
        assert_eq!(
            (prefix.kind(), prefix.value()),
            (IdentifierKind::IpPrefix, "198.51.100.0/24")
        );
    }
}
