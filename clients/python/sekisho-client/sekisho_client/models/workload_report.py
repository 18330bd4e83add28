from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reviewer_workload import ReviewerWorkload


T = TypeVar("T", bound="WorkloadReport")


@_attrs_define
class WorkloadReport:
    """
    Attributes:
        automatic_share (float): decided_automatically ÷ orders.
        by_reviewer (list[ReviewerWorkload]):
        decided_automatically (int):
        orders (int):
        queue_size (int): Orders waiting now (in review or held).
        median_seconds_to_decision (int | None | Unset):
        oldest_waiting_seconds (int | None | Unset):
    """

    automatic_share: float
    by_reviewer: list[ReviewerWorkload]
    decided_automatically: int
    orders: int
    queue_size: int
    median_seconds_to_decision: int | None | Unset = UNSET
    oldest_waiting_seconds: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        automatic_share = self.automatic_share

        by_reviewer = []
        for by_reviewer_item_data in self.by_reviewer:
            by_reviewer_item = by_reviewer_item_data.to_dict()
            by_reviewer.append(by_reviewer_item)

        decided_automatically = self.decided_automatically

        orders = self.orders

        queue_size = self.queue_size

        median_seconds_to_decision: int | None | Unset
        if isinstance(self.median_seconds_to_decision, Unset):
            median_seconds_to_decision = UNSET
        else:
            median_seconds_to_decision = self.median_seconds_to_decision

        oldest_waiting_seconds: int | None | Unset
        if isinstance(self.oldest_waiting_seconds, Unset):
            oldest_waiting_seconds = UNSET
        else:
            oldest_waiting_seconds = self.oldest_waiting_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "automatic_share": automatic_share,
                "by_reviewer": by_reviewer,
                "decided_automatically": decided_automatically,
                "orders": orders,
                "queue_size": queue_size,
            }
        )
        if median_seconds_to_decision is not UNSET:
            field_dict["median_seconds_to_decision"] = median_seconds_to_decision
        if oldest_waiting_seconds is not UNSET:
            field_dict["oldest_waiting_seconds"] = oldest_waiting_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reviewer_workload import ReviewerWorkload  # noqa: PLC0415

        d = dict(src_dict)
        automatic_share = d.pop("automatic_share")

        by_reviewer = []
        _by_reviewer = d.pop("by_reviewer")
        for by_reviewer_item_data in _by_reviewer:
            by_reviewer_item = ReviewerWorkload.from_dict(by_reviewer_item_data)

            by_reviewer.append(by_reviewer_item)

        decided_automatically = d.pop("decided_automatically")

        orders = d.pop("orders")

        queue_size = d.pop("queue_size")

        def _parse_median_seconds_to_decision(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        median_seconds_to_decision = _parse_median_seconds_to_decision(d.pop("median_seconds_to_decision", UNSET))

        def _parse_oldest_waiting_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        oldest_waiting_seconds = _parse_oldest_waiting_seconds(d.pop("oldest_waiting_seconds", UNSET))

        workload_report = cls(
            automatic_share=automatic_share,
            by_reviewer=by_reviewer,
            decided_automatically=decided_automatically,
            orders=orders,
            queue_size=queue_size,
            median_seconds_to_decision=median_seconds_to_decision,
            oldest_waiting_seconds=oldest_waiting_seconds,
        )

        workload_report.additional_properties = d
        return workload_report

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
