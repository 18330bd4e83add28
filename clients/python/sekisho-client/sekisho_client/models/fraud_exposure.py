from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.warning_level import WarningLevel

if TYPE_CHECKING:
    from ..models.exposure_month import ExposureMonth


T = TypeVar("T", bound="FraudExposure")


@_attrs_define
class FraudExposure:
    """
    Attributes:
        consecutive_months_over (int):
        currency (str):
        months (list[ExposureMonth]): Oldest first; the current month last.
        threshold_minor (int): The monthly threshold in minor units (¥500,000 by default for JPY).
        warning_level (WarningLevel):
    """

    consecutive_months_over: int
    currency: str
    months: list[ExposureMonth]
    threshold_minor: int
    warning_level: WarningLevel
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consecutive_months_over = self.consecutive_months_over

        currency = self.currency

        months = []
        for months_item_data in self.months:
            months_item = months_item_data.to_dict()
            months.append(months_item)

        threshold_minor = self.threshold_minor

        warning_level = self.warning_level.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consecutive_months_over": consecutive_months_over,
                "currency": currency,
                "months": months,
                "threshold_minor": threshold_minor,
                "warning_level": warning_level,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exposure_month import ExposureMonth  # noqa: PLC0415

        d = dict(src_dict)
        consecutive_months_over = d.pop("consecutive_months_over")

        currency = d.pop("currency")

        months = []
        _months = d.pop("months")
        for months_item_data in _months:
            months_item = ExposureMonth.from_dict(months_item_data)

            months.append(months_item)

        threshold_minor = d.pop("threshold_minor")

        warning_level = WarningLevel(d.pop("warning_level"))

        fraud_exposure = cls(
            consecutive_months_over=consecutive_months_over,
            currency=currency,
            months=months,
            threshold_minor=threshold_minor,
            warning_level=warning_level,
        )

        fraud_exposure.additional_properties = d
        return fraud_exposure

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
