from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.key_mode import KeyMode

T = TypeVar("T", bound="CreatedApiKey")


@_attrs_define
class CreatedApiKey:
    """A new key, with its secret: shown this once and never again.

    Attributes:
        created_at (datetime.datetime):
        id (UUID):
        key (str): The whole key. Store it now: Sekisho keeps only its hash.
        livemode (bool): `false` for a test key.
        mode (KeyMode): Whether a key works on live data or in test mode.
        name (str):
        prefix (str):
        tenant_id (UUID):
    """

    created_at: datetime.datetime
    id: UUID
    key: str
    livemode: bool
    mode: KeyMode
    name: str
    prefix: str
    tenant_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = str(self.id)

        key = self.key

        livemode = self.livemode

        mode = self.mode.value

        name = self.name

        prefix = self.prefix

        tenant_id = str(self.tenant_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "key": key,
                "livemode": livemode,
                "mode": mode,
                "name": name,
                "prefix": prefix,
                "tenant_id": tenant_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        key = d.pop("key")

        livemode = d.pop("livemode")

        mode = KeyMode(d.pop("mode"))

        name = d.pop("name")

        prefix = d.pop("prefix")

        tenant_id = UUID(d.pop("tenant_id"))

        created_api_key = cls(
            created_at=created_at,
            id=id,
            key=key,
            livemode=livemode,
            mode=mode,
            name=name,
            prefix=prefix,
            tenant_id=tenant_id,
        )

        created_api_key.additional_properties = d
        return created_api_key

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
