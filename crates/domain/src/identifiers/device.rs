//! Device identifiers from merchants' fingerprinting scripts or apps.

use super::text::nfkc;
use super::{IdentifierError, IdentifierKind, NormalizedIdentifier};

/// An opaque device id. Case is kept: ids are often base64, where case matters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeviceId(String);

impl DeviceId {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let refuse = |message: &str| IdentifierError::new("device_id", message);
        let value = nfkc(raw.trim());
        if value.is_empty() {
            return Err(refuse("must not be empty"));
        }
        if value.chars().count() > Self::MAX_CHARS {
            return Err(refuse("must have at most 200 characters"));
        }
        // Printable ASCII only: ids are machine-made, so anything else is noise or an injection try.
        if !value.chars().all(|c| c.is_ascii_graphic()) {
            return Err(refuse("may contain only printable ASCII without spaces"));
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn to_identifier(&self) -> NormalizedIdentifier {
        NormalizedIdentifier::new(IdentifierKind::DeviceId, self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_folds_width_but_keeps_case() {
        let id = DeviceId::parse("  ｄｅｖ-AbC_123==  ").unwrap();
        assert_eq!(id.as_str(), "dev-AbC_123==");
    }

    #[test]
    fn refuses_empty_long_and_odd_characters() {
        let long = "a".repeat(201);
        for bad in ["", "   ", "dev 1", "端末1", "dev\u{0}", long.as_str()] {
            assert_eq!(DeviceId::parse(bad).expect_err(bad).field, "device_id");
        }
        assert!(DeviceId::parse(&"a".repeat(200)).is_ok());
    }
}
