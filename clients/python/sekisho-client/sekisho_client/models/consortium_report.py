from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.kind_matches import KindMatches


T = TypeVar("T", bound="ConsortiumReport")


@_attrs_define
class ConsortiumReport:
    """
    Attributes:
        matched_by_others_reports (int): …of which matched other members' reports (what the tenant consumed).
        matched_orders (int): Orders with a consortium match.
        matches_by_kind (list[KindMatches]):
        reports_contributed (int): Reports the tenant contributed in the period (not retracted).
        stopped_only_by_consortium (int): Orders flagged only thanks to the consortium: without its points they would
            have been
            accepted under the current review threshold.
    """

    matched_by_others_reports: int
    matched_orders: int
    matches_by_kind: list[KindMatches]
    reports_contributed: int
    stopped_only_by_consortium: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        matched_by_others_reports = self.matched_by_others_reports

        matched_orders = self.matched_orders

        matches_by_kind = []
        for matches_by_kind_item_data in self.matches_by_kind:
            matches_by_kind_item = matches_by_kind_item_data.to_dict()
            matches_by_kind.append(matches_by_kind_item)

        reports_contributed = self.reports_contributed

        stopped_only_by_consortium = self.stopped_only_by_consortium

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "matched_by_others_reports": matched_by_others_reports,
                "matched_orders": matched_orders,
                "matches_by_kind": matches_by_kind,
                "reports_contributed": reports_contributed,
                "stopped_only_by_consortium": stopped_only_by_consortium,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kind_matches import KindMatches  # noqa: PLC0415

        d = dict(src_dict)
        matched_by_others_reports = d.pop("matched_by_others_reports")

        matched_orders = d.pop("matched_orders")

        matches_by_kind = []
        _matches_by_kind = d.pop("matches_by_kind")
        for matches_by_kind_item_data in _matches_by_kind:
            matches_by_kind_item = KindMatches.from_dict(matches_by_kind_item_data)

            matches_by_kind.append(matches_by_kind_item)

        reports_contributed = d.pop("reports_contributed")

        stopped_only_by_consortium = d.pop("stopped_only_by_consortium")

        consortium_report = cls(
            matched_by_others_reports=matched_by_others_reports,
            matched_orders=matched_orders,
            matches_by_kind=matches_by_kind,
            reports_contributed=reports_contributed,
            stopped_only_by_consortium=stopped_only_by_consortium,
        )

        consortium_report.additional_properties = d
        return consortium_report

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
