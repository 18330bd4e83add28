from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.warninglist_range_view import WarninglistRangeView
    from ..models.warninglist_value_view import WarninglistValueView


T = TypeVar("T", bound="Warninglist")


@_attrs_define
class Warninglist:
    """
    Attributes:
        ranges (list[WarninglistRangeView]):
        values (list[WarninglistValueView]): Values are kept as fingerprints only; the label says what each is.
    """

    ranges: list[WarninglistRangeView]
    values: list[WarninglistValueView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ranges = []
        for ranges_item_data in self.ranges:
            ranges_item = ranges_item_data.to_dict()
            ranges.append(ranges_item)

        values = []
        for values_item_data in self.values:
            values_item = values_item_data.to_dict()
            values.append(values_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ranges": ranges,
                "values": values,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.warninglist_range_view import WarninglistRangeView  # noqa: PLC0415
        from ..models.warninglist_value_view import WarninglistValueView  # noqa: PLC0415

        d = dict(src_dict)
        ranges = []
        _ranges = d.pop("ranges")
        for ranges_item_data in _ranges:
            ranges_item = WarninglistRangeView.from_dict(ranges_item_data)

            ranges.append(ranges_item)

        values = []
        _values = d.pop("values")
        for values_item_data in _values:
            values_item = WarninglistValueView.from_dict(values_item_data)

            values.append(values_item)

        warninglist = cls(
            ranges=ranges,
            values=values,
        )

        warninglist.additional_properties = d
        return warninglist

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
