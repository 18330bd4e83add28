from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_decision import OrderDecision

T = TypeVar("T", bound="ChangedOrder")


@_attrs_define
class ChangedOrder:
    """
    Attributes:
        confirmed_fraud (bool): Charged back or rejected as fraud in review.
        from_ (OrderDecision): The outcome of scoring an order (O-PLUX's OK / REVIEW / NG).
        merchant_order_id (str):
        order_id (UUID):
        to (OrderDecision): The outcome of scoring an order (O-PLUX's OK / REVIEW / NG).
    """

    confirmed_fraud: bool
    from_: OrderDecision
    merchant_order_id: str
    order_id: UUID
    to: OrderDecision
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        confirmed_fraud = self.confirmed_fraud

        from_ = self.from_.value

        merchant_order_id = self.merchant_order_id

        order_id = str(self.order_id)

        to = self.to.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "confirmed_fraud": confirmed_fraud,
                "from": from_,
                "merchant_order_id": merchant_order_id,
                "order_id": order_id,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        confirmed_fraud = d.pop("confirmed_fraud")

        from_ = OrderDecision(d.pop("from"))

        merchant_order_id = d.pop("merchant_order_id")

        order_id = UUID(d.pop("order_id"))

        to = OrderDecision(d.pop("to"))

        changed_order = cls(
            confirmed_fraud=confirmed_fraud,
            from_=from_,
            merchant_order_id=merchant_order_id,
            order_id=order_id,
            to=to,
        )

        changed_order.additional_properties = d
        return changed_order

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
