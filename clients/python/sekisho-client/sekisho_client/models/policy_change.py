from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rule import Rule


T = TypeVar("T", bound="PolicyChange")


@_attrs_define
class PolicyChange:
    """
    Attributes:
        reject_at (int):
        review_at (int):
        rules (list[Rule] | Unset):
    """

    reject_at: int
    review_at: int
    rules: list[Rule] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reject_at = self.reject_at

        review_at = self.review_at

        rules: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.rules, Unset):
            rules = []
            for rules_item_data in self.rules:
                rules_item = rules_item_data.to_dict()
                rules.append(rules_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reject_at": reject_at,
                "review_at": review_at,
            }
        )
        if rules is not UNSET:
            field_dict["rules"] = rules

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule import Rule  # noqa: PLC0415

        d = dict(src_dict)
        reject_at = d.pop("reject_at")

        review_at = d.pop("review_at")

        _rules = d.pop("rules", UNSET)
        rules: list[Rule] | Unset = UNSET
        if _rules is not UNSET:
            rules = []
            for rules_item_data in _rules:
                rules_item = Rule.from_dict(rules_item_data)

                rules.append(rules_item)

        policy_change = cls(
            reject_at=reject_at,
            review_at=review_at,
            rules=rules,
        )

        return policy_change
