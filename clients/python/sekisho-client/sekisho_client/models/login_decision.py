from enum import StrEnum


class LoginDecision(StrEnum):
    ALLOW = "allow"
    CHALLENGE = "challenge"
    DENY = "deny"

    def __str__(self) -> str:
        return str(self.value)
