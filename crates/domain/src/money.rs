//! Amounts of money in a currency's minor unit, so that yen and cents add up exactly.

use iso_currency::Currency;

use crate::ValueError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    /// In the currency's minor unit: yen for JPY, cents for USD, fils for KWD.
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    /// Parses a decimal amount as written in JSON (`12800`, `49.99`) in an ISO 4217 currency.
    /// More decimals than the currency has, negative or absurd amounts are refused.
    pub fn parse(amount: &str, currency: &str) -> Result<Money, ValueError> {
        let code = currency.trim().to_ascii_uppercase();
        let currency = Currency::from_code(&code)
            .ok_or_else(|| ValueError(format!("'{currency}' is not an ISO 4217 currency code")))?;
        let exponent = u32::from(currency.exponent().unwrap_or(0));
        let amount = amount.trim();
        let (whole, fraction) = amount.split_once('.').unwrap_or((amount, ""));
        let digits_only = |part: &str| part.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits_only(whole) || !digits_only(fraction) {
            return Err(ValueError(format!(
                "'{amount}' is not a non-negative amount"
            )));
        }
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > exponent as usize {
            return Err(ValueError(format!(
                "{code} has {exponent} decimal places; '{amount}' has more"
            )));
        }
        let scale = 10i64.pow(exponent);
        let whole: i64 = whole
            .parse()
            .ok()
            .filter(|value: &i64| *value <= i64::MAX / scale / 10)
            .ok_or_else(|| ValueError(format!("'{amount}' is too large")))?;
        let padded = format!("{fraction:0<width$}", width = exponent as usize);
        let fraction: i64 = if padded.is_empty() {
            0
        } else {
            padded.parse().unwrap_or(0)
        };
        Ok(Money {
            minor: whole * scale + fraction,
            currency,
        })
    }

    pub fn code(&self) -> String {
        self.currency.code().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_become_exact_minor_units() {
        assert_eq!(Money::parse("12800", "jpy").unwrap().minor, 12800);
        assert_eq!(Money::parse("49.99", "USD").unwrap().minor, 4999);
        assert_eq!(Money::parse("49.9", "USD").unwrap().minor, 4990);
        assert_eq!(Money::parse("1.250", "KWD").unwrap().minor, 1250);
        assert_eq!(Money::parse("100.00", "JPY").unwrap().minor, 100);
        assert!(Money::parse("1.5", "JPY").is_err());
        assert!(Money::parse("-3", "JPY").is_err());
        assert!(Money::parse("3", "XYZ").is_err());
        assert!(Money::parse("1e3", "JPY").is_err());
        assert!(Money::parse("99999999999999999999", "JPY").is_err());
    }
}
