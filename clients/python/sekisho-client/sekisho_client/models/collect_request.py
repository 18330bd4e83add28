from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.screen import Screen


T = TypeVar("T", bound="CollectRequest")


@_attrs_define
class CollectRequest:
    """What the script posts to `/v1/device-tag/collect`. Every signal is optional; within the
    API's generic limits (unknown fields, control characters and strings or arrays beyond the
    limits of docs/API.md are refused), whatever is too long or malformed for a signal is
    dropped rather than refused, since browsers vary.

        Attributes:
            key (str): The tenant's publishable tag key (`pk_live_…`).
            profile_id (str): The random id the script keeps in this browser profile.
            hardware_concurrency (int | None | Unset):
            hints (list[str] | Unset): Headless hints the script found (see docs/DEVICE-TAG.md for the list).
            languages (list[str] | Unset):
            max_touch_points (int | None | Unset):
            screen (None | Screen | Unset):
            timezone (None | str | Unset): IANA time zone, e.g. `Asia/Tokyo`.
            user_agent (None | str | Unset):
            webdriver (bool | Unset): `navigator.webdriver`.
    """

    key: str
    profile_id: str
    hardware_concurrency: int | None | Unset = UNSET
    hints: list[str] | Unset = UNSET
    languages: list[str] | Unset = UNSET
    max_touch_points: int | None | Unset = UNSET
    screen: None | Screen | Unset = UNSET
    timezone: None | str | Unset = UNSET
    user_agent: None | str | Unset = UNSET
    webdriver: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.screen import Screen  # noqa: PLC0415

        key = self.key

        profile_id = self.profile_id

        hardware_concurrency: int | None | Unset
        if isinstance(self.hardware_concurrency, Unset):
            hardware_concurrency = UNSET
        else:
            hardware_concurrency = self.hardware_concurrency

        hints: list[str] | Unset = UNSET
        if not isinstance(self.hints, Unset):
            hints = self.hints

        languages: list[str] | Unset = UNSET
        if not isinstance(self.languages, Unset):
            languages = self.languages

        max_touch_points: int | None | Unset
        if isinstance(self.max_touch_points, Unset):
            max_touch_points = UNSET
        else:
            max_touch_points = self.max_touch_points

        screen: dict[str, Any] | None | Unset
        if isinstance(self.screen, Unset):
            screen = UNSET
        elif isinstance(self.screen, Screen):
            screen = self.screen.to_dict()
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

        webdriver = self.webdriver

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "key": key,
                "profile_id": profile_id,
            }
        )
        if hardware_concurrency is not UNSET:
            field_dict["hardware_concurrency"] = hardware_concurrency
        if hints is not UNSET:
            field_dict["hints"] = hints
        if languages is not UNSET:
            field_dict["languages"] = languages
        if max_touch_points is not UNSET:
            field_dict["max_touch_points"] = max_touch_points
        if screen is not UNSET:
            field_dict["screen"] = screen
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent
        if webdriver is not UNSET:
            field_dict["webdriver"] = webdriver

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.screen import Screen  # noqa: PLC0415

        d = dict(src_dict)
        key = d.pop("key")

        profile_id = d.pop("profile_id")

        def _parse_hardware_concurrency(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        hardware_concurrency = _parse_hardware_concurrency(d.pop("hardware_concurrency", UNSET))

        hints = cast(list[str], d.pop("hints", UNSET))

        languages = cast(list[str], d.pop("languages", UNSET))

        def _parse_max_touch_points(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_touch_points = _parse_max_touch_points(d.pop("max_touch_points", UNSET))

        def _parse_screen(data: object) -> None | Screen | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                screen_type_0 = Screen.from_dict(data)

                return screen_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Screen | Unset, data)

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

        webdriver = d.pop("webdriver", UNSET)

        collect_request = cls(
            key=key,
            profile_id=profile_id,
            hardware_concurrency=hardware_concurrency,
            hints=hints,
            languages=languages,
            max_touch_points=max_touch_points,
            screen=screen,
            timezone=timezone,
            user_agent=user_agent,
            webdriver=webdriver,
        )

        return collect_request
