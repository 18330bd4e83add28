from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.identifier_kind import IdentifierKind
from ..models.list_name import ListName
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.raw_identifiers import RawIdentifiers


T = TypeVar("T", bound="NewEntries")


@_attrs_define
class NewEntries:
    """Either one value of a kind (`{"kind": "email", "value": "…"}`) or structured identifiers
    (`{"identifiers": {"address": {…}}}`, every identifier they give is listed).

        Attributes:
            list_ (ListName):
            expires_at (datetime.datetime | None | Unset):
            identifiers (None | RawIdentifiers | Unset):
            kind (IdentifierKind | None | Unset):
            kinds (list[IdentifierKind] | None | Unset): Only these kinds of the structured identifiers.
            note (None | str | Unset):
            value (None | str | Unset):
    """

    list_: ListName
    expires_at: datetime.datetime | None | Unset = UNSET
    identifiers: None | RawIdentifiers | Unset = UNSET
    kind: IdentifierKind | None | Unset = UNSET
    kinds: list[IdentifierKind] | None | Unset = UNSET
    note: None | str | Unset = UNSET
    value: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.raw_identifiers import RawIdentifiers  # noqa: PLC0415

        list_ = self.list_.value

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        identifiers: dict[str, Any] | None | Unset
        if isinstance(self.identifiers, Unset):
            identifiers = UNSET
        elif isinstance(self.identifiers, RawIdentifiers):
            identifiers = self.identifiers.to_dict()
        else:
            identifiers = self.identifiers

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif isinstance(self.kind, IdentifierKind):
            kind = self.kind.value
        else:
            kind = self.kind

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

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        value: None | str | Unset
        if isinstance(self.value, Unset):
            value = UNSET
        else:
            value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "list": list_,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if identifiers is not UNSET:
            field_dict["identifiers"] = identifiers
        if kind is not UNSET:
            field_dict["kind"] = kind
        if kinds is not UNSET:
            field_dict["kinds"] = kinds
        if note is not UNSET:
            field_dict["note"] = note
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.raw_identifiers import RawIdentifiers  # noqa: PLC0415

        d = dict(src_dict)
        list_ = ListName(d.pop("list"))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_identifiers(data: object) -> None | RawIdentifiers | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                identifiers_type_0 = RawIdentifiers.from_dict(data)

                return identifiers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RawIdentifiers | Unset, data)

        identifiers = _parse_identifiers(d.pop("identifiers", UNSET))

        def _parse_kind(data: object) -> IdentifierKind | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_0 = IdentifierKind(data)

                return kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IdentifierKind | None | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))

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

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_value(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        value = _parse_value(d.pop("value", UNSET))

        new_entries = cls(
            list_=list_,
            expires_at=expires_at,
            identifiers=identifiers,
            kind=kind,
            kinds=kinds,
            note=note,
            value=value,
        )

        return new_entries
