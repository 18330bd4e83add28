from enum import StrEnum


class ReviewDecision(StrEnum):
    ACCEPT = "accept"
    HOLD = "hold"
    REJECT = "reject"

    def __str__(self) -> str:
        return str(self.value)
