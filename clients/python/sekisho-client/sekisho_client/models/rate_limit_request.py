from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RateLimitRequest")


@_attrs_define
class RateLimitRequest:
    """
    Attributes:
        requests_per_second (int | None | Unset): Requests per second per API key (1–1,000,000); `null` returns to the
            server's default.
    """

    requests_per_second: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        requests_per_second: int | None | Unset
        if isinstance(self.requests_per_second, Unset):
            requests_per_second = UNSET
        else:
            requests_per_second = self.requests_per_second

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if requests_per_second is not UNSET:
            field_dict["requests_per_second"] = requests_per_second

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_requests_per_second(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        requests_per_second = _parse_requests_per_second(d.pop("requests_per_second", UNSET))

        rate_limit_request = cls(
            requests_per_second=requests_per_second,
        )

        return rate_limit_request
