from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.card_details import CardDetails
    from ..models.raw_address import RawAddress


T = TypeVar("T", bound="RawIdentifiers")


@_attrs_define
class RawIdentifiers:
    """Identifiers as received, every one optional.

    Attributes:
        address (None | RawAddress | Unset):
        card (CardDetails | None | str | Unset):
        device_id (None | str | Unset):
        email (None | str | Unset):
        ip (None | str | Unset):
        name (None | str | Unset):
        phone (None | str | Unset):
    """

    address: None | RawAddress | Unset = UNSET
    card: CardDetails | None | str | Unset = UNSET
    device_id: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    ip: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.card_details import CardDetails  # noqa: PLC0415
        from ..models.raw_address import RawAddress  # noqa: PLC0415

        address: dict[str, Any] | None | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        elif isinstance(self.address, RawAddress):
            address = self.address.to_dict()
        else:
            address = self.address

        card: dict[str, Any] | None | str | Unset
        if isinstance(self.card, Unset):
            card = UNSET
        elif isinstance(self.card, CardDetails):
            card = self.card.to_dict()
        else:
            card = self.card

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        ip: None | str | Unset
        if isinstance(self.ip, Unset):
            ip = UNSET
        else:
            ip = self.ip

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if address is not UNSET:
            field_dict["address"] = address
        if card is not UNSET:
            field_dict["card"] = card
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if email is not UNSET:
            field_dict["email"] = email
        if ip is not UNSET:
            field_dict["ip"] = ip
        if name is not UNSET:
            field_dict["name"] = name
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card_details import CardDetails  # noqa: PLC0415
        from ..models.raw_address import RawAddress  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_address(data: object) -> None | RawAddress | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = RawAddress.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RawAddress | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        def _parse_card(data: object) -> CardDetails | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_raw_card_type_1 = CardDetails.from_dict(data)

                return componentsschemas_raw_card_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CardDetails | None | str | Unset, data)

        card = _parse_card(d.pop("card", UNSET))

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("device_id", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_ip(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ip = _parse_ip(d.pop("ip", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        raw_identifiers = cls(
            address=address,
            card=card,
            device_id=device_id,
            email=email,
            ip=ip,
            name=name,
            phone=phone,
        )

        return raw_identifiers
