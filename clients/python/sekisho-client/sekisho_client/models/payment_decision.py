from enum import StrEnum


class PaymentDecision(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    REVIEW = "review"

    def __str__(self) -> str:
        return str(self.value)
