from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.review_decision import ReviewDecision
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReviewRequest")


@_attrs_define
class ReviewRequest:
    """
    Attributes:
        decision (ReviewDecision):
        confirmed_fraud (bool | None | Unset): For a rejection: confirmed fraud (default true), reported to the
            consortium when the
            tenant contributes. False for a rejection on other grounds.
        note (None | str | Unset):
    """

    decision: ReviewDecision
    confirmed_fraud: bool | None | Unset = UNSET
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        confirmed_fraud: bool | None | Unset
        if isinstance(self.confirmed_fraud, Unset):
            confirmed_fraud = UNSET
        else:
            confirmed_fraud = self.confirmed_fraud

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
            }
        )
        if confirmed_fraud is not UNSET:
            field_dict["confirmed_fraud"] = confirmed_fraud
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decision = ReviewDecision(d.pop("decision"))

        def _parse_confirmed_fraud(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        confirmed_fraud = _parse_confirmed_fraud(d.pop("confirmed_fraud", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        review_request = cls(
            decision=decision,
            confirmed_fraud=confirmed_fraud,
            note=note,
        )

        return review_request
