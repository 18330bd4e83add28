from enum import StrEnum


class AttemptResult(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"

    def __str__(self) -> str:
        return str(self.value)
