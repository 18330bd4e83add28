from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_decision import OrderDecision
from ..types import UNSET, Unset

T = TypeVar("T", bound="RelatedNode")


@_attrs_define
class RelatedNode:
    """One order of the graph.

    Attributes:
        amount_minor (int):
        currency (str):
        decision (OrderDecision): The outcome of scoring an order (O-PLUX's OK / REVIEW / NG).
        depth (int): 0 for the order asked about, then the hop it was found at.
        merchant_order_id (str):
        order_id (UUID):
        score (int):
        scored_at (datetime.datetime):
        status (str): accepted | in_review | held | rejected
        outcome (None | str | Unset): What happened afterwards, the strongest first: chargeback | refunded | delivered |
            authorization result (approved, declined…); `null` when nothing was reported.
        review_decision (None | str | Unset): The reviewer's decision, when reviewed: accept | reject | hold.
    """

    amount_minor: int
    currency: str
    decision: OrderDecision
    depth: int
    merchant_order_id: str
    order_id: UUID
    score: int
    scored_at: datetime.datetime
    status: str
    outcome: None | str | Unset = UNSET
    review_decision: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        currency = self.currency

        decision = self.decision.value

        depth = self.depth

        merchant_order_id = self.merchant_order_id

        order_id = str(self.order_id)

        score = self.score

        scored_at = self.scored_at.isoformat()

        status = self.status

        outcome: None | str | Unset
        if isinstance(self.outcome, Unset):
            outcome = UNSET
        else:
            outcome = self.outcome

        review_decision: None | str | Unset
        if isinstance(self.review_decision, Unset):
            review_decision = UNSET
        else:
            review_decision = self.review_decision

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "currency": currency,
                "decision": decision,
                "depth": depth,
                "merchant_order_id": merchant_order_id,
                "order_id": order_id,
                "score": score,
                "scored_at": scored_at,
                "status": status,
            }
        )
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if review_decision is not UNSET:
            field_dict["review_decision"] = review_decision

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        currency = d.pop("currency")

        decision = OrderDecision(d.pop("decision"))

        depth = d.pop("depth")

        merchant_order_id = d.pop("merchant_order_id")

        order_id = UUID(d.pop("order_id"))

        score = d.pop("score")

        scored_at = datetime.datetime.fromisoformat(d.pop("scored_at"))

        status = d.pop("status")

        def _parse_outcome(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        outcome = _parse_outcome(d.pop("outcome", UNSET))

        def _parse_review_decision(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        review_decision = _parse_review_decision(d.pop("review_decision", UNSET))

        related_node = cls(
            amount_minor=amount_minor,
            currency=currency,
            decision=decision,
            depth=depth,
            merchant_order_id=merchant_order_id,
            order_id=order_id,
            score=score,
            scored_at=scored_at,
            status=status,
            outcome=outcome,
            review_decision=review_decision,
        )

        related_node.additional_properties = d
        return related_node

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
