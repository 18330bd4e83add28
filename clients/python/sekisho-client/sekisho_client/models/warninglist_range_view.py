from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WarninglistRangeView")


@_attrs_define
class WarninglistRangeView:
    """
    Attributes:
        created_at (datetime.datetime):
        id (UUID):
        label (str):
        range_ (str):
        source (str):
    """

    created_at: datetime.datetime
    id: UUID
    label: str
    range_: str
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = str(self.id)

        label = self.label

        range_ = self.range_

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "label": label,
                "range": range_,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        label = d.pop("label")

        range_ = d.pop("range")

        source = d.pop("source")

        warninglist_range_view = cls(
            created_at=created_at,
            id=id,
            label=label,
            range_=range_,
            source=source,
        )

        warninglist_range_view.additional_properties = d
        return warninglist_range_view

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
