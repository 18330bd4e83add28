from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rule_hits import RuleHits


T = TypeVar("T", bound="ShadowHitsReport")


@_attrs_define
class ShadowHitsReport:
    """How many live orders each passive (shadow) rule matched, by rule id, as the orders
    recorded it when they were scored: what a passive rule would have done had it been active.

        Attributes:
            days (int):
            rules (list[RuleHits]):
    """

    days: int
    rules: list[RuleHits]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "days": days,
                "rules": rules,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_hits import RuleHits  # noqa: PLC0415

        d = dict(src_dict)
        days = d.pop("days")

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = RuleHits.from_dict(rules_item_data)

            rules.append(rules_item)

        shadow_hits_report = cls(
            days=days,
            rules=rules,
        )

        shadow_hits_report.additional_properties = d
        return shadow_hits_report

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
