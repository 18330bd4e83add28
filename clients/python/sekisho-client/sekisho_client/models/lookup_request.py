from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.raw_identifiers import RawIdentifiers


T = TypeVar("T", bound="LookupRequest")


@_attrs_define
class LookupRequest:
    """
    Attributes:
        identifiers (RawIdentifiers): Identifiers as received, every one optional.
    """

    identifiers: RawIdentifiers

    def to_dict(self) -> dict[str, Any]:
        identifiers = self.identifiers.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "identifiers": identifiers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.raw_identifiers import RawIdentifiers  # noqa: PLC0415

        d = dict(src_dict)
        identifiers = RawIdentifiers.from_dict(d.pop("identifiers"))

        lookup_request = cls(
            identifiers=identifiers,
        )

        return lookup_request
