from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Screen")


@_attrs_define
class Screen:
    """
    Attributes:
        height (int):
        width (int):
        color_depth (int | None | Unset):
    """

    height: int
    width: int
    color_depth: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        height = self.height

        width = self.width

        color_depth: int | None | Unset
        if isinstance(self.color_depth, Unset):
            color_depth = UNSET
        else:
            color_depth = self.color_depth

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "height": height,
                "width": width,
            }
        )
        if color_depth is not UNSET:
            field_dict["color_depth"] = color_depth

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        height = d.pop("height")

        width = d.pop("width")

        def _parse_color_depth(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        color_depth = _parse_color_depth(d.pop("color_depth", UNSET))

        screen = cls(
            height=height,
            width=width,
            color_depth=color_depth,
        )

        return screen
