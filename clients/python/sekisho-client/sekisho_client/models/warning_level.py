from enum import StrEnum


class WarningLevel(StrEnum):
    CRITICAL = "critical"
    NONE = "none"
    WARNING = "warning"
    WATCH = "watch"

    def __str__(self) -> str:
        return str(self.value)
