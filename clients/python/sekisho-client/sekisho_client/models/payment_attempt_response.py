from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_decision import PaymentDecision

if TYPE_CHECKING:
    from ..models.reason import Reason


T = TypeVar("T", bound="PaymentAttemptResponse")


@_attrs_define
class PaymentAttemptResponse:
    """
    Attributes:
        decision (PaymentDecision): A payment attempt's outcome, as for orders: accept, review or reject.
        id (UUID): The stored attempt.
        livemode (bool): `false` for a test key's attempt (docs/TESTING.md).
        reasons (list[Reason]):
        score (int): 0–100.
    """

    decision: PaymentDecision
    id: UUID
    livemode: bool
    reasons: list[Reason]
    score: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        id = str(self.id)

        livemode = self.livemode

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        score = self.score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "id": id,
                "livemode": livemode,
                "reasons": reasons,
                "score": score,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reason import Reason  # noqa: PLC0415

        d = dict(src_dict)
        decision = PaymentDecision(d.pop("decision"))

        id = UUID(d.pop("id"))

        livemode = d.pop("livemode")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = Reason.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        score = d.pop("score")

        payment_attempt_response = cls(
            decision=decision,
            id=id,
            livemode=livemode,
            reasons=reasons,
            score=score,
        )

        payment_attempt_response.additional_properties = d
        return payment_attempt_response

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
