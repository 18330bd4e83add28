from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rule import Rule


T = TypeVar("T", bound="BacktestRequest")


@_attrs_define
class BacktestRequest:
    """
    Attributes:
        days (int | None | Unset): Replay orders of the last N days (1–365, default 90).
        reject_at (int | None | Unset):
        review_at (int | None | Unset): The candidate thresholds (default: the current ones).
        rules (list[Rule] | None | Unset): The candidate rules (default: the current ones). Send the whole rule set.
    """

    days: int | None | Unset = UNSET
    reject_at: int | None | Unset = UNSET
    review_at: int | None | Unset = UNSET
    rules: list[Rule] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        days: int | None | Unset
        if isinstance(self.days, Unset):
            days = UNSET
        else:
            days = self.days

        reject_at: int | None | Unset
        if isinstance(self.reject_at, Unset):
            reject_at = UNSET
        else:
            reject_at = self.reject_at

        review_at: int | None | Unset
        if isinstance(self.review_at, Unset):
            review_at = UNSET
        else:
            review_at = self.review_at

        rules: list[dict[str, Any]] | None | Unset
        if isinstance(self.rules, Unset):
            rules = UNSET
        elif isinstance(self.rules, list):
            rules = []
            for rules_type_0_item_data in self.rules:
                rules_type_0_item = rules_type_0_item_data.to_dict()
                rules.append(rules_type_0_item)

        else:
            rules = self.rules

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if days is not UNSET:
            field_dict["days"] = days
        if reject_at is not UNSET:
            field_dict["reject_at"] = reject_at
        if review_at is not UNSET:
            field_dict["review_at"] = review_at
        if rules is not UNSET:
            field_dict["rules"] = rules

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule import Rule  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        days = _parse_days(d.pop("days", UNSET))

        def _parse_reject_at(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        reject_at = _parse_reject_at(d.pop("reject_at", UNSET))

        def _parse_review_at(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        review_at = _parse_review_at(d.pop("review_at", UNSET))

        def _parse_rules(data: object) -> list[Rule] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rules_type_0 = []
                _rules_type_0 = data
                for rules_type_0_item_data in _rules_type_0:
                    rules_type_0_item = Rule.from_dict(rules_type_0_item_data)

                    rules_type_0.append(rules_type_0_item)

                return rules_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Rule] | None | Unset, data)

        rules = _parse_rules(d.pop("rules", UNSET))

        backtest_request = cls(
            days=days,
            reject_at=reject_at,
            review_at=review_at,
            rules=rules,
        )

        return backtest_request
