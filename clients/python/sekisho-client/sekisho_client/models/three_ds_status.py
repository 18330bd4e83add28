from enum import StrEnum


class ThreeDsStatus(StrEnum):
    ATTEMPTED = "attempted"
    AUTHENTICATED = "authenticated"
    CHALLENGE_PASSED = "challenge_passed"
    FAILED = "failed"
    NOT_ENROLLED = "not_enrolled"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
