from enum import StrEnum


class LineErrorCode(StrEnum):
    INVALID_ADDRESS = "invalid_address"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_BIN = "invalid_bin"
    INVALID_CATEGORY = "invalid_category"
    INVALID_COUNTRY = "invalid_country"
    INVALID_CSV = "invalid_csv"
    INVALID_IDENTIFIER = "invalid_identifier"
    INVALID_IP = "invalid_ip"
    INVALID_NETWORK = "invalid_network"
    INVALID_ORDER_ID = "invalid_order_id"
    INVALID_RANGE = "invalid_range"
    INVALID_TIME = "invalid_time"
    INVALID_UTF8 = "invalid_utf8"
    MISSING_FIELD = "missing_field"
    NO_IDENTIFIER = "no_identifier"
    NUL_CHARACTER = "nul_character"
    TOO_LONG = "too_long"
    WRONG_FIELD_COUNT = "wrong_field_count"

    def __str__(self) -> str:
        return str(self.value)
