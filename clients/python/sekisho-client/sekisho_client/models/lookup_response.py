from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.identifier_kind import IdentifierKind

if TYPE_CHECKING:
    from ..models.negative_match import NegativeMatch


T = TypeVar("T", bound="LookupResponse")


@_attrs_define
class LookupResponse:
    """
    Attributes:
        checked (list[IdentifierKind]): The identifier kinds that were checked (an IP gives `ip` and `ip_prefix`, an
            address
            `address_delivery_point` and `address_building`, an email `email` and `email_domain`).
        livemode (bool): `false` for a test key's lookup: only the tenant's own test reports (and the test
            values of docs/TESTING.md) were searched.
        matches (list[NegativeMatch]):
    """

    checked: list[IdentifierKind]
    livemode: bool
    matches: list[NegativeMatch]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checked = []
        for checked_item_data in self.checked:
            checked_item = checked_item_data.value
            checked.append(checked_item)

        livemode = self.livemode

        matches = []
        for matches_item_data in self.matches:
            matches_item = matches_item_data.to_dict()
            matches.append(matches_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checked": checked,
                "livemode": livemode,
                "matches": matches,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.negative_match import NegativeMatch  # noqa: PLC0415

        d = dict(src_dict)
        checked = []
        _checked = d.pop("checked")
        for checked_item_data in _checked:
            checked_item = IdentifierKind(checked_item_data)

            checked.append(checked_item)

        livemode = d.pop("livemode")

        matches = []
        _matches = d.pop("matches")
        for matches_item_data in _matches:
            matches_item = NegativeMatch.from_dict(matches_item_data)

            matches.append(matches_item)

        lookup_response = cls(
            checked=checked,
            livemode=livemode,
            matches=matches,
        )

        lookup_response.additional_properties = d
        return lookup_response

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
