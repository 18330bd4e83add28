from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DisputeView")


@_attrs_define
class DisputeView:
    """
    Attributes:
        entries_removed (int): Consortium entries removed when it was upheld.
        fingerprints (list[str]): Hex fingerprints of the disputed identifiers.
        id (UUID):
        kinds (list[str]):
        opened_at (datetime.datetime):
        opened_by (str):
        reason (str):
        status (str): `open`, `upheld` or `rejected`.
        resolution_note (None | str | Unset):
        resolved_at (datetime.datetime | None | Unset):
        resolved_by (None | str | Unset):
    """

    entries_removed: int
    fingerprints: list[str]
    id: UUID
    kinds: list[str]
    opened_at: datetime.datetime
    opened_by: str
    reason: str
    status: str
    resolution_note: None | str | Unset = UNSET
    resolved_at: datetime.datetime | None | Unset = UNSET
    resolved_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entries_removed = self.entries_removed

        fingerprints = self.fingerprints

        id = str(self.id)

        kinds = self.kinds

        opened_at = self.opened_at.isoformat()

        opened_by = self.opened_by

        reason = self.reason

        status = self.status

        resolution_note: None | str | Unset
        if isinstance(self.resolution_note, Unset):
            resolution_note = UNSET
        else:
            resolution_note = self.resolution_note

        resolved_at: None | str | Unset
        if isinstance(self.resolved_at, Unset):
            resolved_at = UNSET
        elif isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        resolved_by: None | str | Unset
        if isinstance(self.resolved_by, Unset):
            resolved_by = UNSET
        else:
            resolved_by = self.resolved_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entries_removed": entries_removed,
                "fingerprints": fingerprints,
                "id": id,
                "kinds": kinds,
                "opened_at": opened_at,
                "opened_by": opened_by,
                "reason": reason,
                "status": status,
            }
        )
        if resolution_note is not UNSET:
            field_dict["resolution_note"] = resolution_note
        if resolved_at is not UNSET:
            field_dict["resolved_at"] = resolved_at
        if resolved_by is not UNSET:
            field_dict["resolved_by"] = resolved_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        entries_removed = d.pop("entries_removed")

        fingerprints = cast(list[str], d.pop("fingerprints"))

        id = UUID(d.pop("id"))

        kinds = cast(list[str], d.pop("kinds"))

        opened_at = datetime.datetime.fromisoformat(d.pop("opened_at"))

        opened_by = d.pop("opened_by")

        reason = d.pop("reason")

        status = d.pop("status")

        def _parse_resolution_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resolution_note = _parse_resolution_note(d.pop("resolution_note", UNSET))

        def _parse_resolved_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)

                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at", UNSET))

        def _parse_resolved_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resolved_by = _parse_resolved_by(d.pop("resolved_by", UNSET))

        dispute_view = cls(
            entries_removed=entries_removed,
            fingerprints=fingerprints,
            id=id,
            kinds=kinds,
            opened_at=opened_at,
            opened_by=opened_by,
            reason=reason,
            status=status,
            resolution_note=resolution_note,
            resolved_at=resolved_at,
            resolved_by=resolved_by,
        )

        dispute_view.additional_properties = d
        return dispute_view

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
