from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CardDetails")


@_attrs_define
class CardDetails:
    """A card as requests send it. Give `number`, or `fingerprint` with its `provider` (and
    preferably `bin` and `last4`).

        Attributes:
            bin_ (None | str | Unset): Without the number: the first 6–8 digits…
            expiry (None | str | Unset): `MM/YY`; not stored.
            fingerprint (None | str | Unset): …and the payment provider's card fingerprint or token (a value the provider
                keeps the
                same for one card, e.g. a card fingerprint, not a one-time payment token).
            holder (None | str | Unset): Not stored.
            last4 (None | str | Unset): …the last 4…
            number (None | str | Unset): The full number: fingerprinted in memory and dropped, never stored or logged.
            provider (None | str | Unset): Who issued `fingerprint` (`stripe`, `gmo_pg`, `sbps`, `veritrans`, …; lowercase
                letters,
                digits, `_`, `-`, `.`). Required with `fingerprint` in the consortium: a token matches
                only the same provider's token.
    """

    bin_: None | str | Unset = UNSET
    expiry: None | str | Unset = UNSET
    fingerprint: None | str | Unset = UNSET
    holder: None | str | Unset = UNSET
    last4: None | str | Unset = UNSET
    number: None | str | Unset = UNSET
    provider: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        bin_: None | str | Unset
        if isinstance(self.bin_, Unset):
            bin_ = UNSET
        else:
            bin_ = self.bin_

        expiry: None | str | Unset
        if isinstance(self.expiry, Unset):
            expiry = UNSET
        else:
            expiry = self.expiry

        fingerprint: None | str | Unset
        if isinstance(self.fingerprint, Unset):
            fingerprint = UNSET
        else:
            fingerprint = self.fingerprint

        holder: None | str | Unset
        if isinstance(self.holder, Unset):
            holder = UNSET
        else:
            holder = self.holder

        last4: None | str | Unset
        if isinstance(self.last4, Unset):
            last4 = UNSET
        else:
            last4 = self.last4

        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number

        provider: None | str | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if bin_ is not UNSET:
            field_dict["bin"] = bin_
        if expiry is not UNSET:
            field_dict["expiry"] = expiry
        if fingerprint is not UNSET:
            field_dict["fingerprint"] = fingerprint
        if holder is not UNSET:
            field_dict["holder"] = holder
        if last4 is not UNSET:
            field_dict["last4"] = last4
        if number is not UNSET:
            field_dict["number"] = number
        if provider is not UNSET:
            field_dict["provider"] = provider

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_bin_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bin_ = _parse_bin_(d.pop("bin", UNSET))

        def _parse_expiry(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        expiry = _parse_expiry(d.pop("expiry", UNSET))

        def _parse_fingerprint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fingerprint = _parse_fingerprint(d.pop("fingerprint", UNSET))

        def _parse_holder(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        holder = _parse_holder(d.pop("holder", UNSET))

        def _parse_last4(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last4 = _parse_last4(d.pop("last4", UNSET))

        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))

        def _parse_provider(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        card_details = cls(
            bin_=bin_,
            expiry=expiry,
            fingerprint=fingerprint,
            holder=holder,
            last4=last4,
            number=number,
            provider=provider,
        )

        return card_details
