from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.loss_part import LossPart


T = TypeVar("T", bound="ExposureBreakdown")


@_attrs_define
class ExposureBreakdown:
    """What the month's card-fraud figure consists of.

    Attributes:
        chargebacks (LossPart): One source of losses in a month: how much and how many (each loss once).
        manual_reports (LossPart): One source of losses in a month: how much and how many (each loss once).
    """

    chargebacks: LossPart
    manual_reports: LossPart
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chargebacks = self.chargebacks.to_dict()

        manual_reports = self.manual_reports.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "chargebacks": chargebacks,
                "manual_reports": manual_reports,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.loss_part import LossPart  # noqa: PLC0415

        d = dict(src_dict)
        chargebacks = LossPart.from_dict(d.pop("chargebacks"))

        manual_reports = LossPart.from_dict(d.pop("manual_reports"))

        exposure_breakdown = cls(
            chargebacks=chargebacks,
            manual_reports=manual_reports,
        )

        exposure_breakdown.additional_properties = d
        return exposure_breakdown

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
