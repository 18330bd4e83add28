from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.order_view import OrderView


T = TypeVar("T", bound="UndoResponse")


@_attrs_define
class UndoResponse:
    """
    Attributes:
        order (OrderView): An order as the dashboard shows it.
        retracted_fraud_report_id (None | Unset | UUID): The consortium report the undone rejection had filed, now
            retracted.
    """

    order: OrderView
    retracted_fraud_report_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order = self.order.to_dict()

        retracted_fraud_report_id: None | str | Unset
        if isinstance(self.retracted_fraud_report_id, Unset):
            retracted_fraud_report_id = UNSET
        elif isinstance(self.retracted_fraud_report_id, UUID):
            retracted_fraud_report_id = str(self.retracted_fraud_report_id)
        else:
            retracted_fraud_report_id = self.retracted_fraud_report_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order": order,
            }
        )
        if retracted_fraud_report_id is not UNSET:
            field_dict["retracted_fraud_report_id"] = retracted_fraud_report_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_view import OrderView  # noqa: PLC0415

        d = dict(src_dict)
        order = OrderView.from_dict(d.pop("order"))

        def _parse_retracted_fraud_report_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                retracted_fraud_report_id_type_0 = UUID(data)

                return retracted_fraud_report_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        retracted_fraud_report_id = _parse_retracted_fraud_report_id(d.pop("retracted_fraud_report_id", UNSET))

        undo_response = cls(
            order=order,
            retracted_fraud_report_id=retracted_fraud_report_id,
        )

        undo_response.additional_properties = d
        return undo_response

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
