from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ApprovalRateRow")


@_attrs_define
class ApprovalRateRow:
    """
    Attributes:
        approval_rate (float): approved ÷ attempts (0 when there were none).
        approved (int):
        attempts (int): Attempts that reached the issuer.
        key (str): The group: a day, a week's Monday, a brand, `domestic`/`foreign`, a 3-D Secure flow, a
            decision, or `total`.
        stopped (int): Attempts Sekisho rejected: kept away from the issuer.
    """

    approval_rate: float
    approved: int
    attempts: int
    key: str
    stopped: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approval_rate = self.approval_rate

        approved = self.approved

        attempts = self.attempts

        key = self.key

        stopped = self.stopped

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approval_rate": approval_rate,
                "approved": approved,
                "attempts": attempts,
                "key": key,
                "stopped": stopped,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        approval_rate = d.pop("approval_rate")

        approved = d.pop("approved")

        attempts = d.pop("attempts")

        key = d.pop("key")

        stopped = d.pop("stopped")

        approval_rate_row = cls(
            approval_rate=approval_rate,
            approved=approved,
            attempts=attempts,
            key=key,
            stopped=stopped,
        )

        approval_rate_row.additional_properties = d
        return approval_rate_row

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
