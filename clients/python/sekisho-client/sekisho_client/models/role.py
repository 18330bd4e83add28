from enum import StrEnum


class Role(StrEnum):
    ANALYST = "analyst"
    OWNER = "owner"
    REVIEWER = "reviewer"

    def __str__(self) -> str:
        return str(self.value)
