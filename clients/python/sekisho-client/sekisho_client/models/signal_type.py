from enum import StrEnum


class SignalType(StrEnum):
    BOOLEAN = "boolean"
    NUMBER = "number"
    STRING = "string"
    STRING_ARRAY = "string_array"

    def __str__(self) -> str:
        return str(self.value)
