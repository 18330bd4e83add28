//! Card numbers for tests: Luhn-valid, from test issuer ranges.

/// `body` (digits) with the check digit that makes it Luhn-valid appended.
pub fn luhn_completed(body: &str) -> String {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            // Doubled: every second digit from the right once the check digit is appended.
            if i % 2 == 0 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_known_numbers() {
        assert_eq!(luhn_completed("455673758689985"), "4556737586899855");
        assert_eq!(luhn_completed("411111111111111"), "4111111111111111");
        assert_eq!(luhn_completed("353011133330000"), "3530111333300000");
    }
}
