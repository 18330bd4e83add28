from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reason_code import ReasonCode
from ..types import UNSET, Unset

T = TypeVar("T", bound="Reason")


@_attrs_define
class Reason:
    """One reason behind a decision.

    Attributes:
        code (ReasonCode):
        message (str): English.
        message_ja (str): Japanese.
        points (int): Points added to the score (negative lowers it).
        detail (Any | Unset): What triggered it, e.g. `{"reporters": 2, "kind": "card"}`; never raw personal data.
    """

    code: ReasonCode
    message: str
    message_ja: str
    points: int
    detail: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        message = self.message

        message_ja = self.message_ja

        points = self.points

        detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "message_ja": message_ja,
                "points": points,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = ReasonCode(d.pop("code"))

        message = d.pop("message")

        message_ja = d.pop("message_ja")

        points = d.pop("points")

        detail = d.pop("detail", UNSET)

        reason = cls(
            code=code,
            message=message,
            message_ja=message_ja,
            points=points,
            detail=detail,
        )

        reason.additional_properties = d
        return reason

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
