from enum import StrEnum


class AddressLevel(StrEnum):
    BUILDING = "building"
    DELIVERY_POINT = "delivery_point"

    def __str__(self) -> str:
        return str(self.value)
