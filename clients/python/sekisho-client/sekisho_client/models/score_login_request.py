from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScoreLoginRequest")


@_attrs_define
class ScoreLoginRequest:
    """
    Attributes:
        account_id (str): The merchant's own id of the account being logged into (1–200 characters). Stored only
            as a keyed fingerprint. Example: member-10293.
        ip (str): The customer's IP address. Example: 203.0.113.45.
        success (bool): Whether the password (or other credential) was right.
        device_id (None | str | Unset): The device tag's token or the merchant's own device id.
        occurred_at (datetime.datetime | None | Unset): When the login happened (default: now).
        user_agent (None | str | Unset):
    """

    account_id: str
    ip: str
    success: bool
    device_id: None | str | Unset = UNSET
    occurred_at: datetime.datetime | None | Unset = UNSET
    user_agent: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        ip = self.ip

        success = self.success

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        occurred_at: None | str | Unset
        if isinstance(self.occurred_at, Unset):
            occurred_at = UNSET
        elif isinstance(self.occurred_at, datetime.datetime):
            occurred_at = self.occurred_at.isoformat()
        else:
            occurred_at = self.occurred_at

        user_agent: None | str | Unset
        if isinstance(self.user_agent, Unset):
            user_agent = UNSET
        else:
            user_agent = self.user_agent

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "account_id": account_id,
                "ip": ip,
                "success": success,
            }
        )
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if occurred_at is not UNSET:
            field_dict["occurred_at"] = occurred_at
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        ip = d.pop("ip")

        success = d.pop("success")

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("device_id", UNSET))

        def _parse_occurred_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_at_type_0 = datetime.datetime.fromisoformat(data)

                return occurred_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        occurred_at = _parse_occurred_at(d.pop("occurred_at", UNSET))

        def _parse_user_agent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_agent = _parse_user_agent(d.pop("user_agent", UNSET))

        score_login_request = cls(
            account_id=account_id,
            ip=ip,
            success=success,
            device_id=device_id,
            occurred_at=occurred_at,
            user_agent=user_agent,
        )

        return score_login_request
