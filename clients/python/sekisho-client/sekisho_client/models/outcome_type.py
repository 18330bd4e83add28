from enum import StrEnum


class OutcomeType(StrEnum):
    AUTHORIZATION = "authorization"
    CHARGEBACK = "chargeback"
    CHARGEBACK_REVERSED = "chargeback_reversed"
    DELIVERY = "delivery"
    REFUND = "refund"

    def __str__(self) -> str:
        return str(self.value)
