from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RateLimitView")


@_attrs_define
class RateLimitView:
    """
    Attributes:
        effective_requests_per_second (int): The rate that applies: the tenant's own or the default.
        per_replica (int): What each replica allows (`SEKISHO_REPLICAS` of them).
        replicas (int):
        tenant_id (UUID):
        requests_per_second (int | None | Unset): The tenant's own rate; absent when it uses the server's default.
    """

    effective_requests_per_second: int
    per_replica: int
    replicas: int
    tenant_id: UUID
    requests_per_second: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        effective_requests_per_second = self.effective_requests_per_second

        per_replica = self.per_replica

        replicas = self.replicas

        tenant_id = str(self.tenant_id)

        requests_per_second: int | None | Unset
        if isinstance(self.requests_per_second, Unset):
            requests_per_second = UNSET
        else:
            requests_per_second = self.requests_per_second

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "effective_requests_per_second": effective_requests_per_second,
                "per_replica": per_replica,
                "replicas": replicas,
                "tenant_id": tenant_id,
            }
        )
        if requests_per_second is not UNSET:
            field_dict["requests_per_second"] = requests_per_second

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        effective_requests_per_second = d.pop("effective_requests_per_second")

        per_replica = d.pop("per_replica")

        replicas = d.pop("replicas")

        tenant_id = UUID(d.pop("tenant_id"))

        def _parse_requests_per_second(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        requests_per_second = _parse_requests_per_second(d.pop("requests_per_second", UNSET))

        rate_limit_view = cls(
            effective_requests_per_second=effective_requests_per_second,
            per_replica=per_replica,
            replicas=replicas,
            tenant_id=tenant_id,
            requests_per_second=requests_per_second,
        )

        rate_limit_view.additional_properties = d
        return rate_limit_view

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
