//! Values that make up staff accounts and tenants: login emails, passwords, display names.

use thiserror::Error;

/// Why a value was refused; the message is shown to the caller as it is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct ValueError(pub String);

fn refuse(message: impl Into<String>) -> ValueError {
    ValueError(message.into())
}

/// A staff member's login email, trimmed and lower-cased so that one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccountEmail(String);

impl AccountEmail {
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let value = raw.trim().to_lowercase();
        let Some((local, domain)) = value.split_once('@') else {
            return Err(refuse("email must contain one @"));
        };
        let plausible = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && value.len() <= 254
            && !value.chars().any(char::is_whitespace);
        if plausible {
            Ok(Self(value))
        } else {
            Err(refuse("email is not a valid address"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that meets the platform's minimum: long enough to resist guessing, short enough
/// that hashing it cannot be used to exhaust the server.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_BYTES: usize = 1024;

    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        if raw.chars().count() < Self::MIN_CHARS {
            return Err(refuse(format!(
                "password must have at least {} characters",
                Self::MIN_CHARS
            )));
        }
        if raw.len() > Self::MAX_BYTES {
            return Err(refuse(format!(
                "password must have at most {} bytes",
                Self::MAX_BYTES
            )));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A human-chosen name for a tenant or an API key: trimmed, non-empty, bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(refuse("name must not be empty"));
        }
        if value.chars().count() > Self::MAX_CHARS {
            return Err(refuse(format!(
                "name must have at most {} characters",
                Self::MAX_CHARS
            )));
        }
        if value.chars().any(char::is_control) {
            return Err(refuse("name must not contain control characters"));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails_are_folded_to_one_account() {
        let email = AccountEmail::parse("  Owner@Example.JP ").unwrap();
        assert_eq!(email.as_str(), "owner@example.jp");
        for bad in ["", "no-at", "a@b", "@x.jp", "a@.jp", "a b@x.jp", "a@x.jp."] {
            assert!(AccountEmail::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn passwords_have_bounds_and_never_print() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse(&"x".repeat(2000)).is_err());
        let password = Password::parse("correct horse battery").unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse(" 関所商店 ").unwrap().as_str(),
            "関所商店"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse("a\u{0}b").is_err());
        assert!(DisplayName::parse(&"名".repeat(201)).is_err());
    }

    proptest! {
        #[test]
        fn parsed_emails_are_stable(local in "[a-zA-Z0-9._+-]{1,20}", domain in "[a-z]{1,10}\\.[a-z]{2,3}") {
            let raw = format!("{local}@{domain}");
            let once = AccountEmail::parse(&raw).unwrap();
            let twice = AccountEmail::parse(once.as_str()).unwrap();
            prop_assert_eq!(once, twice);
        }
    }
}
