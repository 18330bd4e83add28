//! Dashboard session tokens: short-lived HS256 JWTs. The algorithm is pinned, so `alg: none` or a
//! token signed some other way is refused whatever its claims. Each token names its server-side
//! session (`sid`, the `sessions` table): signing out revokes the session and with it every token
//! issued for it, and `POST /v1/auth/refresh` issues a fresh token for a live session.

use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use sekisho_domain::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{ApiError, ErrorCode};
use crate::settings::ApiSettings;

const ISSUER: &str = "sekisho";
const AUDIENCE: &str = "sekisho-dashboard";
/// Clock skew tolerated between replicas; jsonwebtoken's default of 60 s is too generous for
/// 15-minute tokens.
const LEEWAY_SECS: u64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Admin,
    User,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub kind: SubjectKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The server-side session this token belongs to.
    pub sid: Uuid,
    pub iat: u64,
    pub exp: u64,
    pub iss: String,
    pub aud: String,
}

/// Who a token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Admin {
        admin_id: Uuid,
    },
    User {
        tenant_id: Uuid,
        user_id: Uuid,
        role: Role,
    },
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or_default()
}

/// A token whose signature and claims check out; whether its session is still live is for the
/// caller to ask the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub session_id: Uuid,
    pub subject: Subject,
}

/// Signs a token for `session_id` that expires after the configured TTL, or at `not_after` (the
/// session's absolute end) if that comes first.
pub fn issue(
    settings: &ApiSettings,
    session_id: Uuid,
    subject: Subject,
    not_after: Option<u64>,
) -> Result<(String, u64), ApiError> {
    let iat = now_secs();
    let exp = (iat + settings.jwt_ttl.as_secs()).min(not_after.unwrap_or(u64::MAX));
    let (sub, kind, tenant_id, role) = match subject {
        Subject::Admin { admin_id } => (admin_id, SubjectKind::Admin, None, None),
        Subject::User {
            tenant_id,
            user_id,
            role,
        } => (user_id, SubjectKind::User, Some(tenant_id), Some(role)),
    };
    let claims = Claims {
        sub,
        kind,
        tenant_id,
        role,
        sid: session_id,
        iat,
        exp,
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
    };
    let token = encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&settings.jwt_secret),
    )
    .map_err(|error| {
        tracing::error!(%error, "cannot sign a session token");
        ApiError::internal()
    })?;
    Ok((token, exp.saturating_sub(iat)))
}

pub fn verify(settings: &ApiSettings, token: &str) -> Result<Verified, ApiError> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = LEEWAY_SECS;
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let invalid = || {
        ApiError::new(
            ErrorCode::InvalidToken,
            "session token is invalid or expired",
        )
    };
    let data = decode::<Claims>(
        token,
        &DecodingKey::from_secret(&settings.jwt_secret),
        &validation,
    )
    .map_err(|_| invalid())?;
    let claims = data.claims;
    let subject = match (claims.kind, claims.tenant_id, claims.role) {
        (SubjectKind::Admin, None, None) => Ok(Subject::Admin {
            admin_id: claims.sub,
        }),
        (SubjectKind::User, Some(tenant_id), Some(role)) => Ok(Subject::User {
            tenant_id,
            user_id: claims.sub,
            role,
        }),
        _ => Err(invalid()),
    }?;
    Ok(Verified {
        session_id: claims.sid,
        subject,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_with(secret: &[u8]) -> ApiSettings {
        let key = sekisho_domain::identifiers::ConsortiumKey::from_bytes(&[7; 32]).unwrap();
        ApiSettings::new(secret.to_vec(), key)
    }

    fn settings() -> ApiSettings {
        settings_with(b"0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn a_token_round_trips_its_subject() {
        let subject = Subject::User {
            tenant_id: Uuid::new_v4(),
            user_id: Uuid::new_v4(),
            role: Role::Reviewer,
        };
        let session_id = Uuid::new_v4();
        let (token, expires_in) = issue(&settings(), session_id, subject, None).unwrap();
        assert_eq!(expires_in, 15 * 60);
        let verified = verify(&settings(), &token).unwrap();
        assert_eq!(verified.subject, subject);
        assert_eq!(verified.session_id, session_id);
    }

    #[test]
    fn a_token_never_outlives_its_session() {
        let subject = Subject::Admin {
            admin_id: Uuid::new_v4(),
        };
        let end = now_secs() + 60;
        let (_, expires_in) = issue(&settings(), Uuid::new_v4(), subject, Some(end)).unwrap();
        assert!(expires_in <= 60);
    }

    #[test]
    fn another_secret_is_refused() {
        let (token, _) = issue(
            &settings(),
            Uuid::new_v4(),
            Subject::Admin {
                admin_id: Uuid::new_v4(),
            },
            None,
        )
        .unwrap();
        let other = settings_with(b"another secret of thirty-two b!!");
        assert_eq!(
            verify(&other, &token).unwrap_err().code,
            ErrorCode::InvalidToken
        );
    }
}
