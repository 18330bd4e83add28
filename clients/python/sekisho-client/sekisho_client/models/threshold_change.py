from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ThresholdChange")


@_attrs_define
class ThresholdChange:
    """
    Attributes:
        currency (str):  Example: JPY.
        monthly_amount (float): The monthly amount in the currency's usual notation. Example: 500000.
    """

    currency: str
    monthly_amount: float

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        monthly_amount = self.monthly_amount

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "monthly_amount": monthly_amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        monthly_amount = d.pop("monthly_amount")

        threshold_change = cls(
            currency=currency,
            monthly_amount=monthly_amount,
        )

        return threshold_change
