from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TagKeyView")


@_attrs_define
class TagKeyView:
    """The tenant's publishable tag key and its embed snippet.

    Attributes:
        created_at (datetime.datetime):
        key (str): Public: it goes in the merchant's HTML as the script's `data-key`. Example:
            pk_live_0123456789abcdef0123456789abcdef.
        script_url (str): Where this server serves the script.
        snippet (str): Ready to paste into checkout and login pages.
    """

    created_at: datetime.datetime
    key: str
    script_url: str
    snippet: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        key = self.key

        script_url = self.script_url

        snippet = self.snippet

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "key": key,
                "script_url": script_url,
                "snippet": snippet,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        key = d.pop("key")

        script_url = d.pop("script_url")

        snippet = d.pop("snippet")

        tag_key_view = cls(
            created_at=created_at,
            key=key,
            script_url=script_url,
            snippet=snippet,
        )

        tag_key_view.additional_properties = d
        return tag_key_view

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
