from enum import StrEnum


class LineErrorCode(StrEnum):
    INVALID_ADDRESS = "invalid_address"
    INVALID_BIN = "invalid_bin"
    INVALID_COUNTRY = "invalid_country"
    INVALID_CSV = "invalid_csv"
    INVALID_IP = "invalid_ip"
    INVALID_NETWORK = "invalid_network"
    INVALID_RANGE = "invalid_range"
    INVALID_UTF8 = "invalid_utf8"
    MISSING_FIELD = "missing_field"
    NUL_CHARACTER = "nul_character"
    TOO_LONG = "too_long"
    WRONG_FIELD_COUNT = "wrong_field_count"

    def __str__(self) -> str:
        return str(self.value)
