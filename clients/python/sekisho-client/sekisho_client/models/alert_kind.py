from enum import StrEnum


class AlertKind(StrEnum):
    ACCOUNT_TAKEOVER = "account_takeover"
    AUTOMATION = "automation"
    BRUTE_FORCE = "brute_force"
    CARD_TESTING = "card_testing"
    CREDENTIAL_STUFFING = "credential_stuffing"

    def __str__(self) -> str:
        return str(self.value)
