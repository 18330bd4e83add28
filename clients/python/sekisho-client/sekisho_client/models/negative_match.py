from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.identifier_kind import IdentifierKind

T = TypeVar("T", bound="NegativeMatch")


@_attrs_define
class NegativeMatch:
    """
    Attributes:
        categories (list[str]):
        first_reported_at (datetime.datetime):
        kind (IdentifierKind): What an identifier is; part of every fingerprint, so that one string under two kinds
            never
            matches.
        last_reported_at (datetime.datetime):
        own (bool): Whether the caller itself reported it.
        quorum_met (bool): Whether enough distinct members reported it for the match to block on its own.
        reporters (int): Distinct member tenants that reported it (the caller included). Who they are is never
            disclosed.
        weight (float): 0–1: decays with age (per-kind half-life) and scales with the reporters' trust.
    """

    categories: list[str]
    first_reported_at: datetime.datetime
    kind: IdentifierKind
    last_reported_at: datetime.datetime
    own: bool
    quorum_met: bool
    reporters: int
    weight: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        categories = self.categories

        first_reported_at = self.first_reported_at.isoformat()

        kind = self.kind.value

        last_reported_at = self.last_reported_at.isoformat()

        own = self.own

        quorum_met = self.quorum_met

        reporters = self.reporters

        weight = self.weight

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "categories": categories,
                "first_reported_at": first_reported_at,
                "kind": kind,
                "last_reported_at": last_reported_at,
                "own": own,
                "quorum_met": quorum_met,
                "reporters": reporters,
                "weight": weight,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        categories = cast(list[str], d.pop("categories"))

        first_reported_at = datetime.datetime.fromisoformat(d.pop("first_reported_at"))

        kind = IdentifierKind(d.pop("kind"))

        last_reported_at = datetime.datetime.fromisoformat(d.pop("last_reported_at"))

        own = d.pop("own")

        quorum_met = d.pop("quorum_met")

        reporters = d.pop("reporters")

        weight = d.pop("weight")

        negative_match = cls(
            categories=categories,
            first_reported_at=first_reported_at,
            kind=kind,
            last_reported_at=last_reported_at,
            own=own,
            quorum_met=quorum_met,
            reporters=reporters,
            weight=weight,
        )

        negative_match.additional_properties = d
        return negative_match

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
