from enum import StrEnum


class FraudCategory(StrEnum):
    ACCOUNT_TAKEOVER = "account_takeover"
    CARD_TESTING = "card_testing"
    CHARGEBACK = "chargeback"
    OTHER = "other"
    RESALE = "resale"
    UNPAID = "unpaid"

    def __str__(self) -> str:
        return str(self.value)
