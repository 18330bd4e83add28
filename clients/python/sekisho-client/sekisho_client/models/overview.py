from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.warning_level import WarningLevel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.today_decisions import TodayDecisions


T = TypeVar("T", bound="Overview")


@_attrs_define
class Overview:
    """
    Attributes:
        fraud_exposure_month_minor (int): Fraud so far this month (JPY) and the threshold it is measured against.
        queue_size (int):
        threshold_minor (int):
        today (TodayDecisions):
        warning_level (WarningLevel):
        approval_rate_30d (float | None | Unset): Over the last 30 days; absent without card attempts.
    """

    fraud_exposure_month_minor: int
    queue_size: int
    threshold_minor: int
    today: TodayDecisions
    warning_level: WarningLevel
    approval_rate_30d: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fraud_exposure_month_minor = self.fraud_exposure_month_minor

        queue_size = self.queue_size

        threshold_minor = self.threshold_minor

        today = self.today.to_dict()

        warning_level = self.warning_level.value

        approval_rate_30d: float | None | Unset
        if isinstance(self.approval_rate_30d, Unset):
            approval_rate_30d = UNSET
        else:
            approval_rate_30d = self.approval_rate_30d

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fraud_exposure_month_minor": fraud_exposure_month_minor,
                "queue_size": queue_size,
                "threshold_minor": threshold_minor,
                "today": today,
                "warning_level": warning_level,
            }
        )
        if approval_rate_30d is not UNSET:
            field_dict["approval_rate_30d"] = approval_rate_30d

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.today_decisions import TodayDecisions  # noqa: PLC0415

        d = dict(src_dict)
        fraud_exposure_month_minor = d.pop("fraud_exposure_month_minor")

        queue_size = d.pop("queue_size")

        threshold_minor = d.pop("threshold_minor")

        today = TodayDecisions.from_dict(d.pop("today"))

        warning_level = WarningLevel(d.pop("warning_level"))

        def _parse_approval_rate_30d(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        approval_rate_30d = _parse_approval_rate_30d(d.pop("approval_rate_30d", UNSET))

        overview = cls(
            fraud_exposure_month_minor=fraud_exposure_month_minor,
            queue_size=queue_size,
            threshold_minor=threshold_minor,
            today=today,
            warning_level=warning_level,
            approval_rate_30d=approval_rate_30d,
        )

        overview.additional_properties = d
        return overview

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
