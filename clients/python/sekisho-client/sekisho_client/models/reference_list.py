from enum import StrEnum


class ReferenceList(StrEnum):
    CARD_BINS = "card_bins"
    DATACENTER = "datacenter"
    FORWARDER = "forwarder"
    IP_COUNTRIES = "ip_countries"
    PROXY = "proxy"
    TOR = "tor"
    VACANT_ROOM = "vacant_room"
    VPN = "vpn"

    def __str__(self) -> str:
        return str(self.value)
