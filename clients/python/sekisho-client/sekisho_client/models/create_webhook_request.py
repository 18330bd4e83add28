from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateWebhookRequest")


@_attrs_define
class CreateWebhookRequest:
    """
    Attributes:
        url (str): Where to POST events: `https://…` (plain `http://` only to localhost, and only when the
            operator allows insecure webhooks). Example: https://shop.example.jp/hooks/sekisho.
        events (list[str] | Unset): Event types to receive (`review.decided`, `order.consortium_match`); omitted or
            empty:
            every event.
    """

    url: str
    events: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = self.events

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if events is not UNSET:
            field_dict["events"] = events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        events = cast(list[str], d.pop("events", UNSET))

        create_webhook_request = cls(
            url=url,
            events=events,
        )

        return create_webhook_request
