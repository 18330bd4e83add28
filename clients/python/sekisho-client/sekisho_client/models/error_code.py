from enum import StrEnum


class ErrorCode(StrEnum):
    CONFLICT = "conflict"
    DATABASE_UNAVAILABLE = "database_unavailable"
    FORBIDDEN = "forbidden"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INTERNAL = "internal"
    INVALID_API_KEY = "invalid_api_key"
    INVALID_CREDENTIALS = "invalid_credentials"
    INVALID_IDEMPOTENCY_KEY = "invalid_idempotency_key"
    INVALID_PATH = "invalid_path"
    INVALID_QUERY = "invalid_query"
    INVALID_REQUEST = "invalid_request"
    INVALID_TOKEN = "invalid_token"
    MALFORMED_JSON = "malformed_json"
    NOT_FOUND = "not_found"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    UNAUTHENTICATED = "unauthenticated"
    UNKNOWN_FIELD = "unknown_field"
    UNKNOWN_STORED_VALUE = "unknown_stored_value"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
