//! The warninglist shipped with Sekisho: values that must never become negative data because
//! they are shared by countless honest customers or only ever used in testing. Operators add
//! their own (carrier NAT ranges, corporate proxies) through the admin API.

use super::IdentifierKind;

pub struct DefaultValue {
    pub kind: IdentifierKind,
    pub value: &'static str,
    pub label: &'static str,
}

pub struct DefaultRange {
    pub range: &'static str,
    pub label: &'static str,
}

const fn value(kind: IdentifierKind, value: &'static str, label: &'static str) -> DefaultValue {
    DefaultValue { kind, value, label }
}

/// Card brands' published test numbers: a merchant testing its integration must not poison the
/// consortium. Big mail providers' domains: a report names one mailbox, never the provider.
pub const VALUES: &[DefaultValue] = &[
    value(IdentifierKind::Card, "4111111111111111", "Visa test card"),
    value(
        IdentifierKind::Card,
        "4242424242424242",
        "Visa test card (Stripe)",
    ),
    value(IdentifierKind::Card, "4012888888881881", "Visa test card"),
    value(
        IdentifierKind::Card,
        "5555555555554444",
        "Mastercard test card",
    ),
    value(
        IdentifierKind::Card,
        "5105105105105100",
        "Mastercard test card",
    ),
    value(
        IdentifierKind::Card,
        "378282246310005",
        "American Express test card",
    ),
    value(
        IdentifierKind::Card,
        "371449635398431",
        "American Express test card",
    ),
    value(IdentifierKind::Card, "3530111333300000", "JCB test card"),
    value(IdentifierKind::Card, "3566002020360505", "JCB test card"),
    value(
        IdentifierKind::Card,
        "6011111111111117",
        "Discover test card",
    ),
    value(
        IdentifierKind::Card,
        "30569309025904",
        "Diners Club test card",
    ),
    value(IdentifierKind::EmailDomain, "gmail.com", "Google mail"),
    value(IdentifierKind::EmailDomain, "googlemail.com", "Google mail"),
    value(
        IdentifierKind::EmailDomain,
        "yahoo.co.jp",
        "Yahoo! JAPAN mail",
    ),
    value(
        IdentifierKind::EmailDomain,
        "ymail.ne.jp",
        "Yahoo! JAPAN mail",
    ),
    value(IdentifierKind::EmailDomain, "yahoo.com", "Yahoo mail"),
    value(IdentifierKind::EmailDomain, "outlook.com", "Microsoft mail"),
    value(IdentifierKind::EmailDomain, "outlook.jp", "Microsoft mail"),
    value(IdentifierKind::EmailDomain, "hotmail.com", "Microsoft mail"),
    value(
        IdentifierKind::EmailDomain,
        "hotmail.co.jp",
        "Microsoft mail",
    ),
    value(IdentifierKind::EmailDomain, "live.jp", "Microsoft mail"),
    value(IdentifierKind::EmailDomain, "icloud.com", "Apple mail"),
    value(IdentifierKind::EmailDomain, "me.com", "Apple mail"),
    value(
        IdentifierKind::EmailDomain,
        "docomo.ne.jp",
        "NTT docomo carrier mail",
    ),
    value(
        IdentifierKind::EmailDomain,
        "ezweb.ne.jp",
        "au carrier mail",
    ),
    value(IdentifierKind::EmailDomain, "au.com", "au carrier mail"),
    value(
        IdentifierKind::EmailDomain,
        "softbank.ne.jp",
        "SoftBank carrier mail",
    ),
    value(
        IdentifierKind::EmailDomain,
        "i.softbank.jp",
        "SoftBank carrier mail",
    ),
    value(
        IdentifierKind::EmailDomain,
        "ymobile.ne.jp",
        "Y!mobile carrier mail",
    ),
    value(IdentifierKind::EmailDomain, "rakuten.jp", "Rakuten mail"),
    value(IdentifierKind::EmailDomain, "nifty.com", "@nifty mail"),
    value(IdentifierKind::EmailDomain, "biglobe.ne.jp", "BIGLOBE mail"),
    value(IdentifierKind::EmailDomain, "ocn.ne.jp", "OCN mail"),
    value(IdentifierKind::EmailDomain, "so-net.ne.jp", "So-net mail"),
];

/// Ranges that are never one customer: private and special-purpose networks (RFC 1918, 6598
/// carrier-grade NAT, loopback, link-local, unique local) and the big public DNS resolvers.
pub const RANGES: &[DefaultRange] = &[
    DefaultRange {
        range: "10.0.0.0/8",
        label: "private network (RFC 1918)",
    },
    DefaultRange {
        range: "172.16.0.0/12",
        label: "private network (RFC 1918)",
    },
    DefaultRange {
        range: "192.168.0.0/16",
        label: "private network (RFC 1918)",
    },
    DefaultRange {
        range: "100.64.0.0/10",
        label: "carrier-grade NAT (RFC 6598)",
    },
    DefaultRange {
        range: "127.0.0.0/8",
        label: "loopback",
    },
    DefaultRange {
        range: "169.254.0.0/16",
        label: "link-local",
    },
    DefaultRange {
        range: "0.0.0.0/8",
        label: "this network",
    },
    DefaultRange {
        range: "::1/128",
        label: "loopback",
    },
    DefaultRange {
        range: "fc00::/7",
        label: "unique local addresses",
    },
    DefaultRange {
        range: "fe80::/10",
        label: "link-local",
    },
    DefaultRange {
        range: "8.8.8.8/32",
        label: "Google Public DNS",
    },
    DefaultRange {
        range: "8.8.4.4/32",
        label: "Google Public DNS",
    },
    DefaultRange {
        range: "1.1.1.1/32",
        label: "Cloudflare DNS",
    },
    DefaultRange {
        range: "1.0.0.1/32",
        label: "Cloudflare DNS",
    },
    DefaultRange {
        range: "9.9.9.9/32",
        label: "Quad9 DNS",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identifiers::single::parse_single;

    #[test]
    fn every_default_value_normalises() {
        for entry in VALUES {
            assert!(
                parse_single(entry.kind, entry.value).is_ok(),
                "{}",
                entry.value
            );
        }
    }
}
