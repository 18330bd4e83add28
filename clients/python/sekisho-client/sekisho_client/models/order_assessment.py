from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_decision import OrderDecision
from ..models.three_ds_recommendation import ThreeDsRecommendation

if TYPE_CHECKING:
    from ..models.reason import Reason
    from ..models.rule_hit import RuleHit


T = TypeVar("T", bound="OrderAssessment")


@_attrs_define
class OrderAssessment:
    """Sekisho's answer for one order.

    Attributes:
        decision (OrderDecision): The outcome of scoring an order (O-PLUX's OK / REVIEW / NG).
        livemode (bool): `false` for an order scored with a test key (docs/TESTING.md).
        merchant_order_id (str): The merchant's order id.
        order_id (UUID): Sekisho's id of the order.
        policy_version (int): The policy version that decided.
        reasons (list[Reason]): Why, strongest first.
        score (int): 0–100.
        scored_at (datetime.datetime):
        shadow_rules (list[RuleHit]): Passive (shadow) rules that matched: recorded, not applied.
        three_ds (ThreeDsRecommendation):
    """

    decision: OrderDecision
    livemode: bool
    merchant_order_id: str
    order_id: UUID
    policy_version: int
    reasons: list[Reason]
    score: int
    scored_at: datetime.datetime
    shadow_rules: list[RuleHit]
    three_ds: ThreeDsRecommendation
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        livemode = self.livemode

        merchant_order_id = self.merchant_order_id

        order_id = str(self.order_id)

        policy_version = self.policy_version

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        score = self.score

        scored_at = self.scored_at.isoformat()

        shadow_rules = []
        for shadow_rules_item_data in self.shadow_rules:
            shadow_rules_item = shadow_rules_item_data.to_dict()
            shadow_rules.append(shadow_rules_item)

        three_ds = self.three_ds.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "livemode": livemode,
                "merchant_order_id": merchant_order_id,
                "order_id": order_id,
                "policy_version": policy_version,
                "reasons": reasons,
                "score": score,
                "scored_at": scored_at,
                "shadow_rules": shadow_rules,
                "three_ds": three_ds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reason import Reason  # noqa: PLC0415
        from ..models.rule_hit import RuleHit  # noqa: PLC0415

        d = dict(src_dict)
        decision = OrderDecision(d.pop("decision"))

        livemode = d.pop("livemode")

        merchant_order_id = d.pop("merchant_order_id")

        order_id = UUID(d.pop("order_id"))

        policy_version = d.pop("policy_version")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = Reason.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        score = d.pop("score")

        scored_at = datetime.datetime.fromisoformat(d.pop("scored_at"))

        shadow_rules = []
        _shadow_rules = d.pop("shadow_rules")
        for shadow_rules_item_data in _shadow_rules:
            shadow_rules_item = RuleHit.from_dict(shadow_rules_item_data)

            shadow_rules.append(shadow_rules_item)

        three_ds = ThreeDsRecommendation(d.pop("three_ds"))

        order_assessment = cls(
            decision=decision,
            livemode=livemode,
            merchant_order_id=merchant_order_id,
            order_id=order_id,
            policy_version=policy_version,
            reasons=reasons,
            score=score,
            scored_at=scored_at,
            shadow_rules=shadow_rules,
            three_ds=three_ds,
        )

        order_assessment.additional_properties = d
        return order_assessment

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
