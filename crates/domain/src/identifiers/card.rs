//! Payment card numbers: checked, split into the parts that may be kept (BIN, last 4), and the
//! full digits offered only for fingerprinting.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text::{is_dash, is_long_vowel_mark, nfkc};
use super::{IdentifierError, IdentifierKind, NormalizedIdentifier};

/// A card network. Its name (`visa`, `jcb`, …) is the one mapping used everywhere: JSON,
/// analytics, stored payment attempts.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CardBrand {
    Visa,
    Mastercard,
    Jcb,
    Amex,
    Diners,
    Discover,
    Unionpay,
    Unknown,
}

crate::vocabulary!(CardBrand);

impl CardBrand {
    /// A guess from the leading digits (the ranges the networks publish); a BIN table imported
    /// later knows better.
    pub fn from_digits(digits: &str) -> Self {
        let prefix =
            |len: usize| -> u32 { digits.get(..len).and_then(|p| p.parse().ok()).unwrap_or(0) };
        match (prefix(1), prefix(2), prefix(3), prefix(4)) {
            (4, ..) => Self::Visa,
            (_, 34 | 37, ..) => Self::Amex,
            (_, _, _, 3528..=3589) => Self::Jcb,
            (_, 36 | 38 | 39, ..) | (_, _, 300..=305, _) | (_, _, _, 3095) => Self::Diners,
            (_, 51..=55, ..) | (_, _, _, 2221..=2720) => Self::Mastercard,
            (_, 65, ..) | (_, _, 644..=649, _) | (_, _, _, 6011) => Self::Discover,
            (_, 62, ..) => Self::Unionpay,
            _ => Self::Unknown,
        }
    }
}

/// A Luhn-valid card number. Neither Debug nor Display shows it whole.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CardNumber(String);

impl CardNumber {
    pub const MIN_DIGITS: usize = 12;
    pub const MAX_DIGITS: usize = 19;

    /// Accepts digits separated by spaces or any dash, full-width included.
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let refuse = |message: &str| IdentifierError::new("card", message);
        let mut digits = String::with_capacity(Self::MAX_DIGITS);
        for c in nfkc(raw).chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !(c.is_whitespace() || is_dash(c) || is_long_vowel_mark(c)) {
                return Err(refuse("may contain only digits, spaces and hyphens"));
            }
            if digits.len() > Self::MAX_DIGITS {
                return Err(refuse("must have 12 to 19 digits"));
            }
        }
        if digits.len() < Self::MIN_DIGITS {
            return Err(refuse("must have 12 to 19 digits"));
        }
        if !luhn_valid(&digits) {
            return Err(refuse("is not a valid card number (check digit)"));
        }
        Ok(Self(digits))
    }

    /// The issuer identification number: 8 digits for cards of 16 digits or more (ISO/IEC 7812
    /// since 2022), 6 otherwise.
    pub fn bin(&self) -> &str {
        let len = if self.0.len() >= 16 { 8 } else { 6 };
        self.0.get(..len).unwrap_or_default()
    }

    pub fn last4(&self) -> &str {
        self.0.get(self.0.len() - 4..).unwrap_or_default()
    }

    pub fn brand(&self) -> CardBrand {
        CardBrand::from_digits(&self.0)
    }

    /// First 6 and last 4 with the rest starred, the display PCI DSS allows.
    pub fn masked(&self) -> String {
        let hidden = self.0.len() - 10;
        format!(
            "{}{}{}",
            self.0.get(..6).unwrap_or_default(),
            "*".repeat(hidden),
            self.last4()
        )
    }

    /// The full digits, only to be fingerprinted in memory and dropped.
    pub fn digits_for_fingerprint(&self) -> &str {
        &self.0
    }

    pub fn to_identifier(&self) -> NormalizedIdentifier {
        NormalizedIdentifier::new(IdentifierKind::Card, self.0.clone())
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

pub(crate) fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn separators_and_width_fold() {
        for raw in [
            "4111111111111111",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "４１１１　１１１１　１１１１　１１１１",
            "４１１１ー１１１１ー１１１１ー１１１１",
        ] {
            let card = CardNumber::parse(raw).expect(raw);
            assert_eq!(card.digits_for_fingerprint(), "4111111111111111");
        }
    }

    #[test]
    fn bin_last4_and_mask() {
        let visa = CardNumber::parse("4111 1111 1111 1111").unwrap();
        assert_eq!(visa.bin(), "41111111");
        assert_eq!(visa.last4(), "1111");
        assert_eq!(format!("{visa:?}"), "411111******1111");
        let amex = CardNumber::parse("3782 822463 10005").unwrap();
        assert_eq!(amex.bin(), "378282");
        assert_eq!(amex.last4(), "0005");
        assert_eq!(amex.masked(), "378282*****0005");
    }

    #[test]
    fn brands_from_well_known_test_numbers() {
        for (number, brand) in [
            ("4111111111111111", CardBrand::Visa),
            ("5555555555554444", CardBrand::Mastercard),
            ("2223003122003222", CardBrand::Mastercard),
            ("3530111333300000", CardBrand::Jcb),
            ("3566002020360505", CardBrand::Jcb),
            ("378282246310005", CardBrand::Amex),
            ("30569309025904", CardBrand::Diners),
            ("36227206271667", CardBrand::Diners),
            ("6011111111111117", CardBrand::Discover),
            ("6200000000000005", CardBrand::Unionpay),
            ("9999999999999995", CardBrand::Unknown),
        ] {
            assert_eq!(
                CardNumber::parse(number).expect(number).brand(),
                brand,
                "{number}"
            );
        }
    }

    #[test]
    fn invalid_numbers_are_refused() {
        for bad in [
            "",
            "4111111111111112",
            "41111111111",
            "41111111111111111111",
            "4111 1111 1111 111a",
        ] {
            assert_eq!(CardNumber::parse(bad).expect_err(bad).field, "card");
        }
    }

    /// Appends the check digit that makes `body` Luhn-valid.
    fn with_check_digit(body: &str) -> String {
        (0..10)
            .map(|d| format!("{body}{d}"))
            .find(|candidate| luhn_valid(candidate))
            .expect("one of ten check digits is valid")
    }

    proptest! {
        #[test]
        fn any_luhn_valid_number_survives_any_separators(
            body in "[0-9]{11,18}",
            separators in proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("-"), Just("－"), Just("　")], 19),
        ) {
            let number = with_check_digit(&body);
            let written: String = number
                .chars()
                .zip(separators.iter())
                .map(|(c, sep)| format!("{c}{sep}"))
                .collect();
            let card = CardNumber::parse(&written).unwrap();
            prop_assert_eq!(card.digits_for_fingerprint(), number.as_str());
            let shown = format!("{card:?}");
            prop_assert!(!shown.contains(&number));
        }
    }
}
