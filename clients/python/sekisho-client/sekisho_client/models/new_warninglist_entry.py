from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.identifier_kind import IdentifierKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="NewWarninglistEntry")


@_attrs_define
class NewWarninglistEntry:
    """Either a value of a kind (`{"kind": "email_domain", "value": "example.co.jp"}`) or a network
    range (`{"range": "100.64.0.0/10"}`), with a label.

        Attributes:
            label (str):
            kind (IdentifierKind | None | Unset):
            range_ (None | str | Unset):
            value (None | str | Unset):
    """

    label: str
    kind: IdentifierKind | None | Unset = UNSET
    range_: None | str | Unset = UNSET
    value: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif isinstance(self.kind, IdentifierKind):
            kind = self.kind.value
        else:
            kind = self.kind

        range_: None | str | Unset
        if isinstance(self.range_, Unset):
            range_ = UNSET
        else:
            range_ = self.range_

        value: None | str | Unset
        if isinstance(self.value, Unset):
            value = UNSET
        else:
            value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "label": label,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if range_ is not UNSET:
            field_dict["range"] = range_
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

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

        def _parse_range_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        range_ = _parse_range_(d.pop("range", UNSET))

        def _parse_value(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        value = _parse_value(d.pop("value", UNSET))

        new_warninglist_entry = cls(
            label=label,
            kind=kind,
            range_=range_,
            value=value,
        )

        return new_warninglist_entry
