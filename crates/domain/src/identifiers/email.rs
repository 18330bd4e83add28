//! Email addresses folded to the mailbox that actually receives the mail.

use super::text::nfkc;
use super::{IdentifierError, IdentifierKind, NormalizedIdentifier};

/// Providers that deliver `t.a.r.o@` and `taro@` to one mailbox, mapped to their canonical domain.
const DOT_BLIND_PROVIDERS: &[(&str, &str)] =
    &[("gmail.com", "gmail.com"), ("googlemail.com", "gmail.com")];

const MAX_LOCAL_BYTES: usize = 64;
const MAX_ADDRESS_BYTES: usize = 254;

/// An email address reduced to its mailbox: `Taro.Yamada+shop@GoogleMail.com` and
/// `taroyamada@gmail.com` are one person.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NormalizedEmail {
    local: String,
    domain: String,
}

impl NormalizedEmail {
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let refuse = |message: &str| IdentifierError::new("email", message);
        let folded = nfkc(raw.trim()).to_lowercase();
        if folded.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(refuse("must not contain spaces"));
        }
        let Some((local, domain)) = folded.rsplit_once('@') else {
            return Err(refuse("must contain an @"));
        };
        let domain = ascii_domain(domain).ok_or_else(|| refuse("domain is not valid"))?;
        let local =
            canonical_local(local, &domain).ok_or_else(|| refuse("local part is not valid"))?;
        let domain = DOT_BLIND_PROVIDERS
            .iter()
            .find(|(alias, _)| *alias == domain)
            .map_or(domain, |(_, canonical)| (*canonical).to_owned());
        if local.len() + 1 + domain.len() > MAX_ADDRESS_BYTES {
            return Err(refuse("is too long"));
        }
        Ok(Self { local, domain })
    }

    /// The domain in ASCII (punycode), for disposable-domain and warninglist checks.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub fn local_part(&self) -> &str {
        &self.local
    }

    pub fn canonical(&self) -> String {
        format!("{}@{}", self.local, self.domain)
    }

    pub fn to_identifier(&self) -> NormalizedIdentifier {
        NormalizedIdentifier::new(IdentifierKind::Email, self.canonical())
    }

    pub fn domain_identifier(&self) -> NormalizedIdentifier {
        NormalizedIdentifier::new(IdentifierKind::EmailDomain, self.domain.clone())
    }

    /// For the reporting tenant's own lists: first letter of the mailbox and the domain.
    pub fn masked(&self) -> String {
        let first: String = self.local.chars().take(1).collect();
        format!("{first}***@{}", self.domain)
    }
}

/// Applies IDNA (so that `例え.jp` and `xn--r8jz45g.jp` match) and checks host-name syntax.
fn ascii_domain(domain: &str) -> Option<String> {
    let ascii = idna::domain_to_ascii(domain.trim_end_matches('.')).ok()?;
    let labels: Vec<&str> = ascii.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|tld| tld.len() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
    (labels.len() >= 2 && ascii.len() <= 253 && labels.iter().all(label_ok) && tld_ok)
        .then_some(ascii)
}

/// Drops the `+tag` and, where the provider ignores them, the dots. Consecutive dots and dots at
/// either end are accepted: docomo and au issued such addresses for years and they still receive
/// mail, so refusing them would refuse real Japanese customers.
fn canonical_local(local: &str, domain: &str) -> Option<String> {
    let allowed = |c: char| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
    if local.is_empty() || local.len() > MAX_LOCAL_BYTES || !local.chars().all(allowed) {
        return None;
    }
    let untagged = match local.split_once('+') {
        Some((base, _)) if !base.is_empty() => base,
        _ => local,
    };
    let dot_blind = DOT_BLIND_PROVIDERS
        .iter()
        .any(|(alias, _)| *alias == domain);
    let canonical: String = if dot_blind {
        untagged.chars().filter(|&c| c != '.').collect()
    } else {
        untagged.to_owned()
    };
    (!canonical.is_empty() && canonical.chars().any(|c| c != '.')).then_some(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(raw: &str) -> String {
        NormalizedEmail::parse(raw).expect(raw).canonical()
    }

    #[test]
    fn case_width_and_spaces_fold() {
        assert_eq!(
            canonical("  Taro.Yamada@Example.CO.JP "),
            "taro.yamada@example.co.jp"
        );
        assert_eq!(
            canonical("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
            "taro@example.jp"
        );
    }

    #[test]
    fn tags_are_removed_for_every_provider() {
        assert_eq!(canonical("taro+rakuten@example.jp"), "taro@example.jp");
        assert_eq!(canonical("taro+a+b@example.jp"), "taro@example.jp");
    }

    #[test]
    fn gmail_ignores_dots_and_googlemail_is_gmail() {
        assert_eq!(
            canonical("Taro.Yamada+shop@GoogleMail.com"),
            "taroyamada@gmail.com"
        );
        assert_eq!(canonical("t.a.r.o@gmail.com"), "taro@gmail.com");
        // Other providers deliver dotted and undotted names to different people.
        assert_eq!(canonical("t.a.r.o@yahoo.co.jp"), "t.a.r.o@yahoo.co.jp");
    }

    #[test]
    fn idn_domains_become_punycode() {
        let email = NormalizedEmail::parse("info@例え.jp").unwrap();
        assert_eq!(email.domain(), "xn--r8jz45g.jp");
        assert_eq!(canonical("info@xn--r8jz45g.jp"), email.canonical());
    }

    #[test]
    fn old_japanese_carrier_addresses_are_accepted() {
        assert_eq!(
            canonical("taro..yamada.@docomo.ne.jp"),
            "taro..yamada.@docomo.ne.jp"
        );
    }

    #[test]
    fn invalid_addresses_are_refused() {
        for bad in [
            "",
            "taro",
            "taro@",
            "@example.jp",
            "taro@localhost",
            "taro@exa mple.jp",
            "ta ro@example.jp",
            "taro@-example.jp",
            "taro@example.123",
            "taro@example..jp",
            "\"taro\"@example.jp",
        ] {
            let err = NormalizedEmail::parse(bad).expect_err(bad);
            assert_eq!(err.field, "email");
        }
    }

    #[test]
    fn parsing_a_canonical_address_changes_nothing() {
        let once = canonical("Taro.Yamada+x@GMAIL.com");
        assert_eq!(canonical(&once), once);
    }
}
