from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CustomerDataSettingsView")


@_attrs_define
class CustomerDataSettingsView:
    """
    Attributes:
        api_keys_read_customer_data (bool): Whether the tenant's API keys read the unmasked customer from `GET
            /v1/orders/{id}`
            (each read audited). Default false.
        retention_days (int): Days after scoring that an order keeps the customer's data (1–3650; default 180). A
            scheduled job clears it afterwards. Example: 180.
    """

    api_keys_read_customer_data: bool
    retention_days: int

    def to_dict(self) -> dict[str, Any]:
        api_keys_read_customer_data = self.api_keys_read_customer_data

        retention_days = self.retention_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "api_keys_read_customer_data": api_keys_read_customer_data,
                "retention_days": retention_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_keys_read_customer_data = d.pop("api_keys_read_customer_data")

        retention_days = d.pop("retention_days")

        customer_data_settings_view = cls(
            api_keys_read_customer_data=api_keys_read_customer_data,
            retention_days=retention_days,
        )

        return customer_data_settings_view
