from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exposure_breakdown import ExposureBreakdown


T = TypeVar("T", bound="ExposureMonth")


@_attrs_define
class ExposureMonth:
    """
    Attributes:
        breakdown (ExposureBreakdown): What the month's card-fraud figure consists of.
        card_fraud_amount (int): Card fraud actually charged (不正利用額), each loss once, in minor units: the figure held
            against the threshold. `breakdown` says what it consists of.
        fraud_minor (int): The same as `card_fraud_amount` (kept for existing clients).
        month (str): `YYYY-MM` (Japan time).
        never_charged_amount (int): Outside the figure: fraud on orders that were never charged (authorisation declined,
            or
            rejected before a charge).
        other_amount (int): Outside the figure: other payment methods, and resale or other reports not tied to a
            charged card order.
        over_threshold (bool):
        reports (int): Losses counted in the figure.
        unpaid_amount (int): Outside the figure: unpaid deferred payments (後払い未払い), in minor units.
    """

    breakdown: ExposureBreakdown
    card_fraud_amount: int
    fraud_minor: int
    month: str
    never_charged_amount: int
    other_amount: int
    over_threshold: bool
    reports: int
    unpaid_amount: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        breakdown = self.breakdown.to_dict()

        card_fraud_amount = self.card_fraud_amount

        fraud_minor = self.fraud_minor

        month = self.month

        never_charged_amount = self.never_charged_amount

        other_amount = self.other_amount

        over_threshold = self.over_threshold

        reports = self.reports

        unpaid_amount = self.unpaid_amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "breakdown": breakdown,
                "card_fraud_amount": card_fraud_amount,
                "fraud_minor": fraud_minor,
                "month": month,
                "never_charged_amount": never_charged_amount,
                "other_amount": other_amount,
                "over_threshold": over_threshold,
                "reports": reports,
                "unpaid_amount": unpaid_amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exposure_breakdown import ExposureBreakdown  # noqa: PLC0415

        d = dict(src_dict)
        breakdown = ExposureBreakdown.from_dict(d.pop("breakdown"))

        card_fraud_amount = d.pop("card_fraud_amount")

        fraud_minor = d.pop("fraud_minor")

        month = d.pop("month")

        never_charged_amount = d.pop("never_charged_amount")

        other_amount = d.pop("other_amount")

        over_threshold = d.pop("over_threshold")

        reports = d.pop("reports")

        unpaid_amount = d.pop("unpaid_amount")

        exposure_month = cls(
            breakdown=breakdown,
            card_fraud_amount=card_fraud_amount,
            fraud_minor=fraud_minor,
            month=month,
            never_charged_amount=never_charged_amount,
            other_amount=other_amount,
            over_threshold=over_threshold,
            reports=reports,
            unpaid_amount=unpaid_amount,
        )

        exposure_month.additional_properties = d
        return exposure_month

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
