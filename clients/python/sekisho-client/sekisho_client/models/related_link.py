from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RelatedLink")


@_attrs_define
class RelatedLink:
    """Two orders that share identifiers.

    Attributes:
        from_ (UUID):
        kinds (list[str]): card | phone | email | address_delivery_point | address_building | device_id | account | ip
        to (UUID):
    """

    from_: UUID
    kinds: list[str]
    to: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = str(self.from_)

        kinds = self.kinds

        to = str(self.to)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "kinds": kinds,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_ = UUID(d.pop("from"))

        kinds = cast(list[str], d.pop("kinds"))

        to = UUID(d.pop("to"))

        related_link = cls(
            from_=from_,
            kinds=kinds,
            to=to,
        )

        related_link.additional_properties = d
        return related_link

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
