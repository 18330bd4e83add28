from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.warning_level import WarningLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="TenantRow")


@_attrs_define
class TenantRow:
    """
    Attributes:
        consecutive_months_over (int): Of the last three months (this one included), consecutive months over ¥500,000
            ending now
            or last month.
        fraud_exposure_month_minor (int): JPY fraud this month.
        name (str):
        orders_30d (int):
        reports_contributed (int):
        tenant_id (UUID):
        warning_level (WarningLevel):
        approval_rate_30d (float | None | Unset):
    """

    consecutive_months_over: int
    fraud_exposure_month_minor: int
    name: str
    orders_30d: int
    reports_contributed: int
    tenant_id: UUID
    warning_level: WarningLevel
    approval_rate_30d: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consecutive_months_over = self.consecutive_months_over

        fraud_exposure_month_minor = self.fraud_exposure_month_minor

        name = self.name

        orders_30d = self.orders_30d

        reports_contributed = self.reports_contributed

        tenant_id = str(self.tenant_id)

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
                "consecutive_months_over": consecutive_months_over,
                "fraud_exposure_month_minor": fraud_exposure_month_minor,
                "name": name,
                "orders_30d": orders_30d,
                "reports_contributed": reports_contributed,
                "tenant_id": tenant_id,
                "warning_level": warning_level,
            }
        )
        if approval_rate_30d is not UNSET:
            field_dict["approval_rate_30d"] = approval_rate_30d

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consecutive_months_over = d.pop("consecutive_months_over")

        fraud_exposure_month_minor = d.pop("fraud_exposure_month_minor")

        name = d.pop("name")

        orders_30d = d.pop("orders_30d")

        reports_contributed = d.pop("reports_contributed")

        tenant_id = UUID(d.pop("tenant_id"))

        warning_level = WarningLevel(d.pop("warning_level"))

        def _parse_approval_rate_30d(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        approval_rate_30d = _parse_approval_rate_30d(d.pop("approval_rate_30d", UNSET))

        tenant_row = cls(
            consecutive_months_over=consecutive_months_over,
            fraud_exposure_month_minor=fraud_exposure_month_minor,
            name=name,
            orders_30d=orders_30d,
            reports_contributed=reports_contributed,
            tenant_id=tenant_id,
            warning_level=warning_level,
            approval_rate_30d=approval_rate_30d,
        )

        tenant_row.additional_properties = d
        return tenant_row

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
