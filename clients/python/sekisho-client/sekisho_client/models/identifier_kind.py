from enum import StrEnum


class IdentifierKind(StrEnum):
    ADDRESS_BUILDING = "address_building"
    ADDRESS_DELIVERY_POINT = "address_delivery_point"
    CARD = "card"
    DEVICE_ID = "device_id"
    EMAIL = "email"
    EMAIL_DOMAIN = "email_domain"
    IP = "ip"
    IP_PREFIX = "ip_prefix"
    NAME = "name"
    PHONE = "phone"

    def __str__(self) -> str:
        return str(self.value)
