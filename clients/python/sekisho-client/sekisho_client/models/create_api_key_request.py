from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.key_mode import KeyMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateApiKeyRequest")


@_attrs_define
class CreateApiKeyRequest:
    """
    Attributes:
        name (str): What the key is for, e.g. `checkout (production)`. Example: checkout.
        mode (KeyMode | Unset): Whether a key works on live data or in test mode.
    """

    name: str
    mode: KeyMode | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if mode is not UNSET:
            field_dict["mode"] = mode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        _mode = d.pop("mode", UNSET)
        mode: KeyMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = KeyMode(_mode)

        create_api_key_request = cls(
            name=name,
            mode=mode,
        )

        return create_api_key_request
