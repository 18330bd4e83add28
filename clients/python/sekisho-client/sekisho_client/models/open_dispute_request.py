from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.identifier_kind import IdentifierKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.raw_identifiers import RawIdentifiers


T = TypeVar("T", bound="OpenDisputeRequest")


@_attrs_define
class OpenDisputeRequest:
    """
    Attributes:
        identifiers (RawIdentifiers): Identifiers as received, every one optional.
        reason (str): Why the entry is thought wrong (e.g. the cardholder's appeal).
        kinds (list[IdentifierKind] | None | Unset): Only these kinds of them (default: every kind they give).
    """

    identifiers: RawIdentifiers
    reason: str
    kinds: list[IdentifierKind] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        identifiers = self.identifiers.to_dict()

        reason = self.reason

        kinds: list[str] | None | Unset
        if isinstance(self.kinds, Unset):
            kinds = UNSET
        elif isinstance(self.kinds, list):
            kinds = []
            for kinds_type_0_item_data in self.kinds:
                kinds_type_0_item = kinds_type_0_item_data.value
                kinds.append(kinds_type_0_item)

        else:
            kinds = self.kinds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "identifiers": identifiers,
                "reason": reason,
            }
        )
        if kinds is not UNSET:
            field_dict["kinds"] = kinds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.raw_identifiers import RawIdentifiers  # noqa: PLC0415

        d = dict(src_dict)
        identifiers = RawIdentifiers.from_dict(d.pop("identifiers"))

        reason = d.pop("reason")

        def _parse_kinds(data: object) -> list[IdentifierKind] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                kinds_type_0 = []
                _kinds_type_0 = data
                for kinds_type_0_item_data in _kinds_type_0:
                    kinds_type_0_item = IdentifierKind(kinds_type_0_item_data)

                    kinds_type_0.append(kinds_type_0_item)

                return kinds_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[IdentifierKind] | None | Unset, data)

        kinds = _parse_kinds(d.pop("kinds", UNSET))

        open_dispute_request = cls(
            identifiers=identifiers,
            reason=reason,
            kinds=kinds,
        )

        return open_dispute_request
