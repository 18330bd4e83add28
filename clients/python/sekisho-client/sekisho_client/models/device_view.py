from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeviceView")


@_attrs_define
class DeviceView:
    """What the device tag saw of one device.

    Attributes:
        automation (bool): Whether any report showed browser automation or a headless browser.
        automation_hints (list[str]): Every automation hint seen, e.g. `webdriver`, `headless_user_agent`.
        device_id (str):
        first_seen_at (datetime.datetime):
        languages (list[str]):
        last_seen_at (datetime.datetime):
        sightings (int): Reports from the tag, including the first.
        hardware_concurrency (int | None | Unset):
        max_touch_points (int | None | Unset):
        screen (None | str | Unset): `<width>x<height>x<colour depth>`.
        timezone (None | str | Unset):
        user_agent (None | str | Unset): Of the latest report.
    """

    automation: bool
    automation_hints: list[str]
    device_id: str
    first_seen_at: datetime.datetime
    languages: list[str]
    last_seen_at: datetime.datetime
    sightings: int
    hardware_concurrency: int | None | Unset = UNSET
    max_touch_points: int | None | Unset = UNSET
    screen: None | str | Unset = UNSET
    timezone: None | str | Unset = UNSET
    user_agent: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        automation = self.automation

        automation_hints = self.automation_hints

        device_id = self.device_id

        first_seen_at = self.first_seen_at.isoformat()

        languages = self.languages

        last_seen_at = self.last_seen_at.isoformat()

        sightings = self.sightings

        hardware_concurrency: int | None | Unset
        if isinstance(self.hardware_concurrency, Unset):
            hardware_concurrency = UNSET
        else:
            hardware_concurrency = self.hardware_concurrency

        max_touch_points: int | None | Unset
        if isinstance(self.max_touch_points, Unset):
            max_touch_points = UNSET
        else:
            max_touch_points = self.max_touch_points

        screen: None | str | Unset
        if isinstance(self.screen, Unset):
            screen = UNSET
        else:
            screen = self.screen

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        user_agent: None | str | Unset
        if isinstance(self.user_agent, Unset):
            user_agent = UNSET
        else:
            user_agent = self.user_agent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "automation": automation,
                "automation_hints": automation_hints,
                "device_id": device_id,
                "first_seen_at": first_seen_at,
                "languages": languages,
                "last_seen_at": last_seen_at,
                "sightings": sightings,
            }
        )
        if hardware_concurrency is not UNSET:
            field_dict["hardware_concurrency"] = hardware_concurrency
        if max_touch_points is not UNSET:
            field_dict["max_touch_points"] = max_touch_points
        if screen is not UNSET:
            field_dict["screen"] = screen
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        automation = d.pop("automation")

        automation_hints = cast(list[str], d.pop("automation_hints"))

        device_id = d.pop("device_id")

        first_seen_at = datetime.datetime.fromisoformat(d.pop("first_seen_at"))

        languages = cast(list[str], d.pop("languages"))

        last_seen_at = datetime.datetime.fromisoformat(d.pop("last_seen_at"))

        sightings = d.pop("sightings")

        def _parse_hardware_concurrency(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        hardware_concurrency = _parse_hardware_concurrency(d.pop("hardware_concurrency", UNSET))

        def _parse_max_touch_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_touch_points = _parse_max_touch_points(d.pop("max_touch_points", UNSET))

        def _parse_screen(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        screen = _parse_screen(d.pop("screen", UNSET))

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        def _parse_user_agent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_agent = _parse_user_agent(d.pop("user_agent", UNSET))

        device_view = cls(
            automation=automation,
            automation_hints=automation_hints,
            device_id=device_id,
            first_seen_at=first_seen_at,
            languages=languages,
            last_seen_at=last_seen_at,
            sightings=sightings,
            hardware_concurrency=hardware_concurrency,
            max_touch_points=max_touch_points,
            screen=screen,
            timezone=timezone,
            user_agent=user_agent,
        )

        device_view.additional_properties = d
        return device_view

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
