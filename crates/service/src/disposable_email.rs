//! Disposable mail domains, asked once per scored order: the `mailchecker` list (tens of
//! thousands of domains, which its own `is_valid` scans one by one for every suffix) held in a
//! hash set, built on first use.

use std::collections::HashSet;
use std::sync::LazyLock;

static DOMAINS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| mailchecker::blacklist().into_iter().collect());

/// Builds the set now (at start-up) rather than in the first scored order.
pub fn warm_up() {
    LazyLock::force(&DOMAINS);
}

/// Whether mail at `domain` (or at any parent domain of two labels or more) is disposable, as
/// `mailchecker` decides it.
pub fn is_disposable(domain: &str) -> bool {
    let domain = domain.to_lowercase();
    let mut suffix = domain.as_str();
    loop {
        if DOMAINS.contains(suffix) {
            return true;
        }
        match suffix.split_once('.') {
            Some((_, parent)) if parent.contains('.') => suffix = parent,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_disposable;

    #[test]
    fn agrees_with_mailchecker() {
        let listed = mailchecker::blacklist();
        let mut domains: Vec<String> = listed
            .iter()
            .step_by(97)
            .flat_map(|d| [d.to_string(), format!("mx.{d}"), d.to_uppercase()])
            .collect();
        domains.extend(
            [
                "example.com",
                "gmail.com",
                "docomo.ne.jp",
                "ezweb.ne.jp",
                "co.jp",
                "a.b.c.d.example.org",
            ]
            .map(str::to_owned),
        );
        for domain in &domains {
            assert_eq!(
                is_disposable(domain),
                !mailchecker::is_valid(&format!("x@{domain}")),
                "{domain}"
            );
        }
        assert!(is_disposable("mailinator.com") || !listed.contains(&"mailinator.com"));
    }
}
