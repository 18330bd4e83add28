//! The device tag's rules, without I/O: what a publishable tag key and a device token look like,
//! how a token is derived, and how the signals a browser reports are bounded and turned into
//! automation hints. The handlers are in `routes::device_tag`; docs/DEVICE-TAG.md explains it
//! for merchants.

use rand::Rng;
use sekisho_domain::identifiers::ConsortiumKey;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::ApiError;

pub const TAG_KEY_PREFIX: &str = "pk_live_";
pub const DEVICE_ID_PREFIX: &str = "dv_";
/// The MAC label that keeps device tokens apart from every other use of the server key.
const TOKEN_LABEL: &str = "device_tag_token";
/// Bytes of the MAC kept in a token: 128 bits.
const TOKEN_BYTES: usize = 16;

const MAX_USER_AGENT_CHARS: usize = 512;
const MAX_LANGUAGES: usize = 10;
const MAX_HINTS: usize = 32;

/// A new publishable key: `pk_live_` and 32 hex digits of randomness.
pub fn generate_tag_key() -> String {
    format!(
        "{TAG_KEY_PREFIX}{}",
        hex::encode(rand::rng().random::<[u8; 16]>())
    )
}

fn is_lower_hex(text: &str, digits: usize) -> bool {
    text.len() == digits
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `key` has the shape of a tag key (before any database lookup).
pub fn is_tag_key(key: &str) -> bool {
    key.strip_prefix(TAG_KEY_PREFIX)
        .is_some_and(|rest| is_lower_hex(rest, 32))
}

/// Whether `id` has the shape of a device token.
pub fn is_device_id(id: &str) -> bool {
    id.strip_prefix(DEVICE_ID_PREFIX)
        .is_some_and(|rest| is_lower_hex(rest, 2 * TOKEN_BYTES))
}

/// A profile id of the wrong shape (the message never repeats it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be 16 to 64 letters, digits, `_` or `-`")]
pub struct ProfileIdError;

/// The random id the script keeps in one browser profile: 16–64 of `[A-Za-z0-9_-]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileId(String);

impl ProfileId {
    pub fn parse(raw: &str) -> Result<Self, ProfileIdError> {
        let ok = (16..=64).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ProfileIdError)
        }
    }
}

/// `dv_` + the first 128 bits of HMAC-SHA256(server key, label ‖ tenant ‖ profile): stable for
/// one browser profile, different per tenant, and impossible to make without the server key.
pub fn device_token(key: &ConsortiumKey, tenant_id: Uuid, profile: &ProfileId) -> String {
    let mac = key.fingerprint_labelled(TOKEN_LABEL, &format!("{tenant_id}\u{1f}{}", profile.0));
    let bytes = mac.as_bytes();
    let kept = bytes.get(..TOKEN_BYTES).unwrap_or(bytes);
    format!("{DEVICE_ID_PREFIX}{}", hex::encode(kept))
}

/// What the script posts to `/v1/device-tag/collect`. Every signal is optional; within the
/// API's generic limits (unknown fields, control characters and strings or arrays beyond the
/// limits of docs/API.md are refused), whatever is too long or malformed for a signal is
/// dropped rather than refused, since browsers vary.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectRequest {
    /// The tenant's publishable tag key (`pk_live_…`).
    pub key: String,
    /// The random id the script keeps in this browser profile.
    pub profile_id: String,
    pub user_agent: Option<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    /// IANA time zone, e.g. `Asia/Tokyo`.
    pub timezone: Option<String>,
    pub screen: Option<Screen>,
    pub hardware_concurrency: Option<u32>,
    pub max_touch_points: Option<u32>,
    /// `navigator.webdriver`.
    #[serde(default)]
    pub webdriver: bool,
    /// Headless hints the script found (see docs/DEVICE-TAG.md for the list).
    #[serde(default)]
    pub hints: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Screen {
    pub width: u32,
    pub height: u32,
    pub color_depth: Option<u32>,
}

/// Hints that alone mean automation.
const STRONG_HINTS: &[&str] = &["webdriver", "headless_user_agent", "automation_globals"];
/// Hints that mean automation when two or more are seen together.
const WEAK_HINTS: &[&str] = &[
    "no_plugins",
    "no_languages",
    "no_window_chrome",
    "notification_permission_inconsistent",
    "zero_outer_size",
    "user_agent_mismatch",
];

/// The signals, bounded and checked, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signals {
    pub user_agent: Option<String>,
    pub languages: Vec<String>,
    pub timezone: Option<String>,
    pub screen: Option<String>,
    pub hardware_concurrency: Option<i16>,
    pub max_touch_points: Option<i16>,
    pub automation: bool,
    /// Sorted, known hints only.
    pub automation_hints: Vec<String>,
}

/// Checks the key's and profile's shape and bounds every signal. `header_user_agent` is the
/// request's own User-Agent, compared with what the script saw.
pub fn parse(
    request: &CollectRequest,
    header_user_agent: Option<&str>,
) -> Result<(ProfileId, Signals), ApiError> {
    let profile = ProfileId::parse(&request.profile_id)
        .map_err(|error| ApiError::field("profile_id", error.to_string()))?;
    let user_agent = request
        .user_agent
        .as_deref()
        .or(header_user_agent)
        .map(|ua| ua.chars().take(MAX_USER_AGENT_CHARS).collect::<String>())
        .filter(|ua| !ua.trim().is_empty());
    let languages = request
        .languages
        .iter()
        .filter(|tag| {
            (1..=35).contains(&tag.len())
                && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .take(MAX_LANGUAGES)
        .cloned()
        .collect();
    let timezone = request.timezone.clone().filter(|zone| {
        (1..=64).contains(&zone.len())
            && zone
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b))
    });
    let screen = request
        .screen
        .filter(|s| s.width <= 100_000 && s.height <= 100_000)
        .map(|s| match s.color_depth.filter(|depth| *depth <= 64) {
            Some(depth) => format!("{}x{}x{depth}", s.width, s.height),
            None => format!("{}x{}", s.width, s.height),
        });
    let small = |n: Option<u32>| n.and_then(|n| i16::try_from(n).ok());

    let mut hints: Vec<String> = request
        .hints
        .iter()
        .take(MAX_HINTS)
        .filter(|hint| WEAK_HINTS.contains(&hint.as_str()) || *hint == "automation_globals")
        .cloned()
        .collect();
    if request.webdriver {
        hints.push("webdriver".into());
    }
    if user_agent
        .as_deref()
        .is_some_and(|ua| ua.contains("Headless") || ua.contains("PhantomJS"))
    {
        hints.push("headless_user_agent".into());
    }
    if let (Some(seen), Some(sent)) = (request.user_agent.as_deref(), header_user_agent)
        && seen != sent
    {
        hints.push("user_agent_mismatch".into());
    }
    hints.sort();
    hints.dedup();
    let strong = hints.iter().any(|h| STRONG_HINTS.contains(&h.as_str()));
    let weak = hints
        .iter()
        .filter(|h| WEAK_HINTS.contains(&h.as_str()))
        .count();

    Ok((
        profile,
        Signals {
            user_agent,
            languages,
            timezone,
            screen,
            hardware_concurrency: small(request.hardware_concurrency),
            max_touch_points: small(request.max_touch_points),
            automation: strong || weak >= 2,
            automation_hints: hints,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                          Chrome/140.0.0.0 Safari/537.36";

    fn key() -> ConsortiumKey {
        ConsortiumKey::from_bytes(&[7; 32]).unwrap()
    }

    fn request(profile: &str) -> CollectRequest {
        CollectRequest {
            key: generate_tag_key(),
            profile_id: profile.into(),
            user_agent: Some(CHROME.into()),
            languages: vec!["ja-JP".into(), "en".into()],
            timezone: Some("Asia/Tokyo".into()),
            ..Default::default()
        }
    }

    #[test]
    fn tokens_are_stable_per_profile_and_tenant_and_differ_otherwise() {
        let profile = ProfileId::parse("0123456789abcdef0123").unwrap();
        let other = ProfileId::parse("0123456789abcdef0124").unwrap();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let token = device_token(&key(), a, &profile);
        assert!(is_device_id(&token), "{token}");
        assert_eq!(token, device_token(&key(), a, &profile));
        assert_ne!(token, device_token(&key(), a, &other));
        assert_ne!(token, device_token(&key(), b, &profile));
        let other_key = ConsortiumKey::from_bytes(&[8; 32]).unwrap();
        assert_ne!(token, device_token(&other_key, a, &profile));
    }

    #[test]
    fn shapes() {
        assert!(is_tag_key(&generate_tag_key()));
        assert!(!is_tag_key("pk_live_XYZ"));
        assert!(!is_tag_key("sk_live_0123456789abcdef0123456789abcdef"));
        assert!(!is_device_id("dv_0123"));
        assert!(ProfileId::parse("short").is_err());
        assert!(ProfileId::parse("has spaces in it, sixteen+").is_err());
    }

    #[test]
    fn a_plain_browser_is_not_automated() {
        let (_, signals) = parse(&request("profile-0000000001"), Some(CHROME)).unwrap();
        assert!(!signals.automation);
        assert!(signals.automation_hints.is_empty());
        assert_eq!(signals.languages, ["ja-JP", "en"]);
    }

    #[test]
    fn webdriver_or_a_headless_agent_alone_flags_automation() {
        let mut webdriver = request("profile-0000000001");
        webdriver.webdriver = true;
        let (_, signals) = parse(&webdriver, Some(CHROME)).unwrap();
        assert!(signals.automation);
        assert_eq!(signals.automation_hints, ["webdriver"]);

        let mut headless = request("profile-0000000001");
        headless.user_agent = Some(CHROME.replace("Chrome/", "HeadlessChrome/"));
        let ua = headless.user_agent.clone();
        let (_, signals) = parse(&headless, ua.as_deref()).unwrap();
        assert_eq!(signals.automation_hints, ["headless_user_agent"]);
        assert!(signals.automation);
    }

    #[test]
    fn one_weak_hint_is_not_enough_two_are_and_unknown_hints_are_dropped() {
        let mut one = request("profile-0000000001");
        one.hints = vec!["no_plugins".into(), "made_up".into(), "no_plugins".into()];
        let (_, signals) = parse(&one, Some(CHROME)).unwrap();
        assert!(!signals.automation);
        assert_eq!(signals.automation_hints, ["no_plugins"]);

        let mut two = one;
        two.hints.push("zero_outer_size".into());
        let (_, signals) = parse(&two, Some(CHROME)).unwrap();
        assert!(signals.automation);
    }

    #[test]
    fn malformed_signals_are_dropped_and_long_ones_cut() {
        let mut odd = request("profile-0000000001");
        odd.user_agent = Some("x".repeat(5000));
        odd.languages = vec!["<script>".into(), "en-US".into()];
        odd.timezone = Some("Asia/Tokyo; DROP".into());
        odd.screen = Some(Screen {
            width: 1366,
            height: 768,
            color_depth: Some(24),
        });
        odd.hardware_concurrency = Some(1_000_000);
        let (_, signals) = parse(&odd, None).unwrap();
        assert_eq!(
            signals.user_agent.map(|ua| ua.len()),
            Some(MAX_USER_AGENT_CHARS)
        );
        assert_eq!(signals.languages, ["en-US"]);
        assert_eq!(signals.timezone, None);
        assert_eq!(signals.screen.as_deref(), Some("1366x768x24"));
        assert_eq!(signals.hardware_concurrency, None);
    }
}
