//! Idempotency-Key, on the flows' side: a flow claims the caller's key first in its transaction
//! and stores its answer there before the commit, so that a retry replays the first answer.
//! The HTTP layer binds the key to the request (`sekisho_api::idempotency`) and sends the reply.

use diesel_async::AsyncPgConnection;
use sekisho_store::idempotency::{self as store, Claim, KeyedRequest, StoredClaim};
use serde::Serialize;
use uuid::Uuid;

use crate::ServiceError;

/// A caller's Idempotency-Key bound to one request: the operation (method and route), the key
/// and a keyed hash of the request.
#[derive(Debug, Clone)]
pub struct RetryKey {
    pub operation: String,
    pub key: String,
    pub request_hash: Vec<u8>,
}

impl RetryKey {
    pub(crate) fn keyed(&self, tenant_id: Uuid) -> KeyedRequest<'_> {
        KeyedRequest {
            tenant_id,
            operation: &self.operation,
            key: &self.key,
            request_hash: &self.request_hash,
        }
    }
}

/// An answer as it is sent: the status and the serialised body, first time or replayed.
#[derive(Debug, Clone)]
pub struct StoredReply {
    pub status: u16,
    pub body: Vec<u8>,
    pub replayed: bool,
}

impl StoredReply {
    pub fn new<T: Serialize>(status: u16, body: &T) -> Result<Self, ServiceError> {
        Ok(Self {
            status,
            body: serde_json::to_vec(body)
                .map_err(|_| ServiceError::Internal("an answer did not serialise"))?,
            replayed: false,
        })
    }
}

/// What a flow that honours Idempotency-Key returns: the first answer replayed (nothing else
/// was done), or the answer to send and what the flow did.
#[derive(Debug)]
pub enum Answer<T> {
    Replayed(StoredReply),
    Done { reply: StoredReply, outcome: T },
}

impl<T> Answer<T> {
    pub fn reply(&self) -> &StoredReply {
        match self {
            Answer::Replayed(reply) | Answer::Done { reply, .. } => reply,
        }
    }

    pub fn into_reply(self) -> StoredReply {
        match self {
            Answer::Replayed(reply) | Answer::Done { reply, .. } => reply,
        }
    }
}

/// Claims the key first in the caller's tenant transaction. `Some(reply)`: the key was used
/// before by this same request; answer with the reply and do nothing else. Refuses a key used
/// for another request.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    retry: Option<&RetryKey>,
) -> Result<Option<StoredReply>, ServiceError> {
    let Some(retry) = retry else {
        return Ok(None);
    };
    let request = retry.keyed(tenant_id);
    match store::claim(conn, request).await? {
        Claim::Claimed => Ok(None),
        Claim::Used(stored) => replay(request, stored).map(Some),
    }
}

/// The first answer under the key when a committed request used it, without claiming it: the
/// scoring flow asks before it does the work, and its writer claims the key when it stores the
/// order (`orders::group_commit`). `None`: free, or claimed by a request still running.
pub async fn answered(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    retry: Option<&RetryKey>,
) -> Result<Option<StoredReply>, ServiceError> {
    let Some(retry) = retry else {
        return Ok(None);
    };
    let request = retry.keyed(tenant_id);
    match store::find(conn, request).await? {
        Some(stored) if stored.response_status.is_some() => replay(request, stored).map(Some),
        _ => Ok(None),
    }
}

/// The stored answer of a key's committed use, for the same request; a key used for another
/// request is refused.
pub(crate) fn replay(
    request: KeyedRequest<'_>,
    stored: StoredClaim,
) -> Result<StoredReply, ServiceError> {
    if stored.request_hash != request.request_hash {
        return Err(ServiceError::IdempotencyKeyReused);
    }
    let (Some(status), Some(body)) = (stored.response_status, stored.response_body) else {
        // A claim commits with its response; one without is a flow's bug.
        tracing::error!(
            tenant.id = %request.tenant_id,
            operation = request.operation,
            "idempotency claim committed without a response"
        );
        return Err(ServiceError::Internal(
            "idempotency claim without a response",
        ));
    };
    let status =
        u16::try_from(status).map_err(|_| ServiceError::Internal("stored status out of range"))?;
    Ok(StoredReply {
        status,
        body,
        replayed: true,
    })
}

/// The answer to send, stored under the key (when there is one) in the same transaction, so
/// that it commits together with what it acknowledges.
pub async fn respond<T: Serialize>(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    retry: Option<&RetryKey>,
    status: u16,
    body: &T,
) -> Result<StoredReply, ServiceError> {
    let reply = StoredReply::new(status, body)?;
    if let Some(retry) = retry {
        store::record(
            conn,
            retry.keyed(tenant_id),
            i16::try_from(status).unwrap_or(200),
            &reply.body,
        )
        .await?;
    }
    Ok(reply)
}
