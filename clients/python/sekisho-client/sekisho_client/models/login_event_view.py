from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.login_event_view_reasons_item import LoginEventViewReasonsItem


T = TypeVar("T", bound="LoginEventView")


@_attrs_define
class LoginEventView:
    """
    Attributes:
        at (datetime.datetime):
        decision (str): allow | challenge | deny
        id (UUID):
        ip_network (str): The client's network (IPv4 /24, IPv6 /64).
        reasons (list[LoginEventViewReasonsItem]):
        score (int):
        success (bool):
        device_id (None | str | Unset):
        user_agent (None | str | Unset):
    """

    at: datetime.datetime
    decision: str
    id: UUID
    ip_network: str
    reasons: list[LoginEventViewReasonsItem]
    score: int
    success: bool
    device_id: None | str | Unset = UNSET
    user_agent: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        decision = self.decision

        id = str(self.id)

        ip_network = self.ip_network

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        score = self.score

        success = self.success

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        user_agent: None | str | Unset
        if isinstance(self.user_agent, Unset):
            user_agent = UNSET
        else:
            user_agent = self.user_agent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "decision": decision,
                "id": id,
                "ip_network": ip_network,
                "reasons": reasons,
                "score": score,
                "success": success,
            }
        )
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.login_event_view_reasons_item import LoginEventViewReasonsItem  # noqa: PLC0415

        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        decision = d.pop("decision")

        id = UUID(d.pop("id"))

        ip_network = d.pop("ip_network")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = LoginEventViewReasonsItem.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        score = d.pop("score")

        success = d.pop("success")

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("device_id", UNSET))

        def _parse_user_agent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_agent = _parse_user_agent(d.pop("user_agent", UNSET))

        login_event_view = cls(
            at=at,
            decision=decision,
            id=id,
            ip_network=ip_network,
            reasons=reasons,
            score=score,
            success=success,
            device_id=device_id,
            user_agent=user_agent,
        )

        login_event_view.additional_properties = d
        return login_event_view

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
