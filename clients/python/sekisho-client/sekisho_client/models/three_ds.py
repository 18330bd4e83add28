from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.three_ds_status import ThreeDsStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ThreeDs")


@_attrs_define
class ThreeDs:
    """
    Attributes:
        status (ThreeDsStatus):
        eci (None | str | Unset):
        flow (None | str | Unset): `frictionless` or `challenge`.
    """

    status: ThreeDsStatus
    eci: None | str | Unset = UNSET
    flow: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        eci: None | str | Unset
        if isinstance(self.eci, Unset):
            eci = UNSET
        else:
            eci = self.eci

        flow: None | str | Unset
        if isinstance(self.flow, Unset):
            flow = UNSET
        else:
            flow = self.flow

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if eci is not UNSET:
            field_dict["eci"] = eci
        if flow is not UNSET:
            field_dict["flow"] = flow

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = ThreeDsStatus(d.pop("status"))

        def _parse_eci(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        eci = _parse_eci(d.pop("eci", UNSET))

        def _parse_flow(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        flow = _parse_flow(d.pop("flow", UNSET))

        three_ds = cls(
            status=status,
            eci=eci,
            flow=flow,
        )

        return three_ds
