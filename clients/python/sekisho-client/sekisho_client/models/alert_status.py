from enum import StrEnum


class AlertStatus(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    EXPIRED = "expired"
    OPEN = "open"
    RESOLVED = "resolved"

    def __str__(self) -> str:
        return str(self.value)
