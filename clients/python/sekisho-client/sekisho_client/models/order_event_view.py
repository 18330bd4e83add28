from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.order_event_view_details import OrderEventViewDetails


T = TypeVar("T", bound="OrderEventView")


@_attrs_define
class OrderEventView:
    """
    Attributes:
        actor (str):
        at (datetime.datetime):
        details (OrderEventViewDetails):
        event_type (str): review | authorization | chargeback | chargeback_reversed | refund | delivery
    """

    actor: str
    at: datetime.datetime
    details: OrderEventViewDetails
    event_type: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor

        at = self.at.isoformat()

        details = self.details.to_dict()

        event_type = self.event_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "details": details,
                "event_type": event_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_event_view_details import OrderEventViewDetails  # noqa: PLC0415

        d = dict(src_dict)
        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        details = OrderEventViewDetails.from_dict(d.pop("details"))

        event_type = d.pop("event_type")

        order_event_view = cls(
            actor=actor,
            at=at,
            details=details,
            event_type=event_type,
        )

        order_event_view.additional_properties = d
        return order_event_view

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
