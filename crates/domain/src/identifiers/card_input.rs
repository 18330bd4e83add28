//! The one `card` object of every request (orders, payment attempts, fraud reports, lookups,
//! lists): the full number, or what a merchant that does not hold card data (カード情報非保持)
//! has — the BIN, the last 4 and its payment provider's card fingerprint (token).
//!
//! Matching: a number is fingerprinted as its digits; a token as `token:<provider>:<token>`
//! under the same kind (`card`) and the same consortium key. So a token matches only the same
//! token of the same provider, and never a card number (nor a number a token): the two value
//! spaces cannot meet. BIN and last 4 are kept for display and BIN signals only; they never
//! make a match on their own.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{CardNumber, IdentifierError, IdentifierKind, NormalizedIdentifier};

pub const MAX_TOKEN_CHARS: usize = 200;
pub const MAX_PROVIDER_CHARS: usize = 40;

/// A card as requests send it. Give `number`, or `fingerprint` with its `provider` (and
/// preferably `bin` and `last4`).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CardDetails {
    /// The full number: fingerprinted in memory and dropped, never stored or logged.
    pub number: Option<String>,
    /// Without the number: the first 6–8 digits…
    pub bin: Option<String>,
    /// …the last 4…
    pub last4: Option<String>,
    /// …and the payment provider's card fingerprint or token (a value the provider keeps the
    /// same for one card, e.g. a card fingerprint, not a one-time payment token).
    pub fingerprint: Option<String>,
    /// Who issued `fingerprint` (`stripe`, `gmo_pg`, `sbps`, `veritrans`, …; lowercase letters,
    /// digits, `_`, `-`, `.`). Required with `fingerprint` in the consortium: a token matches
    /// only the same provider's token.
    pub provider: Option<String>,
    /// `MM/YY`; not stored.
    pub expiry: Option<String>,
    /// Not stored.
    pub holder: Option<String>,
}

impl fmt::Debug for CardDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardDetails")
            .field("number", &self.number.as_ref().map(|_| "<redacted>"))
            .field("bin", &self.bin)
            .field("last4", &self.last4)
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

/// `card` in fraud reports, lookups and lists: the card object, or (kept for compatibility) the
/// card number as a bare string.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum RawCard {
    /// The card number as a string (the earlier form).
    Number(String),
    Details(CardDetails),
}

impl fmt::Debug for RawCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawCard::Number(_) => f.write_str("Number(<redacted>)"),
            RawCard::Details(details) => details.fmt(f),
        }
    }
}

impl From<String> for RawCard {
    fn from(number: String) -> Self {
        RawCard::Number(number)
    }
}

impl From<&str> for RawCard {
    fn from(number: &str) -> Self {
        RawCard::Number(number.to_owned())
    }
}

/// A payment provider's card fingerprint: stable for one card at one provider.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CardToken {
    provider: String,
    token: String,
    bin: Option<String>,
    last4: Option<String>,
}

impl fmt::Debug for CardToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardToken({}, {})", self.provider, self.masked())
    }
}

impl CardToken {
    pub fn provider(&self) -> &str {
        &self.provider
    }

    pub fn bin(&self) -> Option<&str> {
        self.bin.as_deref()
    }

    pub fn last4(&self) -> Option<&str> {
        self.last4.as_deref()
    }

    /// `453201…0366 (stripe token)`: what is known of the card, never the token.
    pub fn masked(&self) -> String {
        format!(
            "{}…{} ({} token)",
            self.bin.as_deref().unwrap_or("?"),
            self.last4.as_deref().unwrap_or("?"),
            self.provider
        )
    }

    pub fn to_identifier(&self) -> NormalizedIdentifier {
        NormalizedIdentifier::new(
            IdentifierKind::Card,
            format!("token:{}:{}", self.provider, self.token),
        )
    }
}

/// A card as parsed: its number, or a provider's token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedCard {
    Number(CardNumber),
    Token(CardToken),
}

fn digits(value: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&value.len()) && value.chars().all(|c| c.is_ascii_digit())
}

fn text(value: Option<&String>) -> Option<&str> {
    value.map(|v| v.trim()).filter(|v| !v.is_empty())
}

impl CardDetails {
    /// Every bad part, named under `card` (`card.number`, `card.provider`, …). With a number,
    /// the number decides (the token is not needed to match it); `Ok(None)` when the object
    /// names no card at all.
    pub fn parse(&self) -> Result<Option<ParsedCard>, Vec<IdentifierError>> {
        let mut errors = Vec::new();
        let mut refuse = |field: &str, message: String| {
            errors.push(IdentifierError::new(field, message).within("card"));
        };
        let number = text(self.number.as_ref()).and_then(|raw| {
            CardNumber::parse(raw)
                .map_err(|error| refuse("number", error.message))
                .ok()
        });
        let bin = text(self.bin.as_ref());
        if bin.is_some_and(|bin| !digits(bin, 6..=8)) {
            refuse("bin", "must have 6 to 8 digits".into());
        }
        let last4 = text(self.last4.as_ref());
        if last4.is_some_and(|last4| !digits(last4, 4..=4)) {
            refuse("last4", "must have 4 digits".into());
        }
        let token = text(self.fingerprint.as_ref());
        if token.is_some_and(|t| t.chars().count() > MAX_TOKEN_CHARS || !visible_ascii(t)) {
            refuse(
                "fingerprint",
                format!("must be 1 to {MAX_TOKEN_CHARS} visible ASCII characters"),
            );
        }
        let provider = text(self.provider.as_ref()).map(str::to_ascii_lowercase);
        if provider.as_deref().is_some_and(|p| {
            p.chars().count() > MAX_PROVIDER_CHARS
                || !p
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        }) {
            refuse(
                "provider",
                format!(
                    "must be 1 to {MAX_PROVIDER_CHARS} letters, digits, `_`, `-` or `.` (e.g. stripe)"
                ),
            );
        }
        if number.is_none() && token.is_some() && provider.is_none() {
            refuse(
                "provider",
                "name the provider that issued the fingerprint: a token matches only the same \
                 provider's token"
                    .into(),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if let Some(number) = number {
            return Ok(Some(ParsedCard::Number(number)));
        }
        Ok(match (token, provider) {
            (Some(token), Some(provider)) => Some(ParsedCard::Token(CardToken {
                provider,
                token: token.to_owned(),
                bin: bin.map(|bin| bin.chars().take(6).collect()),
                last4: last4.map(str::to_owned),
            })),
            _ => None,
        })
    }
}

fn visible_ascii(value: &str) -> bool {
    value.bytes().all(|b| (b'!'..=b'~').contains(&b))
}

impl RawCard {
    /// A bare string is a card number (errors under `card`, as before); an object is parsed
    /// part by part (errors under `card.number`, `card.bin`, …).
    pub fn parse(&self) -> Result<Option<ParsedCard>, Vec<IdentifierError>> {
        match self {
            RawCard::Number(raw) => CardNumber::parse(raw)
                .map(|number| Some(ParsedCard::Number(number)))
                .map_err(|error| vec![error]),
            RawCard::Details(details) => details.parse(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identifiers::ConsortiumKey;

    fn token(provider: &str, fingerprint: &str) -> CardDetails {
        CardDetails {
            bin: Some("453201".into()),
            last4: Some("0366".into()),
            fingerprint: Some(fingerprint.into()),
            provider: Some(provider.into()),
            ..CardDetails::default()
        }
    }

    fn identifier(card: &CardDetails) -> NormalizedIdentifier {
        match card.parse().unwrap().unwrap() {
            ParsedCard::Number(number) => number.to_identifier(),
            ParsedCard::Token(token) => token.to_identifier(),
        }
    }

    #[test]
    fn a_token_matches_only_the_same_providers_same_token() {
        let key = ConsortiumKey::from_bytes(&[7; 32]).unwrap();
        let fp = |card: &CardDetails| identifier(card).fingerprint(&key);
        let stripe = fp(&token("stripe", "Xt5EWLLDS7FJjR1c"));
        assert_eq!(stripe, fp(&token("Stripe", " Xt5EWLLDS7FJjR1c ")));
        assert_ne!(stripe, fp(&token("gmo_pg", "Xt5EWLLDS7FJjR1c")));
        assert_ne!(
            stripe,
            fp(&token("stripe", "xt5ewllds7fjjr1c")),
            "tokens are case-sensitive"
        );
        let number = CardDetails {
            number: Some("4532015112830366".into()),
            ..CardDetails::default()
        };
        assert_ne!(stripe, fp(&number), "a token never matches a card number");
        // The number decides when both are given.
        let both = CardDetails {
            number: Some("4532 0151 1283 0366".into()),
            ..token("stripe", "Xt5EWLLDS7FJjR1c")
        };
        assert_eq!(fp(&both), fp(&number));
        assert_eq!(
            fp(&number),
            fp(&CardDetails {
                number: Some("4532-0151-1283-0366".into()),
                ..CardDetails::default()
            })
        );
    }

    #[test]
    fn bad_parts_are_named_and_never_echoed() {
        let card = CardDetails {
            number: Some("4532015112830367".into()),
            bin: Some("45".into()),
            last4: Some("03a6".into()),
            fingerprint: Some("tok with space".into()),
            provider: Some("ストライプ".into()),
            ..CardDetails::default()
        };
        let errors = card.parse().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "card.number",
                "card.bin",
                "card.last4",
                "card.fingerprint",
                "card.provider"
            ]
        );
        assert!(
            errors
                .iter()
                .all(|e| !e.message.contains("4532015112830367"))
        );
        let without_provider = CardDetails {
            provider: None,
            ..token("x", "Xt5EWLLDS7FJjR1c")
        };
        assert_eq!(
            without_provider.parse().unwrap_err()[0].field,
            "card.provider"
        );
    }

    #[test]
    fn the_bare_string_is_still_a_card_number() {
        let raw: RawCard = serde_json::from_str("\"4111 1111 1111 1111\"").unwrap();
        assert!(matches!(raw.parse(), Ok(Some(ParsedCard::Number(_)))));
        assert_eq!(
            RawCard::from("4111111111111112").parse().unwrap_err()[0].field,
            "card"
        );
        let object: RawCard = serde_json::from_str(
            r#"{"bin":"453201","last4":"0366","fingerprint":"fp_1","provider":"stripe"}"#,
        )
        .unwrap();
        let Ok(Some(ParsedCard::Token(token))) = object.parse() else {
            panic!("a token");
        };
        assert_eq!(token.masked(), "453201…0366 (stripe token)");
        assert!(!format!("{token:?}").contains("fp_1"));
        assert!(!format!("{:?}", RawCard::from("4111111111111111")).contains("4111"));
    }
}
