from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Participation")


@_attrs_define
class Participation:
    """
    Attributes:
        consumes (bool): Use the other members' reports in lookups and scoring.
        contributes (bool): Share this tenant's reports with the other members (they stay usable by the tenant
            itself either way).
    """

    consumes: bool
    contributes: bool

    def to_dict(self) -> dict[str, Any]:
        consumes = self.consumes

        contributes = self.contributes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "consumes": consumes,
                "contributes": contributes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        consumes = d.pop("consumes")

        contributes = d.pop("contributes")

        participation = cls(
            consumes=consumes,
            contributes=contributes,
        )

        return participation
