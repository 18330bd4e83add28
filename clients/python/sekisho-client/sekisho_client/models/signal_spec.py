from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.signal_type import SignalType

T = TypeVar("T", bound="SignalSpec")


@_attrs_define
class SignalSpec:
    """One signal rules may read.

    Attributes:
        description (str):
        description_ja (str):
        name (str): e.g. `velocity.cards_per_ip_1h`.
        type_ (SignalType):
    """

    description: str
    description_ja: str
    name: str
    type_: SignalType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        description_ja = self.description_ja

        name = self.name

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "description_ja": description_ja,
                "name": name,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description")

        description_ja = d.pop("description_ja")

        name = d.pop("name")

        type_ = SignalType(d.pop("type"))

        signal_spec = cls(
            description=description,
            description_ja=description_ja,
            name=name,
            type_=type_,
        )

        signal_spec.additional_properties = d
        return signal_spec

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
