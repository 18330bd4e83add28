from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.approval_rate_row import ApprovalRateRow


T = TypeVar("T", bound="ApprovalRateReport")


@_attrs_define
class ApprovalRateReport:
    """
    Attributes:
        from_ (datetime.datetime):
        rows (list[ApprovalRateRow]):
        to (datetime.datetime):
        total (ApprovalRateRow):
        comparison (ApprovalRateRow | None | Unset):
    """

    from_: datetime.datetime
    rows: list[ApprovalRateRow]
    to: datetime.datetime
    total: ApprovalRateRow
    comparison: ApprovalRateRow | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.approval_rate_row import ApprovalRateRow  # noqa: PLC0415

        from_ = self.from_.isoformat()

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        to = self.to.isoformat()

        total = self.total.to_dict()

        comparison: dict[str, Any] | None | Unset
        if isinstance(self.comparison, Unset):
            comparison = UNSET
        elif isinstance(self.comparison, ApprovalRateRow):
            comparison = self.comparison.to_dict()
        else:
            comparison = self.comparison

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "rows": rows,
                "to": to,
                "total": total,
            }
        )
        if comparison is not UNSET:
            field_dict["comparison"] = comparison

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.approval_rate_row import ApprovalRateRow  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = ApprovalRateRow.from_dict(rows_item_data)

            rows.append(rows_item)

        to = datetime.datetime.fromisoformat(d.pop("to"))

        total = ApprovalRateRow.from_dict(d.pop("total"))

        def _parse_comparison(data: object) -> ApprovalRateRow | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                comparison_type_0 = ApprovalRateRow.from_dict(data)

                return comparison_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApprovalRateRow | None | Unset, data)

        comparison = _parse_comparison(d.pop("comparison", UNSET))

        approval_rate_report = cls(
            from_=from_,
            rows=rows,
            to=to,
            total=total,
            comparison=comparison,
        )

        approval_rate_report.additional_properties = d
        return approval_rate_report

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
