from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.address_level import AddressLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="RawAddress")


@_attrs_define
class RawAddress:
    """A postal address as a checkout form sends it. `country` defaults to JP.

    Attributes:
        country (str | Unset): ISO 3166-1 alpha-2; empty means JP. Default: ''.
        level (AddressLevel | Unset): Whether an address stands for one delivery point (a flat, a house) or for its
            whole
            building. Reports and list entries are about the delivery point unless the building level is
            asked for on purpose (`"level": "building"`): a block on one flat never blocks its neighbours.
        line1 (str | Unset):  Default: ''.
        line2 (str | Unset):  Default: ''.
        locality (str | Unset): City, ward, town or village. Default: ''.
        postal_code (str | Unset):  Default: ''.
        region (str | Unset): Prefecture, state or province. Default: ''.
    """

    country: str | Unset = ""
    level: AddressLevel | Unset = UNSET
    line1: str | Unset = ""
    line2: str | Unset = ""
    locality: str | Unset = ""
    postal_code: str | Unset = ""
    region: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        level: str | Unset = UNSET
        if not isinstance(self.level, Unset):
            level = self.level.value

        line1 = self.line1

        line2 = self.line2

        locality = self.locality

        postal_code = self.postal_code

        region = self.region

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if country is not UNSET:
            field_dict["country"] = country
        if level is not UNSET:
            field_dict["level"] = level
        if line1 is not UNSET:
            field_dict["line1"] = line1
        if line2 is not UNSET:
            field_dict["line2"] = line2
        if locality is not UNSET:
            field_dict["locality"] = locality
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        country = d.pop("country", UNSET)

        _level = d.pop("level", UNSET)
        level: AddressLevel | Unset
        if isinstance(_level, Unset):
            level = UNSET
        else:
            level = AddressLevel(_level)

        line1 = d.pop("line1", UNSET)

        line2 = d.pop("line2", UNSET)

        locality = d.pop("locality", UNSET)

        postal_code = d.pop("postal_code", UNSET)

        region = d.pop("region", UNSET)

        raw_address = cls(
            country=country,
            level=level,
            line1=line1,
            line2=line2,
            locality=locality,
            postal_code=postal_code,
            region=region,
        )

        return raw_address
