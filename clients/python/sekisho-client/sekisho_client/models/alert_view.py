from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.alert_kind import AlertKind
from ..models.alert_status import AlertStatus
from ..models.source_kind import SourceKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="AlertView")


@_attrs_define
class AlertView:
    """
    Attributes:
        active (bool): Still in force (open and not expired).
        active_until (datetime.datetime): In force until then, unless acknowledged or resolved first.
        attempts (int):
        detected_at (datetime.datetime):
        failure_rate (float): Failures ÷ attempts in the window, 0–1.
        failures (int):
        id (UUID):
        kind (AlertKind):
        source (str): The IP or BIN as it is, a device or account id masked, `all attempts` for the tenant.
        source_kind (SourceKind): What a card-testing count is kept for.
        status (AlertStatus):
        window (str): The window whose counts crossed the thresholds: `10m`, `1h` or `24h`. Example: 1h.
        acknowledged_at (datetime.datetime | None | Unset):
        acknowledged_by (None | str | Unset):
        resolved_at (datetime.datetime | None | Unset):
        resolved_by (None | str | Unset):
    """

    active: bool
    active_until: datetime.datetime
    attempts: int
    detected_at: datetime.datetime
    failure_rate: float
    failures: int
    id: UUID
    kind: AlertKind
    source: str
    source_kind: SourceKind
    status: AlertStatus
    window: str
    acknowledged_at: datetime.datetime | None | Unset = UNSET
    acknowledged_by: None | str | Unset = UNSET
    resolved_at: datetime.datetime | None | Unset = UNSET
    resolved_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        active_until = self.active_until.isoformat()

        attempts = self.attempts

        detected_at = self.detected_at.isoformat()

        failure_rate = self.failure_rate

        failures = self.failures

        id = str(self.id)

        kind = self.kind.value

        source = self.source

        source_kind = self.source_kind.value

        status = self.status.value

        window = self.window

        acknowledged_at: None | str | Unset
        if isinstance(self.acknowledged_at, Unset):
            acknowledged_at = UNSET
        elif isinstance(self.acknowledged_at, datetime.datetime):
            acknowledged_at = self.acknowledged_at.isoformat()
        else:
            acknowledged_at = self.acknowledged_at

        acknowledged_by: None | str | Unset
        if isinstance(self.acknowledged_by, Unset):
            acknowledged_by = UNSET
        else:
            acknowledged_by = self.acknowledged_by

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
                "active": active,
                "active_until": active_until,
                "attempts": attempts,
                "detected_at": detected_at,
                "failure_rate": failure_rate,
                "failures": failures,
                "id": id,
                "kind": kind,
                "source": source,
                "source_kind": source_kind,
                "status": status,
                "window": window,
            }
        )
        if acknowledged_at is not UNSET:
            field_dict["acknowledged_at"] = acknowledged_at
        if acknowledged_by is not UNSET:
            field_dict["acknowledged_by"] = acknowledged_by
        if resolved_at is not UNSET:
            field_dict["resolved_at"] = resolved_at
        if resolved_by is not UNSET:
            field_dict["resolved_by"] = resolved_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        active_until = datetime.datetime.fromisoformat(d.pop("active_until"))

        attempts = d.pop("attempts")

        detected_at = datetime.datetime.fromisoformat(d.pop("detected_at"))

        failure_rate = d.pop("failure_rate")

        failures = d.pop("failures")

        id = UUID(d.pop("id"))

        kind = AlertKind(d.pop("kind"))

        source = d.pop("source")

        source_kind = SourceKind(d.pop("source_kind"))

        status = AlertStatus(d.pop("status"))

        window = d.pop("window")

        def _parse_acknowledged_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acknowledged_at_type_0 = datetime.datetime.fromisoformat(data)

                return acknowledged_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        acknowledged_at = _parse_acknowledged_at(d.pop("acknowledged_at", UNSET))

        def _parse_acknowledged_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acknowledged_by = _parse_acknowledged_by(d.pop("acknowledged_by", UNSET))

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

        alert_view = cls(
            active=active,
            active_until=active_until,
            attempts=attempts,
            detected_at=detected_at,
            failure_rate=failure_rate,
            failures=failures,
            id=id,
            kind=kind,
            source=source,
            source_kind=source_kind,
            status=status,
            window=window,
            acknowledged_at=acknowledged_at,
            acknowledged_by=acknowledged_by,
            resolved_at=resolved_at,
            resolved_by=resolved_by,
        )

        alert_view.additional_properties = d
        return alert_view

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
