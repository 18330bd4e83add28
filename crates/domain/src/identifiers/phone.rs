//! Phone numbers in E.164, with the type that tells a mobile from a 050 IP phone.

use phonenumber::{Mode, country};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text::{is_dash, is_long_vowel_mark, nfkc};
use super::{IdentifierError, IdentifierKind, NormalizedIdentifier};

/// What kind of line a number is; fake or throw-away numbers tend to be IP phones (050 in Japan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhoneType {
    Mobile,
    FixedLine,
    IpPhone,
    TollFree,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NormalizedPhone {
    e164: String,
    phone_type: PhoneType,
}

const MAX_INPUT_CHARS: usize = 40;

impl NormalizedPhone {
    /// Parses a number as a Japanese customer writes it; numbers without a country code are taken
    /// as Japanese. Only a number that libphonenumber's metadata holds valid is accepted.
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let refuse = |message: &str| IdentifierError::new("phone", message);
        if raw.chars().count() > MAX_INPUT_CHARS {
            return Err(refuse("is too long"));
        }
        let folded = nfkc(raw);
        let mut compact = String::with_capacity(folded.len());
        for c in folded.chars() {
            match c {
                '0'..='9' => compact.push(c),
                '+' if compact.is_empty() => compact.push(c),
                '(' | ')' | '.' | '/' => {}
                c if c.is_whitespace() || is_dash(c) || is_long_vowel_mark(c) => {}
                _ => {
                    return Err(refuse(
                        "may contain only digits, spaces, hyphens and a leading +",
                    ));
                }
            }
        }
        if compact.trim_start_matches('+').is_empty() {
            return Err(refuse("must not be empty"));
        }
        let number = phonenumber::parse(Some(country::Id::JP), &compact)
            .map_err(|_| refuse("is not a phone number"))?;
        if number.extension().is_some() || !phonenumber::is_valid(&number) {
            return Err(refuse("is not a valid phone number"));
        }
        let phone_type = match number.number_type(&phonenumber::metadata::DATABASE) {
            phonenumber::Type::Mobile => PhoneType::Mobile,
            phonenumber::Type::FixedLine => PhoneType::FixedLine,
            phonenumber::Type::Voip => PhoneType::IpPhone,
            phonenumber::Type::TollFree => PhoneType::TollFree,
            _ => PhoneType::Other,
        };
        Ok(Self {
            e164: number.format().mode(Mode::E164).to_string(),
            phone_type,
        })
    }

    pub fn e164(&self) -> &str {
        &self.e164
    }

    pub fn phone_type(&self) -> PhoneType {
        self.phone_type
    }

    pub fn to_identifier(&self) -> NormalizedIdentifier {
        NormalizedIdentifier::new(IdentifierKind::Phone, self.e164.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> NormalizedPhone {
        NormalizedPhone::parse(raw).expect(raw)
    }

    #[test]
    fn japanese_notations_of_one_mobile_give_one_number() {
        for raw in [
            "090-1234-5678",
            "09012345678",
            "+81 90 1234 5678",
            "+81-90-1234-5678",
            "０９０ー１２３４ー５６７８",
            "０９０－１２３４－５６７８",
            "090‐1234‐5678",
            "(090) 1234-5678",
            " 090 1234 5678 ",
            "+819012345678",
        ] {
            let phone = parsed(raw);
            assert_eq!(phone.e164(), "+819012345678", "{raw}");
            assert_eq!(phone.phone_type(), PhoneType::Mobile, "{raw}");
        }
    }

    #[test]
    fn types_follow_japanese_numbering() {
        assert_eq!(parsed("03-1234-5678").phone_type(), PhoneType::FixedLine);
        assert_eq!(parsed("03-1234-5678").e164(), "+81312345678");
        assert_eq!(parsed("050-1234-5678").phone_type(), PhoneType::IpPhone);
        assert_eq!(parsed("0120-123-456").phone_type(), PhoneType::TollFree);
        assert_eq!(parsed("080-1234-5678").phone_type(), PhoneType::Mobile);
        assert_eq!(parsed("070-1234-5678").phone_type(), PhoneType::Mobile);
    }

    #[test]
    fn foreign_numbers_keep_their_country() {
        let phone = parsed("+1 650-253-0000");
        assert_eq!(phone.e164(), "+16502530000");
    }

    #[test]
    fn invalid_numbers_are_refused_not_guessed() {
        for bad in [
            "",
            "+",
            "1234",
            "090-1234-567",
            "090-1234-56789",
            "000-0000-0000",
            "090-ABCD-5678",
            "090-1234-5678 ext. 12",
            "99999999999999999999999999999999999999999999",
        ] {
            let err = NormalizedPhone::parse(bad).expect_err(bad);
            assert_eq!(err.field, "phone");
        }
    }

    #[test]
    fn parsing_e164_again_changes_nothing() {
        let once = parsed("０９０ー１２３４ー５６７８");
        assert_eq!(parsed(once.e164()), once);
    }
}
