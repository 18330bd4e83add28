//! IP addresses and networks as reference lists write them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::problem::{LineErrorCode, Problem};

const NOT_AN_ADDRESS: &str = "is not an IP address or CIDR range";

/// A refused network as a line's problem: not an address at all, or a wrong prefix.
pub fn network_problem(column: &str, reason: &'static str) -> Problem {
    let code = if reason == NOT_AN_ADDRESS {
        LineErrorCode::InvalidIp
    } else {
        LineErrorCode::InvalidNetwork
    };
    Problem::new(code, format!("{column}: {reason}"))
}

/// An address: IPv4 or IPv6 text, or (IP2Location style) IPv4 as a decimal number.
pub fn parse_ip(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    text.parse::<u32>()
        .ok()
        .map(|n| IpAddr::V4(Ipv4Addr::from(n)))
}

/// A network in CIDR notation; a host address is its own /32 or /128. Bits set right of the
/// prefix (`10.0.0.1/8`) are refused, as PostgreSQL's `cidr` refuses them: the list is wrong.
pub fn parse_network(text: &str) -> Result<(IpAddr, u8), &'static str> {
    let text = text.trim();
    let (address, length) = match text.split_once('/') {
        Some((address, length)) => (
            address,
            Some(
                length
                    .parse::<u8>()
                    .map_err(|_| "prefix length is not a number")?,
            ),
        ),
        None => (text, None),
    };
    let address: IpAddr = address.parse().map_err(|_| NOT_AN_ADDRESS)?;
    let max = if address.is_ipv4() { 32 } else { 128 };
    let length = length.unwrap_or(max);
    if length > max {
        return Err("prefix length is too long");
    }
    if first_address(address, length) != address {
        return Err("has bits set right of the prefix length");
    }
    Ok((address, length))
}

/// `203.0.113.0/24` → `203.0.113.0/24`; `203.0.113.7` → `203.0.113.7/32`.
pub fn cidr_text((address, length): (IpAddr, u8)) -> String {
    format!("{address}/{length}")
}

pub fn first_address(address: IpAddr, length: u8) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(Ipv4Addr::from(v4.to_bits() & mask32(length))),
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(v6.to_bits() & mask128(length))),
    }
}

pub fn last_address(address: IpAddr, length: u8) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(Ipv4Addr::from(v4.to_bits() | !mask32(length))),
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(v6.to_bits() | !mask128(length))),
    }
}

fn mask32(length: u8) -> u32 {
    u32::MAX
        .checked_shl(32 - u32::from(length.min(32)))
        .unwrap_or(0)
}

fn mask128(length: u8) -> u128 {
    u128::MAX
        .checked_shl(128 - u32::from(length.min(128)))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn hosts_become_single_address_networks() {
        assert_eq!(
            cidr_text(parse_network("203.0.113.7").unwrap()),
            "203.0.113.7/32"
        );
        assert_eq!(
            cidr_text(parse_network("2001:db8::1").unwrap()),
            "2001:db8::1/128"
        );
        assert_eq!(
            cidr_text(parse_network(" 10.0.0.0/8 ").unwrap()),
            "10.0.0.0/8"
        );
        assert_eq!(cidr_text(parse_network("0.0.0.0/0").unwrap()), "0.0.0.0/0");
    }

    #[test]
    fn wrong_networks_are_refused() {
        assert!(parse_network("10.0.0.1/8").is_err());
        assert!(parse_network("10.0.0.0/33").is_err());
        assert!(parse_network("10.0.0/8").is_err());
        assert!(parse_network("example.com").is_err());
    }

    #[test]
    fn ranges_span_their_network() {
        let (address, length) = parse_network("192.0.2.0/24").unwrap();
        assert_eq!(last_address(address, length).to_string(), "192.0.2.255");
        let (address, length) = parse_network("2001:db8::/32").unwrap();
        assert_eq!(
            last_address(address, length).to_string(),
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"
        );
        assert_eq!(parse_ip("16777216").unwrap().to_string(), "1.0.0.0");
    }
}
