//! The role matrix: who may call each operation, written with the very extractors the handlers
//! take (`<Permitted<SystemsOrOwner>>::ADMITS` is what `Permitted<SystemsOrOwner>` enforces).
//! docs/ROLES.md is rendered from it (a test keeps the two equal), and the role-matrix test
//! calls every operation of the OpenAPI document as every kind of caller and holds the answers
//! to this table, so a route without a row, or a handler whose extractor disagrees with its row,
//! fails the test.

use sekisho_domain::Role;

use crate::auth::caller::{
    Admits, AnyRole, ApiKeyTenant, Guard, OwnerOnly, Permitted, PlatformAdmin, Readers,
    ReviewerOrOwner, SignedIn, SystemsOnly, SystemsOrOwner, SystemsOrReviewers, TenantUser,
};

/// Who may call one operation.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub method: &'static str,
    /// As the OpenAPI document writes it (`/v1/lists/{id}`).
    pub path: &'static str,
    pub admits: Admits,
}

const fn rule(method: &'static str, path: &'static str, admits: Admits) -> Rule {
    Rule {
        method,
        path,
        admits,
    }
}

const PUBLIC: Admits = Admits::PUBLIC;
const SIGNED_IN: Admits = SignedIn::ADMITS;
const ADMIN: Admits = PlatformAdmin::ADMITS;
const OWNER: Admits = <TenantUser<OwnerOnly>>::ADMITS;
const STAFF: Admits = <TenantUser<AnyRole>>::ADMITS;
const REVIEWERS: Admits = <TenantUser<ReviewerOrOwner>>::ADMITS;
const READERS: Admits = <Permitted<Readers>>::ADMITS;
const SYSTEMS_OR_OWNER: Admits = <Permitted<SystemsOrOwner>>::ADMITS;
const SYSTEMS: Admits = <Permitted<SystemsOnly>>::ADMITS;
const SYSTEMS_OR_REVIEWERS: Admits = <Permitted<SystemsOrReviewers>>::ADMITS;
const _: Admits = ApiKeyTenant::ADMITS;

/// Every operation the API serves. A new route needs a row here (the role-matrix test says
/// which one is missing).
pub const MATRIX: &[Rule] = &[
    // The service and the device tag: open to anyone.
    rule("GET", "/healthz", PUBLIC),
    rule("GET", "/readyz", PUBLIC),
    rule("GET", "/tag.js", PUBLIC),
    rule("GET", "/device-tag/", PUBLIC),
    rule("POST", "/v1/device-tag/collect", PUBLIC),
    // Sessions.
    rule("POST", "/v1/auth/login", PUBLIC),
    rule("POST", "/v1/auth/refresh", SIGNED_IN),
    rule("POST", "/v1/auth/logout", SIGNED_IN),
    rule("GET", "/v1/me", READERS),
    // Machine calls.
    rule("POST", "/v1/orders/score", SYSTEMS),
    rule("POST", "/v1/logins/score", SYSTEMS),
    rule("POST", "/v1/payments/attempts", SYSTEMS),
    rule("POST", "/v1/orders/{order_id}/outcomes", SYSTEMS_OR_OWNER),
    rule("POST", "/v1/negative/lookup", READERS),
    // Orders, alerts, devices: read by all.
    rule("GET", "/v1/orders", READERS),
    rule("GET", "/v1/orders/{order_id}", READERS),
    rule("GET", "/v1/orders/{order_id}/related", STAFF),
    rule("GET", "/v1/logins", STAFF),
    rule("GET", "/v1/payments/attempts", STAFF),
    rule("GET", "/v1/customer-data/settings", OWNER),
    rule("PUT", "/v1/customer-data/settings", OWNER),
    rule("GET", "/v1/alerts", READERS),
    rule("POST", "/v1/alerts/{id}/acknowledge", SYSTEMS_OR_REVIEWERS),
    rule("POST", "/v1/alerts/{id}/resolve", SYSTEMS_OR_REVIEWERS),
    rule("GET", "/v1/devices/{device_id}", READERS),
    rule("GET", "/v1/device-tag/key", SYSTEMS_OR_OWNER),
    // The consortium.
    rule("POST", "/v1/fraud-reports", SYSTEMS_OR_OWNER),
    rule("GET", "/v1/fraud-reports", READERS),
    rule("GET", "/v1/fraud-reports/{id}", READERS),
    rule("DELETE", "/v1/fraud-reports/{id}", SYSTEMS_OR_OWNER),
    rule("PUT", "/v1/consortium/participation", OWNER),
    // Allow and block lists.
    rule("POST", "/v1/lists", SYSTEMS_OR_OWNER),
    rule("GET", "/v1/lists", READERS),
    rule("DELETE", "/v1/lists/{id}", SYSTEMS_OR_OWNER),
    // Manual review (a reviewer's reject files its consortium report through this flow).
    rule("GET", "/v1/reviews", STAFF),
    rule("POST", "/v1/reviews/{order_id}", REVIEWERS),
    rule("DELETE", "/v1/reviews/{order_id}", REVIEWERS),
    // Policy.
    rule("GET", "/v1/policy", STAFF),
    rule("PUT", "/v1/policy", OWNER),
    rule("GET", "/v1/policy/signals", STAFF),
    rule("GET", "/v1/policy/versions", STAFF),
    rule("POST", "/v1/policy/backtest", STAFF),
    rule("GET", "/v1/policy/shadow-hits", STAFF),
    // Analytics.
    rule("GET", "/v1/analytics/approval-rate", STAFF),
    rule("GET", "/v1/analytics/fraud-exposure", STAFF),
    rule("PUT", "/v1/analytics/fraud-exposure/threshold", OWNER),
    rule("GET", "/v1/analytics/workload", STAFF),
    rule("GET", "/v1/analytics/accuracy", STAFF),
    rule("GET", "/v1/analytics/consortium", STAFF),
    rule("GET", "/v1/analytics/overview", STAFF),
    // Team, keys, webhooks.
    rule("POST", "/v1/users", OWNER),
    rule("GET", "/v1/users", OWNER),
    rule("PATCH", "/v1/users/{id}", OWNER),
    rule("DELETE", "/v1/users/{id}", OWNER),
    rule("POST", "/v1/api-keys", OWNER),
    rule("GET", "/v1/api-keys", OWNER),
    rule("DELETE", "/v1/api-keys/{id}", OWNER),
    rule("POST", "/v1/webhooks", OWNER),
    rule("GET", "/v1/webhooks", OWNER),
    rule("DELETE", "/v1/webhooks/{id}", OWNER),
    rule("GET", "/v1/webhooks/{id}/deliveries", OWNER),
    rule("POST", "/v1/webhooks/{id}/test", OWNER),
    rule(
        "POST",
        "/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
        OWNER,
    ),
    // The platform.
    rule("POST", "/admin/v1/tenants", ADMIN),
    rule("GET", "/admin/v1/tenants", ADMIN),
    rule("POST", "/admin/v1/tenants/{id}/users", ADMIN),
    rule("POST", "/admin/v1/tenants/{id}/api-keys", ADMIN),
    rule("PUT", "/admin/v1/tenants/{id}/api-key-rate-limit", ADMIN),
    rule("GET", "/admin/v1/audit-log", ADMIN),
    rule("GET", "/admin/v1/consortium/warninglist", ADMIN),
    rule("POST", "/admin/v1/consortium/warninglist", ADMIN),
    rule("DELETE", "/admin/v1/consortium/warninglist/{id}", ADMIN),
    rule("POST", "/admin/v1/consortium/disputes", ADMIN),
    rule("GET", "/admin/v1/consortium/disputes", ADMIN),
    rule("POST", "/admin/v1/consortium/disputes/{id}/uphold", ADMIN),
    rule("POST", "/admin/v1/consortium/disputes/{id}/reject", ADMIN),
    rule("POST", "/admin/v1/reference-lists/{list}", ADMIN),
    rule("GET", "/admin/v1/analytics/tenants", ADMIN),
    rule("GET", "/admin/v1/analytics/approval-rate", ADMIN),
];

/// The kinds of caller the matrix distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerKind {
    Owner,
    Analyst,
    Reviewer,
    ApiKey,
    PlatformAdmin,
}

impl CallerKind {
    pub const ALL: [CallerKind; 5] = [
        CallerKind::Owner,
        CallerKind::Analyst,
        CallerKind::Reviewer,
        CallerKind::ApiKey,
        CallerKind::PlatformAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CallerKind::Owner => "owner",
            CallerKind::Analyst => "analyst",
            CallerKind::Reviewer => "reviewer",
            CallerKind::ApiKey => "API key",
            CallerKind::PlatformAdmin => "platform admin",
        }
    }
}

impl Admits {
    /// Whether a caller of `kind` gets past authentication.
    pub fn admits(&self, kind: CallerKind) -> bool {
        let role = |role: Role| self.roles.contains(&role);
        self.public
            || match kind {
                CallerKind::Owner => role(Role::Owner),
                CallerKind::Analyst => role(Role::Analyst),
                CallerKind::Reviewer => role(Role::Reviewer),
                CallerKind::ApiKey => self.api_keys,
                CallerKind::PlatformAdmin => self.platform_admins,
            }
    }
}

/// The rule for an operation, if the matrix has one.
pub fn rule_for(method: &str, path: &str) -> Option<&'static Rule> {
    MATRIX
        .iter()
        .find(|rule| rule.method.eq_ignore_ascii_case(method) && rule.path == path)
}

/// The matrix as the Markdown table of docs/ROLES.md.
pub fn markdown_table() -> String {
    let mut table = String::from("| operation |");
    for kind in CallerKind::ALL {
        table.push_str(&format!(" {} |", kind.as_str()));
    }
    table.push_str("\n| --- |");
    for _ in CallerKind::ALL {
        table.push_str(" :-: |");
    }
    table.push('\n');
    for rule in MATRIX {
        table.push_str(&format!("| `{} {}` |", rule.method, rule.path));
        for kind in CallerKind::ALL {
            let mark = if rule.admits.public {
                "public"
            } else if rule.admits.admits(kind) {
                "✓"
            } else {
                "—"
            };
            table.push_str(&format!(" {mark} |"));
        }
        table.push('\n');
    }
    table
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::collections::HashSet;

    use super::*;

    const START: &str = "<!-- role matrix: generated from crates/api/src/auth/matrix.rs -->\n";
    const END: &str = "<!-- end of role matrix -->";

    #[test]
    fn every_operation_has_one_row() {
        let mut seen = HashSet::new();
        for rule in MATRIX {
            assert!(
                seen.insert((rule.method, rule.path)),
                "{} {} twice in the matrix",
                rule.method,
                rule.path
            );
        }
    }

    #[test]
    fn docs_roles_md_shows_the_matrix() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/ROLES.md");
        let doc = std::fs::read_to_string(path).unwrap();
        let expected = markdown_table();
        let start = doc
            .find(START)
            .expect("docs/ROLES.md lost its start marker")
            + START.len();
        let end = doc.find(END).expect("docs/ROLES.md lost its end marker");
        assert!(
            doc[start..end] == expected,
            "docs/ROLES.md differs from the matrix; put this table between its markers:\n{expected}"
        );
    }

    #[test]
    fn writes_are_not_open_to_analysts() {
        for rule in MATRIX {
            if rule.method != "GET" && !rule.admits.public && rule.path.starts_with("/v1/") {
                // Reads sent as POST, and one's own session.
                let read_only = matches!(
                    rule.path,
                    "/v1/negative/lookup"
                        | "/v1/policy/backtest"
                        | "/v1/auth/refresh"
                        | "/v1/auth/logout"
                );
                assert!(
                    read_only || !rule.admits.admits(CallerKind::Analyst),
                    "analysts read only, but may {} {}",
                    rule.method,
                    rule.path
                );
            }
        }
    }
}
