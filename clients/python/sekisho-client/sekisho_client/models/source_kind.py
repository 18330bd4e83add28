from enum import StrEnum


class SourceKind(StrEnum):
    ACCOUNT = "account"
    BIN = "bin"
    DEVICE = "device"
    IP = "ip"
    TENANT = "tenant"

    def __str__(self) -> str:
        return str(self.value)
